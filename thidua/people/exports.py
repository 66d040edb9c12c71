"""Excel export of a people list (all matching rows, streamed through a write-only workbook)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.xlsx import append_row

from .models import EmploymentType, Sex

HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Chức vụ",
    "Loại đối tượng",
    "Người lao động trực tiếp",
    "Đơn vị công tác",
]
WIDTHS = [7, 28, 12, 9, 10, 15, 28, 18, 12, 45]


def people_workbook(rows) -> bytes:
    """rows: tuples from selectors.person_export_rows(); returns the .xlsx bytes.

    Empty values are written as None, not "": openpyxl skips empty cells, which matters at 30,000 rows.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách cá nhân")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    append_row(ws, header)

    sexes = dict(Sex.choices)
    types = dict(EmploymentType.choices)
    for n, (name, birth, sex, ethnicity, nid, position, etype, direct, unit_name) in enumerate(rows, start=1):
        if birth is not None:
            birth_cell = WriteOnlyCell(ws, value=birth)
            birth_cell.number_format = "DD/MM/YYYY"
        else:
            birth_cell = None
        append_row(
            ws,
            [
                n,
                name,
                birth_cell,
                sexes.get(sex, sex),
                ethnicity or None,
                nid,  # text, so leading zeros survive
                position or None,
                types.get(etype, etype),
                "Có" if direct else None,
                unit_name,
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
