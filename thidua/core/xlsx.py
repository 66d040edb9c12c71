"""Excel files, both ways, in one place: uploads read safely (content and size checked, no zip bombs,
python-calamine), user-typed text written safely.

Writing: one helper for every workbook we produce.

openpyxl stores a string that starts with "=" as a formula, so a dossier title such as
`=HYPERLINK("http://…")` typed by one user would run in the spreadsheet of the officer who exports
it. `append_row` stores every such string as plain text; everything else is appended unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from python_calamine import CalamineWorkbook

from .text import fold_vi
from .uploads import file_kind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_XLSX = "Tệp không đúng định dạng Excel (.xlsx)."
# An .xlsx compresses well, but not a hundredfold: beyond this it is a "zip bomb".
MAX_UNPACKED_RATIO = 100


def _text_cell(ws, value: str):
    cell = WriteOnlyCell(ws, value=value) if isinstance(ws, WriteOnlyWorksheet) else Cell(ws, value=value)
    cell.data_type = "s"  # text, never a formula
    return cell


def safe_row(ws, values) -> list:
    return [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v for v in values]


def append_row(ws, values) -> None:
    """ws.append(values), with strings that would be read as formulas kept as text."""
    ws.append(safe_row(ws, values))


# --- Reading uploads ----------------------------------------------------------------------------


def _too_big_message(limit: int) -> str:
    mb = limit / (1024 * 1024)
    size = f"{mb:.0f} MB" if mb >= 1 else f"{limit // 1024} KB"
    return f"Tệp quá lớn: dung lượng tối đa cho phép là {size}."


def read_upload(file) -> bytes:
    """The bytes of an uploaded .xlsx, or ValidationError: too large, not an .xlsx by its content
    (uploads.file_kind, the one content check), or a "zip bomb"."""
    limit = settings.THIDUA_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_too_big_message(limit), code="too_big")
    file_kind(file, allowed=("xlsx",), max_bytes=limit, label="Tệp")
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_big_message(limit), code="too_big")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(NOT_XLSX, code="not_xlsx") from None
    if unpacked > max(limit, len(data)) * MAX_UNPACKED_RATIO:
        raise ValidationError(NOT_XLSX, code="not_xlsx")
    return data


def cell_text(value, *, digits: bool = False, zero_fill_from: int = 1) -> str:
    """A cell as the text the user typed: dates dd/mm/yyyy, whole numbers without ".0", spaces
    collapsed. `digits`: a number that lost its leading zeros (a CCCD typed as a number, at least
    `zero_fill_from` digits long) gets them back up to 12."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
            if digits and zero_fill_from <= len(str(value)) < 12:
                return str(value).zfill(12)
        return str(value)
    return " ".join(str(value).split())


def read_table(file, *, sheet: str, headers, digit_column: int | None = None, zero_fill_from: int = 1):
    """(row number, cells as text) of the data rows of an uploaded list whose first row must be
    `headers` (compared without diacritics); the first column (STT) alone does not make a row.

    Raises ValidationError with a Vietnamese message about the whole file."""
    data = read_upload(file)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        table = (workbook.get_sheet_by_name(sheet) if sheet in names else workbook.get_sheet_by_index(0)).to_python(
            skip_empty_area=False
        )
    except Exception:  # calamine raises its own error types for damaged workbooks
        raise ValidationError(NOT_XLSX, code="not_xlsx") from None
    if not table:
        raise ValidationError("Tệp không có dữ liệu.")
    width = len(headers)
    header = [fold_vi(cell_text(c)) for c in (list(table[0]) + [None] * width)[:width]]
    if header != [fold_vi(h) for h in headers]:
        raise ValidationError(
            "Dòng tiêu đề không đúng mẫu. Các cột phải là: " + " | ".join(headers) + ". Hãy dùng tệp mẫu."
        )
    for index, values in enumerate(table[1:], start=2):
        values = (list(values) + [None] * width)[:width]
        cells = [cell_text(v, digits=(i == digit_column), zero_fill_from=zero_fill_from) for i, v in enumerate(values)]
        if any(cells[1:]):
            yield index, cells
