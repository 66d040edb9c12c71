"""Reads of the issuing screens: issuing bodies and signers, the lines ready for a decision or a
submission, drafts (items and money preview) and the drafts awaiting a signer.

Which lines are ready (`ready_q`), by the dossier's deciding authority, always of dossiers whose
deciding unit is the issuer, in state "Đã thẩm định" and with the line appraised "Đủ điều kiện":
- Chủ tịch UBND tỉnh: the council passed the line (outcome PASSED) → a decision;
- thủ trưởng đơn vị: no council, the line waits (outcome PENDING) → a decision;
- cấp Nhà nước: the council passed the line → the province's submission (tờ trình) upward.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from thidua.accounts.selectors import OFFICER_ROLES, scope_q
from thidua.core.text import fold_vi
from thidua.nominations.models import Appraisal, Authority, NominationLine, Outcome, State

from ..models import Award, Decision, DecisionItem, DecisionState, DocKind, IssuingBody, Signer

MONEY_KIND = {"PERSON": "person", "UNIT": "unit", "HOUSEHOLD": "household"}


def ready_q(kind: str, issuer_id: int, prefix: str = "") -> Q:
    """Lines (`prefix` leads to the NominationLine) that a document of `kind` by the issuer may cover."""
    p = prefix
    base = Q(
        **{
            f"{p}nomination__deciding_unit_id": issuer_id,
            f"{p}nomination__state": State.APPRAISED,
            f"{p}appraisal": Appraisal.ACCEPTED,
        }
    )
    if kind == DocKind.SUBMISSION:
        return base & Q(**{f"{p}nomination__authority": Authority.STATE, f"{p}outcome": Outcome.PASSED})
    return base & (
        Q(**{f"{p}nomination__authority": Authority.PROVINCE_CHAIR, f"{p}outcome": Outcome.PASSED})
        | Q(**{f"{p}nomination__authority": Authority.UNIT_HEAD, f"{p}outcome": Outcome.PENDING})
    )


def awarded_q(prefix: str = "") -> Q:
    """Lines whose subject already holds the award for the line's last year (not revoked)."""
    p = prefix
    q = Q()
    for kind in ("person", "unit", "household"):
        standing = Award.objects.filter(
            **{kind: OuterRef(f"{p}{kind}")},
            award_type=OuterRef(f"{p}award_type"),
            year=OuterRef(f"{p}year_to"),
            revoked=False,
        )
        q |= Q(**{f"{p}{kind}__isnull": False}) & Q(Exists(standing))
    return q


# --- Issuing bodies and signers ------------------------------------------------------------------


def issuing_body_list(*, actor):
    if not actor.has_perm("decisions.manage_signers"):
        return IssuingBody.objects.none()
    return IssuingBody.objects.select_related("unit").prefetch_related("signers__user").order_by("unit__path")


def issuers_for(*, actor):
    """Issuing bodies the actor may prepare drafts for (province: all; unit officer: their scope)."""
    qs = IssuingBody.objects.select_related("unit").order_by("unit__path")
    if not actor.has_perm("decisions.prepare"):
        return qs.none()
    return qs.filter(scope_q(actor, "unit__", OFFICER_ROLES))


def active_signers(issuer_id: int):
    return Signer.objects.filter(body__unit_id=issuer_id, active=True).select_related("user").order_by("id")


# --- Candidate lines -----------------------------------------------------------------------------


@dataclass
class Candidates:
    groups: list = field(default_factory=list)  # [(award_type, [line, …])]
    count: int = 0
    truncated: bool = False


def candidate_lines(*, issuer, kind: str, filters: dict | None = None, exclude_decision=None, limit: int = 2000):
    """Lines ready for a document of `kind` by `issuer`, grouped by award type, each annotated with
    `in_draft` (another non-issued draft holds it) and `awarded` (the subject already holds the award).

    filters: q (subject's name or dossier code), unit (proposing unit), award_type. Three queries."""
    filters = filters or {}
    other_drafts = DecisionItem.objects.filter(line=OuterRef("pk"), decision__state=DecisionState.DRAFT)
    if exclude_decision is not None:
        other_drafts = other_drafts.exclude(decision=exclude_decision)
        lines = NominationLine.objects.exclude(decision_items__decision=exclude_decision)
    else:
        lines = NominationLine.objects.all()
    lines = lines.filter(ready_q(kind, issuer.pk))
    if filters.get("unit") is not None:
        lines = lines.filter(nomination__proposing_unit=filters["unit"])
    if filters.get("award_type") is not None:
        lines = lines.filter(award_type=filters["award_type"])
    if filters.get("q"):
        for word in fold_vi(filters["q"]).split():
            lines = lines.filter(Q(search_text__contains=word) | Q(nomination__search_text__contains=word))
    lines = (
        lines.annotate(
            in_draft=Exists(other_drafts), awarded=ExpressionWrapper(awarded_q(), output_field=BooleanField())
        )
        .select_related("award_type", "nomination__proposing_unit")
        .order_by("award_type__sort_order", "award_type__code", "nomination_id", "sort_order", "id")
    )
    rows = list(lines[: limit + 1])
    result = Candidates(truncated=len(rows) > limit)
    rows = rows[:limit]
    groups: OrderedDict[int, tuple] = OrderedDict()
    for line in rows:
        groups.setdefault(line.award_type_id, (line.award_type, []))[1].append(line)
    result.groups = list(groups.values())
    result.count = len(rows)
    return result


# --- Drafts --------------------------------------------------------------------------------------


def revoked_since_appraisal(items) -> list[str]:
    """Warnings for the items whose subject had an award revoked after their line was appraised (or
    created): the verdict the council relied on may have changed (one query)."""
    from django.db.models import Q

    from ..models import Revocation

    lines = [item.line for item in items]
    subjects = Q(pk__in=[])
    for key in ("person_id", "unit_id", "household_id"):
        ids = {getattr(line, key) for line in lines if getattr(line, key)}
        if ids:
            subjects |= Q(**{f"award__{key.removesuffix('_id')}__in": ids})
    if not lines:
        return []
    revocations = list(Revocation.objects.filter(subjects).select_related("award__award_type"))
    warnings = []
    for line in lines:
        since = line.appraised_at or line.nomination.created_at
        for r in revocations:
            same = any(
                getattr(line, f) and getattr(line, f) == getattr(r.award, f)
                for f in ("person_id", "unit_id", "household_id")
            )
            if same and since and r.recorded_at > since:
                warnings.append(
                    f"{line.subject_name}: {r.award.award_type.name} năm {r.award.year} đã bị hủy bỏ "
                    f"({r.act_number}, ngày {r.act_date:%d/%m/%Y}) sau khi đề nghị được thẩm định — kiểm tra lại "
                    f"điều kiện {line.award_type.name} trước khi ký."
                )
    return warnings


def draft_items(decision):
    """The draft's items with their lines, subjects and dossiers (one query)."""
    return (
        decision.items.select_related(
            "line__award_type",
            "line__nomination__proposing_unit",
            "line__person__unit",
            "line__unit__parent",
            "line__household__unit",
        )
        .order_by("line__award_type__sort_order", "line__award_type__code", "sort_order", "id")
        .all()
    )


@dataclass
class MoneyPreview:
    date: dt.date | None
    base_salary: int | None
    rule_set: str
    total: int
    amounts: dict  # item id → amount (None: no coefficient or no base salary)


def money_preview(items, date: dt.date | None) -> MoneyPreview:
    """Amounts of the items on `date` (the rule set and base salary in force then) and their total."""
    from thidua.eligibility.context import context_for
    from thidua.eligibility.money import reward_amount

    date = date or timezone.localdate()
    ctx = context_for(criteria_date=date, decision_date=date)
    amounts = {}
    for item in items:
        line = item.line
        amounts[item.pk] = reward_amount(line.award_type.code, MONEY_KIND[line.subject_kind], ctx)
    total = sum(a or 0 for a in amounts.values())
    return MoneyPreview(date, ctx.base_salary, ctx.rule_set_code, total, amounts)


def drafts_to_sign(*, actor):
    """Drafts of the issuers the actor signs for (active), the actor's own designation first."""
    if not actor.is_authenticated:
        return Decision.objects.none()
    bodies = Signer.objects.filter(user=actor, active=True).values("body__unit_id")
    return (
        Decision.objects.filter(state=DecisionState.DRAFT, issuer_id__in=bodies)
        .select_related("issuer", "signer", "created_by")
        .order_by("-created_at", "-id")
    )


def submitted_lines(submission):
    """The submission's lines still waiting for the higher authority (outcome SUBMITTED_UP)."""
    return (
        NominationLine.objects.filter(decision_items__decision=submission, outcome=Outcome.SUBMITTED_UP)
        .select_related("award_type", "nomination__proposing_unit")
        .order_by("award_type__sort_order", "award_type__code", "nomination_id", "sort_order", "id")
    )
