"""The test run lives on one calendar day, even when it crosses local midnight (17:00 UTC)."""

import datetime as dt

from django.utils import timezone

from tests import clock


def test_a_run_crossing_local_midnight_still_answers_the_day_it_started(monkeypatch):
    started = timezone.localtime().date() - dt.timedelta(days=1)  # the run started "yesterday"
    monkeypatch.setattr(clock, "SESSION_DAY", started)
    assert timezone.localdate() == started


def test_a_test_that_sets_the_clock_gets_that_clocks_day(monkeypatch):
    moment = timezone.make_aware(dt.datetime(2030, 2, 13, 23, 30))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    assert timezone.localdate() == dt.date(2030, 2, 13)


def test_an_explicit_moment_still_converts_to_its_own_local_day():
    moment = dt.datetime(2026, 11, 28, 17, 30, tzinfo=dt.UTC)
    assert timezone.localdate(moment) == dt.date(2026, 11, 29)
