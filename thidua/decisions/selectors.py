"""Reads of decisions, scoped to the actor: the province sees every decision; anyone else sees the
decisions issued by a unit in their scope or awarding a subject of a unit in their scope."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from thidua.accounts.selectors import PEOPLE_ROLES, scope_paths, scope_q, unit_in_scope
from thidua.core.text import fold_vi

from .models import Award, Decision
from .rules import awards_in_scope_q


def _visible(actor):
    qs = Decision.objects.all()
    if not actor.has_perm("decisions.view_list"):
        return qs.none()
    if scope_paths(actor) is None:
        return qs
    awards = Award.objects.filter(decision=OuterRef("pk")).filter(awards_in_scope_q(actor))
    return qs.filter(scope_q(actor, "issuer__", PEOPLE_ROLES) | Q(Exists(awards)))


def decision_list(*, actor, filters: dict | None = None):
    """Decisions the actor may see, newest first, with their issuer and number of awards.

    filters: year (of the decision date), issuer (a Unit), number (part of it), back_entered
    (True / False / None), q (a subject's name on one of its awards). Two queries per page
    whatever its size (the count and the rows)."""
    filters = filters or {}
    qs = _visible(actor)
    if filters.get("year"):
        qs = qs.filter(date__year=filters["year"])
    if filters.get("issuer") is not None:
        qs = qs.filter(issuer=filters["issuer"])
    if filters.get("number"):
        qs = qs.filter(number__icontains=filters["number"].strip())
    if filters.get("back_entered") is not None:
        qs = qs.filter(back_entered=filters["back_entered"])
    if filters.get("q"):
        names = Award.objects.filter(decision=OuterRef("pk"))
        if scope_paths(actor) is not None:
            # Only names the actor may read on the decision's page (decision_detail): every award of a
            # decision issued in their scope, otherwise the awards of their own units' subjects — so the
            # search tells nothing about who outside their scope got an award.
            names = names.filter(awards_in_scope_q(actor) | scope_q(actor, "decision__issuer__", PEOPLE_ROLES))
        for word in fold_vi(filters["q"]).split():
            names = names.filter(
                Q(person__search_text__contains=word)
                | Q(unit__search_text__contains=word)
                | Q(household__search_text__contains=word)
            )
        qs = qs.filter(Exists(names))
    return (
        qs.select_related("issuer", "created_by")
        .annotate(n_awards=Count("awards", distinct=True))
        .order_by("-date", "-id")
    )


def decision_detail(*, actor, pk: int):
    """(decision, its awards the actor may see, number of the others); 404 when not visible."""
    decision = Decision.objects.select_related("issuer", "created_by").filter(pk=pk).first()
    if decision is None or not actor.has_perm("decisions.view", decision):
        raise Http404("Không tìm thấy quyết định.")
    awards = (
        Award.objects.filter(decision=decision)
        .select_related("award_type", "person", "unit", "household")
        .order_by("id")
    )
    hidden = 0
    if scope_paths(actor) is not None and not unit_in_scope(actor, decision.issuer, PEOPLE_ROLES):
        total = awards.count()
        awards = awards.filter(awards_in_scope_q(actor))
        hidden = total - awards.count()
    return decision, awards, hidden
