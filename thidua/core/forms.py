import re

from django import forms

from .models import ACTION_LABELS

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


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
