"""The accountants' Excel files, opened with openpyxl: the payment list of a decision grouped by
recipient unit with subtotals and the grand total, amounts as numbers "#,##0", a name typed as a
formula kept as text; the fund ledger; the totals."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.decisions.models import Award, FundEntry, FundEntryKind
from thidua.decisions.services import money as svc

from .money_fixtures import *  # noqa: F403
from .money_fixtures import make_award, make_decision, person

PAID_ON = dt.date(2026, 4, 2)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def find(rows, first_text):
    return next(r for r in rows if first_text in [c for c in r if isinstance(c, str)])


def test_the_payment_list_of_a_decision_is_grouped_by_recipient_unit_with_subtotals(
    money, province, province_officer, client_for
):
    svc.payment_record(
        actor=province_officer,
        awards=[money.a_nurse],
        paid_on=PAID_ON,
        voucher_number="PC-015",
        payer_unit=province.root,
    )
    url = reverse("decisions:payment_export")
    wb = workbook(client_for(province_officer).get(url, {"decision": money.province_decision.pk}))
    ws = wb.active
    rows = rows_of(ws)
    assert rows[0][0] == "DANH SÁCH CHI TIỀN THƯỞNG"
    assert rows[1][0] == f"Kèm theo Quyết định số 15/QĐ-UBND ngày 15/01/2026 của {province.root.name}"
    header_at = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[header_at] == [
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
    body = rows[header_at + 1 :]
    # Sở Y tế (path order: the department, then the hospital's people), then Sở GD&ĐT.
    assert body[0][1] == "Sở Y tế"
    health = body[1:4]
    assert sorted(r[1] for r in health) == ["Bệnh viện Đa khoa tỉnh", "Nguyễn Văn Hùng", "Đỗ Thị Lan"]
    nurse = next(r for r in health if r[1] == "Đỗ Thị Lan")
    assert nurse[2] == "Điều dưỡng trưởng" and nurse[3] == "Bệnh viện Đa khoa tỉnh"
    assert nurse[5] == "15/QĐ-UBND ngày 15/01/2026" and nurse[6] == 3_510_000
    assert nurse[7] == "Đã chi" and nurse[8].date() == PAID_ON and nurse[9] == "PC-015" and nurse[10] is None
    doctor = next(r for r in health if r[1] == "Nguyễn Văn Hùng")
    assert doctor[7] == "Chưa chi" and doctor[8] is None and doctor[9] is None
    assert body[4][1] == "Cộng Sở Y tế" and body[4][6] == 14_040_000 and body[4][7] == "3 khen thưởng"
    assert body[5][1] == "Sở Giáo dục và Đào tạo"
    assert body[6][1] == "Phạm Văn Giáo" and body[6][0] == 4
    assert body[7][1] == "Cộng Sở Giáo dục và Đào tạo" and body[7][6] == 3_510_000
    assert body[8][1] == "TỔNG CỘNG" and body[8][6] == 17_550_000 and body[8][7] == "4 khen thưởng"
    assert len(body) == 9  # neither the revoked award nor the one without money
    # Amounts are numbers shown "#,##0".
    amount_cells = [row[6] for row in ws.iter_rows(min_row=header_at + 2) if isinstance(row[6].value, int)]
    assert amount_cells and all(c.number_format == "#,##0" for c in amount_cells)


def test_a_name_typed_as_a_formula_stays_text_in_the_export(money, province, province_officer, client_for):
    evil = person(province.hospital, '=HYPERLINK("http://x.example","Bấm")')
    make_award(money.province_decision, evil, "LDTT", 702_000, position="=1+1")
    url = reverse("decisions:payment_export")
    ws = workbook(client_for(province_officer).get(url, {"decision": money.province_decision.pk})).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert {c.value for c in cells} == {'=HYPERLINK("http://x.example","Bấm")', "=1+1"}
    assert all(c.data_type == "s" for c in cells)


def test_the_export_uses_the_lists_filters_and_scope(money, province, province_officer, unit_officer, client_for):
    url = reverse("decisions:payment_export")
    rows = rows_of(workbook(client_for(unit_officer).get(url)).active)
    names = {r[1] for r in rows if isinstance(r[0], int)}
    assert names == {"Đỗ Thị Lan", "Nguyễn Văn Hùng", "Bệnh viện Đa khoa tỉnh"}  # never the teacher
    rows = rows_of(workbook(client_for(province_officer).get(url, {"status": "chua-chi", "year": 2026})).active)
    assert "Tình trạng: Chưa chi" in [r[0] for r in rows[:8]]
    assert {r[7] for r in rows if isinstance(r[0], int)} == {"Chưa chi"}


def test_the_fund_ledger_export(money, province, province_officer, client_for):
    FundEntry.objects.create(
        unit=province.root, year=2025, date=dt.date(2025, 1, 2), kind=FundEntryKind.INCOME, amount=40_000_000,
        description="Trích lập quỹ thi đua, khen thưởng năm 2025",
    )  # fmt: skip
    svc.fund_entry_add(
        actor=province_officer, unit=province.root, kind=FundEntryKind.INCOME, date=dt.date(2026, 1, 5),
        amount=150_000_000, description="=Trích lập quỹ thi đua, khen thưởng năm 2026", voucher_number="PT-01",
    )  # fmt: skip
    svc.payment_record(
        actor=province_officer, awards=[money.a_nurse], paid_on=PAID_ON, voucher_number="PC-015",
        payer_unit=province.root,
    )  # fmt: skip
    url = reverse("decisions:fund_ledger_export")
    ws = workbook(client_for(province_officer).get(url, {"unit": province.root.pk, "year": 2026})).active
    rows = rows_of(ws)
    assert rows[0][0] == "SỔ QUỸ THI ĐUA, KHEN THƯỞNG" and f"Đơn vị quản lý quỹ: {province.root.name}" in rows[1]
    assert find(rows, "Số dư đầu năm")[6] == 40_000_000
    income = find(rows, "=Trích lập quỹ thi đua, khen thưởng năm 2026")
    assert income[1].date() == dt.date(2026, 1, 5) and income[2] == "PT-01" and income[4] == 150_000_000
    assert income[6] == 190_000_000
    spending = find(rows, "Chi tiền thưởng theo Quyết định số 15/QĐ-UBND (1 khen thưởng)")
    assert spending[5] == 3_510_000 and spending[6] == 186_490_000
    totals = find(rows, "Cộng phát sinh trong năm")
    assert totals[4] == 150_000_000 and totals[5] == 3_510_000
    assert find(rows, "Số dư cuối năm")[6] == 186_490_000


def test_the_totals_export(money, province, province_officer, client_for):
    wb = workbook(client_for(province_officer).get(reverse("decisions:money_totals_export")))
    assert wb.sheetnames == ["Theo quyết định", "Theo năm", "Theo đơn vị"]
    by_decision = rows_of(wb["Theo quyết định"])
    row = find(by_decision, "15/QĐ-UBND")
    assert row[4:] == [6, 17_550_000, 0, 17_550_000]
    assert find(by_decision, "TỔNG CỘNG")[5] == 26_442_000
    assert find(rows_of(wb["Theo năm"]), "TỔNG CỘNG")[2] == 26_442_000
    units = rows_of(wb["Theo đơn vị"])
    assert find(units, "Sở Y tế")[3] == 22_932_000 and find(units, "Sở Giáo dục và Đào tạo")[3] == 3_510_000


@pytest.mark.bench
def test_a_50000_line_payment_list_exports(province, province_officer, client_for):
    """Streams through a write-only workbook: 50,000 lines in one query, in seconds."""
    import time

    from thidua.catalog.models import AwardType
    from thidua.people.models import Person

    decision = make_decision("1/QĐ-UBND", dt.date(2026, 1, 15), province.root)
    units = [province.hospital, province.school, province.commune1, province.commune2]
    people = Person.objects.bulk_create(
        [
            Person(unit=units[i % 4], full_name=f"Người số {i}", sex="F", employment_type="CIVIL_SERVANT")
            for i in range(50_000)
        ]
    )
    gk = AwardType.objects.get(code="GK")
    Award.objects.bulk_create(
        [
            Award(decision=decision, person=p, award_type=gk, year=2025, subject_name=p.full_name, amount=702_000)
            for p in people
        ]
    )
    start = time.perf_counter()
    response = client_for(province_officer).get(reverse("decisions:payment_export"), {"decision": decision.pk})
    elapsed = time.perf_counter() - start
    ws = load_workbook(io.BytesIO(response.content), read_only=True).active
    last = list(ws.iter_rows(values_only=True))[-1]
    assert last[1] == "TỔNG CỘNG" and last[6] == 50_000 * 702_000
    assert elapsed < 60, elapsed
