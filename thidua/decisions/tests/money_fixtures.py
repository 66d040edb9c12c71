"""Fixtures of the money tests: issued decisions and their awards written directly with the models
(the money side does not depend on how decisions are issued).

- `money.province_decision`: 15/QĐ-UBND of the province (root) dated 15/01/2026: a nurse of the
  hospital (under Sở Y tế) 3.510.000 đ, a doctor of Sở Y tế 3.510.000 đ, a teacher of the school
  (under Sở GD&ĐT) 3.510.000 đ, the hospital as a collective 7.020.000 đ, a revoked award of a second
  doctor 3.510.000 đ, an award without money (0 đ) of a third doctor.
- `money.health_decision`: 4/QĐ-SYT of Sở Y tế dated 20/02/2026: the nurse, Giấy khen 702.000 đ.
- `money.higher_decision`: 99/QĐ-TTg of the Prime Minister (no issuer) dated 10/03/2026, answering the
  province's submission 7/TTr-UBND: the doctor, Bằng khen của Thủ tướng 8.190.000 đ.

Use: `from .money_fixtures import *  # noqa: F403`."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.catalog.models import AwardType
from thidua.decisions.models import Award, Decision, DecisionState, DocKind
from thidua.people.models import EmploymentType, Person, Sex

__all__ = ["money", "make_decision", "make_award", "person"]


def person(unit, full_name, **kw):
    kw.setdefault("sex", Sex.FEMALE)
    kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
    kw.setdefault("birth_date", dt.date(1986, 5, 2))
    return Person.objects.create(unit=unit, full_name=full_name, **kw)


def make_decision(number, date, issuer, *, kind=DocKind.DECISION, answers=None, state=DecisionState.ISSUED):
    return Decision.objects.create(
        kind=kind,
        state=state,
        number=number,
        date=date,
        issuer=issuer,
        issuer_name=issuer.name if issuer else "Thủ tướng Chính phủ",
        answers=answers,
    )


def make_award(decision, subject, code, amount, *, year=2025, position="", unit_name="", revoked=False):
    who = {"person": subject} if isinstance(subject, Person) else {"unit": subject}
    award = Award.objects.create(
        decision=decision,
        award_type=AwardType.objects.get(code=code),
        year=year,
        subject_name=getattr(subject, "full_name", None) or subject.name,
        subject_position=position,
        subject_unit_name=unit_name or (subject.unit.name if isinstance(subject, Person) else subject.name),
        amount=amount,
        revoked=revoked,
        **who,
    )
    Decision.objects.filter(pk=decision.pk).update(total_amount=decision.total_amount + amount)
    decision.total_amount += amount
    return award


@pytest.fixture
def money(province):
    nurse = person(province.hospital, "Đỗ Thị Lan")
    doctor = person(province.health, "Nguyễn Văn Hùng", sex=Sex.MALE)
    doctor2 = person(province.health, "Trần Minh Khoa", sex=Sex.MALE)
    doctor3 = person(province.health, "Lý Thị Hoa")
    teacher = person(province.school, "Phạm Văn Giáo", sex=Sex.MALE)

    p = make_decision("15/QĐ-UBND", dt.date(2026, 1, 15), province.root)
    a_nurse = make_award(p, nurse, "BK_TINH", 3_510_000, position="Điều dưỡng trưởng")
    a_doctor = make_award(p, doctor, "BK_TINH", 3_510_000, position="Phó Giám đốc")
    a_teacher = make_award(p, teacher, "BK_TINH", 3_510_000, position="Giáo viên")
    a_hospital = make_award(p, province.hospital, "BK_TINH_TT", 7_020_000)
    a_revoked = make_award(p, doctor2, "BK_TINH", 3_510_000, revoked=True)
    a_nomoney = make_award(p, doctor3, "BK_TINH", 0)

    h = make_decision("4/QĐ-SYT", dt.date(2026, 2, 20), province.health)
    a_gk = make_award(h, nurse, "GK", 702_000)

    submission = make_decision("7/TTr-UBND", dt.date(2026, 2, 1), province.root, kind=DocKind.SUBMISSION)
    t = make_decision("99/QĐ-TTg", dt.date(2026, 3, 10), None, answers=submission)
    a_ttg = make_award(t, doctor, "BK_TTG", 8_190_000)

    return type(
        "Money",
        (),
        dict(
            nurse=nurse,
            doctor=doctor,
            teacher=teacher,
            province_decision=p,
            health_decision=h,
            higher_decision=t,
            submission=submission,
            a_nurse=a_nurse,
            a_doctor=a_doctor,
            a_teacher=a_teacher,
            a_hospital=a_hospital,
            a_revoked=a_revoked,
            a_nomoney=a_nomoney,
            a_gk=a_gk,
            a_ttg=a_ttg,
        ),
    )
