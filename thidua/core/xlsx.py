"""Writing user-typed text into .xlsx files safely: one helper for every workbook we produce.

openpyxl stores a string that starts with "=" as a formula, so a dossier title such as
`=HYPERLINK("http://…")` typed by one user would run in the spreadsheet of the officer who exports
it. `append_row` stores every such string as plain text; everything else is appended unchanged.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _text_cell(ws, value: str):
    cell = WriteOnlyCell(ws, value=value) if isinstance(ws, WriteOnlyWorksheet) else Cell(ws, value=value)
    cell.data_type = "s"  # text, never a formula
    return cell


def safe_row(ws, values) -> list:
    return [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v for v in values]


def append_row(ws, values) -> None:
    """ws.append(values), with strings that would be read as formulas kept as text."""
    ws.append(safe_row(ws, values))
