"""Reads of scoring tables, scoped to the actor: the provincial templates (the province, and officers of
units that may belong to a cluster: `clusters.view_list`) and a cluster's own table (`clusters.view` on
the cluster: its members and the province)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from thidua.core.text import fold_vi
from thidua.org.models import Cluster, ClusterMember

from ..models import Criterion, CriterionGroup, CriterionKind, ScoringTable, TableState

NOT_FOUND = "Không tìm thấy bảng chấm điểm."


def _count(model, field_name: str, **filters):
    rows = model.objects.filter(**{field_name: OuterRef("pk")}, **filters).order_by().values(field_name)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def template_list(*, actor, filters: dict | None = None):
    """Provincial templates, newest year first, with their group, criterion and adaptation counts (one
    query; two with a search). filters: q (name, with or without diacritics), year, state."""
    if not actor.has_perm("clusters.view_list"):
        return ScoringTable.objects.none()
    filters = filters or {}
    qs = ScoringTable.objects.filter(cluster__isnull=True).select_related("previous")
    if not actor.has_perm("clusters.manage_templates"):
        qs = qs.filter(state=TableState.APPLIED)  # drafts are the province's work in progress
    if filters.get("year"):
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    words = fold_vi(filters.get("q") or "").split()
    if words:
        # Templates are a handful a year: fold the names in Python (diacritics-insensitive on every backend).
        ids = [pk for pk, name in qs.values_list("pk", "name") if all(w in fold_vi(name) for w in words)]
        qs = qs.filter(pk__in=ids)
    return qs.annotate(
        n_groups=_count(CriterionGroup, "table"),
        n_criteria=_count(Criterion, "table"),
        n_adaptations=_count(ScoringTable, "template"),
    ).order_by("-year", "name", "pk")


def template_years() -> list[int]:
    return list(
        ScoringTable.objects.filter(cluster__isnull=True).order_by("-year").values_list("year", flat=True).distinct()
    )


def _cluster_qs():
    return Cluster.objects.prefetch_related(
        Prefetch("memberships", queryset=ClusterMember.objects.select_related("unit"))
    )


def _prime_memberships(cluster) -> None:
    """The rules read `cluster._thidua_memberships`; fill it from the prefetch (no extra query)."""
    if cluster is not None and hasattr(cluster, "_prefetched_objects_cache"):
        cached = cluster._prefetched_objects_cache.get("memberships")
        if cached is not None:
            cluster._thidua_memberships = list(cached)


def may_view(actor, table: ScoringTable) -> bool:
    if table.cluster_id is None:
        if not actor.has_perm("clusters.view_list"):
            return False
        return table.state == TableState.APPLIED or actor.has_perm("clusters.manage_templates")
    return actor.has_perm("clusters.view", table.cluster)


def may_edit(actor, table: ScoringTable) -> bool:
    """Whether the actor holds the permission to change the table (the freezing rule is separate)."""
    if table.cluster_id is None:
        return actor.has_perm("clusters.manage_templates")
    return actor.has_perm("clusters.manage", table.cluster)


def table_get(*, actor, pk: int) -> ScoringTable:
    """A template or a cluster's table the actor may see, else 404."""
    table = (
        ScoringTable.objects.select_related("cluster", "template", "previous")
        .prefetch_related(Prefetch("cluster__memberships", queryset=ClusterMember.objects.select_related("unit")))
        .filter(pk=pk)
        .first()
    )
    if table is None:
        raise Http404(NOT_FOUND)
    _prime_memberships(table.cluster)
    if not may_view(actor, table):
        raise Http404(NOT_FOUND)
    return table


def group_get(*, actor, pk: int) -> CriterionGroup:
    group = CriterionGroup.objects.filter(pk=pk).only("pk", "table_id").first()
    if group is None:
        raise Http404("Không tìm thấy nhóm tiêu chí.")
    table = table_get(actor=actor, pk=group.table_id)
    group = CriterionGroup.objects.get(pk=pk)
    group.table = table
    return group


def criterion_get(*, actor, pk: int) -> Criterion:
    criterion = Criterion.objects.filter(pk=pk).only("pk", "table_id").first()
    if criterion is None:
        raise Http404("Không tìm thấy tiêu chí.")
    table = table_get(actor=actor, pk=criterion.table_id)
    criterion = Criterion.objects.select_related("group", "source").get(pk=pk)
    criterion.table = table
    return criterion


def cluster_get(*, actor, pk: int) -> Cluster:
    """A cluster the actor may see (`clusters.view`: its members and the province), else 404."""
    cluster = _cluster_qs().filter(pk=pk).first()
    _prime_memberships(cluster)
    if cluster is None or not actor.has_perm("clusters.view", cluster):
        raise Http404("Không tìm thấy cụm, khối thi đua.")
    return cluster


def cluster_table_of(cluster) -> ScoringTable | None:
    table = ScoringTable.objects.select_related("template").filter(cluster=cluster).first()
    if table is not None:
        table.cluster = cluster
    return table


def applied_templates(*, year: int):
    """The templates a cluster of `year` may adapt."""
    return ScoringTable.objects.filter(cluster__isnull=True, state=TableState.APPLIED, year=year).order_by("name", "pk")


# --- The tree of a table, for the screens and the documents ---------------------------------------------------


@dataclass
class GroupRow:
    group: CriterionGroup
    criteria: list = field(default_factory=list)
    score_sum: Decimal = Decimal(0)
    bonus_sum: Decimal = Decimal(0)
    penalty_sum: Decimal = Decimal(0)

    @property
    def over(self) -> bool:
        return self.score_sum > self.group.max_points

    @property
    def has_score(self) -> bool:
        return any(c.kind == CriterionKind.SCORE for c in self.criteria)


@dataclass
class TableTree:
    table: ScoringTable
    groups: list
    score_total: Decimal
    bonus_total: Decimal
    penalty_total: Decimal
    group_total: Decimal
    n_criteria: int


def table_tree(table: ScoringTable) -> TableTree:
    """Groups in order with their criteria (and each criterion's template source), the sums per group
    and for the table (two queries)."""
    criteria = Criterion.objects.select_related("source").order_by("order", "pk")
    groups = list(
        CriterionGroup.objects.filter(table=table)
        .prefetch_related(Prefetch("criteria", queryset=criteria))
        .order_by("order", "pk")
    )
    rows = []
    for g in groups:
        row = GroupRow(group=g, criteria=list(g.criteria.all()))
        for c in row.criteria:
            if c.kind == CriterionKind.SCORE:
                row.score_sum += c.max_points
            elif c.kind == CriterionKind.BONUS:
                row.bonus_sum += c.max_points
            else:
                row.penalty_sum += c.max_points
        rows.append(row)
    return TableTree(
        table=table,
        groups=rows,
        score_total=sum((r.score_sum for r in rows), Decimal(0)),
        bonus_total=sum((r.bonus_sum for r in rows), Decimal(0)),
        penalty_total=sum((r.penalty_sum for r in rows), Decimal(0)),
        group_total=sum((r.group.max_points for r in rows), Decimal(0)),
        n_criteria=sum(len(r.criteria) for r in rows),
    )
