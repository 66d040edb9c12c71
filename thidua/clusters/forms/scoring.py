"""Forms of the scoring screens (input parsing only; the rules live in services/scoring.py)."""

from __future__ import annotations

from django import forms

from thidua.core.forms import VietDecimalField

from .tables import VersionedForm, version_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _points(label: str, required: bool = False) -> VietDecimalField:
    return VietDecimalField(
        label=label,
        required=required,
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
        error_messages={
            "invalid": "Nhập điểm là một số, ví dụ 25 hoặc 12,5.",
            "max_decimal_places": "Điểm ghi tối đa hai chữ số thập phân.",
            "max_digits": "Điểm không hợp lệ.",
            "max_whole_digits": "Điểm không hợp lệ.",
            "required": "Vui lòng nhập điểm.",
        },
    )


class GroupChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, show_table=False, **kwargs):
        self.show_table = show_table
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        label = f"{obj.code}. {obj.name}"
        return f"{obj.table.name} — {label}" if self.show_table else label


class RoundOpenForm(forms.Form):
    table = forms.ModelChoiceField(
        label="Bảng chấm điểm", queryset=None, empty_label="— Chọn bảng chấm điểm mẫu của tỉnh —", required=False
    )
    deadline = forms.DateField(label="Hạn chấm điểm (khóa điểm sau ngày này)", widget=DATE, input_formats=DATE_FORMATS)
    tie_group = GroupChoiceField(
        label="Bằng điểm: so điểm nhóm tiêu chí", queryset=None, required=False, empty_label="— Không so nhóm —"
    )
    tie_vote = forms.BooleanField(
        label="Vẫn bằng điểm: bỏ phiếu kín giữa các đơn vị thành viên", required=False, initial=True
    )

    def __init__(self, *args, tables, groups, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables
        if own is not None:
            self.fields["table"].initial = own.pk
            self.fields["table"].empty_label = None
        self.fields["tie_group"].queryset = groups
        self.fields["tie_group"].show_table = own is None and tables.count() > 1


class RoundUpdateForm(VersionedForm):
    deadline = forms.DateField(label="Hạn chấm điểm (khóa điểm sau ngày này)", widget=DATE, input_formats=DATE_FORMATS)
    tie_group = GroupChoiceField(
        label="Bằng điểm: so điểm nhóm tiêu chí", queryset=None, required=False, empty_label="— Không so nhóm —"
    )
    tie_vote = forms.BooleanField(label="Vẫn bằng điểm: bỏ phiếu kín giữa các đơn vị thành viên", required=False)
    version = version_field()

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_group"].queryset = groups


class VersionForm(VersionedForm):
    version = version_field()


class ReopenForm(forms.Form):
    new_deadline = forms.DateField(label="Hạn chấm điểm mới", widget=DATE, input_formats=DATE_FORMATS)
    reason = forms.CharField(
        label="Lý do mở lại (ghi vào nhật ký)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi lý do mở lại điểm."},
    )


class ScoreForm(VersionedForm):
    self_points = _points("Điểm tự chấm")
    note = forms.CharField(label="Giải trình", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = version_field()


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Tệp minh chứng (PDF, ảnh JPEG/PNG, Word .docx, Excel .xlsx; tối đa 10 MB)",
        error_messages={"required": "Vui lòng chọn tệp minh chứng cần tải lên."},
    )


class RemarkForm(forms.Form):
    text = forms.CharField(
        label="Ý kiến kiểm tra chéo",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi nội dung ý kiến."},
    )
    proposed_points = _points("Điểm đề xuất (nếu có)")


class AdjustForm(VersionedForm):
    points = _points("Điểm sau điều chỉnh", required=True)
    reason = forms.CharField(
        label="Lý do điều chỉnh",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi lý do điều chỉnh điểm."},
    )
    resolve_remarks = forms.BooleanField(
        label="Đánh dấu các ý kiến đang chờ của tiêu chí này là đã xử lý", required=False
    )
    version = version_field()


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Lý do không chấp nhận ý kiến",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi lý do không chấp nhận ý kiến."},
    )
