"""Pure arithmetic of the council's votes: quorum, thresholds and percentages (no database).

A secret ballot passes with yes ≥ threshold × base (e.g. ≥ 90 % of the total membership); an open
vote passes with yes > threshold × base ("more than half"). Everything is exact Decimal arithmetic:
9 of 10 at 0.90 passes, 5 of 10 at "more than 0.50" does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TOTAL_MEMBERS = "total_members"
PRESENT_MEMBERS = "present_members"
BASE_LABELS = {
    TOTAL_MEMBERS: "tổng số thành viên Hội đồng",
    PRESENT_MEMBERS: "số thành viên tham gia biểu quyết",
}


def passes(yes: int, base: int, threshold, strictly_above: bool) -> bool:
    """Whether `yes` votes carry the item over `base` members at `threshold`."""
    if base <= 0:
        return False
    needed = Decimal(str(threshold)) * base
    return Decimal(yes) > needed if strictly_above else Decimal(yes) >= needed


def required_yes(base: int, threshold, strictly_above: bool) -> int:
    """The smallest number of yes votes that carries the item (0 when base is 0)."""
    if base <= 0:
        return 0
    for n in range(base + 1):
        if passes(n, base, threshold, strictly_above):
            return n
    return base + 1


def percent(part, whole, places: int = 1) -> str:
    """5, 9 → '55,6%'; 0.67 (whole=None) → '67%'. Vietnamese decimal comma, no trailing ',0'."""
    if whole is None:
        value = Decimal(str(part)) * 100
    elif not whole:
        return "—"
    else:
        value = Decimal(part) * 100 / Decimal(whole)
    text = str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def rule_label(*, secret: bool, threshold, strictly_above: bool, approval_base: str) -> str:
    """'Bỏ phiếu kín, đồng ý từ 90% tổng số thành viên Hội đồng trở lên'."""
    base = BASE_LABELS.get(approval_base, approval_base)
    form = "Bỏ phiếu kín" if secret else "Biểu quyết công khai"
    if strictly_above:
        return f"{form}, đồng ý trên {percent(threshold, None)} {base}"
    return f"{form}, đồng ý từ {percent(threshold, None)} {base} trở lên"


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    required: Decimal

    @property
    def ok(self) -> bool:
        return self.total > 0 and Decimal(self.present) >= self.required * self.total

    @property
    def ratio(self) -> str:
        return percent(self.present, self.total)

    @property
    def message(self) -> str:
        if self.total == 0:
            return "Hội đồng chưa có thành viên nào đang hoạt động nên chưa thể biểu quyết."
        if self.ok:
            return (
                f"Có {self.present}/{self.total} thành viên có mặt ({self.ratio}), "
                f"đủ tỷ lệ {percent(self.required, None)} để biểu quyết."
            )
        return (
            f"Mới có {self.present}/{self.total} thành viên có mặt ({self.ratio}), "
            f"chưa đủ tỷ lệ {percent(self.required, None)} để biểu quyết."
        )
