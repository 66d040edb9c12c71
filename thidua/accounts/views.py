"""Account administration screens (/tai-khoan/nguoi-dung/...): administrators only."""

import functools
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.core.models import AuditEvent
from thidua.core.pagination import paginate

from . import selectors, services
from .excel import XLSX_CONTENT_TYPE
from .forms import (
    ImportUploadForm,
    RoleAssignForm,
    UserCreateForm,
    UserFilterForm,
    UserUpdateForm,
    add_service_errors,
)
from .models import RoleAssignment

# Session keys: a password just set (shown once on the user page), the staged import
# (exactly what the preview showed) and the last import's result (until "Hoàn tất").
NEW_PASSWORD_KEY = "accounts_new_password"
IMPORT_STAGE_KEY = "accounts_import_stage"
IMPORT_RESULT_KEY = "accounts_import_result"


def admin_required(view):
    """Anonymous → login page; signed in without `accounts.manage_users` → 403."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("accounts.manage_users"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _user_or_404(request, pk):
    user = selectors.user_get(actor=request.user, pk=pk)
    if user is None:
        raise Http404
    return user


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- list ------------------------------------------------------------------------------------


@admin_required
@require_GET
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = selectors.user_list(actor=request.user, filters=form.filters() if request.GET else {})
    page = paginate(request, users)
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


@admin_required
@require_GET
def user_export(request):
    form = UserFilterForm(request.GET or None)
    users = selectors.user_list(actor=request.user, filters=form.filters() if request.GET else {})
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(services.users_export_xlsx(users), f"nguoi-dung-{stamp}.xlsx")


@admin_required
@require_GET
def unit_suggest(request):
    """htmx: <option>s of active units matching what was typed, for the unit pickers."""
    q = (request.GET.get("unit") or request.GET.get("don_vi") or request.GET.get("q") or "").strip()
    units = selectors.unit_suggestions(actor=request.user, q=q) if len(q) >= 2 else []
    return render(request, "accounts/_unit_options.html", {"units": units})


# --- one account -----------------------------------------------------------------------------


@admin_required
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = services.user_create(
                actor=request.user,
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                phone=d["phone"],
                roles=[(d["unit"], d["role"])],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[NEW_PASSWORD_KEY] = {"user": user.pk, "password": password, "why": "create"}
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@admin_required
def user_detail(request, pk):
    user = _user_or_404(request, pk)
    shown = request.session.get(NEW_PASSWORD_KEY)
    new_password = None
    if shown and shown.get("user") == user.pk:
        new_password = request.session.pop(NEW_PASSWORD_KEY)  # shown once
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).select_related("actor")
    context = {
        "account": user,
        "assignments": selectors.user_role_assignments(user=user),
        "assign_form": RoleAssignForm(),
        "new_password": new_password,
        "events": events[:50],
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "accounts/user_detail.html", context)


@admin_required
def user_update(request, pk):
    user = _user_or_404(request, pk)
    initial = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    form = UserUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin tài khoản.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": user, "creating": False})


@admin_required
@require_POST
def role_assign(request, pk):
    user = _user_or_404(request, pk)
    form = RoleAssignForm(request.POST)
    if form.is_valid():
        try:
            services.role_assign(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã phân quyền.")
            return redirect("accounts:user_detail", pk=user.pk)
    context = {
        "account": user,
        "assignments": selectors.user_role_assignments(user=user),
        "assign_form": form,
        "events": [],
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "accounts/user_detail.html", context, status=400)


def _post_action(request, pk, action, done_message):
    user = _user_or_404(request, pk)
    try:
        action(user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect("accounts:user_detail", pk=user.pk)


@admin_required
@require_POST
def role_revoke(request, pk, assignment_pk):
    user = _user_or_404(request, pk)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=assignment_pk, user=user)
    return _post_action(
        request, pk, lambda u: services.role_revoke(actor=request.user, assignment=assignment), "Đã thu hồi quyền."
    )


@admin_required
@require_POST
def user_deactivate(request, pk):
    return _post_action(
        request, pk, lambda u: services.user_deactivate(actor=request.user, user=u), "Đã khóa tài khoản."
    )


@admin_required
@require_POST
def user_reactivate(request, pk):
    return _post_action(
        request, pk, lambda u: services.user_reactivate(actor=request.user, user=u), "Đã mở khóa tài khoản."
    )


@admin_required
@require_POST
def user_password_reset(request, pk):
    def reset(user):
        password = services.user_password_reset(actor=request.user, user=user)
        request.session[NEW_PASSWORD_KEY] = {"user": user.pk, "password": password, "why": "reset"}

    return _post_action(request, pk, reset, "Đã đặt lại mật khẩu.")


# --- bulk creation from Excel -----------------------------------------------------------------


@admin_required
@require_GET
def import_template(request):
    return _xlsx(services.users_import_template(), "mau-nhap-tai-khoan.xlsx")


@admin_required
def import_upload(request):
    """Step 1: upload. A readable file is staged in the session and previewed (step 2)."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = services.users_import_read(upload)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            request.session[IMPORT_STAGE_KEY] = {
                "token": uuid.uuid4().hex,
                "filename": upload.name[:200],
                "rows": [r.raw() for r in rows],
            }
            return redirect("accounts:import_preview")
    return render(request, "accounts/import_upload.html", {"form": form})


def _staged(request):
    stage = request.session.get(IMPORT_STAGE_KEY)
    if not stage:
        return None, None
    return stage, [services.ImportRow(*raw) for raw in stage["rows"]]


@admin_required
@require_GET
def import_preview(request):
    """Step 2: the row-by-row report of the staged file (validated afresh each time)."""
    stage, rows = _staged(request)
    if stage is None:
        messages.info(request, "Chưa có tệp nào được tải lên, hoặc phiên nhập đã kết thúc.")
        return redirect("accounts:import_upload")
    report = services.users_import_check(actor=request.user, rows=rows)
    return render(request, "accounts/import_preview.html", {"report": report, "stage": stage})


@admin_required
@require_POST
def import_confirm(request):
    """Step 3: create exactly the previewed rows, all or none."""
    stage, rows = _staged(request)
    if stage is None or request.POST.get("token") != stage["token"]:
        messages.error(request, "Phiên nhập đã hết hạn hoặc đã được xác nhận. Vui lòng tải tệp lên lại.")
        return redirect("accounts:import_upload")
    try:
        created = services.users_import(actor=request.user, rows=rows, filename=stage["filename"])
    except services.ImportRejected as exc:
        messages.error(request, "Có dòng không hợp lệ: chưa tạo tài khoản nào. Xem báo cáo bên dưới.")
        return render(request, "accounts/import_preview.html", {"report": exc.report, "stage": stage}, status=400)
    del request.session[IMPORT_STAGE_KEY]
    request.session[IMPORT_RESULT_KEY] = {"filename": stage["filename"], "created": created}
    messages.success(request, f"Đã tạo {len(created)} tài khoản.")
    return redirect("accounts:import_result")


@admin_required
def import_cancel(request):
    if request.method == "POST":
        request.session.pop(IMPORT_STAGE_KEY, None)
        messages.info(request, "Đã hủy lần nhập.")
    return redirect("accounts:import_upload")


@admin_required
@require_GET
def import_result(request):
    result = request.session.get(IMPORT_RESULT_KEY)
    if not result:
        return redirect("accounts:user_list")
    return render(request, "accounts/import_result.html", {"result": result})


@admin_required
@require_GET
def import_result_download(request):
    result = request.session.get(IMPORT_RESULT_KEY)
    if not result:
        messages.info(request, "Danh sách mật khẩu ban đầu đã được xóa khỏi phiên làm việc.")
        return redirect("accounts:user_list")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx(services.users_import_result_xlsx(result["created"]), f"tai-khoan-da-tao-{stamp}.xlsx")


@admin_required
@require_POST
def import_finish(request):
    """Forget the initial passwords of the last import (they were shown and downloaded)."""
    request.session.pop(IMPORT_RESULT_KEY, None)
    return redirect(reverse("accounts:user_list"))
