"""Reads of the clusters and blocks of a year, scoped to the actor: the province sees every cluster,
a unit's officers and leaders see the clusters their units belong to, anybody else sees none.
Out-of-scope objects answer 404; lists run a fixed number of queries whatever their size."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from thidua.core.text import fold_vi
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, SuccessionKind, Unit, UnitSuccession

from ..rules import member_paths

ROLE_RANK = {ClusterRole.HEAD: 0, ClusterRole.DEPUTY: 1, ClusterRole.MEMBER: 2}
SEARCH_LIMIT = 50


def current_year() -> int:
    return timezone.localdate().year


def unit_sort_key(unit) -> tuple:
    """The membership order: by unit name the Vietnamese way (diacritics folded), then by id."""
    return (fold_vi(unit.name), unit.name, unit.pk)


def role_words(kind: str) -> tuple[str, str]:
    """("cụm trưởng", "cụm phó") for a cluster, ("khối trưởng", "khối phó") for a block."""
    return ("khối trưởng", "khối phó") if kind == ClusterKind.SECTOR else ("cụm trưởng", "cụm phó")


def kind_word(kind: str) -> str:
    return "khối thi đua" if kind == ClusterKind.SECTOR else "cụm thi đua"


# --- Scope -----------------------------------------------------------------------------------------


def cluster_scope(*, actor):
    """Clusters the actor may see: all for the province, their units' clusters for a unit's officers
    and leaders (role on a member unit or an ancestor of it), none for anybody else."""
    if not actor.has_perm("clusters.view_list"):
        return Cluster.objects.none()
    if actor.has_perm("clusters.manage_structure"):
        return Cluster.objects.all()
    paths = member_paths(actor)
    if not paths:
        return Cluster.objects.none()
    q = Q()
    for path in paths:
        q |= Q(unit__path__startswith=path)
    return Cluster.objects.filter(pk__in=ClusterMember.objects.filter(q).values("cluster_id"))


def _role_unit_name(role):
    rows = ClusterMember.objects.filter(cluster=OuterRef("pk"), role=role).order_by("pk").values("unit__name")[:1]
    return Subquery(rows)


def cluster_list(*, actor, filters: dict | None = None):
    """Clusters of the actor's scope. filters: year (None: every year), kind, q (words of the cluster's
    name or of a member unit's name or code, with or without diacritics). One query, with the member
    count and the head and deputy names."""
    filters = filters or {}
    qs = cluster_scope(actor=actor)
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    words = fold_vi(filters.get("q") or "").split()
    if words:
        name_ids = [pk for pk, name in qs.values_list("pk", "name") if all(w in fold_vi(name) for w in words)]
        unit_q = Q()
        for word in words:
            unit_q &= Q(unit__search_text__contains=word)
        by_unit = ClusterMember.objects.filter(unit_q).values("cluster_id")
        qs = qs.filter(Q(pk__in=name_ids) | Q(pk__in=by_unit))
    return qs.annotate(
        n_members=Count("memberships", distinct=True),
        head_name=_role_unit_name(ClusterRole.HEAD),
        deputy_name=_role_unit_name(ClusterRole.DEPUTY),
    ).order_by("-year", "kind", "name", "pk")


def cluster_years(*, actor) -> list[int]:
    """Years that have clusters in the actor's scope, and the current and next year, newest first."""
    years = set(cluster_scope(actor=actor).order_by().values_list("year", flat=True).distinct())
    years |= {current_year(), current_year() + 1}
    return sorted(years, reverse=True)


def cluster_get(*, actor, pk: int) -> Cluster:
    """The cluster if the actor may see it (clusters.view); 404 otherwise (its existence is not disclosed)."""
    cluster = Cluster.objects.select_related("carried_from").filter(pk=pk).first()
    if cluster is None or not actor.has_perm("clusters.view", cluster):
        raise Http404("Không tìm thấy cụm, khối thi đua.")
    return cluster


def cluster_members(*, cluster) -> list[ClusterMember]:
    """The memberships, head first, then the deputy, then the members by unit name (one query)."""
    rows = list(ClusterMember.objects.filter(cluster=cluster).select_related("unit"))
    rows.sort(key=lambda m: (ROLE_RANK.get(m.role, 9), unit_sort_key(m.unit)))
    return rows


def cluster_export_rows(*, actor, filters: dict | None = None) -> list[ClusterMember]:
    """Every membership of the clusters the list shows (one query), in the list's order, head first."""
    ids = list(cluster_list(actor=actor, filters=filters).values_list("pk", flat=True))
    order = {pk: i for i, pk in enumerate(ids)}
    rows = list(ClusterMember.objects.filter(cluster_id__in=ids).select_related("cluster", "unit"))
    rows.sort(key=lambda m: (order[m.cluster_id], ROLE_RANK.get(m.role, 9), unit_sort_key(m.unit)))
    return rows


def membership_version(memberships) -> str:
    """A short fingerprint of the memberships (unit and role): the optimistic lock of the members form
    (Cluster has no version column; two officers editing the members at once are told, not overwritten)."""
    text = ";".join(f"{m.unit_id}:{m.role}" for m in sorted(memberships, key=lambda m: m.unit_id))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def header_version(cluster) -> str:
    """The same for the cluster's own fields (name, kind, year, decision)."""
    date = cluster.decision_date.isoformat() if cluster.decision_date else ""
    text = f"{cluster.name}|{cluster.kind}|{cluster.year}|{cluster.decision_number}|{date}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


# --- Choosing member units --------------------------------------------------------------------------


def unit_options(*, q: str = "", selected_ids=(), limit: int = SEARCH_LIMIT) -> tuple[list[Unit], list[Unit], bool]:
    """(the selected units, active units matching `q` that are not selected yet, more than `limit`
    matched). Two queries at most."""
    selected_ids = {int(i) for i in selected_ids if str(i).isdigit()}
    selected = sorted(Unit.objects.filter(pk__in=selected_ids), key=unit_sort_key) if selected_ids else []
    words = fold_vi(q).split()
    found: list[Unit] = []
    more = False
    if words:
        qs = Unit.objects.filter(valid_to__isnull=True, parent__isnull=False).exclude(pk__in=selected_ids)
        for word in words:
            qs = qs.filter(search_text__contains=word)
        found = list(qs.order_by("search_text", "pk")[: limit + 1])
        more = len(found) > limit
        found = sorted(found[:limit], key=unit_sort_key)
    return selected, found, more


# --- Carry-over plan --------------------------------------------------------------------------------


@dataclass
class CarriedMember:
    unit: Unit
    role: str
    came_from: list[Unit] = field(default_factory=list)  # the predecessors it replaces
    own: bool = False  # the unit itself was a member last year


@dataclass
class CarryOverCluster:
    source: Cluster
    members: list[CarriedMember] = field(default_factory=list)
    replaced: list[tuple[Unit, list[Unit], str]] = field(default_factory=list)  # (old unit, successors, kind label)
    dropped: list[tuple[Unit, str]] = field(default_factory=list)  # (old unit, why)
    old_head: Unit | None = None
    old_deputy: Unit | None = None

    @property
    def head(self) -> Unit | None:
        return next((m.unit for m in self.members if m.role == ClusterRole.HEAD), None)

    @property
    def deputy(self) -> Unit | None:
        return next((m.unit for m in self.members if m.role == ClusterRole.DEPUTY), None)

    @property
    def skipped(self) -> bool:
        """No member left: the cluster is not carried over."""
        return not self.members

    @property
    def changed(self) -> bool:
        return bool(self.replaced or self.dropped)


@dataclass
class CarryOverPlan:
    from_year: int
    to_year: int
    clusters: list[CarryOverCluster]
    name_conflicts: list[str]
    rotate: bool = True

    @property
    def carried(self) -> list[CarryOverCluster]:
        return [c for c in self.clusters if not c.skipped]


def _active_successors(units: list[Unit]) -> dict[int, tuple[list[Unit], list[str]]]:
    """For each inactive unit: (its active successors through every reorganisation since, the kinds of
    the links followed). A dissolved unit, or one closed without a succession record, has none.
    One query per generation of reorganisations."""
    result: dict[int, tuple[list[Unit], list[str]]] = {}
    frontier = {u.pk: [u.pk] for u in units if u.valid_to is not None}  # unit id → roots reaching it
    roots_out: dict[int, dict[int, Unit]] = {pk: {} for pk in frontier}
    kinds: dict[int, list[str]] = {pk: [] for pk in frontier}
    seen = set(frontier)
    while frontier:
        links = list(
            UnitSuccession.objects.filter(predecessor_id__in=list(frontier), successor__isnull=False).select_related(
                "successor"
            )
        )
        following: dict[int, list[int]] = {}
        for link in links:
            for root in frontier[link.predecessor_id]:
                if link.kind not in kinds[root]:
                    kinds[root].append(link.kind)
                succ = link.successor
                if succ.valid_to is None:
                    roots_out[root][succ.pk] = succ
                elif succ.pk not in seen:
                    following.setdefault(succ.pk, []).append(root)
        seen |= set(following)
        frontier = following
    for pk, found in roots_out.items():
        result[pk] = (sorted(found.values(), key=unit_sort_key), kinds[pk])
    return result


KIND_LABELS = {
    SuccessionKind.MERGE: "sáp nhập",
    SuccessionKind.CONSOLIDATE: "hợp nhất",
    SuccessionKind.SPLIT: "chia tách",
    SuccessionKind.DISSOLVE: "giải thể",
}


def _rotate(members: list[CarriedMember]) -> None:
    """The deputy becomes head and the next member after it (in the order by unit name, going round)
    becomes deputy. Without a deputy, the member after the old head takes the head."""
    if not members:
        return
    ordered = sorted(members, key=lambda m: unit_sort_key(m.unit))
    old_head = next((i for i, m in enumerate(ordered) if m.role == ClusterRole.HEAD), None)
    old_deputy = next((i for i, m in enumerate(ordered) if m.role == ClusterRole.DEPUTY), None)
    if old_deputy is not None:
        new_head = old_deputy
    elif old_head is not None:
        new_head = (old_head + 1) % len(ordered)
    else:
        new_head = 0
    for m in ordered:
        m.role = ClusterRole.MEMBER
    ordered[new_head].role = ClusterRole.HEAD
    if len(ordered) > 1:
        ordered[(new_head + 1) % len(ordered)].role = ClusterRole.DEPUTY
    members[:] = ordered


def _keep_roles(members: list[CarriedMember]) -> None:
    """Without rotation: the roles stay; a cluster left without its head gets the deputy (or the first
    member by name) as head."""
    members.sort(key=lambda m: unit_sort_key(m.unit))
    if members and not any(m.role == ClusterRole.HEAD for m in members):
        promoted = next((m for m in members if m.role == ClusterRole.DEPUTY), members[0])
        promoted.role = ClusterRole.HEAD


def carry_over_plan(*, actor, from_year: int, to_year: int, rotate: bool = True) -> CarryOverPlan:
    """What carrying the clusters of `from_year` over to `to_year` would create: the members mapped
    through the reorganisations since (a merged or split unit replaced by its active successors, no
    duplicates, the highest role kept; dissolved or closed units dropped), the head and deputy rotated,
    and the names already used in `to_year`. A unit reached from two clusters of the same kind stays
    only in the first (by name); the others list it as dropped."""
    if not actor.has_perm("clusters.manage_structure"):
        return CarryOverPlan(from_year=from_year, to_year=to_year, clusters=[], name_conflicts=[], rotate=rotate)
    sources = list(Cluster.objects.filter(year=from_year).order_by("kind", "name", "pk"))
    memberships = list(
        ClusterMember.objects.filter(cluster__year=from_year).select_related("unit").order_by("cluster_id", "pk")
    )
    by_cluster: dict[int, list[ClusterMember]] = {}
    for m in memberships:
        by_cluster.setdefault(m.cluster_id, []).append(m)
    successors = _active_successors([m.unit for m in memberships])
    taken_names = set(Cluster.objects.filter(year=to_year).values_list("name", flat=True))
    # Units already in a cluster of `to_year` (made by hand): they keep that place.
    placed: dict[tuple[str, int], str] = {
        (kind, unit_id): name
        for kind, unit_id, name in ClusterMember.objects.filter(cluster__year=to_year).values_list(
            "cluster__kind", "unit_id", "cluster__name"
        )
    }
    plans = []
    carried_by_plan: list[dict[int, CarriedMember]] = []
    for cluster in sources:
        plan = CarryOverCluster(source=cluster)
        carried: dict[int, CarriedMember] = {}
        for m in by_cluster.get(cluster.pk, []):
            if m.role == ClusterRole.HEAD:
                plan.old_head = m.unit
            elif m.role == ClusterRole.DEPUTY:
                plan.old_deputy = m.unit
            if m.unit.valid_to is None:
                targets, came_from = [m.unit], None
            else:
                found, kinds = successors.get(m.unit.pk, ([], []))
                if not found:
                    why = "đã giải thể" if SuccessionKind.DISSOLVE in kinds or not kinds else "đã hết hiệu lực"
                    why = f"{why} (từ ngày {m.unit.valid_to + dt.timedelta(days=1):%d/%m/%Y})"
                    plan.dropped.append((m.unit, why))
                    continue
                label = ", ".join(KIND_LABELS.get(k, k) for k in kinds)
                plan.replaced.append((m.unit, found, label))
                targets, came_from = found, m.unit
            for unit in targets:
                entry = carried.get(unit.pk)
                if entry is None:
                    entry = carried[unit.pk] = CarriedMember(unit=unit, role=m.role)
                elif ROLE_RANK[m.role] < ROLE_RANK[entry.role]:
                    entry.role = m.role
                if came_from is None:
                    entry.own = True
                else:
                    entry.came_from.append(came_from)
        plans.append(plan)
        carried_by_plan.append(carried)
    # A unit stays where it was a member itself; a successor reached from several clusters of one kind
    # goes to the first of them.
    kept: list[set[int]] = [set() for _ in plans]
    for own_pass in (True, False):
        for i, (plan, carried) in enumerate(zip(plans, carried_by_plan, strict=True)):
            for entry in carried.values():
                if entry.own != own_pass:
                    continue
                key = (plan.source.kind, entry.unit.pk)
                other = placed.get(key)
                if other is not None:
                    plan.dropped.append((entry.unit, f"đã thuộc “{other}” năm {to_year}"))
                    continue
                placed[key] = plan.source.name
                kept[i].add(entry.unit.pk)
    for plan, carried, ids in zip(plans, carried_by_plan, kept, strict=True):
        members = [entry for entry in carried.values() if entry.unit.pk in ids]
        if rotate:
            _rotate(members)
        else:
            _keep_roles(members)
        plan.members = members
    conflicts = sorted(c.name for c in sources if c.name in taken_names)
    return CarryOverPlan(from_year=from_year, to_year=to_year, clusters=plans, name_conflicts=conflicts, rotate=rotate)
