"""A revoked award leaves the eligibility chains at once: revoking a CSTĐCS makes a person who was
eligible for Chiến sĩ thi đua cấp tỉnh ineligible, with the reason shown (engine, panel, confirmation)."""

import datetime as dt

from django.urls import reverse

from thidua.catalog.models import AwardType
from thidua.decisions.models import Award, Decision
from thidua.decisions.selectors import revocation as sel
from thidua.eligibility import selectors as eligibility
from thidua.eligibility.engine import evaluate
from thidua.people.models import Household

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import grant, open_line, revoke

REVOKED_REASON = "Chiến sĩ thi đua cơ sở năm 2024 (quyết định đã bị hủy bỏ)"


def cstd_tinh_row(actor, person, year=2025):
    panel = eligibility.eligibility_panel(actor=actor, subject=person, year=year)
    return next(r for r in panel["rows"] if r.verdict.award == "CSTD_TINH")


def test_revoking_a_cstdcs_makes_the_cstd_tinh_eligible_person_ineligible_with_the_reason(an, province_officer):
    before = cstd_tinh_row(province_officer, an).verdict
    assert not before.unmet and before.needs_confirmation  # eligible, only the council's judgement left
    ctx = eligibility.rule_context()
    facts = eligibility.subject_facts(an, year=2025, ctx=ctx)
    assert evaluate(facts, "CSTD_TINH", 2025, ctx, confirmed="all").eligible

    revoke(province_officer, an.cstdcs_2024)

    after = cstd_tinh_row(province_officer, an).verdict
    assert not after.eligible
    [unmet] = after.unmet
    assert unmet.code == "consec_cstdcs_3"
    assert REVOKED_REASON in unmet.message
    facts = eligibility.subject_facts(an, year=2025, ctx=ctx)
    assert not evaluate(facts, "CSTD_TINH", 2025, ctx, confirmed="all").eligible


def test_the_persons_eligibility_panel_shows_the_revoked_title_as_the_reason(client_for, an, province_officer):
    url = reverse("eligibility:person_panel", args=[an.pk])
    client = client_for(province_officer)
    assert "đã bị hủy bỏ" not in client.get(url, {"nam": 2025}).content.decode()
    revoke(province_officer, an.cstdcs_2024)
    html = client.get(url, {"nam": 2025}).content.decode()
    assert "3 năm liên tục đạt Chiến sĩ thi đua cơ sở" in html
    assert REVOKED_REASON in html


def test_the_confirmation_lists_the_verdicts_that_turn_ineligible(an):
    consequences = sel.revocation_consequences(award=an.cstdcs_2024, until=2026)
    assert consequences.evaluated and consequences.years == range(2024, 2027)
    changed = {(c.award_name, c.year): c for c in consequences.changes}
    cstd = changed[("Chiến sĩ thi đua cấp tỉnh", 2025)]
    assert (cstd.before, cstd.after) == ("Đủ điều kiện, chờ xác nhận", "Không đủ điều kiện")
    assert any(REVOKED_REASON in r for r in cstd.reasons)
    # CSTĐCS 2024 itself is not "changed": it was decided, the engine judges the criteria, not the decision.
    assert all(c.year >= 2024 for c in consequences.changes)


def test_the_confirmation_lists_later_awards_and_open_dossier_lines_of_the_subject(an, province):
    later = grant(an, "CSTD_TINH", 2025, issuer=province.root)
    line = open_line(an, "BK_TINH", 2026)
    open_line(an, "LDTT", 2023)  # before the award: not listed
    open_line(an, "CSTDCS", 2026, state="DECIDED")  # decided: not listed
    open_line(an, "LDTT", 2026, outcome="NOT_PASSED")  # refused: not listed
    consequences = sel.revocation_consequences(award=an.cstdcs_2024, until=2026)
    assert later in consequences.later_awards
    assert an.cstdcs_2024 not in consequences.later_awards
    assert [x.pk for x in consequences.open_lines] == [line.pk]


def test_a_household_award_lists_later_awards_without_running_the_engine(province):
    household = Household.objects.create(head_name="Trần Văn Nông", unit=province.commune1)
    decision = Decision.objects.create(issuer=province.commune1, number="5/QĐ-UBND", date=dt.date(2025, 1, 5))
    first, later = (
        Award.objects.create(
            decision=decision,
            award_type=AwardType.objects.get(code="GDVH"),
            year=year,
            subject_name="Hộ Trần Văn Nông",
            household=household,
        )
        for year in (2024, 2025)
    )
    consequences = sel.revocation_consequences(award=first, until=2026)
    assert not consequences.evaluated and consequences.changes == []
    assert consequences.later_awards == [later]
