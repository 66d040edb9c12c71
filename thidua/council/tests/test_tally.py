"""The arithmetic of thresholds, quorum and percentages (no database)."""

from decimal import Decimal

from thidua.council.tally import Quorum, passes, percent, required_yes, rule_label


def test_secret_threshold_is_at_least_ninety_percent():
    assert passes(9, 10, Decimal("0.90"), False)
    assert not passes(8, 10, Decimal("0.90"), False)
    assert required_yes(10, Decimal("0.90"), False) == 9
    assert required_yes(9, Decimal("0.90"), False) == 9  # 8,1 rounds up to 9


def test_open_threshold_is_strictly_more_than_half():
    assert not passes(5, 10, Decimal("0.50"), True)
    assert passes(6, 10, Decimal("0.50"), True)
    assert passes(5, 9, Decimal("0.50"), True)
    assert required_yes(10, Decimal("0.50"), True) == 6


def test_an_empty_base_never_passes():
    assert not passes(0, 0, Decimal("0.50"), True)
    assert required_yes(0, Decimal("0.9"), False) == 0


def test_quorum_message_gives_the_figures_in_vietnamese():
    q = Quorum(present=5, total=9, required=Decimal("0.67"))
    assert not q.ok
    assert q.message == "Mới có 5/9 thành viên có mặt (55,6%), chưa đủ tỷ lệ 67% để biểu quyết."
    assert Quorum(present=7, total=10, required=Decimal("0.67")).ok
    assert not Quorum(present=0, total=0, required=Decimal("0.67")).ok


def test_percent_and_rule_label():
    assert percent(9, 10) == "90%" and percent(2, 3) == "66,7%" and percent(1, 0) == "—"
    assert rule_label(secret=True, threshold=Decimal("0.9"), strictly_above=False, approval_base="total_members") == (
        "Bỏ phiếu kín, đồng ý từ 90% tổng số thành viên Hội đồng trở lên"
    )
