"""Regression tests for the security review of decisions: the name search stays inside what the user may
see, absurd numbers in an imported file become row errors, and the money filters never fail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.core.templatetags.thidua import num, vnd
from thidua.decisions import services as svc

from .test_back_entry_support import *  # noqa: F403  (fixture: people)
from .test_back_entry_support import row, xlsx_upload

DATE = dt.date(2024, 12, 20)


def numbers_found(client, q):
    response = client.get(reverse("decisions:decision_list"), {"q": q})
    assert response.status_code == 200
    return [d.number for d in response.context["page"].object_list]


# --- the name search ---------------------------------------------------------------------------------


@pytest.fixture
def shared(province, province_officer, people):
    """A provincial decision awarding a person of the hospital (Sở Y tế) and one of the school (Sở GD&ĐT)."""
    return svc.decision_back_enter(
        actor=province_officer, issuer=province.root, number="55/QĐ-UBND", date=DATE,
        rows=[row(people.lan, "BK_TINH", 2023), row(people.giao, "BK_TINH", 2023)],
    )  # fmt: skip


def test_name_search_does_not_tell_an_officer_who_outside_their_scope_got_an_award(shared, unit_officer, client_for):
    client = client_for(unit_officer)
    assert numbers_found(client, "pham van giao") == []
    assert numbers_found(client, "do thi lan") == ["55/QĐ-UBND"]


def test_name_search_finds_every_award_of_a_decision_issued_in_the_officers_scope(
    province, province_officer, people, unit_officer, client_for
):
    svc.decision_back_enter(
        actor=province_officer, issuer=province.health, number="7/QĐ-SYT", date=DATE,
        rows=[row(people.giao, "GK", 2023)],
    )  # fmt: skip
    client = client_for(unit_officer)
    assert numbers_found(client, "pham van giao") == ["7/QĐ-SYT"]
    detail = client.get(reverse("decisions:decision_detail", args=[svc.Decision.objects.get(number="7/QĐ-SYT").pk]))
    assert "Phạm Văn Giáo" in detail.text  # the search finds only what the page shows


def test_province_name_search_matches_every_award(shared, province_officer, client_for):
    assert numbers_found(client_for(province_officer), "pham van giao") == ["55/QĐ-UBND"]


# --- absurd numbers in an imported file ----------------------------------------------------------------


def _preview(client, province, cells):
    upload = xlsx_upload([[1, "Cá nhân", "001180000001", "Đỗ Thị Lan", "BK_TINH", *cells]])
    response = client.post(
        reverse("decisions:decision_import"),
        {"issuer": province.root.pk, "number": "2/QĐ", "date": "2024-01-01", "file": upload},
    )
    assert response.status_code == 302
    client.raise_request_exception = False
    return client.get(reverse("decisions:decision_import_preview"))


def test_import_preview_reports_an_amount_with_too_many_digits_as_a_row_error(
    province, province_officer, people, client_for
):
    response = _preview(client_for(province_officer), province, [2023, "Công trạng", "1" + "0" * 30])
    assert response.status_code == 200
    assert "quá lớn: tiền thưởng tối đa 2.147.483.647 đ" in response.text


def test_import_preview_reports_a_year_with_too_many_digits_as_a_row_error(
    province, province_officer, people, client_for
):
    response = _preview(client_for(province_officer), province, [10**30, "Công trạng", ""])
    assert response.status_code == 200
    assert "không phải là một năm" in response.text


def test_amounts_up_to_the_largest_allowed_are_read_and_beyond_it_refused(db):
    rows = [
        svc.EntryRow(row=1, kind_text="Cá nhân", amount_text="2.147.483.647"),
        svc.EntryRow(row=2, kind_text="Cá nhân", amount_text="99999999999"),
        svc.EntryRow(row=3, kind_text="Cá nhân", amount_text="000001800000"),
    ]
    report = svc.back_entry_check(rows)
    first, second, third = report.rows
    assert first.amount == svc.MAX_AMOUNT and not any("Số tiền" in e for e in first.errors)
    assert second.amount is None and any("quá lớn" in e for e in second.errors)
    assert third.amount == 1_800_000


# --- the money filters --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", float("inf"), object])
def test_money_filters_show_a_bad_value_as_it_is_instead_of_failing(value):
    assert vnd(value) == value
    assert num(value) == value


def test_money_filters_still_group_thousands():
    assert vnd(2530000) == "2.530.000 đ" and vnd(Decimal("1800000.5")) == "1.800.001 đ"
    assert vnd(10**30) == "1" + ".000" * 10 + " đ" and vnd(Decimal("1E+30")) == vnd(10**30)
    assert num(30000) == "30.000" and num(None) == "—" and vnd("") == "—"
