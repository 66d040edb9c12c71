"""Fixtures shared by the public consultation tests (imported by test_consultation_*.py; holds no tests)."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.catalog.models import RuleParameter
from thidua.nominations.models import Authority, PublicConsultation, State, StepKind
from thidua.nominations.services import consultation as svc

__all__ = ["KEY", "at_office", "dossier", "opened", "set_param"]

KEY = "a" * 64


def at_office(nomination):
    """Move a submitted dossier to the commendation office's step, under appraisal."""
    steps = list(nomination.steps.order_by("order"))
    now = timezone.now()
    for step in steps[:-1]:
        step.arrived_at = step.received_at = step.completed_at = now
        step.save()
    office = steps[-1]
    assert office.kind == StepKind.OFFICE
    office.arrived_at = office.received_at = now
    office.save()
    nomination.current_step = office
    nomination.state = State.IN_APPRAISAL
    nomination.save()
    return nomination


@pytest.fixture
def dossier(province, make_nomination, make_line, make_person):
    """A hospital dossier at the office: one person for Chiến sĩ thi đua toàn quốc (state level) and
    the hospital for Bằng khen of the provincial chairman (not published)."""
    n = make_nomination(province.hospital, authority=Authority.STATE, submitted=True)
    at_office(n)
    person = make_person(
        province.hospital, "Đỗ Thị Lan", national_id="001185000777", birth_date=dt.date(1979, 4, 30), position="Bác sĩ"
    )
    make_line(
        n, person, "CSTD_TQ", 2020, 2025, subject_position="Trưởng khoa Nội", subject_unit_name="Bệnh viện Đa khoa tỉnh"
    )
    make_line(n, province.hospital, "BK_TINH_TT", subject_unit_name="Sở Y tế")
    return n


def set_param(key, value):
    RuleParameter.objects.filter(key=key).update(value=value)


def opened(dossier, *, ends_on=None, opened_on=None):
    """A consultation created directly (dates chosen by the test)."""
    today = timezone.localdate()
    c = PublicConsultation.objects.create(
        nomination=dossier, opened_on=opened_on or today, ends_on=ends_on or today + dt.timedelta(days=14)
    )
    c.lines.set(svc.lines_needing_consultation(dossier))
    return c
