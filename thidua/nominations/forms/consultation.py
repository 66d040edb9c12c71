"""Forms of public consultation: the citizen's comment (with a honeypot), the staff's moderation and
the confirmation of opening."""

from __future__ import annotations

from django import forms

from ..services.consultation import BODY_MAX, BODY_MIN, CONTACT_MAX, CONTACT_MIN, NAME_MAX, NAME_MIN

HONEYPOT = "website"


class CommentForm(forms.Form):
    name = forms.CharField(label="Họ và tên", min_length=NAME_MIN, max_length=NAME_MAX)
    contact = forms.CharField(
        label="Số điện thoại hoặc thư điện tử",
        min_length=CONTACT_MIN,
        max_length=CONTACT_MAX,
        help_text="Chỉ dùng để cơ quan thẩm định liên hệ khi cần; không công khai.",
    )
    line = forms.TypedChoiceField(label="Ý kiến về", coerce=int, required=False, empty_value=None)
    body = forms.CharField(
        label="Nội dung ý kiến",
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # Left empty by people; robots filling every field give themselves away.
    website = forms.CharField(label="Để trống ô này", required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", "Toàn bộ hồ sơ")] + [
            (line.pk, f"{line.name} — {line.award_name}") for line in lines
        ]
        for name in ("name", "contact", "body"):
            self.fields[name].error_messages["required"] = f"Vui lòng nhập {self.fields[name].label.lower()}."
            self.fields[name].error_messages["min_length"] = (
                f"{self.fields[name].label} quá ngắn (ít nhất %(limit_value)d ký tự)."
            )
            self.fields[name].error_messages["max_length"] = (
                f"{self.fields[name].label} quá dài (tối đa %(limit_value)d ký tự)."
            )

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Duyệt hiển thị"), ("reject", "Không hiển thị")])

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class OpenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
