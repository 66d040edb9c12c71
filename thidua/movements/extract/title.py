"""The movement's name ("phong trào thi đua yêu nước năm 2021", or the quoted name of a movement) and the
commendation event it is tied to ("Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI, năm 2025")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import names
from .launch import Mention
from .textmodel import Doc
from .vietnamese import fold

HEAD_RE = re.compile(
    r"(?<![^\W\d_])(phong trào thi đua|đợt thi đua|cuộc thi đua|đợt cao điểm thi đua|đợt cao điểm|phong trào|thi đua)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_STRENGTH = {"phong trào thi đua": 3, "đợt thi đua": 3, "cuộc thi đua": 3, "đợt cao điểm thi đua": 3}
_STRENGTH.update({"đợt cao điểm": 2, "phong trào": 2, "thi đua": 1})

# where a movement's name stops
_STOP_RE = re.compile(
    r"\s+(?:nhằm|với (?:mục đích|mục tiêu|chủ đề|khẩu hiệu|phương châm|tinh thần|nội dung|các nội dung|sự)|"
    r"theo (?:tinh thần|đó|kế hoạch|hướng dẫn|chỉ đạo)|trên địa bàn|trong toàn|trong (?:cán bộ|các|cộng đồng|lực lượng|"
    r"phạm vi|tỉnh|ngành|thời gian)|do |được |đã |sẽ |đang |gắn với|gắn liền với|từ (?:ngày|tháng|nay|năm)|kèm theo|"
    r"như sau|tại (?:hội nghị|buổi lễ|Hội nghị|lễ|Lễ)|và (?:phát động|tổ chức|ban hành|triển khai|giao|yêu cầu|đề nghị|"
    r"ký|trao|tặng|biểu dương|khen thưởng|tổng kết|kêu gọi)|đến (?:hết |năm |ngày |cuối )|cho (?:giai đoạn|năm)|"
    r"vào (?:dịp|năm|ngày)|thời gian|diễn ra|kéo dài|bắt đầu)(?![^\W\d_])"
    r"|\s*,\s*(?:trong đó|theo đó|qua đó|đồng thời|nhằm|với|yêu cầu|đề nghị|giao|tạo|khơi dậy|góp phần|phấn đấu|"
    r"thời gian|UBND|Ủy ban|Uỷ ban|Chủ tịch|đồng chí|ông|bà|kêu gọi|các|mỗi|ngày|sáng|chiều|"
    r"(?:hướng tới|tiến tới|hướng đến|chào mừng) Đại hội [Tt]hi đua)(?![^\W\d_])"
    r"|\s*[:;]|\s+\((?![^)]*\d)|\.(?:\s|$)|…|\s+-\s+(?=[A-ZĐ])",
)
_MAX_LEN = 260
_MODIFIER_RE = re.compile(r"(?: (?:yêu nước|cao điểm|đặc biệt|chuyên đề|thường xuyên|hằng năm|hàng năm))+")


@dataclass(frozen=True)
class Phrase:
    title: str  # the name as the record shows it
    raw: str  # the whole phrase (head, name, what follows up to the stop): read for the period
    start: int
    end: int
    strength: int
    quoted: bool = False


def phrase_at(doc: Doc, head_start: int, head_end: int, limit: int) -> Phrase | None:
    """The movement phrase whose head ("phong trào thi đua") spans head_start..head_end."""
    text = doc.text
    head = text[head_start:head_end]
    strength = _STRENGTH.get(head.lower(), 1)
    pos = head_end
    if strength == 1 and (
        re.match(r"\s*(?:,|và)?\s*khen thưởng", text[head_end : head_end + 20], re.IGNORECASE)
        or re.search(
            r"(?:công tác|Hội đồng|Ban|cụm|khối|giao ước|đăng ký|kêu gọi)\s*$",
            text[max(0, head_start - 12) : head_start],
        )
    ):
        return None  # "công tác thi đua, khen thưởng", "cụm thi đua": not a movement
    # a quoted name right after the head, or after a modifier ("đợt thi đua cao điểm “…”")
    modifier = _MODIFIER_RE.match(text, head_end)
    after = modifier.end() if modifier else head_end
    quote = doc.quote_starting(after, after + 2)
    if quote is not None:
        name = quote.text.strip()
        raw_end = _stop(text, quote.end + 1, limit)
        return Phrase(name, text[head_start:raw_end], head_start, raw_end, max(strength, 2), quoted=True)
    end = _stop(text, pos, limit)
    if end - head_end < 4:
        return None
    title = " ".join(text[head_start:end].split())
    title = title.strip(" ,.;:-–\"'“”‘’")
    if title.count("(") > title.count(")"):
        title = title[: title.rfind("(")].strip(" ,")
    return Phrase(title, text[head_start:end], head_start, end, strength)


def _stop(text: str, pos: int, limit: int) -> int:
    limit = min(limit, pos + _MAX_LEN)
    m = _STOP_RE.search(text, pos, limit)
    end = m.start() if m else limit
    newline = text.find("\n", pos, end)
    if newline >= 0:
        end = newline
    if end == limit and limit == pos + _MAX_LEN:
        end = text.rfind(" ", pos, limit)
    return max(pos, end)


def phrases_in(doc: Doc, start: int, end: int) -> list[Phrase]:
    found = []
    pos = start
    while pos < end:
        m = HEAD_RE.search(doc.text, pos, end)
        if not m:
            break
        phrase = phrase_at(doc, m.start(), m.end(), doc.sentence_at(m.start()).end)
        if phrase and _LINKED_BEFORE_RE.search(doc.text[max(0, m.start() - 25) : m.start()]):
            phrase = None
        if phrase:
            found.append(phrase)
            pos = max(m.end(), phrase.end if phrase.strength >= 2 else m.end())
        else:
            pos = m.end()
    return found


_NATIONAL_CONTEXT_RE = re.compile(
    r"^\s*(?:do|của)\s+(?:Thủ tướng|Chính phủ|Trung ương|Bộ |Ủy ban Trung ương|Tổng Liên đoàn|Tổng cục|"
    r"Ban Chấp hành Trung ương|Hội đồng Thi đua - Khen thưởng Trung ương|Ban Bí thư|Bộ Chính trị)"
)
# a movement the launched one is tied to, not the launched one
_LINKED_BEFORE_RE = re.compile(r"(?:gắn với|gắn liền với|hưởng ứng|cụ thể hóa|cụ thể hoá|cùng với)\s*(?:các\s+)?$")
_LAUNCH_WORD_RE = re.compile(r"phát động|kêu gọi", re.IGNORECASE)
_MAX_SENTENCE_SOURCES = 8
_SUBTITLE_STOP_RE = re.compile(
    r"^(?:căn cứ|thực hiện|thủ tướng|chủ tịch|ủy ban|uỷ ban|thưa|kính gửi|i\.|1\.|\(kèm theo|hội đồng|ban thường vụ)",
    re.IGNORECASE,
)


def formal_subtitle(doc: Doc) -> tuple[int, int] | None:
    """The lines under "KẾ HOẠCH" that give the document's subject ("Phát động phong trào thi đua…")."""
    if not doc.heading:
        return None
    lines = [ln for ln in doc.lines if ln[0] > doc.heading[2]]
    start = end = None
    for s, e in lines:
        line = doc.text[s:e].strip()
        if not line:
            if start is not None:
                break
            continue
        if _SUBTITLE_STOP_RE.match(line) or re.match(r"^[-_=*]{3,}$", line):
            break
        if start is None:
            start = s
        end = e
        if end - start > 400:
            break
    if start is None:
        return None
    return start, end


def choose_title(doc: Doc, mention: Mention | None) -> Phrase | None:
    """The launched movement's name, by source: formal subtitle, launching mention, headline, a sentence
    that launches; a strong head ("phong trào thi đua") beats a bare "thi đua"."""
    sources: list[list[Phrase]] = []
    subtitle = formal_subtitle(doc)
    if subtitle:
        sources.append(phrases_in(doc, *subtitle))
    if mention is not None:
        end = min(mention.snippet_end, mention.end + 200)
        found = [
            p
            for p in phrases_in(doc, mention.end, end)
            if not _NATIONAL_CONTEXT_RE.match(doc.text[p.end : p.end + 80])
            and not re.search(r",\s*$", doc.text[mention.end : p.start])
        ]
        sources.append(found)
    for start, end in doc.nonempty_lines[:3]:
        line = doc.text[start:end]
        if _LAUNCH_WORD_RE.search(line):
            sources.append(phrases_in(doc, _LAUNCH_WORD_RE.search(line).end() + start, end)[:1])
    limit = doc.end_of_content
    sentence_sources = 0
    for sentence in doc.sentences:
        if sentence.start >= limit or sentence_sources >= _MAX_SENTENCE_SOURCES:
            break
        chunk = doc.body[sentence.start : sentence.end]
        for m in _LAUNCH_WORD_RE.finditer(chunk):
            found = phrases_in(doc, sentence.start + m.end(), min(sentence.end, sentence.start + m.end() + 300))
            found = [p for p in found if not _NATIONAL_CONTEXT_RE.match(doc.text[p.end : p.end + 80])]
            if found:
                sources.append(found[:1])
                sentence_sources += 1
                break
    chosen = None
    for wanted in (3, 2, 1):
        chosen = next((p for phrases in sources for p in phrases if p.strength >= wanted), None)
        if chosen:
            break
    if chosen is not None and not chosen.quoted:
        # the same name quoted elsewhere ("đợt thi đua cao điểm “100 ngày đêm …”") is the name proper
        key = fold(chosen.title)
        for phrase in (p for phrases in sources for p in phrases if p.quoted):
            if len(phrase.title) > 8 and fold(phrase.title) in key:
                return phrase
    return chosen


# --- reward event -----------------------------------------------------------------------------------------------

_EVENT_RE = re.compile(
    r"(?<![^\W\d_])(?:Đại hội (?:đại biểu )?[Tt]hi đua yêu nước|ĐẠI HỘI THI ĐUA YÊU NƯỚC|"
    r"Hội nghị (?:biểu dương |tuyên dương |tôn vinh )?(?:các )?điển hình tiên tiến)"
)
_SCOPE_RE = re.compile(r" (?:toàn quốc|toàn tỉnh|toàn quân|toàn ngành|toàn lực lượng)")
_ROUND_RE = re.compile(r" lần thứ [IVXLC\d]+")
_YEAR_TAIL_RE = re.compile(
    r"\s*,?\s*(?:năm (?:19|20)\d\d|giai đoạn (?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)(?!\d)"
    r"|\s*\((?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\)"
)


def _event_end(text: str, pos: int, limit: int) -> int:
    """Extend an event name: scope or body ("toàn quốc", "tỉnh Hậu Giang", "Công an tỉnh"), round, year."""
    m = _SCOPE_RE.match(text, pos, limit)
    if m:
        pos = m.end()
    else:
        end, _ = names._continue_name(text, pos, limit)
        if not re.search(r"\d$", text[pos:end]) or re.search(r"[^\d ]", text[pos:end]):
            pos = end
        pos = len(text[:pos].rstrip(" ,"))
    m = _ROUND_RE.match(text, pos, limit)
    if m:
        pos = m.end()
    m = _YEAR_TAIL_RE.match(text, pos, limit)
    if m:
        pos = m.end()
    return pos


_REWARD_CONTEXT_RE = re.compile(r"trao thưởng|khen thưởng|tổng kết|tôn vinh|biểu dương|trao tặng", re.IGNORECASE)
_AIM_CONTEXT_RE = re.compile(r"chào mừng|hướng tới|tiến tới|hướng đến|lập thành tích|phục vụ", re.IGNORECASE)


@dataclass(frozen=True)
class Event:
    text: str
    start: int
    end: int
    score: float


def reward_events(doc: Doc) -> list[Event]:
    text = doc.body
    found = []
    for m in _EVENT_RE.finditer(text, 0, doc.end_of_content):
        before = text[max(0, m.start() - 14) : m.start()]
        if re.search(r"Ban [Tt]ổ chức\s*$", before):
            continue
        sentence = doc.sentence_at(m.start())
        stop = _event_end(text, m.end(), sentence.end)
        name = " ".join(text[m.start() : stop].split()).rstrip(" ,")
        if name.isupper():
            name = name.capitalize()
        context = text[sentence.start : sentence.end]
        score = 0.0
        if "lần thứ" in name:
            score += 2
        if _REWARD_CONTEXT_RE.search(context):
            score += 3
        if _AIM_CONTEXT_RE.search(context):
            score += 2
        score += min(len(name), 90) / 100
        if score < 2:
            continue
        found.append(Event(name, m.start(), stop, score))
    return found


def choose_event(doc: Doc) -> Event | None:
    events = reward_events(doc)
    if not events:
        return None
    return max(events, key=lambda e: (e.score, -e.start))
