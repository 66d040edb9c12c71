"""progress_report / progress_delete: who may report, on which targets, when, with which evidence."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEvent
from thidua.movements.models import ProgressReport, State
from thidua.movements.services import movements as msvc
from thidua.movements.services.progress import EVIDENCE_MAX_BYTES, evidence_kind, progress_delete

from .test_progress_fixtures import *  # noqa: F403  (fixtures: campaign, media)
from .test_progress_fixtures import START, TODAY, days_ago, docx_bytes, pdf_bytes, report, xlsx_bytes


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


# --- who may report ----------------------------------------------------------------------------


def test_unit_officer_reports_progress_on_own_plan_target_with_an_audit_event(campaign, unit_officer):
    r = report(unit_officer, campaign.health_screening, "120", days_ago(5), note="Theo sổ khám")
    assert r.value == Decimal("120") and r.date == days_ago(5) and r.created_by == unit_officer
    event = AuditEvent.objects.get(action="progress.report")
    assert event.actor == unit_officer
    assert event.unit == campaign.health_plan.launching_unit
    assert "Sở Y tế báo cáo tiến độ chỉ tiêu" in event.summary and "120 người" in event.summary


def test_unit_officer_cannot_report_progress_for_another_unit(campaign, other_unit_officer):
    with pytest.raises(PermissionDenied):
        report(other_unit_officer, campaign.health_screening, 50, days_ago(1))
    assert not ProgressReport.objects.exists()
    assert not AuditEvent.objects.filter(action="progress.report").exists()


def test_council_member_cannot_report_progress(campaign, council_member):
    with pytest.raises(PermissionDenied):
        report(council_member, campaign.health_screening, 50, days_ago(1))
    assert not ProgressReport.objects.exists()


def test_province_officer_may_enter_a_report_on_a_units_behalf(campaign, province_officer):
    r = report(province_officer, campaign.health_screening, 10, days_ago(1))
    assert r.created_by == province_officer


def test_provincial_target_takes_no_direct_report_its_value_is_rolled_up(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        report(province_officer, campaign.screening, 500, days_ago(1))
    assert "tổng hợp từ báo cáo của các đơn vị" in messages_of(exc)
    assert not ProgressReport.objects.exists()


def test_unit_officer_cannot_report_on_the_provincial_target(campaign, unit_officer):
    with pytest.raises(PermissionDenied):
        report(unit_officer, campaign.screening, 500, days_ago(1))


# --- when ---------------------------------------------------------------------------------------


def test_no_report_before_the_plan_is_sent(campaign, province_officer):
    from thidua.movements.models import Participation

    # A fresh unit drafts its plan but has not sent it.
    draft = msvc.plan_start(actor=province_officer, participation=Participation.objects.get(pk=campaign.p_commune.pk))
    target = draft.targets.first()
    with pytest.raises(ValidationError) as exc:
        report(province_officer, target, 5, days_ago(1))
    assert "Dự thảo" in messages_of(exc)


def test_no_report_once_the_provincial_movement_is_in_review(campaign, unit_officer, province_officer):
    msvc.movement_begin_review(actor=province_officer, movement=campaign.movement)
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, days_ago(1))
    assert "không nhận thêm báo cáo tiến độ" in messages_of(exc)
    assert not ProgressReport.objects.exists()


def test_report_dated_in_the_future_is_refused(campaign, unit_officer):
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, TODAY + dt.timedelta(days=1))
    assert "không được sau hôm nay" in exc.value.message_dict["date"][0]


def test_report_dated_before_the_period_is_refused(campaign, unit_officer):
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, START - dt.timedelta(days=1))
    assert f"trước ngày bắt đầu phong trào ({START:%d/%m/%Y})" in exc.value.message_dict["date"][0]


def test_report_dated_after_the_period_is_refused(campaign, unit_officer):
    plan = campaign.health_plan
    plan.period_end = days_ago(10)
    plan.save(update_fields=["period_end"])
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, days_ago(2))
    assert "sau ngày kết thúc phong trào" in exc.value.message_dict["date"][0]


def test_second_report_on_the_same_date_is_refused(campaign, unit_officer):
    report(unit_officer, campaign.health_screening, 5, days_ago(3))
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 7, days_ago(3))
    assert "đã có báo cáo ngày" in exc.value.message_dict["date"][0]
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize(
    "value, message",
    [
        ("12.345", "tối đa 2 chữ số thập phân"),
        ("abc", "phải là một số"),
        ("1e30", "quá lớn"),
        ("NaN", "phải là một số"),
    ],
)
def test_bad_values_are_refused(campaign, unit_officer, value, message):
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, value, days_ago(1))
    assert message in exc.value.message_dict["value"][0]
    assert not ProgressReport.objects.exists()


# --- evidence -------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("bien-ban.pdf", pdf_bytes(), "pdf"),
        ("anh.png", PNG, "png"),
        ("anh chụp.JPG", JPEG, "jpg"),
        ("Biên bản kiểm tra.docx", docx_bytes(), "docx"),
        ("so-lieu.xlsx", xlsx_bytes(), "xlsx"),
        ("khong-co-duoi", pdf_bytes(), "pdf"),
    ],
)
def test_evidence_is_recognised_by_content(name, content, kind):
    assert evidence_kind(SimpleUploadedFile(name, content)) == kind


def test_evidence_is_stored_under_the_type_read_from_its_content(campaign, unit_officer, media):
    upload = SimpleUploadedFile("Biên bản kiểm tra.pdf.exe", pdf_bytes())
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1), evidence=upload)
    assert r.evidence.name.startswith("movements/evidence/")
    assert r.evidence.name.endswith("/bien-ban-kiem-tra-pdf.pdf")
    assert (media / r.evidence.name).read_bytes() == pdf_bytes()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bao-cao.pdf", b"MZ\x90\x00 this is a program", "không đúng các định dạng này"),
        ("bao-cao.docx", b"PK\x03\x04 not really a zip", "không đúng các định dạng này"),
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "định dạng cũ (.doc, .xls)"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_evidence_of_wrong_type_is_refused_and_nothing_is_stored(campaign, unit_officer, media, name, content, message):
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, days_ago(1), evidence=SimpleUploadedFile(name, content))
    assert message in exc.value.message_dict["evidence"][0]
    assert not ProgressReport.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_zip_that_is_not_an_office_file_is_refused(campaign, unit_officer, media):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as exc:
        report(
            unit_officer,
            campaign.health_screening,
            5,
            days_ago(1),
            evidence=SimpleUploadedFile("a.xlsx", buf.getvalue()),
        )
    assert "không đúng các định dạng này" in exc.value.message_dict["evidence"][0]


def test_evidence_over_10_mb_is_refused(campaign, unit_officer, media):
    big = SimpleUploadedFile("scan.pdf", pdf_bytes() + b"0" * EVIDENCE_MAX_BYTES)
    with pytest.raises(ValidationError) as exc:
        report(unit_officer, campaign.health_screening, 5, days_ago(1), evidence=big)
    assert "quá lớn" in exc.value.message_dict["evidence"][0]
    assert "tối đa là 10,0 MB" in exc.value.message_dict["evidence"][0]
    assert not ProgressReport.objects.exists()


def test_evidence_of_exactly_10_mb_is_accepted(campaign, unit_officer, media):
    content = pdf_bytes() + b"0" * (EVIDENCE_MAX_BYTES - len(pdf_bytes()))
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1), evidence=SimpleUploadedFile("s.pdf", content))
    assert r.evidence.size == EVIDENCE_MAX_BYTES


def test_all_errors_are_reported_at_once(campaign, unit_officer, media):
    with pytest.raises(ValidationError) as exc:
        report(
            unit_officer,
            campaign.health_screening,
            "1.234",
            TODAY + dt.timedelta(days=2),
            evidence=SimpleUploadedFile("x.pdf", b"hello"),
        )
    assert set(exc.value.message_dict) == {"value", "date", "evidence"}


def test_stored_evidence_is_removed_when_the_report_is_refused_in_the_transaction(campaign, unit_officer, media):
    report(unit_officer, campaign.health_screening, 5, days_ago(1))
    with pytest.raises(ValidationError):
        report(
            unit_officer, campaign.health_screening, 6, days_ago(1), evidence=SimpleUploadedFile("x.pdf", pdf_bytes())
        )
    assert not any(media.rglob("*.pdf"))


# --- taking back one's last report -----------------------------------------------------------------


def test_officer_deletes_own_last_report_and_its_evidence(
    campaign, unit_officer, media, django_capture_on_commit_callbacks
):
    report(unit_officer, campaign.health_screening, 5, days_ago(3))
    last = report(
        unit_officer, campaign.health_screening, 9, days_ago(1), evidence=SimpleUploadedFile("x.pdf", pdf_bytes())
    )
    path = media / last.evidence.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        progress_delete(actor=unit_officer, report=last)
    assert list(ProgressReport.objects.values_list("value", flat=True)) == [Decimal("5")]
    assert not path.exists()
    event = AuditEvent.objects.get(action="progress.delete")
    assert event.actor == unit_officer and "Xóa báo cáo tiến độ" in event.summary


def test_officer_cannot_delete_a_report_entered_by_someone_else(campaign, unit_officer, province_officer):
    r = report(province_officer, campaign.health_screening, 5, days_ago(1))
    with pytest.raises(PermissionDenied):
        progress_delete(actor=unit_officer, report=r)
    assert ProgressReport.objects.filter(pk=r.pk).exists()


def test_officer_cannot_delete_a_report_that_is_not_the_last_entered(campaign, unit_officer):
    first = report(unit_officer, campaign.health_screening, 5, days_ago(3))
    report(unit_officer, campaign.health_screening, 9, days_ago(1))
    with pytest.raises(ValidationError) as exc:
        progress_delete(actor=unit_officer, report=first)
    assert "báo cáo nhập gần nhất" in messages_of(exc)
    assert ProgressReport.objects.count() == 2


def test_last_entered_is_by_entry_not_by_date_so_a_backfilled_report_can_be_taken_back(campaign, unit_officer):
    report(unit_officer, campaign.health_screening, 9, days_ago(1))
    backfill = report(unit_officer, campaign.health_screening, 5, days_ago(30))
    progress_delete(actor=unit_officer, report=backfill)
    assert ProgressReport.objects.count() == 1


def test_other_unit_officer_cannot_delete_a_units_report(campaign, unit_officer, other_unit_officer):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    with pytest.raises(PermissionDenied):
        progress_delete(actor=other_unit_officer, report=r)


def test_no_deletion_once_the_movement_is_in_review(campaign, unit_officer, province_officer):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    msvc.movement_begin_review(actor=province_officer, movement=campaign.movement)
    with pytest.raises(ValidationError):
        progress_delete(actor=unit_officer, report=r)
    assert ProgressReport.objects.filter(pk=r.pk).exists()
    assert campaign.movement.__class__.objects.get(pk=campaign.movement.pk).state == State.IN_REVIEW
