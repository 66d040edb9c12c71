"""Documents of a dossier: content-checked uploads (PDF, Word, Excel, JPEG, PNG; ≤ 20 MB), what a
returned dossier lets the unit add or remove, removal, download only for those who see the dossier."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEvent
from thidua.nominations.models import DocKind, NominationDocument, State
from thidua.nominations.services import dossiers as svc

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name="to-trinh.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def draft(province, make_nomination):
    return make_nomination(province.hospital)


def test_pdf_is_stored_under_the_dossier_with_a_safe_name(hospital_officer, draft, media):
    doc = svc.document_add(
        actor=hospital_officer, nomination=draft, kind=DocKind.SUBMISSION, file=pdf("Tờ trình số 12.pdf")
    )
    assert doc.file_kind == "pdf" and doc.original_name == "Tờ trình số 12.pdf" and doc.size == len(PDF)
    assert doc.file.name.startswith(f"ho-so/{draft.pk}/to-trinh-so-12") and doc.file.name.endswith(".pdf")
    assert (media / doc.file.name).read_bytes() == PDF
    assert AuditEvent.objects.filter(action="nomination.document_add", object_id=str(draft.pk)).exists()


def test_word_file_is_recognised_by_its_content(hospital_officer, draft):
    file = SimpleUploadedFile("bao-cao", docx_bytes())
    doc = svc.document_add(actor=hospital_officer, nomination=draft, kind=DocKind.ACHIEVEMENT_REPORT, file=file)
    assert doc.file_kind == "docx" and doc.file.name.endswith(".docx")


def test_a_pdf_name_on_other_bytes_is_refused(hospital_officer, draft, media):
    fake = pdf("to-trinh.pdf", b"MZ\x90\x00 this is an executable, not a PDF")
    with pytest.raises(ValidationError) as exc:
        svc.document_add(actor=hospital_officer, nomination=draft, kind=DocKind.SUBMISSION, file=fake)
    assert "không dựa vào đuôi tên tệp" in exc.value.message_dict["file"][0]
    assert not NominationDocument.objects.exists() and not list(media.rglob("*.pdf"))


def test_a_file_over_20_mb_is_refused(hospital_officer, draft):
    big = pdf("lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        svc.document_add(actor=hospital_officer, nomination=draft, kind=DocKind.SUBMISSION, file=big)
    assert "quá lớn" in exc.value.message_dict["file"][0]


def test_kind_must_be_a_dossier_component(hospital_officer, draft):
    with pytest.raises(ValidationError) as exc:
        svc.document_add(actor=hospital_officer, nomination=draft, kind="VIRUS", file=pdf())
    assert "kind" in exc.value.message_dict


def test_a_line_of_another_dossier_is_refused(
    province, hospital_officer, draft, make_nomination, make_line, make_person
):
    other = make_line(make_nomination(province.hospital), make_person(province.hospital), "BK_TINH")
    with pytest.raises(ValidationError) as exc:
        svc.document_add(actor=hospital_officer, nomination=draft, kind=DocKind.SUBMISSION, file=pdf(), line=other)
    assert "line" in exc.value.message_dict


def test_other_units_officer_cannot_attach(other_unit_officer, draft):
    with pytest.raises(PermissionDenied):
        svc.document_add(actor=other_unit_officer, nomination=draft, kind=DocKind.SUBMISSION, file=pdf())


@pytest.fixture
def returned(province, make_nomination, make_line, make_person):
    n = make_nomination(province.hospital, state=State.RETURNED)
    flagged = make_line(
        n, make_person(province.hospital), "BK_TINH", needs_correction=True, correction_fields=["documents"]
    )
    other = make_line(n, make_person(province.hospital, "Đỗ Văn Khoa"), "BK_TINH")
    return n, flagged, other


def test_returned_dossier_takes_dossier_level_and_flagged_line_documents(hospital_officer, returned):
    n, flagged, _other = returned
    svc.document_add(actor=hospital_officer, nomination=n, kind=DocKind.SUBMISSION, file=pdf())
    svc.document_add(actor=hospital_officer, nomination=n, kind=DocKind.ACHIEVEMENT_REPORT, file=pdf(), line=flagged)
    assert NominationDocument.objects.count() == 2


def test_returned_dossier_refuses_documents_of_a_line_not_flagged(hospital_officer, returned):
    n, _flagged, other = returned
    with pytest.raises(ValidationError) as exc:
        svc.document_add(actor=hospital_officer, nomination=n, kind=DocKind.ACHIEVEMENT_REPORT, file=pdf(), line=other)
    assert "line" in exc.value.message_dict
    assert not NominationDocument.objects.exists()


def test_document_is_removed_with_its_file(hospital_officer, draft, media, django_capture_on_commit_callbacks):
    doc = svc.document_add(actor=hospital_officer, nomination=draft, kind=DocKind.SUBMISSION, file=pdf())
    path = media / doc.file.name
    with django_capture_on_commit_callbacks(execute=True):
        svc.document_remove(actor=hospital_officer, document=doc)
    assert not NominationDocument.objects.exists() and not path.exists()
    assert AuditEvent.objects.filter(action="nomination.document_remove").exists()


def test_returned_dossier_keeps_documents_of_lines_not_flagged(hospital_officer, returned):
    n, _flagged, other = returned
    doc = NominationDocument.objects.create(
        nomination=n,
        line=other,
        kind=DocKind.ACHIEVEMENT_REPORT,
        file="ho-so/x.pdf",
        original_name="x.pdf",
        file_kind="pdf",
        size=3,
    )
    with pytest.raises(ValidationError):
        svc.document_remove(actor=hospital_officer, document=doc)
    assert NominationDocument.objects.filter(pk=doc.pk).exists()


def test_submitted_dossier_documents_cannot_be_removed(province, hospital_officer, make_nomination):
    n = make_nomination(province.hospital, submitted=True)
    doc = NominationDocument.objects.create(
        nomination=n, kind=DocKind.SUBMISSION, file="ho-so/x.pdf", original_name="x.pdf", file_kind="pdf", size=3
    )
    with pytest.raises(PermissionDenied):
        svc.document_remove(actor=hospital_officer, document=doc)
