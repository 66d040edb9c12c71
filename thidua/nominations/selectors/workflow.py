"""Reads for the route of a dossier: who is concerned at a step, which lines are still in play, the
timeline, the officer's inbox, the overdue board of the commendation office and the council queue.

Every list is scoped to the actor and runs in a fixed number of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from thidua.accounts.models import Role, User
from thidua.accounts.selectors import scope_paths, user_roles
from thidua.core.calendar import province_days_off, working_days_between
from thidua.core.models import AuditEvent
from thidua.org.models import Unit

from ..models import Appraisal, Authority, Nomination, NominationLine, NominationStep, Outcome, State, StepKind

AT_STEP_STATES = (State.SUBMITTED, State.IN_APPRAISAL)
INBOX_LIMIT = 100
NOMINATION_OBJECT_TYPE = Nomination._meta.label_lower


def unit_officers(unit: Unit) -> list[User]:
    """The unit officers concerned by `unit`: a role on it or on one of its ancestors below the province."""
    ids = unit.ancestor_ids()[1:] or ([unit.pk] if unit.parent_id else [])
    if not ids:
        return []
    return list(
        User.objects.filter(is_active=True, roles__role=Role.UNIT_OFFICER, roles__unit_id__in=ids)
        .distinct()
        .order_by("pk")
    )


def province_officers() -> list[User]:
    return list(
        User.objects.filter(is_active=True, roles__role=Role.PROVINCE_OFFICER).distinct().order_by("pk"),
    )


def step_officers(step: NominationStep) -> list[User]:
    """Who handles the dossier at `step`: the officers of its unit, and the province for the office's step."""
    users = unit_officers(step.unit)
    if step.kind == StepKind.OFFICE:
        known = {u.pk for u in users}
        users += [u for u in province_officers() if u.pk not in known]
    return users


def proposer_officers(nomination: Nomination) -> list[User]:
    return unit_officers(nomination.proposing_unit)


# --- Lines in play -------------------------------------------------------------------------------


def step_opened_at(nomination: Nomination) -> dt.datetime | None:
    """When the dossier left the previous step (None at the first step). A line rejected before that
    moment was rejected at an earlier step: that rejection is final. Cached on the instance."""
    cached = getattr(nomination, "_wf_opened_at", "unset")
    if cached != "unset":
        return cached
    step = nomination.current_step if nomination.current_step_id else None
    opened = None
    if step is not None and step.order > 0:
        opened = (
            NominationStep.objects.filter(nomination_id=nomination.pk, order=step.order - 1)
            .values_list("completed_at", flat=True)
            .first()
        )
    nomination._wf_opened_at = opened
    return opened


def line_is_final(line: NominationLine, opened_at: dt.datetime | None) -> bool:
    """Rejected at an earlier step: final, read-only, out of play."""
    return (
        line.appraisal == Appraisal.REJECTED
        and opened_at is not None
        and line.appraised_at is not None
        and line.appraised_at <= opened_at
    )


def lines_in_play(nomination: Nomination, lines=None) -> list[NominationLine]:
    lines = list(nomination.lines.all()) if lines is None else list(lines)
    if nomination.state == State.APPRAISED:
        return [line for line in lines if line.appraisal == Appraisal.ACCEPTED]
    opened = step_opened_at(nomination)
    return [line for line in lines if not line_is_final(line, opened)]


def forward_problems(nomination: Nomination, lines=None) -> list[str]:
    """Why the dossier may not leave its step yet (Vietnamese), empty when it may."""
    in_play = lines_in_play(nomination, lines)
    if not in_play:
        return ["Hồ sơ không còn dòng đề nghị nào để thẩm định."]
    problems = []
    pending = [line for line in in_play if line.appraisal == Appraisal.PENDING]
    if pending:
        names = ", ".join(line.subject_name for line in pending[:5]) + ("…" if len(pending) > 5 else "")
        problems.append(f"Còn {len(pending)} dòng chưa thẩm định: {names}.")
    elif not any(line.appraisal == Appraisal.ACCEPTED for line in in_play):
        problems.append("Không có dòng nào đủ điều kiện: hãy trả lại hồ sơ cho đơn vị đề nghị thay vì chuyển tiếp.")
    return problems


# --- Timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: str
    action: str
    label: str
    summary: str
    late: bool
    deadline: str  # dd/mm/yyyy of the deadline missed, when late


def nomination_timeline(nomination: Nomination) -> list[TimelineEntry]:
    """The dossier's audit events, oldest first, with who did what (one query)."""
    events = (
        AuditEvent.objects.filter(object_type=NOMINATION_OBJECT_TYPE, object_id=str(nomination.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    out = []
    for event in events:
        data = event.data or {}
        deadline = ""
        if data.get("deadline"):
            try:
                deadline = dt.date.fromisoformat(data["deadline"]).strftime("%d/%m/%Y")
            except (TypeError, ValueError):
                deadline = str(data["deadline"])
        out.append(
            TimelineEntry(
                at=event.at,
                actor=str(event.actor) if event.actor_id else "Hệ thống",
                action=event.action,
                label=event.action_label,
                summary=event.summary,
                late=bool(data.get("late")),
                deadline=deadline,
            )
        )
    return out


# --- Inbox ---------------------------------------------------------------------------------------


def _is_province_wide(actor) -> bool:
    return scope_paths(actor) is None


def _officer_paths(actor) -> list[str]:
    """Subtrees the actor works for as an officer (unit officer or provincial officer roles)."""
    return sorted({ra.unit.path for ra in user_roles(actor) if ra.role in (Role.UNIT_OFFICER, Role.PROVINCE_OFFICER)})


def _prefix_q(field_name: str, paths: list[str]) -> Q:
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def _inbox_filters(actor) -> dict[str, Q] | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    paths = _officer_paths(actor)
    province = _is_province_wide(actor)
    if not paths and not province:
        return None
    at_step = _prefix_q("current_step__unit__path", paths)
    if province:
        at_step |= Q(current_step__kind=StepKind.OFFICE)
    own = _prefix_q("proposing_unit__path", paths)
    return {
        "at_step": Q(state__in=AT_STEP_STATES) & at_step,
        "returned": Q(state=State.RETURNED) & own,
        "drafts": Q(state=State.DRAFT) & own,
    }


@dataclass
class Inbox:
    at_step: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"at_step": 0, "returned": 0, "drafts": 0})
    officer: bool = False  # the actor has an officer role: the inbox applies to them

    @property
    def waiting(self) -> int:
        return self.counts["at_step"] + self.counts["returned"]


def inbox_counts(*, actor) -> dict[str, int]:
    """How many dossiers wait at the actor's steps, were returned to their units, are drafted (one query)."""
    filters = _inbox_filters(actor)
    if filters is None:
        return {"at_step": 0, "returned": 0, "drafts": 0}
    return Nomination.objects.filter(state__in=(*AT_STEP_STATES, State.RETURNED, State.DRAFT)).aggregate(
        **{key: Count("pk", filter=q) for key, q in filters.items()}
    )


def waiting_count(*, actor, cap: int | None = None) -> int:
    """Dossiers waiting for the actor's action: at their steps or returned to their units (two
    queries on every page's header, none for users without an officer role). Both start from the
    few units in the actor's scope and walk the indexes outward (units → their open steps → the
    dossiers whose current step it is), never from the whole dossier table."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    paths = _officer_paths(actor)
    province = _is_province_wide(actor)
    if not paths and not province:
        return 0
    units = Unit.objects.filter(_prefix_q("path", paths)).values("pk")
    steps = Q(unit__in=units)
    if province:
        steps |= Q(unit__in=Unit.objects.filter(is_commendation_office=True).values("pk"), kind=StepKind.OFFICE)
    open_steps = NominationStep.objects.filter(steps, completed_at__isnull=True, arrived_at__isnull=False).values("pk")
    at_step = Nomination.objects.filter(current_step__in=open_steps, state__in=AT_STEP_STATES)
    returned = Nomination.objects.filter(proposing_unit__in=units, state=State.RETURNED) if paths else None
    if cap is not None:  # the header's badge: stop counting at `cap` ("99+")
        at_step = at_step[:cap]
        returned = returned[:cap] if returned is not None else None
    total = at_step.count() + (returned.count() if returned is not None else 0)
    return min(total, cap) if cap is not None else total


def inbox(*, actor) -> Inbox:
    """What waits for the actor: dossiers at their steps, their units' returned dossiers and drafts
    (each list up to INBOX_LIMIT, most urgent first; four queries)."""
    filters = _inbox_filters(actor)
    if filters is None:
        return Inbox()
    result = Inbox(counts=inbox_counts(actor=actor), officer=True)
    base = Nomination.objects.select_related("proposing_unit", "current_step__unit").order_by(
        F("due_date").asc(nulls_last=True), "id"
    )
    for key, q in filters.items():
        setattr(result, key, list(base.filter(q)[:INBOX_LIMIT]))
    return result


# --- Overdue board (the commendation office) ------------------------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    nomination: Nomination
    days_late: int  # working days since the due date
    returned: bool


@dataclass
class OverdueGroup:
    unit: Unit
    returned: bool  # True: dossiers the unit must correct; False: dossiers waiting at the unit's step
    rows: list = field(default_factory=list)


def overdue(*, actor, today: dt.date | None = None) -> list[OverdueGroup]:
    """Dossiers past their due date at a step or waiting for correction, grouped by the unit holding
    them, most late first; for the province only. Two queries (days off, dossiers)."""
    if not actor.has_perm("nominations.view_overdue"):
        return []
    today = today or timezone.localdate()
    days_off = province_days_off()
    dossiers = (
        Nomination.objects.filter(state__in=(State.SUBMITTED, State.IN_APPRAISAL, State.RETURNED), due_date__lt=today)
        .select_related("proposing_unit", "current_step__unit")
        .order_by("due_date", "id")
    )
    groups: OrderedDict[tuple[int, bool], OverdueGroup] = OrderedDict()
    for n in dossiers:
        returned = n.state == State.RETURNED or n.current_step_id is None
        unit = n.proposing_unit if returned else n.current_step.unit
        group = groups.setdefault((unit.pk, returned), OverdueGroup(unit=unit, returned=returned))
        group.rows.append(
            OverdueRow(nomination=n, days_late=working_days_between(n.due_date, today, days_off), returned=returned)
        )
    return sorted(groups.values(), key=lambda g: (g.returned, g.unit.path))


# --- Council queue -------------------------------------------------------------------------------


def may_view_council_queue(actor) -> bool:
    return actor.has_perm("nominations.view_council_queue")


@dataclass
class CouncilQueue:
    nominations: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # [(AwardType, [NominationLine, …]), …]

    @property
    def line_count(self) -> int:
        return sum(len(lines) for _, lines in self.groups)


def council_queue_lines():
    """The council's queue: accepted lines, not yet voted, of appraised dossiers for the provincial
    chairman or the State, that are not on the agenda of a meeting still open (a meeting that closed
    without voting on a line gives it back) and not under or past a vote. The council's agenda is
    built from the same lines."""
    return (
        NominationLine.objects.filter(
            nomination__state=State.APPRAISED,
            nomination__authority__in=(Authority.PROVINCE_CHAIR, Authority.STATE),
            appraisal=Appraisal.ACCEPTED,
            outcome=Outcome.PENDING,
        )
        .exclude(agenda_items__meeting__state__in=("PREPARING", "IN_SESSION"))
        .exclude(agenda_items__vote_state__in=("OPEN", "CLOSED"))
    )


def council_queue(*, actor) -> CouncilQueue:
    """The council's queue (`council_queue_lines`) grouped by award type, and the dossiers they come
    from (one query). For the province and the council's members."""
    if not may_view_council_queue(actor):
        return CouncilQueue()
    lines = list(
        council_queue_lines()
        .select_related("award_type", "nomination__proposing_unit")
        .order_by("award_type__sort_order", "award_type__code", "nomination_id", "sort_order", "id")
    )
    dossiers = {line.nomination_id: line.nomination for line in lines}
    groups: OrderedDict[int, tuple] = OrderedDict()
    for line in lines:
        groups.setdefault(line.award_type_id, (line.award_type, []))[1].append(line)
    ordered = sorted(dossiers.values(), key=lambda n: (n.authority, n.proposing_unit.path, n.pk))
    return CouncilQueue(nominations=ordered, groups=list(groups.values()))


# --- The province's calendar ---------------------------------------------------------------------


def submission_deadlines():
    from ..models import SubmissionDeadline

    return SubmissionDeadline.objects.order_by("-year", "authority")


def days_off():
    from thidua.core.models import DayOff

    return DayOff.objects.order_by("-date")


def national_holidays(year: int) -> list[tuple[dt.date, str]]:
    """The public holidays (Tết included) the `holidays` package gives for Việt Nam in `year`."""
    import holidays

    return sorted(holidays.country_holidays("VN", years=year).items())
