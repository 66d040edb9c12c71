"""Dossier reads: the list's scope is the rule `nominations.view` as a query (checked against the rule for
every persona), filters, and the subject search limited to the proposing unit and the actor's scope."""

import pytest
from django.http import Http404

from thidua.core.subjects import SubjectKind
from thidua.nominations.models import Authority, Nomination, State
from thidua.nominations.selectors import dossiers as sel
from thidua.people.models import Household

pytestmark = pytest.mark.django_db

PERSONAS = ["province_officer", "unit_officer", "other_unit_officer", "council_member", "leader", "hospital_officer"]


@pytest.fixture
def dossiers(province, make_nomination):
    """Dossiers in every state, from the hospital, the school, a department and a commune."""
    made = [
        make_nomination(province.hospital),
        make_nomination(province.hospital, submitted=True),
        make_nomination(province.school, submitted=True),
        make_nomination(province.health, submitted=True),
        make_nomination(province.commune1, submitted=True, authority=Authority.STATE),
        make_nomination(province.school, authority=Authority.UNIT_HEAD, submitted=True),
        make_nomination(province.edu),
    ]
    appraised = make_nomination(province.school, submitted=True)
    Nomination.objects.filter(pk=appraised.pk).update(state=State.APPRAISED)
    returned = make_nomination(province.hospital, submitted=True)
    Nomination.objects.filter(pk=returned.pk).update(state=State.RETURNED)
    unit_head_appraised = make_nomination(province.hospital, authority=Authority.UNIT_HEAD, submitted=True)
    Nomination.objects.filter(pk=unit_head_appraised.pk).update(state=State.APPRAISED)
    # The school's first dossier went on to the commendation office (its second step reached).
    step = made[2].steps.get(order=1)
    step.arrived_at = made[2].submitted_at
    step.save()
    return [*made, appraised, returned, unit_head_appraised]


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_scope_is_exactly_the_view_rule(request, persona, dossiers):
    actor = request.getfixturevalue(persona)
    listed = set(sel.nomination_list(actor=actor).values_list("pk", flat=True))
    allowed = {n.pk for n in Nomination.objects.all() if actor.has_perm("nominations.view", n)}
    assert listed == allowed
    assert allowed or persona == "council_member"  # every persona but the council sees something here


def test_council_member_lists_only_appraised_dossiers_above_unit_level(council_member, dossiers):
    states = set(sel.nomination_list(actor=council_member).values_list("state", "authority"))
    assert states == {(State.APPRAISED, Authority.PROVINCE_CHAIR)}


def test_department_officer_lists_dossiers_that_reached_it(unit_officer, other_unit_officer, province, dossiers):
    health_list = set(sel.nomination_list(actor=unit_officer).values_list("proposing_unit", flat=True))
    assert province.hospital.pk in health_list and province.school.pk not in health_list
    edu_list = set(sel.nomination_list(actor=other_unit_officer).values_list("proposing_unit", flat=True))
    assert province.hospital.pk not in edu_list


def test_get_raises_404_for_a_dossier_out_of_sight(other_unit_officer, province, make_nomination):
    n = make_nomination(province.hospital)
    with pytest.raises(Http404):
        sel.nomination_get(actor=other_unit_officer, pk=n.pk)


def test_list_filters(province_officer, province, make_nomination):
    a = make_nomination(province.hospital, year=2024, title="Khen thưởng chống dịch")
    b = make_nomination(province.school, year=2025, authority=Authority.STATE)
    pks = lambda **f: set(sel.nomination_list(actor=province_officer, filters=f).values_list("pk", flat=True))  # noqa: E731
    assert pks(q="chong dich") == {a.pk}
    assert pks(q=a.code.lower()) == {a.pk}
    assert pks(year=2025) == {b.pk}
    assert pks(authority=Authority.STATE) == {b.pk}
    assert pks(proposing_unit=province.health) == {a.pk}  # the department's subtree
    assert pks(proposing_unit=str(province.edu.pk)) == {b.pk}


def test_list_counts_lines(province_officer, province, make_nomination, make_line, make_person):
    n = make_nomination(province.hospital)
    make_line(n, make_person(province.hospital, "A"), "BK_TINH")
    make_line(n, make_person(province.hospital, "B"), "BK_TINH")
    empty = make_nomination(province.hospital)
    page = sel.with_line_counts(sel.nomination_list(actor=province_officer)[:50])
    assert {d.pk: d.n_lines for d in page} == {n.pk: 2, empty.pk: 0}
    exported = {row[0]: row[7] for row in sel.nomination_export_rows(actor=province_officer)}
    assert exported == {n.pk: 2, empty.pk: 0}


def test_subject_search_stays_in_the_unit_and_the_scope(province, unit_officer, hospital_officer, make_person):
    doctor = make_person(province.hospital, "Nguyễn Văn Sáng")
    make_person(province.school, "Nguyễn Văn Sáng")
    found = sel.subject_search(actor=hospital_officer, unit=province.hospital, q="nguyen van sang", kind="PERSON")
    assert found == [doctor]
    # A unit out of the actor's scope gives nothing, even if asked directly.
    assert sel.subject_search(actor=hospital_officer, unit=province.school, q="nguyen", kind="PERSON") == []
    # By CCCD.
    doctor.national_id = "001090000001"
    doctor.save()
    assert sel.subject_search(actor=unit_officer, unit=province.health, q="001090000001", kind="PERSON") == [doctor]


def test_subject_search_of_households(province, province_officer):
    home = Household.objects.create(head_name="Lò Văn Páo", address="Bản Mờ", unit=province.commune1)
    Household.objects.create(head_name="Lò Văn Páo", address="Bản Khác", unit=province.commune2)
    found = sel.subject_search(
        actor=province_officer, unit=province.commune1, q="lo van pao", kind=SubjectKind.HOUSEHOLD
    )
    assert found == [home]


def test_subject_token_resolves_only_inside_the_unit(province, hospital_officer, make_person):
    doctor = make_person(province.hospital)
    teacher = make_person(province.school)
    resolve = lambda token: sel.subject_from_token(actor=hospital_officer, unit=province.hospital, token=token)  # noqa: E731
    assert resolve(f"PERSON:{doctor.pk}") == doctor
    assert resolve(f"PERSON:{teacher.pk}") is None
    assert resolve(f"UNIT:{province.hospital.pk}") == province.hospital
    assert resolve(f"UNIT:{province.health.pk}") is None
    assert resolve("PERSON:abc") is None and resolve("") is None
