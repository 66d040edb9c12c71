"""Reads of council terms and their members, scoped to the actor."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ..models import Council, CouncilMember


def _count(model, **filters):
    rows = model.objects.filter(council=OuterRef("pk"), **filters).order_by().values("council")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def council_list(*, actor):
    """Councils the actor may see: all for the secretariat, their own for a member, none otherwise
    (one query, member and meeting counts included)."""
    if not actor.has_perm("council.view"):
        return Council.objects.none()
    qs = Council.objects.select_related("unit")
    if not actor.has_perm("council.manage"):
        qs = qs.filter(members__user=actor, members__active=True)
    from ..models import Meeting

    return qs.annotate(n_members=_count(CouncilMember, active=True), n_meetings=_count(Meeting)).order_by(
        "-term_from", "-id"
    )


def council_get(*, actor, pk: int) -> Council:
    council = council_list(actor=actor).filter(pk=pk).first()
    if council is None:
        raise Http404("Không tìm thấy hội đồng.")
    return council


def council_members(*, council):
    """Every seat of the council, active ones first, in the council's order."""
    return CouncilMember.objects.filter(council=council).select_related("user").order_by("-active", "sort_order", "id")


def active_councils(*, actor):
    """Councils a meeting may be created for (the secretariat's choice list)."""
    if not actor.has_perm("council.manage"):
        return Council.objects.none()
    return Council.objects.select_related("unit").order_by("-term_from", "-id")
