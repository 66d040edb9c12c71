"""Validation and planning of unit changes: reads only, never writes.

Services run these inside their transaction (on freshly locked rows) before changing anything;
the wizards run them to show the confirmation page ("what will happen"). Every message is
Vietnamese and keyed by the form field it belongs to, so forms can show it next to the input.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core import text
from thidua.people.models import Household, Person

from .models import Sector, SuccessionKind, Unit, UnitKind

ONE_DAY = dt.timedelta(days=1)

UNIT_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "sector",
    "parent",
    "valid_from",
    "valid_to",
    "is_commendation_office",
    "address",
)


def vdate(value) -> str:
    return text.vdate(value, "—")


def closed_label(unit) -> str:
    return f"Đơn vị “{unit.name}” đã giải thể/sáp nhập (hết hiệu lực từ ngày {vdate(unit.valid_to + ONE_DAY)})."


def _people_of(**filters):
    """People to move, locked when a service runs the plan (so a concurrent move cannot be overwritten)."""
    people = Person.objects.filter(**filters).order_by("search_text", "id")
    return people.select_for_update() if transaction.get_connection().in_atomic_block else people


def unit_accepts_members(unit) -> bool:
    """A dissolved or merged unit receives no new people and no new sub-units."""
    return unit is not None and unit.valid_to is None


def assert_unit_accepts_members(unit, *, field_name="unit"):
    """For other apps (people) before attaching someone to a unit."""
    if unit is not None and not unit_accepts_members(unit):
        raise ValidationError({field_name: f"{closed_label(unit)} Không thể chuyển thêm người hoặc đơn vị vào."})


class _Errors:
    """Collects messages per field and raises them together."""

    def __init__(self):
        self.items: dict[str, list[str]] = {}

    def add(self, key: str, message: str):
        self.items.setdefault(key, []).append(message)

    def merge(self, exc: ValidationError, prefix: str = ""):
        for key, messages in exc.message_dict.items():
            for message in messages:
                self.add(f"{prefix}{key}" if key != "__all__" or not prefix else "__all__", message)

    def __bool__(self):
        return bool(self.items)

    def raise_if_any(self):
        if self.items:
            raise ValidationError(self.items)


def _resolve_parent(value):
    if value in (None, ""):
        return None
    if isinstance(value, Unit):
        return value
    try:
        return Unit.objects.get(pk=value)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"parent": "Đơn vị cấp trên không tồn tại."}) from None


def clean_unit_data(data: dict, *, instance: Unit | None = None, reserved_codes: set[str] | None = None) -> dict:
    """Check a unit's data; returns the cleaned values or raises ValidationError (Vietnamese, per field).

    Rules: name and code required; code unique (also among `reserved_codes`, for units created
    together); kind and sector from the lists; the parent exists, is active (a closed unit takes no
    new sub-units) and is not the unit itself or one of its sub-units; valid_to ≥ valid_from.
    """
    errors = _Errors()
    base = {f: getattr(instance, f) for f in UNIT_FIELDS} if instance else {}
    values = {**base, **{k: v for k, v in data.items() if k in UNIT_FIELDS}}
    cleaned = {}

    name = (values.get("name") or "").strip()
    if not name:
        errors.add("name", "Vui lòng nhập tên đơn vị.")
    cleaned["name"] = name
    cleaned["short_name"] = (values.get("short_name") or "").strip()
    cleaned["address"] = (values.get("address") or "").strip()

    code = (values.get("code") or "").strip().upper()
    if not code:
        errors.add("code", "Vui lòng nhập mã đơn vị.")
    else:
        clash = Unit.objects.filter(code__iexact=code)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        other = clash.first()
        if other is not None:
            errors.add("code", f"Mã đơn vị “{code}” đã được dùng cho đơn vị “{other.name}”.")
        elif reserved_codes and code in reserved_codes:
            errors.add("code", f"Mã đơn vị “{code}” bị trùng với một đơn vị mới khác.")
    cleaned["code"] = code

    kind = values.get("kind") or ""
    if kind not in UnitKind.values:
        errors.add("kind", "Vui lòng chọn loại đơn vị hợp lệ.")
    cleaned["kind"] = kind
    sector = values.get("sector") or Sector.GOVERNMENT
    if sector not in Sector.values:
        errors.add("sector", "Vui lòng chọn lĩnh vực hợp lệ.")
    cleaned["sector"] = sector
    cleaned["is_commendation_office"] = bool(values.get("is_commendation_office"))

    try:
        parent = _resolve_parent(values.get("parent"))
    except ValidationError as exc:
        errors.merge(exc)
        parent = None
    if instance is not None and instance.pk and instance.parent_id is None and parent is not None:
        errors.add("parent", "Đơn vị gốc (cấp tỉnh) không có đơn vị cấp trên.")
    elif instance is not None and instance.pk and parent is not None and parent.path.startswith(instance.path):
        errors.add("parent", "Không thể đặt đơn vị cấp trên là chính đơn vị này hoặc một đơn vị trực thuộc của nó.")
    elif parent is None and (instance is None or instance.parent_id is not None) and Unit.objects.exists():
        errors.add("parent", "Vui lòng chọn đơn vị cấp trên.")
    changed_parent = parent is not None and (instance is None or instance.parent_id != parent.pk)
    if changed_parent and not unit_accepts_members(parent):
        errors.add("parent", f"{closed_label(parent)} Không thể nhận thêm đơn vị trực thuộc.")
    cleaned["parent"] = parent

    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if instance is not None and instance.pk and valid_to != instance.valid_to:
        # Closing or reopening a unit goes through merge / split / dissolve, which keep the succession record.
        errors.add(
            "valid_to", "Chỉ có thể kết thúc hiệu lực của đơn vị bằng thao tác sáp nhập, chia tách hoặc giải thể."
        )
    elif instance is not None and instance.pk and instance.valid_to is not None and data:
        errors.add("name", f"{closed_label(instance)} Không thể sửa thông tin đơn vị đã kết thúc hiệu lực.")
    if valid_from and valid_to and valid_to < valid_from:
        errors.add("valid_to", "Ngày hết hiệu lực phải bằng hoặc sau ngày bắt đầu hiệu lực.")
    cleaned["valid_from"], cleaned["valid_to"] = valid_from, valid_to

    errors.raise_if_any()
    return cleaned


def _check_document(errors: _Errors, *, date, document_number, document_date):
    if not date:
        errors.add("date", "Vui lòng nhập ngày hiệu lực của việc sắp xếp.")
    if not (document_number or "").strip():
        errors.add("document_number", "Vui lòng nhập số, ký hiệu văn bản quyết định việc sắp xếp.")
    if document_date and date and document_date > date + dt.timedelta(days=366):
        errors.add("document_date", "Ngày văn bản không hợp lý so với ngày hiệu lực.")


def _check_reorganisable(errors: _Errors, unit: Unit, *, key: str, date):
    """The province root and closed units are never reorganised."""
    if unit.parent_id is None:
        errors.add(key, f"Không thể sắp xếp đơn vị gốc “{unit.name}” (cấp tỉnh).")
        return
    if not unit.is_active:
        errors.add(key, closed_label(unit))
        return
    if date and unit.valid_from and date <= unit.valid_from:
        errors.add(
            "date",
            f"Ngày hiệu lực phải sau ngày bắt đầu hiệu lực của đơn vị “{unit.name}” ({vdate(unit.valid_from)}).",
        )


@dataclass
class MergePlan:
    kind: str
    predecessors: list
    successor: Unit | None  # None: a new unit will be created (consolidation)
    new_unit: dict | None
    date: dt.date
    people: list
    children: list
    households_count: int

    @property
    def closing_date(self):
        return self.date - ONE_DAY

    @property
    def successor_name(self) -> str:
        return self.successor.name if self.successor else self.new_unit["name"]


def merge_plan(*, predecessors, successor=None, new_unit_data=None, date, document_number, document_date=None):
    """What a merge (into `successor`) or consolidation (into a new unit) would do, or why it cannot."""
    errors = _Errors()
    predecessors = list(predecessors)
    seen = set()
    for unit in predecessors:
        if unit.pk in seen:
            errors.add("predecessors", f"Đơn vị “{unit.name}” được chọn hai lần.")
        seen.add(unit.pk)
    if successor is None and new_unit_data is None:
        errors.add("successor", "Vui lòng chọn đơn vị kế thừa hoặc nhập thông tin đơn vị mới.")
    if successor is not None and new_unit_data is not None:
        errors.add("successor", "Chỉ chọn một trong hai: đơn vị kế thừa hiện có hoặc đơn vị mới.")
    min_count = 1 if successor is not None else 2
    if len(seen) < min_count:
        errors.add(
            "predecessors",
            "Vui lòng chọn ít nhất một đơn vị để sáp nhập."
            if min_count == 1
            else "Hợp nhất thành đơn vị mới cần ít nhất hai đơn vị.",
        )
    _check_document(errors, date=date, document_number=document_number, document_date=document_date)
    for unit in predecessors:
        _check_reorganisable(errors, unit, key="predecessors", date=date)
    for unit in predecessors:
        for other in predecessors:
            if unit.pk != other.pk and unit.path.startswith(other.path):
                errors.add(
                    "predecessors",
                    f"“{unit.name}” trực thuộc “{other.name}”: chỉ chọn đơn vị cấp trên, "
                    "đơn vị trực thuộc sẽ được chuyển theo.",
                )
    new_unit = None
    if successor is not None:
        if successor.pk in seen:
            errors.add("successor", f"Đơn vị kế thừa “{successor.name}” không được nằm trong các đơn vị bị sáp nhập.")
        elif not unit_accepts_members(successor):
            errors.add("successor", f"{closed_label(successor)} Không thể sáp nhập vào.")
        elif any(successor.path.startswith(u.path) for u in predecessors):
            errors.add("successor", "Đơn vị kế thừa không được là đơn vị trực thuộc của đơn vị bị sáp nhập.")
    elif new_unit_data is not None:
        try:
            new_unit = clean_unit_data({**new_unit_data, "valid_from": date, "valid_to": None})
        except ValidationError as exc:
            errors.merge(exc)
        else:
            parent = new_unit["parent"]
            if parent is not None and any(parent.path.startswith(u.path) for u in predecessors):
                errors.add(
                    "parent", "Đơn vị cấp trên của đơn vị mới không được là đơn vị bị hợp nhất hoặc trực thuộc nó."
                )
    errors.raise_if_any()
    ids = [u.pk for u in predecessors]
    return MergePlan(
        kind=SuccessionKind.MERGE if successor is not None else SuccessionKind.CONSOLIDATE,
        predecessors=predecessors,
        successor=successor,
        new_unit=new_unit,
        date=date,
        people=list(_people_of(unit_id__in=ids)),
        children=list(Unit.objects.filter(parent_id__in=ids, valid_to__isnull=True).order_by("path")),
        households_count=Household.objects.filter(unit_id__in=ids).count(),
    )


@dataclass
class SplitPart:
    """One new unit of a split: its data, the people and the sub-units that go to it."""

    data: dict
    person_ids: list = field(default_factory=list)
    subunit_ids: list = field(default_factory=list)


@dataclass
class SplitPlan:
    unit: Unit
    parts: list  # of (cleaned data, [Person], [Unit])
    date: dt.date

    @property
    def closing_date(self):
        return self.date - ONE_DAY


def _as_part(part) -> SplitPart:
    if isinstance(part, SplitPart):
        return part
    data, *rest = part
    return SplitPart(data, list(rest[0]) if rest else [], list(rest[1]) if len(rest) > 1 else [])


def split_plan(*, unit, parts, date, document_number, document_date=None):
    """Check a split; every current person and active sub-unit must go to exactly one new unit.

    Errors on the new units are keyed `part_<n>_<field>` (n from 1); on people `person_<id>`,
    on sub-units `child_<id>`.
    """
    errors = _Errors()
    parts = [_as_part(p) for p in parts]
    _check_document(errors, date=date, document_number=document_number, document_date=document_date)
    _check_reorganisable(errors, unit, key="__all__", date=date)
    if len(parts) < 2:
        errors.add("__all__", "Chia tách phải tạo ít nhất hai đơn vị mới.")
    cleaned_parts = []
    codes = set()
    for n, part in enumerate(parts, start=1):
        data = {"parent": unit.parent, **part.data, "valid_from": date, "valid_to": None}
        try:
            cleaned = clean_unit_data(data, reserved_codes=codes)
        except ValidationError as exc:
            errors.merge(exc, prefix=f"part_{n}_")
            cleaned = None
        else:
            codes.add(cleaned["code"])
            if cleaned["parent"].path.startswith(unit.path):
                errors.add(f"part_{n}_parent", "Đơn vị cấp trên không được là đơn vị bị chia tách hoặc trực thuộc nó.")
        cleaned_parts.append(cleaned)

    people = {p.pk: p for p in _people_of(unit=unit)}
    children = {u.pk: u for u in Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path")}
    assigned_people: dict[int, int] = {}
    assigned_children: dict[int, int] = {}
    for n, part in enumerate(parts, start=1):
        for kind, ids, pool, assigned, label in (
            ("person", part.person_ids, people, assigned_people, "Cá nhân"),
            ("child", part.subunit_ids, children, assigned_children, "Đơn vị trực thuộc"),
        ):
            for raw in ids:
                pk = int(raw)
                if pk not in pool:
                    errors.add("__all__", f"{label} mã {pk} không thuộc đơn vị “{unit.name}” (hoặc đã hết hiệu lực).")
                elif pk in assigned and assigned[pk] != n:
                    errors.add(f"{kind}_{pk}", f"“{pool[pk]}” được phân vào nhiều đơn vị mới.")
                else:
                    assigned[pk] = n
    missing_people = [p for pk, p in people.items() if pk not in assigned_people]
    for person in missing_people:
        errors.add(f"person_{person.pk}", "Chưa phân vào đơn vị mới nào.")
    if missing_people:
        names = ", ".join(p.full_name for p in missing_people[:5]) + ("…" if len(missing_people) > 5 else "")
        errors.add(
            "__all__",
            f"Mỗi cá nhân đang công tác tại đơn vị phải được phân vào đúng một đơn vị mới; "
            f"còn {len(missing_people)} người chưa được phân: {names}.",
        )
    missing_children = [u for pk, u in children.items() if pk not in assigned_children]
    for child in missing_children:
        errors.add(f"child_{child.pk}", "Chưa phân vào đơn vị mới nào.")
    if missing_children:
        errors.add(
            "__all__",
            f"Mỗi đơn vị trực thuộc đang hoạt động phải được phân vào đúng một đơn vị mới; "
            f"còn {len(missing_children)} đơn vị chưa được phân.",
        )
    errors.raise_if_any()
    plan_parts = []
    for n, cleaned in enumerate(cleaned_parts, start=1):
        plan_parts.append(
            (
                cleaned,
                [p for pk, p in people.items() if assigned_people.get(pk) == n],
                [u for pk, u in children.items() if assigned_children.get(pk) == n],
            )
        )
    return SplitPlan(unit=unit, parts=plan_parts, date=date)


@dataclass
class DissolvePlan:
    unit: Unit
    transfer_to: Unit | None
    date: dt.date
    people: list
    households_count: int

    @property
    def closing_date(self):
        return self.date - ONE_DAY


def dissolve_plan(*, unit, date, document_number, document_date=None, transfer_people_to=None):
    """Check a dissolution. Active sub-units must be reorganised first (they cannot hang under a closed unit)."""
    errors = _Errors()
    _check_document(errors, date=date, document_number=document_number, document_date=document_date)
    _check_reorganisable(errors, unit, key="__all__", date=date)
    children = list(Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path")[:6])
    if children:
        names = ", ".join(c.name for c in children[:5]) + ("…" if len(children) > 5 else "")
        errors.add(
            "__all__",
            f"Đơn vị còn đơn vị trực thuộc đang hoạt động ({names}); "
            "hãy sáp nhập, chuyển hoặc giải thể các đơn vị này trước.",
        )
    if transfer_people_to is not None:
        if transfer_people_to.pk == unit.pk or transfer_people_to.path.startswith(unit.path):
            errors.add("transfer_people_to", "Đơn vị tiếp nhận không được là đơn vị bị giải thể hoặc trực thuộc nó.")
        elif not unit_accepts_members(transfer_people_to):
            errors.add("transfer_people_to", f"{closed_label(transfer_people_to)} Không thể tiếp nhận cá nhân.")
    errors.raise_if_any()
    return DissolvePlan(
        unit=unit,
        transfer_to=transfer_people_to,
        date=date,
        people=list(_people_of(unit=unit)),
        households_count=Household.objects.filter(unit=unit).count(),
    )
