"""The launching document: which mention of a plan/decision/directive is the one that launches the movement,
and from it the issuer, document type, number and date.

A news article names many documents ("Thực hiện Chỉ thị số 41/CT-TTg của Thủ tướng…", "Kế hoạch số 90/KH-UBND
về việc phát động…"); the launching one is issued ("ban hành", "ký", "có", "phát động tại") and is about the
launch ("về việc phát động phong trào…"). A formal document (its own header table) is its own launching
document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import names, places
from .dates import make_date, when_at
from .textmodel import DOC_TYPE_NAMES, Doc
from .vietnamese import fold

_SYMBOL = r"[A-ZĐa-zđ][A-Za-zĐđ0-9&]*(?:[\-–][A-Za-zĐđ0-9&]+)*"
NUMBER_RE = re.compile(rf"\d{{1,5}}[a-z]?(?:/\d{{4}})?/{_SYMBOL}|\d{{1,5}}\s?-\s?[A-ZĐ][A-Za-zĐđ]{{0,5}}/{_SYMBOL}")
_NUMBER_AFTER_RE = re.compile(rf"\s*(?:(?:số|Số|SỐ)\s*[:.]?\s*)?({NUMBER_RE.pattern})")
_NUMBER_BEFORE_RE = re.compile(rf"(?:^|\n|\s)(?:số|Số|SỐ)\s*[:.]?\s*({NUMBER_RE.pattern})\s*[:,\-–]?\s*$")

_MENTION_RE = re.compile(
    r"(?<![^\W\d_])(Kế hoạch|KẾ HOẠCH|kế hoạch|Quyết định|QUYẾT ĐỊNH|quyết định|Chỉ thị|CHỈ THỊ|chỉ thị|"
    r"Công văn|công văn|Văn bản|văn bản|Hướng dẫn|Thông báo|Nghị quyết|Lời kêu gọi|lời kêu gọi|Thư kêu gọi|"
    r"thư kêu gọi|Thông tri|Chương trình)(?![^\W\d_])"
)
_ISSUED_BEFORE_RE = re.compile(
    r"(?:ban hành|ký ban hành|ký|ra|có|vừa có|phát động tại|phát động bằng|phát động thông qua|gửi|ban hành kèm theo)"
    r"\s*$",
    re.IGNORECASE,
)
_ABOUT_AFTER_RE = re.compile(
    r"\s*(?:,\s*)?(?:về việc|về|V/v|v/v|nhằm|để)?\s*(?:ban hành (?:Kế hoạch|kế hoạch)[^.;]{0,40}?)?"
    r"(?:phát động|tổ chức phát động|tổ chức phong trào|triển khai phong trào|"
    r"thực hiện phong trào|đẩy mạnh phong trào|tăng cường|phong trào thi đua|đợt thi đua|tổ chức đợt)",
    re.IGNORECASE,
)
_ABOUT_LAUNCH_RE = re.compile(r"\s*(?:,\s*)?(?:về việc|về|V/v|v/v)\s+(?:tổ chức\s+)?phát động", re.IGNORECASE)
_REFERENCE_START_RE = re.compile(
    r"^\s*(?:căn cứ|thực hiện|theo|triển khai|trên cơ sở|tiếp tục thực hiện|để triển khai|nhằm triển khai|"
    r"\(kèm theo|kèm theo|ban hành kèm theo)",
    re.IGNORECASE,
)
_CHAIRMAN_VERBS_RE = re.compile(r"(?:ban hành|ký|ra)\s*$", re.IGNORECASE)
_ADVERBS_RE = re.compile(r"\s*(?:đã|vừa|mới|chính thức)\s*$")


MAX_MENTIONS = 400  # the launching document is named long before this many others


@dataclass
class Mention:
    doc_type: str
    start: int
    end: int  # end of the whole mention (type, number, date)
    number: str | None
    date: dt.date | None
    partial_date: tuple[int, int] | None  # (day, month) when the year is missing
    owner: names.Issuer | None  # "… của UBND tỉnh"
    score: float
    about_launch: bool  # "… về (việc) phát động phong trào …"
    snippet_start: int
    snippet_end: int


def _date_after(text: str, pos: int) -> tuple[dt.date | None, tuple[int, int] | None, int]:
    m = re.match(r"\s*(?:,\s*|\(\s*)?(?:ban hành\s+|ký\s+)?ngày\s+", text[pos : pos + 40], re.IGNORECASE)
    if not m:
        return None, None, pos
    when = when_at(text, pos + m.end())
    if when is None or when.kind != "day":
        return None, None, pos
    end = when.end_pos + (1 if text[when.end_pos : when.end_pos + 1] == ")" else 0)
    if when.year is None:
        return None, (when.day or 0, when.month or 0), end
    return make_date(when.year, when.month, when.day), None, end


def find_mentions(doc: Doc) -> list[Mention]:
    text = doc.body
    found: list[Mention] = []
    limit = doc.end_of_content
    for count, m in enumerate(_MENTION_RE.finditer(text, 0, limit)):
        if count >= MAX_MENTIONS:
            break
        word = m.group(1)
        doc_type = DOC_TYPE_NAMES.get(fold(word))
        if doc_type is None:
            continue
        pos = m.end()
        number = None
        nm = _NUMBER_AFTER_RE.match(text, pos)
        pre = _NUMBER_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        if nm:
            number = nm.group(1).rstrip(".,;:-–")
            pos = nm.start(1) + len(number)
        elif pre:  # "Số 01/CT-UBND Chỉ thị về …" (a portal's listing)
            number = pre.group(1).rstrip(".,;:-–")
        elif word[0].islower() and word not in ("văn bản", "công văn"):
            # "kế hoạch", "quyết định" in lower case are ordinary words unless numbered
            if not _ISSUED_BEFORE_RE.search(text[max(0, m.start() - 20) : m.start()]):
                continue
        elif word in ("văn bản", "công văn") and not nm:
            continue
        date, partial, pos = _date_after(text, pos)
        owner = None
        om = re.match(r"\s*(?:,\s*)?của\s+", text[pos : pos + 20])
        if om:
            owners = names.find_issuers(text, pos + om.end(), min(len(text), pos + om.end() + 90))
            if owners and owners[0].start == pos + om.end():
                owner = owners[0]
        sentence = doc.sentence_at(m.start())
        before = text[sentence.start : m.start()]
        score = 0.0
        if _ISSUED_BEFORE_RE.search(before[-40:].rstrip(" ,")):
            score += 3
        after_end = owner.end if owner else pos
        if _ABOUT_AFTER_RE.match(text, after_end) or _ABOUT_AFTER_RE.match(text, m.end()):
            score += 3
        about = bool(_ABOUT_LAUNCH_RE.match(text, after_end))
        if "thi đua" in text[sentence.start : sentence.end].lower():
            score += 1
        if number:
            score += 1
        if date or partial:
            score += 0.5
        if re.search(r"(?:về việc|về|V/v|v/v)\s+ban hành\s*$", before, re.IGNORECASE):
            score -= 4  # "Quyết định … về việc ban hành Kế hoạch …": the decision is the document
        if _REFERENCE_START_RE.match(before) and not _MENTION_RE.search(before):
            score -= 4  # "Thực hiện Kế hoạch số … của tỉnh, …": a document referred to, not issued
        if re.search(r"\(\s*kèm theo\s*$", text[max(0, m.start() - 15) : m.start()], re.IGNORECASE):
            score -= 5
        end = max(pos, m.end())
        found.append(
            Mention(doc_type, m.start(), end, number, date, partial, owner, score, about, sentence.start, sentence.end)
        )
    return found


def launching_mention(doc: Doc) -> Mention | None:
    mentions = find_mentions(doc)
    best = None
    for mention in mentions:
        if mention.score < 4:
            continue
        if best is None or mention.score > best.score:
            best = mention
    if best is not None:
        return best
    # "Theo Kế hoạch số 12/KH-LĐLĐ … của Liên đoàn Lao động tỉnh, đợt thi đua …": a numbered document of the
    # body that launches the movement
    agent = launching_agent(doc)
    if agent is not None:
        for mention in mentions:
            if mention.number and mention.owner and _same_body(mention.owner.text, agent.text):
                return mention
    # "Trên cơ sở Kế hoạch số 210/KH-UBND … về phát động phong trào thi đua …": the only launching document named
    about = [m for m in mentions if m.about_launch and m.number and m.score >= 0]
    return max(about, key=lambda m: m.score) if about else None


def _same_body(a: str, b: str) -> bool:
    fa, fb = fold(names.ubnd(a)), fold(names.ubnd(b))
    return fa == fb or fb.startswith(fa) or fa.startswith(fb)


# --- formal documents ---------------------------------------------------------------------------------------


def formal_number(doc: Doc) -> tuple[str, int, int] | None:
    start, end = doc.header_zone
    zone = doc.text[start:end]
    m = re.search(rf"(?:^|\s)(?:Số|SỐ|số)\s*[:.]?\s*({NUMBER_RE.pattern})", zone)
    if not m:
        return None
    return m.group(1).rstrip(".,;:-–"), start + m.start(1), start + m.end(1)


def formal_issuer(doc: Doc) -> tuple[str, int, int] | None:
    """The authority of a formal document: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" line, else the header's body."""
    heading = doc.heading
    if heading is None:
        return None
    for start, end in doc.nonempty_lines:
        line = doc.text[start:end].strip()
        folded = fold(line)
        if re.match(r"^chu tich (?:uy ban nhan dan|ubnd) (?:tinh|thanh pho|huyen)\b", folded) and len(line) < 70:
            place = places.mentions(line)
            level = re.search(r"(tinh|thanh pho|huyen)", folded)
            level_word = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện"}[level.group(1)]
            if place:
                return f"Chủ tịch UBND {level_word} {places.display(place[0])}", start, end
            tail = line[level.end() :].strip()
            return (f"Chủ tịch UBND {level_word} {tail.title()}".strip(), start, end)
        if re.match(r"^thu tuong chinh phu$", folded):
            return "Thủ tướng Chính phủ", start, end
    lines = []
    zone_start, zone_end = doc.header_zone
    for start, end in doc.nonempty_lines:
        if start >= zone_end:
            break
        if re.match(r"^\s*(?:so|số)\s*[:.]", fold(doc.text[start:end])):
            break
        lines.append((start, end))
    if not lines:
        return None
    text = names.header_issuer([doc.text[s:e] for s, e in lines[:4]], doc.text)
    if not text:
        return None
    return text, lines[0][0], lines[min(3, len(lines) - 1)][1]


# --- issuer of a mention ---------------------------------------------------------------------------------------


def mention_issuer(doc: Doc, mention: Mention) -> names.Issuer | None:
    text = doc.body
    if mention.owner:
        return mention.owner
    before = names.find_issuers(text, mention.snippet_start, mention.start)
    before = [i for i in before if not re.search(r"của\s*$", text[max(0, i.start - 8) : i.start])]
    if before:
        return before[-1]
    return None


def resolve_issuer(doc: Doc, mention: Mention | None, issuer: names.Issuer | None) -> str | None:
    """The issuer as the record shows it, with the chairman rule and the province added when named."""
    if issuer is None:
        return None
    text = names.tidy_issuer(issuer)
    if issuer.kind in ("chairman", "minister") and mention is not None and not mention.owner:
        # the chairman (minister) signs a decision or directive alone; a plan is the committee's (ministry's)
        between = _ADVERBS_RE.sub("", doc.body[issuer.end : mention.start].strip(" ,"))
        acts_alone = _CHAIRMAN_VERBS_RE.search(between) and mention.doc_type != "Kế hoạch"
        if not acts_alone:
            text = re.sub(r"^(?:Phó\s+)?(?:Chủ tịch|Bộ trưởng)\s+", "", text)
    if names.needs_place(text):
        home = home_place(doc)
        if home:
            text = f"{text} {places.display(home)}"
    return text


def home_place(doc: Doc) -> places.PlaceMention | None:
    return doc.home_place


def symbol_issuer(number: str | None) -> str | None:
    if not number:
        return None
    if re.search(r"UBND", number):
        return "UBND tỉnh"
    if re.search(r"TTg", number):
        return "Thủ tướng Chính phủ"
    return None


_LAUNCH_VERB_RE = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:đã |vừa |chính thức |long trọng )*"
    r"(?:ban hành|(?:tổ chức|chủ trì|dự|tham dự) (?:Lễ|lễ|Hội nghị|hội nghị|buổi lễ)[^.]{0,120}?phát động|phát động|"
    r"ra (?:Lời|lời|Thư|thư) kêu gọi|kêu gọi)"
)


_NATIONAL_BODY_RE = re.compile(
    r"^(?:Thủ tướng|Chính phủ|Chủ tịch nước|Tổng Liên đoàn|Bộ |Ban Bí thư|Bộ Chính trị|Trung ương)"
)


def launching_agent(doc: Doc) -> names.Issuer | None:
    """Without a launching document: the body that "phát động" / "tổ chức Lễ phát động" the movement.
    "… do Thủ tướng Chính phủ phát động" names a national movement, not this one; in "A phối hợp với B tổ chức
    lễ phát động", A launches."""
    text = doc.body
    passive = None
    found = names.find_issuers(text, 0, doc.end_of_content)
    for index, issuer in enumerate(found):
        verb_at = issuer.end
        partner = re.match(r"\s*phối hợp (?:với|cùng)\s+", text[issuer.end : issuer.end + 30])
        if partner and index + 1 < len(found) and found[index + 1].start == issuer.end + partner.end():
            verb_at = found[index + 1].end
        if not _LAUNCH_VERB_RE.match(text, verb_at):
            continue
        if re.search(r"(?:do|được|của)\s*$", text[max(0, issuer.start - 8) : issuer.start]):
            if passive is None and not _NATIONAL_BODY_RE.match(issuer.text):
                passive = issuer
            continue
        return issuer
    return passive


def issue_date(doc: Doc, mention: Mention) -> tuple[dt.date | None, int, int]:
    """The mention's own date, or the date that opens its sentence ("Ngày 28/4/2021, UBND tỉnh ban hành…")."""
    if mention.date:
        return mention.date, mention.start, mention.end
    partial = mention.partial_date
    if partial is None:
        prefix = doc.body[mention.snippet_start : mention.start]
        for m in re.finditer(r"(?<![^\W\d_])[Nn]gày\s+", prefix):
            when = when_at(prefix, m.end())
            if when is None or when.kind != "day":
                continue
            if when.year is not None:
                date = make_date(when.year, when.month, when.day)
                if date:
                    return date, mention.snippet_start + m.start(), mention.end
            else:
                partial = (when.day or 0, when.month or 0)
    if partial and doc.pub_date:
        day, month = partial
        pub = doc.pub_date
        date = make_date(pub.year, month, day)
        if date and date > pub:
            date = make_date(pub.year - 1, month, day)
        if date and (pub - date).days <= 366:
            return date, mention.snippet_start, mention.end
    return None, 0, 0
