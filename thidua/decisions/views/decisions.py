"""Decision screens (/quyet-dinh/): the list and a decision with its awards (scoped)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from thidua.core.pagination import paginate
from thidua.nominations.models import Basis

from .. import selectors as sel
from ..forms import DecisionFilterForm
from ..models import DecisionState, DocKind
from ..selectors import issuing as isel


def _require(request, perm: str, message: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


@login_required
@require_GET
def decision_list(request):
    _require(request, "decisions.view_list", "Anh/chị không có quyền xem danh sách quyết định.")
    form = DecisionFilterForm(request.GET or None)
    qs = sel.decision_list(actor=request.user, filters=form.filters() if request.GET else {})
    context = {
        "form": form,
        "page": paginate(request, qs),
        "can_back_enter": request.user.has_perm("decisions.back_enter"),
        "can_prepare": request.user.has_perm("decisions.prepare"),
        "can_sign": request.user.has_perm("decisions.sign"),
        "can_manage_signers": request.user.has_perm("decisions.manage_signers"),
    }
    template = "decisions/decision_list.html#results" if request.htmx else "decisions/decision_list.html"
    return render(request, template, context)


@login_required
@require_GET
def decision_detail(request, pk):
    decision, awards, hidden = sel.decision_detail(actor=request.user, pk=pk)
    user = request.user
    draft = decision.state == DecisionState.DRAFT
    context = {"decision": decision, "hidden": hidden, "draft": draft}
    if draft:
        items = list(isel.draft_items(decision))
        preview = isel.money_preview(items, decision.date) if decision.kind == DocKind.DECISION else None
        for item in items:
            item.amount = preview.amounts.get(item.pk) if preview else None
        context.update(items=items, preview=preview)
    else:
        page = paginate(request, awards, per_page=100)
        page.object_list = list(page.object_list)
        labels = dict(Basis.choices)
        for award in page.object_list:
            award.basis_label = labels.get(award.basis, award.basis)
        context["page"] = page
    context.update(
        can_prepare=draft and user.has_perm("decisions.prepare_for", decision),
        can_issue=draft and user.has_perm("decisions.issue", decision),
        can_record_higher=(
            not draft and decision.kind == DocKind.SUBMISSION and user.has_perm("decisions.record_higher")
        ),
        can_docx=not hidden,
        can_pay=not draft and decision.kind == DocKind.DECISION and user.has_perm("decisions.view_payments"),
        can_revoke=not draft and user.has_perm("decisions.revoke"),
        answered_by=list(decision.answered_by.order_by("date", "id")) if decision.kind == DocKind.SUBMISSION else [],
    )
    return render(request, "decisions/decision_detail.html", context)


urlpatterns = [
    path("", decision_list, name="decision_list"),
    path("<int:pk>/", decision_detail, name="decision_detail"),
]
