"""Reads of meetings, their agenda, attendance, rolls and results, scoped to the actor.

Nothing here ever reads a secret ballot of one member: secret choices are only counted, and only
by `vote_close`. The roll (who has voted, in which mode) is not secret.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from thidua.catalog.selectors import NotInForce, rule_parameter, rule_set_on
from thidua.nominations.selectors.workflow import council_queue_lines

from ..models import (
    AgendaItem,
    Attendance,
    CouncilMember,
    Meeting,
    MeetingState,
    Presence,
    VoteRoll,
    VoteState,
)
from ..rules import seat_of
from ..tally import Quorum

OPEN_MEETING_STATES = (MeetingState.PREPARING, MeetingState.IN_SESSION)


def meeting_day(meeting) -> dt.date:
    return timezone.localtime(meeting.held_at).date() if timezone.is_aware(meeting.held_at) else meeting.held_at.date()


# --- Lists -----------------------------------------------------------------------------------------


def meeting_scope(*, actor):
    """Meetings the actor may see: every meeting for the secretariat, their councils' meetings for
    a member, none for anybody else (a unit officer sees nothing of the council)."""
    if not actor.has_perm("council.view"):
        return Meeting.objects.none()
    if actor.has_perm("council.manage"):
        return Meeting.objects.all()
    return Meeting.objects.filter(council__members__user=actor, council__members__active=True)


def meeting_list(*, actor, filters: dict | None = None):
    """Meetings with their agenda counts, newest first; filters: state, year, council, q (one query)."""
    filters = filters or {}
    qs = meeting_scope(actor=actor)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("year"):
        qs = qs.filter(held_at__year=filters["year"])
    if filters.get("council"):
        qs = qs.filter(council_id=filters["council"])
    for word in (filters.get("q") or "").split():
        qs = qs.filter(title__icontains=word)
    return (
        qs.select_related("council")
        .annotate(
            n_items=Count("items", distinct=True),
            n_open=Count("items", filter=Q(items__vote_state=VoteState.OPEN), distinct=True),
            n_closed=Count("items", filter=Q(items__vote_state=VoteState.CLOSED), distinct=True),
            n_passed=Count("items", filter=Q(items__passed=True), distinct=True),
        )
        .order_by("-held_at", "-id")
    )


def meeting_years(*, actor) -> list[int]:
    return sorted({d.year for d in meeting_scope(actor=actor).dates("held_at", "year")}, reverse=True)


def meeting_get(*, actor, pk: int) -> Meeting:
    """The meeting if the actor may see it; 404 otherwise (its existence is not disclosed)."""
    meeting = Meeting.objects.select_related("council", "council__unit").filter(pk=pk).first()
    if meeting is None or not actor.has_perm("council.view_meeting", meeting):
        raise Http404("Không tìm thấy phiên họp.")
    return meeting


def item_get(*, actor, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "meeting__council", "award_type", "line").filter(pk=pk).first()
    if item is None or not actor.has_perm("council.view_meeting", item.meeting):
        raise Http404("Không tìm thấy nội dung biểu quyết.")
    return item


# --- Quorum and rules ------------------------------------------------------------------------------


def quorum_status(meeting) -> Quorum:
    """Present (in person) active members over all active members, against `council_quorum` of the
    rule set in force on the meeting date. Raises ValidationError when no rule set applies."""
    counts = CouncilMember.objects.filter(council_id=meeting.council_id, active=True).aggregate(
        total=Count("pk", distinct=True),
        present=Count(
            "attendance",
            filter=Q(attendance__meeting_id=meeting.pk, attendance__presence=Presence.PRESENT),
            distinct=True,
        ),
    )
    try:
        required = Decimal(str(rule_parameter(rule_set_on(meeting_day(meeting)), "council_quorum")))
    except NotInForce as exc:
        raise ValidationError(str(exc)) from exc
    return Quorum(present=counts["present"], total=counts["total"], required=required)


# --- The agenda ------------------------------------------------------------------------------------


def candidate_lines():
    """The council's queue (one definition, in nominations: the queue screen and the agenda agree)."""
    return council_queue_lines()


def agenda_candidates(*, actor) -> list[tuple]:
    """[(award_type, [lines])] of the council's queue, in the catalogue's order (one query)."""
    if not actor.has_perm("council.manage"):
        return []
    lines = (
        candidate_lines()
        .select_related("award_type", "nomination", "nomination__proposing_unit")
        .order_by("award_type__sort_order", "award_type__code", "nomination_id", "sort_order", "id")
    )
    groups: OrderedDict[int, tuple] = OrderedDict()
    for line in lines:
        groups.setdefault(line.award_type_id, (line.award_type, []))[1].append(line)
    return list(groups.values())


@dataclass
class ItemGroup:
    award_type: object
    items: list = field(default_factory=list)

    @property
    def pending(self):
        return [i for i in self.items if i.vote_state == VoteState.PENDING]

    @property
    def open(self):
        return [i for i in self.items if i.vote_state == VoteState.OPEN]


def agenda_groups(meeting, *, with_roll: bool = False) -> list[ItemGroup]:
    """The meeting's items grouped by award type (one query; two with the rolls of closed items)."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("award_type", "line", "line__nomination", "line__nomination__proposing_unit")
        .annotate(n_roll=Count("roll"))
        .order_by("award_type__sort_order", "award_type__code", "sort_order", "id")
    )
    if with_roll:
        rolls: dict[int, list] = {}
        closed = [i.pk for i in items if i.vote_state == VoteState.CLOSED]
        if closed:
            for row in (
                VoteRoll.objects.filter(item_id__in=closed)
                .select_related("member")
                .order_by("member__sort_order", "member_id")
            ):
                rolls.setdefault(row.item_id, []).append(row)
        for item in items:
            item.roll_rows = rolls.get(item.pk, [])
    groups: OrderedDict[int, ItemGroup] = OrderedDict()
    for item in items:
        groups.setdefault(item.award_type_id, ItemGroup(item.award_type)).items.append(item)
    return list(groups.values())


def attendance_rows(meeting) -> list[tuple]:
    """[(member, presence)] for every active member of the council (one query each)."""
    members = list(
        CouncilMember.objects.filter(council_id=meeting.council_id, active=True).order_by("sort_order", "id")
    )
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "presence"))
    return [(m, marks.get(m.pk, Presence.ABSENT)) for m in members]


def attendance_counts(rows) -> dict:
    counts = {p: 0 for p in Presence.values}
    for _, presence in rows:
        counts[presence] += 1
    return {
        "total": len(rows),
        "present": counts[Presence.PRESENT],
        "written": counts[Presence.ABSENT_WRITTEN],
        "absent": counts[Presence.ABSENT],
    }


def presiding_member(meeting):
    """The chair of the council, else its standing vice-chair (for the minutes)."""
    from ..models import MemberRole

    seats = CouncilMember.objects.filter(
        council_id=meeting.council_id, active=True, role__in=(MemberRole.CHAIR, MemberRole.STANDING_VICE_CHAIR)
    )
    return min(seats, key=lambda s: (s.role != MemberRole.CHAIR, s.sort_order, s.pk), default=None)


# --- A member's ballot sheet -----------------------------------------------------------------------


@dataclass
class BallotSheet:
    seat: object
    presence: str
    items: list
    closed: list


def ballot_sheet(*, actor, meeting) -> BallotSheet:
    """The actor's open items with their own roll row (never a secret choice), and the results of
    the items already closed (counts only)."""
    seat = seat_of(actor, meeting.council_id)
    presence = Presence.ABSENT
    if seat is not None:
        presence = (
            Attendance.objects.filter(meeting=meeting, member=seat).values_list("presence", flat=True).first()
            or Presence.ABSENT
        )
    items = list(
        AgendaItem.objects.filter(meeting=meeting, vote_state__in=(VoteState.OPEN, VoteState.CLOSED))
        .select_related("award_type", "line")
        .order_by("award_type__sort_order", "award_type__code", "sort_order", "id")
    )
    mine = {}
    if seat is not None:
        mine = {r.item_id: r for r in VoteRoll.objects.filter(item__meeting=meeting, member=seat)}
    for item in items:
        item.my_roll = mine.get(item.pk)
    return BallotSheet(
        seat=seat,
        presence=presence,
        items=[i for i in items if i.vote_state == VoteState.OPEN],
        closed=[i for i in items if i.vote_state == VoteState.CLOSED],
    )


def sheet_row(*, actor, item) -> AgendaItem:
    """One item of the ballot sheet, with the actor's roll row."""
    seat = seat_of(actor, item.meeting.council_id)
    item.my_roll = VoteRoll.objects.filter(item=item, member=seat).first() if seat else None
    return item


def written_candidates(item) -> list:
    """Active members marked absent with a written opinion who are not yet on the item's roll."""
    on_roll = VoteRoll.objects.filter(item=item).values("member_id")
    return list(
        CouncilMember.objects.filter(
            council_id=item.meeting.council_id,
            active=True,
            attendance__meeting_id=item.meeting_id,
            attendance__presence=Presence.ABSENT_WRITTEN,
        )
        .exclude(pk__in=on_roll)
        .order_by("sort_order", "id")
    )


__all__ = [
    "BallotSheet",
    "ItemGroup",
    "agenda_candidates",
    "agenda_groups",
    "attendance_counts",
    "attendance_rows",
    "ballot_sheet",
    "candidate_lines",
    "item_get",
    "meeting_day",
    "meeting_get",
    "meeting_list",
    "meeting_scope",
    "meeting_years",
    "presiding_member",
    "quorum_status",
    "sheet_row",
    "written_candidates",
]
