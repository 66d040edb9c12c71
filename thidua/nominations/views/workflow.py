"""Route screens (/ho-so/): confirm and run a transition (submit, withdraw, receive, forward), appraise a
line, return for correction; the officer's inbox, the overdue board, the council queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.core.forms import add_service_errors

from ..forms.workflow import AppraiseForm, ConfirmForm, ReturnForm
from ..models import NominationLine, State
from ..selectors import workflow as sel
from ..selectors.dossiers import nomination_get
from ..services import workflow as svc
from ..templatetags.nomination_workflow import line_process_context

# action → (service, page title, button, message after success, what happens — shown before confirming)
CONFIRM = {
    svc.SUBMIT: (
        svc.nomination_submit,
        "Gửi hồ sơ đề nghị",
        "Gửi hồ sơ",
        "Đã gửi hồ sơ.",
        "Hồ sơ sẽ được gửi tới cơ quan xử lý đầu tiên trên tuyến. Sau khi gửi, đơn vị không sửa được hồ sơ "
        "(trừ khi hồ sơ bị trả lại để chỉnh sửa).",
    ),
    svc.WITHDRAW: (
        svc.nomination_withdraw,
        "Rút hồ sơ về",
        "Rút hồ sơ về",
        "Đã rút hồ sơ về; hồ sơ trở lại trạng thái đang soạn.",
        "Hồ sơ chưa được tiếp nhận sẽ trở lại trạng thái đang soạn để đơn vị sửa và gửi lại.",
    ),
    svc.RECEIVE: (
        svc.nomination_receive,
        "Tiếp nhận hồ sơ",
        "Tiếp nhận",
        "Đã tiếp nhận hồ sơ.",
        "Tiếp nhận hồ sơ sẽ bắt đầu tính thời hạn thẩm định (ngày làm việc, trừ ngày nghỉ, lễ, Tết).",
    ),
    svc.FORWARD: (
        svc.nomination_forward,
        "Chuyển tiếp hồ sơ",
        "Chuyển tiếp",
        "Đã chuyển tiếp hồ sơ.",
        "Hồ sơ cùng kết quả thẩm định từng dòng sẽ được chuyển tới cơ quan tiếp theo. Không thể hoàn tác.",
    ),
    svc.COMPLETE: (
        svc.nomination_forward,
        "Hoàn thành thẩm định",
        "Hoàn thành thẩm định",
        "Đã hoàn thành thẩm định hồ sơ.",
        "Kết thúc thẩm định: các dòng đủ điều kiện được chuyển sang chờ xét, quyết định khen thưởng. "
        "Không thể hoàn tác.",
    ),
}


def _detail(nomination):
    return redirect("nominations:nomination_detail", pk=nomination.pk)


def _show_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _transition(request, pk: int, action: str):
    """GET: the confirmation page; POST: run the service with the version the page carried."""
    nomination = nomination_get(actor=request.user, pk=pk)
    if action == svc.FORWARD and nomination.state == State.IN_APPRAISAL and svc.next_step(nomination) is None:
        action = svc.COMPLETE
    reason = svc.state_refusal(nomination, action)
    if reason is None and svc.permission_refusal(request.user, nomination, action):
        raise PermissionDenied(svc.permission_refusal(request.user, nomination, action))
    if reason is not None and request.method != "POST":
        messages.error(request, reason)
        return _detail(nomination)
    service, title, button, done, explanation = CONFIRM[action]
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Yêu cầu không hợp lệ: hãy tải lại trang rồi thử lại.")
            return _detail(nomination)
        try:
            service(actor=request.user, nomination=nomination, version=form.cleaned_data["version"])
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, done)
        return _detail(nomination)
    if action == svc.SUBMIT and nomination.state == State.RETURNED and nomination.current_step_id:
        title, button = "Gửi lại hồ sơ đã chỉnh sửa", "Gửi lại hồ sơ"
        explanation = (
            f"Hồ sơ sẽ được gửi lại tới {nomination.current_step.unit.name} — cơ quan đã trả lại hồ sơ — "
            "để tiếp nhận và thẩm định lại."
        )
    context = {
        "nomination": nomination,
        "action": action,
        "title": title,
        "button": button,
        "explanation": explanation,
        "form": ConfirmForm(initial={"version": nomination.version}),
        "problems": sel.forward_problems(nomination) if action in (svc.FORWARD, svc.COMPLETE) else [],
        "next_step": svc.next_step(nomination) if action == svc.FORWARD else None,
    }
    return render(request, "nominations/nomination_confirm.html", context)


@login_required
def nomination_submit(request, pk):
    return _transition(request, pk, svc.SUBMIT)


@login_required
def nomination_withdraw(request, pk):
    return _transition(request, pk, svc.WITHDRAW)


@login_required
def nomination_receive(request, pk):
    return _transition(request, pk, svc.RECEIVE)


@login_required
def nomination_forward(request, pk):
    return _transition(request, pk, svc.FORWARD)


@login_required
@require_POST
def line_appraise(request, pk, line_pk):
    nomination = nomination_get(actor=request.user, pk=pk)
    line = get_object_or_404(NominationLine, pk=line_pk, nomination=nomination)
    if svc.permission_refusal(request.user, nomination, svc.APPRAISE):
        raise PermissionDenied
    form = AppraiseForm(request.POST, prefix=f"line{line.pk}")
    ok = False
    if form.is_valid():
        try:
            line = svc.line_appraise(
                actor=request.user,
                line=line,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            ok = True
    if request.htmx:
        nomination = nomination_get(actor=request.user, pk=pk)
        line = NominationLine.objects.select_related("award_type").get(pk=line.pk)
        context = line_process_context(request.user, nomination, line, form=None if ok else form)
        context["saved"] = ok
        return render(request, "nominations/_line_process.html", context)
    if ok:
        messages.success(request, f"Đã ghi kết quả thẩm định dòng “{line.subject_name}”.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return _detail(nomination)


@login_required
def nomination_return(request, pk):
    nomination = nomination_get(actor=request.user, pk=pk)
    reason = svc.state_refusal(nomination, svc.RETURN)
    if reason is None and svc.permission_refusal(request.user, nomination, svc.RETURN):
        raise PermissionDenied
    if reason is not None:
        messages.error(request, reason)
        return _detail(nomination)
    lines = sel.lines_in_play(nomination, nomination.lines.select_related("award_type"))
    form = ReturnForm(request.POST or None, lines=lines, initial={"version": nomination.version})
    if request.method == "POST" and form.is_valid():
        try:
            svc.nomination_return(
                actor=request.user,
                nomination=nomination,
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                corrections=form.corrections(),
            )
        except svc.ConcurrentUpdate as exc:
            _show_errors(request, exc)
            return _detail(nomination)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã trả lại hồ sơ để đơn vị chỉnh sửa.")
            return _detail(nomination)
    context = {"nomination": nomination, "form": form, "rows": form.line_rows()}
    return render(request, "nominations/nomination_return.html", context)


@login_required
def inbox(request):
    box = sel.inbox(actor=request.user)
    return render(request, "nominations/inbox.html", {"box": box, "today": timezone.localdate()})


@login_required
def overdue(request):
    if not request.user.has_perm("nominations.view_overdue"):
        raise PermissionDenied
    groups = sel.overdue(actor=request.user)
    total = sum(len(g.rows) for g in groups)
    return render(request, "nominations/overdue.html", {"groups": groups, "total": total})


@login_required
def council_queue(request):
    if not sel.may_view_council_queue(request.user):
        raise PermissionDenied
    return render(request, "nominations/council_queue.html", {"queue": sel.council_queue(actor=request.user)})


urlpatterns = [
    path("<int:pk>/gui/", nomination_submit, name="nomination_submit"),
    path("<int:pk>/rut/", nomination_withdraw, name="nomination_withdraw"),
    path("<int:pk>/tiep-nhan/", nomination_receive, name="nomination_receive"),
    path("<int:pk>/dong/<int:line_pk>/tham-dinh/", line_appraise, name="line_appraise"),
    path("<int:pk>/tra-lai/", nomination_return, name="nomination_return"),
    path("<int:pk>/chuyen-tiep/", nomination_forward, name="nomination_forward"),
    path("viec-cho-xu-ly/", inbox, name="inbox"),
    path("qua-han/", overdue, name="overdue"),
    path("cho-hoi-dong/", council_queue, name="council_queue"),
]
