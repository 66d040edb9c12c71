import datetime as dt

import pytest


@pytest.fixture
def make_person(db):
    """make_person(unit, name, **fields) → a saved Person (search_text folded by save())."""
    from thidua.people.models import EmploymentType, Person, Sex

    def make(unit, full_name="Nguyễn Văn An", **kw):
        kw.setdefault("sex", Sex.MALE)
        kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
        kw.setdefault("birth_date", dt.date(1985, 3, 15))
        return Person.objects.create(unit=unit, full_name=full_name, **kw)

    return make


@pytest.fixture
def award_for(db):
    """award_for(person, ...) → an Award granted to the person by a provincial decision."""
    from thidua.catalog.models import AwardType, Category, Confidence, DecidingLevel
    from thidua.decisions.models import Award, Decision

    def make(person, *, issuer, year=2024, amount=2_530_000, revoked=False, number="123/QĐ-UBND"):
        award_type, _ = AwardType.objects.get_or_create(
            code="BK_UBND",
            defaults=dict(
                name="Bằng khen của Chủ tịch UBND tỉnh",
                category=Category.CERTIFICATE,
                for_person=True,
                deciding_level=DecidingLevel.PROVINCE_CHAIR,
                citation="Luật TĐKT 2022, Điều 72",
                confidence=Confidence.VERIFIED,
            ),
        )
        decision, _ = Decision.objects.get_or_create(
            issuer=issuer, number=number, defaults={"date": dt.date(year + 1, 1, 20)}
        )
        return Award.objects.create(
            person=person,
            decision=decision,
            award_type=award_type,
            year=year,
            subject_name=person.full_name,
            amount=amount,
            revoked=revoked,
        )

    return make
