"""Dashboard figures per persona, each scoped to the actor's units."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from thidua.accounts import rules as r
from thidua.accounts.selectors import scope_paths, scope_q


def _card(label, value, url=None, hint=""):
    return {"label": label, "value": value, "url": url, "hint": hint}


def dashboard_counts(*, actor) -> list[dict]:
    """The counts that matter to the actor's roles, all within the actor's scope."""
    from thidua.catalog.models import AwardType
    from thidua.decisions.models import Award
    from thidua.org.models import Unit
    from thidua.people.models import AnnualRating, Embargo, Person

    cards = []
    whole_province = scope_paths(actor) is None
    units = Unit.objects.filter(scope_q(actor), valid_to__isnull=True)
    if r.can_view_org(actor):
        cards.append(_card("Đơn vị đang hoạt động", units.count(), "org:unit_tree"))
    if r.can_view_people(actor):
        people = Person.objects.filter(scope_q(actor, "unit__"))
        people_count = people.count()
        cards.append(_card("Cá nhân trong phạm vi quản lý", people_count, "people:person_list"))
        last_year = timezone.localdate().year - 1
        rated = AnnualRating.objects.filter(year=last_year, person__in=people).count()
        share = f"{100 * rated / people_count:.1f}".replace(".", ",") if people_count else "0"
        cards.append(_card(f"Đã có xếp loại năm {last_year}", rated, hint=f"{share}% số cá nhân trong phạm vi"))
        awards = Award.objects.filter(revoked=False)
        if not whole_province:
            awards = awards.filter(Q(person__in=people) | Q(unit__in=units))
        latest = awards.order_by("-year").values_list("year", flat=True).first()
        if latest:
            cards.append(_card(f"Khen thưởng năm {latest}", awards.filter(year=latest).count()))
        today = timezone.localdate()
        embargoes = Embargo.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        if not whole_province:
            embargoes = embargoes.filter(Q(person__in=people) | Q(unit__in=units))
        cards.append(_card("Đang tạm dừng xét khen thưởng", embargoes.count(), hint="Không được đề nghị khen thưởng"))
    if r.is_council_member(actor) or r.can_view_catalog(actor):
        cards.append(
            _card("Hình thức, danh hiệu trong danh mục", AwardType.objects.filter(active=True).count(), "catalog:index")
        )
    if r.can_manage_users(actor):
        from thidua.accounts.models import User
        from thidua.core.models import AuditEvent

        cards.append(
            _card("Tài khoản đang hoạt động", User.objects.filter(is_active=True).count(), "accounts:user_list")
        )
        week_ago = timezone.now() - dt.timedelta(days=7)
        cards.append(_card("Thao tác nghiệp vụ trong 7 ngày", AuditEvent.objects.filter(at__gte=week_ago).count()))
    return cards


def audit_event_list(*, actor, filters: dict | None = None):
    """The business-action log, newest first (administrators and provincial officers)."""
    from thidua.core.models import AuditEvent
    from thidua.core.text import fold_vi

    if not r.can_view_audit(actor):
        return AuditEvent.objects.none()
    filters = filters or {}
    events = AuditEvent.objects.select_related("actor", "unit").order_by("-at", "-id")
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        events = events.filter(actor__username=filters["actor"])
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    if filters.get("q"):
        needle = filters["q"].strip()
        events = events.filter(Q(summary__icontains=needle) | Q(summary__icontains=fold_vi(needle)))
    return events
