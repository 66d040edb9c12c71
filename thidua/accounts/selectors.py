"""Who the actor is: their roles and the units they may see (a role covers a subtree)."""

from django.db.models import Q

from .models import Role, RoleAssignment

PROVINCE_WIDE_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER}


def user_roles(user) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_thidua_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._thidua_roles = cached
    return cached


def has_role(user, *roles) -> bool:
    return any(ra.role in roles for ra in user_roles(user))


def scope_paths(user) -> list[str] | None:
    """Path prefixes of the units the user may see; None means the whole province.

    Administrators and provincial commendation officers see the whole province; every
    other role sees the subtree of the unit it is held on.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser or has_role(user, *PROVINCE_WIDE_ROLES):
        return None
    paths = sorted({ra.unit.path for ra in user_roles(user)})
    # Drop paths already covered by an ancestor path.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def scope_q(user, unit_field: str = "") -> Q:
    """A filter limiting a queryset to the user's units; `unit_field` leads to the Unit ("unit__")."""
    paths = scope_paths(user)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{unit_field}path__startswith": path})
    return q


def unit_in_scope(user, unit) -> bool:
    if unit is None:
        return False
    paths = scope_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def user_nav(user) -> list[dict]:
    """Navigation entries the user's roles give access to."""
    if not getattr(user, "is_authenticated", False):
        return []
    from . import rules as r

    items = [{"label": "Tổng quan", "url": "dashboard"}]
    if r.can_view_org(user):
        items.append({"label": "Đơn vị", "url": "org:unit_tree"})
    if r.can_view_people(user):
        items.append({"label": "Cá nhân", "url": "people:person_list"})
    if r.can_view_catalog(user):
        items.append({"label": "Danh mục khen thưởng", "url": "catalog:index"})
    if r.can_manage_users(user):
        items.append({"label": "Người dùng", "url": "accounts:user_list"})
    return items
