"""Public consultation (lấy ý kiến nhân dân, law.md §7.5): the commendation office publishes a dossier's
state-level lines on the public site for a number of working days; citizens comment (anonymous,
rate-limited, moderated before display); the appraisal cannot complete before the period ends.

Rule-set parameters (read on the day of the action):
- `public_consultation_award_codes`: the award codes that must be published (comma-separated);
- `public_consultation_working_days`: the length of the period in working days.

Comment rate limits are settings (`THIDUA_COMMENT_LIMIT_PER_HOUR`, `THIDUA_COMMENT_LIMIT_PER_DAY`,
defaults below). A commenter is known only by `client_key`, a keyed hash of the address (of its /64
network for IPv6): the raw address is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.calendar import working_days_after
from thidua.core.permissions import require as _require
from thidua.core.text import vdate

from ..models import (
    Appraisal,
    CommentStatus,
    Nomination,
    NominationLine,
    PublicComment,
    PublicConsultation,
    State,
    StepKind,
)

CODES_PARAM = "public_consultation_award_codes"
DAYS_PARAM = "public_consultation_working_days"
DEFAULT_DAYS = 10
DEFAULT_PER_HOUR = 3
DEFAULT_PER_DAY = 10

NAME_MIN, NAME_MAX = 2, 150
CONTACT_MIN, CONTACT_MAX = 5, 150
BODY_MIN, BODY_MAX = 10, 3000

# Control characters other than tab and line breaks are dropped from what citizens type.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- Parameters -------------------------------------------------------------------------------


def _params(on: dt.date | None = None) -> dict:
    from thidua.eligibility.selectors import rule_context

    return rule_context(on=on).params


def consultation_codes(params: dict | None = None) -> frozenset[str]:
    """The award codes that must be published for public comment (rule-set parameter)."""
    params = _params() if params is None else params
    raw = str(params.get(CODES_PARAM) or "")
    return frozenset(code.strip().upper() for code in raw.split(",") if code.strip())


def consultation_days(params: dict | None = None) -> int:
    params = _params() if params is None else params
    try:
        days = int(params.get(DAYS_PARAM) or DEFAULT_DAYS)
    except (TypeError, ValueError):
        days = DEFAULT_DAYS
    return max(days, 1)


def lines_needing_consultation(nomination: Nomination, codes: frozenset[str] | None = None) -> list[NominationLine]:
    """The dossier's lines whose award must be published (lines the office rejected are left out)."""
    codes = consultation_codes() if codes is None else codes
    if not codes:
        return []
    return list(
        NominationLine.objects.filter(nomination=nomination, award_type__code__in=codes)
        .exclude(appraisal=Appraisal.REJECTED)
        .select_related("award_type")
        .order_by("sort_order", "id")
    )


def is_open(consultation: PublicConsultation, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return consultation.opened_on <= today <= consultation.ends_on


# --- Opening ----------------------------------------------------------------------------------


def consultation_open(*, actor, nomination: Nomination, version: int | None = None) -> PublicConsultation:
    """Publish the dossier's lines that need public comment, for the rule set's number of working days.

    Only the commendation office's officer (the province) may do it, while the dossier is under
    appraisal at the office's step. Lines added later, or taken off because their published content
    changed after a return (services/dossiers.py line_update), are published by opening again: the
    period then restarts from today."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("current_step__unit", "proposing_unit")
            .get(pk=nomination.pk)
        )
        _require(
            actor,
            "nominations.process",
            locked,
            "Chỉ cơ quan thường trực thi đua, khen thưởng đang thẩm định hồ sơ mới được đăng lấy ý kiến nhân dân.",
        )
        if version is not None and locked.version != version:
            raise ValidationError(
                "Hồ sơ vừa được người khác cập nhật sau khi anh/chị mở trang này. Hãy tải lại trang — "
                "chưa có thay đổi nào được lưu."
            )
        step = locked.current_step
        if locked.state != State.IN_APPRAISAL or step is None or step.kind != StepKind.OFFICE:
            raise ValidationError(
                "Chỉ đăng lấy ý kiến nhân dân khi hồ sơ đang được cơ quan thường trực (Sở Nội vụ) thẩm định."
            )
        today = timezone.localdate()
        params = _params(today)
        needed = lines_needing_consultation(locked, consultation_codes(params))
        if not needed:
            raise ValidationError(
                "Hồ sơ không có dòng đề nghị nào thuộc diện phải lấy ý kiến nhân dân "
                "(khen thưởng cấp Nhà nước theo tham số của bộ quy tắc)."
            )
        days = consultation_days(params)
        ends_on = working_days_after(today, days)
        existing = PublicConsultation.objects.select_for_update().filter(nomination=locked).first()
        if existing is not None:
            published = set(existing.lines.values_list("pk", flat=True))
            missing = [line for line in needed if line.pk not in published]
            if not missing:
                raise ValidationError(
                    f"Hồ sơ đã được đăng lấy ý kiến nhân dân từ ngày {vdate(existing.opened_on)} "
                    f"đến hết ngày {vdate(existing.ends_on)}."
                )
            existing.opened_on, existing.ends_on, existing.opened_by = today, ends_on, actor
            existing.save(update_fields=["opened_on", "ends_on", "opened_by"])
            existing.lines.add(*missing)
            consultation, added, how = existing, missing, "Đăng bổ sung"
        else:
            consultation = PublicConsultation.objects.create(
                nomination=locked, opened_on=today, ends_on=ends_on, opened_by=actor
            )
            consultation.lines.set(needed)
            added, how = needed, "Đăng"
        Nomination.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        audit(
            actor=actor,
            action="consultation.open",
            obj=locked,
            unit=locked.proposing_unit,
            summary=(
                f"{how} lấy ý kiến nhân dân hồ sơ {locked.code}: {len(added)} dòng, "
                f"từ ngày {vdate(today)} đến hết ngày {vdate(ends_on)} ({days} ngày làm việc)"
            ),
            data={
                "consultation": consultation.pk,
                "lines": [line.pk for line in added],
                "opened_on": today.isoformat(),
                "ends_on": ends_on.isoformat(),
                "working_days": days,
            },
        )
    nomination.version = locked.version + 1
    return consultation


def consultation_blocker(nomination, today: dt.date | None = None) -> str | None:
    """A Vietnamese message when the appraisal may not complete yet because of public consultation;
    None when no line needs it or the period is over."""
    today = today or timezone.localdate()
    needed = lines_needing_consultation(nomination, consultation_codes(_params(today)))
    if not needed:
        return None
    consultation = PublicConsultation.objects.filter(nomination_id=nomination.pk).first()
    if consultation is None:
        return "Hồ sơ có đề nghị khen thưởng cấp Nhà nước: cần đăng lấy ý kiến nhân dân trước khi hoàn thành thẩm định."
    published = set(consultation.lines.values_list("pk", flat=True))
    if any(line.pk not in published for line in needed):
        return (
            "Hồ sơ có dòng đề nghị khen thưởng cấp Nhà nước chưa được đăng lấy ý kiến nhân dân: "
            "cần đăng bổ sung trước khi hoàn thành thẩm định."
        )
    if today <= consultation.ends_on:
        return f"Hồ sơ chưa hết thời gian lấy ý kiến nhân dân (đến hết ngày {vdate(consultation.ends_on)})."
    return None


# --- Comments ---------------------------------------------------------------------------------


def rate_limit_address(address: str) -> str:
    """What the rate limit counts as one commenter: an IPv4 address, or the /64 network of an IPv6
    address (one subscriber usually holds a whole /64 and may change addresses inside it at will).
    An IPv4 address written as IPv6 (::ffff:a.b.c.d) counts as that IPv4 address."""
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def client_key_for(address: str) -> str:
    """A keyed hash of the commenter's address, IPv6 on its /64 prefix (the raw address is never stored)."""
    secret = settings.SECRET_KEY.encode()
    key = rate_limit_address(address)
    return hmac.new(secret, f"consultation:{key}".encode(), hashlib.sha256).hexdigest()


def _clean_text(value: str, *, multiline: bool = False) -> str:
    text = _CONTROL.sub("", str(value or ""))
    if multiline:
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "\n".join(lines).strip()
    return " ".join(text.split())


def _check_length(errors: dict, field: str, value: str, low: int, high: int, label: str):
    if not value:
        errors[field] = f"Vui lòng nhập {label}."
    elif len(value) < low:
        errors[field] = f"{label[0].upper()}{label[1:]} quá ngắn (ít nhất {low} ký tự)."
    elif len(value) > high:
        errors[field] = f"{label[0].upper()}{label[1:]} quá dài (tối đa {high:,} ký tự).".replace(",", ".")


def rate_limits() -> tuple[int, int]:
    """(per hour, per day) comments allowed from one address."""
    return (
        int(getattr(settings, "THIDUA_COMMENT_LIMIT_PER_HOUR", DEFAULT_PER_HOUR)),
        int(getattr(settings, "THIDUA_COMMENT_LIMIT_PER_DAY", DEFAULT_PER_DAY)),
    )


def comment_submit(
    *,
    consultation: PublicConsultation,
    line_id: int | None,
    name: str,
    contact: str,
    body: str,
    client_key: str,
) -> PublicComment:
    """A citizen's comment on a published dossier (anonymous; waits for moderation before display)."""
    name = _clean_text(name)
    contact = _clean_text(contact)
    body = _clean_text(body, multiline=True)
    errors: dict[str, str] = {}
    _check_length(errors, "name", name, NAME_MIN, NAME_MAX, "họ và tên")
    _check_length(errors, "contact", contact, CONTACT_MIN, CONTACT_MAX, "số điện thoại hoặc thư điện tử")
    _check_length(errors, "body", body, BODY_MIN, BODY_MAX, "nội dung ý kiến")
    if errors:
        raise ValidationError(errors)
    if not client_key or len(client_key) > 64:
        raise ValidationError("Không xác định được nơi gửi ý kiến. Vui lòng thử lại.")
    with transaction.atomic():
        consultation = (
            PublicConsultation.objects.select_for_update(of=("self",))
            .select_related("nomination__proposing_unit")
            .get(pk=consultation.pk)
        )
        today = timezone.localdate()
        if today > consultation.ends_on:
            raise ValidationError(
                f"Thời gian lấy ý kiến nhân dân đã kết thúc (hết ngày {vdate(consultation.ends_on)}): "
                "không nhận thêm ý kiến."
            )
        if today < consultation.opened_on:
            raise ValidationError("Hồ sơ chưa bắt đầu lấy ý kiến nhân dân.")
        line = None
        if line_id:
            line = consultation.lines.filter(pk=line_id).first()
            if line is None:
                raise ValidationError({"line": "Trường hợp được chọn không thuộc danh sách lấy ý kiến."})
        per_hour, per_day = rate_limits()
        now = timezone.now()
        recent = PublicComment.objects.filter(client_key=client_key, created_at__gte=now - dt.timedelta(days=1))
        if recent.filter(created_at__gte=now - dt.timedelta(hours=1)).count() >= per_hour:
            raise ValidationError(
                f"Anh/chị đã gửi {per_hour} ý kiến trong một giờ qua. Vui lòng gửi lại sau ít phút — "
                "ý kiến này chưa được ghi nhận."
            )
        if recent.count() >= per_day:
            raise ValidationError(
                f"Anh/chị đã gửi {per_day} ý kiến trong một ngày qua, là số lượng tối đa. Vui lòng gửi lại vào "
                "ngày mai — ý kiến này chưa được ghi nhận."
            )
        comment = PublicComment.objects.create(
            consultation=consultation,
            line=line,
            name=name,
            contact=contact,
            body=body,
            client_key=client_key,
        )
        nomination = consultation.nomination
        audit(
            actor=None,
            action="consultation.comment",
            obj=nomination,
            unit=nomination.proposing_unit,
            summary=f"Nhận ý kiến nhân dân về hồ sơ {nomination.code} (chờ duyệt)",
            data={"consultation": consultation.pk, "comment": comment.pk, "line": line.pk if line else None},
        )
    return comment


def comment_moderate(*, actor, comment: PublicComment, approve: bool) -> PublicComment:
    """Approve a comment for display, or keep it off the public page (it stays attached to the dossier)."""
    with transaction.atomic():
        locked = (
            PublicComment.objects.select_for_update(of=("self",))
            .select_related("consultation__nomination__proposing_unit")
            .get(pk=comment.pk)
        )
        nomination = locked.consultation.nomination
        _require(actor, "nominations.moderate_comments", nomination, "Chỉ cán bộ cấp tỉnh được duyệt ý kiến nhân dân.")
        status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
        if locked.status == status:
            label = "đã được duyệt hiển thị" if approve else "đã được đánh dấu không hiển thị"
            raise ValidationError(f"Ý kiến này {label}.")
        previous = locked.status
        locked.status = status
        locked.moderated_by = actor
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
        verb = "Duyệt hiển thị" if approve else "Không hiển thị"
        audit(
            actor=actor,
            action="consultation.moderate",
            obj=nomination,
            unit=nomination.proposing_unit,
            # No commenter's name: the dossier's history is read by the unit, the leaders and the council.
            summary=f"{verb} ý kiến nhân dân #{locked.pk} về hồ sơ {nomination.code}",
            data={"comment": locked.pk, "from": previous, "to": status},
        )
    comment.status, comment.moderated_by, comment.moderated_at = locked.status, actor, locked.moderated_at
    return locked
