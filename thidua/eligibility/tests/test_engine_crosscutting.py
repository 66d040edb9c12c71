"""Rules that apply to every award (law.md §2): embargo, discipline, revocation, kinds of award,
dissolved units, subject kinds; plus ladders, the panel list and the verdict contract."""

import datetime as dt

import pytest

from thidua.eligibility.context import context_from_data
from thidua.eligibility.criteria import CRITERIA
from thidua.eligibility.engine import evaluate, evaluate_many, next_on_ladder, relevant_awards
from thidua.eligibility.facts import AwardFact, SubjectFacts

from .engine_support import CTX, CTX_ND98, checks, members, person, unit, unmet_codes

THREE = ["CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025"]


def _cstd_tinh(**kw):
    return person({}, kw.pop("awards", THREE), [(2024, "PROVINCE")], **kw)


# --- P3 embargo and discipline (NĐ 152/2025 Điều 4 khoản 4) ---------------------------------------


def test_embargo_blocks_an_otherwise_eligible_subject():
    v = evaluate(_cstd_tinh(embargo=True), "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible and unmet_codes(v) == {"embargo"}
    assert checks(v)["embargo"].citation == "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 4"


@pytest.mark.parametrize("code", sorted(CRITERIA))
def test_embargo_blocks_every_award(code):
    for kind in ("person", "unit", "household"):
        facts = SubjectFacts(kind=kind, embargo=True, ratings={2025: "HTXS"})
        assert not evaluate(facts, code, 2025, CTX, confirmed="all", basis="DOT_XUAT").eligible
        assert not evaluate(facts, code, 2025, CTX, confirmed="all").eligible


def test_embargo_cites_decree_98_under_the_nd98_rule_set():
    v = evaluate(_cstd_tinh(embargo=True), "CSTD_TINH", 2025, CTX_ND98, confirmed="all")
    assert checks(v)["embargo"].citation == "Nghị định 98/2023/NĐ-CP, Điều 4, khoản 4"


def test_a_discipline_year_breaks_the_chain():
    facts = _cstd_tinh(disciplines=[("2024-03-01", "2024-09-01")])
    v = evaluate(facts, "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert checks(v)["consec_cstdcs_3"].message == (
        "còn thiếu: Chiến sĩ thi đua cơ sở năm 2024 (trùng thời gian thi hành kỷ luật)"
    )


def test_the_year_under_review_inside_a_discipline_period_is_unmet():
    facts = person({2025: "HTXS"}, disciplines=[("2025-02-01", "2025-05-01")])
    v = evaluate(facts, "LDTT", 2025, CTX, confirmed="all")
    assert not v.eligible and {"discipline", "rating_at_least_htt"} <= unmet_codes(v)


def test_chains_count_again_after_the_discipline_period():
    facts = person({}, ["CSTDCS:2024", "CSTDCS:2025"], disciplines=[("2022-06-01", "2023-05-31")])
    v = evaluate(facts, "BK_TINH", 2025, CTX, confirmed="all")
    assert v.eligible
    assert "thành tích được tính từ 31/05/2023" in checks(v)["discipline"].message


def test_school_year_chains_use_september_to_august_when_the_parameter_is_on():
    from .engine_support import with_params

    # Discipline Sept–Dec 2023 falls in school year 2024 (2023–2024), not school year 2023.
    facts = person({}, ["CSTDCS:2023", "CSTDCS:2024"], disciplines=[("2023-09-15", "2023-12-15")], school_year=True)
    assert not evaluate(facts, "BK_TINH", 2024, CTX, confirmed="all").eligible  # calendar years: 2023 tainted
    school = with_params(CTX, school_year_chains=True)
    assert not evaluate(facts, "BK_TINH", 2024, school, confirmed="all").eligible  # school year 2024 tainted
    # Discipline Oct–Dec 2023: calendar year 2023 is tainted, but school year 2023 (2022–2023) is not.
    autumn = person({}, ["CSTDCS:2022", "CSTDCS:2023"], disciplines=[("2023-10-01", "2023-12-01")], school_year=True)
    assert not evaluate(autumn, "BK_TINH", 2023, CTX, confirmed="all").eligible
    assert evaluate(autumn, "BK_TINH", 2023, school, confirmed="all").eligible
    not_education = person({}, ["CSTDCS:2022", "CSTDCS:2023"], disciplines=[("2023-10-01", "2023-12-01")])
    assert not evaluate(not_education, "BK_TINH", 2023, school, confirmed="all").eligible


# --- Revocation (Luật 2022 Chương VII) -------------------------------------------------------------


def test_a_revoked_cstdcs_breaks_the_chain():
    awards = ["CSTDCS:2023", AwardFact("CSTDCS", 2024, revoked=True), "CSTDCS:2025"]
    v = evaluate(_cstd_tinh(awards=awards), "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert "2024 (quyết định đã bị hủy bỏ)" in checks(v)["consec_cstdcs_3"].message


def test_a_revoked_award_of_the_year_under_review_is_not_rederived_from_criteria():
    facts = person({2025: "HTXS"}, ["CSTDCS:2024", AwardFact("CSTDCS", 2025, revoked=True), "LDTT:2025"])
    assert evaluate(facts, "CSTDCS", 2025, CTX, confirmed="all").eligible  # the title's own criteria still hold
    assert not evaluate(facts, "BK_TINH", 2025, CTX, confirmed="all").eligible  # but the revoked one is no link


# --- P2: ad-hoc and thematic awards do not feed merit ladders (NĐ 152 Điều 4 khoản 3) -------------


@pytest.mark.parametrize("basis", ["DOT_XUAT", "PHONG_TRAO"])
def test_thematic_and_ad_hoc_awards_do_not_feed_the_ladder(basis):
    awards = ["CSTDCS:2023", AwardFact("CSTDCS", 2024, basis=basis), "CSTDCS:2025"]
    v = evaluate(_cstd_tinh(awards=awards), "CSTD_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert "không làm căn cứ khen thưởng công trạng" in checks(v)["consec_cstdcs_3"].message


# --- P10: dissolved units (TT 15/2025) ----------------------------------------------------------


def test_a_dissolved_unit_receives_nothing_under_nd152():
    facts = unit({2025: "HTXS"}, members={2025: members()}, unit_dissolved=True)
    v = evaluate(facts, "TTLDXS", 2025, CTX, confirmed="all")
    assert not v.eligible and unmet_codes(v) == {"unit_dissolved"}


def test_the_dissolved_unit_rule_follows_the_rule_set_parameter():
    facts = unit({2025: "HTXS"}, members={2025: members()}, unit_dissolved=True)
    assert evaluate(facts, "TTLDXS", 2025, CTX_ND98, confirmed="all").eligible


# --- Subject kinds --------------------------------------------------------------------------------


def test_a_subject_kind_the_award_type_does_not_allow_is_not_eligible():
    v = evaluate(unit({2025: "HTXS"}), "LDTT", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert checks(v)["subject_kind"].message == "Lao động tiên tiến không xét cho tập thể (chỉ xét cho: cá nhân)"


def test_relevant_awards_are_in_ladder_order():
    assert relevant_awards("person")[:5] == ["LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH", "CSTD_TQ"]
    assert relevant_awards("unit")[:2] == ["TTLDTT", "TTLDXS"]
    assert "GDVH" in relevant_awards("household")
    assert relevant_awards("robot") == []


# --- Ladder --------------------------------------------------------------------------------------


def test_next_on_ladder_from_cstdcs_is_bk_tinh_after_a_second_consecutive_year():
    facts = person({2025: "HTXS"}, ["LDTT:2025", "CSTDCS:2025"])
    assert next_on_ladder(facts, "CSTDCS", 2025, CTX) == ("BK_TINH", 2026)


def test_next_on_ladder_is_this_year_when_already_reachable():
    facts = person({}, ["CSTDCS:2024", "CSTDCS:2025"])
    assert next_on_ladder(facts, "CSTDCS", 2025, CTX) == ("BK_TINH", 2025)


def test_next_on_ladder_from_bk_tinh_is_cstd_tinh_after_three_consecutive_cstdcs():
    facts = person({}, ["CSTDCS:2024", "CSTDCS:2025"])
    assert next_on_ladder(facts, "BK_TINH", 2025, CTX) == ("CSTD_TINH", 2026)


def test_next_on_ladder_for_units_and_the_end_of_the_ladder():
    facts = unit({2025: "HTT"}, ["TTLDTT:2025"])
    assert next_on_ladder(facts, "TTLDTT", 2025, CTX) == ("TTLDXS", 2026)
    assert next_on_ladder(person({}), "CSTD_TQ", 2025, CTX) is None


# --- Verdict, evaluate_many, rule-set notes --------------------------------------------------------


def test_evaluate_many_returns_one_verdict_per_award():
    verdicts = evaluate_many(person({2025: "HTXS"}), ["LDTT", "CSTDCS"], 2025, CTX, confirmed="all")
    assert set(verdicts) == {"LDTT", "CSTDCS"} and all(v.eligible for v in verdicts.values())


def test_verdict_json_contract():
    v = evaluate(_cstd_tinh(), "CSTD_TINH", 2025, CTX)
    assert v.to_json() == {
        "award": "CSTD_TINH",
        "eligible": False,
        "rule_set": "ND152",
        "unmet": [],
        "needs_confirmation": ["judge_outstanding"],
        "amount_vnd": 7_020_000,
        "citations": list(v.citations),
    }


def test_a_date_before_the_first_rule_set_uses_the_earliest_and_says_so():
    ctx = context_from_data(criteria_date=dt.date(2023, 5, 1), decision_date=dt.date(2023, 6, 1))
    v = evaluate(person({2023: "HTT"}), "LDTT", 2023, ctx, confirmed="all")
    assert v.rule_set == "ND98" and v.eligible
    note = checks(v)["rule_set_note"]
    assert note.unverified and "trước bộ quy tắc sớm nhất" in note.message
    assert v.amount_vnd is None  # no base salary before 01/7/2023 in the catalogue


def test_criteria_and_money_may_come_from_different_rule_sets():
    ctx = context_from_data(criteria_date=dt.date(2025, 6, 1), decision_date=dt.date(2025, 8, 1))
    assert ctx.rule_set_code == "ND98"
    assert ctx.params["bk_tinh_coefficient"] == 1.5  # money: NĐ 152 on the decision date
    v = evaluate(person({}, ["CSTDCS:2024", "CSTDCS:2025"]), "BK_TINH", 2025, ctx, confirmed="all")
    assert v.amount_vnd == 3_510_000
    assert "tiền thưởng theo ND152" in checks(v)["rule_set_note"].message


def test_a_verdict_equals_one_built_field_by_field():
    from dataclasses import asdict

    from thidua.eligibility.verdict import Verdict

    v = evaluate(_cstd_tinh(), "CSTD_TINH", 2025, CTX)
    assert v == Verdict(**asdict(v) | {"checks": v.checks})
    assert v.unmet == () and v.needs_confirmation == ("judge_outstanding",)
