"""A user's scope for an action is the union of the units of the roles that grant it — never of every
role they hold. An officer of Sở GD&ĐT who also sits on the provincial council is still an officer of
Sở GD&ĐT only."""

import pytest

from thidua.accounts.models import Role, RoleAssignment
from thidua.nominations.models import State
from thidua.nominations.services import workflow as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_on_the_council(other_unit_officer, province):
    RoleAssignment.objects.create(user=other_unit_officer, unit=province.root, role=Role.COUNCIL_MEMBER)
    return other_unit_officer


def test_unit_officer_on_the_council_cannot_open_or_edit_another_units_draft(
    officer_on_the_council, make_nomination, client_for, province
):
    n = make_nomination(province.hospital)
    assert not officer_on_the_council.has_perm("nominations.view", n)
    assert not officer_on_the_council.has_perm("nominations.edit", n)
    assert client_for(officer_on_the_council).get(f"/ho-so/{n.pk}/").status_code == 404


def test_unit_officer_on_the_council_cannot_process_another_units_step(
    officer_on_the_council, make_nomination, province
):
    n = make_nomination(province.hospital, submitted=True)
    assert not officer_on_the_council.has_perm("nominations.process", n)


def test_unit_officer_on_the_council_cannot_edit_or_create_people_of_other_units(
    officer_on_the_council, make_person, province
):
    person = make_person(province.hospital)
    assert not officer_on_the_council.has_perm("people.view_person", person)
    assert not officer_on_the_council.has_perm("people.edit_person", person)
    assert not officer_on_the_council.has_perm("people.create_person_in", province.hospital)
    assert officer_on_the_council.has_perm("people.create_person_in", province.school)  # their own unit


def test_a_leader_who_is_officer_of_a_school_creates_dossiers_for_the_school_only(province, leader):
    RoleAssignment.objects.create(user=leader, unit=province.school, role=Role.UNIT_OFFICER)
    assert leader.has_perm("nominations.create_for_unit", province.school)
    assert not leader.has_perm("nominations.create_for_unit", province.hospital)


def test_province_officer_does_not_act_at_a_managing_bodys_step(make_nomination, province, province_officer):
    n = make_nomination(province.hospital, submitted=True)  # waits at Sở Y tế
    assert n.current_step.unit == province.health
    assert not province_officer.has_perm("nominations.process", n)
    assert svc.refusal(province_officer, n, svc.RECEIVE)


def test_province_officer_acts_at_the_commendation_offices_step(make_nomination, province, province_officer):
    n = make_nomination(province.health, submitted=True)  # a department: straight to the office
    assert n.current_step.unit == province.home and n.state == State.SUBMITTED
    assert province_officer.has_perm("nominations.process", n)
