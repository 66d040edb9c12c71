"""Two officers pay the same award at the same moment, each through their own database connection
(threads): one payment is recorded, the other officer is told, the fund is debited once. Runs on
SQLite (write lock at BEGIN IMMEDIATE) and PostgreSQL (row locks on the awards).

The SQLite test database lives in memory with a shared cache, where a writer that finds the lock
taken gets "database table is locked" at once instead of waiting; `tests.concurrency.busy_wait` retries in that case
only, which is what the busy timeout does for the file database used in production."""

import datetime as dt

import pytest

from tests.concurrency import race as _race
from thidua.core.models import AuditEvent
from thidua.decisions.models import FundEntry, Payment
from thidua.decisions.services import money as svc

from .money_fixtures import *  # noqa: F403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_paying_the_same_award_at_once_pay_it_once(money, province, province_officer):
    from conftest import _user
    from thidua.accounts.models import Role

    colleague = _user("cv.snv2", Role.PROVINCE_OFFICER, province.home, full_name="Vũ Thị Hạnh")

    def pay(actor, voucher, awards):
        return lambda: len(
            svc.payment_record(
                actor=actor,
                awards=awards,
                paid_on=dt.date(2026, 4, 2),
                voucher_number=voucher,
                payer_unit=province.root,
            )
        )

    outcomes = _race(
        [
            pay(province_officer, "PC-A", [money.a_nurse, money.a_doctor]),
            pay(colleague, "PC-B", [money.a_doctor, money.a_nurse]),
        ]
    )

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(msg for kind, msg in outcomes if kind == "refused")
    assert "Đã chi tiền thưởng trước đó" in refused or "vừa được người khác" in refused
    assert Payment.objects.count() == 2
    assert len(set(Payment.objects.values_list("voucher_number", flat=True))) == 1
    assert FundEntry.objects.count() == 1 and FundEntry.objects.get().amount == 7_020_000
    assert AuditEvent.objects.filter(action="payment.record").count() == 1
