"""Reward money (law.md §6): coefficients, base salary by decision date, rounding, several awards, words."""

from decimal import Decimal

import pytest

from thidua.eligibility.engine import evaluate
from thidua.eligibility.money import PayItem, coefficient, combined_amounts, reward_amount, round_money
from thidua.eligibility.words import amount_in_words

from .engine_support import CTX, CTX_2026, CTX_ND98, person, with_params

# Worked amounts of law.md §6.3 (nearest 10,000).


@pytest.mark.parametrize(
    ("code", "kind", "at_2340", "at_2530"),
    [
        ("CSTDCS", "person", 2_340_000, 2_530_000),
        ("LDTT", "person", 700_000, 760_000),
        ("CSTD_TINH", "person", 7_020_000, 7_590_000),
        ("TTLDXS", "unit", 3_510_000, 3_800_000),
        ("TTLDTT", "unit", 1_870_000, 2_020_000),
        ("CO_TINH", "unit", 18_720_000, 20_240_000),
        ("BK_TINH", "person", 3_510_000, 3_800_000),
        ("BK_TINH_TT", "unit", 7_020_000, 7_590_000),
        ("BK_TTG", "person", 8_190_000, 8_860_000),
        ("BK_TTG_TT", "unit", 16_380_000, 17_710_000),
        ("HCLD3", "person", 10_530_000, 11_390_000),
        ("HCLD3_TT", "unit", 21_060_000, 22_770_000),
        ("CO_CP", "unit", 28_080_000, 30_360_000),
        ("CSTD_TQ", "person", 10_530_000, 11_390_000),
    ],
)
def test_worked_amounts_of_law_6_3(code, kind, at_2340, at_2530):
    assert reward_amount(code, kind, CTX) == at_2340
    assert reward_amount(code, kind, CTX_2026) == at_2530


@pytest.mark.parametrize(
    ("code", "kind", "base", "nearest", "ceiling"),
    [
        ("TTLDTT", "unit", CTX, 1_870_000, 1_880_000),
        ("TTLDTT", "unit", CTX_2026, 2_020_000, 2_030_000),
        ("LDTT", "person", CTX, 700_000, 710_000),
        ("CSTD_TINH", "person", CTX_2026, 7_590_000, 7_590_000),
    ],
)
def test_rounding_is_the_rule_sets_choice(code, kind, base, nearest, ceiling):
    assert reward_amount(code, kind, with_params(base, money_rounding="nearest")) == nearest
    assert reward_amount(code, kind, with_params(base, money_rounding="ceiling")) == ceiling


def test_round_money_half_goes_up_and_the_unit_is_a_parameter():
    assert round_money(Decimal(223_500)) == 220_000  # TVPL's example 0.15 × 1,490,000
    assert round_money(Decimal(225_000)) == 230_000
    assert round_money(Decimal(223_500), unit=1000) == 224_000
    assert reward_amount("LDTT", "person", with_params(CTX, money_rounding_unit=1000)) == 702_000


def test_bk_tinh_uses_the_rule_sets_coefficient():
    assert reward_amount("BK_TINH", "person", CTX_ND98) == 2_340_000  # 1.0 under NĐ 98 (as read)
    assert reward_amount("BK_TINH", "person", CTX) == 3_510_000  # 1.5 under NĐ 152
    assert reward_amount("BK_TINH_HGD", "household", CTX) == 3_510_000  # households: the individual amount


def test_collective_multiplier_applies_only_where_the_catalogue_has_no_collective_figure():
    assert coefficient("HCLD2", "unit", CTX) == Decimal("15.0")  # explicit collective figure
    assert coefficient("GK", "unit", CTX) == Decimal("0.6")  # giay_khen_coefficient × 2
    assert coefficient("GK", "unit", with_params(CTX, collective_multiplier=3)) == Decimal("0.9")
    assert coefficient("LDTT", "unit", CTX) is None  # a title without a collective figure pays no collective


def test_no_amount_without_a_coefficient_or_a_base_salary():
    from dataclasses import replace

    assert reward_amount("GDVH", "household", CTX) is None
    assert reward_amount("HC_HUU_NGHI", "person", CTX) is None
    assert reward_amount("CSTDCS", "person", replace(CTX, base_salary=None)) is None


def test_a_maximum_coefficient_pays_the_maximum():
    assert reward_amount("KNC_TINH", "person", CTX) == 1_400_000  # 0.6 × 2,340,000 = 1,404,000


def test_the_amount_rides_on_the_verdict():
    assert evaluate(person({2025: "HTT"}), "LDTT", 2025, CTX_2026).amount_vnd == 760_000


# --- M5–M8: several awards at the same time -------------------------------------------------------


def test_same_achievement_same_time_pays_only_the_highest():
    result = combined_amounts(
        [
            PayItem("CSTDCS", 2_530_000, "năm 2025", "2025", "2026-03-20"),
            PayItem("LDTT", 760_000, "năm 2025", "2025", "2026-03-20"),
        ]
    )
    assert result.total == 2_530_000 and [i.award for i in result.not_paid] == ["LDTT"]


def test_different_periods_or_achievements_are_each_paid():
    result = combined_amounts(
        [
            PayItem("CSTDCS", 2_530_000, "năm 2025", "2025", "2026-03-20"),
            PayItem("CSTD_TINH", 7_590_000, "3 năm", "2023–2025", "2026-03-20"),
            PayItem("BK_TINH", 3_800_000, "phong trào X", "2025", "2026-03-20"),
        ]
    )
    assert result.total == 2_530_000 + 7_590_000 + 3_800_000 and not result.not_paid


# --- Amounts in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (10_000, "Mười nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (2_020_000, "Hai triệu không trăm hai mươi nghìn đồng"),
        (7_590_000, "Bảy triệu năm trăm chín mươi nghìn đồng"),
        (11_390_000, "Mười một triệu ba trăm chín mươi nghìn đồng"),
        (21_060_000, "Hai mươi mốt triệu không trăm sáu mươi nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (215_000, "Hai trăm mười lăm nghìn đồng"),
        (24_000, "Hai mươi tư nghìn đồng"),
        (14_000, "Mười bốn nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words
