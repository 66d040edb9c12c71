"""Forms parse input (dates typed dd/mm/yyyy); services hold the rules."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe

from thidua.org.models import Unit

from .models import DisciplineLevel, EmbargoReason, EmploymentType, Grade, InitiativeScope, Sex
from .selectors import unit_choices


class VNDateField(forms.DateField):
    """A date typed as 01/07/2026 (ISO is accepted too, for browsers' date pickers)."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2026."}


def _unit_select(actor, *, empty_label):
    return [("", empty_label), *unit_choices(actor=actor)]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo họ tên hoặc số CCCD", required=False, max_length=100)
    unit = forms.TypedChoiceField(label="Đơn vị (gồm đơn vị trực thuộc)", required=False, coerce=int, empty_value=None)
    sex = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "Tất cả"), *Sex.choices])
    employment_type = forms.ChoiceField(
        label="Loại đối tượng", required=False, choices=[("", "Tất cả"), *EmploymentType.choices]
    )
    birth_year_from = forms.IntegerField(label="Năm sinh từ", required=False, min_value=1900, max_value=2100)
    birth_year_to = forms.IntegerField(label="đến", required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_select(actor, empty_label="Tất cả đơn vị")
        for name in ("unit", "sex", "employment_type"):
            self.fields[name].error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."
        self.fields["unit"].error_messages["invalid_choice"] = "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn."

    def unit_options(self):
        """The unit <option>s, built in plain Python: a province has over a thousand units."""
        selected = str(self["unit"].value() or "")
        return mark_safe(
            "".join(
                f'<option value="{pk}"{" selected" if str(pk) == selected else ""}>{escape(label)}</option>'
                for pk, label in self.fields["unit"].choices
            )
        )

    def clean(self):
        data = super().clean()
        lo, hi = data.get("birth_year_from"), data.get("birth_year_to")
        if lo and hi and lo > hi:
            self.add_error("birth_year_to", "Năm sinh đến phải không nhỏ hơn năm sinh từ.")
        return data


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    birth_date = VNDateField(label="Ngày sinh", required=False)
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    ethnicity = forms.CharField(label="Dân tộc", max_length=40, initial="Kinh", required=False)
    national_id = forms.CharField(
        label="Số CCCD",
        max_length=20,
        required=False,
        help_text="12 chữ số; để trống nếu chưa có.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    employment_type = forms.ChoiceField(label="Loại đối tượng", choices=EmploymentType.choices)
    is_direct_worker = forms.BooleanField(label="Người lao động trực tiếp (công nhân, nông dân)", required=False)
    unit = forms.TypedChoiceField(label="Đơn vị công tác", coerce=int)
    confirm_duplicate = forms.BooleanField(
        label="Tôi đã kiểm tra: đây là một người khác, vẫn thêm mới", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, actor, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The unit changes through a new employment record, so history is kept.
            del self.fields["unit"]
            del self.fields["confirm_duplicate"]
        else:
            self.fields["unit"].choices = _unit_select(actor, empty_label="— Chọn đơn vị —")
            self.fields["unit"].error_messages["invalid_choice"] = "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn."

    def clean_national_id(self):
        value = "".join(self.cleaned_data.get("national_id", "").split())
        if value and not (len(value) == 12 and value.isascii() and value.isdigit()):
            raise forms.ValidationError("Số CCCD phải gồm đúng 12 chữ số.")
        return value

    def clean_unit(self):
        return Unit.objects.filter(pk=self.cleaned_data["unit"]).first()

    def show_duplicate_confirmation(self):
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()


class RatingForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=1900, max_value=2100)
    grade = forms.ChoiceField(label="Xếp loại", choices=Grade.choices)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class InitiativeForm(forms.Form):
    title = forms.CharField(label="Tên sáng kiến, đề tài", max_length=500)
    scope = forms.ChoiceField(label="Phạm vi ảnh hưởng", choices=InitiativeScope.choices)
    recognising_body = forms.CharField(label="Cơ quan công nhận", max_length=255)
    year = forms.IntegerField(label="Năm công nhận", min_value=1900, max_value=2100)
    is_science_work = forms.BooleanField(label="Là đề tài, công trình khoa học đã nghiệm thu", required=False)


class DisciplineForm(forms.Form):
    level = forms.ChoiceField(label="Hình thức kỷ luật", choices=DisciplineLevel.choices)
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(label="Đến ngày")
    decision_number = forms.CharField(label="Số quyết định", max_length=80, required=False)
    reason = forms.CharField(label="Lý do", max_length=500, required=False)


class EmbargoForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do", choices=EmbargoReason.choices)
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(label="Đến ngày", required=False, help_text="Để trống nếu chưa kết thúc.")
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class EmbargoEndForm(forms.Form):
    end_date = VNDateField(label="Kết thúc từ ngày")
    note = forms.CharField(label="Ghi chú (kết luận xác minh)", max_length=255, required=False)


class EmploymentForm(forms.Form):
    unit = forms.TypedChoiceField(label="Đơn vị công tác", coerce=int)
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    start_date = VNDateField(label="Từ ngày")
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_select(actor, empty_label="— Chọn đơn vị —")
        self.fields["unit"].error_messages["invalid_choice"] = "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn."

    def clean_unit(self):
        return Unit.objects.filter(pk=self.cleaned_data["unit"]).first()
