"""Forms of the ranking screens (input parsing only; the rules live in services/ranking.py)."""

from __future__ import annotations

from django import forms


class TieBallotForm(forms.Form):
    """One member unit's secret ballot: the tied unit it votes for (and, for an officer of several
    member units, which unit is voting)."""

    unit_id = forms.TypedChoiceField(
        label="Đơn vị được chọn",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn một trong các đơn vị đang đồng hạng.",
            "invalid_choice": "Hãy chọn một trong các đơn vị đang đồng hạng.",
        },
    )
    voter = forms.TypedChoiceField(
        label="Đơn vị bỏ phiếu",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Anh/chị không phải cán bộ của đơn vị này."},
    )

    def __init__(self, *args, candidates=(), voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [(u.pk, u.name) for u in candidates]
        self.fields["voter"].choices = [(u.pk, u.name) for u in voters]
        if len(voters) <= 1:
            self.fields["voter"].widget = forms.HiddenInput()
            if voters:
                self.fields["voter"].initial = voters[0].pk


class MovementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProposeForm(forms.Form):
    """The movement the cluster's dossier follows (khen thưởng theo phong trào thi đua)."""

    movement = MovementChoiceField(
        label="Phong trào thi đua",
        queryset=None,
        empty_label="— Chọn phong trào thi đua —",
        error_messages={"required": "Khen thưởng theo phong trào thi đua: vui lòng chọn phong trào."},
    )

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = movements


class LeadersForm(forms.Form):
    """The flag winners the province proposes for the Government's flag, and the movement followed."""

    units = forms.TypedMultipleChoiceField(
        label="Đơn vị đề nghị Cờ thi đua của Chính phủ",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Hãy chọn ít nhất một đơn vị để đề nghị Cờ thi đua của Chính phủ.",
            "invalid_choice": "Đơn vị đã chọn không thuộc danh sách đơn vị dẫn đầu được đề nghị Cờ thi đua của tỉnh.",
        },
    )
    movement = MovementChoiceField(
        label="Phong trào thi đua",
        queryset=None,
        empty_label="— Chọn phong trào thi đua —",
        error_messages={"required": "Khen thưởng theo phong trào thi đua: vui lòng chọn phong trào."},
    )

    def __init__(self, *args, winners=(), movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in winners]
        self.fields["movement"].queryset = movements


class YearForm(forms.Form):
    nam = forms.TypedChoiceField(label="Năm", coerce=int, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(y, str(y)) for y in years]
