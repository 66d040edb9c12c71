"""The review form (sơ kết, tổng kết, đại hội thi đua yêu nước)."""

from __future__ import annotations

from django import forms

from ..models import ReviewKind
from ..selectors.reviews import kind_choices_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT_ERRORS = {"invalid": "Phải là số nguyên không âm.", "min_value": "Phải là số nguyên không âm."}


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=ReviewKind.choices,
        error_messages={"required": "Cần chọn hình thức.", "invalid_choice": "Hình thức không phù hợp với phong trào."},
    )
    date = forms.DateField(
        label="Ngày tổ chức",
        widget=DATE,
        error_messages={"required": "Cần nhập ngày tổ chức.", "invalid": "Ngày tổ chức không hợp lệ."},
    )
    title = forms.CharField(
        label="Tên hội nghị, đại hội",
        max_length=500,
        required=False,
        help_text="Để trống: hệ thống đặt tên theo hình thức và tên phong trào.",
    )
    scope = forms.CharField(
        label="Phạm vi", max_length=255, required=False, help_text="Ví dụ: toàn tỉnh; các sở, ban, ngành; khối xã."
    )
    participants = forms.IntegerField(
        label="Số đại biểu, người tham dự", min_value=0, required=False, error_messages=COUNT_ERRORS
    )
    summary = forms.CharField(
        label="Đánh giá kết quả (ưu điểm, hạn chế, bài học kinh nghiệm, phương hướng)",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    awards_proposed = forms.IntegerField(
        label="Số tập thể, cá nhân đề nghị khen thưởng", min_value=0, required=False, error_messages=COUNT_ERRORS
    )
    awards_given = forms.IntegerField(
        label="Số tập thể, cá nhân được khen thưởng", min_value=0, required=False, error_messages=COUNT_ERRORS
    )

    def __init__(self, *args, movement=None, **kwargs):
        super().__init__(*args, **kwargs)
        if movement is not None:
            self.fields["kind"].choices = kind_choices_for(movement)
