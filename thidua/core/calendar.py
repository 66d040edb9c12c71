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


def province_days_off() -> frozenset:
    """The days off the province declared (core.DayOff), read once per call."""
    from .models import DayOff

    return frozenset(DayOff.objects.values_list("date", flat=True))


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The due date `days` working days after `start`, skipping weekends, public holidays (Tết
    included, from the `holidays` package) and the province's declared days off."""
    return add_working_days(start, days, province_days_off())


def working_days_between(start: dt.date, end: dt.date, extra_days_off: frozenset | None = None) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    extra = province_days_off() if extra_days_off is None else extra_days_off
    if end < start:
        return -working_days_between(end, start, extra)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current, extra):
            count += 1
    return count
