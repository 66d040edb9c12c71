"""Reads of the scoring round: the round page's grid, a unit's sheet, one score with its evidence,
adjustments and remarks. Everything is scoped to who may see the cluster (`clusters.view`): anybody
else gets a 404. Each read runs a fixed number of queries whatever the number of units and criteria.

Totals follow the one rule shared with the ranking: a unit's total is the sum of its scoring and bonus
points minus its penalty points (penalties are stored as positive figures), empty points count as 0,
and only sheets of the cluster's current members count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.http import Http404

from thidua.core.models import AuditEvent
from thidua.org.models import Cluster

from ..models import (
    Adjustment,
    CriterionGroup,
    CriterionKind,
    Evidence,
    Remark,
    RoundState,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    TableState,
)
from ..rules import _memberships, acts_for, member_units_of

ZERO = Decimal("0")
SIGN = {CriterionKind.SCORE: 1, CriterionKind.BONUS: 1, CriterionKind.PENALTY: -1}


def signed(kind: str, value) -> Decimal:
    """A score's contribution to the total: penalties take off, empty counts as 0."""
    return SIGN.get(kind, 1) * (value or ZERO)


# --- scope --------------------------------------------------------------------------------------------


def cluster_get(*, actor, pk: int) -> Cluster:
    """The cluster, for whoever may see it (the province, its members); 404 otherwise."""
    cluster = Cluster.objects.filter(pk=pk).first()
    if cluster is None or not actor.has_perm("clusters.view", cluster):
        raise Http404("Không tìm thấy cụm, khối thi đua.")
    return cluster


def round_of(cluster: Cluster) -> ScoringRound | None:
    rnd = ScoringRound.objects.select_related("table", "tie_group").filter(cluster=cluster).first()
    if rnd is not None:
        rnd.cluster = cluster
    return rnd


def _seen(actor, cluster) -> None:
    if not actor.has_perm("clusters.view", cluster):
        raise Http404("Không tìm thấy.")


def sheet_get(*, actor, pk: int) -> ScoreSheet:
    sheet = (
        ScoreSheet.objects.select_related("unit", "round", "round__cluster", "round__table", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if sheet is None:
        raise Http404("Không tìm thấy bảng điểm.")
    _seen(actor, sheet.round.cluster)
    return sheet


def score_get(*, actor, pk: int) -> Score:
    score = (
        Score.objects.select_related(
            "criterion", "criterion__group", "sheet", "sheet__unit", "sheet__round", "sheet__round__cluster"
        )
        .filter(pk=pk)
        .first()
    )
    if score is None:
        raise Http404("Không tìm thấy điểm.")
    _seen(actor, score.sheet.round.cluster)
    return score


def evidence_get(*, actor, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related(
            "score", "score__criterion", "score__sheet", "score__sheet__unit", "score__sheet__round__cluster"
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404("Không tìm thấy minh chứng.")
    _seen(actor, evidence.score.sheet.round.cluster)
    return evidence


def remark_get(*, actor, pk: int) -> Remark:
    remark = (
        Remark.objects.select_related(
            "unit",
            "author",
            "score",
            "score__criterion",
            "score__sheet",
            "score__sheet__unit",
            "score__sheet__round",
            "score__sheet__round__cluster",
        )
        .filter(pk=pk)
        .first()
    )
    if remark is None:
        raise Http404("Không tìm thấy ý kiến.")
    _seen(actor, remark.score.sheet.round.cluster)
    return remark


# --- opening ------------------------------------------------------------------------------------------


def open_choices(cluster: Cluster) -> dict:
    """What the round may be opened on: the cluster's own table, or the applied templates of its year
    (with the groups of each, for the tie-break choice)."""
    own = ScoringTable.objects.filter(cluster=cluster).first()
    if own is not None:
        tables = ScoringTable.objects.filter(pk=own.pk)
    else:
        tables = ScoringTable.objects.filter(cluster__isnull=True, year=cluster.year, state=TableState.APPLIED)
    groups = CriterionGroup.objects.filter(table__in=tables).select_related("table").order_by("table__name", "order")
    return {"own": own, "tables": tables.order_by("name"), "groups": groups}


# --- the round page -----------------------------------------------------------------------------------


def round_actions(*, actor, rnd: ScoringRound) -> dict:
    """What the actor may do with the round now (the services check the same again)."""
    cluster = rnd.cluster
    locked = rnd.is_locked()
    manage = actor.has_perm("clusters.manage", cluster)
    final = rnd.state == RoundState.PUBLISHED or rnd.published_at is not None or rnd.proposal_id is not None
    return {
        "locked": locked,
        "past_deadline": rnd.state == RoundState.OPEN and locked,
        "can_manage": manage,
        "can_edit": manage and not locked,
        "can_lock": manage and rnd.state == RoundState.OPEN,
        "can_reopen": actor.has_perm("clusters.reopen", cluster) and locked and not final,
        "can_adjust": actor.has_perm("clusters.adjust", cluster) and not locked,
    }


@dataclass
class GridRow:
    unit: object
    role: str
    sheet: ScoreSheet | None = None
    self_total: Decimal = ZERO
    final_total: Decimal = ZERO
    groups: list = field(default_factory=list)  # [(self, final)] in the order of the table's groups
    scored: int = 0
    open_remarks: int = 0
    adjustments: int = 0
    own_adjustments: int = 0  # adjustments made by the unit's own officers (the head on its own score)
    unproven: list = field(default_factory=list)  # evidence-required criteria with points above 0 and no file
    mine: bool = False


def round_grid(*, actor, rnd: ScoringRound) -> dict:
    """Member units × criteria groups: self and final totals, the sheet's state, open remarks,
    adjustments and missing evidence — the evidence-required criteria scored above 0 without a file
    (a fixed number of queries)."""
    cluster = rnd.cluster
    memberships = _memberships(cluster)
    groups = list(CriterionGroup.objects.filter(table=rnd.table_id).order_by("order", "pk"))
    n_criteria = {
        row["kind"]: row["n"]
        for row in rnd.table.criteria.values("kind").order_by().annotate(n=Count("pk"))  # per kind
    }
    unit_ids = [m.unit_id for m in memberships]
    sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(round=rnd, unit_id__in=unit_ids)}
    sheet_ids = [s.pk for s in sheets.values()]

    sums = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
    scored = defaultdict(int)
    rows = (
        Score.objects.filter(sheet_id__in=sheet_ids)
        .values("sheet_id", "criterion__group_id", "criterion__kind")
        .order_by()
        .annotate(s=Sum("self_points"), p=Sum("points"), n=Count("self_points"))
    )
    for r in rows:
        cell = sums[r["sheet_id"]][r["criterion__group_id"]]
        cell[0] += signed(r["criterion__kind"], r["s"])
        cell[1] += signed(r["criterion__kind"], r["p"])
        if r["criterion__kind"] == CriterionKind.SCORE:
            scored[r["sheet_id"]] += r["n"]
    remarks = dict(
        Remark.objects.filter(score__sheet_id__in=sheet_ids, resolved=False)
        .values("score__sheet_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("score__sheet_id", "n")
    )
    adjustments = {
        r["score__sheet_id"]: (r["n"], r["own"])
        for r in Adjustment.objects.filter(score__sheet_id__in=sheet_ids)
        .values("score__sheet_id")
        .order_by()
        .annotate(n=Count("pk"), own=Count("pk", filter=Q(by_unit_id=F("score__sheet__unit_id"))))
    }
    unproven = defaultdict(list)  # a criterion scored 0 needs no evidence
    for r in (
        Score.objects.filter(sheet_id__in=sheet_ids, criterion__evidence_required=True)
        .filter(Q(self_points__gt=0) | Q(points__gt=0))
        .annotate(n_files=Count("evidence"))
        .filter(n_files=0)
        .values("sheet_id", "criterion__code")
        .order_by("criterion__group__order", "criterion__order", "criterion_id")
    ):
        unproven[r["sheet_id"]].append(r["criterion__code"])

    grid = []
    for m in memberships:
        row = GridRow(unit=m.unit, role=m.get_role_display(), mine=acts_for(actor, m.unit))
        sheet = sheets.get(m.unit_id)
        if sheet is not None:
            row.sheet = sheet
            cells = sums[sheet.pk]
            row.groups = [tuple(cells.get(g.pk, (ZERO, ZERO))) for g in groups]
            row.self_total = sum((c[0] for c in row.groups), ZERO)
            row.final_total = sum((c[1] for c in row.groups), ZERO)
            row.scored = scored[sheet.pk]
            row.open_remarks = remarks.get(sheet.pk, 0)
            row.adjustments, row.own_adjustments = adjustments.get(sheet.pk, (0, 0))
            row.unproven = unproven[sheet.pk]
        grid.append(row)
    grid.sort(key=lambda r: (r.role != "Cụm trưởng, khối trưởng", r.unit.name))
    mine = [r for r in grid if r.mine and r.sheet is not None]
    return {
        "groups": groups,
        "rows": grid,
        "n_score_criteria": n_criteria.get(CriterionKind.SCORE, 0),
        "my_rows": mine,
        "submitted": sum(1 for r in grid if r.sheet is not None and r.sheet.state == "SUBMITTED"),
        "open_remarks": sum(r.open_remarks for r in grid),
        "without_sheet": [r.unit for r in grid if r.sheet is None],
    }


# --- a sheet, a score ---------------------------------------------------------------------------------


def sheet_detail(*, actor, sheet: ScoreSheet) -> dict:
    """The sheet by criteria groups: each criterion with its self and final points, evidence,
    adjustments and open remarks, and the totals (a fixed number of queries)."""
    rnd = sheet.round
    groups = list(CriterionGroup.objects.filter(table=rnd.table_id).order_by("order", "pk"))
    scores = list(
        sheet.scores.select_related("criterion")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk")),
            Prefetch("adjustments", queryset=Adjustment.objects.select_related("by", "by_unit").order_by("at", "pk")),
            Prefetch("remarks", queryset=Remark.objects.select_related("unit").order_by("created_at", "pk")),
        )
        .order_by("criterion__order", "criterion_id")
    )
    by_group = defaultdict(list)
    for s in scores:
        s.open_remarks = [r for r in s.remarks.all() if not r.resolved]
        s.missing_evidence = s.criterion.evidence_required and not s.evidence.all()
        by_group[s.criterion.group_id].append(s)
    sections = []
    self_total = final_total = ZERO
    for g in groups:
        items = by_group.get(g.pk, [])
        g_self = sum((signed(s.criterion.kind, s.self_points) for s in items), ZERO)
        g_final = sum((signed(s.criterion.kind, s.points) for s in items), ZERO)
        self_total += g_self
        final_total += g_final
        sections.append({"group": g, "scores": items, "self": g_self, "final": g_final})
    missing = [s.criterion.code for s in scores if s.criterion.kind == CriterionKind.SCORE and s.self_points is None]
    return {
        "sections": sections,
        "self_total": self_total,
        "final_total": final_total,
        "missing": missing,
        "is_member_now": any(m.unit_id == sheet.unit_id for m in _memberships(rnd.cluster)),
    }


def other_sheets(*, rnd: ScoringRound, exclude: ScoreSheet | None = None) -> list:
    """The current members' sheets, for moving from one sheet to another at the cross-check."""
    unit_ids = [m.unit_id for m in _memberships(rnd.cluster)]
    qs = ScoreSheet.objects.filter(round=rnd, unit_id__in=unit_ids).select_related("unit").order_by("unit__name")
    return [s for s in qs if exclude is None or s.pk != exclude.pk]


def score_detail(*, score: Score) -> dict:
    """One score: its evidence, the adjustments (never deleted) and the remarks with, for a dismissed
    one, the head's reason (read from the audit event of the dismissal)."""
    evidence = list(score.evidence.select_related("uploaded_by").order_by("pk"))
    adjustments = list(score.adjustments.select_related("by", "by_unit").order_by("at", "pk"))
    remarks = list(score.remarks.select_related("unit", "author").order_by("created_at", "pk"))
    reasons = {}
    if any(r.resolved for r in remarks):
        events = AuditEvent.objects.filter(
            action="clusters.remark_dismiss",
            object_type=Remark._meta.label_lower,
            object_id__in=[str(r.pk) for r in remarks if r.resolved],
        ).select_related("actor")
        reasons = {int(e.object_id): e for e in events}
    for r in remarks:
        r.dismissal = reasons.get(r.pk)
    return {"evidence": evidence, "adjustments": adjustments, "remarks": remarks}


def remark_units(*, actor, score: Score) -> list:
    """The member units the actor may raise a cross-check remark for on this score (never the score's own unit)."""
    return [u for u in member_units_of(actor, score.sheet.round.cluster) if u.pk != score.sheet.unit_id]
