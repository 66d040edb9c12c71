"""Reads of a cluster's covenant (giao ước thi đua): the shared part, the targets, each member unit's
commitment and signature. The cluster itself comes from `selectors.structure.cluster_get` (scoped)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from thidua.org.models import Cluster, ClusterMember, ClusterRole, Unit

from ..models import Commitment, Covenant, CovenantTarget
from ..rules import acts_for
from .structure import cluster_members, role_words


def default_title(cluster: Cluster) -> str:
    """ "Giao ước thi đua năm 2026 của Cụm thi đua số 1"."""
    return f"Giao ước thi đua năm {cluster.year} của {cluster.name}"


def covenant_of(cluster: Cluster) -> Covenant | None:
    return Covenant.objects.filter(cluster=cluster).select_related("movement").first()


@dataclass
class CommitmentRow:
    unit: Unit
    role: str
    commitment: Commitment | None
    mine: bool  # the user writes and signs this unit's commitment

    @property
    def signed(self) -> bool:
        return self.commitment is not None and self.commitment.signed_at is not None


@dataclass
class CovenantPage:
    cluster: Cluster
    covenant: Covenant | None
    targets: list[CovenantTarget]
    rows: list[CommitmentRow]  # one per member unit, head first
    former: list[Commitment]  # commitments of units that are no longer members
    head_word: str
    deputy_word: str

    @property
    def unsigned(self) -> list[Unit]:
        return [r.unit for r in self.rows if not r.signed]

    @property
    def head(self) -> Unit | None:
        return next((r.unit for r in self.rows if r.role == ClusterRole.HEAD), None)

    @property
    def is_draft(self) -> bool:
        return self.covenant is None or self.covenant.state == "DRAFT"


def covenant_page(*, actor, cluster: Cluster) -> CovenantPage:
    """Everything the covenant page and the .docx show (four queries whatever the size)."""
    members: list[ClusterMember] = cluster_members(cluster=cluster)
    covenant = covenant_of(cluster)
    targets: list[CovenantTarget] = []
    commitments: dict[int, Commitment] = {}
    if covenant is not None:
        targets = list(covenant.targets.select_related("source").order_by("order", "pk"))
        commitments = {c.unit_id: c for c in covenant.commitments.select_related("unit", "signed_by")}
    rows = [
        CommitmentRow(
            unit=m.unit, role=m.role, commitment=commitments.pop(m.unit_id, None), mine=acts_for(actor, m.unit)
        )
        for m in members
    ]
    former = sorted(commitments.values(), key=lambda c: c.unit.name)
    head_word, deputy_word = role_words(cluster.kind)
    return CovenantPage(
        cluster=cluster,
        covenant=covenant,
        targets=targets,
        rows=rows,
        former=former,
        head_word=head_word,
        deputy_word=deputy_word,
    )


def commitment_unit(*, actor, cluster: Cluster, unit_id: int) -> Unit:
    """A member unit of the cluster (404 for any other unit id)."""
    member = ClusterMember.objects.filter(cluster=cluster, unit_id=unit_id).select_related("unit").first()
    if member is None:
        raise Http404("Đơn vị này không là thành viên của cụm, khối.")
    return member.unit


def commitment_of(covenant: Covenant | None, unit: Unit) -> Commitment | None:
    if covenant is None:
        return None
    return Commitment.objects.filter(covenant=covenant, unit=unit).first()


def target_get(*, covenant: Covenant | None, pk: int) -> CovenantTarget:
    target = CovenantTarget.objects.filter(covenant=covenant, pk=pk).first() if covenant is not None else None
    if target is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    return target


def movement_choices(*, actor, year: int):
    """Movements the actor may see that run in the cluster's year and have targets, with their target
    counts (one query)."""
    from thidua.movements.selectors.movements import movement_list

    return (
        movement_list(actor=actor, filters={"year": year})
        .annotate(n_targets=Count("targets", distinct=True))
        .filter(n_targets__gt=0)
    )
