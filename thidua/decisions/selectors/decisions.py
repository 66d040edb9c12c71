"""Reads of decisions, scoped to the actor: the province sees every decision; anyone else sees the
decisions issued by a unit in their scope or awarding a subject of a unit in their scope."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from thidua.accounts.selectors import OFFICER_ROLES, PEOPLE_ROLES, scope_paths, scope_q, unit_in_scope
from thidua.core.text import fold_vi

from ..models import Award, Decision, DecisionItem, DecisionState, Signer
from ..rules import awards_in_scope_q, signs_for


def _drafts_visible_q(actor) -> Q:
    """Drafts are read by who prepares them (an officer whose officer scope covers the issuer) and by the
    issuer's active signers; the province reads every draft."""
    signs = Signer.objects.filter(user=actor, active=True).values("body__unit_id")
    return Q(state=DecisionState.DRAFT) & (scope_q(actor, "issuer__", OFFICER_ROLES) | Q(issuer_id__in=signs))


def _visible(actor):
    qs = Decision.objects.all()
    if not actor.has_perm("decisions.view_list"):
        return qs.none()
    if scope_paths(actor) is None:
        return qs
    awards = Award.objects.filter(decision=OuterRef("pk")).filter(awards_in_scope_q(actor))
    issued = ~Q(state=DecisionState.DRAFT) & (scope_q(actor, "issuer__", PEOPLE_ROLES) | Q(Exists(awards)))
    return qs.filter(issued | _drafts_visible_q(actor))


def decision_list(*, actor, filters: dict | None = None):
    """Decisions the actor may see, newest first, with their issuer and number of awards.

    filters: year (of the decision date), issuer (a Unit), number (part of it), back_entered
    (True / False / None), kind (QD / TTR), state (DRAFT / ISSUED), search (words of the summary,
    number or issuer), q (a subject's name on one of its awards). Drafts (no date) come first. Two
    queries per page whatever its size (the count and the rows)."""
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
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("search"):
        for word in filters["search"].split():
            qs = qs.filter(Q(summary__icontains=word) | Q(number__icontains=word) | Q(issuer_name__icontains=word))
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
    items = DecisionItem.objects.filter(decision=OuterRef("pk")).values("decision").annotate(n=Count("pk")).values("n")
    awards = Award.objects.filter(decision=OuterRef("pk")).values("decision").annotate(n=Count("pk")).values("n")
    return (
        qs.select_related("issuer", "created_by")
        .annotate(
            n_awards=Coalesce(Subquery(awards), 0),
            n_items=Coalesce(Subquery(items), 0),
        )
        .order_by(F("date").desc(nulls_first=True), "-id")
    )


def decision_get(*, actor, pk: int) -> Decision:
    """One decision the actor may see (a draft: only who prepares or signs it); 404 otherwise."""
    decision = (
        Decision.objects.select_related("issuer", "created_by", "signer", "answers", "issued_by").filter(pk=pk).first()
    )
    if decision is None:
        raise Http404("Không tìm thấy quyết định.")
    if decision.state == DecisionState.DRAFT:
        # A signer's account may hold no other role: signing for the issuer is enough to read its drafts.
        allowed = actor.has_perm("decisions.issue", decision) or (
            actor.has_perm("decisions.view", decision) and actor.has_perm("decisions.prepare_for", decision)
        )
    else:
        allowed = actor.has_perm("decisions.view", decision)
    if not allowed:
        raise Http404("Không tìm thấy quyết định.")
    return decision


def decision_detail(*, actor, pk: int):
    """(decision, its awards the actor may see, number of the others); 404 when not visible.
    Awards come with their type, subject, payment and revocation (one query per page)."""
    decision = decision_get(actor=actor, pk=pk)
    awards = (
        Award.objects.filter(decision=decision)
        .select_related("award_type", "person", "unit", "household", "payment", "revocation")
        .order_by("id")
    )
    hidden = 0
    whole = scope_paths(actor) is None or unit_in_scope(actor, decision.issuer, PEOPLE_ROLES)
    if not whole and not signs_for(actor, decision):  # the issuer's signers see all they signed
        total = awards.count()
        awards = awards.filter(awards_in_scope_q(actor))
        hidden = total - awards.count()
    return decision, awards, hidden
