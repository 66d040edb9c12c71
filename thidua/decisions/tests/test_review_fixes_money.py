"""Findings of the review of money, revocation and decision visibility, kept fixed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.decisions.models import FundEntry, Payment
from thidua.decisions.services import money as money_svc
from thidua.decisions.tests.money_fixtures import money  # noqa: F401  (fixture)
from thidua.decisions.tests.revocation_fixtures import an, paid, revoke  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_payment_of_a_revoked_award_cannot_be_cancelled_so_the_money_is_not_counted_back_twice(
    money,  # noqa: F811
    province,
    province_officer,
):
    payment = money_svc.payment_record(
        actor=province_officer,
        paid_on=dt.date(2026, 2, 1),
        voucher_number="PC-9",
        payer_unit=province.root,
        award_ids=[money.a_nurse.pk],
    )[0]
    revoke(province_officer, money.a_nurse, amount_to_recover=3_510_000, act_date=dt.date(2026, 3, 1))
    entries = FundEntry.objects.count()
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        money_svc.payment_cancel(actor=province_officer, payment=payment, reason="Nhập nhầm")
    assert Payment.objects.filter(pk=payment.pk).exists()
    assert FundEntry.objects.count() == entries


def test_the_amount_to_recover_cannot_exceed_what_was_paid(an, province, province_officer):  # noqa: F811
    award = an.cstdcs_2024
    paid(award, province.hospital, amount=600_000)
    with pytest.raises(ValidationError) as error:
        revoke(province_officer, award, amount_to_recover=1_000_000)
    assert "600.000" in str(error.value)
    award.refresh_from_db()
    assert not award.revoked


@pytest.mark.parametrize(
    "url",
    [
        "/quyet-dinh/quy/?unit=²",
        "/quyet-dinh/quy/?year=²",
        "/quyet-dinh/chi-tra/?recipient=²",
        "/quyet-dinh/chi-tra/?payer=²",
    ],
)
def test_odd_digits_in_money_filters_are_ignored_not_an_error(money, province_officer, client_for, url):  # noqa: F811
    assert client_for(province_officer).get(url).status_code in (200, 404)


def test_a_signer_without_any_other_role_sees_the_decision_they_signed(money, province, client_for):  # noqa: F811
    from conftest import _user
    from thidua.decisions.models import IssuingBody, Signer

    chairman = _user("ct.ubnd", None, None, full_name="Nguyễn Văn Chủ")
    body = IssuingBody.objects.create(unit=province.root, symbol="UBND", header_name="Ủy ban nhân dân tỉnh Hòa Giang")
    Signer.objects.create(body=body, user=chairman, full_name="Nguyễn Văn Chủ", title="Chủ tịch", sign_lines="CHỦ TỊCH")
    response = client_for(chairman).get(reverse("decisions:decision_detail", args=[money.province_decision.pk]))
    assert response.status_code == 200
    assert money.a_teacher.subject_name in response.content.decode()  # all of it, not a unit's share
