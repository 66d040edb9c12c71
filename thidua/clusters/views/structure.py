"""Views: clusters and blocks of a year, members, head and deputy, carry-over (/cum-khoi/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate
from thidua.core.xlsx import XLSX_CONTENT_TYPE
from thidua.org.models import ClusterKind, ClusterRole

from .. import structure_excel
from ..forms.structure import CarryOverForm, ClusterFilterForm, ClusterForm, MembersForm
from ..selectors import structure as sel
from ..services import structure as services

MANAGE_DENIED = "Chỉ chuyên viên thi đua, khen thưởng cấp tỉnh được phân chia, sửa cụm, khối thi đua."
MEMBER_FIELDS = ("members", "head", "deputy")


def _require(request, perm: str, obj=None, message: str = MANAGE_DENIED):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


# --- List and export ---------------------------------------------------------------------------------


@login_required
@require_GET
def cluster_list(request):
    years = sel.cluster_years(actor=request.user)
    form = ClusterFilterForm(request.GET or None, years=years)
    filters = form.filters(default_year=sel.current_year())
    if request.GET.get("xuat") == "excel":
        rows = sel.cluster_export_rows(actor=request.user, filters=filters) if filters is not None else []
        response = HttpResponse(structure_excel.clusters_workbook(rows), content_type=XLSX_CONTENT_TYPE)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cum-khoi-thi-dua-{stamp}.xlsx"'
        return response
    qs = sel.cluster_list(actor=request.user, filters=filters or {})
    if filters is None:
        qs = qs.none()
    if not request.GET:
        form = ClusterFilterForm(initial={"year": sel.current_year()}, years=years)
    context = {
        "form": form,
        "page": paginate(request, qs),
        "can_manage": request.user.has_perm("clusters.manage_structure"),
        "can_list": request.user.has_perm("clusters.view_list"),
        "export_query": request.GET.urlencode(),
    }
    template = "clusters/cluster_list.html#results" if request.htmx else "clusters/cluster_list.html"
    return render(request, template, context)


# --- The cluster page ------------------------------------------------------------------------------


@login_required
@require_GET
def cluster_detail(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    members = sel.cluster_members(cluster=cluster)
    user = request.user
    head_word, deputy_word = sel.role_words(cluster.kind)
    context = {
        "cluster": cluster,
        "members": members,
        "head": next((m.unit for m in members if m.role == ClusterRole.HEAD), None),
        "deputy": next((m.unit for m in members if m.role == ClusterRole.DEPUTY), None),
        "head_word": head_word,
        "deputy_word": deputy_word,
        "mine": {u.pk for u in _member_units(user, cluster, members)},
        "can_manage_structure": user.has_perm("clusters.manage_structure"),
        "can_see_results": user.has_perm("clusters.view_results", cluster),
        "carried_from_visible": cluster.carried_from is not None
        and user.has_perm("clusters.view", cluster.carried_from),
        "carried_to": list(sel.cluster_scope(actor=user).filter(carried_from=cluster).order_by("year", "pk")),
    }
    return render(request, "clusters/cluster_detail.html", context)


def _member_units(user, cluster, members):
    from ..rules import acts_for

    return [m.unit for m in members if acts_for(user, m.unit)]


# --- Create and edit -------------------------------------------------------------------------------


def _options_context(form: MembersForm, *, selected_ids, head_id, deputy_id, kind) -> dict:
    q = form.data.get("q", "") if form.is_bound else ""
    selected, found, more = sel.unit_options(q=q, selected_ids=selected_ids)
    head_word, deputy_word = sel.role_words(kind)
    return {
        "selected_units": selected,
        "found_units": found,
        "found_more": more,
        "searched": bool(q.strip()),
        "head_id": str(head_id or ""),
        "deputy_id": str(deputy_id or ""),
        "head_word": head_word,
        "deputy_word": deputy_word,
    }


def _split_errors(exc: ValidationError, header_form, members_form):
    if not hasattr(exc, "error_dict"):
        header_form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = members_form if name in MEMBER_FIELDS else header_form
        target.add_error(name if name in target.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    _require(request, "clusters.manage_structure")
    data = request.POST if request.method == "POST" else None
    header = ClusterForm(data, initial={"year": sel.current_year(), "kind": ClusterKind.AREA}, creating=True)
    members = MembersForm(data, creating=True)
    if request.method == "POST" and not request.POST.get("_tim") and header.is_valid() and members.is_valid():
        h, m = header.cleaned_data, members.cleaned_data
        try:
            cluster = services.cluster_create(
                actor=request.user,
                name=h["name"],
                kind=h["kind"],
                year=h["year"],
                decision_number=h["decision_number"],
                decision_date=h["decision_date"],
                members=list(m["members"]),
                head=m["head"],
                deputy=m["deputy"],
            )
            messages.success(request, f"Đã lập {cluster.name} năm {cluster.year}.")
            return redirect("clusters:cluster_detail", cluster.pk)
        except ValidationError as exc:
            _split_errors(exc, header, members)
    kind = (data or {}).get("kind") or ClusterKind.AREA
    context = {
        "form": header,
        "members_form": members,
        "cluster": None,
        **_options_context(
            members,
            selected_ids=members.selected_ids(),
            head_id=(data or {}).get("head"),
            deputy_id=(data or {}).get("deputy"),
            kind=kind,
        ),
    }
    return render(request, "clusters/cluster_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk):
    _require(request, "clusters.manage_structure")
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    initial = {
        "name": cluster.name,
        "kind": cluster.kind,
        "year": cluster.year,
        "decision_number": cluster.decision_number,
        "decision_date": cluster.decision_date,
        "version": sel.header_version(cluster),
    }
    form = ClusterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cluster_update(
                actor=request.user,
                cluster=cluster,
                version=data["version"],
                name=data["name"],
                kind=data["kind"],
                year=data["year"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
            )
            messages.success(request, "Đã lưu thông tin cụm, khối.")
            return redirect("clusters:cluster_detail", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/cluster_form.html", {"form": form, "cluster": cluster, "members_form": None})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_members(request, pk):
    _require(request, "clusters.manage_structure")
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    current = sel.cluster_members(cluster=cluster)
    head = next((m.unit_id for m in current if m.role == ClusterRole.HEAD), None)
    deputy = next((m.unit_id for m in current if m.role == ClusterRole.DEPUTY), None)
    if request.method == "POST":
        form = MembersForm(request.POST)
        selected_ids, head, deputy = form.selected_ids(), request.POST.get("head"), request.POST.get("deputy")
        if not request.POST.get("_tim") and form.is_valid():
            data = form.cleaned_data
            try:
                services.cluster_members_set(
                    actor=request.user,
                    cluster=cluster,
                    version=data["version"],
                    members=list(data["members"]),
                    head=data["head"],
                    deputy=data["deputy"],
                )
                messages.success(request, "Đã lưu thành viên, cụm trưởng và cụm phó.")
                return redirect("clusters:cluster_detail", cluster.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
    else:
        form = MembersForm(initial={"version": sel.membership_version(current)})
        selected_ids = [m.unit_id for m in current]
    frozen = services.membership_frozen(getattr(cluster, "scoring", None))
    context = {
        "cluster": cluster,
        "members_form": form,
        "frozen_message": services.MEMBERS_FROZEN if frozen else "",
        "version": form.data.get("version", "") if form.is_bound else sel.membership_version(current),
        **_options_context(form, selected_ids=selected_ids, head_id=head, deputy_id=deputy, kind=cluster.kind),
    }
    return render(request, "clusters/cluster_members.html", context)


# --- Carry-over ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cluster_carry_over(request):
    _require(request, "clusters.manage_structure")
    this_year = sel.current_year()
    data = request.POST if request.method == "POST" else (request.GET if "from_year" in request.GET else None)
    form = CarryOverForm(data, initial={"from_year": this_year, "to_year": this_year + 1, "rotate": True})
    plan = None
    if form.is_bound and form.is_valid():
        d = dict(form.cleaned_data)
        if request.method == "POST":
            try:
                created = services.cluster_carry_over(
                    actor=request.user,
                    from_year=d["from_year"],
                    to_year=d["to_year"],
                    decision_number=d["decision_number"],
                    decision_date=d["decision_date"],
                    rotate=d["rotate"],
                )
                messages.success(
                    request, f"Đã chuyển {len(created)} cụm, khối thi đua năm {d['from_year']} sang năm {d['to_year']}."
                )
                return redirect(f"{reverse('clusters:cluster_list')}?year={d['to_year']}")
            except ValidationError as exc:
                add_service_errors(form, exc)
        plan = services.carry_over_preview(
            actor=request.user, from_year=d["from_year"], to_year=d["to_year"], rotate=d["rotate"]
        )
    decision_date = plan and d.get("decision_date")
    context = {"form": form, "plan": plan, "decision_date": decision_date}
    return render(request, "clusters/cluster_carry_over.html", context)


urlpatterns = [
    path("", cluster_list, name="cluster_list"),
    path("moi/", cluster_create, name="cluster_create"),
    path("chuyen-nam/", cluster_carry_over, name="cluster_carry_over"),
    path("<int:pk>/", cluster_detail, name="cluster_detail"),
    path("<int:pk>/sua/", cluster_edit, name="cluster_edit"),
    path("<int:pk>/thanh-vien/", cluster_members, name="cluster_members"),
]
