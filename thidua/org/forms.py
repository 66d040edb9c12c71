"""Forms of the unit screens: they parse input; the rules live in checks.py / services.py."""

from django import forms
from django.core.exceptions import ValidationError

from .checks import SplitPart
from .models import Sector, Unit, UnitKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        indent = "— " * max(obj.depth - 1, 0)
        return f"{indent}{obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code}) — {obj.get_kind_display()}"


def add_service_errors(form, exc: ValidationError):
    """Show a service's ValidationError on the form: next to the field when it has one, else on top."""
    for key, messages in exc.message_dict.items():
        form.add_error(key if key in form.fields else None, messages)


class UnitForm(forms.Form):
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=80, required=False)
    code = forms.CharField(label="Mã đơn vị", max_length=40)
    kind = forms.ChoiceField(label="Loại đơn vị", choices=UnitKind.choices)
    sector = forms.ChoiceField(label="Lĩnh vực", choices=Sector.choices, initial=Sector.GOVERNMENT)
    parent = UnitChoiceField(label="Đơn vị cấp trên", queryset=Unit.objects.none(), required=False)
    valid_from = forms.DateField(label="Hiệu lực từ ngày", required=False, widget=DateInput())
    is_commendation_office = forms.BooleanField(label="Là cơ quan thường trực TĐKT (Sở Nội vụ)", required=False)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Unit.objects.none()


class DocumentFields(forms.Form):
    date = forms.DateField(label="Ngày hiệu lực", widget=DateInput())
    document_number = forms.CharField(label="Số, ký hiệu văn bản quyết định", max_length=80)
    document_date = forms.DateField(label="Ngày văn bản", required=False, widget=DateInput())
    document_issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    DOCUMENT_FIELDS = ("date", "document_number", "document_date", "document_issuer", "note")

    def document_fields(self):
        return [self[name] for name in self.DOCUMENT_FIELDS]

    def document_kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.DOCUMENT_FIELDS}


MODE_EXISTING = "existing"
MODE_NEW = "new"


class MergeChooseForm(forms.Form):
    """Step 1: the units to merge, and into what."""

    predecessors = UnitMultipleChoiceField(
        label="Các đơn vị sáp nhập, hợp nhất",
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    mode = forms.ChoiceField(
        label="Hình thức",
        choices=[
            (MODE_NEW, "Hợp nhất thành đơn vị mới (ví dụ: hai xã thành một phường mới)"),
            (MODE_EXISTING, "Sáp nhập vào một đơn vị hiện có"),
        ],
        initial=MODE_NEW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = units if units is not None else Unit.objects.none()


class MergeDetailsForm(DocumentFields):
    """Step 2: the successor (existing or new) and the deciding document."""

    successor = UnitChoiceField(label="Đơn vị kế thừa", queryset=Unit.objects.none(), required=False)
    name = forms.CharField(label="Tên đơn vị mới", max_length=255, required=False)
    short_name = forms.CharField(label="Tên viết tắt", max_length=80, required=False)
    code = forms.CharField(label="Mã đơn vị mới", max_length=40, required=False)
    kind = forms.ChoiceField(label="Loại đơn vị", choices=[("", "—")] + UnitKind.choices, required=False)
    sector = forms.ChoiceField(label="Lĩnh vực", choices=Sector.choices, initial=Sector.GOVERNMENT, required=False)
    parent = UnitChoiceField(label="Đơn vị cấp trên của đơn vị mới", queryset=Unit.objects.none(), required=False)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)

    field_order = ["successor", "name", "short_name", "code", "kind", "sector", "parent", "address"]

    def __init__(self, *args, units=None, mode=MODE_NEW, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.none()
        self.mode = mode
        self.fields["successor"].queryset = units
        self.fields["parent"].queryset = units
        if mode == MODE_EXISTING:
            self.fields["successor"].required = True
            for name in ("name", "short_name", "code", "kind", "sector", "parent", "address"):
                del self.fields[name]
        else:
            del self.fields["successor"]
            for name in ("name", "code", "kind", "parent"):
                self.fields[name].required = True

    def new_unit_data(self):
        if self.mode == MODE_EXISTING:
            return None
        keys = ("name", "short_name", "code", "kind", "sector", "parent", "address")
        return {k: self.cleaned_data.get(k) for k in keys}


class DissolveForm(DocumentFields):
    transfer_people_to = UnitChoiceField(
        label="Chuyển cá nhân sang đơn vị",
        queryset=Unit.objects.none(),
        required=False,
        help_text="Để trống nếu cá nhân không chuyển sang đơn vị khác: quá trình công tác tại đơn vị sẽ kết thúc.",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transfer_people_to"].queryset = units if units is not None else Unit.objects.none()


MAX_SPLIT_PARTS = 6
PART_FIELDS = ("name", "code", "kind", "sector", "parent")


class SplitForm(DocumentFields):
    """A split: the new units (part_<n>_<field>) and where each person / sub-unit goes (person_<id>, child_<id>)."""

    def __init__(self, *args, unit, parts: int, people, children, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.part_count = parts
        self.people = list(people)
        self.children_units = list(children)
        part_choices = [("", "— chưa chọn —")] + [(str(n), f"Đơn vị mới {n}") for n in range(1, parts + 1)]
        for n in range(1, parts + 1):
            self.fields[f"part_{n}_name"] = forms.CharField(label="Tên đơn vị mới", max_length=255)
            self.fields[f"part_{n}_code"] = forms.CharField(label="Mã đơn vị", max_length=40)
            self.fields[f"part_{n}_kind"] = forms.ChoiceField(
                label="Loại đơn vị", choices=UnitKind.choices, initial=unit.kind
            )
            self.fields[f"part_{n}_sector"] = forms.ChoiceField(
                label="Lĩnh vực", choices=Sector.choices, initial=unit.sector
            )
            self.fields[f"part_{n}_parent"] = UnitChoiceField(
                label="Đơn vị cấp trên", queryset=parents, initial=unit.parent_id
            )
        # Unassigned is allowed here so the service reports every missing person at once.
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=part_choices, required=False
            )
        for child in self.children_units:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=part_choices, required=False)

    def part_field_groups(self):
        return [[self[f"part_{n}_{f}"] for f in PART_FIELDS] for n in range(1, self.part_count + 1)]

    def people_fields(self):
        return [(p, self[f"person_{p.pk}"]) for p in self.people]

    def child_fields(self):
        return [(c, self[f"child_{c.pk}"]) for c in self.children_units]

    def parts(self):
        data = self.cleaned_data
        result = []
        for n in range(1, self.part_count + 1):
            result.append(
                SplitPart(
                    data={f: data.get(f"part_{n}_{f}") for f in PART_FIELDS},
                    person_ids=[p.pk for p in self.people if data.get(f"person_{p.pk}") == str(n)],
                    subunit_ids=[c.pk for c in self.children_units if data.get(f"child_{c.pk}") == str(n)],
                )
            )
        return result
