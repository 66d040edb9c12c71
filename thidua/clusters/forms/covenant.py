"""Forms of the covenant screens (input parsing only; the rules live in the services).

Every form carries the `version` it was shown with, required: 0 stands for "the covenant (or the
unit's commitment) did not exist yet", so a row created by somebody else meanwhile is not
overwritten either."""

from __future__ import annotations

from django import forms

from thidua.core.forms import VietDecimalField

from .structure import DATE, DATE_FORMATS, VersionedForm, version_field


class CovenantForm(VersionedForm):
    title = forms.CharField(label="Tên giao ước", max_length=300)
    place = forms.CharField(label="Địa điểm ký kết", max_length=150, required=False)
    signing_date = forms.DateField(label="Ngày ký kết", widget=DATE, required=False, input_formats=DATE_FORMATS)
    content = forms.CharField(
        label="Nội dung giao ước chung (mỗi đoạn một dòng)", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    version = version_field(forms.IntegerField, min_value=0)


class MovementChoiceForm(VersionedForm):
    movement = forms.ModelChoiceField(label="Phong trào thi đua", queryset=None, empty_label="— chọn phong trào —")
    version = version_field(forms.IntegerField, min_value=0)

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = movements
        self.fields["movement"].label_from_instance = lambda m: f"{m.name} ({m.n_targets} chỉ tiêu)"


class TargetForm(VersionedForm):
    name = forms.CharField(label="Chỉ tiêu", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="Đơn vị tính (vd. %, công trình, hộ)", max_length=60, required=False)
    target_value = VietDecimalField(
        label="Giá trị chỉ tiêu (vd. 95 hoặc 1.250,5)", max_digits=18, decimal_places=2, required=False
    )
    version = version_field(forms.IntegerField, min_value=0)


class CommitmentForm(VersionedForm):
    text = forms.CharField(
        label="Nội dung cam kết của đơn vị (mỗi cam kết một dòng)", widget=forms.Textarea(attrs={"rows": 10})
    )
    version = version_field(forms.IntegerField, min_value=0)


class SignCommitmentForm(VersionedForm):
    signer_name = forms.CharField(label="Họ và tên người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ (vd. Chủ tịch UBND xã)", max_length=150)
    version = version_field(forms.IntegerField, min_value=0)


class VersionForm(VersionedForm):
    version = version_field(forms.IntegerField, min_value=0)
