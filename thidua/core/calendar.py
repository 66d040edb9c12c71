"""Working days on the Vietnamese calendar (legal time limits are in working days)."""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: dt.date, extra_days_off: frozenset = frozenset()) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year) and day not in extra_days_off


def add_working_days(start: dt.date, days: int, extra_days_off: frozenset = frozenset()) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, extra_days_off):
            remaining -= 1
    return current
