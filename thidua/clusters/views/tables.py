"""Views: scoring tables — the province's templates (/cum-khoi/bang-cham-diem/) and each cluster's own
table (/cum-khoi/<cluster>/bang-cham-diem/), their groups and criteria, the printable page, .docx and .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate
from thidua.core.xlsx import XLSX_CONTENT_TYPE

from .. import table_documents
from ..forms.tables import AdaptForm, CriterionForm, GroupForm, TableForm, TemplateFilterForm, VersionForm
from ..models import CriterionKind, TableState
from ..selectors import tables as sel
from ..services import tables as svc

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATES_DENIED = "Chỉ chuyên viên thi đua, khen thưởng cấp tỉnh được quản lý bảng chấm điểm mẫu."
EDIT_DENIED = "Anh/chị chỉ được xem bảng chấm điểm này."


def _posted(request):
    """The POST data of a POST (even an empty one: a form missing every field is refused, not ignored)."""
    return request.POST if request.method == "POST" else None


def _require_edit(request, table) -> None:
    if not sel.may_edit(request.user, table):
        raise PermissionDenied(TEMPLATES_DENIED if table.cluster_id is None else EDIT_DENIED)


def _back(table):
    return redirect("clusters:table_detail", table.pk)


def _version(form):
    return form.cleaned_data.get("version") if "version" in form.fields else None


def _confirmed_version(request):
    """The table version a confirmation page posted back, or the refusal to show (nothing changed)."""
    form = VersionForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["version"], None
    return None, " ".join(form.non_field_errors())


def _table_context(request, table) -> dict:
    tree = sel.table_tree(table)
    can_edit = sel.may_edit(request.user, table)
    frozen = svc.table_frozen_reason(table)
    is_template = table.cluster_id is None
    return {
        "table": table,
        "tree": tree,
        "frozen": frozen,
        "can_edit": can_edit and not frozen,
        "is_template": is_template,
        "can_copy": is_template and request.user.has_perm("clusters.manage_templates"),
        "can_apply": is_template and can_edit and not frozen and table.state == TableState.DRAFT,
        "problems": svc.table_problems(table) if is_template and table.state == TableState.DRAFT else [],
        "kinds": CriterionKind,
    }


# --- Provincial templates ---------------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request):
    if not request.user.has_perm("clusters.view_list"):
        raise PermissionDenied("Anh/chị không có quyền xem bảng chấm điểm thi đua.")
    form = TemplateFilterForm(request.GET or None, years=sel.template_years())
    filters = form.filters() if request.GET else {}
    page = paginate(request, sel.template_list(actor=request.user, filters=filters))
    context = {"form": form, "page": page, "can_manage": request.user.has_perm("clusters.manage_templates")}
    template = "clusters/template_list.html#results" if request.htmx else "clusters/template_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    if not request.user.has_perm("clusters.manage_templates"):
        raise PermissionDenied(TEMPLATES_DENIED)
    form = TableForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = svc.template_create(actor=request.user, year=data["year"], name=data["name"], note=data["note"])
            messages.success(request, f"Đã tạo bảng chấm điểm mẫu {table.name} ({table.year}).")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_form.html", {"form": form, "mode": "create"})


@login_required
@require_http_methods(["GET", "POST"])
def template_copy(request, pk):
    source = sel.table_get(actor=request.user, pk=pk)
    if source.cluster_id is not None or not request.user.has_perm("clusters.manage_templates"):
        raise PermissionDenied(TEMPLATES_DENIED)
    initial = {"year": source.year + 1, "name": source.name, "note": source.note}
    form = TableForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = svc.template_copy(
                actor=request.user, source=source, year=data["year"], name=data["name"], note=data["note"]
            )
            messages.success(request, f"Đã sao chép thành bảng mẫu {table.name} ({table.year}), đang soạn.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_form.html", {"form": form, "mode": "copy", "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    _require_edit(request, table)
    is_template = table.cluster_id is None
    initial = {"year": table.year, "name": table.name, "note": table.note, "version": table.version}
    form = TableForm(_posted(request), initial=initial, with_year=is_template, with_version=True)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            svc.table_update(actor=request.user, table=table, version=_version(form), **fields)
            messages.success(request, "Đã lưu thông tin bảng chấm điểm.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_form.html", {"form": form, "mode": "edit", "table": table})


@login_required
@require_http_methods(["GET", "POST"])
def template_apply(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    if table.cluster_id is not None or not request.user.has_perm("clusters.manage_templates"):
        raise PermissionDenied(TEMPLATES_DENIED)
    error = None
    if request.method == "POST":
        version, error = _confirmed_version(request)
    if request.method == "POST" and error is None:
        try:
            svc.template_apply(actor=request.user, table=table, version=version)
            messages.success(request, f"Đã áp dụng bảng chấm điểm mẫu {table.name} ({table.year}).")
            return _back(table)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = _table_context(request, table)
    context["error"] = error
    return render(request, "clusters/template_apply.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def template_delete(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    if table.cluster_id is not None or not request.user.has_perm("clusters.manage_templates"):
        raise PermissionDenied(TEMPLATES_DENIED)
    error = None
    if request.method == "POST":
        version, error = _confirmed_version(request)
    if request.method == "POST" and error is None:
        try:
            svc.template_delete(actor=request.user, table=table, version=version)
            messages.success(request, f"Đã xóa bảng chấm điểm mẫu {table.name} ({table.year}).")
            return redirect("clusters:template_list")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "clusters/template_delete.html", {"table": table, "error": error})


# --- Any table: the printable page and the documents ------------------------------------------------------


@login_required
@require_GET
def table_detail(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    return render(request, "clusters/table_detail.html", _table_context(request, table))


def _filename(table, ext: str) -> str:
    return f"bang-cham-diem-{table.year}-{table.pk}.{ext}"


@login_required
@require_GET
def table_docx(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    response = HttpResponse(table_documents.table_docx(sel.table_tree(table)), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "docx")}"'
    return response


@login_required
@require_GET
def table_xlsx(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    response = HttpResponse(table_documents.table_xlsx(sel.table_tree(table)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


# --- Groups and criteria ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    _require_edit(request, table)
    next_order = table.groups.count() + 1
    form = GroupForm(_posted(request), initial={"order": next_order, "version": table.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = svc.group_create(
                actor=request.user,
                table=table,
                code=data["code"],
                name=data["name"],
                max_points=data["max_points"],
                order=data["order"] or 0,
                version=_version(form),
            )
            messages.success(request, f"Đã thêm nhóm tiêu chí {group.code}.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_group_form.html", {"form": form, "table": table, "group": None})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = sel.group_get(actor=request.user, pk=pk)
    table = group.table
    _require_edit(request, table)
    initial = {
        "code": group.code,
        "name": group.name,
        "max_points": svc.pts(group.max_points),
        "order": group.order,
        "version": table.version,
    }
    form = GroupForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        data["order"] = data.get("order") or 0
        try:
            svc.group_update(actor=request.user, group=group, version=version, **data)
            messages.success(request, f"Đã lưu nhóm tiêu chí {data['code']}.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_group_form.html", {"form": form, "table": table, "group": group})


def _item_delete(request, *, item, delete, what: str, done: str, extra: dict | None = None):
    """The confirmation page and the deletion of a group or a criterion of a draft table (one way for both)."""
    table = item.table
    _require_edit(request, table)
    error = None
    if request.method == "POST":
        version, error = _confirmed_version(request)
    if request.method == "POST" and error is None:
        try:
            delete(actor=request.user, version=version)
            messages.success(request, done)
            return _back(table)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {"table": table, "item": item, "what": what, "error": error, **(extra or {})}
    return render(request, "clusters/table_item_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_delete(request, pk):
    group = sel.group_get(actor=request.user, pk=pk)
    return _item_delete(
        request,
        item=group,
        delete=lambda **kw: svc.group_delete(group=group, **kw),
        what="nhóm tiêu chí",
        done=f"Đã xóa nhóm tiêu chí {group.code} và các tiêu chí của nhóm.",
        extra={"n_criteria": group.criteria.count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request, pk):
    table = sel.table_get(actor=request.user, pk=pk)
    _require_edit(request, table)
    initial = {"version": table.version, "kind": CriterionKind.SCORE}
    group_id = request.GET.get("nhom")
    if group_id and group_id.isdigit():
        group = table.groups.filter(pk=int(group_id)).first()
        if group is not None:
            initial["group"] = group
            initial["order"] = group.criteria.count() + 1
    form = CriterionForm(_posted(request), initial=initial, table=table)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            criterion = svc.criterion_create(actor=request.user, table=table, version=_version(form), **data)
            messages.success(request, f"Đã thêm tiêu chí {criterion.code}.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_criterion_form.html", {"form": form, "table": table, "criterion": None})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = sel.criterion_get(actor=request.user, pk=pk)
    table = criterion.table
    _require_edit(request, table)
    initial = {
        "group": criterion.group,
        "code": criterion.code,
        "name": criterion.name,
        "guidance": criterion.guidance,
        "kind": criterion.kind,
        "max_points": svc.pts(criterion.max_points),
        "evidence_required": criterion.evidence_required,
        "locked": criterion.locked,
        "order": criterion.order,
        "version": table.version,
    }
    form = CriterionForm(_posted(request), initial=initial, table=table, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            svc.criterion_update(actor=request.user, criterion=criterion, version=_version(form), **data)
            messages.success(request, f"Đã lưu tiêu chí {data.get('code') or criterion.code}.")
            return _back(table)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "table": table, "criterion": criterion}
    return render(request, "clusters/table_criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request, pk):
    criterion = sel.criterion_get(actor=request.user, pk=pk)
    return _item_delete(
        request,
        item=criterion,
        delete=lambda **kw: svc.criterion_delete(criterion=criterion, **kw),
        what="tiêu chí",
        done=f"Đã xóa tiêu chí {criterion.code}.",
    )


# --- A cluster's own table ---------------------------------------------------------------------------------------


@login_required
@require_GET
def cluster_table(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    table = sel.cluster_table_of(cluster)
    can_manage = request.user.has_perm("clusters.manage", cluster)
    context = {"cluster": cluster, "own": table, "can_manage": can_manage}
    if table is not None:
        context.update(_table_context(request, table))
    else:
        context["templates"] = list(sel.applied_templates(year=cluster.year))
    return render(request, "clusters/table_cluster.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def table_adapt(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    if not request.user.has_perm("clusters.manage", cluster):
        raise PermissionDenied(
            "Chỉ cụm trưởng, khối trưởng (hoặc cấp tỉnh) được điều chỉnh bảng chấm điểm của cụm, khối."
        )
    templates = sel.applied_templates(year=cluster.year)
    data = request.POST if request.method == "POST" else None
    initial = {}
    chosen = request.GET.get("mau")
    if chosen and chosen.isdigit():
        initial["template"] = templates.filter(pk=int(chosen)).first()
    form = AdaptForm(data, initial=initial, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            svc.table_adapt(actor=request.user, cluster=cluster, template=form.cleaned_data["template"])
            messages.success(request, f"{cluster.name} đã có bảng chấm điểm riêng; điều chỉnh trong giới hạn của tỉnh.")
            return redirect(reverse("clusters:cluster_table", args=[cluster.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/table_adapt.html", {"cluster": cluster, "form": form})


urlpatterns = [
    path("<int:pk>/bang-cham-diem/", cluster_table, name="cluster_table"),
    path("<int:pk>/bang-cham-diem/dieu-chinh/", table_adapt, name="table_adapt"),
    path("bang-cham-diem/", template_list, name="template_list"),
    path("bang-cham-diem/moi/", template_create, name="template_create"),
    path("bang-cham-diem/<int:pk>/", table_detail, name="table_detail"),
    path("bang-cham-diem/<int:pk>/sua/", table_edit, name="table_edit"),
    path("bang-cham-diem/<int:pk>/sao-chep/", template_copy, name="template_copy"),
    path("bang-cham-diem/<int:pk>/ap-dung/", template_apply, name="template_apply"),
    path("bang-cham-diem/<int:pk>/xoa/", template_delete, name="template_delete"),
    path("bang-cham-diem/<int:pk>/bang-cham-diem.docx", table_docx, name="table_docx"),
    path("bang-cham-diem/<int:pk>/bang-cham-diem.xlsx", table_xlsx, name="table_xlsx"),
    path("bang-cham-diem/<int:pk>/nhom/them/", group_create, name="table_group_create"),
    path("bang-cham-diem/nhom/<int:pk>/sua/", group_edit, name="table_group_edit"),
    path("bang-cham-diem/nhom/<int:pk>/xoa/", group_delete, name="table_group_delete"),
    path("bang-cham-diem/<int:pk>/tieu-chi/them/", criterion_create, name="table_criterion_create"),
    path("bang-cham-diem/tieu-chi/<int:pk>/sua/", criterion_edit, name="table_criterion_edit"),
    path("bang-cham-diem/tieu-chi/<int:pk>/xoa/", criterion_delete, name="table_criterion_delete"),
]
