"""Vietnamese date and period expressions.

"13 tháng 01 năm 2021", "28/4/2021", "30-6-2025", "04.05.2021"  -> a day
"ngày 5/2", "15/9"                                                -> a day without its year
"tháng 7-2024", "tháng 7/2024", "tháng 7 năm 2024"                 -> a month
"năm 2021"                                                        -> a year
"từ tháng 7-2024 đến hết ngày 30-6-2025", "từ nay đến năm 2025"   -> a period
"giai đoạn 2021 - 2025"                                           -> a period of years
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # for use inside [...]


def make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    if not (1900 <= year <= 2100):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> dt.date | None:
    if not (1 <= month <= 12) or not (1900 <= year <= 2100):
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class When:
    """A point or stretch of time as written; missing parts are None."""

    kind: str  # day | month | year | now
    year: int | None
    month: int | None = None
    day: int | None = None
    start_pos: int = 0
    end_pos: int = 0

    def first_day(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if self.kind == "day":
            return make_date(y, self.month, self.day)
        if self.kind == "month":
            return make_date(y, self.month, 1)
        if self.kind == "year":
            return make_date(y, 1, 1)
        return None

    def last_day(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        if self.kind == "day":
            return make_date(y, self.month, self.day)
        if self.kind == "month":
            return month_end(y, self.month or 0)
        if self.kind == "year":
            return make_date(y, 12, 31)
        return None


_D = r"([0-3]?\d)"
_M = r"([01]?\d)"
_Y = r"((?:19|20)\d\d)"
_SEP = rf"\s*([/.{DASH}])\s*"

# anchored patterns tried in order at a position (each returns a When)
_WHEN_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"nay\b", re.I), "now"),
    (re.compile(rf"(?:ngày\s+)?{_D}\s+tháng\s+{_M}\s*(?:,\s*)?năm\s+{_Y}", re.I), "dmy_words"),
    (re.compile(rf"(?:ngày\s+)?{_D}{_SEP}{_M}\s*\2\s*{_Y}(?!\d)", re.I), "dmy_num"),
    (re.compile(rf"(?:ngày\s+)?{_D}{_SEP}{_M}(?![\d/.{DASH}])", re.I), "dm_num"),
    (re.compile(rf"(?:ngày\s+)?{_D}\s+tháng\s+{_M}(?!\d)(?!\s*(?:,\s*)?năm\s+\d)", re.I), "dm_words"),
    (re.compile(rf"tháng\s+{_M}\s*(?:[/.{DASH}]\s*|(?:,\s*)?năm\s+){_Y}(?!\d)", re.I), "my"),
    (re.compile(rf"tháng\s+{_M}(?![\d/.{DASH}])", re.I), "m"),
    (re.compile(rf"(?:(?:cuối|đầu)\s+)?năm\s+{_Y}(?!\d)", re.I), "y"),
    (re.compile(rf"{_Y}(?![\d/.{DASH}])", re.I), "y"),
]


def when_at(text: str, pos: int) -> When | None:
    """The time expression starting at `pos` (leading spaces skipped), or None."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    for pattern, shape in _WHEN_PATTERNS:
        match = pattern.match(text, pos)
        if not match:
            continue
        g = match.groups()
        start, end = match.start(), match.end()
        if shape == "now":
            return When("now", None, start_pos=start, end_pos=end)
        if shape == "dmy_words":
            when = When("day", int(g[2]), int(g[1]), int(g[0]), start, end)
        elif shape == "dmy_num":
            when = When("day", int(g[3]), int(g[2]), int(g[0]), start, end)
        elif shape == "dm_num":
            when = When("day", None, int(g[2]), int(g[0]), start, end)
        elif shape == "dm_words":
            when = When("day", None, int(g[1]), int(g[0]), start, end)
        elif shape == "my":
            when = When("month", int(g[1]), int(g[0]), None, start, end)
        elif shape == "m":
            when = When("month", None, int(g[0]), None, start, end)
        else:
            when = When("year", int(g[0]), None, None, start, end)
        if when.month is not None and not 1 <= when.month <= 12:
            continue
        if when.day is not None and not 1 <= when.day <= 31:
            continue
        return when
    return None


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date | None
    start_pos: int
    end_pos: int


_FROM_RE = re.compile(r"(?<![^\W\d_])từ\s+(?:(?:ngày|hôm)\s+(?=\d))?", re.I)
_TO_RE = re.compile(
    rf"\s*,?\s*(?:đến|tới|cho đến|[{DASH}])\s*(?:(?:hết|cuối|ngày hết)\s+)?(?:(?:ngày)\s+(?=\d))?", re.I
)
_YEARS_RE = re.compile(rf"giai\s+đoạn\s+((?:19|20)\d\d)\s*[{DASH}]\s*((?:19|20)\d\d)(?!\d)", re.I)
_UNTIL_RE = re.compile(
    r"(?<![^\W\d_])(?:từ\s+nay\s+)?(?:đến|tới)\s+(?:(?:hết|cuối)\s+)?(năm\s+(?:19|20)\d\d|ngày\s+\d)", re.I
)


def find_ranges(text: str) -> list[Period]:
    """Every "từ X đến Y" range in the text, with missing years filled from the other end."""
    found: list[Period] = []
    for match in _FROM_RE.finditer(text):
        first = when_at(text, match.end())
        if first is None:
            continue
        to = _TO_RE.match(text, first.end_pos)
        if not to:
            continue
        second = when_at(text, to.end())
        if second is None or second.kind == "now":
            continue
        period = _combine(first, second, match.start(), second.end_pos)
        if period is not None:
            found.append(period)
    return found


def _combine(first: When, second: When, start_pos: int, end_pos: int) -> Period | None:
    end_year = second.year if second.year is not None else first.year
    if end_year is None:
        return None
    end = second.last_day(end_year)
    if first.kind == "now":
        start = None
    else:
        start_year = first.year
        if start_year is None:
            start_year = end_year
            probe = first.first_day(start_year)
            if probe and end and probe > end:
                start_year -= 1
        start = first.first_day(start_year)
        if start is None:
            return None
    if end is None or (start is not None and start > end):
        return None
    return Period(start, end, start_pos, end_pos)


def find_year_ranges(text: str) -> list[Period]:
    """ "giai đoạn 2021 - 2025" -> 2021-01-01 … 2025-12-31."""
    found = []
    for match in _YEARS_RE.finditer(text):
        y1, y2 = int(match.group(1)), int(match.group(2))
        if y1 <= y2 <= y1 + 15:
            found.append(Period(dt.date(y1, 1, 1), dt.date(y2, 12, 31), match.start(), match.end()))
    return found


def find_until(text: str) -> list[Period]:
    """ "(từ nay) đến (hết) năm 2025" / "đến hết ngày 31/12/2024" -> open start, fixed end."""
    found = []
    for match in _UNTIL_RE.finditer(text):
        when = when_at(text, match.start(1))
        if when is None or when.year is None or when.kind not in ("day", "year"):
            continue
        end = when.last_day()
        if end:
            found.append(Period(None, end, match.start(), when.end_pos))
    return found


_FULL_DATE_RE = re.compile(
    rf"(?<!\d)(?:{_D}\s+tháng\s+{_M}\s*(?:,\s*)?năm\s+{_Y}|{_D}\s*([/.{DASH}])\s*{_M}\s*\5\s*{_Y})(?!\d)", re.I
)


def full_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every complete date in the text: (date, start, end)."""
    found = []
    for match in _FULL_DATE_RE.finditer(text):
        g = match.groups()
        if g[0] is not None:
            day, month, year = int(g[0]), int(g[1]), int(g[2])
        else:
            day, month, year = int(g[3]), int(g[5]), int(g[6])
        date = make_date(year, month, day)
        if date:
            found.append((date, match.start(), match.end()))
    return found


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
