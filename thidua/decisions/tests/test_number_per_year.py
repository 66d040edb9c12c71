"""Decision numbers restart every year: the same number may recur in another year, never in the same one."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from thidua.decisions import services as svc
from thidua.decisions.models import Decision, DocKind

pytestmark = pytest.mark.django_db


def _decision(issuer, number, date):
    return Decision.objects.create(
        issuer=issuer, number=number, date=date, year_of_sequence=date.year, kind=DocKind.DECISION
    )


def test_the_same_number_may_be_given_again_in_the_next_year(province):
    _decision(province.root, "1/QĐ-UBND", dt.date(2026, 1, 5))
    _decision(province.root, "1/QĐ-UBND", dt.date(2027, 1, 4))
    assert Decision.objects.filter(number="1/QĐ-UBND").count() == 2


def test_the_same_number_twice_in_one_year_is_refused_by_the_database(province):
    _decision(province.root, "1/QĐ-UBND", dt.date(2026, 1, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        _decision(province.root, "1/QĐ-UBND", dt.date(2026, 9, 1))


def test_back_entry_refuses_a_number_of_the_same_year_and_accepts_it_in_another(province):
    _decision(province.root, "15/QĐ-UBND", dt.date(2024, 3, 1))
    same_year = svc.back_entry.check_heading(issuer=province.root, number="15/qđ-ubnd", date=dt.date(2024, 6, 1))
    assert "đã có trong hệ thống" in same_year["number"][0]
    other_year = svc.back_entry.check_heading(issuer=province.root, number="15/QĐ-UBND", date=dt.date(2025, 6, 1))
    assert "number" not in other_year
