"""movement_progress: series, roll-up of the units' latest values, who is behind schedule, scope,
and a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from thidua.movements.models import Direction, Participation
from thidua.movements.selectors.progress import (
    elapsed_share,
    expected_value,
    is_reached,
    movement_progress,
    status_of,
)

from .test_progress_fixtures import *  # noqa: F403  (fixtures: campaign, media)
from .test_progress_fixtures import POVERTY, SCREENING, START, TODAY, answer, days_ago, report


def by_name(progress):
    return {tp.target.name: tp for tp in progress.targets}


def row_for(tp, unit):
    return next(r for r in tp.rows if r.unit == unit)


# --- pure rules ---------------------------------------------------------------------------------


def test_elapsed_share_is_clipped_to_the_period():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert elapsed_share(start, end, dt.date(2024, 6, 1)) == 0
    assert elapsed_share(start, end, dt.date(2026, 6, 1)) == 1
    assert elapsed_share(start, end, dt.date(2025, 7, 2)) == pytest.approx(0.5, abs=0.01)
    assert elapsed_share(None, end, dt.date(2025, 7, 2)) is None


def test_at_least_target_is_behind_when_the_share_reached_is_below_the_share_of_time():
    # Half the period gone, a quarter of the target reached.
    assert status_of(Decimal(250), Decimal(0), Decimal(1000), Direction.AT_LEAST, 0.5) == "behind"
    assert status_of(Decimal(600), Decimal(0), Decimal(1000), Direction.AT_LEAST, 0.5) == "on_track"
    assert status_of(Decimal(1000), Decimal(0), Decimal(1000), Direction.AT_LEAST, 0.5) == "reached"


def test_at_most_reduction_target_is_behind_when_above_the_planned_path():
    # Poverty rate from 5% to at most 2%: half way the path is at 3.5%.
    assert expected_value(Decimal(5), Decimal(2), 0.5) == Decimal("3.5")
    assert status_of(Decimal("4.5"), Decimal(5), Decimal(2), Direction.AT_MOST, 0.5) == "behind"
    assert status_of(Decimal(3), Decimal(5), Decimal(2), Direction.AT_MOST, 0.5) == "on_track"


def test_at_most_ceiling_is_met_only_when_the_period_is_over():
    # At most 10 accidents in the period: 3 half way is on track, 7 is over the pace.
    assert status_of(Decimal(3), Decimal(0), Decimal(10), Direction.AT_MOST, 0.5) == "on_track"
    assert status_of(Decimal(7), Decimal(0), Decimal(10), Direction.AT_MOST, 0.5) == "behind"
    assert status_of(Decimal(9), Decimal(0), Decimal(10), Direction.AT_MOST, 1.0) == "reached"
    assert status_of(Decimal(11), Decimal(0), Decimal(10), Direction.AT_MOST, 1.0) == "behind"


def test_reached_respects_the_direction():
    assert is_reached(Decimal(2), Decimal(2), Direction.AT_MOST) is True
    assert is_reached(Decimal("2.1"), Decimal(2), Direction.AT_MOST) is False
    assert is_reached(Decimal(999), Decimal(1000), Direction.AT_LEAST) is False
    assert is_reached(None, Decimal(1000), Direction.AT_LEAST) is None


def test_no_period_means_no_one_is_judged_behind():
    assert status_of(Decimal(1), Decimal(0), Decimal(1000), Direction.AT_LEAST, None) == "on_track"


# --- roll-up -------------------------------------------------------------------------------------


def test_rollup_sums_the_latest_value_of_each_unit(campaign, unit_officer, other_unit_officer, province_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(60))
    report(other_unit_officer, campaign.edu_screening, 200, days_ago(40))
    report(unit_officer, campaign.health_screening, 300, days_ago(20))
    progress = movement_progress(actor=province_officer, movement=campaign.movement)
    assert progress.is_rollup and not progress.partial
    tp = by_name(progress)[SCREENING]
    assert tp.value == 500 and tp.date == days_ago(20)
    assert tp.series == [(days_ago(60), 100), (days_ago(40), 300), (days_ago(20), 500)]
    assert tp.units_reported == 2 and tp.units_total == 3
    assert tp.reached is False and tp.completion_pct == 50.0


def test_reports_on_the_same_day_make_one_point_of_the_series(
    campaign, unit_officer, other_unit_officer, province_officer
):
    report(unit_officer, campaign.health_screening, 100, days_ago(10))
    report(other_unit_officer, campaign.edu_screening, 200, days_ago(10))
    tp = by_name(movement_progress(actor=province_officer, movement=campaign.movement))[SCREENING]
    assert tp.series == [(days_ago(10), 300)]


def test_units_behind_schedule_are_flagged(campaign, province, unit_officer, other_unit_officer, province_officer):
    # Half the period is gone: health 100/400 (25 %) is behind, education 400/600 (67 %) is on track.
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    report(other_unit_officer, campaign.edu_screening, 400, days_ago(1))
    tp = by_name(movement_progress(actor=province_officer, movement=campaign.movement))[SCREENING]
    health, edu, commune = (row_for(tp, u) for u in (province.health, province.edu, province.commune1))
    assert health.status == "behind" and health.is_late
    assert health.target_value == 400 and health.completion_pct == 25.0
    assert edu.status == "on_track" and not edu.is_late
    assert commune.status == "no_plan" and commune.is_late
    assert tp.units_behind == 2


def test_at_most_units_are_judged_against_their_own_path(
    campaign, province, unit_officer, other_unit_officer, province_officer
):
    report(unit_officer, campaign.health_poverty, "4.5", days_ago(1))
    report(other_unit_officer, campaign.edu_poverty, "3", days_ago(1))
    tp = by_name(movement_progress(actor=province_officer, movement=campaign.movement))[POVERTY]
    assert row_for(tp, province.health).status == "behind"
    assert row_for(tp, province.edu).status == "on_track"


def test_rates_roll_up_as_the_mean_of_the_units_and_counts_as_their_sum(
    campaign, unit_officer, other_unit_officer, province_officer
):
    from thidua.movements.models import Aggregation, Target

    Target.objects.filter(name=POVERTY).update(aggregation=Aggregation.AVERAGE)
    report(unit_officer, campaign.health_poverty, "4.5", days_ago(2))
    report(other_unit_officer, campaign.edu_poverty, "3", days_ago(1))
    report(unit_officer, campaign.health_screening, 300, days_ago(2))
    report(other_unit_officer, campaign.edu_screening, 200, days_ago(1))
    targets = by_name(movement_progress(actor=province_officer, movement=campaign.movement))
    assert targets[POVERTY].value == Decimal("3.75")  # (4,5 + 3) / 2, not 7,5
    assert [v for _, v in targets[POVERTY].series] == [Decimal("4.5"), Decimal("3.75")]
    assert targets[SCREENING].value == 500


def test_a_unit_that_answered_but_never_reported_is_flagged(campaign, province, province_officer):
    tp = by_name(movement_progress(actor=province_officer, movement=campaign.movement))[SCREENING]
    row = row_for(tp, province.health)
    assert row.status == "no_report" and row.is_late and row.value is None


def test_as_of_a_past_date_ignores_later_reports(campaign, unit_officer, province_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(60))
    report(unit_officer, campaign.health_screening, 300, days_ago(20))
    progress = movement_progress(actor=province_officer, movement=campaign.movement, as_of=days_ago(30))
    assert by_name(progress)[SCREENING].value == 100
    assert progress.as_of == days_ago(30)


def test_filters_pick_rows_by_target_status_and_unit_name(campaign, province, unit_officer, province_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    progress = movement_progress(actor=province_officer, movement=campaign.movement)
    rows = progress.rows({"target": campaign.screening.pk})
    assert {r.unit for r in rows} == {province.health, province.edu, province.commune1}
    assert all(r.target == campaign.screening for r in rows)
    assert [r.status for r in progress.rows({"target": campaign.screening.pk, "status": "behind"})] == ["behind"]
    late = progress.rows({"status": "late"})
    # health behind, education silent, commune without a plan; nobody reported on poverty yet
    assert all(r.is_late for r in late) and len(late) == 6
    assert {r.unit for r in progress.rows({"q": "tan phu"})} == {province.commune1}


def test_participation_counts_plans_sent_by_the_date(campaign, province_officer):
    progress = movement_progress(actor=province_officer, movement=campaign.movement)
    assert (progress.units_answered, progress.units_total) == (2, 3)
    before = movement_progress(actor=province_officer, movement=campaign.movement, as_of=START)
    assert before.units_answered == 0


# --- scope ---------------------------------------------------------------------------------------


def test_unit_officer_sees_only_own_units_rows_and_a_partial_rollup(
    campaign, province, unit_officer, other_unit_officer
):
    report(unit_officer, campaign.health_screening, 100, days_ago(2))
    report(other_unit_officer, campaign.edu_screening, 400, days_ago(1))
    progress = movement_progress(actor=unit_officer, movement=campaign.movement)
    assert progress.partial
    tp = by_name(progress)[SCREENING]
    assert [r.unit for r in tp.rows] == [province.health]
    assert tp.value == 100  # education's 400 is neither shown nor summed in
    assert progress.units_total == 1


def test_unit_officer_cannot_see_another_units_plan_progress(campaign, other_unit_officer):
    with pytest.raises(Http404):
        movement_progress(actor=other_unit_officer, movement=campaign.health_plan)


def test_council_member_sees_the_whole_rollup(campaign, council_member, unit_officer, other_unit_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(2))
    report(other_unit_officer, campaign.edu_screening, 400, days_ago(1))
    progress = movement_progress(actor=council_member, movement=campaign.movement)
    assert not progress.partial
    assert by_name(progress)[SCREENING].value == 500
    assert not any(r.can_report for tp in progress.targets for r in tp.rows)


def test_unit_plan_progress_is_the_units_own_series(campaign, unit_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(30))
    report(unit_officer, campaign.health_screening, 250, days_ago(3))
    progress = movement_progress(actor=unit_officer, movement=campaign.health_plan)
    assert progress.mode == "direct" and progress.can_report
    tp = by_name(progress)[SCREENING]
    assert tp.series == [(days_ago(30), 100), (days_ago(3), 250)]
    assert [r.value for r in tp.reports] == [100, 250]
    chart = tp.chart()
    assert chart["target"] == 400.0 and chart["points"][-1] == [days_ago(3).isoformat(), 250.0]
    assert chart["start"] == START.isoformat()


# --- queries -------------------------------------------------------------------------------------


def _more_units(province, province_officer, campaign, n):
    """n more communes join the movement, answer and report."""
    from thidua.org.models import Unit, UnitKind

    for i in range(n):
        unit = Unit.objects.create(code=f"XA-N{i}", name=f"Xã Mới {i}", kind=UnitKind.COMMUNE, parent=province.root)
        p = Participation.objects.create(movement=campaign.movement, unit=unit)
        plan = answer(province_officer, p, {SCREENING: 50})
        report(province_officer, plan.targets.get(parent_target=campaign.screening), 10 + i, days_ago(1))
        report(province_officer, plan.targets.get(parent_target=campaign.poverty), 3, days_ago(2))


def test_movement_progress_takes_a_fixed_number_of_queries_whatever_the_number_of_units(
    campaign, province, province_officer, unit_officer
):
    report(unit_officer, campaign.health_screening, 100, days_ago(2))
    movement_progress(actor=province_officer, movement=campaign.movement)  # roles cached on the user

    def count():
        with CaptureQueriesContext(connection) as ctx:
            progress = movement_progress(actor=province_officer, movement=campaign.movement)
            rows = progress.rows({})
            [r.status_label for r in rows] + [r.unit.name for r in rows]
        return len(ctx.captured_queries), len(rows)

    few, rows_few = count()
    _more_units(province, province_officer, campaign, 6)
    many, rows_many = count()
    assert rows_many == rows_few + 12
    assert few == many == 4


def test_unit_plan_progress_takes_three_queries(campaign, unit_officer, django_assert_num_queries):
    from thidua.movements.models import Movement

    report(unit_officer, campaign.health_screening, 100, days_ago(2))
    plan = Movement.objects.select_related("parent", "launching_unit").get(pk=campaign.health_plan.pk)
    movement_progress(actor=unit_officer, movement=plan)
    with django_assert_num_queries(3):
        movement_progress(actor=unit_officer, movement=plan)


def test_unit_plan_takes_no_report_link_once_the_provincial_movement_is_in_review(
    campaign, unit_officer, province_officer
):
    from thidua.movements.services import movements as msvc

    msvc.movement_begin_review(actor=province_officer, movement=campaign.movement)
    campaign.health_plan.refresh_from_db()
    assert not movement_progress(actor=unit_officer, movement=campaign.health_plan).can_report
    rollup = movement_progress(actor=unit_officer, movement=campaign.movement)
    assert not any(r.can_report for tp in rollup.targets for r in tp.rows)


def test_today_is_the_default_date(campaign, province_officer):
    assert movement_progress(actor=province_officer, movement=campaign.movement).as_of == TODAY


def test_numbers_are_written_the_vietnamese_way():
    from thidua.movements.selectors.progress import number_text

    assert number_text(Decimal("1250.50")) == "1.250,5"
    assert number_text(Decimal("1000.00")) == "1.000"
    assert number_text(Decimal("-3.25")) == "-3,25"
    assert number_text(None) == "—"
