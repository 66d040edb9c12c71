"""Forms of the decision screens: the list's filters, a decision's heading, the Excel upload and the
rows typed by hand (turned into the same rows as a spreadsheet's, so one check serves both)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from thidua.catalog.models import AwardType
from thidua.core.subjects import SubjectKind
from thidua.nominations.models import Basis
from thidua.org.models import Unit

from .models import DecisionState, DocKind, IssuingBody, Signer
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
    kind = forms.ChoiceField(label="Loại văn bản", required=False, choices=[("", "Tất cả"), *DocKind.choices])
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả"), *DecisionState.choices])
    search = forms.CharField(label="Trích yếu, số", required=False, max_length=100)

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
            "kind": data.get("kind") or "",
            "state": data.get("state") or "",
            "search": data.get("search") or "",
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


# --- Issuing -----------------------------------------------------------------------------------------


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class IssuingBodyForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị", queryset=Unit.objects.none(), empty_label="— chọn —")
    symbol = forms.CharField(label="Chữ viết tắt trong số, ký hiệu", max_length=30, help_text="Ví dụ: UBND, SYT")
    header_parent = forms.CharField(
        label="Tên cơ quan chủ quản (dòng trên)", max_length=255, required=False, help_text="Ví dụ: UBND TỈNH HÒA GIANG"
    )
    header_name = forms.CharField(label="Tên cơ quan ban hành", max_length=255, help_text="Ví dụ: SỞ Y TẾ")
    place = forms.CharField(label="Địa danh (trước ngày tháng)", max_length=100, required=False)

    def __init__(self, *args, body: IssuingBody | None = None, **kwargs):
        if body is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "unit": body.unit_id,
                "symbol": body.symbol,
                "header_parent": body.header_parent,
                "header_name": body.header_name,
                "place": body.place,
            }
        super().__init__(*args, **kwargs)
        taken = IssuingBody.objects.exclude(pk=getattr(body, "pk", None)).values("unit_id")
        self.fields["unit"].queryset = Unit.objects.filter(valid_to__isnull=True).exclude(pk__in=taken).order_by("path")
        if body is not None:
            self.fields["unit"].disabled = True


class SignerForm(forms.Form):
    user = forms.ModelChoiceField(label="Tài khoản", queryset=None, empty_label="— chọn —")
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    title = forms.CharField(label="Chức vụ", max_length=150, help_text="Ví dụ: Phó Chủ tịch")
    sign_lines = forms.CharField(
        label="Thẩm quyền ký (mỗi dòng một dòng)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, mỗi dòng một dòng.",
    )
    active = forms.BooleanField(label="Đang có thẩm quyền ký", required=False, initial=True)

    def __init__(self, *args, signer: Signer | None = None, **kwargs):
        from thidua.accounts.models import User

        if signer is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "user": signer.user_id,
                "full_name": signer.full_name,
                "title": signer.title,
                "sign_lines": signer.sign_lines,
                "active": signer.active,
            }
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name", "username")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name or u.username} ({u.username})"


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label="Tên đối tượng, mã hồ sơ", required=False, max_length=100)
    unit = UnitChoiceField(label="Đơn vị đề nghị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    award_type = forms.ModelChoiceField(
        label="Hình thức", queryset=AwardType.objects.none(), required=False, empty_label="Tất cả"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(nominations__isnull=False).distinct().order_by("path")
        self.fields["award_type"].queryset = AwardType.objects.order_by("sort_order", "code")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) for k in ("q", "unit", "award_type")}


class DraftForm(VersionForm):
    summary = forms.CharField(label="Trích yếu", max_length=500)
    legal_basis = forms.CharField(
        label="Căn cứ ban hành (mỗi căn cứ một dòng)", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    recipients = forms.CharField(
        label="Nơi nhận (mỗi nơi một dòng)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    signer = forms.ModelChoiceField(label="Người ký", queryset=Signer.objects.none(), required=False)
    date = forms.DateField(label="Ngày ban hành dự kiến", widget=DATE, required=False)

    def __init__(self, *args, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = Signer.objects.filter(body__unit=issuer, active=True).order_by("id")
        self.fields["signer"].empty_label = "— chưa chọn —"


class IssueForm(VersionForm):
    date = forms.DateField(label="Ngày ban hành", widget=DATE)
    # The date the amounts on the page were computed for: a different date is shown again, recomputed.
    previewed = forms.DateField(required=False, widget=forms.HiddenInput)


class HigherDecisionForm(VersionForm):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, help_text="Ví dụ: 1234/QĐ-TTg")
    date = forms.DateField(label="Ngày quyết định", widget=DATE)
    issuer_name = forms.CharField(
        label="Cấp quyết định",
        max_length=255,
        initial="Thủ tướng Chính phủ",
        widget=forms.TextInput(attrs={"list": "higher-issuers"}),
    )
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    summary = forms.CharField(label="Trích yếu", max_length=500, required=False)
    approved = forms.TypedMultipleChoiceField(label="Được khen thưởng", coerce=int, required=False, choices=[])
    rest_not_awarded = forms.BooleanField(
        label="Các trường hợp không được chọn: không được khen thưởng", required=False, initial=True
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved"].choices = [(line.pk, line.subject_name) for line in lines]
