"""Scoring tables (bảng chấm điểm): the province's templates, versioned per year, and each cluster's own
table adapted from an applied template within the limits the template sets (docs/clusters.md,
"Bảng chấm điểm").

Two rules hold on every change, checked here and nowhere else:

- the group-sum rule: the maxima of a group's SCORE criteria add up to at most the group's maximum
  (bonus and penalty criteria do not count); codes are unique in a table; every maximum is above zero;
- the freezing rule (`table_frozen_reason`): an applied template is read-only (a change is a new
  version, `template_copy`); any table is read-only once a unit has entered a score on it, or once
  the scoring round using it is locked (explicitly, by ranking or publication, or past its deadline).

A cluster's table (`table_adapt`) may change the name, guidance and maximum of criteria that are not
locked, make evidence stricter, add SCORE criteria to the template's groups and remove the ones it
added; it never touches groups, adds bonus or penalty criteria or raises their maxima.

Every content change locks the table row and bumps `ScoringTable.version`: the version of the whole
table is what an edit form carries, and the lock serialises the group-sum check.

Lock order, everywhere: table, then the scoring rounds using it (by pk), then scores. A table edit
locks the rounds on the table before the freezing check, and every scoring write (services/scoring.py)
locks its round before it reads the criterion: a score entered while the table changes either commits
first (and the table edit then sees it and is refused) or waits for the edit and is checked against
the criterion as changed. Scoring never locks a table.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, Sum

from thidua.core.audit import audit
from thidua.core.permissions import require

from ..models import (
    Adjustment,
    Criterion,
    CriterionGroup,
    CriterionKind,
    Evidence,
    Remark,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    TableState,
)

TEMPLATES_DENIED = "Chỉ chuyên viên thi đua, khen thưởng cấp tỉnh được quản lý bảng chấm điểm mẫu."
CLUSTER_DENIED = "Chỉ cụm trưởng, khối trưởng (hoặc cấp tỉnh) được điều chỉnh bảng chấm điểm của cụm, khối."
STALE = "Bảng chấm điểm vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."
APPLIED_FROZEN = "Bảng mẫu đã áp dụng nên không sửa được nữa; muốn thay đổi, hãy sao chép thành một phiên bản mới."
SCORED_FROZEN = "Đã có đơn vị chấm điểm theo bảng này nên bảng không sửa được nữa."
ROUND_LOCKED_FROZEN = (
    "Đợt chấm điểm theo bảng này đã khóa điểm (hoặc đã quá hạn chấm điểm) nên bảng không sửa được nữa."
)
SCORES_IN_USE = "Đã có đơn vị chấm điểm, nộp minh chứng hoặc có ý kiến cho tiêu chí này; không xóa được."
GROUPS_FIXED = (
    "Cụm, khối không được thêm, xóa, sửa nhóm tiêu chí hay điểm tối đa của nhóm; "
    "các nhóm do tỉnh quy định trong bảng mẫu."
)
OWN_SCORE_ONLY = "Cụm, khối chỉ được thêm tiêu chí chấm điểm; điểm thưởng, điểm trừ do tỉnh quy định."
MIN_YEAR, MAX_YEAR = 2000, 2100
TABLE_FIELDS = ("year", "name", "note")
GROUP_FIELDS = ("code", "name", "max_points", "order")
CRITERION_FIELDS = ("group", "code", "name", "guidance", "kind", "max_points", "evidence_required", "locked", "order")


def pts(value) -> str:
    """Points the Vietnamese way: 65 → "65", 62.5 → "62,5" (no trailing zeros)."""
    if value is None:
        return ""
    d = Decimal(value).normalize()
    text = f"{d:f}"
    return text.replace(".", ",")


# --- Reads the services share with the screens --------------------------------------------------------


def table_frozen_reason(table: ScoringTable, rounds=None) -> str | None:
    """Why `table` may no longer change, or None while it may: an applied provincial template is
    read-only; any table is read-only once a unit has entered a score on it (a `Score` with points in
    a sheet of a round on this table) or once a round using it is locked — explicitly, ranked,
    published or past its deadline (`ScoringRound.is_locked`). `rounds`: the rounds on the table when
    the caller already holds them (locked); read here otherwise. No side effect; two queries at most."""
    if table.cluster_id is None and table.state == TableState.APPLIED:
        return APPLIED_FROZEN
    scored = Score.objects.filter(sheet__round__table_id=table.pk).filter(
        Q(self_points__isnull=False) | Q(points__isnull=False)
    )
    if scored.exists():
        return SCORED_FROZEN
    if rounds is None:
        rounds = ScoringRound.objects.filter(table_id=table.pk)
    if any(r.is_locked() for r in rounds):
        return ROUND_LOCKED_FROZEN
    return None


def group_sum_errors(table: ScoringTable, group_ids=None) -> list[str]:
    """One message per group whose SCORE criteria maxima add up to more than its maximum."""
    groups = CriterionGroup.objects.filter(table=table).order_by("order", "pk")
    if group_ids is not None:
        groups = groups.filter(pk__in=list(group_ids))
    sums = dict(
        Criterion.objects.filter(table=table, kind=CriterionKind.SCORE)
        .values_list("group_id")
        .annotate(s=Sum("max_points"))
        .order_by()
    )
    errors = []
    for group in groups:
        total = sums.get(group.pk) or Decimal(0)
        if total > group.max_points:
            errors.append(
                f"Tổng điểm tối đa các tiêu chí nhóm {group.code} là {pts(total)}, "
                f"vượt điểm tối đa của nhóm ({pts(group.max_points)})."
            )
    return errors


def table_problems(table: ScoringTable) -> list[str]:
    """What keeps a template from being applied: no group, no scored criterion, a group over its maximum."""
    problems = []
    if not CriterionGroup.objects.filter(table=table).exists():
        problems.append("Bảng chưa có nhóm tiêu chí nào.")
    if not Criterion.objects.filter(table=table, kind=CriterionKind.SCORE).exists():
        problems.append("Bảng chưa có tiêu chí chấm điểm nào (loại “Tiêu chí chấm điểm”).")
    problems.extend(group_sum_errors(table))
    return problems


# --- Common checks ----------------------------------------------------------------------------------


def _require_edit(actor, table: ScoringTable) -> None:
    if table.cluster_id is None:
        require(actor, "clusters.manage_templates", message=TEMPLATES_DENIED)
    else:
        require(actor, "clusters.manage", table.cluster, message=CLUSTER_DENIED)


def _lock_table(table: ScoringTable, version: int | None) -> ScoringTable:
    """The table row, locked, then the rounds using it (by pk, so two edits never wait on each other
    crosswise), after which the staleness and freezing checks run: a score being entered holds its
    round, so the check waits for it and sees it (lock order table → round, as in services/scoring.py)."""
    locked = ScoringTable.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=table.pk)
    rounds = list(ScoringRound.objects.select_for_update().filter(table=locked).order_by("pk"))
    if version is not None and int(version) != locked.version:
        raise ValidationError(STALE)
    reason = table_frozen_reason(locked, rounds)
    if reason:
        raise ValidationError(reason)
    return locked


def _bump(table: ScoringTable) -> None:
    table.version += 1
    table.save(update_fields=["version", "updated_at"])


def _unit_of(table: ScoringTable):
    from ..rules import head_unit_of

    return head_unit_of(table.cluster) if table.cluster_id else None


def _clean_text(value, field: str, label: str, *, required=True, max_length=None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [f"Nhập {label}."]})
    if max_length and len(text) > max_length:
        raise ValidationError({field: [f"{label[:1].upper()}{label[1:]} dài tối đa {max_length} ký tự."]})
    return text


def _points(value, field: str, *, allow_zero: bool) -> Decimal:
    if value in (None, ""):
        raise ValidationError({field: ["Nhập điểm tối đa."]})
    try:
        d = Decimal(str(value))
    except Exception as exc:  # noqa: BLE001 — any unparsable number is the same input error
        raise ValidationError({field: ["Điểm tối đa phải là một số."]}) from exc
    if not d.is_finite():
        raise ValidationError({field: ["Điểm tối đa phải là một số."]})
    if d < 0 or (d == 0 and not allow_zero):
        raise ValidationError(
            {field: ["Điểm tối đa phải lớn hơn 0." if not allow_zero else "Điểm tối đa không được âm."]}
        )
    if d >= Decimal("100000") or d.as_tuple().exponent < -2:
        raise ValidationError({field: ["Điểm tối đa dưới 100.000 và có nhiều nhất hai chữ số thập phân."]})
    return d


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": ["Nhập năm áp dụng."]}) from exc
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": [f"Năm áp dụng phải từ {MIN_YEAR} đến {MAX_YEAR}."]})
    return year


def _order(value) -> int:
    try:
        order = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"order": ["Thứ tự phải là số nguyên."]}) from exc
    if not 0 <= order <= 32767:
        raise ValidationError({"order": ["Thứ tự phải từ 0 đến 32767."]})
    return order


def _check_template_name(year: int, name: str, exclude_pk=None) -> None:
    clash = ScoringTable.objects.filter(cluster__isnull=True, year=year, name=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": [f"Năm {year} đã có bảng mẫu tên “{name}”; hãy đặt tên khác."]})


def _check_group_code(table, code: str, exclude_pk=None) -> None:
    clash = CriterionGroup.objects.filter(table=table, code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": [f"Bảng đã có nhóm tiêu chí số {code}; mỗi nhóm một số thứ tự riêng."]})


def _check_criterion_code(table, code: str, exclude_pk=None) -> None:
    clash = Criterion.objects.filter(table=table, code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": [f"Bảng đã có tiêu chí số {code}; mỗi tiêu chí một số thứ tự riêng."]})


def _check_sums(table, group_ids, field: str = "max_points") -> None:
    errors = group_sum_errors(table, group_ids)
    if errors:
        raise ValidationError({field: errors})


def _save(obj, field_for_clash: str = "code") -> None:
    """Save; a duplicate code that slipped past the checks becomes the same field error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError({field_for_clash: ["Số thứ tự này đã có trong bảng."]}) from exc


def _release_empty_scores(criterion_ids) -> None:
    """Before criteria go: the empty Score rows the rounds' sheets keep for them go too. Called under
    `_lock_table` (table and rounds locked); the empty scores are selected and locked here, and a
    score with points, evidence, a remark or an adjustment is never thrown away: the criterion stays."""
    ids = list(criterion_ids)
    scores = Score.objects.filter(criterion_id__in=ids)
    empty = list(
        scores.select_for_update()
        .filter(self_points__isnull=True, points__isnull=True)
        .exclude(Exists(Evidence.objects.filter(score_id=OuterRef("pk"))))
        .exclude(Exists(Remark.objects.filter(score_id=OuterRef("pk"))))
        .exclude(Exists(Adjustment.objects.filter(score_id=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if scores.exclude(pk__in=empty).exists():
        raise ValidationError(SCORES_IN_USE)
    if empty:
        Score.objects.filter(pk__in=empty).delete()


def _delete(obj) -> None:
    """Delete; a score that still points at a criterion (PROTECT) becomes the same refusal, never a 500."""
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, IntegrityError) as exc:
        raise ValidationError(SCORES_IN_USE) from exc


# --- Provincial templates ------------------------------------------------------------------------------


def template_create(*, actor, year, name: str, note: str = "") -> ScoringTable:
    """A new, empty DRAFT template of a year."""
    with transaction.atomic():
        require(actor, "clusters.manage_templates", message=TEMPLATES_DENIED)
        year = _year(year)
        name = _clean_text(name, "name", "tên bảng chấm điểm", max_length=300)
        _check_template_name(year, name)
        table = ScoringTable(year=year, name=name, note=(note or "").strip(), state=TableState.DRAFT)
        _save(table, "name")
        audit(
            actor=actor,
            action="clusters.template_create",
            obj=table,
            summary=f"Tạo bảng chấm điểm mẫu {table.name} năm {table.year}",
        )
        return table


def _copy_tree(source: ScoringTable, target: ScoringTable) -> None:
    """Deep copy of the groups and criteria of `source` into `target`; each criterion's `source` is the
    criterion it was copied from. Three queries for the reads, two bulk inserts."""
    groups = list(CriterionGroup.objects.filter(table=source).order_by("order", "pk"))
    new_groups = CriterionGroup.objects.bulk_create(
        [CriterionGroup(table=target, code=g.code, name=g.name, max_points=g.max_points, order=g.order) for g in groups]
    )
    if any(g.pk is None for g in new_groups):  # backends that return no ids on bulk insert
        new_groups = list(CriterionGroup.objects.filter(table=target).order_by("order", "pk"))
    by_old = {old.pk: new for old, new in zip(groups, new_groups, strict=True)}
    Criterion.objects.bulk_create(
        [
            Criterion(
                table=target,
                group=by_old[c.group_id],
                code=c.code,
                name=c.name,
                guidance=c.guidance,
                kind=c.kind,
                max_points=c.max_points,
                evidence_required=c.evidence_required,
                locked=c.locked,
                source=c,
                order=c.order,
            )
            for c in Criterion.objects.filter(table=source).order_by("group__order", "order", "pk")
        ]
    )


def template_copy(*, actor, source: ScoringTable, year, name: str, note: str | None = None) -> ScoringTable:
    """A new DRAFT version of a template (next year's, or a corrected one of the same year): groups and
    criteria copied, `previous` = the source, which stays as it is."""
    with transaction.atomic():
        require(actor, "clusters.manage_templates", message=TEMPLATES_DENIED)
        source = ScoringTable.objects.get(pk=source.pk)
        if source.cluster_id is not None:
            raise ValidationError("Chỉ sao chép được từ bảng chấm điểm mẫu của tỉnh.")
        year = _year(year)
        name = _clean_text(name, "name", "tên bảng chấm điểm", max_length=300)
        _check_template_name(year, name)
        table = ScoringTable(
            year=year,
            name=name,
            note=source.note if note is None else note.strip(),
            previous=source,
            state=TableState.DRAFT,
        )
        _save(table, "name")
        _copy_tree(source, table)
        audit(
            actor=actor,
            action="clusters.template_copy",
            obj=table,
            summary=f"Sao chép bảng chấm điểm {source.name} ({source.year}) thành {table.name} ({table.year})",
            data={"previous": source.pk},
        )
        return table


def table_update(*, actor, table: ScoringTable, version: int | None = None, **fields) -> ScoringTable:
    """Name, general guidance (and, for a template, the year) of a table that is not frozen."""
    unknown = set(fields) - set(TABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    with transaction.atomic():
        _require_edit(actor, table)
        table = _lock_table(table, version)
        if "year" in fields and table.cluster_id is not None and _year(fields["year"]) != table.year:
            raise ValidationError({"year": ["Bảng của cụm, khối áp dụng cho năm của cụm, khối; không đổi năm được."]})
        if "year" in fields:
            table.year = _year(fields["year"])
        if "name" in fields:
            table.name = _clean_text(fields["name"], "name", "tên bảng chấm điểm", max_length=300)
        if "note" in fields:
            table.note = (fields["note"] or "").strip()
        if table.cluster_id is None:
            _check_template_name(table.year, table.name, exclude_pk=table.pk)
        table.version += 1
        _save(table, "name")
        audit(
            actor=actor,
            action="clusters.table_update",
            obj=table,
            unit=_unit_of(table),
            summary=f"Sửa thông tin bảng chấm điểm {table.name} ({table.year})",
        )
        return table


def template_apply(*, actor, table: ScoringTable, version: int | None = None) -> ScoringTable:
    """DRAFT → APPLIED: at least one group and one scored criterion, every group within its maximum.
    From then on the template is read-only and clusters may adapt it."""
    with transaction.atomic():
        require(actor, "clusters.manage_templates", message=TEMPLATES_DENIED)
        if table.cluster_id is not None:
            raise ValidationError("Chỉ bảng chấm điểm mẫu của tỉnh mới cần áp dụng.")
        table = _lock_table(table, version)
        problems = table_problems(table)
        if problems:
            raise ValidationError(problems)
        table.state = TableState.APPLIED
        table.version += 1
        table.save(update_fields=["state", "version", "updated_at"])
        audit(
            actor=actor,
            action="clusters.template_apply",
            obj=table,
            summary=f"Áp dụng bảng chấm điểm mẫu {table.name} năm {table.year}",
        )
        return table


def template_delete(*, actor, table: ScoringTable, version: int | None = None) -> None:
    """Throw away a DRAFT template no cluster and no round uses."""
    with transaction.atomic():
        require(actor, "clusters.manage_templates", message=TEMPLATES_DENIED)
        if table.cluster_id is not None:
            raise ValidationError("Đây là bảng của cụm, khối, không phải bảng mẫu.")
        table = _lock_table(table, version)
        if table.state != TableState.DRAFT:
            raise ValidationError(APPLIED_FROZEN)
        if ScoringRound.objects.filter(table=table).exists() or table.adaptations.exists():
            raise ValidationError("Bảng mẫu đang được cụm, khối sử dụng; không xóa được.")
        label = f"{table.name} ({table.year})"
        audit(actor=actor, action="clusters.template_delete", obj=table, summary=f"Xóa bảng chấm điểm mẫu {label}")
        _release_empty_scores(Criterion.objects.filter(table=table).values_list("pk", flat=True))
        _delete(table)


# --- Groups (templates only) ---------------------------------------------------------------------------


def group_create(
    *, actor, table: ScoringTable, code: str, name: str, max_points, order=0, version: int | None = None
) -> CriterionGroup:
    with transaction.atomic():
        _require_edit(actor, table)
        table = _lock_table(table, version)
        if table.cluster_id is not None:
            raise ValidationError(GROUPS_FIXED)
        group = CriterionGroup(
            table=table,
            code=_clean_text(code, "code", "số thứ tự của nhóm", max_length=10),
            name=_clean_text(name, "name", "tên nhóm tiêu chí", max_length=500),
            max_points=_points(max_points, "max_points", allow_zero=True),
            order=_order(order),
        )
        _check_group_code(table, group.code)
        _save(group)
        _bump(table)
        audit(
            actor=actor,
            action="clusters.group_create",
            obj=group,
            summary=f"Thêm nhóm tiêu chí {group.code}. {group.name} vào bảng {table.name} ({table.year})",
        )
        return group


def group_update(*, actor, group: CriterionGroup, version: int | None = None, **fields) -> CriterionGroup:
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    with transaction.atomic():
        _require_edit(actor, group.table)
        table = _lock_table(group.table, version)
        group = CriterionGroup.objects.get(pk=group.pk, table=table)
        if table.cluster_id is not None:
            raise ValidationError(GROUPS_FIXED)
        if "code" in fields:
            group.code = _clean_text(fields["code"], "code", "số thứ tự của nhóm", max_length=10)
            _check_group_code(table, group.code, exclude_pk=group.pk)
        if "name" in fields:
            group.name = _clean_text(fields["name"], "name", "tên nhóm tiêu chí", max_length=500)
        if "max_points" in fields:
            group.max_points = _points(fields["max_points"], "max_points", allow_zero=True)
        if "order" in fields:
            group.order = _order(fields["order"])
        _save(group)
        _check_sums(table, [group.pk])
        _bump(table)
        audit(
            actor=actor,
            action="clusters.group_update",
            obj=group,
            summary=f"Sửa nhóm tiêu chí {group.code}. {group.name} (bảng {table.name}, {table.year})",
        )
        return group


def group_delete(*, actor, group: CriterionGroup, version: int | None = None) -> None:
    """Remove a group and its criteria from a DRAFT template."""
    with transaction.atomic():
        _require_edit(actor, group.table)
        table = _lock_table(group.table, version)
        group = CriterionGroup.objects.get(pk=group.pk, table=table)
        if table.cluster_id is not None:
            raise ValidationError(GROUPS_FIXED)
        _release_empty_scores(group.criteria.values_list("pk", flat=True))
        audit(
            actor=actor,
            action="clusters.group_delete",
            obj=group,
            summary=f"Xóa nhóm tiêu chí {group.code}. {group.name} khỏi bảng {table.name} ({table.year})",
        )
        _delete(group)
        _bump(table)


# --- Criteria --------------------------------------------------------------------------------------------


def _adaptation_limits(criterion: Criterion, changes: dict) -> None:
    """The limits the template sets on a cluster's change of a criterion it took from the template."""
    src = criterion.source
    if criterion.locked:
        touched = {k for k in changes if k != "evidence_required"}
        if touched:
            raise ValidationError(
                f"Tiêu chí {criterion.code} do tỉnh khóa: cụm, khối không được sửa nội dung hay điểm tối đa "
                "(chỉ được yêu cầu thêm minh chứng)."
            )
    for field, label in (("code", "số thứ tự"), ("group", "nhóm"), ("kind", "loại")):
        if field in changes:
            raise ValidationError({field: [f"Không đổi {label} của tiêu chí lấy từ bảng mẫu của tỉnh."]})
    if "locked" in changes:
        raise ValidationError({"locked": ["Chỉ tỉnh quyết định tiêu chí nào bị khóa."]})
    if changes.get("evidence_required") is False and src is not None and src.evidence_required:
        raise ValidationError(
            {
                "evidence_required": [
                    f"Bảng mẫu của tỉnh bắt buộc minh chứng cho tiêu chí {criterion.code}; "
                    "cụm, khối không được bỏ yêu cầu này."
                ]
            }
        )
    raised = "max_points" in changes and src is not None and changes["max_points"] > src.max_points
    if raised and criterion.kind != CriterionKind.SCORE:
        what = "Điểm thưởng" if criterion.kind == CriterionKind.BONUS else "Điểm trừ"
        message = (
            f"{what} tối đa của tiêu chí {criterion.code} không được vượt mức của bảng mẫu ({pts(src.max_points)})."
        )
        raise ValidationError({"max_points": [message]})


def criterion_create(
    *,
    actor,
    table: ScoringTable,
    group: CriterionGroup,
    code: str,
    name: str,
    max_points,
    kind: str = CriterionKind.SCORE,
    guidance: str = "",
    evidence_required: bool = False,
    locked: bool = False,
    order=0,
    version: int | None = None,
) -> Criterion:
    """A criterion in a group of the table. In a cluster's table: a SCORE criterion only, never locked."""
    with transaction.atomic():
        _require_edit(actor, table)
        table = _lock_table(table, version)
        if group is None or group.table_id != table.pk:
            raise ValidationError({"group": ["Chọn một nhóm tiêu chí của bảng này."]})
        if kind not in CriterionKind.values:
            raise ValidationError({"kind": ["Loại tiêu chí không hợp lệ."]})
        if table.cluster_id is not None:
            if kind != CriterionKind.SCORE:
                raise ValidationError({"kind": [OWN_SCORE_ONLY]})
            if locked:
                raise ValidationError({"locked": ["Chỉ tỉnh quyết định tiêu chí nào bị khóa."]})
        criterion = Criterion(
            table=table,
            group=group,
            code=_clean_text(code, "code", "số thứ tự của tiêu chí", max_length=12),
            name=_clean_text(name, "name", "nội dung tiêu chí", max_length=1000),
            guidance=(guidance or "").strip(),
            kind=kind,
            max_points=_points(max_points, "max_points", allow_zero=False),
            evidence_required=bool(evidence_required),
            locked=bool(locked),
            order=_order(order),
        )
        _check_criterion_code(table, criterion.code)
        _save(criterion)
        _check_sums(table, [group.pk])
        _add_empty_scores(table, criterion)
        _bump(table)
        audit(
            actor=actor,
            action="clusters.criterion_create",
            obj=criterion,
            unit=_unit_of(table),
            summary=f"Thêm tiêu chí {criterion.code} vào bảng {table.name} ({table.year})",
        )
        return criterion


def _add_empty_scores(table: ScoringTable, criterion: Criterion) -> None:
    """Sheets already open on this table get an empty score for the new criterion (one per sheet)."""
    sheet_ids = list(ScoreSheet.objects.filter(round__table=table).values_list("pk", flat=True))
    if sheet_ids:
        Score.objects.bulk_create([Score(sheet_id=s, criterion=criterion) for s in sheet_ids], ignore_conflicts=True)


def criterion_update(*, actor, criterion: Criterion, version: int | None = None, **fields) -> Criterion:
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    with transaction.atomic():
        _require_edit(actor, criterion.table)
        table = _lock_table(criterion.table, version)
        criterion = Criterion.objects.select_related("source", "group").get(pk=criterion.pk, table=table)
        old_group_id = criterion.group_id
        changes = {}
        if "code" in fields:
            changes["code"] = _clean_text(fields["code"], "code", "số thứ tự của tiêu chí", max_length=12)
        if "name" in fields:
            changes["name"] = _clean_text(fields["name"], "name", "nội dung tiêu chí", max_length=1000)
        if "guidance" in fields:
            changes["guidance"] = (fields["guidance"] or "").strip()
        if "kind" in fields:
            if fields["kind"] not in CriterionKind.values:
                raise ValidationError({"kind": ["Loại tiêu chí không hợp lệ."]})
            changes["kind"] = fields["kind"]
        if "max_points" in fields:
            changes["max_points"] = _points(fields["max_points"], "max_points", allow_zero=False)
        if "evidence_required" in fields:
            changes["evidence_required"] = bool(fields["evidence_required"])
        if "locked" in fields:
            changes["locked"] = bool(fields["locked"])
        if "order" in fields:
            changes["order"] = _order(fields["order"])
        if "group" in fields:
            group = fields["group"]
            if group is None or group.table_id != table.pk:
                raise ValidationError({"group": ["Chọn một nhóm tiêu chí của bảng này."]})
            changes["group"] = group
        # Only what really changes counts (a form sends every field back).
        changes = {
            k: v
            for k, v in changes.items()
            if (v.pk != criterion.group_id if k == "group" else v != getattr(criterion, k))
        }
        if table.cluster_id is not None:
            if criterion.source_id is not None:
                _adaptation_limits(criterion, changes)
            else:
                if changes.get("kind", CriterionKind.SCORE) != CriterionKind.SCORE:
                    raise ValidationError({"kind": [OWN_SCORE_ONLY]})
                if changes.get("locked"):
                    raise ValidationError({"locked": ["Chỉ tỉnh quyết định tiêu chí nào bị khóa."]})
        if "code" in changes:
            _check_criterion_code(table, changes["code"], exclude_pk=criterion.pk)
        for key, value in changes.items():
            setattr(criterion, key, value)
        if changes:
            _save(criterion)
            _check_sums(table, {old_group_id, criterion.group_id})
            _bump(table)
        audit(
            actor=actor,
            action="clusters.criterion_update",
            obj=criterion,
            unit=_unit_of(table),
            summary=f"Sửa tiêu chí {criterion.code} của bảng {table.name} ({table.year})",
            data={"fields": sorted(changes)},
        )
        return criterion


def criterion_delete(*, actor, criterion: Criterion, version: int | None = None) -> None:
    """Remove a criterion from a DRAFT template, or one the cluster added itself from its own table."""
    with transaction.atomic():
        _require_edit(actor, criterion.table)
        table = _lock_table(criterion.table, version)
        criterion = Criterion.objects.get(pk=criterion.pk, table=table)
        if table.cluster_id is not None and criterion.source_id is not None:
            raise ValidationError(
                f"Tiêu chí {criterion.code} lấy từ bảng mẫu của tỉnh; cụm, khối chỉ được xóa tiêu chí do cụm, "
                "khối tự thêm."
            )
        _release_empty_scores([criterion.pk])
        audit(
            actor=actor,
            action="clusters.criterion_delete",
            obj=criterion,
            unit=_unit_of(table),
            summary=f"Xóa tiêu chí {criterion.code} khỏi bảng {table.name} ({table.year})",
        )
        _delete(criterion)
        _bump(table)


# --- A cluster's own table ---------------------------------------------------------------------------------


def table_adapt(*, actor, cluster, template: ScoringTable) -> ScoringTable:
    """The cluster's own table: a copy of an applied template of the cluster's year (`template` set on
    the table, `source` on each criterion), in force for the cluster at once and editable within the
    template's limits until the first score is entered."""
    from thidua.org.models import Cluster

    with transaction.atomic():
        require(actor, "clusters.manage", cluster, message=CLUSTER_DENIED)
        Cluster.objects.select_for_update().get(pk=cluster.pk)
        template = ScoringTable.objects.get(pk=template.pk)
        if template.cluster_id is not None:
            raise ValidationError("Chỉ điều chỉnh được từ bảng chấm điểm mẫu của tỉnh.")
        if template.state != TableState.APPLIED:
            raise ValidationError("Bảng mẫu này chưa được tỉnh áp dụng.")
        if template.year != cluster.year:
            raise ValidationError(f"Bảng mẫu năm {template.year} không dùng được cho cụm, khối năm {cluster.year}.")
        if ScoringTable.objects.filter(cluster=cluster).exists():
            raise ValidationError(f"{cluster.name} đã có bảng chấm điểm riêng.")
        scoring = ScoringRound.objects.select_for_update(of=("self",)).filter(cluster=cluster).first()
        if scoring is not None:
            _check_round_movable(scoring, cluster)
        table = ScoringTable.objects.create(
            year=cluster.year,
            name=f"{template.name} — {cluster.name}"[:300],
            cluster=cluster,
            template=template,
            note=template.note,
            state=TableState.APPLIED,
        )
        _copy_tree(template, table)
        if scoring is not None:
            _move_round(scoring, table)
        audit(
            actor=actor,
            action="clusters.table_adapt",
            obj=table,
            unit=_unit_of(table),
            summary=f"{cluster.name} áp dụng bảng chấm điểm mẫu {template.name} ({template.year}) để điều chỉnh",
            data={"template": template.pk, "round": scoring.pk if scoring is not None else None},
        )
        return table


def _check_round_movable(scoring: ScoringRound, cluster) -> None:
    """A round already opened on the template may move to the cluster's own table only while nothing has
    been entered on it: no points, no evidence, no remark, no adjustment, and the round not locked —
    explicitly, ranked, published or past its deadline (`ScoringRound.is_locked`)."""
    scores = Score.objects.filter(sheet__round=scoring)
    if scores.filter(Q(self_points__isnull=False) | Q(points__isnull=False)).exists():
        raise ValidationError(f"{cluster.name} đã bắt đầu chấm điểm theo bảng mẫu; không điều chỉnh bảng được nữa.")
    used = scores.filter(Q(evidence__isnull=False) | Q(remarks__isnull=False) | Q(adjustments__isnull=False))
    if scoring.is_locked() or used.exists():
        raise ValidationError(
            f"Đợt chấm điểm của {cluster.name} đã có minh chứng, ý kiến hoặc đã khóa điểm (kể cả do quá hạn "
            "chấm điểm); không điều chỉnh bảng được nữa."
        )


def _move_round(scoring: ScoringRound, table: ScoringTable) -> None:
    """The cluster's open round follows its new table: the empty scores on the template's criteria are
    replaced by empty scores on the table's, and the tie-break group is the group of the same number."""
    tie_code = (
        CriterionGroup.objects.filter(pk=scoring.tie_group_id).values_list("code", flat=True).first()
        if scoring.tie_group_id
        else None
    )
    Score.objects.filter(sheet__round=scoring).delete()
    scoring.table = table
    scoring.tie_group = CriterionGroup.objects.filter(table=table, code=tie_code).first() if tie_code else None
    scoring.version += 1
    scoring.save(update_fields=["table", "tie_group", "version"])
    criteria = list(Criterion.objects.filter(table=table).values_list("pk", flat=True))
    sheets = list(ScoreSheet.objects.filter(round=scoring).values_list("pk", flat=True))
    Score.objects.bulk_create([Score(sheet_id=s, criterion_id=c) for s in sheets for c in criteria])
