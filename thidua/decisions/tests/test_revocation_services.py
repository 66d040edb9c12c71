"""Revoking an award and recovering its money and insignia (services): nothing deleted, one revocation
per award, amounts bounded, every recovered amount an income line of the paying unit's fund."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.models import AuditEvent, Notification
from thidua.decisions.models import Award, Decision, FundEntry, FundEntryKind, RecoveryStatus, Revocation
from thidua.decisions.services import revocation as svc

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import ACT_DATE, paid, revoke


@pytest.fixture
def hospital_officer(province):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cb.bvdk", Role.UNIT_OFFICER, province.hospital, full_name="Ngô Thị Thanh")


# --- Revoking -------------------------------------------------------------------------------------------


def test_revoking_flags_the_award_records_a_pending_revocation_audits_and_notifies(
    an, province_officer, unit_officer, hospital_officer, other_unit_officer
):
    award = an.cstdcs_2024
    revocation = revoke(province_officer, award)
    award.refresh_from_db()
    assert award.revoked is True
    assert revocation.recovery_status == RecoveryStatus.PENDING
    assert (revocation.act_number, revocation.act_date, revocation.amount_to_recover) == (
        "15/QĐ-UBND",
        ACT_DATE,
        1_000_000,
    )
    assert revocation.insignia_to_recover == "Giấy chứng nhận, khung"
    assert revocation.recorded_by == province_officer
    event = AuditEvent.objects.get(action="award.revoke")
    assert event.actor == province_officer and event.object_id == str(revocation.pk)
    assert event.unit == an.unit and "15/QĐ-UBND" in event.summary
    # The officers of the subject's unit (the hospital's and Sở Y tế's), not the other department's.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {unit_officer.username, hospital_officer.username}
    note = Notification.objects.filter(recipient=unit_officer).get()
    assert "Nguyễn Thị An" in note.text and "1.000.000 đ" in note.text
    assert note.url == reverse("decisions:revocation_detail", args=[revocation.pk])


def test_nothing_is_deleted_the_award_and_its_decision_stay(an, province_officer):
    award = an.cstdcs_2024
    decision_id = award.decision_id
    revoke(province_officer, award)
    assert Award.objects.filter(pk=award.pk, revoked=True).exists()
    assert Decision.objects.filter(pk=decision_id).exists()


def test_a_revocation_with_nothing_to_recover_is_marked_so(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, amount_to_recover=0, insignia_to_recover="")
    assert revocation.recovery_status == RecoveryStatus.NOTHING


def test_an_award_cannot_be_revoked_twice(an, province_officer):
    revoke(province_officer, an.cstdcs_2024)
    with pytest.raises(ValidationError, match="đã bị hủy bỏ trước đó"):
        revoke(province_officer, an.cstdcs_2024, act_number="16/QĐ-UBND")
    assert Revocation.objects.count() == 1
    assert AuditEvent.objects.filter(action="award.revoke").count() == 1


def test_an_award_flagged_revoked_without_a_revocation_is_not_revoked_again(an, province_officer):
    Award.objects.filter(pk=an.cstdcs_2024.pk).update(revoked=True)
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        revoke(province_officer, an.cstdcs_2024)


def test_the_amount_to_recover_cannot_exceed_the_awards_amount(an, province_officer):
    with pytest.raises(ValidationError) as exc:
        revoke(province_officer, an.cstdcs_2024, amount_to_recover=1_000_001)
    assert "1.000.000 đ" in exc.value.message_dict["amount_to_recover"][0]
    an.cstdcs_2024.refresh_from_db()
    assert an.cstdcs_2024.revoked is False and not Revocation.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("act_date", dt.date.today() + dt.timedelta(days=2), "sau ngày hôm nay"),
        ("act_date", dt.date(2025, 1, 14), "trước ngày quyết định khen thưởng (15/01/2025)"),
        ("act_date", None, "Vui lòng nhập ngày"),
        ("act_number", "  ", "số, ký hiệu"),
        ("act_issuer", "", "cơ quan ban hành"),
        ("reason", "", "nội dung vi phạm"),
        ("ground", "E", "căn cứ hủy bỏ"),
        ("amount_to_recover", -1, "không âm"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_changes_nothing(an, province_officer, field, value, message):
    with pytest.raises(ValidationError) as exc:
        revoke(province_officer, an.cstdcs_2024, **{field: value})
    assert message in exc.value.message_dict[field][0]
    assert not Revocation.objects.exists()
    assert not Award.objects.filter(revoked=True).exists()
    assert not AuditEvent.objects.filter(action="award.revoke").exists()


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "council_member", "other_unit_officer"])
def test_only_the_province_revokes(an, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="cấp tỉnh"):
        revoke(user, an.cstdcs_2024)
    assert not Revocation.objects.exists()


def test_the_administrator_may_revoke(an, admin_user):
    assert revoke(admin_user, an.cstdcs_2024).pk


# --- Recovery -------------------------------------------------------------------------------------------


def recover(actor, revocation, **kw):
    data = {"amount": 400_000, "recovered_on": dt.date(2025, 7, 1), "voucher_number": "PT-01"}
    data.update(kw)
    return svc.revocation_record_recovery(actor=actor, revocation=revocation, **data)


def test_recovery_in_two_instalments_goes_partial_then_done_with_income_lines_in_the_payers_fund(
    an, province, province_officer
):
    paid(an.cstdcs_2024, province.hospital)
    revocation = revoke(province_officer, an.cstdcs_2024)
    first = recover(province_officer, revocation)
    assert (first.recovery_status, first.recovered_amount) == (RecoveryStatus.PARTIAL, 400_000)
    second = recover(
        province_officer,
        revocation,
        amount=600_000,
        recovered_on=dt.date(2025, 8, 1),
        voucher_number="PT-02",
        insignia_recovered=True,
    )
    assert second.recovery_status == RecoveryStatus.DONE
    assert (second.recovered_amount, second.insignia_recovered, second.recovered_on) == (
        1_000_000,
        True,
        dt.date(2025, 8, 1),
    )
    entries = list(FundEntry.objects.order_by("date"))
    assert [(e.unit, e.kind, e.amount, e.year, e.voucher_number) for e in entries] == [
        (province.hospital, FundEntryKind.INCOME, 400_000, 2025, "PT-01"),
        (province.hospital, FundEntryKind.INCOME, 600_000, 2025, "PT-02"),
    ]
    assert entries[0].description.startswith("Thu hồi tiền thưởng")
    assert "Nguyễn Thị An" in entries[0].description and entries[0].decision == an.cstdcs_2024.decision
    assert AuditEvent.objects.filter(action="revocation.recover").count() == 2


def test_money_recovered_without_a_payment_goes_to_the_fund_of_the_decisions_issuer(an, province, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    recover(province_officer, revocation, amount=1_000_000, insignia_recovered=True)
    entry = FundEntry.objects.get()
    assert entry.unit == an.cstdcs_2024.decision.issuer == province.hospital


def test_money_alone_is_not_done_while_insignia_is_still_out(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    assert recover(province_officer, revocation, amount=1_000_000).recovery_status == RecoveryStatus.PARTIAL


def test_insignia_alone_may_be_recovered_without_a_fund_line(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, amount_to_recover=0)
    done = recover(province_officer, revocation, amount=0, voucher_number="", insignia_recovered=True)
    assert done.recovery_status == RecoveryStatus.DONE
    assert not FundEntry.objects.exists()


def test_recovery_beyond_the_amount_to_recover_is_refused(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    recover(province_officer, revocation, amount=900_000)
    with pytest.raises(ValidationError) as exc:
        recover(province_officer, revocation, amount=100_001)
    assert "còn phải thu hồi (100.000 đ" in exc.value.message_dict["amount"][0]
    revocation.refresh_from_db()
    assert revocation.recovered_amount == 900_000
    assert FundEntry.objects.count() == 1


@pytest.mark.parametrize(
    "kw,field,message",
    [
        ({"recovered_on": dt.date(2025, 6, 1)}, "recovered_on", "trước ngày văn bản hủy bỏ (02/06/2025)"),
        ({"recovered_on": dt.date.today() + dt.timedelta(days=2)}, "recovered_on", "sau ngày hôm nay"),
        ({"recovered_on": None}, "recovered_on", "Vui lòng nhập ngày thu hồi"),
        ({"voucher_number": ""}, "voucher_number", "số chứng từ"),
        ({"amount": 0}, "amount", "Vui lòng nhập số tiền"),
        ({"amount": -5}, "amount", "không âm"),
    ],
)
def test_bad_recovery_input_is_refused_and_changes_nothing(an, province_officer, kw, field, message):
    revocation = revoke(province_officer, an.cstdcs_2024)
    with pytest.raises(ValidationError) as exc:
        recover(province_officer, revocation, **kw)
    assert message in exc.value.message_dict[field][0]
    revocation.refresh_from_db()
    assert (revocation.recovered_amount, revocation.recovery_status) == (0, RecoveryStatus.PENDING)
    assert not FundEntry.objects.exists()


def test_nothing_to_recover_means_no_recovery_can_be_recorded(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, amount_to_recover=0, insignia_to_recover="")
    with pytest.raises(ValidationError, match="không có tiền thưởng hay hiện vật"):
        recover(province_officer, revocation, amount=0, insignia_recovered=True)


def test_a_completed_recovery_takes_nothing_more(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, insignia_to_recover="")
    recover(province_officer, revocation, amount=1_000_000)
    with pytest.raises(ValidationError, match="Đã thu hồi đủ"):
        recover(province_officer, revocation, amount=1)


def test_insignia_cannot_be_recovered_when_none_was_to_be(an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, insignia_to_recover="")
    with pytest.raises(ValidationError) as exc:
        recover(province_officer, revocation, insignia_recovered=True)
    assert "không yêu cầu thu hồi hiện vật" in exc.value.message_dict["insignia_recovered"][0]


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "other_unit_officer"])
def test_only_the_province_records_recovery(an, province_officer, persona, request):
    revocation = revoke(province_officer, an.cstdcs_2024)
    with pytest.raises(PermissionDenied):
        recover(request.getfixturevalue(persona), revocation)
    assert not FundEntry.objects.exists()
