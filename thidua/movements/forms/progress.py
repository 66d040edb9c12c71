"""Forms of the progress screens: a unit's report on one target; the filters of the progress page."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from thidua.core.forms import VietDecimalField

from ..selectors.progress import STATUS_LABELS
from ..services.progress import EVIDENCE_MAX_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgressReportForm(forms.Form):
    value = VietDecimalField(
        label="Giá trị đạt được",
        max_digits=18,
        decimal_places=2,
        localize=True,
        help_text="Giá trị lũy kế đạt được tính đến ngày số liệu; số thập phân dùng dấu phẩy (vd. 12,5).",
        error_messages={
            "required": "Cần nhập giá trị đạt được.",
            "invalid": "Giá trị đạt được phải là một số (vd. 1.250 hoặc 12,5).",
            "max_decimal_places": "Giá trị đạt được chỉ có tối đa 2 chữ số thập phân.",
            "max_digits": "Giá trị đạt được quá lớn.",
            "max_whole_digits": "Giá trị đạt được quá lớn.",
        },
    )
    date = forms.DateField(
        label="Ngày số liệu",
        widget=DATE,
        error_messages={"required": "Cần nhập ngày số liệu.", "invalid": "Ngày số liệu không hợp lệ."},
    )
    note = forms.CharField(
        label="Ghi chú (cách tính, nguồn số liệu)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.FileField(
        label=f"Minh chứng (PDF, JPEG, PNG, DOCX, XLSX; tối đa {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)


STATUS_CHOICES = [("", "Tất cả"), ("late", "Cần chú ý (chậm, chưa báo cáo, chưa gửi kế hoạch)")] + list(
    STATUS_LABELS.items()
)


class ProgressFilterForm(forms.Form):
    target = forms.TypedChoiceField(label="Chỉ tiêu", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Tình trạng", choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label="Đơn vị", required=False, max_length=100)
    as_of = forms.DateField(
        label="Tính đến ngày",
        widget=DATE,
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ."},
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Tất cả chỉ tiêu")] + [(t.pk, t.name) for t in targets]

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError("Không chọn ngày sau hôm nay.")
        return as_of
