"""One content checker for every upload: the name never decides the type."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.uploads import file_kind, stored_name


def _office(member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "pdf"),
        ("anh.png", b"\x89PNG\r\n\x1a\n....", "png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0....", "jpg"),
        ("to-trinh.docx", _office("word/document.xml"), "docx"),
        ("danh-sach.xlsx", _office("xl/workbook.xml"), "xlsx"),
        ("ke-hoach.txt", "Kế hoạch số 90/KH-UBND".encode(), "txt"),
        ("ke-hoach.htm", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    ],
)
def test_kind_is_read_from_content(name, content, kind):
    allowed = ("pdf", "png", "jpg", "docx", "xlsx", "txt", "html")
    assert file_kind(SimpleUploadedFile(name, content), allowed=allowed) == kind


def test_a_pdf_name_on_an_executable_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as exc:
        file_kind(SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03binary"), allowed=("pdf",), label="Báo cáo")
    assert "Báo cáo phải là PDF" in exc.value.messages[0]
    assert "không dựa vào đuôi tên tệp" in exc.value.messages[0]


def test_a_text_file_is_refused_where_only_documents_are_accepted():
    with pytest.raises(ValidationError) as exc:
        file_kind(SimpleUploadedFile("x.pdf", b"hello"), allowed=("pdf", "docx"))
    assert exc.value.code == "wrong_type"


def test_too_large_and_empty_files_get_their_own_message():
    with pytest.raises(ValidationError) as big:
        file_kind(SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 2000), max_bytes=1000)
    assert big.value.code == "too_big" and "quá lớn" in big.value.messages[0]
    with pytest.raises(ValidationError) as empty:
        file_kind(SimpleUploadedFile("x.pdf", b""))
    assert empty.value.code == "empty"


def test_old_office_files_are_asked_to_be_saved_again():
    with pytest.raises(ValidationError) as exc:
        file_kind(SimpleUploadedFile("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"))
    assert exc.value.code == "old_office"


def test_stored_name_is_folded_and_takes_the_detected_extension():
    assert stored_name(SimpleUploadedFile("Tờ trình số 5.exe", b""), "pdf") == "to-trinh-so-5.pdf"
