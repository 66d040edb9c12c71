"""The province's calendar for dossiers (/ho-so/): yearly submission deadlines and declared days off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from thidua.core.forms import add_service_errors
from thidua.core.models import DayOff

from ..forms.workflow import DayOffForm, SubmissionDeadlineForm
from ..models import SubmissionDeadline
from ..selectors import workflow as sel
from ..services import deadlines as svc


def _require(request):
    if not request.user.has_perm("nominations.manage_deadlines"):
        raise PermissionDenied


@login_required
def deadline_list(request):
    _require(request)
    form = SubmissionDeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deadline = svc.submission_deadline_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã đặt hạn nộp: {deadline}.")
            return redirect("nominations:deadline_list")
    return render(request, "nominations/deadline_list.html", {"form": form, "deadlines": sel.submission_deadlines()})


def _confirm_remove(request, obj, *, remove, done: str, title: str, consequence: str, list_url: str):
    """GET: the confirmation page; POST: `remove()` (a service), then back to the list with its message."""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(list_url)
    context = {"title": title, "what": str(obj), "consequence": consequence, "cancel_url": list_url}
    return render(request, "nominations/workflow_remove_confirm.html", context)


@login_required
def deadline_remove(request, pk):
    _require(request)
    deadline = get_object_or_404(SubmissionDeadline, pk=pk)
    return _confirm_remove(
        request,
        deadline,
        remove=lambda: svc.submission_deadline_remove(actor=request.user, deadline=deadline),
        done="Đã bỏ hạn nộp hồ sơ.",
        title="Bỏ hạn nộp hồ sơ",
        consequence="Các hồ sơ đang soạn của năm và cấp quyết định này sẽ không còn hạn nộp.",
        list_url="nominations:deadline_list",
    )


@login_required
def day_off_list(request):
    _require(request)
    form = DayOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            day = svc.day_off_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm ngày nghỉ {day}.")
            return redirect("nominations:day_off_list")
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    context = {
        "form": form,
        "days_off": sel.days_off(),
        "year": year,
        "holidays": sel.national_holidays(year),
    }
    return render(request, "nominations/day_off_list.html", context)


@login_required
def day_off_remove(request, pk):
    _require(request)
    day = get_object_or_404(DayOff, pk=pk)
    return _confirm_remove(
        request,
        day,
        remove=lambda: svc.day_off_remove(actor=request.user, day_off=day),
        done="Đã bỏ ngày nghỉ.",
        title="Bỏ ngày nghỉ của tỉnh",
        consequence="Các hạn xử lý tính từ nay sẽ coi ngày này là ngày làm việc (hạn đã tính trước đây không đổi).",
        list_url="nominations:day_off_list",
    )


urlpatterns = [
    path("han-nop/", deadline_list, name="deadline_list"),
    path("han-nop/<int:pk>/xoa/", deadline_remove, name="deadline_remove"),
    path("ngay-nghi/", day_off_list, name="day_off_list"),
    path("ngay-nghi/<int:pk>/xoa/", day_off_remove, name="day_off_remove"),
]
