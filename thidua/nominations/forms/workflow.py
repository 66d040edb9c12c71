"""Forms of the route: confirmation (carries the version seen), a line's appraisal, the return for
correction (per line: the fields to fix and a note), the province's deadlines and days off."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import Appraisal, Authority
from ..services.workflow import CORRECTION_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AppraiseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Kết quả",
        choices=[(Appraisal.ACCEPTED, "Đủ điều kiện"), (Appraisal.REJECTED, "Không đủ điều kiện")],
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn “Đủ điều kiện” hoặc “Không đủ điều kiện”."},
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Bắt buộc khi không đủ điều kiện"}),
    )


class ReturnForm(forms.Form):
    """General note, then for each line still in play: tick the contents to fix and say why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Ý kiến chung",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: bổ sung biên bản họp Hội đồng thi đua, khen thưởng của đơn vị.",
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        choices = list(CORRECTION_FIELDS.items())
        for line in self.lines:
            self.fields[f"line_{line.pk}_fields"] = forms.MultipleChoiceField(
                label="Nội dung cần sửa", required=False, choices=choices, widget=forms.CheckboxSelectMultiple
            )
            self.fields[f"line_{line.pk}_note"] = forms.CharField(
                label="Ý kiến cho dòng này",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def line_rows(self):
        return [(line, self[f"line_{line.pk}_fields"], self[f"line_{line.pk}_note"]) for line in self.lines]

    def clean(self):
        data = super().clean()
        for line in self.lines:
            if data.get(f"line_{line.pk}_note") and not data.get(f"line_{line.pk}_fields"):
                self.add_error(f"line_{line.pk}_fields", "Hãy đánh dấu nội dung cần sửa của dòng này.")
        return data

    def corrections(self) -> dict:
        out = {}
        for line in self.lines:
            fields = self.cleaned_data.get(f"line_{line.pk}_fields") or []
            if fields:
                out[line.pk] = {"fields": fields, "note": self.cleaned_data.get(f"line_{line.pk}_note") or ""}
        return out


class SubmissionDeadlineForm(forms.Form):
    year = forms.IntegerField(label="Năm thành tích", min_value=2000, max_value=2100)
    authority = forms.ChoiceField(label="Cấp quyết định", choices=Authority.choices)
    due_date = forms.DateField(label="Hạn nộp hồ sơ", widget=DATE_INPUT)
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class DayOffForm(forms.Form):
    date = forms.DateField(label="Ngày nghỉ", widget=DATE_INPUT)
    name = forms.CharField(label="Lý do", max_length=200)
