"""The province's calendar for dossiers: yearly submission deadlines per deciding authority, and the
days off it declares beyond the national public holidays (working-day time limits skip them).

Only the province sets them (permission `nominations.manage_deadlines`); each change is audited.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.core.audit import audit
from thidua.core.models import DayOff

from ..models import Authority, Nomination, State, SubmissionDeadline

NOT_ALLOWED = "Chỉ cán bộ thi đua, khen thưởng cấp tỉnh được đặt hạn nộp hồ sơ và ngày nghỉ."


def _require(actor):
    if not actor.has_perm("nominations.manage_deadlines"):
        raise PermissionDenied(NOT_ALLOWED)


def _unsent_drafts(year: int, authority: str):
    """Dossiers of that year and authority not yet sent (never submitted): the yearly deadline is theirs."""
    return Nomination.objects.filter(year=year, authority=authority, state=State.DRAFT, submitted_at__isnull=True)


def submission_deadline_set(
    *, actor, year: int, authority: str, due_date: dt.date, note: str = ""
) -> SubmissionDeadline:
    """Set (or move) the deadline for dossiers of `year` going to `authority`; the drafts of that
    year and authority take it as their due date."""
    _require(actor)
    errors = {}
    if authority not in Authority.values:
        errors["authority"] = "Cấp quyết định không hợp lệ."
    if not year or year < 2000 or year > 2100:
        errors["year"] = "Năm thành tích không hợp lệ."
    if due_date is None:
        errors["due_date"] = "Hãy nhập hạn nộp hồ sơ."
    elif year and due_date.year < year:
        errors["due_date"] = "Hạn nộp hồ sơ không thể trước năm thành tích."
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()[:255]
    with transaction.atomic():
        deadline = SubmissionDeadline.objects.select_for_update().filter(year=year, authority=authority).first()
        previous = deadline.due_date if deadline else None
        if deadline is None:
            deadline = SubmissionDeadline(year=year, authority=authority)
        deadline.due_date = due_date
        deadline.note = note
        deadline.save()
        updated = _unsent_drafts(year, authority).update(due_date=due_date)
        label = Authority(authority).label
        moved = f" (trước đây {previous:%d/%m/%Y})" if previous and previous != due_date else ""
        audit(
            actor=actor,
            action="deadline.set",
            obj=deadline,
            summary=f"Hạn nộp hồ sơ năm {year} — {label}: {due_date:%d/%m/%Y}{moved}",
            data={
                "year": year,
                "authority": authority,
                "due_date": due_date.isoformat(),
                "previous": previous.isoformat() if previous else None,
                "drafts_updated": updated,
            },
        )
    return deadline


def submission_deadline_remove(*, actor, deadline: SubmissionDeadline) -> None:
    """Remove a yearly deadline; the drafts of that year and authority no longer have a due date."""
    _require(actor)
    with transaction.atomic():
        locked = SubmissionDeadline.objects.select_for_update().filter(pk=deadline.pk).first()
        if locked is None:
            raise ValidationError("Hạn nộp này đã được xóa.")
        _unsent_drafts(locked.year, locked.authority).filter(due_date=locked.due_date).update(due_date=None)
        audit(
            actor=actor,
            action="deadline.remove",
            obj=locked,
            summary=(
                f"Bỏ hạn nộp hồ sơ năm {locked.year} — {locked.get_authority_display()} ({locked.due_date:%d/%m/%Y})"
            ),
            data={"year": locked.year, "authority": locked.authority, "due_date": locked.due_date.isoformat()},
        )
        locked.delete()


def day_off_add(*, actor, date: dt.date, name: str) -> DayOff:
    """Declare a day off of the province (e.g. a day swapped by the provincial people's committee)."""
    _require(actor)
    name = (name or "").strip()
    errors = {}
    if date is None:
        errors["date"] = "Hãy nhập ngày nghỉ."
    if not name:
        errors["name"] = "Hãy ghi lý do nghỉ."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if DayOff.objects.filter(date=date).exists():
            raise ValidationError({"date": f"Ngày {date:%d/%m/%Y} đã có trong danh sách ngày nghỉ."})
        day = DayOff.objects.create(date=date, name=name[:200])
        audit(
            actor=actor,
            action="day_off.add",
            obj=day,
            summary=f"Thêm ngày nghỉ {date:%d/%m/%Y}: {day.name}",
            data={"date": date.isoformat(), "name": day.name},
        )
    return day


def day_off_remove(*, actor, day_off: DayOff) -> None:
    _require(actor)
    with transaction.atomic():
        locked = DayOff.objects.select_for_update().filter(pk=day_off.pk).first()
        if locked is None:
            raise ValidationError("Ngày nghỉ này đã được xóa.")
        audit(
            actor=actor,
            action="day_off.remove",
            obj=locked,
            summary=f"Bỏ ngày nghỉ {locked.date:%d/%m/%Y}: {locked.name}",
            data={"date": locked.date.isoformat(), "name": locked.name},
        )
        locked.delete()
