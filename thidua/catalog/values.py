"""Typed values of rule parameters: parse the stored text, validate what an administrator types.

Values are stored as text in RuleParameter.value in one canonical form ("0.15", "10", "true",
"nearest", "CSTD_TINH,CSTD_TQ"); `parse()` turns that into Decimal / int / bool / str.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from .models import CHOICE_LABELS, ParameterType  # noqa: F401  (re-exported for forms and exports)

TRUE_WORDS = {"true", "1", "có", "co", "yes", "đúng", "bật"}
FALSE_WORDS = {"false", "0", "không", "khong", "no", "sai", "tắt"}

# Decimal parameters that are shares of a whole (quotas, vote thresholds, member shares).
_FRACTION_MARKERS = ("quota", "share", "threshold", "quorum")

_INTEGER = re.compile(r"^(\d+|\d{1,3}([. ]\d{3})+)$")


def is_fraction(key: str) -> bool:
    return any(marker in key for marker in _FRACTION_MARKERS)


def choice_list(choices: str) -> list[str]:
    return [c.strip() for c in (choices or "").split(",") if c.strip()]


def parse(value_type: str, raw: str):
    """The typed value of a stored parameter (stored values are canonical; see normalise())."""
    if value_type == ParameterType.DECIMAL:
        return Decimal(raw)
    if value_type == ParameterType.INTEGER:
        return int(raw)
    if value_type == ParameterType.BOOLEAN:
        return raw.strip().lower() in TRUE_WORDS
    return raw


def normalise(*, key: str, value_type: str, raw, choices: str = "") -> str:
    """Check what was typed against the parameter's type; return the canonical text to store.

    Raises ValidationError with a Vietnamese message; accepts a decimal comma ("0,15").
    """
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise ValidationError("Vui lòng nhập giá trị.")
    if value_type == ParameterType.DECIMAL:
        return _normalise_decimal(key, text)
    if value_type == ParameterType.INTEGER:
        # Digits, optionally grouped by thousands with dots or spaces ("10.000", "10 000").
        if not _INTEGER.match(text):
            raise ValidationError("Giá trị phải là số nguyên không âm.")
        return str(int(re.sub(r"[. ]", "", text)))
    if value_type == ParameterType.BOOLEAN:
        word = text.lower()
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
        raise ValidationError("Giá trị phải là “có” hoặc “không”.")
    if value_type == ParameterType.CHOICE:
        allowed = choice_list(choices)
        if text not in allowed:
            raise ValidationError(
                "Giá trị phải là một trong các lựa chọn: %(allowed)s.", params={"allowed": ", ".join(allowed)}
            )
        return text
    return text


def _normalise_decimal(key: str, text: str) -> str:
    fraction = is_fraction(key)
    message = "Giá trị phải là số thập phân từ 0 đến 1." if fraction else "Giá trị phải là số thập phân không âm."
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message) from None
    if not number.is_finite() or number < 0 or (fraction and number > 1):
        raise ValidationError(message)
    return format(number.normalize(), "f")
