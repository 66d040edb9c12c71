"""A launched provincial movement with two targets answered by two units' plans (and one unit silent),
built through the real services; shared by the progress and review tests (import the fixtures).

Timeline: the period runs from 100 days ago to 100 days ahead, so half of it has elapsed today.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest

from tests.clock import SESSION_DAY
from thidua.movements.models import Direction, Participation, State
from thidua.movements.services import movements as msvc
from thidua.movements.services.progress import progress_report

# `from .test_progress_fixtures import *` brings the fixtures only; helpers are imported by name.
__all__ = ["campaign", "media"]

TODAY = SESSION_DAY
START = TODAY - dt.timedelta(days=100)
END = TODAY + dt.timedelta(days=100)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def answer(actor, participation, values: dict, works=("Công trình tiêu biểu",)):
    """The unit's plan answering the duty, with its own target values (by target name), sent."""
    plan = msvc.plan_start(actor=actor, participation=participation)
    for t in plan.targets.all():
        if t.name in values:
            t.target_value = Decimal(values[t.name])
            t.save(update_fields=["target_value"])
    for name in works:
        msvc.signature_work_add(actor=actor, plan=plan, name=name, due_date=END)
    msvc.plan_submit(actor=actor, plan=plan)
    plan.refresh_from_db()
    return plan


class Campaign:
    """movement (provincial), its targets screening / poverty, the plans of health and education and
    their targets, the participations; commune1 has not answered."""

    def target(self, plan, name):
        return plan.targets.get(parent_target__name=name)


SCREENING = "Số người được khám sàng lọc bệnh không lây nhiễm"
POVERTY = "Tỷ lệ hộ nghèo"


@pytest.fixture
def campaign(province, province_officer, unit_officer, other_unit_officer):
    movement = msvc.movement_create(
        actor=province_officer,
        data={
            "kind": "REGULAR",
            "name": "Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm",
            "period_start": START,
            "period_end": END,
            "participation_mode": "BY_LIST",
            "answer_deadline": TODAY + dt.timedelta(days=10),
        },
        launching_unit=province.root,
        targets=[
            {"name": SCREENING, "measure": "người", "baseline": 0, "target_value": 1000},
            {
                "name": POVERTY,
                "measure": "%",
                "baseline": 5,
                "target_value": 2,
                "direction": Direction.AT_MOST,
            },
        ],
        participation_units=[province.health, province.edu, province.commune1],
    )
    msvc.movement_launch(actor=province_officer, movement=movement)
    c = Campaign()
    c.movement = movement
    c.screening = movement.targets.get(name=SCREENING)
    c.poverty = movement.targets.get(name=POVERTY)
    c.p_health = Participation.objects.get(movement=movement, unit=province.health)
    c.p_edu = Participation.objects.get(movement=movement, unit=province.edu)
    c.p_commune = Participation.objects.get(movement=movement, unit=province.commune1)
    c.health_plan = answer(unit_officer, c.p_health, {SCREENING: 400}, works=("Khám sàng lọc lưu động tại xã",))
    c.edu_plan = answer(other_unit_officer, c.p_edu, {SCREENING: 600}, works=("Trường học xanh",))
    c.health_screening = c.target(c.health_plan, SCREENING)
    c.health_poverty = c.target(c.health_plan, POVERTY)
    c.edu_screening = c.target(c.edu_plan, SCREENING)
    c.edu_poverty = c.target(c.edu_plan, POVERTY)
    return c


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def report(actor, target, value, date, **kw):
    value = value if isinstance(value, str) else Decimal(str(value))
    return progress_report(actor=actor, target=target, value=value, date=date, **kw)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Biên bản kiểm tra kết quả khám sàng lọc")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Xã", "Số người"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_campaign_has_two_answered_plans_and_one_silent_unit(campaign):
    assert campaign.movement.state == State.LAUNCHED
    assert campaign.health_plan.state == State.LAUNCHED
    assert campaign.health_screening.target_value == 400
    assert campaign.edu_screening.target_value == 600
    assert campaign.p_commune.plan_id is None
