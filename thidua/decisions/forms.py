"""Forms of the decision screens: the list's filters, a decision's heading, the Excel upload and the
rows typed by hand (turned into the same rows as a spreadsheet's, so one check serves both)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from thidua.catalog.models import AwardType
from thidua.core.subjects import SubjectKind
from thidua.nominations.models import Basis
from thidua.org.models import Unit

from .services import KIND_TEXT, EntryRow

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_label(unit: Unit) -> str:
    label = "— " * max(unit.depth, 0) + unit.name
    return f"{label} (đến {unit.valid_to:%d/%m/%Y})" if unit.valid_to else label


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label="Tên người, tập thể được khen", required=False, max_length=100)
    number = forms.CharField(label="Số quyết định", required=False, max_length=60)
    year = forms.IntegerField(label="Năm ban hành", required=False, min_value=1945, max_value=2100)
    issuer = UnitChoiceField(
        label="Cơ quan ban hành", queryset=Unit.objects.none(), required=False, empty_label="Tất cả"
    )
    back_entered = forms.ChoiceField(
        label="Nguồn",
        required=False,
        choices=[("", "Tất cả"), ("1", "Nhập lại từ hồ sơ giấy"), ("0", "Ban hành trên hệ thống")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Unit.objects.filter(decisions__isnull=False).distinct().order_by("path")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        back = data.get("back_entered")
        return {
            "q": data.get("q") or "",
            "number": data.get("number") or "",
            "year": data.get("year"),
            "issuer": data.get("issuer"),
            "back_entered": None if back in (None, "") else back == "1",
        }


class HeadingForm(forms.Form):
    issuer = UnitChoiceField(label="Cơ quan ban hành", queryset=Unit.objects.none(), empty_label="— chọn —")
    number = forms.CharField(label="Số, ký hiệu", max_length=60, help_text="Ví dụ: 1234/QĐ-UBND")
    date = forms.DateField(label="Ngày ban hành", widget=DATE)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    summary = forms.CharField(label="Trích yếu", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Old decisions may come from units dissolved or merged since: every unit is offered.
        self.fields["issuer"].queryset = Unit.objects.order_by("path")
        for name in ("issuer", "number", "date"):
            self.fields[name].error_messages["required"] = f"Vui lòng nhập {self.fields[name].label.lower()}."

    def heading(self) -> dict:
        return {
            k: self.cleaned_data.get(k) for k in ("issuer", "number", "date", "signer_name", "signer_title", "summary")
        }


class UploadForm(HeadingForm):
    file = forms.FileField(label="Tệp danh sách (.xlsx)")


class RowForm(forms.Form):
    kind = forms.ChoiceField(label="Loại đối tượng", choices=[(k, KIND_TEXT[k]) for k in SubjectKind.values])
    ident = forms.CharField(label="Số CCCD / mã đơn vị / mã hộ", max_length=40, required=False)
    name = forms.CharField(label="Họ tên / tên đơn vị", max_length=255, required=False)
    award_type = forms.ModelChoiceField(
        label="Hình thức", queryset=AwardType.objects.none(), required=False, empty_label="— chọn —"
    )
    year = forms.IntegerField(label="Năm thành tích", required=False, min_value=1945, max_value=2100)
    basis = forms.ChoiceField(label="Loại hình", choices=Basis.choices, initial=Basis.CONG_TRANG)
    amount = forms.IntegerField(label="Số tiền (đồng)", required=False, min_value=0, help_text="Để trống: tự tính")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("sort_order", "code")

    def entry(self, row: int) -> EntryRow | None:
        """The row as typed (None for a row left empty)."""
        data = self.cleaned_data
        if not (data.get("ident") or data.get("name") or data.get("award_type") or data.get("year")):
            return None
        return EntryRow(
            row=row,
            kind_text=KIND_TEXT[data["kind"]],
            ident=data.get("ident") or "",
            name=data.get("name") or "",
            award_text=data["award_type"].code if data.get("award_type") else "",
            year_text=str(data["year"]) if data.get("year") else "",
            basis_text=data.get("basis") or "",
            amount_text="" if data.get("amount") is None else str(data["amount"]),
        )


RowFormSet = formset_factory(RowForm, extra=5, max_num=100, validate_max=True)
