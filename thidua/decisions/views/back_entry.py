"""Back-entry of old
decisions by the province, typed by hand or uploaded as Excel (upload → row-by-row report →
confirmation, all or nothing)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.catalog.models import AwardType
from thidua.core.forms import add_service_errors
from thidua.org.models import Unit

from .. import excel
from .. import services as svc
from ..forms import HeadingForm, RowFormSet, UploadForm

IMPORT_KEY = "decisions_back_entry_import"


def _require(request, perm: str, message: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


def _back_enter_required(request):
    _require(request, "decisions.back_enter", "Chỉ cán bộ cấp tỉnh được nhập quyết định khen thưởng trước đây.")


def _saved(request, decision):
    messages.success(
        request,
        f"Đã nhập quyết định số {decision.number} ngày {decision.date:%d/%m/%Y} với "
        f"{decision.awards.count()} khen thưởng (đánh dấu nhập lại từ hồ sơ giấy).",
    )
    for note in getattr(decision, "amount_notes", [])[:20]:
        messages.warning(request, note)
    return redirect("decisions:decision_detail", pk=decision.pk)


# --- Back-entry by hand -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_back_enter(request):
    _back_enter_required(request)
    post = request.POST if request.method == "POST" else None
    form = HeadingForm(post)
    rows = RowFormSet(post, prefix="rows")
    report = None
    status = 200
    if post is not None:
        status = 400
        if form.is_valid() and rows.is_valid():
            entries = [e for i, f in enumerate(rows.forms, start=1) if (e := f.entry(i)) is not None]
            if not entries:
                form.add_error(None, "Quyết định phải có ít nhất một dòng khen thưởng.")
            else:
                try:
                    decision = svc.decision_import(actor=request.user, **form.heading(), rows=entries, source="form")
                except svc.BackEntryRejected as exc:
                    report = exc.report
                    add_service_errors(form, ValidationError(report.heading))
                    for entry in report.rows:
                        if entry.errors:
                            rows.forms[entry.row - 1].add_error(None, entry.errors)
                else:
                    return _saved(request, decision)
    context = {"form": form, "rows": rows, "report": report}
    return render(request, "decisions/decision_back_enter.html", context, status=status)


# --- Back-entry from Excel ----------------------------------------------------------------------


def _stage(request):
    return request.session.get(IMPORT_KEY)


def _heading_of(stage) -> dict:
    heading = dict(stage["heading"])
    heading["issuer"] = Unit.objects.filter(pk=heading.pop("issuer_id")).first()
    heading["date"] = dt.date.fromisoformat(heading["date"])
    return heading


@login_required
@require_http_methods(["GET", "POST"])
def decision_import(request):
    """Step 1: the decision's heading and the file. A readable file is staged, then previewed."""
    _back_enter_required(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = excel.read_rows(upload)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            heading = form.heading()
            request.session[IMPORT_KEY] = {
                "token": uuid.uuid4().hex,
                "filename": upload.name[:200],
                "heading": {
                    "issuer_id": heading["issuer"].pk,
                    "number": heading["number"],
                    "date": heading["date"].isoformat(),
                    "signer_name": heading["signer_name"],
                    "signer_title": heading["signer_title"],
                    "summary": heading["summary"],
                },
                "rows": [r.raw() for r in rows],
            }
            return redirect("decisions:decision_import_preview")
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/decision_import.html", {"form": form}, status=status)


@login_required
@require_GET
def decision_import_preview(request):
    """Step 2: the row-by-row report of the staged file (checked afresh each time)."""
    _back_enter_required(request)
    stage = _stage(request)
    if not stage:
        messages.info(request, "Chưa có tệp nào được tải lên, hoặc lần nhập đã kết thúc.")
        return redirect("decisions:decision_import")
    heading = _heading_of(stage)
    rows = [svc.EntryRow.from_raw(raw) for raw in stage["rows"]]
    report = svc.back_entry_check(rows, issuer=heading["issuer"], number=heading["number"], date=heading["date"])
    context = {"report": report, "stage": stage, "heading": heading}
    return render(request, "decisions/decision_import_preview.html", context)


@login_required
@require_POST
def decision_import_confirm(request):
    """Step 3: save exactly the previewed rows, all or none."""
    _back_enter_required(request)
    stage = _stage(request)
    if not stage or request.POST.get("token") != stage["token"]:
        messages.error(request, "Lần nhập đã hết hạn hoặc đã được xác nhận. Vui lòng tải tệp lên lại.")
        return redirect("decisions:decision_import")
    heading = _heading_of(stage)
    rows = [svc.EntryRow.from_raw(raw) for raw in stage["rows"]]
    try:
        decision = svc.decision_import(
            actor=request.user, **heading, rows=rows, source="excel", filename=stage["filename"]
        )
    except svc.BackEntryRejected as exc:
        messages.error(request, "Có dòng không hợp lệ: chưa lưu dòng khen thưởng nào. Xem báo cáo bên dưới.")
        context = {"report": exc.report, "stage": stage, "heading": heading}
        return render(request, "decisions/decision_import_preview.html", context, status=400)
    del request.session[IMPORT_KEY]
    return _saved(request, decision)


@login_required
@require_POST
def decision_import_cancel(request):
    _back_enter_required(request)
    request.session.pop(IMPORT_KEY, None)
    messages.info(request, "Đã hủy lần nhập.")
    return redirect("decisions:decision_import")


@login_required
@require_GET
def decision_import_template(request):
    _back_enter_required(request)
    data = excel.template_workbook(AwardType.objects.order_by("sort_order", "code"))
    response = HttpResponse(data, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-quyet-dinh-khen-thuong.xlsx"'
    return response


urlpatterns = [
    path("nhap-truoc-day/", decision_back_enter, name="decision_back_enter"),
    path("nhap-excel/", decision_import, name="decision_import"),
    path("nhap-excel/kiem-tra/", decision_import_preview, name="decision_import_preview"),
    path("nhap-excel/xac-nhan/", decision_import_confirm, name="decision_import_confirm"),
    path("nhap-excel/huy/", decision_import_cancel, name="decision_import_cancel"),
    path("nhap-excel/tep-mau/", decision_import_template, name="decision_import_template"),
]
