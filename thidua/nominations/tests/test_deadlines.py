"""Time limits on the Vietnamese calendar (real public holidays from the `holidays` package, Tết
included, plus the province's days off), the yearly submission deadlines, the settings screens, and
the daily reminder command."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent, DayOff, Notification
from thidua.nominations.models import Authority, Nomination, State, SubmissionDeadline
from thidua.nominations.services import deadlines as svc
from thidua.nominations.services import workflow as wf

from .test_workflow_services import fresh, ready_dossier, receive, submit

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def dossier(province, make_nomination, make_line, make_person):
    return ready_dossier(province.hospital, make_nomination, make_line, make_person)


@pytest.fixture
def clock(monkeypatch):
    """clock(datetime) → from then on "now" is that moment (local time of the province)."""

    def set_to(moment: dt.datetime):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    return set_to


# --- The calendar --------------------------------------------------------------------------------


def test_tet_2026_is_a_week_of_public_holidays_in_the_calendar_package():
    vn = holidays.country_holidays("VN", years=2026)
    assert [d for d in vn if dt.date(2026, 2, 1) <= d <= dt.date(2026, 2, 28)] == [
        dt.date(2026, 2, 16),
        dt.date(2026, 2, 17),
        dt.date(2026, 2, 18),
        dt.date(2026, 2, 19),
        dt.date(2026, 2, 20),
    ]


def test_an_appraisal_received_just_before_tet_is_due_after_it(dossier, hospital_officer, unit_officer, clock):
    # Received Thursday 12/02/2026. Ten working days: Fri 13/02; Tết Mon 16 – Fri 20/02 and the weekends
    # do not count; 23, 24, 25, 26, 27/02, 02, 03, 04, 05/03 → Thursday 05/03/2026.
    clock(dt.datetime(2026, 2, 12, 9, 0, tzinfo=HANOI))
    submit(hospital_officer, dossier)
    n = receive(unit_officer, dossier)
    assert n.current_step.due_date == dt.date(2026, 3, 5)
    assert n.due_date == dt.date(2026, 3, 5)


def test_a_province_day_off_moves_the_due_date_one_working_day(
    dossier, hospital_officer, unit_officer, province_officer, clock
):
    svc.day_off_add(actor=province_officer, date=dt.date(2026, 2, 13), name="Nghỉ bù trước Tết của tỉnh")
    clock(dt.datetime(2026, 2, 12, 9, 0, tzinfo=HANOI))
    submit(hospital_officer, dossier)
    n = receive(unit_officer, dossier)
    assert n.due_date == dt.date(2026, 3, 6)


def test_the_correction_time_also_skips_tet(dossier, hospital_officer, unit_officer, clock):
    clock(dt.datetime(2026, 2, 13, 15, 0, tzinfo=HANOI))
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    n = wf.nomination_return(actor=unit_officer, nomination=dossier, version=fresh(dossier).version, note="Bổ sung")
    # Five working days after Friday 13/02: 23, 24, 25, 26, 27/02.
    assert n.due_date == dt.date(2026, 2, 27)


# --- Submission deadlines ------------------------------------------------------------------------


def test_setting_the_yearly_deadline_gives_it_to_the_unsent_drafts(
    province, make_nomination, province_officer, hospital_officer, dossier
):
    other_authority = make_nomination(province.hospital, authority=Authority.STATE)
    other_year = make_nomination(province.hospital, year=2024)
    sent = make_nomination(province.hospital, submitted=True)
    due = dt.date(2026, 1, 30)
    deadline = svc.submission_deadline_set(
        actor=province_officer, year=2025, authority=Authority.PROVINCE_CHAIR, due_date=due, note="Công văn 12/SNV"
    )
    assert fresh(dossier).due_date == due
    assert fresh(other_authority).due_date is None and fresh(other_year).due_date is None
    assert fresh(sent).due_date is None
    event = AuditEvent.objects.get(action="deadline.set")
    assert event.data["drafts_updated"] == 1 and "30/01/2026" in event.summary
    moved = svc.submission_deadline_set(
        actor=province_officer, year=2025, authority=Authority.PROVINCE_CHAIR, due_date=dt.date(2026, 2, 6)
    )
    assert moved.pk == deadline.pk and SubmissionDeadline.objects.count() == 1
    assert fresh(dossier).due_date == dt.date(2026, 2, 6)


def test_removing_a_deadline_clears_it_from_the_drafts(province_officer, dossier):
    deadline = svc.submission_deadline_set(
        actor=province_officer, year=2025, authority=Authority.PROVINCE_CHAIR, due_date=dt.date(2026, 1, 30)
    )
    svc.submission_deadline_remove(actor=province_officer, deadline=deadline)
    assert not SubmissionDeadline.objects.exists()
    assert fresh(dossier).due_date is None
    assert AuditEvent.objects.filter(action="deadline.remove").exists()


def test_a_deadline_before_its_year_is_refused(province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.submission_deadline_set(
            actor=province_officer, year=2025, authority=Authority.PROVINCE_CHAIR, due_date=dt.date(2024, 12, 1)
        )
    assert "due_date" in exc.value.message_dict
    assert not SubmissionDeadline.objects.exists()


def test_only_the_province_sets_deadlines_and_days_off(unit_officer):
    with pytest.raises(PermissionDenied):
        svc.submission_deadline_set(
            actor=unit_officer, year=2025, authority=Authority.PROVINCE_CHAIR, due_date=dt.date(2026, 1, 30)
        )
    with pytest.raises(PermissionDenied):
        svc.day_off_add(actor=unit_officer, date=dt.date(2026, 5, 4), name="Nghỉ bù")


def test_a_day_off_is_declared_once_and_can_be_removed(province_officer):
    day = svc.day_off_add(actor=province_officer, date=dt.date(2026, 5, 4), name="Nghỉ bù")
    with pytest.raises(ValidationError) as exc:
        svc.day_off_add(actor=province_officer, date=dt.date(2026, 5, 4), name="Lần nữa")
    assert "date" in exc.value.message_dict
    svc.day_off_remove(actor=province_officer, day_off=day)
    assert not DayOff.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="day_off").order_by("id").values_list("action", flat=True)
    ) == ["day_off.add", "day_off.remove"]


# --- Settings screens ----------------------------------------------------------------------------


def test_the_province_sets_a_deadline_on_its_screen(province_officer, client_for, dossier):
    client = client_for(province_officer)
    assert client.get(reverse("nominations:deadline_list")).status_code == 200
    response = client.post(
        reverse("nominations:deadline_list"),
        {"year": 2025, "authority": Authority.PROVINCE_CHAIR, "due_date": "2026-01-30", "note": ""},
    )
    assert response.status_code == 302
    assert fresh(dossier).due_date == dt.date(2026, 1, 30)
    html = client.get(reverse("nominations:deadline_list")).content.decode()
    assert "30/01/2026" in html


def test_a_bad_deadline_form_is_shown_again_with_vietnamese_errors(province_officer, client_for):
    response = client_for(province_officer).post(
        reverse("nominations:deadline_list"), {"year": 2025, "authority": Authority.PROVINCE_CHAIR, "due_date": ""}
    )
    assert response.status_code == 200 and not SubmissionDeadline.objects.exists()
    assert "Trường này là bắt buộc" in response.content.decode()


def test_removing_a_deadline_asks_for_confirmation(province_officer, client_for):
    deadline = SubmissionDeadline.objects.create(year=2025, authority=Authority.STATE, due_date=dt.date(2026, 1, 15))
    client = client_for(province_officer)
    page = client.get(reverse("nominations:deadline_remove", args=[deadline.pk]))
    assert page.status_code == 200 and SubmissionDeadline.objects.exists()
    client.post(reverse("nominations:deadline_remove", args=[deadline.pk]))
    assert not SubmissionDeadline.objects.exists()


def test_the_day_off_screen_adds_lists_and_removes(province_officer, client_for):
    client = client_for(province_officer)
    page = client.get(reverse("nominations:day_off_list") + "?nam=2026").content.decode()
    assert "Tết Nguyên Đán" in page and "17/02/2026" in page  # the national holidays, for reference
    client.post(reverse("nominations:day_off_list"), {"date": "2026-05-04", "name": "Nghỉ bù Giỗ Tổ"})
    day = DayOff.objects.get()
    assert "04/05/2026" in client.get(reverse("nominations:day_off_list")).content.decode()
    response = client.post(reverse("nominations:day_off_list"), {"date": "2026-05-04", "name": "Lần hai"})
    assert "đã có trong danh sách ngày nghỉ" in response.content.decode()
    assert client.get(reverse("nominations:day_off_remove", args=[day.pk])).status_code == 200
    client.post(reverse("nominations:day_off_remove", args=[day.pk]))
    assert not DayOff.objects.exists()


def test_settings_screens_are_forbidden_to_units(unit_officer, client_for):
    day = DayOff.objects.create(date=dt.date(2026, 5, 4), name="Nghỉ bù")
    deadline = SubmissionDeadline.objects.create(year=2025, authority=Authority.STATE, due_date=dt.date(2026, 1, 15))
    client = client_for(unit_officer)
    for name, args in (
        ("deadline_list", []),
        ("deadline_remove", [deadline.pk]),
        ("day_off_list", []),
        ("day_off_remove", [day.pk]),
    ):
        assert client.get(reverse(f"nominations:{name}", args=args)).status_code == 403
        assert client.post(reverse(f"nominations:{name}", args=args)).status_code == 403
    assert DayOff.objects.exists() and SubmissionDeadline.objects.exists()


# --- Daily reminders -----------------------------------------------------------------------------


def run_reminders():
    out = StringIO()
    call_command("send_nomination_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_once_a_day_to_the_step_officers_of_an_overdue_dossier(
    dossier, hospital_officer, unit_officer, django_capture_on_commit_callbacks
):
    unit_officer.email = "syt@example.vn"
    unit_officer.save()
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    Nomination.objects.filter(pk=dossier.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = run_reminders()
    assert "đã nhắc 1 hồ sơ quá hạn xử lý" in out
    reminder = Notification.objects.get(text__startswith="Nhắc việc")
    assert reminder.recipient == unit_officer and "quá hạn thẩm định" in reminder.text
    assert [m.to for m in mail.outbox] == [["syt@example.vn"]]
    with django_capture_on_commit_callbacks(execute=True):
        out = run_reminders()
    assert "đã nhắc 0 hồ sơ quá hạn xử lý" in out
    assert Notification.objects.filter(text__startswith="Nhắc việc").count() == 1 and len(mail.outbox) == 1
    # The next day it is reminded again.
    Nomination.objects.filter(pk=dossier.pk).update(last_reminded_at=timezone.now() - dt.timedelta(days=1))
    run_reminders()
    assert Notification.objects.filter(text__startswith="Nhắc việc").count() == 2


def test_reminders_for_late_corrections_go_to_the_proposing_unit(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    wf.nomination_return(actor=unit_officer, nomination=dossier, version=fresh(dossier).version, note="Bổ sung")
    Nomination.objects.filter(pk=dossier.pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    out = run_reminders()
    assert "1 hồ sơ quá hạn chỉnh sửa" in out
    recipients = set(Notification.objects.filter(text__startswith="Nhắc việc").values_list("recipient", flat=True))
    assert recipients == {hospital_officer.pk, unit_officer.pk}


def test_drafts_are_reminded_in_the_week_before_the_submission_deadline(
    province, make_nomination, dossier, hospital_officer
):
    other = make_nomination(province.hospital, authority=Authority.STATE)
    today = timezone.localdate()
    SubmissionDeadline.objects.create(year=2025, authority=Authority.PROVINCE_CHAIR, due_date=today + dt.timedelta(3))
    SubmissionDeadline.objects.create(year=2025, authority=Authority.STATE, due_date=today + dt.timedelta(days=10))
    out = run_reminders()
    assert "1 hồ sơ sắp đến hạn nộp" in out
    reminded = Notification.objects.filter(text__startswith="Nhắc việc")
    assert all(dossier.code in n.text and "còn 3 ngày" in n.text for n in reminded)
    assert reminded.filter(recipient=hospital_officer).exists()
    assert not Notification.objects.filter(text__contains=other.code).exists()


def test_nothing_due_means_no_reminder(dossier):
    out = run_reminders()
    assert "đã nhắc 0 hồ sơ quá hạn xử lý, 0 hồ sơ quá hạn chỉnh sửa, 0 hồ sơ sắp đến hạn nộp" in out
    assert not Notification.objects.exists()
    assert fresh(dossier).state == State.DRAFT
