"""Forms of the council screens (input parsing only; rules live in the services)."""

from __future__ import annotations

from django import forms

from thidua.accounts.models import User
from thidua.org.models import Unit

from .models import Choice, MeetingState, MemberRole, Presence

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CouncilForm(forms.Form):
    unit = forms.ModelChoiceField(label="Cấp (đơn vị)", queryset=Unit.objects.none())
    name = forms.CharField(label="Tên hội đồng", max_length=255)
    establishing_act = forms.CharField(label="Quyết định thành lập, kiện toàn", max_length=255, required=False)
    term_from = forms.DateField(label="Nhiệm kỳ từ", widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    term_to = forms.DateField(label="Nhiệm kỳ đến", widget=DATE, required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(valid_to__isnull=True, depth__lte=1).order_by("path")


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="Tài khoản", queryset=User.objects.none())
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    position = forms.CharField(label="Chức vụ, cơ quan", max_length=255, required=False)
    role = forms.ChoiceField(label="Vai trò trong hội đồng", choices=MemberRole.choices, initial=MemberRole.MEMBER)
    sort_order = forms.IntegerField(label="Thứ tự", min_value=0, max_value=999, required=False, initial=0)
    active = forms.BooleanField(label="Đang là thành viên", required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True).order_by("full_name", "username")
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name or u.username} ({u.username})"
        if editing:
            self.fields["user"].disabled = True
            self.fields["user"].required = False
        else:
            del self.fields["active"]


class MeetingForm(forms.Form):
    council = forms.ModelChoiceField(label="Hội đồng", queryset=None)
    title = forms.CharField(label="Tên phiên họp", max_length=255)
    held_at = forms.DateTimeField(
        label="Thời gian họp", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
    )
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    secretary_name = forms.CharField(label="Thư ký phiên họp", max_length=150, required=False)
    note = forms.CharField(label="Kết luận, ghi chú", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, councils=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        if editing:
            del self.fields["council"]


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label="Tên phiên họp", required=False)
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + MeetingState.choices)
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None, choices=[])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Tất cả")] + [(y, str(y)) for y in years]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"none": True}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AttendanceForm(forms.Form):
    """One radio group per active member: presence_<member id>."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for member, presence in rows:
            name = f"presence_{member.pk}"
            self.fields[name] = forms.ChoiceField(
                label=member.full_name, choices=Presence.choices, initial=presence, widget=forms.RadioSelect
            )
            self.rows.append((member, self[name]))

    def presences(self) -> dict:
        return {int(k.split("_", 1)[1]): v for k, v in self.cleaned_data.items() if k.startswith("presence_")}


class WrittenBallotForm(forms.Form):
    member = forms.TypedChoiceField(label="Thành viên vắng mặt có ý kiến bằng văn bản", coerce=int, choices=[])
    choice = forms.ChoiceField(
        label="Ý kiến",
        choices=Choice.choices + [("RECUSED", "Không tham gia (xung đột lợi ích)")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Lý do không tham gia (nếu có)", max_length=500, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.full_name) for m in members]


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label="Lý do không tham gia biểu quyết (xung đột lợi ích)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
