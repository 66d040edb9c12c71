"""Reads of dossiers, always limited to what the actor may see (thidua/nominations/rules.py as a query).

- The province (administrators, provincial officers) sees every dossier.
- Unit officers and leaders see the dossiers of units in their scope (drafts included), and the dossiers
  sent that reached a step whose unit is in their scope.
- Council members see dossiers that finished appraisal (APPRAISED) for the provincial chairman or the State.
Lists come in a fixed number of queries whatever the page size (line counts by a correlated subquery,
the current step and its unit joined).
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from thidua.accounts.rules import is_council_member, is_leader, is_unit_officer
from thidua.accounts.selectors import OFFICER_ROLES, PEOPLE_ROLES, scope_q, unit_in_scope
from thidua.core.subjects import SubjectKind
from thidua.core.text import fold_vi
from thidua.org.models import Unit
from thidua.people.models import Household, Person

from ..models import Authority, Nomination, NominationDocument, NominationLine, NominationStep, State
from ..rules import is_province

SEARCH_LIMIT = 20
FILTER_KEYS = ("state", "year", "authority", "basis")


def visible_q(actor) -> Q:
    """The rule `nominations.view` (rules.nomination_visible) as a filter on Nomination.

    Written with uncorrelated IN subqueries (the units in scope; the dossiers whose reached steps are at
    those units), which the database reads once and answers from the indexes on proposing_unit and
    on the primary key, instead of testing every dossier in turn."""
    if not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    if is_province(actor):
        return Q()
    q = Q(pk__in=[])
    if is_unit_officer(actor) or is_leader(actor):
        units = Unit.objects.filter(scope_q(actor, roles=PEOPLE_ROLES)).values("pk")
        q |= Q(proposing_unit__in=units)
        reached = NominationStep.objects.filter(arrived_at__isnull=False, unit__in=units).values("nomination_id")
        q |= ~Q(state=State.DRAFT) & Q(pk__in=reached)
    if is_council_member(actor):
        q |= Q(state=State.APPRAISED) & ~Q(authority=Authority.UNIT_HEAD)
    return q


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def nomination_list(*, actor, filters: dict | None = None):
    """Dossiers the actor may see, newest first, with the proposing unit, the current step and its unit
    (joined). Line counts: `with_line_counts(page)` (one query per page).

    filters (all optional): q (code, title or a subject's name, with or without diacritics), state, year,
    authority, basis, proposing_unit (a Unit or its id: that unit and its subtree)."""
    filters = filters or {}
    qs = Nomination.objects.filter(visible_q(actor))
    words = fold_vi(filters.get("q") or "").split()
    if words:
        # Every word in the code or title, or every word in one subject's name ("nguyen van an" finds the
        # dossiers proposing Nguyễn Văn An). The lines are read once (an uncorrelated subquery).
        header, named = Q(), NominationLine.objects.all()
        for word in words:
            header &= Q(search_text__contains=word)
            named = named.filter(search_text__contains=word)
        qs = qs.filter(header | Q(pk__in=named.values("nomination_id")))
    for key in FILTER_KEYS:
        value = filters.get(key)
        if value not in (None, ""):
            qs = qs.filter(**{key: value})
    unit = filters.get("proposing_unit")
    if unit not in (None, ""):
        if not isinstance(unit, Unit):
            unit = Unit.objects.filter(pk=_int_or_none(unit)).first()
        if unit is None:
            return qs.none()
        qs = qs.filter(proposing_unit__path__startswith=unit.path)
    return qs.select_related("proposing_unit", "current_step__unit", "movement").order_by("-id")


def with_line_counts(nominations) -> list[Nomination]:
    """The given dossiers (one page) as a list, each with `n_lines`, in one query for the whole page."""
    nominations = list(nominations)
    counts = dict(
        NominationLine.objects.filter(nomination_id__in=[n.pk for n in nominations])
        .order_by()
        .values("nomination_id")
        .annotate(n=Count("pk"))
        .values_list("nomination_id", "n")
    )
    for n in nominations:
        n.n_lines = counts.get(n.pk, 0)
    return nominations


def _line_count():
    return Coalesce(
        Subquery(
            NominationLine.objects.filter(nomination=OuterRef("pk"))
            .order_by()
            .values("nomination")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def nomination_export_rows(*, actor, filters: dict | None = None):
    """Every matching dossier (not one page) as tuples, streamed, for the Excel export."""
    qs = nomination_list(actor=actor, filters=filters).annotate(n_lines=_line_count())
    return qs.values_list(
        "id",
        "year",
        "title",
        "proposing_unit__name",
        "basis",
        "authority",
        "simplified",
        "n_lines",
        "state",
        "current_step__unit__name",
        "current_step__due_date",
        "due_date",
        "submitted_at",
    ).iterator(chunk_size=2000)


def nomination_get(*, actor, pk) -> Nomination:
    """One dossier the actor may see; 404 otherwise (other units' dossiers do not exist for them)."""
    nomination = (
        Nomination.objects.filter(pk=_int_or_none(pk))
        .select_related("proposing_unit", "deciding_unit", "movement", "current_step__unit", "created_by")
        .first()
    )
    if nomination is None or not actor.has_perm("nominations.view", nomination):
        raise Http404("Không tìm thấy hồ sơ.")
    return nomination


def line_get(*, nomination: Nomination, pk) -> NominationLine:
    line = (
        NominationLine.objects.filter(nomination=nomination, pk=_int_or_none(pk))
        .select_related("award_type", "person__unit", "unit__parent", "household__unit")
        .first()
    )
    if line is None:
        raise Http404("Không tìm thấy dòng đề nghị.")
    line.nomination = nomination
    return line


def document_get(*, nomination: Nomination, pk) -> NominationDocument:
    doc = NominationDocument.objects.filter(nomination=nomination, pk=_int_or_none(pk)).select_related("line").first()
    if doc is None:
        raise Http404("Không tìm thấy tài liệu.")
    doc.nomination = nomination
    return doc


def nomination_lines(nomination: Nomination) -> list[NominationLine]:
    """The dossier's lines with award, subject and documents (four queries)."""
    lines = list(
        nomination.lines.select_related("award_type", "person__unit", "unit__parent", "household__unit")
        .prefetch_related(Prefetch("documents", queryset=NominationDocument.objects.order_by("kind", "id")))
        .order_by("sort_order", "id")
    )
    for line in lines:
        line.nomination = nomination
    return lines


def nomination_steps(nomination: Nomination) -> list[NominationStep]:
    return list(nomination.steps.select_related("unit").order_by("order"))


def nomination_documents(nomination: Nomination) -> list[NominationDocument]:
    return list(nomination.documents.select_related("line", "uploaded_by").order_by("line_id", "kind", "id"))


def subject_search(*, actor, unit: Unit, q: str, kind: str, limit: int = SEARCH_LIMIT) -> list:
    """People, collectives or households of `unit`'s subtree (and the actor's scope) matching `q`.

    People: every folded word in the name, or an exact 12-digit CCCD (retired people included: career
    awards go to them). Collectives: active units. Households: by the head's name or the address."""
    if unit is None or not unit_in_scope(actor, unit, OFFICER_ROLES):
        return []
    text = (q or "").strip()[:200]
    words = fold_vi(text).split()[:8]
    if not words:
        return []
    if kind == SubjectKind.UNIT:
        qs = Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True).select_related("parent")
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return list(qs.order_by("path")[:limit])
    if kind == SubjectKind.HOUSEHOLD:
        qs = Household.objects.filter(unit__path__startswith=unit.path).filter(scope_q(actor, "unit__", OFFICER_ROLES))
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return list(qs.select_related("unit").order_by("search_text", "id")[:limit])
    qs = Person.objects.filter(unit__path__startswith=unit.path).filter(scope_q(actor, "unit__", OFFICER_ROLES))
    if text.isascii() and text.isdigit() and len(text) == 12:
        qs = qs.filter(national_id=text)
    else:
        for word in words:
            qs = qs.filter(search_text__contains=word)
    return list(qs.select_related("unit").order_by("search_text", "id")[:limit])


def subject_from_token(*, actor, unit: Unit, token: str):
    """The subject named by a form token "PERSON:12" / "UNIT:3" / "HOUSEHOLD:5", if it belongs to `unit`'s
    subtree and the actor's scope; None otherwise."""
    kind, _, pk = (token or "").partition(":")
    pk = _int_or_none(pk)
    if pk is None or unit is None:
        return None
    if kind == SubjectKind.PERSON:
        obj = Person.objects.filter(pk=pk, unit__path__startswith=unit.path).select_related("unit").first()
        place = obj.unit if obj else None
    elif kind == SubjectKind.UNIT:
        obj = Unit.objects.filter(pk=pk, path__startswith=unit.path).select_related("parent").first()
        place = obj
    elif kind == SubjectKind.HOUSEHOLD:
        obj = Household.objects.filter(pk=pk, unit__path__startswith=unit.path).select_related("unit").first()
        place = obj.unit if obj else None
    else:
        return None
    if obj is None or not unit_in_scope(actor, place, OFFICER_ROLES):
        return None
    return obj


def subject_token(subject) -> str:
    if isinstance(subject, Person):
        return f"{SubjectKind.PERSON}:{subject.pk}"
    if isinstance(subject, Unit):
        return f"{SubjectKind.UNIT}:{subject.pk}"
    if isinstance(subject, Household):
        return f"{SubjectKind.HOUSEHOLD}:{subject.pk}"
    return ""
