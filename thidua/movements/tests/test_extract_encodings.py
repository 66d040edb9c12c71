"""Legacy Vietnamese encodings and the syllable statistics that detect them."""

import unicodedata

import pytest

from thidua.movements.extract.encodings import (
    decode_bytes,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
)
from thidua.movements.extract.vietnamese import fold, is_syllable, looks_vietnamese, normalise

LOWER_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
TEXT = "Ủy ban nhân dân tỉnh Hậu Giang phát động phong trào thi đua “Người người thi đua, ngành ngành thi đua”."


@pytest.mark.parametrize(
    ("byte", "letter"), [(0xB8, "á"), (0xB5, "à"), (0xAE, "đ"), (0xA7, "Đ"), (0xF9, "ự"), (0xFE, "ỵ"), (0xCA, "ấ")]
)
def test_tcvn3_bytes_follow_the_standard_code_chart(byte, letter):
    assert decode_tcvn3(bytes([byte])) == letter


def test_tcvn3_round_trips_every_lower_case_letter_and_keeps_windows_quotes():
    assert decode_tcvn3(encode_tcvn3(LOWER_LETTERS)) == LOWER_LETTERS
    assert decode_tcvn3(b"\x93x\x94") == "“x”"


def test_vni_round_trips_every_letter_in_both_cases():
    upper = LOWER_LETTERS.upper()
    assert decode_vni(encode_vni(LOWER_LETTERS + upper)) == LOWER_LETTERS + upper


@pytest.mark.parametrize(("vni", "text"), [("Vieät Nam", "Việt Nam"), ("ñua", "đua"), ("tröôøng", "trường")])
def test_vni_decodes_base_letter_plus_modifier(vni, text):
    assert decode_vni(vni.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (encode_tcvn3(TEXT), "tcvn3"),
        (encode_vni(TEXT), "vni"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_the_reading_with_most_valid_syllables_wins(data, name):
    text, encoding = decode_bytes(data)
    assert encoding == name
    assert "phong trào thi đua" in text


def test_windows_1258_reading_wins_for_cp1258_bytes():
    decomposed = []
    for ch in TEXT:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        decomposed.append(base + tones)
    text, encoding = decode_bytes("".join(decomposed).encode("cp1258"))
    assert encoding == "cp1258"
    assert "phát động phong trào thi đua" in text


@pytest.mark.parametrize("word", ["phong", "trào", "nghiêng", "khuyến", "quyết", "giữ", "gì", "hoạch", "người", "ĐUA"])
def test_well_formed_vietnamese_syllables_are_valid(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["Ph¸t", "thanhf", "Covid", "aùt", "tiếcs", "hoạchs", "pàt"])
def test_mojibake_and_foreign_words_are_not_syllables(word):
    assert not is_syllable(word)


def test_looks_vietnamese_needs_enough_marked_syllables():
    assert looks_vietnamese(TEXT)
    assert not looks_vietnamese("Thi dua yeu nuoc nam 2021 tai tinh Hau Giang va cac so ban nganh")
    assert not looks_vietnamese("Café crème brûlée à la carte, déjà vu")


def test_fold_keeps_offsets_and_drops_marks():
    assert fold("Thanh Hoá ĐẮK LẮK") == "thanh hoa dak lak"
    assert len(fold(TEXT)) == len(TEXT)


def test_normalise_tidies_lines_and_spaces():
    assert normalise("  a\u00a0\u00a0b \r\n\r\n\r\n\r\nc\u200d ") == "a b\n\nc"
