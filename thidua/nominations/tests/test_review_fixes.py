"""Regression tests for the security review of dossiers and public consultation: a published line
changed after publication, the public search, the live check's years, the create form's unit, document
downloads, the comment rate limit over IPv6, audit texts, and deletions without a version."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Role, RoleAssignment
from thidua.core.models import AuditEvent, Notification
from thidua.nominations.models import (
    Authority,
    CommentStatus,
    Nomination,
    NominationLine,
    PublicComment,
    State,
    SubmissionDeadline,
)
from thidua.nominations.services import consultation as csvc
from thidua.nominations.services import dossiers as dsvc
from thidua.nominations.services import workflow as wsvc

from .test_consultation_support import KEY, at_office, opened
from .test_workflow_services import fresh, ready_dossier

pytestmark = pytest.mark.django_db

STALE = "vừa được người khác cập nhật"


@pytest.fixture
def dossier(province, make_nomination, make_line, make_person):
    return ready_dossier(province.hospital, make_nomination, make_line, make_person)


# --- 1. a published line changed after publication --------------------------------------------------


@pytest.fixture
def published(province, make_nomination, make_line, make_person):
    """A state-level dossier at the office whose line about Đỗ Thị Lan was published and is over, with an
    approved comment about her."""
    n = make_nomination(province.hospital, authority=Authority.STATE, submitted=True)
    at_office(n)
    line = make_line(n, make_person(province.hospital, "Đỗ Thị Lan"), "CSTD_TQ", 2020, 2025)
    today = timezone.localdate()
    consultation = opened(n, opened_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1))
    comment = PublicComment.objects.create(
        consultation=consultation,
        line=line,
        name="Nguyễn Văn Dân",
        contact="0912345678",
        body="Bà Lan tận tụy với người bệnh.",
        client_key=KEY,
        status=CommentStatus.APPROVED,
    )
    assert csvc.consultation_blocker(fresh(n)) is None  # published and over: nothing blocks yet
    return n, line, consultation, comment


def _return_for(actor, nomination, line, fields):
    wsvc.nomination_return(
        actor=actor,
        nomination=nomination,
        version=fresh(nomination).version,
        corrections={line.pk: {"fields": fields, "note": "Sửa lại"}},
    )
    line = NominationLine.objects.get(pk=line.pk)
    line.nomination = fresh(nomination)
    return line


def _public_page(client_for, consultation):
    return client_for(None).get(reverse("consultation:consultation_public_detail", args=[consultation.pk])).text


def test_changing_a_published_lines_subject_requires_publishing_it_again(
    province, published, province_officer, hospital_officer, make_person
):
    n, line, consultation, _comment = published
    line = _return_for(province_officer, n, line, ["subject"])
    other = make_person(province.hospital, "Kẻ Khác Hoàn Toàn")
    dsvc.line_update(actor=hospital_officer, line=line, version=line.version, subject=other)
    assert not consultation.lines.filter(pk=line.pk).exists()
    assert "chưa được đăng lấy ý kiến" in csvc.consultation_blocker(fresh(n))
    event = AuditEvent.objects.filter(action="nomination.line_update").latest("id")
    assert "rút khỏi danh sách lấy ý kiến nhân dân" in event.summary
    assert event.data["consultation_withdrawn"] is True


@pytest.mark.parametrize(
    ("fields", "change"),
    [
        (["achievement"], {"achievement": "Thành tích khác hẳn đã công khai."}),
        (["period"], {"year_from": 2022}),
    ],
)
def test_changing_a_published_lines_period_or_achievement_requires_publishing_it_again(
    published, province_officer, hospital_officer, fields, change
):
    n, line, consultation, comment = published
    line = _return_for(province_officer, n, line, fields)
    dsvc.line_update(actor=hospital_officer, line=line, version=line.version, **change)
    assert not consultation.lines.filter(pk=line.pk).exists()
    assert csvc.consultation_blocker(fresh(n)) is not None
    comment.refresh_from_db()
    assert comment.line_id == line.pk  # same subject: the comment stays about her


def test_changing_what_is_not_published_keeps_the_line_published(published, province_officer, hospital_officer):
    n, line, consultation, _comment = published
    line = _return_for(province_officer, n, line, ["justification"])
    dsvc.line_update(actor=hospital_officer, line=line, version=line.version, justification="Giải trình thêm.")
    assert consultation.lines.filter(pk=line.pk).exists()
    assert csvc.consultation_blocker(fresh(n)) is None
    assert "lấy ý kiến" not in AuditEvent.objects.filter(action="nomination.line_update").latest("id").summary


def test_publishing_again_after_a_change_restarts_the_period(
    province, published, province_officer, hospital_officer, make_person
):
    n, line, consultation, _comment = published
    line = _return_for(province_officer, n, line, ["subject"])
    dsvc.line_update(
        actor=hospital_officer, line=line, version=line.version, subject=make_person(province.hospital, "Người Mới")
    )
    Nomination.objects.filter(pk=n.pk).update(state=State.IN_APPRAISAL)  # resubmitted and received again
    reopened = csvc.consultation_open(actor=province_officer, nomination=fresh(n))
    assert reopened.pk == consultation.pk and reopened.opened_on == timezone.localdate()
    assert "chưa hết thời gian lấy ý kiến" in csvc.consultation_blocker(fresh(n))


def test_an_old_comment_is_never_shown_next_to_the_new_subjects_name(
    province, published, province_officer, hospital_officer, make_person, client_for
):
    n, line, consultation, comment = published
    assert "về Đỗ Thị Lan" in _public_page(client_for, consultation)
    line = _return_for(province_officer, n, line, ["subject"])
    other = make_person(province.hospital, "Kẻ Khác Hoàn Toàn")
    dsvc.line_update(actor=hospital_officer, line=line, version=line.version, subject=other)
    page = _public_page(client_for, consultation)
    assert "Bà Lan tận tụy với người bệnh." in page  # still shown, under the dossier as a whole
    assert "Kẻ Khác Hoàn Toàn" not in page  # the changed line is not public until published again
    comment.refresh_from_db()
    assert comment.line_id is None
    event = AuditEvent.objects.filter(action="nomination.line_update").latest("id")
    assert event.data["comments_detached"] == [comment.pk] and event.data["previous_subject"] == "Đỗ Thị Lan"
    # Published again: the new subject is shown, and the old comment still is not about them.
    Nomination.objects.filter(pk=n.pk).update(state=State.IN_APPRAISAL)
    csvc.consultation_open(actor=province_officer, nomination=fresh(n))
    page = _public_page(client_for, consultation)
    assert "Kẻ Khác Hoàn Toàn" in page and "về Kẻ Khác Hoàn Toàn" not in page


# --- 2. the public search ----------------------------------------------------------------------------


@pytest.fixture
def open_consultation(province, make_nomination, make_line, make_person):
    n = make_nomination(province.hospital, authority=Authority.STATE, submitted=True, title="Đề nghị tặng danh hiệu")
    at_office(n)
    make_line(n, make_person(province.hospital, "Đỗ Thị Lan"), "CSTD_TQ", 2020, 2025)
    return opened(n)


def _search(client_for, q):
    client = client_for(None)
    client.raise_request_exception = False
    return client.get(reverse("consultation:consultation_list"), {"q": q})


def test_public_search_with_many_words_answers_instead_of_failing(open_consultation, client_for):
    response = _search(client_for, " ".join(["a"] * 70))
    assert response.status_code == 200


def test_public_search_matches_every_word_in_a_published_name_or_the_title(open_consultation, client_for):
    assert "Đỗ Thị Lan" in _search(client_for, "do thi lan").text
    assert "Đỗ Thị Lan" in _search(client_for, "danh hieu").text
    assert "Đỗ Thị Lan" not in _search(client_for, "lan khong-co-ai").text


def test_public_search_ignores_words_beyond_eight(open_consultation, client_for):
    eight = "d do t th thi l la lan"  # eight different words, each part of "do thi lan"
    assert "Đỗ Thị Lan" in _search(client_for, eight + " khong-co-ai").text


def test_public_search_runs_a_fixed_number_of_queries_whatever_the_words(
    open_consultation, client_for, django_assert_max_num_queries
):
    from thidua.nominations.selectors.consultation import public_consultation_list

    with django_assert_max_num_queries(2):
        assert len(public_consultation_list(q=" ".join(["lan"] * 8))) == 1


# --- 3. the live check's years -----------------------------------------------------------------------


def _line_data(line, year_from, year_to):
    return {
        "subject_kind": "PERSON",
        "subject": f"PERSON:{line.person_id}",
        "award_type": line.award_type_id,
        "year_from": year_from,
        "year_to": year_to,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ.",
    }


YEARS_OUT_OF_RANGE = [("2025", "1"), ("0", "0"), ("1", "99999"), ("2025", str(10**20)), ("-5", "2025")]


@pytest.mark.parametrize(("year_from", "year_to"), YEARS_OUT_OF_RANGE)
def test_live_check_skips_years_the_form_refuses(dossier, hospital_officer, client_for, year_from, year_to):
    client = client_for(hospital_officer)
    client.raise_request_exception = False
    line = dossier.lines.first()
    response = client.post(reverse("nominations:line_check", args=[dossier.pk]), _line_data(line, year_from, year_to))
    assert response.status_code == 200
    assert response.context["check"] is None


@pytest.mark.parametrize(("year_from", "year_to"), YEARS_OUT_OF_RANGE)
def test_line_form_with_years_out_of_range_shows_the_forms_error(
    dossier, hospital_officer, client_for, year_from, year_to
):
    client = client_for(hospital_officer)
    client.raise_request_exception = False
    line = dossier.lines.first()
    count = dossier.lines.count()
    response = client.post(reverse("nominations:line_add", args=[dossier.pk]), _line_data(line, year_from, year_to))
    assert response.status_code == 200
    assert {"year_from", "year_to"} & set(response.context["form"].errors)
    assert dossier.lines.count() == count


def test_live_check_still_runs_on_valid_years(dossier, hospital_officer, client_for):
    line = dossier.lines.first()
    response = client_for(hospital_officer).post(
        reverse("nominations:line_check", args=[dossier.pk]), _line_data(line, "2024", "2025")
    )
    assert response.status_code == 200 and response.context["check"] is not None


# --- 5. the create form's unit -----------------------------------------------------------------------


@pytest.fixture
def health_movement(province):
    from thidua.movements.models import Level, Movement

    return Movement.objects.create(
        level=Level.UNIT,
        kind=Movement._meta.get_field("kind").choices[0][0],
        state="LAUNCHED",
        launching_unit=province.health,
        name="Phong trào nội bộ Sở Y tế XYZ",
    )


def _refresh_create(client, unit):
    return client.post(
        reverse("nominations:nomination_create"),
        {"_refresh": "1", "proposing_unit": unit.pk, "basis": "PHONG_TRAO", "authority": "UNIT_HEAD"},
    ).text


def test_create_form_refresh_reveals_nothing_of_a_unit_outside_the_officers_scope(
    province, health_movement, other_unit_officer, client_for
):
    page = _refresh_create(client_for(other_unit_officer), province.hospital)
    assert "Phong trào nội bộ Sở Y tế XYZ" not in page
    assert "Bệnh viện Đa khoa tỉnh" not in page


def test_create_form_ignores_the_scope_of_a_council_role(province, health_movement, other_unit_officer, client_for):
    RoleAssignment.objects.create(user=other_unit_officer, unit=province.root, role=Role.COUNCIL_MEMBER)
    page = _refresh_create(client_for(other_unit_officer), province.hospital)
    assert "Phong trào nội bộ Sở Y tế XYZ" not in page and "Bệnh viện Đa khoa tỉnh" not in page


def test_create_form_refresh_shows_the_movements_of_the_officers_own_unit(
    province, health_movement, hospital_officer, client_for
):
    page = _refresh_create(client_for(hospital_officer), province.hospital)
    assert "Phong trào nội bộ Sở Y tế XYZ" in page


# --- 7. document downloads ---------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def test_document_download_serves_the_detected_type_and_a_safe_name(media, dossier, hospital_officer, client_for):
    upload = SimpleUploadedFile('../../evil<b>"x.html', b"%PDF-1.4 hello", content_type="text/html")
    doc = dsvc.document_add(actor=hospital_officer, nomination=dossier, kind="OTHER", file=upload)
    assert doc.file_kind == "pdf"
    response = client_for(hospital_officer).get(reverse("nominations:document_download", args=[dossier.pk, doc.pk]))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="evilbx.pdf"'


def test_document_download_keeps_a_vietnamese_name_with_the_detected_extension(
    media, dossier, hospital_officer, client_for
):
    upload = SimpleUploadedFile("Báo cáo thành tích.docx", b"%PDF-1.4 hello")
    doc = dsvc.document_add(actor=hospital_officer, nomination=dossier, kind="OTHER", file=upload)
    response = client_for(hospital_officer).get(reverse("nominations:document_download", args=[dossier.pk, doc.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "B%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch.pdf" in response["Content-Disposition"]


# --- 8. the comment rate limit over IPv6 -------------------------------------------------------------


def test_addresses_of_one_ipv6_64_network_share_one_rate_limit_key(db):
    assert csvc.client_key_for("2001:db8:1:2::1") == csvc.client_key_for("2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert csvc.client_key_for("2001:db8:1:2::1") != csvc.client_key_for("2001:db8:1:3::1")
    assert csvc.client_key_for("203.0.113.9") != csvc.client_key_for("203.0.113.10")
    assert csvc.client_key_for("::ffff:203.0.113.9") == csvc.client_key_for("203.0.113.9")


def test_rotating_ipv6_addresses_inside_a_64_does_not_escape_the_rate_limit(open_consultation, client_for, settings):
    settings.THIDUA_COMMENT_LIMIT_PER_HOUR = 1
    url = reverse("consultation:consultation_public_detail", args=[open_consultation.pk])
    data = {"name": "Nguyễn Văn Dân", "contact": "0912345678", "body": "Tôi đồng ý với đề nghị này.", "website": ""}
    assert client_for(None).post(url, data, REMOTE_ADDR="2001:db8::1").status_code == 302
    refused = client_for(None).post(url, data, REMOTE_ADDR="2001:db8::2")
    assert refused.status_code == 400 and "trong một giờ qua" in refused.text
    assert client_for(None).post(url, data, REMOTE_ADDR="2001:db8:0:1::1").status_code == 302
    assert PublicComment.objects.count() == 2


# --- 9. one table, audit texts, reminders ------------------------------------------------------------


def test_workflow_and_dossiers_share_one_table_of_correction_fields():
    assert wsvc.CORRECTION_FIELDS is dsvc.CORRECTION_FIELDS


def test_moderation_audit_leaves_the_commenters_name_out(open_consultation, province_officer):
    comment = PublicComment.objects.create(
        consultation=open_consultation,
        name="Trần Văn Góp Ý",
        contact="0912345678",
        body="Ý kiến của tôi.",
        client_key=KEY,
    )
    csvc.comment_moderate(actor=province_officer, comment=comment, approve=True)
    event = AuditEvent.objects.get(action="consultation.moderate")
    assert "Góp Ý" not in event.summary and f"ý kiến nhân dân #{comment.pk}" in event.summary


def test_draft_reminder_keeps_the_authority_labels_case(province, make_nomination, hospital_officer):
    n = make_nomination(province.hospital)
    due = timezone.localdate() + dt.timedelta(days=3)
    SubmissionDeadline.objects.create(year=n.year, authority=Authority.PROVINCE_CHAIR, due_date=due)
    call_command("send_nomination_reminders", stdout=io.StringIO())
    text = Notification.objects.get(recipient=hospital_officer).text
    assert "Chủ tịch UBND tỉnh" in text and "chủ tịch ubnd" not in text


# --- 10. deleting without the version the page carried ------------------------------------------------


def test_deleting_a_dossier_without_a_version_is_refused_as_stale(dossier, hospital_officer):
    with pytest.raises(ValidationError, match=STALE):
        dsvc.nomination_delete(actor=hospital_officer, nomination=dossier)
    for version in (None, "", dossier.version - 1):
        with pytest.raises(ValidationError, match=STALE):
            dsvc.nomination_delete(actor=hospital_officer, nomination=dossier, version=version)
    assert Nomination.objects.filter(pk=dossier.pk).exists()
    dsvc.nomination_delete(actor=hospital_officer, nomination=dossier, version=dossier.version)
    assert not Nomination.objects.filter(pk=dossier.pk).exists()


def test_removing_a_line_without_a_version_is_refused_as_stale(dossier, hospital_officer):
    line = dossier.lines.first()
    with pytest.raises(ValidationError, match=STALE):
        dsvc.line_remove(actor=hospital_officer, line=line)
    for version in (None, "", line.version + 1):
        with pytest.raises(ValidationError, match=STALE):
            dsvc.line_remove(actor=hospital_officer, line=line, version=version)
    assert NominationLine.objects.filter(pk=line.pk).exists()
    dsvc.line_remove(actor=hospital_officer, line=line, version=line.version)
    assert not NominationLine.objects.filter(pk=line.pk).exists()


def test_delete_page_posted_without_its_version_deletes_nothing(dossier, hospital_officer, client_for):
    client = client_for(hospital_officer)
    response = client.post(reverse("nominations:nomination_delete", args=[dossier.pk]), follow=True)
    assert STALE in response.text and Nomination.objects.filter(pk=dossier.pk).exists()
    response = client.post(reverse("nominations:nomination_delete", args=[dossier.pk]), {"version": dossier.version})
    assert response.status_code == 302 and not Nomination.objects.filter(pk=dossier.pk).exists()


def test_line_remove_page_posted_without_its_version_removes_nothing(dossier, hospital_officer, client_for):
    client = client_for(hospital_officer)
    line = dossier.lines.first()
    url = reverse("nominations:line_remove", args=[dossier.pk, line.pk])
    assert STALE in client.post(url, follow=True).text
    assert NominationLine.objects.filter(pk=line.pk).exists()
    client.post(url, {"version": line.version})
    assert not NominationLine.objects.filter(pk=line.pk).exists()
