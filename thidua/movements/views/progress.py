"""Progress screens (/phong-trao/): a movement's progress page (a chart per target, the per-unit table
with the late units highlighted, filters, Excel export), a unit's report on one of its targets, taking
back one's last report, the evidence file. `urlpatterns` is included by thidua/movements/urls.py."""

from __future__ import annotations

import io
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from rules.contrib.views import permission_required

from thidua.core.forms import add_service_errors as _add_errors
from thidua.core.pagination import paginate
from thidua.core.xlsx import append_row

from ..forms.progress import ProgressFilterForm, ProgressReportForm
from ..selectors import movements as movement_sel
from ..selectors import progress as sel
from ..services import progress as svc

view_list = permission_required("movements.view_list", raise_exception=True)


def _progress_and_filters(request, movement):
    form = ProgressFilterForm(request.GET or None, targets=movement.targets.all())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    progress = sel.movement_progress(actor=request.user, movement=movement, as_of=filters.get("as_of"))
    return form, filters, progress


@login_required
@view_list
def progress_movement(request, pk):
    movement = movement_sel.movement_get(actor=request.user, pk=pk)
    form, filters, progress = _progress_and_filters(request, movement)
    rows = progress.rows(filters) if progress.is_rollup else []
    context = {
        "movement": movement,
        "progress": progress,
        "form": form,
        "page": paginate(request, rows),
        "charts": progress.charts(),
    }
    template = "movements/progress_movement.html#unit-table" if request.htmx else "movements/progress_movement.html"
    return render(request, template, context)


EXPORT_COLUMNS = [
    ("STT", 6),
    ("Đơn vị", 40),
    ("Chỉ tiêu", 45),
    ("Đơn vị tính", 12),
    ("Chiều", 14),
    ("Chỉ tiêu của đơn vị", 16),
    ("Giá trị đạt được", 16),
    ("Ngày số liệu", 13),
    ("Tỷ lệ hoàn thành (%)", 14),
    ("Tỷ lệ thời gian đã qua (%)", 14),
    ("Tình trạng", 26),
]
LATE_FILL = PatternFill("solid", fgColor="FDECEA")


def progress_workbook(movement, progress, rows) -> bytes:
    """The per-unit table as an .xlsx; late rows filled in red as on the screen."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tiến độ theo đơn vị")
    for i, (_, width) in enumerate(EXPORT_COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A4"
    bold = Font(bold=True)
    title = WriteOnlyCell(ws, value=f"Tiến độ thực hiện chỉ tiêu — {movement.name}")
    title.font = bold
    append_row(ws, [title])
    scope = " (các đơn vị thuộc phạm vi của người xuất)" if progress.partial else ""
    append_row(ws, [f"Số liệu tính đến ngày {progress.as_of:%d/%m/%Y}{scope}"])
    header = []
    for text, _ in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    append_row(ws, header)
    for n, row in enumerate(rows, start=1):
        values = [
            n,
            row.unit.name,
            row.target.name,
            row.target.measure or None,
            row.target.get_direction_display(),
            float(row.target_value) if row.target_value is not None else None,
            float(row.value) if row.value is not None else None,
            row.date,
            row.completion_pct,
            round(row.share * 100, 1) if row.share is not None else None,
            row.status_label,
        ]
        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(ws, value=value)
            if i == 7 and value is not None:
                cell.number_format = "DD/MM/YYYY"
            if row.is_late:
                cell.fill = LATE_FILL
            cells.append(cell)
        append_row(ws, cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@login_required
@view_list
def progress_export(request, pk):
    movement = movement_sel.movement_get(actor=request.user, pk=pk)
    _form, filters, progress = _progress_and_filters(request, movement)
    rows = progress.rows(filters) if progress.is_rollup else []
    response = HttpResponse(
        progress_workbook(movement, progress, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tien-do-phong-trao-{movement.pk}-{stamp}.xlsx"'
    return response


@login_required
@view_list
def progress_report(request, pk):
    """A unit reports the value one of its targets reached (and sees the target's past reports)."""
    target = sel.target_get(actor=request.user, pk=pk)
    movement = target.movement
    if not request.user.has_perm("movements.act_for_unit", movement.launching_unit):
        raise PermissionDenied
    form = ProgressReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.progress_report(
                actor=request.user,
                target=target,
                value=data["value"],
                date=data["date"],
                note=data["note"],
                evidence=data.get("evidence") or None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận báo cáo tiến độ chỉ tiêu “{target.name}”.")
            return redirect("movements:progress_report", pk=target.pk)
    reports = sel.target_reports(target=target)
    last = sel.last_entered_report(reports)
    context = {
        "target": target,
        "movement": movement,
        "form": form,
        "reports": reports,
        "deletable": last if last is not None and last.created_by_id == request.user.pk else None,
        "reportable": svc.is_reportable(target),
        "closed_reason": svc.closed_reason(movement),
    }
    return render(request, "movements/progress_report.html", context)


@login_required
@view_list
def progress_delete(request, pk):
    """Take back one's last report: a confirmation page, then the deletion on POST."""
    report = sel.report_get(actor=request.user, pk=pk)
    target = report.target
    if not request.user.has_perm("movements.act_for_unit", target.movement.launching_unit):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            svc.progress_delete(actor=request.user, report=report)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Đã xóa báo cáo tiến độ ngày {report.date:%d/%m/%Y}.")
            return redirect("movements:progress_report", pk=target.pk)
    return render(request, "movements/progress_delete.html", {"report": report, "target": target, "error": error})


@login_required
@view_list
def progress_evidence(request, pk):
    """The evidence file of a report, to whoever may see the unit's plan (never a public media URL)."""
    report = sel.report_get(actor=request.user, pk=pk)
    if not report.evidence:
        raise Http404("Báo cáo không có minh chứng.")
    name = report.evidence.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = report.evidence.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp minh chứng.") from None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


urlpatterns = [
    path("<int:pk>/tien-do/", progress_movement, name="progress_movement"),
    path("<int:pk>/tien-do/xuat-excel/", progress_export, name="progress_export"),
    path("chi-tieu/<int:pk>/bao-cao-tien-do/", progress_report, name="progress_report"),
    path("tien-do/<int:pk>/xoa/", progress_delete, name="progress_delete"),
    path("tien-do/<int:pk>/minh-chung/", progress_evidence, name="progress_evidence"),
]
