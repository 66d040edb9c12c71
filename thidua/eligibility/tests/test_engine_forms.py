"""Forms of commendation: Bằng khen, Giấy khen, Kỷ niệm chương, Huân chương (law.md §4, §11)."""

import pytest

from thidua.catalog import data as catalog_data
from thidua.eligibility.criteria import CRITERIA
from thidua.eligibility.engine import UnknownAward, evaluate
from thidua.eligibility.facts import AwardFact

from .engine_support import CTX, checks, household, person, unit, unmet_codes

# --- Luật 2022 Điều 74 khoản 1 điểm d: Bằng khen của Chủ tịch UBND tỉnh ---------------------------


def test_bk_tinh_bo_noi_vu_worked_example_is_eligible():
    """2023 HTXS + 1 base initiative (no CSTĐCS); 2024 HTXS + 1 initiative + CSTĐCS → eligible (law.md §4.5)."""
    facts = person({2023: "HTXS", 2024: "HTXS"}, ["CSTDCS:2024"], [(2023, "BASE"), (2024, "BASE")])
    v = evaluate(facts, "BK_TINH", 2024, CTX, confirmed="all")
    assert v.eligible
    assert "consec_htxs_2" in checks(v) and checks(v)["consec_htxs_2"].citation.endswith("Điều 74, khoản 1, điểm d")


def test_bk_tinh_with_two_consecutive_cstdcs_is_eligible():
    assert evaluate(person({}, ["CSTDCS:2024", "CSTDCS:2025"]), "BK_TINH", 2025, CTX, confirmed="all").eligible


def test_bk_tinh_two_years_htxs_with_one_initiative_is_not_enough():
    facts = person({2024: "HTXS", 2025: "HTXS"}, initiatives=[(2025, "BASE")])
    v = evaluate(facts, "BK_TINH", 2025, CTX, confirmed="all")
    assert not v.eligible
    assert "1 sáng kiến" in checks(v)["initiatives_base_2y"].message


def test_bk_tinh_two_science_works_count_like_two_initiatives():
    facts = person({2024: "HTXS", 2025: "HTXS"}, science=[(2024, "BASE"), (2025, "BASE")])
    assert evaluate(facts, "BK_TINH", 2025, CTX, confirmed="all").eligible


def test_bk_tinh_exemplary_compliance_is_a_judgement_flagged_unverified():
    v = evaluate(person({}, ["CSTDCS:2024", "CSTDCS:2025"]), "BK_TINH", 2025, CTX)
    c = checks(v)["judge_exemplary"]
    assert v.needs_confirmation == ("judge_exemplary",) and c.unverified


def test_bk_tinh_ad_hoc_route_is_chosen_by_basis_not_offered_under_merit():
    nobody = person({2025: "HT"})
    assert not evaluate(nobody, "BK_TINH", 2025, CTX, confirmed="all").eligible
    v = evaluate(nobody, "BK_TINH", 2025, CTX, confirmed="all", basis="DOT_XUAT")
    assert v.eligible and v.basis == "DOT_XUAT"
    assert evaluate(nobody, "BK_TINH", 2025, CTX, basis="PHONG_TRAO").needs_confirmation == (
        "judge_movement_outstanding",
    )


def test_bk_tinh_direct_worker_route_exists_only_for_direct_workers():
    assert not evaluate(person({2025: "HTT"}), "BK_TINH", 2025, CTX, confirmed="all").eligible
    worker = person({2025: "HTT"}, is_direct_worker=True)
    assert evaluate(worker, "BK_TINH", 2025, CTX, confirmed="all").eligible


def test_an_award_kind_the_form_does_not_have_is_unmet():
    v = evaluate(person({2025: "HTXS"}), "LDTT", 2025, CTX, confirmed="all", basis="DOT_XUAT")
    assert not v.eligible and "basis" in unmet_codes(v)


def test_bk_tinh_tt_needs_two_years_htxs_of_the_collective():
    assert evaluate(unit({2024: "HTXS", 2025: "HTXS"}), "BK_TINH_TT", 2025, CTX, confirmed="all").eligible
    assert not evaluate(unit({2024: "HTT", 2025: "HTXS"}), "BK_TINH_TT", 2025, CTX, confirmed="all").eligible


def test_bk_tinh_hgd_is_judgement_items_only_and_flagged_unverified():
    v = evaluate(household(), "BK_TINH_HGD", 2025, CTX)
    assert set(v.needs_confirmation) == {"judge_household_exemplary", "judge_household_contribution"}
    assert all(c.unverified for c in v.checks if c.judgement)


# --- Điều 73: Bằng khen của Thủ tướng --------------------------------------------------------------

FIVE_HTXS = {y: "HTXS" for y in range(2021, 2026)}
FIVE_INITIATIVES = [(y, "BASE") for y in range(2021, 2026)]


def test_bk_ttg_needs_prior_bk_tinh_then_five_years_htxs_and_five_initiatives():
    facts = person(FIVE_HTXS, ["BK_TINH:2020"], FIVE_INITIATIVES)
    assert evaluate(facts, "BK_TTG", 2025, CTX, confirmed="all").eligible


def test_bk_ttg_prior_bk_tinh_inside_the_five_years_does_not_count():
    facts = person(FIVE_HTXS, ["BK_TINH:2022"], FIVE_INITIATIVES)
    v = evaluate(facts, "BK_TTG", 2025, CTX, confirmed="all")
    assert not v.eligible and "prior_bk_tinh" in unmet_codes(v)
    assert "lần gần nhất năm 2022" in checks(v)["prior_bk_tinh"].message


def test_bk_ttg_number_of_initiatives_is_a_rule_parameter():
    from .engine_support import with_params

    facts = person(FIVE_HTXS, ["BK_TINH:2020"], FIVE_INITIATIVES[:3])
    assert not evaluate(facts, "BK_TTG", 2025, CTX, confirmed="all").eligible
    assert evaluate(facts, "BK_TTG", 2025, with_params(CTX, bk_ttg_initiatives_required=3), confirmed="all").eligible


def test_bk_ttg_prior_bk_tinh_for_an_ad_hoc_achievement_is_no_ground_for_merit():
    facts = person(FIVE_HTXS, [AwardFact("BK_TINH", 2020, basis="DOT_XUAT")], FIVE_INITIATIVES)
    v = evaluate(facts, "BK_TTG", 2025, CTX, confirmed="all")
    assert not v.eligible and "prior_bk_tinh" in unmet_codes(v)


# --- Huân chương Lao động (Điều 42–44) -----------------------------------------------------------


def test_hcld3_needs_prior_bk_ttg_five_years_htxs_and_two_province_initiatives_or_a_cstd_tinh():
    base = person(FIVE_HTXS, ["BK_TTG:2020"], [(2022, "PROVINCE"), (2024, "PROVINCE")])
    assert evaluate(base, "HCLD3", 2025, CTX, confirmed="all").eligible
    with_cstd = person(FIVE_HTXS, ["BK_TTG:2020", "CSTD_TINH:2024"])
    assert evaluate(with_cstd, "HCLD3", 2025, CTX, confirmed="all").eligible
    neither = person(FIVE_HTXS, ["BK_TTG:2020"], [(2022, "PROVINCE")])
    assert not evaluate(neither, "HCLD3", 2025, CTX, confirmed="all").eligible


def test_hcld3_criteria_are_flagged_unverified():
    v = evaluate(person(FIVE_HTXS, ["BK_TTG:2020"]), "HCLD3", 2025, CTX)
    assert all(c.unverified for c in v.checks if c.code.startswith(("prior_", "consec_", "initiatives_")))


def test_hcld3_tt_needs_prior_collective_bk_ttg_and_flag_and_bk():
    facts = unit(FIVE_HTXS, ["BK_TTG_TT:2020", "CO_TINH:2023", "BK_TINH_TT:2024"])
    assert evaluate(facts, "HCLD3_TT", 2025, CTX, confirmed="all").eligible
    assert not evaluate(unit(FIVE_HTXS, ["BK_TTG_TT:2020"]), "HCLD3_TT", 2025, CTX, confirmed="all").eligible


@pytest.mark.parametrize(("code", "prior"), [("HCLD2", "HCLD3"), ("HCLD1", "HCLD2")])
def test_higher_classes_need_the_lower_class_at_least_five_years_before(code, prior):
    assert evaluate(person({}, [f"{prior}:2020"]), code, 2025, CTX, confirmed="all").eligible
    assert not evaluate(person({}, [f"{prior}:2022"]), code, 2025, CTX, confirmed="all").eligible


def test_hcld2_for_a_collective_needs_the_collective_third_class():
    assert evaluate(unit({}, ["HCLD3_TT:2019"]), "HCLD2", 2025, CTX, confirmed="all").eligible


# --- Giấy khen, Kỷ niệm chương, other orders, Anh hùng --------------------------------------------


def test_giay_khen_for_a_collective_needs_htt_and_unity():
    assert evaluate(unit({2025: "HTT"}), "GK", 2025, CTX, confirmed="all").eligible
    assert not evaluate(unit({2025: "HT"}), "GK", 2025, CTX, confirmed="all").eligible


def test_giay_khen_for_a_household_is_judgement_items():
    assert evaluate(household(), "GK", 2025, CTX, confirmed="all").eligible
    assert evaluate(household(), "GK", 2025, CTX).needs_confirmation


def test_province_and_unverified_criteria_are_never_a_silent_true():
    """Every award type whose criteria are provincial or [I] needs at least one confirmation."""
    for code in ("KNC_TINH", "XA_TIEU_BIEU", "THON_VH", "GDVH", "AH_LD", "HC_DL1", "HC_DUNG_CAM", "CO_TINH", "CO_CP"):
        kind = (
            "household"
            if code == "GDVH"
            else ("unit" if code in ("XA_TIEU_BIEU", "THON_VH", "CO_TINH", "CO_CP") else "person")
        )
        from thidua.eligibility.facts import SubjectFacts

        v = evaluate(SubjectFacts(kind=kind, ratings={2025: "HTXS"}), code, 2025, CTX)
        assert not v.eligible and v.needs_confirmation, code


def test_every_seeded_award_type_has_criteria():
    kinds = {"KIND"}  # DOT_XUAT and THU_TUC_DON_GIAN are kinds and procedures, not awards
    seeded = {row["code"] for row in catalog_data.AWARD_TYPES if row["category"] not in kinds}
    assert seeded <= set(CRITERIA)


def test_an_unknown_award_code_raises_with_a_vietnamese_message():
    with pytest.raises(UnknownAward, match="Không có tiêu chuẩn"):
        evaluate(person({}), "DOT_XUAT", 2025, CTX)


def test_failed_alternatives_read_as_alternatives_not_as_all_required():
    """BK tỉnh: two CSTĐCS years, OR two HTXS years with two initiatives. When both paths fail, the
    second path's first missing condition starts with "hoặc" so "còn thiếu" does not demand both."""
    v = evaluate(person({2024: "HT", 2025: "HT"}), "BK_TINH", 2025, CTX, confirmed="all")
    messages = [c.message for c in v.unmet]
    assert not messages[0].startswith("hoặc")
    assert sum(m.startswith("hoặc ") for m in messages) == 1
