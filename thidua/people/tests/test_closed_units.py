import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.people.models import EmploymentType, Person, Sex
from thidua.people.services import employment_add, person_create


def _close(unit):
    unit.valid_to = dt.date(2025, 6, 30)
    unit.save()


def test_nobody_can_be_created_in_a_dissolved_unit(province, province_officer):
    _close(province.commune1)
    data = {
        "full_name": "Võ Thị Lan",
        "sex": Sex.FEMALE,
        "employment_type": EmploymentType.CIVIL_SERVANT,
        "unit": province.commune1,
        "birth_date": dt.date(1990, 1, 1),
    }
    with pytest.raises(ValidationError) as exc:
        person_create(actor=province_officer, data=data)
    assert "đã giải thể/sáp nhập" in str(exc.value)
    assert not Person.objects.filter(full_name="Võ Thị Lan").exists()


def test_nobody_can_be_moved_into_a_dissolved_unit(province, province_officer):
    person = Person.objects.create(
        full_name="Đinh Văn Hùng", sex=Sex.MALE, employment_type=EmploymentType.CIVIL_SERVANT, unit=province.commune2
    )
    _close(province.commune1)
    with pytest.raises(ValidationError):
        employment_add(
            actor=province_officer,
            person=person,
            data={"unit": province.commune1, "start_date": dt.date(2025, 8, 1), "position": "Chuyên viên"},
        )
    person.refresh_from_db()
    assert person.unit == province.commune2
