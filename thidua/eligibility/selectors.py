"""Reads for the eligibility screens: load facts in bulk from the ORM, hand them to the pure engine.

Facts loading
-------------
`facts_for_people(ids, years=…)` / `facts_for_units(ids, years=…)` build `SubjectFacts` with a fixed
number of queries per batch of 900 ids (SQLite's parameter limit); the list screens call the
queryset loaders (`_people_facts`, `_units_facts`) with a scoped queryset instead, which the
database reads as a sub-select: then the number of queries does not depend on the number of
subjects at all.

What a subject's facts hold:
- ratings for `years`; every award up to the last year (revoked ones too, flagged, with their
  basis: only CONG_TRANG feeds ladders, the engine decides); initiatives and science works for
  `years`; every discipline; whether an embargo is in force on `on` (default: today); for a unit,
  whether it was dissolved (valid_to set and a DISSOLVE succession).
- Members of a unit in a year (MemberStats): the people rated that year whose employment was in
  that unit (directly, not in its sub-units) on 31 December of the year; a person with no
  employment history at all counts in their current unit. Members' LĐTT (or CSTT) and CSTĐCS are
  awards of that year that are not revoked. This follows the TTLĐXS rule, which speaks of the
  unit's members in the year considered (law.md §3.2).
- Mergers: when the rule parameter `chains_continue_through_mergers` is on, a unit's facts include
  those of its predecessors (merge, consolidation and split links, recursively): their awards,
  their ratings for years the unit itself was not rated (the lowest grade when several predecessors
  were rated: the cautious reading), and their members for years the unit had none (summed).
  A person's facts are always their own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    StringAgg,
    TextField,
    Value,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.selectors import PEOPLE_ROLES, scope_q, unit_in_scope
from thidua.catalog.models import AwardType
from thidua.decisions.models import Award
from thidua.org.models import SuccessionKind, Unit, UnitSuccession
from thidua.people.models import AnnualRating, Discipline, Embargo, Employment, Initiative, Person

from .engine import paused_gc
from .facts import (
    CONG_TRANG,
    PERSON,
    UNIT,
    AwardFact,
    DisciplineFact,
    InitiativeFact,
    MemberStats,
    RuleContext,
    SubjectFacts,
)
from .verdict import CONFIRM, MET, UNMET, Verdict

BATCH = 900  # ids per IN list (SQLite allows 999 parameters in older builds)
YEARS_BACK = 10  # years of ratings and initiatives loaded before the year considered (HCLĐ ladders)
LDTT_CODES = ("LDTT", "CSTT")
CSTDCS_CODE = "CSTDCS"
# Discipline at warning (cảnh cáo) level or above (TTLĐTT option, law.md §3.2).
WARNING_OR_ABOVE = ("WARNING", "SALARY_DOWN", "DEMOTION", "DISMISSAL_POST", "DISMISSAL")
GRADE_RANK = {"KHT": 0, "HT": 1, "HTT": 2, "HTXS": 3}
EDUCATION = "EDUCATION"
MERGER_PARAM = "chains_continue_through_mergers"


def fact_years(year: int) -> range:
    """The years of facts loaded to decide about `year`."""
    return range(year - YEARS_BACK + 1, year + 1)


@dataclass(frozen=True)
class Window:
    """Which facts a bulk load reads: ratings, initiatives and members of `years`; awards from
    `awards_since` (None: every award up to the last year)."""

    years: range
    awards_since: int | None = None


def fact_window(award_codes, kind: str, year: int, ctx: RuleContext) -> Window:
    """The facts the criteria of `award_codes` read for `year` (engine.first_year_read): a list of
    annual titles reads two or three years of rows instead of every award and ten years."""
    from .engine import first_year_read

    first = first_year_read(award_codes, kind, year, ctx)
    if first is None:
        return Window(fact_years(year))
    return Window(range(first, year + 1), first)


def default_year() -> int:
    return timezone.localdate().year - 1


def _chunks(ids, size=BATCH):
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


class SubjectRow(NamedTuple):
    """A subject as the lists show it (no model instance: one light row per subject; a named tuple
    is several times cheaper to build than a frozen dataclass, and a national list builds a million)."""

    kind: str  # PERSON | UNIT
    id: int
    name: str
    unit_id: int | None = None  # a person's unit; a unit's parent
    unit_name: str = ""

    @property
    def url(self) -> str:
        if self.kind == PERSON:
            return reverse("people:person_detail", args=[self.id])
        return reverse("org:unit_detail", args=[self.id])


def _gc_paused(loader):
    """Run a bulk loader with the cyclic garbage collector paused (see engine.paused_gc)."""

    @functools.wraps(loader)
    def wrapper(*args, **kwargs):
        with paused_gc():
            return loader(*args, **kwargs)

    return wrapper


def _raw_rows(qs):
    """The rows of a values_list() queryset straight from the cursor (no per-value converters).

    Only for columns whose raw database values are already what we need (integers, text, and
    booleans read as 0/1 or True/False).
    """
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


# A boolean column as text: "1"/"0" on SQLite, "true"/"false" on PostgreSQL.
TRUE_TEXTS = frozenset({"1", "true"})


def _awards_in(awards, last: int, since: int | None):
    awards = awards.filter(year__lte=last)
    return awards if since is None else awards.filter(year__gte=since)


class _Joined(Func):
    """`a || ':' || b …` over NOT NULL columns, as text.

    Concat would wrap every piece in COALESCE (its arguments may be NULL): on a national batch that
    costs a third of the query. These columns are never NULL, so the plain operator is the same.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        pieces, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            pieces.append(f"({sql})::text" if connection.vendor == "postgresql" else f"({sql})")
            params.extend(more)
        return "(" + " || ':' || ".join(pieces) + ")", params


def _grouped(qs, subject_field: str, *columns: str):
    """subject id → the subject's rows of `qs` as one text ("a:b,a:b"), aggregated by the database.

    A province's list reads ~30,000 short texts instead of ~170,000 rows; equal texts are parsed
    once (most people share their few years of history with others). `columns` are NOT NULL.
    """
    rows = (
        qs.order_by()
        .values(subject_field)
        .annotate(text=StringAgg(_Joined(*(F(c) for c in columns)), Value(",")))
        .values_list(subject_field, "text")
    )
    return dict(_raw_rows(rows))


def _parsed(texts: dict[int, str], parse) -> dict:
    """subject id → parse(text), each distinct text parsed once and the result shared."""
    cache: dict[str, object] = {}
    out = {}
    for pk, text in texts.items():
        value = cache.get(text)
        if value is None:
            value = cache[text] = parse(text)
        out[pk] = value
    return out


def _award_facts(awards, subject_field: str) -> dict[int, tuple[AwardFact, ...]]:
    """subject id → AwardFacts (oldest first), in two queries.

    The decision date is not loaded: no criterion reads it (the rule set follows the date of the
    dossier and of the new decision, not of earlier awards).
    """
    codes = {str(pk): code for pk, code in AwardType.objects.values_list("id", "code")}
    shared: dict[str, AwardFact] = {}

    def parse(text: str) -> tuple[AwardFact, ...]:
        facts = []
        for item in text.split(","):
            fact = shared.get(item)
            if fact is None:
                type_id, year, revoked, basis = item.split(":")
                revoked = revoked in TRUE_TEXTS
                fact = shared[item] = AwardFact(codes[type_id], int(year), None, revoked, basis or CONG_TRANG)
            facts.append(fact)
        facts.sort(key=lambda f: (f.year, f.code))
        return tuple(facts)

    texts = _grouped(awards, subject_field, "award_type_id", "year", "revoked", "basis")
    return _parsed(texts, parse)


def _rating_facts(ratings, subject_field: str) -> dict[int, dict[int, str]]:
    """subject id → {year: grade}, one aggregated text per subject."""

    def parse(text: str) -> dict[int, str]:
        out = {}
        for item in text.split(","):
            year, grade = item.split(":")
            out[int(year)] = grade
        return out

    return _parsed(_grouped(ratings, subject_field, "year", "grade"), parse)


_FACT_DEFAULTS = {f.name: f.default for f in fields(SubjectFacts) if f.default is not MISSING}
_FACT_FACTORIES = tuple((f.name, f.default_factory) for f in fields(SubjectFacts) if f.default_factory is not MISSING)


def _subject_facts(values: dict) -> SubjectFacts:
    """SubjectFacts(**values), built without the frozen dataclass's per-field setattr (≈30,000 per
    province load): same fields, defaults and equality."""
    data = dict(_FACT_DEFAULTS)
    for name, factory in _FACT_FACTORIES:
        data[name] = factory()
    data.update(values)
    facts = object.__new__(SubjectFacts)
    facts.__dict__.update(data)
    return facts


# --- People -----------------------------------------------------------------------------------


def _embargoed(field_name: str, subjects, on: dt.date) -> set[int]:
    rows = Embargo.objects.filter(**{f"{field_name}__in": subjects}, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    return set(rows.values_list(f"{field_name}_id", flat=True))


@_gc_paused
def _people_facts(people, *, years, on: dt.date | None = None, awards_since: int | None = None):
    """(facts by id, rows by id) for a Person queryset, in nine queries whatever its size.

    Ratings and initiatives from the first to the last of `years` (callers pass a range); awards up
    to the last year, from `awards_since` when given."""
    years = list(years)
    on = on or timezone.localdate()
    earliest, last = min(years), max(years)
    rows, info = {}, {}
    # The people's units in their own query: a join per person costs as much as reading the people.
    units = {
        pk: (name, sector == EDUCATION)
        for pk, name, sector in _raw_rows(
            Unit.objects.filter(pk__in=people.order_by().values("unit_id")).values_list("id", "name", "sector")
        )
    }
    no_unit = ("", False)
    for pk, name, unit_id, sex, direct in _raw_rows(
        people.order_by().values_list("id", "full_name", "unit_id", "sex", "is_direct_worker")
    ):
        unit_name, school = units.get(unit_id, no_unit)
        rows[pk] = SubjectRow(PERSON, pk, name, unit_id, unit_name)
        info[pk] = (sex, direct, school)
    initiatives = defaultdict(list)
    disciplines = defaultdict(list)
    # Years as a range (one index seek per person; `year IN (…)` seeks once per year).
    ratings = _rating_facts(AnnualRating.objects.filter(person__in=people, year__range=(earliest, last)), "person_id")
    awards = _award_facts(_awards_in(Award.objects.filter(person__in=people), last, awards_since), "person_id")
    shared = {}  # equal facts are one object (cheaper to hold, hash and compare)
    for pk, *key in _raw_rows(
        Initiative.objects.filter(person__in=people, year__range=(earliest, last))
        .order_by()
        .values_list("person_id", "year", "scope", "is_science_work")
    ):
        key = (key[0], key[1], bool(key[2]))
        fact = shared.get(key)
        if fact is None:
            fact = shared[key] = InitiativeFact(*key)
        initiatives[pk].append(fact)
    for pk, start, end, level in (
        Discipline.objects.filter(person__in=people)
        .order_by()
        .values_list("person_id", "start_date", "end_date", "level")
    ):
        disciplines[pk].append(DisciplineFact(start, end, level))
    embargoed = _embargoed("person", people, on)
    # New recruits: months worked in the year they started (LĐTT needs a minimum, a rule parameter).
    months = {}
    for pk, first in (
        Employment.objects.filter(person__in=people)
        .values("person_id")
        .annotate(first=Min("start_date"))
        .filter(first__gte=dt.date(earliest, 1, 1))
        .values_list("person_id", "first")
    ):
        if first.year in years:
            months[pk] = (first.year, 12 - first.month + (1 if first.day <= 15 else 0))
    facts = {}
    # People with the same history share one SubjectFacts (facts say what happened, not to whom):
    # cheaper to build, and the engine decides once per object (engine.evaluate_each). Parsed
    # ratings and awards are already shared per distinct text, so their ids stand for their content
    # while `ratings` and `awards` keep them alive.
    interned: dict[tuple, SubjectFacts] = {}
    no_ratings, no_awards = {}, ()
    for pk in rows:
        sex, direct, school = info.get(pk, (None, False, False))
        r = ratings.get(pk, no_ratings)
        a = awards.get(pk, no_awards)
        i = tuple(initiatives.get(pk, ()))
        d = tuple(disciplines.get(pk, ()))
        m = months.get(pk)
        key = (id(r), id(a), i, d, pk in embargoed, sex, direct, school, m)
        shared = interned.get(key)
        if shared is None:
            shared = interned[key] = _subject_facts(
                {
                    "kind": PERSON,
                    "ratings": r,
                    "awards": a,
                    "initiatives": i,
                    "disciplines": d,
                    "embargo": pk in embargoed,
                    "sex": sex or None,
                    "is_direct_worker": bool(direct),
                    "school_year": school,
                    "months_worked": {m[0]: m[1]} if m else {},
                }
            )
        facts[pk] = shared
    return facts, rows


def facts_for_people(
    person_ids, *, years, on: dt.date | None = None, awards_since: int | None = None
) -> dict[int, SubjectFacts]:
    """Facts of the given people (no scoping: the caller has checked permission)."""
    out = {}
    for chunk in _chunks(person_ids):
        qs = Person.objects.filter(pk__in=chunk)
        out.update(_people_facts(qs, years=years, on=on, awards_since=awards_since)[0])
    return out


# --- Units ------------------------------------------------------------------------------------


def _lineages(units) -> dict[int, list[int]]:
    """unit id → ids of every unit it succeeded (recursively); one query per generation."""
    parents = defaultdict(set)  # successor → direct predecessors
    links = UnitSuccession.objects.filter(successor__in=units).exclude(kind=SuccessionKind.DISSOLVE)
    frontier = set()
    for succ, pred in links.values_list("successor_id", "predecessor_id"):
        parents[succ].add(pred)
        frontier.add(pred)
    seen = set(frontier)
    while frontier:
        nxt = set()
        for chunk in _chunks(frontier):
            for succ, pred in UnitSuccession.objects.filter(successor_id__in=chunk).values_list(
                "successor_id", "predecessor_id"
            ):
                parents[succ].add(pred)
                if pred not in seen:
                    seen.add(pred)
                    nxt.add(pred)
        frontier = nxt
    out = {}
    for start in list(parents):
        acc, stack = [], list(parents[start])
        while stack:
            u = stack.pop()
            if u in acc or u == start:
                continue
            acc.append(u)
            stack.extend(parents.get(u, ()))
        out[start] = acc
    return out


def _dec31_employment_q(prefix: str, years) -> Q:
    """An employment (reached through `prefix`) in force on 31 December of the rating's year.

    Written as plain date comparisons per year (no year extraction: SQLite would call a Python
    function per row).
    """
    q = Q()
    for year in years:
        dec31 = dt.date(year, 12, 31)
        q |= Q(year=year, **{f"{prefix}start_date__lte": dec31}) & (
            Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": dec31})
        )
    return q


def _rating_counts():
    """Aggregates of the rated members of one (unit, year) group."""
    warned = Discipline.objects.filter(
        person_id=OuterRef("person_id"),
        level__in=WARNING_OR_ABOVE,
        start_date__year__lte=OuterRef("year"),
        end_date__year__gte=OuterRef("year"),
    )
    # The few people with any such measure, read once: the correlated test then runs for them only.
    ever_warned = Discipline.objects.filter(person__isnull=False, level__in=WARNING_OR_ABOVE).values("person_id")
    return {
        "total": Count("person_id", distinct=True),
        "at_least_ht": Count("person_id", distinct=True, filter=~Q(grade="KHT")),
        "htxs": Count("person_id", distinct=True, filter=Q(grade="HTXS")),
        "women": Count("person_id", distinct=True, filter=Q(person__sex="F")),
        "warned": Count("person_id", distinct=True, filter=Q(person_id__in=ever_warned) & Q(Exists(warned))),
    }


def _title_counts():
    """Members' LĐTT (or CSTT) and CSTĐCS of one (unit, year) group (awards, not revoked)."""
    return {
        "ldtt": Count("person_id", distinct=True, filter=Q(award_type__code__in=LDTT_CODES)),
        "cstdcs": Count("person_id", distinct=True, filter=Q(award_type__code=CSTDCS_CODE)),
    }


def _member_stats(unit_filter: Q, years) -> dict[int, dict[int, MemberStats]]:
    """unit id → year → MemberStats, in four aggregate queries (see the module docstring).

    Members with an employment history are grouped by the unit of the employment in force on
    31 December; members without one by their current unit. Titles are counted by joining the
    awards of the year to the same employment (no correlated sub-query per member: the database
    would probe the awards table once per rating).
    """
    years = list(years)
    history = "person__employments__"
    in_unit = _dec31_employment_q(history, years) & unit_filter_for(history, unit_filter)
    # Read from the people side: the few people without any employment, then their rows by index
    # (testing every rating or award for an employment costs a probe per row).
    no_history = Q(
        person__in=Person.objects.filter(unit_filter, ~Exists(Employment.objects.filter(person_id=OuterRef("pk"))))
    )
    ratings = AnnualRating.objects.filter(person__isnull=False, year__in=years)
    awards = Award.objects.filter(person__isnull=False, year__in=years, revoked=False)
    titles = awards.filter(award_type__code__in=(*LDTT_CODES, CSTDCS_CODE))
    counts = defaultdict(lambda: defaultdict(dict))  # unit → year → {name: n}
    for qs, group in (
        (ratings.filter(in_unit), f"{history}unit_id"),
        (ratings.filter(no_history), "person__unit_id"),
    ):
        rows = qs.values(group, "year").annotate(**_rating_counts())
        for row in rows.values_list(group, "year", "total", "at_least_ht", "htxs", "women", "warned"):
            unit_id, year, *values = row
            bucket = counts[unit_id][year]
            for name, value in zip(("total", "at_least_ht", "htxs", "women", "warned"), values, strict=True):
                bucket[name] = bucket.get(name, 0) + value
    for qs, group in (
        (titles.filter(in_unit), f"{history}unit_id"),
        # All their awards, not just the titles: the counts' filters keep the titles, and without
        # the type condition the database reads these people's awards by person, not every title.
        (awards.filter(no_history), "person__unit_id"),
    ):
        rows = qs.values(group, "year").annotate(**_title_counts())
        for unit_id, year, ldtt, cstdcs in rows.values_list(group, "year", "ldtt", "cstdcs"):
            bucket = counts[unit_id][year]
            bucket["ldtt"] = bucket.get("ldtt", 0) + ldtt
            bucket["cstdcs"] = bucket.get("cstdcs", 0) + cstdcs
    out = defaultdict(dict)
    for unit_id, by_year in counts.items():
        for year, b in by_year.items():
            if not b.get("total"):
                continue  # titles without any rated member: not a membership year
            out[unit_id][year] = MemberStats(
                b["total"],
                b.get("at_least_ht", 0),
                b.get("ldtt", 0),
                b.get("cstdcs", 0),
                b.get("htxs", 0),
                b.get("women", 0),
                b.get("warned", 0),
            )
    return out


def unit_filter_for(prefix: str, unit_filter: Q) -> Q:
    """Re-root a filter written against `unit_id` / `unit__…` under `prefix` (e.g. "person__employments__")."""
    children = []
    for child in unit_filter.children:
        if isinstance(child, Q):
            children.append(unit_filter_for(prefix, child))
        else:
            key, value = child
            children.append((prefix + key, value))
    q = Q(*children, _connector=unit_filter.connector, _negated=unit_filter.negated)
    return q


def _add_stats(a: MemberStats, b: MemberStats) -> MemberStats:
    return MemberStats(
        a.total + b.total,
        a.rated_at_least_ht + b.rated_at_least_ht,
        a.ldtt + b.ldtt,
        a.cstdcs + b.cstdcs,
        a.rated_htxs + b.rated_htxs,
        a.women + b.women,
        a.disciplined_warning + b.disciplined_warning,
    )


@_gc_paused
def _units_facts(
    units, *, years, on: dt.date | None = None, through_mergers: bool = True, awards_since: int | None = None
):
    """(facts by id, rows by id) for a Unit queryset; a fixed number of queries whatever its size
    (plus one per generation of reorganisations when `through_mergers`)."""
    years = list(years)
    on = on or timezone.localdate()
    last = max(years)
    rows, info = {}, {}
    for pk, name, parent_id, parent_name, sector, valid_to in units.values_list(
        "id", "name", "parent_id", "parent__name", "sector", "valid_to"
    ):
        rows[pk] = SubjectRow(UNIT, pk, name, parent_id, parent_name or "")
        info[pk] = (sector == EDUCATION, valid_to)
    lineage = _lineages(units) if through_mergers else {}
    extra = sorted({p for preds in lineage.values() for p in preds} - rows.keys())
    # Every fact query reads "the units of the queryset, or one of these predecessors".
    unit_filter = Q(unit__in=units)
    if extra:
        unit_filter |= Q(unit_id__in=extra)

    disciplines = defaultdict(list)
    ratings = _rating_facts(AnnualRating.objects.filter(unit_filter, year__in=years), "unit_id")
    awards = _award_facts(_awards_in(Award.objects.filter(unit_filter), last, awards_since), "unit_id")
    for pk, start, end, level in Discipline.objects.filter(unit_filter).values_list(
        "unit_id", "start_date", "end_date", "level"
    ):
        disciplines[pk].append(DisciplineFact(start, end, level))
    embargoed = _embargoed("unit", units, on)
    dissolved = set(
        UnitSuccession.objects.filter(
            kind=SuccessionKind.DISSOLVE, predecessor__in=units, predecessor__valid_to__isnull=False
        ).values_list("predecessor_id", flat=True)
    )
    members = _member_stats(unit_filter, years)

    facts = {}
    for pk in rows:
        school, _valid_to = info[pk]
        own_ratings = dict(ratings.get(pk, {}))
        own_awards = list(awards.get(pk, ()))
        own_disc = list(disciplines.get(pk, ()))
        own_members = dict(members.get(pk, {}))
        pred_ratings, pred_members = defaultdict(list), defaultdict(list)
        for pred in lineage.get(pk, ()):
            for year, grade in ratings.get(pred, {}).items():
                pred_ratings[year].append(grade)
            own_awards.extend(awards.get(pred, ()))
            own_disc.extend(disciplines.get(pred, ()))
            for year, stats in members.get(pred, {}).items():
                pred_members[year].append(stats)
        for year, grades in pred_ratings.items():
            own_ratings.setdefault(year, min(grades, key=GRADE_RANK.get))
        for year, stats in pred_members.items():
            if year not in own_members:
                total = stats[0]
                for s in stats[1:]:
                    total = _add_stats(total, s)
                own_members[year] = total
        own_awards.sort(key=lambda a: a.year)
        facts[pk] = SubjectFacts(
            kind=UNIT,
            ratings=own_ratings,
            awards=tuple(own_awards),
            disciplines=tuple(own_disc),
            embargo=pk in embargoed,
            unit_dissolved=pk in dissolved,
            members=own_members,
            school_year=school,
        )
    return facts, rows


def facts_for_units(
    unit_ids, *, years, on: dt.date | None = None, through_mergers: bool = True, awards_since: int | None = None
):
    """Facts of the given units (no scoping: the caller has checked permission)."""
    out = {}
    for chunk in _chunks(unit_ids):
        qs = Unit.objects.filter(pk__in=chunk)
        out.update(_units_facts(qs, years=years, on=on, through_mergers=through_mergers, awards_since=awards_since)[0])
    return out


# --- Rule context -----------------------------------------------------------------------------


def rule_context(*, on: dt.date | None = None) -> RuleContext:
    """The rule set and money in force on `on` (default today) for criteria and for the decision."""
    from .context import context_for

    day = on or timezone.localdate()
    return context_for(criteria_date=day, decision_date=day)


def _through_mergers(ctx: RuleContext) -> bool:
    value = ctx.params.get(MERGER_PARAM, True)
    return bool(value)


# --- Subjects in scope ------------------------------------------------------------------------


def award_kind(code: str) -> str:
    """PERSON when the award is for individuals, UNIT for collectives (from the catalogue)."""
    row = AwardType.objects.filter(code=code).values_list("for_person", "for_unit").first()
    if row is None:
        raise Http404("Không có hình thức khen thưởng này.")
    return PERSON if row[0] else UNIT


def award_options() -> list[tuple[str, str, str]]:
    """(code, name, kind) of the awards the engine knows, for the list screen's select."""
    from .engine import relevant_awards

    codes = [(c, PERSON) for c in relevant_awards(PERSON)] + [(c, UNIT) for c in relevant_awards(UNIT)]
    names = dict(AwardType.objects.filter(code__in=[c for c, _ in codes]).values_list("code", "name"))
    seen, out = set(), []
    for code, kind in codes:
        if code not in seen:
            seen.add(code)
            out.append((code, names.get(code, code), kind))
    return out


def scope_units(*, actor):
    """Units the actor may pick as the scope of a list (active ones, tree order)."""
    return Unit.objects.filter(scope_q(actor, roles=PEOPLE_ROLES), valid_to__isnull=True).order_by("path")


def _people_in_scope(actor, scope_unit: Unit | None):
    qs = Person.objects.filter(scope_q(actor, "unit__", PEOPLE_ROLES))
    if scope_unit is not None:
        qs = qs.filter(unit__path__startswith=scope_unit.path)
    return qs


def _units_in_scope(actor, scope_unit: Unit | None):
    qs = Unit.objects.filter(scope_q(actor, roles=PEOPLE_ROLES))
    if scope_unit is not None:
        qs = qs.filter(path__startswith=scope_unit.path)
    return qs


# --- The "Danh sách đủ điều kiện" -------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    subject: SubjectRow
    verdict: Verdict

    @property
    def reasons(self) -> str:
        """A short "why": the messages of the conditions that hold (judgement items excluded)."""
        return short_reasons(self.verdict)

    @property
    def pending(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.verdict.checks if c.status == CONFIRM)


@dataclass
class QuotaRow:
    unit_id: int
    unit_name: str
    n_cstdcs: int
    n_ldtt: int
    ok: bool
    message: str


@dataclass
class EligibleList:
    award_code: str
    award_name: str
    year: int
    kind: str
    eligible: list[ListRow] = field(default_factory=list)
    pending: list[ListRow] = field(default_factory=list)  # "đủ điều kiện, chờ xác nhận"
    quotas: list[QuotaRow] = field(default_factory=list)
    evaluated: int = 0
    rule_set_name: str = ""

    def pairs(self, *, pending: bool = False) -> list[tuple[SubjectRow, Verdict]]:
        """(subject, verdict) of the eligible subjects (or of the pending ones)."""
        return [(r.subject, r.verdict) for r in (self.pending if pending else self.eligible)]


# Checks every verdict carries (engine cross-cutting rules): not a reason worth listing.
CROSS_CUTTING = frozenset({"subject_kind", "basis", "embargo", "discipline", "unit_dissolved", "rule_set_note"})


def short_reasons(verdict: Verdict, limit: int = 3) -> str:
    """The messages of the award's own conditions that hold (judgement items and cross-cutting ones aside)."""
    msgs = [
        c.message
        for c in verdict.checks
        if c.status == MET and not c.judgement and c.message and c.code not in CROSS_CUTTING
    ]
    return "; ".join(msgs[:limit])


def is_pending_judgement(verdict: Verdict) -> bool:
    """Not eligible only because judgement items wait for confirmation."""
    return not verdict.eligible and not verdict.unmet and bool(verdict.needs_confirmation)


def eligible_list(
    *,
    actor,
    award_code: str,
    year: int,
    scope_unit: Unit | None = None,
    on: dt.date | None = None,
    ctx: RuleContext | None = None,
) -> EligibleList:
    """Every subject in the actor's scope who qualifies for `award_code` in `year`.

    People for individual awards, units for collective awards. Eligible subjects come in
    `.eligible`; those whose only missing conditions are judgement items in `.pending`.
    For CSTĐCS, `.quotas` checks the quota per deciding unit (the issuer of the subjects' LĐTT
    decision of that year). A fixed number of queries whatever the number of subjects.
    """
    from .engine import evaluate_each

    if scope_unit is not None and not unit_in_scope(actor, scope_unit, PEOPLE_ROLES):
        raise Http404("Không tìm thấy đơn vị.")
    kind = award_kind(award_code)
    ctx = ctx or rule_context(on=on)
    window = fact_window((award_code,), kind, year, ctx)
    years, since = window.years, window.awards_since
    if kind == PERSON:
        facts, rows = _people_facts(_people_in_scope(actor, scope_unit), years=years, on=on, awards_since=since)
    else:
        units = _units_in_scope(actor, scope_unit)
        merged = _through_mergers(ctx)
        facts, rows = _units_facts(units, years=years, on=on, through_mergers=merged, awards_since=since)
    result = EligibleList(
        award_code=award_code,
        award_name=ctx.award_names.get(award_code, award_code),
        year=year,
        kind=kind,
        evaluated=len(facts),
        rule_set_name=ctx.rule_set_name,
    )
    for pk, verdicts in zip(facts, evaluate_each(facts.values(), (award_code,), year, ctx), strict=True):
        verdict = verdicts[award_code]
        if verdict.eligible:
            result.eligible.append(ListRow(rows[pk], verdict))
        elif is_pending_judgement(verdict):
            result.pending.append(ListRow(rows[pk], verdict))
    key = lambda r: (r.subject.unit_name, r.subject.name, r.subject.id)  # noqa: E731
    result.eligible.sort(key=key)
    result.pending.sort(key=key)
    if award_code == CSTDCS_CODE:
        result.quotas = _cstdcs_quotas(result, year, ctx)
    return result


def _cstdcs_quotas(result: EligibleList, year: int, ctx: RuleContext) -> list[QuotaRow]:
    """CSTĐCS candidates (eligible and pending) against the LĐTT holders of each deciding unit."""
    from .quotas import cstdcs_quota_check

    candidates = [r.subject.id for r in (*result.eligible, *result.pending)]
    if not candidates:
        return []
    ldtt = Award.objects.filter(award_type__code__in=LDTT_CODES, year=year, revoked=False, person__isnull=False)
    # Who decided each candidate's LĐTT (one query per 900 candidates).
    decider_of = {}
    for chunk in _chunks(candidates):
        for person_id, issuer_id in ldtt.filter(person_id__in=chunk).values_list("person_id", "decision__issuer_id"):
            decider_of[person_id] = issuer_id
    per_decider = defaultdict(int)
    for pk in candidates:
        per_decider[decider_of.get(pk)] += 1
    issuers = [i for i in per_decider if i is not None]
    counts = dict(
        ldtt.filter(decision__issuer_id__in=issuers)
        .values("decision__issuer_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("decision__issuer_id", "n")
    )
    names = dict(Unit.objects.filter(pk__in=issuers).values_list("id", "name"))
    quota = ctx.params.get("cstdcs_quota")
    out = []
    for issuer_id in sorted(issuers, key=lambda i: names.get(i, "")):
        n, total = per_decider[issuer_id], counts.get(issuer_id, 0)
        check = cstdcs_quota_check(n, total, quota)
        out.append(QuotaRow(issuer_id, names.get(issuer_id, "—"), n, total, check.ok, check.message))
    return out


# --- The "Điều kiện khen thưởng" panel and the what-if check ---------------------------------


@dataclass(frozen=True)
class PanelRow:
    verdict: Verdict
    next_step: tuple[str, int] | None
    next_name: str = ""

    @property
    def pending(self) -> bool:
        return is_pending_judgement(self.verdict)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.message for c in self.verdict.checks if c.status == UNMET)

    @property
    def confirm_labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.verdict.checks if c.status == CONFIRM)

    @property
    def amount_words(self) -> str:
        from .words import amount_in_words

        return amount_in_words(self.verdict.amount_vnd) if self.verdict.amount_vnd else ""


def person_for_panel(*, actor, pk) -> Person:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None or not actor.has_perm("people.view_person", person):
        raise Http404("Không tìm thấy cá nhân.")
    return person


def unit_for_panel(*, actor, pk) -> Unit:
    unit = Unit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None or not actor.has_perm("org.view_unit", unit):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def subject_facts(subject, *, year: int, ctx: RuleContext, on: dt.date | None = None) -> SubjectFacts:
    years = fact_years(year)
    if isinstance(subject, Person):
        return facts_for_people([subject.pk], years=years, on=on)[subject.pk]
    return facts_for_units([subject.pk], years=years, on=on, through_mergers=_through_mergers(ctx))[subject.pk]


def panel_rows(facts: SubjectFacts, *, year: int, ctx: RuleContext, confirmed=frozenset()) -> list[PanelRow]:
    """One row per award relevant to the subject: verdict and the next step on the ladder."""
    from .engine import evaluate, next_on_ladder, relevant_awards

    out = []
    for code in relevant_awards(facts.kind):
        verdict = evaluate(facts, code, year, ctx, confirmed=confirmed)
        step = next_on_ladder(facts, code, year, ctx)
        name = ctx.award_names.get(step[0], step[0]) if step else ""
        out.append(PanelRow(verdict, step, name))
    return out


def eligibility_panel(*, actor, subject, year: int, on: dt.date | None = None) -> dict:
    """Everything the panel shows for one subject the caller may see."""
    ctx = rule_context(on=on)
    facts = subject_facts(subject, year=year, ctx=ctx, on=on)
    return {"facts": facts, "ctx": ctx, "rows": panel_rows(facts, year=year, ctx=ctx)}


@dataclass(frozen=True)
class Hypothesis:
    """Facts someone imagines ("if rated HTXS in 2026"): added to the real ones, never saved."""

    ratings: dict[int, str] = field(default_factory=dict)
    initiatives: tuple[InitiativeFact, ...] = ()
    awards: tuple[AwardFact, ...] = ()
    members: dict[int, MemberStats] = field(default_factory=dict)
    lift_embargo: bool = False
    confirmed: frozenset[str] | str = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.initiatives or self.awards or self.members or self.lift_embargo)


def apply_hypothesis(facts: SubjectFacts, hyp: Hypothesis) -> SubjectFacts:
    """The facts with the hypothetical ones added (a rating or member count replaces that year's)."""
    ratings = {**facts.ratings, **hyp.ratings}
    members = {**facts.members, **hyp.members}
    return replace(
        facts,
        ratings=ratings,
        initiatives=facts.initiatives + tuple(hyp.initiatives),
        awards=tuple(sorted(facts.awards + tuple(hyp.awards), key=lambda a: a.year)),
        members=members,
        embargo=facts.embargo and not hyp.lift_embargo,
    )


@dataclass(frozen=True)
class Comparison:
    before: PanelRow
    after: PanelRow

    @property
    def sides(self) -> tuple[PanelRow, PanelRow]:
        return (self.before, self.after)

    @property
    def changed(self) -> bool:
        b, a = self.before.verdict, self.after.verdict
        return (b.eligible, b.unmet, b.needs_confirmation) != (a.eligible, a.unmet, a.needs_confirmation)


def what_if(facts: SubjectFacts, hyp: Hypothesis, *, year: int, ctx: RuleContext) -> list[Comparison]:
    """Each relevant award before and after the hypothesis (nothing is saved)."""
    before = panel_rows(facts, year=year, ctx=ctx)
    after = panel_rows(apply_hypothesis(facts, hyp), year=year, ctx=ctx, confirmed=hyp.confirmed)
    return [Comparison(b, a) for b, a in zip(before, after, strict=True)]


def hypothetical_award_choices(kind: str, ctx: RuleContext) -> list[tuple[str, str]]:
    """(code, name) of the awards a what-if may add: those relevant to the subject's kind."""
    from .engine import relevant_awards

    return [(code, ctx.award_names.get(code, code)) for code in relevant_awards(kind)]


def judgement_items(rows: list[PanelRow]) -> list[tuple[str, str]]:
    """(code, label) of every judgement item among the rows, once each."""
    seen = {}
    for row in rows:
        for c in row.verdict.checks:
            if c.judgement:
                seen.setdefault(c.code, c.label)
    return list(seen.items())
