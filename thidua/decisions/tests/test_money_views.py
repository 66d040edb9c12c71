"""Money screens: who opens them, what each persona sees (scope), recording and cancelling payments
through the pages, the fund ledger with its balances and typed amounts, the totals, and a fixed
number of queries whatever the size of the lists."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.decisions.models import FundEntry, FundEntryKind, Payment
from thidua.decisions.services import money as svc

from .money_fixtures import *  # noqa: F403
from .money_fixtures import make_award, make_decision, person

PAID_ON = dt.date(2026, 4, 2)


def pay(actor, awards, payer, voucher="PC-015", paid_on=PAID_ON):
    return svc.payment_record(actor=actor, awards=awards, paid_on=paid_on, voucher_number=voucher, payer_unit=payer)


def names(client, **params):
    response = client.get(reverse("decisions:payment_list"), params)
    assert response.status_code == 200
    return sorted(a.subject_name for a in response.context["page"].object_list)


# --- access --------------------------------------------------------------------------------------------

PAGES = ["payment_list", "payment_export", "fund_ledger", "fund_ledger_export", "money_totals", "money_totals_export"]


@pytest.mark.parametrize("name", PAGES + ["payment_record"])
def test_council_member_cannot_open_the_money_pages_and_anonymous_is_sent_to_login(
    money, council_member, client_for, name
):
    url = reverse(f"decisions:{name}", args=[money.province_decision.pk] if name == "payment_record" else [])
    assert client_for(council_member).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_fund_ledger_is_the_provinces_only(money, unit_officer, leader, client_for):
    for user in (unit_officer, leader):
        assert client_for(user).get(reverse("decisions:fund_ledger")).status_code == 403
        assert client_for(user).post(reverse("decisions:fund_entry_add"), {}).status_code == 403


def test_the_payment_cancel_page_needs_the_paying_units_officer(
    money, province, province_officer, unit_officer, leader, client_for
):
    pay(province_officer, [money.a_nurse], province.root)
    url = reverse("decisions:payment_cancel", args=[Payment.objects.get().pk])
    assert client_for(unit_officer).get(url).status_code == 403  # paid by the province
    assert client_for(leader).get(url).status_code == 403
    assert client_for(province_officer).get(url).status_code == 200


# --- the payment list: scope ---------------------------------------------------------------------------

ALL = ["Bệnh viện Đa khoa tỉnh", "Nguyễn Văn Hùng", "Nguyễn Văn Hùng", "Phạm Văn Giáo", "Đỗ Thị Lan", "Đỗ Thị Lan"]


def test_the_province_and_the_provincial_leader_see_every_payment_line(money, province_officer, leader, client_for):
    # Neither the revoked unpaid award nor the award without money is a payment line.
    assert names(client_for(province_officer)) == ALL
    assert names(client_for(leader)) == ALL


def test_a_unit_officer_sees_their_units_people_and_nothing_of_others(money, unit_officer, client_for):
    assert names(client_for(unit_officer)) == [n for n in ALL if n != "Phạm Văn Giáo"]


def test_another_unit_officer_sees_none_of_sở_y_tếs_payments(
    money, province, province_officer, other_unit_officer, client_for
):
    pay(province_officer, [money.a_nurse], province.root)
    client = client_for(other_unit_officer)
    assert names(client) == ["Phạm Văn Giáo"]
    assert names(client, decision=money.province_decision.pk) == ["Phạm Văn Giáo"]
    for decision in (money.health_decision, money.higher_decision):
        assert client.get(reverse("decisions:payment_record", args=[decision.pk])).status_code == 404
        assert client.get(reverse("decisions:payment_list"), {"decision": decision.pk}).status_code == 404
        assert client.get(reverse("decisions:payment_export"), {"decision": decision.pk}).status_code == 404
    url = reverse("decisions:payment_cancel", args=[Payment.objects.get().pk])
    assert client.get(url).status_code == 404


def test_a_unit_officer_also_sees_what_their_unit_paid(money, province, province_officer, unit_officer, client_for):
    pay(province_officer, [money.a_teacher], province.health)  # the province may name any payer
    assert "Phạm Văn Giáo" in names(client_for(unit_officer))


def test_the_list_filters(money, province, province_officer, client_for):
    pay(province_officer, [money.a_nurse], province.root)
    pay(province_officer, [money.a_gk], province.health, voucher="PC-SYT")
    client = client_for(province_officer)
    assert names(client, number="SYT") == ["Đỗ Thị Lan"]
    assert names(client, decision=money.higher_decision.pk) == ["Nguyễn Văn Hùng"]
    assert names(client, year=2026) == ALL
    assert names(client, recipient=province.health.pk) == [n for n in ALL if n != "Phạm Văn Giáo"]
    assert names(client, recipient=province.hospital.pk) == ["Bệnh viện Đa khoa tỉnh", "Đỗ Thị Lan", "Đỗ Thị Lan"]
    assert names(client, status="da-chi") == ["Đỗ Thị Lan", "Đỗ Thị Lan"]
    assert names(client, status="chua-chi") == [
        "Bệnh viện Đa khoa tỉnh",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Phạm Văn Giáo",
    ]
    # The payer: who paid, or for an unpaid award who is to pay (a higher decision: the province).
    assert names(client, payer=province.health.pk) == ["Đỗ Thị Lan"]
    assert names(client, payer=province.root.pk) == [
        "Bệnh viện Đa khoa tỉnh",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Phạm Văn Giáo",
        "Đỗ Thị Lan",
    ]
    assert names(client, award_type=money.a_gk.award_type_id) == ["Đỗ Thị Lan"]
    bad = client.get(reverse("decisions:payment_list"), {"status": "xyz"})
    assert bad.status_code == 200 and list(bad.context["page"].object_list) == []


def test_the_list_shows_status_date_voucher_and_payer(money, province, province_officer, client_for):
    pay(province_officer, [money.a_nurse], province.root)
    body = client_for(province_officer).get(reverse("decisions:payment_list"), {"decision": money.province_decision.pk})
    text = body.content.decode()
    assert "Đã chi" in text and "Chưa chi" in text and "02/04/2026" in text and "PC-015" in text
    assert "3.510.000 đ" in text


def test_the_list_htmx_request_returns_the_results_fragment(money, province_officer, client_for):
    response = client_for(province_officer).get(reverse("decisions:payment_list"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and text.lstrip().startswith('<section id="results">')


def _many(province, n, start):
    decision = make_decision(f"{start}/QĐ-UBND", dt.date(2026, 5, 1), province.root)
    units = [province.hospital, province.school, province.commune1]
    for i in range(n):
        p = person(units[i % 3], f"Người {start}-{i}")
        make_award(decision, p, "BK_TINH", 3_510_000)
    return decision


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["payment_list", "money_totals", "payment_export"])
def test_lists_and_totals_take_a_fixed_number_of_queries(money, province, province_officer, client_for, name):
    client = client_for(province_officer)
    url = reverse(f"decisions:{name}")
    _many(province, 5, 500)
    pay(province_officer, list(money.province_decision.awards.filter(revoked=False, amount__gt=0)), province.root)
    few = _count_queries(client, url)
    decision = _many(province, 60, 600)
    pay(
        province_officer, list(decision.awards.all()[:30]), province.root, voucher="PC-600", paid_on=dt.date(2026, 6, 1)
    )
    assert _count_queries(client, url) == few


def test_the_payment_screen_takes_a_fixed_number_of_queries(money, province, province_officer, client_for):
    client = client_for(province_officer)
    small = _many(province, 3, 700)
    big = _many(province, 60, 800)
    few = _count_queries(client, reverse("decisions:payment_record", args=[small.pk]))
    assert _count_queries(client, reverse("decisions:payment_record", args=[big.pk])) == few


# --- recording through the page ------------------------------------------------------------------------


def test_the_payment_screen_lists_unpaid_awards_with_the_default_payer(money, province, province_officer, client_for):
    pay(province_officer, [money.a_nurse], province.root)
    response = client_for(province_officer).get(reverse("decisions:payment_record", args=[money.province_decision.pk]))
    screen = response.context["screen"]
    assert sorted(a.subject_name for a in screen.unpaid) == [
        "Bệnh viện Đa khoa tỉnh",
        "Nguyễn Văn Hùng",
        "Phạm Văn Giáo",
    ]
    assert screen.paid_count == 1 and screen.paid_total == 3_510_000 and screen.unpaid_total == 14_040_000
    assert response.context["form"].initial["payer_unit"] == province.root
    assert [u.name for u in screen.recipient_units] == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    text = response.content.decode()
    assert 'name="award"' in text and 'name="all"' in text


def test_the_payment_screen_of_a_higher_decision_proposes_the_provinces_fund(
    money, province, province_officer, client_for
):
    response = client_for(province_officer).get(reverse("decisions:payment_record", args=[money.higher_decision.pk]))
    assert response.context["form"].initial["payer_unit"] == province.root


def test_the_payment_screen_filters_by_recipient_unit(money, province, province_officer, client_for):
    url = reverse("decisions:payment_record", args=[money.province_decision.pk])
    response = client_for(province_officer).get(url, {"recipient": province.edu.pk})
    assert [a.subject_name for a in response.context["screen"].unpaid] == ["Phạm Văn Giáo"]


def post_payment(client, decision, shown, selected=(), **data):
    payload = {
        "paid_on": "2026-04-02",
        "voucher_number": "PC-015",
        "shown": [a.pk for a in shown],
        "award": [a.pk for a in selected],
        **data,
    }
    return client.post(reverse("decisions:payment_record", args=[decision.pk]), payload)


def test_paying_selected_awards_through_the_page(money, province, province_officer, client_for):
    shown = [money.a_nurse, money.a_doctor, money.a_teacher, money.a_hospital]
    response = post_payment(
        client_for(province_officer), money.province_decision, shown, [money.a_nurse, money.a_teacher],
        payer_unit=province.root.pk,
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith(f"?decision={money.province_decision.pk}")
    assert set(Payment.objects.values_list("award_id", flat=True)) == {money.a_nurse.pk, money.a_teacher.pk}


def test_select_all_pays_every_award_shown(money, province, province_officer, client_for):
    shown = [money.a_nurse, money.a_doctor, money.a_teacher, money.a_hospital]
    response = post_payment(
        client_for(province_officer), money.province_decision, shown, all="1", payer_unit=province.root.pk
    )
    assert response.status_code == 302
    assert Payment.objects.count() == 4 and FundEntry.objects.get().amount == 17_550_000


@pytest.mark.parametrize(
    "data, message",
    [
        ({"voucher_number": ""}, "Vui lòng nhập số chứng từ chi."),
        ({"paid_on": ""}, "Vui lòng nhập ngày chi."),
        ({"paid_on": "2026-01-01"}, "Ngày chi không được trước ngày ban hành quyết định (15/01/2026)."),
        ({"paid_on": "2099-01-01"}, "Ngày chi không được sau ngày hôm nay."),
        ({"payer_unit": ""}, "Vui lòng chọn đơn vị chi."),
    ],
)
def test_payment_errors_are_shown_and_nothing_is_saved(money, province, province_officer, client_for, data, message):
    fields = {"payer_unit": province.root.pk, **data}
    response = post_payment(
        client_for(province_officer), money.province_decision, [money.a_nurse], [money.a_nurse], **fields
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Payment.objects.exists() and not FundEntry.objects.exists()


def test_paying_nothing_or_an_award_not_shown_is_refused_on_the_page(money, province, province_officer, client_for):
    client = client_for(province_officer)
    response = post_payment(client, money.province_decision, [money.a_nurse], [], payer_unit=province.root.pk)
    assert "Vui lòng chọn ít nhất một khen thưởng để chi." in response.content.decode()
    response = post_payment(client, money.province_decision, [money.a_nurse], [money.a_gk], payer_unit=province.root.pk)
    assert "không thuộc danh sách" in response.content.decode()
    assert not Payment.objects.exists()


def test_paying_an_award_paid_meanwhile_tells_the_officer(money, province, province_officer, client_for):
    shown = [money.a_nurse, money.a_doctor]
    pay(province_officer, [money.a_nurse], province.root)  # a colleague, after the page was opened
    response = post_payment(
        client_for(province_officer), money.province_decision, shown, shown, payer_unit=province.root.pk
    )
    assert "Đã chi tiền thưởng trước đó cho: Đỗ Thị Lan" in response.content.decode()
    assert Payment.objects.count() == 1


def test_a_unit_officer_pays_only_with_their_unit_as_payer_on_the_page(money, province, unit_officer, client_for):
    client = client_for(unit_officer)
    url = reverse("decisions:payment_record", args=[money.province_decision.pk])
    page = client.get(url)
    assert list(page.context["form"].fields["payer_unit"].queryset) == [province.health]
    assert "payer_unit" not in page.context["form"].initial  # the province's fund is not theirs
    shown = [a for a in page.context["screen"].unpaid]
    assert "Phạm Văn Giáo" not in [a.subject_name for a in shown]
    refused = post_payment(client, money.province_decision, shown, shown, payer_unit=province.root.pk)
    assert "không được ghi nhận chi cho đơn vị này" in refused.content.decode()
    assert not Payment.objects.exists()
    done = post_payment(client, money.health_decision, [money.a_gk], [money.a_gk], payer_unit=province.health.pk)
    assert done.status_code == 302 and Payment.objects.get().payer_unit == province.health


def test_a_leader_sees_the_payment_screen_read_only(money, leader, client_for):
    page = client_for(leader).get(reverse("decisions:payment_record", args=[money.province_decision.pk]))
    assert page.status_code == 200 and page.context["can_pay"] is False
    assert 'name="award"' not in page.content.decode()


# --- cancelling through the page -----------------------------------------------------------------------


def test_cancelling_through_the_page_needs_a_reason_and_confirms(money, province, province_officer, client_for):
    pay(province_officer, [money.a_nurse], province.root)
    payment = Payment.objects.get()
    client = client_for(province_officer)
    url = reverse("decisions:payment_cancel", args=[payment.pk])
    page = client.get(url)
    assert "Hủy khoản chi ghi nhầm?" in page.content.decode() and "data-confirm" in page.content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and "Vui lòng nhập lý do hủy khoản chi." in refused.content.decode()
    assert Payment.objects.exists()
    done = client.post(url, {"reason": "Ghi nhầm người"})
    assert done.status_code == 302 and not Payment.objects.exists()
    assert FundEntry.objects.filter(kind=FundEntryKind.INCOME, amount=3_510_000).exists()
    assert client.get(url).status_code == 404


# --- the ledger ----------------------------------------------------------------------------------------


def entry(unit, date, kind, amount, description="x"):
    return FundEntry.objects.create(
        unit=unit, year=date.year, date=date, kind=kind, amount=amount, description=description
    )


def test_the_ledger_shows_opening_running_and_closing_balances(money, province, province_officer, client_for):
    entry(province.root, dt.date(2024, 3, 1), FundEntryKind.INCOME, 100_000_000)
    entry(province.root, dt.date(2025, 6, 1), FundEntryKind.SPENDING, 30_000_000)
    entry(province.root, dt.date(2026, 2, 1), FundEntryKind.INCOME, 50_000_000, "Trích lập quỹ năm 2026")
    entry(province.health, dt.date(2026, 2, 1), FundEntryKind.INCOME, 9_000_000)  # another fund
    pay(province_officer, [money.a_nurse, money.a_doctor], province.root)  # 7.020.000 on 02/04/2026
    response = client_for(province_officer).get(reverse("decisions:fund_ledger"), {"year": 2026})
    ledger = response.context["ledger"]
    assert ledger.unit == province.root and ledger.opening == 70_000_000
    assert [(e.income, e.spending, e.balance) for e in ledger.entries] == [
        (50_000_000, None, 120_000_000),
        (None, 7_020_000, 112_980_000),
    ]
    assert ledger.total_income == 50_000_000 and ledger.total_spending == 7_020_000 and ledger.closing == 112_980_000
    text = response.content.decode()
    assert "112.980.000 đ" in text and "Chi tiền thưởng theo Quyết định số 15/QĐ-UBND (2 khen thưởng)" in text
    holders = [u.name for u in response.context["holders"]]
    assert "Sở Y tế" in holders and province.root.name in holders


def test_the_ledger_of_another_fund_and_an_unknown_unit(money, province, province_officer, client_for):
    client = client_for(province_officer)
    entry(province.health, dt.date(2026, 2, 1), FundEntryKind.INCOME, 9_000_000)
    response = client.get(reverse("decisions:fund_ledger"), {"unit": province.health.pk, "year": 2026})
    assert response.context["ledger"].closing == 9_000_000
    assert client.get(reverse("decisions:fund_ledger"), {"unit": province.commune2.pk}).status_code == 404


def add_entry(client, province, **data):
    payload = {
        "unit": province.root.pk,
        "year": 2026,
        "kind": "INCOME",
        "date": "2026-01-05",
        "amount": "150.000.000",
        "description": "Trích lập quỹ thi đua, khen thưởng năm 2026",
        "voucher_number": "PT-01",
        **data,
    }
    return client.post(reverse("decisions:fund_entry_add"), payload)


def test_adding_income_and_spending_through_the_page(province, province_officer, client_for):
    client = client_for(province_officer)
    response = add_entry(client, province)
    assert response.status_code == 302 and "year=2026" in response["Location"]
    add_entry(client, province, kind="SPENDING", amount="2500000 đ", description="In giấy khen, mua khung")
    assert list(FundEntry.objects.order_by("id").values_list("kind", "amount")) == [
        ("INCOME", 150_000_000),
        ("SPENDING", 2_500_000),
    ]


@pytest.mark.parametrize(
    "amount, message",
    [
        ("abc", "Số tiền không hợp lệ: chỉ nhập chữ số, ví dụ 150.000.000."),
        ("-5", "Số tiền phải lớn hơn 0."),
        ("0", "Số tiền phải lớn hơn 0."),
        ("1.5", "Số tiền phải là số nguyên (đồng), không có phần lẻ thập phân."),
        ("1,5", "Số tiền phải là số nguyên (đồng), không có phần lẻ thập phân."),
        ("99999999999999999999", "Số tiền quá lớn (tối đa 999.999.999.999.999 đ)."),
        ("9" * 5000, "Số tiền quá lớn"),
        ("", "Vui lòng nhập số tiền."),
    ],
)
def test_bad_amounts_get_a_clear_vietnamese_error(province, province_officer, client_for, amount, message):
    response = add_entry(client_for(province_officer), province, amount=amount)
    assert response.status_code == 400 and message in response.content.decode()
    assert not FundEntry.objects.exists()


def test_a_future_date_or_an_empty_description_is_refused(province, province_officer, client_for):
    client = client_for(province_officer)
    response = add_entry(client, province, date="2099-01-01")
    assert "Ngày ghi sổ không được sau ngày hôm nay." in response.content.decode()
    response = add_entry(client, province, description="")
    assert "Vui lòng nhập nội dung." in response.content.decode()
    assert not FundEntry.objects.exists()


# --- totals --------------------------------------------------------------------------------------------


def test_totals_by_decision_year_and_recipient_unit(money, province, province_officer, client_for):
    pay(province_officer, [money.a_nurse, money.a_teacher], province.root)
    response = client_for(province_officer).get(reverse("decisions:money_totals"))
    totals = response.context["totals"]
    # Awarded: every non-revoked award (3.510.000 × 3 + 7.020.000 + 0 + 702.000 + 8.190.000).
    assert totals.grand["awarded"] == 26_442_000
    assert totals.grand["paid"] == 7_020_000 and totals.grand["unpaid"] == 19_422_000
    by_decision = {r["decision__number"]: (r["awarded"], r["paid"], r["unpaid"]) for r in response.context["page"]}
    assert by_decision == {
        "15/QĐ-UBND": (17_550_000, 7_020_000, 10_530_000),
        "4/QĐ-SYT": (702_000, 0, 702_000),
        "99/QĐ-TTg": (8_190_000, 0, 8_190_000),
    }
    assert [(r["y"], r["awarded"]) for r in totals.by_year] == [(2026, 26_442_000)]
    by_unit = {r["unit"].name: (r["awarded"], r["paid"], r["unpaid"]) for r in totals.by_unit}
    assert by_unit == {
        "Sở Y tế": (22_932_000, 3_510_000, 19_422_000),  # the hospital's people and the hospital itself roll up
        "Sở Giáo dục và Đào tạo": (3_510_000, 3_510_000, 0),
    }


def test_totals_filter_by_year_and_issuer_and_are_scoped(
    money, province, province_officer, other_unit_officer, client_for
):
    client = client_for(province_officer)
    url = reverse("decisions:money_totals")
    assert client.get(url, {"issuer": province.health.pk}).context["totals"].grand["awarded"] == 702_000
    assert client.get(url, {"year": 2025}).context["totals"].grand["awarded"] == 0
    assert client.get(url, {"year": 2026}).context["totals"].grand["awarded"] == 26_442_000
    assert client.get(url, {"year": "abc"}).status_code == 404
    mine = client_for(other_unit_officer).get(url).context["totals"]
    assert mine.grand["awarded"] == 3_510_000 and [r["unit"].name for r in mine.by_unit] == ["Sở Giáo dục và Đào tạo"]


def test_the_list_offers_cancelling_only_to_who_may_cancel(money, province, province_officer, unit_officer, client_for):
    pay(province_officer, [money.a_nurse], province.root)

    def cancellable(user):
        response = client_for(user).get(reverse("decisions:payment_list"), {"status": "da-chi"})
        return [(a.subject_name, a.can_cancel) for a in response.context["page"].object_list]

    assert cancellable(province_officer) == [("Đỗ Thị Lan", True)]
    assert cancellable(unit_officer) == [("Đỗ Thị Lan", False)]  # paid from the province's fund
