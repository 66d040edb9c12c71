"""Names of bodies: issuers ("UBND tỉnh Bạc Liêu", "Chủ tịch UBND tỉnh …", "Thủ tướng Chính phủ") and
agencies ("Sở Nội vụ", "Đài Phát thanh và Truyền hình tỉnh", "Ban tổ chức Đại hội thi đua yêu nước").

Vietnamese names capitalise the first syllable of each word ("Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và
Phát triển nông thôn"), so a name is a head ("Sở", "Ban", "Đài"…) followed by capitalised words, short runs
of lower-case syllables, "và", "-" and "," before another capitalised word. It ends at a verb ("chủ trì",
"phối hợp"…), a function word ("các", "của"…) or a new head after a comma.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import places
from .vietnamese import fold

UY = r"(?:Ủy|Uỷ|ỦY|UỶ|Uy|ủy|uỷ)"
UBND_LONG_RE = re.compile(rf"{UY}\s+(?:ban|BAN)\s+(?:nhân|NHÂN)\s+(?:dân|DÂN)")


def ubnd(text: str) -> str:
    """Write "Ủy ban nhân dân" as "UBND"."""
    return UBND_LONG_RE.sub("UBND", text)


# --- agency heads -----------------------------------------------------------------------------------------
# (pattern, needs a capitalised word after it)
_HEADS: list[tuple[str, bool]] = [
    (rf"{UY} ban Mặt trận Tổ quốc Việt Nam", False),
    (rf"{UY} ban MTTQ(?:VN| Việt Nam)?", False),
    (rf"{UY} ban Mặt trận Tổ quốc", False),
    (r"Mặt trận Tổ quốc Việt Nam", False),
    (r"Hội đồng [Tt]hi đua[\s,\-–]+[Kk]hen thưởng", False),
    (r"Ban [Tt]hi đua[\s,\-–]+[Kk]hen thưởng", False),
    (r"Ban [Tt]ổ chức(?= Đại hội)", True),
    (r"Ban [Cc]án sự [Đđ]ảng", False),
    (r"Đảng đoàn", True),
    (r"Đài [Pp]hát thanh(?: và | - | – |-|, )[Tt]ruyền hình", False),
    (r"Đài [Tt]ruyền thanh", False),
    (r"Tổng [Ll]iên đoàn [Ll]ao động Việt Nam", False),
    (r"Liên đoàn [Ll]ao động", False),
    (r"Hội Liên hiệp Phụ nữ", False),
    (r"Hội Nông dân", False),
    (r"Hội Cựu chiến binh", False),
    (r"Tỉnh đoàn|Thành đoàn|Huyện đoàn", False),
    (r"Đoàn Thanh niên(?: Cộng sản Hồ Chí Minh)?", False),
    (r"Bộ Chỉ huy", True),
    (r"Bộ Tư lệnh", True),
    (r"Công an", False),
    (r"Viện [Kk]iểm sát nhân dân", False),
    (r"Tòa án nhân dân|Toà án nhân dân", False),
    (r"Kho bạc [Nn]hà nước", False),
    (r"Bảo hiểm [Xx]ã hội", False),
    (r"Thông tấn xã Việt Nam", False),
    (r"Cổng [Tt]hông tin điện tử", False),
    (r"Thanh tra", False),
    (r"Văn phòng", True),
    (r"Trung tâm", True),
    (r"Tổng cục|Cục|Chi cục", True),
    (r"Học viện|Viện|Trường|Bệnh viện", True),
    (r"Hiệp hội|Liên minh|Hội đồng|Hội", True),
    (rf"{UY} ban", True),
    (r"Sở|Ban|Phòng|Báo|Thời báo|Đài|Bộ|Vụ|Tạp chí|Đảng ủy|Đảng uỷ|Tổng công ty|Công ty|Quỹ", True),
]
_HEAD_RE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEADS)) + r")(?![^\W\d_])"
)

# bodies that direct rather than receive tasks, or are not bodies at all
_EXCLUDED_RE = re.compile(
    r"^(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Ban Thường vụ|Bộ trưởng|Hội nghị|Ban hành|Báo cáo|"
    r"Ban Tổ chức Trung ương$)"
)

_PLACE_WORDS = {"tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "trấn", "phường", "tp", "tp."}
_STOP_WORDS = set(
    [
        "và",
        "có",
        "là",
        "của",
        "cho",
        "các",
        "được",
        "đã",
        "sẽ",
        "đang",
        "cùng",
        "với",
        "tại",
        "về",
        "trong",
        "để",
        "theo",
        "khi",
        "thì",
        "này",
        "đó",
        "những",
        "mỗi",
        "từng",
        "hoặc",
        "hay",
        "nhằm",
        "gửi",
        "nộp",
        "làm",
        "ra",
        "vào",
        "ở",
        "bằng",
        "như",
        "do",
        "mở",
        "chủ",
        "kịp",
        "thường",
        "khẩn",
        "tích",
        "nghiêm",
        "sớm",
        "ngay",
        "chịu",
        "tham",
        "hướng",
        "tổng",
        "đôn",
        "tuyên",
        "thẩm",
        "bố",
        "đề",
        "báo",
        "chỉ",
        "cân",
        "định",
        "nghiên",
        "tiếp",
        "hưởng",
        "đăng",
        "lãnh",
        "căn",
        "tập",
        "đẩy",
        "tăng",
        "nâng",
        "biểu",
        "kiểm",
        "giám",
        "xây",
        "thực",
        "quản",
        "phản",
        "cập",
        "hoàn",
        "ban",
        "lựa",
        "phát",
        "giao",
        "bảo",
        "đảm",
        "khen",
        "chăm",
        "hỗ",
        "sơ",
        "cụ",
        "rà",
        "xem",
        "quán",
        "hằng",
        "hàng",
        "góp",
        "vừa",
        "luôn",
        "cần",
        "phải",
        "đều",
        "không",
        "chưa",
        "cũng",
        "đồng",
        "lực",
        "trên",
        "dưới",
        "sau",
        "trước",
        "đến",
        "từ",
        "nếu",
        "vì",
        "tới",
        "qua",
        "lần",
        "chuẩn",
        "phụ",
        "tổ",
        "gắn",
        "chung",
        "dự",
        "ký",
        "nhiều",
        "toàn",
        "một",
        "hai",
        "ba",
        "cấp",
        "ngày",
    ]
)
_STOP_BIGRAMS = {
    "phối hợp", "vận động", "triển khai", "thông tin", "thông báo", "nhân rộng", "nhân dịp", "điều hành",
    "điều tra", "công bố", "công nhận", "công khai", "hội viên", "hội nghị", "dân cư",
}  # fmt: skip
_MAX_LOWER_RUN = 5
_ENUM_AFTER_COMMA_RE = re.compile(r" ?[A-ZĐÀ-Ỹ][^\W\d_]*(?: [^\W\d_]+){0,2} và [A-ZĐÀ-Ỹ]")
_TOKEN_RE = re.compile(r" ?(?:(?P<word>[^\W_][\w&]*(?:\.(?=[^\W\d_]))?)|(?P<punct>[,\-–]))")


@dataclass(frozen=True)
class Name:
    text: str  # as written (normalised spaces)
    start: int
    end: int
    head: str


def _continue_name(text: str, pos: int, limit: int) -> tuple[int, int]:
    """Extend a name from `pos`; returns (end offset, number of capitalised words taken)."""
    end, caps, lower_run, pending, taken = pos, 0, 0, None, 0
    last_word = ""
    cur = pos
    while taken < 16:
        m = _TOKEN_RE.match(text, cur, limit)
        if not m:
            break
        if m.group("punct"):
            if pending:
                break
            pending = m.group("punct")
            cur = m.end()
            continue
        word = m.group("word")
        taken += 1
        prev_low = last_word
        last_word = word.lower()
        if word[0].isupper() or word[0].isdigit():
            if pending == "," and (
                not _ENUM_AFTER_COMMA_RE.match(text, m.start())
                or _HEAD_RE.match(text, m.start() + (1 if text[m.start()] == " " else 0))
            ):
                break  # a comma continues a name only inside "Văn hóa, Thể thao và Du lịch"
            end, caps, lower_run, pending = m.end(), caps + 1, 0, None
            cur = m.end()
            continue
        low = word.lower()
        if pending:
            break
        nxt = _TOKEN_RE.match(text, m.end(), limit)
        next_word = nxt.group("word") if nxt and nxt.group("word") else ""
        if low == "và":
            upper_next = next_word[:1].isupper()
            if next_word and not _HEAD_RE.match(text, nxt.start() + 1) and (upper_next or next_word not in _STOP_WORDS):
                cur = m.end()
                pending = "và" if upper_next else None
                continue
            break
        if low == "xây" and prev_low in ("trình", "gia"):
            pass  # "Chương trình (mục tiêu quốc gia) xây dựng nông thôn mới"
        elif low in _STOP_WORDS or f"{low} {next_word.lower()}" in _STOP_BIGRAMS:
            break
        if low not in _PLACE_WORDS:
            lower_run += 1
            if lower_run > _MAX_LOWER_RUN:
                break
        end = m.end()
        cur = m.end()
    return end, caps


MAX_NAMES = 3000  # bounds the work on pathological input


def find_names(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Agency names in text[start:end], left to right, not overlapping."""
    return list(_find_names(text, start, len(text) if end is None else end))


@functools.lru_cache(maxsize=8)
def _find_names(text: str, start: int, end: int) -> tuple[Name, ...]:
    found: list[Name] = []
    pos = start
    for cap in _CAPITAL_RE.finditer(text, start, end):
        at = cap.start()
        if at < pos or (at > 0 and text[at - 1].isalnum()):
            continue
        m = _HEAD_RE.match(text, at, end)
        if not m:
            continue
        index = int(m.lastgroup[1:])
        needs_caps = _HEADS[index][1]
        stop, caps = _continue_name(text, m.end(), end)
        name = " ".join(text[m.start() : stop].split()).rstrip(" ,-–")
        ok = (caps > 0 or not needs_caps) and len(name.split()) >= 2 and not _EXCLUDED_RE.match(name)
        if ok and not needs_caps and stop == m.end() and m.group(0) in ("Công an", "Thanh tra"):
            ok = False  # "lực lượng Công an" is not a named body
        if ok:
            found.append(Name(name, m.start(), m.start() + len(name), m.group(0)))
            pos = max(stop, m.end())
            if len(found) >= MAX_NAMES:
                break
        else:
            pos = m.end()
    return tuple(found)


# candidate starts of names: a capital letter (a plain character class is scanned fast)
_CAPITAL_RE = re.compile(r"[A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ]")


def tidy_agency(name: str) -> str:
    """Display form: "UBND" for "Ủy ban nhân dân", no province after a department ("Sở Nội vụ tỉnh X")."""
    name = ubnd(name)
    if name.startswith("Sở "):
        name = re.sub(r"\s+tỉnh(?:\s+[A-ZĐÀ-Ỹ][^\s,]*){0,4}$", "", name)
    return name.strip(" ,-–")


# --- issuers ---------------------------------------------------------------------------------------------

_LEVEL = r"(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?|Tp\.?|huyện|Huyện|thị xã|quận|xã|phường|thị trấn)"
_ISSUER_RES = [
    ("chairman", re.compile(rf"(?:Phó\s+)?Chủ tịch\s+(?:UBND|{UY}\s+ban\s+nhân\s+dân)\s+{_LEVEL}")),
    ("ubnd", re.compile(rf"(?:UBND|{UY}\s+ban\s+nhân\s+dân)\s+{_LEVEL}")),
    ("pm", re.compile(r"Thủ tướng(?:\s+Chính phủ)?")),
    ("minister", re.compile(r"Bộ trưởng\s+(?=Bộ )")),
    ("president", re.compile(r"Chủ tịch nước")),
    ("government", re.compile(r"(?<!của )Chính phủ")),
    (
        "party",
        re.compile(r"(?:Ban Thường vụ|Ban Chấp hành Đảng bộ)\s+(?:Tỉnh|Thành|Huyện|tỉnh|thành phố|huyện)\s*(?:ủy|uỷ)?"),
    ),
    ("party", re.compile(r"(?:Tỉnh|Thành|Huyện)\s*(?:ủy|uỷ)")),
    ("council", re.compile(r"Hội đồng [Tt]hi đua[\s,\-–]+[Kk]hen thưởng\s+(?:tỉnh|thành phố|Trung ương|huyện)")),
]


@dataclass(frozen=True)
class Issuer:
    kind: str  # chairman | ubnd | pm | president | government | party | council | agency
    text: str
    start: int
    end: int


def _place_after(text: str, pos: int, level: str) -> str:
    """Province/city (for tỉnh, thành phố) or capitalised local name (huyện, xã…) right after `pos`."""
    if level.lower().startswith(("tỉnh", "thành", "tp")):
        if re.match(r"\.?\s*HCM\b", text[pos : pos + 6]):
            return " Hồ Chí Minh"
        mention = places.place_at(text, pos)
        return " " + places.display(mention) if mention else ""
    m = re.match(r"((?: [A-ZĐÀ-Ỹ][^\s,.;:()]*){1,3})", text[pos : pos + 40])
    return m.group(1) if m else ""


def find_issuers(text: str, start: int = 0, end: int | None = None) -> list[Issuer]:
    """Issuing bodies in text[start:end], longest match first at each place, left to right."""
    return list(_find_issuers(text, start, len(text) if end is None else end))


@functools.lru_cache(maxsize=16)
def _find_issuers(text: str, start: int, end: int) -> tuple[Issuer, ...]:
    found: list[Issuer] = []
    for kind, pattern in _ISSUER_RES:
        for m in pattern.finditer(text, start, end):
            written = m.group(0)
            stop = m.end()
            level = re.search(_LEVEL + r"$", written)
            suffix = ""
            if kind in ("chairman", "ubnd", "party", "council") and level:
                suffix = _place_after(text, m.end(), level.group(0))
                stop = m.end() + len(suffix)
            elif kind == "minister":  # "Bộ trưởng" + the ministry's name
                ministry = _find_names(text, m.end(), min(end, m.end() + 90))
                if not ministry or ministry[0].start != m.end():
                    continue
                written, suffix, stop = "Bộ trưởng ", ministry[0].text, ministry[0].end
            found.append(Issuer(kind, " ".join((written + suffix).split()), m.start(), stop))
    for name in find_names(text, start, end):
        found.append(Issuer("agency", name.text, name.start, name.end))
    found.sort(key=lambda i: (i.start, -(i.end - i.start)))
    result: list[Issuer] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return tuple(result)


def tidy_issuer(issuer: Issuer) -> str:
    text = ubnd(issuer.text)
    if text == "Thủ tướng":
        text = "Thủ tướng Chính phủ"
    text = re.sub(r"\b(UBND)\s+(Tỉnh|TỈNH)\b", r"\1 tỉnh", text)
    text = re.sub(r"\b(UBND)\s+(?:Thành phố|THÀNH PHỐ|TP\.?|Tp\.?)(?=\s|$)", r"\1 thành phố", text)
    text = re.sub(r"\bTỉnh uỷ\b", "Tỉnh ủy", text)
    return text.strip(" ,.-–")


def needs_place(text: str) -> bool:
    """An issuer written without its province ("UBND tỉnh", "Ban Thường vụ Tỉnh ủy")."""
    return bool(re.search(r"(?:\btỉnh|\bthành phố|\bTP\.?|Tỉnh ủy|Thành ủy)$", text))


# --- upper-case headers of formal documents ---------------------------------------------------------------

_HEADER_SKIP_RE = re.compile(r"^[-_=*. ]*$|cong hoa xa hoi|doc lap\s*-|^so\s*[:.]")


def header_issuer(lines: list[str], body: str) -> str | None:
    """'ỦY BAN NHÂN DÂN' + 'TỈNH THANH HÓA' -> 'UBND tỉnh Thanh Hóa'; other bodies keep the body's casing."""
    parts = []
    for line in lines:
        folded = fold(line)
        cut = re.search(r"cong hoa xa hoi|doc lap\s*-", folded)
        if cut:
            line, folded = line[: cut.start()], folded[: cut.start()]
        if _HEADER_SKIP_RE.search(folded.strip()):
            continue
        if line.strip():
            parts.append(line.strip())
    if not parts:
        return None
    raw = " ".join(parts)
    folded = fold(raw)
    level = re.search(r"\b(tinh|thanh pho|huyen|thi xa|quan|xa|phuong)\b(.*)$", folded)
    org_end = level.start() if level else len(raw)
    org, rest = raw[:org_end].strip(), raw[org_end:].strip()
    org_f = fold(org)
    if org_f.startswith("uy ban nhan dan"):
        org_text = "UBND"
    elif org_f == "thu tuong chinh phu":
        return "Thủ tướng Chính phủ"
    else:
        org_text = _casing_from_body(org, body) or (org[:1].upper() + org[1:].lower())
        if org_f in ("tinh uy", "thanh uy", "huyen uy"):
            org_text = org[:1].upper() + org[1:].lower()
    if not rest:
        return org_text
    level_word = rest.split()[0].lower() if not fold(rest).startswith("thanh pho") else "thành phố"
    place_text = rest[len(level_word) :].strip() if level_word != "thành phố" else rest[9:].strip()
    mention = places.place_at(place_text, 0) if place_text else None
    if mention:
        place = places.display(mention)
    else:
        place = " ".join(w[:1].upper() + w[1:].lower() for w in place_text.split())
    return " ".join(p for p in (org_text, level_word, place) if p)


def _casing_from_body(upper: str, body: str) -> str | None:
    """The same words written in mixed case somewhere in the body, if any."""
    target = fold(upper).strip()
    if not target:
        return None
    folded_body = fold(body)
    for m in re.finditer(re.escape(target), folded_body):
        candidate = body[m.start() : m.end()]
        if not candidate.isupper():
            return candidate
    return None
