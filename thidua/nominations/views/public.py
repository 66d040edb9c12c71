"""The public consultation pages (no login): dossiers open for comment, one dossier's published lines
with its approved comments, and the comment form (CSRF, honeypot, rate limit in the service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.forms import add_service_errors

from ..forms.consultation import CommentForm
from ..selectors import consultation as sel
from ..services import consultation as svc

THANKS = (
    "Cảm ơn anh/chị đã gửi ý kiến. Ý kiến sẽ được cơ quan thẩm định xem xét; "
    "nội dung được duyệt sẽ hiển thị trên trang này (không kèm thông tin liên hệ)."
)


def _client_address(request) -> str:
    """The commenter's address for the rate limit (services.consultation.client_key_for keys IPv6 on
    its /64). REMOTE_ADDR only, never a header the client could forge: when the site runs behind a
    reverse proxy, the proxy must set REMOTE_ADDR to the client's address (e.g. a WSGI/ASGI server
    option trusting the proxy's X-Forwarded-For), otherwise every citizen shares the proxy's limit."""
    return request.META.get("REMOTE_ADDR", "") or ""


@require_GET
def consultation_list(request):
    q = (request.GET.get("q") or "")[:200]
    items = sel.public_consultation_list(q=q)
    return render(request, "nominations/public/consultation_list.html", {"items": items, "q": q})


@require_http_methods(["GET", "POST"])
def consultation_public_detail(request, pk):
    consultation = sel.public_consultation_get(pk=pk)
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST, lines=consultation.lines)
        if form.is_robot:
            # Answer a robot as if it succeeded, and keep nothing.
            messages.success(request, THANKS)
            return redirect("consultation:consultation_public_detail", pk=consultation.pk)
        if not consultation.is_open:
            form.add_error(None, "Thời gian lấy ý kiến nhân dân đã kết thúc: không nhận thêm ý kiến.")
        elif form.is_valid():
            try:
                svc.comment_submit(
                    consultation=sel.public_consultation_object(pk=consultation.pk),
                    line_id=form.cleaned_data.get("line"),
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    body=form.cleaned_data["body"],
                    client_key=svc.client_key_for(_client_address(request)),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, THANKS)
                return redirect("consultation:consultation_public_detail", pk=consultation.pk)
        status = 400
    else:
        form = CommentForm(lines=consultation.lines)
    context = {
        "consultation": consultation,
        "comments": sel.public_comments(consultation_id=consultation.pk),
        "form": form,
    }
    return render(request, "nominations/public/consultation_detail.html", context, status=status)


urlpatterns = [
    path("", consultation_list, name="consultation_list"),
    path("<int:pk>/", consultation_public_detail, name="consultation_public_detail"),
]
