"""Dashboard figures per persona, each scoped to the actor's units."""

from django.db.models import Count, Q

from thidua.accounts import rules as r
from thidua.accounts.selectors import scope_q


def dashboard_counts(*, actor) -> list[dict]:
    from thidua.decisions.models import Award
    from thidua.org.models import Unit
    from thidua.people.models import Person

    cards = []
    units = Unit.objects.filter(scope_q(actor), valid_to__isnull=True)
    cards.append({"label": "Đơn vị đang hoạt động", "value": units.count(), "url": "org:unit_tree"})
    if r.can_view_people(actor):
        cards.append(
            {
                "label": "Cá nhân",
                "value": Person.objects.filter(scope_q(actor, "unit__")).count(),
                "url": "people:person_list",
            }
        )
        awards = Award.objects.filter(revoked=False).filter(
            scope_q(actor, "person__unit__") if actor_scoped(actor) else Q()
        )
        latest = awards.order_by("-year").values_list("year", flat=True).first()
        if latest:
            by_year = awards.filter(year=latest).aggregate(n=Count("id"))
            cards.append({"label": f"Khen thưởng cá nhân năm {latest}", "value": by_year["n"], "url": None})
    return cards


def actor_scoped(actor) -> bool:
    from thidua.accounts.selectors import scope_paths

    return scope_paths(actor) is not None
