"""Reads of revocations (hủy bỏ khen thưởng), scoped to the actor, and what a revocation would change.

- The province sees every revocation; a unit officer sees the revocations of awards to subjects of
  the units their officer role covers (read-only); nobody else sees any (rules.revocation_awards_q).
- `revocation_consequences` runs the eligibility engine on the subject's facts as they are and as
  they would be with the award revoked, for the titles that may rest on it, the award's year and the
  following ones; and lists the same subject's later awards and open dossier lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.http import Http404

from thidua.core.text import fold_vi

from ..models import Award, Revocation
from ..rules import revocation_awards_q

# How many years after the award's own year may rest on it: CSTĐ tỉnh reads three consecutive
# CSTĐCS years, CSTĐ toàn quốc two CSTĐ tỉnh awards three years apart.
YEARS_AFTER = 3
RELATED = (
    "award__award_type",
    "award__decision__issuer",
    "award__person__unit",
    "award__unit",
    "award__household__unit",
    "award__payment__payer_unit",
    "recorded_by",
)


# --- Scope, list, detail ------------------------------------------------------------------------------


def _visible(actor):
    qs = Revocation.objects.all()
    if not actor.has_perm("decisions.view_revocations"):
        return qs.none()
    scoped = revocation_awards_q(actor, "award__")
    return qs if scoped is None else qs.filter(scoped)


def revocation_list(*, actor, filters: dict | None = None):
    """Revocations the actor may see, newest act first.

    filters: year (of the revoking act), ground, status (recovery status), q (words of the subject's
    name, or part of the award's decision number or of the revoking act's number). Two queries per
    page whatever its size (the count and the rows with their award, decision and subject)."""
    filters = filters or {}
    qs = _visible(actor)
    if filters.get("year"):
        qs = qs.filter(act_date__year=filters["year"])
    if filters.get("ground"):
        qs = qs.filter(ground=filters["ground"])
    if filters.get("status"):
        qs = qs.filter(recovery_status=filters["status"])
    text = (filters.get("q") or "").strip()
    if text:
        by_number = Q(award__decision__number__icontains=text) | Q(act_number__icontains=text)
        by_name = Q()
        for word in fold_vi(text).split():
            by_name &= (
                Q(award__person__search_text__contains=word)
                | Q(award__unit__search_text__contains=word)
                | Q(award__household__search_text__contains=word)
            )
        qs = qs.filter(by_number | by_name)
    return qs.select_related(*RELATED).order_by("-act_date", "-id")


def revocation_get(*, actor, pk: int) -> Revocation:
    """One revocation the actor may see; 404 otherwise (it does not exist for them)."""
    revocation = _visible(actor).select_related(*RELATED).filter(pk=pk).first()
    if revocation is None:
        raise Http404("Không tìm thấy quyết định hủy bỏ khen thưởng.")
    return revocation


def revocation_export_rows(*, actor, filters: dict | None = None):
    """Every matching revocation (not one page), for the Excel export."""
    return revocation_list(actor=actor, filters=filters).iterator(chunk_size=2000)


def award_for_revocation(*, pk: int) -> Award:
    """The award to revoke with what the form and the confirmation show (the caller checks `decisions.revoke`)."""
    award = (
        Award.objects.select_related(
            "award_type",
            "decision",
            "person__unit",
            "unit",
            "household__unit",
            "payment__payer_unit",
            "revocation",
        )
        .filter(pk=pk)
        .first()
    )
    if award is None:
        raise Http404("Không tìm thấy khen thưởng.")
    return award


def payment_of(award: Award):
    try:
        return award.payment
    except Award.payment.RelatedObjectDoesNotExist:
        return None


def default_amount_to_recover(award: Award) -> int:
    """What was paid (never more than the award's amount); 0 when nothing was paid."""
    payment = payment_of(award)
    return min(payment.amount, award.amount) if payment is not None else 0


def revocation_of(award: Award) -> Revocation | None:
    try:
        return award.revocation
    except Award.revocation.RelatedObjectDoesNotExist:
        return None


# --- What revoking changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictChange:
    award_name: str
    year: int
    before: str
    after: str
    reasons: tuple[str, ...]


@dataclass
class Consequences:
    changes: list[VerdictChange] = field(default_factory=list)
    later_awards: list[Award] = field(default_factory=list)
    open_lines: list = field(default_factory=list)
    evaluated: bool = False  # False for a household: the engine has no loader for households' facts
    years: range | None = None


def verdict_label(verdict) -> str:
    if verdict.eligible:
        return "Đủ điều kiện"
    if not verdict.unmet and verdict.needs_confirmation:
        return "Đủ điều kiện, chờ xác nhận"
    return "Không đủ điều kiện"


def _as_revoked(facts, award: Award):
    """The facts with the award flagged revoked (one standing award per subject, type and year)."""
    code = award.award_type.code
    awards = tuple(
        replace(a, revoked=True) if a.code == code and a.year == award.year and not a.revoked else a
        for a in facts.awards
    )
    return replace(facts, awards=awards)


def _verdict_changes(award: Award, years: range, on: dt.date | None) -> list[VerdictChange]:
    from thidua.eligibility import selectors as eligibility
    from thidua.eligibility.engine import evaluate, relevant_awards

    ctx = eligibility.rule_context(on=on)
    loaded = range(eligibility.fact_years(years.start).start, years.stop)
    if award.person_id:
        facts = eligibility.facts_for_people([award.person_id], years=loaded, on=on)[award.person_id]
    else:
        through = bool(ctx.params.get(eligibility.MERGER_PARAM, True))
        facts = eligibility.facts_for_units([award.unit_id], years=loaded, on=on, through_mergers=through)[
            award.unit_id
        ]
    after_facts = _as_revoked(facts, award)
    changes = []
    for year in years:
        for code in relevant_awards(facts.kind):
            before = evaluate(facts, code, year, ctx)
            after = evaluate(after_facts, code, year, ctx)
            was, now = verdict_label(before), verdict_label(after)
            if was != now and now == "Không đủ điều kiện":
                new_unmet = {c.code for c in before.unmet}
                reasons = tuple(f"{c.label}: {c.message}" for c in after.unmet if c.code not in new_unmet)
                changes.append(VerdictChange(after.award_name, year, was, now, reasons or (after.unmet[0].message,)))
    return changes


def revocation_consequences(*, award: Award, until: int | None = None, on: dt.date | None = None) -> Consequences:
    """What revoking `award` changes for its subject: the eligibility verdicts that turn from eligible
    (or eligible pending confirmation) to not eligible, for the award's year and the YEARS_AFTER
    following ones (not beyond `until`, default the current year); the subject's later awards still
    standing; and the open dossier lines of the subject from the award's year on."""
    from django.utils import timezone

    from thidua.nominations.models import Appraisal, NominationLine, Outcome, State

    last = until if until is not None else timezone.localdate().year
    years = range(award.year, max(award.year, min(award.year + YEARS_AFTER, last)) + 1)
    out = Consequences(years=years)
    if award.person_id or award.unit_id:
        out.evaluated = True
        out.changes = _verdict_changes(award, years, on)
    subject = {"person_id": award.person_id, "unit_id": award.unit_id, "household_id": award.household_id}
    subject = {k: v for k, v in subject.items() if v}
    out.later_awards = list(
        Award.objects.filter(**subject, revoked=False, year__gte=award.year)
        .exclude(pk=award.pk)
        .select_related("award_type", "decision")
        .order_by("year", "id")
    )
    out.open_lines = list(
        NominationLine.objects.filter(**subject, year_to__gte=award.year)
        .exclude(nomination__state=State.DECIDED)
        .exclude(appraisal=Appraisal.REJECTED)
        .filter(outcome__in=[Outcome.PENDING, Outcome.PASSED, Outcome.SUBMITTED_UP])
        .select_related("nomination", "award_type")
        .order_by("year_to", "id")
    )
    return out
