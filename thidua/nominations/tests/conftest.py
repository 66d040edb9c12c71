"""Fixtures for dossier tests: the hospital (under Sở Y tế) proposes; Sở Y tế is its managing body;
Sở Nội vụ is the commendation office. Builders write rows directly so that each area's tests stand
alone; the services are tested through their own calls."""

import datetime as dt

import pytest

from thidua.catalog.models import AwardType
from thidua.decisions.models import Award, Decision
from thidua.nominations import routing
from thidua.nominations.models import Authority, Basis, Nomination, NominationLine, NominationStep, State
from thidua.people.models import AnnualRating, EmploymentType, Person, Sex


@pytest.fixture
def hospital_officer(province):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cb.bvdk", Role.UNIT_OFFICER, province.hospital, full_name="Ngô Thị Thanh")


@pytest.fixture
def make_person(db):
    def make(unit, full_name="Nguyễn Văn An", **kw):
        kw.setdefault("sex", Sex.MALE)
        kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
        kw.setdefault("birth_date", dt.date(1985, 3, 15))
        return Person.objects.create(unit=unit, full_name=full_name, **kw)

    return make


def grant(subject, code, year, *, issuer, revoked=False, basis="CONG_TRANG", number=None):
    decision, _ = Decision.objects.get_or_create(
        issuer=issuer, number=number or f"{year}/QĐ-{code}", defaults={"date": dt.date(year + 1, 1, 15)}
    )
    who = {"person": subject} if isinstance(subject, Person) else {"unit": subject}
    return Award.objects.create(
        decision=decision,
        award_type=AwardType.objects.get(code=code),
        year=year,
        subject_name=str(subject),
        revoked=revoked,
        basis=basis,
        **who,
    )


def rate(subject, year, grade):
    who = {"person": subject} if isinstance(subject, Person) else {"unit": subject}
    return AnnualRating.objects.create(year=year, grade=grade, **who)


@pytest.fixture
def make_nomination(db):
    """make_nomination(unit, authority=PROVINCE_CHAIR, state=DRAFT, year=2025, submitted=False) → a Nomination
    with its route (NominationStep rows) when `submitted`: the first step reached, state SUBMITTED."""

    def make(unit, *, authority=Authority.PROVINCE_CHAIR, year=2025, basis=Basis.CONG_TRANG, submitted=False, **kw):
        deciding = routing.deciding_unit_for(unit, authority)
        n = Nomination.objects.create(
            proposing_unit=unit,
            title=kw.pop("title", f"Đề nghị khen thưởng tổng kết năm {year}"),
            year=year,
            basis=basis,
            authority=authority,
            deciding_unit=deciding,
            **kw,
        )
        if submitted:
            from django.utils import timezone

            steps = [
                NominationStep.objects.create(nomination=n, order=i, unit=u, kind=k)
                for i, (u, k) in enumerate(routing.route_for(unit, authority, deciding))
            ]
            steps[0].arrived_at = timezone.now()
            steps[0].save()
            n.current_step = steps[0]
            n.state = State.SUBMITTED
            n.submitted_at = timezone.now()
            n.save()
        return n

    return make


@pytest.fixture
def make_line(db):
    """make_line(nomination, subject, award_code, year_from=None, year_to=None, **fields) → a NominationLine."""

    def make(nomination, subject, code, year_from=None, year_to=None, **kw):
        who = {"person": subject} if isinstance(subject, Person) else {"unit": subject}
        year_to = year_to or nomination.year
        return NominationLine.objects.create(
            nomination=nomination,
            award_type=AwardType.objects.get(code=code),
            year_from=year_from or year_to,
            year_to=year_to,
            achievement=kw.pop("achievement", "Hoàn thành xuất sắc nhiệm vụ được giao."),
            subject_name=kw.pop("subject_name", str(getattr(subject, "full_name", subject))),
            **who,
            **kw,
        )

    return make
