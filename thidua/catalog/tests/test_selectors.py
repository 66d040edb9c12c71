"""What is in force on a date, and typed rule parameters."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.catalog import selectors
from thidua.catalog.models import BaseSalary, RuleSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (dt.date(2023, 7, 1), 1_800_000),
        (dt.date(2024, 6, 30), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000),
        (dt.date(2026, 6, 30), 2_340_000),
        (dt.date(2026, 7, 1), 2_530_000),
        (dt.date(2030, 1, 1), 2_530_000),
    ],
)
def test_base_salary_on_picks_the_row_in_force_on_the_decision_date(day, amount):
    assert selectors.base_salary_on(day).amount == amount


def test_base_salary_before_the_first_row_is_a_clear_error():
    with pytest.raises(selectors.NotInForce, match="Chưa có mức lương cơ sở áp dụng cho ngày 30/06/2023"):
        selectors.base_salary_on(dt.date(2023, 6, 30))


def test_base_salary_error_when_the_schedule_is_empty():
    BaseSalary.objects.all().delete()
    with pytest.raises(selectors.NotInForce):
        selectors.base_salary_on(dt.date(2026, 7, 1))


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2024, 1, 1), "ND98"),
        (dt.date(2025, 6, 30), "ND98"),
        (dt.date(2025, 7, 1), "ND152"),
        (dt.date(2027, 12, 31), "ND152"),
    ],
)
def test_rule_set_on_picks_the_legal_basis_in_force(day, code):
    assert selectors.rule_set_on(day).code == code


def test_no_rule_set_before_the_2022_law_took_effect():
    with pytest.raises(selectors.NotInForce, match="31/12/2023"):
        selectors.rule_set_on(dt.date(2023, 12, 31))


def test_rule_parameter_returns_typed_values():
    nd152 = RuleSet.objects.get(code="ND152")
    assert selectors.rule_parameter(nd152, "cstdcs_quota") == Decimal("0.15")
    assert selectors.rule_parameter(nd152, "ldtt_min_months_worked") == 10
    assert selectors.rule_parameter(nd152, "chains_continue_through_mergers") is True
    assert selectors.rule_parameter(nd152, "school_year_chains") is False
    assert selectors.rule_parameter(nd152, "money_rounding") == "nearest"
    assert selectors.rule_parameter("ND98", "bk_tinh_coefficient") == Decimal("1.0")
    assert selectors.rule_parameter("ND152", "bk_tinh_coefficient") == Decimal("1.5")


def test_unknown_rule_parameter_is_a_clear_error():
    with pytest.raises(selectors.NotInForce, match="khong_co"):
        selectors.rule_parameter("ND152", "khong_co")


def test_rule_parameters_loads_a_whole_rule_set_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        params = selectors.rule_parameters("ND152")
    assert params["ttldxs_min_share_ldtt"] == Decimal("0.70")
    assert params["secret_ballot_award_codes"] == "CSTD_TINH,CSTD_TQ,AH_LD"


@pytest.mark.parametrize("query", ["lao dong tien tien", "Lao động tiên tiến", "LAO ĐỘNG"])
def test_award_type_search_finds_names_with_or_without_diacritics(query):
    codes = set(selectors.award_type_list(actor=None, filters={"q": query}).values_list("code", flat=True))
    assert {"LDTT", "TTLDTT"} <= codes
    assert "CSTDCS" not in codes


def test_award_type_filters_by_category_subject_and_deciding_level():
    qs = selectors.award_type_list(
        actor=None, filters={"category": "CERTIFICATE", "subject": "unit", "deciding_level": "PROVINCE_CHAIR"}
    )
    assert set(qs.values_list("code", flat=True)) == {"BK_TINH_TT"}
    households = selectors.award_type_list(actor=None, filters={"subject": "household"})
    assert "GDVH" in households.values_list("code", flat=True)
    assert "LDTT" not in households.values_list("code", flat=True)


def test_base_salary_list_shows_when_each_row_stopped_applying():
    rows = selectors.base_salary_list(actor=None)
    assert [(r.valid_from, r.valid_to) for r in rows] == [
        (dt.date(2026, 7, 1), None),
        (dt.date(2024, 7, 1), dt.date(2026, 6, 30)),
        (dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
    ]
