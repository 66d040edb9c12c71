"""Writes of the money side: recording payments of awards, cancelling a payment entered by mistake,
adding lines to a unit's commendation fund ledger (quỹ thi đua, khen thưởng).

The ledger keeps its history: no fund entry is ever changed or deleted. A payment recorded by
mistake is cancelled by removing the Payment (its history stays in the historical table and the
audit log) and adding an INCOME correction entry of the same amount to the payer's fund, dated the
day of the correction, that names the cancelled payment and the reason. The award is then "chưa
chi" again and may be paid anew."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from thidua.accounts.selectors import PEOPLE_ROLES, scope_paths, unit_in_scope
from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.org.models import Unit

from ..models import Award, Decision, DecisionState, DocKind, FundEntry, FundEntryKind, Payment
from ..rules import awards_in_scope_q
from ..selectors.money import today

# The largest amount one ledger line may carry (999.999.999.999.999 đ): beyond any real fund, far
# below the database's limit.
MAX_FUND_AMOUNT = 10**15 - 1
MAX_VOUCHER = 60
MAX_REASON = 300
MAX_DESCRIPTION = 500

PAY_DENIED = "Anh/chị không có quyền ghi nhận chi tiền thưởng từ quỹ của đơn vị này."
FUND_DENIED = "Anh/chị không có quyền quản lý sổ quỹ thi đua, khen thưởng."


def money_text(value: int) -> str:
    """1234000 → "1.234.000 đ"."""
    return f"{value:,}".replace(",", ".") + " đ"


def _names(awards, limit: int = 5) -> str:
    names = [a.subject_name for a in awards[:limit]]
    more = len(awards) - limit
    return ", ".join(names) + (f" và {more} khen thưởng khác" if more > 0 else "")


def _clean_voucher(voucher_number) -> str:
    voucher = " ".join(str(voucher_number or "").split())
    if not voucher:
        raise ValidationError({"voucher_number": ["Vui lòng nhập số chứng từ chi."]})
    if len(voucher) > MAX_VOUCHER:
        raise ValidationError({"voucher_number": [f"Số chứng từ tối đa {MAX_VOUCHER} ký tự."]})
    return voucher


def _check_paid_on(paid_on, decision: Decision):
    if paid_on is None:
        raise ValidationError({"paid_on": ["Vui lòng nhập ngày chi."]})
    if paid_on > today():
        raise ValidationError({"paid_on": ["Ngày chi không được sau ngày hôm nay."]})
    if decision.date and paid_on < decision.date:
        raise ValidationError(
            {"paid_on": [f"Ngày chi không được trước ngày ban hành quyết định ({decision.date:%d/%m/%Y})."]}
        )


def _visible_to(actor, decision: Decision, awards: list[Award]) -> bool:
    """The actor may pay these awards: the province any; others the awards of a decision their units
    issued or awards of subjects in their units."""
    if scope_paths(actor) is None or unit_in_scope(actor, decision.issuer, PEOPLE_ROLES):
        return True
    scoped = awards_in_scope_q(actor)
    if not scoped:
        return False
    ids = [a.pk for a in awards]
    return Award.objects.filter(pk__in=ids).filter(scoped).count() == len(ids)


def payment_record(
    *,
    actor,
    paid_on,
    voucher_number,
    payer_unit: Unit | None,
    awards=None,
    award_ids=None,
    decision: Decision | None = None,
) -> list[Payment]:
    """Pay awards of one issued decision in one batch: one Payment per award (its amount), one
    SPENDING line in the payer unit's fund for the total, an audit event. Refuses revoked, already
    paid and moneyless awards, awards of several decisions, a paid date before the decision or in
    the future, an empty voucher; nothing is written then. `decision`: when given, every award must
    belong to it (the screen of that decision)."""
    ids = sorted({a.pk for a in awards} if awards is not None else {int(i) for i in (award_ids or [])})
    voucher = _clean_voucher(voucher_number)
    if payer_unit is None:
        raise ValidationError({"payer_unit": ["Vui lòng chọn đơn vị chi."]})
    require(actor, "decisions.record_payment", payer_unit, PAY_DENIED)
    if not ids:
        raise ValidationError({"awards": ["Vui lòng chọn ít nhất một khen thưởng để chi."]})
    with transaction.atomic():
        # Lock the awards: a revocation or another payment of them waits for this one.
        locked = list(Award.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(locked) != len(ids):
            raise ValidationError({"awards": ["Có khen thưởng không còn tồn tại. Vui lòng tải lại trang."]})
        decision_ids = {a.decision_id for a in locked}
        if len(decision_ids) != 1 or (decision is not None and decision_ids != {decision.pk}):
            raise ValidationError({"awards": ["Mỗi lần chi chỉ gồm các khen thưởng của một quyết định."]})
        decision = Decision.objects.select_related("issuer").get(pk=decision_ids.pop())
        if decision.state != DecisionState.ISSUED or decision.kind != DocKind.DECISION:
            raise ValidationError({"awards": ["Chỉ chi tiền thưởng của quyết định đã ban hành."]})
        if not _visible_to(actor, decision, locked):
            raise PermissionDenied("Anh/chị không có quyền chi tiền thưởng cho các khen thưởng này.")
        _check_paid_on(paid_on, decision)
        revoked = [a for a in locked if a.revoked]
        if revoked:
            raise ValidationError({"awards": [f"Không chi được khen thưởng đã bị hủy bỏ: {_names(revoked)}."]})
        paid = list(Award.objects.filter(pk__in=ids, payment__isnull=False).order_by("pk"))
        if paid:
            raise ValidationError({"awards": [f"Đã chi tiền thưởng trước đó cho: {_names(paid)}."]})
        moneyless = [a for a in locked if a.amount <= 0]
        if moneyless:
            raise ValidationError({"awards": [f"Không có tiền thưởng để chi: {_names(moneyless)}."]})
        total = sum(a.amount for a in locked)
        try:
            with transaction.atomic():
                entry = FundEntry.objects.create(
                    unit=payer_unit,
                    year=paid_on.year,
                    date=paid_on,
                    kind=FundEntryKind.SPENDING,
                    amount=total,
                    description=(f"Chi tiền thưởng theo Quyết định số {decision.number} ({len(locked)} khen thưởng)")[
                        :MAX_DESCRIPTION
                    ],
                    voucher_number=voucher,
                    decision=decision,
                    recorded_by=actor,
                )
                payments = bulk_create_with_history(
                    [
                        Payment(
                            award=a,
                            paid_on=paid_on,
                            voucher_number=voucher,
                            payer_unit=payer_unit,
                            amount=a.amount,
                            fund_entry=entry,
                            recorded_by=actor,
                        )
                        for a in locked
                    ],
                    Payment,
                    default_user=actor,
                )
        except IntegrityError:
            # Payment is one per award: someone else paid one of them a moment ago.
            raise ValidationError(
                {"awards": ["Một số khen thưởng vừa được người khác ghi nhận chi. Vui lòng tải lại trang."]}
            ) from None
        audit(
            actor=actor,
            action="payment.record",
            obj=decision,
            unit=payer_unit,
            summary=(
                f"Chi tiền thưởng theo Quyết định số {decision.number}: {len(locked)} khen thưởng, "
                f"{money_text(total)}, chứng từ {voucher}, ngày {paid_on:%d/%m/%Y}, đơn vị chi {payer_unit.name}"
            ),
            data={
                "decision": decision.pk,
                "awards": ids,
                "amount": total,
                "paid_on": paid_on.isoformat(),
                "voucher_number": voucher,
                "payer_unit": payer_unit.pk,
                "fund_entry": entry.pk,
            },
        )
    return payments


def payment_cancel(*, actor, payment: Payment | int, reason: str) -> FundEntry:
    """Cancel a payment entered by mistake: the Payment goes (kept in its history and the audit log),
    an INCOME correction line of the same amount enters the payer's fund today, naming the payment
    and the reason; the award is unpaid again. Returns the correction entry."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["Vui lòng nhập lý do hủy khoản chi."]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [f"Lý do tối đa {MAX_REASON} ký tự."]})
    pk = payment.pk if isinstance(payment, Payment) else int(payment)
    with transaction.atomic():
        current = Payment.objects.select_for_update().filter(pk=pk).first()
        if current is None:
            raise ValidationError("Khoản chi này đã được hủy trước đó.")
        payer = Unit.objects.get(pk=current.payer_unit_id)
        require(actor, "decisions.record_payment", payer, PAY_DENIED)
        Award.objects.select_for_update(of=("self",)).filter(pk=current.award_id).first()  # a revocation waits for us
        award = Award.objects.select_related("decision").get(pk=current.award_id)
        decision = award.decision
        if not _visible_to(actor, decision, [award]):
            raise PermissionDenied("Anh/chị không có quyền hủy khoản chi này.")
        if award.revoked:
            # The money is now recovered through the revocation; cancelling the payment as well
            # would count it back into the fund twice.
            raise ValidationError(
                "Khen thưởng này đã bị hủy bỏ: không hủy khoản chi nữa; số tiền đã chi được thu hồi và ghi sổ "
                "quỹ qua hồ sơ hủy bỏ khen thưởng."
            )
        when = today()
        correction = FundEntry.objects.create(
            unit=payer,
            year=when.year,
            date=when,
            kind=FundEntryKind.INCOME,
            amount=current.amount,
            description=(
                f"Điều chỉnh: hủy khoản chi tiền thưởng cho {award.subject_name} theo Quyết định số "
                f"{decision.number} (chứng từ {current.voucher_number}, ngày {current.paid_on:%d/%m/%Y}) "
                f"— lý do: {reason}"
            )[:MAX_DESCRIPTION],
            voucher_number=current.voucher_number,
            decision=decision,
            recorded_by=actor,
        )
        data = {
            "award": award.pk,
            "decision": decision.pk,
            "amount": current.amount,
            "paid_on": current.paid_on.isoformat(),
            "voucher_number": current.voucher_number,
            "payer_unit": payer.pk,
            "fund_entry": current.fund_entry_id,
            "correction": correction.pk,
            "reason": reason,
        }
        current._change_reason = f"Hủy khoản chi: {reason}"
        current._history_user = actor
        current.delete()
        audit(
            actor=actor,
            action="payment.cancel",
            obj=award,
            unit=payer,
            summary=(
                f"Hủy khoản chi {money_text(data['amount'])} cho {award.subject_name} theo Quyết định số "
                f"{decision.number} (chứng từ {data['voucher_number']}): {reason}"
            ),
            data=data,
        )
    return correction


def _clean_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": ["Số tiền phải là số nguyên dương (đồng)."]})
    if amount <= 0:
        raise ValidationError({"amount": ["Số tiền phải lớn hơn 0."]})
    if amount > MAX_FUND_AMOUNT:
        raise ValidationError({"amount": [f"Số tiền quá lớn (tối đa {money_text(MAX_FUND_AMOUNT)})."]})
    return amount


def fund_entry_add(
    *, actor, unit: Unit | None, kind: str, date, amount: int, description: str, voucher_number: str = ""
) -> FundEntry:
    """Add an income line (trích lập, bổ sung quỹ) or a manual spending line (in giấy khen, khung…) to
    a unit's fund for the year of `date`. Amounts are positive whole đồng; nothing in the future."""
    require(actor, "decisions.manage_fund", message=FUND_DENIED)
    errors = {}
    if unit is None:
        errors["unit"] = ["Vui lòng chọn đơn vị quản lý quỹ."]
    if kind not in FundEntryKind.values:
        errors["kind"] = ["Vui lòng chọn loại: thu hoặc chi."]
    if date is None:
        errors["date"] = ["Vui lòng nhập ngày."]
    elif date > today():
        errors["date"] = ["Ngày ghi sổ không được sau ngày hôm nay."]
    description = " ".join(str(description or "").split())
    if not description:
        errors["description"] = ["Vui lòng nhập nội dung."]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [f"Nội dung tối đa {MAX_DESCRIPTION} ký tự."]
    voucher = " ".join(str(voucher_number or "").split())
    if len(voucher) > MAX_VOUCHER:
        errors["voucher_number"] = [f"Số chứng từ tối đa {MAX_VOUCHER} ký tự."]
    try:
        _clean_amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = FundEntry.objects.create(
            unit=unit,
            year=date.year,
            date=date,
            kind=kind,
            amount=amount,
            description=description,
            voucher_number=voucher,
            recorded_by=actor,
        )
        label = "Thu" if kind == FundEntryKind.INCOME else "Chi"
        audit(
            actor=actor,
            action="fund_entry.add",
            obj=entry,
            unit=unit,
            summary=f"{label} {money_text(amount)} quỹ thi đua, khen thưởng của {unit.name}: {description}",
            data={"kind": kind, "amount": amount, "date": date.isoformat(), "voucher_number": voucher},
        )
    return entry
