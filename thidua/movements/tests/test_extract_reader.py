"""read_document: every supported format and encoding, and a clear Vietnamese refusal for everything else."""

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from thidua.movements.extract import DocumentError, read_document
from thidua.movements.extract.encodings import bytes_to_cp1252, encode_tcvn3, encode_vni

FORMATS = Path(__file__).parent / "extract_docs" / "formats"
SAMPLE = (
    "Ngày 28/4/2021, Ủy ban nhân dân tỉnh Kiên Giang ban hành Kế hoạch số 90/KH-UBND về việc phát động "
    "phong trào thi đua yêu nước năm 2021 với khẩu hiệu “Đoàn kết, đổi mới, phát triển”."
)


def read(name: str) -> str:
    return read_document(name, (FORMATS / name).read_bytes())


def test_utf8_text_is_read_and_lookalike_letters_spaces_and_invisible_characters_are_normalised():
    raw = "Nghị quyết Ðại hội\u00a0Ðảng bộ\u200b tỉnh. " + SAMPLE
    text = read_document("tin.txt", raw.encode("utf-8"))
    assert "Đại hội Đảng bộ tỉnh" in text
    assert "Ð" not in text and "\u00a0" not in text and "\u200b" not in text


def test_decomposed_unicode_is_composed_to_nfc():
    text = read_document("a.txt", unicodedata.normalize("NFD", SAMPLE).encode("utf-8"))
    assert text == unicodedata.normalize("NFC", SAMPLE)


def test_utf16_with_bom_is_read():
    text = read("f06_tin_dong_nai_utf16.txt")
    assert "UBND tỉnh Đồng Nai ban hành Kế hoạch số 1530/KH-UBND" in text


def test_windows_1258_with_combining_tones_is_read():
    text = read("f07_tin_binh_phuoc_cp1258.txt")
    assert "UBND tỉnh Bình Phước ban hành Kế hoạch số 250/KH-UBND" in text


def test_tcvn3_text_is_detected_and_converted():
    text = read("f04_ke_hoach_ha_tinh_tcvn3.txt")
    assert "Hà Tĩnh, ngày 20 tháng 4 năm 2023" in text
    assert "phương châm “Người dân là chủ thể, chính quyền là đồng hành”" in text


def test_vni_text_is_detected_and_converted():
    text = read("f05_tin_an_giang_vni.txt")
    assert "UBND tỉnh An Giang ban hành Kế hoạch số 310/KH-UBND" in text
    assert 'khẩu hiệu "Đoàn kết, đổi mới, hội nhập, phát triển"' in text


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni], ids=["tcvn3", "vni"])
def test_legacy_text_once_saved_as_utf8_mojibake_is_repaired(encode):
    mojibake = bytes_to_cp1252(encode(SAMPLE)).encode("utf-8")
    text = read_document("tin.txt", mojibake)
    assert "phát động phong trào thi đua yêu nước năm 2021" in text


def test_docx_paragraphs_and_table_cells_come_in_document_order():
    text = read("f01_ke_hoach_tay_ninh.docx")
    assert text.index("Số: 07/KH-UBND") < text.index("Tây Ninh, ngày 12 tháng 01 năm 2024") < text.index("KẾ HOẠCH")
    assert text.index("III. TỔ CHỨC THỰC HIỆN") < text.index("Sở Nội vụ") < text.index("Sở Tài chính")


def test_pdf_text_layer_is_read_and_wrapped_lines_are_joined():
    text = read("f02_chi_thi_phu_yen.pdf")
    assert "khẩu hiệu ‘Đoàn kết, đổi mới, tăng tốc, phát triển’, gắn với phong trào thi đua" in text


def test_html_keeps_paragraphs_and_drops_scripts_styles_and_head():
    text = read("f03_tin_ca_mau.html")
    assert "Sở Tài chính chủ trì" not in text  # written by a script
    assert "font-family" not in text and "Báo Cà Mau" not in text  # style and <title>
    assert '"Cà Mau chung tay xây dựng nông thôn mới" giai đoạn 2022 - 2025.\n' in text
    # &nbsp; became a space and the <h1> is a line of its own
    assert "Cà Mau phát động phong trào thi đua xây dựng nông thôn mới giai đoạn 2022 - 2025" in text.splitlines()


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: vowel marks precomposed, tones as combining marks."""
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_html_declared_charset_is_honoured():
    page = '<html><head><meta charset="windows-1258"></head><body><p>' + SAMPLE + "</p></body></html>"
    text = read_document("trang.htm", cp1258(page))
    assert "Kế hoạch số 90/KH-UBND về việc phát động phong trào thi đua" in text


# --- refusals ------------------------------------------------------------------------------------------------


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(name, data)
    return caught.value.message


def test_pdf_extension_with_other_content_is_refused():
    assert refusal("van_ban.pdf", SAMPLE.encode()) == "Tệp có đuôi .pdf nhưng nội dung không phải PDF."


def test_damaged_pdf_is_refused():
    assert refusal("hong.pdf", b"%PDF-1.7\n garbage without objects") == "Tệp PDF bị hỏng hoặc không đọc được."


def test_scanned_pdf_without_text_layer_asks_for_pasted_text():
    message = refusal("scan.pdf", (FORMATS / "scan_khong_lop_chu.pdf").read_bytes())
    assert message == "Tệp PDF không có lớp chữ (bản scan) — hãy dán nội dung văn bản."


def test_docx_extension_with_other_content_is_refused():
    assert "không phải tài liệu Word" in refusal("ke_hoach.docx", SAMPLE.encode())


def test_zip_without_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert "không phải tài liệu Word" in refusal("ke_hoach.docx", buffer.getvalue())


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b"%PDF-1.4 ...", b"abc\x00\x01\x02" * 100], ids=["png", "pdf", "nul"]
)
def test_binary_content_with_txt_extension_is_refused(data):
    message = refusal("tin.txt", data)
    assert message.startswith("Tệp có đuôi .txt nhưng nội dung")


def test_plain_text_with_html_extension_is_refused():
    assert refusal("trang.html", SAMPLE.encode()) == "Tệp có đuôi .html nhưng nội dung không phải HTML."


def test_file_over_20_mb_is_refused():
    assert refusal("to.txt", b"a" * (20 * 1024 * 1024 + 1)) == "Tệp lớn hơn 20 MB."


@pytest.mark.parametrize("data", [b"", b"   \n\t  "], ids=["empty", "blank"])
def test_empty_file_is_refused(data):
    assert refusal("rong.txt", data) == "Tệp rỗng, không có nội dung."


@pytest.mark.parametrize(
    "text",
    [
        "The provincial People's Committee launched an emulation movement for the year 2021 in all departments.",
        "Ke hoach phat dong phong trao thi dua yeu nuoc nam 2021 cua UBND tinh Kien Giang.",
        "1234 5678 -- // ..",
    ],
    ids=["english", "no-diacritics", "numbers"],
)
def test_text_that_is_not_vietnamese_is_refused(text):
    assert refusal("tin.txt", text.encode()) == "Văn bản không phải tiếng Việt hoặc không có nội dung."


@pytest.mark.parametrize("name", ["ke_hoach.doc", "ke_hoach.odt", "anh.jpg", "khong_duoi"])
def test_unsupported_extensions_are_refused_with_the_supported_list(name):
    message = refusal(name, SAMPLE.encode())
    assert "không được hỗ trợ" in message and ".docx, .pdf, .html hoặc .txt" in message
