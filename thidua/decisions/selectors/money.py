"""Reads of the money side of decisions, scoped to the actor: which awards are paid or still to pay
(chưa chi / đã chi), the commendation fund's ledger and the totals.

Scope of the payment list and the totals: the province (administrators, provincial officers) sees
everything; anyone else sees the awards whose subject belongs to a unit in their scope, the awards
their units paid, and the unpaid awards of decisions their units issued (theirs to pay).

Statuses: an award with a Payment is "đã chi"; an award without one is "chưa chi" when there is
money to pay (not revoked, amount > 0). A revoked award never paid and an award without money (0 đ)
are not payment lines at all; a revoked award already paid stays "đã chi" (recovery is the
revocation's business)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404

from thidua.accounts.selectors import OFFICER_ROLES, PEOPLE_ROLES, scope_paths, scope_q
from thidua.org.models import Unit

from ..models import Award, Decision, DecisionState, DocKind, FundEntry, FundEntryKind, Payment
from ..rules import awards_in_scope_q

STATUS_UNPAID = "chua-chi"
STATUS_PAID = "da-chi"
STATUS_CHOICES = [("", "Tất cả"), (STATUS_UNPAID, "Chưa chi"), (STATUS_PAID, "Đã chi")]

# The path of the unit the subject belongs to (a person's unit, the collective itself, a household's unit).
RECIPIENT_PATH = Coalesce("person__unit__path", "unit__path", "household__unit__path")
RECIPIENT_UNIT_ID = Coalesce("person__unit_id", "unit_id", "household__unit_id")


def province_root() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("id").first()


def default_payer_unit(decision: Decision) -> Unit | None:
    """Law.md §6 M9: the fund of the level that decided pays; a higher authority's decision (no
    issuer) on the province's submission is paid by the province's fund [I] — the submission's issuer."""
    if decision.issuer_id:
        return decision.issuer
    if decision.answers_id and decision.answers.issuer_id:
        return decision.answers.issuer
    return None


def top_unit_id(path: str | None) -> int | None:
    """The top-level unit (a department, a commune: a child of the province) of a unit path
    "/1/3/7/" → 3; the province root itself → 1."""
    parts = [p for p in (path or "").split("/") if p]
    if not parts:
        return None
    return int(parts[1]) if len(parts) > 1 else int(parts[0])


def top_units() -> dict[int, Unit]:
    """The province root and its children (the units totals and exports group by), by id."""
    return {u.pk: u for u in Unit.objects.filter(depth__lte=1).order_by("path")}


# --- the payment lines --------------------------------------------------------------------------------


def _is_province(actor) -> bool:
    return scope_paths(actor) is None


def _payable_decisions():
    return Q(decision__state=DecisionState.ISSUED, decision__kind=DocKind.DECISION)


def _expected_payer_q(unit_q_prefix_fn):
    """Q matching awards whose (actual or expected) payer satisfies `unit_q_prefix_fn(prefix)`."""
    return (
        unit_q_prefix_fn("payment__payer_unit__")
        | (Q(payment__isnull=True) & unit_q_prefix_fn("decision__issuer__"))
        | (Q(payment__isnull=True, decision__issuer__isnull=True) & unit_q_prefix_fn("decision__answers__issuer__"))
    )


def _scoped_awards(actor):
    """Awards of issued decisions the actor may read on the money screens."""
    qs = Award.objects.filter(_payable_decisions())
    if not actor.has_perm("decisions.view_payments"):
        return qs.none()
    if _is_province(actor):
        return qs
    subjects = awards_in_scope_q(actor)
    if not subjects and not scope_paths(actor, PEOPLE_ROLES):
        return qs.none()
    return qs.filter(subjects | _expected_payer_q(lambda prefix: scope_q(actor, prefix, PEOPLE_ROLES)))


def payment_lines(actor):
    """The payment lines (awards paid or to pay) the actor may see, unfiltered."""
    return _scoped_awards(actor).filter(Q(payment__isnull=False) | Q(revoked=False, amount__gt=0))


def _filtered(qs, filters: dict):
    if filters.get("decision") is not None:
        qs = qs.filter(decision=filters["decision"])
    if filters.get("number"):
        qs = qs.filter(decision__number__icontains=filters["number"].strip())
    if filters.get("year"):
        qs = qs.filter(decision__date__year=filters["year"])
    if filters.get("issuer") is not None:
        qs = qs.filter(decision__issuer=filters["issuer"])
    if filters.get("recipient") is not None:
        path = filters["recipient"].path
        qs = qs.filter(
            Q(person__unit__path__startswith=path)
            | Q(unit__path__startswith=path)
            | Q(household__unit__path__startswith=path)
        )
    if filters.get("payer") is not None:
        payer = filters["payer"]
        qs = qs.filter(_expected_payer_q(lambda prefix: Q(**{f"{prefix}pk": payer.pk})))
    if filters.get("status") == STATUS_PAID:
        qs = qs.filter(payment__isnull=False)
    elif filters.get("status") == STATUS_UNPAID:
        qs = qs.filter(payment__isnull=True)
    if filters.get("award_type") is not None:
        qs = qs.filter(award_type=filters["award_type"])
    return qs


def payment_list(*, actor, filters: dict | None = None):
    """Payment lines the actor may see, filtered, newest decision first, then by recipient unit.

    filters: decision (a Decision), number (part of the decision number), year (of the decision date),
    issuer (a Unit), recipient (a Unit: its whole subtree), payer (a Unit: the unit that paid, or for
    an unpaid award the unit expected to pay), status (STATUS_PAID / STATUS_UNPAID), award_type.
    Two queries per page whatever its size (the count and the rows)."""
    qs = _filtered(payment_lines(actor), filters or {})
    return (
        qs.select_related(
            "decision", "decision__issuer", "decision__answers__issuer", "award_type", "payment__payer_unit"
        )
        .annotate(recipient_path=RECIPIENT_PATH)
        .order_by("-decision__date", "-decision_id", "recipient_path", "id")
    )


EXPORT_FIELDS = (
    "id",
    "subject_name",
    "subject_position",
    "subject_unit_name",
    "award_type__name",
    "decision__number",
    "decision__date",
    "amount",
    "revoked",
    "payment__id",
    "payment__amount",
    "payment__paid_on",
    "payment__voucher_number",
    "recipient_path",
)


def payment_export_rows(*, actor, filters: dict | None = None):
    """Tuples (EXPORT_FIELDS) of the payment lines, ordered by recipient unit (a unit's whole subtree
    together), then decision and award: one query, streamed."""
    qs = _filtered(payment_lines(actor), filters or {}).annotate(recipient_path=RECIPIENT_PATH)
    return (
        qs.order_by("recipient_path", "decision__date", "decision_id", "id")
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=2000)
    )


# --- recording payments -------------------------------------------------------------------------------


def payment_decision(*, actor, pk: int) -> Decision:
    """An issued decision whose awards the actor may pay or read the payments of; 404 otherwise."""
    decision = (
        Decision.objects.select_related("issuer", "answers__issuer")
        .filter(pk=pk, state=DecisionState.ISSUED, kind=DocKind.DECISION)
        .first()
    )
    if decision is None or not actor.has_perm("decisions.view_payments"):
        raise Http404("Không tìm thấy quyết định.")
    if not payment_lines(actor).filter(decision=decision).exists() and not actor.has_perm("decisions.view", decision):
        raise Http404("Không tìm thấy quyết định.")
    return decision


@dataclass
class RecordScreen:
    """What the payment screen of a decision shows."""

    unpaid: list = field(default_factory=list)  # awards to pay, visible, filtered by recipient unit
    unpaid_total: int = 0
    paid_count: int = 0
    paid_total: int = 0
    recipient_units: list = field(default_factory=list)  # top-level units of the unpaid awards (the filter)


def payment_record_screen(*, actor, decision: Decision, recipient: Unit | None = None) -> RecordScreen:
    """The unpaid, non-revoked awards with money of a decision the actor may see (optionally only a
    recipient unit's subtree), the paid ones counted, and the recipient units to filter by."""
    lines = payment_lines(actor).filter(decision=decision)
    unpaid = lines.filter(payment__isnull=True).annotate(recipient_path=RECIPIENT_PATH)
    paths = set(unpaid.values_list("recipient_path", flat=True).distinct())
    tops = top_units()
    recipient_units = sorted({tops[t] for t in (top_unit_id(p) for p in paths) if t in tops}, key=lambda u: u.path)
    if recipient is not None:
        unpaid = _filtered(unpaid, {"recipient": recipient})
    rows = list(unpaid.select_related("award_type").order_by("recipient_path", "id"))
    paid = lines.filter(payment__isnull=False).aggregate(n=Count("id"), total=Sum("payment__amount"))
    return RecordScreen(
        unpaid=rows,
        unpaid_total=sum(a.amount for a in rows),
        paid_count=paid["n"] or 0,
        paid_total=paid["total"] or 0,
        recipient_units=recipient_units,
    )


def payer_choices(*, actor, decision: Decision | None = None):
    """Units the actor may record a payment for: the province picks among the fund holders (issuers,
    units with a fund entry or a payment, the province's top-level units); a unit officer among the
    units of their officer roles and the default payer when it is in their scope."""
    qs = Unit.objects.all()
    if _is_province(actor):
        holders = (
            Q(depth__lte=1)
            | Q(issuing_body__isnull=False)
            | Q(pk__in=Decision.objects.filter(issuer__isnull=False).values("issuer_id"))
            | Q(pk__in=FundEntry.objects.values("unit_id"))
        )
        default = default_payer_unit(decision) if decision is not None else None
        if default is not None:
            holders |= Q(pk=default.pk)
        return qs.filter(holders).distinct().order_by("path")
    paths = scope_paths(actor, OFFICER_ROLES)
    if not paths:
        return qs.none()
    from thidua.accounts.selectors import user_roles

    own = {ra.unit_id for ra in user_roles(actor) if ra.role in OFFICER_ROLES}
    default = default_payer_unit(decision) if decision is not None else None
    wanted = Q(pk__in=own)
    if default is not None:
        wanted |= Q(pk=default.pk) & scope_q(actor, "", OFFICER_ROLES)
    return qs.filter(wanted).order_by("path")


def payment_get(*, actor, pk: int) -> Payment:
    """A payment the actor may read (its award is in their payment lines); 404 otherwise."""
    payment = (
        Payment.objects.select_related("award", "award__decision", "award__award_type", "payer_unit", "fund_entry")
        .filter(pk=pk)
        .first()
    )
    if payment is None or not payment_lines(actor).filter(pk=payment.award_id).exists():
        raise Http404("Không tìm thấy khoản chi.")
    return payment


# --- the fund ledger ----------------------------------------------------------------------------------


@dataclass
class Ledger:
    unit: Unit
    year: int
    opening: int
    entries: list  # FundEntry with .income, .spending, .balance
    total_income: int
    total_spending: int

    @property
    def closing(self) -> int:
        return self.opening + self.total_income - self.total_spending


_INCOME = Sum("amount", filter=Q(kind=FundEntryKind.INCOME), default=0)
_SPENDING = Sum("amount", filter=Q(kind=FundEntryKind.SPENDING), default=0)


def fund_holders(*, actor):
    """Units whose ledger may be read: the province root, units with entries, issuers of decisions."""
    if not actor.has_perm("decisions.manage_fund"):
        return Unit.objects.none()
    return (
        Unit.objects.filter(
            Q(parent__isnull=True)
            | Q(pk__in=FundEntry.objects.values("unit_id"))
            | Q(pk__in=Decision.objects.filter(issuer__isnull=False).values("issuer_id"))
            | Q(issuing_body__isnull=False)
        )
        .distinct()
        .order_by("path")
    )


def fund_years(*, unit: Unit) -> list[int]:
    return sorted(set(FundEntry.objects.filter(unit=unit).values_list("year", flat=True)), reverse=True)


def fund_ledger(*, actor, unit: Unit, year: int) -> Ledger:
    """The fund of `unit` for `year`: opening balance (every earlier year's income − spending), the
    entries by date with the running balance, the year's totals. Three queries."""
    if not actor.has_perm("decisions.manage_fund"):
        raise Http404("Không tìm thấy sổ quỹ.")
    before = FundEntry.objects.filter(unit=unit, year__lt=year).aggregate(income=_INCOME, spending=_SPENDING)
    opening = before["income"] - before["spending"]
    entries = list(
        FundEntry.objects.filter(unit=unit, year=year).select_related("decision", "recorded_by").order_by("date", "id")
    )
    balance, income, spending = opening, 0, 0
    for entry in entries:
        is_income = entry.kind == FundEntryKind.INCOME
        entry.income = entry.amount if is_income else None
        entry.spending = None if is_income else entry.amount
        balance += entry.amount if is_income else -entry.amount
        income += entry.amount if is_income else 0
        spending += 0 if is_income else entry.amount
        entry.balance = balance
    return Ledger(unit=unit, year=year, opening=opening, entries=entries, total_income=income, total_spending=spending)


# --- totals -------------------------------------------------------------------------------------------

_AWARDED = Sum("amount", filter=Q(revoked=False), default=0)
_PAID = Sum("payment__amount", default=0)
_UNPAID = Sum("amount", filter=Q(revoked=False, payment__isnull=True), default=0)
_COUNT = Count("id")


@dataclass
class Totals:
    by_decision: object  # queryset of dicts (paginated by the view)
    by_year: list
    by_unit: list
    grand: dict


def _totals_base(actor, filters: dict):
    qs = _scoped_awards(actor)
    if filters.get("year"):
        qs = qs.filter(decision__date__year=filters["year"])
    if filters.get("issuer") is not None:
        qs = qs.filter(decision__issuer=filters["issuer"])
    return qs


def money_totals(*, actor, filters: dict | None = None) -> Totals:
    """Awarded (non-revoked awards), paid (payments) and unpaid (non-revoked awards without a payment)
    amounts by decision, by year of the decision and by recipient top-level unit, with the grand
    total. filters: year (of the decision), issuer (a Unit). A fixed number of aggregate queries."""
    filters = filters or {}
    qs = _totals_base(actor, filters)
    sums = {"n": _COUNT, "awarded": _AWARDED, "paid": _PAID, "unpaid": _UNPAID}
    by_decision = (
        qs.values(
            "decision_id",
            "decision__number",
            "decision__date",
            "decision__issuer_name",
            "decision__issuer__name",
        )
        .annotate(**sums)
        .order_by("-decision__date", "-decision_id")
    )
    by_year = list(qs.annotate(y=ExtractYear("decision__date")).values("y").annotate(**sums).order_by("-y"))
    grand = qs.aggregate(**sums)
    per_unit = qs.annotate(recipient_unit=RECIPIENT_UNIT_ID).values("recipient_unit").annotate(**sums)
    per_unit = list(per_unit.order_by())
    paths = dict(
        Unit.objects.filter(pk__in=[r["recipient_unit"] for r in per_unit if r["recipient_unit"]]).values_list(
            "pk", "path"
        )
    )
    tops = top_units()
    rolled: dict[int | None, dict] = {}
    for row in per_unit:
        top = top_unit_id(paths.get(row["recipient_unit"]))
        acc = rolled.setdefault(top, {"unit": tops.get(top), "n": 0, "awarded": 0, "paid": 0, "unpaid": 0})
        for key in ("n", "awarded", "paid", "unpaid"):
            acc[key] += row[key] or 0
    by_unit = sorted(rolled.values(), key=lambda r: (r["unit"] is None, r["unit"].path if r["unit"] else ""))
    return Totals(by_decision=by_decision, by_year=by_year, by_unit=by_unit, grand=grand)


def decision_years() -> list[int]:
    """Years that have issued decisions (for the filters)."""
    years = (
        Decision.objects.filter(state=DecisionState.ISSUED, date__isnull=False)
        .annotate(y=ExtractYear("date"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
