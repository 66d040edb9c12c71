"""Reads of the catalogue: what is in force on a date, typed rule parameters, the catalogue lists.

The catalogue is province-wide reference data: every logged-in role may read all of it
(permission `catalog.view`, checked by the views), so the list selectors take `actor` for a
uniform signature but do not narrow by unit.
"""

import datetime as dt

from django.db.models import Q

from thidua.core.history import history_entries
from thidua.core.text import fold_vi

from . import values
from .models import AwardType, BaseSalary, RuleParameter, RuleSet


class NotInForce(LookupError):
    """Nothing in the catalogue is in force on the requested date."""


def _vdate(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- What is in force on a date ---------------------------------------------------------------


def base_salary_on(day: dt.date) -> BaseSalary:
    """The base salary row in force on `day` (rule M1: the date of the award decision).

    Use `.amount` for the VND figure and `.source` for its citation.
    Raises NotInForce for a date before the first row of the schedule.
    """
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        first = BaseSalary.objects.order_by("valid_from").first()
        since = f" (mức sớm nhất áp dụng từ {_vdate(first.valid_from)})" if first else ""
        raise NotInForce(f"Chưa có mức lương cơ sở áp dụng cho ngày {_vdate(day)}{since}.")
    return row


def rule_set_on(day: dt.date) -> RuleSet:
    """The rule set in force on `day` (law.md R0: decision date for money, receipt date for transitions).

    Raises NotInForce when no rule set covers the date (e.g. before 01/01/2024).
    """
    found = (
        RuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if found is None:
        raise NotInForce(f"Không có bộ quy tắc nào áp dụng cho ngày {_vdate(day)}.")
    return found


def _rule_set_filter(rule_set) -> dict:
    return {"rule_set__code": rule_set} if isinstance(rule_set, str) else {"rule_set": rule_set}


def rule_parameter(rule_set, key: str):
    """The typed value (Decimal, int, bool or str) of one parameter; `rule_set` is a RuleSet or its code.

    Raises NotInForce if the rule set has no such parameter.
    """
    param = RuleParameter.objects.filter(key=key, **_rule_set_filter(rule_set)).only("value_type", "value").first()
    if param is None:
        raise NotInForce(f"Bộ quy tắc {rule_set} không có tham số “{key}”.")
    return values.parse(param.value_type, param.value)


def rule_parameters(rule_set) -> dict:
    """Every parameter of a rule set as {key: typed value}, in one query (for the eligibility engine)."""
    rows = RuleParameter.objects.filter(**_rule_set_filter(rule_set)).values_list("key", "value_type", "value")
    return {key: values.parse(value_type, value) for key, value_type, value in rows}


# --- Lists and pages ---------------------------------------------------------------------------

SUBJECT_FIELDS = {"person": "for_person", "unit": "for_unit", "household": "for_household"}


def award_type_list(*, actor, filters: dict | None = None):
    """Award types, filtered by category, subject kind, deciding level, confidence, active flag and name.

    The name search folds diacritics, so "lao dong tien tien" finds "Lao động tiên tiến".
    """
    filters = filters or {}
    qs = AwardType.objects.all()
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("subject") in SUBJECT_FIELDS:
        qs = qs.filter(**{SUBJECT_FIELDS[filters["subject"]]: True})
    if filters.get("deciding_level"):
        qs = qs.filter(deciding_level=filters["deciding_level"])
    if filters.get("confidence"):
        qs = qs.filter(confidence=filters["confidence"])
    if filters.get("active") in ("1", "0", True, False):
        qs = qs.filter(active=filters["active"] in ("1", True))
    for word in fold_vi(filters.get("q")).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("sort_order", "code")


def award_type_get(*, actor, code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def award_type_history(award_type: AwardType) -> list[dict]:
    return history_entries(award_type.history.all())


def rule_set_list(*, actor) -> list[RuleSet]:
    """Rule sets, newest first, each with its parameters (two queries whatever their number)."""
    return list(RuleSet.objects.prefetch_related("parameters").order_by("-valid_from"))


def rule_parameter_get(*, actor, pk: int) -> RuleParameter:
    return RuleParameter.objects.select_related("rule_set").get(pk=pk)


def rule_parameter_history(parameter: RuleParameter) -> list[dict]:
    return history_entries(parameter.history.all())


def base_salary_list(*, actor) -> list[BaseSalary]:
    """The schedule, newest first, each row annotated with `valid_to` (the day before the next row)."""
    rows = list(BaseSalary.objects.order_by("-valid_from"))
    next_from = None
    for row in rows:
        row.valid_to = next_from - dt.timedelta(days=1) if next_from else None
        next_from = row.valid_from
    return rows


def base_salary_history() -> list[dict]:
    return history_entries(BaseSalary.history.all())


def catalogue_export_data(*, actor) -> dict:
    """Everything the Excel export needs, in three queries."""
    return {
        "award_types": list(AwardType.objects.order_by("sort_order", "code")),
        "parameters": list(RuleParameter.objects.select_related("rule_set").order_by("-rule_set__valid_from", "key")),
        "base_salaries": base_salary_list(actor=actor),
    }
