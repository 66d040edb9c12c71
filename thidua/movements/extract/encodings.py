"""Byte decoding for Vietnamese text files: Unicode, cp1258 and the legacy 8-bit fonts TCVN3 (ABC) and VNI.

Legacy files were typed with font-based encodings: the bytes are ordinary Windows-1252 bytes and the font
draws Vietnamese letters in their place. The tables below are written from the public definitions:

- TCVN3 (TCVN 5712:1993, "VN3", the ABC fonts .VnTime…): one byte per precomposed lower-case letter in
  0xA1–0xFE, plus the seven upper-case vowel/Đ letters Ă Â Ê Ô Ơ Ư Đ. Upper-case toned letters do not exist
  in VN3 (documents used the capital ".VnTimeH" fonts, which draw the lower-case codes as capitals), so they
  decode to lower case. Unassigned bytes keep their Windows-1252 meaning (curly quotes, dashes).
- VNI (VNI-Windows fonts): an ASCII base letter followed by a modifier byte for the vowel mark and tone
  (a + 0xF9 "ù" = á, a + 0xE2 "â" = â …); a few letters are single bytes (ơ = 0xF4, ư = 0xF6, đ = 0xF1 …).
  Upper-case letters use the modifier byte minus 0x20.

`decode_bytes` tries every candidate and keeps the one whose words are most often valid Vietnamese
syllables (see `vietnamese.syllable_stats`).
"""

from __future__ import annotations

import codecs
import unicodedata

from .vietnamese import syllable_stats

# ---------------------------------------------------------------------------------------------------------
# Base single-byte table: Windows-1252 where defined, Latin-1 for its five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D).


def _base_table() -> list[str]:
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(byte))
    return table


CP1252 = _base_table()
_CP1252_REVERSE = {ch: byte for byte, ch in enumerate(CP1252)}

# ---------------------------------------------------------------------------------------------------------
# TCVN3 (ABC): byte -> letter, written out from the standard's code chart.

_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    # a: grave, hook, tilde, acute, dot
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    # ă
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    # â
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    # e
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    # ê
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    # i
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    # o
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    # ô
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    # ơ
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    # u
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    # ư
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    # y
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

TCVN3 = list(CP1252)
for _byte, _letter in _TCVN3_LETTERS.items():
    TCVN3[_byte] = _letter
TCVN3_ENCODE = {letter: byte for byte, letter in _TCVN3_LETTERS.items()}

# ---------------------------------------------------------------------------------------------------------
# VNI: modifier bytes (lower-case form; the upper-case form is the byte minus 0x20).
# The modifier is read as a Windows-1252 character: "aù" = á.

_TONES = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
_VNI_TONE_BYTES = {0xF9: "acute", 0xF8: "grave", 0xFB: "hook", 0xF5: "tilde", 0xEF: "dot"}
# vowel marks combined with a tone: circumflex (a, e, o) and breve (a only)
_VNI_CIRCUMFLEX_BYTES = {0xE2: None, 0xE1: "acute", 0xE0: "grave", 0xE5: "hook", 0xE3: "tilde", 0xE4: "dot"}
_VNI_BREVE_BYTES = {0xEA: None, 0xE9: "acute", 0xE8: "grave", 0xFA: "hook", 0xFC: "tilde", 0xEB: "dot"}
# single-byte letters (lower case)
_VNI_SINGLE = {0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ"}


def _compose(base: str, mark: str | None, tone: str | None) -> str:
    text = base + (mark or "") + (_TONES[tone] if tone else "")
    return unicodedata.normalize("NFC", text)


def _vni_tables() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """(pairs[base_char][modifier_char] -> letter, singles[char] -> letter), both cases."""
    pairs: dict[str, dict[str, str]] = {}
    singles: dict[str, str] = {}
    for upper in (False, True):
        shift = 0x20 if upper else 0

        def ch(byte: int, shift: int = shift) -> str:
            return CP1252[byte - shift]

        def case(text: str, upper: bool = upper) -> str:
            return text.upper() if upper else text

        for byte, letter in _VNI_SINGLE.items():
            singles[ch(byte)] = case(letter)
        for base in "aeiouy":
            for byte, tone in _VNI_TONE_BYTES.items():
                pairs.setdefault(case(base), {})[ch(byte)] = case(_compose(base, None, tone))
        for base in "aeo":
            for byte, tone in _VNI_CIRCUMFLEX_BYTES.items():
                pairs.setdefault(case(base), {})[ch(byte)] = case(_compose(base, "\u0302", tone))
        for byte, tone in _VNI_BREVE_BYTES.items():
            pairs.setdefault(case("a"), {})[ch(byte)] = case(_compose("a", "\u0306", tone))
        # ơ and ư are single bytes that take a tone byte after them
        for single_byte, base in ((0xF4, "o"), (0xF6, "u")):
            for byte, tone in _VNI_TONE_BYTES.items():
                pairs.setdefault(ch(single_byte), {})[ch(byte)] = case(_compose(base, "\u031b", tone))
    # i and y carry their tones as single bytes; "i"/"y" followed by a tone byte are not VNI
    for base in ("i", "I"):
        pairs.pop(base, None)
    return pairs, singles


_VNI_PAIRS, _VNI_SINGLES = _vni_tables()
VNI_ENCODE: dict[str, str] = {letter: base + mod for base, mods in _VNI_PAIRS.items() for mod, letter in mods.items()}
VNI_ENCODE.update({letter: char for char, letter in _VNI_SINGLES.items()})  # single bytes win (ỵ = "î")


# ---------------------------------------------------------------------------------------------------------
# Decoders working on the Windows-1252 reading of the bytes (so that mojibake already stored as Unicode
# can be repaired with the same code).


def bytes_to_cp1252(data: bytes) -> str:
    return "".join(CP1252[b] for b in data)


def cp1252_to_bytes(text: str) -> bytes | None:
    try:
        return bytes(_CP1252_REVERSE[ch] for ch in text)
    except KeyError:
        return None


def decode_tcvn3(data: bytes) -> str:
    return "".join(TCVN3[b] for b in data)


def decode_vni(data: bytes) -> str:
    text = bytes_to_cp1252(data)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        mods = _VNI_PAIRS.get(ch)
        if mods is not None and i + 1 < n and text[i + 1] in mods:
            out.append(mods[text[i + 1]])
            i += 2
            continue
        out.append(_VNI_SINGLES.get(ch, ch))
        i += 1
    return "".join(out)


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes (upper-case toned letters become lower case, as in VN3). For fixtures/tests."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        elif ch.lower() in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch.lower()])
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI-Windows bytes. For fixtures/tests."""
    chars = "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return chars.encode("cp1252")


# ---------------------------------------------------------------------------------------------------------
# Detection

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def _score(text: str) -> float:
    stats = syllable_stats(text)
    return stats.valid_marked - 2 * stats.invalid_marked - 5 * text.count("\ufffd")


def candidates(data: bytes) -> list[tuple[str, str]]:
    """Every plausible (encoding name, decoded text) reading of the bytes."""
    found: list[tuple[str, str]] = []
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None:
        found.append(("utf-8", utf8))
        # legacy text that was once read as Windows-1252 and saved again as UTF-8
        raw = cp1252_to_bytes(utf8)
        if raw is not None and raw != data:
            found.append(("tcvn3 (utf-8)", decode_tcvn3(raw)))
            found.append(("vni (utf-8)", decode_vni(raw)))
    else:
        found.append(("cp1258", unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))))
        found.append(("tcvn3", decode_tcvn3(data)))
        found.append(("vni", decode_vni(data)))
        found.append(("cp1252", bytes_to_cp1252(data)))
    return found


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for bytes of unknown Vietnamese encoding."""
    name = bom_encoding(data)
    if name:
        return data.decode(name, errors="replace"), name
    options = candidates(data)
    best_name, best_text = options[0]
    best_score = _score(best_text)
    for name, text in options[1:]:
        score = _score(text)
        if score > best_score:
            best_name, best_text, best_score = name, text, score
    return best_text, best_name
