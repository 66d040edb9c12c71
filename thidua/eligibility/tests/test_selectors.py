"""Facts loaded from the database in bulk, and the lists built from them (selectors.py)."""

import datetime as dt

import pytest
from django.http import Http404

from thidua.catalog.models import AwardType
from thidua.decisions.models import Award, Decision
from thidua.eligibility import selectors
from thidua.eligibility.facts import PERSON, UNIT
from thidua.org.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from thidua.people.models import (
    AnnualRating,
    Discipline,
    Embargo,
    Employment,
    EmploymentType,
    Initiative,
    Person,
    Sex,
)

YEARS = selectors.fact_years(2025)


def make_person(unit, name="Nguyễn Văn An", **kw):
    kw.setdefault("sex", Sex.MALE)
    kw.setdefault("employment_type", EmploymentType.CIVIL_SERVANT)
    return Person.objects.create(unit=unit, full_name=name, **kw)


def grant(subject, code, year, *, issuer, revoked=False, basis="CONG_TRANG"):
    decision, _ = Decision.objects.get_or_create(
        issuer=issuer, number=f"{year}/QĐ-{code}", defaults={"date": dt.date(year + 1, 1, 15)}
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


def cstdcs_chain(person, issuer, years=(2023, 2024, 2025)):
    for y in years:
        rate(person, y, "HTXS")
        grant(person, "LDTT", y, issuer=issuer)
        grant(person, "CSTDCS", y, issuer=issuer)


# --- People -----------------------------------------------------------------------------------


def test_person_facts_hold_ratings_awards_initiatives_and_discipline(province):
    an = make_person(province.health, sex=Sex.FEMALE, is_direct_worker=True)
    rate(an, 2024, "HTXS")
    rate(an, 2025, "HTT")
    grant(an, "LDTT", 2024, issuer=province.health)
    grant(an, "CSTDCS", 2023, issuer=province.health, revoked=True)
    grant(an, "BK_TINH", 2022, issuer=province.root, basis="DOT_XUAT")
    Initiative.objects.create(person=an, title="Số hóa", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024)
    Initiative.objects.create(
        person=an, title="Đề tài", scope="BASE", recognising_body="Sở", year=2025, is_science_work=True
    )
    Discipline.objects.create(
        person=an, level="REPRIMAND", start_date=dt.date(2021, 3, 1), end_date=dt.date(2021, 9, 1)
    )

    facts = selectors.facts_for_people([an.pk], years=YEARS)[an.pk]

    assert facts.kind == PERSON
    assert facts.ratings == {2024: "HTXS", 2025: "HTT"}
    by_code = {a.code: a for a in facts.awards}
    assert by_code["CSTDCS"].revoked is True
    assert by_code["LDTT"].revoked is False
    assert by_code["BK_TINH"].basis == "DOT_XUAT"
    assert {(i.year, i.scope, i.science_work) for i in facts.initiatives} == {
        (2024, "PROVINCE", False),
        (2025, "BASE", True),
    }
    assert [(d.start, d.end, d.level) for d in facts.disciplines] == [
        (dt.date(2021, 3, 1), dt.date(2021, 9, 1), "REPRIMAND")
    ]
    assert facts.sex == "F" and facts.is_direct_worker is True and facts.embargo is False


def test_a_teachers_facts_follow_the_school_year_and_the_list_row_names_the_school(province):
    teacher = make_person(province.school, "Phạm Thị Dung")
    nurse = make_person(province.hospital, "Đỗ Văn Em")
    facts, rows = selectors._people_facts(Person.objects.filter(pk__in=[teacher.pk, nurse.pk]), years=YEARS)
    assert facts[teacher.pk].school_year is True
    assert facts[nurse.pk].school_year is False
    assert rows[teacher.pk].unit_name == "Trường THPT Chuyên Hòa Giang"
    assert rows[nurse.pk].unit_name == "Bệnh viện Đa khoa tỉnh"


def test_only_an_embargo_in_force_on_the_evaluation_day_blocks(province):
    lifted = make_person(province.health, "Trần Văn Bình")
    current = make_person(province.health, "Lê Thị Cúc")
    Embargo.objects.create(
        person=lifted, reason="COMPLAINT", start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 30)
    )
    Embargo.objects.create(person=current, reason="PRESS", start_date=dt.date(2025, 5, 1))
    facts = selectors.facts_for_people([lifted.pk, current.pk], years=YEARS, on=dt.date(2025, 12, 1))
    assert facts[lifted.pk].embargo is False
    assert facts[current.pk].embargo is True
    before = selectors.facts_for_people([current.pk], years=YEARS, on=dt.date(2025, 4, 30))
    assert before[current.pk].embargo is False


def test_a_new_recruit_has_the_months_worked_in_their_first_year(province):
    an = make_person(province.health)
    Employment.objects.create(person=an, unit=province.health, start_date=dt.date(2025, 4, 1))
    facts = selectors.facts_for_people([an.pk], years=YEARS)[an.pk]
    assert facts.months_worked == {2025: 9}


@pytest.mark.parametrize("n", [5, 40])
def test_people_facts_load_in_a_fixed_number_of_queries(province, n, django_assert_num_queries):
    people = [make_person(province.health, f"Người số {i}") for i in range(n)]
    for p in people:
        rate(p, 2025, "HTT")
        grant(p, "LDTT", 2025, issuer=province.health)
        Initiative.objects.create(person=p, title="SK", scope="BASE", recognising_body="Sở", year=2025)
    with django_assert_num_queries(9):
        facts = selectors.facts_for_people([p.pk for p in people], years=YEARS)
    assert len(facts) == n


# --- Units ------------------------------------------------------------------------------------


def test_unit_members_are_the_people_employed_there_on_31_december(province):
    hospital = province.hospital
    stays = make_person(hospital, "Ở lại")
    Employment.objects.create(person=stays, unit=hospital, start_date=dt.date(2015, 1, 1))
    moved_in = make_person(hospital, "Chuyển đến")
    Employment.objects.create(
        person=moved_in, unit=province.school, start_date=dt.date(2015, 1, 1), end_date=dt.date(2025, 6, 30)
    )
    Employment.objects.create(person=moved_in, unit=hospital, start_date=dt.date(2025, 7, 1))
    no_history = make_person(hospital, "Chưa có quá trình công tác")
    for p, grade in ((stays, "HTXS"), (moved_in, "HTT"), (no_history, "HT")):
        rate(p, 2025, grade)
        rate(p, 2024, grade)
    grant(stays, "LDTT", 2025, issuer=hospital)
    grant(stays, "CSTDCS", 2025, issuer=hospital)
    grant(moved_in, "LDTT", 2025, issuer=hospital, revoked=True)  # a revoked title is no title
    grant(moved_in, "LDTT", 2024, issuer=province.school)

    facts = selectors.facts_for_units([hospital.pk, province.school.pk], years=YEARS)

    m2025 = facts[hospital.pk].members[2025]
    assert (m2025.total, m2025.rated_at_least_ht, m2025.ldtt, m2025.cstdcs, m2025.rated_htxs) == (3, 3, 1, 1, 1)
    m2024 = facts[hospital.pk].members[2024]
    assert m2024.total == 2  # the newcomer still counted in the school on 31/12/2024
    school2024 = facts[province.school.pk].members[2024]
    assert (school2024.total, school2024.ldtt) == (1, 1)
    assert 2025 not in facts[province.school.pk].members


def test_members_disciplined_at_warning_level_are_counted(province):
    p = make_person(province.hospital)
    rate(p, 2025, "HT")
    Discipline.objects.create(person=p, level="WARNING", start_date=dt.date(2025, 2, 1), end_date=dt.date(2026, 2, 1))
    facts = selectors.facts_for_units([province.hospital.pk], years=YEARS)
    assert facts[province.hospital.pk].members[2025].disciplined_warning == 1


def test_a_dissolved_unit_is_flagged(province):
    gone = Unit.objects.create(
        code="DV-GT",
        name="Trung tâm đã giải thể",
        kind=UnitKind.PUBLIC_SERVICE,
        parent=province.health,
        valid_to=dt.date(2025, 6, 30),
    )
    UnitSuccession.objects.create(
        kind=SuccessionKind.DISSOLVE, predecessor=gone, date=dt.date(2025, 7, 1), document_number="1/NQ"
    )
    facts = selectors.facts_for_units([gone.pk, province.hospital.pk], years=YEARS)
    assert facts[gone.pk].unit_dissolved is True
    assert facts[province.hospital.pk].unit_dissolved is False


@pytest.fixture
def merged(province):
    """Xã Tân Phú (new) was formed on 01/07/2025 from Xã Cũ A and Xã Cũ B."""
    old_a = Unit.objects.create(
        code="XCA", name="Xã Cũ A", kind=UnitKind.COMMUNE, parent=province.root, valid_to=dt.date(2025, 6, 30)
    )
    old_b = Unit.objects.create(
        code="XCB", name="Xã Cũ B", kind=UnitKind.COMMUNE, parent=province.root, valid_to=dt.date(2025, 6, 30)
    )
    new = province.commune1
    for old in (old_a, old_b):
        UnitSuccession.objects.create(
            kind=SuccessionKind.CONSOLIDATE,
            predecessor=old,
            successor=new,
            date=dt.date(2025, 7, 1),
            document_number="1/NQ",
        )
    rate(old_a, 2024, "HTXS")
    rate(old_b, 2024, "HTT")
    rate(old_a, 2023, "HTXS")
    rate(new, 2025, "HTXS")
    grant(old_a, "TTLDXS", 2024, issuer=province.root)
    return type("Merged", (), dict(a=old_a, b=old_b, new=new))


def test_a_merged_unit_carries_its_predecessors_facts(merged):
    facts = selectors.facts_for_units([merged.new.pk], years=YEARS)[merged.new.pk]
    assert facts.ratings[2025] == "HTXS"  # its own
    assert facts.ratings[2024] == "HTT"  # the lowest of its predecessors' (the cautious reading)
    assert facts.ratings[2023] == "HTXS"
    assert [(a.code, a.year) for a in facts.awards] == [("TTLDXS", 2024)]


def test_chains_stop_at_a_merger_when_the_rule_parameter_says_so(merged):
    facts = selectors.facts_for_units([merged.new.pk], years=YEARS, through_mergers=False)[merged.new.pk]
    assert facts.ratings == {2025: "HTXS"}
    assert facts.awards == ()


@pytest.mark.parametrize("n", [5, 40])
def test_unit_facts_load_in_a_fixed_number_of_queries(province, n, django_assert_max_num_queries):
    units = [
        Unit.objects.create(code=f"K{i}", name=f"Khoa {i}", kind=UnitKind.DIVISION, parent=province.hospital)
        for i in range(n)
    ]
    for u in units:
        rate(u, 2025, "HTT")
        p = make_person(u, f"Bác sĩ {u.code}")
        rate(p, 2025, "HTT")
    with django_assert_max_num_queries(13):
        facts = selectors.facts_for_units([u.pk for u in units], years=YEARS)
    assert all(facts[u.pk].members[2025].total == 1 for u in units)


# --- The list -----------------------------------------------------------------------------------


def test_eligible_list_keeps_to_the_actors_scope(province, unit_officer):
    ours = make_person(province.hospital, "Người Sở Y tế")
    theirs = make_person(province.school, "Người Sở Giáo dục")
    for p in (ours, theirs):
        cstdcs_chain(p, p.unit)
        Initiative.objects.create(person=p, title="SK", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024)
    result = selectors.eligible_list(actor=unit_officer, award_code="CSTD_TINH", year=2025)
    listed = {r.subject.id for r in (*result.eligible, *result.pending)}
    assert listed == {ours.pk}
    with pytest.raises(Http404):
        selectors.eligible_list(actor=unit_officer, award_code="CSTD_TINH", year=2025, scope_unit=province.edu)


def test_subjects_waiting_only_for_judgement_are_listed_apart(province, province_officer):
    an = make_person(province.hospital)
    cstdcs_chain(an, province.hospital)
    Initiative.objects.create(person=an, title="SK", scope="PROVINCE", recognising_body="UBND tỉnh", year=2025)
    lacking = make_person(province.hospital, "Chưa đủ")
    cstdcs_chain(lacking, province.hospital, years=(2024, 2025))
    result = selectors.eligible_list(actor=province_officer, award_code="CSTD_TINH", year=2025)
    # "Tiêu biểu xuất sắc" is a judgement item: nobody is eligible before someone confirms it.
    assert result.eligible == []
    assert [r.subject.id for r in result.pending] == [an.pk]
    assert result.pending[0].pending  # the labels of what is to be confirmed
    assert "Chiến sĩ thi đua cơ sở" in result.pending[0].reasons


def test_collective_awards_list_units(province, province_officer):
    hospital = province.hospital
    rate(hospital, 2025, "HTXS")
    for i in range(4):
        p = make_person(hospital, f"Nhân viên {i}")
        rate(p, 2025, "HTXS" if i == 0 else "HTT")
        grant(p, "LDTT", 2025, issuer=hospital)
        if i == 0:
            grant(p, "CSTDCS", 2025, issuer=hospital)
    result = selectors.eligible_list(actor=province_officer, award_code="TTLDXS", year=2025, scope_unit=province.health)
    assert result.kind == UNIT
    assert [r.subject.id for r in (*result.eligible, *result.pending)] == [hospital.pk]


def test_cstdcs_quota_is_checked_per_deciding_unit(province, province_officer):
    for i in range(10):
        p = make_person(province.hospital, f"Điều dưỡng {i}")
        rate(p, 2025, "HTXS" if i < 3 else "HTT")
        grant(p, "LDTT", 2025, issuer=province.hospital)
    result = selectors.eligible_list(actor=province_officer, award_code="CSTDCS", year=2025)
    assert len(result.quotas) == 1
    quota = result.quotas[0]
    assert (quota.unit_id, quota.n_cstdcs, quota.n_ldtt) == (province.hospital.pk, 3, 10)
    assert quota.ok is False  # 3 / 10 = 30 % > 15 %
    assert "3 / 10" in quota.message


# --- What if --------------------------------------------------------------------------------------


def test_what_if_adds_hypothetical_facts_without_saving_them(province):
    an = make_person(province.hospital)
    rate(an, 2024, "HTXS")
    grant(an, "LDTT", 2024, issuer=province.hospital)
    ctx = selectors.rule_context()
    facts = selectors.facts_for_people([an.pk], years=selectors.fact_years(2025))[an.pk]
    hyp = selectors.Hypothesis(ratings={2025: "HTXS"}, confirmed="all")
    rows = {c.before.verdict.award: c for c in selectors.what_if(facts, hyp, year=2025, ctx=ctx)}
    ldtt = rows["LDTT"]
    assert not ldtt.before.verdict.eligible
    assert ldtt.after.verdict.eligible
    assert ldtt.changed
    assert AnnualRating.objects.filter(person=an).count() == 1
