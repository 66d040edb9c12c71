"""The seed migration (0002_seed_catalogue) fills the catalogue from law.md."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from thidua.catalog import data
from thidua.catalog.models import AwardType, BaseSalary, Category, RuleParameter, RuleSet

pytestmark = pytest.mark.django_db

# Every code of law.md §11 "Encodable rule table" (HC_KHAC expanded into one row per order).
SECTION_11_CODES = {
    "LDTT", "CSTT", "CSTDCS", "CSTDCS_2026", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH", "CO_CP",
    "XA_TIEU_BIEU", "THON_VH", "GDVH", "GK", "BK_TINH", "BK_TINH_TT", "BK_TINH_HGD", "KNC_TINH", "BK_TTG",
    "BK_TTG_TT", "HCLD3", "HCLD3_TT", "HCLD2", "HCLD1", "AH_LD", "DOT_XUAT", "THU_TUC_DON_GIAN",
}  # fmt: skip
OTHER_ORDERS = {
    "HC_SAO_VANG", "HC_HCM", "HC_DL1", "HC_DL2", "HC_DL3", "HC_QC1", "HC_QC2", "HC_QC3", "HC_BVTQ1", "HC_BVTQ2",
    "HC_BVTQ3", "HC_CC1", "HC_CC2", "HC_CC3", "HC_DUNG_CAM", "HC_DDKDT", "HC_HUU_NGHI",
}  # fmt: skip


def test_migration_seeds_every_section_11_code_and_every_other_order():
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert codes >= SECTION_11_CODES | OTHER_ORDERS


def test_every_seeded_award_type_has_a_name_citation_confidence_and_subject():
    for award_type in AwardType.objects.all():
        assert award_type.name and award_type.citation, award_type.code
        assert award_type.confidence in {"V", "S", "I"}
        assert award_type.for_person or award_type.for_unit or award_type.for_household, award_type.code


def test_key_coefficients_follow_nd152():
    def coef(code):
        a = AwardType.objects.get(code=code)
        return a.coefficient_individual, a.coefficient_collective

    assert coef("LDTT") == (Decimal("0.3"), None)
    assert coef("CSTDCS") == (Decimal("1.0"), None)
    assert coef("CSTD_TINH") == (Decimal("3.0"), None)
    assert coef("TTLDTT") == (None, Decimal("0.8"))
    assert coef("TTLDXS") == (None, Decimal("1.5"))
    assert coef("CO_TINH") == (None, Decimal("8.0"))
    assert coef("BK_TINH") == (Decimal("1.5"), None)
    assert coef("BK_TINH_TT") == (None, Decimal("3.0"))
    assert coef("BK_TTG") == (Decimal("3.5"), None)
    assert coef("HCLD3") == (Decimal("4.5"), None)
    assert coef("HCLD2") == (Decimal("7.5"), Decimal("15.0"))
    assert coef("HCLD1") == (Decimal("9.0"), Decimal("18.0"))
    assert coef("HC_SAO_VANG") == (Decimal("46.0"), Decimal("92.0"))
    assert coef("GDVH") == (None, None)


def test_rows_tagged_v_over_i_keep_i_for_criteria_and_the_coefficient_tag_apart():
    bk = AwardType.objects.get(code="BK_TINH")
    assert (bk.confidence, bk.coefficient_confidence) == ("I", "V")
    knc = AwardType.objects.get(code="KNC_TINH")
    assert knc.coefficient_is_maximum and knc.coefficient_individual == Decimal("0.6")
    assert AwardType.objects.get(code="TTLDXS").confidence == "V"


def test_kinds_are_seeded_as_category_kind():
    kinds = set(AwardType.objects.filter(category=Category.KIND).values_list("code", flat=True))
    assert kinds == {"DOT_XUAT", "THU_TUC_DON_GIAN"}


def test_migration_seeds_the_three_base_salaries():
    rows = list(BaseSalary.objects.order_by("valid_from").values_list("valid_from", "amount", "confidence"))
    assert rows == [
        (dt.date(2023, 7, 1), 1_800_000, "S"),
        (dt.date(2024, 7, 1), 2_340_000, "S"),
        (dt.date(2026, 7, 1), 2_530_000, "S"),
    ]


def test_migration_seeds_both_rule_sets_with_the_same_parameter_keys():
    nd98 = RuleSet.objects.get(code="ND98")
    nd152 = RuleSet.objects.get(code="ND152")
    assert (nd98.valid_from, nd98.valid_to) == (dt.date(2024, 1, 1), dt.date(2025, 6, 30))
    assert (nd152.valid_from, nd152.valid_to) == (dt.date(2025, 7, 1), None)
    keys98 = set(nd98.parameters.values_list("key", flat=True))
    keys152 = set(nd152.parameters.values_list("key", flat=True))
    assert keys98 == keys152
    assert {
        "cstdcs_quota", "council_secret_ballot_threshold", "secret_ballot_award_codes", "money_rounding",
        "money_rounding_unit", "ldtt_min_months_worked", "ldtt_max_leave_days", "bk_ttg_initiatives_required",
        "co_cp_quota", "chains_continue_through_mergers", "ttldtt_min_share_ldtt", "ttldxs_min_share_ldtt",
        "collective_multiplier", "giay_khen_coefficient", "school_year_chains", "bk_tinh_coefficient",
    } <= keys152  # fmt: skip


def test_bk_tinh_coefficient_differs_between_rule_sets_with_its_confidence():
    nd98 = RuleParameter.objects.get(rule_set__code="ND98", key="bk_tinh_coefficient")
    nd152 = RuleParameter.objects.get(rule_set__code="ND152", key="bk_tinh_coefficient")
    assert (nd98.value, nd98.confidence) == ("1.0", "I")
    assert (nd152.value, nd152.confidence) == ("1.5", "V")


def test_seeded_rows_have_a_created_history_entry():
    ldtt = AwardType.objects.get(code="LDTT")
    record = ldtt.history.get()
    assert record.history_type == "+"
    assert "Khởi tạo" in record.history_change_reason


def test_the_migration_holds_its_own_copy_of_the_data():
    """data.py may change later; the migration must not import it."""
    import importlib

    migration = importlib.import_module("thidua.catalog.migrations.0002_seed_catalogue")
    source = Path(migration.__file__).read_text(encoding="utf-8")
    assert "thidua.catalog.data" not in source and "from thidua" not in source
    assert [r["code"] for r in migration.AWARD_TYPES] == [r["code"] for r in data.AWARD_TYPES]
