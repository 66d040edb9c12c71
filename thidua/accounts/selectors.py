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
        items.append({"label": "Phong trào", "url": "movements:movement_list"})
        if r.is_admin(user) or r.is_province_officer(user) or r.is_unit_officer(user):
            items.append({"label": "Đăng ký thi đua", "url": "movements:registration_start"})
        items.append({"label": "Đơn vị", "url": "org:unit_tree"})
    if r.can_view_people(user):
        items.append({"label": "Cá nhân", "url": "people:person_list"})
        items.append({"label": "Đủ điều kiện", "url": "eligibility:eligible_list"})
    if r.can_view_catalog(user):
        items.append({"label": "Danh mục khen thưởng", "url": "catalog:index"})
    if r.can_manage_users(user):
        items.append({"label": "Người dùng", "url": "accounts:user_list"})
    if r.can_view_audit(user):
        items.append({"label": "Nhật ký", "url": "audit_log"})
    return items


# --- User administration (administrators see every account: users belong to no single unit) ---

USER_STATUS_ACTIVE = "hoat-dong"
USER_STATUS_INACTIVE = "da-khoa"


def user_list(*, actor, filters: dict | None = None):
    """Accounts matching the filters, with their roles and units loaded in one extra query.

    filters: q (username / name / email, with or without diacritics), role (Role value),
    unit (a Unit: roles held on it or on its subtree), status (USER_STATUS_*).
    Only administrators manage accounts; anyone else gets an empty list.
    """
    from django.db.models import Exists, OuterRef, Prefetch

    from thidua.core.text import fold_vi

    from .models import User

    if not actor.has_perm("accounts.manage_users"):
        return User.objects.none()
    filters = filters or {}
    qs = User.objects.all()
    q = fold_vi(filters.get("q") or "")
    for word in q.split():
        qs = qs.filter(search_text__contains=word)
    role, unit = filters.get("role"), filters.get("unit")
    if role or unit:
        held = RoleAssignment.objects.filter(user=OuterRef("pk"))
        if role:
            held = held.filter(role=role)
        if unit is not None:
            held = held.filter(unit__path__startswith=unit.path)
        qs = qs.filter(Exists(held))
    status = filters.get("status")
    if status == USER_STATUS_ACTIVE:
        qs = qs.filter(is_active=True)
    elif status == USER_STATUS_INACTIVE:
        qs = qs.filter(is_active=False)
    roles = RoleAssignment.objects.select_related("unit").order_by("role", "unit__path")
    return qs.order_by("username").prefetch_related(Prefetch("roles", queryset=roles))


def user_get(*, actor, pk):
    """One account with its roles, for administrators; None otherwise or when it does not exist."""
    from .models import User

    if not actor.has_perm("accounts.manage_users"):
        return None
    return User.objects.filter(pk=pk).first()


def user_role_assignments(*, user) -> list[RoleAssignment]:
    return list(RoleAssignment.objects.filter(user=user).select_related("unit").order_by("role", "unit__path"))


def unit_suggestions(*, actor, q: str, limit: int = 20):
    """Active units whose name or code matches q (folded), for the unit picker of role forms."""
    from thidua.core.text import fold_vi
    from thidua.org.models import Unit

    qs = Unit.objects.filter(valid_to__isnull=True).filter(scope_q(actor))
    for word in fold_vi(q).split():
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("path")[:limit])
