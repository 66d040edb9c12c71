"""Forms of the scoring-table screens (input parsing only; the rules live in services/tables.py)."""

from __future__ import annotations

from django import forms

from thidua.core.forms import VietDecimalField

from ..models import CriterionKind, TableState

POINT_ERRORS = {
    "required": "Nhập điểm tối đa.",
    "invalid": "Điểm tối đa phải là một số (vd. 10 hoặc 2,5).",
    "max_decimal_places": "Điểm tối đa có nhiều nhất hai chữ số thập phân.",
    "max_digits": "Điểm tối đa quá lớn.",
    "max_whole_digits": "Điểm tối đa quá lớn.",
}


MISSING_VERSION = (
    "Biểu mẫu thiếu thông tin phiên bản nên không lưu được (chưa có gì thay đổi). Hãy tải lại trang rồi thực hiện lại."
)


def version_field():
    """The hidden version of the row the form was built on (for a table's forms, the whole table's):
    required, so a post without it is refused instead of skipping the concurrent-edit check."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=True,
        min_value=1,
        error_messages={"required": MISSING_VERSION, "invalid": MISSING_VERSION, "min_value": MISSING_VERSION},
    )


class VersionedForm(forms.Form):
    """A form carrying a version in a hidden field; its error shows above the form (a hidden field has
    no place of its own)."""

    def clean(self):
        cleaned = super().clean()
        errors = self._errors.pop("version", None) if self._errors else None
        if errors:
            self.add_error(None, list(errors))
        return cleaned


class VersionForm(VersionedForm):
    """A confirmation page's form (delete a group or criterion, apply a template): the version only."""

    version = version_field()


def _points_field():
    return VietDecimalField(
        label="Điểm tối đa", max_digits=7, decimal_places=2, localize=True, error_messages=POINT_ERRORS
    )


class TemplateFilterForm(forms.Form):
    q = forms.CharField(label="Tên bảng", required=False)
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None, choices=[])
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + TableState.choices)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Tất cả")] + [(y, str(y)) for y in years]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class TableForm(VersionedForm):
    """A new template, a table's name and guidance, or the new version made by copying a template."""

    year = forms.IntegerField(label="Năm áp dụng", min_value=2000, max_value=2100)
    name = forms.CharField(label="Tên bảng chấm điểm", max_length=300)
    note = forms.CharField(label="Hướng dẫn chung", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    version = version_field()

    def __init__(self, *args, with_year=True, with_version=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_year:
            del self.fields["year"]
        if not with_version:
            del self.fields["version"]


class GroupForm(VersionedForm):
    code = forms.CharField(label="Số thứ tự (I, II, …)", max_length=10)
    name = forms.CharField(label="Tên nhóm tiêu chí", max_length=500)
    max_points = _points_field()
    order = forms.IntegerField(label="Thứ tự hiển thị", min_value=0, max_value=32767, required=False, initial=0)
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_points"].help_text = (
            "Tổng điểm tối đa các tiêu chí chấm điểm của nhóm không vượt số này (điểm thưởng, điểm trừ không tính). "
            "Nhóm chỉ có điểm thưởng, điểm trừ: để 0."
        )


class CriterionForm(VersionedForm):
    group = forms.ModelChoiceField(label="Nhóm tiêu chí", queryset=None, empty_label=None)
    code = forms.CharField(label="Số thứ tự (1.1, 1.2, …)", max_length=12)
    name = forms.CharField(label="Nội dung tiêu chí", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(
        label="Cách chấm, tài liệu kiểm chứng", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices, initial=CriterionKind.SCORE)
    max_points = _points_field()
    evidence_required = forms.BooleanField(label="Bắt buộc có minh chứng", required=False)
    locked = forms.BooleanField(label="Khóa: cụm, khối không được sửa tiêu chí này", required=False)
    order = forms.IntegerField(label="Thứ tự hiển thị", min_value=0, max_value=32767, required=False, initial=0)
    version = version_field()

    def __init__(self, *args, table, criterion=None, **kwargs):
        """For a cluster's table, the fields the cluster may never change are shown but disabled (the
        services refuse them anyway): the lock, and for a criterion from the template its number,
        group and kind (and everything but the evidence when the province locked it)."""
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = table.groups.order_by("order", "pk")
        self.fields["group"].label_from_instance = lambda g: f"{g.code}. {g.name}"
        if table.cluster_id is None:
            return
        del self.fields["locked"]
        if criterion is None:
            self.fields["kind"].choices = [(CriterionKind.SCORE, CriterionKind.SCORE.label)]
            return
        if criterion.source_id is not None:
            fixed = ["code", "group", "kind"]
            if criterion.locked:
                fixed += ["name", "guidance", "max_points", "order"]
            for name in fixed:
                self.fields[name].disabled = True
                self.fields[name].required = False
        else:
            self.fields["kind"].choices = [(CriterionKind.SCORE, CriterionKind.SCORE.label)]

    def service_fields(self) -> dict:
        """The cleaned values to hand to the service (disabled fields fall back to their initial value)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["order"] = data.get("order") or 0
        return data


class AdaptForm(forms.Form):
    template = forms.ModelChoiceField(label="Bảng mẫu của tỉnh", queryset=None, empty_label=None)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
