"""The demo data: deterministic, consistent with the award rules, safe to run twice."""

import datetime as dt
import hashlib
import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db import transaction

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.catalog.models import AwardType
from thidua.core.demo.facts import round10k
from thidua.core.demo.users import DEMO_PASSWORD
from thidua.core.text import fold_vi
from thidua.decisions.models import Award, Decision
from thidua.org.models import ClusterMember, Unit, UnitKind, UnitSuccession
from thidua.people.models import GRADE_ORDER, AnnualRating, Discipline, Embargo, Employment, Initiative, Person

pytestmark = pytest.mark.django_db


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", size="tiny", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def tiny(db):
    seed()


def digest() -> str:
    h = hashlib.sha256()
    for qs in (
        Unit.objects.order_by("code").values_list("code", "name", "path", "kind", "valid_from", "valid_to"),
        Person.objects.order_by("id").values_list("full_name", "birth_date", "sex", "national_id", "position"),
        AnnualRating.objects.order_by("id").values_list("person_id", "unit_id", "year", "grade"),
        Award.objects.order_by("id").values_list(
            "award_type__code", "person_id", "unit_id", "year", "amount", "decision__number"
        ),
        Initiative.objects.order_by("id").values_list("person_id", "title", "scope", "year"),
    ):
        for row in qs:
            h.update(repr(row).encode())
    return h.hexdigest()


def seeded_digest(seed_value):
    """Seed inside a savepoint, take the digest, roll back: a fresh database each time."""
    result = None
    try:
        with transaction.atomic():
            seed(seed=seed_value)
            result = digest()
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert not Unit.objects.exists()
    return result


def test_tiny_demo_is_the_same_for_the_same_seed_and_differs_for_another():
    first = seeded_digest(2026)
    assert first == seeded_digest(2026)
    assert first != seeded_digest(7)


def test_tiny_demo_has_a_few_units_and_about_two_hundred_people(tiny):
    assert Person.objects.count() == 200
    assert 10 <= Unit.objects.count() <= 40
    root = Unit.objects.get(parent__isnull=True)
    assert root.kind == UnitKind.PROVINCE
    assert root.name == "Ủy ban nhân dân tỉnh Hòa Giang"
    assert Unit.objects.get(is_commendation_office=True).name == "Sở Nội vụ"


def test_bulk_loaded_units_have_correct_paths_and_search_text(tiny):
    units = {u.id: u for u in Unit.objects.all()}
    for u in units.values():
        expected = (units[u.parent_id].path if u.parent_id else "/") + f"{u.id}/"
        assert u.path == expected
        assert u.depth == expected.count("/") - 2
        assert u.search_text == fold_vi(f"{u.name} {u.short_name} {u.code}")


def test_people_have_vietnamese_names_folded_for_search_and_valid_unique_cccd(tiny):
    people = list(Person.objects.all())
    assert all(p.search_text == fold_vi(p.full_name) for p in people)
    assert all(len(p.full_name.split()) >= 3 for p in people)
    ids = [p.national_id for p in people if p.national_id]
    assert len(ids) == len(set(ids))
    assert 0.55 <= len(ids) / len(people) <= 0.85
    for p in people:
        if p.national_id:
            assert len(p.national_id) == 12 and p.national_id.isdigit()
            century = 0 if p.birth_date.year < 2000 else 2
            assert p.national_id[3] == str(century + (1 if p.sex == "F" else 0))
            assert p.national_id[4:6] == f"{p.birth_date.year % 100:02d}"
        assert dt.date(1965, 1, 1) <= p.birth_date <= dt.date(2002, 12, 31)
    assert Counter(p.full_name.split()[0] for p in people).most_common(1)[0][0] == "Nguyễn"
    assert {p.sex for p in people} == {"M", "F"}
    assert any(p.ethnicity != "Kinh" for p in people)


def test_every_ldtt_holder_was_rated_htt_or_better_that_year(tiny):
    grades = {(r.person_id, r.year): r.grade for r in AnnualRating.objects.filter(person__isnull=False)}
    ldtt = Award.objects.filter(award_type__code="LDTT")
    assert ldtt.count() > 100
    for award in ldtt:
        assert GRADE_ORDER[grades[(award.person_id, award.year)]] >= GRADE_ORDER["HTT"]


def test_cstdcs_only_for_ldtt_holders_with_htxs_or_a_base_initiative(tiny):
    ldtt = set(Award.objects.filter(award_type__code="LDTT").values_list("person_id", "year"))
    grades = {(r.person_id, r.year): r.grade for r in AnnualRating.objects.filter(person__isnull=False)}
    initiatives = set(Initiative.objects.filter(scope="BASE").values_list("person_id", "year"))
    cstdcs = list(Award.objects.filter(award_type__code="CSTDCS").values_list("person_id", "year"))
    assert cstdcs
    for key in cstdcs:
        assert key in ldtt
        assert grades[key] == "HTXS" or key in initiatives


def test_cstdcs_stay_within_fifteen_percent_of_ldtt_per_deciding_unit_and_year(tiny):
    counts = defaultdict(Counter)
    for issuer, year, code in Award.objects.filter(award_type__code__in=["LDTT", "CSTDCS"]).values_list(
        "decision__issuer_id", "year", "award_type__code"
    ):
        counts[(issuer, year)][code] += 1
    for count in counts.values():
        assert count["CSTDCS"] <= count["LDTT"] * Decimal("0.15")


def test_province_emulation_fighter_needs_three_consecutive_cstdcs_and_a_province_initiative(tiny):
    cstdcs = set(Award.objects.filter(award_type__code="CSTDCS").values_list("person_id", "year"))
    province_inits = defaultdict(set)
    for person_id, year in Initiative.objects.filter(scope="PROVINCE").values_list("person_id", "year"):
        province_inits[person_id].add(year)
    root = Unit.objects.get(parent__isnull=True)
    awards = Award.objects.filter(award_type__code="CSTD_TINH").select_related("decision")
    assert awards.exists()
    for award in awards:
        y = award.year
        assert {(award.person_id, y - 2), (award.person_id, y - 1), (award.person_id, y)} <= cstdcs
        assert province_inits[award.person_id] & {y - 2, y - 1, y}
        assert award.decision.issuer_id == root.id


def test_provincial_certificate_of_merit_follows_two_consecutive_cstdcs(tiny):
    cstdcs = set(Award.objects.filter(award_type__code="CSTDCS").values_list("person_id", "year"))
    for person_id, year in Award.objects.filter(award_type__code="BK_TINH").values_list("person_id", "year"):
        assert {(person_id, year - 1), (person_id, year)} <= cstdcs


def _members(unit_id, year):
    """People working in the unit on 31/12 of the year and rated that year."""
    end = dt.date(year, 12, 31)
    rated = set(AnnualRating.objects.filter(year=year, person__isnull=False).values_list("person_id", flat=True))
    employed = Employment.objects.filter(unit_id=unit_id, start_date__lte=end).exclude(end_date__lt=end)
    return {e.person_id for e in employed} & rated


def test_excellent_and_advanced_collectives_meet_their_member_conditions(tiny):
    grades = {(r.person_id, r.year): r.grade for r in AnnualRating.objects.filter(person__isnull=False)}
    unit_grades = {(r.unit_id, r.year): r.grade for r in AnnualRating.objects.filter(unit__isnull=False)}
    ldtt = set(Award.objects.filter(award_type__code="LDTT").values_list("person_id", "year"))
    cstdcs = set(Award.objects.filter(award_type__code="CSTDCS").values_list("person_id", "year"))
    excellent = list(Award.objects.filter(award_type__code="TTLDXS").values_list("unit_id", "year"))
    assert excellent
    for unit_id, year in excellent:
        members = _members(unit_id, year)
        assert unit_grades[(unit_id, year)] == "HTXS"
        assert all(grades[(m, year)] != "KHT" for m in members)
        assert sum((m, year) in ldtt for m in members) >= 0.7 * len(members)
        assert any((m, year) in cstdcs for m in members)
    for unit_id, year in Award.objects.filter(award_type__code="TTLDTT").values_list("unit_id", "year"):
        members = _members(unit_id, year)
        assert unit_grades[(unit_id, year)] in ("HTXS", "HTT")
        assert sum((m, year) in ldtt for m in members) > 0.5 * len(members)


def test_award_amounts_are_coefficient_times_base_salary_on_the_decision_date(tiny):
    ldtt = AwardType.objects.get(code="LDTT")
    assert ldtt.coefficient_individual == Decimal("0.3")
    by_year = dict(Award.objects.filter(award_type=ldtt).values_list("year", "amount").distinct())
    assert by_year[2019] == round10k(Decimal("0.3") * 1_490_000) == 450_000  # decided 15/01/2020
    assert by_year[2023] == round10k(Decimal("0.3") * 1_800_000) == 540_000  # decided 15/01/2024
    assert by_year[2025] == round10k(Decimal("0.3") * 2_340_000) == 700_000  # decided 15/01/2026


def test_each_issuing_unit_signs_one_numbered_decision_per_year(tiny):
    generated = Decision.objects.filter(back_entered=True, created_by__isnull=True)  # the generated history
    decisions = list(generated)
    assert len({(d.issuer_id, d.date.year) for d in decisions}) == len(decisions)
    for d in decisions:
        assert "/QĐ-" in d.number and d.signer_name and d.signer_title
    root = Unit.objects.get(parent__isnull=True)
    assert Decision.objects.filter(issuer=root, number__endswith="/QĐ-UBND").exists()
    assert set(generated.exclude(issuer=root).values_list("date__month", "date__day")) == {(1, 15)}


def test_reorganised_commune_keeps_history_on_its_predecessors(tiny):
    successions = list(UnitSuccession.objects.select_related("predecessor", "successor"))
    assert len(successions) >= 2
    for s in successions:
        assert s.predecessor.valid_to == dt.date(2025, 6, 30)
        assert s.successor.valid_from == dt.date(2025, 7, 1)
        assert s.date == dt.date(2025, 7, 1)
        assert s.document_number.startswith("Nghị quyết số")
    old = successions[0].predecessor
    moved = Employment.objects.filter(unit=old, end_date=dt.date(2025, 6, 30))
    assert moved.exists()
    person = moved.first().person
    assert person.unit == successions[0].successor
    assert (
        Award.objects.filter(person=person, year__lte=2024)
        .exclude(decision__issuer=old)
        .filter(award_type__code__in=["LDTT", "CSTDCS"])
        .count()
        == 0
    )
    assert not AnnualRating.objects.filter(unit=old, year=2025).exists()


def test_no_individual_title_during_a_discipline_period(tiny):
    disciplines = list(Discipline.objects.all())
    assert disciplines
    for d in disciplines:
        years = range(d.start_date.year, d.end_date.year + 1)
        assert not Award.objects.filter(person_id=d.person_id, year__in=years).exists()


def test_some_embargoes_are_in_force(tiny):
    assert Embargo.objects.filter(end_date__isnull=True).count() >= 1


def test_demo_users_exist_with_their_roles_and_the_documented_password(tiny):
    expected = {
        "quantri": Role.ADMIN,
        "cv.snv": Role.PROVINCE_OFFICER,
        "lanhdao": Role.LEADER,
        "hoidong.1": Role.COUNCIL_MEMBER,
        "cb.syt": Role.UNIT_OFFICER,
        "cb.sgd": Role.UNIT_OFFICER,
    }
    for username, role in expected.items():
        assert RoleAssignment.objects.filter(user__username=username, role=role).exists()
    assert RoleAssignment.objects.get(user__username="cv.snv").unit.is_commendation_office
    assert RoleAssignment.objects.get(user__username="cb.syt").unit.name == "Sở Y tế"
    commune_officer = RoleAssignment.objects.filter(
        user__full_name="Đỗ Thị Hồng",
        user__username__startswith="cb.",
        unit__kind__in=[UnitKind.COMMUNE, UnitKind.WARD],
    )
    assert commune_officer.count() == 1
    # Every member of the cluster the demo walks through has an officer login (the head's included).
    walkthrough = ClusterMember.objects.filter(cluster__name="Cụm thi đua số 1", cluster__year=2026)
    assert walkthrough.count() >= 2
    for membership in walkthrough:
        assert RoleAssignment.objects.filter(unit=membership.unit, role=Role.UNIT_OFFICER).exists()
    user = User.objects.get(username="quantri")
    assert user.full_name and check_password(DEMO_PASSWORD, user.password)


def test_demo_logins_prints_the_accounts_found_in_the_database(tiny):
    User.objects.filter(username="hoidong.3").update(username="hoidong.doi-ten")
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    assert "Tên đăng nhập" in text and "Vai trò" in text
    assert "cv.snv" in text and DEMO_PASSWORD in text and "Sở Nội vụ" in text
    assert "hoidong.doi-ten" in text and "hoidong.3" not in text


def test_demo_logins_without_users_says_how_to_load_the_demo(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_if_empty_reuses_an_existing_demo(tiny):
    before = (Unit.objects.count(), Person.objects.count(), Award.objects.count(), User.objects.count())
    out = seed(if_empty=True)
    assert "đã có" in out
    assert (Unit.objects.count(), Person.objects.count(), Award.objects.count(), User.objects.count()) == before


def test_if_empty_loads_into_an_empty_database(db):
    seed(if_empty=True)
    assert Person.objects.count() == 200


def test_refuses_to_load_into_a_database_that_already_has_units(province):
    with pytest.raises(CommandError, match="đã có đơn vị"):
        seed()
    assert not Person.objects.exists()


def test_refuses_without_the_award_catalogue(db):
    AwardType.objects.filter(code="CSTD_TINH").delete()
    with pytest.raises(CommandError, match="CSTD_TINH"):
        seed()
    assert not Unit.objects.exists()


def test_people_option_overrides_the_size(db):
    seed(people=120)
    assert Person.objects.count() == 120


def test_demo_has_a_council_with_its_chair_an_issuing_body_and_a_signer(tiny):
    from thidua.council.models import Council, MemberRole
    from thidua.decisions.models import IssuingBody, Signer

    council = Council.objects.get()
    assert council.name == "Hội đồng Thi đua – Khen thưởng tỉnh Hòa Giang"
    roles = dict(council.members.values_list("user__username", "role"))
    assert roles["lanhdao"] == MemberRole.CHAIR and roles["hoidong.1"] == MemberRole.STANDING_VICE_CHAIR
    assert len(roles) == 8
    root = Unit.objects.get(parent__isnull=True)
    body = IssuingBody.objects.get(unit=root)
    assert (body.symbol, body.header_name, body.place) == ("UBND", root.name, "Hòa Giang")
    assert Signer.objects.get(body=body).user.username == "lanhdao"


def test_demo_decisions_issued_in_the_system_are_numbered_after_the_paper_ones_and_paid(tiny):
    from thidua.decisions.models import Payment

    for decision in Decision.objects.filter(back_entered=False, kind="QD", issuer__isnull=False):
        paper = Decision.objects.filter(
            back_entered=True, issuer=decision.issuer, year_of_sequence=decision.year_of_sequence
        ).values_list("number", flat=True)
        assert all(int(n.split("/")[0]) < decision.sequence for n in paper)
        assert decision.total_amount == sum(decision.awards.values_list("amount", flat=True))
        assert Payment.objects.filter(award__decision=decision).count() == decision.awards.count()


def test_demo_households_of_the_commune_officer_have_a_history(tiny):
    from thidua.org.models import LOCAL_GOVERNMENT_KINDS
    from thidua.people.models import Household

    officer = RoleAssignment.objects.get(
        role=Role.UNIT_OFFICER, unit__kind__in=LOCAL_GOVERNMENT_KINDS, user__full_name="Đỗ Thị Hồng"
    )
    households = Household.objects.filter(unit=officer.unit)
    assert households.count() == 3
    award = Award.objects.get(household__in=households)
    assert award.award_type.code == "BK_TINH_HGD" and award.decision.back_entered
    assert award.amount > 0


def test_demo_clusters_have_last_years_published_results_and_this_years_scoring(tiny):
    from thidua.clusters.models import Covenant, CovenantState, RoundState, Score, ScoringRound, ScoringTable
    from thidua.org.models import Cluster

    assert ScoringTable.objects.filter(year=2026, cluster__isnull=True, previous__year=2025).count() == 2
    current = Cluster.objects.filter(year=2026)
    assert current.exists() and all(c.carried_from_id for c in current)
    assert set(ScoringRound.objects.filter(cluster__year=2025).values_list("state", flat=True)) == {
        RoundState.PUBLISHED
    }
    first = ScoringRound.objects.get(cluster__year=2026, cluster__name="Cụm thi đua số 1")
    assert first.state == RoundState.OPEN and not first.is_locked(dt.date(2026, 11, 28))
    assert Score.objects.filter(sheet__round=first, self_points__isnull=False).exists()
    assert Score.objects.filter(sheet__round=first, self_points__isnull=True).exists()
    assert Covenant.objects.filter(cluster__year=2026, state=CovenantState.SIGNED).count() == current.count()
    # Evidence is attached wherever a criterion requiring it has points.
    assert not Score.objects.filter(
        sheet__round__cluster__year=2026, criterion__evidence_required=True, points__gt=0, evidence__isnull=True
    ).exists()
