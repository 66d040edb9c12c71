"""The same subject never holds the same award for the same year twice — a revoked one aside: the
database refuses it, a revocation frees the place, back-entry says so in plain words."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.catalog.models import AwardType
from thidua.decisions import services as back_entry
from thidua.decisions.models import Award, Decision
from thidua.people.models import Household

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import revoke


def _award(decision, code, year, **subject):
    return Award.objects.create(
        decision=decision, award_type=AwardType.objects.get(code=code), year=year, subject_name="x", **subject
    )


@pytest.fixture
def second_decision(province):
    return Decision.objects.create(issuer=province.root, number="77/QĐ-UBND", date=dt.date(2025, 3, 1))


def test_a_second_standing_award_for_the_same_person_type_and_year_is_refused_by_the_database(an, second_decision):
    with pytest.raises(IntegrityError), transaction.atomic():
        _award(second_decision, "CSTDCS", 2024, person=an)


def test_the_same_holds_for_a_collective_and_a_household(province, second_decision):
    household = Household.objects.create(head_name="Trần Văn Nông", unit=province.commune1)
    _award(second_decision, "BK_TINH_TT", 2024, unit=province.hospital)
    _award(second_decision, "BK_TINH_HGD", 2024, household=household)
    other = Decision.objects.create(issuer=province.root, number="78/QĐ-UBND", date=dt.date(2025, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        _award(other, "BK_TINH_TT", 2024, unit=province.hospital)
    with pytest.raises(IntegrityError), transaction.atomic():
        _award(other, "BK_TINH_HGD", 2024, household=household)


def test_another_year_or_another_award_type_is_allowed(an, second_decision):
    _award(second_decision, "CSTDCS", 2022, person=an)
    _award(second_decision, "BK_TINH", 2024, person=an)


def test_after_a_revocation_a_new_award_for_the_same_period_is_allowed(an, province_officer, second_decision):
    revoke(province_officer, an.cstdcs_2024)
    again = _award(second_decision, "CSTDCS", 2024, person=an)
    assert set(an.awards.filter(award_type__code="CSTDCS", year=2024).values_list("pk", "revoked")) == {
        (an.cstdcs_2024.pk, True),
        (again.pk, False),
    }


def _back_enter(actor, issuer, person, number):
    return back_entry.decision_back_enter(
        actor=actor,
        issuer=issuer,
        number=number,
        date=dt.date(2025, 9, 1),
        rows=[{"subject": person, "award_type": AwardType.objects.get(code="CSTDCS"), "year": 2024}],
    )


def test_back_entry_refuses_a_duplicate_with_a_clear_message_then_accepts_it_after_revocation(
    an, province, province_officer
):
    with pytest.raises(ValidationError) as exc:
        _back_enter(province_officer, province.hospital, an, "90/QĐ-BV")
    [message] = exc.value.message_dict["rows"]
    assert message == ("Dòng 1: Nguyễn Thị An đã có “Chiến sĩ thi đua cơ sở” năm 2024 (chưa bị hủy bỏ) trong hệ thống.")
    assert not Decision.objects.filter(number="90/QĐ-BV").exists()
    revoke(province_officer, an.cstdcs_2024)
    decision = _back_enter(province_officer, province.hospital, an, "90/QĐ-BV")
    assert decision.awards.get().revoked is False
