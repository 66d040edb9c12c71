"""Money services: paying awards in one batch (one Payment per award, one spending line in the payer's
fund), every refusal, who may pay from which fund, cancelling a payment without deleting ledger
lines, adding lines to the fund."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from thidua.core.models import AuditEvent
from thidua.decisions.models import Award, DecisionState, FundEntry, FundEntryKind, Payment
from thidua.decisions.selectors import money as sel
from thidua.decisions.services import money as svc

from .money_fixtures import *  # noqa: F403
from .money_fixtures import make_award, make_decision

PAID_ON = dt.date(2026, 4, 2)


def pay(actor, awards, *, payer, paid_on=PAID_ON, voucher="PC-015", **kw):
    return svc.payment_record(
        actor=actor, awards=awards, paid_on=paid_on, voucher_number=voucher, payer_unit=payer, **kw
    )


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- recording -----------------------------------------------------------------------------------------


def test_paying_creates_one_payment_per_award_and_one_spending_line(money, province, province_officer):
    payments = pay(province_officer, [money.a_nurse, money.a_doctor, money.a_hospital], payer=province.root)

    assert len(payments) == 3
    assert {p.award_id: p.amount for p in Payment.objects.all()} == {
        money.a_nurse.pk: 3_510_000,
        money.a_doctor.pk: 3_510_000,
        money.a_hospital.pk: 7_020_000,
    }
    entry = FundEntry.objects.get()
    assert entry.kind == FundEntryKind.SPENDING and entry.unit == province.root
    assert entry.amount == 14_040_000 and entry.year == 2026 and entry.date == PAID_ON
    assert entry.description == "Chi tiền thưởng theo Quyết định số 15/QĐ-UBND (3 khen thưởng)"
    assert entry.decision == money.province_decision and entry.voucher_number == "PC-015"
    assert entry.recorded_by == province_officer
    assert set(Payment.objects.values_list("fund_entry_id", flat=True)) == {entry.pk}
    assert set(Payment.objects.values_list("voucher_number", "payer_unit_id", "recorded_by_id")) == {
        ("PC-015", province.root.pk, province_officer.pk)
    }
    event = AuditEvent.objects.get(action="payment.record")
    assert "15/QĐ-UBND" in event.summary and "14.040.000 đ" in event.summary
    assert event.data["fund_entry"] == entry.pk
    assert Payment.history.filter(history_type="+").count() == 3


def test_paying_by_award_ids_works_like_awards(money, province, province_officer):
    svc.payment_record(
        actor=province_officer,
        award_ids=[str(money.a_nurse.pk)],
        paid_on=PAID_ON,
        voucher_number="  PC   16 ",
        payer_unit=province.root,
    )
    assert Payment.objects.get().voucher_number == "PC 16"


def test_the_default_payer_is_the_issuer_or_for_a_higher_decision_the_submissions_issuer(money, province):
    assert sel.default_payer_unit(money.province_decision) == province.root
    assert sel.default_payer_unit(money.health_decision) == province.health
    assert sel.default_payer_unit(money.higher_decision) == province.root


def test_a_revoked_award_is_refused(money, province, province_officer):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse, money.a_revoked], payer=province.root)
    assert "đã bị hủy bỏ" in messages_of(exc) and "Trần Minh Khoa" in messages_of(exc)
    assert not Payment.objects.exists() and not FundEntry.objects.exists()


def test_an_award_already_paid_is_refused(money, province, province_officer):
    pay(province_officer, [money.a_nurse], payer=province.root)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse, money.a_doctor], payer=province.root, voucher="PC-016")
    assert "Đã chi tiền thưởng trước đó cho: Đỗ Thị Lan" in messages_of(exc)
    assert Payment.objects.count() == 1 and FundEntry.objects.count() == 1


def test_an_award_without_money_is_refused(money, province, province_officer):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nomoney], payer=province.root)
    assert "Không có tiền thưởng để chi" in messages_of(exc)


def test_a_paid_date_before_the_decision_or_in_the_future_is_refused(money, province, province_officer):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse], payer=province.root, paid_on=dt.date(2026, 1, 14))
    assert "trước ngày ban hành quyết định (15/01/2026)" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse], payer=province.root, paid_on=sel.today() + dt.timedelta(days=1))
    assert "không được sau ngày hôm nay" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse], payer=province.root, paid_on=None)
    assert "Vui lòng nhập ngày chi" in messages_of(exc)
    assert not Payment.objects.exists()


def test_the_paid_date_may_be_the_decision_date(money, province, province_officer):
    pay(province_officer, [money.a_nurse], payer=province.root, paid_on=dt.date(2026, 1, 15))
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("voucher", ["", "   ", None, "x" * 61])
def test_an_empty_or_too_long_voucher_is_refused(money, province, province_officer, voucher):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse], payer=province.root, voucher=voucher)
    assert "số chứng từ" in messages_of(exc).lower()
    assert not Payment.objects.exists()


def test_no_award_and_no_payer_are_refused(money, province, province_officer):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [], payer=province.root)
    assert "ít nhất một khen thưởng" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse], payer=None)
    assert "Vui lòng chọn đơn vị chi" in messages_of(exc)


def test_one_batch_covers_one_decision(money, province, province_officer):
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse, money.a_gk], payer=province.root)
    assert "một quyết định" in messages_of(exc)
    with pytest.raises(ValidationError):
        pay(province_officer, [money.a_nurse], payer=province.root, decision=money.health_decision)
    assert not Payment.objects.exists()


def test_awards_of_a_draft_decision_or_a_submission_cannot_be_paid(money, province, province_officer):
    draft = make_decision("", None, province.root, state=DecisionState.DRAFT)
    award = make_award(draft, money.teacher, "GK", 702_000)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [award], payer=province.root)
    assert "đã ban hành" in messages_of(exc)
    on_submission = make_award(money.submission, money.teacher, "LDTT", 702_000)
    with pytest.raises(ValidationError):
        pay(province_officer, [on_submission], payer=province.root)


def test_a_higher_decision_is_paid_from_the_provinces_fund(money, province, province_officer):
    pay(province_officer, [money.a_ttg], payer=sel.default_payer_unit(money.higher_decision))
    entry = FundEntry.objects.get()
    assert entry.unit == province.root and entry.description.startswith("Chi tiền thưởng theo Quyết định số 99/QĐ-TTg")


def test_a_unit_officer_pays_only_from_their_own_units_fund(money, province, unit_officer):
    with pytest.raises(PermissionDenied):
        pay(unit_officer, [money.a_nurse], payer=province.root)
    pay(unit_officer, [money.a_gk], payer=province.health)
    assert Payment.objects.get().payer_unit == province.health


def test_a_unit_officer_may_pay_their_peoples_awards_of_a_provincial_decision_from_their_fund(
    money, province, unit_officer
):
    pay(unit_officer, [money.a_nurse, money.a_hospital], payer=province.health)
    assert Payment.objects.count() == 2


def test_a_unit_officer_cannot_pay_awards_of_another_units_people(money, province, unit_officer):
    with pytest.raises(PermissionDenied):
        pay(unit_officer, [money.a_nurse, money.a_teacher], payer=province.health)
    assert not Payment.objects.exists()


def test_other_unit_officer_council_member_and_leader_cannot_pay(
    money, province, other_unit_officer, council_member, leader
):
    for actor, payer in [
        (other_unit_officer, province.health),
        (council_member, province.root),
        (leader, province.root),
    ]:
        with pytest.raises(PermissionDenied):
            pay(actor, [money.a_nurse], payer=payer)
    with pytest.raises(PermissionDenied):  # their own fund, someone else's people
        pay(other_unit_officer, [money.a_gk], payer=province.edu)
    assert not Payment.objects.exists()


def test_a_double_payment_slipping_past_the_checks_hits_the_one_payment_per_award_rule(
    money, province, province_officer, monkeypatch
):
    """Another connection pays the award between the check and the insert: the database refuses the
    second Payment, the whole batch is rolled back and the officer gets a clear message."""
    real = svc.bulk_create_with_history

    def racing(objs, model, **kw):
        Payment.objects.create(
            award=money.a_nurse, paid_on=PAID_ON, voucher_number="KHÁC", payer_unit=province.root, amount=1
        )
        return real(objs, model, **kw)

    monkeypatch.setattr(svc, "bulk_create_with_history", racing)
    with pytest.raises(ValidationError) as exc:
        pay(province_officer, [money.a_nurse, money.a_doctor], payer=province.root)
    assert "vừa được người khác ghi nhận chi" in messages_of(exc)
    assert not FundEntry.objects.exists()
    assert not Payment.objects.exists()  # the simulated rival row was written in the same savepoint
    assert not AuditEvent.objects.filter(action="payment.record").exists()


def test_the_database_itself_refuses_a_second_payment_of_an_award(money, province):
    Payment.objects.create(award=money.a_nurse, paid_on=PAID_ON, voucher_number="1", payer_unit=province.root, amount=1)
    with pytest.raises(IntegrityError):
        Payment.objects.create(
            award=money.a_nurse, paid_on=PAID_ON, voucher_number="2", payer_unit=province.root, amount=1
        )


# --- cancelling ----------------------------------------------------------------------------------------


def test_cancelling_a_payment_adds_a_correction_and_deletes_no_ledger_line(money, province, province_officer):
    pay(province_officer, [money.a_nurse, money.a_doctor], payer=province.root)
    spending = FundEntry.objects.get()
    payment = Payment.objects.get(award=money.a_nurse)

    correction = svc.payment_cancel(actor=province_officer, payment=payment, reason="Nhập nhầm người nhận")

    assert not Payment.objects.filter(award=money.a_nurse).exists()
    assert Payment.objects.filter(award=money.a_doctor).exists()
    assert FundEntry.objects.filter(pk=spending.pk, amount=7_020_000, kind=FundEntryKind.SPENDING).exists()
    assert correction.kind == FundEntryKind.INCOME and correction.amount == 3_510_000
    assert correction.unit == province.root and correction.date == sel.today()
    assert "Đỗ Thị Lan" in correction.description and "Nhập nhầm người nhận" in correction.description
    assert "PC-015" in correction.description and correction.decision == money.province_decision
    event = AuditEvent.objects.get(action="payment.cancel")
    assert event.data["reason"] == "Nhập nhầm người nhận" and event.data["amount"] == 3_510_000
    deleted = Payment.history.get(history_type="-")
    assert deleted.award_id == money.a_nurse.pk and deleted.history_user == province_officer
    # Unpaid again: it can be paid anew.
    pay(province_officer, [money.a_nurse], payer=province.root, voucher="PC-020")
    assert Payment.objects.get(award=money.a_nurse).voucher_number == "PC-020"


def test_cancelling_needs_a_reason(money, province, province_officer):
    pay(province_officer, [money.a_nurse], payer=province.root)
    payment = Payment.objects.get()
    for reason in ["", "   ", None]:
        with pytest.raises(ValidationError) as exc:
            svc.payment_cancel(actor=province_officer, payment=payment, reason=reason)
        assert "lý do" in messages_of(exc)
    with pytest.raises(ValidationError):
        svc.payment_cancel(actor=province_officer, payment=payment, reason="x" * 301)
    assert Payment.objects.exists() and FundEntry.objects.count() == 1


def test_cancelling_twice_is_refused(money, province, province_officer):
    pay(province_officer, [money.a_nurse], payer=province.root)
    payment = Payment.objects.get()
    svc.payment_cancel(actor=province_officer, payment=payment, reason="Nhầm")
    with pytest.raises(ValidationError) as exc:
        svc.payment_cancel(actor=province_officer, payment=payment.pk, reason="Nhầm")
    assert "đã được hủy" in messages_of(exc)
    assert FundEntry.objects.filter(kind=FundEntryKind.INCOME).count() == 1


def test_only_an_officer_of_the_paying_unit_or_the_province_cancels(
    money, province, province_officer, unit_officer, other_unit_officer
):
    pay(province_officer, [money.a_nurse], payer=province.root)
    payment = Payment.objects.get()
    for actor in (unit_officer, other_unit_officer):
        with pytest.raises(PermissionDenied):
            svc.payment_cancel(actor=actor, payment=payment, reason="Nhầm")
    pay(unit_officer, [money.a_gk], payer=province.health)
    svc.payment_cancel(actor=unit_officer, payment=Payment.objects.get(award=money.a_gk), reason="Nhầm chứng từ")
    assert Payment.objects.count() == 1


# --- the fund ------------------------------------------------------------------------------------------


def add(actor, unit, amount, *, kind=FundEntryKind.INCOME, date=dt.date(2026, 1, 5), description="Trích lập quỹ"):
    return svc.fund_entry_add(
        actor=actor, unit=unit, kind=kind, date=date, amount=amount, description=description, voucher_number="PT-1"
    )


def test_the_province_adds_income_and_manual_spending(province, province_officer):
    income = add(
        province_officer, province.root, 500_000_000, description="Trích lập quỹ thi đua, khen thưởng năm 2026"
    )
    spending = add(province_officer, province.root, 2_000_000, kind=FundEntryKind.SPENDING, description="In giấy khen")
    assert income.year == 2026 and income.kind == FundEntryKind.INCOME and income.recorded_by == province_officer
    assert spending.kind == FundEntryKind.SPENDING
    assert AuditEvent.objects.filter(action="fund_entry.add").count() == 2


@pytest.mark.parametrize(
    "amount, message",
    [
        (0, "lớn hơn 0"),
        (-5, "lớn hơn 0"),
        (1.5, "số nguyên"),
        ("abc", "số nguyên"),
        (True, "số nguyên"),
        (10**15, "quá lớn"),
    ],
)
def test_fund_amounts_must_be_positive_whole_numbers_within_bounds(province, province_officer, amount, message):
    with pytest.raises(ValidationError) as exc:
        add(province_officer, province.root, amount)
    assert message in " ".join(exc.value.message_dict["amount"])
    assert not FundEntry.objects.exists()


def test_a_fund_entry_needs_a_unit_a_kind_a_past_date_and_a_description(province, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.fund_entry_add(
            actor=province_officer,
            unit=None,
            kind="OTHER",
            date=sel.today() + dt.timedelta(days=1),
            amount=1000,
            description="  ",
        )
    assert set(exc.value.message_dict) == {"unit", "kind", "date", "description"}
    assert not FundEntry.objects.exists()


def test_only_the_province_manages_the_fund(province, unit_officer, leader, council_member):
    for actor in (unit_officer, leader, council_member):
        with pytest.raises(PermissionDenied):
            add(actor, province.health, 1000)
    assert not FundEntry.objects.exists()


def test_a_revoked_award_paid_earlier_stays_paid(money, province, province_officer):
    pay(province_officer, [money.a_nurse], payer=province.root)
    Award.objects.filter(pk=money.a_nurse.pk).update(revoked=True)
    lines = sel.payment_list(actor=province_officer, filters={"status": sel.STATUS_PAID})
    assert [a.pk for a in lines] == [money.a_nurse.pk]
