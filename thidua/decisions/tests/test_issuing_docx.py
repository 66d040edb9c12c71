"""The decision and its annex as .docx (Nghị định 30/2020 layout), opened with python-docx: number,
place and date, the articles, the recipients in the annex, amounts and total — on both sides of the
base salary change of 01/07/2026."""

import datetime as dt
import io

import pytest
from docx import Document

from thidua.decisions.documents import decision_docx
from thidua.decisions.models import DocKind
from thidua.decisions.services import issuing as svc
from thidua.nominations.models import Authority

BEFORE = dt.date(2026, 6, 30)
AFTER = dt.date(2026, 7, 1)


def _issued(actor, signer, issuer, lines, date, kind=DocKind.DECISION):
    d = svc.draft_create(actor=actor, issuer=issuer, kind=kind, lines=lines, signer=signer)
    return svc.decision_issue(actor=signer.user, decision=d, date=date, version=d.version)


def _open(data: bytes):
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return doc, text, cells


@pytest.fixture
def two(province, ready_line, make_person):
    nurse = make_person(province.hospital, "Đỗ Thị Lan", position="Điều dưỡng trưởng")
    doctor = make_person(province.hospital, "Lê Văn Bác", position="Bác sĩ")
    return ready_line(nurse, "CSTD_TINH"), ready_line(doctor, "BK_TINH")


@pytest.mark.parametrize(
    ("date", "amounts", "total", "words", "date_line"),
    [
        (BEFORE, ["7.020.000", "3.510.000"], "10.530.000", "Mười triệu năm trăm ba mươi nghìn đồng", "ngày 30 tháng 6"),
        (
            AFTER,
            ["7.590.000", "3.800.000"],
            "11.390.000",
            "Mười một triệu ba trăm chín mươi nghìn đồng",
            "ngày 01 tháng 7",
        ),
    ],
)
def test_decision_docx_has_number_articles_annex_amounts_and_total(
    province, province_officer, issuing, two, date, amounts, total, words, date_line
):
    d = _issued(province_officer, issuing.vice, province.root, list(two), date)
    doc, text, cells = _open(decision_docx(d))

    header = [c for row in cells[:2] for c in row]
    assert "Số: 1/QĐ-UBND" in header
    assert any(f"Hòa Giang, {date_line} năm 2026" in c for c in header)
    assert any("ỦY BAN NHÂN DÂN" in c and "TỈNH HÒA GIANG" in c for c in header)
    assert "QUYẾT ĐỊNH" in text and "QUYẾT ĐỊNH:" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA GIANG" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Điều 1." in text and "cho 2 cá nhân có tên trong danh sách kèm theo" in text
    assert f"Tổng số tiền thưởng: {total} đồng (Bằng chữ: {words})" in text
    assert "Điều 3." in text
    assert f"(Kèm theo Quyết định số 1/QĐ-UBND ngày {date:%d/%m/%Y}" in text
    signature = " ".join(c for row in cells for c in row)
    assert "KT. CHỦ TỊCH" in signature and "PHÓ CHỦ TỊCH" in signature and "Đặng Văn Phó" in signature
    assert "- Như Điều 3;" in signature

    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in r.cells] for r in annex.rows]
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức", "Số tiền (đồng)"]
    assert [r[1] for r in rows[1:3]] == ["Đỗ Thị Lan", "Lê Văn Bác"]
    assert rows[1][2] == "Điều dưỡng trưởng, Bệnh viện Đa khoa tỉnh"
    assert [r[4] for r in rows[1:3]] == amounts
    assert rows[-1][4] == total and "Tổng cộng" in rows[-1][1]
    assert any('w:type="page"' in p._p.xml for p in doc.paragraphs)  # the annex starts on a new page


def test_a_draft_downloads_as_draft_without_number(province, province_officer, issuing, two):
    d = svc.draft_create(actor=province_officer, issuer=province.root, kind=DocKind.DECISION, lines=list(two))
    doc, text, cells = _open(decision_docx(d))
    assert text.startswith("DỰ THẢO")
    assert any(" ".join(c.split()) == "Số: /QĐ-UBND" for row in cells[:2] for c in row)
    assert "(Kèm theo Dự thảo quyết định" in text
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert annex.rows[1].cells[1].text == "Đỗ Thị Lan"


def test_submission_docx_is_a_to_trinh_to_the_prime_minister(
    province, province_officer, issuing, ready_line, make_person
):
    line = ready_line(make_person(province.hospital, "Trần Văn Quốc"), "BK_TTG", authority=Authority.STATE)
    d = _issued(province_officer, issuing.chair, province.root, [line], AFTER, kind=DocKind.SUBMISSION)
    doc, text, cells = _open(decision_docx(d))
    assert any("Số: 1/TTr-UBND" in c for row in cells[:2] for c in row)
    assert "TỜ TRÌNH" in text and "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)." in text
    assert "Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ" in text
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert annex.rows[1].cells[1].text == "Trần Văn Quốc"
    assert annex.rows[0].cells[3].text == "Hình thức đề nghị"
