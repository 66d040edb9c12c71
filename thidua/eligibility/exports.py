"""Excel export of a "Danh sách đủ điều kiện" (the whole list, not one page)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.xlsx import append_row

from .facts import PERSON

HEADERS_PERSON = ["STT", "Họ và tên", "Đơn vị công tác"]
HEADERS_UNIT = ["STT", "Tên tập thể", "Đơn vị cấp trên"]
HEADERS_COMMON = [
    "Danh hiệu, hình thức",
    "Năm xét",
    "Kết quả",
    "Căn cứ đủ điều kiện",
    "Nội dung cần xác nhận",
    "Tiền thưởng (đồng)",
    "Căn cứ pháp lý",
]
WIDTHS = [7, 30, 40, 30, 9, 28, 70, 45, 16, 60]
QUOTA_HEADERS = [
    "STT",
    "Đơn vị quyết định",
    "Số đề nghị Chiến sĩ thi đua cơ sở",
    "Số đạt Lao động tiên tiến",
    "Kết quả",
]

ELIGIBLE = "Đủ điều kiện"
PENDING = "Đủ điều kiện, chờ xác nhận"


def _header(ws, texts):
    bold = Font(bold=True)
    cells = []
    for text in texts:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cells.append(cell)
    append_row(ws, cells)


def eligible_workbook(result) -> bytes:
    """result: selectors.EligibleList; returns the .xlsx bytes (eligible first, then pending)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách đủ điều kiện")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    _header(ws, (HEADERS_PERSON if result.kind == PERSON else HEADERS_UNIT) + HEADERS_COMMON)
    n = 0
    for status, rows in ((ELIGIBLE, result.eligible), (PENDING, result.pending)):
        for row in rows:
            n += 1
            v = row.verdict
            append_row(
                ws,
                [
                    n,
                    row.subject.name,
                    row.subject.unit_name or None,
                    v.award_name,
                    v.year,
                    status,
                    row.reasons or None,
                    "; ".join(row.pending) or None,
                    v.amount_vnd,
                    "; ".join(v.citations) or None,
                ],
            )
    if result.quotas:
        qs = wb.create_sheet("Tỷ lệ Chiến sĩ thi đua cơ sở")
        for i, width in enumerate([7, 45, 18, 18, 40]):
            qs.column_dimensions[chr(ord("A") + i)].width = width
        _header(qs, QUOTA_HEADERS)
        for i, q in enumerate(result.quotas, start=1):
            qs.append([i, q.unit_name, q.n_cstdcs, q.n_ldtt, q.message])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
