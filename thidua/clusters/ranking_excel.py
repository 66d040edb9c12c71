"""The full scoring table of a cluster in Excel: one row per member unit, for each criterion the points
the unit gave itself and the points after the cross-check, the subtotal of each criteria group, the
bonus, the penalty, the totals and the rank with how it was decided.

Written with openpyxl through thidua.core.xlsx.append_row: text typed by users (unit and criterion
names) never becomes a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.core.xlsx import XLSX_CONTENT_TYPE, append_row

from .models import CriterionKind
from .ranking import points_text

__all__ = ["XLSX_CONTENT_TYPE", "scoring_table_xlsx", "xlsx_filename"]

SHEET = "Bảng điểm"
KIND_SUFFIX = {CriterionKind.BONUS: " (điểm thưởng)", CriterionKind.PENALTY: " (điểm trừ)"}


def _state(ranking) -> str:
    if ranking.published:
        return "Đã công bố kết quả"
    if ranking.locked:
        return "Đã khóa điểm (kết quả chính thức, chưa công bố)"
    return "Tạm tính (đang chấm điểm)"


def xlsx_filename(ranking) -> str:
    return f"bang-diem-cum-khoi-{ranking.cluster.pk}-{ranking.cluster.year}.xlsx"


def scoring_table_xlsx(ranking, criteria, cells) -> bytes:
    """The workbook as bytes. `criteria` in table order; `cells`: {unit id: {criterion id: (self, points)}}."""
    cluster = ranking.cluster
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    append_row(ws, [f"BẢNG TỔNG HỢP ĐIỂM THI ĐUA — {cluster.name.upper()} NĂM {cluster.year}"])
    append_row(ws, [f"Bảng chấm điểm: {ranking.round.table.name}. Tình trạng: {_state(ranking)}."])
    append_row(ws, [])

    first = ["STT", "Đơn vị"]
    second = ["", ""]
    for c in criteria:
        first += [f"{c.code}. {c.name}{KIND_SUFFIX.get(c.kind, '')} (tối đa {points_text(c.max_points)})", ""]
        second += ["Tự chấm", "Sau kiểm tra chéo"]
    tail = [f"Cộng nhóm {g.code}" for g in ranking.groups]
    tail += [
        "Cộng điểm thưởng",
        "Cộng điểm trừ",
        "Tổng điểm tự chấm",
        "Tổng điểm",
        "Xếp hạng",
        "Cách xác định thứ hạng",
    ]
    first += tail
    second += [""] * len(tail)
    append_row(ws, first)
    append_row(ws, second)
    header_rows = (ws.max_row - 1, ws.max_row)
    for i in range(len(criteria)):
        col = 3 + 2 * i
        ws.merge_cells(start_row=header_rows[0], start_column=col, end_row=header_rows[0], end_column=col + 1)
    for col in (1, 2, *range(3 + 2 * len(criteria), len(first) + 1)):
        ws.merge_cells(start_row=header_rows[0], start_column=col, end_row=header_rows[1], end_column=col)
    for row in ws.iter_rows(min_row=header_rows[0], max_row=header_rows[1]):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True, size=13)

    for index, line in enumerate(ranking.lines, start=1):
        own = cells.get(line.unit.pk, {})
        values = [index, line.unit.name]
        for c in criteria:
            self_points, points = own.get(c.id, (None, None))
            values += [self_points, points]
        values += list(line.subtotals)
        fig = line.figures
        position = f"{line.position} (đồng hạng)" if line.row.shared else line.position
        values += [fig.bonus, fig.penalty, fig.self_total, line.total, position, line.row.note]
        append_row(ws, values)

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 32
    for col in range(3, len(first) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.column_dimensions[get_column_letter(len(first))].width = 40
    ws.freeze_panes = ws.cell(row=header_rows[1] + 1, column=3)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
