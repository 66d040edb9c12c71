"""The ranking: ordering by total, the tie-breaks (named group, then a closed secret vote), shared
ranks, the award bands and the cut-offs (pure module), then the sums read from the database (bonus,
penalty, empty points, members only) and every cluster of a year in a fixed number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.catalog.models import RuleParameter
from thidua.clusters import ranking as rk
from thidua.clusters.models import ScoreSheet, TieVote, TieVoteState
from thidua.clusters.selectors import ranking as sel
from thidua.org.models import ClusterMember

from .conftest import build_template
from .test_ranking_support import GROUP_SCENARIO, VOTE_SCENARIO, lock, make_cluster, score

D = Decimal


def entry(uid, total, g1=0, name=None):
    return rk.Entry(unit_id=uid, name=name or f"Đơn vị {uid}", total=D(str(total)), groups={1: D(str(g1))})


def order(ranking):
    return [(r.position, r.unit_id) for r in ranking.rows]


# --- Pure ordering -------------------------------------------------------------------------------------


def test_units_are_ordered_by_total_points_higher_first():
    ranking = rk.rank([entry(1, 80), entry(2, 95.5), entry(3, 90)])
    assert order(ranking) == [(1, 2), (2, 3), (3, 1)]
    assert all(r.decided_by == rk.POINTS for r in ranking.rows)
    assert ranking.ties == []


def test_equal_totals_are_separated_by_the_named_groups_subtotal():
    ranking = rk.rank([entry(1, 90, g1=50), entry(2, 90, g1=55), entry(3, 99)], tie_group=1, tie_group_label="nhóm I")
    assert order(ranking) == [(1, 3), (2, 2), (3, 1)]
    second, third = ranking.rows[1], ranking.rows[2]
    assert second.decided_by == third.decided_by == rk.GROUP
    assert second.note == "Hơn điểm nhóm I: 55 > 50"
    assert third.note == "Kém điểm nhóm I: 50 < 55"


def test_without_a_named_group_equal_totals_go_to_the_vote():
    ranking = rk.rank([entry(1, 90, g1=50), entry(2, 90, g1=55)], use_vote=True)
    assert ranking.ties == [rk.Tie(1, (1, 2))]
    assert all(r.shared and r.position == 1 for r in ranking.rows)
    assert "cần bỏ phiếu kín phân định" in ranking.rows[0].note


def test_a_tie_on_total_and_group_is_broken_by_a_closed_vote_of_those_units_at_that_position():
    vote = rk.VoteResult(position=1, candidates=frozenset({1, 2}), counts={1: 3, 2: 5}, ballots=8)
    ranking = rk.rank(
        [entry(1, 95, g1=55), entry(2, 95, g1=55), entry(3, 90)],
        tie_group=1,
        tie_group_label="nhóm I",
        use_vote=True,
        votes=[vote],
    )
    assert order(ranking) == [(1, 2), (2, 1), (3, 3)]
    assert ranking.rows[0].decided_by == rk.VOTE
    assert ranking.rows[0].note == "Bỏ phiếu kín: 5/8 phiếu"
    assert ranking.rows[1].note == "Bỏ phiếu kín: 3/8 phiếu"
    assert ranking.ties == []


def test_a_vote_is_ignored_when_the_round_does_not_break_ties_by_vote():
    vote = rk.VoteResult(position=1, candidates=frozenset({1, 2}), counts={1: 3, 2: 5}, ballots=8)
    ranking = rk.rank([entry(1, 95), entry(2, 95)], use_vote=False, votes=[vote])
    assert ranking.ties == [rk.Tie(1, (1, 2))]
    assert ranking.rows[0].note == "Đồng hạng: bằng tổng điểm"


def test_a_vote_on_other_candidates_or_another_position_does_not_count():
    entries = [entry(1, 95), entry(2, 95), entry(3, 95)]
    votes = [
        rk.VoteResult(position=1, candidates=frozenset({1, 2}), counts={1: 5, 2: 3}, ballots=8),
        rk.VoteResult(position=2, candidates=frozenset({1, 2, 3}), counts={1: 5, 2: 2, 3: 1}, ballots=8),
    ]
    ranking = rk.rank(entries, use_vote=True, votes=votes)
    assert ranking.ties == [rk.Tie(1, (1, 2, 3))]


def test_a_drawn_vote_leaves_the_tie_and_a_later_vote_on_the_same_units_decides():
    drawn = rk.VoteResult(position=1, candidates=frozenset({1, 2}), counts={1: 4, 2: 4}, ballots=8)
    ranking = rk.rank([entry(1, 95), entry(2, 95)], use_vote=True, votes=[drawn])
    assert ranking.ties == [rk.Tie(1, (1, 2), after_vote=True)]
    assert "bỏ phiếu kín chưa phân định được (4/8 – 4/8 phiếu)" in ranking.rows[0].note
    again = rk.VoteResult(position=1, candidates=frozenset({1, 2}), counts={1: 3, 2: 5}, ballots=8)
    ranking = rk.rank([entry(1, 95), entry(2, 95)], use_vote=True, votes=[drawn, again])
    assert order(ranking) == [(1, 2), (2, 1)]


def test_a_vote_that_separates_some_candidates_leaves_the_rest_for_another_vote():
    first = rk.VoteResult(position=1, candidates=frozenset({1, 2, 3}), counts={1: 4, 2: 2, 3: 2}, ballots=8)
    ranking = rk.rank([entry(1, 95), entry(2, 95), entry(3, 95)], use_vote=True, votes=[first])
    assert ranking.rows[0].unit_id == 1 and ranking.rows[0].position == 1
    assert ranking.ties == [rk.Tie(2, (2, 3), after_vote=True)]
    second = rk.VoteResult(position=2, candidates=frozenset({2, 3}), counts={2: 3, 3: 5}, ballots=8)
    ranking = rk.rank([entry(1, 95), entry(2, 95), entry(3, 95)], use_vote=True, votes=[first, second])
    assert order(ranking) == [(1, 1), (2, 3), (3, 2)]


def test_units_still_tied_share_the_rank_and_the_next_rank_skips():
    ranking = rk.rank([entry(1, 90), entry(2, 90), entry(3, 80)])
    assert order(ranking) == [(1, 1), (1, 2), (3, 3)]


def test_award_bands_follow_the_positions_and_the_counts():
    ranking = rk.rank([entry(i, 100 - i) for i in range(1, 6)], flag_count=1, bk_count=2)
    assert [r.band for r in ranking.rows] == [rk.FLAG, rk.BK, rk.BK, "", ""]
    assert ranking.rows[0].band_label == "Đề nghị Cờ thi đua"


def test_a_tie_straddling_a_cut_off_blocks_and_leaves_the_award_undecided():
    at_flag = rk.rank([entry(1, 95), entry(2, 95), entry(3, 80)], flag_count=1, bk_count=2, use_vote=True)
    assert at_flag.blocking == [rk.Tie(1, (1, 2))]
    assert [r.band for r in at_flag.rows] == ["", "", rk.BK]
    at_bk_end = rk.rank(
        [entry(1, 99), entry(2, 95), entry(3, 90), entry(4, 90)], flag_count=1, bk_count=2, use_vote=True
    )
    assert at_bk_end.blocking == [rk.Tie(3, (3, 4))]


def test_a_tie_inside_one_band_or_below_the_awards_does_not_block():
    inside = rk.rank([entry(1, 99), entry(2, 95), entry(3, 95)], flag_count=1, bk_count=2)
    assert inside.ties and inside.blocking == []
    assert [r.band for r in inside.rows] == [rk.FLAG, rk.BK, rk.BK]
    below = rk.rank([entry(i, 100 - i) for i in range(1, 4)] + [entry(8, 50), entry(9, 50)], flag_count=1, bk_count=2)
    assert below.ties and below.blocking == []


def test_points_are_written_the_vietnamese_way():
    assert rk.points_text(D("96.50")) == "96,5"
    assert rk.points_text(D("100.00")) == "100"
    assert rk.points_text(D("-2.5")) == "-2,5"
    assert rk.points_text(None) == "0"


def test_achievement_text_names_rank_size_cluster_year_and_points():
    row = rk.Row(position=1, entry=entry(1, 96.5))
    assert rk.achievement_text(row, 8, "Cụm thi đua số 1", 2026) == "Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 96,5 điểm"
    row.shared = True
    assert "(đồng hạng)" in rk.achievement_text(row, 8, "Cụm thi đua số 1", 2026)


# --- From the database -----------------------------------------------------------------------------------


def test_total_adds_scores_and_bonus_and_takes_off_the_penalty(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    data = sel.cluster_ranking(cluster.cluster)
    thanh = data.line_of(cluster.units[6].pk)  # 20+20+15+15 − 2
    assert thanh.total == D("68")
    assert thanh.figures.penalty == D("2") and thanh.figures.bonus == 0
    head = data.line_of(cluster.head.pk)
    assert head.total == D("96.5")
    assert head.subtotals == [D("58"), D("38"), D("0.5")]  # groups I, II, III (bonus − penalty)


def test_the_cross_checked_points_count_and_empty_points_count_as_zero(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    sheet = ScoreSheet.objects.get(round=scoring_round, unit=cluster.member)
    sheet.scores.filter(criterion__code="1.1").update(self_points=25, points=10)  # adjusted down
    sheet.scores.filter(criterion__code="1.2").update(points=None)
    line = sel.cluster_ranking(cluster.cluster).line_of(cluster.member.pk)
    assert line.total == D("50")  # 10 + 0 + 20 + 20
    assert line.figures.self_total == D("90")


def test_only_current_members_sheets_count(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    ClusterMember.objects.filter(cluster=cluster.cluster, unit=cluster.units[7]).delete()
    data = sel.cluster_ranking(cluster.cluster)
    assert data.size == 7
    assert data.line_of(cluster.units[7].pk) is None


def test_a_member_without_a_sheet_is_ranked_with_zero(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    ScoreSheet.objects.filter(round=scoring_round, unit=cluster.units[7]).delete()
    line = sel.cluster_ranking(cluster.cluster).line_of(cluster.units[7].pk)
    assert line.total == 0 and not line.figures.has_sheet and line.position == 8


def test_tie_broken_by_the_named_group_in_the_database(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    data = sel.cluster_ranking(lock(scoring_round).cluster)
    assert [line.unit for line in data.lines[:3]] == [cluster.head, cluster.deputy, cluster.member]
    assert data.lines[1].row.note == "Hơn điểm nhóm I: 55 > 50"
    assert [line.row.band for line in data.lines[:4]] == [rk.FLAG, rk.BK, rk.BK, ""]
    assert data.blocking == []


def test_a_closed_vote_in_the_database_orders_the_tied_units(cluster, scoring_round):
    score(scoring_round, cluster.units, VOTE_SCENARIO)
    lock(scoring_round)
    data = sel.cluster_ranking(cluster.cluster)
    assert len(data.blocking) == 1 and set(data.blocking[0].unit_ids) == {cluster.head.pk, cluster.deputy.pk}
    TieVote.objects.create(
        round=scoring_round,
        position=1,
        candidates=[cluster.head.pk, cluster.deputy.pk],
        state=TieVoteState.CLOSED,
        result={str(cluster.head.pk): 3, str(cluster.deputy.pk): 5},
    )
    data = sel.cluster_ranking(cluster.cluster)
    assert data.lines[0].unit == cluster.deputy and data.lines[0].row.note == "Bỏ phiếu kín: 5/8 phiếu"
    assert data.blocking == []


def test_an_open_vote_does_not_change_the_ranking(cluster, scoring_round):
    score(scoring_round, cluster.units, VOTE_SCENARIO)
    TieVote.objects.create(round=scoring_round, position=1, candidates=[cluster.head.pk, cluster.deputy.pk], result={})
    assert len(sel.cluster_ranking(cluster.cluster).blocking) == 1


def test_cut_offs_are_read_from_the_rule_set(cluster, scoring_round):
    RuleParameter.objects.filter(key="cluster_flag_count").update(value="2")
    RuleParameter.objects.filter(key="cluster_bk_count").update(value="3")
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    data = sel.cluster_ranking(cluster.cluster)
    assert [line.row.band for line in data.lines] == [rk.FLAG, rk.FLAG, rk.BK, rk.BK, rk.BK, "", "", ""]


def test_a_cluster_without_a_round_has_no_ranking(cluster):
    assert sel.cluster_ranking(cluster.cluster) is None


def test_averages_per_group_over_the_members(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    data = sel.cluster_ranking(cluster.cluster)
    averages = data.averages()
    assert averages[0] == sum((line.subtotals[0] for line in data.lines), D(0)) / 8


# --- Every cluster of a year, in a fixed number of queries -------------------------------------------------


def _year_queries(year):
    with CaptureQueriesContext(connection) as ctx:
        rankings = sel.rankings_for_year(year)
        for r in rankings:  # everything the pages read is loaded already
            for line in r.lines:
                line.unit.name, line.total, line.row.note  # noqa: B018
            r.round.cluster.name, r.round.table.name  # noqa: B018
    return rankings, len(ctx.captured_queries)


def test_rankings_for_year_run_a_fixed_number_of_queries_whatever_the_size(province):
    template = build_template(year=2030, name="Bảng đo số truy vấn")
    make_cluster(province, template, name="Cụm nhỏ", year=2030, totals=(50, 40), code="S")
    small, small_queries = _year_queries(2030)
    for i in range(4):
        make_cluster(
            province, template, name=f"Cụm lớn {i}", year=2030, totals=(90, 85, 80, 75, 70, 65, 60, 55), code=f"L{i}-"
        )
    large, large_queries = _year_queries(2030)
    assert len(small) == 1 and len(large) == 5
    assert sum(r.size for r in large) == 2 + 4 * 8
    assert small_queries == large_queries
    assert large_queries <= 7


def test_rankings_for_year_rank_each_cluster_on_its_own(province, cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    other, _rnd, units = make_cluster(province, scoring_round.table, name="Cụm thi đua số 3", totals=(70, 99))
    found = {r.cluster.pk: r for r in sel.rankings_for_year(2026)}
    assert found[cluster.cluster.pk].lines[0].unit == cluster.head
    assert found[other.pk].lines[0].unit == units[1] and found[other.pk].size == 2
