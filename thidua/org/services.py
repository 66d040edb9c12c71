"""Writes to the unit tree: create, edit, and the reorganisations of the 2025 reform.

Every reorganisation closes, links and moves — it never rewrites or deletes a fact:
- the old units get `valid_to` = the day before the effective date and stay in the database;
- one `UnitSuccession` row per old → new link records the kind, date and deciding document;
- people working at an old unit move to the new one (their open `Employment` ends the day before,
  a new one starts on the effective date), active sub-units move under the new unit;
- ratings, initiatives, discipline and awards stay attached to their person or to the old unit;
  `selectors.unit_lineage()` follows the succession links so the new unit finds them.

Permission `org.manage_units` (administrators and provincial commendation officers). Each service is
one transaction: on any error nothing changes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from thidua.core.audit import audit
from thidua.people.models import Employment, Household, Person

from .checks import ONE_DAY, SplitPart, clean_unit_data, dissolve_plan, merge_plan, split_plan, vdate
from .models import SuccessionKind, Unit, UnitSuccession

__all__ = ["SplitPart", "unit_create", "unit_update", "unit_merge", "unit_split", "unit_dissolve"]


def _require_manage(actor):
    if not actor.has_perm("org.manage_units"):
        raise PermissionDenied("Bạn không có quyền quản lý cơ cấu đơn vị.")


def _locked(units):
    """Re-read units with a row lock so two officers cannot reorganise the same unit at once."""
    ids = [u.pk if isinstance(u, Unit) else int(u) for u in units]
    found = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=ids)}
    if any(i not in found for i in ids):
        raise ValidationError({"predecessors": "Có đơn vị được chọn không tồn tại."})
    return [found[i] for i in ids]


def _locked_one(unit):
    if unit is None:
        return None
    return Unit.objects.select_for_update().get(pk=unit.pk if isinstance(unit, Unit) else int(unit))


def _document_text(document_number, document_date, document_issuer) -> str:
    text = f"văn bản số {document_number}"
    if document_date:
        text += f" ngày {vdate(document_date)}"
    if document_issuer:
        text += f" của {document_issuer}"
    return text


def unit_create(*, actor, data: dict) -> Unit:
    """Create a unit under an active parent; the code must be unique."""
    _require_manage(actor)
    with transaction.atomic():
        cleaned = clean_unit_data(data)
        unit = Unit(**cleaned)
        unit._change_reason = "Tạo đơn vị"
        unit.save()
        audit(
            actor=actor,
            action="unit.create",
            obj=unit,
            unit=unit,
            summary=f"Tạo đơn vị “{unit.name}” ({unit.code})",
            data={"code": unit.code, "parent": unit.parent_id},
        )
    return unit


def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    """Edit a unit's information. Moving it re-roots its subtree (paths are materialised)."""
    _require_manage(actor)
    with transaction.atomic():
        unit = _locked_one(unit)
        cleaned = clean_unit_data(data, instance=unit)
        changed = [f for f, v in cleaned.items() if getattr(unit, f) != v]
        for name, value in cleaned.items():
            setattr(unit, name, value)
        unit._change_reason = "Sửa thông tin đơn vị"
        unit.save()
        audit(
            actor=actor,
            action="unit.update",
            obj=unit,
            unit=unit,
            summary=f"Sửa thông tin đơn vị “{unit.name}”",
            data={"fields": changed},
        )
    return unit


def _close(unit: Unit, date, reason: str):
    unit.valid_to = date - ONE_DAY
    unit._change_reason = reason
    unit.save()


def _move_people(*, actor, people: list, sources: list, target: Unit, date, reason: str) -> int:
    """Person.unit → target; the open Employment at the old unit ends, a new one starts on `date`."""
    if not people:
        return 0
    Employment.objects.filter(person__in=people, unit__in=sources, end_date__isnull=True).update(
        end_date=date - ONE_DAY
    )
    Employment.objects.bulk_create(
        [Employment(person=p, unit=target, position=p.position, start_date=date, note=reason[:255]) for p in people]
    )
    for person in people:
        person.unit = target
    bulk_update_with_history(people, Person, ["unit"], batch_size=500, default_user=actor, default_change_reason=reason)
    return len(people)


def _end_employments(*, people: list, unit: Unit, date) -> int:
    return Employment.objects.filter(person__in=people, unit=unit, end_date__isnull=True).update(
        end_date=date - ONE_DAY
    )


def _move_children(children: list, target: Unit, reason: str):
    for child in children:
        child.parent = target
        child._change_reason = reason
        child.save()  # re-roots the child's own subtree


def _move_households(*, actor, sources: list, target: Unit, reason: str) -> int:
    households = list(Household.objects.filter(unit__in=sources))
    for household in households:
        household.unit = target
    if households:
        bulk_update_with_history(
            households, Household, ["unit"], batch_size=500, default_user=actor, default_change_reason=reason
        )
    return len(households)


_ROLE_RANK = {"HEAD": 0, "DEPUTY": 1, "MEMBER": 2}

# Said in the audit data when a reorganisation leaves a frozen cluster as it was.
FROZEN_NOTE = (
    "Cụm, khối đã khóa điểm/công bố kết quả/đề nghị khen thưởng: giữ nguyên thành viên (lịch sử); "
    "lần chuyển cụm, khối sang năm sau sẽ thay đơn vị cũ bằng đơn vị kế thừa."
)


def _cluster_rounds(unit_ids, year):
    """The scoring rounds of the clusters (of `year` and later) these units belong to, row-locked
    (cluster id → round), and whether each freezes the membership (cluster id → bool)."""
    from thidua.clusters.services.structure import locked_rounds, membership_frozen

    from .models import ClusterMember

    cluster_ids = ClusterMember.objects.filter(unit_id__in=unit_ids, cluster__year__gte=year).values_list(
        "cluster_id", flat=True
    )
    rounds = locked_rounds(cluster_ids)
    return rounds, {cluster_id: membership_frozen(r) for cluster_id, r in rounds.items()}


def _clusters_follow_merge(*, predecessors: list, successor: Unit, date) -> dict:
    """Cluster memberships follow a merge: in the clusters of the merge year and later, the
    predecessors' memberships move to the successor, which keeps the highest of their roles
    (head > deputy > member) and is never listed twice. A successor already in another cluster of the
    same kind and year stays there (the predecessors' places elsewhere are removed; a head removed so
    passes its role to the deputy, or to the first remaining member by name). Where a cluster is
    already scoring, the successor gets an empty score sheet; the predecessors' sheets stay as history.
    A cluster whose round freezes the membership (scores locked, results published, dossier proposed)
    is left as it was: the ranking stands, and the next carry-over maps the successor.
    Returns {"moved", "removed", "frozen": [cluster ids], "sheets": [round ids], "heads": [...]} for
    the audit (with a note when a cluster was left frozen)."""
    from thidua.clusters.models import Score, ScoreSheet
    from thidua.clusters.services.structure import pass_head_role

    from .models import ClusterMember

    pred_ids = [u.pk for u in predecessors]
    result = {"moved": [], "removed": [], "frozen": [], "sheets": [], "heads": []}
    # The rounds first (units → rounds → memberships, the order cluster_members_set follows too).
    rounds, frozen = _cluster_rounds([*pred_ids, successor.pk], date.year)
    rows = list(
        ClusterMember.objects.select_for_update(of=("self",))
        .filter(unit_id__in=[*pred_ids, successor.pk], cluster__year__gte=date.year)
        .select_related("cluster")
        .order_by("cluster__year", "cluster__kind", "cluster__name", "cluster_id", "pk")
    )
    if not any(m.unit_id in pred_ids for m in rows):
        return result
    by_cluster: dict[int, list] = {}
    for m in rows:
        by_cluster.setdefault(m.cluster_id, []).append(m)
    # Where the successor already is, per (kind, year).
    placed = {(m.cluster.kind, m.cluster.year): m.cluster_id for m in rows if m.unit_id == successor.pk}
    member_of = []
    for cluster_id, members in by_cluster.items():
        mine = [m for m in members if m.unit_id in pred_ids]
        if not mine:
            continue
        if frozen.get(cluster_id):
            result["frozen"].append(cluster_id)
            continue
        cluster = members[0].cluster
        own = next((m for m in members if m.unit_id == successor.pk), None)
        best = min((m.role for m in members), key=lambda r: _ROLE_RANK.get(r, 9))
        ClusterMember.objects.filter(pk__in=[m.pk for m in mine]).delete()
        key = (cluster.kind, cluster.year)
        if own is not None:
            if own.role != best:
                own.role = best
                own.save(update_fields=["role"])
        elif key in placed:
            result["removed"].append(cluster_id)
            passed = pass_head_role(cluster_id)
            if passed:
                result["heads"].append(passed)
            continue
        else:
            ClusterMember.objects.create(cluster_id=cluster_id, unit=successor, role=best)
            placed[key] = cluster_id
        result["moved"].append(cluster_id)
        member_of.append(cluster_id)
    for cluster_id in member_of:
        scoring = rounds.get(cluster_id)
        if scoring is None or ScoreSheet.objects.filter(round=scoring, unit=successor).exists():
            continue
        sheet = ScoreSheet.objects.create(round=scoring, unit=successor)
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in scoring.table.criteria.all()])
        result["sheets"].append(scoring.pk)
    if result["frozen"]:
        result["note"] = FROZEN_NOTE
    return result


def _clusters_follow_dissolution(*, unit: Unit, date) -> dict:
    """A dissolved unit leaves the clusters of the dissolution year and later (earlier years keep it);
    a head leaving passes its role to the deputy, or to the first remaining member by name. A cluster
    whose round freezes the membership keeps the unit (see `_clusters_follow_merge`).
    Returns {"left": [cluster ids], "frozen": [cluster ids], "heads": [...]} for the audit."""
    from thidua.clusters.services.structure import pass_head_role

    from .models import ClusterMember

    _, frozen = _cluster_rounds([unit.pk], date.year)
    rows = list(
        ClusterMember.objects.select_for_update(of=("self",))
        .filter(unit=unit, cluster__year__gte=date.year)
        .order_by("cluster_id")
    )
    result = {"left": [], "frozen": [], "heads": []}
    for m in rows:
        if frozen.get(m.cluster_id):
            result["frozen"].append(m.cluster_id)
            continue
        m.delete()
        result["left"].append(m.cluster_id)
        passed = pass_head_role(m.cluster_id)
        if passed:
            result["heads"].append(passed)
    return result


def unit_merge(
    *,
    actor,
    predecessors,
    successor=None,
    new_unit_data=None,
    date,
    document_number,
    document_date=None,
    document_issuer="",
    note="",
) -> Unit:
    """Merge units into an existing one (MERGE) or consolidate them into a new unit (CONSOLIDATE).

    E.g. two communes → a new ward (Luật Tổ chức chính quyền địa phương 72/2025/QH15; NQ 190/2025/QH15).
    The old units close the day before `date`; their people, households and active sub-units move
    to the successor; their facts stay where they are and are found through the succession links.
    """
    _require_manage(actor)
    with transaction.atomic():
        predecessors = _locked(predecessors)
        successor = _locked_one(successor)
        plan = merge_plan(
            predecessors=predecessors,
            successor=successor,
            new_unit_data=new_unit_data,
            date=date,
            document_number=document_number,
            document_date=document_date,
        )
        doc = _document_text(document_number, document_date, document_issuer)
        verb = "Sáp nhập" if plan.kind == SuccessionKind.MERGE else "Hợp nhất"
        reason = f"{verb} đơn vị theo {doc}"
        if successor is None:
            successor = Unit(**plan.new_unit)
            successor._change_reason = reason
            successor.save()
        for unit in predecessors:
            _close(unit, date, reason)
        UnitSuccession.objects.bulk_create(
            [
                UnitSuccession(
                    kind=plan.kind,
                    predecessor=unit,
                    successor=successor,
                    date=date,
                    document_number=document_number.strip(),
                    document_date=document_date,
                    document_issuer=document_issuer,
                    note=note,
                )
                for unit in predecessors
            ]
        )
        moved = _move_people(
            actor=actor, people=plan.people, sources=predecessors, target=successor, date=date, reason=reason
        )
        _move_children(plan.children, successor, reason)
        households = _move_households(actor=actor, sources=predecessors, target=successor, reason=reason)
        clusters = _clusters_follow_merge(predecessors=predecessors, successor=successor, date=date)
        names = ", ".join(u.name for u in predecessors)
        audit(
            actor=actor,
            action=f"unit.{plan.kind.lower()}",
            obj=successor,
            unit=successor,
            summary=f"{verb} {names} vào “{successor.name}” từ ngày {vdate(date)} ({doc})",
            data={
                "predecessors": [u.pk for u in predecessors],
                "successor": successor.pk,
                "people_moved": moved,
                "subunits_moved": [u.pk for u in plan.children],
                "households_moved": households,
                "clusters": clusters,
                "document_number": document_number,
            },
        )
    return successor


def unit_split(
    *, actor, unit, parts, date, document_number, document_date=None, document_issuer="", note=""
) -> list[Unit]:
    """Split a unit into new units; every current person and active sub-unit goes to exactly one of them.

    `parts` is a list of `SplitPart(data, person_ids, subunit_ids)` (or tuples in that order).
    """
    _require_manage(actor)
    with transaction.atomic():
        unit = _locked_one(unit)
        plan = split_plan(
            unit=unit, parts=parts, date=date, document_number=document_number, document_date=document_date
        )
        doc = _document_text(document_number, document_date, document_issuer)
        reason = f"Chia tách “{unit.name}” theo {doc}"
        _close(unit, date, reason)
        created = []
        moved = 0
        for data, people, children in plan.parts:
            new_unit = Unit(**data)
            new_unit._change_reason = reason
            new_unit.save()
            created.append(new_unit)
            UnitSuccession.objects.create(
                kind=SuccessionKind.SPLIT,
                predecessor=unit,
                successor=new_unit,
                date=date,
                document_number=document_number.strip(),
                document_date=document_date,
                document_issuer=document_issuer,
                note=note,
            )
            moved += _move_people(actor=actor, people=people, sources=[unit], target=new_unit, date=date, reason=reason)
            _move_children(children, new_unit, reason)
        audit(
            actor=actor,
            action="unit.split",
            obj=unit,
            unit=unit,
            summary=f"Chia tách “{unit.name}” thành {', '.join(u.name for u in created)} từ ngày {vdate(date)} ({doc})",
            data={"successors": [u.pk for u in created], "people_moved": moved, "document_number": document_number},
        )
    return created


def unit_dissolve(
    *,
    actor,
    unit,
    date,
    document_number,
    document_date=None,
    document_issuer="",
    note="",
    transfer_people_to=None,
) -> Unit:
    """Dissolve a unit. No award is given to a dissolved unit afterwards (TT 15/2025; law.md §9).

    With `transfer_people_to`, its people (and households) move there like in a merge. Without it,
    their open Employment at the unit ends the day before `date` and `Person.unit` keeps pointing to
    the dissolved unit as their last workplace: nothing about them is lost, and the people screens
    can move them on later. The unit must have no active sub-units left.
    """
    _require_manage(actor)
    with transaction.atomic():
        unit = _locked_one(unit)
        transfer_people_to = _locked_one(transfer_people_to)
        plan = dissolve_plan(
            unit=unit,
            date=date,
            document_number=document_number,
            document_date=document_date,
            transfer_people_to=transfer_people_to,
        )
        doc = _document_text(document_number, document_date, document_issuer)
        reason = f"Giải thể “{unit.name}” theo {doc}"
        _close(unit, date, reason)
        UnitSuccession.objects.create(
            kind=SuccessionKind.DISSOLVE,
            predecessor=unit,
            successor=None,
            date=date,
            document_number=document_number.strip(),
            document_date=document_date,
            document_issuer=document_issuer,
            note=note or (f"Cá nhân chuyển sang “{transfer_people_to.name}”." if transfer_people_to else ""),
        )
        if transfer_people_to is not None:
            affected = _move_people(
                actor=actor, people=plan.people, sources=[unit], target=transfer_people_to, date=date, reason=reason
            )
            _move_households(actor=actor, sources=[unit], target=transfer_people_to, reason=reason)
        else:
            _end_employments(people=plan.people, unit=unit, date=date)
            affected = len(plan.people)
        clusters = _clusters_follow_dissolution(unit=unit, date=date)
        audit(
            actor=actor,
            action="unit.dissolve",
            obj=unit,
            unit=unit,
            summary=f"Giải thể “{unit.name}” từ ngày {vdate(date)} ({doc})",
            data={
                "people": affected,
                "transfer_people_to": transfer_people_to.pk if transfer_people_to else None,
                "clusters_left": clusters["left"],
                "clusters_frozen": clusters["frozen"],
                "cluster_heads": clusters["heads"],
                **({"clusters_note": FROZEN_NOTE} if clusters["frozen"] else {}),
                "document_number": document_number,
            },
        )
    return unit
