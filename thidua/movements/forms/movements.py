"""Forms of the movement screens: the movement with its document, targets and awards offered; the
unit's plan; the signature works; the national catalogue; "Tạo từ văn bản"."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from thidua.catalog.models import AwardType
from thidua.core.forms import VietDecimalField
from thidua.core.uploads import file_kind
from thidua.org.models import Cluster, Unit, UnitKind

from ..models import Aggregation, Direction, DocType, Level, MovementKind, ParticipationMode, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD_LIMIT = 20 * 1024 * 1024


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MovementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Loại phong trào", choices=MovementKind.choices)
    name = forms.CharField(label="Tên phong trào", max_length=500)
    parent = forms.ModelChoiceField(
        label="Thuộc phong trào", queryset=None, required=False, empty_label="— không thuộc phong trào nào —"
    )
    slogans = forms.CharField(
        label="Khẩu hiệu, chủ đề (mỗi dòng một khẩu hiệu)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    purposes = forms.CharField(label="Mục đích, yêu cầu", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    contents = forms.CharField(label="Nội dung thi đua", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    period_start = forms.DateField(label="Thực hiện từ ngày", widget=DATE, required=False)
    period_end = forms.DateField(label="Đến ngày", widget=DATE, required=False)
    standing_agency = forms.ModelChoiceField(
        label="Cơ quan thường trực", queryset=None, required=False, empty_label="— chọn —"
    )
    responsible_agencies = forms.CharField(
        label="Cơ quan được giao nhiệm vụ (mỗi dòng một cơ quan)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reward_event = forms.CharField(label="Dịp khen thưởng (đại hội, sơ kết, tổng kết)", max_length=500, required=False)
    participation_mode = forms.ChoiceField(label="Đơn vị tham gia", choices=ParticipationMode.choices)
    participation_kinds = forms.MultipleChoiceField(
        label="Loại đơn vị tham gia", choices=UnitKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    participation_units = forms.ModelMultipleChoiceField(
        label="Danh sách đơn vị tham gia", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    participation_cluster = forms.ModelChoiceField(
        label="Cụm, khối thi đua tham gia", queryset=Cluster.objects.none(), required=False, empty_label="— chọn —"
    )
    answer_deadline = forms.DateField(label="Hạn các đơn vị gửi kế hoạch hưởng ứng", widget=DATE, required=False)
    # The launching document.
    doc_type = forms.ChoiceField(label="Loại văn bản", choices=DocType.choices, required=False)
    doc_number = forms.CharField(label="Số, ký hiệu (vd. 90/KH-UBND)", max_length=80, required=False)
    doc_date = forms.DateField(label="Ngày ban hành", widget=DATE, required=False)
    doc_issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    doc_signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    doc_signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    doc_file = forms.FileField(label="Tệp văn bản (PDF, DOCX; tối đa 20 MB)", required=False)

    def __init__(self, *args, actor=None, movement=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ..selectors.movements import parent_choices

        parents = parent_choices(actor=actor)
        if movement is not None:
            parents = parents.exclude(pk=movement.pk)
        self.fields["parent"].queryset = parents
        active = Unit.objects.filter(valid_to__isnull=True).order_by("path")
        self.fields["standing_agency"].queryset = active
        self.fields["participation_units"].queryset = active
        self.fields["participation_cluster"].queryset = Cluster.objects.order_by("-year", "name")
        if movement is not None and movement.state != State.DRAFT:
            for name in ("participation_mode", "participation_kinds", "participation_units", "participation_cluster"):
                self.fields[name].disabled = True
        if movement is not None and movement.level == Level.UNIT:
            for name in ("participation_mode", "participation_kinds", "participation_units", "participation_cluster"):
                self.fields.pop(name)

    def clean_slogans(self):
        return _lines(self.cleaned_data["slogans"])

    def clean_responsible_agencies(self):
        return _lines(self.cleaned_data["responsible_agencies"])

    def clean_doc_file(self):
        f = self.cleaned_data.get("doc_file")
        if f is None:
            return None
        try:
            file_kind(f, allowed=("pdf", "docx", "txt", "html"), max_bytes=UPLOAD_LIMIT, label="Tệp văn bản")
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None
        return f

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        mode = data.get("participation_mode")
        if mode == ParticipationMode.BY_KIND and not data.get("participation_kinds"):
            self.add_error("participation_kinds", "Chọn ít nhất một loại đơn vị.")
        if mode == ParticipationMode.BY_LIST and not data.get("participation_units"):
            self.add_error("participation_units", "Chọn ít nhất một đơn vị.")
        if mode == ParticipationMode.BY_CLUSTER and not data.get("participation_cluster"):
            self.add_error("participation_cluster", "Chọn cụm, khối thi đua.")
        return data

    def movement_data(self) -> dict:
        d = self.cleaned_data
        keys = (
            "kind",
            "name",
            "parent",
            "slogans",
            "purposes",
            "contents",
            "period_start",
            "period_end",
            "standing_agency",
            "responsible_agencies",
            "reward_event",
            "participation_mode",
            "participation_kinds",
            "participation_cluster",
            "answer_deadline",
        )
        return {k: d[k] for k in keys if k in d and k in self.fields and not self.fields[k].disabled}

    def document_data(self) -> dict:
        d = self.cleaned_data
        return {
            "doc_type": d.get("doc_type") or DocType.PLAN,
            "number": d.get("doc_number", ""),
            "date": d.get("doc_date"),
            "issuer": d.get("doc_issuer", ""),
            "signer_name": d.get("doc_signer_name", ""),
            "signer_title": d.get("doc_signer_title", ""),
        }


class TargetForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parent_target = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Chỉ tiêu", max_length=500, required=False)
    measure = forms.CharField(label="Đơn vị tính", max_length=60, required=False)
    baseline = VietDecimalField(label="Ban đầu", max_digits=18, decimal_places=2, required=False)
    target_value = VietDecimalField(label="Chỉ tiêu", max_digits=18, decimal_places=2, required=False)
    direction = forms.ChoiceField(label="Chiều", choices=Direction.choices, required=False)
    aggregation = forms.ChoiceField(label="Tổng hợp", choices=Aggregation.choices, required=False)
    deadline = forms.DateField(label="Thời hạn", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("target_value") is None:
            self.add_error("target_value", "Cần nhập giá trị chỉ tiêu.")
        if not data.get("name") and data.get("target_value") is not None:
            self.add_error("name", "Cần nhập tên chỉ tiêu.")
        return data


TargetFormSet = formset_factory(TargetForm, extra=2)


class OfferForm(forms.Form):
    award_type = forms.ModelChoiceField(
        label="Hình thức khen thưởng", queryset=AwardType.objects.order_by("sort_order", "name"), required=False
    )
    quota = forms.IntegerField(label="Số lượng tối đa", min_value=1, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


OfferFormSet = formset_factory(OfferForm, extra=2)


class SignatureWorkForm(forms.Form):
    name = forms.CharField(label="Tên công trình, phần việc tiêu biểu", max_length=500)
    description = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due_date = forms.DateField(label="Thời hạn hoàn thành", widget=DATE, required=False)


class NationalMovementForm(forms.Form):
    name = forms.CharField(label="Tên phong trào toàn quốc", max_length=500)
    launcher_name = forms.CharField(label="Cơ quan, người phát động", max_length=255, initial="Thủ tướng Chính phủ")
    period_start = forms.DateField(label="Phát động từ ngày", widget=DATE, required=False)
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtractForm(forms.Form):
    """Tạo từ văn bản: upload a file or paste the text (one of the two)."""

    file = forms.FileField(label="Tệp văn bản (.txt, .html, .docx, .pdf có lớp chữ; tối đa 20 MB)", required=False)
    text = forms.CharField(
        label="Hoặc dán nội dung văn bản, bài báo", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Hãy chọn một tệp hoặc dán nội dung văn bản.")
        f = data.get("file")
        if f is not None and f.size > UPLOAD_LIMIT:
            self.add_error("file", "Tệp lớn hơn 20 MB.")
        return data


class MovementFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên, khẩu hiệu", required=False)
    level = forms.ChoiceField(label="Cấp", choices=[("", "Tất cả")] + Level.choices, required=False)
    state = forms.ChoiceField(label="Trạng thái", choices=[("", "Tất cả")] + State.choices, required=False)
    kind = forms.ChoiceField(label="Loại", choices=[("", "Tất cả")] + MovementKind.choices, required=False)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
