"""Excel export of the catalogue: award types, rule parameters, base salaries (one sheet each)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.xlsx import append_row

from .values import CHOICE_LABELS, parse

AWARD_TYPE_COLUMNS = [
    ("Mã", 16),
    ("Tên hình thức, danh hiệu", 45),
    ("Nhóm", 24),
    ("Đối tượng", 28),
    ("Cấp quyết định", 38),
    ("Cấp Nhà nước", 12),
    ("Hệ số cá nhân", 12),
    ("Hệ số tập thể", 12),
    ("Hệ số là mức tối đa", 12),
    ("Độ tin cậy của hệ số", 22),
    ("Xét hằng năm", 12),
    ("Đang sử dụng", 12),
    ("Tiêu chuẩn", 80),
    ("Căn cứ", 60),
    ("Độ tin cậy", 22),
]
PARAMETER_COLUMNS = [
    ("Bộ quy tắc", 12),
    ("Áp dụng từ", 12),
    ("Áp dụng đến", 12),
    ("Mã tham số", 34),
    ("Tên tham số", 60),
    ("Kiểu", 14),
    ("Giá trị", 24),
    ("Căn cứ", 60),
    ("Độ tin cậy", 22),
    ("Ghi chú", 60),
]
BASE_SALARY_COLUMNS = [
    ("Áp dụng từ", 12),
    ("Áp dụng đến", 12),
    ("Mức lương cơ sở (đồng/tháng)", 18),
    ("Căn cứ", 50),
    ("Độ tin cậy", 22),
]


def _sheet(wb, title, columns):
    ws = wb.create_sheet(title)
    for i, (_, width) in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text, _ in columns:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    append_row(ws, header)
    return ws


def _date(ws, value):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def _yes(flag) -> str:
    return "Có" if flag else ""


def _number(value):
    return float(value) if value is not None else None


def _parameter_value(p):
    typed = parse(p.value_type, p.value)
    if isinstance(typed, bool):
        return "Có" if typed else "Không"
    if p.value_type == "CHOICE":
        return CHOICE_LABELS.get(p.value, p.value)
    if p.value_type in ("DECIMAL", "INTEGER"):
        return float(typed) if p.value_type == "DECIMAL" else typed
    return p.value


def catalogue_workbook(*, award_types, parameters, base_salaries) -> bytes:
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "Hình thức, danh hiệu", AWARD_TYPE_COLUMNS)
    for a in award_types:
        append_row(
            ws,
            [
                a.code,
                a.name,
                a.get_category_display(),
                a.subject_kinds_display,
                a.get_deciding_level_display(),
                _yes(a.is_state_level),
                _number(a.coefficient_individual),
                _number(a.coefficient_collective),
                _yes(a.coefficient_is_maximum),
                a.get_coefficient_confidence_display(),
                _yes(a.annual),
                _yes(a.active),
                a.criteria,
                a.citation,
                a.get_confidence_display(),
            ],
        )
    ws = _sheet(wb, "Tham số quy tắc", PARAMETER_COLUMNS)
    for p in parameters:
        append_row(
            ws,
            [
                p.rule_set.code,
                _date(ws, p.rule_set.valid_from),
                _date(ws, p.rule_set.valid_to),
                p.key,
                p.label,
                p.get_value_type_display(),
                _parameter_value(p),
                p.citation,
                p.get_confidence_display(),
                p.note,
            ],
        )
    ws = _sheet(wb, "Lương cơ sở", BASE_SALARY_COLUMNS)
    for row in base_salaries:
        amount = WriteOnlyCell(ws, value=row.amount)
        amount.number_format = "#,##0"
        append_row(
            ws, [_date(ws, row.valid_from), _date(ws, row.valid_to), amount, row.source, row.get_confidence_display()]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
