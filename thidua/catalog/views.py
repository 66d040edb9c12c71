"""Catalogue screens (/danh-muc/): award types, rule sets and parameters, base salaries, Excel export.

Every logged-in role may read (`catalog.view`); only administrators may edit (`catalog.edit`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from thidua.core.forms import add_service_errors as _add_errors
from thidua.core.pagination import paginate

from . import selectors, services
from .exports import catalogue_workbook
from .forms import AwardTypeFilterForm, AwardTypeForm, BaseSalaryForm, RuleParameterForm
from .models import AwardType, RuleParameter

view_catalog = permission_required("catalog.view", raise_exception=True)


def _require_edit(request):
    if not request.user.has_perm("catalog.edit"):
        raise PermissionDenied


def _can_edit(request) -> bool:
    return request.user.has_perm("catalog.edit")


def _award_type(request, code) -> AwardType:
    try:
        return selectors.award_type_get(actor=request.user, code=code)
    except AwardType.DoesNotExist:
        raise Http404 from None


def _parameter(request, pk) -> RuleParameter:
    try:
        return selectors.rule_parameter_get(actor=request.user, pk=pk)
    except RuleParameter.DoesNotExist:
        raise Http404 from None


# --- Award types ------------------------------------------------------------------------------


@login_required
@view_catalog
def index(request):
    """The award-type list: filters, search with or without diacritics, pagination."""
    form = AwardTypeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        award_types = AwardType.objects.none()
    else:
        award_types = selectors.award_type_list(actor=request.user, filters=filters)
    context = {"form": form, "page": paginate(request, award_types), "can_edit": _can_edit(request)}
    template = "catalog/award_type_list.html#results" if request.htmx else "catalog/award_type_list.html"
    return render(request, template, context)


@login_required
@view_catalog
def award_type_detail(request, code):
    award_type = _award_type(request, code)
    tab = request.GET.get("tab")
    context = {"award_type": award_type, "tab": tab, "can_edit": _can_edit(request)}
    if tab == "lich-su":
        context["entries"] = selectors.award_type_history(award_type)
    return render(request, "catalog/award_type_detail.html", context)


@login_required
@view_catalog
def award_type_edit(request, code):
    _require_edit(request)
    award_type = _award_type(request, code)
    form = AwardTypeForm(request.POST or None, instance=award_type)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.AWARD_TYPE_FIELDS}
        try:
            services.award_type_update(
                actor=request.user, award_type=award_type, data=data, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu “{award_type.name}”.")
            return redirect("catalog:award_type_detail", code=award_type.code)
    return render(request, "catalog/award_type_form.html", {"form": form, "award_type": award_type})


# --- Rule sets and parameters -------------------------------------------------------------------


@login_required
@view_catalog
def rule_set_list(request):
    context = {"rule_sets": selectors.rule_set_list(actor=request.user), "can_edit": _can_edit(request)}
    return render(request, "catalog/rule_set_list.html", context)


@login_required
@view_catalog
def rule_parameter_detail(request, pk):
    parameter = _parameter(request, pk)
    context = {
        "parameter": parameter,
        "entries": selectors.rule_parameter_history(parameter),
        "can_edit": _can_edit(request),
    }
    return render(request, "catalog/rule_parameter_detail.html", context)


@login_required
@view_catalog
def rule_parameter_edit(request, pk):
    _require_edit(request)
    parameter = _parameter(request, pk)
    form = RuleParameterForm(request.POST or None, parameter=parameter)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_parameter_update(
                actor=request.user,
                parameter=parameter,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu tham số “{parameter.label}”.")
            return redirect("catalog:rule_parameter_detail", pk=parameter.pk)
    return render(request, "catalog/rule_parameter_form.html", {"form": form, "parameter": parameter})


# --- Base salary --------------------------------------------------------------------------------


@login_required
@view_catalog
def base_salary_list(request):
    context = {
        "rows": selectors.base_salary_list(actor=request.user),
        "entries": selectors.base_salary_history(),
        "can_edit": _can_edit(request),
    }
    return render(request, "catalog/base_salary_list.html", context)


@login_required
@view_catalog
def base_salary_create(request):
    _require_edit(request)
    form = BaseSalaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.base_salary_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm mức lương cơ sở áp dụng từ {row.valid_from:%d/%m/%Y}.")
            return redirect("catalog:base_salary_list")
    return render(request, "catalog/base_salary_form.html", {"form": form})


# --- Export -------------------------------------------------------------------------------------


@login_required
@view_catalog
def catalogue_export(request):
    data = selectors.catalogue_export_data(actor=request.user)
    response = HttpResponse(
        catalogue_workbook(**data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-khen-thuong-{stamp}.xlsx"'
    return response
