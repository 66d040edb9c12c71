"""Reads of people and their facts, always limited to the actor's units."""

import re
from dataclasses import dataclass, field
from itertools import chain

from django.db.models import Count, Q
from django.http import Http404

from thidua.accounts.selectors import PEOPLE_ROLES, scope_q, unit_in_scope
from thidua.core.history import history_entries
from thidua.core.text import fold_vi
from thidua.org.models import LOCAL_GOVERNMENT_KINDS, Unit

from .models import AnnualRating, Discipline, Embargo, Employment, Household, Initiative, Person

NATIONAL_ID_RE = re.compile(r"^\d{12}$")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def person_list(*, actor, filters=None):
    """People in the actor's units, filtered and ordered by name.

    Filters (all optional): ``q`` (name typed with or without diacritics, or an exact
    12-digit CCCD), ``unit`` (a Unit or its id: that unit and its whole subtree, only
    within the actor's scope), ``sex``, ``employment_type``, ``birth_year_from``,
    ``birth_year_to``. The queryset pages in a fixed number of queries (unit joined).
    """
    filters = filters or {}
    qs = Person.objects.filter(scope_q(actor, "unit__", PEOPLE_ROLES)).select_related("unit")

    q = (filters.get("q") or "").strip()
    if q:
        if NATIONAL_ID_RE.match(q):
            qs = qs.filter(national_id=q)
        else:
            # Every folded word must appear in the folded name: "nguyen an" finds "Nguyễn Văn An".
            for word in fold_vi(q).split(" "):
                qs = qs.filter(search_text__contains=word)

    unit = filters.get("unit")
    if unit not in (None, ""):
        if not isinstance(unit, Unit):
            unit = Unit.objects.filter(pk=_int_or_none(unit)).first()
        if unit is None or not unit_in_scope(actor, unit, PEOPLE_ROLES):
            return qs.none()
        qs = qs.filter(unit__path__startswith=unit.path)

    if filters.get("sex"):
        qs = qs.filter(sex=filters["sex"])
    if filters.get("employment_type"):
        qs = qs.filter(employment_type=filters["employment_type"])
    year_from = _int_or_none(filters.get("birth_year_from"))
    if year_from:
        qs = qs.filter(birth_date__year__gte=year_from)
    year_to = _int_or_none(filters.get("birth_year_to"))
    if year_to:
        qs = qs.filter(birth_date__year__lte=year_to)
    return qs.order_by("search_text", "id")


def person_get(*, actor, pk) -> Person:
    """One person in the actor's scope; 404 otherwise (out-of-scope people do not exist for the actor)."""
    person = (
        Person.objects.filter(scope_q(actor, "unit__", PEOPLE_ROLES))
        .select_related("unit", "household")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("Không tìm thấy cá nhân.")
    return person


def person_possible_duplicates(*, actor, full_name, birth_date, exclude_pk=None):
    """People in scope with the same folded name and birth date (a soft warning before creating)."""
    if not full_name or not birth_date:
        return []
    qs = Person.objects.filter(
        scope_q(actor, "unit__", PEOPLE_ROLES), search_text=fold_vi(full_name), birth_date=birth_date
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.select_related("unit")[:10])


def unit_choices(*, actor) -> list[tuple[int, str]]:
    """(id, indented name) of the units in the actor's scope, in tree order, for filter selects."""
    rows = Unit.objects.filter(scope_q(actor, roles=PEOPLE_ROLES)).order_by("path").values_list("id", "name", "depth")
    if not rows:
        return []
    top = min(depth for _, _, depth in rows)
    return [(pk, "\u00a0\u00a0" * (depth - top) + name) for pk, name, depth in rows]


def initiative_get(*, actor, pk) -> Initiative:
    obj = (
        Initiative.objects.filter(scope_q(actor, "person__unit__", PEOPLE_ROLES), pk=pk)
        .select_related("person__unit")
        .first()
    )
    if obj is None:
        raise Http404("Không tìm thấy sáng kiến.")
    return obj


def embargo_get(*, actor, pk) -> Embargo:
    obj = (
        Embargo.objects.filter(scope_q(actor, "person__unit__", PEOPLE_ROLES), pk=pk)
        .select_related("person__unit")
        .first()
    )
    if obj is None:
        raise Http404("Không tìm thấy thông tin tạm dừng xét khen thưởng.")
    return obj


@dataclass
class TimelineEntry:
    year: int
    kind: str
    label: str
    obj: object


@dataclass
class Timeline:
    ratings: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    embargoes: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    employments: list = field(default_factory=list)
    years: list = field(default_factory=list)  # [(year, [TimelineEntry, ...])], newest year first


KIND_LABELS = {
    "rating": "Xếp loại",
    "initiative": "Sáng kiến",
    "discipline": "Kỷ luật",
    "embargo": "Tạm dừng xét khen thưởng",
    "award": "Khen thưởng",
    "employment": "Công tác",
}
# Within a year: awards first (what people look for), then the facts they rest on.
KIND_ORDER = {k: i for i, k in enumerate(["award", "rating", "initiative", "discipline", "embargo", "employment"])}


def person_timeline(person) -> Timeline:
    """Everything recorded about one person, in six queries, merged by year (newest first)."""
    from thidua.decisions.models import Award, DecisionState

    t = Timeline(
        ratings=list(AnnualRating.objects.filter(person=person).order_by("-year")),
        initiatives=list(Initiative.objects.filter(person=person).order_by("-year", "id")),
        disciplines=list(Discipline.objects.filter(person=person).order_by("-start_date")),
        embargoes=list(Embargo.objects.filter(person=person).order_by("-start_date")),
        # Awards of issued decisions (drafts create none; the filter keeps it so), each with its
        # revocation if any, in the same query.
        awards=list(
            Award.objects.filter(person=person, decision__state=DecisionState.ISSUED)
            .select_related("decision", "award_type", "revocation")
            .order_by("-year", "-id")
        ),
        employments=list(Employment.objects.filter(person=person).select_related("unit").order_by("-start_date")),
    )
    entries = chain(
        (TimelineEntry(r.year, "rating", KIND_LABELS["rating"], r) for r in t.ratings),
        (TimelineEntry(i.year, "initiative", KIND_LABELS["initiative"], i) for i in t.initiatives),
        (TimelineEntry(d.start_date.year, "discipline", KIND_LABELS["discipline"], d) for d in t.disciplines),
        (TimelineEntry(e.start_date.year, "embargo", KIND_LABELS["embargo"], e) for e in t.embargoes),
        (TimelineEntry(a.year, "award", KIND_LABELS["award"], a) for a in t.awards),
        (TimelineEntry(e.start_date.year, "employment", KIND_LABELS["employment"], e) for e in t.employments),
    )
    by_year: dict[int, list[TimelineEntry]] = {}
    for entry in entries:
        by_year.setdefault(entry.year, []).append(entry)
    t.years = [
        (year, sorted(by_year[year], key=lambda e: KIND_ORDER[e.kind])) for year in sorted(by_year, reverse=True)
    ]
    return t


def person_history(person, limit: int = 100) -> list[dict]:
    """ "Lịch sử thay đổi": the person's record and their facts' historical rows, newest first."""
    sources = [
        person.history.all(),
        AnnualRating.history.filter(person_id=person.pk),
        Initiative.history.filter(person_id=person.pk),
        Discipline.history.filter(person_id=person.pk),
        Embargo.history.filter(person_id=person.pk),
    ]
    merged = list(chain.from_iterable(history_entries(records, limit=limit) for records in sources))
    merged.sort(key=lambda e: e["at"], reverse=True)
    return merged[:limit]


def person_export_rows(*, actor, filters=None):
    """All matching rows (not one page) as tuples, streamed from the database for the Excel export."""
    qs = person_list(actor=actor, filters=filters)
    return qs.values_list(
        "full_name",
        "birth_date",
        "sex",
        "ethnicity",
        "national_id",
        "position",
        "employment_type",
        "is_direct_worker",
        "unit__name",
    ).iterator(chunk_size=2000)


# --- households ----------------------------------------------------------------------------------


def household_commune_choices(*, actor) -> list[tuple[int, str]]:
    """(id, name) of the communes, wards and special zones in the actor's scope, for the household filter."""
    return list(
        Unit.objects.filter(scope_q(actor, roles=PEOPLE_ROLES), kind__in=LOCAL_GOVERNMENT_KINDS)
        .order_by("name", "id")
        .values_list("id", "name")
    )


def household_list(*, actor, filters=None):
    """Households of the communes in the actor's scope, ordered by head name, each with `award_count`
    (awards of issued decisions, revoked ones aside).

    Filters (optional): ``q`` (head name or address typed with or without diacritics; every folded
    word must occur), ``unit`` (a commune or its id, within the actor's scope — otherwise no rows).
    Pages in a fixed number of queries (commune joined, count annotated).
    """
    from thidua.decisions.models import DecisionState

    filters = filters or {}
    qs = Household.objects.filter(scope_q(actor, "unit__", PEOPLE_ROLES)).select_related("unit")
    for word in fold_vi((filters.get("q") or "").strip()).split():
        qs = qs.filter(search_text__contains=word)

    unit = filters.get("unit")
    if unit not in (None, ""):
        if not isinstance(unit, Unit):
            unit = Unit.objects.filter(pk=_int_or_none(unit)).first()
        if unit is None or not unit_in_scope(actor, unit, PEOPLE_ROLES):
            return qs.none()
        qs = qs.filter(unit__path__startswith=unit.path)

    active = Q(awards__decision__state=DecisionState.ISSUED, awards__revoked=False)
    return qs.annotate(award_count=Count("awards", filter=active)).order_by("search_text", "id")


def household_get(*, actor, pk):
    """One household of a commune in the actor's scope; 404 otherwise."""
    household = Household.objects.filter(scope_q(actor, "unit__", PEOPLE_ROLES), pk=pk).select_related("unit").first()
    if household is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    return household


def household_awards(household) -> list:
    """The household's awards of issued decisions (drafts create none), newest first, each with its
    decision, award type and revocation if any — one query."""
    from thidua.decisions.models import Award, DecisionState

    return list(
        Award.objects.filter(household=household, decision__state=DecisionState.ISSUED)
        .select_related("award_type", "decision", "revocation")
        .order_by("-year", "-decision__date", "-id")
    )


def household_ratings(household) -> list:
    """The household's yearly ratings, newest first — one query."""
    return list(AnnualRating.objects.filter(household=household).order_by("-year", "-id"))
