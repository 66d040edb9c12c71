"""Uploaded files are checked by their content, never by their name (one checker for every upload).

`file_kind(file, allowed=..., max_bytes=..., label=...)` reads the first bytes (and, for Office
files, the zip's table of contents) and returns one of KINDS, or raises ValidationError with a
Vietnamese message: too large, empty, an old .doc/.xls, or a type the caller does not accept.
"""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .text import fold_vi

MB = 1024 * 1024

# Detected kind → (MIME type, Vietnamese name used in messages).
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "jpg": ("image/jpeg", "ảnh JPEG"),
    "png": ("image/png", "ảnh PNG"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"),
    "html": ("text/html", "trang HTML"),
    "txt": ("text/plain", "văn bản thuần (.txt)"),
}
DOCUMENT_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")

OLD_OFFICE = (
    "Tệp “{name}” là tệp Word/Excel định dạng cũ (.doc, .xls): hãy mở tệp và lưu lại thành .docx hoặc .xlsx "
    "rồi tải lên lại."
)


def size_text(n: int) -> str:
    return f"{n / MB:.1f}".replace(".", ",") + " MB"


def kinds_text(allowed) -> str:
    names = [KINDS[k][1] for k in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " hoặc " + names[-1]


def _sniff(file) -> str | None:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head:
        return ""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "old_office"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            names = set()
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
        return None
    return _text_kind(file)


def _text_kind(file) -> str | None:
    """ "html" or "txt" for text without control bytes (UTF-8, UTF-16 with BOM, or a one-byte encoding)."""
    file.seek(0)
    sample = file.read(64 * 1024)
    file.seek(0)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = sample.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        if b"\x00" in sample:
            return None
        text = sample.decode("utf-8", errors="ignore")
        if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text[:4096]):
            return None
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in text[:8192].lower():
        return "html"
    return "txt"


def file_kind(file, *, allowed=DOCUMENT_KINDS, max_bytes: int = 10 * MB, label: str = "Tệp") -> str:
    """The detected kind of `file` ("pdf", "jpg", "png", "docx", "xlsx") if it is one of `allowed`."""
    name = getattr(file, "name", "") or "tệp"
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"{label} “{name}” quá lớn ({size_text(size)}): dung lượng tối đa là {size_text(max_bytes)}.",
            code="too_big",
        )
    kind = _sniff(file)
    if kind == "":
        raise ValidationError(f"{label} “{name}” rỗng.", code="empty")
    if kind == "old_office" and ("docx" in allowed or "xlsx" in allowed):
        raise ValidationError(OLD_OFFICE.format(name=name), code="old_office")
    if kind not in allowed:
        raise ValidationError(
            f"{label} phải là {kinds_text(allowed)}. Tệp “{name}” không đúng các định dạng này "
            "(hệ thống kiểm tra nội dung tệp, không dựa vào đuôi tên tệp).",
            code="wrong_type",
        )
    return kind


def stored_name(file, kind: str, default: str = "tep") -> str:
    """A safe file name for storage: the folded original name with the extension of the detected kind."""
    stem = (getattr(file, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    slug = slugify(fold_vi(stem.replace(".", " ")))[:60] or default
    return f"{slug}.{kind}"
