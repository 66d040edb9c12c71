"""Excel files of back-entry: the blank template and reading an upload into rows as typed.

The upload is checked and read by thidua.core.xlsx.read_table (content, size, header; python-calamine);
the template is written with openpyxl.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.xlsx import read_table

from .services import EntryRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Danh sách khen thưởng"
HEADERS = [
    "STT",
    "Loại đối tượng (Cá nhân/Tập thể/Hộ)",
    "Số CCCD hoặc mã đơn vị",
    "Họ tên / tên đơn vị",
    "Mã hình thức",
    "Năm thành tích",
    "Loại hình",
    "Số tiền",
]
WIDTHS = [6, 20, 20, 34, 16, 12, 16, 14]
MAX_ROWS = 3000
BASIS_NAMES = ["Công trạng", "Đột xuất", "Phong trào", "Cống hiến", "Đối ngoại"]

INSTRUCTIONS = [
    "HƯỚNG DẪN NHẬP DANH SÁCH KHEN THƯỞNG CỦA MỘT QUYẾT ĐỊNH TRƯỚC ĐÂY",
    "",
    "Số, ngày, cơ quan ban hành và người ký quyết định được nhập trên trang tải tệp; tệp này chỉ chứa danh sách.",
    "1. Điền ở trang “Danh sách khen thưởng”, mỗi dòng một đối tượng được khen thưởng. Không sửa dòng tiêu đề.",
    "2. Loại đối tượng: “Cá nhân”, “Tập thể” hoặc “Hộ” (hộ gia đình).",
    "3. Số CCCD hoặc mã đơn vị: cá nhân ghi số CCCD (12 chữ số); tập thể ghi mã đơn vị; hộ gia đình ghi mã hộ. "
    "Nếu để trống, hệ thống tìm theo họ tên / tên đơn vị (phải trùng đúng một đối tượng).",
    "4. Họ tên / tên đơn vị: dùng để đối chiếu với số CCCD hoặc mã đơn vị.",
    "5. Mã hình thức: xem trang “Hình thức” (ví dụ CSTDCS, LDTT, BK_TINH, GK). Có thể ghi đúng tên hình thức.",
    "6. Năm thành tích: năm của thành tích được khen (không sau năm ban hành quyết định).",
    "7. Loại hình: Công trạng (mặc định khi để trống), Đột xuất, Phong trào, Cống hiến, Đối ngoại.",
    "8. Số tiền (đồng): để trống để hệ thống tính theo hệ số và mức lương cơ sở tại ngày quyết định "
    "(trước 01/07/2023 hệ thống chưa có mức lương cơ sở: ghi 0 nếu không nhập).",
    "9. Tải tệp lên: hệ thống kiểm tra từng dòng và báo lỗi theo số dòng. Có dòng lỗi thì không lưu dòng nào.",
]


def read_rows(file) -> list[EntryRow]:
    """The data rows of an uploaded list (content, size and header checked), as typed.

    Raises ValidationError with a Vietnamese message about the whole file."""
    rows = []
    for index, cells in read_table(file, sheet=SHEET, headers=HEADERS, digit_column=2, zero_fill_from=9):
        rows.append(EntryRow(index, *cells[1:]))
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"Tệp có quá nhiều dòng: mỗi lần nhập tối đa {MAX_ROWS} dòng khen thưởng.")
    if not rows:
        raise ValidationError("Tệp không có dòng khen thưởng nào (ngoài dòng tiêu đề).")
    return rows


def _header(ws, headers, widths):
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"


def template_workbook(award_types) -> bytes:
    """The blank list: headers, drop-downs, the award codes and the instructions."""
    award_types = list(award_types)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header(ws, HEADERS, WIDTHS)
    for row in range(2, 2001):
        ws[f"C{row}"].number_format = "@"  # CCCD numbers keep their leading zeros
    kind = DataValidation(type="list", formula1='"Cá nhân,Tập thể,Hộ"', allow_blank=True)
    kind.error, kind.errorTitle = "Chọn “Cá nhân”, “Tập thể” hoặc “Hộ”.", "Loại đối tượng không hợp lệ"
    ws.add_data_validation(kind)
    kind.add("B2:B2000")
    basis = DataValidation(type="list", formula1='"' + ",".join(BASIS_NAMES) + '"', allow_blank=True)
    basis.error, basis.errorTitle = "Chọn một loại hình trong danh sách.", "Loại hình không hợp lệ"
    ws.add_data_validation(basis)
    basis.add("G2:G2000")
    codes = wb.create_sheet("Hình thức")
    _header(codes, ["Mã hình thức", "Tên hình thức, danh hiệu", "Dùng cho"], [16, 60, 30])
    for a in award_types:
        codes.append([a.code, a.name, a.subject_kinds_display])
    award = DataValidation(type="list", formula1=f"='Hình thức'!$A$2:$A${len(award_types) + 1}", allow_blank=True)
    award.showErrorMessage = False  # a name typed by hand is accepted too
    ws.add_data_validation(award)
    award.add("E2:E2000")
    guide = wb.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 140
    for line in INSTRUCTIONS:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
