"""Writes to the catalogue: award types, rule parameters, the base salary schedule.

Only administrators may change the catalogue (permission `catalog.edit`): these values decide
eligibility and money for the whole province. Every change is one transaction that locks the
row, validates, saves with a history record whose change reason is the reason the administrator
typed, and writes an AuditEvent. On any error nothing changes.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.core.audit import audit

from . import values
from .models import AwardType, BaseSalary, Confidence, ParameterType, RuleParameter

# Fields an administrator may edit; the code is fixed because the rule engine and imports use it.
AWARD_TYPE_FIELDS = [
    "name",
    "category",
    "for_person",
    "for_unit",
    "for_household",
    "deciding_level",
    "is_state_level",
    "coefficient_individual",
    "coefficient_collective",
    "coefficient_is_maximum",
    "coefficient_confidence",
    "criteria",
    "citation",
    "confidence",
    "annual",
    "active",
    "sort_order",
]


def _require_edit(actor):
    if not actor.has_perm("catalog.edit"):
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa danh mục khen thưởng.")


def _require_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Vui lòng nhập lý do thay đổi."})
    return reason


def _save_with_history(obj, *, actor, reason):
    obj._change_reason = reason
    obj._history_user = actor
    obj.full_clean()
    obj.save()


def _raise_as_dict(exc: ValidationError, field: str):
    raise ValidationError({field: exc.messages}) from None


# --- Award types ----------------------------------------------------------------------------------


def _clean_award_type(award_type: AwardType):
    errors = {}
    if not (award_type.for_person or award_type.for_unit or award_type.for_household):
        errors["for_person"] = "Phải chọn ít nhất một đối tượng: cá nhân, tập thể hoặc hộ gia đình."
    for field in ("coefficient_individual", "coefficient_collective"):
        value = getattr(award_type, field)
        if value is not None and Decimal(value) < 0:
            errors[field] = "Hệ số không được âm."
    if award_type.coefficient_individual is not None and not award_type.for_person and not award_type.for_household:
        errors["coefficient_individual"] = "Chỉ nhập hệ số cá nhân khi hình thức dùng cho cá nhân hoặc hộ gia đình."
    if award_type.coefficient_collective is not None and not award_type.for_unit:
        errors["coefficient_collective"] = "Chỉ nhập hệ số tập thể khi hình thức dùng cho tập thể."
    if not (award_type.citation or "").strip():
        errors["citation"] = "Vui lòng nhập căn cứ pháp lý."
    if errors:
        raise ValidationError(errors)


def award_type_update(*, actor, award_type: AwardType, data: dict, reason: str = "") -> AwardType:
    """Edit an award type's name, subjects, authority, coefficients, criteria and citation.

    `reason` (or data["reason"]) is required and becomes the history's change reason.
    """
    _require_edit(actor)
    reason = _require_reason(reason or data.get("reason"))
    with transaction.atomic():
        award_type = AwardType.objects.select_for_update().get(pk=award_type.pk)
        before = {f: getattr(award_type, f) for f in AWARD_TYPE_FIELDS}
        for field in AWARD_TYPE_FIELDS:
            if field in data:
                setattr(award_type, field, data[field])
        _clean_award_type(award_type)
        changed = {
            f: [str(before[f]), str(getattr(award_type, f))]
            for f in AWARD_TYPE_FIELDS
            if before[f] != getattr(award_type, f)
        }
        _save_with_history(award_type, actor=actor, reason=reason)
        audit(
            actor=actor,
            action="catalog.award_type.update",
            obj=award_type,
            summary=f"Sửa hình thức, danh hiệu “{award_type.name}” ({award_type.code}): {reason}",
            data={"code": award_type.code, "changes": changed, "reason": reason},
        )
    return award_type


# --- Rule parameters ----------------------------------------------------------------------------


def _check_award_codes(text: str) -> str:
    codes = [c.strip() for c in text.split(",") if c.strip()]
    known = set(AwardType.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError("Mã không có trong danh mục: %(codes)s.", params={"codes": ", ".join(unknown)})
    return ",".join(codes)


def rule_parameter_update(*, actor, parameter: RuleParameter, value, reason: str) -> RuleParameter:
    """Change one parameter's value, checked against its type (quotas and shares lie in [0, 1])."""
    _require_edit(actor)
    reason = _require_reason(reason)
    with transaction.atomic():
        parameter = (
            RuleParameter.objects.select_for_update(of=("self",)).select_related("rule_set").get(pk=parameter.pk)
        )
        try:
            new_value = values.normalise(
                key=parameter.key, value_type=parameter.value_type, raw=value, choices=parameter.choices
            )
            if parameter.value_type == ParameterType.TEXT and parameter.key.endswith("_award_codes"):
                new_value = _check_award_codes(new_value)
        except ValidationError as exc:
            _raise_as_dict(exc, "value")
        old_value = parameter.value
        parameter.value = new_value
        _save_with_history(parameter, actor=actor, reason=reason)
        audit(
            actor=actor,
            action="catalog.rule_parameter.update",
            obj=parameter,
            summary=(
                f"Sửa tham số “{parameter.label}” của bộ quy tắc {parameter.rule_set.code}: "
                f"{old_value} → {new_value}. Lý do: {reason}"
            ),
            data={"rule_set": parameter.rule_set.code, "key": parameter.key, "old": old_value, "new": new_value},
        )
    return parameter


# --- Base salary --------------------------------------------------------------------------------


def base_salary_create(
    *, actor, valid_from: dt.date, amount: int, source: str, confidence: str = Confidence.VERIFIED, reason: str = ""
) -> BaseSalary:
    """Add a row to the base salary schedule (applies from `valid_from` until the next row).

    Money uses the row in force on the decision date (law.md §6.1, M1), so a row is never
    overwritten: a correction is a new row or an administrator's edit with history.
    """
    _require_edit(actor)
    errors = {}
    if not isinstance(valid_from, dt.date):
        errors["valid_from"] = "Vui lòng nhập ngày áp dụng hợp lệ (dd/mm/yyyy)."
    try:
        amount = int(amount)
        if amount <= 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["amount"] = "Mức lương cơ sở phải là số nguyên dương (đồng/tháng)."
    if not (source or "").strip():
        errors["source"] = "Vui lòng nhập văn bản căn cứ."
    if confidence not in Confidence.values:
        errors["confidence"] = "Độ tin cậy không hợp lệ."
    if errors:
        raise ValidationError(errors)
    reason = (reason or "").strip() or f"Thêm mức lương cơ sở theo {source.strip()}"
    with transaction.atomic():
        # Lock the schedule so two administrators cannot add the same date at once.
        list(BaseSalary.objects.select_for_update().values_list("pk", flat=True))
        if BaseSalary.objects.filter(valid_from=valid_from).exists():
            raise ValidationError({"valid_from": f"Đã có mức lương cơ sở áp dụng từ ngày {valid_from:%d/%m/%Y}."})
        row = BaseSalary(valid_from=valid_from, amount=amount, source=source.strip(), confidence=confidence)
        _save_with_history(row, actor=actor, reason=reason)
        audit(
            actor=actor,
            action="catalog.base_salary.create",
            obj=row,
            summary=f"Thêm mức lương cơ sở {amount:,} đồng từ {valid_from:%d/%m/%Y} ({row.source})".replace(",", "."),
            data={"valid_from": valid_from.isoformat(), "amount": amount, "source": row.source},
        )
    return row
