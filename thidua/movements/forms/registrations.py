"""Forms of the registration screens: parse input only (the rules live in the services)."""

from django import forms
from django.utils import timezone

from thidua.eligibility.facts import PERSON, UNIT
from thidua.org.models import UnitKind

from ..selectors.registrations import (
    NOT_REGISTERING_KINDS,
    STATUS_CHOICES,
    open_movements,
    registration_movements,
    units_for_registration,
)
from ..services.registrations import registrable_award_types, year_bounds

KIND_CHOICES = [(PERSON, "Cá nhân"), (UNIT, "Tập thể")]


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth."""

    def label_from_instance(self, obj):
        return "\u00a0\u00a0" * max(obj.depth - 1, 0) + obj.name


class MovementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        period = ""
        if obj.period_start or obj.period_end:
            start = obj.period_start.strftime("%m/%Y") if obj.period_start else "…"
            end = obj.period_end.strftime("%m/%Y") if obj.period_end else "…"
            period = f" ({start} – {end})"
        return f"{obj.name}{period}"


def _year_field(label="Năm đăng ký", required=True):
    first, last = year_bounds()
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=first,
        max_value=last,
        error_messages={
            "required": "Vui lòng nhập năm.",
            "invalid": "Năm phải là một số.",
            "min_value": f"Năm phải từ {first} đến {last}.",
            "max_value": f"Năm phải từ {first} đến {last}.",
        },
    )


class RegistrationOpenForm(forms.Form):
    """Which registration to open: the unit, the year, and optionally a movement."""

    don_vi = UnitChoiceField(
        label="Đơn vị đăng ký",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn."},
    )
    nam = _year_field()
    phong_trao = MovementChoiceField(
        label="Phong trào thi đua",
        queryset=None,
        required=False,
        empty_label="— Đăng ký thi đua hằng năm —",
        error_messages={"invalid_choice": "Phong trào không có hoặc chưa mở đăng ký."},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = units_for_registration(actor=actor)
        self.fields["phong_trao"].queryset = open_movements(actor=actor)
        self.fields["nam"].initial = timezone.localdate().year


class LineAddForm(forms.Form):
    """One line: the kind of subject, the subject picked from the search, the title, a note."""

    doi_tuong = forms.ChoiceField(label="Đối tượng", choices=KIND_CHOICES, initial=PERSON, widget=forms.RadioSelect)
    chon = forms.IntegerField(
        label="Cá nhân, tập thể",
        error_messages={"required": "Hãy tìm và chọn một cá nhân hoặc tập thể.", "invalid": "Lựa chọn không hợp lệ."},
    )
    danh_hieu = forms.ModelChoiceField(
        label="Danh hiệu, hình thức đăng ký",
        queryset=None,
        to_field_name="code",
        empty_label="— Chọn danh hiệu —",
        error_messages={
            "required": "Vui lòng chọn danh hiệu đăng ký.",
            "invalid_choice": "Danh hiệu này không được đăng ký thi đua.",
        },
    )
    ghi_chu = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=255,
        error_messages={"max_length": "Ghi chú dài quá 255 ký tự."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["danh_hieu"].queryset = registrable_award_types()

    def award_groups(self):
        """(group label, [(code, name)]) for an <optgroup> per kind of subject."""
        awards = list(self.fields["danh_hieu"].queryset)
        return [
            ("Cá nhân", [(a.code, a.name) for a in awards if a.for_person]),
            ("Tập thể", [(a.code, a.name) for a in awards if a.for_unit]),
        ]


class SearchForm(forms.Form):
    doi_tuong = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    q = forms.CharField(required=False, max_length=100)

    @property
    def kind(self) -> str:
        return (self.cleaned_data.get("doi_tuong") if self.is_valid() else None) or PERSON

    @property
    def text(self) -> str:
        return (self.cleaned_data.get("q") if self.is_valid() else "") or ""


class ImportUploadForm(forms.Form):
    tep = forms.FileField(
        label="Tệp Excel (.xlsx)",
        error_messages={"required": "Vui lòng chọn tệp Excel.", "empty": "Tệp rỗng."},
    )
    thay_the = forms.BooleanField(
        label="Thay thế toàn bộ danh sách đang có bằng nội dung tệp (mặc định: thêm vào danh sách)",
        required=False,
    )


class ReopenForm(forms.Form):
    ly_do = forms.CharField(
        label="Lý do mở lại",
        max_length=300,
        error_messages={"required": "Vui lòng ghi lý do mở lại.", "max_length": "Lý do dài quá 300 ký tự."},
    )


class OverviewForm(forms.Form):
    nam = _year_field("Năm", required=False)
    phong_trao = MovementChoiceField(
        label="Phong trào",
        queryset=None,
        required=False,
        empty_label="— Đăng ký hằng năm —",
        error_messages={"invalid_choice": "Phong trào không có."},
    )
    loai = forms.ChoiceField(label="Loại đơn vị", required=False)
    q = forms.CharField(label="Tìm đơn vị", required=False, max_length=100)
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "— Tất cả —"), *STATUS_CHOICES])

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phong_trao"].queryset = registration_movements(actor=actor)
        kinds = [(k, label) for k, label in UnitKind.choices if k not in NOT_REGISTERING_KINDS]
        self.fields["loai"].choices = [("", "— Tất cả —"), *kinds]

    def values(self) -> dict:
        """Year, movement and filters; the current year when none is given or the input is wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "year": data.get("nam") or timezone.localdate().year,
            "movement": data.get("phong_trao"),
            "filters": {"kind": data.get("loai"), "q": data.get("q"), "status": data.get("trang_thai")},
        }
