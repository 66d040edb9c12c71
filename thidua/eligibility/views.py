"""Eligibility screens (/dieu-kien/): the panel on person and unit pages, the list, the what-if check."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from rules.contrib.views import permission_required

from thidua.core.pagination import PAGE_SIZE, paginate
from thidua.people.models import Person

from . import selectors
from .exports import eligible_workbook
from .facts import PERSON
from .forms import EligibleListForm, WhatIfForm, YearForm

view_list = permission_required("eligibility.view_list", raise_exception=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(request, pk) -> Person:
    """The person, if the actor may see them; 404 otherwise (they do not exist for the actor)."""
    return selectors.person_for_panel(actor=request.user, pk=pk)


def _panel(request, subject, *, what_if_url):
    form = YearForm(request.GET or None)
    year = form.year
    context = {
        "subject": subject,
        "is_person": isinstance(subject, Person),
        "year": year,
        "form": form,
        "panel_url": request.path,
        "what_if_url": what_if_url,
        **selectors.eligibility_panel(actor=request.user, subject=subject, year=year),
    }
    template = "eligibility/panel.html#panel" if request.htmx else "eligibility/panel.html"
    return render(request, template, context)


@login_required
def person_panel(request, pk):
    person = _person(request, pk)
    return _panel(request, person, what_if_url=reverse("eligibility:person_what_if", args=[person.pk]))


@login_required
def unit_panel(request, pk):
    unit = selectors.unit_for_panel(actor=request.user, pk=pk)
    return _panel(request, unit, what_if_url=reverse("eligibility:unit_what_if", args=[unit.pk]))


def _list_form(request):
    awards = selectors.award_options()
    form = EligibleListForm(request.GET or None, actor=request.user, awards=awards)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    scope = None
    if data.get("don_vi"):
        scope = selectors.scope_units(actor=request.user).filter(pk=data["don_vi"]).first()
        if scope is None:
            form.add_error("don_vi", "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn.")
            return form, None
    result = selectors.eligible_list(
        actor=request.user, award_code=data["danh_hieu"], year=data["nam"], scope_unit=scope
    )
    return form, result


@login_required
@view_list
def eligible_list(request):
    form, result = _list_form(request)
    context = {"form": form, "result": result}
    if result is not None:
        context["page"] = paginate(request, result.eligible)
        context["pending_page"] = Paginator(result.pending, PAGE_SIZE).get_page(request.GET.get("trang_cho"))
    template = "eligibility/eligible_list.html#results" if request.htmx else "eligibility/eligible_list.html"
    return render(request, template, context)


@login_required
@view_list
def eligible_export(request):
    form, result = _list_form(request)
    if result is None:
        return render(request, "eligibility/eligible_list.html", {"form": form, "result": None}, status=400)
    response = HttpResponse(eligible_workbook(result), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"du-dieu-kien-{result.award_code.lower()}-{result.year}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _what_if(request, subject, *, panel_url):
    kind = PERSON if isinstance(subject, Person) else "unit"
    params = request.POST if request.method == "POST" else request.GET
    year_form = YearForm({"nam": params.get("nam")} if params.get("nam") else None)
    year = year_form.year
    ctx = selectors.rule_context()
    facts = selectors.subject_facts(subject, year=year, ctx=ctx)
    baseline = selectors.panel_rows(facts, year=year, ctx=ctx)
    award_choices = selectors.hypothetical_award_choices(kind, ctx)
    form = WhatIfForm(
        request.POST or None,
        initial={"nam": year},
        kind=kind,
        award_choices=award_choices,
        judgement_choices=selectors.judgement_items(baseline),
    )
    comparisons = None
    if request.method == "POST" and form.is_valid():
        comparisons = selectors.what_if(facts, form.hypothesis(), year=year, ctx=ctx)
    context = {
        "subject": subject,
        "is_person": kind == PERSON,
        "form": form,
        "year": year,
        "comparisons": comparisons,
        "baseline": baseline,
        "panel_url": panel_url,
        "ctx": ctx,
    }
    template = "eligibility/what_if.html#results" if request.htmx else "eligibility/what_if.html"
    return render(request, template, context)


@login_required
def person_what_if(request, pk):
    person = _person(request, pk)
    return _what_if(request, person, panel_url=reverse("eligibility:person_panel", args=[person.pk]))


@login_required
def unit_what_if(request, pk):
    unit = selectors.unit_for_panel(actor=request.user, pk=pk)
    return _what_if(request, unit, panel_url=reverse("eligibility:unit_panel", args=[unit.pk]))
