"""Excel export of a dossier list (every matching dossier, streamed through a write-only workbook)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thidua.core.xlsx import append_row

from .models import Authority, Basis, State

HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Năm thành tích",
    "Trích yếu",
    "Đơn vị đề nghị",
    "Loại hình khen thưởng",
    "Cấp quyết định",
    "Thủ tục đơn giản",
    "Số dòng đề nghị",
    "Trạng thái",
    "Đang ở",
    "Hạn thẩm định của bước",
    "Hạn nộp hồ sơ",
    "Ngày gửi",
]
WIDTHS = [6, 16, 10, 50, 40, 32, 30, 10, 10, 28, 32, 14, 14, 14]


def _date_cell(ws, value):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def nominations_workbook(rows) -> bytes:
    """rows: tuples from selectors.dossiers.nomination_export_rows(); returns the .xlsx bytes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hồ sơ đề nghị")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    append_row(ws, header)

    bases, authorities, states = dict(Basis.choices), dict(Authority.choices), dict(State.choices)
    for n, row in enumerate(rows, start=1):
        (pk, year, title, unit_name, basis, authority, simplified, n_lines, state, step_unit, step_due, due, sent) = row
        sent_day = timezone.localtime(sent).date() if sent else None
        append_row(
            ws,
            [
                n,
                f"HS-{year}-{pk:06d}",
                year,
                title,
                unit_name,
                bases.get(basis, basis),
                authorities.get(authority, authority),
                "Có" if simplified else None,
                n_lines or 0,
                states.get(state, state),
                step_unit,
                _date_cell(ws, step_due),
                _date_cell(ws, due),
                _date_cell(ws, sent_day),
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
