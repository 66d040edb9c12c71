"""Fixtures and helpers of the scoring tests (imported by the test_scoring_* modules, which
import `fixed_today` and `private_media` to make them autouse there; no tests here).

The scores lock the day after the round's deadline, so the tests fix "today" (`timezone.localdate`)
instead of depending on the machine's calendar: 1/10/2026 by default, inside the fixture round
(deadline 15/11/2026) and the cluster's year.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.clusters.models import Score, ScoreSheet

TODAY = dt.date(2026, 10, 1)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


class Clock:
    def __init__(self, day):
        self.day = day


@pytest.fixture(autouse=True, name="today")
def fixed_today(monkeypatch):
    """`timezone.localdate()` answers `today.day` (change it to move time); dates given explicitly convert as usual."""
    clock = Clock(TODAY)
    real = timezone.localdate

    def fake(value=None, timezone=None):  # noqa: A002 - Django's own signature
        if value is None:
            return clock.day
        return real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    return clock


@pytest.fixture(autouse=True, name="media")
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="bao-cao.docx"):
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def sheet_of(scoring_round, unit) -> ScoreSheet:
    return ScoreSheet.objects.get(round=scoring_round, unit=unit)


def score_of(scoring_round, unit, code) -> Score:
    return Score.objects.select_related("criterion", "sheet").get(
        sheet__round=scoring_round, sheet__unit=unit, criterion__code=code
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def D(value) -> Decimal:  # noqa: N802 - reads as a literal
    return Decimal(str(value))
