"""Writes of the clusters and blocks of a year (the province's work): create, edit, set the members
with the head and the deputy, and carry a year's clusters over to the next year.

Rules (docs/clusters.md): a unit belongs to at most one cluster of the same kind in the same year;
only active units join; a cluster never holds a unit together with one of its sub-units (an officer
of a unit acts for the units below it, so such a cluster would give one officer two voices); a
cluster has exactly one head and at most one deputy, both among its members; names are unique within
a year; the members of a cluster whose scores are locked, whose results are published or whose
dossier is proposed do not change (the ranking is computed from the current members). One
transaction, one permission check, one audit event each.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.org.checks import closed_label
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit

from ..models import Score, ScoreSheet, ScoringRound
from ..selectors.structure import (
    carry_over_plan,
    header_version,
    kind_word,
    membership_version,
    role_words,
    unit_sort_key,
)

MANAGE_DENIED = "Chỉ chuyên viên thi đua, khen thưởng cấp tỉnh được phân chia cụm, khối thi đua."
STALE = "Cụm, khối vừa được người khác sửa. Hãy tải lại trang để xem thông tin mới nhất rồi thực hiện lại."
MEMBERS_FROZEN = (
    "Cụm, khối đã khóa điểm/công bố kết quả; không thay đổi thành viên được. Đề nghị Sở Nội vụ mở lại chấm điểm trước."
)
MIN_YEAR, MAX_YEAR = 2000, 2100


# --- The scoring round freezes the membership ---------------------------------------------------------


def membership_frozen(scoring: ScoringRound | None) -> bool:
    """The cluster's members may no longer change: its scores are locked (explicitly, by ranking or
    publication, or because the deadline is over), its results are published or its dossier is
    proposed. The ranking is computed from the current members, so a change would rewrite it."""
    if scoring is None:
        return False
    return scoring.is_locked() or scoring.published_at is not None or scoring.proposal_id is not None


def locked_rounds(cluster_ids) -> dict[int, ScoringRound]:
    """The scoring rounds of these clusters, row-locked in id order (cluster id → round): a round
    cannot be locked, published or proposed while its members change, nor the reverse."""
    ids = sorted({int(pk) for pk in cluster_ids})
    if not ids:
        return {}
    rows = ScoringRound.objects.select_for_update(of=("self",)).select_related("table").filter(cluster_id__in=ids)
    return {r.cluster_id: r for r in rows.order_by("pk")}


def pass_head_role(cluster_id) -> dict | None:
    """A cluster whose head just left (merge, dissolution): the deputy becomes head (its place stays
    empty), or without a deputy the first remaining member by name. None when the cluster still has
    its head or has no member left. Returns {"cluster", "unit", "from_deputy"} for the audit."""
    rows = list(
        ClusterMember.objects.select_for_update(of=("self",)).filter(cluster_id=cluster_id).select_related("unit")
    )
    if not rows or any(m.role == ClusterRole.HEAD for m in rows):
        return None
    deputy = next((m for m in rows if m.role == ClusterRole.DEPUTY), None)
    chosen = deputy or min(rows, key=lambda m: unit_sort_key(m.unit))
    chosen.role = ClusterRole.HEAD
    chosen.save(update_fields=["role"])
    return {"cluster": cluster_id, "unit": chosen.unit_id, "from_deputy": deputy is not None}


class _Errors:
    def __init__(self):
        self.items: dict[str, list[str]] = {}

    def add(self, key: str, message: str):
        self.items.setdefault(key, []).append(message)

    def raise_if_any(self):
        if self.items:
            raise ValidationError(self.items)


def _clean_header(errors: _Errors, *, name, kind, year, decision_number, decision_date, exclude_pk=None) -> dict:
    name = (name or "").strip()
    decision_number = (decision_number or "").strip()
    if not name:
        errors.add("name", "Nhập tên cụm, khối thi đua.")
    if kind not in ClusterKind.values:
        errors.add("kind", "Chọn loại: cụm thi đua (theo địa bàn) hoặc khối thi đua (theo ngành, lĩnh vực).")
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors.add("year", f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.")
    elif name:
        same = Cluster.objects.filter(year=year, name__iexact=name)
        if exclude_pk:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors.add("name", f"Năm {year} đã có “{name}”; tên cụm, khối trong một năm không được trùng.")
    if decision_date and not decision_number:
        errors.add("decision_number", "Nhập số quyết định phân chia cụm, khối (đã nhập ngày quyết định).")
    if len(decision_number) > 80:
        errors.add("decision_number", "Số quyết định dài tối đa 80 ký tự.")
    return {
        "name": name,
        "kind": kind,
        "year": year,
        "decision_number": decision_number,
        "decision_date": decision_date,
    }


def _unit_ids(units) -> list[int]:
    ids = []
    for u in units or ():
        pk = u.pk if isinstance(u, Unit) else int(u)
        if pk not in ids:
            ids.append(pk)
    return ids


def _locked_units(ids) -> dict[int, Unit]:
    """The units, row-locked in id order: two officers putting the same unit into two clusters at
    once are serialised, and the second one sees the first one's membership."""
    return {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=sorted(ids)).order_by("pk")}


def _check_conflicts(errors: _Errors, *, ids, kind, year, exclude_cluster_pk=None) -> None:
    """Each unit in at most one cluster of the same kind in the same year (the error names the other)."""
    if not ids or kind not in ClusterKind.values or not isinstance(year, int):
        return
    others = ClusterMember.objects.filter(unit_id__in=ids, cluster__year=year, cluster__kind=kind).select_related(
        "unit", "cluster"
    )
    if exclude_cluster_pk:
        others = others.exclude(cluster_id=exclude_cluster_pk)
    for m in sorted(others, key=lambda m: unit_sort_key(m.unit)):
        errors.add(
            "members",
            f"“{m.unit.name}” đã là thành viên của “{m.cluster.name}” ({kind_word(kind)} năm {year}); "
            f"mỗi đơn vị chỉ thuộc một {kind_word(kind)} trong một năm.",
        )


def _check_members(errors: _Errors, *, members, head, deputy, kind, year, exclude_cluster_pk=None) -> tuple:
    """The member units (locked), the head, the deputy; or errors naming the unit and the other cluster."""
    head_word, deputy_word = role_words(kind)
    ids = _unit_ids(members)
    head_id = _unit_ids([head])[0] if head is not None else None
    deputy_id = _unit_ids([deputy])[0] if deputy is not None else None
    units = _locked_units(ids)
    if not ids:
        errors.add("members", "Chọn ít nhất một đơn vị thành viên.")
    if any(i not in units for i in ids):
        errors.add("members", "Có đơn vị được chọn không tồn tại.")
    for pk in ids:
        unit = units.get(pk)
        if unit is None:
            continue
        if not unit.is_active:
            errors.add("members", f"{closed_label(unit)} Không đưa vào cụm, khối được.")
        elif unit.parent_id is None:
            errors.add("members", f"“{unit.name}” là cấp tỉnh, không là thành viên cụm, khối được.")
    if head_id is None:
        errors.add("head", f"Chọn {head_word} trong các đơn vị thành viên.")
    elif head_id not in ids:
        errors.add("head", f"Đơn vị {head_word} phải là một đơn vị thành viên.")
    if deputy_id is not None:
        if deputy_id == head_id:
            errors.add("deputy", f"Đơn vị {deputy_word} phải khác đơn vị {head_word}.")
        elif deputy_id not in ids:
            errors.add("deputy", f"Đơn vị {deputy_word} phải là một đơn vị thành viên.")
    _check_nesting(errors, [units[i] for i in ids if i in units])
    _check_conflicts(errors, ids=ids, kind=kind, year=year, exclude_cluster_pk=exclude_cluster_pk)
    return [units[i] for i in ids if i in units], head_id, deputy_id


def nested_pairs(units) -> list[tuple[Unit, Unit]]:
    """(ancestor, descendant) pairs among `units` (materialised paths), by the descendant's name."""
    pairs = []
    for low in units:
        above = [u for u in units if u.pk != low.pk and u.path and low.path.startswith(u.path)]
        if above:
            pairs.append((max(above, key=lambda u: len(u.path)), low))
    return sorted(pairs, key=lambda p: unit_sort_key(p[1]))


def _check_nesting(errors: _Errors, units) -> None:
    """No unit together with one of its sub-units: an officer of the upper unit acts for both
    (rules.acts_for), so one officer would score, sign and vote for two members."""
    for upper, lower in nested_pairs(units):
        errors.add(
            "members",
            f"“{lower.name}” trực thuộc “{upper.name}”: một cụm, khối không gồm cả đơn vị và đơn vị trực thuộc "
            f"(cán bộ của “{upper.name}” được coi là cán bộ của cả “{lower.name}”). Chỉ chọn một trong hai.",
        )


def _role_for(unit_id, head_id, deputy_id) -> str:
    if unit_id == head_id:
        return ClusterRole.HEAD
    if unit_id == deputy_id:
        return ClusterRole.DEPUTY
    return ClusterRole.MEMBER


def _give_sheets(scoring, units) -> list[int]:
    """When the cluster is already scoring: an empty sheet for each unit that has none (every criterion
    of the round's table, no points). Returns the units given a sheet."""
    if scoring is None or not units:
        return []
    have = set(ScoreSheet.objects.filter(round=scoring, unit__in=units).values_list("unit_id", flat=True))
    criteria = list(scoring.table.criteria.all())
    given = []
    for unit in units:
        if unit.pk in have:
            continue
        sheet = ScoreSheet.objects.create(round=scoring, unit=unit)
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in criteria])
        given.append(unit.pk)
    return given


def _write_members(cluster, units, head_id, deputy_id) -> dict:
    """Make the memberships exactly `units` with their roles. Returns what changed. Refused while the
    cluster's round freezes the membership (the round row is locked first)."""
    scoring = locked_rounds([cluster.pk]).get(cluster.pk)
    if membership_frozen(scoring):
        raise ValidationError(MEMBERS_FROZEN)
    current = {m.unit_id: m for m in ClusterMember.objects.filter(cluster=cluster)}
    wanted = {u.pk: _role_for(u.pk, head_id, deputy_id) for u in units}
    removed = [pk for pk in current if pk not in wanted]
    ClusterMember.objects.filter(cluster=cluster, unit_id__in=removed).delete()
    changed_roles = []
    for pk, role in wanted.items():
        m = current.get(pk)
        if m is not None and m.role != role:
            m.role = role
            m.save(update_fields=["role"])
            changed_roles.append(pk)
    added = [pk for pk in wanted if pk not in current]
    ClusterMember.objects.bulk_create([ClusterMember(cluster=cluster, unit_id=pk, role=wanted[pk]) for pk in added])
    sheets = _give_sheets(scoring, [u for u in units if u.pk in added])
    return {"added": added, "removed": removed, "roles_changed": changed_roles, "sheets_created": sheets}


def cluster_create(
    *,
    actor,
    name: str,
    kind: str,
    year: int,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    members=(),
    head=None,
    deputy=None,
) -> Cluster:
    """A cluster (or block) of a year with its members, its head and (optionally) its deputy."""
    with transaction.atomic():
        require(actor, "clusters.manage_structure", message=MANAGE_DENIED)
        errors = _Errors()
        data = _clean_header(
            errors, name=name, kind=kind, year=year, decision_number=decision_number, decision_date=decision_date
        )
        units, head_id, deputy_id = _check_members(
            errors, members=members, head=head, deputy=deputy, kind=kind, year=year
        )
        errors.raise_if_any()
        try:
            with transaction.atomic():
                cluster = Cluster.objects.create(**data)
        except IntegrityError as exc:
            raise ValidationError({"name": [f"Năm {year} đã có “{data['name']}”."]}) from exc
        _write_members(cluster, units, head_id, deputy_id)
        head_unit = next(u for u in units if u.pk == head_id)
        audit(
            actor=actor,
            action="cluster.create",
            obj=cluster,
            unit=head_unit,
            summary=f"Lập {cluster.name} năm {cluster.year} ({len(units)} đơn vị, {role_words(kind)[0]}: "
            f"{head_unit.name})",
            data={"members": [u.pk for u in units], "head": head_id, "deputy": deputy_id},
        )
        return cluster


def _locked_cluster(cluster) -> Cluster:
    return Cluster.objects.select_for_update().get(pk=cluster.pk if isinstance(cluster, Cluster) else int(cluster))


def _is_in_use(cluster) -> bool:
    from ..models import Covenant, ScoringRound, ScoringTable

    return (
        Covenant.objects.filter(cluster=cluster).exists()
        or ScoringRound.objects.filter(cluster=cluster).exists()
        or ScoringTable.objects.filter(cluster=cluster).exists()
    )


def cluster_update(
    *,
    actor,
    cluster,
    version: str,
    name: str,
    kind: str,
    year: int,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Cluster:
    """Edit the cluster's name, kind, year and the division decision. `version` is
    `selectors.header_version` as the form was shown (a concurrent edit is refused, not overwritten)."""
    with transaction.atomic():
        require(actor, "clusters.manage_structure", message=MANAGE_DENIED)
        cluster = _locked_cluster(cluster)
        if version != header_version(cluster):
            raise ValidationError(STALE)
        errors = _Errors()
        data = _clean_header(
            errors,
            name=name,
            kind=kind,
            year=year,
            decision_number=decision_number,
            decision_date=decision_date,
            exclude_pk=cluster.pk,
        )
        if (year != cluster.year) and _is_in_use(cluster):
            errors.add(
                "year",
                f"{cluster.name} đã có giao ước, bảng chấm điểm hoặc đợt chấm điểm của năm {cluster.year}; "
                "không đổi năm được.",
            )
        if not errors.items and (year != cluster.year or kind != cluster.kind):
            ids = list(ClusterMember.objects.filter(cluster=cluster).values_list("unit_id", flat=True))
            _locked_units(ids)
            _check_conflicts(errors, ids=ids, kind=kind, year=year, exclude_cluster_pk=cluster.pk)
        errors.raise_if_any()
        changed = [f for f, v in data.items() if getattr(cluster, f) != v]
        for key, value in data.items():
            setattr(cluster, key, value)
        try:
            with transaction.atomic():
                cluster.save()
        except IntegrityError as exc:
            raise ValidationError({"name": [f"Năm {year} đã có “{data['name']}”."]}) from exc
        audit(
            actor=actor,
            action="cluster.update",
            obj=cluster,
            summary=f"Sửa thông tin {cluster.name} năm {cluster.year}",
            data={"fields": changed},
        )
        return cluster


def cluster_members_set(*, actor, cluster, version: str, members, head, deputy=None) -> Cluster:
    """Set the members with the head and the deputy of the year. `version` is
    `selectors.membership_version` as the form was shown. A unit new to a cluster already scoring gets
    an empty score sheet. Refused (MEMBERS_FROZEN) once the round's scores are locked, its results
    published or its dossier proposed: the province reopens the scoring first."""
    with transaction.atomic():
        require(actor, "clusters.manage_structure", message=MANAGE_DENIED)
        cluster = _locked_cluster(cluster)
        current = list(ClusterMember.objects.filter(cluster=cluster))
        if version != membership_version(current):
            raise ValidationError(STALE)
        errors = _Errors()
        units, head_id, deputy_id = _check_members(
            errors,
            members=members,
            head=head,
            deputy=deputy,
            kind=cluster.kind,
            year=cluster.year,
            exclude_cluster_pk=cluster.pk,
        )
        # Locks the round (after the units, like the reorganisations do) before any other message.
        if membership_frozen(locked_rounds([cluster.pk]).get(cluster.pk)):
            raise ValidationError(MEMBERS_FROZEN)
        errors.raise_if_any()
        changes = _write_members(cluster, units, head_id, deputy_id)
        head_unit = next(u for u in units if u.pk == head_id)
        audit(
            actor=actor,
            action="cluster.members_set",
            obj=cluster,
            unit=head_unit,
            summary=f"Cập nhật thành viên {cluster.name} năm {cluster.year}: {len(units)} đơn vị, "
            f"{role_words(cluster.kind)[0]}: {head_unit.name}",
            data={**changes, "head": head_id, "deputy": deputy_id},
        )
        cluster._thidua_memberships = None
        return cluster


def _drop_nested(plan) -> None:
    """A carried cluster must not hold a unit together with one of its sub-units (reorganisations can
    bring them together: a commune's sub-units moved under a ward that is also a member). Choice: the
    sub-unit is dropped and listed in the preview with the reason — refusing would block the whole
    carry-over for last year's data, which may be frozen by a locked round — and the upper unit
    stays. A dropped head passes its role to the deputy (whose place stays empty), or to the first
    remaining member by name; a dropped deputy leaves the place empty."""
    for item in plan.carried:
        pairs = nested_pairs([m.unit for m in item.members])
        if not pairs:
            continue
        gone = {lower.pk for _, lower in pairs}
        head_gone = any(m.role == ClusterRole.HEAD and m.unit.pk in gone for m in item.members)
        item.members = [m for m in item.members if m.unit.pk not in gone]
        for upper, lower in pairs:
            item.dropped.append((lower, f"trực thuộc “{upper.name}” (cùng cụm, khối; chỉ giữ đơn vị cấp trên)"))
        if head_gone and item.members:
            deputy = next((m for m in item.members if m.role == ClusterRole.DEPUTY), None)
            (deputy or min(item.members, key=lambda m: unit_sort_key(m.unit))).role = ClusterRole.HEAD


def carry_over_preview(*, actor, from_year: int, to_year: int, rotate: bool = True):
    """What `cluster_carry_over` would create (selectors.carry_over_plan with the rules of this module
    applied): the preview page shows exactly this."""
    plan = carry_over_plan(actor=actor, from_year=from_year, to_year=to_year, rotate=rotate)
    _drop_nested(plan)
    return plan


def cluster_carry_over(
    *,
    actor,
    from_year: int,
    to_year: int,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    rotate: bool = True,
) -> list[Cluster]:
    """Copy every cluster of `from_year` to `to_year` (`carried_from` set), the members mapped through
    the reorganisations since and the head and deputy rotated (selectors.carry_over_plan). All or
    nothing; refused when `to_year` already has a cluster of the same name."""
    with transaction.atomic():
        require(actor, "clusters.manage_structure", message=MANAGE_DENIED)
        errors = _Errors()
        for key, value in (("from_year", from_year), ("to_year", to_year)):
            if not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
                errors.add(key, f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.")
        errors.raise_if_any()
        if to_year <= from_year:
            errors.add("to_year", f"Năm chuyển đến phải sau năm {from_year}.")
        decision_number = (decision_number or "").strip()
        if decision_date and not decision_number:
            errors.add("decision_number", "Nhập số quyết định phân chia cụm, khối (đã nhập ngày quyết định).")
        errors.raise_if_any()
        # Serialise carry-overs (and edits) of the source year: lock its clusters.
        list(Cluster.objects.select_for_update().filter(year=from_year).order_by("pk"))
        plan = carry_over_preview(actor=actor, from_year=from_year, to_year=to_year, rotate=rotate)
        if not plan.clusters:
            raise ValidationError({"from_year": [f"Năm {from_year} chưa có cụm, khối thi đua nào để chuyển."]})
        if plan.name_conflicts:
            names = ", ".join(f"“{n}”" for n in plan.name_conflicts)
            raise ValidationError(
                {
                    "to_year": [
                        f"Năm {to_year} đã có cụm, khối trùng tên: {names}. Hãy đổi tên hoặc xóa các cụm, khối đó "
                        "trước khi chuyển; không có gì được tạo."
                    ]
                }
            )
        _locked_units({m.unit.pk for c in plan.carried for m in c.members})
        created = []
        for item in plan.carried:
            source = item.source
            cluster = Cluster.objects.create(
                name=source.name,
                kind=source.kind,
                year=to_year,
                decision_number=decision_number,
                decision_date=decision_date,
                carried_from=source,
            )
            ClusterMember.objects.bulk_create(
                [ClusterMember(cluster=cluster, unit=m.unit, role=m.role) for m in item.members]
            )
            created.append(cluster)
        audit(
            actor=actor,
            action="cluster.carry_over",
            summary=f"Chuyển {len(created)} cụm, khối thi đua năm {from_year} sang năm {to_year}",
            data={
                "from_year": from_year,
                "to_year": to_year,
                "created": [c.pk for c in created],
                "skipped": [c.source.pk for c in plan.clusters if c.skipped],
                "dropped": {str(c.source.pk): [u.pk for u, _ in c.dropped] for c in plan.clusters if c.dropped},
                "rotate": rotate,
            },
        )
        return created
