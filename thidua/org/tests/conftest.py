"""Fixtures for the organisation tests: people with their facts, and a reorganisation document."""

import datetime as dt

import pytest

MERGE_DATE = dt.date(2025, 9, 1)
DOC = {
    "document_number": "45/NQ-HĐND",
    "document_date": dt.date(2025, 8, 15),
    "document_issuer": "Hội đồng nhân dân tỉnh Hòa Giang",
}


@pytest.fixture
def person_at(db):
    """person_at(unit, name) → a Person working at `unit` with an open Employment since 2020."""
    from thidua.people.models import Employment, EmploymentType, Person, Sex

    def make(unit, full_name="Nguyễn Văn An", **kw):
        kw.setdefault("sex", Sex.MALE)
        kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
        kw.setdefault("position", "Công chức văn phòng")
        person = Person.objects.create(unit=unit, full_name=full_name, **kw)
        Employment.objects.create(person=person, unit=unit, position=person.position, start_date=dt.date(2020, 1, 1))
        return person

    return make


@pytest.fixture
def award_type(db):
    # The catalogue is seeded by its own migration elsewhere; tests use their own row.
    from thidua.catalog.models import AwardType, Category, Confidence, DecidingLevel

    return AwardType.objects.create(
        code="TEST_LDTT",
        name="Lao động tiên tiến (thử nghiệm)",
        category=Category.TITLE,
        for_person=True,
        for_unit=True,
        deciding_level=DecidingLevel.UNIT_HEAD,
        citation="Luật TĐKT 2022 (dữ liệu thử nghiệm)",
        confidence=Confidence.VERIFIED,
    )


@pytest.fixture
def grant(db, award_type, province):
    """grant(subject, year, number) → an Award to a person or a unit, by a decision of the province."""
    from thidua.decisions.models import Award, Decision
    from thidua.org.models import Unit

    def make(subject, *, year=2024, number="12/QĐ-UBND", unit_name=""):
        decision, _ = Decision.objects.get_or_create(
            issuer=province.root, number=number, defaults={"date": dt.date(year + 1, 1, 15)}
        )
        kind = "unit" if isinstance(subject, Unit) else "person"
        return Award.objects.create(
            **{kind: subject},
            decision=decision,
            award_type=award_type,
            year=year,
            subject_name=getattr(subject, "full_name", None) or subject.name,
            subject_unit_name=unit_name,
        )

    return make
