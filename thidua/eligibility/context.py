"""Build the RuleContext for an evaluation (law.md R0, M1).

- Criteria: the rule set in force on the **criteria date** (the date the dossier was received).
- Money: the base salary in force on the **decision date**; the money parameters (rounding,
  collective multiplier, Bằng khen and Giấy khen coefficients) come from the rule set in force on
  that date too.
- A date before the first rule set (01/01/2024, when the 2022 Law took effect) uses the earliest
  rule set and says so in a note, which the engine shows as a check flagged unverified.

Reads the catalogue tables when they exist and are filled; otherwise (fresh clone before
`migrate`, or an empty catalogue) the same seed values from thidua/catalog/data.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.catalog import data as catalog_data

from .facts import RuleContext

MONEY_KEYS = (
    "money_rounding",
    "money_rounding_unit",
    "collective_multiplier",
    "bk_tinh_coefficient",
    "giay_khen_coefficient",
)
_TRUE = {"true", "1", "có", "co", "yes", "đúng", "bật"}


def _vdate(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _parse(value_type: str, raw: str):
    if value_type == "DECIMAL":
        return Decimal(raw)
    if value_type == "INTEGER":
        return int(raw)
    if value_type == "BOOLEAN":
        return raw.strip().lower() in _TRUE
    return raw


class _RuleSet:
    """A rule set as plain data, whichever source it came from."""

    def __init__(self, code, name, valid_from, valid_to, params, unverified):
        self.code, self.name, self.valid_from, self.valid_to = code, name, valid_from, valid_to
        self.params, self.unverified = params, unverified


def _pick(rule_sets: list[_RuleSet], day: dt.date) -> tuple[_RuleSet, str | None]:
    ordered = sorted(rule_sets, key=lambda r: r.valid_from)
    for rs in reversed(ordered):
        if rs.valid_from <= day and (rs.valid_to is None or day <= rs.valid_to):
            return rs, None
    first = ordered[0]
    if day < first.valid_from:
        return first, (
            f"Ngày {_vdate(day)} trước bộ quy tắc sớm nhất ({first.code}, áp dụng từ {_vdate(first.valid_from)}): "
            f"tạm áp dụng {first.code}; các quy định trước Luật Thi đua, khen thưởng 2022 chưa được mã hóa."
        )
    # A gap between rule sets: the latest one that started before the date.
    before = [r for r in ordered if r.valid_from <= day]
    chosen = before[-1] if before else first
    return chosen, f"Không có bộ quy tắc áp dụng cho ngày {_vdate(day)}: tạm áp dụng {chosen.code}."


def _build(rule_sets, salaries, award_rows, criteria_date, decision_date) -> RuleContext:
    decision_date = decision_date or criteria_date
    crit, note = _pick(rule_sets, criteria_date)
    cash, cash_note = _pick(rule_sets, decision_date)
    notes = [n for n in (note,) if n]
    params = dict(crit.params)
    unverified = {k for k in crit.unverified if k not in MONEY_KEYS}
    for key in MONEY_KEYS:
        if key in cash.params:
            params[key] = cash.params[key]
            if key in cash.unverified:
                unverified.add(key)
    if cash.code != crit.code:
        notes.append(
            f"Tiêu chuẩn theo {crit.code} (ngày nhận hồ sơ {_vdate(criteria_date)}); tiền thưởng theo {cash.code} "
            f"(ngày quyết định {_vdate(decision_date)})."
        )
    elif cash_note and cash_note != note:
        notes.append(cash_note)
    base = None
    for valid_from, amount in sorted(salaries):
        if valid_from <= decision_date:
            base = amount
    kinds = {}
    for row in award_rows:
        kinds[row["code"]] = frozenset(
            k for k, f in (("person", "for_person"), ("unit", "for_unit"), ("household", "for_household")) if row[f]
        )
    return RuleContext(
        rule_set_code=crit.code,
        rule_set_name=crit.name,
        params=params,
        param_unverified=frozenset(unverified),
        base_salary=base,
        coefficients={
            r["code"]: (
                Decimal(r["coefficient_individual"]) if r["coefficient_individual"] is not None else None,
                Decimal(r["coefficient_collective"]) if r["coefficient_collective"] is not None else None,
            )
            for r in award_rows
        },
        award_names={r["code"]: r["name"] for r in award_rows},
        subject_kinds=kinds,
        coefficient_maximum=frozenset(r["code"] for r in award_rows if r["coefficient_is_maximum"]),
        notes=tuple(notes),
    )


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def context_from_data(*, criteria_date: dt.date, decision_date: dt.date | None = None) -> RuleContext:
    """The context from the seed values of thidua/catalog/data.py (no database)."""
    rule_sets = [
        _RuleSet(
            rs["code"],
            rs["name"],
            _date(rs["valid_from"]),
            _date(rs["valid_to"]),
            {p["key"]: _parse(p["value_type"], p["value"]) for p in rs["parameters"]},
            {p["key"] for p in rs["parameters"] if p["confidence"] == "I"},
        )
        for rs in catalog_data.RULE_SETS
    ]
    salaries = [(_date(s["valid_from"]), s["amount"]) for s in catalog_data.BASE_SALARIES]
    return _build(rule_sets, salaries, catalog_data.AWARD_TYPES, criteria_date, decision_date)


def _catalogue_ready() -> bool:
    from django.db import connection
    from django.db.utils import DatabaseError

    from thidua.catalog.models import RuleSet

    try:
        if RuleSet._meta.db_table not in connection.introspection.table_names():
            return False
        return RuleSet.objects.exists()
    except DatabaseError:
        return False


def context_from_db(*, criteria_date: dt.date, decision_date: dt.date | None = None) -> RuleContext:
    """The context from the catalogue tables (4 queries)."""
    from thidua.catalog.models import AwardType, BaseSalary, RuleParameter, RuleSet

    by_set: dict[int, tuple[dict, set]] = {}
    for rs_id, key, value_type, value, confidence in RuleParameter.objects.values_list(
        "rule_set_id", "key", "value_type", "value", "confidence"
    ):
        params, unverified = by_set.setdefault(rs_id, ({}, set()))
        params[key] = _parse(value_type, value)
        if confidence == "I":
            unverified.add(key)
    rule_sets = [
        _RuleSet(rs.code, rs.name, rs.valid_from, rs.valid_to, *by_set.get(rs.pk, ({}, set())))
        for rs in RuleSet.objects.all()
    ]
    salaries = list(BaseSalary.objects.values_list("valid_from", "amount"))
    rows = list(
        AwardType.objects.values(
            "code",
            "name",
            "for_person",
            "for_unit",
            "for_household",
            "coefficient_individual",
            "coefficient_collective",
            "coefficient_is_maximum",
        )
    )
    return _build(rule_sets, salaries, rows, criteria_date, decision_date)


def context_for(*, criteria_date: dt.date, decision_date: dt.date | None = None) -> RuleContext:
    """The RuleContext for a dossier received on `criteria_date` and decided on `decision_date`.

    From the database when the catalogue tables exist and are filled, else from data.py.
    """
    if _catalogue_ready():
        return context_from_db(criteria_date=criteria_date, decision_date=decision_date)
    return context_from_data(criteria_date=criteria_date, decision_date=decision_date)
