"""Two officers revoke the same award, or record recovery of the same revocation, at the same moment
(threads, each with its own connection): one revocation only; the recovered total never exceeds the
amount to recover. SQLite (write lock at BEGIN IMMEDIATE) and PostgreSQL (row lock)."""

import datetime as dt

import pytest

from tests.concurrency import race as _race
from thidua.decisions.models import FundEntry, Revocation
from thidua.decisions.services import revocation as svc

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import revoke


@pytest.fixture
def second_officer(province):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cv.snv2", Role.PROVINCE_OFFICER, province.home, full_name="Vũ Thị Lan")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_revoking_the_same_award_at_once_make_one_revocation(an, province_officer, second_officer):
    award = an.cstdcs_2024
    outcomes = _race(
        [
            lambda: revoke(province_officer, award, act_number="1/QĐ"),
            lambda: revoke(second_officer, award, act_number="2/QĐ"),
        ]
    )
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    assert Revocation.objects.filter(award=award).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_recoveries_at_once_never_exceed_the_amount_to_recover(an, province_officer, second_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, insignia_to_recover="")

    def recover(actor, voucher):
        return svc.revocation_record_recovery(
            actor=actor, revocation=revocation, amount=600_000, recovered_on=dt.date(2025, 7, 1), voucher_number=voucher
        )

    outcomes = _race([lambda: recover(province_officer, "PT-1"), lambda: recover(second_officer, "PT-2")])
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    revocation.refresh_from_db()
    assert revocation.recovered_amount == 600_000
    assert FundEntry.objects.count() == 1
