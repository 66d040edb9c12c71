"""The header's "Việc chờ xử lý" count agrees with the inbox, for each persona."""

import pytest

from thidua.nominations.models import State
from thidua.nominations.selectors.workflow import inbox, waiting_count

pytestmark = pytest.mark.django_db


def test_waiting_count_matches_the_inbox_for_unit_and_province_officers(
    province, make_nomination, unit_officer, province_officer, hospital_officer, other_unit_officer
):
    make_nomination(province.hospital, submitted=True)  # at Sở Y tế
    returned = make_nomination(province.health, submitted=True)  # at the office…
    returned.state = State.RETURNED  # …returned to Sở Y tế
    returned.save()
    make_nomination(province.edu, submitted=True)  # at the office
    make_nomination(province.health)  # a draft: not waiting

    assert waiting_count(actor=unit_officer) == inbox(actor=unit_officer).waiting == 2
    assert waiting_count(actor=province_officer) == inbox(actor=province_officer).waiting == 1
    assert waiting_count(actor=hospital_officer) == inbox(actor=hospital_officer).waiting == 0
    assert waiting_count(actor=other_unit_officer) == 0


def test_the_header_badge_stops_counting_at_its_cap(province, make_nomination, province_officer, client_for):
    for _ in range(3):
        make_nomination(province.edu, submitted=True)
    assert waiting_count(actor=province_officer) == 3
    assert waiting_count(actor=province_officer, cap=2) == 2
