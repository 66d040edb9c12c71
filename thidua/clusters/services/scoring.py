"""The scoring round of a cluster: opening it, self-scoring with evidence, the cross-check (remarks
and adjustments with a written reason), locking at the deadline and the province's reopening.

Scores are the figure that counts: `Score.points` equals `self_points` until the head (or the
province) adjusts it with a reason; from then on the unit's own changes touch `self_points` only.
Every write locks the round row first (then the sheet, score or evidence), so nothing slips in
after a lock or a reopening commits. The criterion a score is checked against is read after the
round is locked: a change of the scoring table locks the table and then the rounds using it
(services/tables.py), so it either committed before (the new maximum applies) or waits until the
score is saved (and then sees it and is refused). Nothing here locks a table (lock order table →
round → score everywhere).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.selectors import PROVINCE_WIDE_ROLES, user_roles
from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.core.templatetags.thidua import dec
from thidua.core.uploads import DOCUMENT_KINDS, MB, file_kind
from thidua.org.models import Cluster, ClusterMember

from ..models import (
    Adjustment,
    Criterion,
    CriterionGroup,
    CriterionKind,
    Evidence,
    Remark,
    RoundState,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    SheetState,
    TableState,
    TieVoteState,
)
from ..rules import acts_for, head_unit_of, member_units_of

LOCKED = "Đã khóa điểm; chỉ Sở Nội vụ mở lại được."
MANAGE_DENIED = (
    "Chỉ cụm trưởng, khối trưởng (cán bộ của đơn vị trưởng cụm, khối) và Sở Nội vụ được thực hiện thao tác này."
)
SCORE_DENIED = "Chỉ cán bộ của chính đơn vị được tự chấm điểm, tải minh chứng và gửi bảng điểm của đơn vị mình."
ADJUST_DENIED = "Chỉ cụm trưởng, khối trưởng và Sở Nội vụ được điều chỉnh điểm khi kiểm tra chéo."
REMARK_DENIED = "Chỉ cán bộ của các đơn vị thành viên được góp ý kiểm tra chéo."
REOPEN_DENIED = "Chỉ Sở Nội vụ được mở lại điểm đã khóa."
STALE_ROUND = "Thiết lập đợt chấm điểm vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."
STALE_SCORE = "Điểm tiêu chí {code} vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."
NOT_MEMBER = "Đơn vị {unit} không còn là thành viên của cụm, khối; bảng điểm này không được tính."
MAX_EVIDENCE_BYTES = 10 * MB
MAX_NOTE = 2000
CENT = Decimal("0.01")


# --- helpers ------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def deadline_window(cluster) -> tuple[dt.date, dt.date]:
    """The deadline of a cluster's round falls in its year or the first quarter of the next."""
    return dt.date(cluster.year, 1, 1), dt.date(cluster.year + 1, 3, 31)


def _check_deadline(cluster, deadline, field: str = "deadline") -> None:
    if deadline is None:
        raise ValidationError({field: "Vui lòng nhập hạn chấm điểm."})
    today = _today()
    if deadline < today:
        raise ValidationError({field: f"Hạn chấm điểm không được trước ngày hôm nay ({_d(today)})."})
    start, end = deadline_window(cluster)
    if not start <= deadline <= end:
        raise ValidationError(
            {
                field: f"Hạn chấm điểm phải trong năm thi đua {cluster.year} hoặc quý I năm {cluster.year + 1} "
                f"(từ {_d(start)} đến {_d(end)})."
            }
        )


def _lock_round(pk) -> ScoringRound:
    return (
        ScoringRound.objects.select_for_update(of=("self",)).select_related("cluster", "table", "tie_group").get(pk=pk)
    )


def _require_unlocked(rnd: ScoringRound) -> None:
    if rnd.is_locked(_today()):
        raise ValidationError(LOCKED)


GONE = "Điểm này không còn trong đợt chấm điểm (bảng chấm điểm vừa thay đổi); hãy tải lại trang."


def _lock_score(score) -> tuple[ScoringRound, Score]:
    """Lock the round, then the score (always in this order); the score's sheet carries the locked round.
    The criterion is read afresh once the round is locked, never taken from the caller's copy."""
    round_id = Score.objects.filter(pk=score.pk).values_list("sheet__round_id", flat=True).first()
    if round_id is None:
        raise ValidationError(GONE)
    rnd = _lock_round(round_id)
    locked = Score.objects.select_for_update(of=("self",)).select_related("sheet", "sheet__unit").filter(pk=score.pk)
    locked = locked.first()
    if locked is None or locked.sheet.round_id != rnd.pk:
        raise ValidationError(GONE)
    locked.criterion = Criterion.objects.get(pk=locked.criterion_id)  # read under the round's lock
    if locked.criterion.table_id != rnd.table_id:
        raise ValidationError(GONE)
    locked.sheet.round = rnd
    return rnd, locked


def _require_scorer(actor, sheet) -> None:
    """The sheet's own unit's officer while the round is open; an officer of the unit after the lock
    gets the lock message, anybody else a refusal."""
    if actor.has_perm("clusters.score", sheet):
        return
    if acts_for(actor, sheet.unit) and sheet.round.is_locked(_today()):
        raise ValidationError(LOCKED)
    raise PermissionDenied(SCORE_DENIED)


def _require_member(cluster, unit) -> None:
    if not ClusterMember.objects.filter(cluster=cluster, unit=unit).exists():
        raise ValidationError(NOT_MEMBER.format(unit=unit.name))


def _check_version(obj, version, message: str) -> None:
    if version is not None and int(version) != obj.version:
        raise ValidationError(message)


def parse_points(value, *, field: str, code: str) -> Decimal | None:
    """None for an empty value; otherwise a finite Decimal with at most two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: f"Điểm của tiêu chí {code} không hợp lệ."}) from exc
    if not number.is_finite():
        raise ValidationError({field: f"Điểm của tiêu chí {code} không hợp lệ."})
    try:
        quantized = number.quantize(CENT)
    except InvalidOperation as exc:  # far beyond any maximum
        raise ValidationError({field: f"Điểm của tiêu chí {code} không hợp lệ."}) from exc
    if number != quantized:
        raise ValidationError({field: f"Điểm của tiêu chí {code} ghi tối đa hai chữ số thập phân."})
    return quantized


def check_points(criterion, value: Decimal | None, *, field: str, has_evidence: bool | None = None) -> None:
    """Between 0 and the criterion's maximum; above 0 needs evidence when the criterion requires it
    (`has_evidence` None: the evidence rule does not apply, e.g. a proposed figure in a remark)."""
    if value is None:
        return
    if value < 0:
        raise ValidationError(
            {field: f"Điểm của tiêu chí {criterion.code} không được âm (điểm trừ cũng ghi bằng số dương)."}
        )
    if value > criterion.max_points:
        raise ValidationError(
            {
                field: f"Điểm tối đa của tiêu chí {criterion.code} là {dec(criterion.max_points)}; "
                "không chấm quá điểm tối đa."
            }
        )
    if has_evidence is False and criterion.evidence_required and value > 0:
        raise ValidationError(
            {
                field: f"Tiêu chí {criterion.code} bắt buộc có minh chứng; hãy tải tài liệu kiểm chứng trước khi "
                "chấm điểm lớn hơn 0."
            }
        )


def _acting_unit(actor, cluster):
    """The unit an adjustment is made for: the head unit for its officers, the province's office otherwise."""
    head = head_unit_of(cluster)
    if head is not None and acts_for(actor, head):
        return head
    return next((ra.unit for ra in user_roles(actor) if ra.role in PROVINCE_WIDE_ROLES), None)


def _ensure_sheets(rnd: ScoringRound) -> int:
    """One DRAFT sheet with one empty score per criterion for every member without a sheet."""
    have = set(ScoreSheet.objects.filter(round=rnd).values_list("unit_id", flat=True))
    missing = [m.unit_id for m in ClusterMember.objects.filter(cluster_id=rnd.cluster_id) if m.unit_id not in have]
    if not missing:
        return 0
    criteria = list(rnd.table.criteria.values_list("pk", flat=True))
    sheets = ScoreSheet.objects.bulk_create([ScoreSheet(round=rnd, unit_id=u) for u in missing])
    Score.objects.bulk_create([Score(sheet=s, criterion_id=c) for s in sheets for c in criteria])
    return len(sheets)


def _check_tie_group(table, tie_group) -> CriterionGroup | None:
    if tie_group is None:
        return None
    group = CriterionGroup.objects.filter(pk=getattr(tie_group, "pk", tie_group), table=table).first()
    if group is None:
        raise ValidationError(
            {"tie_group": "Nhóm tiêu chí dùng để phân định thứ hạng phải thuộc bảng chấm điểm của đợt."}
        )
    return group


# --- the round ----------------------------------------------------------------------------------------


def round_open(
    *, actor, cluster: Cluster, table: ScoringTable | None = None, deadline, tie_group=None, tie_vote: bool = True
) -> ScoringRound:
    """Open the cluster's scoring on its own table (if it has one) or on an applied provincial
    template of its year, with one DRAFT sheet per member and one empty score per criterion."""
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        require(actor, "clusters.manage", cluster, message=MANAGE_DENIED)
        if ScoringRound.objects.filter(cluster=cluster).exists():
            raise ValidationError("Cụm, khối đã có đợt chấm điểm của năm.")
        own = ScoringTable.objects.filter(cluster=cluster).first()
        if own is not None:
            if table is not None and table.pk != own.pk:
                raise ValidationError(
                    {"table": "Cụm, khối đã có bảng chấm điểm riêng; đợt chấm điểm dùng bảng riêng này."}
                )
            if own.state != TableState.APPLIED:
                raise ValidationError(
                    {
                        "table": "Bảng chấm điểm riêng của cụm, khối chưa được áp dụng; hãy áp dụng bảng trước khi "
                        "mở đợt chấm điểm."
                    }
                )
            table = own
        else:
            if table is None:
                raise ValidationError({"table": "Vui lòng chọn bảng chấm điểm mẫu của tỉnh."})
            table = ScoringTable.objects.filter(pk=table.pk).first()
            if (
                table is None
                or table.cluster_id is not None
                or table.year != cluster.year
                or table.state != TableState.APPLIED
            ):
                raise ValidationError(
                    {"table": f"Chỉ chọn bảng chấm điểm mẫu của tỉnh năm {cluster.year} đã được áp dụng."}
                )
        if not table.criteria.filter(kind=CriterionKind.SCORE).exists():
            raise ValidationError({"table": "Bảng chấm điểm chưa có tiêu chí chấm điểm nào."})
        _check_deadline(cluster, deadline)
        group = _check_tie_group(table, tie_group)
        if not ClusterMember.objects.filter(cluster=cluster).exists():
            raise ValidationError("Cụm, khối chưa có đơn vị thành viên.")
        try:
            with transaction.atomic():
                rnd = ScoringRound.objects.create(
                    cluster=cluster, table=table, deadline=deadline, tie_group=group, tie_vote=bool(tie_vote)
                )
        except IntegrityError as exc:
            raise ValidationError("Cụm, khối đã có đợt chấm điểm của năm.") from exc
        n = _ensure_sheets(rnd)
        audit(
            actor=actor,
            action="clusters.round_open",
            obj=rnd,
            unit=head_unit_of(cluster),
            summary=f"Mở đợt chấm điểm {cluster} theo “{table.name}”, hạn {_d(deadline)} ({n} đơn vị)",
            data={"table": table.pk, "deadline": deadline.isoformat(), "sheets": n},
        )
        return rnd


def round_update(
    *, actor, round: ScoringRound, deadline, tie_group=None, tie_vote: bool = True, version: int | None = None
) -> ScoringRound:
    """Change the deadline and the tie-break rule while scoring is open; members who joined since the
    opening get their sheet."""
    with transaction.atomic():
        rnd = _lock_round(round.pk)
        require(actor, "clusters.manage", rnd.cluster, message=MANAGE_DENIED)
        _require_unlocked(rnd)
        _check_version(rnd, version, STALE_ROUND)
        _check_deadline(rnd.cluster, deadline)
        group = _check_tie_group(rnd.table, tie_group)
        old = {"deadline": rnd.deadline.isoformat(), "tie_group": rnd.tie_group_id, "tie_vote": rnd.tie_vote}
        rnd.deadline, rnd.tie_group, rnd.tie_vote = deadline, group, bool(tie_vote)
        rnd.version += 1
        rnd.save(update_fields=["deadline", "tie_group", "tie_vote", "version"])
        added = _ensure_sheets(rnd)
        new = {"deadline": deadline.isoformat(), "tie_group": rnd.tie_group_id, "tie_vote": rnd.tie_vote}
        audit(
            actor=actor,
            action="clusters.round_update",
            obj=rnd,
            unit=head_unit_of(rnd.cluster),
            summary=f"Sửa thiết lập đợt chấm điểm {rnd.cluster}: hạn {_d(deadline)}"
            + (f"; thêm bảng điểm cho {added} đơn vị mới" if added else ""),
            data={"old": old, "new": new, "sheets_added": added},
        )
        return rnd


def round_lock(*, actor, round: ScoringRound, version: int | None = None) -> ScoringRound:
    """Lock the scores before the deadline (the deadline locks them anyway the day after)."""
    with transaction.atomic():
        rnd = _lock_round(round.pk)
        require(actor, "clusters.manage", rnd.cluster, message=MANAGE_DENIED)
        if rnd.state != RoundState.OPEN:
            raise ValidationError("Điểm của đợt này đã được khóa.")
        _check_version(rnd, version, STALE_ROUND)
        rnd.state, rnd.locked_at = RoundState.LOCKED, timezone.now()
        rnd.version += 1
        rnd.save(update_fields=["state", "locked_at", "version"])
        audit(
            actor=actor,
            action="clusters.round_lock",
            obj=rnd,
            unit=head_unit_of(rnd.cluster),
            summary=f"Khóa điểm đợt chấm điểm {rnd.cluster} (hạn {_d(rnd.deadline)})",
            data={"deadline": rnd.deadline.isoformat()},
        )
        return rnd


def round_reopen(*, actor, round: ScoringRound, new_deadline, reason: str) -> ScoringRound:
    """The province reopens locked scores with a new deadline and a written reason — never once the
    results are published or a proposal was made from the ranking."""
    with transaction.atomic():
        rnd = _lock_round(round.pk)
        require(actor, "clusters.reopen", rnd.cluster, message=REOPEN_DENIED)
        if rnd.state == RoundState.PUBLISHED or rnd.published_at is not None:
            raise ValidationError("Kết quả xếp hạng đã công bố; không thể mở lại điểm.")
        if rnd.proposal_id is not None:
            raise ValidationError("Đã lập hồ sơ đề nghị khen thưởng từ kết quả xếp hạng; không thể mở lại điểm.")
        today = _today()
        if not rnd.is_locked(today):
            raise ValidationError("Đợt chấm điểm đang mở, chưa khóa; muốn đổi hạn hãy sửa thiết lập đợt chấm điểm.")
        if rnd.tie_votes.filter(state=TieVoteState.OPEN).exists():
            raise ValidationError("Đang bỏ phiếu phân định thứ hạng; hãy kết thúc cuộc bỏ phiếu trước khi mở lại điểm.")
        reason = (reason or "").strip()
        errors = {}
        if not reason:
            errors["reason"] = "Vui lòng ghi lý do mở lại điểm."
        if new_deadline is None:
            errors["new_deadline"] = "Vui lòng nhập hạn chấm điểm mới."
        elif new_deadline < today:
            errors["new_deadline"] = f"Hạn chấm điểm mới không được trước ngày hôm nay ({_d(today)})."
        if errors:
            raise ValidationError(errors)
        old = {
            "state": rnd.state,
            "deadline": rnd.deadline.isoformat(),
            "locked_at": rnd.locked_at.isoformat() if rnd.locked_at else None,
        }
        rnd.state, rnd.deadline, rnd.locked_at = RoundState.OPEN, new_deadline, None
        rnd.version += 1
        rnd.save(update_fields=["state", "deadline", "locked_at", "version"])
        audit(
            actor=actor,
            action="clusters.round_reopen",
            obj=rnd,
            unit=head_unit_of(rnd.cluster),
            summary=f"Mở lại điểm {rnd.cluster}: hạn cũ {_d(dt.date.fromisoformat(old['deadline']))}, "
            f"hạn mới {_d(new_deadline)}. Lý do: {reason}",
            data={
                "reason": reason,
                "old_deadline": old["deadline"],
                "new_deadline": new_deadline.isoformat(),
                "old_state": old["state"],
                "old_locked_at": old["locked_at"],
            },
        )
        return rnd


# --- self-scoring ---------------------------------------------------------------------------------------


def score_set(*, actor, score: Score, self_points, note: str = "", version: int | None = None) -> Score:
    """The unit's own points (and its explanation) on one criterion. Until the head adjusts the score
    the final points follow; after an adjustment only `self_points` changes."""
    with transaction.atomic():
        rnd, score = _lock_score(score)
        sheet, criterion = score.sheet, score.criterion
        _require_scorer(actor, sheet)
        _check_version(score, version, STALE_SCORE.format(code=criterion.code))
        _require_member(rnd.cluster, sheet.unit)
        value = parse_points(self_points, field="self_points", code=criterion.code)
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise ValidationError({"note": "Giải trình dài tối đa 2.000 ký tự."})
        if value is None and sheet.state == SheetState.SUBMITTED and criterion.kind == CriterionKind.SCORE:
            raise ValidationError(
                {"self_points": "Bảng điểm đã gửi: không để trống điểm tiêu chí chấm điểm (không đạt thì ghi 0)."}
            )
        check_points(criterion, value, field="self_points", has_evidence=score.evidence.exists())
        adjusted = score.adjustments.exists()
        old = {"self_points": score.self_points, "points": score.points, "note": score.note}
        score.self_points, score.note = value, note
        if not adjusted:
            score.points = value
        score.version += 1
        score.save(update_fields=["self_points", "points", "note", "version"])
        audit(
            actor=actor,
            action="clusters.score_set",
            obj=score,
            unit=sheet.unit,
            summary=f"{sheet.unit.name} tự chấm tiêu chí {criterion.code}: {dec(value)} điểm"
            + (" (điểm sau kiểm tra chéo giữ nguyên)" if adjusted else ""),
            data={
                "criterion": criterion.code,
                "old_self_points": _s(old["self_points"]),
                "self_points": _s(value),
                "points": _s(score.points),
                "adjusted": adjusted,
            },
        )
        return score


def _s(value) -> str | None:
    return None if value is None else str(value)


def evidence_add(*, actor, score: Score, file) -> Evidence:
    """Attach a document proving the score (PDF, JPEG, PNG, .docx or .xlsx checked by content, at
    most 10 MB), stored under a random name."""
    with transaction.atomic():
        rnd, score = _lock_score(score)
        sheet, criterion = score.sheet, score.criterion
        _require_scorer(actor, sheet)
        _require_member(rnd.cluster, sheet.unit)
        if file is None:
            raise ValidationError({"file": "Vui lòng chọn tệp minh chứng cần tải lên."})
        try:
            kind = file_kind(file, allowed=DOCUMENT_KINDS, max_bytes=MAX_EVIDENCE_BYTES, label="Tệp minh chứng")
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        original = (getattr(file, "name", "") or "minh-chung").replace("\\", "/").rsplit("/", 1)[-1][:255]
        evidence = Evidence(
            score=score,
            original_name=original,
            file_kind=kind,
            size=file.size or 0,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        evidence.file.save(original, file, save=False)  # the storage name is random (models._evidence_path)
        stored = evidence.file.name
        try:
            evidence.save()
            audit(
                actor=actor,
                action="clusters.evidence_add",
                obj=score,
                unit=sheet.unit,
                summary=f"{sheet.unit.name} tải minh chứng tiêu chí {criterion.code}: “{original}”",
                data={"criterion": criterion.code, "evidence": evidence.pk, "name": original, "kind": kind},
            )
        except Exception:
            evidence.file.storage.delete(stored)
            raise
        return evidence


def evidence_remove(*, actor, evidence: Evidence) -> None:
    """Remove a document; the last one of a criterion requiring evidence stays while its points are above 0."""
    with transaction.atomic():
        rnd, score = _lock_score(evidence.score)
        sheet, criterion = score.sheet, score.criterion
        _require_scorer(actor, sheet)
        evidence = Evidence.objects.select_for_update().filter(pk=evidence.pk, score=score).first()
        if evidence is None:
            raise ValidationError("Minh chứng này không còn nữa.")
        scored = (score.self_points or 0) > 0 or (score.points or 0) > 0
        if (
            criterion.evidence_required
            and scored
            and not Evidence.objects.filter(score=score).exclude(pk=evidence.pk).exists()
        ):
            raise ValidationError(
                f"Tiêu chí {criterion.code} bắt buộc có minh chứng: không xóa được minh chứng cuối cùng khi điểm "
                "đang lớn hơn 0. Hãy tải minh chứng khác hoặc chấm lại 0 điểm trước."
            )
        name, storage, stored = evidence.original_name, evidence.file.storage, evidence.file.name
        pk = evidence.pk
        evidence.delete()
        audit(
            actor=actor,
            action="clusters.evidence_remove",
            obj=score,
            unit=sheet.unit,
            summary=f"{sheet.unit.name} xóa minh chứng tiêu chí {criterion.code}: “{name}”",
            data={"criterion": criterion.code, "evidence": pk, "name": name},
        )
        transaction.on_commit(lambda: storage.delete(stored))


def sheet_submit(*, actor, sheet: ScoreSheet, version: int | None = None) -> ScoreSheet:
    """Send the self-scoring for the cross-check: every scoring criterion must have points (0 allowed)."""
    with transaction.atomic():
        rnd = _lock_round(ScoreSheet.objects.values_list("round_id", flat=True).get(pk=sheet.pk))
        sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("unit").get(pk=sheet.pk)
        sheet.round = rnd
        _require_scorer(actor, sheet)
        _require_member(rnd.cluster, sheet.unit)
        if sheet.state == SheetState.SUBMITTED:
            raise ValidationError("Bảng điểm đã được gửi trước đó.")
        _check_version(sheet, version, "Bảng điểm vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại.")
        scores = list(sheet.scores.select_related("criterion").order_by("criterion__group__order", "criterion__order"))
        missing = [
            s.criterion.code for s in scores if s.criterion.kind == CriterionKind.SCORE and s.self_points is None
        ]
        if missing:
            raise ValidationError(
                f"Chưa chấm điểm các tiêu chí: {', '.join(missing)}. Tiêu chí không đạt hãy ghi 0 điểm rồi gửi lại."
            )
        with_files = set(Evidence.objects.filter(score__sheet=sheet).values_list("score_id", flat=True))
        unproven = [
            s.criterion.code
            for s in scores
            if s.criterion.evidence_required and (s.self_points or 0) > 0 and s.pk not in with_files
        ]
        if unproven:
            raise ValidationError(
                f"Các tiêu chí {', '.join(unproven)} bắt buộc có minh chứng nhưng chưa có tài liệu kiểm chứng."
            )
        sheet.state, sheet.submitted_at, sheet.submitted_by = SheetState.SUBMITTED, timezone.now(), actor
        sheet.version += 1
        sheet.save(update_fields=["state", "submitted_at", "submitted_by", "version"])
        audit(
            actor=actor,
            action="clusters.sheet_submit",
            obj=sheet,
            unit=sheet.unit,
            summary=f"{sheet.unit.name} gửi bảng tự chấm điểm ({rnd.cluster})",
        )
        return sheet


# --- the cross-check ----------------------------------------------------------------------------------


def remark_add(*, actor, score: Score, text: str, proposed_points=None) -> Remark:
    """A member unit's remark on another unit's score, optionally with the points it proposes."""
    with transaction.atomic():
        rnd, score = _lock_score(score)
        sheet, criterion = score.sheet, score.criterion
        require(actor, "clusters.remark", rnd.cluster, message=REMARK_DENIED)
        _require_unlocked(rnd)
        units = [u for u in member_units_of(actor, rnd.cluster) if u.pk != sheet.unit_id]
        if not units:
            raise ValidationError(
                "Không góp ý kiểm tra chéo điểm của chính đơn vị mình; hãy sửa điểm tự chấm và giải trình."
            )
        _require_member(rnd.cluster, sheet.unit)
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": "Vui lòng ghi nội dung ý kiến."})
        if len(text) > MAX_NOTE:
            raise ValidationError({"text": "Ý kiến dài tối đa 2.000 ký tự."})
        proposed = parse_points(proposed_points, field="proposed_points", code=criterion.code)
        check_points(criterion, proposed, field="proposed_points")
        remark = Remark.objects.create(score=score, unit=units[0], author=actor, text=text, proposed_points=proposed)
        audit(
            actor=actor,
            action="clusters.remark_add",
            obj=remark,
            unit=units[0],
            summary=f"{units[0].name} góp ý điểm tiêu chí {criterion.code} của {sheet.unit.name}"
            + (f" (đề xuất {dec(proposed)} điểm)" if proposed is not None else ""),
            data={"criterion": criterion.code, "sheet": sheet.pk, "proposed_points": _s(proposed)},
        )
        return remark


def score_adjust(
    *, actor, score: Score, points, reason: str, version: int | None = None, resolve_remarks: bool = False
) -> Adjustment:
    """The head (or the province) changes the points that count, with a written reason. The head may
    adjust its own unit's score too; such adjustments are flagged in the audit for the province."""
    with transaction.atomic():
        rnd, score = _lock_score(score)
        sheet, criterion = score.sheet, score.criterion
        require(actor, "clusters.adjust", rnd.cluster, message=ADJUST_DENIED)
        _require_unlocked(rnd)
        _check_version(score, version, STALE_SCORE.format(code=criterion.code))
        _require_member(rnd.cluster, sheet.unit)
        reason = (reason or "").strip()
        value = parse_points(points, field="points", code=criterion.code)
        errors = {}
        if value is None:
            errors["points"] = "Vui lòng nhập điểm sau điều chỉnh."
        if not reason:
            errors["reason"] = "Vui lòng ghi lý do điều chỉnh điểm."
        elif len(reason) > MAX_NOTE:
            errors["reason"] = "Lý do dài tối đa 2.000 ký tự."
        if errors:
            raise ValidationError(errors)
        check_points(criterion, value, field="points", has_evidence=score.evidence.exists())
        if score.points is not None and value == score.points:
            raise ValidationError({"points": "Điểm sau điều chỉnh bằng điểm hiện tại; không có gì thay đổi."})
        by_unit = _acting_unit(actor, rnd.cluster)
        own_unit = by_unit is not None and by_unit.pk == sheet.unit_id
        adjustment = Adjustment.objects.create(
            score=score, old_points=score.points, new_points=value, reason=reason, by=actor, by_unit=by_unit
        )
        old = score.points
        score.points = value
        score.version += 1
        score.save(update_fields=["points", "version"])
        resolved = 0
        if resolve_remarks:
            resolved = Remark.objects.filter(score=score, resolved=False).update(resolved=True)
        audit(
            actor=actor,
            action="clusters.score_adjust",
            obj=score,
            unit=sheet.unit,
            summary=f"Điều chỉnh điểm tiêu chí {criterion.code} của {sheet.unit.name}: {dec(old)} → {dec(value)}. "
            f"Lý do: {reason}" + (" [cụm trưởng điều chỉnh điểm của chính đơn vị mình]" if own_unit else ""),
            data={
                "criterion": criterion.code,
                "sheet": sheet.pk,
                "adjustment": adjustment.pk,
                "old_points": _s(old),
                "new_points": _s(value),
                "reason": reason,
                "own_unit": own_unit,
                "remarks_resolved": resolved,
            },
        )
        return adjustment


def remark_dismiss(*, actor, remark: Remark, reason: str) -> Remark:
    """The head closes a remark without changing the points, giving the reason (kept in the audit)."""
    with transaction.atomic():
        rnd, score = _lock_score(remark.score)
        require(actor, "clusters.adjust", rnd.cluster, message=ADJUST_DENIED)
        _require_unlocked(rnd)
        remark = Remark.objects.select_for_update(of=("self",)).select_related("unit").get(pk=remark.pk)
        if remark.resolved:
            raise ValidationError("Ý kiến này đã được xử lý.")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "Vui lòng ghi lý do không chấp nhận ý kiến."})
        if len(reason) > MAX_NOTE:
            raise ValidationError({"reason": "Lý do dài tối đa 2.000 ký tự."})
        remark.resolved = True
        remark.save(update_fields=["resolved"])
        audit(
            actor=actor,
            action="clusters.remark_dismiss",
            obj=remark,
            unit=score.sheet.unit,
            summary=f"Không chấp nhận ý kiến của {remark.unit.name} về tiêu chí {score.criterion.code} của "
            f"{score.sheet.unit.name}. Lý do: {reason}",
            data={"criterion": score.criterion.code, "score": score.pk, "reason": reason},
        )
        return remark
