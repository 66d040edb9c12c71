"""Review screens (/phong-trao/): a movement's reviews, one review's page (participation, target
achievement, signature works, awards), the form, and the review report (.docx).
`urlpatterns` is included by thidua/movements/urls.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from rules.contrib.views import permission_required

from thidua.core.forms import add_service_errors as _add_errors

from ..forms.reviews import ReviewForm
from ..models import State
from ..review_report import build_review_report
from ..selectors import movements as movement_sel
from ..selectors import reviews as sel
from ..services import reviews as svc

view_list = permission_required("movements.view_list", raise_exception=True)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _can_add(user, movement) -> bool:
    return user.has_perm("movements.manage", movement) and movement.state not in (State.DRAFT, State.CLOSED)


@login_required
@view_list
def review_list(request, pk):
    movement = movement_sel.movement_get(actor=request.user, pk=pk)
    context = {
        "movement": movement,
        "reviews": sel.review_list(actor=request.user, movement=movement),
        "can_add": _can_add(request.user, movement),
    }
    return render(request, "movements/review_list.html", context)


@login_required
@view_list
def review_create(request, pk):
    movement = movement_sel.movement_get(actor=request.user, pk=pk)
    if not request.user.has_perm("movements.manage", movement):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, movement=movement)
    if request.method == "POST" and form.is_valid():
        try:
            review = svc.review_create(actor=request.user, movement=movement, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận {review.get_kind_display().lower()} “{review.title}”.")
            return redirect("movements:review_detail", pk=review.pk)
    context = {"movement": movement, "form": form, "title": "Thêm sơ kết, tổng kết"}
    return render(request, "movements/review_form.html", context)


@login_required
@view_list
def review_update(request, pk):
    review = sel.review_get(actor=request.user, pk=pk)
    movement = review.movement
    if not request.user.has_perm("movements.manage", movement):
        raise PermissionDenied
    initial = {key: getattr(review, key) for key in svc.REVIEW_FIELDS}
    form = ReviewForm(request.POST or None, movement=movement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.review_update(actor=request.user, review=review, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("movements:review_detail", pk=review.pk)
    context = {"movement": movement, "review": review, "form": form, "title": "Sửa sơ kết, tổng kết"}
    return render(request, "movements/review_form.html", context)


@login_required
@view_list
def review_detail(request, pk):
    review = sel.review_get(actor=request.user, pk=pk)
    summary = sel.review_summary(actor=request.user, review=review)
    context = {
        "review": review,
        "movement": review.movement,
        "summary": summary,
        "can_edit": _can_add(request.user, review.movement),
        "can_download": sel.can_download_report(request.user, review),
    }
    return render(request, "movements/review_detail.html", context)


@login_required
@view_list
def review_report(request, pk):
    """The review report as a Word file, compiled from the data on the review date."""
    review = sel.review_get(actor=request.user, pk=pk)
    if not sel.can_download_report(request.user, review):
        raise PermissionDenied
    summary = sel.review_summary(actor=request.user, review=review)
    response = HttpResponse(build_review_report(summary), content_type=DOCX)
    kind = {"INTERIM": "so-ket", "FINAL": "tong-ket", "CONGRESS": "dai-hoi"}[review.kind]
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{kind}-{review.date:%Y%m%d}-{review.pk}.docx"'
    return response


urlpatterns = [
    path("<int:pk>/so-ket-tong-ket/", review_list, name="review_list"),
    path("<int:pk>/so-ket-tong-ket/them/", review_create, name="review_create"),
    path("so-ket-tong-ket/<int:pk>/", review_detail, name="review_detail"),
    path("so-ket-tong-ket/<int:pk>/sua/", review_update, name="review_update"),
    path("so-ket-tong-ket/<int:pk>/bao-cao.docx", review_report, name="review_report"),
]
