"""In-app notifications, also sent by e-mail: one generic `notify()` that every feature reuses.

The Notification rows are written in the caller's transaction (they disappear with it when the
action fails); the e-mails leave only once that transaction has committed, one message per user
so that no recipient sees the others' addresses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Thi đua – Khen thưởng] "


def _distinct_users(users: Iterable) -> list:
    seen, out = set(), []
    for user in users:
        if user is None or not getattr(user, "is_active", True) or user.pk in seen:
            continue
        seen.add(user.pk)
        out.append(user)
    return out


def _mail_body(user, text: str, url: str) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    link = f"\n\nXem chi tiết: {site}{url}" if url else ""
    province = getattr(settings, "PROVINCE_NAME", "")
    return (
        f"Kính gửi {user.full_name or user.username},\n\n{text}{link}\n\n"
        f"Thư này được gửi tự động từ phần mềm quản lý thi đua, khen thưởng {province}. "
        "Vui lòng không trả lời thư này."
    )


def _send_mails(messages: list[tuple[str, str, str]]) -> None:
    for subject, body, address in messages:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # the in-app notice exists; a mail server hiccup must not fail the request
            logger.exception("Không gửi được thư thông báo tới %s", address)


def notify(*, users: Iterable, text: str, url: str = "") -> list[Notification]:
    """Notify `users` (duplicates and inactive accounts skipped): one Notification each, and an
    e-mail after commit to those who have an address. Returns the rows created."""
    recipients = _distinct_users(users)
    if not recipients:
        return []
    text = text[:500]
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, text=text, url=url[:300]) for user in recipients]
    )
    subject = SUBJECT_PREFIX + (text if len(text) <= 120 else text[:117] + "…")
    mails = [(subject, _mail_body(user, text, url), user.email) for user in recipients if user.email]
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return rows


# --- Reads and the two small writes of the notification screens -----------------------------------


def notification_list(*, actor):
    """The actor's notifications, newest first (nobody sees anybody else's)."""
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor).order_by("-created_at", "-id")


def unread_count(*, actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def notification_read(*, actor, pk: int) -> Notification | None:
    """Mark one of the actor's notifications read; None when it is not theirs (or does not exist)."""
    notice = Notification.objects.filter(recipient=actor, pk=pk).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notification_read_all(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
