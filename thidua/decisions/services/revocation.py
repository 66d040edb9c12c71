"""Revocation of an award (Luật Thi đua, khen thưởng 2022, Chương VII; law.md §9) and the recovery of
its money and insignia.

Nothing is deleted: the award and its decision stay, the award is flagged `revoked` (every
eligibility loader reads that flag, so the award leaves every chain at once) and a Revocation
records the ground, the deciding act and what is to be recovered. Money recovered is an income
line of the paying unit's commendation fund.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.notifications import notify
from thidua.core.permissions import require
from thidua.core.text import vdate

from ..models import Award, FundEntry, FundEntryKind, Payment, RecoveryStatus, Revocation, RevocationGround

REVOKE_DENIED = "Chỉ cán bộ cấp tỉnh được hủy bỏ quyết định khen thưởng."
RECOVERY_DENIED = "Chỉ cán bộ cấp tỉnh được ghi nhận thu hồi tiền thưởng, hiện vật."


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đ"


def _subject_unit(award: Award):
    """The unit whose officers are told about the award's revocation."""
    if award.person_id:
        return award.person.unit
    if award.unit_id:
        return award.unit
    return award.household.unit if award.household_id else None


def revocation_check(
    award: Award,
    *,
    ground,
    reason,
    act_number,
    act_date,
    act_issuer,
    amount_to_recover,
    insignia_to_recover: str = "",
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """The problems of a revocation's input, keyed by field (empty: none). Read-only; the confirmation
    page runs it before showing what the revocation changes, the service again under the lock."""
    today = today or timezone.localdate()
    reason, act_number, act_issuer = (reason or "").strip(), (act_number or "").strip(), (act_issuer or "").strip()
    errors: dict[str, list[str]] = {}
    if ground not in RevocationGround.values:
        errors["ground"] = ["Vui lòng chọn căn cứ hủy bỏ (điểm a–d, Chương VII Luật Thi đua, khen thưởng 2022)."]
    if not reason:
        errors["reason"] = ["Vui lòng ghi nội dung vi phạm dẫn đến hủy bỏ khen thưởng."]
    if not act_number:
        errors["act_number"] = ["Vui lòng nhập số, ký hiệu văn bản hủy bỏ."]
    if not act_issuer:
        errors["act_issuer"] = ["Vui lòng nhập cơ quan ban hành văn bản hủy bỏ."]
    if not isinstance(act_date, dt.date):
        errors["act_date"] = ["Vui lòng nhập ngày ban hành văn bản hủy bỏ."]
    elif act_date > today:
        errors["act_date"] = ["Ngày văn bản hủy bỏ không được sau ngày hôm nay."]
    elif award.decision.date and act_date < award.decision.date:
        errors["act_date"] = [
            f"Ngày văn bản hủy bỏ không được trước ngày quyết định khen thưởng ({vdate(award.decision.date)})."
        ]
    if not isinstance(amount_to_recover, int) or amount_to_recover < 0:
        errors["amount_to_recover"] = ["Số tiền phải thu hồi phải là số nguyên không âm (đồng)."]
    elif amount_to_recover > award.amount:
        errors["amount_to_recover"] = [
            f"Số tiền phải thu hồi không được vượt quá tiền thưởng của khen thưởng ({_money(award.amount)})."
        ]
    elif (paid := Payment.objects.filter(award_id=award.pk).values_list("amount", flat=True).first()) is not None and (
        amount_to_recover > paid
    ):
        errors["amount_to_recover"] = [
            f"Số tiền phải thu hồi không được vượt quá số tiền đã chi cho khen thưởng này ({_money(paid)})."
        ]
    if len(act_number) > 60:
        errors.setdefault("act_number", []).append("Số, ký hiệu văn bản ghi tối đa 60 ký tự.")
    if len(act_issuer) > 255:
        errors.setdefault("act_issuer", []).append("Cơ quan ban hành ghi tối đa 255 ký tự.")
    if len((insignia_to_recover or "").strip()) > 255:
        errors["insignia_to_recover"] = ["Hiện vật phải thu hồi ghi tối đa 255 ký tự."]
    return errors


def award_revoke(
    *,
    actor,
    award: Award,
    ground: str,
    reason: str,
    act_number: str,
    act_date: dt.date,
    act_issuer: str,
    amount_to_recover: int,
    insignia_to_recover: str = "",
) -> Revocation:
    """Revoke `award`: flag it revoked and record the Revocation (PENDING, or NOTHING when there is
    neither money nor insignia to recover), audited, the officers of the subject's unit notified.
    Bad input → ValidationError keyed by field; an award already revoked → ValidationError; nothing
    changes in either case."""
    require(actor, "decisions.revoke", message=REVOKE_DENIED)
    reason = (reason or "").strip()
    act_number = (act_number or "").strip()
    act_issuer = (act_issuer or "").strip()
    insignia_to_recover = (insignia_to_recover or "").strip()
    with transaction.atomic():
        locked = Award.objects.select_for_update().filter(pk=award.pk).first()
        if locked is None:
            raise ValidationError("Khen thưởng không còn trong hệ thống.")
        award = Award.objects.select_related("award_type", "decision", "person__unit", "unit", "household__unit").get(
            pk=locked.pk
        )
        if award.revoked or Revocation.objects.filter(award=award).exists():
            raise ValidationError("Khen thưởng này đã bị hủy bỏ trước đó; không hủy bỏ lần thứ hai.")
        fields = dict(
            ground=ground,
            reason=reason,
            act_number=act_number,
            act_date=act_date,
            act_issuer=act_issuer,
            amount_to_recover=amount_to_recover,
            insignia_to_recover=insignia_to_recover,
        )
        errors = revocation_check(award, **fields)
        if errors:
            raise ValidationError(errors)
        nothing = amount_to_recover == 0 and not insignia_to_recover
        try:
            with transaction.atomic():
                revocation = Revocation.objects.create(
                    award=award,
                    **fields,
                    recovery_status=RecoveryStatus.NOTHING if nothing else RecoveryStatus.PENDING,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ValidationError("Khen thưởng này vừa được người khác hủy bỏ.") from None
        award.revoked = True
        award.save(update_fields=["revoked"])
        what = f"“{award.award_type.name}” năm {award.year} của {award.subject_name}"
        act = f"văn bản số {act_number} ngày {vdate(act_date)} của {act_issuer}"
        unit = _subject_unit(award)
        audit(
            actor=actor,
            action="award.revoke",
            obj=revocation,
            unit=unit,
            summary=f"Hủy bỏ {what} (Quyết định số {award.decision.number}) theo {act}",
            data={
                "award": award.pk,
                "decision": award.decision_id,
                "ground": ground,
                "act_number": act_number,
                "act_date": act_date.isoformat(),
                "amount_to_recover": amount_to_recover,
                "insignia_to_recover": insignia_to_recover,
            },
        )
        if unit is not None:
            from thidua.nominations.selectors.workflow import unit_officers

            recovery = ""
            if not nothing:
                parts = [_money(amount_to_recover)] if amount_to_recover else []
                parts += [insignia_to_recover] if insignia_to_recover else []
                recovery = f" Phải thu hồi: {', '.join(parts)}."
            notify(
                users=unit_officers(unit),
                text=f"Đã hủy bỏ {what} theo {act}.{recovery}",
                url=reverse("decisions:revocation_detail", args=[revocation.pk]),
            )
    return revocation


def _payer_unit(award: Award):
    """The fund the money returns to: the payer's, or the one that should have paid (M9)."""
    try:
        return award.payment.payer_unit
    except Award.payment.RelatedObjectDoesNotExist:
        from ..selectors.money import default_payer_unit

        return default_payer_unit(award.decision)


def revocation_record_recovery(
    *,
    actor,
    revocation: Revocation,
    amount: int,
    recovered_on: dt.date,
    insignia_recovered: bool = False,
    voucher_number: str = "",
) -> Revocation:
    """Record money (`amount`, this time) and/or insignia recovered on `recovered_on`.

    The total recovered never exceeds the amount to recover; the status becomes DONE when the whole
    amount and the insignia (if any) are back, PARTIAL otherwise. Each amount is an INCOME line of the
    fund of the unit that paid the award (its Payment's payer unit, else the decision's issuer),
    "Thu hồi tiền thưởng …". Bad input → ValidationError keyed by field, nothing changes."""
    require(actor, "decisions.record_recovery", message=RECOVERY_DENIED)
    voucher_number = (voucher_number or "").strip()
    with transaction.atomic():
        if Revocation.objects.select_for_update(of=("self",)).filter(pk=revocation.pk).first() is None:
            raise ValidationError("Không tìm thấy quyết định hủy bỏ khen thưởng.")
        rev = Revocation.objects.select_related("award__award_type", "award__decision__issuer").get(pk=revocation.pk)
        award = rev.award
        errors: dict[str, list[str]] = {}
        if rev.recovery_status == RecoveryStatus.NOTHING:
            raise ValidationError("Khen thưởng này không có tiền thưởng hay hiện vật phải thu hồi.")
        if rev.recovery_status == RecoveryStatus.DONE:
            raise ValidationError("Đã thu hồi đủ tiền thưởng và hiện vật; không ghi nhận thêm.")
        remaining = rev.amount_to_recover - rev.recovered_amount
        if not isinstance(amount, int) or amount < 0:
            errors["amount"] = ["Số tiền thu hồi phải là số nguyên không âm (đồng)."]
        elif amount > remaining:
            errors["amount"] = [
                f"Số tiền thu hồi vượt quá số còn phải thu hồi ({_money(remaining)}; "
                f"phải thu hồi {_money(rev.amount_to_recover)}, đã thu hồi {_money(rev.recovered_amount)})."
            ]
        if not isinstance(recovered_on, dt.date):
            errors["recovered_on"] = ["Vui lòng nhập ngày thu hồi."]
        elif recovered_on > timezone.localdate():
            errors["recovered_on"] = ["Ngày thu hồi không được sau ngày hôm nay."]
        elif recovered_on < rev.act_date:
            errors["recovered_on"] = [f"Ngày thu hồi không được trước ngày văn bản hủy bỏ ({vdate(rev.act_date)})."]
        if insignia_recovered and not rev.insignia_to_recover:
            errors["insignia_recovered"] = ["Văn bản hủy bỏ không yêu cầu thu hồi hiện vật."]
        new_insignia = bool(insignia_recovered) and not rev.insignia_recovered
        if not errors and not amount and not new_insignia:
            errors["amount"] = ["Vui lòng nhập số tiền đã thu hồi hoặc đánh dấu đã thu hồi hiện vật."]
        if amount and not voucher_number:
            errors["voucher_number"] = ["Vui lòng nhập số chứng từ thu tiền."]
        if len(voucher_number) > 60:
            errors["voucher_number"] = ["Số chứng từ ghi tối đa 60 ký tự."]
        payer = _payer_unit(award) if amount else None
        if amount and payer is None and "amount" not in errors:
            errors["amount"] = ["Không xác định được đơn vị quản lý quỹ nhận tiền thu hồi (chưa có đơn vị chi)."]
        if errors:
            raise ValidationError(errors)
        entry = None
        if amount:
            entry = FundEntry.objects.create(
                unit=payer,
                year=recovered_on.year,
                date=recovered_on,
                kind=FundEntryKind.INCOME,
                amount=amount,
                description=(
                    f"Thu hồi tiền thưởng “{award.award_type.name}” năm {award.year} của {award.subject_name} "
                    f"(Quyết định số {award.decision.number}; hủy bỏ theo văn bản số {rev.act_number})"
                )[:500],
                voucher_number=voucher_number,
                decision=award.decision,
                recorded_by=actor,
            )
        rev.recovered_amount += amount
        rev.insignia_recovered = rev.insignia_recovered or bool(insignia_recovered)
        rev.recovered_on = recovered_on
        money_done = rev.recovered_amount >= rev.amount_to_recover
        insignia_done = rev.insignia_recovered or not rev.insignia_to_recover
        rev.recovery_status = RecoveryStatus.DONE if money_done and insignia_done else RecoveryStatus.PARTIAL
        rev.save(update_fields=["recovered_amount", "insignia_recovered", "recovered_on", "recovery_status"])
        parts = [_money(amount)] if amount else []
        parts += [f"hiện vật ({rev.insignia_to_recover})"] if new_insignia else []
        audit(
            actor=actor,
            action="revocation.recover",
            obj=rev,
            unit=payer,
            summary=(
                f"Thu hồi {', '.join(parts)} — “{award.award_type.name}” năm {award.year} của {award.subject_name}"
                f" ({rev.get_recovery_status_display().lower()})"
            ),
            data={
                "amount": amount,
                "recovered_amount": rev.recovered_amount,
                "insignia_recovered": rev.insignia_recovered,
                "recovered_on": recovered_on.isoformat(),
                "voucher_number": voucher_number,
                "fund_entry": entry.pk if entry else None,
            },
        )
    return rev
