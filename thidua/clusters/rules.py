"""Who may do what with clusters and blocks (django-rules). Read them as sentences.

- The province's commendation officers and administrators manage every cluster: the division
  decision, members, head and deputy, carrying a year over, the provincial scoring templates, the
  scoring rounds, reopening locked scores (audited), publishing, and comparing the flag winners.
- The head unit's officers (cụm trưởng, khối trưởng) manage their cluster: the covenant, the
  cluster's own table within the template's limits, the round's deadline and tie-break rule, the
  adjustments at the cross-check, locking, the tie-break vote and the proposal from the ranking.
- A member unit's officers see their cluster, sign their own commitments, score their own unit only
  and raise cross-check remarks on the others; they never change another unit's score or the
  cluster's settings.
- Other units see nothing of a cluster until its results are published; then they see the ranking.

"Officers of a unit": a unit officer or a leader whose role is held on the unit or an ancestor of it,
below the province itself. Province-wide roles, and a leader of the province, are not "members" of any
cluster.
"""

from __future__ import annotations

import rules

from thidua.accounts.models import Role
from thidua.accounts.rules import is_admin, is_province_officer
from thidua.accounts.selectors import user_roles

MEMBER_ROLES = frozenset({Role.UNIT_OFFICER, Role.LEADER})

is_cluster_office = is_admin | is_province_officer


def member_paths(user) -> list[str]:
    """Paths of the units on which the user holds a member-acting role (unit officer or leader)."""
    if not getattr(user, "is_authenticated", False):
        return []
    # A role held on the province itself (the provincial leader) acts for no member unit.
    return [ra.unit.path for ra in user_roles(user) if ra.role in MEMBER_ROLES and ra.unit.parent_id is not None]


def acts_for(user, unit) -> bool:
    """The user is an officer of `unit` (role on the unit or an ancestor)."""
    return unit is not None and any(unit.path.startswith(p) for p in member_paths(user))


def _memberships(cluster):
    """The cluster's memberships with their units, cached on the cluster object (one query)."""
    cached = getattr(cluster, "_thidua_memberships", None)
    if cached is None:
        cached = cluster._thidua_memberships = list(cluster.memberships.select_related("unit"))
    return cached


def member_units_of(user, cluster) -> list:
    """The member units of `cluster` the user acts for."""
    if cluster is None or not member_paths(user):
        return []
    return [m.unit for m in _memberships(cluster) if acts_for(user, m.unit)]


def head_unit_of(cluster):
    from thidua.org.models import ClusterRole

    return next((m.unit for m in _memberships(cluster) if m.role == ClusterRole.HEAD), None)


@rules.predicate
def is_cluster_member(user, cluster):
    return bool(member_units_of(user, cluster))


@rules.predicate
def is_cluster_head(user, cluster):
    head = head_unit_of(cluster) if cluster is not None else None
    return head is not None and acts_for(user, head)


@rules.predicate
def results_published(user, cluster):
    scoring = getattr(cluster, "scoring", None) if cluster is not None else None
    return scoring is not None and scoring.published_at is not None


@rules.predicate
def may_score_sheet(user, sheet):
    """The officer of the sheet's own unit, while the round is open."""
    return sheet is not None and acts_for(user, sheet.unit) and not sheet.round.is_locked()


@rules.predicate
def has_member_role(user):
    return bool(member_paths(user))


# Seeing
rules.add_perm("clusters.view_list", is_cluster_office | has_member_role)
rules.add_perm("clusters.view", is_cluster_office | is_cluster_member)
rules.add_perm("clusters.view_results", is_cluster_office | is_cluster_member | results_published)
# The province
rules.add_perm("clusters.manage_structure", is_cluster_office)
rules.add_perm("clusters.manage_templates", is_cluster_office)
rules.add_perm("clusters.reopen", is_cluster_office)
rules.add_perm("clusters.publish", is_cluster_office)
rules.add_perm("clusters.compare_leaders", is_cluster_office)
# The head (and the province)
rules.add_perm("clusters.manage", is_cluster_office | is_cluster_head)
rules.add_perm("clusters.adjust", is_cluster_office | is_cluster_head)
# A member
rules.add_perm("clusters.sign_commitment", is_cluster_member)
rules.add_perm("clusters.score", may_score_sheet)
rules.add_perm("clusters.remark", is_cluster_member)
rules.add_perm("clusters.tie_vote", is_cluster_member)
