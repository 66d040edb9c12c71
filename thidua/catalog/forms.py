"""Forms of the catalogue screens: the list filter and the administrators' edit forms."""

from decimal import Decimal

from django import forms

from .models import AwardType, Category, Confidence, DecidingLevel
from .services import AWARD_TYPE_FIELDS
from .values import CHOICE_LABELS, choice_list

REASON_HELP = "Ghi rõ văn bản hoặc lý do (ví dụ: “Theo Nghị định … ngày …”). Lý do được lưu trong lịch sử thay đổi."


def _with_blank(choices, label="Tất cả"):
    return [("", label), *choices]


class AwardTypeFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên", required=False)
    category = forms.ChoiceField(label="Nhóm", required=False, choices=_with_blank(Category.choices))
    subject = forms.ChoiceField(
        label="Đối tượng",
        required=False,
        choices=_with_blank([("person", "Cá nhân"), ("unit", "Tập thể"), ("household", "Hộ gia đình")]),
    )
    deciding_level = forms.ChoiceField(
        label="Cấp quyết định", required=False, choices=_with_blank(DecidingLevel.choices)
    )
    confidence = forms.ChoiceField(label="Độ tin cậy", required=False, choices=_with_blank(Confidence.choices))


class CommaDecimalField(forms.DecimalField):
    """Accepts the Vietnamese decimal comma: "1,5" = 1.5 (no thousands grouping for coefficients)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", ",")
        return value


def _coefficient_field(label):
    return CommaDecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        help_text="Bội số của mức lương cơ sở; để trống nếu văn bản không quy định.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class AwardTypeForm(forms.ModelForm):
    coefficient_individual = _coefficient_field("Hệ số cá nhân")
    coefficient_collective = _coefficient_field("Hệ số tập thể")
    reason = forms.CharField(label="Lý do thay đổi", max_length=500, help_text=REASON_HELP)

    class Meta:
        model = AwardType
        fields = AWARD_TYPE_FIELDS
        widgets = {"criteria": forms.Textarea(attrs={"rows": 6}), "citation": forms.TextInput()}

    def _post_clean(self):
        # Model validation runs in the service (inside its transaction), not in the form:
        # the form only converts what was typed; the instance must stay untouched until then.
        pass


class RuleParameterForm(forms.Form):
    value = forms.CharField(label="Giá trị", max_length=255)
    reason = forms.CharField(label="Lý do thay đổi", max_length=500, help_text=REASON_HELP)

    def __init__(self, *args, parameter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = _value_help(parameter)
        if parameter.value_type == "CHOICE":
            options = choice_list(parameter.choices)
            self.fields["value"] = forms.ChoiceField(
                label="Giá trị", choices=[(c, CHOICE_LABELS.get(c, c)) for c in options]
            )
        elif parameter.value_type == "BOOLEAN":
            self.fields["value"] = forms.ChoiceField(label="Giá trị", choices=[("true", "Có"), ("false", "Không")])
        # Decimals shown with the Vietnamese comma, code lists with spaces; choices keep their code.
        shown = parameter.value_display if parameter.value_type in ("DECIMAL", "TEXT") else parameter.value
        self.initial.setdefault("value", shown)


def _value_help(parameter) -> str:
    from .values import is_fraction

    if parameter.value_type == "DECIMAL":
        return "Số thập phân từ 0 đến 1, ví dụ 0,15." if is_fraction(parameter.key) else "Số thập phân, ví dụ 1,5."
    if parameter.value_type == "INTEGER":
        return "Số nguyên không âm."
    if parameter.value_type == "TEXT" and parameter.key.endswith("_award_codes"):
        return "Các mã hình thức, danh hiệu trong danh mục, phân cách bằng dấu phẩy."
    return ""


class BaseSalaryForm(forms.Form):
    valid_from = forms.DateField(
        label="Áp dụng từ ngày",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    amount = forms.IntegerField(label="Mức lương cơ sở (đồng/tháng)", min_value=1)
    source = forms.CharField(
        label="Văn bản căn cứ", max_length=255, help_text="Ví dụ: Nghị định 161/2026/NĐ-CP, khoản 2 Điều 3"
    )
    confidence = forms.ChoiceField(label="Độ tin cậy", choices=Confidence.choices, initial=Confidence.VERIFIED)
    reason = forms.CharField(label="Ghi chú", max_length=500, required=False)
