"""Back-entry from Excel: the upload is checked by content, rows are resolved and reported one by
one in Vietnamese with their row number, and the commit saves every row or none."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.catalog.models import AwardType
from thidua.core.models import AuditEvent
from thidua.decisions import excel
from thidua.decisions import services as svc
from thidua.decisions.models import Award, Decision

from .test_back_entry_support import *  # noqa: F403  (fixture: people)
from .test_back_entry_support import xlsx_upload

DATE = dt.date(2024, 12, 20)


def run_import(actor, issuer, rows, number="99/QĐ-UBND"):
    return svc.decision_import(actor=actor, issuer=issuer, number=number, date=DATE, rows=rows, filename="ds.xlsx")


def test_rows_are_read_as_text_with_cccd_leading_zeros_kept(db):
    upload = xlsx_upload(
        [
            [1, "Cá nhân", 1180000001, "Đỗ Thị Lan", "BK_TINH", 2024, None, None],
            [None, None, None, None, None, None, None, None],
            [3, "Tập thể", "BVDK", "Bệnh viện Đa khoa tỉnh", "BK_TINH_TT", 2024.0, "Đột xuất", 3600000],
        ]
    )
    rows = excel.read_rows(upload)
    assert [r.row for r in rows] == [2, 4]
    assert rows[0].ident == "001180000001" and rows[0].year_text == "2024"
    assert (rows[1].ident, rows[1].basis_text, rows[1].amount_text) == ("BVDK", "Đột xuất", "3600000")


def test_a_file_that_is_not_a_real_xlsx_is_refused_by_its_content(db):
    fake = SimpleUploadedFile(
        "danh-sach.xlsx", b"Loai doi tuong;Ho ten\nCa nhan;An\n", content_type=excel.XLSX_CONTENT_TYPE
    )
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(fake)
    assert "Excel (.xlsx)" in exc.value.messages[0] and "không dựa vào đuôi tên tệp" in exc.value.messages[0]
    pdf = SimpleUploadedFile("danh-sach.xlsx", b"%PDF-1.7\n...")
    with pytest.raises(ValidationError):
        excel.read_rows(pdf)


def test_a_file_over_the_size_limit_is_refused(db, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(xlsx_upload([["1", "Cá nhân", "", "A", "LDTT", 2020, "", ""]] * 200))
    assert "quá lớn" in exc.value.messages[0]


def test_a_file_with_another_header_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        excel.read_rows(xlsx_upload([["An", "LDTT"]], headers=["Họ và tên", "Danh hiệu"]))
    assert exc.value.messages[0].startswith("Dòng tiêu đề không đúng mẫu.")


def test_the_template_has_the_headers_and_the_award_codes(db):
    wb = load_workbook(io.BytesIO(excel.template_workbook(AwardType.objects.all())))
    assert [c.value for c in wb[excel.SHEET][1]] == excel.HEADERS
    codes = [r[0].value for r in wb["Hình thức"].iter_rows(min_row=2)]
    assert "CSTDCS" in codes and "BK_TINH" in codes
    assert "Hướng dẫn" in wb.sheetnames


def test_a_good_file_is_resolved_and_saved(province, province_officer, people):
    rows = excel.read_rows(
        xlsx_upload(
            [
                [1, "Cá nhân", "001180000001", "Đỗ Thị Lan", "bk_tinh", 2024, "", ""],
                [2, "Cá nhân", "", "le thi hoa", "Lao động tiên tiến", 2024, "Phong trào", "1.000.000"],
                [3, "Tập thể", "bvdk", "", "BK_TINH_TT", 2024, "", ""],
                [4, "Hộ", str(people.household.pk), "Hộ Trần Văn Nông", "BK_TINH_HGD", 2024, "", ""],
            ]
        )
    )
    report = svc.back_entry_check(rows, issuer=province.root, number="99/QĐ-UBND", date=DATE)
    assert report.ok, [r.errors for r in report.rows]
    assert [r.subject for r in report.rows] == [people.lan, people.hoa, province.hospital, people.household]
    decision = run_import(province_officer, province.root, rows)
    awards = list(decision.awards.order_by("id"))
    assert len(awards) == 4 and decision.back_entered
    assert (awards[1].basis, awards[1].amount) == ("PHONG_TRAO", 1_000_000)
    event = AuditEvent.objects.get(action="decision.back_enter")
    assert event.data["count"] == 4 and event.data["source"] == "excel" and "ds.xlsx" in event.summary


def test_one_bad_row_saves_nothing_and_the_report_names_each_error_by_row(province, province_officer, people):
    rows = excel.read_rows(
        xlsx_upload(
            [
                [1, "Cá nhân", "001180000001", "Đỗ Thị Lan", "BK_TINH", 2024, "", ""],
                [2, "Cá nhân", "001180000009", "Không Có Ai", "BK_TINH", 2024, "", ""],
                [3, "Cá nhân", "001180000002", "Tên Khác", "LDTT", 2024, "", ""],
                [4, "Tập thể", "XYZ", "", "TTLDXS", 2024, "", ""],
                [5, "Người", "", "Ai đó", "LDTT", 2024, "", ""],
                [6, "Cá nhân", "001180000003", "Phạm Văn Giáo", "KHONG_CO", "năm ngoái", "Bí mật", "mười triệu"],
            ]
        )
    )
    with pytest.raises(svc.BackEntryRejected) as exc:
        run_import(province_officer, province.root, rows)
    report = exc.value.report
    assert report.error_count == 5
    by_row = {r.row: r.errors for r in report.rows}
    assert by_row[2] == []
    assert by_row[3] == ["Không tìm thấy cá nhân có số CCCD 001180000009."]
    assert by_row[4] == ["Họ tên “Tên Khác” không khớp với số CCCD 001180000002 (trong hệ thống: Lê Thị Hoa)."]
    assert by_row[5] == ["Không tìm thấy đơn vị có mã “XYZ”."]
    assert by_row[6] == ["Loại đối tượng phải là “Cá nhân”, “Tập thể” hoặc “Hộ gia đình”."]
    assert len(by_row[7]) == 4  # award code, year, basis, amount
    assert "Dòng 7: Không có hình thức, danh hiệu “KHONG_CO” trong danh mục" in " ".join(exc.value.messages)
    assert not Decision.objects.exists() and not Award.objects.exists()
    assert not AuditEvent.objects.filter(action="decision.back_enter").exists()


def test_a_name_shared_by_two_people_needs_the_cccd(province, province_officer, people):
    from thidua.people.models import Person

    Person.objects.create(unit=province.school, full_name="Lê Thị Hoa", sex="F", employment_type="CIVIL_SERVANT")
    rows = [svc.EntryRow(2, "Cá nhân", "", "Lê Thị Hoa", "LDTT", "2024")]
    report = svc.back_entry_check(rows, issuer=province.root, number="1", date=DATE)
    assert report.rows[0].errors == ["Có 2 cá nhân tên “Lê Thị Hoa” trong hệ thống: hãy ghi thêm số CCCD để phân biệt."]


def test_rows_are_resolved_in_a_fixed_number_of_queries(province, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (2, 12):
        rows = [svc.EntryRow(i + 2, "Cá nhân", "001180000001", "", "LDTT", str(2000 + i)) for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            report = svc.back_entry_check(rows, issuer=province.root, number="1", date=DATE)
        assert report.ok
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
