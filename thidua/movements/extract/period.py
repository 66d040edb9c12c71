"""The movement's period.

Order of evidence (the first that gives a period wins):
1. an explicit range in a sentence about the movement or its time ("Đợt thi đua được thực hiện từ tháng 7-2024
   đến hết ngày 30-6-2025", "Thời gian thực hiện: từ năm 2023 đến năm 2025", "từ nay đến hết ngày 31/12/2024");
2. the movement's own name ("… năm 2021" -> the year; "… giai đoạn 2021 - 2025"; "… từ nay đến năm 2025");
3. a "giai đoạn 2021 - 2025" in a sentence about the movement's aims.
Terms of office ("nhiệm kỳ 2020 - 2025"), congresses ("Đại hội … lần thứ V, giai đoạn 2020 - 2025"),
anniversaries ("(1994 - 2024)") and five-year plans are not the movement's period.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import Period, find_ranges, find_until, find_year_ranges
from .textmodel import Doc
from .title import Phrase

_ABOUT_MOVEMENT_RE = re.compile(r"thi đua|phong trào|thời gian|cuộc vận động", re.IGNORECASE)
_TIME_VERB_RE = re.compile(
    r"thời gian|được (?:thực hiện|triển khai|phát động|tổ chức)|diễn ra|kéo dài|bắt đầu|triển khai|phát động",
    re.IGNORECASE,
)
_NOT_PERIOD_RE = re.compile(
    r"hồ sơ|báo cáo|gửi về|nộp|đăng ký thi đua trước|tiếp nhận|thẩm định|lấy ý kiến|hạn chót", re.IGNORECASE
)
_EXCLUDED_BEFORE_RE = re.compile(
    r"(?:nhiệm kỳ|nhiệm kì|kế hoạch (?:phát triển kinh tế - xã hội )?5 năm|5 năm|lần thứ\s+[IVXLC\d]+\s*,?|"
    r"kỷ niệm[^.]{0,60}|Đại hội[^.,;]{0,60}?)\s*\(?\s*$",
    re.IGNORECASE,
)


def _excluded(doc: Doc, period: Period) -> bool:
    before = doc.text[max(0, period.start_pos - 70) : period.start_pos]
    return bool(_EXCLUDED_BEFORE_RE.search(before))


def _from_ranges(doc: Doc) -> tuple[Period, int, int] | None:
    best, best_score = None, 0.0
    limit = doc.end_of_content
    for sentence in doc.sentences:
        if sentence.start >= limit:
            break
        chunk = doc.body[sentence.start : sentence.end]
        if "từ" not in chunk.lower() and "đến" not in chunk.lower():
            continue
        periods = [p for p in find_ranges(chunk) if p.end is not None]
        periods += [p for p in find_until(chunk) if re.match(r"(?i)từ\s+nay", chunk[p.start_pos :])]
        if not periods:
            continue
        score = 0.0
        if _ABOUT_MOVEMENT_RE.search(chunk):
            score += 2
        if _TIME_VERB_RE.search(chunk):
            score += 1
        if _NOT_PERIOD_RE.search(chunk):
            score -= 3
        if score <= 0:
            continue
        # a heading "III. THỜI GIAN THỰC HIỆN" just above counts as a time label
        prev = doc.text[max(0, sentence.start - 60) : sentence.start]
        if re.search(r"(?i)thời gian[^\n]{0,25}\n\s*$", prev):
            score += 1
        if score > best_score:
            first = periods[0]
            period = Period(first.start, first.end, sentence.start + first.start_pos, sentence.start + first.end_pos)
            best, best_score = (period,), score
            if score >= 3:  # about the movement and its time: take the first such sentence
                break
    if best is None:
        return None
    period = best[0]
    return period, period.start_pos, period.end_pos


def _from_phrase(doc: Doc, phrase: Phrase) -> Period | None:
    raw = phrase.raw
    for until in find_until(raw):
        if re.match(r"(?i)từ\s+nay", raw[until.start_pos :]):
            return until
    for period in find_year_ranges(raw):
        before = raw[max(0, period.start_pos - 70) : period.start_pos]
        if not _EXCLUDED_BEFORE_RE.search(before):
            return period
    for m in re.finditer(r"(?<![^\W\d_])năm\s+((?:19|20)\d\d)(?![\d\s]*[-–]\s*\d)", raw):
        before = raw[max(0, m.start() - 40) : m.start()]
        if re.search(r"(?:lần thứ\s+[IVXLC\d]+\s*,?|kỷ niệm\s*\d*|\d+)\s*$", before, re.IGNORECASE):
            continue
        year = int(m.group(1))
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), m.start(), m.end())
    return None


def _from_aims(doc: Doc) -> tuple[Period, int, int] | None:
    limit = doc.end_of_content
    for sentence in doc.sentences:
        if sentence.start >= limit:
            break
        chunk = doc.body[sentence.start : sentence.end]
        if not re.search(r"(?i)phong trào thi đua|đợt thi đua", chunk):
            continue
        for period in find_year_ranges(chunk):
            absolute = Period(
                period.start, period.end, sentence.start + period.start_pos, sentence.start + period.end_pos
            )
            if not _excluded(doc, absolute):
                return absolute, absolute.start_pos, absolute.end_pos
    return None


_LABEL_RE = re.compile(
    r"(?im)(?:^|[.;]\s+)(?:[IVX]+\.\s*)?thời gian(?: thực hiện| thi đua| phát động| triển khai| tổ chức)?"
    r"(?:\s*:\s*|\s*\n\s*)"
)
_YEAR_RE = re.compile(r"(?i)^(?:trong\s+)?năm\s+((?:19|20)\d\d)(?![\d\s]*[-–]\s*\d)")


_DURING_YEAR_RE = re.compile(
    r"(?i)(?:thi đua|phong trào|đợt)[^.;\n]{0,80}?(?:được |sẽ được )?(?:triển khai|thực hiện|tổ chức|phát động|diễn ra)"
    r"\s+(?:trong|suốt)\s+(?:cả\s+)?năm\s+((?:19|20)\d\d)(?![\d\s]*[-–]\s*\d)"
)


def _during_year(doc: Doc) -> tuple[Period, int, int] | None:
    """ "Phong trào được triển khai trong năm 2024" -> the year."""
    m = _DURING_YEAR_RE.search(doc.body, 0, doc.end_of_content)
    if not m:
        return None
    year = int(m.group(1))
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), m.start(1), m.end(1)), m.start(), m.end()


def _from_label(doc: Doc) -> tuple[Period, int, int] | None:
    """ "Thời gian thi đua: Năm 2022." / a "THỜI GIAN THỰC HIỆN" heading and the line below it."""
    for m in _LABEL_RE.finditer(doc.body, 0, doc.end_of_content):
        start = m.end()
        line_end = doc.body.find("\n", start)
        value = doc.body[start : line_end if line_end >= 0 else len(doc.body)][:160]
        for finder in (find_ranges, find_year_ranges, find_until):
            periods = [p for p in finder(value) if p.start_pos < 40]
            if periods:
                p = periods[0]
                return Period(p.start, p.end, start + p.start_pos, start + p.end_pos), start, start + p.end_pos
        year = _YEAR_RE.match(value)
        if year:
            y = int(year.group(1))
            period = Period(dt.date(y, 1, 1), dt.date(y, 12, 31), start, start + year.end())
            return period, start, start + year.end()
    return None


def choose_period(doc: Doc, phrase: Phrase | None) -> tuple[dt.date | None, dt.date | None, int, int] | None:
    found = _from_label(doc) or _from_ranges(doc) or _during_year(doc)
    if found:
        period, start, end = found
        return period.start, period.end, start, end
    if phrase is not None:
        period = _from_phrase(doc, phrase)
        if period:
            return period.start, period.end, phrase.start, phrase.end
    found = _from_aims(doc)
    if found:
        period, start, end = found
        return period.start, period.end, start, end
    return None
