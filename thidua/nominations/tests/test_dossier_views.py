"""Dossier screens with the personas: who sees and edits what (404 for other units' dossiers), forms with
Vietnamese errors, the subject picker, the live check, uploads, the list's fixed query count, the export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.catalog.models import AwardType
from thidua.nominations.models import Authority, Basis, DocKind, Nomination, NominationDocument, NominationLine, State
from thidua.people.models import Person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name, *args):
    return reverse(f"nominations:{name}", args=args)


@pytest.fixture
def draft(province, make_nomination):
    return make_nomination(province.hospital, title="Đề nghị Bằng khen tỉnh cho Bệnh viện")


@pytest.fixture
def doctor(province, make_person):
    return make_person(province.hospital, "Trần Thị Bích", position="Bác sĩ")


@pytest.fixture
def line(draft, doctor, make_line):
    return make_line(draft, doctor, "BK_TINH", 2024, 2025)


@pytest.fixture
def document(draft, media):
    return NominationDocument.objects.create(
        nomination=draft,
        kind=DocKind.SUBMISSION,
        file=SimpleUploadedFile("to-trinh.pdf", PDF),
        original_name="Tờ trình.pdf",
        file_kind="pdf",
        size=len(PDF),
    )


def dossier_urls(n, line, document):
    return [
        url("nomination_detail", n.pk),
        url("nomination_edit", n.pk),
        url("nomination_delete", n.pk),
        url("line_add", n.pk),
        url("line_edit", n.pk, line.pk),
        url("line_remove", n.pk, line.pk),
        url("person_create_inline", n.pk),
        url("document_add", n.pk),
        url("document_remove", n.pk, document.pk),
        url("document_download", n.pk, document.pk),
        url("subject_search") + f"?ho_so={n.pk}&q=tran",
    ]


# --- who sees what ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client_for, draft):
    client = client_for(None)
    for target in (url("nomination_list"), url("nomination_detail", draft.pk), url("nomination_create")):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_hospital_officer_sees_and_edits_the_hospitals_dossier(client_for, hospital_officer, draft, line, document):
    client = client_for(hospital_officer)
    for target in dossier_urls(draft, line, document):
        assert client.get(target).status_code == 200, target


def test_department_officer_sees_its_hospitals_dossiers(client_for, unit_officer, draft, line, document):
    client = client_for(unit_officer)
    assert draft.code in client.get(url("nomination_list")).text
    page = client.get(url("nomination_detail", draft.pk))
    assert page.status_code == 200 and "Trần Thị Bích" in page.text


def test_other_units_officer_gets_404_everywhere_and_sees_nothing(
    client_for, other_unit_officer, draft, line, document
):
    client = client_for(other_unit_officer)
    for target in dossier_urls(draft, line, document):
        assert client.get(target).status_code == 404, target
    response = client.post(url("line_check", draft.pk), {"subject": f"PERSON:{line.person_id}"})
    assert response.status_code == 404
    listing = client.get(url("nomination_list")).text
    assert draft.code not in listing and "Bệnh viện" not in listing


def test_other_units_officer_cannot_post_to_the_hospitals_dossier(client_for, other_unit_officer, draft, line):
    client = client_for(other_unit_officer)
    assert client.post(url("nomination_delete", draft.pk)).status_code == 404
    assert client.post(url("line_remove", draft.pk, line.pk)).status_code == 404
    assert Nomination.objects.filter(pk=draft.pk).exists() and NominationLine.objects.filter(pk=line.pk).exists()


def test_council_member_sees_only_appraised_dossiers_for_the_province(
    client_for, council_member, province, make_nomination
):
    appraised = make_nomination(province.hospital, submitted=True, title="Hồ sơ đã thẩm định")
    Nomination.objects.filter(pk=appraised.pk).update(state=State.APPRAISED)
    unit_head = make_nomination(province.hospital, authority=Authority.UNIT_HEAD, title="Hồ sơ giấy khen")
    Nomination.objects.filter(pk=unit_head.pk).update(state=State.APPRAISED)
    sent = make_nomination(province.hospital, submitted=True, title="Hồ sơ đang gửi")
    draft = make_nomination(province.hospital, title="Hồ sơ đang soạn")
    client = client_for(council_member)
    listing = client.get(url("nomination_list")).text
    assert appraised.code in listing
    assert unit_head.code not in listing and sent.code not in listing and draft.code not in listing
    assert client.get(url("nomination_detail", appraised.pk)).status_code == 200
    for n in (unit_head, sent, draft):
        assert client.get(url("nomination_detail", n.pk)).status_code == 404


def test_a_sent_dossier_cannot_be_edited_by_its_unit(client_for, hospital_officer, province, make_nomination):
    sent = make_nomination(province.hospital, submitted=True)
    client = client_for(hospital_officer)
    assert client.get(url("nomination_detail", sent.pk)).status_code == 200
    assert client.get(url("nomination_edit", sent.pk)).status_code == 403
    assert client.get(url("line_add", sent.pk)).status_code == 403


# --- the header form ----------------------------------------------------------------------------------


def header(unit, **kw):
    return {
        "proposing_unit": unit.pk,
        "title": "Đề nghị tặng Bằng khen năm 2025",
        "year": 2025,
        "basis": Basis.CONG_TRANG,
        "authority": Authority.PROVINCE_CHAIR,
    } | kw


def test_hospital_officer_creates_a_dossier_for_the_hospital(client_for, hospital_officer, province):
    client = client_for(hospital_officer)
    assert client.get(url("nomination_create")).status_code == 200
    response = client.post(url("nomination_create"), header(province.hospital))
    n = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == url("nomination_detail", n.pk)
    assert n.proposing_unit == province.hospital and n.deciding_unit == province.root


def test_bad_header_shows_vietnamese_errors_and_creates_nothing(client_for, hospital_officer, province):
    response = client_for(hospital_officer).post(
        url("nomination_create"), header(province.hospital, basis=Basis.PHONG_TRAO, simplified="on")
    )
    assert response.status_code == 200
    assert "vui lòng chọn phong trào" in response.text and "Thủ tục đơn giản: vui lòng chọn trường hợp" in response.text
    assert not Nomination.objects.exists()


def test_other_units_officer_cannot_pick_the_hospital(client_for, other_unit_officer, province):
    response = client_for(other_unit_officer).post(url("nomination_create"), header(province.hospital))
    assert response.status_code == 200 and "ngoài phạm vi" in response.text
    assert not Nomination.objects.exists()


def test_choosing_the_movement_basis_redraws_the_form_with_the_movement_select(client_for, hospital_officer, province):
    client = client_for(hospital_officer)
    before = client.get(url("nomination_create")).text
    assert 'name="movement"' not in before
    response = client.post(
        url("nomination_create"),
        header(province.hospital, basis=Basis.PHONG_TRAO, _refresh="1"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'name="movement"' in response.text and "<html" not in response.text
    assert "errorlist" not in response.text and not Nomination.objects.exists()


def test_edit_saves_the_header(client_for, hospital_officer, draft):
    data = header(draft.proposing_unit, title="Trích yếu đã sửa", version=draft.version)
    response = client_for(hospital_officer).post(url("nomination_edit", draft.pk), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Trích yếu đã sửa" and draft.version == 2


def test_edit_from_a_stale_page_is_refused(client_for, hospital_officer, draft):
    Nomination.objects.filter(pk=draft.pk).update(version=5)
    data = header(draft.proposing_unit, title="Trích yếu cũ", version=1)
    response = client_for(hospital_officer).post(url("nomination_edit", draft.pk), data)
    assert response.status_code == 200 and "vừa được người khác cập nhật" in response.text


def test_delete_asks_for_confirmation_then_deletes(client_for, hospital_officer, draft):
    client = client_for(hospital_officer)
    page = client.get(url("nomination_delete", draft.pk))
    assert page.status_code == 200 and "Không thể hoàn tác" in page.text
    assert Nomination.objects.filter(pk=draft.pk).exists()
    assert client.post(url("nomination_delete", draft.pk), {"version": draft.version}).status_code == 302
    assert not Nomination.objects.filter(pk=draft.pk).exists()


# --- the dossier page ---------------------------------------------------------------------------------


def test_detail_shows_lines_checks_requirements_and_route(client_for, hospital_officer, draft, line):
    page = client_for(hospital_officer).get(url("nomination_detail", draft.pk)).text
    assert "Trần Thị Bích" in page and "Bằng khen của Chủ tịch UBND tỉnh" in page
    assert "Tờ trình đề nghị khen thưởng" in page and "Còn thiếu" in page
    assert "chưa xác minh căn cứ" in page  # the achievement report template number is inferred
    assert "Sở Y tế → Sở Nội vụ" in page  # the route the dossier will take


# --- lines --------------------------------------------------------------------------------------------


def line_data(subject_token, **kw):
    return {
        "subject_kind": subject_token.partition(":")[0],
        "subject": subject_token,
        "award_type": AwardType.objects.get(code="BK_TINH").pk,
        "year_from": 2024,
        "year_to": 2025,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ hai năm liền.",
    } | kw


def test_line_is_added_from_the_picked_subject(client_for, hospital_officer, draft, doctor):
    response = client_for(hospital_officer).post(url("line_add", draft.pk), line_data(f"PERSON:{doctor.pk}"))
    line = NominationLine.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#dong-{line.pk}")
    assert line.person == doctor and line.subject_name == "Trần Thị Bích"


def test_a_subject_of_another_unit_cannot_be_smuggled_in(client_for, hospital_officer, draft, province, make_person):
    teacher = make_person(province.school, "Phạm Văn Giáo")
    response = client_for(hospital_officer).post(url("line_add", draft.pk), line_data(f"PERSON:{teacher.pk}"))
    assert response.status_code == 200 and "chọn đối tượng" in response.text
    assert not NominationLine.objects.exists()


def test_subject_search_finds_people_of_the_unit_without_diacritics(
    client_for, hospital_officer, draft, doctor, province, make_person
):
    make_person(province.school, "Trần Thị Bình")
    response = client_for(hospital_officer).get(
        url("subject_search"), {"ho_so": draft.pk, "q": "tran thi", "subject_kind": "PERSON"}
    )
    assert response.status_code == 200
    assert f'value="PERSON:{doctor.pk}"' in response.text and "Trần Thị Bình" not in response.text


def test_subject_search_finds_collectives_of_the_subtree(client_for, unit_officer, province, make_nomination):
    n = make_nomination(province.health)
    response = client_for(unit_officer).get(
        url("subject_search"), {"ho_so": n.pk, "q": "benh vien", "subject_kind": "UNIT"}
    )
    assert f'value="UNIT:{province.hospital.pk}"' in response.text and "Giáo dục" not in response.text


def test_live_check_returns_the_verdict_fragment(client_for, hospital_officer, draft, doctor):
    response = client_for(hospital_officer).post(
        url("line_check", draft.pk), line_data(f"PERSON:{doctor.pk}"), HTTP_HX_REQUEST="true"
    )
    text = response.text
    assert response.status_code == 200 and "<html" not in text and 'id="line-check"' in text
    assert "Kiểm tra tự động: Bằng khen của Chủ tịch UBND tỉnh" in text
    assert "Tài liệu cần có cho dòng này" in text and "Báo cáo thành tích" in text


def test_live_check_flags_a_duplicate_of_an_existing_line(client_for, hospital_officer, draft, doctor, line):
    response = client_for(hospital_officer).post(url("line_check", draft.pk), line_data(f"PERSON:{doctor.pk}"))
    assert "✗" in response.text


def test_live_check_waits_for_subject_and_award(client_for, hospital_officer, draft):
    response = client_for(hospital_officer).post(url("line_check", draft.pk), {"subject_kind": "PERSON"})
    assert "Chọn đối tượng, hình thức" in response.text


def test_returned_line_form_changes_only_the_flagged_field(
    client_for, hospital_officer, province, make_nomination, doctor, make_line
):
    n = make_nomination(province.hospital, state=State.RETURNED)
    line = make_line(n, doctor, "BK_TINH", 2024, 2025, needs_correction=True, correction_fields=["achievement"])
    client = client_for(hospital_officer)
    page = client.get(url("line_edit", n.pk, line.pk)).text
    assert "chỉ được sửa" in page and "disabled" in page
    data = line_data(f"PERSON:{doctor.pk}", award_type=AwardType.objects.get(code="CSTD_TINH").pk, version=1)
    data["achievement"] = "Đã bổ sung số liệu."
    assert client.post(url("line_edit", n.pk, line.pk), data).status_code == 302
    line.refresh_from_db()
    assert line.achievement == "Đã bổ sung số liệu." and line.award_type.code == "BK_TINH"


def test_remove_line_asks_for_confirmation(client_for, hospital_officer, draft, line):
    client = client_for(hospital_officer)
    assert "Bỏ dòng đề nghị?" in client.get(url("line_remove", draft.pk, line.pk)).text
    assert NominationLine.objects.filter(pk=line.pk).exists()
    client.post(url("line_remove", draft.pk, line.pk), {"version": line.version})
    assert not NominationLine.objects.filter(pk=line.pk).exists()


# --- a new person -------------------------------------------------------------------------------------


def person_data(province, **kw):
    return {
        "full_name": "Trần Thị Bích",
        "birth_date": "15/03/1985",
        "sex": "F",
        "employment_type": "PUBLIC_EMPLOYEE",
        "unit": province.hospital.pk,
    } | kw


def test_duplicate_person_needs_the_explicit_confirmation(client_for, hospital_officer, draft, doctor, province):
    client = client_for(hospital_officer)
    response = client.post(url("person_create_inline", draft.pk), person_data(province, full_name="TRAN THI BICH"))
    assert response.status_code == 200 and "Có thể trùng với" in response.text and "Đây là người khác" in response.text
    assert Person.objects.count() == 1
    data = person_data(province, full_name="TRAN THI BICH", confirm_duplicate="on")
    response = client.post(url("person_create_inline", draft.pk), data)
    new = Person.objects.exclude(pk=doctor.pk).get()
    assert response.status_code == 302 and response["Location"].endswith(f"?doi_tuong=PERSON:{new.pk}")


def test_new_person_through_htmx_is_picked_in_the_line_form(client_for, hospital_officer, draft, province):
    response = client_for(hospital_officer).post(
        url("person_create_inline", draft.pk), person_data(province, full_name="Lý Văn Mới"), HTTP_HX_REQUEST="true"
    )
    person = Person.objects.get()
    assert response["HX-Retarget"] == "#subject-results"
    assert f'value="PERSON:{person.pk}"' in response.text and "checked" in response.text


def test_line_form_opens_with_the_person_just_created(client_for, hospital_officer, draft, doctor):
    page = client_for(hospital_officer).get(url("line_add", draft.pk) + f"?doi_tuong=PERSON:{doctor.pk}").text
    assert f'value="PERSON:{doctor.pk}" checked' in page


# --- documents ----------------------------------------------------------------------------------------


def test_upload_of_a_fake_pdf_is_refused_with_a_clear_message(client_for, hospital_officer, draft):
    fake = SimpleUploadedFile("to-trinh.pdf", b"this is plain text pretending", content_type="application/pdf")
    response = client_for(hospital_officer).post(
        url("document_add", draft.pk), {"kind": DocKind.SUBMISSION, "file": fake}
    )
    assert response.status_code == 200 and "không dựa vào đuôi tên tệp" in response.text
    assert not NominationDocument.objects.exists()


def test_upload_and_download(client_for, hospital_officer, unit_officer, draft):
    client = client_for(hospital_officer)
    response = client.post(
        url("document_add", draft.pk), {"kind": DocKind.SUBMISSION, "file": SimpleUploadedFile("Tờ trình.pdf", PDF)}
    )
    assert response.status_code == 302
    doc = NominationDocument.objects.get()
    download = client_for(unit_officer).get(url("document_download", draft.pk, doc.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_document_removal_asks_for_confirmation(client_for, hospital_officer, draft, document):
    client = client_for(hospital_officer)
    assert "Bỏ tài liệu khỏi hồ sơ?" in client.get(url("document_remove", draft.pk, document.pk)).text
    client.post(url("document_remove", draft.pk, document.pk))
    assert not NominationDocument.objects.exists()


# --- the list -----------------------------------------------------------------------------------------


def test_list_search_finds_a_subject_name_without_diacritics(
    client_for, unit_officer, draft, line, province, make_nomination
):
    other = make_nomination(province.hospital, title="Hồ sơ khác")
    listing = client_for(unit_officer).get(url("nomination_list"), {"q": "tran thi bich"}).text
    assert draft.code in listing and other.code not in listing


def test_list_filters_by_state_and_authority(client_for, unit_officer, draft, province, make_nomination):
    sent = make_nomination(province.hospital, submitted=True, authority=Authority.STATE)
    client = client_for(unit_officer)
    listing = client.get(url("nomination_list"), {"state": State.SUBMITTED}).text
    assert sent.code in listing and draft.code not in listing
    listing = client.get(url("nomination_list"), {"authority": Authority.PROVINCE_CHAIR}).text
    assert draft.code in listing and sent.code not in listing


def _fill(province, make_nomination, make_line, make_person, count):
    people = [make_person(province.hospital, f"Người số {i}") for i in range(2)]
    for i in range(count):
        n = make_nomination(province.hospital, submitted=i % 2 == 0, title=f"Hồ sơ {i}")
        for p in people:
            make_line(n, p, "BK_TINH")


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("nomination_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_runs_a_fixed_number_of_queries(
    client_for, unit_officer, province, make_nomination, make_line, make_person
):
    client = client_for(unit_officer)
    _fill(province, make_nomination, make_line, make_person, 3)
    small, _ = _list_queries(client)
    _fill(province, make_nomination, make_line, make_person, 12)
    large, response = _list_queries(client)
    assert response.text.count("Hồ sơ ") >= 15
    assert small == large


def test_excel_export_of_the_filtered_list(client_for, unit_officer, draft, line, province, make_nomination):
    make_nomination(province.hospital, submitted=True, title="Hồ sơ đã gửi")
    response = client_for(unit_officer).get(url("nomination_list"), {"xuat": "excel", "state": State.DRAFT})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Mã hồ sơ", "Năm thành tích", "Trích yếu")
    assert len(rows) == 2
    assert rows[1][1] == draft.code and rows[1][3] == draft.title and rows[1][8] == 1 and rows[1][9] == "Đang soạn"


def test_excel_export_respects_scope(client_for, other_unit_officer, draft):
    response = client_for(other_unit_officer).get(url("nomination_list"), {"xuat": "excel"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only


def test_list_shows_the_current_step_and_its_due_date(client_for, unit_officer, province, make_nomination):
    sent = make_nomination(province.hospital, submitted=True)
    sent.current_step.due_date = dt.date(2026, 2, 10)
    sent.current_step.save()
    listing = client_for(unit_officer).get(url("nomination_list")).text
    assert "10/02/2026" in listing and "Sở Y tế" in listing
