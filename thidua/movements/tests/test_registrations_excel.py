"""Excel: the blank template, the registration export, and the all-or-nothing import (real .xlsx
files built with openpyxl and read back)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.movements import registration_excel as excel
from thidua.movements.models import RegistrationLine
from thidua.movements.services import registrations as services

from .test_registrations_support import *  # noqa: F403  (fixtures: make_person, grant, registration)
from .test_registrations_support import YEAR, read_xlsx, xlsx_upload


@pytest.fixture
def staff(registration, make_person, province):
    """People of Sở Y tế and its hospital, and one of the school (another unit)."""
    return type(
        "Staff",
        (),
        dict(
            an=make_person(province.health, "Nguyễn Văn An", birth_date=dt.date(1985, 3, 15)),
            binh=make_person(
                province.health, "Trần Thị Bình", birth_date=dt.date(1990, 9, 2), national_id="001190012345"
            ),
            hoa=make_person(province.hospital, "Lê Thị Hoa", birth_date=dt.date(1988, 1, 20)),
            giao=make_person(province.school, "Phạm Văn Giáo", national_id="001080000001"),
        ),
    )


def _check(registration, rows, **kw):
    return services.registration_import_check(registration=registration, rows=rows, **kw)


def _rows(upload):
    return excel.read_rows(upload)


# --- reading a file ------------------------------------------------------------------------------


def test_rows_are_read_with_dates_codes_and_cccd_as_text(staff):
    upload = xlsx_upload(
        [
            [1, "Cá nhân", 125, "Nguyễn Văn An", dt.date(1985, 3, 15), 1190012345, None, "LDTT", None],
            [None, None, None, None, None, None, None, None, None],
            [3, "Tập thể", None, None, None, None, "BVDK", "Tập thể lao động xuất sắc", "Ghi   chú"],
        ]
    )
    rows = _rows(upload)
    assert [r.row for r in rows] == [2, 4]
    first, second = rows
    assert (first.kind_text, first.person_code, first.birth_text) == ("Cá nhân", "125", "15/03/1985")
    assert first.national_id == "001190012345"  # leading zeros a number cell lost
    assert (second.unit_code, second.award_text, second.note) == ("BVDK", "Tập thể lao động xuất sắc", "Ghi chú")


def test_a_file_that_is_not_a_real_xlsx_is_refused(staff):
    fake = SimpleUploadedFile("dang-ky.xlsx", b"Ho va ten;Danh hieu\nAn;LDTT\n", content_type="text/csv")
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(fake)
    assert "Tệp phải là Excel (.xlsx)" in exc.value.messages[0]  # the one content check (core.uploads)


def test_a_file_over_5_mb_is_refused(staff):
    big = SimpleUploadedFile("dang-ky.xlsx", b"PK" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(big)
    assert exc.value.messages == ["Tệp quá lớn: dung lượng tối đa cho phép là 5 MB."]


def test_a_file_with_another_header_is_refused(staff):
    upload = xlsx_upload([["An", "LDTT"]], headers=["Họ và tên", "Danh hiệu"])
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(upload)
    assert "Dòng tiêu đề không đúng mẫu" in exc.value.messages[0]


def test_a_file_without_data_rows_is_refused(staff):
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(xlsx_upload([]))
    assert exc.value.messages == ["Tệp không có dòng đăng ký nào (ngoài dòng tiêu đề)."]


# --- checking and importing ---------------------------------------------------------------------------


def _good_rows(staff):
    return [
        [1, "Cá nhân", staff.an.pk, "Nguyễn Văn An", None, None, None, "LDTT", None],
        [2, "Cá nhân", staff.an.pk, None, None, None, None, "Chiến sĩ thi đua cơ sở", "Sáng kiến 2026"],
        [3, "Cá nhân", None, "Tran Thi Binh", None, "001190012345", None, "lao dong tien tien", None],
        [4, "cá nhân", None, "Lê Thị Hoa", "20/01/1988", None, None, "LDTT", None],
        [5, "Tập thể", None, None, None, None, "bvdk", "TTLDXS", None],
        [6, "Tập thể", None, "Sở Y tế", None, None, None, "Tập thể lao động tiên tiến", None],
    ]


def test_a_valid_file_adds_every_line_with_one_audit_event(registration, unit_officer, staff, province):
    rows = _rows(xlsx_upload(_good_rows(staff)))
    report = _check(registration, rows)
    assert report.ok, [(r.row, r.errors) for r in report.rows]
    lines = services.registration_import(actor=unit_officer, registration=registration, rows=rows, filename="a.xlsx")
    assert len(lines) == 6
    got = {(ln.person_id or ln.unit_id, ln.award_type.code) for ln in registration.lines.select_related("award_type")}
    assert got == {
        (staff.an.pk, "LDTT"),
        (staff.an.pk, "CSTDCS"),
        (staff.binh.pk, "LDTT"),
        (staff.hoa.pk, "LDTT"),
        (province.hospital.pk, "TTLDXS"),
        (province.health.pk, "TTLDTT"),
    }
    event = AuditEvent.objects.get(action="registration.import")
    assert event.summary == f"Nhập 6 dòng đăng ký từ tệp Excel “a.xlsx” vào bản đăng ký thi đua năm {YEAR} của Sở Y tế"


def test_one_wrong_row_saves_nothing_and_the_report_names_each_row(registration, unit_officer, staff):
    rows = _rows(
        xlsx_upload(
            [
                *_good_rows(staff),
                [7, "Cá nhân", staff.giao.pk, None, None, None, None, "LDTT", None],  # another unit
                [8, "Cá nhân", None, None, None, "001080000001", None, "LDTT", None],  # another unit, by CCCD
                [9, "Cá nhân", staff.an.pk, None, None, None, None, "TTLDXS", None],  # wrong kind
                [10, "Tập thể", None, None, None, None, "BVDK", "Huân chương Lao động hạng Ba (tập thể)", None],
                [11, "Cá nhân", staff.an.pk, None, None, None, None, "LDTT", None],  # same as row 2
                [12, "", staff.an.pk, None, None, None, None, "LDTT", None],
                [13, "Cá nhân", None, "Người Không Có", None, None, None, "Danh hiệu lạ", None],
                [14, "Tập thể", None, None, None, None, "THPT1", "TTLDTT", None],
                [15, "Cá nhân", None, "Nguyễn Văn An", "31/02/1985", None, None, "LDTT", None],
                [16, "Cá nhân", staff.an.pk, "Nguyễn Văn Bê", None, None, None, "BK_TINH", None],
            ]
        )
    )
    with pytest.raises(services.ImportRejected) as exc:
        services.registration_import(actor=unit_officer, registration=registration, rows=rows)
    assert not RegistrationLine.objects.exists()
    assert not AuditEvent.objects.filter(action="registration.import").exists()
    report = exc.value.report
    errors = {r.row: " ".join(r.errors) for r in report.rows if r.errors}
    assert set(errors) == {8, 9, 10, 11, 12, 13, 14, 15, 16, 17}
    assert f"Không tìm thấy cá nhân mã “{staff.giao.pk}” trong Sở Y tế và các đơn vị trực thuộc." in errors[8]
    assert "Không tìm thấy cá nhân có số CCCD “001080000001”" in errors[9]
    assert "chỉ xét cho tập thể, không đăng ký cho cá nhân" in errors[10]
    assert "không thuộc danh mục được đăng ký thi đua" in errors[11]
    assert "trùng với dòng 2 trong tệp" in errors[12]
    assert "Thiếu đối tượng" in errors[13]
    assert "Không tìm thấy cá nhân “Người Không Có”" in errors[14] and "Không có danh hiệu “Danh hiệu lạ”" in errors[14]
    assert "Không có đơn vị mã “THPT1” trong Sở Y tế và các đơn vị trực thuộc." in errors[15]
    assert "Ngày sinh “31/02/1985” không đúng định dạng dd/mm/yyyy." in errors[16]
    assert "không khớp" in errors[17]
    assert report.error_count == 10


def test_a_line_already_in_the_registration_is_a_row_error(registration, unit_officer, staff):
    services.registration_line_add(actor=unit_officer, registration=registration, subject=staff.an, award_type="LDTT")
    rows = _rows(xlsx_upload(_good_rows(staff)))
    report = _check(registration, rows)
    assert [r.row for r in report.rows if r.errors] == [2]
    assert "đã đăng ký “Lao động tiên tiến” trong bản đăng ký này" in report.rows[0].errors[0]


def test_replacing_swaps_the_whole_list(registration, unit_officer, staff):
    services.registration_line_add(actor=unit_officer, registration=registration, subject=staff.an, award_type="LDTT")
    services.registration_line_add(
        actor=unit_officer, registration=registration, subject=staff.hoa, award_type="BK_TINH"
    )
    rows = _rows(xlsx_upload(_good_rows(staff)))
    report = _check(registration, rows, replace=True)
    assert report.ok and report.replaced == 2
    services.registration_import(actor=unit_officer, registration=registration, rows=rows, replace=True)
    assert registration.lines.count() == 6
    assert not registration.lines.filter(award_type__code="BK_TINH").exists()
    assert "(thay thế 2 dòng trước đó)" in AuditEvent.objects.get(action="registration.import").summary


def test_two_people_with_the_same_name_need_a_birth_date(registration, staff, make_person, province):
    make_person(province.hospital, "Nguyễn Văn An", birth_date=dt.date(1970, 1, 1))
    rows = _rows(xlsx_upload([[1, "Cá nhân", None, "Nguyễn Văn An", None, None, None, "LDTT", None]]))
    report = _check(registration, rows)
    assert "Có 2 cá nhân tên “Nguyễn Văn An”" in report.rows[0].errors[0]
    rows = _rows(xlsx_upload([[1, "Cá nhân", None, "Nguyễn Văn An", "15/03/1985", None, None, "LDTT", None]]))
    report = _check(registration, rows)
    assert report.ok and report.rows[0].subject == staff.an


def test_nothing_is_imported_into_a_submitted_registration(registration, unit_officer, staff):
    services.registration_line_add(actor=unit_officer, registration=registration, subject=staff.an, award_type="LDTT")
    services.registration_submit(actor=unit_officer, registration=registration)
    rows = _rows(xlsx_upload(_good_rows(staff)[2:3]))
    with pytest.raises(services.ImportRejected) as exc:
        services.registration_import(actor=unit_officer, registration=registration, rows=rows)
    assert "Bản đăng ký đã gửi nên không sửa được" in exc.value.report.problems[0]
    assert registration.lines.count() == 1


def test_another_units_officer_cannot_import(registration, other_unit_officer, staff):
    rows = _rows(xlsx_upload(_good_rows(staff)))
    with pytest.raises(PermissionDenied):
        services.registration_import(actor=other_unit_officer, registration=registration, rows=rows)
    assert not RegistrationLine.objects.exists()


# --- template and export ---------------------------------------------------------------------------------


def test_the_blank_template_has_instructions_titles_and_the_units_people(client_for, unit_officer, registration, staff):
    response = client_for(unit_officer).get(reverse("movements:registration_template", args=[registration.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    wb = read_xlsx(response.content)
    assert wb.sheetnames == ["Đăng ký", "Hướng dẫn", "Danh hiệu", "Cá nhân", "Tập thể"]
    assert [c.value for c in wb["Đăng ký"][1]] == excel.IMPORT_HEADERS
    assert wb["Đăng ký"].max_row == 1 or all(c.value is None for c in wb["Đăng ký"][2])
    assert "HƯỚNG DẪN" in wb["Hướng dẫn"]["A3"].value
    titles = {row[0] for row in wb["Danh hiệu"].iter_rows(min_row=2, values_only=True)}
    assert titles == set(services.REGISTRABLE_CODES)
    people = {row[1] for row in wb["Cá nhân"].iter_rows(min_row=2, values_only=True)}
    assert people == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Hoa"}  # not the school's teacher
    units = {row[0] for row in wb["Tập thể"].iter_rows(min_row=2, values_only=True)}
    assert units == {"SYT", "BVDK"}


def test_the_filled_template_imports_back(client_for, unit_officer, registration, staff):
    import io

    response = client_for(unit_officer).get(reverse("movements:registration_template", args=[registration.pk]))
    wb = read_xlsx(response.content)
    ws = wb["Đăng ký"]
    ws.append([1, "Cá nhân", staff.binh.pk, "Trần Thị Bình", None, "001190012345", None, "Lao động tiên tiến", None])
    ws.append([2, "Tập thể", None, None, None, None, "SYT", "Cờ thi đua của Ủy ban nhân dân tỉnh", None])
    out = io.BytesIO()
    wb.save(out)
    rows = excel.read_rows(SimpleUploadedFile("mau.xlsx", out.getvalue()))
    services.registration_import(actor=unit_officer, registration=registration, rows=rows)
    assert registration.lines.count() == 2


def test_the_export_lists_lines_with_flags_and_imports_back_unchanged(
    client_for, unit_officer, registration, staff, province
):
    for subject, code in ((staff.an, "CSTD_TINH"), (staff.binh, "LDTT"), (province.hospital, "TTLDXS")):
        services.registration_line_add(actor=unit_officer, registration=registration, subject=subject, award_type=code)
    response = client_for(unit_officer).get(reverse("movements:registration_export", args=[registration.pk]))
    assert response.status_code == 200
    assert f"dang-ky-thi-dua-{YEAR}-syt.xlsx" in response["Content-Disposition"]
    wb = read_xlsx(response.content)
    ws = wb["Đăng ký"]
    header = [c.value for c in ws[1]]
    assert header == [*excel.IMPORT_HEADERS, *excel.EXPORT_EXTRA]
    data = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(data) == 3
    by_name = {row[3]: row for row in data}
    assert by_name["Nguyễn Văn An"][10] == "Không thể đạt"
    assert f"còn thiếu: Chiến sĩ thi đua cơ sở năm {YEAR - 2}, {YEAR - 1}" in by_name["Nguyễn Văn An"][11]
    assert by_name["Trần Thị Bình"][5] == "001190012345"
    assert by_name["Bệnh viện Đa khoa tỉnh"][6] == "BVDK"
    info = dict(wb["Thông tin"].iter_rows(values_only=True))
    assert info["Tỷ lệ Chiến sĩ thi đua cơ sở"] == "0 / 1 LĐTT = 0,0% — đạt (tối đa 15%)"
    rows = excel.read_rows(SimpleUploadedFile("export.xlsx", response.content))
    report = _check(registration, rows, replace=True)
    assert report.ok and report.replaced == 3
    services.registration_import(actor=unit_officer, registration=registration, rows=rows, replace=True)
    again = {(ln.person_id or ln.unit_id, ln.award_type_id) for ln in registration.lines.all()}
    assert len(again) == 3


# --- the import screens ---------------------------------------------------------------------------------


def test_upload_preview_confirm_saves_the_previewed_rows(client_for, unit_officer, registration, staff):
    client = client_for(unit_officer)
    url = reverse("movements:registration_import", args=[registration.pk])
    response = client.post(url, {"tep": xlsx_upload(_good_rows(staff))})
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:registration_import_preview", args=[registration.pk])
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Tất cả 6 dòng hợp lệ" in preview.content.decode()
    assert not RegistrationLine.objects.exists()  # nothing saved before the confirmation
    token = preview.context["stage"]["token"]
    confirm = client.post(reverse("movements:registration_import_confirm", args=[registration.pk]), {"token": token})
    assert confirm.status_code == 302
    assert registration.lines.count() == 6
    again = client.post(reverse("movements:registration_import_confirm", args=[registration.pk]), {"token": token})
    assert again.status_code == 302 and registration.lines.count() == 6  # a second click adds nothing


def test_a_file_with_errors_shows_the_row_report_and_cannot_be_confirmed(client_for, unit_officer, registration, staff):
    client = client_for(unit_officer)
    rows = [*_good_rows(staff), [7, "Cá nhân", staff.giao.pk, None, None, None, None, "LDTT", None]]
    client.post(reverse("movements:registration_import", args=[registration.pk]), {"tep": xlsx_upload(rows)})
    preview = client.get(reverse("movements:registration_import_preview", args=[registration.pk]))
    html = preview.content.decode()
    assert "Có 1 / 7 dòng không hợp lệ. Chưa lưu dòng nào" in html
    assert f"Dòng 8: Không tìm thấy cá nhân mã “{staff.giao.pk}”" in html
    assert "Xác nhận nhập" not in html
    token = preview.context["stage"]["token"]
    confirm = client.post(reverse("movements:registration_import_confirm", args=[registration.pk]), {"token": token})
    assert confirm.status_code == 400
    assert not RegistrationLine.objects.exists()


def test_uploading_a_non_excel_file_shows_an_error(client_for, unit_officer, registration):
    fake = SimpleUploadedFile("dang-ky.xlsx", b"%PDF-1.4 not a workbook", content_type="application/pdf")
    response = client_for(unit_officer).post(
        reverse("movements:registration_import", args=[registration.pk]), {"tep": fake}
    )
    assert response.status_code == 400
    assert "Tệp phải là Excel (.xlsx)" in response.content.decode()


def test_another_units_officer_cannot_reach_the_import_screens(client_for, other_unit_officer, registration, staff):
    client = client_for(other_unit_officer)
    for name in ("registration_import", "registration_import_preview", "registration_template", "registration_export"):
        assert client.get(reverse(f"movements:{name}", args=[registration.pk])).status_code == 404
    response = client.post(
        reverse("movements:registration_import", args=[registration.pk]), {"tep": xlsx_upload(_good_rows(staff))}
    )
    assert response.status_code == 404
    assert not RegistrationLine.objects.exists()
