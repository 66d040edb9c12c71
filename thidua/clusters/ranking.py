"""The order of a cluster's units, with its tie-breaks: pure (no ORM), unit-testable.

Units are ordered by total points, higher first. Units with the same total are separated by the
subtotal of the round's named criteria group (higher first) when the round names one; units still
tied are separated, when the round's rule includes it, by the result of a closed secret vote among
the members on exactly those units at that position (more votes first; a vote that leaves some of
them equal can be followed by another vote on those). Units still tied share the rank ("đồng hạng").

The awards follow the positions: the first `flag_count` places go to the provincial flag, the next
`bk_count` places to the chairman's Bằng khen. A tie matters only when it straddles one of these
cut-offs (some of the tied units would get one award and some another): that is a *blocking* tie,
which must be resolved before the results are published or the awards proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

POINTS, GROUP, VOTE, TIE = "POINTS", "GROUP", "VOTE", "TIE"
FLAG, BK = "FLAG", "BK"
BAND_LABELS = {FLAG: "Đề nghị Cờ thi đua", BK: "Đề nghị Bằng khen"}
ZERO = Decimal("0")


def points_text(value) -> str:
    """Points the Vietnamese way, without trailing zeros: 96.50 → '96,5'; 100.00 → '100'; −2.5 → '-2,5'."""
    number = Decimal(str(value if value is not None else 0)).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = format(abs(number), "f").replace(".", ",")
    return "-" + text if number < 0 else text


@dataclass(frozen=True)
class Entry:
    """One unit's figures: its total and its subtotal per criteria group (group id → points)."""

    unit_id: int
    name: str
    total: Decimal
    groups: dict = field(default_factory=dict)

    def subtotal(self, group_id) -> Decimal:
        return self.groups.get(group_id, ZERO)


@dataclass(frozen=True)
class VoteResult:
    """A closed tie-break vote: the position it decided, its candidates, the votes each received and
    the number of ballots cast. Give them in closing order: a later vote on the same units at the
    same position replaces an earlier one (a re-vote after a draw)."""

    position: int
    candidates: frozenset
    counts: dict  # unit id → votes
    ballots: int


@dataclass
class Row:
    position: int
    entry: Entry
    decided_by: str = POINTS  # POINTS, GROUP, VOTE, TIE
    note: str = ""
    band: str = ""  # FLAG, BK or ""
    shared: bool = False  # shares its rank with other units (an unresolved tie)

    @property
    def unit_id(self) -> int:
        return self.entry.unit_id

    @property
    def total(self) -> Decimal:
        return self.entry.total

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, "")


@dataclass(frozen=True)
class Tie:
    """Units still tied after every tie-break: they share `position`."""

    position: int
    unit_ids: tuple
    after_vote: bool = False

    @property
    def last(self) -> int:
        return self.position + len(self.unit_ids) - 1

    def straddles(self, cut: int) -> bool:
        return self.position <= cut < self.last


@dataclass
class Ranking:
    rows: list
    ties: list
    flag_count: int = 0
    bk_count: int = 0

    @property
    def cuts(self) -> list[int]:
        cuts = []
        if self.flag_count > 0:
            cuts.append(self.flag_count)
        if self.bk_count > 0:
            cuts.append(self.flag_count + self.bk_count)
        return cuts

    @property
    def blocking(self) -> list[Tie]:
        """Unresolved ties that straddle the flag or the Bằng khen cut-off."""
        return [t for t in self.ties if any(t.straddles(c) for c in self.cuts)]

    def tie_at(self, position: int) -> Tie | None:
        return next((t for t in self.ties if t.position == position), None)

    def row_of(self, unit_id: int) -> Row | None:
        return next((r for r in self.rows if r.unit_id == unit_id), None)

    def band_rows(self, band: str) -> list[Row]:
        return [r for r in self.rows if r.band == band]

    @property
    def size(self) -> int:
        return len(self.rows)


def _sort_key(entry: Entry):
    return (-entry.total, entry.name, entry.unit_id)


def _find_vote(votes, position: int, ids: frozenset):
    found = None
    for vote in votes:  # in closing order: the last one on these units at this position counts
        if vote.position == position and vote.candidates == ids:
            found = vote
    return found


class _Ranker:
    def __init__(self, *, tie_group, tie_group_label, use_vote, votes):
        self.tie_group = tie_group
        self.label = tie_group_label or "nhóm tiêu chí"
        self.use_vote = use_vote
        self.votes = list(votes)
        self.rows: list[Row] = []
        self.ties: list[Tie] = []

    def run(self, entries) -> None:
        position = 1
        ordered = sorted(entries, key=_sort_key)
        for _total, block in groupby(ordered, key=lambda e: e.total):
            block = list(block)
            if len(block) == 1:
                self.rows.append(Row(position, block[0]))
            else:
                self.by_group(block, position)
            position += len(block)

    def by_group(self, block: list[Entry], position: int) -> None:
        if self.tie_group is None:
            self.by_vote(block, position, group_note="")
            return
        ordered = sorted(block, key=lambda e: (-e.subtotal(self.tie_group), e.name, e.unit_id))
        levels = sorted({e.subtotal(self.tie_group) for e in block}, reverse=True)
        for value, sub in groupby(ordered, key=lambda e: e.subtotal(self.tie_group)):
            sub = list(sub)
            if len(sub) == 1:
                self.rows.append(Row(position, sub[0], GROUP, self._group_note(value, levels)))
            else:
                note = f"bằng tổng điểm và điểm {self.label} ({points_text(value)})"
                self.by_vote(sub, position, group_note=note)
            position += len(sub)

    def _group_note(self, value: Decimal, levels: list) -> str:
        index = levels.index(value)
        if index + 1 < len(levels):
            return f"Hơn điểm {self.label}: {points_text(value)} > {points_text(levels[index + 1])}"
        return f"Kém điểm {self.label}: {points_text(value)} < {points_text(levels[index - 1])}"

    def by_vote(self, block: list[Entry], position: int, *, group_note: str, tried=None) -> None:
        ids = frozenset(e.unit_id for e in block)
        vote = _find_vote(self.votes, position, ids) if self.use_vote else None
        if vote is None:
            self._tie(block, position, group_note, after=tried)
            return
        count = lambda e: int(vote.counts.get(e.unit_id, vote.counts.get(str(e.unit_id), 0)))  # noqa: E731
        ordered = sorted(block, key=lambda e: (-count(e), e.name, e.unit_id))
        groups = [list(g) for _n, g in groupby(ordered, key=count)]
        if len(groups) == 1:  # the vote left them all equal: still tied (a new vote may be opened)
            self._tie(block, position, group_note, after=vote)
            return
        for sub in groups:
            if len(sub) == 1:
                entry = sub[0]
                note = f"Bỏ phiếu kín: {count(entry)}/{vote.ballots} phiếu"
                self.rows.append(Row(position, entry, VOTE, note))
            else:
                self.by_vote(sub, position, group_note=group_note, tried=vote)
            position += len(sub)

    def _tie(self, block, position, group_note, after=None) -> None:
        reason = group_note or "bằng tổng điểm"
        if after is not None:
            counts = " – ".join(
                f"{int(after.counts.get(e.unit_id, after.counts.get(str(e.unit_id), 0)))}/{after.ballots}"
                for e in sorted(block, key=lambda e: (e.name, e.unit_id))
            )
            reason += f"; bỏ phiếu kín chưa phân định được ({counts} phiếu)"
        if self.use_vote:
            note = f"Đồng hạng: {reason} — cần bỏ phiếu kín phân định"
        else:
            note = f"Đồng hạng: {reason}"
        ordered = sorted(block, key=lambda e: (e.name, e.unit_id))
        for entry in ordered:
            self.rows.append(Row(position, entry, TIE, note, shared=True))
        self.ties.append(Tie(position, tuple(e.unit_id for e in ordered), after_vote=after is not None))


def rank(
    entries,
    *,
    tie_group=None,
    tie_group_label: str = "",
    use_vote: bool = False,
    votes=(),
    flag_count: int = 0,
    bk_count: int = 0,
) -> Ranking:
    """Order `entries` (Entry) and explain each place; mark the award bands.

    `tie_group`: the id of the criteria group whose subtotal separates equal totals (None: none);
    `tie_group_label`: how it is named in the explanations ("nhóm I"); `use_vote`: whether closed
    votes (`votes`, VoteResult in closing order) separate what is still tied."""
    ranker = _Ranker(tie_group=tie_group, tie_group_label=tie_group_label, use_vote=use_vote, votes=votes)
    ranker.run(entries)
    ranking = Ranking(rows=ranker.rows, ties=ranker.ties, flag_count=max(flag_count, 0), bk_count=max(bk_count, 0))
    blocking = {uid for t in ranking.blocking for uid in t.unit_ids}
    for row in ranking.rows:
        if row.unit_id in blocking:
            continue  # which award is undecided until the tie is broken
        if row.position <= ranking.flag_count:
            row.band = FLAG
        elif row.position <= ranking.flag_count + ranking.bk_count:
            row.band = BK
    return ranking


def achievement_text(row: Row, size: int, cluster_name: str, year: int) -> str:
    """'Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 96,5 điểm' (with 'đồng hạng' for a shared rank)."""
    shared = " (đồng hạng)" if row.shared else ""
    return f"Xếp thứ {row.position}/{size}{shared} {cluster_name} năm {year}, {points_text(row.total)} điểm"
