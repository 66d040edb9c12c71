"""Acceptance: the "Danh sách đủ điều kiện" for Chiến sĩ thi đua cấp tỉnh 2025 on the demo province
lists exactly the people with three consecutive CSTĐCS years (2023–2025) and a provincial-scope
initiative, checked against a direct query of the database.

The direct query follows the rules the engine applies (criteria.py CSTD_TINH, predicates.py):
- CSTĐCS awarded for 2023, 2024 and 2025, not revoked, of kind CONG_TRANG (law.md P2);
- an initiative or science work of provincial or national scope recognised in 2023–2025;
- no discipline overlapping 2023–2025 (a year overlapping a discipline period does not count, P3);
- no embargo in force today (P3).
"Tiêu biểu xuất sắc" is a judgement item of the council, so before anyone confirms it these people
are in the "đủ điều kiện, chờ xác nhận" section; nobody is in the eligible section.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.decisions.models import Award
from thidua.eligibility import selectors
from thidua.org.models import Unit
from thidua.people.models import Discipline, Embargo, Initiative, Person

YEARS = (2023, 2024, 2025)


def expected_cstd_tinh_2025() -> set[int]:
    chains = None
    for year in YEARS:
        holders = set(
            Award.objects.filter(
                award_type__code="CSTDCS", year=year, revoked=False, basis="CONG_TRANG", person__isnull=False
            ).values_list("person_id", flat=True)
        )
        chains = holders if chains is None else chains & holders
    with_initiative = set(
        Initiative.objects.filter(scope__in=("PROVINCE", "NATIONAL"), year__range=(2023, 2025)).values_list(
            "person_id", flat=True
        )
    )
    disciplined = set(
        Discipline.objects.filter(
            person__isnull=False, start_date__lte=dt.date(2025, 12, 31), end_date__gte=dt.date(2023, 1, 1)
        ).values_list("person_id", flat=True)
    )
    today = timezone.localdate()
    embargoed = set(
        Embargo.objects.filter(person__isnull=False, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("person_id", flat=True)
    )
    return (chains & with_initiative) - disciplined - embargoed


def listed(result) -> set[int]:
    return {r.subject.id for r in (*result.eligible, *result.pending)}


@pytest.fixture
def demo(db):
    call_command("seed_demo", size="tiny", verbosity=0, stdout=io.StringIO())
    root = Unit.objects.get(parent__isnull=True)
    officer = User.objects.create_user(username="kiem.tra.dieu.kien", password="x", full_name="Cán bộ Sở Nội vụ")
    RoleAssignment.objects.create(user=officer, unit=root, role=Role.PROVINCE_OFFICER)
    return officer


def chain_holders_without_initiative() -> list[int]:
    chains = None
    for year in YEARS:
        holders = set(
            Award.objects.filter(award_type__code="CSTDCS", year=year, revoked=False, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        chains = holders if chains is None else chains & holders
    return sorted(chains - expected_cstd_tinh_2025())


def test_demo_list_for_cstd_tinh_2025_matches_a_direct_query(demo):
    expected = expected_cstd_tinh_2025()
    assert expected, "the demo province has people with three CSTĐCS years and a provincial initiative"
    result = selectors.eligible_list(actor=demo, award_code="CSTD_TINH", year=2025)
    assert listed(result) == expected
    assert result.eligible == []  # the council's judgement is still to come
    assert result.evaluated == Person.objects.count()


def test_demo_list_follows_revocations_discipline_embargoes_and_new_initiatives(demo):
    first = sorted(expected_cstd_tinh_2025())
    assert len(first) >= 2
    revoked, embargoed = first[0], first[1]
    Award.objects.filter(person_id=revoked, award_type__code="CSTDCS", year=2024).update(revoked=True)
    Embargo.objects.create(person_id=embargoed, reason="COMPLAINT", start_date=dt.date(2026, 1, 5))
    others = chain_holders_without_initiative()
    assert len(others) >= 2, "the demo has chain holders without a provincial initiative"
    gains, disciplined = others[0], others[1]
    for pk in (gains, disciplined):
        Initiative.objects.create(
            person_id=pk, title="Sáng kiến cấp tỉnh", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024
        )
    Discipline.objects.create(
        person_id=disciplined, level="REPRIMAND", start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 9, 1)
    )

    expected = expected_cstd_tinh_2025()
    assert revoked not in expected and embargoed not in expected and disciplined not in expected
    assert gains in expected
    result = selectors.eligible_list(actor=demo, award_code="CSTD_TINH", year=2025)
    assert listed(result) == expected


def test_demo_list_page_and_export_show_the_same_people(demo, client):
    expected = expected_cstd_tinh_2025()
    names = set(Person.objects.filter(pk__in=expected).values_list("full_name", flat=True))
    client.force_login(demo)
    params = {"nam": 2025, "danh_hieu": "CSTD_TINH"}
    html = client.get(reverse("eligibility:eligible_list"), params).content.decode()
    assert all(name in html for name in names)
    import openpyxl

    response = client.get(reverse("eligibility:eligible_export"), params)
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in rows} == names
    assert len(rows) == len(expected)
