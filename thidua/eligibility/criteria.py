"""The criteria of every award type of the catalogue, as data (law.md §3, §4, §11).

CRITERIA[code][basis] is a tree of predicates (predicates.py), or a dict {subject kind: tree}
when one catalogue row serves several kinds of subject. `basis` is the kind of commendation
(law.md §5): alternative routes that are a different KIND of award (đột xuất, phong trào thi
đua, quá trình cống hiến) are separate entries, never OR-branches under CONG_TRANG — otherwise
confirming every judgement item would make everybody eligible.

Where the law leaves the criteria to the province, or they are inferred ([I]), the tree is made
of judgement items flagged unverified: never a silent True.
"""

from __future__ import annotations

from .facts import CONG_HIEN, CONG_TRANG, DOT_XUAT, HOUSEHOLD, PERSON, PHONG_TRAO, UNIT
from .predicates import (
    LUAT,
    All,
    Any,
    ConsecutiveAward,
    ConsecutiveAwards,
    ConsecutiveRatings,
    CountAwards,
    FactFlag,
    HasAward,
    IfParam,
    Info,
    Initiatives,
    Judgement,
    MembersAll,
    MembersAtLeast,
    MemberShare,
    MembersNone,
    MonthsWorked,
    OnlyIf,
    PriorAward,
    Rating,
)

ND152 = "Nghị định 152/2025/NĐ-CP"
ND86 = "Nghị định 86/2023/NĐ-CP"


def art(article: int | str, clause: int | None = None, point: str | None = None) -> str:
    """'Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm c'."""
    text = f"{LUAT}, Điều {article}"
    if clause:
        text += f", khoản {clause}"
    if point:
        text += f", điểm {point}"
    return text


# --- Shared judgement items ------------------------------------------------------------------


def _unity(citation, unverified=False):
    return Judgement(
        "judge_unity",
        "Nội bộ đoàn kết, gương mẫu chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước",
        citation,
        unverified,
    )


def _active_emulation(citation, unverified=False):
    return Judgement(
        "judge_active_emulation",
        "Tổ chức phong trào thi đua thường xuyên, thiết thực, hiệu quả",
        citation,
        unverified,
    )


def _dot_xuat(citation, unverified=True):
    return Judgement(
        "judge_dot_xuat",
        "Lập được thành tích đột xuất (ngoài chương trình, kế hoạch, nhiệm vụ được giao)",
        citation,
        unverified,
    )


def _movement(citation, organiser="tỉnh", unverified=True):
    return Judgement(
        "judge_movement_outstanding",
        f"Tiêu biểu xuất sắc trong phong trào thi đua theo đợt, chuyên đề do {organiser} phát động",
        citation,
        unverified,
    )


def _combat(scope_text, citation):
    """Resourcefulness in combat: a CONG_TRANG route that exists only for the armed forces."""
    return OnlyIf(
        "armed_forces",
        Judgement(
            "judge_combat_resourcefulness",
            f"Mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu{scope_text} được công nhận",
            citation,
        ),
    )


def _order_by_article(citation):
    return All(
        Judgement(
            "judge_order_article",
            "Đáp ứng tiêu chuẩn tại điều khoản riêng của hình thức trong Luật (tiêu chuẩn chưa được mã hóa)",
            citation,
            True,
        ),
        Info(
            "state_level_procedure",
            "Khen thưởng cấp Nhà nước",
            "Tỉnh chỉ đề nghị: hồ sơ qua Sở Nội vụ, Chủ tịch UBND tỉnh trình Thủ tướng Chính phủ; "
            "phải công khai lấy ý kiến nhân dân.",
            f"{ND152} (số điều chưa xác minh)",
            True,
        ),
    )


# --- Individuals: emulation titles (law.md §3.1) ----------------------------------------------

LDTT = All(
    Rating("HTT", art(24, 1)),
    Judgement(
        "judge_spirit",
        "Có tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào thi đua",
        art(24, 1),
    ),
    MonthsWorked(
        "ldtt_min_months_worked",
        "Thông tư 01/2024/TT-BNV (quy định trước đây); Thông tư 15/2025/TT-BNV; "
        "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 5 (thời gian nghỉ thai sản được tính)",
        unverified=True,
    ),
)

CSTT = All(
    FactFlag(
        "armed_forces",
        "Là quân nhân, công an, dân quân thường trực hoặc dân quân tự vệ cơ động",
        "thuộc lực lượng vũ trang, dân quân",
        "không thuộc quân đội, công an, dân quân thường trực, dân quân tự vệ cơ động",
        art(24),
    ),
    Rating("HTT", art(24, 1)),
    Judgement(
        "judge_spirit",
        "Có tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào thi đua",
        art(24, 1),
    ),
)

CSTDCS = All(
    Any(HasAward("LDTT", art(23)), HasAward("CSTT", art(23))),
    Any(
        Rating("HTXS", art(23)),
        Initiatives("BASE", 1, 1, art(23), science="combined"),
        _combat("", art(23)),
    ),
    Info(
        "cstdcs_quota",
        "Tỷ lệ Chiến sĩ thi đua cơ sở so với số đạt Lao động tiên tiến",
        "kiểm tra trên danh sách đề nghị của đơn vị (tham số cstdcs_quota)",
        "Nghị định 91/2017/NĐ-CP, Điều 9, khoản 3 (quy định trước đây)",
        True,
        "cstdcs_quota",
    ),
)

CSTDCS_2026 = All(
    HasAward(
        "LDTT", "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23", unverified=True
    ),
    Rating("HTXS", "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23", unverified=True),
    Initiatives(
        "BASE",
        1,
        1,
        "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
        science="combined",
        unverified=True,
    ),
)

# A chain of lower titles decided by another authority must be decided, not merely deserved: a unit's
# CSTĐCS of the year under review is subject to its quota and may never be granted (law.md §3.1).
CSTD_TINH = All(
    ConsecutiveAward("CSTDCS", 3, art(22), current_may_qualify=False),
    Any(
        Initiatives(
            "PROVINCE",
            3,
            1,
            art(22),
            science="combined",
            label="Sáng kiến, đề tài khoa học được áp dụng hiệu quả, có phạm vi ảnh hưởng trong tỉnh "
            "(Chủ tịch UBND tỉnh công nhận)",
        ),
        _combat(" có phạm vi ảnh hưởng trong tỉnh", art(22)),
    ),
    Judgement(
        "judge_outstanding",
        "Tiêu biểu xuất sắc trong số những người 3 lần liên tục đạt Chiến sĩ thi đua cơ sở "
        "(Hội đồng Thi đua – Khen thưởng tỉnh bỏ phiếu kín)",
        art(22),
    ),
)

CSTD_TQ = All(
    ConsecutiveAwards("CSTD_TINH", 2, 3, art(21), current_may_qualify=False),
    Any(
        Initiatives(
            "NATIONAL",
            6,
            1,
            art(21),
            science="combined",
            label="Sáng kiến, đề tài khoa học có phạm vi ảnh hưởng toàn quốc",
        ),
        _combat(" có phạm vi ảnh hưởng toàn quốc", art(21)),
    ),
    Judgement(
        "judge_outstanding",
        "Tiêu biểu xuất sắc trong số những người 2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh; lấy ý kiến nhân dân",
        art(21),
    ),
)

# --- Collectives: emulation titles (law.md §3.2) ----------------------------------------------

TTLDTT = All(
    Rating("HTT", art(28), unverified=True),
    _active_emulation(art(28), True),
    MemberShare("ldtt", ">", "ttldtt_min_share_ldtt", art(28), unverified=True),
    _unity(art(28), True),
    IfParam(
        "ttldtt_exclude_member_warning_discipline",
        MembersNone(
            "disciplined_warning",
            "Luật Thi đua, khen thưởng 2003 (chưa rõ Luật 2022 Điều 28 có giữ điều kiện này)",
            True,
            "ttldtt_exclude_member_warning_discipline",
        ),
    ),
)

TTLDXS = All(
    Rating("HTXS", art(27, 1, "a")),
    _active_emulation(art(27, 1, "b")),
    MembersAll("rated_at_least_ht", art(27, 1, "c")),
    MemberShare("ldtt", ">=", "ttldxs_min_share_ldtt", art(27, 1, "c")),
    MembersAtLeast("cstdcs", 1, art(27, 1, "d")),
    _unity(art(27, 1, "đ")),
)

CO_TINH = All(
    Judgement("judge_cluster_leader", "Đơn vị dẫn đầu cụm, khối thi đua do tỉnh tổ chức", art(26, 1), True),
    Judgement(
        "judge_exceeded_targets",
        "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao trong năm",
        art(26, 1),
        True,
    ),
    Judgement(
        "judge_clean_party",
        "Nội bộ đoàn kết, tổ chức đảng, đoàn thể trong sạch, vững mạnh; đi đầu thực hành tiết kiệm, "
        "chống lãng phí, tham nhũng",
        art(26, 1),
        True,
    ),
)
CO_TINH_THEMATIC = Judgement(
    "judge_thematic_leader",
    "Tập thể dẫn đầu phong trào thi đua theo chuyên đề do tỉnh phát động, khi sơ kết, tổng kết từ 5 năm trở lên",
    art(26, 2),
    True,
)

CO_CP = All(
    Judgement(
        "judge_cluster_leader",
        "Tập thể tiêu biểu xuất sắc trong số các đơn vị dẫn đầu cụm, khối thi đua do bộ, tỉnh tổ chức "
        "(hoặc dẫn đầu cụm, khối do Ban Thi đua – Khen thưởng Trung ương tổ chức)",
        art(25, 1),
    ),
    Judgement(
        "judge_exceeded_targets",
        "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao trong năm",
        art(25, 1, "a"),
    ),
    Judgement(
        "judge_clean_party",
        "Nội bộ đoàn kết, tổ chức đảng, đoàn thể trong sạch, vững mạnh; đi đầu thực hành tiết kiệm, "
        "chống lãng phí, tham nhũng, tệ nạn xã hội",
        art(25, 1, "b"),
    ),
    Info(
        "co_cp_quota",
        "Tỷ lệ Cờ thi đua của Chính phủ so với số tập thể đủ tiêu chuẩn Cờ thi đua của tỉnh",
        "kiểm tra trên danh sách đề nghị (tham số co_cp_quota)",
        "Nghị định 91/2017/NĐ-CP, Điều 11 (quy định trước đây)",
        True,
        "co_cp_quota",
    ),
)
CO_CP_THEMATIC = Judgement(
    "judge_thematic_leader",
    "Tập thể dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, khi sơ kết, tổng kết từ 5 năm trở lên",
    art(25, 3),
)

XA_TIEU_BIEU = Judgement(
    "judge_province_criteria",
    "Đạt tiêu chuẩn “Xã, phường, đặc khu tiêu biểu” do tỉnh quy định",
    f"{LUAT} (Điều 29, số điều chưa xác minh); {ND152}",
)
THON_VH = Judgement(
    "judge_nd86_criteria",
    "Đạt tiêu chuẩn “Thôn, tổ dân phố văn hóa” theo khung của Nghị định 86/2023/NĐ-CP và quy định của tỉnh",
    ND86,
    True,
)
GDVH = Judgement(
    "judge_nd86_criteria",
    "Đạt tiêu chuẩn “Gia đình văn hóa” theo khung của Nghị định 86/2023/NĐ-CP (chấp hành pháp luật, "
    "phát triển kinh tế, xây dựng đời sống văn hóa, đoàn kết…)",
    ND86,
    True,
)

# --- Bằng khen, Giấy khen, Kỷ niệm chương (law.md §4.4–§4.7) ------------------------------------

_HOUSEHOLD_ITEMS = (
    Judgement(
        "judge_household_exemplary",
        "Hộ gia đình gương mẫu chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước",
        art(74, 4),
        True,
    ),
    Judgement(
        "judge_household_contribution",
        "Có đóng góp lớn về công sức, đất đai, tài sản cho địa phương, xã hội",
        art(74, 4),
        True,
    ),
)

BK_TINH = All(
    Judgement(
        "judge_exemplary",
        "Gương mẫu chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước",
        art(74, 1),
        True,
    ),
    Any(
        ConsecutiveAward("CSTDCS", 2, art(74, 1, "d"), current_may_qualify=False),
        All(
            ConsecutiveRatings("HTXS", art(74, 1, "d"), n=2),
            Initiatives("BASE", 2, 2, art(74, 1, "d"), science="separate"),
        ),
        OnlyIf(
            "is_direct_worker",
            Judgement(
                "judge_direct_worker",
                "Công nhân, nông dân, người lao động có thành tích trong lao động, sản xuất (năng suất, chất lượng, "
                "hiệu quả) theo tiêu chuẩn của tỉnh",
                art(74, 2),
                True,
            ),
        ),
    ),
)

BK_TINH_TT = All(
    ConsecutiveRatings("HTXS", art(74, 3), n=2, unverified=True),
    _unity(art(74, 3), True),
    Judgement("judge_democracy", "Thực hiện tốt quy chế dân chủ ở cơ sở", art(74, 3), True),
    Judgement("judge_staff_care", "Chăm lo đời sống vật chất, tinh thần của cán bộ, người lao động", art(74, 3), True),
)

BK_TINH_HGD = All(*_HOUSEHOLD_ITEMS)

GK_PERSON = All(
    Rating("HTT", art(75), unverified=True),
    Judgement(
        "judge_gk_province_criteria",
        "Có thành tích được ghi nhận theo tiêu chuẩn Giấy khen do tỉnh, cơ quan, đơn vị quy định",
        art(75, 2),
        True,
    ),
)
GK_UNIT = All(Rating("HTT", art(75), unverified=True), _unity(art(75), True))
GK_HOUSEHOLD = All(
    Judgement(
        "judge_household_exemplary",
        "Hộ gia đình gương mẫu chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước",
        art(75),
        True,
    ),
    Judgement("judge_household_contribution", "Có đóng góp cho địa phương (công sức, đất đai, tài sản)", art(75), True),
)

KNC_TINH = Judgement(
    "judge_knc_province_rule",
    "Đáp ứng quy định của tỉnh về Kỷ niệm chương (số năm công tác, đóng góp cho tỉnh)",
    art(71),
    True,
)

BK_TTG = All(
    PriorAward("BK_TINH", art(73), gap_param="bk_ttg_consecutive_htxs_years", unverified=True),
    ConsecutiveRatings("HTXS", art(73), param="bk_ttg_consecutive_htxs_years", unverified=True),
    Initiatives("BASE", 5, 5, art(73), science="combined", param="bk_ttg_initiatives_required", unverified=True),
)
BK_TTG_DIRECT = OnlyIf(
    "is_direct_worker",
    Judgement(
        "judge_direct_worker",
        "Công nhân, nông dân, người lao động có năng suất, chất lượng, hiệu quả lao động, sản xuất nổi bật",
        art(73),
        True,
    ),
)

BK_TTG_TT = All(
    PriorAward("BK_TINH_TT", art(73), gap_param="bk_ttg_consecutive_htxs_years", unverified=True),
    ConsecutiveRatings("HTXS", art(73), param="bk_ttg_consecutive_htxs_years", unverified=True),
    _unity(art(73), True),
)

HCLD3 = All(
    PriorAward("BK_TTG", art(44), gap_param="hcld3_consecutive_htxs_years", unverified=True),
    ConsecutiveRatings("HTXS", art(44), param="hcld3_consecutive_htxs_years", unverified=True),
    Any(
        Initiatives(
            "PROVINCE", 5, 2, art(44), science="combined", param="hcld3_initiatives_tinh_required", unverified=True
        ),
        CountAwards("CSTD_TINH", 1, 5, art(44), unverified=True),
    ),
)

HCLD3_TT = All(
    PriorAward("BK_TTG_TT", art(44), gap_param="hcld3_consecutive_htxs_years", unverified=True),
    ConsecutiveRatings("HTXS", art(44), param="hcld3_consecutive_htxs_years", unverified=True),
    Any(
        All(
            CountAwards("CO_TINH", 1, 5, art(44), unverified=True),
            CountAwards("BK_TINH_TT", 1, 5, art(44), unverified=True),
        ),
        CountAwards("BK_TINH_TT", 2, 5, art(44), unverified=True),
    ),
    _unity(art(44), True),
)


def _next_class(prior_person, prior_unit, article):
    higher = Judgement(
        "judge_higher_achievement",
        "Có thành tích cao hơn sau lần khen thưởng hạng dưới (tiêu chuẩn chi tiết chưa xác minh)",
        art(article),
        True,
    )
    return {
        PERSON: All(
            PriorAward(prior_person, art(article), gap_param="higher_award_interval_years", unverified=True), higher
        ),
        UNIT: All(
            PriorAward(prior_unit, art(article), gap_param="higher_award_interval_years", unverified=True), higher
        ),
    }


HCLD2 = _next_class("HCLD3", "HCLD3_TT", 43)
HCLD1 = _next_class("HCLD2", "HCLD2", 42)

AH_LD = All(
    Judgement(
        "judge_hero_criteria",
        "Đáp ứng tiêu chuẩn danh hiệu Anh hùng Lao động (Hội đồng bỏ phiếu kín; bắt buộc lấy ý kiến nhân dân)",
        f"{LUAT}; {ND152}",
        True,
    ),
)

OTHER_ORDERS = {
    "HC_SAO_VANG": 34,
    "HC_HCM": 35,
    "HC_DL1": 36,
    "HC_DL2": 37,
    "HC_DL3": 38,
    "HC_QC1": 39,
    "HC_QC2": 40,
    "HC_QC3": 41,
    "HC_BVTQ1": 45,
    "HC_BVTQ2": 46,
    "HC_BVTQ3": 47,
    "HC_CC1": "34–53",
    "HC_CC2": "34–53",
    "HC_CC3": "34–53",
    "HC_DUNG_CAM": "34–53",
    "HC_DDKDT": "34–53",
    "HC_HUU_NGHI": 53,
}

# --- The table -----------------------------------------------------------------------------------

_DX = _dot_xuat(art(8))

CRITERIA: dict[str, dict] = {
    "LDTT": {CONG_TRANG: LDTT},
    "CSTT": {CONG_TRANG: CSTT},
    "CSTDCS": {CONG_TRANG: CSTDCS},
    "CSTDCS_2026": {CONG_TRANG: CSTDCS_2026},
    "CSTD_TINH": {CONG_TRANG: CSTD_TINH},
    "CSTD_TQ": {CONG_TRANG: CSTD_TQ},
    "TTLDTT": {CONG_TRANG: TTLDTT},
    "TTLDXS": {CONG_TRANG: TTLDXS},
    "CO_TINH": {CONG_TRANG: CO_TINH, PHONG_TRAO: CO_TINH_THEMATIC},
    "CO_CP": {CONG_TRANG: CO_CP, PHONG_TRAO: CO_CP_THEMATIC},
    "XA_TIEU_BIEU": {CONG_TRANG: XA_TIEU_BIEU},
    "THON_VH": {CONG_TRANG: THON_VH},
    "GDVH": {CONG_TRANG: GDVH},
    "GK": {
        CONG_TRANG: {PERSON: GK_PERSON, UNIT: GK_UNIT, HOUSEHOLD: GK_HOUSEHOLD},
        DOT_XUAT: _dot_xuat(art(75)),
        PHONG_TRAO: _movement(art(75), "cấp có thẩm quyền"),
    },
    "BK_TINH": {
        CONG_TRANG: BK_TINH,
        DOT_XUAT: _dot_xuat(art(74, 1)),
        PHONG_TRAO: _movement(art(74, 1)),
    },
    "BK_TINH_TT": {
        CONG_TRANG: BK_TINH_TT,
        DOT_XUAT: _dot_xuat(art(74, 3)),
        PHONG_TRAO: _movement(art(74, 3)),
    },
    "BK_TINH_HGD": {CONG_TRANG: BK_TINH_HGD, DOT_XUAT: _dot_xuat(art(74, 4))},
    "KNC_TINH": {CONG_TRANG: KNC_TINH, CONG_HIEN: KNC_TINH},
    "BK_TTG": {
        CONG_TRANG: Any(BK_TTG, BK_TTG_DIRECT),
        DOT_XUAT: Judgement(
            "judge_dot_xuat",
            "Lập được thành tích đột xuất có phạm vi ảnh hưởng trong bộ, ngành, tỉnh",
            art(73),
            True,
        ),
        PHONG_TRAO: _movement(art(73), "bộ, ngành, tỉnh"),
    },
    "BK_TTG_TT": {
        CONG_TRANG: BK_TTG_TT,
        DOT_XUAT: _dot_xuat(art(73)),
        PHONG_TRAO: _movement(art(73), "bộ, ngành, tỉnh"),
    },
    "HCLD3": {
        CONG_TRANG: HCLD3,
        DOT_XUAT: _dot_xuat(art(44)),
        CONG_HIEN: Judgement(
            "judge_career_contribution",
            "Có quá trình cống hiến đáp ứng tiêu chuẩn khen thưởng quá trình cống hiến",
            art(44),
            True,
        ),
    },
    "HCLD3_TT": {CONG_TRANG: HCLD3_TT, DOT_XUAT: _dot_xuat(art(44))},
    "HCLD2": {CONG_TRANG: HCLD2},
    "HCLD1": {CONG_TRANG: HCLD1},
    "AH_LD": {CONG_TRANG: AH_LD},
}
for _code, _article in OTHER_ORDERS.items():
    CRITERIA[_code] = {CONG_TRANG: _order_by_article(art(_article)), DOT_XUAT: _order_by_article(art(_article))}
del _code, _article, _DX

# Merit ladders (only CONG_TRANG awards feed them, P2).
LADDERS: dict[str, tuple[str, ...]] = {
    PERSON: ("LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH", "CSTD_TQ"),
    UNIT: ("TTLDTT", "TTLDXS", "BK_TINH_TT", "BK_TTG_TT", "HCLD3_TT", "HCLD2", "HCLD1"),
}
# Secondary ladders: the next form after these (same subject).
NEXT_FORM: dict[tuple[str, str], str] = {
    (PERSON, "CSTT"): "CSTDCS",
    (PERSON, "BK_TTG"): "HCLD3",
    (PERSON, "HCLD3"): "HCLD2",
    (PERSON, "HCLD2"): "HCLD1",
    (UNIT, "CO_TINH"): "CO_CP",
}

# What the eligibility panel shows, in ladder order.
RELEVANT: dict[str, tuple[str, ...]] = {
    PERSON: ("LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH", "CSTD_TQ", "BK_TTG", "HCLD3", "HCLD2", "HCLD1"),
    UNIT: ("TTLDTT", "TTLDXS", "BK_TINH_TT", "CO_TINH", "CO_CP", "BK_TTG_TT", "HCLD3_TT", "HCLD2", "HCLD1"),
    HOUSEHOLD: ("GDVH", "GK", "BK_TINH_HGD"),
}
