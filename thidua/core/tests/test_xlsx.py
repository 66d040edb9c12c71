"""Text typed by one user never becomes a formula in another user's export."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from thidua.core.xlsx import append_row


@pytest.mark.parametrize("write_only", [True, False])
def test_a_string_starting_with_equals_is_stored_as_text(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet() if write_only else wb.active
    append_row(ws, ['=HYPERLINK("http://evil.example","Bấm")', "Sở Y tế", 5, None])
    buf = io.BytesIO()
    wb.save(buf)
    cells = list(load_workbook(io.BytesIO(buf.getvalue())).worksheets[0].iter_rows(values_only=False))[0]
    assert cells[0].data_type == "s" and cells[0].value.startswith("=HYPERLINK")
    assert cells[1].value == "Sở Y tế" and cells[2].value == 5
