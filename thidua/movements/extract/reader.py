"""read_document(filename, data) -> Unicode text of an uploaded announcement (.txt, .html/.htm, .docx, .pdf).

Every refusal is a DocumentError with a Vietnamese message the officer can act on.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

from .encodings import bom_encoding, decode_bytes
from .errors import DocumentError
from .vietnamese import looks_vietnamese, normalise, reflow

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED = (".txt", ".html", ".htm", ".docx", ".pdf")

MSG_TOO_BIG = "Tệp lớn hơn 20 MB."
MSG_EMPTY = "Tệp rỗng, không có nội dung."
MSG_NOT_VIETNAMESE = "Văn bản không phải tiếng Việt hoặc không có nội dung."
MSG_SCANNED_PDF = "Tệp PDF không có lớp chữ (bản scan) — hãy dán nội dung văn bản."

# magic numbers of formats that are certainly not text
_BINARY_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "tệp nén (ZIP/DOCX)"),
    (b"\xd0\xcf\x11\xe0", "Word 97–2003 (.doc)"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"{\\rtf", "RTF"),
)


def read_document(filename: str, data: bytes) -> str:
    """The document's text, normalised (NFC, Đ not Ð, tidy spaces). Raises DocumentError."""
    ext = PurePath(filename or "").suffix.lower()
    if ext not in SUPPORTED:
        shown = ext or "(không có đuôi)"
        raise DocumentError(
            f"Định dạng tệp {shown} không được hỗ trợ — hãy dùng .docx, .pdf, .html hoặc .txt, hoặc dán nội dung."
        )
    if len(data) > MAX_BYTES:
        raise DocumentError(MSG_TOO_BIG)
    if not data or not data.strip():
        raise DocumentError(MSG_EMPTY)
    if ext == ".txt":
        text = _read_txt(data)
    elif ext in (".html", ".htm"):
        text = _read_html(data, ext)
    elif ext == ".docx":
        text = _read_docx(data)
    else:
        text = _read_pdf(data)
    text = normalise(text)
    if not text or not looks_vietnamese(text):
        raise DocumentError(MSG_NOT_VIETNAMESE)
    return text


# ---------------------------------------------------------------------------------------------------------
# plain text


def _binary_kind(data: bytes) -> str | None:
    head = data[:8].lstrip()
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.5 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.5 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.02 * len(sample)


def decode_text_bytes(data: bytes, ext: str = ".txt") -> str:
    """Bytes of a text file -> str: BOM, UTF-16 without BOM, else the best Vietnamese reading."""
    name = bom_encoding(data)
    if name:
        return data.decode(name, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls <= 0.01 * min(len(text), 20000):
            return text
    if _binary_kind(data) or _looks_binary(data):
        raise DocumentError(f"Tệp có đuôi {ext} nhưng nội dung không phải văn bản.")
    text, _encoding = decode_bytes(data)
    return text


def _read_txt(data: bytes) -> str:
    kind = _binary_kind(data)
    if kind:
        raise DocumentError(f"Tệp có đuôi .txt nhưng nội dung là {kind}, không phải văn bản.")
    return decode_text_bytes(data, ".txt")


# ---------------------------------------------------------------------------------------------------------
# HTML

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTML_SIGN_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|span|table|h[1-6]|article|br|meta|title|section|a)\b", re.IGNORECASE
)

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "select"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main",
    "blockquote", "pre", "hr", "dd", "dt", "dl", "figcaption", "figure", "caption", "address", "form", "center",
}  # fmt: skip
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        return "".join(self.parts)


def _decode_html(data: bytes) -> str:
    if bom_encoding(data):
        return decode_text_bytes(data, ".html")
    match = _META_CHARSET_RE.search(data[:8192])
    if match:
        charset = match.group(1).decode("ascii", "ignore").lower()
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text_bytes(data, ".html")


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _read_html(data: bytes, ext: str) -> str:
    kind = _binary_kind(data)
    if kind:
        raise DocumentError(f"Tệp có đuôi {ext} nhưng nội dung là {kind}, không phải trang HTML.")
    markup = _decode_html(data)
    if not _HTML_SIGN_RE.search(markup[:65536]):
        raise DocumentError(f"Tệp có đuôi {ext} nhưng nội dung không phải HTML.")
    return html_to_text(markup)


# ---------------------------------------------------------------------------------------------------------
# DOCX


def _read_docx(data: bytes) -> str:
    if not data.startswith(b"PK"):
        raise DocumentError("Tệp có đuôi .docx nhưng nội dung không phải tài liệu Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError("Tệp có đuôi .docx nhưng nội dung không phải tài liệu Word (.docx).") from None
    if "word/document.xml" not in names:
        raise DocumentError("Tệp có đuôi .docx nhưng nội dung không phải tài liệu Word (.docx).")
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise DocumentError("Tệp Word (.docx) bị hỏng hoặc không đọc được.") from None

    lines: list[str] = []
    tag_p, tag_tbl, tag_sdt, tag_content = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")

    def walk(element, parent) -> None:
        for child in element.iterchildren():
            if child.tag == tag_p:
                lines.append(Paragraph(child, parent).text)
            elif child.tag == tag_tbl:
                table(Table(child, parent))
            elif child.tag in (tag_sdt, tag_content):
                walk(child, parent)

    def table(tbl) -> None:
        # merged cells repeat in row.cells; keep the elements alive so that identity checks are reliable
        seen: list = []
        for row in tbl.rows:
            for cell in row.cells:
                tc = cell._tc
                if any(tc is other for other in seen):
                    continue
                seen.append(tc)
                walk(tc, cell)
                lines.append("")

    walk(document.element.body, document)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# PDF


def _read_pdf(data: bytes) -> str:
    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise DocumentError("Tệp có đuôi .pdf nhưng nội dung không phải PDF.")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("Tệp PDF được đặt mật khẩu — hãy gỡ mật khẩu hoặc dán nội dung văn bản.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception:
        raise DocumentError("Tệp PDF bị hỏng hoặc không đọc được.") from None
    text = "\n".join(pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise DocumentError(MSG_SCANNED_PDF)
    return reflow(text)
