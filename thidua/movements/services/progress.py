"""Progress on targets: a unit reports the value one of its own targets reached on a date, with its
evidence; it may take back its last report.

Rules (each a Vietnamese message when broken, and nothing changes):
- only an officer acting for the unit whose plan holds the target ("movements.act_for_unit" on the
  plan's launching unit) — the province may enter a report on a unit's behalf;
- only a unit's own target: the value of a provincial target, or of any target of a movement
  launched to units, is the roll-up of the units' reports (selectors/progress.py), never typed;
- only while the plan (and the provincial movement it answers) is launched or under way;
- the date is neither in the future, nor before the period, nor after its end; one report per
  target and date (enter a correction by taking back the last report);
- the evidence file is checked by its content (PDF, JPEG, PNG, DOCX, XLSX), not its name, and
  is at most 10 MB.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.uploads import DOCUMENT_KINDS, file_kind, stored_name

from ..models import Level, Movement, ProgressReport, State, Target

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
OPEN_STATES = (State.LAUNCHED, State.UNDER_WAY)
# The largest value a DecimalField(max_digits=18, decimal_places=2) holds.
MAX_VALUE = Decimal("9999999999999999.99")


def evidence_kind(file) -> str:
    """The type of an uploaded evidence file read from its content ("pdf", "jpg", "png", "docx",
    "xlsx"), or ValidationError with a Vietnamese message (too large, empty, wrong type)."""
    return file_kind(file, allowed=DOCUMENT_KINDS, max_bytes=EVIDENCE_MAX_BYTES, label="Tệp minh chứng")


def is_reportable(target: Target) -> bool:
    """A target takes reports when it is a unit's own (its movement is a unit's, not launched to other
    units); otherwise its value is rolled up from the units' reports."""
    movement = target.movement
    return movement.level == Level.UNIT and not movement.participations.exists()


def closed_reason(movement: Movement) -> str:
    """Why the movement takes no report now ("" when it does): the plan must be launched or under way,
    and so must the provincial movement it answers."""
    if movement.state not in OPEN_STATES:
        return (
            f"Kế hoạch đang ở trạng thái “{State(movement.state).label}”: chỉ báo cáo tiến độ khi kế hoạch "
            "đã gửi (đã phát động) hoặc đang triển khai."
        )
    parent = movement.parent
    if parent is not None and parent.level != Level.NATIONAL and parent.state not in OPEN_STATES:
        return (
            f"Phong trào “{parent.name}” đang ở trạng thái “{State(parent.state).label}”: "
            "không nhận thêm báo cáo tiến độ."
        )
    return ""


def _check_open(movement: Movement):
    reason = closed_reason(movement)
    if reason:
        raise ValidationError(reason)


def _parse_value(value) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"value": "Giá trị đạt được phải là một số."}) from None
    if not number.is_finite():
        raise ValidationError({"value": "Giá trị đạt được phải là một số."})
    if abs(number) > MAX_VALUE:
        raise ValidationError({"value": "Giá trị đạt được quá lớn."})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": "Giá trị đạt được chỉ có tối đa 2 chữ số thập phân."})
    return number


def _check_date(movement: Movement, date) -> dict:
    if not isinstance(date, dt.date):
        return {"date": "Cần nhập ngày số liệu."}
    today = timezone.localdate()
    if date > today:
        return {"date": f"Ngày số liệu không được sau hôm nay ({today:%d/%m/%Y})."}
    if movement.period_start and date < movement.period_start:
        return {"date": f"Ngày số liệu không được trước ngày bắt đầu phong trào ({movement.period_start:%d/%m/%Y})."}
    if movement.period_end and date > movement.period_end:
        return {"date": f"Ngày số liệu không được sau ngày kết thúc phong trào ({movement.period_end:%d/%m/%Y})."}
    return {}


def progress_report(*, actor, target: Target, value, date, note: str = "", evidence=None) -> ProgressReport:
    """Record the value `target` reached on `date` (Bạc Liêu 2021: each unit "xác định tiến độ đã hoàn
    thành" of each target). One transaction with its audit event; an evidence file stored by a refused
    report is removed."""
    movement = Movement.objects.select_related("parent", "launching_unit").get(pk=target.movement_id)
    if not actor.has_perm("movements.act_for_unit", movement.launching_unit):
        raise PermissionDenied("Anh/chị chỉ được báo cáo tiến độ các chỉ tiêu của đơn vị thuộc phạm vi của mình.")
    target.movement = movement
    if not is_reportable(target):
        raise ValidationError(
            "Tiến độ của chỉ tiêu này được tổng hợp từ báo cáo của các đơn vị tham gia; "
            "hãy báo cáo trên chỉ tiêu trong kế hoạch của từng đơn vị."
        )
    _check_open(movement)
    errors = {}
    try:
        number = _parse_value(value)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_check_date(movement, date))
    kind = None
    if evidence:
        try:
            kind = evidence_kind(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    note = (note or "").strip()
    if len(note) > 5000:
        errors["note"] = "Ghi chú quá dài (tối đa 5.000 ký tự)."
    if errors:
        raise ValidationError(errors)

    stored = None
    try:
        with transaction.atomic():
            Target.objects.select_for_update().filter(pk=target.pk).first()
            if ProgressReport.objects.filter(target=target, date=date).exists():
                raise ValidationError(
                    {
                        "date": f"Chỉ tiêu này đã có báo cáo ngày {date:%d/%m/%Y}. Nếu cần sửa, hãy xóa báo cáo "
                        "đó (báo cáo mới nhất của anh/chị) rồi nhập lại."
                    }
                )
            report = ProgressReport(target=target, value=number, date=date, note=note, created_by=actor)
            if kind:
                report.evidence.save(stored_name(evidence, kind, "minh-chung"), evidence, save=False)
                stored = report.evidence.name
            report.save()
            measure = f" {target.measure}" if target.measure else ""
            audit(
                actor=actor,
                action="progress.report",
                obj=report,
                unit=movement.launching_unit,
                summary=f"{movement.launching_unit.name} báo cáo tiến độ chỉ tiêu “{target.name}”: "
                f"{number.normalize():f}{measure} (số liệu ngày {date:%d/%m/%Y})",
                data={"target": target.pk, "value": str(number), "date": date.isoformat(), "evidence": bool(kind)},
            )
    except Exception:
        if stored:
            report.evidence.storage.delete(stored)
        raise
    return report


def progress_delete(*, actor, report: ProgressReport) -> None:
    """Take back one's own last report of a target (the one entered most recently), e.g. to correct
    a typing error; its evidence file goes with it once the transaction commits."""
    target = Target.objects.select_related("movement__parent", "movement__launching_unit").get(pk=report.target_id)
    movement = target.movement
    if not actor.has_perm("movements.act_for_unit", movement.launching_unit):
        raise PermissionDenied("Anh/chị không có quyền xóa báo cáo tiến độ của đơn vị này.")
    if report.created_by_id != actor.pk:
        raise PermissionDenied("Anh/chị chỉ xóa được báo cáo tiến độ do chính mình nhập.")
    _check_open(movement)
    with transaction.atomic():
        Target.objects.select_for_update().filter(pk=target.pk).first()
        last = ProgressReport.objects.filter(target=target).order_by("-created_at", "-id").first()
        if last is None or last.pk != report.pk:
            raise ValidationError(
                "Chỉ xóa được báo cáo nhập gần nhất của chỉ tiêu; báo cáo này đã có báo cáo khác nhập sau."
            )
        evidence = report.evidence.name
        audit(
            actor=actor,
            action="progress.delete",
            obj=report,
            unit=movement.launching_unit,
            summary=f"Xóa báo cáo tiến độ chỉ tiêu “{target.name}” ngày {report.date:%d/%m/%Y} "
            f"({report.value.normalize():f})",
            data={"target": target.pk, "value": str(report.value), "date": report.date.isoformat()},
        )
        report.delete()
        if evidence:
            storage = ProgressReport._meta.get_field("evidence").storage
            transaction.on_commit(lambda: storage.delete(evidence))
