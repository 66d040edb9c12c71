from django import forms

from .models import ACTION_LABELS


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Nội dung", required=False)
    action = forms.ChoiceField(
        label="Hành động", required=False, choices=[("", "Tất cả")] + sorted(ACTION_LABELS.items(), key=lambda i: i[1])
    )
    actor = forms.CharField(label="Tên đăng nhập", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
