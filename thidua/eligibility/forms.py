"""Forms of the eligibility screens: they parse input; the engine decides."""

from html import escape

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe

from thidua.people.models import Grade, InitiativeScope
from thidua.people.selectors import unit_choices

from .facts import PERSON, AwardFact, InitiativeFact, MemberStats
from .selectors import Hypothesis, default_year

FIRST_YEAR = 2000


def year_choices(*, ahead: int = 1, back: int = 8) -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this + ahead, this - back - 1, -1)]


class YearForm(forms.Form):
    """The year of the panel (default: last year, whose titles are considered now)."""

    nam = forms.TypedChoiceField(label="Năm xét", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = year_choices()
        self.fields["nam"].error_messages["invalid_choice"] = "Năm xét không hợp lệ."

    @property
    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("nam"):
            return self.cleaned_data["nam"]
        return default_year()


def _with_kind(name: str, kind: str) -> str:
    label = "cá nhân" if kind == PERSON else "tập thể"
    return name if f"({label})" in name else f"{name} ({label})"


class EligibleListForm(forms.Form):
    nam = forms.TypedChoiceField(label="Năm xét", coerce=int)
    danh_hieu = forms.ChoiceField(label="Danh hiệu, hình thức")
    don_vi = forms.TypedChoiceField(
        label="Phạm vi (đơn vị, gồm đơn vị trực thuộc)", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, actor, awards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = year_choices()
        self.fields["nam"].initial = default_year()
        self.fields["danh_hieu"].choices = [(code, _with_kind(name, kind)) for code, name, kind in awards]
        self.fields["danh_hieu"].initial = "LDTT"
        self.fields["don_vi"].choices = [("", "Tất cả đơn vị bạn quản lý"), *unit_choices(actor=actor)]
        self.fields["nam"].error_messages["invalid_choice"] = "Năm xét không hợp lệ."
        self.fields["danh_hieu"].error_messages["invalid_choice"] = "Danh hiệu, hình thức không hợp lệ."
        self.fields["don_vi"].error_messages["invalid_choice"] = "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn."

    def unit_options(self):
        """The unit <option>s in plain Python: a province has over a thousand units."""
        selected = str(self["don_vi"].value() or "")
        return mark_safe(
            "".join(
                f'<option value="{pk}"{" selected" if str(pk) == selected else ""}>{escape(label)}</option>'
                for pk, label in self.fields["don_vi"].choices
            )
        )


def _grade_choices():
    return [("", "—"), *Grade.choices]


class WhatIfForm(forms.Form):
    """Hypothetical facts ("if rated HTXS in 2026…") and judgement items ticked as confirmed."""

    nam = forms.TypedChoiceField(label="Năm xét", coerce=int)
    rating_year_1 = forms.IntegerField(label="Năm", required=False, min_value=FIRST_YEAR, max_value=2100)
    rating_grade_1 = forms.ChoiceField(label="Xếp loại", required=False, choices=_grade_choices)
    rating_year_2 = forms.IntegerField(label="Năm", required=False, min_value=FIRST_YEAR, max_value=2100)
    rating_grade_2 = forms.ChoiceField(label="Xếp loại", required=False, choices=_grade_choices)
    award_year = forms.IntegerField(label="Năm thành tích", required=False, min_value=FIRST_YEAR, max_value=2100)
    award_code = forms.ChoiceField(label="Danh hiệu, hình thức đã được tặng", required=False)
    lift_embargo = forms.BooleanField(label="Giả định đã hết thời gian tạm dừng xét khen thưởng", required=False)
    confirmed = forms.MultipleChoiceField(
        label="Các nội dung cần xác nhận (đánh dấu là đã xác nhận)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kind, award_choices, judgement_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["nam"].choices = year_choices()
        self.fields["nam"].initial = default_year()
        self.fields["award_code"].choices = [("", "—"), *award_choices]
        self.fields["confirmed"].choices = judgement_choices
        self.fields["nam"].error_messages["invalid_choice"] = "Năm xét không hợp lệ."
        self.fields["award_code"].error_messages["invalid_choice"] = "Danh hiệu, hình thức không hợp lệ."
        self.fields["confirmed"].error_messages["invalid_choice"] = "Nội dung xác nhận không hợp lệ."
        for name in ("rating_grade_1", "rating_grade_2"):
            self.fields[name].error_messages["invalid_choice"] = "Xếp loại không hợp lệ."
        if kind == PERSON:
            self.fields["initiative_year"] = forms.IntegerField(
                label="Năm công nhận", required=False, min_value=FIRST_YEAR, max_value=2100
            )
            self.fields["initiative_scope"] = forms.ChoiceField(
                label="Phạm vi ảnh hưởng", required=False, choices=[("", "—"), *InitiativeScope.choices]
            )
            self.fields["initiative_science"] = forms.BooleanField(
                label="Là đề tài, công trình khoa học đã nghiệm thu", required=False
            )
        else:
            self.fields["members_year"] = forms.IntegerField(
                label="Năm", required=False, min_value=FIRST_YEAR, max_value=2100
            )
            for name, label in (
                ("members_total", "Tổng số thành viên"),
                ("members_at_least_ht", "Số hoàn thành nhiệm vụ trở lên"),
                ("members_ldtt", "Số đạt Lao động tiên tiến"),
                ("members_cstdcs", "Số đạt Chiến sĩ thi đua cơ sở"),
                ("members_htxs", "Số hoàn thành xuất sắc nhiệm vụ"),
            ):
                self.fields[name] = forms.IntegerField(label=label, required=False, min_value=0, max_value=1_000_000)

    def _pair(self, data, year_field, value_field, what):
        year, value = data.get(year_field), data.get(value_field)
        if bool(year) != bool(value):
            missing = value_field if year else year_field
            self.add_error(missing, f"Nhập đủ cả năm và {what}.")
            return None
        return (year, value) if year else None

    def clean(self):
        data = super().clean()
        self.ratings = {}
        for i in (1, 2):
            pair = self._pair(data, f"rating_year_{i}", f"rating_grade_{i}", "xếp loại")
            if pair:
                self.ratings[pair[0]] = pair[1]
        self.award = self._pair(data, "award_year", "award_code", "danh hiệu, hình thức")
        self.initiative = None
        self.members = None
        if self.kind == PERSON:
            self.initiative = self._pair(data, "initiative_year", "initiative_scope", "phạm vi ảnh hưởng")
        else:
            keys = ("members_total", "members_at_least_ht", "members_ldtt", "members_cstdcs", "members_htxs")
            values = [data.get(k) for k in keys]
            if data.get("members_year") or any(v is not None for v in values):
                if not data.get("members_year"):
                    self.add_error("members_year", "Nhập năm của số liệu thành viên.")
                elif values[0] is None:
                    self.add_error("members_total", "Nhập tổng số thành viên.")
                else:
                    total = values[0]
                    for key, value in zip(keys[1:], values[1:], strict=True):
                        if value is not None and value > total:
                            self.add_error(key, "Không được lớn hơn tổng số thành viên.")
                    if (values[3] or 0) > (values[2] or 0) and values[2] is not None:
                        self.add_error(
                            "members_cstdcs", "Số Chiến sĩ thi đua cơ sở không được lớn hơn số Lao động tiên tiến."
                        )
                    self.members = (data["members_year"], [v or 0 for v in values])
        return data

    def hypothesis(self) -> Hypothesis:
        """The hypothetical facts of a valid form."""
        initiatives, awards, members = (), (), {}
        if self.initiative:
            year, scope = self.initiative
            initiatives = (InitiativeFact(year, scope, bool(self.cleaned_data.get("initiative_science"))),)
        if self.award:
            year, code = self.award
            awards = (AwardFact(code, year),)
        if self.members:
            year, (total, at_least_ht, ldtt, cstdcs, htxs) = self.members
            members = {year: MemberStats(total, at_least_ht, ldtt, cstdcs, htxs)}
        return Hypothesis(
            ratings=dict(self.ratings),
            initiatives=initiatives,
            awards=awards,
            members=members,
            lift_embargo=bool(self.cleaned_data.get("lift_embargo")),
            confirmed=frozenset(self.cleaned_data.get("confirmed") or ()),
        )
