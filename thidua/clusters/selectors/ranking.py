"""Reads of the ranking: a cluster's ranking (provisional while the round is open, final once locked),
every cluster's ranking of a year in a fixed number of queries, the full scoring table, a unit's chart
and its year-on-year comparison, the tie-break votes and the leading units compared across clusters.

The points are summed in the database (one grouped query: Σ per unit and criteria group, with
filters by criterion kind); only the sheets of units that are members of the cluster now count.
Total = Σ scored criteria + Σ bonus − Σ penalty (a penalty is stored as a positive number);
`Score.points` is the figure that counts (empty = 0). Ordering and tie-breaks: thidua/clusters/ranking.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from thidua.catalog.models import RuleParameter
from thidua.catalog.selectors import NotInForce, rule_parameters, rule_set_on
from thidua.org.models import Cluster, ClusterMember, Unit

from .. import ranking as rk
from ..models import (
    CriterionGroup,
    CriterionKind,
    Score,
    ScoringRound,
    TieVote,
    TieVoteRoll,
    TieVoteState,
)
from ..rules import acts_for, member_paths

ZERO = Decimal("0")
FLAG_CODE = "CO_TINH"  # Cờ thi đua của Ủy ban nhân dân tỉnh
BK_CODE = "BK_TINH_TT"  # Bằng khen của Chủ tịch UBND tỉnh (tập thể)
GOV_FLAG_CODE = "CO_CP"  # Cờ thi đua của Chính phủ
DEFAULT_FLAG_COUNT, DEFAULT_BK_COUNT = 1, 2

_DIGITS = re.compile(r"(\d+)")
_ROUND_RELATED = ("scoring", "scoring__table", "scoring__tie_group", "scoring__proposal")


# --- The rule-set parameters -----------------------------------------------------------------------


def rule_set_for_year(year: int):
    """The rule set of the achievement year (in force on 31/12 of it), or the one in force today."""
    try:
        return rule_set_on(dt.date(year, 12, 31))
    except NotInForce:
        return rule_set_on(timezone.localdate())


def award_counts(year: int) -> tuple[int, int]:
    """(units proposed for the provincial flag, units proposed for the chairman's Bằng khen) per cluster."""
    try:
        params = rule_parameters(rule_set_for_year(year))
    except NotInForce:
        params = {}
    flag = params.get("cluster_flag_count", DEFAULT_FLAG_COUNT)
    bk = params.get("cluster_bk_count", DEFAULT_BK_COUNT)
    return int(flag), int(bk)


@dataclass
class Quota:
    """The Government flag's quota: floor(rate × number of provincial flag winners), with its basis."""

    rate: Decimal
    winners: int
    citation: str
    confidence: str
    label: str

    @property
    def value(self) -> int:
        return int((self.rate * self.winners).to_integral_value(rounding=ROUND_FLOOR))

    @property
    def unverified(self) -> bool:
        return self.confidence == "I"

    @property
    def explanation(self) -> str:
        product = rk.points_text(self.rate * self.winners)
        return (
            f"{rk.points_text(self.rate * 100)}% × {self.winners} đơn vị dẫn đầu được đề nghị Cờ thi đua của tỉnh "
            f"= {product}, làm tròn xuống {self.value}"
        )


def gov_flag_quota(year: int, winners: int) -> Quota:
    rule_set = rule_set_for_year(year)
    param = RuleParameter.objects.filter(rule_set=rule_set, key="co_cp_quota").first()
    if param is None:
        raise NotInForce(f"Bộ quy tắc {rule_set} không có tham số “co_cp_quota”.")
    from thidua.catalog import values

    rate = Decimal(str(values.parse(param.value_type, param.value)))
    return Quota(rate=rate, winners=winners, citation=param.citation, confidence=param.confidence, label=param.label)


# --- Building rankings -----------------------------------------------------------------------------


@dataclass
class Figures:
    """One unit's sums: per group (signed: penalties count negative), and by kind."""

    groups: dict = field(default_factory=dict)
    score: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    self_total: Decimal = ZERO
    has_sheet: bool = False

    @property
    def total(self) -> Decimal:
        return self.score + self.bonus - self.penalty


@dataclass
class Line:
    """A ranked unit as the pages show it."""

    row: rk.Row
    unit: object
    figures: Figures
    subtotals: list  # aligned with ClusterRanking.groups

    @property
    def position(self):
        return self.row.position

    @property
    def total(self):
        return self.row.total


@dataclass
class ClusterRanking:
    cluster: Cluster
    round: ScoringRound
    groups: list
    ranking: rk.Ranking
    lines: list
    today: dt.date

    @property
    def locked(self) -> bool:
        return self.round.is_locked(self.today)

    @property
    def provisional(self) -> bool:
        return not self.locked

    @property
    def published(self) -> bool:
        return self.round.published_at is not None

    @property
    def size(self) -> int:
        return len(self.lines)

    @property
    def blocking(self) -> list:
        return self.ranking.blocking

    @property
    def ties(self) -> list:
        return self.ranking.ties

    def line_of(self, unit_id: int) -> Line | None:
        return next((line for line in self.lines if line.unit.pk == unit_id), None)

    def band_lines(self, band: str) -> list:
        return [line for line in self.lines if line.row.band == band]

    def averages(self) -> list:
        """The cluster's average per group (over the ranked units)."""
        if not self.lines:
            return [ZERO for _ in self.groups]
        n = len(self.lines)
        return [sum((line.subtotals[i] for line in self.lines), ZERO) / n for i in range(len(self.groups))]

    def tie_label(self) -> str:
        group = self.round.tie_group
        return f"nhóm {group.code}" if group is not None else ""

    def unit_names(self, ids) -> str:
        names = {line.unit.pk: line.unit.name for line in self.lines}
        return ", ".join(names.get(int(i), str(i)) for i in ids)


def _dec(value) -> Decimal:
    return Decimal(value) if value is not None else ZERO


def _sums(round_ids) -> dict:
    """{(round id, unit id): Figures} over the members' sheets, in ONE grouped query."""
    money = DecimalField(max_digits=12, decimal_places=2)
    zero = Value(ZERO, output_field=money)

    def total(field_name, kind=None):
        flt = Q(criterion__kind=kind) if kind else None
        return Coalesce(Sum(field_name, filter=flt, output_field=money), zero, output_field=money)

    member = ClusterMember.objects.filter(
        cluster_id=OuterRef("sheet__round__cluster_id"), unit_id=OuterRef("sheet__unit_id")
    )
    rows = (
        Score.objects.filter(sheet__round_id__in=round_ids, criterion__table_id=F("sheet__round__table_id"))
        .filter(Exists(member))
        .values("sheet__round_id", "sheet__unit_id", "criterion__group_id")
        .annotate(
            score=total("points", CriterionKind.SCORE),
            bonus=total("points", CriterionKind.BONUS),
            penalty=total("points", CriterionKind.PENALTY),
            self_score=total("self_points", CriterionKind.SCORE),
            self_bonus=total("self_points", CriterionKind.BONUS),
            self_penalty=total("self_points", CriterionKind.PENALTY),
        )
        .order_by()
    )
    out: dict = {}
    for r in rows:
        fig = out.setdefault((r["sheet__round_id"], r["sheet__unit_id"]), Figures(has_sheet=True))
        score, bonus, penalty = _dec(r["score"]), _dec(r["bonus"]), _dec(r["penalty"])
        fig.groups[r["criterion__group_id"]] = score + bonus - penalty
        fig.score += score
        fig.bonus += bonus
        fig.penalty += penalty
        fig.self_total += _dec(r["self_score"]) + _dec(r["self_bonus"]) - _dec(r["self_penalty"])
    return out


def _votes(round_ids) -> dict:
    """{round id: [VoteResult in closing order]} of the closed tie-break votes."""
    out: dict = {}
    for v in TieVote.objects.filter(round_id__in=round_ids, state=TieVoteState.CLOSED).order_by("closed_at", "pk"):
        counts = {int(k): int(n) for k, n in (v.result or {}).items()}
        out.setdefault(v.round_id, []).append(
            rk.VoteResult(
                position=v.position,
                candidates=frozenset(int(c) for c in v.candidates),
                counts=counts,
                ballots=sum(counts.values()),
            )
        )
    return out


def build_rankings(rounds, *, flag_count: int, bk_count: int, today: dt.date | None = None) -> list[ClusterRanking]:
    """The rankings of the clusters of `rounds` (each with its cluster, table and tie group loaded), in
    four queries whatever their number."""
    rounds = list(rounds)
    if not rounds:
        return []
    today = today or timezone.localdate()
    round_ids = [r.pk for r in rounds]
    members: dict = {}
    cluster_ids = [r.cluster_id for r in rounds]
    for m in (
        ClusterMember.objects.filter(cluster_id__in=cluster_ids).select_related("unit").order_by("unit__name", "pk")
    ):
        members.setdefault(m.cluster_id, []).append(m)
    groups: dict = {}
    for g in CriterionGroup.objects.filter(table_id__in={r.table_id for r in rounds}).order_by("order", "pk"):
        groups.setdefault(g.table_id, []).append(g)
    sums = _sums(round_ids)
    votes = _votes(round_ids)
    result = []
    for rnd in rounds:
        table_groups = groups.get(rnd.table_id, [])
        units, entries = {}, []
        for m in members.get(rnd.cluster_id, []):
            fig = sums.get((rnd.pk, m.unit_id), Figures())
            units[m.unit_id] = (m.unit, fig)
            entries.append(rk.Entry(unit_id=m.unit_id, name=m.unit.name, total=fig.total, groups=fig.groups))
        ranking = rk.rank(
            entries,
            tie_group=rnd.tie_group_id,
            tie_group_label=f"nhóm {rnd.tie_group.code}" if rnd.tie_group_id else "",
            use_vote=rnd.tie_vote,
            votes=votes.get(rnd.pk, []),
            flag_count=flag_count,
            bk_count=bk_count,
        )
        lines = []
        for row in ranking.rows:
            unit, fig = units[row.unit_id]
            subtotals = [fig.groups.get(g.pk, ZERO) for g in table_groups]
            lines.append(Line(row=row, unit=unit, figures=fig, subtotals=subtotals))
        result.append(
            ClusterRanking(
                cluster=rnd.cluster, round=rnd, groups=table_groups, ranking=ranking, lines=lines, today=today
            )
        )
    return result


def round_ranking(rnd: ScoringRound) -> ClusterRanking:
    """The ranking of one round (its cluster loaded)."""
    flag, bk = award_counts(rnd.cluster.year)
    return build_rankings([rnd], flag_count=flag, bk_count=bk)[0]


def cluster_ranking(cluster: Cluster) -> ClusterRanking | None:
    """The ranking of one cluster (None: it has no scoring round)."""
    rnd = getattr(cluster, "scoring", None)
    if rnd is None:
        return None
    rnd.cluster = cluster
    return round_ranking(rnd)


def natural_key(name: str) -> tuple:
    """Sort key comparing the numbers inside a name as numbers: "Cụm thi đua số 2" before "… số 10"."""
    parts = _DIGITS.split((name or "").casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def cluster_order(cluster: Cluster) -> tuple:
    """Clusters by kind, then by name in natural order."""
    return (cluster.kind, natural_key(cluster.name), cluster.pk)


def rankings_for_year(year: int) -> list[ClusterRanking]:
    """The ranking of every cluster and block of `year` that has a scoring round, by kind then name in
    natural order ("số 2" before "số 10"), in a fixed number of queries (seven) whatever the number of
    clusters, units and scores."""
    rounds = sorted(
        ScoringRound.objects.filter(cluster__year=year).select_related("cluster", "table", "tie_group", "proposal"),
        key=lambda r: cluster_order(r.cluster),
    )
    flag, bk = award_counts(year)
    return build_rankings(rounds, flag_count=flag, bk_count=bk)


# --- Pages --------------------------------------------------------------------------------------------


def ranking_cluster_get(*, actor, pk: int) -> Cluster:
    """The cluster if the actor may see its results (the province, its members; everyone once published)."""
    cluster = Cluster.objects.select_related(*_ROUND_RELATED, "carried_from").filter(pk=pk).first()
    if cluster is None or not actor.has_perm("clusters.view_results", cluster):
        raise Http404("Không tìm thấy cụm, khối thi đua.")
    return cluster


def previous_result(cluster: Cluster, unit, *, actor) -> dict | None:
    """The unit's total and rank in the previous year's cluster containing it (the cluster this one was
    carried from when the unit was in it, else the unit's membership in year − 1). None when unknown, and
    also when the actor may not see that cluster's results (`clusters.view_results` on it: the province,
    its members, everyone once published) or its round is not locked yet (a provisional figure is never
    shown here): the page then says there are no figures, whatever the reason."""
    previous = None
    if cluster.carried_from_id is not None:
        previous = (
            Cluster.objects.filter(pk=cluster.carried_from_id, memberships__unit=unit)
            .select_related(*_ROUND_RELATED)
            .first()
        )
    if previous is None:
        candidates = sorted(
            Cluster.objects.filter(year=cluster.year - 1, memberships__unit=unit).select_related(*_ROUND_RELATED),
            key=lambda c: (natural_key(c.name), c.pk),
        )
        same_kind = [c for c in candidates if c.kind == cluster.kind]
        previous = (same_kind or candidates or [None])[0]
    if previous is None or getattr(previous, "scoring", None) is None:
        return None
    if not previous.scoring.is_locked() or not actor.has_perm("clusters.view_results", previous):
        return None
    ranking = cluster_ranking(previous)
    line = ranking.line_of(unit.pk) if ranking else None
    if line is None or not line.figures.has_sheet:
        return None
    return {"cluster": previous, "line": line, "size": ranking.size, "provisional": ranking.provisional}


def unit_chart(ranking: ClusterRanking, unit_id: int) -> dict | None:
    """The chart's data: the unit's points per criteria group against the cluster's average."""
    line = ranking.line_of(unit_id)
    if line is None:
        return None
    averages = ranking.averages()
    return {
        "labels": [f"{g.code}. {g.name}" for g in ranking.groups],
        "unit_label": line.unit.name,
        "unit": [float(v) for v in line.subtotals],
        "average": [float(round(v, 2)) for v in averages],
        "rows": [
            {"group": g, "unit": line.subtotals[i], "average": averages[i], "max": g.max_points}
            for i, g in enumerate(ranking.groups)
        ],
    }


def score_table(ranking: ClusterRanking) -> tuple[list, dict]:
    """The full scoring table: the criteria of the round's table (in order) and
    {unit id: {criterion id: (self points, points)}} for the ranked units (one query each)."""
    from ..models import Criterion

    criteria = list(
        Criterion.objects.filter(table_id=ranking.round.table_id)
        .select_related("group")
        .order_by("group__order", "order", "pk")
    )
    unit_ids = [line.unit.pk for line in ranking.lines]
    cells: dict = {}
    rows = Score.objects.filter(sheet__round=ranking.round, sheet__unit_id__in=unit_ids).values_list(
        "sheet__unit_id", "criterion_id", "self_points", "points"
    )
    for unit_id, criterion_id, self_points, points in rows:
        cells.setdefault(unit_id, {})[criterion_id] = (self_points, points)
    return criteria, cells


# --- Tie-break votes ------------------------------------------------------------------------------------


def tie_votes_of(round_: ScoringRound) -> list[TieVote]:
    return list(TieVote.objects.filter(round=round_).order_by("-opened_at", "-pk"))


def voter_units_of(actor, vote: TieVote) -> list:
    """The units of the vote's electorate (`voters`: the member units when it opened) the actor acts for,
    by name (one query)."""
    if not vote.voters or not member_paths(actor):
        return []
    return [u for u in Unit.objects.filter(pk__in=vote.voters).order_by("name", "pk") if acts_for(actor, u)]


def tie_vote_get(*, actor, pk: int) -> TieVote:
    """The vote if the actor may see the cluster (its members, its head, the province) or acts for a unit
    of its electorate (a unit that has left the cluster since the opening keeps its vote); 404 otherwise."""
    vote = (
        TieVote.objects.select_related("round__cluster", "round__table", "round__tie_group", "round__proposal")
        .filter(pk=pk)
        .first()
    )
    if vote is None or not (actor.has_perm("clusters.view", vote.round.cluster) or voter_units_of(actor, vote)):
        raise Http404("Không tìm thấy cuộc bỏ phiếu phân định thứ hạng.")
    return vote


def tie_vote_roll(vote: TieVote) -> list:
    """The member units that have voted (named; never what they chose)."""
    return list(TieVoteRoll.objects.filter(vote=vote).select_related("unit").order_by("unit__name"))


# --- Leaders compared -------------------------------------------------------------------------------------


@dataclass
class LeaderEntry:
    """A unit at position 1 (or at a flag place) of a cluster, with what became of it."""

    line: Line
    winner: bool  # proposable for the Government flag: at a flag place of a final ranking
    flag_line: object = None  # its CO_TINH line in the cluster's proposal
    award: object = None  # its CO_TINH award of the year
    gov_line: object = None  # its CO_CP line of the year, if already proposed

    @property
    def unit(self):
        return self.line.unit

    @property
    def selectable(self) -> bool:
        return self.winner and self.gov_line is None


@dataclass
class LeaderRow:
    ranking: ClusterRanking
    entries: list = field(default_factory=list)

    @property
    def winners(self) -> list:
        return [e for e in self.entries if e.winner]

    @property
    def gov_lines(self) -> dict:
        return {e.unit.pk: e.gov_line for e in self.entries if e.gov_line is not None}


def leaders_years() -> list[int]:
    return list(
        Cluster.objects.filter(scoring__isnull=False).values_list("year", flat=True).distinct().order_by("-year")
    )


def leaders_compared(year: int) -> list[LeaderRow]:
    """Each cluster's leading unit(s) of `year` (and every unit at a flag place), whether proposed for the
    provincial flag and what became of it, and what was already proposed for the Government's flag
    (a fixed number of queries)."""
    from thidua.decisions.models import Award
    from thidua.nominations.models import NominationLine

    rows = []
    for ranking in rankings_for_year(year):
        winners = {line.unit.pk for line in ranking.band_lines(rk.FLAG)} if ranking.locked else set()
        shown = [line for line in ranking.lines if line.position == 1 or line.unit.pk in winners]
        rows.append(
            LeaderRow(
                ranking=ranking, entries=[LeaderEntry(line=line, winner=line.unit.pk in winners) for line in shown]
            )
        )
    proposals = [r.ranking.round.proposal_id for r in rows if r.ranking.round.proposal_id]
    unit_ids = {e.unit.pk for r in rows for e in r.entries}
    flag_lines = {
        (line.nomination_id, line.unit_id): line
        for line in NominationLine.objects.filter(
            nomination_id__in=proposals, award_type__code=FLAG_CODE, unit_id__isnull=False
        ).select_related("nomination")
    }
    awards = {
        a.unit_id: a
        for a in Award.objects.filter(
            unit_id__in=unit_ids, award_type__code=FLAG_CODE, year=year, revoked=False
        ).select_related("decision")
    }
    gov = {
        line.unit_id: line
        for line in NominationLine.objects.filter(
            unit_id__in=unit_ids, award_type__code=GOV_FLAG_CODE, nomination__year=year
        ).select_related("nomination")
    }
    for r in rows:
        pid = r.ranking.round.proposal_id
        for e in r.entries:
            e.flag_line = flag_lines.get((pid, e.unit.pk))
            e.award = awards.get(e.unit.pk)
            e.gov_line = gov.get(e.unit.pk)
    return rows


def flag_winners(rows: list[LeaderRow]) -> list:
    """(ranking, line) of every unit proposable for the Government flag: the provincial flag's places of
    each cluster's final ranking."""
    return [(r.ranking, e.line) for r in rows for e in r.winners]
