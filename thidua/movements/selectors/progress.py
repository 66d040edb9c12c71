"""Progress on a movement's targets, scoped to the actor, in a fixed number of queries.

Two shapes:
- a unit's own movement (its plan answering a provincial movement, or a movement it launched to no
  other unit) — "direct": each target's series is the values the unit reported;
- a movement launched to units (provincial, or a unit's launched to its sub-units) — "roll-up": each
  target's value on a date is the sum (or, for a rate or index — Target.aggregation AVERAGE — the
  mean), over the participating units, of the latest value each unit reported for its plan's target
  linked to it (Target.parent_target). Each unit's latest value is
  compared with its own plan target, and a unit is behind schedule when the share of its target
  reached is smaller than the share of the period elapsed.

A unit officer sees only the units of their scope: on a provincial movement, the rows and the
roll-up then cover their units only (`partial`), so no other unit's figures can be read or deduced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from thidua.accounts.selectors import scope_paths, scope_q, unit_in_scope
from thidua.core.text import fold_vi

from ..models import Aggregation, Direction, Level, Movement, Participation, ProgressReport, State, Target
from ..services.progress import closed_reason

OPEN_STATES = (State.LAUNCHED, State.UNDER_WAY)

STATUS_LABELS = {
    "reached": "Đã đạt chỉ tiêu",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "no_report": "Chưa báo cáo",
    "no_plan": "Chưa gửi kế hoạch",
    "no_target": "Kế hoạch không có chỉ tiêu này",
}
STATUS_CLASSES = {
    "reached": "badge-ok",
    "on_track": "badge-ok",
    "behind": "badge-bad",
    "no_report": "badge-warn",
    "no_plan": "badge-warn",
    "no_target": "",
}
# The statuses that need attention, highlighted in the per-unit table.
LATE_STATUSES = ("behind", "no_report", "no_plan")


def number_text(value) -> str:
    """1234.5 → "1.234,5": Vietnamese separators, at most two decimals, no trailing zeros ("—" for none)."""
    if value is None:
        return "—"
    number = Decimal(value).quantize(Decimal("0.01"))
    whole, _, frac = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    frac = frac.rstrip("0")
    sign = "-" if number < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def elapsed_share(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> float | None:
    """The share of [start, end] elapsed on `as_of`, between 0 and 1 (None when the period is unknown)."""
    if start is None or end is None:
        return None
    if end <= start:
        return 1.0 if as_of >= end else 0.0
    return min(1.0, max(0.0, (as_of - start).days / (end - start).days))


def expected_value(baseline: Decimal, target: Decimal, share: float | None) -> Decimal | None:
    """Where the value should be on the straight path from the baseline to the target."""
    if share is None:
        return None
    return baseline + (target - baseline) * Decimal(str(round(share, 6)))


def completion(value: Decimal | None, baseline: Decimal, target: Decimal) -> float | None:
    """The share of the way from the baseline to the target covered by `value` (1.0 = target reached)."""
    if value is None or target == baseline:
        return None
    return float((value - baseline) / (target - baseline))


def is_reached(value: Decimal | None, target: Decimal, direction: str) -> bool | None:
    if value is None:
        return None
    return value <= target if direction == Direction.AT_MOST else value >= target


def is_behind(value: Decimal, expected: Decimal | None, direction: str) -> bool:
    """Behind schedule: the share of the target reached is below the share of the period elapsed —
    for "at least" targets the value is under the straight path, for "at most" targets above it."""
    if expected is None:
        return False
    return value > expected if direction == Direction.AT_MOST else value < expected


def status_of(value, baseline, target, direction, share) -> str:
    if value is None:
        return "no_report"
    if is_behind(value, expected_value(baseline, target, share), direction):
        return "behind"
    if direction == Direction.AT_MOST:
        # A ceiling is met only when the period is over (the value may still rise before that).
        return "reached" if share is not None and share >= 1 and value <= target else "on_track"
    return "reached" if value >= target else "on_track"


@dataclass
class UnitRow:
    """One participating unit's latest value for one target of the movement."""

    participation: Participation
    target: Target  # the movement's target
    unit_target: Target | None = None  # the unit plan's target linked to it (the first, when several)
    value: Decimal | None = None
    date: dt.date | None = None
    target_value: Decimal | None = None
    baseline: Decimal = Decimal(0)
    share: float | None = None
    expected: Decimal | None = None
    status: str = "no_report"
    can_report: bool = False

    @property
    def unit(self):
        return self.participation.unit

    @property
    def value_text(self) -> str:
        return number_text(self.value)

    @property
    def target_value_text(self) -> str:
        return number_text(self.target_value)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]

    @property
    def is_late(self) -> bool:
        return self.status in LATE_STATUSES

    @property
    def completion(self) -> float | None:
        if self.target_value is None:
            return None
        return completion(self.value, self.baseline, self.target_value)

    @property
    def completion_pct(self) -> float | None:
        c = self.completion
        return None if c is None else round(c * 100, 1)


@dataclass
class TargetProgress:
    target: Target
    series: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    value: Decimal | None = None  # latest (rolled-up) value on `as_of`
    date: dt.date | None = None
    share: float | None = None
    expected: Decimal | None = None
    status: str = "no_report"
    units_total: int = 0
    units_reported: int = 0
    units_behind: int = 0
    rows: list[UnitRow] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)  # direct mode: the unit's reports

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]

    @property
    def value_text(self) -> str:
        return number_text(self.value)

    @property
    def target_value_text(self) -> str:
        return number_text(self.target.target_value)

    @property
    def baseline_text(self) -> str:
        return number_text(self.target.baseline)

    @property
    def reached(self) -> bool | None:
        return is_reached(self.value, self.target.target_value, self.target.direction)

    @property
    def completion_pct(self) -> float | None:
        c = completion(self.value, self.target.baseline, self.target.target_value)
        return None if c is None else round(c * 100, 1)

    @property
    def period_start(self):
        return self.target.movement.period_start

    @property
    def period_end(self):
        return self.target.deadline or self.target.movement.period_end

    def chart(self) -> dict:
        """The data of the line chart: the values over time, the target line, the planned path."""
        start, end = self.period_start, self.period_end
        return {
            "id": self.target.pk,
            "name": self.target.name,
            "measure": self.target.measure,
            "target": float(self.target.target_value),
            "baseline": float(self.target.baseline),
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "points": [[d.isoformat(), float(v)] for d, v in self.series],
        }


@dataclass
class MovementProgress:
    movement: Movement
    as_of: dt.date
    mode: str  # "direct" or "rollup"
    partial: bool = False  # the actor sees only some of the participating units
    targets: list[TargetProgress] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    can_report: bool = False  # direct mode: the actor may report on these targets

    @property
    def is_rollup(self) -> bool:
        return self.mode == "rollup"

    @property
    def units_total(self) -> int:
        return len(self.participations)

    @property
    def units_answered(self) -> int:
        """Units whose plan was sent by the end of `as_of`."""
        end = timezone.make_aware(dt.datetime.combine(self.as_of, dt.time.max))
        return sum(1 for p in self.participations if p.answered_at and p.answered_at <= end)

    @property
    def units_behind(self) -> int:
        """Units behind schedule (or silent) on at least one target."""
        return len({r.participation.pk for t in self.targets for r in t.rows if r.is_late})

    def rows(self, filters: dict | None = None) -> list[UnitRow]:
        """The per-unit table, filtered: target (pk), status (a STATUS_LABELS key, or "late"), q (unit
        name, with or without diacritics)."""
        filters = filters or {}
        target_pk = filters.get("target")
        status = filters.get("status") or ""
        words = fold_vi(filters.get("q") or "").split()
        out = []
        for tp in self.targets:
            if target_pk and tp.target.pk != int(target_pk):
                continue
            for row in tp.rows:
                if status == "late" and not row.is_late:
                    continue
                if status and status != "late" and row.status != status:
                    continue
                if words and not all(w in row.unit.search_text for w in words):
                    continue
                out.append(row)
        return out

    def charts(self) -> list[dict]:
        return [t.chart() for t in self.targets]


def covers_movement(actor, movement: Movement) -> bool:
    """The actor's scope covers every unit a movement may involve (the province for provincial and
    national movements, the launching unit's subtree otherwise)."""
    paths = scope_paths(actor)
    if paths is None:
        return True
    if movement.launching_unit_id is None:
        # A national movement: covered by a role held on the province itself (a root unit, "/<pk>/").
        return any(p.count("/") == 2 for p in paths)
    return unit_in_scope(actor, movement.launching_unit)


def movement_progress(*, actor, movement: Movement, as_of: dt.date | None = None) -> MovementProgress:
    """Progress of every target of `movement` on `as_of` (today by default). Out of scope → 404.
    Four queries for a movement launched to units, three for a unit's own, whatever their number."""
    if not actor.has_perm("movements.view", movement):
        raise Http404("Không tìm thấy phong trào.")
    as_of = as_of or timezone.localdate()
    targets = list(Target.objects.filter(movement=movement).order_by("order", "id"))
    for t in targets:
        t.movement = movement
    rollup = movement.level != Level.UNIT or Participation.objects.filter(movement=movement).exists()
    if rollup:
        progress = _rollup(actor, movement, targets, as_of)
    else:
        progress = _direct(actor, movement, targets, as_of)
    return progress


def _direct(actor, movement, targets, as_of) -> MovementProgress:
    progress = MovementProgress(movement=movement, as_of=as_of, mode="direct")
    progress.can_report = actor.has_perm("movements.act_for_unit", movement.launching_unit) and not closed_reason(
        movement
    )
    reports: dict[int, list[ProgressReport]] = {}
    for r in ProgressReport.objects.filter(target__movement=movement, date__lte=as_of).select_related("created_by"):
        r.value_text = number_text(r.value)
        reports.setdefault(r.target_id, []).append(r)
    for t in targets:
        tp = TargetProgress(target=t, reports=reports.get(t.pk, []))
        tp.reports.sort(key=lambda r: (r.date, r.id))
        tp.series = [(r.date, r.value) for r in tp.reports]
        if tp.reports:
            tp.value, tp.date = tp.reports[-1].value, tp.reports[-1].date
        _judge(tp, as_of)
        progress.targets.append(tp)
    return progress


def _judge(tp: TargetProgress, as_of):
    t = tp.target
    tp.share = elapsed_share(tp.period_start, tp.period_end, as_of)
    tp.expected = expected_value(t.baseline, t.target_value, tp.share)
    tp.status = status_of(tp.value, t.baseline, t.target_value, t.direction, tp.share)


def _rollup(actor, movement, targets, as_of) -> MovementProgress:
    progress = MovementProgress(
        movement=movement, as_of=as_of, mode="rollup", partial=not covers_movement(actor, movement)
    )
    participations = list(
        Participation.objects.filter(movement=movement)
        .filter(scope_q(actor, "unit__"))
        .select_related("unit", "plan")
        .order_by("unit__path")
    )
    progress.participations = participations
    # Units report on their plans while this movement takes reports (services.progress.closed_reason).
    movement_open = movement.level == Level.NATIONAL or movement.state in OPEN_STATES
    by_plan = {p.plan_id: p for p in participations if p.plan_id}
    # The units' plan targets linked to this movement's targets (plans of participations in scope).
    unit_targets = list(
        Target.objects.filter(parent_target__movement=movement, movement__answers__movement=movement)
        .filter(scope_q(actor, "movement__launching_unit__"))
        .order_by("order", "id")
    )
    linked: dict[tuple[int, int], list[Target]] = {}  # (parent target, participation) → unit targets
    for ut in unit_targets:
        p = by_plan.get(ut.movement_id)
        if p is not None:
            ut.movement = p.plan
            linked.setdefault((ut.parent_target_id, p.pk), []).append(ut)
    owner = {
        ut.pk: (ut.parent_target_id, by_plan[ut.movement_id].pk) for ut in unit_targets if ut.movement_id in by_plan
    }
    reports = list(
        ProgressReport.objects.filter(target_id__in=list(owner), date__lte=as_of)
        .order_by("date", "id")
        .values_list("target_id", "date", "value")
    )
    # Walk the reports in date order: the latest value of each unit target, and the roll-up series.
    latest: dict[int, tuple[dt.date, Decimal]] = {}
    series: dict[int, list[tuple[dt.date, Decimal]]] = {t.pk: [] for t in targets}
    totals: dict[int, Decimal] = {t.pk: Decimal(0) for t in targets}
    counts: dict[int, int] = {t.pk: 0 for t in targets}  # unit targets with a value so far
    averaged = {t.pk for t in targets if t.aggregation == Aggregation.AVERAGE}
    for target_id, date, value in reports:
        parent_id = owner[target_id][0]
        previous = latest.get(target_id)
        totals[parent_id] += value - (previous[1] if previous else Decimal(0))
        if previous is None:
            counts[parent_id] += 1
        latest[target_id] = (date, value)
        point = totals[parent_id]
        if parent_id in averaged:  # rates and indices: the mean of the units' latest values
            point = (point / counts[parent_id]).quantize(Decimal("0.01"))
        points = series[parent_id]
        if points and points[-1][0] == date:
            points[-1] = (date, point)
        else:
            points.append((date, point))
    for t in targets:
        tp = TargetProgress(target=t, series=series[t.pk], units_total=len(participations))
        if tp.series:
            tp.date, tp.value = tp.series[-1]
        _judge(tp, as_of)
        for p in participations:
            row = _unit_row(actor, p, t, linked.get((t.pk, p.pk), []), latest, as_of, movement_open)
            tp.rows.append(row)
            if row.value is not None:
                tp.units_reported += 1
            if row.is_late:
                tp.units_behind += 1
        progress.targets.append(tp)
    return progress


def _unit_row(
    actor, p: Participation, target: Target, unit_targets: list[Target], latest, as_of, movement_open: bool
) -> UnitRow:
    row = UnitRow(participation=p, target=target)
    if p.plan_id is None or p.answered_at is None:
        row.status = "no_plan"
        return row
    if not unit_targets:
        row.status = "no_target"
        return row
    first = row.unit_target = unit_targets[0]
    row.target_value = sum((ut.target_value for ut in unit_targets), Decimal(0))
    row.baseline = sum((ut.baseline for ut in unit_targets), Decimal(0))
    seen = [latest[ut.pk] for ut in unit_targets if ut.pk in latest]
    if seen:
        row.value = sum((v for _, v in seen), Decimal(0))
        row.date = max(d for d, _ in seen)
    row.share = elapsed_share(p.plan.period_start, first.deadline or p.plan.period_end, as_of)
    row.expected = expected_value(row.baseline, row.target_value, row.share)
    row.status = status_of(row.value, row.baseline, row.target_value, first.direction, row.share)
    row.can_report = movement_open and p.plan.state in OPEN_STATES and actor.has_perm("movements.act_for_unit", p.unit)
    return row


# --- One target, one report (the unit's screens) ---------------------------------------------------


def target_get(*, actor, pk: int) -> Target:
    """A target with its movement (and the movement's parent); 404 when the actor may not see it."""
    target = Target.objects.select_related("movement__parent", "movement__launching_unit", "parent_target").filter(
        pk=pk
    )
    target = target.first()
    if target is None or not actor.has_perm("movements.view", target.movement):
        raise Http404("Không tìm thấy chỉ tiêu.")
    return target


def target_reports(*, target: Target) -> list[ProgressReport]:
    """The target's reports, oldest first, with who entered them (and `value_text` for display)."""
    reports = list(ProgressReport.objects.filter(target=target).select_related("created_by").order_by("date", "id"))
    for r in reports:
        r.value_text = number_text(r.value)
    return reports


def last_entered_report(reports: list[ProgressReport]) -> ProgressReport | None:
    """The report entered most recently (the only one its author may take back)."""
    return max(reports, key=lambda r: (r.created_at, r.id), default=None)


def report_get(*, actor, pk: int) -> ProgressReport:
    report = (
        ProgressReport.objects.select_related(
            "target__movement__launching_unit", "target__movement__parent", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not actor.has_perm("movements.view", report.target.movement):
        raise Http404("Không tìm thấy báo cáo tiến độ.")
    return report
