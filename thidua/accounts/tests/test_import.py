import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts import services
from thidua.accounts.models import Role, RoleAssignment, User

GOOD_ROWS = [
    ["cb.bvdk", "Đỗ Thị Lan", "lan@bvdk.gov.vn", "BVDK", "Cán bộ TĐKT đơn vị"],
    ["cv.snv2", "Vũ Minh Khoa", "", "snv", "Chuyên viên TĐKT cấp tỉnh"],
    ["ld.syt", "Trịnh Văn Long", "long@syt.gov.vn", "SYT", "LEADER"],
]


def test_a_valid_file_creates_every_account_with_its_role_and_a_password(admin_user, province, make_xlsx):
    created = services.users_import(actor=admin_user, file=make_xlsx(GOOD_ROWS))
    assert [c["username"] for c in created] == ["cb.bvdk", "cv.snv2", "ld.syt"]
    assert all(len(c["password"]) == 12 for c in created)
    assert set(
        RoleAssignment.objects.filter(user__username__in=["cb.bvdk", "cv.snv2", "ld.syt"]).values_list(
            "user__username", "unit__code", "role"
        )
    ) == {
        ("cb.bvdk", "BVDK", Role.UNIT_OFFICER),
        ("cv.snv2", "SNV", Role.PROVINCE_OFFICER),
        ("ld.syt", "SYT", Role.LEADER),
    }
    lan = User.objects.get(username="cb.bvdk")
    assert lan.check_password(created[0]["password"]) and lan.is_active
    assert "do thi lan" in lan.search_text


def test_a_file_with_one_bad_row_creates_nobody_and_the_report_names_the_row_and_the_problem(
    admin_user, province, make_xlsx
):
    rows = [*GOOD_ROWS, ["cb.xa1", "Lý Thị Hoa", "hoa@xa1.gov.vn", "KHONGCO", "Cán bộ TĐKT đơn vị"]]
    before = User.objects.count()
    with pytest.raises(services.ImportRejected) as exc:
        services.users_import(actor=admin_user, file=make_xlsx(rows))
    assert User.objects.count() == before
    report = exc.value.report
    bad = [r for r in report.rows if not r.ok]
    assert [(r.row, r.errors) for r in bad] == [(5, ["Không có đơn vị mã “KHONGCO”."])]
    assert [r.status for r in report.rows] == ["Hợp lệ", "Hợp lệ", "Hợp lệ", "Lỗi"]


def test_every_kind_of_bad_row_is_reported_in_vietnamese(admin_user, unit_officer, province, make_xlsx):
    import datetime as dt

    province.commune2.valid_to = dt.date(2025, 6, 30)
    province.commune2.save()
    rows = [
        ["CB.SYT", "Trùng tài khoản có sẵn", "", "SYT", "Cán bộ TĐKT đơn vị"],
        ["tên có dấu", "Sai định dạng", "", "SYT", "Cán bộ TĐKT đơn vị"],
        ["a.b", "Email sai", "a@", "SYT", "Cán bộ TĐKT đơn vị"],
        ["c.d", "Đơn vị hết hiệu lực", "", "XA2", "Cán bộ TĐKT đơn vị"],
        ["e.f", "Vai trò lạ", "", "SYT", "Giám đốc"],
        ["g.h", "Chuyên viên sai đơn vị", "", "SYT", "Chuyên viên TĐKT cấp tỉnh"],
        ["a.b2", "", "", "", ""],
        ["dup.x", "Lần một", "", "XA1", "Cán bộ TĐKT đơn vị"],
        ["DUP.X", "Lần hai", "", "XA1", "Cán bộ TĐKT đơn vị"],
    ]
    with pytest.raises(services.ImportRejected) as exc:
        services.users_import(actor=admin_user, file=make_xlsx(rows))
    by_row = {r.row: r.errors for r in exc.value.report.rows}
    assert by_row[2] == ["Tên đăng nhập “CB.SYT” đã có người dùng."]
    assert by_row[3] == [services.MSG_USERNAME_FORMAT]
    assert by_row[4] == ["Email “a@” không đúng định dạng."]
    assert by_row[5] == [services.MSG_UNIT_INACTIVE]
    assert by_row[6][0].startswith("Vai trò “Giám đốc” không hợp lệ")
    assert by_row[7] == [services.MSG_PROVINCE_OFFICER]
    assert by_row[8] == ["Thiếu họ và tên.", "Thiếu mã đơn vị.", "Thiếu vai trò."]
    assert by_row[9] == []
    assert by_row[10] == ["Tên đăng nhập “DUP.X” trùng với dòng 9 trong tệp."]
    assert User.objects.filter(username__in=["a.b", "dup.x", "e.f"]).count() == 0


def test_roles_are_recognised_by_code_or_by_label_with_or_without_diacritics(admin_user, province, make_xlsx):
    rows = [
        ["u.one", "Một", "", "SYT", "unit_officer"],
        ["u.two", "Hai", "", "SYT", "can bo tdkt don vi"],
        ["u.three", "Ba", "", "T", "THÀNH VIÊN HỘI ĐỒNG TĐKT"],
    ]
    services.users_import(actor=admin_user, file=make_xlsx(rows))
    assert list(
        RoleAssignment.objects.filter(user__username__startswith="u.")
        .order_by("user__id")
        .values_list("role", flat=True)
    ) == [Role.UNIT_OFFICER, Role.UNIT_OFFICER, Role.COUNCIL_MEMBER]


def test_a_non_xlsx_file_renamed_xlsx_is_rejected(admin_user, province):
    fake = SimpleUploadedFile("danh-sach.xlsx", "Tên đăng nhập,Họ và tên\nabc,Nguyễn Văn A\n".encode())
    with pytest.raises(ValidationError) as exc:
        services.users_import(actor=admin_user, file=fake)
    assert "Tệp phải là Excel (.xlsx)" in exc.value.messages[0]  # the one content check (core.uploads)


def test_a_zip_that_is_not_a_workbook_is_rejected(admin_user, province):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<x/>")
        z.writestr("[Content_Types].xml", "<x/>")
    with pytest.raises(ValidationError) as exc:
        services.users_import(actor=admin_user, file=SimpleUploadedFile("a.xlsx", buf.getvalue()))
    assert "Tệp phải là Excel (.xlsx)" in exc.value.messages[0]  # the one content check (core.uploads)


def test_an_oversized_file_is_rejected(admin_user, province, make_xlsx, settings):
    upload = make_xlsx(GOOD_ROWS)
    settings.THIDUA_MAX_UPLOAD_BYTES = upload.size - 1
    with pytest.raises(ValidationError) as exc:
        services.users_import(actor=admin_user, file=upload)
    assert exc.value.messages[0].startswith("Tệp quá lớn")
    assert not User.objects.filter(username="cb.bvdk").exists()


def test_a_file_with_wrong_headers_is_rejected(admin_user, province, make_xlsx):
    with pytest.raises(ValidationError) as exc:
        services.users_import(actor=admin_user, file=make_xlsx(GOOD_ROWS, headers=["A", "B", "C", "D", "E"]))
    assert exc.value.messages[0].startswith("Dòng tiêu đề không đúng mẫu")


def test_a_file_with_only_headers_is_rejected(admin_user, province, make_xlsx):
    with pytest.raises(ValidationError) as exc:
        services.users_import(actor=admin_user, file=make_xlsx([]))
    assert "không có dòng dữ liệu" in exc.value.messages[0]


def test_the_template_has_the_headers_and_a_valid_example_row(admin_user, province, client_for):
    response = client_for(admin_user).get(reverse("accounts:import_template"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == services.IMPORT_HEADERS
    assert [c.value for c in ws[2]] == services.IMPORT_EXAMPLE
    upload = SimpleUploadedFile("mau.xlsx", response.content)
    created = services.users_import(actor=admin_user, file=upload)
    assert [c["username"] for c in created] == ["nguyenvana.syt"]


# --- the screens: upload → preview → confirm → result ----------------------------------------


def test_import_screens_preview_then_confirm_create_everyone_and_show_passwords_once(
    admin_user, province, make_xlsx, client_for
):
    c = client_for(admin_user)
    response = c.post(reverse("accounts:import_upload"), {"file": make_xlsx(GOOD_ROWS)})
    assert response.status_code == 302 and response.url == reverse("accounts:import_preview")
    assert not User.objects.filter(username="cb.bvdk").exists()  # preview creates nothing
    preview = c.get(response.url)
    assert "Tất cả 3 dòng hợp lệ" in preview.content.decode()
    token = c.session["accounts_import_stage"]["token"]
    done = c.post(reverse("accounts:import_confirm"), {"token": token})
    assert done.status_code == 302 and done.url == reverse("accounts:import_result")
    assert User.objects.filter(username__in=["cb.bvdk", "cv.snv2", "ld.syt"]).count() == 3
    page = c.get(done.url).content.decode()
    lan = User.objects.get(username="cb.bvdk")
    password = c.session["accounts_import_result"]["created"][0]["password"]
    assert password in page and lan.check_password(password)
    sheet = load_workbook(io.BytesIO(c.get(reverse("accounts:import_result_download")).content)).active
    assert [cell.value for cell in sheet[1]][-1] == "Mật khẩu ban đầu"
    assert sheet.cell(row=2, column=1).value == "cb.bvdk" and sheet.cell(row=2, column=7).value == password
    c.post(reverse("accounts:import_finish"))
    assert c.get(reverse("accounts:import_result")).status_code == 302  # passwords forgotten
    # Confirming again (back button, double click) creates nothing more.
    again = c.post(reverse("accounts:import_confirm"), {"token": token})
    assert again.status_code == 302 and again.url == reverse("accounts:import_upload")
    assert User.objects.filter(username="cb.bvdk").count() == 1


def test_import_preview_of_a_bad_file_shows_each_error_and_offers_no_confirmation(
    admin_user, province, make_xlsx, client_for
):
    c = client_for(admin_user)
    rows = [*GOOD_ROWS, ["x.y", "Lỗi", "", "SYT", "Chuyên viên TĐKT cấp tỉnh"]]
    c.post(reverse("accounts:import_upload"), {"file": make_xlsx(rows)})
    page = c.get(reverse("accounts:import_preview")).content.decode()
    assert "Có 1 / 4 dòng không hợp lệ" in page
    assert services.MSG_PROVINCE_OFFICER in page
    assert "Xác nhận tạo tài khoản" not in page
    token = c.session["accounts_import_stage"]["token"]
    response = c.post(reverse("accounts:import_confirm"), {"token": token})
    assert response.status_code == 400
    assert not User.objects.filter(username__in=["cb.bvdk", "x.y"]).exists()


def test_confirmation_revalidates_what_was_previewed(admin_user, province, make_xlsx, client_for):
    c = client_for(admin_user)
    c.post(reverse("accounts:import_upload"), {"file": make_xlsx(GOOD_ROWS)})
    token = c.session["accounts_import_stage"]["token"]
    User.objects.create_user(username="LD.SYT", password="x", full_name="Người khác tạo trước")
    response = c.post(reverse("accounts:import_confirm"), {"token": token})
    assert response.status_code == 400
    assert "Tên đăng nhập “ld.syt” đã có người dùng." in response.content.decode()
    assert not User.objects.filter(username__in=["cb.bvdk", "cv.snv2"]).exists()


def test_confirmation_needs_the_token_of_the_staged_file(admin_user, province, make_xlsx, client_for):
    c = client_for(admin_user)
    c.post(reverse("accounts:import_upload"), {"file": make_xlsx(GOOD_ROWS)})
    response = c.post(reverse("accounts:import_confirm"), {"token": "khac"})
    assert response.status_code == 302
    assert not User.objects.filter(username="cb.bvdk").exists()


def test_upload_screen_rejects_a_renamed_file_with_a_vietnamese_message(admin_user, province, client_for):
    c = client_for(admin_user)
    fake = SimpleUploadedFile("danh-sach.xlsx", b"%PDF-1.4 not a workbook")
    response = c.post(reverse("accounts:import_upload"), {"file": fake})
    assert response.status_code == 200
    assert "Tệp phải là Excel (.xlsx)" in response.content.decode()
    assert "accounts_import_stage" not in c.session
