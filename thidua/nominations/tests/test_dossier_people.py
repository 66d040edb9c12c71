"""A person created from the dossier (people.services.person_create reused): duplicate checks on the
CCCD (without leaking other units' people) and on the name without diacritics and the birth date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.nominations.models import State
from thidua.nominations.services import dossiers as svc
from thidua.people.models import EmploymentType, Person, Sex

pytestmark = pytest.mark.django_db

NID = "001085012345"


def inline(actor, nomination, unit, **kw):
    values = {
        "full_name": "Nguyễn Thị Lan",
        "birth_date": dt.date(1988, 5, 20),
        "sex": Sex.FEMALE,
        "national_id": "",
        "position": "Dược sĩ",
        "unit": unit,
        "employment_type": EmploymentType.PUBLIC_EMPLOYEE,
        "is_direct_worker": False,
    } | kw
    return svc.person_create_inline(actor=actor, nomination=nomination, **values)


@pytest.fixture
def draft(province, make_nomination):
    return make_nomination(province.hospital)


def test_new_person_is_created_in_the_hospital_with_an_audit_event(province, hospital_officer, draft):
    person = inline(hospital_officer, draft, province.hospital, national_id=NID)
    assert person.unit == province.hospital and person.national_id == NID and person.search_text == "nguyen thi lan"
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()


def test_same_cccd_in_scope_points_to_the_existing_person(province, hospital_officer, draft, make_person):
    existing = make_person(province.hospital, "Nguyễn Thị Lan Anh", national_id=NID)
    with pytest.raises(svc.NationalIdTaken) as exc:
        inline(hospital_officer, draft, province.hospital, national_id=NID)
    assert exc.value.person == existing
    assert "Nguyễn Thị Lan Anh" in exc.value.message_dict["national_id"][0]
    assert Person.objects.count() == 1


def test_same_cccd_of_another_units_person_does_not_leak_their_name(province, hospital_officer, draft, make_person):
    make_person(province.school, "Phạm Văn Bí Mật", national_id=NID)
    with pytest.raises(svc.NationalIdTaken) as exc:
        inline(hospital_officer, draft, province.hospital, national_id=NID)
    message = exc.value.message_dict["national_id"][0]
    assert exc.value.person is None
    assert "đã có trong hệ thống" in message and "Bí Mật" not in message and "THPT" not in message
    assert Person.objects.count() == 1


def test_same_name_without_diacritics_and_birth_date_asks_for_confirmation(
    province, hospital_officer, draft, make_person
):
    twin = make_person(province.hospital, "NGUYEN THI LAN", birth_date=dt.date(1988, 5, 20))
    with pytest.raises(svc.PossibleDuplicate) as exc:
        inline(hospital_officer, draft, province.hospital)
    assert exc.value.matches == [twin]
    assert Person.objects.count() == 1
    person = inline(hospital_officer, draft, province.hospital, confirm_not_duplicate=True)
    assert person.pk != twin.pk and Person.objects.count() == 2


def test_same_name_but_another_birth_date_is_not_a_duplicate(province, hospital_officer, draft, make_person):
    make_person(province.hospital, "Nguyễn Thị Lan", birth_date=dt.date(1990, 1, 1))
    assert inline(hospital_officer, draft, province.hospital).pk


def test_person_must_work_in_the_proposing_units_subtree(province, unit_officer, make_nomination):
    n = make_nomination(province.hospital)
    with pytest.raises(ValidationError) as exc:
        inline(unit_officer, n, province.health)
    assert "unit" in exc.value.message_dict
    assert not Person.objects.exists()


def test_other_units_officer_cannot_create_people_through_the_dossier(province, other_unit_officer, draft):
    with pytest.raises(PermissionDenied):
        inline(other_unit_officer, draft, province.hospital)


def test_no_new_person_through_a_submitted_dossier(province, hospital_officer, make_nomination):
    n = make_nomination(province.hospital, submitted=True)
    assert n.state == State.SUBMITTED
    with pytest.raises(PermissionDenied):
        inline(hospital_officer, n, province.hospital)
