"""Forms of the cluster structure screens (input parsing only; the rules live in the services)."""

from __future__ import annotations

from django import forms

from thidua.org.models import ClusterKind, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
VERSION_MISSING = (
    "Biểu mẫu thiếu thông tin phiên bản nên không lưu được (chưa có gì thay đổi). Hãy tải lại trang rồi thực hiện lại."
)


def version_field(field_class=forms.CharField, **kwargs):
    """The hidden optimistic-lock field every edit form carries: required, so a post without it is
    refused instead of skipping the concurrent-edit check."""
    messages = {"required": VERSION_MISSING, "invalid": VERSION_MISSING, "min_value": VERSION_MISSING}
    return field_class(widget=forms.HiddenInput, required=True, error_messages=messages, **kwargs)


class VersionedForm(forms.Form):
    """A form with a hidden `version`: its errors are shown above the form (a hidden field has no place
    of its own). `creating=True` drops the field where the form makes a new row (nothing to compare)."""

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields.pop("version", None)

    def clean(self):
        data = super().clean()
        errors = self._errors.pop("version", None) if self._errors else None
        if errors:
            self.add_error(None, list(errors))
        return data


class ClusterFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên cụm, khối hoặc đơn vị thành viên", required=False, max_length=100)
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None, choices=[])
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Cụm và khối")] + ClusterKind.choices)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years] + [("", "Mọi năm")]

    def filters(self, default_year: int) -> dict | None:
        """The filters (the current year unless another year, or every year, is asked); None: bad input."""
        if not self.is_bound:
            return {"year": default_year}
        if not self.is_valid():
            return None
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "year" not in self.data:
            data["year"] = default_year
        return data


class ClusterForm(VersionedForm):
    """The cluster's own fields; on creation also the members, the head and the deputy."""

    name = forms.CharField(label="Tên cụm, khối thi đua", max_length=255)
    kind = forms.ChoiceField(label="Loại", choices=ClusterKind.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    decision_number = forms.CharField(
        label="Số quyết định phân chia cụm, khối (vd. 12/QĐ-UBND)", max_length=80, required=False
    )
    decision_date = forms.DateField(label="Ngày quyết định", widget=DATE, required=False, input_formats=DATE_FORMATS)
    version = version_field()


class MembersForm(VersionedForm):
    """Members, head and deputy. Every unit is accepted here (ids only): the service refuses inactive
    units with a message naming them."""

    members = forms.ModelMultipleChoiceField(
        label="Đơn vị thành viên", queryset=Unit.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    head = forms.ModelChoiceField(label="Cụm trưởng, khối trưởng", queryset=Unit.objects.all(), required=False)
    deputy = forms.ModelChoiceField(label="Cụm phó, khối phó", queryset=Unit.objects.all(), required=False)
    q = forms.CharField(label="Tìm đơn vị để thêm (tên hoặc mã, có dấu hay không dấu)", required=False, max_length=100)
    version = version_field()

    def selected_ids(self) -> list[str]:
        """The member ids as posted (to redraw the choices, valid or not)."""
        return [v for v in self.data.getlist("members") if str(v).isdigit()] if self.is_bound else []


class CarryOverForm(forms.Form):
    from_year = forms.IntegerField(label="Chuyển các cụm, khối của năm", min_value=2000, max_value=2100)
    to_year = forms.IntegerField(label="Sang năm", min_value=2000, max_value=2100)
    rotate = forms.BooleanField(
        label="Luân phiên: cụm phó (khối phó) năm trước làm cụm trưởng (khối trưởng), đơn vị kế tiếp làm cụm phó",
        required=False,
        initial=True,
    )
    decision_number = forms.CharField(
        label="Số quyết định phân chia cụm, khối năm mới (nếu đã có)", max_length=80, required=False
    )
    decision_date = forms.DateField(label="Ngày quyết định", widget=DATE, required=False, input_formats=DATE_FORMATS)

    def clean(self):
        data = super().clean()
        start, end = data.get("from_year"), data.get("to_year")
        if start and end and end <= start:
            self.add_error("to_year", f"Năm chuyển đến phải sau năm {start}.")
        return data
