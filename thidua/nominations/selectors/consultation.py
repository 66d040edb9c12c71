"""Reads for public consultation: the public pages (only what may be published) and the staff screens.

The public pages never receive model instances of lines or people: they get `PublicLine` /
`PublicCommentRow` values holding only the subject's name, position and unit (from the line's
snapshot), the award, the period and the achievement summary — so no template can reach a birth
date, a national ID, an address, a contact, a document or an internal check result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404
from django.utils import timezone

from ..models import CommentStatus, Nomination, NominationLine, PublicComment, PublicConsultation, State, StepKind
from ..services.consultation import consultation_codes, is_open, lines_needing_consultation

# Words of a public search beyond this many are ignored (anyone may type anything there).
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class PublicLine:
    pk: int
    name: str
    position: str
    unit_name: str
    award_name: str
    period: str
    achievement: str


@dataclass(frozen=True)
class PublicCommentRow:
    name: str
    body: str
    created_at: dt.datetime
    about: str  # the subject the comment is about ("" for the dossier as a whole)


@dataclass(frozen=True)
class PublicConsultationView:
    pk: int
    title: str
    code: str
    opened_on: dt.date
    ends_on: dt.date
    is_open: bool
    lines: tuple[PublicLine, ...]


def _period(year_from: int, year_to: int) -> str:
    return str(year_from) if year_from == year_to else f"{year_from}–{year_to}"


def _public_lines(consultation_ids) -> dict[int, list[PublicLine]]:
    """Published lines per consultation, from the public fields only (one query)."""
    through = PublicConsultation.lines.through
    rows = (
        through.objects.filter(publicconsultation_id__in=list(consultation_ids))
        .order_by("nominationline__sort_order", "nominationline_id")
        .values_list(
            "publicconsultation_id",
            "nominationline_id",
            "nominationline__subject_name",
            "nominationline__subject_position",
            "nominationline__subject_unit_name",
            "nominationline__award_type__name",
            "nominationline__year_from",
            "nominationline__year_to",
            "nominationline__achievement",
        )
    )
    out: dict[int, list[PublicLine]] = {}
    for cid, pk, name, position, unit_name, award, y1, y2, achievement in rows:
        out.setdefault(cid, []).append(PublicLine(pk, name, position, unit_name, award, _period(y1, y2), achievement))
    return out


def _view(consultation: PublicConsultation, lines: list[PublicLine], today: dt.date) -> PublicConsultationView:
    nomination = consultation.nomination
    return PublicConsultationView(
        pk=consultation.pk,
        title=nomination.title,
        code=nomination.code,
        opened_on=consultation.opened_on,
        ends_on=consultation.ends_on,
        is_open=is_open(consultation, today),
        lines=tuple(lines),
    )


def _public_qs():
    return PublicConsultation.objects.select_related("nomination").only(
        "id", "opened_on", "ends_on", "nomination__id", "nomination__title", "nomination__year"
    )


def public_consultation_list(*, today: dt.date | None = None, q: str = "") -> list[PublicConsultationView]:
    """Consultations open today, the soonest to close first (two queries whatever their number)."""
    from thidua.core.text import fold_vi

    today = today or timezone.localdate()
    qs = _public_qs().filter(opened_on__lte=today, ends_on__gte=today).order_by("ends_on", "id")
    words = list(dict.fromkeys(fold_vi(q or "").split()))[:MAX_SEARCH_WORDS]
    if words:
        # Every word in the dossier's code and title, or every word in the name of one published line:
        # no join per word (a long query must not grow the SQL), one subquery for the lines.
        through = PublicConsultation.lines.through
        line_hits = through.objects.filter(publicconsultation_id=OuterRef("pk"))
        title_hit = Q()
        for word in words:
            line_hits = line_hits.filter(nominationline__search_text__contains=word)
            title_hit &= Q(nomination__search_text__contains=word)
        qs = qs.filter(title_hit | Exists(line_hits))
    consultations = list(qs[:500])
    lines = _public_lines(c.pk for c in consultations)
    return [_view(c, lines.get(c.pk, []), today) for c in consultations]


def public_consultation_get(*, pk: int, today: dt.date | None = None) -> PublicConsultationView:
    """One published dossier (open or closed); 404 before it opens or when there is none."""
    today = today or timezone.localdate()
    consultation = _public_qs().filter(pk=pk, opened_on__lte=today).first()
    if consultation is None:
        raise Http404("Không có hồ sơ lấy ý kiến này.")
    return _view(consultation, _public_lines([consultation.pk]).get(consultation.pk, []), today)


def public_comments(*, consultation_id: int) -> list[PublicCommentRow]:
    """Approved comments: name and text only (never the contact), oldest first."""
    rows = (
        PublicComment.objects.filter(consultation_id=consultation_id, status=CommentStatus.APPROVED)
        .order_by("created_at", "id")
        .values_list("name", "body", "created_at", "line__subject_name")
    )
    return [PublicCommentRow(name, body, at, about or "") for name, body, at, about in rows]


def public_consultation_object(*, pk: int) -> PublicConsultation:
    """The consultation row a comment is attached to (for the comment service)."""
    consultation = PublicConsultation.objects.filter(pk=pk).first()
    if consultation is None:
        raise Http404("Không có hồ sơ lấy ý kiến này.")
    return consultation


# --- Staff ------------------------------------------------------------------------------------


def nomination_for_consultation(*, actor, pk: int) -> Nomination:
    """The dossier (404 when the actor may not see it)."""
    nomination = Nomination.objects.select_related("proposing_unit", "current_step__unit").filter(pk=pk).first()
    if nomination is None or not actor.has_perm("nominations.view", nomination):
        raise Http404("Không tìm thấy hồ sơ.")
    return nomination


def comment_list(*, actor, nomination: Nomination):
    """Every comment on the dossier, pending ones first (province only; others get an empty list)."""
    if not actor.has_perm("nominations.moderate_comments", nomination):
        return PublicComment.objects.none()
    return (
        PublicComment.objects.filter(consultation__nomination=nomination)
        .select_related("line", "moderated_by")
        .order_by(
            Case(When(status=CommentStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "-created_at",
            "-id",
        )
    )


def comment_get(*, actor, pk: int) -> PublicComment:
    comment = (
        PublicComment.objects.select_related("consultation__nomination__proposing_unit", "line").filter(pk=pk).first()
    )
    if comment is None or not actor.has_perm("nominations.view", comment.consultation.nomination):
        raise Http404("Không tìm thấy ý kiến.")
    return comment


def moderation_queue(*, actor):
    """Comments waiting for moderation across all dossiers, oldest first (province only)."""
    if not actor.has_perm("nominations.moderate_comments"):
        return PublicComment.objects.none()
    return (
        PublicComment.objects.filter(status=CommentStatus.PENDING)
        .select_related("consultation__nomination", "line")
        .order_by("created_at", "id")
    )


@dataclass
class Panel:
    needed: list  # lines needing consultation (model instances; staff page)
    consultation: PublicConsultation | None
    is_open: bool
    is_over: bool
    pending: int
    approved: int
    rejected: int
    unpublished: int  # needed lines not yet published
    can_open: bool
    can_moderate: bool


def consultation_panel(*, actor, nomination: Nomination, today: dt.date | None = None) -> Panel | None:
    """What the dossier page shows about public consultation; None for users without the right
    (only the province, which moderates, and the officer processing the dossier see it)."""
    can_moderate = actor.has_perm("nominations.moderate_comments", nomination)
    can_process = actor.has_perm("nominations.process", nomination)
    if not (can_moderate or can_process):
        return None
    today = today or timezone.localdate()
    needed = lines_needing_consultation(nomination, consultation_codes())
    consultation = (
        PublicConsultation.objects.filter(nomination_id=nomination.pk)
        .annotate(
            n_pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True),
            n_approved=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED), distinct=True),
            n_rejected=Count("comments", filter=Q(comments__status=CommentStatus.REJECTED), distinct=True),
        )
        .first()
    )
    if not needed and consultation is None:
        return Panel([], None, False, False, 0, 0, 0, 0, False, can_moderate)
    published = set(consultation.lines.values_list("pk", flat=True)) if consultation else set()
    unpublished = sum(1 for line in needed if line.pk not in published)
    at_office = (
        nomination.state == State.IN_APPRAISAL
        and nomination.current_step_id is not None
        and nomination.current_step.kind == StepKind.OFFICE
    )
    return Panel(
        needed=needed,
        consultation=consultation,
        is_open=bool(consultation and is_open(consultation, today)),
        is_over=bool(consultation and today > consultation.ends_on),
        pending=consultation.n_pending if consultation else 0,
        approved=consultation.n_approved if consultation else 0,
        rejected=consultation.n_rejected if consultation else 0,
        unpublished=unpublished,
        can_open=bool(can_process and at_office and unpublished),
        can_moderate=can_moderate,
    )


def published_lines(consultation: PublicConsultation):
    return NominationLine.objects.filter(consultations=consultation).select_related("award_type")
