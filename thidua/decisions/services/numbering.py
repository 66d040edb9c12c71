"""Numbers and symbols of the documents an issuer gives (Nghị định 30/2020/NĐ-CP, Điều 15): one
series per issuer, kind of document and calendar year, from 1, "123/QĐ-UBND", "45/TTr-UBND".

No gaps and no duplicates: `number_next` runs inside the issuing transaction. It locks the
series' row (SELECT … FOR UPDATE on PostgreSQL; SQLite takes the database write lock at BEGIN
IMMEDIATE), so a second officer issuing at the same moment waits until the first commits and then
reads the number after it; if the issuing fails afterwards, the increment is rolled back with
everything else and the number is given again to the next decision.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import DOC_KIND_CODE, IssuingBody, NumberSequence

_LEADING = re.compile(r"^\s*(\d{1,9})\b")


def number_text(sequence: int, kind: str, symbol: str) -> str:
    return f"{sequence}/{DOC_KIND_CODE[kind]}-{symbol}"


def _used_on_paper(issuer, year: int, kind: str) -> int:
    """The highest number the issuer gave that year to documents of that kind recorded in the system
    without the series (decisions made before the system, back-entered): the series goes on after it."""
    from ..models import Decision

    numbers = Decision.objects.filter(issuer=issuer, kind=kind, date__year=year, sequence__isnull=True).values_list(
        "number", flat=True
    )
    return max((int(m.group(1)) for n in numbers if (m := _LEADING.match(n or ""))), default=0)


def _series(issuer, year: int, kind: str) -> NumberSequence:
    """The series' row, created if missing, locked until the caller's transaction ends.

    Two transactions creating the row at once: the INSERT … ON CONFLICT DO NOTHING of one of them
    does nothing (the unique constraint), and both then lock and read the one row."""
    if not NumberSequence.objects.filter(issuer=issuer, year=year, kind=kind).exists():
        start = _used_on_paper(issuer, year, kind)
        NumberSequence.objects.bulk_create(
            [NumberSequence(issuer=issuer, year=year, kind=kind, last=start)], ignore_conflicts=True
        )
    return NumberSequence.objects.select_for_update().get(issuer=issuer, year=year, kind=kind)


def number_peek(*, issuer, year: int, kind: str) -> str:
    """The number the next document would get now (for a confirmation page; not reserved)."""
    body = IssuingBody.objects.filter(unit=issuer).first()
    last = NumberSequence.objects.filter(issuer=issuer, year=year, kind=kind).values_list("last", flat=True).first()
    if last is None:
        last = _used_on_paper(issuer, year, kind)
    symbol = body.symbol if body else "…"
    return number_text((last or 0) + 1, kind, symbol)


def number_next(*, issuer, year: int, kind: str, taken=None) -> tuple[int, str]:
    """(sequence, "n/QĐ-SYMBOL") — the next number of the issuer's series, taken in the caller's
    transaction (raises RuntimeError outside one).

    A new series (the first document of the year) starts after the highest number already given that
    year on paper (decisions recorded from before the system). `taken(text) -> bool` tells a number
    already used otherwise: such numbers are skipped (they were used, so skipping them leaves no gap)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next() must run inside the issuing transaction")
    body = IssuingBody.objects.filter(unit=issuer).first()
    if body is None or not body.symbol.strip():
        raise ValidationError(
            f"{issuer.name} chưa được khai báo là cơ quan ban hành (chữ viết tắt dùng trong số, ký hiệu văn bản)."
        )
    series = _series(issuer, year, kind)
    n = series.last
    while True:
        n += 1
        text = number_text(n, kind, body.symbol.strip())
        if taken is None or not taken(text):
            break
    series.last = n
    series.save(update_fields=["last"])
    return n, text
