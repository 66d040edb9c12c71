"""Forms of the dossier screens: they parse input; the services (services/dossiers.py) hold the rules."""

from __future__ import annotations

from html import escape

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe

from thidua.accounts.selectors import OFFICER_ROLES, scope_q
from thidua.catalog.models import AwardType
from thidua.core.subjects import SubjectKind
from thidua.org.models import Unit, UnitKind
from thidua.people.forms import PersonForm
from thidua.people.selectors import unit_choices

from .. import routing
from ..models import Authority, Basis, DocKind, SimplifiedGround, State
from ..services.dossiers import LINE_FIELD_GROUP, award_types_for, editable_line_fields, line_documents_open

INVALID_CHOICE = "Lựa chọn không hợp lệ."
OUT_OF_SCOPE = "Đơn vị không có hoặc ngoài phạm vi quản lý của anh/chị."


def _options(choices, selected) -> str:
    selected = str(selected or "")
    return mark_safe(
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if str(value) == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


def _year_choices():
    this = timezone.localdate().year
    return [("", "Tất cả")] + [(y, str(y)) for y in range(this, this - 12, -1)]


class NominationFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo mã, trích yếu hoặc tên đối tượng", required=False, max_length=100)
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả"), *State.choices])
    year = forms.TypedChoiceField(label="Năm thành tích", required=False, coerce=int, empty_value=None)
    authority = forms.ChoiceField(label="Cấp quyết định", required=False, choices=[("", "Tất cả"), *Authority.choices])
    basis = forms.ChoiceField(label="Loại hình", required=False, choices=[("", "Tất cả"), *Basis.choices])
    proposing_unit = forms.TypedChoiceField(
        label="Đơn vị đề nghị (gồm trực thuộc)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["proposing_unit"].choices = [("", "Tất cả đơn vị"), *unit_choices(actor=actor)]
        for field in self.fields.values():
            if hasattr(field, "choices"):
                field.error_messages["invalid_choice"] = INVALID_CHOICE
        self.fields["proposing_unit"].error_messages["invalid_choice"] = OUT_OF_SCOPE

    def unit_options(self):
        """The unit <option>s, built in plain Python: a province has over a thousand units."""
        return _options(self.fields["proposing_unit"].choices, self["proposing_unit"].value())

    def clean_year(self):
        value = self.cleaned_data.get("year")
        return value if value not in ("", None) else None


def creatable_units(actor):
    """Active units the actor may propose for (the scope of their officer roles: a council or leader role
    elsewhere adds nothing), in tree order."""
    return Unit.objects.filter(scope_q(actor, roles=OFFICER_ROLES), valid_to__isnull=True).order_by("path")


class NominationForm(forms.Form):
    """The dossier header. `proposing_unit` is chosen on creation only."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposing_unit = forms.TypedChoiceField(label="Đơn vị đề nghị", coerce=int)
    title = forms.CharField(
        label="Trích yếu",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2025"}),
    )
    year = forms.IntegerField(label="Năm thành tích", min_value=1945, max_value=2100)
    basis = forms.ChoiceField(label="Loại hình khen thưởng", choices=[("", "— Chọn loại hình —"), *Basis.choices])
    movement = forms.TypedChoiceField(label="Phong trào thi đua", required=False, coerce=int, empty_value=None)
    authority = forms.ChoiceField(
        label="Cấp quyết định khen thưởng", choices=[("", "— Chọn cấp quyết định —"), *Authority.choices]
    )
    deciding_unit = forms.TypedChoiceField(
        label="Cơ quan, đơn vị quyết định", required=False, coerce=int, empty_value=None
    )
    simplified = forms.BooleanField(label="Khen thưởng theo thủ tục đơn giản", required=False)
    simplified_ground = forms.ChoiceField(
        label="Trường hợp áp dụng thủ tục đơn giản",
        required=False,
        choices=[("", "— Chọn trường hợp —"), *SimplifiedGround.choices],
        help_text="Luật Thi đua, khen thưởng 2022 Điều 85; Nghị định 98/2023/NĐ-CP Điều 40 khoản 1.",
    )

    def __init__(self, *args, actor, nomination=None, refresh_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        if nomination is not None:
            del self.fields["proposing_unit"]
            self.unit = nomination.proposing_unit
        else:
            creatable = creatable_units(actor).exclude(kind=UnitKind.PROVINCE)
            units = list(creatable.only("pk", "name", "depth"))
            top = min((u.depth for u in units), default=0)
            self.fields["proposing_unit"].choices = [("", "— Chọn đơn vị —")] + [
                (u.pk, "\u00a0\u00a0" * (u.depth - top) + u.name) for u in units
            ]
            self.fields["proposing_unit"].error_messages["invalid_choice"] = OUT_OF_SCOPE
            if len(units) == 1 and not self.is_bound:
                self.initial.setdefault("proposing_unit", units[0].pk)
            # Only a unit the actor may create dossiers for: its movements and the units above it are
            # shown on the redrawn form.
            raw = self._raw_int("proposing_unit")
            unit = creatable.filter(pk=raw).first() if raw is not None and any(u.pk == raw for u in units) else None
            self.unit = unit if unit is not None and actor.has_perm("nominations.create_for_unit", unit) else None
        from ..services.dossiers import movement_choices_for

        if self.unit is not None:
            movements = movement_choices_for(self.unit)
        else:
            from thidua.movements.models import Movement

            movements = Movement.objects.none()
        self.fields["movement"].choices = [("", "— Chọn phong trào —")] + [
            (m.pk, m.name) for m in movements.only("pk", "name")
        ]
        deciding = routing.deciding_unit_choices(self.unit) if self.unit is not None else []
        self.fields["deciding_unit"].choices = [("", "— Mặc định: đơn vị gần nhất —")] + [
            (u.pk, u.name) for u in deciding
        ]
        for name in ("basis", "authority", "movement", "deciding_unit", "simplified_ground"):
            self.fields[name].error_messages["invalid_choice"] = INVALID_CHOICE
        if refresh_url:
            # Choosing the unit, the basis, the authority or the simplified procedure redraws the form.
            for name in ("proposing_unit", "basis", "authority", "simplified"):
                if name in self.fields:
                    self.fields[name].widget.attrs.update(
                        {
                            "hx-post": refresh_url,
                            "hx-vals": '{"_refresh": "1"}',
                            "hx-target": "#nomination-form",
                            "hx-select": "#nomination-form",
                            "hx-swap": "outerHTML",
                        }
                    )

    def _raw_int(self, name):
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None

    def _current(self, name):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    @property
    def shows_movement(self) -> bool:
        return self._current("basis") == Basis.PHONG_TRAO

    @property
    def shows_ground(self) -> bool:
        value = self._current("simplified")
        return value not in (None, "", False, "false", "0", "off")

    @property
    def shows_deciding_unit(self) -> bool:
        return self._current("authority") == Authority.UNIT_HEAD

    def proposing_unit_options(self):
        return _options(self.fields["proposing_unit"].choices, self["proposing_unit"].value())

    def header_data(self) -> dict:
        data = self.cleaned_data
        from thidua.movements.models import Movement

        values = {
            "title": data["title"],
            "year": data["year"],
            "basis": data["basis"],
            "authority": data["authority"],
            "movement": Movement.objects.filter(pk=data.get("movement")).first() if data.get("movement") else None,
            "simplified": data.get("simplified", False),
            "simplified_ground": data.get("simplified_ground") or "",
            "deciding_unit": Unit.objects.filter(pk=data.get("deciding_unit")).first()
            if data.get("deciding_unit")
            else None,
        }
        return values

    def clean_proposing_unit(self):
        return Unit.objects.filter(pk=self.cleaned_data["proposing_unit"]).first()


SUBJECT_KIND_CHOICES = [
    (SubjectKind.PERSON, "Cá nhân"),
    (SubjectKind.UNIT, "Tập thể"),
    (SubjectKind.HOUSEHOLD, "Hộ gia đình"),
]


class LineForm(forms.Form):
    """One line. The subject comes from the picker as a token "PERSON:12" (never typed); the view turns
    it into the record (selectors.subject_from_token)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    subject_kind = forms.ChoiceField(
        label="Loại đối tượng", choices=SUBJECT_KIND_CHOICES, widget=forms.RadioSelect, initial=SubjectKind.PERSON
    )
    subject = forms.CharField(label="Đối tượng", required=False, widget=forms.HiddenInput)
    award_type = forms.ModelChoiceField(
        label="Hình thức, danh hiệu đề nghị", queryset=AwardType.objects.none(), empty_label="— Chọn hình thức —"
    )
    year_from = forms.IntegerField(label="Thành tích từ năm", min_value=1945, max_value=2100)
    year_to = forms.IntegerField(label="đến năm", min_value=1945, max_value=2100)
    achievement = forms.CharField(label="Tóm tắt thành tích", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    justification = forms.CharField(
        label="Giải trình (khi đề nghị trường hợp chưa đủ điều kiện theo kiểm tra tự động)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, *args, nomination, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        self.line = line
        kind = self._current("subject_kind") or SubjectKind.PERSON
        if kind not in SubjectKind.values:
            kind = SubjectKind.PERSON
        self.kind = kind
        self.fields["award_type"].queryset = award_types_for(nomination, kind)
        self.fields["award_type"].error_messages["invalid_choice"] = (
            "Hình thức này không áp dụng cho loại đối tượng đã chọn hoặc không thuộc cấp quyết định của hồ sơ."
        )
        self.fields["subject_kind"].error_messages["invalid_choice"] = INVALID_CHOICE
        self.locked = set()
        if line is not None:
            allowed = editable_line_fields(line, nomination)
            self.locked = {name for name in LINE_FIELD_GROUP if name not in allowed}
            for name in self.locked:
                self.fields[name].disabled = True
            if "subject" in self.locked:
                self.fields["subject_kind"].disabled = True

    def _current(self, name):
        if self.is_bound and not (name in self.fields and self.fields[name].disabled):
            return self.data.get(name)
        return self.initial.get(name)

    @property
    def subject_token(self) -> str:
        return self._current("subject") or ""

    def clean(self):
        data = super().clean()
        lo, hi = data.get("year_from"), data.get("year_to")
        if lo and hi and lo > hi:
            self.add_error("year_to", "Năm kết thúc phải không nhỏ hơn năm bắt đầu.")
        return data


class PersonInlineForm(PersonForm):
    """A new person of the proposing unit's subtree, created from the line form (people's form reused)."""

    def __init__(self, *args, actor, nomination, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["ethnicity"]
        root = nomination.proposing_unit
        units = Unit.objects.filter(
            scope_q(actor, roles=OFFICER_ROLES), path__startswith=root.path, valid_to__isnull=True
        ).order_by("path")
        self.fields["unit"].choices = [("", "— Chọn đơn vị —")] + [
            (u.pk, "\u00a0\u00a0" * max(u.depth - root.depth, 0) + u.name) for u in units.only("pk", "name", "depth")
        ]
        self.fields["unit"].initial = root.pk
        self.fields["confirm_duplicate"].label = "Đây là người khác (tôi đã kiểm tra danh sách trùng ở trên)"


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=[("", "— Chọn loại tài liệu —"), *DocKind.choices])
    line = forms.TypedChoiceField(label="Thuộc dòng đề nghị", required=False, coerce=int, empty_value=None)
    file = forms.FileField(
        label="Tệp",
        help_text="PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG; tối đa 20 MB.",
        error_messages={"required": "Vui lòng chọn tệp cần tải lên.", "empty": "Tệp rỗng."},
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, nomination, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {line.pk: line for line in lines if line_documents_open(line, nomination)}
        general = [("", "— Tài liệu chung của hồ sơ —")] if line_documents_open(None, nomination) else []
        self.fields["line"].choices = general + [
            (pk, f"{line.subject_name} — {line.award_type.name}") for pk, line in self.lines.items()
        ]
        self.fields["kind"].error_messages["invalid_choice"] = INVALID_CHOICE
        self.fields["line"].error_messages["invalid_choice"] = "Dòng này không được bổ sung tài liệu lúc này."

    def clean_line(self):
        pk = self.cleaned_data.get("line")
        return self.lines.get(pk) if pk else None
