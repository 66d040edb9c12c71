from functools import cached_property

from django.conf import settings

# The header badge stops counting there and shows "99+" (the inbox page has the full counts).
WAITING_CAP = 100


class NoticeCounts:
    """The header's two counters, computed only if a template shows them (one query each, once)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        from .notifications import unread_count

        return unread_count(actor=self.user)

    @cached_property
    def officer(self) -> bool:
        """The user handles dossiers (the inbox applies to them)."""
        from thidua.accounts.models import Role
        from thidua.accounts.selectors import scope_paths, user_roles

        if not getattr(self.user, "is_authenticated", False):
            return False
        return scope_paths(self.user) is None or any(
            ra.role in (Role.UNIT_OFFICER, Role.PROVINCE_OFFICER) for ra in user_roles(self.user)
        )

    @cached_property
    def waiting(self) -> int:
        """Dossiers at the user's steps or returned to their units (thidua.nominations)."""
        if not getattr(self.user, "is_authenticated", False):
            return 0
        from thidua.nominations.selectors.workflow import waiting_count

        return waiting_count(actor=self.user, cap=WAITING_CAP)


def shell(request):
    from thidua.accounts.selectors import user_nav

    return {
        "PROVINCE_NAME": settings.PROVINCE_NAME,
        "nav": user_nav(request.user),
        "notice_counts": NoticeCounts(request.user),
    }
