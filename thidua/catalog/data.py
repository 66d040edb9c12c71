"""The seed catalogue: award types, base salaries and rule sets, from the project's legal notes.

Plain data (lists of dicts) so that it can be read, reviewed and diffed without Django.
Every row carries its citation and a confidence tag:
  V = the provision's wording was read; S = secondary source; I = inferred, to be checked
  against the official text before it is relied on.

Conventions
- One row per row of the "Encodable rule table" (law.md §11); the other orders (HC_KHAC)
  get one row each. Where the table splits a form by subject (BK_TINH / BK_TINH_TT /
  BK_TINH_HGD, HCLD3 / HCLD3_TT, BK_TTG / BK_TTG_TT) the rows are split the same way; where
  it keeps one row for individuals and collectives (HCLD2, HCLD1, the other orders, AH_LD)
  the row serves both subjects and carries both coefficients.
- `coefficient_collective` is the multiple of the base salary paid to a collective, i.e. the
  ×2 rule (NĐ 152 Điều 51 khoản 2) is already applied where the law gives a collective figure.
- `confidence` is the confidence of the criteria; where a row is "V / I" the criteria get I
  and the coefficient keeps its own tag in `coefficient_confidence`.

The migration 0002_seed_catalogue holds a frozen copy of this data: changing this file
does not change what that migration does. Ship later corrections as a new data migration.
"""

from decimal import Decimal as D

LUAT = "Luật Thi đua, khen thưởng 2022"

# ---------------------------------------------------------------------------------------------
# Award types (law.md §11, coefficients from §6.3)
# ---------------------------------------------------------------------------------------------


def _order(code, name, coef_i, coef_c, citation, sort_order, criteria=None):
    """Huân chương: decided by the President, proposed through the Prime Minister."""
    return {
        "code": code,
        "name": name,
        "category": "ORDER",
        "for_person": True,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PRESIDENT",
        "is_state_level": True,
        "coefficient_individual": coef_i,
        "coefficient_collective": coef_c,
        "coefficient_is_maximum": False,
        "criteria": criteria
        or (
            "Theo điều khoản riêng của hình thức trong Luật (tiêu chuẩn chưa được mã hóa). "
            "Tỉnh chỉ đề nghị: hồ sơ qua Sở Nội vụ, Chủ tịch UBND tỉnh trình Thủ tướng để trình Chủ tịch nước."
        ),
        "citation": citation,
        "confidence": "I",
        "coefficient_confidence": "V" if coef_i is not None else "I",
        "annual": False,
        "active": True,
        "sort_order": sort_order,
    }


AWARD_TYPES = [
    # --- Danh hiệu thi đua: cá nhân -------------------------------------------------------
    {
        "code": "LDTT",
        "name": "Lao động tiên tiến",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "UNIT_HEAD",
        "is_state_level": False,
        "coefficient_individual": D("0.3"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Hoàn thành tốt nhiệm vụ trở lên trong năm; có tinh thần tự lực, tự cường, đoàn kết, "
            "tương trợ, tích cực tham gia phong trào thi đua; đáp ứng tiêu chuẩn bổ sung của tỉnh (nếu có). "
            "Tham số: thời gian làm việc tối thiểu 10 tháng, nghỉ không quá 40 ngày làm việc "
            "(không tính nghỉ thai sản, điều trị do bị thương khi chiến đấu, cứu người, cứu tài sản).\n"
            "Biểu thức: HT(x,y) ≥ HTT ∧ spirit_ok(x,y) ∧ prov_extra(x,y)"
        ),
        "citation": f"{LUAT}, Điều 24 khoản 1, 4; Thông tư 15/2025/TT-BNV",
        "confidence": "V",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 10,
    },
    {
        "code": "CSTT",
        "name": "Chiến sĩ tiên tiến",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "ARMED_FORCES",
        "is_state_level": False,
        "coefficient_individual": D("0.3"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Như Lao động tiên tiến, áp dụng cho quân đội, công an, dân quân thường trực, "
            "dân quân tự vệ cơ động.\nBiểu thức: như LDTT"
        ),
        "citation": f"{LUAT}, Điều 24",
        "confidence": "S",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 20,
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "UNIT_HEAD",
        "is_state_level": False,
        "coefficient_individual": D("1.0"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Đạt danh hiệu Lao động tiên tiến hoặc Chiến sĩ tiên tiến trong năm và có một trong các thành tích: "
            "hoàn thành xuất sắc nhiệm vụ; có sáng kiến được công nhận ở cấp cơ sở; có đề tài, đề án, "
            "công trình khoa học và công nghệ đã nghiệm thu; mưu trí, sáng tạo trong chiến đấu được đơn vị công nhận. "
            "Tỷ lệ tối đa so với số đạt Lao động tiên tiến là tham số (mặc định 15%).\n"
            "Biểu thức: has(LDTT|CSTT,x,y) ∧ (HT(x,y)=HTXS ∨ SK(x,co_so,y)≥1 ∨ KHCN_nghiemthu(x,y)≥1 ∨ muu_tri(x,y)); "
            "count(CSTDCS)/count(LDTT) ≤ q"
        ),
        "citation": f"{LUAT}, Điều 23",
        "confidence": "V",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 30,
    },
    {
        "code": "CSTDCS_2026",
        "name": "Chiến sĩ thi đua cơ sở (theo luật sửa đổi 2026, nếu có hiệu lực)",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "UNIT_HEAD",
        "is_state_level": False,
        "coefficient_individual": D("1.0"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Dự thảo sửa đổi: đạt Lao động tiên tiến, đồng thời hoàn thành xuất sắc nhiệm vụ và có sáng kiến "
            "được công nhận ở cấp cơ sở hoặc đề tài, công trình khoa học và công nghệ. "
            "Việc ban hành luật sửa đổi chưa được xác minh; không dùng cho đến khi xác minh.\n"
            "Biểu thức: has(LDTT,x,y) ∧ HT(x,y)=HTXS ∧ (SK(x,co_so,y)≥1 ∨ KHCN(x,y)≥1)"
        ),
        "citation": "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": True,
        "active": False,
        "sort_order": 35,
    },
    {
        "code": "CSTD_TINH",
        "name": "Chiến sĩ thi đua cấp tỉnh",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": D("3.0"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Tiêu biểu xuất sắc trong số những người có 3 lần liên tục đạt Chiến sĩ thi đua cơ sở; có sáng kiến "
            "được áp dụng hiệu quả, có khả năng nhân rộng trong phạm vi tỉnh (Chủ tịch UBND tỉnh công nhận hiệu quả "
            "và phạm vi ảnh hưởng), hoặc đề tài, đề án, công trình khoa học và công nghệ đã nghiệm thu, áp dụng "
            "hiệu quả, có phạm vi ảnh hưởng trong tỉnh, hoặc mưu trí, sáng tạo trong chiến đấu có phạm vi ảnh hưởng "
            "trong tỉnh. Hội đồng Thi đua – Khen thưởng tỉnh bỏ phiếu kín.\n"
            "Biểu thức: consec(CSTDCS,3,y) ∧ (SK(x,tinh,[y-2..y])≥1 ∨ KHCN_tinh(x)≥1) ∧ outstanding"
        ),
        "citation": f"{LUAT}, Điều 22",
        "confidence": "S",
        "coefficient_confidence": "S",
        "annual": False,
        "active": True,
        "sort_order": 40,
    },
    {
        "code": "CSTD_TQ",
        "name": "Chiến sĩ thi đua toàn quốc",
        "category": "TITLE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PRIME_MINISTER",
        "is_state_level": True,
        "coefficient_individual": D("4.5"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Tiêu biểu xuất sắc trong số những người có 2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh; có sáng kiến "
            "được áp dụng hiệu quả, có khả năng nhân rộng trong phạm vi toàn quốc, hoặc đề tài, công trình khoa học "
            "và công nghệ, hoặc mưu trí, sáng tạo trong chiến đấu có phạm vi ảnh hưởng toàn quốc. "
            "Tỉnh đề nghị; phải lấy ý kiến nhân dân.\n"
            "Biểu thức: count_consec_awards(CSTD_TINH)≥2 ∧ (SK(x,toan_quoc)≥1 ∨ KHCN_toan_quoc(x)≥1) ∧ outstanding"
        ),
        "citation": f"{LUAT}, Điều 21",
        "confidence": "S",
        "coefficient_confidence": "S",
        "annual": False,
        "active": True,
        "sort_order": 50,
    },
    # --- Danh hiệu thi đua: tập thể --------------------------------------------------------
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "category": "TITLE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "UNIT_HEAD",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("0.8"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Hoàn thành tốt nhiệm vụ trở lên; tham gia phong trào thi đua thường xuyên, thiết thực; trên 50% "
            "thành viên đạt Lao động tiên tiến; nội bộ đoàn kết, chấp hành tốt chủ trương, chính sách, pháp luật. "
            "Tùy chọn (văn bản 2003): không có thành viên bị kỷ luật từ cảnh cáo trở lên.\n"
            "Biểu thức: HT(u,y)≥HTT ∧ active_emulation(u,y) ∧ share(members, has LDTT) > 0.5 ∧ unity(u)"
        ),
        "citation": f"{LUAT}, Điều 28",
        "confidence": "I",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 60,
    },
    {
        "code": "TTLDXS",
        "name": "Tập thể lao động xuất sắc",
        "category": "TITLE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("1.5"),
        "coefficient_is_maximum": False,
        "criteria": (
            "a) Hoàn thành xuất sắc nhiệm vụ; b) phong trào thi đua thường xuyên, thiết thực, hiệu quả; "
            "c) 100% thành viên hoàn thành nhiệm vụ trở lên, trong đó có ít nhất 70% đạt Lao động tiên tiến; "
            "d) có cá nhân đạt Chiến sĩ thi đua cơ sở; đ) nội bộ đoàn kết, gương mẫu chấp hành.\n"
            "Biểu thức: HT(u,y)=HTXS ∧ active_emulation(u,y) ∧ ∀m: HT(m,y)≥HT ∧ share(members, has LDTT) ≥ 0.70 "
            "∧ ∃m: has(CSTDCS,m,y) ∧ unity(u)"
        ),
        "citation": f"{LUAT}, Điều 27",
        "confidence": "V",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 70,
    },
    {
        "code": "CO_TINH",
        "name": "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "category": "FLAG",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("8.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Tập thể dẫn đầu cụm, khối thi đua do tỉnh tổ chức, vượt chỉ tiêu thi đua và nhiệm vụ trong năm, "
            "nội bộ đoàn kết, tổ chức đảng, đoàn thể trong sạch, vững mạnh; hoặc tập thể dẫn đầu phong trào "
            "thi đua theo chuyên đề do tỉnh phát động khi sơ kết, tổng kết từ 5 năm trở lên.\n"
            "Biểu thức: (leader_of_cluster(u,y, organiser=tinh) ∧ exceeded_targets(u,y) ∧ clean_party_unity(u,y)) "
            "∨ leader_thematic(u, organiser=tinh, duration≥5y)"
        ),
        "citation": f"{LUAT}, Điều 26",
        "confidence": "I",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 80,
    },
    {
        "code": "CO_CP",
        "name": "Cờ thi đua của Chính phủ",
        "category": "FLAG",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PRIME_MINISTER",
        "is_state_level": True,
        "coefficient_individual": None,
        "coefficient_collective": D("12.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Tập thể tiêu biểu xuất sắc trong số các tập thể dẫn đầu cụm, khối thi đua do bộ, tỉnh tổ chức, "
            "vượt chỉ tiêu, nhiệm vụ, nội bộ đoàn kết, đi đầu thực hành tiết kiệm, chống lãng phí, tham nhũng; "
            "hoặc dẫn đầu cụm, khối do Ban Thi đua – Khen thưởng Trung ương tổ chức; hoặc dẫn đầu phong trào "
            "do Thủ tướng phát động từ 5 năm trở lên. Tỷ lệ tối đa là tham số (trước đây 20%).\n"
            "Biểu thức: (leader_of_cluster(u,y, organiser∈{bo,tinh}) ∧ outstanding ∧ exceeded_targets ∧ "
            "clean_party_unity) ∨ leader_of_cluster(u,y, organiser=BanTDKT_TW) "
            "∨ leader_thematic(u, organiser=TTg, duration≥5y)"
        ),
        "citation": f"{LUAT}, Điều 25",
        "confidence": "V",
        "coefficient_confidence": "S",
        "annual": True,
        "active": True,
        "sort_order": 90,
    },
    {
        "code": "XA_TIEU_BIEU",
        "name": "Xã, phường, đặc khu tiêu biểu",
        "category": "TITLE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("2.0"),
        "coefficient_is_maximum": False,
        "criteria": "Theo tiêu chuẩn do tỉnh quy định (Luật quy định tiêu chuẩn chung).",
        "citation": f"{LUAT} (Điều 29, số điều chưa xác minh); Nghị định 152/2025/NĐ-CP",
        "confidence": "S",
        "coefficient_confidence": "S",
        "annual": False,
        "active": True,
        "sort_order": 100,
    },
    {
        "code": "THON_VH",
        "name": "Thôn, tổ dân phố văn hóa",
        "category": "TITLE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "COMMUNE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("1.5"),
        "coefficient_is_maximum": False,
        "criteria": "Theo khung tiêu chuẩn của Nghị định 86/2023/NĐ-CP và quy định của tỉnh.",
        "citation": "Nghị định 86/2023/NĐ-CP; Nghị định 152/2025/NĐ-CP",
        "confidence": "I",
        "coefficient_confidence": "S",
        "annual": False,
        "active": True,
        "sort_order": 110,
    },
    {
        "code": "GDVH",
        "name": "Gia đình văn hóa",
        "category": "TITLE",
        "for_person": False,
        "for_unit": False,
        "for_household": True,
        "deciding_level": "COMMUNE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Theo khung tiêu chuẩn của Nghị định 86/2023/NĐ-CP (chấp hành pháp luật, phát triển kinh tế, "
            "xây dựng đời sống văn hóa, đoàn kết…); chu kỳ xét theo Nghị định 86/2023/NĐ-CP."
        ),
        "citation": "Nghị định 86/2023/NĐ-CP",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 120,
    },
    # --- Bằng khen, Giấy khen, Kỷ niệm chương ----------------------------------------------
    {
        "code": "GK",
        "name": "Giấy khen",
        "category": "CERTIFICATE",
        "for_person": True,
        "for_unit": True,
        "for_household": True,
        "deciding_level": "UNIT_HEAD",
        "is_state_level": False,
        "coefficient_individual": D("0.3"),
        "coefficient_collective": D("0.6"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Có thành tích được ghi nhận trong phong trào thi đua, hoặc thành tích đột xuất; tập thể hoàn thành "
            "tốt nhiệm vụ, nội bộ đoàn kết; hộ gia đình gương mẫu chấp hành, đóng góp cho địa phương. "
            "Tỉnh quy định chi tiết. Hệ số chưa xác minh (Nghị định 91/2017: 0,15 đối với Giấy khen của Chủ tịch "
            "UBND cấp xã).\n"
            "Biểu thức: movement_achievement ∨ dot_xuat ∨ (collective: HT(u,y)≥HTT ∧ unity)"
        ),
        "citation": f"{LUAT}, Điều 75; Nghị định 152/2025/NĐ-CP, Điều 54",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 130,
    },
    {
        "code": "BK_TINH",
        "name": "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
        "category": "CERTIFICATE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": D("1.5"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Một trong các trường hợp: tiêu biểu xuất sắc trong phong trào thi đua do tỉnh phát động; lập được "
            "thành tích đột xuất; 2 năm liên tục đạt Chiến sĩ thi đua cơ sở; hoặc 2 năm liên tục hoàn thành xuất sắc "
            "nhiệm vụ và trong thời gian đó có 2 sáng kiến được công nhận ở cấp cơ sở hoặc 2 đề tài, đề án, công trình "
            "khoa học được nghiệm thu, áp dụng hiệu quả ở cấp cơ sở (điểm d khoản 1 đã xác minh).\n"
            "Biểu thức: movement_outstanding(prov) ∨ dot_xuat ∨ consec(CSTDCS,2,y) ∨ (consec(HT=HTXS,2,y) ∧ "
            "(SK(x,co_so,[y-1..y])≥2 ∨ KHCN_coso(x,[y-1..y])≥2))"
        ),
        "citation": f"{LUAT}, Điều 74 khoản 1 (điểm d); Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1",
        "confidence": "I",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 140,
    },
    {
        "code": "BK_TINH_TT",
        "name": "Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
        "category": "CERTIFICATE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": D("3.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Tiêu biểu xuất sắc trong phong trào thi đua, hoặc lập được thành tích đột xuất, hoặc 2 năm liên tục "
            "hoàn thành xuất sắc nhiệm vụ, nội bộ đoàn kết, thực hiện tốt dân chủ ở cơ sở, chăm lo đời sống "
            "cán bộ, người lao động.\n"
            "Biểu thức: movement_outstanding ∨ dot_xuat ∨ (consec(HT(u)=HTXS,2,y) ∧ unity ∧ democracy ∧ staff_care)"
        ),
        "citation": f"{LUAT}, Điều 74 khoản 3",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 150,
    },
    {
        "code": "BK_TINH_HGD",
        "name": "Bằng khen của Chủ tịch UBND tỉnh (hộ gia đình)",
        "category": "CERTIFICATE",
        "for_person": False,
        "for_unit": False,
        "for_household": True,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": D("1.5"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Hộ gia đình gương mẫu chấp hành chủ trương, chính sách, pháp luật và có đóng góp lớn về công sức, "
            "đất đai, tài sản cho địa phương, xã hội."
        ),
        "citation": f"{LUAT}, Điều 74 khoản 4",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 160,
    },
    {
        "code": "KNC_TINH",
        "name": "Kỷ niệm chương của tỉnh",
        "category": "COMMEMORATIVE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PROVINCE_CHAIR",
        "is_state_level": False,
        "coefficient_individual": D("0.6"),
        "coefficient_collective": None,
        "coefficient_is_maximum": True,
        "criteria": "Theo quy định của tỉnh (nếu tỉnh ban hành Kỷ niệm chương): số năm công tác, đóng góp…",
        "citation": f"{LUAT}, Điều 71; Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1",
        "confidence": "I",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 170,
    },
    {
        "code": "BK_TTG",
        "name": "Bằng khen của Thủ tướng Chính phủ (cá nhân)",
        "category": "CERTIFICATE",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PRIME_MINISTER",
        "is_state_level": True,
        "coefficient_individual": D("3.5"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Tiêu biểu xuất sắc trong phong trào thi đua do bộ, tỉnh phát động; hoặc thành tích đột xuất có phạm vi "
            "ảnh hưởng trong bộ, tỉnh; hoặc đã được tặng Bằng khen cấp bộ, tỉnh, sau đó 5 năm liên tục hoàn thành "
            "xuất sắc nhiệm vụ và trong thời gian đó có N sáng kiến được công nhận, áp dụng ở cấp cơ sở "
            "(N là tham số; Nghị định 65/2014: 5).\n"
            "Biểu thức: outstanding_in_movement ∨ dot_xuat_wide ∨ (has_prior(BK_TINH,x,t0) ∧ consec(HT=HTXS,5,y) "
            "with all 5 years > t0 ∧ SK(x,co_so,[y-4..y])≥N)"
        ),
        "citation": f"{LUAT}, Điều 73; Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1",
        "confidence": "I",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 180,
    },
    {
        "code": "BK_TTG_TT",
        "name": "Bằng khen của Thủ tướng Chính phủ (tập thể)",
        "category": "CERTIFICATE",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PRIME_MINISTER",
        "is_state_level": True,
        "coefficient_individual": None,
        "coefficient_collective": D("7.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Đã được tặng Bằng khen cấp bộ, tỉnh, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ, nội bộ "
            "đoàn kết và các điều kiện tương tự.\n"
            "Biểu thức: has_prior(BK_TINH) ∧ consec(HT(u)=HTXS,5,y) ∧ unity ∧ …"
        ),
        "citation": f"{LUAT}, Điều 73",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 190,
    },
    # --- Huân chương Lao động ----------------------------------------------------------------
    {
        "code": "HCLD3",
        "name": "Huân chương Lao động hạng Ba (cá nhân)",
        "category": "ORDER",
        "for_person": True,
        "for_unit": False,
        "for_household": False,
        "deciding_level": "PRESIDENT",
        "is_state_level": True,
        "coefficient_individual": D("4.5"),
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ và "
            "trong thời gian đó có 2 sáng kiến được công nhận, áp dụng ở cấp tỉnh hoặc 1 lần Chiến sĩ thi đua cấp tỉnh "
            "(các phương án khác chưa xác minh); ngoài ra có các trường hợp đột xuất, quá trình cống hiến.\n"
            "Biểu thức: has_prior(BK_TTG,x,t0) ∧ consec(HT=HTXS,5,y) with all 5 years > t0 ∧ "
            "(SK(x,tinh,[y-4..y])≥2 ∨ count(CSTD_TINH)≥1)"
        ),
        "citation": f"{LUAT}, Điều 44; Nghị định 152/2025/NĐ-CP, Điều 51",
        "confidence": "I",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 200,
    },
    {
        "code": "HCLD3_TT",
        "name": "Huân chương Lao động hạng Ba (tập thể)",
        "category": "ORDER",
        "for_person": False,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PRESIDENT",
        "is_state_level": True,
        "coefficient_individual": None,
        "coefficient_collective": D("9.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ, "
            "trong thời gian đó có 1 Cờ thi đua cấp bộ, tỉnh và 1 Bằng khen cấp bộ, tỉnh (hoặc 2 Bằng khen) — "
            "chưa xác minh.\n"
            "Biểu thức: has_prior(BK_TTG) ∧ consec(HT(u)=HTXS,5,y) ∧ (count(CO_TINH)≥1 ∧ count(BK_TINH)≥1 …)"
        ),
        "citation": f"{LUAT}, Điều 44",
        "confidence": "I",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 210,
    },
    _order(
        "HCLD2",
        "Huân chương Lao động hạng Nhì",
        D("7.5"),
        D("15.0"),
        f"{LUAT}, Điều 43; Nghị định 152/2025/NĐ-CP, Điều 51",
        220,
        criteria=(
            "Sau ít nhất 5 năm kể từ khi được tặng Huân chương Lao động hạng Ba, với thành tích cao hơn "
            "(tiêu chuẩn chi tiết chưa xác minh). Dùng cho cá nhân và tập thể."
        ),
    ),
    _order(
        "HCLD1",
        "Huân chương Lao động hạng Nhất",
        D("9.0"),
        D("18.0"),
        f"{LUAT}, Điều 42; Nghị định 152/2025/NĐ-CP, Điều 51",
        230,
        criteria=(
            "Sau ít nhất 5 năm kể từ khi được tặng Huân chương Lao động hạng Nhì, với thành tích cao hơn "
            "(tiêu chuẩn chi tiết chưa xác minh). Dùng cho cá nhân và tập thể."
        ),
    ),
    # --- Các Huân chương khác (HC_KHAC) --------------------------------------------------------
    _order(
        "HC_SAO_VANG",
        "Huân chương Sao vàng",
        D("46.0"),
        D("92.0"),
        f"{LUAT}, Điều 34; Nghị định 152/2025/NĐ-CP, Điều 51",
        300,
    ),
    _order(
        "HC_HCM",
        "Huân chương Hồ Chí Minh",
        D("30.5"),
        D("61.0"),
        f"{LUAT}, Điều 35; Nghị định 152/2025/NĐ-CP, Điều 51",
        310,
    ),
    _order(
        "HC_DL1",
        "Huân chương Độc lập hạng Nhất",
        D("15.0"),
        D("30.0"),
        f"{LUAT}, Điều 36; Nghị định 152/2025/NĐ-CP, Điều 51",
        320,
    ),
    _order(
        "HC_DL2",
        "Huân chương Độc lập hạng Nhì",
        D("12.5"),
        D("25.0"),
        f"{LUAT}, Điều 37; Nghị định 152/2025/NĐ-CP, Điều 51",
        330,
    ),
    _order(
        "HC_DL3",
        "Huân chương Độc lập hạng Ba",
        D("10.5"),
        D("21.0"),
        f"{LUAT}, Điều 38; Nghị định 152/2025/NĐ-CP, Điều 51",
        340,
    ),
    _order(
        "HC_QC1",
        "Huân chương Quân công hạng Nhất",
        D("15.0"),
        D("30.0"),
        f"{LUAT}, Điều 39; Nghị định 152/2025/NĐ-CP, Điều 51",
        350,
    ),
    _order(
        "HC_QC2",
        "Huân chương Quân công hạng Nhì",
        D("12.5"),
        D("25.0"),
        f"{LUAT}, Điều 40; Nghị định 152/2025/NĐ-CP, Điều 51",
        360,
    ),
    _order(
        "HC_QC3",
        "Huân chương Quân công hạng Ba",
        D("10.5"),
        D("21.0"),
        f"{LUAT}, Điều 41; Nghị định 152/2025/NĐ-CP, Điều 51",
        370,
    ),
    _order(
        "HC_BVTQ1",
        "Huân chương Bảo vệ Tổ quốc hạng Nhất",
        D("9.0"),
        D("18.0"),
        f"{LUAT}, Điều 45; Nghị định 152/2025/NĐ-CP, Điều 51",
        380,
    ),
    _order(
        "HC_BVTQ2",
        "Huân chương Bảo vệ Tổ quốc hạng Nhì",
        D("7.5"),
        D("15.0"),
        f"{LUAT}, Điều 46; Nghị định 152/2025/NĐ-CP, Điều 51",
        390,
    ),
    _order(
        "HC_BVTQ3",
        "Huân chương Bảo vệ Tổ quốc hạng Ba",
        D("4.5"),
        D("9.0"),
        f"{LUAT}, Điều 47; Nghị định 152/2025/NĐ-CP, Điều 51",
        400,
    ),
    _order(
        "HC_CC1",
        "Huân chương Chiến công hạng Nhất",
        D("9.0"),
        D("18.0"),
        f"{LUAT}, Điều 34–53; Nghị định 152/2025/NĐ-CP, Điều 51",
        410,
    ),
    _order(
        "HC_CC2",
        "Huân chương Chiến công hạng Nhì",
        D("7.5"),
        D("15.0"),
        f"{LUAT}, Điều 34–53; Nghị định 152/2025/NĐ-CP, Điều 51",
        420,
    ),
    _order(
        "HC_CC3",
        "Huân chương Chiến công hạng Ba",
        D("4.5"),
        D("9.0"),
        f"{LUAT}, Điều 34–53; Nghị định 152/2025/NĐ-CP, Điều 51",
        430,
    ),
    _order(
        "HC_DUNG_CAM",
        "Huân chương Dũng cảm",
        D("4.5"),
        D("9.0"),
        f"{LUAT}, Điều 34–53; Nghị định 152/2025/NĐ-CP, Điều 51",
        440,
    ),
    _order(
        "HC_DDKDT",
        "Huân chương Đại đoàn kết dân tộc",
        D("7.5"),
        D("15.0"),
        f"{LUAT}, Điều 34–53; Nghị định 152/2025/NĐ-CP, Điều 51",
        450,
    ),
    _order("HC_HUU_NGHI", "Huân chương Hữu nghị", None, None, f"{LUAT}, Điều 53", 460),
    # --- Danh hiệu vinh dự nhà nước ------------------------------------------------------------
    {
        "code": "AH_LD",
        "name": "Anh hùng Lao động",
        "category": "HONORARY",
        "for_person": True,
        "for_unit": True,
        "for_household": False,
        "deciding_level": "PRESIDENT",
        "is_state_level": True,
        "coefficient_individual": D("15.5"),
        "coefficient_collective": D("31.0"),
        "coefficient_is_maximum": False,
        "criteria": (
            "Theo điều khoản riêng trong Luật; Hội đồng Thi đua – Khen thưởng bỏ phiếu kín; bắt buộc lấy ý kiến "
            "nhân dân. Hệ số theo Nghị định 91/2017 (chưa xác minh với Nghị định 152/2025)."
        ),
        "citation": f"{LUAT}; Nghị định 152/2025/NĐ-CP",
        "confidence": "I",
        "coefficient_confidence": "I",
        "annual": False,
        "active": True,
        "sort_order": 500,
    },
    # --- Loại hình, thủ tục -----------------------------------------------------------------------
    {
        "code": "DOT_XUAT",
        "name": "Khen thưởng đột xuất",
        "category": "KIND",
        "for_person": True,
        "for_unit": True,
        "for_household": True,
        "deciding_level": "FORM_AUTHORITY",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Thành tích đột xuất là thành tích lập được ngoài chương trình, kế hoạch, nhiệm vụ mà cá nhân, tập thể "
            "phải thực hiện hoặc được giao. Được áp dụng thủ tục đơn giản; không dùng làm căn cứ đề nghị khen "
            "thưởng công trạng. Tiền thưởng theo hệ số của hình thức được chọn.\n"
            "Biểu thức: achievement ∉ assigned_plan"
        ),
        "citation": f"{LUAT}, Điều 8; Nghị định 152/2025/NĐ-CP, Điều 3, Điều 4 khoản 3",
        "confidence": "V",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 900,
    },
    {
        "code": "THU_TUC_DON_GIAN",
        "name": "Khen thưởng theo thủ tục đơn giản",
        "category": "KIND",
        "for_person": True,
        "for_unit": True,
        "for_household": True,
        "deciding_level": "FORM_AUTHORITY",
        "is_state_level": False,
        "coefficient_individual": None,
        "coefficient_collective": None,
        "coefficient_is_maximum": False,
        "criteria": (
            "Áp dụng khi: 1) phục vụ nhiệm vụ chính trị, kịp thời động viên quần chúng; 2) lập được thành tích đột "
            "xuất, dũng cảm cứu người, cứu tài sản, hoặc đạt giải thưởng quốc tế khu vực, thế giới; 3) thành tích do "
            "thủ trưởng cơ quan, đơn vị phát hiện; 4) khen thưởng quá trình cống hiến, niên hạn, đối ngoại; "
            "5) thành tích có nội dung bí mật nhà nước. Hồ sơ 1 bộ (bản chính): tờ trình và báo cáo tóm tắt thành tích."
        ),
        "citation": f"{LUAT}, Điều 85; Nghị định 98/2023/NĐ-CP, Điều 40 khoản 1",
        "confidence": "V",
        "coefficient_confidence": "V",
        "annual": False,
        "active": True,
        "sort_order": 910,
    },
]

# ---------------------------------------------------------------------------------------------
# Base salary schedule (law.md §6.1)
# ---------------------------------------------------------------------------------------------

BASE_SALARIES = [
    {"valid_from": "2023-07-01", "amount": 1_800_000, "source": "Nghị định 24/2023/NĐ-CP", "confidence": "S"},
    {"valid_from": "2024-07-01", "amount": 2_340_000, "source": "Nghị định 73/2024/NĐ-CP", "confidence": "S"},
    {
        "valid_from": "2026-07-01",
        "amount": 2_530_000,
        "source": "Nghị định 161/2026/NĐ-CP, khoản 2 Điều 3",
        "confidence": "S",
    },
]

# ---------------------------------------------------------------------------------------------
# Rule sets and their parameters (law.md §1, §3–§7, §12)
# ---------------------------------------------------------------------------------------------


def _p(key, label, value_type, value, citation, confidence, note="", choices=""):
    return {
        "key": key,
        "label": label,
        "value_type": value_type,
        "value": value,
        "choices": choices,
        "citation": citation,
        "confidence": confidence,
        "note": note,
    }


def _common_parameters(decree: str, *, nd152: bool) -> list[dict]:
    """Parameters whose value is the same in both rule sets (most are historic defaults)."""
    return [
        _p(
            "cstdcs_quota",
            "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở so với số đạt Lao động tiên tiến",
            "DECIMAL",
            "0.15",
            "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 (quy định trước đây)",
            "I",
            "Văn bản hiện hành quy định tỷ lệ (Nghị định 152/2025, Thông tư 15/2025 hay quy chế của tỉnh) "
            "chưa xác minh.",
        ),
        _p(
            "council_secret_ballot_threshold",
            "Tỷ lệ phiếu đồng ý tối thiểu khi Hội đồng bỏ phiếu kín (trên tổng số thành viên)",
            "DECIMAL",
            "0.90",
            "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8 (quy định trước đây)",
            "I",
            "Tính trên tổng số thành viên Hội đồng; thành viên vắng mặt cho ý kiến bằng văn bản. "
            "Ngưỡng theo chế độ Luật 2022 chưa xác minh.",
        ),
        _p(
            "council_approval_base",
            "Cơ sở tính tỷ lệ phiếu của Hội đồng",
            "CHOICE",
            "total_members",
            "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8 (quy định trước đây)",
            "I",
            "total_members = tổng số thành viên Hội đồng; present_members = số thành viên có mặt.",
            choices="total_members,present_members",
        ),
        _p(
            "council_open_vote_threshold",
            "Tỷ lệ phiếu đồng ý phải vượt quá khi Hội đồng biểu quyết công khai",
            "DECIMAL",
            "0.50",
            "Quy chế làm việc của Hội đồng Thi đua – Khen thưởng tỉnh (chưa xác minh)",
            "I",
            "Biểu quyết công khai được thông qua khi số phiếu đồng ý vượt quá tỷ lệ này trên cơ sở tính "
            "(quá bán). Văn bản hiện hành chưa quy định rõ; mỗi tỉnh đặt trong quy chế.",
        ),
        _p(
            "secret_ballot_award_codes",
            "Danh hiệu, hình thức Hội đồng phải bỏ phiếu kín (mã, phân cách bằng dấu phẩy)",
            "TEXT",
            "CSTD_TINH,CSTD_TQ,AH_LD",
            "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8 (quy định trước đây)",
            "I",
            "Chưa xác minh có phải bỏ phiếu kín đối với Tập thể lao động xuất sắc, Bằng khen, Cờ thi đua hay không.",
        ),
        _p(
            "money_rounding",
            "Cách làm tròn tiền thưởng",
            "CHOICE",
            "nearest",
            f"{decree} (nguyên tắc tính tiền thưởng: “làm tròn số lên hàng chục nghìn đồng”)",
            "I",
            "Cách hiểu chưa thống nhất: nearest = làm tròn đến hàng chục nghìn gần nhất (cách Thư viện pháp luật "
            "tính ví dụ), ceiling = làm tròn lên hàng chục nghìn. Cần đối chiếu thực tế của Sở Tài chính.",
            choices="nearest,ceiling",
        ),
        _p(
            "money_rounding_unit",
            "Đơn vị làm tròn tiền thưởng (đồng)",
            "INTEGER",
            "10000",
            f"{decree} (nguyên tắc tính tiền thưởng)",
            "S",
        ),
        _p(
            "ldtt_min_months_worked",
            "Số tháng làm việc tối thiểu trong năm để xét Lao động tiên tiến (người mới tuyển dụng)",
            "INTEGER",
            "10",
            "Thông tư 01/2024/TT-BNV (quy định trước đây)",
            "I",
            "Cần đối chiếu Thông tư 15/2025/TT-BNV.",
        ),
        _p(
            "ldtt_max_leave_days",
            "Số ngày nghỉ tối đa trong năm để xét Lao động tiên tiến (ngày làm việc)",
            "INTEGER",
            "40",
            "Thông tư 01/2024/TT-BNV (quy định trước đây)",
            "I",
            "Không tính nghỉ thai sản và thời gian điều trị do bị thương khi chiến đấu, cứu người, cứu tài sản. "
            "Cần đối chiếu Thông tư 15/2025/TT-BNV.",
        ),
        _p(
            "bk_ttg_initiatives_required",
            "Số sáng kiến cấp cơ sở cần có trong 5 năm để đề nghị Bằng khen của Thủ tướng",
            "INTEGER",
            "5",
            "Nghị định 65/2014/NĐ-CP (quy định trước đây)",
            "I",
            "Giá trị theo Luật 2022 chưa đọc được.",
        ),
        _p(
            "bk_ttg_consecutive_htxs_years",
            "Số năm liên tục hoàn thành xuất sắc nhiệm vụ để đề nghị Bằng khen của Thủ tướng",
            "INTEGER",
            "5",
            "Luật Thi đua, khen thưởng 2022, Điều 73",
            "I",
        ),
        _p(
            "hcld3_consecutive_htxs_years",
            "Số năm liên tục hoàn thành xuất sắc nhiệm vụ để đề nghị Huân chương Lao động hạng Ba",
            "INTEGER",
            "5",
            "Luật Thi đua, khen thưởng 2022, Điều 44",
            "I",
        ),
        _p(
            "hcld3_initiatives_tinh_required",
            "Số sáng kiến cấp tỉnh cần có để đề nghị Huân chương Lao động hạng Ba (cá nhân)",
            "INTEGER",
            "2",
            "Luật Thi đua, khen thưởng 2022, Điều 44",
            "I",
        ),
        _p(
            "higher_award_interval_years",
            "Khoảng cách tối thiểu (năm) giữa hai hình thức khen thưởng bậc cao liên tiếp",
            "INTEGER",
            "5",
            "Luật Thi đua, khen thưởng 2022 (Bằng khen Thủ tướng → Huân chương Lao động hạng Ba → Nhì → Nhất)",
            "I",
        ),
        _p(
            "cluster_flag_count",
            "Số đơn vị dẫn đầu mỗi cụm, khối được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh",
            "INTEGER",
            "1",
            "Luật Thi đua, khen thưởng 2022, Điều 26; hướng dẫn của Hội đồng Thi đua – Khen thưởng tỉnh "
            "(chưa xác minh)",
            "I",
            "Cờ thi đua của tỉnh tặng tập thể dẫn đầu cụm, khối thi đua do tỉnh tổ chức; số lượng mỗi cụm do "
            "tỉnh hướng dẫn.",
        ),
        _p(
            "cluster_bk_count",
            "Số đơn vị xếp kế tiếp trong mỗi cụm, khối được đề nghị Bằng khen của Chủ tịch UBND tỉnh",
            "INTEGER",
            "2",
            "Hướng dẫn của Hội đồng Thi đua – Khen thưởng tỉnh về cụm, khối thi đua (chưa xác minh)",
            "I",
            "Sau đơn vị dẫn đầu, các đơn vị xếp kế tiếp được đề nghị Bằng khen; số lượng do tỉnh hướng dẫn.",
        ),
        _p(
            "co_cp_quota",
            "Tỷ lệ tối đa Cờ thi đua của Chính phủ so với số tập thể đủ tiêu chuẩn Cờ thi đua của tỉnh",
            "DECIMAL",
            "0.20",
            "Nghị định 91/2017/NĐ-CP, Điều 11 (quy định trước đây)",
            "I",
        ),
        _p(
            "chains_continue_through_mergers",
            "Tính liên tục số năm thành tích khi đơn vị sáp nhập, hợp nhất",
            "BOOLEAN",
            "true",
            "Chưa có quy định (Thông tư 15/2025/TT-BNV chỉ quy định đơn vị đã giải thể)",
            "I",
            "Câu hỏi mở: chuỗi năm liên tục của cán bộ, đơn vị bị ảnh hưởng bởi sắp xếp năm 2025.",
        ),
        _p(
            "ttldtt_min_share_ldtt",
            "Tỷ lệ thành viên đạt Lao động tiên tiến để xét Tập thể lao động tiên tiến (phải lớn hơn)",
            "DECIMAL",
            "0.5",
            "Luật Thi đua, khen thưởng 2022, Điều 28",
            "I",
            "Điều kiện là “trên 50%” (lớn hơn, không bằng). Văn bản năm 2022 chưa đọc được.",
        ),
        _p(
            "ttldtt_exclude_member_warning_discipline",
            "Không xét Tập thể lao động tiên tiến nếu có thành viên bị kỷ luật từ cảnh cáo trở lên",
            "BOOLEAN",
            "false",
            "Luật Thi đua, khen thưởng 2003 (chưa rõ Luật 2022 Điều 28 có giữ điều kiện này)",
            "I",
        ),
        _p(
            "ttldxs_min_share_ldtt",
            "Tỷ lệ tối thiểu thành viên đạt Lao động tiên tiến để xét Tập thể lao động xuất sắc",
            "DECIMAL",
            "0.70",
            "Luật Thi đua, khen thưởng 2022, Điều 27",
            "V",
        ),
        _p(
            "collective_multiplier",
            "Hệ số tiền thưởng của tập thể so với cá nhân cùng hình thức",
            "DECIMAL",
            "2",
            "Nghị định 152/2025/NĐ-CP, Điều 51 khoản 2"
            if nd152
            else "Nghị định 98/2023/NĐ-CP (như Nghị định 152/2025)",
            "V" if nd152 else "S",
            "Đã xác minh với Huân chương; áp dụng cho Bằng khen, Giấy khen, Huy chương là suy luận. "
            "Hộ gia đình hưởng mức của cá nhân.",
        ),
        _p(
            "giay_khen_coefficient",
            "Hệ số tiền thưởng Giấy khen (cá nhân)",
            "DECIMAL",
            "0.3",
            "Nghị định 152/2025/NĐ-CP, Điều 54 (đoạn quy định Giấy khen chưa đọc được)",
            "I",
            "Câu hỏi mở: một mức cho mọi cấp hay 0,15 đối với Giấy khen của Chủ tịch UBND cấp xã "
            "như Nghị định 91/2017.",
        ),
        _p(
            "female_priority_share",
            "Tỷ lệ nữ tối thiểu để tập thể được ưu tiên khi có thành tích ngang nhau",
            "DECIMAL",
            "0.70",
            "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 6" if nd152 else "Nghị định 98/2023/NĐ-CP, Điều 4",
            "V" if nd152 else "I",
        ),
        _p(
            "council_quorum",
            "Tỷ lệ thành viên Hội đồng có mặt tối thiểu để họp",
            "DECIMAL",
            "0.67",
            "Chưa xác minh (thực tế một số quy chế dùng 2/3 số thành viên)",
            "I",
        ),
        _p(
            "public_consultation_working_days",
            "Thời gian lấy ý kiến nhân dân (ngày làm việc)",
            "INTEGER",
            "10",
            "Nghị định 152/2025/NĐ-CP (thực tế áp dụng 2025)" if nd152 else "Nghị định 98/2023/NĐ-CP, Điều 46",
            "S",
        ),
        _p(
            "public_consultation_award_codes",
            "Danh hiệu, hình thức phải công khai lấy ý kiến nhân dân (mã, phân cách bằng dấu phẩy)",
            "TEXT",
            "CSTD_TQ,CO_CP,BK_TTG,BK_TTG_TT,AH_LD,HCLD3,HCLD3_TT,HCLD2,HCLD1,HC_SAO_VANG,HC_HCM,HC_DL1,HC_DL2,HC_DL3,"
            "HC_QC1,HC_QC2,HC_QC3,HC_BVTQ1,HC_BVTQ2,HC_BVTQ3,HC_CC1,HC_CC2,HC_CC3,HC_DUNG_CAM,HC_DDKDT,HC_HUU_NGHI",
            "Nghị định 152/2025/NĐ-CP (số điều chưa xác minh)"
            if nd152
            else "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 1–2",
            "S",
            "Khen thưởng cấp Nhà nước: Huân chương, danh hiệu vinh dự nhà nước, Chiến sĩ thi đua toàn quốc, Cờ thi đua "
            "của Chính phủ, Bằng khen của Thủ tướng Chính phủ…",
        ),
        _p(
            "appraisal_working_days",
            "Thời hạn thẩm định hồ sơ khen thưởng thuộc thẩm quyền (ngày làm việc)",
            "INTEGER",
            "10",
            "Quy định trước đây (thủ tục hành chính cấp tỉnh, cấp huyện)",
            "S",
            "Chưa xác minh với Nghị định 152/2025 và Thông tư 15/2025.",
        ),
        _p(
            "correction_working_days",
            "Thời hạn đơn vị chỉnh sửa, bổ sung hồ sơ bị trả lại (ngày làm việc)",
            "INTEGER",
            "5",
            "Quy chế thi đua, khen thưởng của tỉnh (chưa xác minh)",
            "I",
            "Luật và Nghị định không quy định thời hạn này; mỗi tỉnh tự đặt trong quy chế.",
        ),
        _p(
            "school_year_chains",
            "Tính năm liên tục theo năm học (ngành giáo dục)",
            "BOOLEAN",
            "false",
            "Luật Thi đua, khen thưởng 2022 (năm liên tục tính theo năm dương lịch hoặc năm học)",
            "I",
            "Bật cho các đơn vị giáo dục nếu tỉnh xét theo năm học.",
        ),
    ]


def _nd98_parameters() -> list[dict]:
    decree = "Nghị định 98/2023/NĐ-CP"
    return [
        *_common_parameters(decree, nd152=False),
        _p(
            "bk_tinh_coefficient",
            "Hệ số tiền thưởng Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
            "DECIMAL",
            "1.0",
            "Nghị định 91/2017/NĐ-CP (giá trị trong Nghị định 98/2023 chưa đọc được)",
            "I",
            "Nghị định 152/2025 nâng hệ số từ 1,0 lên 1,5.",
        ),
        _p(
            "no_award_to_dissolved_units",
            "Không khen thưởng cơ quan, tổ chức, đơn vị đã giải thể sau sắp xếp tổ chức bộ máy",
            "BOOLEAN",
            "false",
            "Thông tư 15/2025/TT-BNV (chưa ban hành trong thời gian áp dụng Nghị định 98/2023)",
            "I",
        ),
        _p(
            "amendment_2026_in_force",
            "Áp dụng Luật sửa đổi, bổ sung Luật Thi đua, khen thưởng năm 2026",
            "BOOLEAN",
            "false",
            "Chưa xác minh việc ban hành",
            "I",
        ),
    ]


def _nd152_parameters() -> list[dict]:
    decree = "Nghị định 152/2025/NĐ-CP"
    return [
        *_common_parameters(decree, nd152=True),
        _p(
            "bk_tinh_coefficient",
            "Hệ số tiền thưởng Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
            "DECIMAL",
            "1.5",
            "Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1",
            "V",
        ),
        _p(
            "no_award_to_dissolved_units",
            "Không khen thưởng cơ quan, tổ chức, đơn vị đã giải thể sau sắp xếp tổ chức bộ máy",
            "BOOLEAN",
            "true",
            "Thông tư 15/2025/TT-BNV",
            "S",
        ),
        _p(
            "amendment_2026_in_force",
            "Áp dụng Luật sửa đổi, bổ sung Luật Thi đua, khen thưởng năm 2026",
            "BOOLEAN",
            "false",
            "Chưa xác minh việc ban hành (dự thảo sửa đổi 47 điều; một nguồn cho là Luật 06/2026/QH16, "
            "hiệu lực 01/10/2026)",
            "I",
            "Nếu có hiệu lực: tiêu chuẩn Chiến sĩ thi đua cơ sở đòi hỏi cả hoàn thành xuất sắc nhiệm vụ và sáng kiến.",
        ),
    ]


RULE_SETS = [
    {
        "code": "ND98",
        "name": "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
        "source": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực 01/01/2024); Nghị định 98/2023/NĐ-CP ngày "
            "31/12/2023 (hiệu lực 01/01/2024, hết hiệu lực 01/7/2025, thay thế bởi Nghị định 152/2025/NĐ-CP "
            "Điều 59 khoản 2); Thông tư 01/2024/TT-BNV."
        ),
        "valid_from": "2024-01-01",
        "valid_to": "2025-06-30",
        "parameters": _nd98_parameters(),
    },
    {
        "code": "ND152",
        "name": "Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
        "source": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP ngày 14/6/2025 (hiệu lực "
            "01/7/2025, Điều 59 khoản 1); Thông tư 15/2025/TT-BNV ngày 04/8/2025. Một bản siêu dữ liệu ghi "
            "ngày hết hiệu lực 01/3/2027 (chưa xác minh)."
        ),
        "valid_from": "2025-07-01",
        "valid_to": None,
        "parameters": _nd152_parameters(),
    },
]
