"""Excel files of user administration: reading an upload safely, writing the template and exports.

An upload is checked by content, never by its name: an .xlsx is a ZIP holding
`[Content_Types].xml` and `xl/workbook.xml`. Reading uses python-calamine (fast, no macros).
"""

import io

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from thidua.core.xlsx import NOT_XLSX, XLSX_CONTENT_TYPE, append_row, read_upload  # noqa: F401


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def first_sheet_rows(data: bytes) -> list[list[str]]:
    """All rows of the first sheet as stripped strings (numbers like 12.0 become "12")."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for damaged workbooks
        raise ValidationError(NOT_XLSX, code="not_xlsx") from None
    return [[_cell_text(v) for v in row] for row in rows]


def _bold_header(ws, headers):
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, header in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + i)].width = max(14, len(header) + 6)


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_template(headers: list[str], example: list[str], role_labels: list[tuple[str, str]]) -> bytes:
    """The blank import file: headers, one example row, a role drop-down and a sheet of role names."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách tài khoản"
    _bold_header(ws, headers)
    append_row(ws, example)
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 30
    ws.column_dimensions["E"].width = 32
    roles = wb.create_sheet("Vai trò")
    _bold_header(roles, ["Vai trò", "Mã vai trò"])
    for label, code in role_labels:
        roles.append([label, code])
    roles.column_dimensions["A"].width = 34
    roles.column_dimensions["B"].width = 22
    choice = DataValidation(type="list", formula1=f"='Vai trò'!$A$2:$A${len(role_labels) + 1}", allow_blank=True)
    choice.error = "Chọn một vai trò trong danh sách."
    choice.errorTitle = "Vai trò không hợp lệ"
    ws.add_data_validation(choice)
    choice.add("E2:E5000")
    return _save(wb)


def table(title: str, headers: list[str], rows) -> bytes:
    """A one-sheet workbook: bold headers, then rows (written in streaming mode for large lists)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, header in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + i)].width = max(14, len(header) + 8)
    append_row(ws, headers)
    for row in rows:
        append_row(ws, row)
    return _save(wb)
