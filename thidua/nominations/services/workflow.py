"""The route of a dossier: submit, withdraw, receive, appraise each line, return for correction,
forward (and complete at the last step).

Every state change goes through ONE table (TRANSITIONS) and ONE guarded helper (`_guard`): the
dossier row is locked, the version the user saw is compared with the stored one (two officers
acting at once: one wins, the other is told the dossier was just handled), the transition is looked
up, the permission checked; then the service moves the dossier, bumps its version, writes its audit
event and notifies the people concerned (e-mails leave after commit).

Time limits are working days on the Vietnamese calendar (thidua.core.calendar): the appraisal time
of a step counts from its receipt (Luật TĐKT 2022 and the province's rules; parameter
`appraisal_working_days`, or `appraisal_working_days_<step kind>` when the rule set defines one), the
correction time from the return (`correction_working_days`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.calendar import working_days_after
from thidua.core.notifications import notify
from thidua.core.text import vdate

from .. import checks, routing
from ..models import (
    Appraisal,
    Authority,
    Nomination,
    NominationLine,
    NominationStep,
    Outcome,
    State,
    StepKind,
    SubmissionDeadline,
)
from ..selectors import workflow as sel
from .consultation import consultation_blocker
from .dossiers import CORRECTION_FIELDS  # the one table of what a return may open (also read by forms/workflow.py)

SUBMIT, WITHDRAW, RECEIVE, APPRAISE, RETURN, FORWARD, COMPLETE = (
    "submit",
    "withdraw",
    "receive",
    "appraise",
    "return",
    "forward",
    "complete",
)

# The one table of state changes: (from state, action) → to state.
TRANSITIONS = {
    (State.DRAFT, SUBMIT): State.SUBMITTED,
    (State.RETURNED, SUBMIT): State.SUBMITTED,  # back to the step that returned it
    (State.SUBMITTED, WITHDRAW): State.DRAFT,  # only before any step received it
    (State.SUBMITTED, RECEIVE): State.IN_APPRAISAL,
    (State.IN_APPRAISAL, APPRAISE): State.IN_APPRAISAL,
    (State.IN_APPRAISAL, RETURN): State.RETURNED,
    (State.IN_APPRAISAL, FORWARD): State.SUBMITTED,  # arrives at the next step
    (State.IN_APPRAISAL, COMPLETE): State.APPRAISED,  # after the last step
}

# Vietnamese verb of each action, for messages and buttons.
VERBS = {
    SUBMIT: "gửi",
    WITHDRAW: "rút về",
    RECEIVE: "tiếp nhận",
    APPRAISE: "thẩm định",
    RETURN: "trả lại",
    FORWARD: "chuyển tiếp",
    COMPLETE: "hoàn thành thẩm định",
}

DEFAULT_APPRAISAL_DAYS = 10
DEFAULT_CORRECTION_DAYS = 5

NOT_ALLOWED = "Anh/chị không có quyền thực hiện thao tác này với hồ sơ."


class ConcurrentUpdate(ValidationError):
    """The dossier changed after the user opened it."""

    def __init__(self):
        super().__init__(
            "Hồ sơ vừa được người khác xử lý hoặc cập nhật sau khi anh/chị mở trang. "
            "Hãy tải lại trang để xem tình trạng mới — thao tác của anh/chị chưa được thực hiện."
        )


# --- Parameters and dates ------------------------------------------------------------------------


def _params() -> dict:
    from thidua.eligibility.selectors import rule_context

    return rule_context().params


def appraisal_days(kind: str) -> int:
    params = _params()
    value = params.get(f"appraisal_working_days_{kind.lower()}", params.get("appraisal_working_days"))
    return int(value if value is not None else DEFAULT_APPRAISAL_DAYS)


def correction_days() -> int:
    value = _params().get("correction_working_days")
    return int(value if value is not None else DEFAULT_CORRECTION_DAYS)


def _today() -> dt.date:
    return timezone.localdate()


def detail_url(nomination) -> str:
    return reverse("nominations:nomination_detail", args=[nomination.pk])


# --- The guard -----------------------------------------------------------------------------------


def _lock(nomination_or_pk) -> Nomination:
    pk = getattr(nomination_or_pk, "pk", nomination_or_pk)
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("proposing_unit", "deciding_unit", "current_step__unit")
        .get(pk=pk)
    )


def _has_received_ever(nomination: Nomination) -> bool:
    return nomination.steps.filter(received_at__isnull=False).exists()


def state_refusal(nomination: Nomination, action: str) -> str | None:
    """Why `action` is impossible in the dossier's current state (Vietnamese), or None."""
    if (nomination.state, action) not in TRANSITIONS:
        return f"Không thể {VERBS[action]} hồ sơ đang ở trạng thái “{nomination.get_state_display()}”."
    if action == WITHDRAW and _has_received_ever(nomination):
        return "Hồ sơ đã được tiếp nhận: không thể rút về nữa. Hãy liên hệ cơ quan đang xử lý hồ sơ."
    return None


def permission_refusal(actor, nomination: Nomination, action: str) -> str | None:
    """Why `actor` may not do `action` on the dossier (Vietnamese), or None."""
    if action == SUBMIT:
        if not actor.has_perm("nominations.edit", nomination):
            return "Chỉ cán bộ thi đua, khen thưởng của đơn vị đề nghị được gửi hồ sơ."
    elif action == WITHDRAW:
        if not actor.has_perm("nominations.create_for_unit", nomination.proposing_unit):
            return "Chỉ cán bộ thi đua, khen thưởng của đơn vị đề nghị được rút hồ sơ về."
    elif not actor.has_perm("nominations.process", nomination):
        return "Hồ sơ không ở bước xử lý của đơn vị anh/chị."
    return None


def refusal(actor, nomination: Nomination, action: str) -> str | None:
    """Why `actor` may not do `action` now, or None. The guard and the buttons of the dossier page
    both ask it, so that the page offers exactly what the services accept."""
    return state_refusal(nomination, action) or permission_refusal(actor, nomination, action)


def _guard(*, actor, nomination: Nomination, action: str, version: int | None) -> str:
    """Checks for a locked dossier, in order: may see it, saw its current version, the transition
    is possible from its state, the actor may do it. Returns the state to move to."""
    if not actor.has_perm("nominations.view", nomination):
        raise PermissionDenied(NOT_ALLOWED)
    if version is not None and int(version) != nomination.version:
        raise ConcurrentUpdate()
    reason = state_refusal(nomination, action)
    if reason:
        raise ValidationError(reason)
    reason = permission_refusal(actor, nomination, action)
    if reason:
        raise PermissionDenied(reason)
    return TRANSITIONS[(nomination.state, action)]


def _move(nomination: Nomination, to: str, *fields: str) -> None:
    nomination.state = to
    nomination.version += 1
    nomination.save(update_fields=["state", "version", "updated_at", *fields])


def _audit(actor, nomination: Nomination, action: str, summary: str, **data) -> None:
    audit(
        actor=actor,
        action=f"nomination.{action}",
        obj=nomination,
        summary=summary,
        unit=nomination.proposing_unit,
        data=data,
    )


def _notify(users, actor, text: str, nomination: Nomination) -> None:
    notify(users=[u for u in users if u.pk != actor.pk], text=text, url=detail_url(nomination))


def _arrive(nomination: Nomination, step: NominationStep, now) -> None:
    """The dossier reaches `step`: a provisional due date from arrival, replaced at receipt."""
    step.arrived_at = now
    step.due_date = working_days_after(timezone.localdate(now), appraisal_days(step.kind))
    step.save(update_fields=["arrived_at", "due_date"])
    nomination.current_step = step
    nomination.due_date = step.due_date


# --- Services ------------------------------------------------------------------------------------


def _submission_deadline(nomination: Nomination) -> dt.date | None:
    return (
        SubmissionDeadline.objects.filter(year=nomination.year, authority=nomination.authority)
        .values_list("due_date", flat=True)
        .first()
    )


def nomination_submit(*, actor, nomination: Nomination, version: int) -> Nomination:
    """Send the dossier along its route. The first submission builds the route (routing.route_for)
    and the first step receives it; a resubmission after a return goes back to the step that
    returned it and clears the correction flags. Submitting after the province's yearly deadline is
    allowed and recorded as late."""
    with transaction.atomic():
        n = _lock(nomination)
        to = _guard(actor=actor, nomination=n, action=SUBMIT, version=version)
        blockers = list(checks.submit_blockers(n))
        if not blockers and not n.lines.exists():
            blockers = ["Hồ sơ chưa có dòng đề nghị nào."]
        if blockers:
            raise ValidationError(blockers)
        now = timezone.now()
        today = timezone.localdate(now)
        resubmission = n.state == State.RETURNED
        if resubmission:
            deadline, step = n.due_date, n.current_step
            n.lines.filter(needs_correction=True).update(
                needs_correction=False, correction_fields=[], correction_note="", version=F("version") + 1
            )
        else:
            deadline = _submission_deadline(n)
            route = routing.route_for(n.proposing_unit, n.authority, n.deciding_unit)
            n.steps.all().delete()
            steps = [
                NominationStep.objects.create(nomination=n, order=i, unit=unit, kind=kind)
                for i, (unit, kind) in enumerate(route)
            ]
            step = steps[0]
            n.submitted_at = now
        late = bool(deadline and today > deadline)
        _arrive(n, step, now)
        n.return_note = "" if resubmission else n.return_note
        _move(n, to, "current_step", "due_date", "submitted_at", "return_note")
        what = "Gửi lại hồ sơ đã chỉnh sửa" if resubmission else "Gửi hồ sơ"
        late_text = f" (nộp muộn so với hạn {vdate(deadline)})" if late else ""
        _audit(
            actor,
            n,
            SUBMIT,
            f"{what} tới {step.unit.name}{late_text}",
            step=step.order,
            step_unit=step.unit.name,
            resubmission=resubmission,
            late=late,
            deadline=deadline.isoformat() if deadline else None,
            due_date=n.due_date.isoformat(),
        )
        verb = "gửi lại sau chỉnh sửa" if resubmission else "gửi"
        _notify(
            sel.step_officers(step),
            actor,
            f"Hồ sơ {n.code} của {n.proposing_unit.name} vừa được {verb}, chờ {step.unit.name} tiếp nhận.",
            n,
        )
    return n


def nomination_withdraw(*, actor, nomination: Nomination, version: int) -> Nomination:
    """Take a sent dossier back to the draft, only before any step has received it."""
    with transaction.atomic():
        n = _lock(nomination)
        to = _guard(actor=actor, nomination=n, action=WITHDRAW, version=version)
        step = n.current_step
        n.current_step = None
        n.submitted_at = None
        n.due_date = _submission_deadline(n)
        _move(n, to, "current_step", "submitted_at", "due_date")
        n.steps.all().delete()
        _audit(actor, n, WITHDRAW, "Rút hồ sơ về để sửa trước khi được tiếp nhận")
        if step is not None:
            _notify(
                sel.step_officers(step),
                actor,
                f"Hồ sơ {n.code} của {n.proposing_unit.name} đã được đơn vị rút về, không cần tiếp nhận.",
                n,
            )
    return n


def nomination_receive(*, actor, nomination: Nomination, version: int) -> Nomination:
    """The step receives the dossier: its appraisal time starts (working days from the receipt), and
    the lines still in play wait for this step's appraisal."""
    with transaction.atomic():
        n = _lock(nomination)
        to = _guard(actor=actor, nomination=n, action=RECEIVE, version=version)
        now = timezone.now()
        step = n.current_step
        step.received_at = now
        step.received_by = actor
        step.due_date = working_days_after(timezone.localdate(now), appraisal_days(step.kind))
        step.save(update_fields=["received_at", "received_by", "due_date"])
        n.due_date = step.due_date
        in_play = [line.pk for line in sel.lines_in_play(n)]
        NominationLine.objects.filter(pk__in=in_play).update(
            appraisal=Appraisal.PENDING, appraisal_reason="", appraised_by=None, appraised_at=None
        )
        _move(n, to, "due_date")
        _audit(
            actor,
            n,
            RECEIVE,
            f"{step.unit.name} tiếp nhận hồ sơ; hạn thẩm định {vdate(step.due_date)}",
            step=step.order,
            step_unit=step.unit.name,
            due_date=step.due_date.isoformat(),
        )
        _notify(
            sel.proposer_officers(n),
            actor,
            f"Hồ sơ {n.code} đã được {step.unit.name} tiếp nhận; hạn thẩm định {vdate(step.due_date)}.",
            n,
        )
    return n


def line_appraise(*, actor, line: NominationLine, decision: str, reason: str = "") -> NominationLine:
    """One line's appraisal at the current step: Đủ / Không đủ điều kiện (a reason is required for
    the latter). A line rejected at an earlier step stays rejected."""
    reason = (reason or "").strip()
    with transaction.atomic():
        n = _lock(line.nomination_id)
        _guard(actor=actor, nomination=n, action=APPRAISE, version=None)
        locked = NominationLine.objects.select_for_update().filter(pk=line.pk, nomination=n).first()
        if locked is None:
            raise ValidationError("Dòng đề nghị không còn trong hồ sơ.")
        if sel.line_is_final(locked, sel.step_opened_at(n)):
            raise ValidationError("Dòng này đã bị đánh giá không đủ điều kiện ở bước trước; không thể thẩm định lại.")
        if decision not in (Appraisal.ACCEPTED, Appraisal.REJECTED):
            raise ValidationError({"decision": "Hãy chọn “Đủ điều kiện” hoặc “Không đủ điều kiện”."})
        if decision == Appraisal.REJECTED and not reason:
            raise ValidationError({"reason": "Hãy ghi lý do không đủ điều kiện."})
        locked.appraisal = decision
        locked.appraisal_reason = reason
        locked.appraised_by = actor
        locked.appraised_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["appraisal", "appraisal_reason", "appraised_by", "appraised_at", "version"])
        n.version += 1
        n.save(update_fields=["version", "updated_at"])
        label = Appraisal(decision).label
        _audit(
            actor,
            n,
            "appraise",
            f"Dòng “{locked.subject_name} — {locked.award_type.name}”: {label}" + (f" ({reason})" if reason else ""),
            line=locked.pk,
            decision=decision,
            reason=reason,
            step=n.current_step.order,
        )
    return locked


def _clean_corrections(n: Nomination, corrections: dict | None, in_play: dict[int, NominationLine]) -> dict:
    cleaned, errors = {}, []
    for raw_id, spec in (corrections or {}).items():
        try:
            line_id = int(raw_id)
        except (TypeError, ValueError):
            errors.append("Dòng đề nghị không hợp lệ.")
            continue
        line = in_play.get(line_id)
        if line is None:
            errors.append("Chỉ được yêu cầu sửa các dòng còn đang được xét trong hồ sơ này.")
            continue
        fields = list(dict.fromkeys((spec or {}).get("fields") or []))
        unknown = [f for f in fields if f not in CORRECTION_FIELDS]
        if unknown:
            errors.append(f"Nội dung cần sửa không hợp lệ: {', '.join(unknown)}.")
            continue
        if not fields:
            errors.append(f"Dòng “{line.subject_name}”: hãy đánh dấu ít nhất một nội dung cần sửa.")
            continue
        cleaned[line_id] = {"fields": fields, "note": ((spec or {}).get("note") or "").strip()}
    if errors:
        raise ValidationError({"corrections": errors})
    return cleaned


def nomination_return(
    *, actor, nomination: Nomination, version: int, note: str = "", corrections: dict | None = None
) -> Nomination:
    """Return the dossier to the proposing unit for correction, with notes on the exact lines and
    fields to fix: only those become editable. The unit has `correction_working_days` to resubmit;
    the dossier then comes back to this step."""
    note = (note or "").strip()
    with transaction.atomic():
        n = _lock(nomination)
        to = _guard(actor=actor, nomination=n, action=RETURN, version=version)
        in_play = {line.pk: line for line in sel.lines_in_play(n)}
        cleaned = _clean_corrections(n, corrections, in_play)
        if not cleaned and not note:
            raise ValidationError({"note": "Hãy ghi ý kiến chung hoặc chọn ít nhất một dòng cần sửa."})
        n.lines.filter(needs_correction=True).exclude(pk__in=list(cleaned)).update(
            needs_correction=False, correction_fields=[], correction_note=""
        )
        for line_id, spec in cleaned.items():
            line = in_play[line_id]
            line.needs_correction = True
            line.correction_fields = spec["fields"]
            line.correction_note = spec["note"]
            line.version += 1
            line.save(update_fields=["needs_correction", "correction_fields", "correction_note", "version"])
        step = n.current_step
        n.return_note = note
        n.due_date = working_days_after(_today(), correction_days())
        _move(n, to, "return_note", "due_date")
        _audit(
            actor,
            n,
            RETURN,
            f"{step.unit.name} trả lại hồ sơ để chỉnh sửa ({len(cleaned)} dòng); hạn nộp lại {vdate(n.due_date)}",
            step=step.order,
            step_unit=step.unit.name,
            note=note,
            lines={str(k): v for k, v in cleaned.items()},
            due_date=n.due_date.isoformat(),
        )
        _notify(
            sel.proposer_officers(n),
            actor,
            f"Hồ sơ {n.code} bị {step.unit.name} trả lại để chỉnh sửa ({len(cleaned)} dòng cần sửa); "
            f"hạn nộp lại {vdate(n.due_date)}.",
            n,
        )
    return n


def next_step(n: Nomination) -> NominationStep | None:
    if n.current_step_id is None:
        return None
    return n.steps.filter(order=n.current_step.order + 1).select_related("unit").first()


def nomination_forward(*, actor, nomination: Nomination, version: int) -> Nomination:
    """Send the appraised dossier on: to the next step, or — after the last one — to "appraised":
    the council's queue for the provincial chairman's and the State's awards, the deciding head for
    a unit head's award. Every line in play must be appraised and at least one accepted; at the
    commendation office the public consultation must be over (consultation_blocker)."""
    with transaction.atomic():
        n = _lock(nomination)
        nxt = next_step(n)
        action = FORWARD if nxt is not None else COMPLETE
        to = _guard(actor=actor, nomination=n, action=action, version=version)
        problems = sel.forward_problems(n)
        if problems:
            raise ValidationError(problems)
        step = n.current_step
        if step.kind == StepKind.OFFICE:
            blocker = consultation_blocker(n)
            if blocker:
                raise ValidationError(blocker)
        now = timezone.now()
        step.completed_at = now
        step.save(update_fields=["completed_at"])
        accepted = n.lines.filter(appraisal=Appraisal.ACCEPTED).count()
        if nxt is not None:
            _arrive(n, nxt, now)
            _move(n, to, "current_step", "due_date")
            _audit(
                actor,
                n,
                FORWARD,
                f"{step.unit.name} chuyển tiếp hồ sơ ({accepted} dòng đủ điều kiện) tới {nxt.unit.name}",
                step=step.order,
                step_unit=step.unit.name,
                next_unit=nxt.unit.name,
                accepted=accepted,
            )
            _notify(
                sel.step_officers(nxt),
                actor,
                f"Hồ sơ {n.code} của {n.proposing_unit.name} được {step.unit.name} chuyển tới, chờ tiếp nhận.",
                n,
            )
        else:
            n.due_date = None
            _move(n, to, "due_date")
            where = (
                "chờ thủ trưởng cơ quan, đơn vị quyết định"
                if n.authority == Authority.UNIT_HEAD
                else "chuyển Hội đồng Thi đua – Khen thưởng xét"
            )
            _audit(
                actor,
                n,
                COMPLETE,
                f"{step.unit.name} hoàn thành thẩm định ({accepted} dòng đủ điều kiện), {where}",
                step=step.order,
                step_unit=step.unit.name,
                accepted=accepted,
            )
            _notify(
                sel.proposer_officers(n),
                actor,
                f"Hồ sơ {n.code} đã hoàn thành thẩm định: {accepted} dòng đủ điều kiện, {where}.",
                n,
            )
    return n


# --- What the page offers -------------------------------------------------------------------------

BUTTON_ACTIONS = (SUBMIT, WITHDRAW, RECEIVE, RETURN, FORWARD)


def available_actions(actor, nomination: Nomination) -> list[str]:
    """The transitions `actor` may start on `nomination` now (FORWARD stands for COMPLETE at the
    last step)."""
    out = []
    for action in BUTTON_ACTIONS:
        key = action
        if action == FORWARD and nomination.state == State.IN_APPRAISAL:
            key = FORWARD if next_step(nomination) is not None else COMPLETE
        if (nomination.state, key) not in TRANSITIONS or permission_refusal(actor, nomination, key):
            continue
        if state_refusal(nomination, key) is None:
            out.append(key)
    return out


# --- After the council and the decisions -----------------------------------------------------------

# Outcomes of an accepted line still waiting at the province: not yet voted, or passed and waiting
# for its decision (or submission upward).
OPEN_HERE = (Outcome.PENDING, Outcome.PASSED)


def settle_dossiers(nomination_ids) -> None:
    """Dossier states after their lines moved on (a vote closed, a decision or submission issued, a
    higher decision recorded): SUBMITTED_UP once none of the accepted lines waits here and some wait
    for the higher authority; DECIDED once none waits at all — also when the council passed none.
    Runs inside the caller's transaction."""
    from django.db.models import Exists, OuterRef

    accepted = NominationLine.objects.filter(nomination=OuterRef("pk"), appraisal=Appraisal.ACCEPTED)
    here = accepted.filter(outcome__in=OPEN_HERE)
    up = accepted.filter(outcome=Outcome.SUBMITTED_UP)
    settled = Nomination.objects.filter(pk__in=list(nomination_ids), state__in=(State.APPRAISED, State.SUBMITTED_UP))
    settled = settled.exclude(Exists(here))
    now = timezone.now()
    settled.filter(Exists(up)).exclude(state=State.SUBMITTED_UP).update(
        state=State.SUBMITTED_UP, version=F("version") + 1, updated_at=now
    )
    settled.exclude(Exists(up)).exclude(state=State.DECIDED).update(
        state=State.DECIDED, version=F("version") + 1, updated_at=now
    )
