from django import forms


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Nội dung", required=False)
    action = forms.CharField(label="Hành động (mã)", required=False)
    actor = forms.CharField(label="Tên đăng nhập", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
