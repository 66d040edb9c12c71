"""Login throttling: after MAX_FAILURES failed logins for a username within WINDOW, refuse
further attempts (even with the right password) until the oldest of them is WINDOW old.

Kept in the database (not the cache) so that every web worker sees the same count.
"""

import datetime as dt

from django.utils import timezone

from .models import LoginAttempt

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
THROTTLED_MESSAGE = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def is_throttled(username: str) -> bool:
    since = timezone.now() - WINDOW
    return LoginAttempt.objects.filter(username=_key(username), at__gte=since).count() >= MAX_FAILURES


def record_failure(username: str, ip: str | None = None) -> None:
    now = timezone.now()
    LoginAttempt.objects.create(username=_key(username), ip=ip or None)
    # Forget attempts nobody will count again (cheap: indexed on `at`).
    LoginAttempt.objects.filter(at__lt=now - 4 * WINDOW).delete()


def record_success(username: str) -> None:
    LoginAttempt.objects.filter(username=_key(username)).delete()
