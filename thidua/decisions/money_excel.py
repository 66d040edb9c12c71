"""Excel files of the money side, for the accountants: the payment list grouped by recipient unit
with subtotals, the fund ledger of a year, the totals. Write-only workbooks (a 50,000-line payment
list streams row by row); every row goes through core.xlsx.append_row so that a name typed as
"=…" stays text; amounts are numbers formatted "#,##0", dates dd/mm/yyyy."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.core.xlsx import XLSX_CONTENT_TYPE, append_row  # noqa: F401  (re-exported for the views)

from .selectors.money import EXPORT_FIELDS, top_unit_id

MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)

PAYMENT_HEADERS = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Số, ngày quyết định",
    "Số tiền",
    "Tình trạng",
    "Ngày chi",
    "Số chứng từ",
    "Ký nhận",
]
PAYMENT_WIDTHS = [6, 32, 24, 36, 36, 28, 16, 16, 12, 16, 16]
AMOUNT_COL = PAYMENT_HEADERS.index("Số tiền")


def _cell(ws, value, *, font=None, number_format=None, wrap=False):
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # user text, never a formula
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _money(ws, value, *, bold=False):
    return _cell(ws, int(value or 0), number_format=MONEY_FORMAT, font=BOLD if bold else None)


def _date(ws, value):
    return _cell(ws, value, number_format=DATE_FORMAT) if value else None


def _widths(ws, widths):
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _heading(ws, title: str, lines: list[str]):
    append_row(ws, [_cell(ws, title, font=TITLE)])
    for line in lines:
        append_row(ws, [line])
    append_row(ws, [])


def _header_row(ws, headers):
    append_row(ws, [_cell(ws, h, font=BOLD, wrap=True) for h in headers])


def _to_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def payments_workbook(rows, *, heading_lines: list[str], unit_names: dict[int, str]) -> bytes:
    """rows: tuples (selectors.money.EXPORT_FIELDS) ordered by recipient path; unit_names: the names
    of the top-level units by id. One group per top-level recipient unit with its subtotal, then the
    grand total."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách chi tiền thưởng")
    _widths(ws, PAYMENT_WIDTHS)
    _heading(ws, "DANH SÁCH CHI TIỀN THƯỞNG", heading_lines)
    _header_row(ws, PAYMENT_HEADERS)
    width = len(PAYMENT_HEADERS)
    pos = {name: i for i, name in enumerate(EXPORT_FIELDS)}

    def total_row(label, amount, count):
        values = [None] * width
        values[1] = _cell(ws, label, font=BOLD)
        values[AMOUNT_COL] = _money(ws, amount, bold=True)
        values[AMOUNT_COL + 1] = _cell(ws, f"{count:,} khen thưởng".replace(",", "."), font=BOLD)
        append_row(ws, values)

    group, group_name, group_total, group_count = object(), "", 0, 0
    grand, n = 0, 0
    for row in rows:
        top = top_unit_id(row[pos["recipient_path"]])
        if top != group:
            if n:
                total_row(f"Cộng {group_name}", group_total, group_count)
            group = top
            group_name = unit_names.get(top, "Không xác định đơn vị")
            group_total = group_count = 0
            append_row(ws, [None, _cell(ws, group_name, font=BOLD)])
        n += 1
        paid = row[pos["payment__id"]] is not None
        amount = row[pos["payment__amount"]] if paid else row[pos["amount"]]
        status = "Đã chi" if paid else "Chưa chi"
        if paid and row[pos["revoked"]]:
            status += " (khen thưởng đã bị hủy bỏ)"
        number, date = row[pos["decision__number"]], row[pos["decision__date"]]
        append_row(
            ws,
            [
                n,
                row[pos["subject_name"]],
                row[pos["subject_position"]] or None,
                row[pos["subject_unit_name"]] or None,
                row[pos["award_type__name"]],
                f"{number} ngày {date:%d/%m/%Y}" if date else number,
                _money(ws, amount),
                status,
                _date(ws, row[pos["payment__paid_on"]]),
                row[pos["payment__voucher_number"]] or None,
                None,  # Ký nhận: signed on paper
            ],
        )
        group_total += amount or 0
        group_count += 1
        grand += amount or 0
    if n:
        total_row(f"Cộng {group_name}", group_total, group_count)
    total_row("TỔNG CỘNG", grand, n)
    return _to_bytes(wb)


LEDGER_HEADERS = ["STT", "Ngày", "Số chứng từ", "Nội dung", "Thu", "Chi", "Tồn quỹ"]
LEDGER_WIDTHS = [6, 12, 16, 70, 18, 18, 18]


def ledger_workbook(ledger, *, heading_lines: list[str]) -> bytes:
    """The ledger of one unit's fund for one year: opening balance, entries with the running balance,
    the year's totals, the closing balance."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Sổ quỹ {ledger.year}")
    _widths(ws, LEDGER_WIDTHS)
    _heading(ws, "SỔ QUỸ THI ĐUA, KHEN THƯỞNG", heading_lines)
    _header_row(ws, LEDGER_HEADERS)
    append_row(ws, [None, None, None, _cell(ws, "Số dư đầu năm", font=BOLD), None, None, _money(ws, ledger.opening)])
    for n, e in enumerate(ledger.entries, start=1):
        append_row(
            ws,
            [
                n,
                _date(ws, e.date),
                e.voucher_number or None,
                e.description,
                _money(ws, e.income) if e.income is not None else None,
                _money(ws, e.spending) if e.spending is not None else None,
                _money(ws, e.balance),
            ],
        )
    append_row(
        ws,
        [
            None,
            None,
            None,
            _cell(ws, "Cộng phát sinh trong năm", font=BOLD),
            _money(ws, ledger.total_income, bold=True),
            _money(ws, ledger.total_spending, bold=True),
            None,
        ],
    )
    append_row(
        ws,
        [None, None, None, _cell(ws, "Số dư cuối năm", font=BOLD), None, None, _money(ws, ledger.closing, bold=True)],
    )
    return _to_bytes(wb)


TOTAL_HEADERS = ["Số khen thưởng", "Tiền thưởng", "Đã chi", "Chưa chi"]


def _total_cells(ws, row, *, bold=False):
    return [
        _cell(ws, row["n"] or 0, font=BOLD if bold else None, number_format=MONEY_FORMAT),
        _money(ws, row["awarded"], bold=bold),
        _money(ws, row["paid"], bold=bold),
        _money(ws, row["unpaid"], bold=bold),
    ]


def totals_workbook(totals, *, heading_lines: list[str], decisions) -> bytes:
    """Three sheets: by decision, by year, by recipient unit; each ends with the grand total."""
    wb = Workbook(write_only=True)

    ws = wb.create_sheet("Theo quyết định")
    _widths(ws, [6, 24, 12, 44, 14, 18, 18, 18])
    _heading(ws, "TỔNG HỢP TIỀN THƯỞNG THEO QUYẾT ĐỊNH", heading_lines)
    _header_row(ws, ["STT", "Số quyết định", "Ngày", "Cơ quan ban hành", *TOTAL_HEADERS])
    for n, row in enumerate(decisions, start=1):
        issuer = row["decision__issuer_name"] or row["decision__issuer__name"] or ""
        append_row(ws, [n, row["decision__number"], _date(ws, row["decision__date"]), issuer, *_total_cells(ws, row)])
    append_row(ws, [None, _cell(ws, "TỔNG CỘNG", font=BOLD), None, None, *_total_cells(ws, totals.grand, bold=True)])

    ws = wb.create_sheet("Theo năm")
    _widths(ws, [10, 14, 18, 18, 18])
    _heading(ws, "TỔNG HỢP TIỀN THƯỞNG THEO NĂM", heading_lines)
    _header_row(ws, ["Năm", *TOTAL_HEADERS])
    for row in totals.by_year:
        append_row(ws, [row["y"], *_total_cells(ws, row)])
    append_row(ws, [_cell(ws, "TỔNG CỘNG", font=BOLD), *_total_cells(ws, totals.grand, bold=True)])

    ws = wb.create_sheet("Theo đơn vị")
    _widths(ws, [6, 44, 14, 18, 18, 18])
    _heading(ws, "TỔNG HỢP TIỀN THƯỞNG THEO ĐƠN VỊ ĐƯỢC KHEN", heading_lines)
    _header_row(ws, ["STT", "Đơn vị", *TOTAL_HEADERS])
    for n, row in enumerate(totals.by_unit, start=1):
        name = row["unit"].name if row["unit"] is not None else "Không xác định đơn vị"
        append_row(ws, [n, name, *_total_cells(ws, row)])
    append_row(ws, [None, _cell(ws, "TỔNG CỘNG", font=BOLD), *_total_cells(ws, totals.grand, bold=True)])
    return _to_bytes(wb)
