"""Fixtures shared by the back-entry tests (imported by the other test files; holds no tests)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.catalog.models import AwardType
from thidua.decisions.excel import HEADERS, SHEET
from thidua.people.models import EmploymentType, Household, Person, Sex

__all__ = ["XLSX", "award", "people", "row", "xlsx_upload"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def people(province):
    """Two people of the hospital (Sở Y tế), one of the school (Sở GD&ĐT), and a household of a commune."""

    def person(unit, name, national_id, **kw):
        return Person.objects.create(
            unit=unit,
            full_name=name,
            national_id=national_id,
            sex=Sex.FEMALE,
            employment_type=EmploymentType.CIVIL_SERVANT,
            birth_date=dt.date(1980, 1, 1),
            **kw,
        )

    return type(
        "People",
        (),
        dict(
            lan=person(province.hospital, "Đỗ Thị Lan", "001180000001", position="Điều dưỡng trưởng"),
            hoa=person(province.hospital, "Lê Thị Hoa", "001180000002"),
            giao=person(province.school, "Phạm Văn Giáo", "001180000003"),
            household=Household.objects.create(head_name="Trần Văn Nông", unit=province.commune1),
        ),
    )


def award(code):
    return AwardType.objects.get(code=code)


def row(subject, code, year, **kw):
    return {"subject": subject, "award_type": award(code), "year": year, **kw}


def xlsx_upload(rows, *, headers=HEADERS, name="quyet-dinh.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers)
    for values in rows:
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)
