"""Emulation registration (đăng ký thi đua): reads, always limited to the actor's units.

- `registration_board` — a registration's lines with their flags and the CSTĐCS quota, in a fixed
  number of queries whatever the number of lines.
- Flags: each line's title is decided by the eligibility engine for the registration year,
  assuming that year itself goes well (`good_year`): rated HTXS, the year's annual titles granted,
  one initiative, every member good, every judgement item confirmed, an embargo lifted. So only
  facts of EARLIER years (a missing CSTĐCS, an earlier rating) — or a known fact about the year
  such as a disciplinary period — make a line "không thể đạt". The engine's own messages say why.
- `registration_overview` — every unit of the province (or of the actor's scope) with the state of
  its registration for a year and the number of lines per title, a fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, DateTimeField, IntegerField, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from thidua.accounts.selectors import scope_q
from thidua.core.text import fold_vi
from thidua.eligibility.engine import UnknownAward, evaluate
from thidua.eligibility.facts import PERSON, UNIT, AwardFact, InitiativeFact, MemberStats
from thidua.eligibility.quotas import cstdcs_quota_check
from thidua.eligibility.selectors import (
    MERGER_PARAM,
    Hypothesis,
    apply_hypothesis,
    fact_window,
    facts_for_people,
    facts_for_units,
    rule_context,
)
from thidua.org.models import Unit, UnitKind
from thidua.people.models import Person

from ..models import Level, Movement, Registration, RegistrationLine, RegistrationState, State
from ..services.registrations import OPEN_MOVEMENT_STATES, REGISTRABLE_CODES, SHORT_LABELS, at_work_q

DEFAULT_CSTDCS_QUOTA = Decimal("0.15")
# Units that register in the province's overview: internal divisions and villages are registered
# as collectives by their parent unit, and the province (UBND tỉnh) itself does not register.
NOT_REGISTERING_KINDS = (UnitKind.PROVINCE, UnitKind.DIVISION, UnitKind.VILLAGE)
STATUS_SENT, STATUS_DRAFT, STATUS_NONE = "da-gui", "dang-soan", "chua-dang-ky"
STATUS_CHOICES = [
    (STATUS_SENT, "Đã gửi"),
    (STATUS_DRAFT, "Đang soạn"),
    (STATUS_NONE, "Chưa đăng ký"),
]
SEARCH_LIMIT = 20
ID_BATCH = 900  # ids per IN list (SQLite's parameter limit in older builds)


# --- one registration ------------------------------------------------------------------------------


def registration_get(*, actor, pk) -> Registration:
    """A registration of a unit the actor acts for; 404 otherwise (it does not exist for them)."""
    registration = Registration.objects.select_related("unit", "movement").filter(pk=pk).first()
    if registration is None or not actor.has_perm("movements.act_for_unit", registration.unit):
        raise Http404("Không tìm thấy bản đăng ký thi đua.")
    return registration


def line_get(*, actor, pk) -> RegistrationLine:
    line = RegistrationLine.objects.select_related("registration__unit", "registration__movement").filter(pk=pk).first()
    if line is None or not actor.has_perm("movements.act_for_unit", line.registration.unit):
        raise Http404("Không tìm thấy dòng đăng ký.")
    return line


def registration_find(*, unit, year, movement=None) -> Registration | None:
    qs = Registration.objects.select_related("unit", "movement").filter(unit=unit, year=year)
    return (qs.filter(movement=movement) if movement else qs.filter(movement__isnull=True)).first()


def registration_list(*, actor, unit: Unit | None = None):
    """Registrations of the actor's units (of `unit`'s subtree if given), newest year first, with line counts."""
    qs = Registration.objects.filter(scope_q(actor, "unit__")).select_related("unit", "movement")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(n_lines=Count("lines")).order_by("-year", "unit__path", "movement_id", "id")


def units_for_registration(*, actor):
    """Active units the actor may register for, in tree order."""
    if not actor.has_perm("movements.view_list"):
        return Unit.objects.none()
    from ..rules import is_province, is_unit_officer

    if not (is_province(actor) or is_unit_officer(actor)):
        return Unit.objects.none()
    return Unit.objects.filter(scope_q(actor), valid_to__isnull=True).exclude(kind=UnitKind.PROVINCE).order_by("path")


def _visible_movements(actor):
    visible = Q(level__in=(Level.NATIONAL, Level.PROVINCE)) | (Q(level=Level.UNIT) & scope_q(actor, "launching_unit__"))
    return Movement.objects.filter(visible).order_by("-period_start", "name")


def open_movements(*, actor):
    """Movements a unit may register for: launched or under way, visible to the actor."""
    return _visible_movements(actor).filter(state__in=OPEN_MOVEMENT_STATES)


def registration_movements(*, actor):
    """Movements the overview may be filtered by: every launched one, closed ones included."""
    return _visible_movements(actor).exclude(state=State.DRAFT)


def subject_search(*, registration: Registration, kind: str, q: str, limit: int = SEARCH_LIMIT) -> list:
    """People at work (kind PERSON) or active collectives (UNIT) of the registering unit's subtree
    whose folded name contains every folded word typed."""
    root = registration.unit
    words = fold_vi(q).split()
    if kind == PERSON:
        qs = (
            Person.objects.filter(unit__path__startswith=root.path, unit__valid_to__isnull=True)
            .filter(at_work_q())
            .select_related("unit")
        )
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return list(qs.order_by("search_text", "id")[:limit])
    qs = Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True).select_related("parent")
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("path")[:limit])


# --- flags and quota ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFlag:
    can_succeed: bool
    reasons: tuple[str, ...] = ()  # conditions that cannot be met any more (earlier years)
    notes: tuple[str, ...] = ()  # warnings that do not decide

    @property
    def label(self) -> str:
        return "Có thể đạt" if self.can_succeed else "Không thể đạt"


@dataclass(frozen=True)
class QuotaBox:
    n_cstdcs: int
    n_ldtt: int
    ok: bool
    message: str  # "6 / 40 LĐTT = 15,0% — đạt"
    quota_text: str  # "15%"
    unverified: bool  # the parameter's source is not verified


@dataclass
class LineRow:
    line: RegistrationLine
    flag: LineFlag | None

    @property
    def subject(self):
        return self.line.person or self.line.unit

    @property
    def is_person(self) -> bool:
        return bool(self.line.person_id)


@dataclass
class Board:
    registration: Registration
    rows: list[LineRow] = field(default_factory=list)
    quota: QuotaBox | None = None
    rule_set_name: str = ""

    @property
    def blocked(self) -> int:
        return sum(1 for r in self.rows if r.flag is not None and not r.flag.can_succeed)

    @property
    def people_rows(self) -> list[LineRow]:
        return [r for r in self.rows if r.is_person]

    @property
    def unit_rows(self) -> list[LineRow]:
        return [r for r in self.rows if not r.is_person]


def good_year(facts, year: int) -> Hypothesis:
    """The registration year assumed to go well for this subject (see the module docstring).

    One initiative of national scope stands for "one initiative of the needed scope": the engine
    counts an initiative for its own scope and every lower one.
    """
    if facts.kind == PERSON:
        return Hypothesis(
            ratings={year: "HTXS"},
            initiatives=(InitiativeFact(year, "NATIONAL"),),
            awards=(AwardFact("LDTT", year), AwardFact("CSTDCS", year)),
            lift_embargo=True,
            confirmed="all",
        )
    current = facts.members.get(year)
    n = current.total if current is not None and current.total else 10
    return Hypothesis(
        ratings={year: "HTXS"},
        awards=(AwardFact("TTLDTT", year), AwardFact("TTLDXS", year)),
        members={year: MemberStats(total=n, rated_at_least_ht=n, ldtt=n, cstdcs=1, rated_htxs=n)},
        lift_embargo=True,
        confirmed="all",
    )


def _criteria_day(year: int) -> dt.date:
    """The rule set of the registration year's review (dossiers of year Y are appraised at its end)."""
    return dt.date(year, 12, 31)


def line_flags(registration: Registration, lines: list[RegistrationLine], ctx=None) -> dict[int, LineFlag]:
    """line id → LineFlag for every line; facts of all the registration's subjects loaded in bulk."""
    year = registration.year
    ctx = ctx or rule_context(on=_criteria_day(year))
    flags: dict[int, LineFlag] = {}
    ldtt_people = {ln.person_id for ln in lines if ln.person_id and ln.award_type.code == "LDTT"}
    groups = (
        (PERSON, [ln for ln in lines if ln.person_id], lambda ln: ln.person_id),
        (UNIT, [ln for ln in lines if ln.unit_id], lambda ln: ln.unit_id),
    )
    for kind, group, subject_id in groups:
        if not group:
            continue
        codes = sorted({ln.award_type.code for ln in group})
        try:
            window = fact_window(codes, kind, year, ctx)
        except UnknownAward:
            window = fact_window([c for c in codes if c in REGISTRABLE_CODES], kind, year, ctx)
        ids = sorted({subject_id(ln) for ln in group})
        if kind == PERSON:
            facts = facts_for_people(ids, years=window.years, awards_since=window.awards_since)
        else:
            merged = bool(ctx.params.get(MERGER_PARAM, True))
            facts = facts_for_units(ids, years=window.years, through_mergers=merged, awards_since=window.awards_since)
        assumed = {pk: apply_hypothesis(f, good_year(f, year)) for pk, f in facts.items()}
        for ln in group:
            pk = subject_id(ln)
            notes = []
            if facts[pk].embargo:
                notes.append(
                    "đang trong thời gian tạm dừng xét khen thưởng (xem kỷ luật, thanh tra, khiếu nại): "
                    "chưa được đề nghị khen thưởng khi chưa kết thúc"
                )
            if ln.award_type.code == "CSTDCS" and pk not in ldtt_people:
                notes.append("chưa đăng ký Lao động tiên tiến: Chiến sĩ thi đua cơ sở cần đạt Lao động tiên tiến")
            try:
                verdict = evaluate(assumed[pk], ln.award_type.code, year, ctx, confirmed="all")
            except UnknownAward:
                flags[ln.pk] = LineFlag(True, (), (*notes, "chưa có tiêu chuẩn để kiểm tra danh hiệu này"))
                continue
            reasons = tuple(dict.fromkeys(c.message for c in verdict.unmet))
            flags[ln.pk] = LineFlag(not reasons, reasons, tuple(notes))
    return flags


def quota_box(lines: list[RegistrationLine], ctx) -> QuotaBox:
    """CSTĐCS lines against LĐTT lines of the registration (rule parameter cstdcs_quota)."""
    from thidua.eligibility.predicates import quota_percent

    n_cstdcs = len({ln.person_id for ln in lines if ln.person_id and ln.award_type.code == "CSTDCS"})
    n_ldtt = len({ln.person_id for ln in lines if ln.person_id and ln.award_type.code == "LDTT"})
    quota = ctx.params.get("cstdcs_quota", DEFAULT_CSTDCS_QUOTA)
    check = cstdcs_quota_check(n_cstdcs, n_ldtt, quota)
    return QuotaBox(
        n_cstdcs, n_ldtt, check.ok, check.message, quota_percent(quota), "cstdcs_quota" in ctx.param_unverified
    )


def registration_lines(registration: Registration) -> list[RegistrationLine]:
    """The lines in display order: collectives first (tree order), then people by name. One query."""
    lines = list(
        RegistrationLine.objects.filter(registration=registration).select_related(
            "person__unit", "unit__parent", "award_type"
        )
    )
    lines.sort(
        key=lambda ln: (
            0 if ln.unit_id else 1,
            ln.unit.path if ln.unit_id else ln.person.search_text,
            ln.award_type.sort_order,
            ln.pk,
        )
    )
    return lines


def registration_board(*, registration: Registration, with_flags: bool = True) -> Board:
    """Everything the registration page shows, in a fixed number of queries."""
    lines = registration_lines(registration)
    ctx = rule_context(on=_criteria_day(registration.year))
    flags = line_flags(registration, lines, ctx) if with_flags and lines else {}
    return Board(
        registration=registration,
        rows=[LineRow(ln, flags.get(ln.pk)) for ln in lines],
        quota=quota_box(lines, ctx),
        rule_set_name=ctx.rule_set_name,
    )


# --- the province's overview ---------------------------------------------------------------------------


@dataclass
class OverviewRow:
    unit_id: int
    code: str
    name: str
    kind: str
    registration_id: int | None
    state: str | None
    submitted_at: dt.datetime | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind in UnitKind.values else self.kind

    @property
    def status(self) -> str:
        if self.state == RegistrationState.SUBMITTED:
            return STATUS_SENT
        return STATUS_DRAFT if self.state else STATUS_NONE

    @property
    def status_label(self) -> str:
        return dict(STATUS_CHOICES)[self.status]

    @property
    def submitted_text(self) -> str:
        return timezone.localtime(self.submitted_at).strftime("%d/%m/%Y %H:%M") if self.submitted_at else ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """Line counts in the order of REGISTRABLE_CODES (the overview's columns)."""
        return [self.counts.get(code, 0) for code in REGISTRABLE_CODES]


def _registrations_of(year: int, movement: Movement | None):
    qs = Registration.objects.filter(year=year)
    return qs.filter(movement=movement) if movement is not None else qs.filter(movement__isnull=True)


def overview_units(*, actor, year: int, movement: Movement | None = None, filters: dict | None = None):
    """Registering units in the actor's scope, annotated with their registration of the year (or of
    the movement): `reg_id`, `reg_state`, `reg_submitted_at`. Filters: kind, q (folded name or code),
    status (STATUS_*)."""
    filters = filters or {}
    qs = Unit.objects.filter(scope_q(actor), valid_to__isnull=True).exclude(kind__in=NOT_REGISTERING_KINDS)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    for word in fold_vi(filters.get("q") or "").split():
        qs = qs.filter(search_text__contains=word)
    mine = _registrations_of(year, movement).filter(unit=OuterRef("pk"))
    qs = qs.annotate(
        reg_id=Subquery(mine.values("pk")[:1], output_field=IntegerField()),
        reg_state=Subquery(mine.values("state")[:1], output_field=CharField()),
        reg_submitted_at=Subquery(mine.values("submitted_at")[:1], output_field=DateTimeField()),
    )
    status = filters.get("status")
    if status == STATUS_SENT:
        qs = qs.filter(reg_state=RegistrationState.SUBMITTED)
    elif status == STATUS_DRAFT:
        qs = qs.filter(reg_state=RegistrationState.DRAFT)
    elif status == STATUS_NONE:
        qs = qs.filter(reg_id__isnull=True)
    return qs.order_by("path")


def overview_summary(units) -> dict[str, int]:
    """How many of the listed units sent, are drafting, have not registered (one query)."""
    return units.aggregate(
        sent=Count("pk", filter=Q(reg_state=RegistrationState.SUBMITTED)),
        draft=Count("pk", filter=Q(reg_state=RegistrationState.DRAFT)),
        none=Count("pk", filter=Q(reg_id__isnull=True)),
        total=Count("pk"),
    )


def overview_rows(units) -> list[OverviewRow]:
    """Rows for the given annotated units (a page of them, or all for the export): two queries per
    900 registrations."""
    units = list(units)
    rows = [OverviewRow(u.pk, u.code, u.name, u.kind, u.reg_id, u.reg_state, u.reg_submitted_at) for u in units]
    by_reg = {r.registration_id: r for r in rows if r.registration_id}
    ids = list(by_reg)
    for start in range(0, len(ids), ID_BATCH):  # one query per page; the export reads 900 units a query
        counts = (
            RegistrationLine.objects.filter(registration_id__in=ids[start : start + ID_BATCH])
            .values("registration_id", "award_type__code")
            .annotate(n=Count("id"))
            .values_list("registration_id", "award_type__code", "n")
        )
        for reg_id, code, n in counts:
            by_reg[reg_id].counts[code] = n
    return rows


def overview_headers() -> list[str]:
    """Column labels of the per-title counts, in the order of OverviewRow.cells."""
    return [SHORT_LABELS.get(code, code) for code in REGISTRABLE_CODES]
