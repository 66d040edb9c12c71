"""List fields: slogans, national movements referred to, agencies given a task."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from . import names, places
from .textmodel import Doc, Quote
from .vietnamese import fold


@dataclass(frozen=True)
class Item:
    text: str
    start: int
    end: int


def similar(a: str, b: str, threshold: float = 0.9) -> bool:
    """The scorer's notion of "the same item": similarity ratio of the normalised texts >= threshold."""
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold
    )


def _key(text: str) -> str:
    text = " ".join(text.replace("–", "-").split()).casefold()
    return text.replace(" - ", "-").strip("\"'“”‘’«» .;,:")


MAX_ITEMS = 25  # more than this is not a list an officer would want drafted


def dedupe(items: list[Item], threshold: float = 0.9) -> list[Item]:
    kept: list[Item] = []
    seen: set[str] = set()
    for item in items:
        key = _key(item.text)
        if key in seen:
            continue
        seen.add(key)
        if not any(similar(item.text, other.text, threshold) for other in kept):
            kept.append(item)
            if len(kept) >= MAX_ITEMS:
                break
    return kept


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,.;:").strip("\"'“”‘’«»„").strip(" ,.;:")


# --- slogans ----------------------------------------------------------------------------------------------------

_SLOGAN_WORD_RE = re.compile(
    r"(?<![^\W\d_])(khẩu hiệu|chủ đề|tinh thần|phương châm)(?![^\W\d_])([^“”\"«»‘’'\n.;!?]{0,60})$", re.IGNORECASE
)
# a keyword followed by these is about something else ("tinh thần Nghị quyết …", "phong trào …")
_SLOGAN_GAP_BAD_RE = re.compile(
    r"^\s*(?:của\s+)?(?:nghị quyết|chỉ thị|kết luận|quyết định|kế hoạch|luật|thông tư|nghị định|chương trình|đề án|"
    r"lời dạy|câu nói|bài|cuốn|tác phẩm|Bác|Chủ tịch|đồng chí)"
    r"|(?:phong trào(?: thi đua)?|cuộc vận động|đợt thi đua)\s*:?\s*$",
    re.IGNORECASE,
)
_SLOGAN_AFTER_RE = re.compile(r"^\s*(?:là|được chọn là|được xác định là)?\s*(?:khẩu hiệu|chủ đề|phương châm)\b", re.I)
_CHAIN_RE = re.compile(r"^\s*(?:,|;|và|,\s*và|-|–)?\s*$")
_MAX_SLOGAN_WORDS = 60
_LABEL_RE = re.compile(
    r"(?im)^\s*(?:[\dIVX]+[.)]\s*|[a-zđ][.)]\s*|[-+•]\s*)?(?:khẩu hiệu|chủ đề)(?: thi đua| hành động| năm \d{4})?"
    r"\s*:\s*"
    r"(?P<s>[^\"“”\n]{6,200}?)\s*\.?\s*$"
)


def _quote_ok(q: Quote) -> bool:
    words = q.text.split()
    return 0 < len(words) <= _MAX_SLOGAN_WORDS


def _named_slogan(before: str, after: str) -> bool:
    """A keyword (khẩu hiệu, chủ đề, tinh thần, phương châm) just before the quote, or "là khẩu hiệu" after it."""
    m = _SLOGAN_WORD_RE.search(before)
    if m and len(m.group(2).split()) <= 6 and not _SLOGAN_GAP_BAD_RE.search(m.group(2)):
        return True
    return bool(_SLOGAN_AFTER_RE.match(after))


def slogans(doc: Doc, exclude: list[str]) -> list[Item]:
    text = doc.body
    quotes = [q for q in doc.quotes if q.start < doc.end_of_content]
    chosen: list[Quote] = []
    chosen_index: set[int] = set()
    for i, q in enumerate(quotes):
        if not _quote_ok(q):
            continue
        sentence = doc.sentence_at(q.start)
        before = text[max(sentence.start, q.start - 90) : q.start - 1]
        chained = i - 1 in chosen_index and _CHAIN_RE.match(text[quotes[i - 1].end + 1 : q.start - 1])
        if chained or _named_slogan(before, text[q.end + 1 : q.end + 40]):
            chosen.append(q)
            chosen_index.add(i)
    items = [Item(_clean(q.text), q.start, q.end) for q in chosen]
    for m in _LABEL_RE.finditer(text, 0, doc.end_of_content):
        items.append(Item(_clean(m.group("s")), m.start("s"), m.end("s")))
    items = [i for i in items if i.text and not any(similar(i.text, e) for e in exclude)]
    return dedupe(items)


# --- national movements ------------------------------------------------------------------------------------

KNOWN_NATIONAL = (
    "Cả nước chung sức xây dựng nông thôn mới",
    "Doanh nghiệp Việt Nam hội nhập và phát triển",
    "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
    "Vì người nghèo",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
    "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời",
    "Cả nước chung tay xóa nhà tạm, nhà dột nát",
    "Xóa nhà tạm, nhà dột nát",
    "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
    "Đổi mới, sáng tạo trong dạy và học",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
    "Người Việt Nam ưu tiên dùng hàng Việt Nam",
    "Toàn dân bảo vệ an ninh Tổ quốc",
    "Thi đua Quyết thắng",
    "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ",
    "Công an nhân dân học tập, thực hiện Sáu điều Bác Hồ dạy",
    "Vì an ninh Tổ quốc",
    "Lao động giỏi, lao động sáng tạo",
    "Giỏi việc nước, đảm việc nhà",
    "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
    "Nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu và giảm nghèo bền vững",
    "Cựu chiến binh gương mẫu",
    "Dân vận khéo",
    "Xây dựng trường học thân thiện, học sinh tích cực",
    "Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo",
    "Toàn dân rèn luyện thân thể theo gương Bác Hồ vĩ đại",
    "Đền ơn đáp nghĩa",
    "Tuổi trẻ sáng tạo",
    "Thanh niên tình nguyện",
)
_KNOWN_FOLDED = [fold(n) for n in KNOWN_NATIONAL]
_KNOWN_UNQUOTED_RE = re.compile(
    r"(?:phong trao(?: thi dua)?|cuoc van dong)\s+("
    + "|".join(re.escape(k) for k in sorted(_KNOWN_FOLDED, key=len, reverse=True))
    + r")(?![a-z])"
)
_MOVEMENT_WORD_RE = re.compile(
    r"(?:phong trào(?: thi đua)?|cuộc vận động|Cuộc vận động|Phong trào(?: thi đua)?)\s*:?\s*$"
)
_NATIONAL_MARKERS_RE = re.compile(
    r"Thủ tướng|Chính phủ|Trung ương|Bộ Chính trị|Ban Bí thư|toàn quốc|cả nước|Bộ [A-ZĐ]|Tổng Liên đoàn|"
    r"Tổng cục|Hội đồng Thi đua - Khen thưởng Trung ương|Chủ tịch nước"
)
_NATIONAL_START_RE = re.compile(r"^(?:Cả nước|Toàn dân|Toàn quân|Doanh nghiệp Việt Nam|Người Việt Nam)", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _known(name: str) -> bool:
    key = fold(name)
    for known in _KNOWN_FOLDED:
        matcher = difflib.SequenceMatcher(None, key, known)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return True
    return False


def _local(name: str) -> bool:
    return bool(places.mentions(name)) or bool(re.search(r"\b(?:tỉnh|huyện|Thủ đô|thành phố)\b", name))


def national_movements(doc: Doc, launched: str | None) -> list[Item]:
    text = doc.body
    quotes = [q for q in doc.quotes if q.start < doc.end_of_content]
    candidates: list[tuple[Quote, bool]] = []
    previous_was_movement = False
    for i, q in enumerate(quotes):
        before = text[max(0, q.start - 40) : q.start - 1]
        is_movement = bool(_MOVEMENT_WORD_RE.search(before))
        if not is_movement and previous_was_movement and i > 0:
            is_movement = bool(_CHAIN_RE.match(text[quotes[i - 1].end + 1 : q.start - 1]))
        previous_was_movement = is_movement
        if is_movement:
            candidates.append((q, True))
    items: list[Item] = []
    for q, _ in candidates:
        name = _clean(q.text)
        if not name or len(name.split()) > 30:
            continue
        if launched and similar(name, launched, 0.97):
            continue
        if _local(name):
            continue
        sentence = doc.sentence_at(q.start)
        context = text[sentence.start : sentence.end]
        if _known(name) or _NATIONAL_START_RE.match(name) or _NATIONAL_MARKERS_RE.search(context):
            items.append(Item(name, q.start, q.end))
    # known names written without quotes right after "phong trào (thi đua)" / "cuộc vận động"
    for m in _KNOWN_UNQUOTED_RE.finditer(doc.folded, 0, doc.end_of_content):
        written = doc.text[m.start(1) : m.end(1)]
        if launched and similar(written, launched, 0.97):
            continue
        items.append(Item(written, m.start(1), m.end(1)))
    items.sort(key=lambda i: i.start)
    return dedupe(items)


# --- agencies given a task -----------------------------------------------------------------------------------

_TASK_RE = re.compile(
    r"chủ trì|phối hợp|tham mưu|hướng dẫn|theo dõi|tổng hợp|đôn đốc|tuyên truyền|thẩm định|bố trí|"
    r"chịu trách nhiệm|có trách nhiệm|cơ quan thường trực|làm đầu mối|là đầu mối|mở chuyên trang|mở chuyên mục|"
    r"đăng tải|phản ánh|cân đối|đảm bảo kinh phí|bảo đảm kinh phí|kiểm tra|giám sát|xây dựng kế hoạch|"
    r"triển khai|tổ chức|đề xuất|báo cáo|chỉ đạo|lãnh đạo|vận động|đẩy mạnh|tăng cường|cụ thể hóa|cụ thể hoá|"
    r"chuẩn bị|tiếp nhận|hướng dẫn|thông tin|nhân rộng|biểu dương|khen thưởng|trình",
    re.IGNORECASE,
)
_ASSIGN_BEFORE_RE = re.compile(
    r"(?:giao(?: cho)?|đề nghị|yêu cầu|phối hợp với|phối hợp cùng|chỉ đạo|với sự phối hợp của|cùng với|"
    r"giao nhiệm vụ cho)"
    r"\s*(?:các\s+)?$",
    re.IGNORECASE,
)
_NOT_TASKED_BEFORE_RE = re.compile(r"(?:của|do|thuộc|tại|theo|căn cứ|Căn cứ|gửi|ý kiến|đề nghị của)\s*$")
_GENERIC_GAP_RE = re.compile(
    r"^\s*(?:\([^)]{0,80}\))?\s*(?:,|và|;)?\s*(?:(?:các|những)\s+[^,;.:]{0,50}?(?:liên quan|ngành|đơn vị|địa phương|"
    r"đoàn thể|cơ quan)[^,;.:]{0,30}?\s*,?)?\s*"
)
_SECTION_RE = re.compile(r"(?im)^\s*(?:[IVX]+\.\s*)?tổ chức thực hiện\s*$")


def _section_task(doc: Doc, text: str, first: names.Name, last: names.Name) -> bool:
    """Under "TỔ CHỨC THỰC HIỆN": "1. Sở Nội vụ:" / a table cell "Sở Tài chính" followed by its tasks."""
    line_start, line_end = doc.line_of(first.start)
    lead = text[line_start : first.start]
    rest = text[last.end : line_end]
    if not re.match(r"^\s*(?:(?:\d+|[a-zđ])[.)]|[-+•])?\s*$", lead):
        return False
    if ":" in rest[:3] or re.match(r"^\s*(?:\([^)]*\))?\s*[:.]\s*\S", rest):
        return True
    if not re.match(r"^\s*(?:\([^)]*\))?\s*[:.]?\s*$", rest):
        return False
    following = re.match(r"\n\s*\n?\s*(?:[-+•]\s*)?([^\n]{0,60})", text[line_end : line_end + 80])
    return bool(following and _TASK_RE.match(following.group(1).lower()))


def agencies(doc: Doc, issuer: str | None) -> list[Item]:
    text = doc.body
    limit = doc.end_of_content
    # a body named in brackets after another ("Sở Nội vụ (Ban Thi đua - Khen thưởng)") is part of it
    found = [
        n for n in names.find_names(text, 0, limit) if not re.search(r"\(\s*$", text[max(0, n.start - 3) : n.start])
    ]
    # the People's Committee of a named locality ("UBND thành phố Thái Bình") can be given a task too
    for body in names.find_issuers(text, 0, limit):
        if body.kind == "ubnd" and re.search(r"(?:huyện|thành phố|TP\.?|thị xã|quận|xã|phường) [A-ZĐÀ-Ỹ]", body.text):
            found.append(names.Name(body.text, body.start, body.end, "UBND"))
    found.sort(key=lambda n: n.start)
    section = _SECTION_RE.search(text, 0, limit)
    section_start = section.start() if section else None
    items: list[Item] = []
    # group names that follow each other in a list (", ", " và ", "; ")
    groups: list[list[names.Name]] = []
    for name in found:
        if groups and re.fullmatch(
            r"\s*(?:\([^)]{0,80}\))?\s*(?:,|và|;|, và)\s*", text[groups[-1][-1].end : name.start]
        ):
            groups[-1].append(name)
        else:
            groups.append([name])
    for group in groups:
        first, last = group[0], group[-1]
        sentence = doc.sentence_at(first.start)
        before = text[max(sentence.start, first.start - 40) : first.start]
        if _NOT_TASKED_BEFORE_RE.search(before):
            continue
        after_start = last.end
        gap = _GENERIC_GAP_RE.match(text, after_start, sentence.end)
        after = text[gap.end() if gap else after_start : min(sentence.end, after_start + 90)]
        tasked = False
        if re.match(r"\s*(?:phối hợp với [^,.;]{0,60}?)?tổ chức (?:Lễ|lễ|Hội nghị|hội nghị|buổi)", after):
            continue  # the organiser of a ceremony, not a body given a task
        if _TASK_RE.search(after[:60]) and not re.match(r"\s*(?:của|do)\b", after) or _ASSIGN_BEFORE_RE.search(before):
            tasked = True
        elif section_start is not None and first.start > section_start:
            tasked = _section_task(doc, text, first, last)
        if not tasked:
            continue
        for name in group:
            items.append(Item(names.tidy_agency(name.text), name.start, name.end))
    items = dedupe(items)
    if issuer:
        items = [i for i in items if not similar(i.text, issuer, 0.85) and not fold(issuer).startswith(fold(i.text))]
    return items
