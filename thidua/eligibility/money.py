"""Reward money (law.md §6): coefficient × base salary on the decision date, rounded.

- Individual coefficient for persons and households (M4: households get the individual amount).
- Collective: the catalogue's collective coefficient where it gives one; otherwise the individual
  coefficient × the rule set's `collective_multiplier`, only for Huân chương, Bằng khen, Giấy khen
  and Huy chương (NĐ 152 Điều 51 k2; law.md §11 money rule). Titles without a collective figure
  pay nothing to a collective.
- Bằng khen of the province uses the rule set's `bk_tinh_coefficient` (1.0 under NĐ 98 as read,
  1.5 under NĐ 152), collective = that × `collective_multiplier`, household = that.
  Giấy khen uses `giay_khen_coefficient` the same way.
- A coefficient that is a maximum (Kỷ niệm chương of the province, ≤ 0.6) pays the maximum.
- Rounding (M2): `money_rounding` = "nearest" (half up) or "ceiling", to `money_rounding_unit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from thidua.catalog import data as catalog_data

from .facts import HOUSEHOLD, UNIT, RuleContext

_CATALOGUE = {row["code"]: row for row in catalog_data.AWARD_TYPES}
# Forms whose collective amount is the individual amount × the collective multiplier (law.md §11).
_MULTIPLIED_CATEGORIES = {"ORDER", "CERTIFICATE", "MEDAL"}
# Awards whose individual coefficient is a rule-set parameter rather than a catalogue column.
PARAM_COEFFICIENTS = {
    "BK_TINH": "bk_tinh_coefficient",
    "BK_TINH_TT": "bk_tinh_coefficient",
    "BK_TINH_HGD": "bk_tinh_coefficient",
    "GK": "giay_khen_coefficient",
}


def round_money(value: Decimal, *, mode: str = "nearest", unit: int = 10_000) -> int:
    """Round a VND amount to `unit`: "nearest" (half up) or "ceiling"."""
    step = Decimal(unit)
    rounding = ROUND_CEILING if mode == "ceiling" else ROUND_HALF_UP
    return int((Decimal(value) / step).quantize(Decimal(1), rounding=rounding) * step)


def coefficient(award_code: str, subject_kind: str, ctx: RuleContext) -> Decimal | None:
    """The multiple of the base salary paid for `award_code` to a subject of `subject_kind`."""
    individual, collective = ctx.coefficients.get(award_code, (None, None))
    if award_code not in ctx.coefficients and award_code in _CATALOGUE:
        row = _CATALOGUE[award_code]
        individual, collective = row["coefficient_individual"], row["coefficient_collective"]
    multiplier = Decimal(str(ctx.params.get("collective_multiplier", 2)))
    key = PARAM_COEFFICIENTS.get(award_code)
    if key and ctx.params.get(key) is not None:
        base = Decimal(str(ctx.params[key]))
        return base * multiplier if subject_kind == UNIT else base
    if subject_kind == UNIT:
        if collective is not None:
            return Decimal(collective)
        category = _CATALOGUE.get(award_code, {}).get("category")
        if individual is not None and category in _MULTIPLIED_CATEGORIES:
            return Decimal(individual) * multiplier
        return None
    if individual is None and subject_kind == HOUSEHOLD:
        return None
    return Decimal(individual) if individual is not None else None


def reward_amount(award_code: str, subject_kind: str, ctx: RuleContext) -> int | None:
    """coefficient × base salary, rounded per the rule set; None without a coefficient or a base salary."""
    coef = coefficient(award_code, subject_kind, ctx)
    if coef is None or not ctx.base_salary:
        return None
    mode = str(ctx.params.get("money_rounding", "nearest"))
    unit = int(ctx.params.get("money_rounding_unit", 10_000) or 10_000)
    return round_money(coef * Decimal(ctx.base_salary), mode=mode, unit=unit)


# --- Several awards at once (M5–M8) --------------------------------------------------------------


@dataclass(frozen=True)
class PayItem:
    award: str
    amount: int | None
    achievement: str  # what was achieved (one achievement may qualify for several awards)
    period: str = ""  # the period of the achievement, e.g. "2025" or "2021–2025"
    decided_on: object = None  # date of the decision (same time = same date)


@dataclass(frozen=True)
class Combined:
    total: int
    paid: tuple[PayItem, ...]
    not_paid: tuple[PayItem, ...]  # lower amounts for the same achievement at the same time (M8)


def combined_amounts(items: Iterable[PayItem]) -> Combined:
    """M5–M7: different periods or achievements → each paid; M8: same achievement, same period and
    same time → only the highest amount is paid."""
    best: dict[tuple, PayItem] = {}
    order: list[tuple] = []
    not_paid: list[PayItem] = []
    for item in items:
        key = (item.achievement, item.period, item.decided_on)
        current = best.get(key)
        if current is None:
            best[key] = item
            order.append(key)
        elif (item.amount or 0) > (current.amount or 0):
            not_paid.append(current)
            best[key] = item
        else:
            not_paid.append(item)
    paid = tuple(best[k] for k in order)
    return Combined(sum(i.amount or 0 for i in paid), paid, tuple(not_paid))
