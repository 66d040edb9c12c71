import io

import pytest
from openpyxl import Workbook

from thidua.accounts.services import IMPORT_HEADERS


def xlsx_bytes(rows, headers=IMPORT_HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def make_xlsx():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.accounts.excel import XLSX_CONTENT_TYPE

    def make(rows, name="tai-khoan.xlsx", headers=IMPORT_HEADERS):
        return SimpleUploadedFile(name, xlsx_bytes(rows, headers), content_type=XLSX_CONTENT_TYPE)

    return make
