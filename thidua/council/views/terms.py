"""Council terms and members (/hoi-dong/): the list of councils, a term and its members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from thidua.core.forms import add_service_errors

from .. import selectors as sel
from .. import services
from ..forms import CouncilForm, MemberForm
from ..models import CouncilMember

MANAGE_DENIED = "Chỉ Thường trực Hội đồng (chuyên viên thi đua, khen thưởng cấp tỉnh) được quản lý Hội đồng."


def _require(request, perm: str, obj=None, message: str = MANAGE_DENIED):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


@login_required
def council_list(request):
    _require(request, "council.view", message="Anh/chị không có quyền xem Hội đồng Thi đua – Khen thưởng.")
    context = {
        "councils": list(sel.council_list(actor=request.user)),
        "can_manage": request.user.has_perm("council.manage"),
    }
    return render(request, "council/council_list.html", context)


@login_required
def council_detail(request, pk):
    council = sel.council_get(actor=request.user, pk=pk)
    context = {
        "council": council,
        "members": list(sel.council_members(council=council)),
        "can_manage": request.user.has_perm("council.manage"),
    }
    return render(request, "council/council_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def council_edit(request, pk=None):
    _require(request, "council.manage")
    council = sel.council_get(actor=request.user, pk=pk) if pk else None
    initial = {}
    if council is not None:
        initial = {f: getattr(council, f) for f in ("unit", "name", "establishing_act", "term_from", "term_to")}
    form = CouncilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if council is None:
                council = services.council_create(actor=request.user, **form.cleaned_data)
                messages.success(request, f"Đã thành lập {council.name}.")
            else:
                services.council_update(actor=request.user, council=council, **form.cleaned_data)
                messages.success(request, "Đã lưu thông tin hội đồng.")
            return redirect("council:council_detail", council.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/council_form.html", {"form": form, "council": council})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    _require(request, "council.manage")
    council = sel.council_get(actor=request.user, pk=pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                actor=request.user,
                council=council,
                user=data["user"],
                full_name=data["full_name"],
                position=data["position"],
                role=data["role"],
                sort_order=data["sort_order"] or 0,
            )
            messages.success(request, f"Đã thêm {member.full_name} vào hội đồng.")
            return redirect("council:council_detail", council.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/member_form.html", {"form": form, "council": council, "member": None})


def _member(request, pk) -> CouncilMember:
    _require(request, "council.manage")
    return get_object_or_404(CouncilMember.objects.select_related("council", "user"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = _member(request, pk)
    initial = {
        "user": member.user,
        "full_name": member.full_name,
        "position": member.position,
        "role": member.role,
        "sort_order": member.sort_order,
        "active": member.active,
    }
    form = MemberForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_update(
                actor=request.user,
                member=member,
                full_name=data["full_name"],
                position=data["position"],
                role=data["role"],
                sort_order=data["sort_order"] or 0,
                active=data["active"],
            )
            messages.success(request, "Đã lưu thông tin thành viên.")
            return redirect("council:council_detail", member.council_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "council": member.council, "member": member}
    return render(request, "council/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_deactivate(request, pk):
    member = _member(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.member_deactivate(actor=request.user, member=member)
            messages.success(request, f"{member.full_name} đã thôi là thành viên hội đồng.")
            return redirect("council:council_detail", member.council_id)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "council/member_deactivate.html", {"member": member, "error": error})


urlpatterns = [
    path("", council_list, name="council_list"),
    path("moi/", council_edit, name="council_create"),
    path("<int:pk>/", council_detail, name="council_detail"),
    path("<int:pk>/sua/", council_edit, name="council_edit"),
    path("<int:pk>/thanh-vien/them/", member_add, name="member_add"),
    path("thanh-vien/<int:pk>/sua/", member_edit, name="member_edit"),
    path("thanh-vien/<int:pk>/thoi/", member_deactivate, name="member_deactivate"),
]
