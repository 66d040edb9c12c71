"""Reads of movements, scoped to the actor (out of scope → 404), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from thidua.accounts.selectors import scope_paths, scope_q
from thidua.core.text import fold_vi

from ..models import Level, Movement, Participation, State, Target


def _visible_q(actor) -> Q:
    """National movements; provincial ones once launched (all of them for the province); the
    movements of units in the actor's scope."""
    paths = scope_paths(actor)
    if paths is None:
        return Q()
    q = Q(level=Level.NATIONAL) | (Q(level=Level.PROVINCE) & ~Q(state=State.DRAFT))
    if paths:
        q |= Q(level=Level.UNIT) & scope_q(actor, "launching_unit__")
    return q


def movement_list(*, actor, filters: dict | None = None):
    """Movements the actor may see, newest first. filters: q (name or slogan, with or without
    diacritics), level, state, kind, year (period overlapping it), mine (units in scope only)."""
    filters = filters or {}
    qs = Movement.objects.filter(_visible_q(actor)).select_related("launching_unit", "document", "parent")
    if filters.get("q"):
        for word in fold_vi(filters["q"]).split():
            qs = qs.filter(search_text__contains=word)
    for key in ("level", "state", "kind"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("year"):
        year = int(filters["year"])
        qs = qs.filter(
            Q(period_start__isnull=True) | Q(period_start__lte=dt.date(year, 12, 31)),
            Q(period_end__isnull=True) | Q(period_end__gte=dt.date(year, 1, 1)),
        )
    if filters.get("top_only"):
        qs = qs.exclude(level=Level.UNIT, parent__isnull=False)
    return qs.annotate(n_participants=Count("participations", distinct=True)).order_by("level", "-period_start", "-id")


def movement_get(*, actor, pk: int) -> Movement:
    movement = (
        Movement.objects.filter(pk=pk)
        .select_related("launching_unit", "document", "parent", "standing_agency", "participation_cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("order", "id")),
            "award_offers__award_type",
            "signature_works",
            "participation_units",
        )
        .first()
    )
    if movement is None or not actor.has_perm("movements.view", movement):
        raise Http404("Không tìm thấy phong trào.")
    return movement


@dataclass
class AnswerBoard:
    """Who has answered a launched movement, who has not, who is late."""

    total: int = 0
    answered: int = 0
    answered_late: int = 0
    pending: int = 0
    overdue: int = 0
    rows: list = field(default_factory=list)

    @property
    def answered_share(self) -> float:
        return self.answered / self.total if self.total else 0.0


ANSWER_STATUS = {
    "answered": "Đã gửi kế hoạch",
    "late": "Gửi muộn",
    "drafting": "Đang soạn",
    "pending": "Chưa gửi",
    "overdue": "Quá hạn, chưa gửi",
}


def participation_status(p: Participation, today: dt.date) -> str:
    if p.answered_at:
        if p.deadline and timezone.localtime(p.answered_at).date() > p.deadline:
            return "late"
        return "answered"
    if p.deadline and today > p.deadline:
        return "overdue"
    return "drafting" if p.plan_id else "pending"


def answer_board(*, actor, movement: Movement, status: str = "", q: str = "") -> AnswerBoard:
    """Every participating unit in the actor's scope with the state of its answer; two queries
    whatever the number of units."""
    today = timezone.localdate()
    qs = (
        Participation.objects.filter(movement=movement)
        .filter(scope_q(actor, "unit__"))
        .select_related("unit")
        .order_by("unit__path")
    )
    if q:
        for word in fold_vi(q).split():
            qs = qs.filter(unit__search_text__contains=word)
    board = AnswerBoard()
    for p in qs:
        st = participation_status(p, today)
        board.total += 1
        if st in ("answered", "late"):
            board.answered += 1
        if st == "late":
            board.answered_late += 1
        if st in ("pending", "drafting", "overdue"):
            board.pending += 1
        if st == "overdue":
            board.overdue += 1
        if not status or status == st or (status == "not_answered" and st in ("pending", "drafting", "overdue")):
            board.rows.append((p, st, ANSWER_STATUS[st]))
    return board


def duties_for(*, actor, open_only: bool = True):
    """The duties to answer of the units in the actor's scope (unit officers' to-do list)."""
    qs = (
        Participation.objects.filter(scope_q(actor, "unit__"))
        .select_related("movement", "unit", "plan")
        .order_by("answered_at", "deadline", "-id")
    )
    if open_only:
        qs = qs.filter(answered_at__isnull=True, movement__state__in=(State.LAUNCHED, State.UNDER_WAY))
    return qs


def participation_get(*, actor, pk: int) -> Participation:
    p = Participation.objects.select_related("movement", "unit", "plan").filter(pk=pk).first()
    if (
        p is None
        or not actor.has_perm("movements.act_for_unit", p.unit)
        and not actor.has_perm("movements.manage", p.movement)
    ):
        raise Http404("Không tìm thấy.")
    return p


def national_movements():
    return Movement.objects.filter(level=Level.NATIONAL).order_by("name")


def parent_choices(*, actor):
    """Movements a new movement may belong to: national ones and launched provincial ones."""
    return Movement.objects.filter(
        Q(level=Level.NATIONAL) | Q(level=Level.PROVINCE, state__in=(State.LAUNCHED, State.UNDER_WAY))
    ).order_by("level", "name")


# --- Public (no login) ----------------------------------------------------------------------------

PUBLIC_STATES = (State.LAUNCHED, State.UNDER_WAY, State.IN_REVIEW, State.CLOSED)


def public_movement_list(*, q: str = "", year: int | None = None):
    qs = Movement.objects.filter(level=Level.PROVINCE, state__in=PUBLIC_STATES).select_related("document")
    if q:
        for word in fold_vi(q).split():
            qs = qs.filter(search_text__contains=word)
    if year:
        qs = qs.filter(
            Q(period_start__isnull=True) | Q(period_start__lte=dt.date(year, 12, 31)),
            Q(period_end__isnull=True) | Q(period_end__gte=dt.date(year, 1, 1)),
        )
    return qs.order_by("-period_start", "-id")


def public_movement_get(*, pk: int) -> Movement:
    movement = (
        Movement.objects.filter(pk=pk, level=Level.PROVINCE, state__in=PUBLIC_STATES)
        .select_related("document", "launching_unit", "parent")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("order", "id")))
        .first()
    )
    if movement is None:
        raise Http404("Không tìm thấy phong trào.")
    return movement
