"""Awards in a person's history: every award of an issued decision at once, a revoked one struck
through with the act that revoked it and a link to the revocation, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.catalog.models import AwardType
from thidua.decisions.models import Award, Decision, DecisionState
from thidua.people.selectors import person_timeline

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import grant, revoke


def page(client, person):
    response = client.get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_revoked_award_is_struck_through_with_its_act_and_a_link(client_for, an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    html = page(client_for(province_officer), an)
    assert "<del" in html and "Đã hủy bỏ" in html
    assert "Đã hủy bỏ theo văn bản của Ủy ban nhân dân tỉnh Hòa Giang số 15/QĐ-UBND ngày 02/06/2025" in html
    assert reverse("decisions:revocation_detail", args=[revocation.pk]) in html


def test_the_unit_officer_sees_the_revocation_and_its_link_but_no_revoke_action(
    client_for, an, province_officer, unit_officer
):
    revocation = revoke(province_officer, an.cstdcs_2024)
    html = page(client_for(unit_officer), an)
    assert "số 15/QĐ-UBND ngày 02/06/2025" in html
    assert reverse("decisions:revocation_detail", args=[revocation.pk]) in html
    other = an.awards.get(award_type__code="CSTDCS", year=2023)
    assert reverse("decisions:award_revoke", args=[other.pk]) not in html


def test_a_leader_sees_the_revocation_without_a_link_they_could_not_open(client_for, an, province_officer, leader):
    revocation = revoke(province_officer, an.cstdcs_2024)
    html = page(client_for(leader), an)
    assert "số 15/QĐ-UBND ngày 02/06/2025" in html
    assert reverse("decisions:revocation_detail", args=[revocation.pk]) not in html


def test_the_province_gets_a_revoke_action_on_standing_awards_only(client_for, an, province_officer):
    revoke(province_officer, an.cstdcs_2024)
    html = page(client_for(province_officer), an)
    standing = an.awards.get(award_type__code="CSTDCS", year=2023)
    assert reverse("decisions:award_revoke", args=[standing.pk]) in html
    assert reverse("decisions:award_revoke", args=[an.cstdcs_2024.pk]) not in html


def test_a_newly_issued_award_appears_at_once_and_a_drafts_never(client_for, an, province, province_officer):
    client = client_for(province_officer)
    assert "Bằng khen của Chủ tịch UBND tỉnh" not in page(client, an)
    issued = Decision.objects.create(issuer=province.root, number="321/QĐ-UBND", date=dt.date(2026, 3, 1))
    Award.objects.create(
        decision=issued, award_type=AwardType.objects.get(code="BK_TINH"), year=2025, subject_name="x", person=an
    )
    html = page(client, an)
    assert "Bằng khen của Chủ tịch UBND tỉnh" in html and "321/QĐ-UBND" in html
    draft = Decision.objects.create(issuer=province.root, state=DecisionState.DRAFT, date=dt.date(2026, 3, 2))
    Award.objects.create(
        decision=draft, award_type=AwardType.objects.get(code="BK_TINH"), year=2026, subject_name="x", person=an
    )
    assert [a.decision_id for a in person_timeline(an).awards if a.year == 2026] == []


@pytest.mark.parametrize("n", [1, 8])
def test_the_person_page_reads_awards_and_revocations_in_a_fixed_number_of_queries(
    client_for, an, province, province_officer, n
):
    client = client_for(province_officer)
    page(client, an)
    with CaptureQueriesContext(connection) as base:
        page(client, an)
    for year in range(2010, 2010 + n):
        revoke(province_officer, grant(an, "LDTT", year, issuer=province.hospital), amount_to_recover=0)
    with CaptureQueriesContext(connection) as more:
        page(client, an)
    assert len(more) == len(base)
