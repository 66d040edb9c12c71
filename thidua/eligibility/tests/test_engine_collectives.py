"""Collective titles and flags: Luật 2022 Điều 25–28 (law.md §3.2)."""

import pytest

from thidua.eligibility.engine import evaluate

from .engine_support import CTX, checks, members, person, unit, unmet_codes, with_params

# --- Điều 28: Tập thể lao động tiên tiến [I] -----------------------------------------------------


@pytest.mark.parametrize(
    ("ldtt", "eligible"),
    [(21, True), (20, False), (40, True), (0, False)],  # strictly more than 50% of 40
)
def test_ttldtt_needs_more_than_half_of_members_ldtt(ldtt, eligible):
    facts = unit({2025: "HTT"}, members={2025: members(total=40, ldtt=ldtt)})
    assert evaluate(facts, "TTLDTT", 2025, CTX, confirmed="all").eligible is eligible


def test_ttldtt_share_message_and_unverified_flag():
    facts = unit({2025: "HTT"}, members={2025: members(total=40, ldtt=20)})
    c = checks(evaluate(facts, "TTLDTT", 2025, CTX, confirmed="all"))["member_share_ldtt"]
    assert c.message == "20/40 thành viên đạt Lao động tiên tiến (50,0%) — cần trên 50%"
    assert c.unverified


def test_ttldtt_needs_a_rating_of_htt_or_better():
    facts = unit({2025: "HT"}, members={2025: members()})
    assert "rating_at_least_htt" in unmet_codes(evaluate(facts, "TTLDTT", 2025, CTX, confirmed="all"))


def test_ttldtt_without_member_figures_is_unmet_with_a_clear_message():
    v = evaluate(unit({2025: "HTT"}), "TTLDTT", 2025, CTX, confirmed="all")
    assert checks(v)["member_share_ldtt"].message == "chưa có số liệu thành viên năm 2025"


def test_ttldtt_member_warning_discipline_rule_applies_only_when_the_parameter_is_on():
    facts = unit({2025: "HTT"}, members={2025: members(disciplined_warning=1)})
    assert evaluate(facts, "TTLDTT", 2025, CTX, confirmed="all").eligible
    strict = with_params(CTX, ttldtt_exclude_member_warning_discipline=True)
    v = evaluate(facts, "TTLDTT", 2025, strict, confirmed="all")
    assert not v.eligible and "members_no_disciplined_warning" in unmet_codes(v)


# --- Điều 27: Tập thể lao động xuất sắc [V] ------------------------------------------------------


def _ttldxs(rating="HTXS", **m):
    return evaluate(unit({2025: rating}, members={2025: members(**m)}), "TTLDXS", 2025, CTX, confirmed="all")


def test_ttldxs_with_all_conditions_is_eligible():
    assert _ttldxs(total=40, ldtt=28, cstdcs=1).eligible  # exactly 70% is enough


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"rating": "HTT"}, "rating_at_least_htxs"),  # điểm a
        ({"total": 40, "ht": 39}, "members_all_rated_at_least_ht"),  # điểm c: 100% HT or better
        ({"total": 40, "ldtt": 27}, "member_share_ldtt"),  # điểm c: ≥ 70% LĐTT
        ({"cstdcs": 0}, "members_cstdcs_1"),  # điểm d: a member with CSTĐCS
    ],
)
def test_ttldxs_each_member_rule_is_checked(kwargs, code):
    v = _ttldxs(**kwargs)
    assert not v.eligible and unmet_codes(v) == {code}


def test_ttldxs_citations_name_the_point_of_article_27():
    v = _ttldxs(cstdcs=0)
    assert checks(v)["members_cstdcs_1"].citation == "Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm d"
    assert checks(v)["members_all_rated_at_least_ht"].citation.endswith("Điều 27, khoản 1, điểm c")


def test_ttldxs_member_figures_may_be_given_per_year():
    facts = unit({2025: "HTXS"}, members={2024: members(cstdcs=0), 2025: members(cstdcs=2)})
    assert evaluate(facts, "TTLDXS", 2025, CTX, confirmed="all").eligible
    assert not evaluate(unit({2024: "HTXS"}, members=facts.members), "TTLDXS", 2024, CTX, confirmed="all").eligible


def test_ttldxs_is_not_for_a_person():
    v = evaluate(person({2025: "HTXS"}), "TTLDXS", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert checks(v)["subject_kind"].message.startswith("Tập thể lao động xuất sắc không xét cho cá nhân")


# --- Điều 25–26: Cờ thi đua ---------------------------------------------------------------------


def test_co_tinh_cluster_leading_is_a_judgement_item_for_now():
    v = evaluate(unit({2025: "HTXS"}), "CO_TINH", 2025, CTX)
    assert "judge_cluster_leader" in v.needs_confirmation and not v.unmet
    assert evaluate(unit({2025: "HTXS"}), "CO_TINH", 2025, CTX, confirmed="all").eligible


def test_co_tinh_thematic_route_is_the_movement_basis():
    v = evaluate(unit({}), "CO_TINH", 2025, CTX, basis="PHONG_TRAO")
    assert v.needs_confirmation == ("judge_thematic_leader",)


def test_co_cp_reports_its_quota_as_unverified_information():
    c = checks(evaluate(unit({}), "CO_CP", 2025, CTX))["co_cp_quota"]
    assert c.unverified and c.status == "not_applicable"
