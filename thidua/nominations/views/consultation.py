"""Staff screens of public consultation: open it (confirmation page), a dossier's comments with their
moderation, and the province's queue of comments waiting for moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.calendar import working_days_after
from thidua.core.pagination import paginate

from ..forms.consultation import ModerateForm, OpenForm
from ..models import PublicConsultation
from ..selectors import consultation as sel
from ..services import consultation as svc


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def consultation_open(request, pk):
    nomination = sel.nomination_for_consultation(actor=request.user, pk=pk)
    if not request.user.has_perm("nominations.process", nomination):
        raise PermissionDenied("Chỉ cơ quan đang thẩm định hồ sơ mới được đăng lấy ý kiến nhân dân.")
    form = OpenForm(request.POST or None, initial={"version": nomination.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consultation = svc.consultation_open(
                    actor=request.user, nomination=nomination, version=form.cleaned_data["version"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"Đã đăng lấy ý kiến nhân dân đến hết ngày {consultation.ends_on:%d/%m/%Y}.",
                )
                return redirect("nominations:consultation_manage", pk=nomination.pk)
        status = 400
    today = timezone.localdate()
    days = svc.consultation_days()
    context = {
        "nomination": nomination,
        "form": form,
        "lines": svc.lines_needing_consultation(nomination),
        "days": days,
        "ends_on": working_days_after(today, days),
        "today": today,
    }
    return render(request, "nominations/consultation_open.html", context, status=status)


@login_required
@require_GET
def consultation_manage(request, pk):
    nomination = sel.nomination_for_consultation(actor=request.user, pk=pk)
    if not request.user.has_perm("nominations.moderate_comments", nomination):
        raise PermissionDenied("Chỉ cán bộ cấp tỉnh được xem và duyệt ý kiến nhân dân.")
    consultation = PublicConsultation.objects.filter(nomination=nomination).first()
    context = {
        "nomination": nomination,
        "consultation": consultation,
        "lines": sel.published_lines(consultation) if consultation else [],
        "page": paginate(request, sel.comment_list(actor=request.user, nomination=nomination)),
        "panel": sel.consultation_panel(actor=request.user, nomination=nomination),
        "here": request.get_full_path(),
    }
    return render(request, "nominations/consultation_manage.html", context)


@login_required
@require_GET
def moderation_queue(request):
    if not request.user.has_perm("nominations.moderate_comments"):
        raise PermissionDenied("Chỉ cán bộ cấp tỉnh được duyệt ý kiến nhân dân.")
    context = {
        "page": paginate(request, sel.moderation_queue(actor=request.user)),
        "here": request.get_full_path(),
    }
    return render(request, "nominations/consultation_queue.html", context)


@login_required
@require_POST
def comment_moderate(request, comment_pk):
    comment = sel.comment_get(actor=request.user, pk=comment_pk)
    nomination = comment.consultation.nomination
    if not request.user.has_perm("nominations.moderate_comments", nomination):
        raise PermissionDenied("Chỉ cán bộ cấp tỉnh được duyệt ý kiến nhân dân.")
    form = ModerateForm(request.POST)
    default = reverse("nominations:consultation_manage", args=[nomination.pk])
    error = None
    if not form.is_valid():
        error = "Thao tác không hợp lệ."
    else:
        try:
            comment = svc.comment_moderate(actor=request.user, comment=comment, approve=form.approve)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        context = {"c": comment, "error": error, "here": _back(request, default), "show_dossier": True}
        return render(request, "nominations/consultation_comment_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        label = "đã được duyệt hiển thị" if form.approve else "sẽ không hiển thị công khai"
        messages.success(request, f"Ý kiến của {comment.name} {label}.")
    return redirect(_back(request, default))


urlpatterns = [
    path("<int:pk>/lay-y-kien/", consultation_open, name="consultation_open"),
    path("<int:pk>/y-kien/", consultation_manage, name="consultation_manage"),
    path("y-kien-cho-duyet/", moderation_queue, name="moderation_queue"),
    path("y-kien/<int:comment_pk>/duyet/", comment_moderate, name="comment_moderate"),
]
