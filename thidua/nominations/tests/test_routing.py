"""The authority follows from the award type; the route from the proposing unit and the authority."""

import pytest
from django.core.exceptions import ValidationError

from thidua.catalog.models import AwardType
from thidua.nominations import routing
from thidua.nominations.models import Authority, StepKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "authority"),
    [
        ("LDTT", Authority.UNIT_HEAD),
        ("CSTDCS", Authority.UNIT_HEAD),
        ("GK", Authority.UNIT_HEAD),
        ("CSTD_TINH", Authority.PROVINCE_CHAIR),
        ("BK_TINH", Authority.PROVINCE_CHAIR),
        ("BK_TTG", Authority.STATE),
        ("CSTD_TQ", Authority.STATE),
        ("HCLD3", Authority.STATE),
    ],
)
def test_authority_follows_the_catalogue(code, authority):
    assert routing.authority_of(AwardType.objects.get(code=code)) == authority


def test_a_hospital_goes_through_its_department_then_the_commendation_office(province):
    deciding = routing.deciding_unit_for(province.hospital, Authority.PROVINCE_CHAIR)
    assert deciding == province.root
    route = routing.route_for(province.hospital, Authority.PROVINCE_CHAIR, deciding)
    assert route == [(province.health, StepKind.MANAGING_BODY), (province.home, StepKind.OFFICE)]


def test_a_department_goes_straight_to_the_commendation_office(province):
    route = routing.route_for(province.health, Authority.STATE, province.root)
    assert route == [(province.home, StepKind.OFFICE)]


def test_a_unit_heads_award_is_decided_in_the_unit_or_above_it(province):
    assert routing.deciding_unit_for(province.hospital, Authority.UNIT_HEAD) == province.hospital
    assert routing.deciding_unit_for(province.hospital, Authority.UNIT_HEAD, province.health) == province.health
    with pytest.raises(ValidationError):
        routing.deciding_unit_for(province.hospital, Authority.UNIT_HEAD, province.edu)
    route = routing.route_for(province.hospital, Authority.UNIT_HEAD, province.health)
    assert route == [(province.health, StepKind.DECIDING_UNIT)]


def test_without_a_commendation_office_the_route_says_what_to_do(province):
    province.home.is_commendation_office = False
    province.home.save()
    with pytest.raises(ValidationError, match="cơ quan thường trực"):
        routing.route_for(province.hospital, Authority.PROVINCE_CHAIR, province.root)


def test_builders_make_a_submitted_dossier(province, make_nomination):
    n = make_nomination(province.hospital, submitted=True)
    assert n.current_step.unit == province.health
    assert n.code.startswith("HS-2025-")
    assert n.search_text.startswith("hs-2025-")
