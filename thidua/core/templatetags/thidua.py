"""Vietnamese display helpers shared by every template."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.http import urlencode

register = template.Library()


def _group(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@register.filter
def vnd(value):
    """2530000 → '2.530.000 đ'. A value that is not a finite number is shown as it is (never an error)."""
    if value in (None, ""):
        return "—"
    try:
        amount = int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))  # exact, whatever its size
    except (ArithmeticError, TypeError, ValueError):
        return value
    return f"{_group(amount)} đ"


@register.filter
def num(value):
    """Integer with Vietnamese thousands separators: 30000 → '30.000'. A value that is not a finite
    number is shown as it is (never an error)."""
    if value in (None, ""):
        return "—"
    try:
        return _group(int(value))
    except (ArithmeticError, TypeError, ValueError):
        return value


@register.filter
def dec(value):
    """A measured value, Vietnamese style, without trailing zeros: 2.50 → '2,5'; 1234.5 → '1.234,5'."""
    if value in (None, ""):
        return "—"
    number = Decimal(str(value)).normalize()
    whole, _, frac = format(abs(number), "f").partition(".")
    text = _group(int(whole)) + ("," + frac if frac else "")
    return "-" + text if number < 0 else text


@register.filter
def vdate(value):
    return value.strftime("%d/%m/%Y") if value else "—"


@register.simple_tag(takes_context=True)
def query(context, **kwargs):
    """The current query string with some keys replaced (for pagination and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)
