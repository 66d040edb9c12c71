"""Views: the covenant (giao ước thi đua) of a cluster — the shared part and targets drafted by the
head unit (and the province), each member unit's commitments and signature, the final signing with a
confirmation page, and the .docx (/cum-khoi/<pk>/giao-uoc/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.forms import add_service_errors

from ..covenant_docx import covenant_docx as build_docx
from ..forms.covenant import (
    CommitmentForm,
    CovenantForm,
    MovementChoiceForm,
    SignCommitmentForm,
    TargetForm,
    VersionForm,
)
from ..models import CovenantState
from ..rules import acts_for
from ..selectors import covenant as sel
from ..selectors.structure import cluster_get
from ..services import covenant as services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MANAGE_DENIED = services.MANAGE_DENIED


def _manage(request, pk):
    """The cluster (404 out of scope) and 403 unless the user drafts its covenant."""
    cluster = cluster_get(actor=request.user, pk=pk)
    if not request.user.has_perm("clusters.manage", cluster):
        raise PermissionDenied(MANAGE_DENIED)
    return cluster


def _draft(request, cluster):
    """The covenant, or None after telling the user there is none yet (or that it is signed)."""
    covenant = sel.covenant_of(cluster)
    if covenant is None:
        messages.error(request, services.NO_COVENANT + " Hãy soạn dự thảo trước.")
        return None
    if covenant.state == CovenantState.SIGNED:
        messages.error(request, services.signed_message(covenant))
        return None
    return covenant


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    """An invalid small form (a button's hidden fields): its errors as messages, nothing changed."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@login_required
@require_GET
def covenant(request, pk):
    cluster = cluster_get(actor=request.user, pk=pk)
    page = sel.covenant_page(actor=request.user, cluster=cluster)
    context = {
        "page": page,
        "cluster": cluster,
        "covenant": page.covenant,
        "can_manage": request.user.has_perm("clusters.manage", cluster),
        "can_sign": request.user.has_perm("clusters.sign_commitment", cluster),
    }
    return render(request, "clusters/covenant_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def covenant_edit(request, pk):
    cluster = _manage(request, pk)
    current = sel.covenant_of(cluster)
    if current is not None and current.state == CovenantState.SIGNED:
        messages.error(request, services.signed_message(current))
        return redirect("clusters:covenant", cluster.pk)
    if current is None:
        initial = {"title": sel.default_title(cluster), "version": 0}  # 0: no draft yet
    else:
        initial = {f: getattr(current, f) for f in ("title", "place", "signing_date", "content", "version")}
    form = CovenantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.covenant_save(actor=request.user, cluster=cluster, **form.cleaned_data)
            messages.success(request, "Đã lưu dự thảo giao ước.")
            return redirect("clusters:covenant", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    signed = [] if current is None else [c for c in current.commitments.all() if c.signed_at]
    context = {"form": form, "cluster": cluster, "covenant": current, "n_signed": len(signed)}
    return render(request, "clusters/covenant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def covenant_targets_from_movement(request, pk):
    cluster = _manage(request, pk)
    current = _draft(request, cluster)
    if current is None:
        return redirect("clusters:covenant", cluster.pk)
    movements = sel.movement_choices(actor=request.user, year=cluster.year)
    form = MovementChoiceForm(request.POST or None, initial={"version": current.version}, movements=movements)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.covenant_targets_from_movement(
                actor=request.user,
                covenant=current,
                version=form.cleaned_data["version"],
                movement=form.cleaned_data["movement"],
            )
            messages.success(request, f"Đã thêm {len(created)} chỉ tiêu của phong trào vào giao ước.")
            return redirect("clusters:covenant", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "clusters/covenant_movement.html", {"form": form, "cluster": cluster, "covenant": current})


@login_required
@require_http_methods(["GET", "POST"])
def covenant_target_edit(request, pk, target_id=None):
    cluster = _manage(request, pk)
    current = _draft(request, cluster)
    if current is None:
        return redirect("clusters:covenant", cluster.pk)
    target = sel.target_get(covenant=current, pk=target_id) if target_id else None
    initial = {"version": current.version}
    if target is not None:
        initial |= {"name": target.name, "measure": target.measure, "target_value": target.target_value}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if target is None:
                services.covenant_target_add(actor=request.user, covenant=current, **data)
                messages.success(request, "Đã thêm chỉ tiêu chung.")
            else:
                services.covenant_target_update(actor=request.user, target=target, **data)
                messages.success(request, "Đã sửa chỉ tiêu chung.")
            return redirect("clusters:covenant", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "cluster": cluster, "covenant": current, "target": target}
    return render(request, "clusters/covenant_target_form.html", context)


@login_required
@require_POST
def covenant_target_remove(request, pk, target_id):
    cluster = _manage(request, pk)
    current = _draft(request, cluster)
    if current is not None:
        target = sel.target_get(covenant=current, pk=target_id)
        form = VersionForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("clusters:covenant", cluster.pk)
        try:
            services.covenant_target_remove(actor=request.user, target=target, version=form.cleaned_data["version"])
            messages.success(request, f"Đã bỏ chỉ tiêu “{target.name}”.")
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("clusters:covenant", cluster.pk)


@login_required
@require_POST
def covenant_target_move(request, pk, target_id):
    cluster = _manage(request, pk)
    current = _draft(request, cluster)
    if current is not None:
        target = sel.target_get(covenant=current, pk=target_id)
        form = VersionForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("clusters:covenant", cluster.pk)
        try:
            services.covenant_target_move(
                actor=request.user,
                target=target,
                version=form.cleaned_data["version"],
                direction=request.POST.get("huong", ""),
            )
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("clusters:covenant", cluster.pk)


# --- A member unit's commitments ----------------------------------------------------------------------


def _own_unit(request, pk, unit_id):
    """The cluster and the member unit (404 for an unseen cluster or a non-member unit), 403 unless the
    user is an officer of that very unit."""
    cluster = cluster_get(actor=request.user, pk=pk)
    unit = sel.commitment_unit(actor=request.user, cluster=cluster, unit_id=unit_id)
    if not (request.user.has_perm("clusters.sign_commitment", cluster) and acts_for(request.user, unit)):
        raise PermissionDenied(services.OWN_UNIT_ONLY)
    return cluster, unit


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk, unit_id):
    cluster, unit = _own_unit(request, pk, unit_id)
    current = _draft(request, cluster)
    if current is None:
        return redirect("clusters:covenant", cluster.pk)
    commitment = sel.commitment_of(current, unit)
    # 0: the unit has no commitment yet (one created meanwhile by a colleague is not overwritten).
    initial = {"text": commitment.text, "version": commitment.version} if commitment else {"version": 0}
    form = CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(actor=request.user, covenant=current, unit=unit, **form.cleaned_data)
            messages.success(request, f"Đã lưu cam kết của {unit.name}.")
            return redirect("clusters:covenant", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "cluster": cluster, "covenant": current, "unit": unit, "commitment": commitment}
    return render(request, "clusters/commitment_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_sign(request, pk, unit_id):
    cluster, unit = _own_unit(request, pk, unit_id)
    current = _draft(request, cluster)
    if current is None:
        return redirect("clusters:covenant", cluster.pk)
    commitment = sel.commitment_of(current, unit)
    if commitment is None or not commitment.text.strip():
        messages.error(request, "Đơn vị chưa nhập nội dung cam kết; hãy nhập trước khi ký.")
        return redirect("clusters:commitment_edit", cluster.pk, unit.pk)
    initial = {
        "signer_name": commitment.signer_name,
        "signer_title": commitment.signer_title,
        "version": commitment.version,
    }
    form = SignCommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_sign(actor=request.user, covenant=current, unit=unit, **form.cleaned_data)
            messages.success(request, f"{unit.name} đã ký cam kết.")
            return redirect("clusters:covenant", cluster.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "cluster": cluster, "covenant": current, "unit": unit, "commitment": commitment}
    return render(request, "clusters/commitment_sign.html", context)


# --- Finalising and the document -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def covenant_sign(request, pk):
    cluster = _manage(request, pk)
    current = _draft(request, cluster)
    if current is None:
        return redirect("clusters:covenant", cluster.pk)
    page = sel.covenant_page(actor=request.user, cluster=cluster)
    error = None
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            error = " ".join(m for errors in form.errors.values() for m in errors)
        else:
            try:
                services.covenant_sign(actor=request.user, covenant=current, version=form.cleaned_data["version"])
                messages.success(request, "Đã ký kết giao ước thi đua. Giao ước không sửa được nữa.")
                return redirect("clusters:covenant", cluster.pk)
            except ValidationError as exc:
                error = " ".join(exc.messages)
    return render(request, "clusters/covenant_sign.html", {"page": page, "cluster": cluster, "error": error})


@login_required
@require_GET
def covenant_docx(request, pk):
    cluster = cluster_get(actor=request.user, pk=pk)
    page = sel.covenant_page(actor=request.user, cluster=cluster)
    if page.covenant is None:
        raise Http404(services.NO_COVENANT)
    response = HttpResponse(build_docx(page), content_type=DOCX)
    name = slugify(f"giao-uoc-{cluster.name}-{cluster.year}".replace("đ", "d").replace("Đ", "D")) or "giao-uoc"
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


urlpatterns = [
    path("<int:pk>/giao-uoc/", covenant, name="covenant"),
    path("<int:pk>/giao-uoc/sua/", covenant_edit, name="covenant_edit"),
    path(
        "<int:pk>/giao-uoc/chi-tieu-phong-trao/",
        covenant_targets_from_movement,
        name="covenant_targets_from_movement",
    ),
    path("<int:pk>/giao-uoc/chi-tieu/them/", covenant_target_edit, name="covenant_target_add"),
    path("<int:pk>/giao-uoc/chi-tieu/<int:target_id>/sua/", covenant_target_edit, name="covenant_target_edit"),
    path("<int:pk>/giao-uoc/chi-tieu/<int:target_id>/bo/", covenant_target_remove, name="covenant_target_remove"),
    path("<int:pk>/giao-uoc/chi-tieu/<int:target_id>/chuyen/", covenant_target_move, name="covenant_target_move"),
    path("<int:pk>/giao-uoc/cam-ket/<int:unit_id>/", commitment_edit, name="commitment_edit"),
    path("<int:pk>/giao-uoc/cam-ket/<int:unit_id>/ky/", commitment_sign, name="commitment_sign"),
    path("<int:pk>/giao-uoc/ky-ket/", covenant_sign, name="covenant_sign"),
    path("<int:pk>/giao-uoc/van-ban.docx", covenant_docx, name="covenant_docx"),
]
