"""Excel files of emulation registration: the blank template, the registration as a workbook,
the province's overview, and reading an upload into rows.

One sheet layout serves the template, the export and the import, so that a downloaded
registration can be edited and uploaded again: the first nine columns (IMPORT_HEADERS) are read
back; the export adds columns after them that the import ignores.

Uploads are checked by content and size (thidua.accounts.excel.read_upload: a real .xlsx, at most
THIDUA_MAX_UPLOAD_BYTES) and read with python-calamine; workbooks are written with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.text import fold_vi
from thidua.core.xlsx import XLSX_CONTENT_TYPE, append_row, read_table

__all__ = ["XLSX_CONTENT_TYPE", "ImportReport", "ImportRow", "read_rows"]

SHEET = "Đăng ký"
PERSON_TEXT, UNIT_TEXT = "Cá nhân", "Tập thể"
IMPORT_HEADERS = [
    "STT",
    "Đối tượng",
    "Mã cá nhân",
    "Họ và tên / Tên tập thể",
    "Ngày sinh",
    "Số CCCD",
    "Mã đơn vị",
    "Danh hiệu đăng ký",
    "Ghi chú",
]
EXPORT_EXTRA = ["Đơn vị công tác / đơn vị cấp trên", "Khả năng đạt", "Lý do, lưu ý"]
WIDTHS = [6, 11, 11, 32, 12, 15, 12, 34, 30, 36, 16, 60]
MAX_ROWS = 5000
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN TỆP ĐĂNG KÝ THI ĐUA",
    "",
    "1. Điền ở trang “Đăng ký”, mỗi dòng là một cá nhân hoặc một tập thể đăng ký một danh hiệu, hình thức. "
    "Không sửa dòng tiêu đề (dòng 1). Cột STT có thể để trống.",
    "2. Cột “Đối tượng”: ghi “Cá nhân” hoặc “Tập thể”.",
    "3. Cá nhân: ghi “Mã cá nhân” (xem trang “Cá nhân”); nếu không có mã thì ghi số CCCD, hoặc họ và tên cùng "
    "ngày sinh (dd/mm/yyyy). Cá nhân phải đang công tác tại đơn vị đăng ký hoặc đơn vị trực thuộc.",
    "4. Tập thể: ghi “Mã đơn vị” (xem trang “Tập thể”) hoặc đúng tên đơn vị. Chỉ đăng ký cho chính đơn vị "
    "hoặc đơn vị trực thuộc còn hoạt động.",
    "5. Cột “Danh hiệu đăng ký”: chọn trong danh sách (trang “Danh hiệu”), ghi tên hoặc mã danh hiệu. "
    "Danh hiệu phải đúng đối tượng (cá nhân hoặc tập thể).",
    "6. Mỗi cá nhân, tập thể chỉ đăng ký một danh hiệu một lần. Ghi chú tối đa 255 ký tự.",
    "7. Tải tệp lên: hệ thống kiểm tra từng dòng và báo lỗi theo số dòng. Nếu có dòng lỗi thì không lưu dòng nào; "
    "sửa tệp rồi tải lên lại. Dung lượng tối đa 5 MB, định dạng .xlsx.",
    "",
    "Ví dụ:",
    "1 | Cá nhân | 125 | Nguyễn Văn An | 15/03/1985 |  |  | Chiến sĩ thi đua cơ sở | ",
    "2 | Cá nhân |  | Trần Thị Bình | 02/09/1990 | 001190012345 |  | Lao động tiên tiến | ",
    "3 | Tập thể |  | Bệnh viện Đa khoa tỉnh |  |  | BVDK | Tập thể lao động xuất sắc | ",
]


# --- reading an upload -----------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One data row of an upload, as typed, with what the check found."""

    row: int
    kind_text: str = ""
    person_code: str = ""
    name: str = ""
    birth_text: str = ""
    national_id: str = ""
    unit_code: str = ""
    award_text: str = ""
    note: str = ""
    subject: object = None  # Person or Unit once resolved
    award_type: object = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_person(self) -> bool:
        return fold_vi(self.kind_text) == fold_vi(PERSON_TEXT)

    def raw(self) -> list:
        """JSON-safe values (the session keeps the staged rows between preview and confirmation)."""
        return [
            self.row,
            self.kind_text,
            self.person_code,
            self.name,
            self.birth_text,
            self.national_id,
            self.unit_code,
            self.award_text,
            self.note,
        ]

    @classmethod
    def from_raw(cls, raw) -> ImportRow:
        return cls(*raw)


@dataclass
class ImportReport:
    rows: list[ImportRow]
    problems: list[str] = field(default_factory=list)  # about the whole file or registration
    replaced: int = 0  # current lines a "replace" import would remove

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)


def parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if " " in text:  # "1985-03-15 00:00:00"
        text = text.split(" ", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_rows(file) -> list[ImportRow]:
    """The data rows of an uploaded registration file: content, size and header row checked.

    Raises ValidationError with a Vietnamese message about the whole file.
    """
    rows = []
    for index, cells in read_table(file, sheet=SHEET, headers=IMPORT_HEADERS, digit_column=5):
        rows.append(ImportRow(index, *cells[1:]))
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"Tệp có quá nhiều dòng: mỗi lần nhập tối đa {MAX_ROWS} dòng đăng ký.")
    if not rows:
        raise ValidationError("Tệp không có dòng đăng ký nào (ngoài dòng tiêu đề).")
    return rows


# --- writing ------------------------------------------------------------------------------------------


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header(ws, headers, widths=None):
    append_row(ws, headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, header in enumerate(headers):
        width = widths[i] if widths and i < len(widths) else max(12, len(header) + 4)
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"


def _text_columns(ws, letters, last_row):
    """Keep codes and CCCD numbers as text (leading zeros survive)."""
    for letter in letters:
        for row in range(2, last_row + 1):
            ws[f"{letter}{row}"].number_format = "@"


def _validations(ws, award_count: int, rows: int = 2000):
    kind = DataValidation(type="list", formula1=f'"{PERSON_TEXT},{UNIT_TEXT}"', allow_blank=True)
    kind.error = "Chọn “Cá nhân” hoặc “Tập thể”."
    kind.errorTitle = "Đối tượng không hợp lệ"
    ws.add_data_validation(kind)
    kind.add(f"B2:B{rows}")
    award = DataValidation(type="list", formula1=f"='Danh hiệu'!$B$2:$B${award_count + 1}", allow_blank=True)
    award.error = "Chọn một danh hiệu trong danh sách (trang “Danh hiệu”)."
    award.errorTitle = "Danh hiệu không hợp lệ"
    award.showErrorMessage = False  # a code typed by hand is accepted too
    ws.add_data_validation(award)
    award.add(f"H2:H{rows}")


def _reference_sheets(wb, award_types, people, units):
    """Sheets the template and the export share: award names, the unit's people and collectives."""
    sheet = wb.create_sheet("Danh hiệu")
    _header(sheet, ["Mã", "Danh hiệu, hình thức", "Đối tượng"], [14, 50, 12])
    for a in award_types:
        append_row(sheet, [a.code, a.name, PERSON_TEXT if a.for_person else UNIT_TEXT])
    sheet = wb.create_sheet("Cá nhân")
    _header(sheet, ["Mã cá nhân", "Họ và tên", "Ngày sinh", "Số CCCD", "Đơn vị công tác"], [11, 32, 12, 15, 45])
    for p in people:
        append_row(sheet, [p.pk, p.full_name, p.birth_date.strftime("%d/%m/%Y") if p.birth_date else None,
                      p.national_id, p.unit.name if p.unit_id else None])  # fmt: skip
    _text_columns(sheet, "D", sheet.max_row)
    sheet = wb.create_sheet("Tập thể")
    _header(sheet, ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên"], [14, 50, 45])
    for u in units:
        append_row(sheet, [u.code, u.name, u.parent.name if u.parent_id else None])


def _instructions(wb, title_lines):
    sheet = wb.create_sheet("Hướng dẫn")
    sheet.column_dimensions["A"].width = 140
    for line in [*title_lines, "", *INSTRUCTIONS]:
        append_row(sheet, [line])
    sheet["A1"].font = Font(bold=True)


def template_workbook(*, registration_title: str, award_types, people, units) -> bytes:
    """The blank file: the "Đăng ký" sheet with drop-downs, instructions and reference sheets."""
    award_types = list(award_types)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header(ws, IMPORT_HEADERS, WIDTHS)
    _text_columns(ws, "CFG", 200)
    _validations(ws, len(award_types))
    _instructions(wb, [registration_title])
    _reference_sheets(wb, award_types, people, units)
    return _save(wb)


def registration_workbook(*, info: list[tuple[str, str]], lines, award_types, people, units) -> bytes:
    """The registration as a workbook that can be edited and uploaded again.

    `lines`: (line, flag) pairs; `info`: (label, value) rows of the "Thông tin" sheet.
    """
    award_types = list(award_types)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header(ws, [*IMPORT_HEADERS, *EXPORT_EXTRA], WIDTHS)
    for n, (line, flag) in enumerate(lines, start=1):
        if line.person_id:
            p = line.person
            values = [n, PERSON_TEXT, p.pk, p.full_name, p.birth_date.strftime("%d/%m/%Y") if p.birth_date else None,
                      p.national_id, p.unit.code if p.unit_id else None]  # fmt: skip
            where = p.unit.name if p.unit_id else None
        else:
            u = line.unit
            values = [n, UNIT_TEXT, None, u.name, None, None, u.code]
            where = u.parent.name if u.parent_id else None
        status = reasons = None
        if flag is not None:
            status = "Có thể đạt" if flag.can_succeed else "Không thể đạt"
            reasons = "; ".join([*flag.reasons, *flag.notes]) or None
        append_row(ws, [*values, line.award_type.name, line.note or None, where, status, reasons])
    _text_columns(ws, "CFG", ws.max_row)
    _validations(ws, len(award_types))
    sheet = wb.create_sheet("Thông tin")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80
    for label, value in info:
        append_row(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    _instructions(wb, [info[0][1] if info else ""])
    _reference_sheets(wb, award_types, people, units)
    return _save(wb)


def overview_workbook(*, title: str, headers: list[str], rows) -> bytes:
    """The province's overview: one row per unit, with its status and line counts per title."""
    columns = ["STT", "Mã đơn vị", "Đơn vị", "Loại đơn vị", "Trạng thái", "Ngày gửi", *headers, "Tổng số dòng"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp đăng ký")
    widths = [6, 12, 45, 24, 14, 17] + [12] * len(headers) + [12]
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    append_row(ws, [title])
    append_row(ws, columns)
    for n, r in enumerate(rows, start=1):
        append_row(ws, [n, r.code, r.name, r.kind_label, r.status_label, r.submitted_text or None, *r.cells, r.total])
    return _save(wb)
