"""Reviews of a movement: interim (sơ kết), final (tổng kết), and the patriotic emulation congress
(Đại hội thi đua yêu nước) — recorded by whoever manages the movement ("movements.manage": the
province for provincial and national movements, the launching unit's officer for a unit's own).

Rules (each a Vietnamese message when broken, and nothing changes):
- a congress reviews a provincial movement only (the province holds it, every five years, and hands
  out the awards there — Hậu Giang 2024: "tổng kết đợt thi đua và trao thưởng ... vào dịp tổ chức
  Đại hội thi đua yêu nước tỉnh lần thứ VI");
- the movement has been launched and is not closed;
- the date fits the kind, against the movement's period [start, end]:
  * interim — within the period (an interim review looks at a movement half way);
  * final — from FINAL_EARLIEST_DAYS days before the end (year-end conferences are held in
    December for a year ending on 31/12) up to FINAL_LATEST_DAYS days after it;
  * congress — from the start of the period up to FINAL_LATEST_DAYS days after its end (the congress
    follows the five-yearly calendar, so it may fall inside the period or after it);
  with no period known (some national movements) the date is not checked against it;
- one final review and one congress per movement; as many interim reviews as needed;
- awards given never exceed awards proposed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.core.audit import audit

from ..models import Level, Movement, Review, ReviewKind, State

FINAL_EARLIEST_DAYS = 45
FINAL_LATEST_DAYS = 366
REVIEW_FIELDS = ("kind", "date", "title", "scope", "participants", "summary", "awards_proposed", "awards_given")
SINGLE_KINDS = (ReviewKind.FINAL, ReviewKind.CONGRESS)

DEFAULT_TITLES = {
    ReviewKind.INTERIM: "Hội nghị sơ kết {name}",
    ReviewKind.FINAL: "Hội nghị tổng kết {name}",
    ReviewKind.CONGRESS: "Đại hội thi đua yêu nước — tổng kết {name}",
}


def default_title(kind: str, movement: Movement) -> str:
    name = movement.name
    if not name.lower().startswith(("phong trào", "đợt thi đua", "kế hoạch")):
        name = f"phong trào {name}"
    elif name[0].isupper():
        name = name[0].lower() + name[1:]
    return DEFAULT_TITLES[kind].format(name=name)[:500]


def _d(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def _check(movement: Movement, data: dict, review: Review | None = None) -> dict:
    """The cleaned fields, or ValidationError with every broken rule."""
    errors: dict[str, list[str]] = {}

    def err(key, message):
        errors.setdefault(key, []).append(message)

    kind = data.get("kind")
    date = data.get("date")
    if kind not in ReviewKind.values:
        err("kind", "Cần chọn hình thức: sơ kết, tổng kết hoặc đại hội thi đua yêu nước.")
    if not isinstance(date, dt.date):
        err("date", "Cần nhập ngày tổ chức.")
    if movement.state == State.DRAFT:
        err(None, "Phong trào chưa được phát động: chưa thể sơ kết, tổng kết.")
    if movement.state == State.CLOSED:
        err(None, "Phong trào đã kết thúc: không thêm, sửa sơ kết, tổng kết được nữa.")
    if kind == ReviewKind.CONGRESS and movement.level != Level.PROVINCE:
        err("kind", "Đại hội thi đua yêu nước chỉ tổng kết phong trào cấp tỉnh.")
    start, end = movement.period_start, movement.period_end
    if kind in ReviewKind.values and isinstance(date, dt.date) and start and end:
        late = end + dt.timedelta(days=FINAL_LATEST_DAYS)
        if kind == ReviewKind.INTERIM and not start <= date <= end:
            err(
                "date",
                f"Sơ kết được tổ chức trong thời gian thực hiện phong trào ({_d(start)} – {_d(end)}); "
                "sau khi phong trào kết thúc, hãy chọn tổng kết.",
            )
        elif kind == ReviewKind.FINAL:
            early = end - dt.timedelta(days=FINAL_EARLIEST_DAYS)
            if date < early:
                err(
                    "date",
                    f"Tổng kết được tổ chức từ ngày {_d(early)} ({FINAL_EARLIEST_DAYS} ngày trước khi phong trào "
                    f"kết thúc ngày {_d(end)}); trước đó, hãy chọn sơ kết.",
                )
            elif date > late:
                err("date", f"Ngày tổng kết quá xa so với ngày kết thúc phong trào ({_d(end)}).")
        elif kind == ReviewKind.CONGRESS:
            if date < start:
                err("date", f"Đại hội thi đua yêu nước không thể trước ngày bắt đầu phong trào ({_d(start)}).")
            elif date > late:
                err("date", f"Ngày đại hội quá xa so với ngày kết thúc phong trào ({_d(end)}).")
    if kind in SINGLE_KINDS:
        others = Review.objects.filter(movement=movement, kind=kind)
        if review is not None:
            others = others.exclude(pk=review.pk)
        if others.exists():
            label = "hội nghị tổng kết" if kind == ReviewKind.FINAL else "đại hội thi đua yêu nước"
            err("kind", f"Phong trào đã có {label}; hãy sửa bản ghi đã có.")
    proposed, given = data.get("awards_proposed"), data.get("awards_given")
    for key in ("participants", "awards_proposed", "awards_given"):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            err(key, "Phải là số nguyên không âm.")
    if isinstance(proposed, int) and isinstance(given, int) and given > proposed:
        err("awards_given", "Số được khen thưởng không thể lớn hơn số đề nghị khen thưởng.")
    title = (data.get("title") or "").strip()
    if len(title) > 500:
        err("title", "Tên hội nghị quá dài (tối đa 500 ký tự).")
    scope = (data.get("scope") or "").strip()
    if len(scope) > 255:
        err("scope", "Phạm vi quá dài (tối đa 255 ký tự).")
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    return {
        "kind": kind,
        "date": date,
        "title": title or default_title(kind, movement),
        "scope": scope,
        "participants": data.get("participants"),
        "summary": (data.get("summary") or "").strip(),
        "awards_proposed": proposed,
        "awards_given": given,
    }


def _require_manage(actor, movement):
    if not actor.has_perm("movements.manage", movement):
        raise PermissionDenied("Chỉ cơ quan phát động phong trào được tổ chức sơ kết, tổng kết.")


def review_create(*, actor, movement: Movement, data: dict) -> Review:
    """Record a review of the movement (see the module docstring for the rules)."""
    _require_manage(actor, movement)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        clean = _check(locked, data)
        review = Review.objects.create(movement=locked, created_by=actor, **clean)
        audit(
            actor=actor,
            action="review.create",
            obj=review,
            unit=locked.launching_unit,
            summary=f"Thêm {ReviewKind(review.kind).label.lower()} ngày {_d(review.date)}: “{review.title}”",
            data={"movement": locked.pk, "kind": review.kind, "date": review.date.isoformat()},
        )
    return review


def review_update(*, actor, review: Review, data: dict) -> Review:
    """Edit a review; the kind may change as long as the rules still hold."""
    movement = review.movement
    _require_manage(actor, movement)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        current = Review.objects.select_for_update().get(pk=review.pk)
        merged = {key: data.get(key, getattr(current, key)) for key in REVIEW_FIELDS}
        clean = _check(locked, merged, current)
        changed = [key for key, value in clean.items() if getattr(current, key) != value]
        for key, value in clean.items():
            setattr(current, key, value)
        current.save()
        audit(
            actor=actor,
            action="review.update",
            obj=current,
            unit=locked.launching_unit,
            summary=f"Sửa {ReviewKind(current.kind).label.lower()} “{current.title}”",
            data={"fields": changed},
        )
    review.refresh_from_db()
    return review
