"""The one permission check every service starts with."""

from django.core.exceptions import PermissionDenied

DENIED = "Anh/chị không có quyền thực hiện thao tác này."


def require(actor, perm: str, obj=None, message: str = DENIED) -> None:
    """PermissionDenied(message) unless `actor` has `perm` (on `obj`), through django-rules."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)
