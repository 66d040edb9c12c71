"""Writes to movements: create, edit, launch (the cascade), the state transitions, the units' answers.

Every function is one transaction with its permission check and its audit event. States move
only along TRANSITIONS; a unit's plan answering a duty is a child movement of level UNIT.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.permissions import require as _require
from thidua.org.models import Cluster, Unit

from ..models import (
    Aggregation,
    AwardOffer,
    Direction,
    Level,
    Movement,
    OfficialDocument,
    Participation,
    ParticipationMode,
    SignatureWork,
    State,
    Target,
)

# The one table of state transitions: (from, to) → (audit action, Vietnamese verb).
TRANSITIONS = {
    (State.DRAFT, State.LAUNCHED): ("movement.launch", "Phát động"),
    (State.LAUNCHED, State.UNDER_WAY): ("movement.start", "Bắt đầu triển khai"),
    (State.UNDER_WAY, State.IN_REVIEW): ("movement.review", "Chuyển sang sơ kết, tổng kết"),
    (State.LAUNCHED, State.IN_REVIEW): ("movement.review", "Chuyển sang sơ kết, tổng kết"),
    (State.IN_REVIEW, State.CLOSED): ("movement.close", "Kết thúc phong trào"),
}

MOVEMENT_FIELDS = (
    "kind",
    "name",
    "slogans",
    "purposes",
    "contents",
    "period_start",
    "period_end",
    "standing_agency",
    "responsible_agencies",
    "reward_event",
    "participation_mode",
    "participation_kinds",
    "participation_cluster",
    "answer_deadline",
    "parent",
    "launcher_name",
)
DOCUMENT_FIELDS = ("doc_type", "number", "date", "issuer", "signer_name", "signer_title", "summary", "text")


class ConcurrentEdit(ValidationError):
    """Someone saved the movement after this form was opened."""

    def __init__(self):
        super().__init__(
            "Phong trào vừa được người khác cập nhật sau khi anh/chị mở trang này. "
            "Hãy tải lại trang để xem nội dung mới rồi sửa lại — chưa có thay đổi nào được lưu."
        )


def _check_period(data: dict):
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        raise ValidationError({"period_end": "Ngày kết thúc phải sau ngày bắt đầu."})


def _save_document(movement: Movement, document: dict | None, file=None):
    if document is None and file is None:
        return
    doc = movement.document or OfficialDocument()
    for key in DOCUMENT_FIELDS:
        if document and key in document:
            setattr(doc, key, document[key] if document[key] is not None else "")
    if doc.date == "":
        doc.date = None
    if file is not None:
        doc.file = file
    doc.save()
    if movement.document_id != doc.pk:
        movement.document = doc
        movement.save(update_fields=["document"])


def _save_targets(movement: Movement, targets: Iterable[dict] | None):
    """Replace the movement's targets by `targets` (dicts with name, measure, baseline, target_value,
    direction, deadline and optionally id / parent_target). Targets with reports are kept."""
    if targets is None:
        return
    keep = []
    for order, row in enumerate(targets):
        if not row.get("name"):
            continue
        target = None
        if row.get("id"):
            target = Target.objects.filter(pk=row["id"], movement=movement).first()
        target = target or Target(movement=movement)
        target.name = row["name"]
        target.measure = row.get("measure") or ""
        target.baseline = Decimal(row.get("baseline") or 0)
        target.target_value = Decimal(row["target_value"])
        target.direction = row.get("direction") or Direction.AT_LEAST
        target.aggregation = row.get("aggregation") or Aggregation.SUM
        target.deadline = row.get("deadline")
        target.parent_target_id = row.get("parent_target") or target.parent_target_id
        target.order = order
        target.save()
        keep.append(target.pk)
    stale = movement.targets.exclude(pk__in=keep)
    if stale.filter(reports__isnull=False).exists():
        raise ValidationError("Không thể xóa chỉ tiêu đã có báo cáo tiến độ.")
    stale.delete()


def _save_offers(movement: Movement, offers: Iterable[dict] | None):
    if offers is None:
        return
    movement.award_offers.all().delete()
    seen = set()
    for row in offers:
        award_type = row.get("award_type")
        if award_type is None:
            continue
        if award_type.pk in seen:
            raise ValidationError(f"Hình thức “{award_type.name}” được khai báo hai lần.")
        seen.add(award_type.pk)
        AwardOffer.objects.create(
            movement=movement, award_type=award_type, quota=row.get("quota"), note=row.get("note") or ""
        )


def movement_create(
    *,
    actor,
    data: dict,
    launching_unit: Unit | None = None,
    document: dict | None = None,
    file=None,
    targets: Iterable[dict] | None = None,
    offers: Iterable[dict] | None = None,
    participation_units: Iterable[Unit] | None = None,
    source: str = "",
) -> Movement:
    """A draft movement: provincial (launching unit = the province, by the province) or a unit's own."""
    if launching_unit is None or launching_unit.parent_id is None:
        _require(actor, "movements.create_provincial", message="Chỉ cán bộ cấp tỉnh được tạo phong trào cấp tỉnh.")
        level = Level.PROVINCE
        if launching_unit is None:
            launching_unit = Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("id").first()
    else:
        _require(actor, "movements.create_for_unit", launching_unit, "Đơn vị này không thuộc phạm vi của anh/chị.")
        level = Level.UNIT
    if launching_unit is not None and launching_unit.valid_to is not None:
        raise ValidationError("Đơn vị đã giải thể hoặc sáp nhập không thể phát động phong trào.")
    _check_period(data)
    with transaction.atomic():
        movement = Movement(level=level, launching_unit=launching_unit, created_by=actor, state=State.DRAFT)
        for key in MOVEMENT_FIELDS:
            if key in data:
                setattr(movement, key, data[key])
        movement.slogans = [s for s in (movement.slogans or []) if s]
        movement.full_clean(exclude=["launching_unit", "created_by", "document", "parent"])
        movement.save()
        _save_document(movement, document, file)
        _save_targets(movement, targets)
        _save_offers(movement, offers)
        if participation_units is not None:
            movement.participation_units.set(participation_units)
        how = " (tạo từ văn bản)" if source == "extract" else ""
        audit(
            actor=actor,
            action="movement.create",
            obj=movement,
            unit=launching_unit,
            summary=f"Tạo dự thảo phong trào “{movement.name}”{how}",
        )
    return movement


def movement_update(
    *,
    actor,
    movement: Movement,
    version: int,
    data: dict,
    document: dict | None = None,
    file=None,
    targets: Iterable[dict] | None = None,
    offers: Iterable[dict] | None = None,
    participation_units: Iterable[Unit] | None = None,
) -> Movement:
    """Edit a movement (a draft fully; after launch, everything but who participates).

    `version` is the version the form was opened at: a save over someone else's newer save is
    refused (ConcurrentEdit) and changes nothing."""
    _require(actor, "movements.manage", movement)
    if movement.state == State.CLOSED:
        raise ValidationError("Phong trào đã kết thúc, không sửa được.")
    _check_period(data)
    with transaction.atomic():
        bumped = Movement.objects.filter(pk=movement.pk, version=version).update(version=F("version") + 1)
        if not bumped:
            raise ConcurrentEdit()
        movement.refresh_from_db()
        changed = []
        for key in MOVEMENT_FIELDS:
            if key in data:
                if movement.state != State.DRAFT and key in ("participation_mode", "participation_kinds"):
                    continue
                if getattr(movement, key) != data[key]:
                    changed.append(key)
                setattr(movement, key, data[key])
        movement.slogans = [s for s in (movement.slogans or []) if s]
        movement.full_clean(exclude=["launching_unit", "created_by", "document", "parent"])
        movement.save()
        _save_document(movement, document, file)
        _save_targets(movement, targets)
        _save_offers(movement, offers)
        if participation_units is not None and movement.state == State.DRAFT:
            movement.participation_units.set(participation_units)
        audit(
            actor=actor,
            action="movement.update",
            obj=movement,
            unit=movement.launching_unit,
            summary=f"Sửa phong trào “{movement.name}”",
            data={"fields": changed},
        )
    return movement


def participants_of(movement: Movement) -> list[Unit]:
    """The units a launch gives the duty to answer (active units, the launcher excluded).

    ALL: the units directly under the launching unit; BY_KIND: units of those kinds anywhere under
    it; BY_LIST: the chosen units; BY_CLUSTER: the members of the chosen cluster.
    """
    launcher = movement.launching_unit
    active = Unit.objects.filter(valid_to__isnull=True)
    mode = movement.participation_mode
    if mode == ParticipationMode.ALL:
        qs = active.filter(parent=launcher)
    elif mode == ParticipationMode.BY_KIND:
        qs = active.filter(kind__in=movement.participation_kinds or [])
        if launcher is not None:
            qs = qs.filter(path__startswith=launcher.path)
    elif mode == ParticipationMode.BY_LIST:
        qs = active.filter(pk__in=movement.participation_units.values("pk"))
    else:
        cluster: Cluster | None = movement.participation_cluster
        qs = active.filter(cluster_memberships__cluster=cluster) if cluster else active.none()
    if launcher is not None:
        qs = qs.exclude(pk=launcher.pk)
    return list(qs.order_by("path").distinct())


def _transition(*, actor, movement: Movement, to: str, summary_extra: str = "") -> Movement:
    _require(actor, "movements.manage", movement)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        key = (locked.state, to)
        if key not in TRANSITIONS:
            raise ValidationError(
                f"Không thể chuyển phong trào từ “{State(locked.state).label}” sang “{State(to).label}”."
            )
        action, verb = TRANSITIONS[key]
        locked.state = to
        locked.version += 1
        if to == State.LAUNCHED:
            locked.launched_at = timezone.now()
        locked.save(update_fields=["state", "version", "launched_at", "updated_at"])
        audit(
            actor=actor,
            action=action,
            obj=locked,
            unit=locked.launching_unit,
            summary=f"{verb} phong trào “{locked.name}”{summary_extra}",
        )
    movement.refresh_from_db()
    return movement


def movement_launch(*, actor, movement: Movement) -> Movement:
    """Launch: the movement becomes public (provincial) and every participating unit gets the duty
    to answer with its own plan by the answer deadline — one transaction, a few bulk queries."""
    _require(actor, "movements.manage", movement)
    if movement.state != State.DRAFT:
        raise ValidationError("Chỉ phát động được phong trào đang ở trạng thái dự thảo.")
    errors = {}
    if not movement.period_start or not movement.period_end:
        errors["period_start"] = "Cần có thời gian thực hiện (từ ngày, đến ngày) trước khi phát động."
    if movement.answer_deadline and movement.answer_deadline < timezone.localdate():
        errors["answer_deadline"] = "Hạn gửi kế hoạch hưởng ứng đã qua."
    if errors:
        raise ValidationError(errors)
    units = participants_of(movement)
    if not units and movement.level != Level.UNIT:
        raise ValidationError("Chưa có đơn vị nào tham gia: hãy chọn đơn vị tham gia trước khi phát động.")
    with transaction.atomic():
        Participation.objects.bulk_create(
            [Participation(movement=movement, unit=u, deadline=movement.answer_deadline) for u in units],
            ignore_conflicts=True,
            batch_size=500,
        )
        movement = _transition(
            actor=actor, movement=movement, to=State.LAUNCHED, summary_extra=f" tới {len(units)} đơn vị"
        )
    return movement


def movement_start(*, actor, movement: Movement) -> Movement:
    return _transition(actor=actor, movement=movement, to=State.UNDER_WAY)


def movement_begin_review(*, actor, movement: Movement) -> Movement:
    return _transition(actor=actor, movement=movement, to=State.IN_REVIEW)


def movement_close(*, actor, movement: Movement) -> Movement:
    return _transition(actor=actor, movement=movement, to=State.CLOSED)


def movement_delete_draft(*, actor, movement: Movement) -> None:
    """Delete a draft that was never launched (nothing refers to it yet)."""
    _require(actor, "movements.manage", movement)
    if movement.state != State.DRAFT or movement.answers.exists():
        raise ValidationError("Chỉ xóa được phong trào dự thảo chưa phát động.")
    with transaction.atomic():
        audit(
            actor=actor,
            action="movement.delete",
            obj=movement,
            unit=movement.launching_unit,
            summary=f"Xóa dự thảo phong trào “{movement.name}”",
        )
        movement.participation_units.clear()
        movement.delete()


# --- National movements (the catalogue the province's movements refer to) ---------------------


def national_movement_create(*, actor, name: str, launcher_name: str, period_start=None, note: str = "") -> Movement:
    _require(actor, "movements.create_provincial", message="Chỉ cán bộ cấp tỉnh được thêm phong trào toàn quốc.")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Cần nhập tên phong trào."})
    if Movement.objects.filter(level=Level.NATIONAL, name__iexact=name).exists():
        raise ValidationError({"name": "Phong trào toàn quốc này đã có trong danh mục."})
    with transaction.atomic():
        movement = Movement.objects.create(
            level=Level.NATIONAL,
            kind="THEMATIC",
            state=State.UNDER_WAY,
            name=name,
            launcher_name=(launcher_name or "").strip() or "Thủ tướng Chính phủ",
            period_start=period_start,
            contents=note,
            created_by=actor,
        )
        audit(
            actor=actor, action="movement.national_create", obj=movement, summary=f"Thêm phong trào toàn quốc “{name}”"
        )
    return movement


# --- The units' answers ---------------------------------------------------------------------------


def plan_start(*, actor, participation: Participation) -> Movement:
    """Open the unit's own plan answering the duty, pre-filled from the parent movement: its name,
    period, slogans, and each target (to be set to the unit's own values)."""
    _require(actor, "movements.act_for_unit", participation.unit, "Đơn vị này không thuộc phạm vi của anh/chị.")
    parent = participation.movement
    if parent.state not in (State.LAUNCHED, State.UNDER_WAY):
        raise ValidationError("Phong trào không còn nhận kế hoạch hưởng ứng.")
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        if locked.plan_id:
            return locked.plan
        plan = Movement.objects.create(
            level=Level.UNIT,
            kind=parent.kind,
            state=State.DRAFT,
            parent=parent,
            launching_unit=locked.unit,
            name=f"Kế hoạch hưởng ứng: {parent.name}",
            slogans=list(parent.slogans or []),
            period_start=parent.period_start,
            period_end=parent.period_end,
            reward_event=parent.reward_event,
            participation_mode=ParticipationMode.ALL,
            created_by=actor,
        )
        Target.objects.bulk_create(
            [
                Target(
                    movement=plan,
                    parent_target=t,
                    name=t.name,
                    measure=t.measure,
                    baseline=t.baseline,
                    target_value=t.target_value,
                    direction=t.direction,
                    aggregation=t.aggregation,
                    deadline=t.deadline,
                    order=t.order,
                )
                for t in parent.targets.all()
            ]
        )
        locked.plan = plan
        locked.save(update_fields=["plan"])
        audit(
            actor=actor,
            action="plan.start",
            obj=plan,
            unit=locked.unit,
            summary=f"{locked.unit.name} soạn kế hoạch hưởng ứng “{parent.name}”",
        )
    participation.refresh_from_db()
    return plan


def signature_work_add(*, actor, plan: Movement, name: str, description: str = "", due_date=None) -> SignatureWork:
    _require(actor, "movements.manage", plan)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Cần nhập tên công trình, phần việc."})
    if plan.period_end and due_date and due_date > plan.period_end + dt.timedelta(days=366):
        raise ValidationError({"due_date": "Thời hạn hoàn thành quá xa so với thời gian của phong trào."})
    with transaction.atomic():
        work = SignatureWork.objects.create(movement=plan, name=name, description=description, due_date=due_date)
        audit(
            actor=actor,
            action="signature_work.add",
            obj=work,
            unit=plan.launching_unit,
            summary=f"Đăng ký công trình, phần việc “{name}”",
        )
    return work


def signature_work_remove(*, actor, work: SignatureWork) -> None:
    _require(actor, "movements.manage", work.movement)
    if work.movement.state != State.DRAFT:
        raise ValidationError("Kế hoạch đã gửi: không xóa được công trình, phần việc.")
    with transaction.atomic():
        audit(
            actor=actor,
            action="signature_work.remove",
            obj=work,
            unit=work.movement.launching_unit,
            summary=f"Bỏ công trình, phần việc “{work.name}”",
        )
        work.delete()


def plan_submit(*, actor, plan: Movement) -> Movement:
    """Send the unit's plan: it needs its targets' values and at least one signature work; the duty
    is then answered (late when after its deadline) and the plan is the unit's launched movement."""
    _require(actor, "movements.manage", plan)
    participation = Participation.objects.filter(plan=plan).select_related("movement", "unit").first()
    if participation is None:
        raise ValidationError("Kế hoạch này không trả lời phong trào nào.")
    if plan.state != State.DRAFT:
        raise ValidationError("Kế hoạch đã được gửi.")
    errors = []
    if not plan.signature_works.exists():
        errors.append("Cần ít nhất một công trình, phần việc tiêu biểu.")
    if participation.movement.targets.exists() and not plan.targets.exists():
        errors.append("Cần đăng ký chỉ tiêu của đơn vị.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        Participation.objects.filter(pk=participation.pk).update(answered_at=now)
        plan.state = State.LAUNCHED
        plan.launched_at = now
        plan.version += 1
        plan.save(update_fields=["state", "launched_at", "version", "updated_at"])
        late = participation.deadline is not None and timezone.localdate() > participation.deadline
        audit(
            actor=actor,
            action="plan.submit",
            obj=plan,
            unit=plan.launching_unit,
            summary=f"{plan.launching_unit.name} gửi kế hoạch hưởng ứng “{participation.movement.name}”"
            + (" (quá hạn)" if late else ""),
        )
    return plan


def participations_remind(*, today: dt.date | None = None, days_before: int = 3) -> int:
    """E-mail the officers of every unit whose answer is due within `days_before` days or overdue
    (once a day per unit and movement). Returns the number of e-mails sent. Run daily by the
    command `send_movement_reminders`."""
    from django.conf import settings
    from django.core.mail import send_mail

    from thidua.accounts.models import Role, RoleAssignment

    today = today or timezone.localdate()
    due = Participation.objects.filter(
        answered_at__isnull=True,
        deadline__isnull=False,
        deadline__lte=today + dt.timedelta(days=days_before),
        movement__state__in=(State.LAUNCHED, State.UNDER_WAY),
    ).select_related("movement", "unit")
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    due = [p for p in due if p.last_reminded_at is None or p.last_reminded_at < start_of_day]
    if not due:
        return 0
    officers: dict[int, list[str]] = {}
    for ra in RoleAssignment.objects.filter(
        unit__in=[p.unit_id for p in due], role=Role.UNIT_OFFICER, user__is_active=True
    ).select_related("user"):
        if ra.user.email:
            officers.setdefault(ra.unit_id, []).append(ra.user.email)
    sent = 0
    now = timezone.now()
    for p in due:
        to = officers.get(p.unit_id)
        if not to:
            continue
        overdue = p.deadline < today
        subject = (f"[Thi đua] {'Quá hạn' if overdue else 'Sắp đến hạn'} gửi kế hoạch hưởng ứng: {p.movement.name}")[
            :200
        ]
        body = (
            f"Kính gửi {p.unit.name},\n\n"
            f"Phong trào “{p.movement.name}” đề nghị đơn vị gửi kế hoạch hưởng ứng "
            f"trước ngày {p.deadline:%d/%m/%Y}"
            + (" — hạn đã qua." if overdue else ".")
            + "\n\nĐăng nhập hệ thống thi đua, khen thưởng để soạn và gửi kế hoạch.\n"
        )
        send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), to)
        Participation.objects.filter(pk=p.pk).update(last_reminded_at=now)
        sent += 1
    return sent
