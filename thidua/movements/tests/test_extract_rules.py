"""Field rules of extract(): each README rule on small Vietnamese texts written for the purpose."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.movements.extract import RECORD_KEYS, MovementRecord, extract, lists
from thidua.movements.extract.dates import find_ranges, find_until, find_year_ranges, full_dates


def rec(text: str) -> dict:
    return extract(text).to_json()


# --- the record ---------------------------------------------------------------------------------------------


def test_record_json_has_exactly_the_readme_keys_in_order():
    data = rec("UBND tỉnh Bạc Liêu vừa ban hành Kế hoạch phát động phong trào thi đua yêu nước năm 2021.")
    assert tuple(data) == RECORD_KEYS
    assert isinstance(data["slogans"], list) and isinstance(data["responsible_agencies"], list)


def test_every_filled_field_has_its_source_passage():
    record = extract(
        "Ngày 28/4/2021, Ủy ban nhân dân tỉnh Kiên Giang ban hành Kế hoạch số 90/KH-UBND về việc phát động "
        "phong trào thi đua yêu nước năm 2021 với khẩu hiệu “Đoàn kết, đổi mới, phát triển”."
    )
    for key, value in record.to_json().items():
        if value:
            assert record.sources[key], key
    assert "90/KH-UBND" in record.sources["doc_number"]


def test_a_failing_rule_leaves_only_its_field_empty(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(lists, "slogans", broken)
    record = extract("UBND tỉnh Hậu Giang ban hành Kế hoạch phát động phong trào thi đua năm 2021, khẩu hiệu “A B”.")
    assert record.slogans == [] and record.failed == ["slogans"]
    assert record.issuer == "UBND tỉnh Hậu Giang" and record.doc_type == "Kế hoạch"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_extract_never_raises_on_arbitrary_text(text):
    record = extract(text)
    assert isinstance(record, MovementRecord)
    assert tuple(record.to_json()) == RECORD_KEYS


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kế hoạch số 12/KH-UBND",
                "phong trào thi đua",
                "“",
                "”",
                '"',
                "từ ngày 1/2",
                "đến",
                "năm 2024",
                "Sở Nội vụ",
                "chủ trì",
                "khẩu hiệu",
                ",",
                ".",
                "\n",
                "UBND tỉnh",
                "Đại hội thi đua yêu nước",
                "lần thứ V",
                "giai đoạn",
            ]
        ),  # fmt: skip
        max_size=60,
    )
)
def test_extract_never_raises_on_shuffled_announcement_pieces(pieces):
    assert tuple(extract(" ".join(pieces)).to_json()) == RECORD_KEYS


def test_a_200_kb_announcement_is_extracted_in_full():
    """Long inputs are handled (their speed is measured in tests/bench/test_extract_bench.py)."""
    text = (LONG_PARAGRAPH * (200_000 // len(LONG_PARAGRAPH) + 1))[:200_000]
    for variant in (text, text.replace("\n", " ")):
        data = extract(variant).to_json()
        assert data["doc_number"] == "1250/KH-UBND" and data["slogans"] == ["Dân biết, dân bàn, dân làm"]


LONG_PARAGRAPH = (
    "Ngày 12/4/2022, UBND tỉnh Long An ban hành Kế hoạch số 1250/KH-UBND phát động phong trào thi đua "
    "“Long An chung sức xây dựng nông thôn mới” từ nay đến năm 2025. Sở Nông nghiệp và Phát triển nông thôn "
    "chủ trì, phối hợp với Sở Nội vụ theo dõi; khẩu hiệu “Dân biết, dân bàn, dân làm” được quán triệt.\n"
)


# --- issuer -------------------------------------------------------------------------------------------------


def test_issuer_writes_ubnd_and_adds_the_province_named_anywhere_in_the_text():
    data = rec(
        "UBND tỉnh vừa ban hành Kế hoạch phát động đợt thi đua đặc biệt. Kết quả được trao thưởng tại "
        "Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI, năm 2025."
    )
    assert data["issuer"] == "UBND tỉnh Hậu Giang"


def test_issuer_without_a_named_province_stays_ubnd_tinh():
    assert rec("Ủy ban nhân dân tỉnh ban hành Kế hoạch số 5/KH-UBND phát động phong trào thi đua.")["issuer"] == (
        "UBND tỉnh"
    )


def test_chairman_who_signs_a_directive_alone_is_the_issuer():
    data = rec(
        "Chủ tịch UBND tỉnh Quảng Trị vừa ký ban hành Chỉ thị số 05/CT-UBND về việc phát động phong trào thi đua."
    )
    assert data["issuer"] == "Chủ tịch UBND tỉnh Quảng Trị"


def test_chairman_launching_through_the_committees_plan_gives_the_committee():
    data = rec(
        "Đó là mục đích của phong trào thi đua yêu nước năm 2021 ở tỉnh Hậu Giang, được Chủ tịch UBND tỉnh "
        "Đồng Văn Thanh phát động tại Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021."
    )
    assert data["issuer"] == "UBND tỉnh Hậu Giang"


def test_the_documents_owner_after_cua_is_the_issuer():
    data = rec("Đó là nội dung tại Chỉ thị số 03/CT-UBND của Chủ tịch UBND tỉnh Tây Ninh về việc phát động phong trào.")
    assert data["issuer"] == "Chủ tịch UBND tỉnh Tây Ninh"


def test_prime_minister_and_formal_headers_are_recognised():
    assert rec("THỦ TƯỚNG CHÍNH PHỦ\nSố: 12/QĐ-TTg\n\nQUYẾT ĐỊNH\nVề việc phát động phong trào thi đua")["issuer"] == (
        "Thủ tướng Chính phủ"
    )
    header = "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 130/KH-UBND\nThanh Hoá, ngày 27 tháng 6 năm 2025\n\nKẾ HOẠCH\n"
    assert rec(header + "Phát động phong trào thi đua năm 2025")["issuer"] == "UBND tỉnh Thanh Hóa"


def test_the_body_issuing_the_plan_beats_the_one_whose_plan_it_implements():
    data = rec(
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 28/02/2024 của UBND tỉnh Sóc Trăng, Ủy ban nhân dân huyện Mỹ Tú "
        "ban hành Kế hoạch số 36/KH-UBND ngày 08/3/2024 phát động phong trào thi đua yêu nước năm 2024."
    )
    assert (data["issuer"], data["doc_number"], data["issue_date"]) == ("UBND huyện Mỹ Tú", "36/KH-UBND", "2024-03-08")


def test_ceremony_without_document_gives_the_organiser_and_no_document_fields():
    data = rec("Sáng 20/3, UBND huyện Tân Phú tổ chức Lễ phát động phong trào thi đua lập thành tích chào mừng 30 năm.")
    assert data["issuer"] == "UBND huyện Tân Phú"
    assert (data["doc_type"], data["doc_number"], data["issue_date"]) == (None, None, None)


def test_national_body_in_do_phrase_is_not_the_launcher():
    data = rec(
        "Liên đoàn Lao động tỉnh Bắc Ninh tổ chức Lễ phát động đợt thi đua cao điểm, gắn với phong trào thi đua "
        "“Lao động giỏi, lao động sáng tạo” do Tổng Liên đoàn Lao động Việt Nam phát động."
    )
    assert data["issuer"] == "Liên đoàn Lao động tỉnh Bắc Ninh"


def test_minister_signing_a_decision_alone_is_the_issuer():
    data = rec(
        "Bộ trưởng Bộ Tài chính đã ký Quyết định số 1234/QĐ-BTC ngày 20/7/2021 phát động phong trào thi đua "
        "“Tài chính Việt Nam đổi mới, sáng tạo, hội nhập” giai đoạn 2021 - 2025."
    )
    assert (data["issuer"], data["doc_type"], data["doc_number"]) == (
        "Bộ trưởng Bộ Tài chính",
        "Quyết định",
        "1234/QĐ-BTC",
    )


def test_chairman_presiding_over_a_launch_ceremony_is_the_issuer():
    data = rec("Sáng 24/2, Chủ tịch UBND tỉnh Tuyên Quang chủ trì Lễ phát động phong trào thi đua yêu nước năm 2024.")
    assert data["issuer"] == "Chủ tịch UBND tỉnh Tuyên Quang"


def test_launching_plan_named_only_in_a_reference_clause_is_still_found():
    data = rec(
        "Chiều 18/1, UBND tỉnh Phú Thọ tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2023 và phát động "
        "phong trào thi đua năm 2024. Trên cơ sở Kế hoạch số 210/KH-UBND ngày 15/01/2024 của UBND tỉnh về phát động "
        "phong trào thi đua yêu nước năm 2024, các cụm, khối thi đua đã ký kết giao ước thi đua."
    )
    assert (data["issuer"], data["doc_number"], data["issue_date"]) == (
        "UBND tỉnh Phú Thọ",
        "210/KH-UBND",
        "2024-01-15",
    )
    assert data["title"] == "phong trào thi đua yêu nước năm 2024"


def test_no_issuer_when_none_is_said():
    assert rec("Phong trào thi đua yêu nước được triển khai sâu rộng trong toàn tỉnh.")["issuer"] is None


# --- document type, number, date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doc_type", "number"),
    [
        ("UBND tỉnh ban hành Kế hoạch số 90/KH-UBND về việc phát động phong trào thi đua.", "Kế hoạch", "90/KH-UBND"),
        (
            "Bộ ban hành Quyết định số 2169/QĐ-BNN-TCCB về phát động phong trào thi đua.",
            "Quyết định",
            "2169/QĐ-BNN-TCCB",
        ),
        ("Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU về đẩy mạnh phong trào thi đua.", "Chỉ thị", "15-CT/TU"),
        ("UBND tỉnh có văn bản số 3156/UBND-NC về việc phát động phong trào thi đua.", "Văn bản", "3156/UBND-NC"),
        ("Chủ tịch UBND tỉnh ra Lời kêu gọi thi đua chung tay khắc phục hậu quả bão.", "Lời kêu gọi", None),
        ("Số 01/CT-UBND Chỉ thị về tổ chức phát động phong trào thi đua yêu nước năm 2015", "Chỉ thị", "01/CT-UBND"),
    ],
)
def test_document_type_and_number_as_written(text, doc_type, number):
    data = rec(text)
    assert (data["doc_type"], data["doc_number"]) == (doc_type, number)


def test_a_decision_that_issues_a_plan_is_the_document():
    data = rec(
        "Chủ tịch UBND tỉnh Vĩnh Long vừa ký Quyết định số 456/QĐ-UBND ngày 06/3/2023 về việc ban hành Kế hoạch "
        "phát động phong trào thi đua “Vĩnh Long chung tay vì người nghèo” giai đoạn 2023 - 2025."
    )
    assert (data["doc_type"], data["doc_number"], data["issue_date"]) == ("Quyết định", "456/QĐ-UBND", "2023-03-06")


def test_documents_only_referred_to_are_not_the_launching_document():
    data = rec(
        "Thực hiện Chỉ thị số 41/CT-TTg ngày 05/12/2024 của Thủ tướng Chính phủ về đẩy mạnh phong trào thi đua, "
        "các địa phương tổ chức các hoạt động hưởng ứng."
    )
    assert (data["doc_type"], data["doc_number"], data["issue_date"]) == (None, None, None)


def test_issue_date_is_the_documents_not_the_articles():
    data = rec(
        "Ngày đăng: 04.05.2021\nNgày 28/4/2021, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 90/KH-UBND về việc "
        "phát động phong trào thi đua."
    )
    assert data["issue_date"] == "2021-04-28"


def test_issue_date_in_brackets_after_the_number():
    data = rec("UBND tỉnh Hậu Giang ban hành Kế hoạch số 12/KH-UBND (ngày 5/3/2024) phát động phong trào thi đua.")
    assert (data["doc_number"], data["issue_date"]) == ("12/KH-UBND", "2024-03-05")


def test_issue_date_year_comes_from_the_article_date_when_the_text_omits_it():
    text = "Ngày 5/2, UBND tỉnh Lâm Đồng ban hành Kế hoạch số 1020/KH-UBND phát động phong trào thi đua năm 2024."
    assert rec("05/02/2024 | 16:40\n" + text)["issue_date"] == "2024-02-05"
    assert rec("Tin tức\n" + text)["issue_date"] is None  # day and month alone do not fix the date


def test_issue_date_of_a_formal_document_is_its_place_and_date_line():
    header = "UBND TỈNH SƠN LA\nSố: 01/CT-UBND\nSơn La, ngày 10 tháng 01 năm 2022\n\nCHỈ THỊ\nVề việc phát động thi đua"
    assert rec(header)["issue_date"] == "2022-01-10"
    assert rec(header.replace("ngày 10 tháng", "ngày    tháng"))["issue_date"] is None


# --- title ------------------------------------------------------------------------------------------------------


def test_title_is_the_movement_phrase_of_the_launching_document():
    data = rec(
        "UBND tỉnh Khánh Hòa vừa ban hành Chỉ thị về việc phát động phong trào thi đua lập thành tích chào mừng "
        "Đại hội Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2020 - 2025."
    )
    assert data["title"] == (
        "phong trào thi đua lập thành tích chào mừng Đại hội Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2020 - 2025"
    )


def test_quoted_movement_name_is_the_title_without_its_quotes():
    data = rec("Ngày 3-4-2024, UBND tỉnh Thái Bình ban hành Kế hoạch số 58/KH-UBND phát động phong trào thi đua "
               "‘Thái Bình chung tay xây dựng đô thị văn minh’ giai đoạn 2024 - 2026.")  # fmt: skip
    assert data["title"] == "Thái Bình chung tay xây dựng đô thị văn minh"


def test_title_drops_the_place_phrase_and_prefers_a_real_movement_to_thi_dua_khen_thuong():
    data = rec(
        "Phát động phong trào thi đua yêu nước năm 2021 trên địa bàn tỉnh Hậu Giang\n"
        "Ban Thường vụ ban hành Chỉ thị số 1-CT/TU về công tác thi đua, khen thưởng, đẩy mạnh phong trào thi đua "
        "yêu nước năm 2021."
    )
    assert data["title"] == "phong trào thi đua yêu nước năm 2021"


def test_movement_tied_to_the_launched_one_is_not_its_title():
    data = rec(
        "Theo Kế hoạch số 12/KH-LĐLĐ của Liên đoàn Lao động tỉnh, đợt thi đua diễn ra từ tháng 3/2023, gắn với phong "
        "trào thi đua “Lao động giỏi, lao động sáng tạo” do Tổng Liên đoàn Lao động Việt Nam phát động."
    )
    assert data["title"] != "Lao động giỏi, lao động sáng tạo"


# --- slogans ------------------------------------------------------------------------------------------------------


def test_slogans_are_quotes_called_khau_hieu_chu_de_tinh_than_or_phuong_cham():
    data = rec(
        "Chỉ thị yêu cầu phát động phong trào thi đua theo tinh thần “Tiếp tục tăng tốc - tạo bứt phá”, "
        "“Đồng thuận cao, thi đua giỏi, về đích sớm”. Năm 2024 với chủ đề 'Đoàn kết - Sáng tạo'. "
        'Đợt thi đua với khẩu hiệu: "Về đích sớm". Phương châm “Dân biết, dân bàn, dân làm”.'
    )
    assert data["slogans"] == [
        "Tiếp tục tăng tốc - tạo bứt phá",
        "Đồng thuận cao, thi đua giỏi, về đích sớm",
        "Đoàn kết - Sáng tạo",
        "Về đích sớm",
        "Dân biết, dân bàn, dân làm",
    ]


def test_speeches_movement_names_and_document_titles_are_not_slogans():
    data = rec(
        "Ông Nguyễn Văn A nhấn mạnh: “Mỗi cán bộ phải là tấm gương sáng”. Tỉnh triển khai phong trào thi đua “Cả nước "
        "chung sức xây dựng nông thôn mới”, theo tinh thần Chỉ thị số 34-CT/TW về “Tiếp tục đổi mới công tác thi đua”, "
        "thực hiện “mục tiêu kép”."
    )
    assert data["slogans"] == []


def test_a_motto_named_before_a_copula_is_a_slogan():
    assert rec("Phương châm của phong trào là “Kỷ cương, liêm chính, hành động”.")["slogans"] == [
        "Kỷ cương, liêm chính, hành động"
    ]


def test_the_same_slogan_quoted_twice_is_listed_once():
    data = rec(
        "Đợt thi đua với khẩu hiệu: “Thi đua đoàn kết, đổi mới, sáng tạo thực hiện hoàn thành nghị quyết”.\n"
        "“Tôi đề nghị các cấp phấn đấu đúng với tinh thần “thi đua đoàn kết, đổi mới, sáng tạo thực hiện hoàn thành "
        "nghị quyết”, Bí thư Tỉnh ủy kêu gọi."
    )
    assert data["slogans"] == ["Thi đua đoàn kết, đổi mới, sáng tạo thực hiện hoàn thành nghị quyết"]


# --- period -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("UBND tỉnh ban hành Kế hoạch phát động phong trào thi đua yêu nước năm 2021.", "2021-01-01", "2021-12-31"),
        ("UBND tỉnh phát động phong trào thi đua yêu nước giai đoạn 2021 - 2025.", "2021-01-01", "2025-12-31"),
        ("Đợt thi đua được thực hiện từ tháng 7-2024 đến hết ngày 30-6-2025.", "2024-07-01", "2025-06-30"),
        ("UBND tỉnh phát động phong trào thi đua “Chung sức” từ nay đến năm 2025.", None, "2025-12-31"),
        ("Phong trào được triển khai từ nay đến hết ngày 31/12/2024.", None, "2024-12-31"),
        ("Phong trào thi đua diễn ra từ ngày 15/9 đến ngày 23/12/2024.", "2024-09-15", "2024-12-23"),
        ("Thời gian thi đua: Năm 2022. Đối tượng là các sở, ngành.", "2022-01-01", "2022-12-31"),
        ("Thời gian thực hiện: từ năm 2023 đến năm 2025.", "2023-01-01", "2025-12-31"),
        ("III. THỜI GIAN THỰC HIỆN\nTừ tháng 7/2025 đến tháng 12/2025.", "2025-07-01", "2025-12-31"),
        ("Phát động phong trào thi đua “Xanh”. Phong trào được triển khai trong năm 2024.", "2024-01-01", "2024-12-31"),
    ],
)
def test_period_rules_of_the_readme(text, start, end):
    data = rec(text)
    assert (data["period_start"], data["period_end"]) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "UBND tỉnh phát động phong trào thi đua chào mừng Đại hội Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2020 - 2025.",
        "Phát động phong trào thi đua chào mừng 30 năm ngày thành lập huyện (1994 - 2024).",
        "Phấn đấu đến hết năm 2020, mỗi cơ quan có ít nhất một công trình. Ban tổ chức chuẩn bị Đại hội thi đua yêu "
        "nước tỉnh lần thứ V, giai đoạn 2020 - 2025.",
    ],
    ids=["term-of-office", "anniversary", "congress-and-target"],
)
def test_terms_anniversaries_congresses_and_targets_are_not_the_period(text):
    data = rec(text)
    assert (data["period_start"], data["period_end"]) == (None, None)


def test_period_from_the_aims_when_the_name_has_none():
    data = rec(
        "Với mục tiêu đẩy mạnh phong trào thi đua yêu nước, góp phần thực hiện nhiệm vụ năm 2021 và giai đoạn "
        "2021 - 2025. UBND tỉnh ban hành Kế hoạch số 90/KH-UBND về việc phát động phong trào thi đua thực hiện Nghị "
        "quyết Đại hội Đảng bộ tỉnh lần thứ XI, nhiệm kì 2020-2025"
    )
    assert (data["period_start"], data["period_end"]) == ("2021-01-01", "2025-12-31")


def test_date_helpers():
    assert [d for d, _, _ in full_dates("ngày 13 tháng 01 năm 2021, 28/4/2021, 30-6-2025, 04.05.2021")] == [
        dt.date(2021, 1, 13),
        dt.date(2021, 4, 28),
        dt.date(2025, 6, 30),
        dt.date(2021, 5, 4),
    ]
    assert find_ranges("từ tháng 7 đến tháng 12 năm 2024")[0].end == dt.date(2024, 12, 31)
    assert find_ranges("từ ngày 15/12 đến ngày 15/01/2025")[0].start == dt.date(2024, 12, 15)
    assert find_year_ranges("giai đoạn 2021–2025")[0].start == dt.date(2021, 1, 1)
    assert find_until("đến hết năm 2025")[0].end == dt.date(2025, 12, 31)
    assert find_ranges("có hiệu lực kể từ ngày ký ban hành") == []


# --- national movements ----------------------------------------------------------------------------------------


def test_national_movements_listed_after_do_thu_tuong_phat_dong():
    data = rec(
        "UBND tỉnh ban hành Kế hoạch phát động phong trào thi đua yêu nước năm 2021; triển khai các phong trào thi đua "
        "do Thủ tướng Chính phủ phát động: phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”, phong trào "
        "thi đua “Doanh nghiệp Việt Nam hội nhập và phát triển”."
    )
    assert data["national_movements"] == [
        "Cả nước chung sức xây dựng nông thôn mới",
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
    ]


def test_known_national_movements_are_found_without_quotes_and_local_ones_are_not_national():
    data = rec(
        "UBND tỉnh Long An ban hành Kế hoạch phát động phong trào thi đua “Long An chung sức xây dựng nông thôn mới”, "
        "cụ thể hóa phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa."
    )
    assert data["title"] == "Long An chung sức xây dựng nông thôn mới"
    assert data["national_movements"] == ["Toàn dân đoàn kết xây dựng đời sống văn hóa"]


def test_a_movement_launched_by_a_ministry_is_national():
    data = rec(
        "Sở Giáo dục ban hành Kế hoạch phát động phong trào thi đua “Dạy tốt, học tốt” năm 2024, tiếp tục thực hiện "
        "cuộc vận động “Mỗi ngày một tin tốt” do Bộ Giáo dục và Đào tạo phát động."
    )
    assert data["national_movements"] == ["Mỗi ngày một tin tốt"]


# --- responsible agencies --------------------------------------------------------------------------------------


def test_agencies_given_a_task_by_name_and_not_generic_ones():
    data = rec(
        "UBND tỉnh ban hành Kế hoạch phát động phong trào thi đua năm 2021. Các sở, ban, ngành chủ trì, phối hợp với "
        "Sở Nội vụ tham mưu sơ kết; Sở Văn hóa, Thể thao và Du lịch, Báo Hậu Giang, Đài Phát thanh và Truyền hình "
        "tỉnh tăng cường tuyên truyền. Giao Sở Nông nghiệp và Phát triển nông thôn làm đầu mối."
    )
    assert data["responsible_agencies"] == [
        "Sở Nội vụ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Báo Hậu Giang",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ]


def test_ministry_departments_and_newspapers_are_agencies():
    data = rec(
        "Bộ Tài chính phát động phong trào thi đua năm 2021. Vụ Thi đua - Khen thưởng có trách nhiệm hướng dẫn, theo "
        "dõi; Tạp chí Tài chính, Thời báo Tài chính Việt Nam tăng cường tuyên truyền."
    )
    assert data["responsible_agencies"] == [
        "Vụ Thi đua - Khen thưởng",
        "Tạp chí Tài chính",
        "Thời báo Tài chính Việt Nam",
    ]


def test_footers_owners_and_bracketed_sub_units_are_not_agencies():
    data = rec(
        "UBND tỉnh ban hành Kế hoạch phát động phong trào thi đua năm 2021, thực hiện nghị quyết của Ban Chấp hành "
        "Đảng bộ tỉnh. Giao Sở Nội vụ (Ban Thi đua - Khen thưởng) hướng dẫn.\n"
        "Giấy phép số: 02/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bạc Liêu cấp ngày 07/9/2018\n"
        "Chịu trách nhiệm chính: Ông Nguyễn Văn B - Chánh Văn phòng UBND tỉnh"
    )
    assert data["responsible_agencies"] == ["Sở Nội vụ"]


def test_agencies_in_the_organisation_section_of_a_plan():
    data = rec(
        "UBND TỈNH BẠC LIÊU\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nPhát động phong trào thi đua năm 2024\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Chủ trì, hướng dẫn triển khai Kế hoạch.\n"
        "2. Sở Tài chính: bố trí kinh phí.\n3. Ban tổ chức Đại hội thi đua yêu nước, các cơ quan liên quan chủ động "
        "tham mưu.\n\nNơi nhận:\n- Sở Tư pháp;\n- Lưu: VT."
    )
    assert data["responsible_agencies"] == ["Sở Nội vụ", "Sở Tài chính", "Ban tổ chức Đại hội thi đua yêu nước"]


# --- reward event -----------------------------------------------------------------------------------------------


def test_reward_event_is_the_patriotic_emulation_congress_the_movement_leads_to():
    data = rec(
        "Ban tổ chức Đại hội thi đua yêu nước chuẩn bị chu đáo. UBND tỉnh sẽ tổng kết đợt thi đua và trao thưởng vào "
        "dịp tổ chức Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI, năm 2025."
    )
    assert data["reward_event"] == "Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI, năm 2025"


def test_no_reward_event_when_none_is_named():
    assert rec("UBND tỉnh phát động phong trào thi đua yêu nước năm 2024.")["reward_event"] is None
