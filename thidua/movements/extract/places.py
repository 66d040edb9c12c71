"""Provinces and centrally-run cities of Việt Nam (before and after the 2025 merger), found in text.

Matching folds diacritics and case ("Thanh Hoá", "THANH HÓA", "Thanh Hóa" are one province) and keeps the
spelling the text uses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .vietnamese import fold

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
    "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
# names that also occur in other senses; they count only after "tỉnh/thành phố/TP"
NEEDS_PREFIX = {"Hồ Chí Minh", "Huế"}

_PREFIX_RE = re.compile(r"(?:tỉnh|tinh|thành phố|TP\.?|Tp\.?|T\.P\.?)\s*$", re.IGNORECASE)


def _pattern(name: str) -> str:
    parts = [re.escape(fold(part)) for part in re.split(r"\s*-\s*|\s+", name)]
    return r"\s*[-\u2013]?\s*".join(parts)


_ALL = [(name, name in CITIES) for name in (*PROVINCES, *CITIES)]
_ALL.sort(key=lambda item: -len(item[0]))  # longest first: "Thừa Thiên Huế" before "Huế"
_FOLDED_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(f"(?:{_pattern(n)})" for n, _ in _ALL) + r")(?![a-z0-9])")
_BY_FOLD = {re.sub(r"[\s\-\u2013]+", " ", fold(n)): n for n, _ in _ALL}


@dataclass(frozen=True)
class PlaceMention:
    canonical: str  # "Thanh Hóa"
    written: str  # "Thanh Hoá" as in the text
    start: int
    end: int
    prefixed: bool  # preceded by tỉnh / thành phố / TP
    is_city: bool


def canonical(folded: str) -> str | None:
    return _BY_FOLD.get(re.sub(r"[\s\-\u2013]+", " ", folded))


_HCM_RE = re.compile(r"\b(?:TP|Tp)\.?\s?HCM\b|\bTPHCM\b")


def mentions(text: str, folded: str | None = None) -> list[PlaceMention]:
    folded = fold(text) if folded is None else folded
    found = [PlaceMention("Hồ Chí Minh", "Hồ Chí Minh", m.start(), m.end(), True, True) for m in _HCM_RE.finditer(text)]
    for match in _FOLDED_RE.finditer(folded):
        name = canonical(match.group(1))
        if name is None:
            continue
        written = text[match.start() : match.end()]
        if not written[:1].isupper():
            continue
        prefixed = bool(_PREFIX_RE.search(text[max(0, match.start() - 12) : match.start()]))
        if name in NEEDS_PREFIX and not prefixed:
            continue
        found.append(PlaceMention(name, written, match.start(), match.end(), prefixed, name in CITIES))
    return found


def place_at(text: str, pos: int) -> PlaceMention | None:
    """The province/city name starting at `pos` (after spaces), if any."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    window = text[pos : pos + 40]
    match = _FOLDED_RE.match(fold(window))
    if not match:
        return None
    name = canonical(match.group(1))
    written = window[: match.end()]
    if name is None or not written[:1].isupper():
        return None
    return PlaceMention(name, written, pos, pos + match.end(), True, name in CITIES)


def home_place(found: list[PlaceMention], weights: dict[int, float] | None = None) -> PlaceMention | None:
    """The province the text is about: the most mentioned, prefixed mentions counting double."""
    if not found:
        return None
    score: Counter[str] = Counter()
    first: dict[str, PlaceMention] = {}
    for m in found:
        score[m.canonical] += (2.0 if m.prefixed else 1.0) * (weights or {}).get(m.start, 1.0)
        # prefer a mixed-case spelling over an upper-case header
        if m.canonical not in first or (first[m.canonical].written.isupper() and not m.written.isupper()):
            first[m.canonical] = m
    best = max(score, key=lambda name: (score[name], -first[name].start))
    return first[best]


def display(mention: PlaceMention) -> str:
    """The name as the text spells it, or the canonical spelling if the text shouts it in capitals."""
    written = " ".join(mention.written.split())
    # shouted ("THANH HÓA") or half-capitalised (TCVN3 headers: "Hà TĩNH") spellings show the canonical name
    if any(not word[1:].islower() for word in written.replace("-", " ").split() if len(word) > 1):
        return mention.canonical
    return written
