"""/thong-bao/: the user's in-app notifications — list (newest first), open one (marks it read and
follows its link), mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .notifications import notification_list, notification_read, notification_read_all, unread_count
from .pagination import paginate


@login_required
def notifications(request):
    page = paginate(request, notification_list(actor=request.user))
    return render(request, "core/notifications.html", {"page": page, "unread": unread_count(actor=request.user)})


@login_required
def read(request, pk):
    notice = notification_read(actor=request.user, pk=pk)
    if notice is None:
        raise Http404("Không tìm thấy thông báo.")
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request):
    count = notification_read_all(actor=request.user)
    if count:
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:list")
