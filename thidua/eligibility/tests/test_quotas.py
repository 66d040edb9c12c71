"""Quota rules on a whole list: CSTĐCS ≤ cstdcs_quota of LĐTT; Cờ Chính phủ ≤ co_cp_quota."""

from decimal import Decimal

import pytest

from thidua.eligibility.quotas import co_cp_quota_check, cstdcs_quota_check, share_check


@pytest.mark.parametrize(
    ("n", "base", "ok", "message"),
    [
        (6, 40, True, "6 / 40 LĐTT = 15,0% — đạt"),
        (7, 40, False, "7 / 40 LĐTT = 17,5% — vượt tỷ lệ 15%"),
        (0, 40, True, "0 / 40 LĐTT = 0,0% — đạt"),
        (1, 6, False, "1 / 6 LĐTT = 16,7% — vượt tỷ lệ 15%"),
        (0, 0, True, "0 / 0 LĐTT — đạt"),
        (1, 0, False, "1 / 0 LĐTT — vượt tỷ lệ 15%"),
    ],
)
def test_cstdcs_quota_check(n, base, ok, message):
    check = cstdcs_quota_check(n, base, Decimal("0.15"))
    assert (check.ok, check.message) == (ok, message)


def test_quota_reports_how_many_are_allowed():
    assert cstdcs_quota_check(0, 40, Decimal("0.15")).allowed == 6
    assert cstdcs_quota_check(0, 7, Decimal("0.15")).allowed == 1


def test_co_cp_quota_is_a_share_of_the_province_flag_qualified():
    assert co_cp_quota_check(2, 10, Decimal("0.20")).ok
    check = co_cp_quota_check(3, 10, Decimal("0.20"))
    assert not check.ok and check.message.endswith("— vượt tỷ lệ 20%")


def test_share_check_rejects_negative_counts():
    with pytest.raises(ValueError):
        share_check(-1, 10, "0.2", base_label="x")
