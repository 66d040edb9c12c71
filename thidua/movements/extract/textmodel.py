"""The analysed text every field rule reads: lines, boilerplate, sentences, quotations, header of a formal
document, publication date of a news page.

Offsets always refer to `Doc.text`; boilerplate lines are blanked (same length) in `Doc.body` so that rules
reading `body` never pick names out of menus and footers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from .dates import full_dates
from .vietnamese import fold, normalise, reflow

# --- boilerplate (portal menus, footers, counters) ------------------------------------------------------

_BOILERPLATE_RE = re.compile(
    r"^\s*(?:địa chỉ|điện thoại|đt|e-?mail|fax|giấy phép|đơn vị chủ quản|đơn vị quản lý|cơ quan chủ quản|"
    r"chịu trách nhiệm chính|bản quyền|copyright|©|ghi rõ nguồn|trưởng ban biên tập|tổng biên tập|"
    r"phó tổng biên tập|thống kê truy cập|số lượt xem|số lần đọc|lượt xem|lượt truy cập|đang online|đang truy cập|"
    r"hôm nay|đã truy cập|tổng truy cập|tin liên quan|tin cùng chuyên mục|các tin khác|tin khác|xem thêm|"
    r"viết bình luận|bình luận|chia sẻ|in bài|gửi bài|liên kết website|thiết kế bởi|phát triển bởi|"
    r"trang chủ|kính mời quý vị|nội dung chi tiết|tải về|tệp đính kèm|file đính kèm|bạn chưa có)\b",
    re.IGNORECASE,
)
_LICENCE_RE = re.compile(r"giấy phép|cấp ngày|\bGP-|website này|cổng thông tin điện tử\s*$", re.IGNORECASE)

# --- formal document header ----------------------------------------------------------------------------

DOC_TYPE_NAMES = {
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "loi keu goi": "Lời kêu gọi",
    "thu keu goi": "Thư kêu gọi",
    "huong dan": "Hướng dẫn",
    "thong bao": "Thông báo",
    "nghi quyet": "Nghị quyết",
    "cong van": "Văn bản",
    "van ban": "Văn bản",
    "thong tri": "Thông tri",
    "chuong trinh": "Chương trình",
    "thu": "Thư kêu gọi",
}
_HEADING_LINE_RE = re.compile(
    r"^(?:ke hoach|quyet dinh|chi thi|loi keu goi|thu keu goi|huong dan|thong bao|nghi quyet|thong tri|"
    r"chuong trinh|thu)\s*:?$"
)
_NATIONAL_MOTTO_RE = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc")
_NUMBER_LINE_RE = re.compile(r"(?:^|\s)so\s*[:.]\s*\d", re.MULTILINE)
_PLACE_DATE_RE = re.compile(
    r"(?:^|\s)([A-ZĐÀ-Ỹ][^\n,:;]{1,30}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE
)

# --- publication date of a news page ---------------------------------------------------------------------

_PUB_LINE_MAX = 70


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the quotes
    end: int  # index of the closing quote mark
    depth: int
    text: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass
class Doc:
    text: str
    body: str = field(init=False)
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = reflow(normalise(self.text))
        self.body = _blank_boilerplate(self.text)
        self.folded = fold(self.text)

    # -- lines ------------------------------------------------------------------------------------------

    @cached_property
    def folded_body(self) -> str:
        """`folded` with the boilerplate lines blanked like `body` (same offsets, folded once)."""
        if self.body == self.text:
            return self.folded
        lines = zip(self.folded.split("\n"), self.body.split("\n"), strict=True)
        return "\n".join(folded if body.strip() else body for folded, body in lines)

    @cached_property
    def home_place(self):
        """The province/city the text is about (see places.home_place)."""
        from . import places

        return places.home_place(places.mentions(self.body, self.folded_body))

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        spans, pos = [], 0
        for line in self.text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def line_of(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    @cached_property
    def nonempty_lines(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.lines if self.text[s:e].strip()]

    # -- sentences ---------------------------------------------------------------------------------------

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    def sentence_at(self, pos: int) -> Sentence:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s
        start, end = self.line_of(pos)
        return Sentence(start, end)

    # -- quotations -----------------------------------------------------------------------------------------

    @cached_property
    def quotes(self) -> list[Quote]:
        return find_quotes(self.text)

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    def quote_starting(self, lo: int, hi: int) -> Quote | None:
        """The first quotation whose opening mark is at an offset in [lo, hi]."""
        index = bisect.bisect_left(self._quote_starts, lo + 1)
        if index < len(self.quotes) and self.quotes[index].start - 1 <= hi:
            return self.quotes[index]
        return None

    # -- formal document (plan, decision, directive with its header) ------------------------------------

    @cached_property
    def heading(self) -> tuple[str, int, int] | None:
        """(doc type, line start, line end) of a stand-alone "KẾ HOẠCH"/"QUYẾT ĐỊNH"… line near the top."""
        lines = self.nonempty_lines[:45]
        head_text = self.folded[: lines[-1][1]] if lines else ""
        formal = bool(_NATIONAL_MOTTO_RE.search(head_text) or _NUMBER_LINE_RE.search(head_text))
        for start, end in lines:
            line = self.folded[start:end].strip()
            if _HEADING_LINE_RE.match(line):
                name = DOC_TYPE_NAMES[line.rstrip(":").strip()]
                original = self.text[start:end].strip()
                # "Kế hoạch" alone on a line is a heading only in a formal document or when written in capitals
                if formal or original.isupper() or original == original.upper():
                    return name, start, end
        return None

    @cached_property
    def is_formal(self) -> bool:
        return self.heading is not None

    @cached_property
    def header_zone(self) -> tuple[int, int]:
        """From the top to the heading line (the header table of a formal document)."""
        if not self.heading:
            return 0, 0
        return 0, self.heading[1]

    @cached_property
    def place_date(self) -> tuple[dt.date | None, int, int] | None:
        """'Thanh Hoá, ngày 27 tháng 6 năm 2025' of a formal document (None if absent)."""
        if not self.is_formal:
            return None
        zone_end = self.header_zone[1]
        matches = list(_PLACE_DATE_RE.finditer(self.text))
        if not matches:
            return None
        in_header = [m for m in matches if m.start() < zone_end]
        match = in_header[0] if in_header else matches[-1]
        from .dates import make_date

        date = make_date(int(match.group(4)), int(match.group(3)), int(match.group(2)))
        return date, match.start(), match.end()

    @cached_property
    def end_of_content(self) -> int:
        """Where recipients ("Nơi nhận:") start in a formal document; the end of text otherwise."""
        match = re.search(r"^\s*Nơi nhận\s*:", self.text, re.MULTILINE | re.IGNORECASE)
        return match.start() if match else len(self.text)

    # -- news page -------------------------------------------------------------------------------------------

    @cached_property
    def pub_date(self) -> dt.date | None:
        """The article's own date: a short line near the top that is mostly a date ("Thứ hai, 08/03/2021")."""
        for start, end in self.nonempty_lines[:10]:
            line = self.text[start:end]
            if len(line) > _PUB_LINE_MAX:
                continue
            found = full_dates(line)
            if not found:
                continue
            date, s, e = found[0]
            rest = re.sub(r"[\d:|,./\-\s]|GMT|\+7", "", line[:s] + line[e:])
            rest = re.sub(
                r"(?i)thứ\s*(hai|ba|tư|năm|sáu|bảy)|chủ nhật|ngày đăng|cập nhật|đăng ngày|ngày|lúc|giờ|sáng|chiều|"
                r"tối|am|pm|thu\s*\w+",
                "",
                rest,
            )
            if len(rest.strip()) <= 12:
                return date
        return None


def _blank_boilerplate(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if _BOILERPLATE_RE.match(line) or (_LICENCE_RE.search(line) and len(line) < 200):
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


# --- sentences ------------------------------------------------------------------------------------------

_SPLIT_RE = re.compile(r"([.!?…;])[\"”’»)]*\s+(?=[\"“‘«(]?[A-ZĐÀ-Ỹ0-9])|\n")
_ABBREV_RE = re.compile(r"(?:\b(?:TP|Tp|tp|TX|TT|TS|ThS|PGS|GS|BS|Q|P|St|KT|TM|Th|Ths|v\.v|Đ\/c|đ\/c)|\b[A-ZĐ])$")


def split_sentences(text: str) -> list[Sentence]:
    sentences, start = [], 0
    for match in _SPLIT_RE.finditer(text):
        if match.group(0) != "\n":
            before = text[max(start, match.start() - 6) : match.start()]
            if match.group(1) == "." and _ABBREV_RE.search(before):
                continue
        end = match.start() + (1 if match.group(0) != "\n" else 0)
        if end > start:
            sentences.append(Sentence(start, end))
        start = match.end()
    if start < len(text):
        sentences.append(Sentence(start, len(text)))
    return [s for s in sentences if text[s.start : s.end].strip()]


# --- quotations -------------------------------------------------------------------------------------------

_OPEN_DOUBLE = "“«„"
_CLOSE_DOUBLE = "”»"


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


_QUOTE_CHAR_RE = re.compile("[\n“”«»„\"'‘’]")


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages, nested ones included, paired per paragraph.

    Curly “…”, «…», „…“, single ‘…’ and straight "…", '…' quotes; an apostrophe inside a word is not a quote.
    A “ that follows a word and precedes a space or punctuation closes an open “ (a common typing slip).
    Unclosed quotes at the end of a paragraph are dropped.
    """
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    for match in _QUOTE_CHAR_RE.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "\n":
            stack.clear()
            continue
        prev = text[i - 1] if i > 0 and text[i - 1] != "\n" else " "
        nxt = text[i + 1] if i + 1 < n and text[i + 1] != "\n" else " "
        if ch in _OPEN_DOUBLE:
            if ch == "“" and stack and stack[-1][0] == "“" and _is_letter(prev) and not _is_letter(nxt):
                _close(stack, quotes, text, i, "“")
            else:
                stack.append((ch, i))
        elif ch in _CLOSE_DOUBLE:
            _close(stack, quotes, text, i, "double")
        elif ch == '"':
            if stack and stack[-1][0] == '"' or any(opener == '"' for opener, _ in stack) and not _is_letter(nxt):
                _close(stack, quotes, text, i, '"')
            else:
                stack.append((ch, i))
        elif ch in "‘'":
            if not _is_letter(prev) and (_is_letter(nxt) or nxt in '“"'):
                stack.append((ch, i))
            elif stack and stack[-1][0] in "‘'" and not _is_letter(nxt):
                _close(stack, quotes, text, i, stack[-1][0])
        elif ch == "’" and stack and stack[-1][0] in "‘'" and not _is_letter(nxt):
            _close(stack, quotes, text, i, stack[-1][0])
        if len(stack) > 50:  # runaway openers (not real quotations)
            del stack[:25]
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _close(stack: list[tuple[str, int]], quotes: list[Quote], text: str, i: int, kind: str) -> None:
    wanted = {"double": set(_OPEN_DOUBLE) | {'"'}, "“": {"“"}, '"': {'"'}, "‘": {"‘"}, "'": {"'"}}[kind]
    for depth in range(len(stack) - 1, -1, -1):
        opener, pos = stack[depth]
        if opener in wanted:
            del stack[depth:]
            inner = text[pos + 1 : i]
            if inner.strip():
                quotes.append(Quote(pos + 1, i, depth, inner))
            return
