import io

import pytest
from openpyxl import Workbook

from thidua.accounts.services import IMPORT_HEADERS


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 at full strength costs ~0.5 s per user; these tests create many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
