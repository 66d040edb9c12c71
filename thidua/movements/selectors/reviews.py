"""Reads of reviews, scoped to the actor: the reviews of a movement, one review with what its report
says (participation, target achievement on the review date, signature works, awards)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from thidua.accounts.selectors import scope_q

from ..models import Level, Movement, Review, ReviewKind, SignatureWork
from .progress import MovementProgress, TargetProgress, covers_movement, movement_progress


def review_list(*, actor, movement: Movement):
    """The movement's reviews, newest first (404 when the actor may not see the movement)."""
    if not actor.has_perm("movements.view", movement):
        raise Http404("Không tìm thấy phong trào.")
    return Review.objects.filter(movement=movement).select_related("created_by").order_by("-date", "-id")


def review_get(*, actor, pk: int) -> Review:
    review = (
        Review.objects.select_related(
            "movement__launching_unit", "movement__document", "movement__parent", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not actor.has_perm("movements.view", review.movement):
        raise Http404("Không tìm thấy sơ kết, tổng kết.")
    return review


@dataclass
class ReviewSummary:
    """What the review page and the review report show, computed on the review date (today at the
    latest): the participation, each target's latest (rolled-up) value against the target, the units'
    signature works, the awards proposed and given."""

    review: Review
    progress: MovementProgress
    works: list[SignatureWork] = field(default_factory=list)

    @property
    def movement(self) -> Movement:
        return self.review.movement

    @property
    def as_of(self) -> dt.date:
        return self.progress.as_of

    @property
    def partial(self) -> bool:
        return self.progress.partial

    @property
    def targets(self) -> list[TargetProgress]:
        return self.progress.targets

    @property
    def has_participation(self) -> bool:
        return self.progress.is_rollup

    @property
    def units_total(self) -> int:
        return self.progress.units_total

    @property
    def units_answered(self) -> int:
        return self.progress.units_answered

    @property
    def targets_reached(self) -> int:
        return sum(1 for t in self.targets if t.reached)


def review_summary(*, actor, review: Review) -> ReviewSummary:
    """A fixed number of queries whatever the number of units (the progress roll-up, plus one for the
    signature works)."""
    movement = review.movement
    as_of = min(review.date, timezone.localdate())
    progress = movement_progress(actor=actor, movement=movement, as_of=as_of)
    if progress.is_rollup:
        works = (
            SignatureWork.objects.filter(movement__answers__movement=movement)
            .filter(scope_q(actor, "movement__launching_unit__"))
            .select_related("movement__launching_unit")
            .order_by("movement__launching_unit__path", "id")
        )
    else:
        works = SignatureWork.objects.filter(movement=movement).select_related("movement__launching_unit")
    return ReviewSummary(review=review, progress=progress, works=list(works))


def can_download_report(actor, review: Review) -> bool:
    """The report speaks for the whole movement: only an actor whose scope covers every unit of it
    (a unit officer on a provincial movement would get a report of their own units only)."""
    return covers_movement(actor, review.movement)


def kind_choices_for(movement: Movement):
    """The kinds of review a movement may have (a congress only for a provincial one)."""
    if movement.level == Level.PROVINCE:
        return ReviewKind.choices
    return [(v, label) for v, label in ReviewKind.choices if v != ReviewKind.CONGRESS]
