"""Who the actor is: their roles and the units they may see (a role covers a subtree)."""

from django.db.models import Q

from .models import Role, RoleAssignment

PROVINCE_WIDE_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER}


def user_roles(user) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request object.

    The same query tells whether the user holds a council seat and signs for an issuing body (asked
    by the menu on every page); the council and decisions rules read these flags from the user
    (`_thidua_seat`, `_thidua_signer`) and ask the database themselves only for a user without roles."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_thidua_roles", None)
    if cached is None:
        from django.apps import apps
        from django.db.models import Exists, OuterRef

        seats = apps.get_model("council", "CouncilMember").objects.filter(user=OuterRef("user_id"), active=True)
        signers = apps.get_model("decisions", "Signer").objects.filter(user=OuterRef("user_id"), active=True)
        cached = list(
            RoleAssignment.objects.filter(user=user)
            .select_related("unit")
            .annotate(holds_seat=Exists(seats), signs=Exists(signers))
        )
        if cached:
            user._thidua_seat, user._thidua_signer = cached[0].holds_seat, cached[0].signs
        user._thidua_roles = cached
    return cached


def has_role(user, *roles) -> bool:
    return any(ra.role in roles for ra in user_roles(user))


# Which roles' units count for a purpose. A user may hold several roles on different units (an officer
# of a school who also sits on the provincial council): the scope of an action is the union of the units
# of the roles that grant that action only, never of every role the user holds.
OFFICER_ROLES = frozenset({Role.UNIT_OFFICER})
PEOPLE_ROLES = frozenset({Role.UNIT_OFFICER, Role.LEADER})


def scope_paths(user, roles=None) -> list[str] | None:
    """Path prefixes of the units the user may see; None means the whole province.

    Administrators and provincial commendation officers see the whole province; every
    other role sees the subtree of the unit it is held on. `roles` limits the union to the
    subtrees of those roles (e.g. OFFICER_ROLES for what an officer may change).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser or has_role(user, *PROVINCE_WIDE_ROLES):
        return None
    paths = sorted({ra.unit.path for ra in user_roles(user) if roles is None or ra.role in roles})
    # Drop paths already covered by an ancestor path.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def scope_q(user, unit_field: str = "", roles=None) -> Q:
    """A filter limiting a queryset to the user's units; `unit_field` leads to the Unit ("unit__")."""
    paths = scope_paths(user, roles)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{unit_field}path__startswith": path})
    return q


def unit_in_scope(user, unit, roles=None) -> bool:
    if unit is None:
        return False
    paths = scope_paths(user, roles)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def user_nav(user) -> list[dict]:
    """Navigation entries the user's roles give access to: {"label", "url"} or a menu
    {"label", "children": [entries]} (a menu of one entry is shown as that entry)."""
    if not getattr(user, "is_authenticated", False):
        return []
    import rules as django_rules

    from . import rules as r

    def perm(name):
        # The rules registry only: Django's model backend would cost two queries a page for a "no".
        return django_rules.has_perm(name, user)

    def menu(label, children):
        children = [c for c in children if c]
        if not children:
            return None
        if len(children) == 1:
            return children[0]
        return {"label": label, "children": children, "urls": [c["url"] for c in children]}

    def entry(label, url, allowed=True):
        return {"label": label, "url": url} if allowed else None

    province = r.is_admin(user) or r.is_province_officer(user)
    items = [
        {"label": "Tổng quan", "url": "dashboard"},
        menu(
            "Phong trào",
            [
                entry("Phong trào thi đua", "movements:movement_list", r.can_view_org(user)),
                entry("Đăng ký thi đua", "movements:registration_start", province or r.is_unit_officer(user)),
            ],
        ),
        menu(
            "Hồ sơ khen thưởng",
            [
                entry("Hồ sơ đề nghị", "nominations:nomination_list", r.can_view_org(user)),
                entry("Chờ Hội đồng xét", "nominations:council_queue", perm("nominations.view_council_queue")),
                entry("Hồ sơ quá hạn", "nominations:overdue", perm("nominations.view_overdue")),
                entry("Ý kiến nhân dân chờ duyệt", "nominations:moderation_queue", province),
                entry("Hạn nộp hồ sơ, ngày nghỉ", "nominations:deadline_list", province),
            ],
        ),
        menu(
            "Cụm, khối",
            [
                entry("Cụm, khối thi đua", "clusters:cluster_list", perm("clusters.view_list")),
                entry("Bảng chấm điểm mẫu", "clusters:template_list", perm("clusters.manage_templates")),
                entry("So sánh đơn vị dẫn đầu", "clusters:leaders", perm("clusters.compare_leaders")),
            ],
        ),
        menu(
            "Hội đồng",
            [
                entry("Phiên họp Hội đồng", "council:meeting_list", perm("council.view")),
                entry("Thành viên Hội đồng", "council:council_list", perm("council.manage")),
            ],
        ),
        menu(
            "Quyết định",
            [
                entry("Quyết định, tờ trình", "decisions:decision_list", perm("decisions.view_list")),
                entry("Lập dự thảo", "decisions:draft_create", perm("decisions.prepare")),
                entry("Chờ ký ban hành", "decisions:to_sign", perm("decisions.sign")),
                entry("Người ký, cơ quan ban hành", "decisions:signer_list", perm("decisions.manage_signers")),
                entry("Hủy bỏ khen thưởng", "decisions:revocation_list", perm("decisions.view_revocations")),
            ],
        ),
        menu(
            "Tiền thưởng",
            [
                entry("Chi tiền thưởng", "decisions:payment_list", perm("decisions.view_payments")),
                entry("Tổng hợp tiền thưởng", "decisions:money_totals", perm("decisions.view_payments")),
                entry("Sổ quỹ thi đua, khen thưởng", "decisions:fund_ledger", perm("decisions.manage_fund")),
            ],
        ),
        entry("Đơn vị", "org:unit_tree", r.can_view_org(user)),
        menu(
            "Cá nhân",
            [
                entry("Danh sách cá nhân", "people:person_list", r.can_view_people(user)),
                entry("Hộ gia đình", "people:household_list", r.can_view_people(user)),
                entry("Danh sách đủ điều kiện", "eligibility:eligible_list", r.can_view_people(user)),
            ],
        ),
        entry("Danh mục khen thưởng", "catalog:index", r.can_view_catalog(user)),
        menu(
            "Quản trị",
            [
                entry("Người dùng", "accounts:user_list", r.can_manage_users(user)),
                entry("Nhật ký", "audit_log", r.can_view_audit(user)),
            ],
        ),
    ]
    return [i for i in items if i]


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
