import re

from django import forms
from django.core.exceptions import ValidationError

from .models import ACTION_LABELS

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def add_service_errors(form, exc: ValidationError, mapping: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: field errors beside their field (renamed by
    `mapping` where the service and the form name a field differently), the rest above the form."""
    mapping = mapping or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = mapping.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class VietDecimalField(forms.DecimalField):
    """A number typed the Vietnamese way: "1.250,5" (dot groups thousands, comma marks decimals);
    "12,5" and "12.5" are both twelve and a half; "1.250" is one thousand two hundred and fifty."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _GROUPED.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Nội dung", required=False)
    action = forms.ChoiceField(
        label="Hành động", required=False, choices=[("", "Tất cả")] + sorted(ACTION_LABELS.items(), key=lambda i: i[1])
    )
    actor = forms.CharField(label="Tên đăng nhập", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
