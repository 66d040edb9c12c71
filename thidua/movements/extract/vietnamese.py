"""Vietnamese orthography: valid syllables, text normalisation, diacritic folding.

A written Vietnamese syllable is (onset)(rhyme) plus at most one tone mark, and syllables ending in a stop
(c, ch, p, t) take only the sắc or nặng tone. Checking words against that shape tells real Vietnamese apart
from mojibake (a legacy-encoded file read with the wrong table) and from other languages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}

ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip

RHYMES = frozenset(
    [
        "a",
        "ai",
        "ao",
        "au",
        "ay",
        "ac",
        "ach",
        "am",
        "an",
        "ang",
        "anh",
        "ap",
        "at",
        "ăc",
        "ăm",
        "ăn",
        "ăng",
        "ăp",
        "ăt",
        "âc",
        "âm",
        "ân",
        "âng",
        "âp",
        "ât",
        "âu",
        "ây",
        "e",
        "eo",
        "ec",
        "em",
        "en",
        "eng",
        "ep",
        "et",
        "ê",
        "êu",
        "êch",
        "êm",
        "ên",
        "ênh",
        "êp",
        "êt",
        "i",
        "ia",
        "iu",
        "ich",
        "im",
        "in",
        "inh",
        "ip",
        "it",
        "iêc",
        "iêm",
        "iên",
        "iêng",
        "iêp",
        "iêt",
        "iêu",
        "o",
        "oi",
        "oc",
        "om",
        "on",
        "ong",
        "op",
        "ot",
        "oong",
        "ooc",
        "ô",
        "ôi",
        "ôc",
        "ôm",
        "ôn",
        "ông",
        "ôp",
        "ôt",
        "ơ",
        "ơi",
        "ơm",
        "ơn",
        "ơp",
        "ơt",
        "u",
        "ua",
        "ui",
        "uc",
        "um",
        "un",
        "ung",
        "up",
        "ut",
        "uôc",
        "uôi",
        "uôm",
        "uôn",
        "uông",
        "uôt",
        "ư",
        "ưa",
        "ưi",
        "ưu",
        "ưc",
        "ưm",
        "ưn",
        "ưng",
        "ưt",
        "ươc",
        "ươi",
        "ươm",
        "ươn",
        "ương",
        "ươp",
        "ươt",
        "ươu",
        "y",
        "yêm",
        "yên",
        "yêng",
        "yêt",
        "yêu",
        "oa",
        "oai",
        "oay",
        "oac",
        "oach",
        "oam",
        "oan",
        "oang",
        "oanh",
        "oap",
        "oat",
        "oăc",
        "oăm",
        "oăn",
        "oăng",
        "oăt",
        "oe",
        "oeo",
        "oen",
        "oet",
        "oem",
        "uy",
        "uya",
        "uyên",
        "uyêt",
        "uych",
        "uynh",
        "uyt",
        "uyu",
        "uyp",
        "uân",
        "uâng",
        "uât",
        "uây",
        "uê",
        "uênh",
        "uêch",
        "uơ",
    ]
)

STOP_FINALS = ("c", "ch", "p", "t")
WORD_RE = re.compile(r"[^\W\d_]+")


def split_tone(word: str) -> tuple[str, list[str]]:
    """(the word without tone marks, in NFC; the tone marks found)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, tones


def is_syllable(word: str) -> bool:
    """True when `word` is a well-formed Vietnamese syllable (case-insensitive)."""
    base, tones = split_tone(word.lower())
    if len(tones) > 1 or not base:
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if rhyme == "" and onset == "gi":
            return True
        if rhyme in RHYMES:
            # a stop-final syllable takes only the sắc or nặng tone
            return not (tones and rhyme.endswith(STOP_FINALS) and TONE_MARKS[tones[0]] not in ("sắc", "nặng"))
    return False


@dataclass(frozen=True)
class SyllableStats:
    words: int  # alphabetic words
    marked: int  # words with a non-ASCII letter
    valid_marked: int  # ... that are valid Vietnamese syllables
    invalid_marked: int  # ... that are not


def syllable_stats(text: str, limit: int = 200_000) -> SyllableStats:
    words = marked = valid = 0
    for match in WORD_RE.finditer(text, 0, min(len(text), limit)):
        word = match.group()
        words += 1
        if word.isascii():
            continue
        marked += 1
        if is_syllable(word):
            valid += 1
    return SyllableStats(words, marked, valid, marked - valid)


def looks_vietnamese(text: str) -> bool:
    """Enough well-formed syllables with Vietnamese letters, and they make up a fair share of the words."""
    stats = syllable_stats(text)
    if stats.valid_marked < 5:
        return False
    return stats.valid_marked >= 0.2 * stats.words and stats.valid_marked >= 2 * stats.invalid_marked


# ---------------------------------------------------------------------------------------------------------
# Normalisation

_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ",  # Ð (Icelandic eth) typed for Đ
        "\u00f0": "đ",
        "\u0189": "Đ",  # Ɖ (African D)
        "\u01a3": "ư",  # ƣ: broken PDF fonts draw ư with the "oi" letter
        "\u01a2": "Ư",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u000b": "\n",
        "\u000c": "\n",
        "\t": " ",
    }
)
_LOOKALIKE_PAIRS = [(chr(code), good) for code, good in _LOOKALIKES.items()]
_SPACES_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000e-\u001f\u007f]")
_MULTISPACE_RE = re.compile(r" {2,}")
_BLANKLINES_RE = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """Canonical form of extracted text: NFC, look-alike letters fixed, spaces and line breaks tidied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    for bad, good in _LOOKALIKE_PAIRS:
        if bad in text:
            text = text.replace(bad, good)
    text = _SPACES_RE.sub(" ", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _MULTISPACE_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANKLINES_RE.sub("\n\n", text)
    return unicodedata.normalize("NFC", text).strip()


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        return ch
    if low == "đ":
        return "d"
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isascii() else low


_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x2000) if _fold_char(chr(code)) != chr(code)}


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ -> d, one character per input character (offsets are preserved)."""
    return text.translate(_FOLD_TABLE)


_END_OF_SENTENCE = tuple(".!?:;")
_META_LINE_RE = re.compile(r"^[^\d:]{1,25}:\s*\d")  # "Lượt xem: 88", "Ngày đăng: 04.05.2021"
_LIST_ITEM_RE = re.compile(r"^(?:[a-zđ]|[ivx]+)[.)]\s")


def reflow(text: str) -> str:
    """Join lines broken at the page width (PDF text layers, text pasted from PDFs) back into paragraphs.

    A line continues the previous one when the previous line is long (close to the widest lines) and does not
    end a sentence, or when it starts with a lower-case letter after a fairly long line. Short lines (headers,
    headings, names) stay as they are."""
    lines = [line.strip() for line in text.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return text
    wide = widths[max(0, int(len(widths) * 0.9) - 1)]
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            prev = out[-1]
            open_end = not prev.endswith(_END_OF_SENTENCE)
            long_prev = len(prev) >= 0.75 * wide and len(line) >= 20 and not _META_LINE_RE.match(line)
            lower_next = line[0].islower() and not _LIST_ITEM_RE.match(line) and len(prev) >= 0.4 * wide
            if open_end and (long_prev or lower_next) and len(prev) >= 30:
                out[-1] = prev + " " + line
                continue
        out.append(line)
    return "\n".join(out)
