"""Fixtures shared by the registration tests (imported by test_registrations*.py; holds no tests)."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.clock import SESSION_DAY

YEAR = SESSION_DAY.year


@pytest.fixture
def make_person(db):
    """make_person(unit, name, **fields) → a saved Person."""
    from thidua.people.models import EmploymentType, Person, Sex

    def make(unit, full_name="Nguyễn Văn An", **kw):
        kw.setdefault("sex", Sex.MALE)
        kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
        kw.setdefault("birth_date", dt.date(1985, 3, 15))
        return Person.objects.create(unit=unit, full_name=full_name, **kw)

    return make


@pytest.fixture
def grant(province):
    """grant(subject, code, year, **kw) → an Award of `code` for `year` (a provincial decision)."""
    from thidua.catalog.models import AwardType
    from thidua.decisions.models import Award, Decision
    from thidua.people.models import Person

    def make(subject, code, year, *, revoked=False):
        decision, _ = Decision.objects.get_or_create(
            issuer=province.root, number=f"{year}/QĐ-UBND", defaults={"date": dt.date(year + 1, 1, 20)}
        )
        field = "person" if isinstance(subject, Person) else "unit"
        name = subject.full_name if field == "person" else subject.name
        return Award.objects.create(
            decision=decision,
            award_type=AwardType.objects.get(code=code),
            year=year,
            subject_name=name,
            revoked=revoked,
            **{field: subject},
        )

    return make


@pytest.fixture
def registration(province, unit_officer):
    """Sở Y tế's draft registration for this year."""
    from thidua.movements.services.registrations import registration_open

    return registration_open(actor=unit_officer, unit=province.health, year=YEAR)


def award(code):
    from thidua.catalog.models import AwardType

    return AwardType.objects.get(code=code)


def xlsx_upload(rows, *, headers=None, name="dang-ky.xlsx", sheet="Đăng ký"):
    """A real .xlsx (built with openpyxl) as an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.movements.registration_excel import IMPORT_HEADERS

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers or IMPORT_HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))
