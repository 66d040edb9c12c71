"""Emulation titles for individuals: Luật 2022 Điều 21–24 (law.md §3.1, §11)."""

import pytest

from thidua.eligibility.engine import evaluate
from thidua.eligibility.verdict import CONFIRM, CONFIRMED, MET, UNMET

from .engine_support import CTX, checks, person, unmet_codes, with_params

# --- Điều 24: Lao động tiên tiến -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "eligible"),
    [("HTXS", True), ("HTT", True), ("HT", False), ("KHT", False)],
)
def test_ldtt_needs_a_rating_of_htt_or_better(grade, eligible):
    v = evaluate(person({2025: grade}), "LDTT", 2025, CTX, confirmed="all")
    assert v.eligible is eligible


def test_ldtt_rating_message_says_what_was_rated_and_what_is_needed():
    v = evaluate(person({2025: "HT"}), "LDTT", 2025, CTX, confirmed="all")
    assert checks(v)["rating_at_least_htt"].message == (
        "xếp loại năm 2025: Hoàn thành nhiệm vụ — cần từ Hoàn thành tốt nhiệm vụ trở lên"
    )
    assert checks(v)["rating_at_least_htt"].citation == "Luật Thi đua, khen thưởng 2022, Điều 24, khoản 1"


def test_ldtt_without_a_rating_is_unmet_with_a_clear_message():
    v = evaluate(person({}), "LDTT", 2025, CTX, confirmed="all")
    assert "chưa có xếp loại năm 2025" in checks(v)["rating_at_least_htt"].message


def test_ldtt_spirit_is_a_judgement_item_that_must_be_confirmed():
    v = evaluate(person({2025: "HTT"}), "LDTT", 2025, CTX)
    assert not v.eligible
    assert v.needs_confirmation == ("judge_spirit",)
    assert checks(v)["judge_spirit"].status == CONFIRM and checks(v)["judge_spirit"].judgement
    v = evaluate(person({2025: "HTT"}), "LDTT", 2025, CTX, confirmed=frozenset({"judge_spirit"}))
    assert v.eligible and checks(v)["judge_spirit"].status == CONFIRMED


def test_ldtt_new_recruit_below_min_months_is_not_eligible():
    v = evaluate(person({2025: "HTT"}, months_worked={2025: 8}), "LDTT", 2025, CTX, confirmed="all")
    assert not v.eligible
    c = checks(v)["months_worked"]
    assert c.status == UNMET and "cần tối thiểu 10 tháng" in c.message and c.unverified


def test_ldtt_maternity_leave_counts_as_worked_time():
    facts = person({2025: "HTT"}, months_worked={2025: 6}, maternity_months={2025: 6})
    v = evaluate(facts, "LDTT", 2025, CTX, confirmed="all")
    assert v.eligible
    assert "kể cả 6 tháng nghỉ thai sản" in checks(v)["months_worked"].message


def test_ldtt_min_months_follows_the_rule_parameter():
    facts = person({2025: "HTT"}, months_worked={2025: 8})
    assert evaluate(facts, "LDTT", 2025, with_params(CTX, ldtt_min_months_worked=6), confirmed="all").eligible


def test_cstt_is_only_for_the_armed_forces():
    assert not evaluate(person({2025: "HTT"}), "CSTT", 2025, CTX, confirmed="all").eligible
    assert evaluate(person({2025: "HTT"}, armed_forces=True), "CSTT", 2025, CTX, confirmed="all").eligible


# --- Điều 23: Chiến sĩ thi đua cơ sở -------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "eligible"),
    [
        (person({2025: "HTXS"}, ["LDTT:2025"]), True),  # LĐTT + HTXS
        (person({2025: "HTT"}, ["LDTT:2025"], [(2025, "BASE")]), True),  # LĐTT + a base initiative
        (person({2025: "HTT"}, ["LDTT:2025"], science=[(2025, "BASE")]), True),  # + an accepted science work
        (person({2025: "HTT"}, ["LDTT:2025"]), False),  # LĐTT only
        (person({2025: "HTT"}, ["LDTT:2025"], [(2024, "BASE")]), False),  # initiative of another year
        (person({2025: "HTXS"}), True),  # LĐTT not decided yet but its criteria hold (same review)
        (person({2025: "HTXS"}, ["CSTT:2025"]), True),  # Chiến sĩ tiên tiến also qualifies
    ],
)
def test_cstdcs_needs_ldtt_and_htxs_or_an_initiative(facts, eligible):
    assert evaluate(facts, "CSTDCS", 2025, CTX, confirmed="all").eligible is eligible


def test_cstdcs_without_decided_ldtt_explains_it_relies_on_the_ldtt_criteria():
    v = evaluate(person({2025: "HTXS"}), "CSTDCS", 2025, CTX)
    assert not v.eligible
    assert "judge_spirit" in v.needs_confirmation  # LĐTT's own judgement item bubbles up
    assert "chưa có quyết định công nhận" in checks(v)["has_ldtt"].message


def test_cstdcs_quota_is_reported_as_unverified_information():
    c = checks(evaluate(person({2025: "HTXS"}, ["LDTT:2025"]), "CSTDCS", 2025, CTX))["cstdcs_quota"]
    assert c.unverified and c.status == "not_applicable"


def test_cstdcs_combat_route_exists_only_for_the_armed_forces():
    civilian = person({2025: "HTT"}, ["LDTT:2025"])
    soldier = person({2025: "HTT"}, ["CSTT:2025"], armed_forces=True)
    assert not evaluate(civilian, "CSTDCS", 2025, CTX, confirmed="all").eligible
    assert evaluate(soldier, "CSTDCS", 2025, CTX, confirmed="all").eligible
    assert "judge_combat_resourcefulness" in evaluate(soldier, "CSTDCS", 2025, CTX).needs_confirmation


def test_cstdcs_uses_the_2026_amendment_only_when_the_parameter_says_it_is_in_force():
    facts = person({2025: "HTXS"}, ["LDTT:2025"])  # HTXS but no initiative
    assert evaluate(facts, "CSTDCS", 2025, CTX, confirmed="all").eligible
    amended = with_params(CTX, amendment_2026_in_force=True)
    v = evaluate(facts, "CSTDCS", 2025, amended, confirmed="all")
    assert not v.eligible and "initiatives_base_1y" in unmet_codes(v)
    facts_with_initiative = person({2025: "HTXS"}, ["LDTT:2025"], [(2025, "BASE")])
    assert evaluate(facts_with_initiative, "CSTDCS", 2025, amended, confirmed="all").eligible


def test_cstdcs_2026_code_is_not_eligible_while_the_amendment_is_not_in_force():
    facts = person({2025: "HTXS"}, ["LDTT:2025"], [(2025, "BASE")])
    v = evaluate(facts, "CSTDCS_2026", 2025, CTX, confirmed="all")
    assert not v.eligible and "amendment_2026" in unmet_codes(v)


# --- Điều 22: Chiến sĩ thi đua cấp tỉnh ----------------------------------------------------------

THREE = ["CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025"]


def test_cstd_tinh_with_three_consecutive_cstdcs_and_a_province_initiative_is_eligible():
    v = evaluate(person({}, THREE, [(2024, "PROVINCE")]), "CSTD_TINH", 2025, CTX, confirmed="all")
    assert v.eligible
    assert checks(v)["consec_cstdcs_3"].message == "đạt Chiến sĩ thi đua cơ sở 3 năm liên tục 2023–2025"


def test_cstd_tinh_needs_the_province_scope_initiative():
    v = evaluate(person({}, THREE, [(2024, "BASE")]), "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible and unmet_codes(v) == {"initiatives_province_3y"}


def test_cstd_tinh_accepts_a_national_initiative_or_a_province_science_work():
    assert evaluate(person({}, THREE, [(2025, "NATIONAL")]), "CSTD_TINH", 2025, CTX, confirmed="all").eligible
    assert evaluate(person({}, THREE, science=[(2023, "PROVINCE")]), "CSTD_TINH", 2025, CTX, confirmed="all").eligible


def test_cstd_tinh_with_a_gap_in_the_chain_names_the_missing_year():
    facts = person({}, ["CSTDCS:2023", "CSTDCS:2025"], [(2024, "PROVINCE")])
    v = evaluate(facts, "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert checks(v)["consec_cstdcs_3"].message == "còn thiếu: Chiến sĩ thi đua cơ sở năm 2024"


def test_cstd_tinh_outstanding_is_a_judgement_of_the_council():
    v = evaluate(person({}, THREE, [(2024, "PROVINCE")]), "CSTD_TINH", 2025, CTX)
    assert not v.eligible and v.needs_confirmation == ("judge_outstanding",) and not v.unmet


def test_cstd_tinh_needs_the_third_cstdcs_decided_not_merely_deserved():
    # The unit's CSTĐCS of 2025 may still fall outside its quota: the provincial title rests on the decision.
    facts = person({2025: "HTXS"}, ["CSTDCS:2023", "CSTDCS:2024", "LDTT:2025"], [(2024, "PROVINCE")])
    verdict = evaluate(facts, "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not verdict.eligible
    assert [u.code for u in verdict.unmet] == ["consec_cstdcs_3"]
    assert "2025" in verdict.unmet[0].message
    decided = person({2025: "HTXS"}, ["CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025"], [(2024, "PROVINCE")])
    assert evaluate(decided, "CSTD_TINH", 2025, CTX, confirmed="all").eligible


# --- Điều 21: Chiến sĩ thi đua toàn quốc ---------------------------------------------------------


def test_cstd_tq_needs_two_consecutive_cstd_tinh_and_a_national_initiative():
    ok = person({}, ["CSTD_TINH:2022", "CSTD_TINH:2025"], [(2024, "NATIONAL")])
    assert evaluate(ok, "CSTD_TQ", 2025, CTX, confirmed="all").eligible
    province_only = person({}, ["CSTD_TINH:2022", "CSTD_TINH:2025"], [(2024, "PROVINCE")])
    assert not evaluate(province_only, "CSTD_TQ", 2025, CTX, confirmed="all").eligible
    not_consecutive = person({}, ["CSTD_TINH:2019", "CSTD_TINH:2025"], [(2024, "NATIONAL")])
    v = evaluate(not_consecutive, "CSTD_TQ", 2025, CTX, confirmed="all")
    assert not v.eligible and "2022" in checks(v)["consec_awards_cstd_tinh_2"].message


def test_every_title_check_carries_a_citation():
    v = evaluate(person({}, THREE, [(2024, "PROVINCE")]), "CSTD_TINH", 2025, CTX)
    assert all(c.citation for c in v.checks if c.status in (MET, UNMET, CONFIRM))
