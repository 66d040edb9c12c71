"""The route of a dossier through its services: every transition, and each way it is refused.

The hospital (under Sở Y tế) proposes; its route is Sở Y tế (managing body) → Sở Nội vụ (office).
Dossiers are built complete for the real checks (simplified procedure, exceptional achievement:
a submission and a summary report per line), so submission runs `checks.submit_blockers` for real.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.core.calendar import working_days_after
from thidua.core.models import AuditEvent, Notification
from thidua.nominations.models import (
    Appraisal,
    Authority,
    Basis,
    DocKind,
    NominationDocument,
    PublicConsultation,
    SimplifiedGround,
    State,
    StepKind,
    SubmissionDeadline,
)
from thidua.nominations.selectors import workflow as sel
from thidua.nominations.services import workflow as svc

pytestmark = pytest.mark.django_db


# --- Builders (imported by the other workflow test modules) ---------------------------------------


def attach(nomination, kind, line=None):
    return NominationDocument.objects.create(
        nomination=nomination, line=line, kind=kind, file="ho-so/x.pdf", original_name="x.pdf", file_kind="pdf", size=1
    )


def ready_dossier(unit, make_nomination, make_line, make_person, *, authority=Authority.PROVINCE_CHAIR, names=None):
    """A complete dossier of `unit` (nothing blocks its submission) with one line per name."""
    code = {Authority.PROVINCE_CHAIR: "BK_TINH", Authority.STATE: "BK_TTG", Authority.UNIT_HEAD: "GK"}[authority]
    n = make_nomination(
        unit,
        authority=authority,
        basis=Basis.DOT_XUAT,
        simplified=True,
        simplified_ground=SimplifiedGround.EXCEPTIONAL,
    )
    attach(n, DocKind.SUBMISSION)
    for name in names or ["Nguyễn Văn An", "Trần Thị Bình"]:
        line = make_line(n, make_person(unit, full_name=name), code)
        attach(n, DocKind.SUMMARY_REPORT, line)
    return n


def fresh(n):
    return type(n).objects.select_related("current_step__unit", "proposing_unit").get(pk=n.pk)


def submit(actor, n):
    return svc.nomination_submit(actor=actor, nomination=n, version=fresh(n).version)


def receive(actor, n):
    return svc.nomination_receive(actor=actor, nomination=n, version=fresh(n).version)


def forward(actor, n):
    return svc.nomination_forward(actor=actor, nomination=n, version=fresh(n).version)


def accept_all(actor, n):
    for line in n.lines.all():
        svc.line_appraise(actor=actor, line=line, decision=Appraisal.ACCEPTED)


def to_office(n, hospital_officer, unit_officer):
    """Submitted, received, appraised and forwarded by Sở Y tế: waiting at Sở Nội vụ."""
    submit(hospital_officer, n)
    receive(unit_officer, n)
    accept_all(unit_officer, n)
    return forward(unit_officer, n)


@pytest.fixture
def dossier(province, make_nomination, make_line, make_person):
    return ready_dossier(province.hospital, make_nomination, make_line, make_person)


def actions_of(n):
    return list(
        AuditEvent.objects.filter(object_type="nominations.nomination", object_id=str(n.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# --- Submit --------------------------------------------------------------------------------------


def test_the_first_submission_builds_the_route_and_reaches_the_managing_body(
    province, dossier, hospital_officer, unit_officer, province_officer, django_capture_on_commit_callbacks
):
    unit_officer.email = "syt@example.vn"
    unit_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        n = submit(hospital_officer, dossier)
    assert n.state == State.SUBMITTED
    assert n.version == dossier.version + 1
    assert n.submitted_at is not None
    steps = list(n.steps.order_by("order"))
    assert [(s.unit, s.kind) for s in steps] == [
        (province.health, StepKind.MANAGING_BODY),
        (province.home, StepKind.OFFICE),
    ]
    assert n.current_step == steps[0]
    assert steps[0].arrived_at is not None and steps[1].arrived_at is None
    assert actions_of(n) == ["nomination.submit"]
    # Sở Y tế's officer is told; the province is not concerned yet; the submitter is not told about themself.
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["cb.syt"]
    assert [m.to for m in mail.outbox] == [["syt@example.vn"]]
    assert n.code in mail.outbox[0].subject


def test_submission_is_refused_with_what_the_checks_find(dossier, hospital_officer):
    dossier.documents.filter(kind=DocKind.SUBMISSION).delete()
    with pytest.raises(ValidationError) as exc:
        submit(hospital_officer, dossier)
    assert "Thiếu Tờ trình đề nghị khen thưởng." in exc.value.messages
    n = fresh(dossier)
    assert n.state == State.DRAFT and not n.steps.exists() and n.version == dossier.version
    assert actions_of(n) == []


def test_an_officer_of_another_unit_cannot_submit(dossier, other_unit_officer):
    with pytest.raises(PermissionDenied):
        submit(other_unit_officer, dossier)
    assert fresh(dossier).state == State.DRAFT


def test_submitting_from_a_stale_page_is_refused_with_a_clear_message(dossier, hospital_officer):
    with pytest.raises(ValidationError, match="vừa được người khác xử lý"):
        svc.nomination_submit(actor=hospital_officer, nomination=dossier, version=dossier.version - 1)
    assert fresh(dossier).state == State.DRAFT


def test_a_late_submission_is_accepted_and_recorded_as_late(dossier, hospital_officer):
    SubmissionDeadline.objects.create(
        year=dossier.year, authority=dossier.authority, due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    submit(hospital_officer, dossier)
    event = AuditEvent.objects.get(action="nomination.submit", object_id=str(dossier.pk))
    assert event.data["late"] is True
    assert "nộp muộn" in event.summary
    entry = sel.nomination_timeline(dossier)[-1]
    assert entry.late and entry.deadline == (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")


def test_a_submission_before_the_deadline_is_not_late(dossier, hospital_officer):
    SubmissionDeadline.objects.create(
        year=dossier.year, authority=dossier.authority, due_date=timezone.localdate() + dt.timedelta(days=3)
    )
    submit(hospital_officer, dossier)
    assert AuditEvent.objects.get(action="nomination.submit").data["late"] is False


def test_a_sent_dossier_cannot_be_sent_again(dossier, hospital_officer):
    submit(hospital_officer, dossier)
    with pytest.raises(ValidationError, match="Không thể gửi hồ sơ đang ở trạng thái"):
        submit(hospital_officer, dossier)


# --- Withdraw ------------------------------------------------------------------------------------


def test_a_dossier_not_yet_received_can_be_withdrawn_to_the_draft(dossier, hospital_officer):
    submit(hospital_officer, dossier)
    n = svc.nomination_withdraw(actor=hospital_officer, nomination=dossier, version=fresh(dossier).version)
    assert n.state == State.DRAFT
    assert n.current_step is None and n.submitted_at is None
    assert not n.steps.exists()
    assert actions_of(n) == ["nomination.submit", "nomination.withdraw"]


def test_a_received_dossier_cannot_be_withdrawn(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    with pytest.raises(ValidationError, match="Không thể rút về"):
        svc.nomination_withdraw(actor=hospital_officer, nomination=dossier, version=fresh(dossier).version)


def test_another_unit_cannot_withdraw(dossier, hospital_officer, other_unit_officer):
    submit(hospital_officer, dossier)
    with pytest.raises(PermissionDenied):
        svc.nomination_withdraw(actor=other_unit_officer, nomination=dossier, version=fresh(dossier).version)


# --- Receive -------------------------------------------------------------------------------------


def test_receiving_starts_the_appraisal_time_in_working_days(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    n = receive(unit_officer, dossier)
    step = n.current_step
    assert n.state == State.IN_APPRAISAL
    assert step.received_by == unit_officer and step.received_at is not None
    expected = working_days_after(timezone.localdate(), 10)
    assert step.due_date == expected and n.due_date == expected
    assert set(n.lines.values_list("appraisal", flat=True)) == {Appraisal.PENDING}
    assert Notification.objects.filter(recipient=hospital_officer, text__contains="tiếp nhận").exists()


def test_the_officer_of_another_step_cannot_receive(dossier, hospital_officer, unit_officer, province_officer):
    to_office(dossier, hospital_officer, unit_officer)
    # The dossier waits at Sở Nội vụ: Sở Y tế's officer no longer acts on it.
    with pytest.raises(PermissionDenied, match="không ở bước xử lý"):
        receive(unit_officer, dossier)
    assert fresh(dossier).state == State.SUBMITTED
    n = receive(province_officer, dossier)
    assert n.current_step.unit.is_commendation_office


def test_an_officer_outside_the_route_cannot_receive(dossier, hospital_officer, other_unit_officer):
    submit(hospital_officer, dossier)
    with pytest.raises(PermissionDenied):
        receive(other_unit_officer, dossier)


def test_the_proposing_units_own_officer_cannot_receive_at_the_managing_body(dossier, hospital_officer):
    submit(hospital_officer, dossier)
    with pytest.raises(PermissionDenied):
        receive(hospital_officer, dossier)


def test_a_received_dossier_cannot_be_received_again(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    with pytest.raises(ValidationError, match="Không thể tiếp nhận"):
        receive(unit_officer, dossier)


# --- Appraise ------------------------------------------------------------------------------------


def test_a_line_is_appraised_with_an_audit_event(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    version = fresh(dossier).version
    saved = svc.line_appraise(actor=unit_officer, line=line, decision=Appraisal.REJECTED, reason="Chưa đủ thành tích")
    assert saved.appraisal == Appraisal.REJECTED and saved.appraisal_reason == "Chưa đủ thành tích"
    assert saved.appraised_by == unit_officer
    assert fresh(dossier).version == version + 1
    event = AuditEvent.objects.get(action="nomination.appraise")
    assert event.data["line"] == line.pk and event.data["decision"] == Appraisal.REJECTED


def test_rejecting_a_line_needs_a_reason(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    with pytest.raises(ValidationError) as exc:
        svc.line_appraise(actor=unit_officer, line=line, decision=Appraisal.REJECTED, reason="  ")
    assert "reason" in exc.value.message_dict
    line.refresh_from_db()
    assert line.appraisal == Appraisal.PENDING


def test_an_unknown_decision_is_refused(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    with pytest.raises(ValidationError) as exc:
        svc.line_appraise(actor=unit_officer, line=dossier.lines.first(), decision=Appraisal.PENDING)
    assert "decision" in exc.value.message_dict


def test_lines_are_appraised_only_after_receipt(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    with pytest.raises(ValidationError, match="Không thể thẩm định"):
        svc.line_appraise(actor=unit_officer, line=dossier.lines.first(), decision=Appraisal.ACCEPTED)


def test_only_the_current_steps_officer_appraises(dossier, hospital_officer, unit_officer, other_unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    for actor in (hospital_officer, other_unit_officer):
        with pytest.raises(PermissionDenied):
            svc.line_appraise(actor=actor, line=dossier.lines.first(), decision=Appraisal.ACCEPTED)


def test_a_line_rejected_at_an_earlier_step_is_final(dossier, hospital_officer, unit_officer, province_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    first, second = dossier.lines.order_by("pk")
    svc.line_appraise(actor=unit_officer, line=first, decision=Appraisal.ACCEPTED)
    svc.line_appraise(actor=unit_officer, line=second, decision=Appraisal.REJECTED, reason="Trùng đề nghị")
    forward(unit_officer, dossier)
    receive(province_officer, dossier)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.appraisal == Appraisal.PENDING  # in play again, for this step
    assert second.appraisal == Appraisal.REJECTED and second.appraisal_reason == "Trùng đề nghị"
    with pytest.raises(ValidationError, match="bước trước"):
        svc.line_appraise(actor=province_officer, line=second, decision=Appraisal.ACCEPTED)
    assert [line.pk for line in sel.lines_in_play(fresh(dossier))] == [first.pk]


# --- Forward / complete --------------------------------------------------------------------------


def test_forward_needs_every_line_appraised(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    svc.line_appraise(actor=unit_officer, line=dossier.lines.first(), decision=Appraisal.ACCEPTED)
    with pytest.raises(ValidationError, match="Còn 1 dòng chưa thẩm định"):
        forward(unit_officer, dossier)
    assert fresh(dossier).state == State.IN_APPRAISAL


def test_forward_with_every_line_rejected_says_to_return_it(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    for line in dossier.lines.all():
        svc.line_appraise(actor=unit_officer, line=line, decision=Appraisal.REJECTED, reason="Không đạt")
    with pytest.raises(ValidationError, match="hãy trả lại hồ sơ"):
        forward(unit_officer, dossier)


def test_forward_sends_the_dossier_to_the_office(
    province, dossier, hospital_officer, unit_officer, province_officer, django_capture_on_commit_callbacks
):
    province_officer.email = "snv@example.vn"
    province_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        n = to_office(dossier, hospital_officer, unit_officer)
    assert n.state == State.SUBMITTED
    assert n.current_step.unit == province.home and n.current_step.arrived_at is not None
    assert n.steps.get(order=0).completed_at is not None
    assert Notification.objects.filter(recipient=province_officer, text__contains="chuyển tới").exists()
    assert ["snv@example.vn"] in [m.to for m in mail.outbox]
    assert actions_of(n)[-1] == "nomination.forward"


def test_completing_the_last_step_puts_the_dossier_in_the_council_queue(
    dossier, hospital_officer, unit_officer, province_officer, council_member
):
    to_office(dossier, hospital_officer, unit_officer)
    receive(province_officer, dossier)
    first, second = dossier.lines.order_by("pk")
    svc.line_appraise(actor=province_officer, line=first, decision=Appraisal.ACCEPTED)
    svc.line_appraise(actor=province_officer, line=second, decision=Appraisal.REJECTED, reason="Không đạt")
    n = forward(province_officer, dossier)
    assert n.state == State.APPRAISED and n.due_date is None
    assert actions_of(n)[-1] == "nomination.complete"
    assert Notification.objects.filter(recipient=hospital_officer, text__contains="hoàn thành thẩm định").exists()
    queue = sel.council_queue(actor=council_member)
    assert queue.nominations == [n]
    assert [(award.code, [line.pk for line in lines]) for award, lines in queue.groups] == [("BK_TINH", [first.pk])]


def test_a_unit_heads_award_completes_waiting_for_the_heads_decision(
    province, make_nomination, make_line, make_person, hospital_officer, council_member
):
    n = ready_dossier(province.hospital, make_nomination, make_line, make_person, authority=Authority.UNIT_HEAD)
    submit(hospital_officer, n)
    assert fresh(n).current_step.kind == StepKind.DECIDING_UNIT
    receive(hospital_officer, n)
    accept_all(hospital_officer, n)
    n = forward(hospital_officer, n)
    assert n.state == State.APPRAISED
    assert "chờ thủ trưởng" in AuditEvent.objects.filter(action="nomination.complete").get().summary
    assert sel.council_queue(actor=council_member).nominations == []


def test_the_office_cannot_complete_before_the_public_consultation_is_over(
    province, make_nomination, make_line, make_person, unit_officer, province_officer
):
    n = ready_dossier(province.health, make_nomination, make_line, make_person, authority=Authority.STATE)
    submit(unit_officer, n)  # a department goes straight to the office
    receive(province_officer, n)
    accept_all(province_officer, n)
    with pytest.raises(ValidationError, match="lấy ý kiến nhân dân"):
        forward(province_officer, n)
    assert fresh(n).state == State.IN_APPRAISAL
    today = timezone.localdate()
    c = PublicConsultation.objects.create(
        nomination=n, opened_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1)
    )
    c.lines.set(n.lines.all())
    assert forward(province_officer, n).state == State.APPRAISED


# --- Return and resubmission ---------------------------------------------------------------------


def test_return_flags_exactly_the_lines_and_fields_to_fix(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    first, second = dossier.lines.order_by("pk")
    n = svc.nomination_return(
        actor=unit_officer,
        nomination=dossier,
        version=fresh(dossier).version,
        note="Bổ sung số liệu",
        corrections={first.pk: {"fields": ["achievement", "documents"], "note": "Nêu rõ số liệu 2025"}},
    )
    assert n.state == State.RETURNED and n.return_note == "Bổ sung số liệu"
    assert n.due_date == working_days_after(timezone.localdate(), 5)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.needs_correction and first.correction_fields == ["achievement", "documents"]
    assert first.correction_note == "Nêu rõ số liệu 2025"
    assert not second.needs_correction and second.correction_fields == []
    assert Notification.objects.filter(recipient=hospital_officer, text__contains="trả lại").exists()
    assert AuditEvent.objects.get(action="nomination.return").data["lines"] == {
        str(first.pk): {"fields": ["achievement", "documents"], "note": "Nêu rõ số liệu 2025"}
    }


def test_after_a_return_only_the_flagged_fields_of_the_flagged_lines_are_editable(
    dossier, hospital_officer, unit_officer
):
    from thidua.nominations.services import dossiers

    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    first, second = dossier.lines.order_by("pk")
    svc.nomination_return(
        actor=unit_officer,
        nomination=dossier,
        version=fresh(dossier).version,
        corrections={first.pk: {"fields": ["achievement"], "note": ""}},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    updated = dossiers.line_update(
        actor=hospital_officer, line=first, version=first.version, achievement="Thành tích đã bổ sung số liệu."
    )
    assert updated.achievement == "Thành tích đã bổ sung số liệu."
    with pytest.raises(ValidationError):
        dossiers.line_update(actor=hospital_officer, line=updated, version=updated.version, year_from=2024)
    with pytest.raises(ValidationError):
        dossiers.line_update(actor=hospital_officer, line=second, version=second.version, achievement="Sửa khác")


def test_a_return_needs_a_note_or_a_line(dossier, hospital_officer, unit_officer):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    with pytest.raises(ValidationError) as exc:
        svc.nomination_return(actor=unit_officer, nomination=dossier, version=fresh(dossier).version, note=" ")
    assert "note" in exc.value.message_dict
    assert fresh(dossier).state == State.IN_APPRAISAL


@pytest.mark.parametrize(
    "spec",
    [{"fields": ["salary"], "note": ""}, {"fields": [], "note": "Sửa giúp"}],
    ids=["unknown-field", "no-field"],
)
def test_a_return_refuses_bad_corrections_and_changes_nothing(dossier, hospital_officer, unit_officer, spec):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    with pytest.raises(ValidationError):
        svc.nomination_return(
            actor=unit_officer, nomination=dossier, version=fresh(dossier).version, corrections={line.pk: spec}
        )
    line.refresh_from_db()
    assert fresh(dossier).state == State.IN_APPRAISAL and not line.needs_correction


def test_a_line_of_another_dossier_cannot_be_flagged(
    dossier, hospital_officer, unit_officer, province, make_nomination, make_line, make_person
):
    other = ready_dossier(province.hospital, make_nomination, make_line, make_person, names=["Lê Văn Cường"])
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    with pytest.raises(ValidationError):
        svc.nomination_return(
            actor=unit_officer,
            nomination=dossier,
            version=fresh(dossier).version,
            corrections={other.lines.get().pk: {"fields": ["achievement"], "note": ""}},
        )


def test_a_resubmission_goes_back_to_the_step_that_returned_it(
    province, dossier, hospital_officer, unit_officer, province_officer
):
    to_office(dossier, hospital_officer, unit_officer)
    receive(province_officer, dossier)
    line = dossier.lines.first()
    svc.nomination_return(
        actor=province_officer,
        nomination=dossier,
        version=fresh(dossier).version,
        corrections={line.pk: {"fields": ["achievement"], "note": "Bổ sung"}},
    )
    Notification.objects.all().delete()
    n = submit(hospital_officer, dossier)
    assert n.state == State.SUBMITTED
    assert n.current_step.unit == province.home  # not back to Sở Y tế
    assert not n.lines.filter(needs_correction=True).exists()
    assert n.return_note == ""
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"cv.snv"}
    event = AuditEvent.objects.filter(action="nomination.submit").order_by("-id").first()
    assert event.data["resubmission"] is True and "Gửi lại" in event.summary
    # The office receives it again: its appraisal time starts anew.
    n = receive(province_officer, dossier)
    assert n.state == State.IN_APPRAISAL and n.due_date == working_days_after(timezone.localdate(), 10)


def test_every_transition_is_in_the_one_table():
    assert svc.TRANSITIONS == {
        (State.DRAFT, "submit"): State.SUBMITTED,
        (State.RETURNED, "submit"): State.SUBMITTED,
        (State.SUBMITTED, "withdraw"): State.DRAFT,
        (State.SUBMITTED, "receive"): State.IN_APPRAISAL,
        (State.IN_APPRAISAL, "appraise"): State.IN_APPRAISAL,
        (State.IN_APPRAISAL, "return"): State.RETURNED,
        (State.IN_APPRAISAL, "forward"): State.SUBMITTED,
        (State.IN_APPRAISAL, "complete"): State.APPRAISED,
    }


def test_the_buttons_offer_exactly_what_each_persona_may_do(
    dossier, hospital_officer, unit_officer, province_officer, other_unit_officer, leader
):
    assert svc.available_actions(hospital_officer, dossier) == ["submit"]
    assert svc.available_actions(unit_officer, dossier) == ["submit"]  # Sở Y tế covers its hospital
    assert svc.available_actions(leader, dossier) == []
    submit(hospital_officer, dossier)
    n = fresh(dossier)
    assert svc.available_actions(hospital_officer, n) == ["withdraw"]
    assert svc.available_actions(unit_officer, n) == ["withdraw", "receive"]
    assert svc.available_actions(other_unit_officer, n) == []
    receive(unit_officer, dossier)
    n = fresh(dossier)
    assert svc.available_actions(hospital_officer, n) == []
    assert svc.available_actions(unit_officer, n) == ["return", "forward"]
    accept_all(unit_officer, dossier)
    forward(unit_officer, dossier)
    receive(province_officer, dossier)
    assert svc.available_actions(province_officer, fresh(dossier)) == ["return", "complete"]
