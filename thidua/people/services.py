"""Writes to people and their yearly facts. One transaction, one permission check, one audit event each.

Facts are what eligibility is computed from (Luật Thi đua, khen thưởng 2022; NĐ 152/2025):
annual ratings, initiatives, discipline (achievements count again only after it ends — law.md P3)
and embargoes (no award may be proposed while one lasts — NĐ 152/2025, Điều 4, khoản 4).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.org.checks import assert_unit_accepts_members
from thidua.org.models import Unit

from .models import (
    AnnualRating,
    Discipline,
    DisciplineLevel,
    Embargo,
    EmbargoReason,
    Employment,
    EmploymentType,
    Grade,
    Initiative,
    InitiativeScope,
    Person,
    Sex,
)
from .selectors import NATIONAL_ID_RE, person_possible_duplicates

PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "national_id",
    "position",
    "employment_type",
    "is_direct_worker",
)

MSG_NATIONAL_ID_FORMAT = "Số CCCD phải gồm đúng 12 chữ số."
MSG_NATIONAL_ID_TAKEN = "Số CCCD này đã có trong hệ thống (đã được gán cho một cá nhân khác)."


class PossibleDuplicate(Exception):
    """Someone in scope has the same name and birth date; the officer must confirm before creating."""

    def __init__(self, matches):
        super().__init__("Có thể trùng cá nhân đã có.")
        self.matches = matches


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, perm, obj):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def _raise(errors: dict):
    if errors:
        raise ValidationError(errors)


def _check_choice(errors, data, name, choices, label):
    if data.get(name) not in choices.values:
        errors[name] = f"{label} không hợp lệ."


def _check_year(errors, person, year, name="year"):
    """A fact's year is neither in the future nor before the person was born."""
    if year is None:
        errors[name] = "Vui lòng nhập năm."
        return
    if year > _today().year:
        errors[name] = f"Năm {year} chưa đến; không thể ghi nhận cho năm trong tương lai."
    elif person.birth_date and year < person.birth_date.year:
        errors[name] = f"Năm {year} trước năm sinh của cá nhân ({person.birth_date.year})."


def _locked_open_unit(unit):
    """The unit re-read under a row lock: a merge or dissolution running at the same time must not be missed."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    assert_unit_accepts_members(unit)
    return unit


def _clean_person(data: dict, *, exclude_pk=None) -> dict:
    """Normalised person fields, or ValidationError with Vietnamese messages per field."""
    values = {name: data.get(name) for name in PERSON_FIELDS}
    values["full_name"] = " ".join((values["full_name"] or "").split())
    values["ethnicity"] = (values["ethnicity"] or "").strip() or "Kinh"
    values["position"] = (values["position"] or "").strip()
    values["national_id"] = (values["national_id"] or "").strip() or None
    values["is_direct_worker"] = bool(values["is_direct_worker"])
    errors = {}
    if not values["full_name"]:
        errors["full_name"] = "Vui lòng nhập họ và tên."
    _check_choice(errors, values, "sex", Sex, "Giới tính")
    _check_choice(errors, values, "employment_type", EmploymentType, "Loại đối tượng")
    if values["birth_date"] and values["birth_date"] > _today():
        errors["birth_date"] = "Ngày sinh không được sau ngày hôm nay."
    nid = values["national_id"]
    if nid is not None:
        if not NATIONAL_ID_RE.match(nid):
            errors["national_id"] = MSG_NATIONAL_ID_FORMAT
        # Whoever holds it may be outside the actor's units: say only that it exists.
        elif Person.objects.filter(national_id=nid).exclude(pk=exclude_pk).exists():
            errors["national_id"] = MSG_NATIONAL_ID_TAKEN
    _raise(errors)
    return values


def _save(obj):
    """Save; a concurrent duplicate CCCD surfaces as the same Vietnamese message."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if "national_id" in str(exc):
            raise ValidationError({"national_id": MSG_NATIONAL_ID_TAKEN}) from exc
        raise


def person_create(*, actor, data: dict, confirmed_duplicate: bool = False) -> Person:
    """Create a person in a unit of the actor's scope.

    Raises PossibleDuplicate when someone in scope has the same name and birth date, unless
    the officer confirmed they are a different person.
    """
    unit = data.get("unit")
    if unit is None:
        raise ValidationError({"unit": "Vui lòng chọn đơn vị công tác."})
    _require(actor, "people.create_person_in", unit)
    assert_unit_accepts_members(unit)
    with transaction.atomic():
        unit = _locked_open_unit(unit)
        values = _clean_person(data)
        if not confirmed_duplicate:
            matches = person_possible_duplicates(
                actor=actor, full_name=values["full_name"], birth_date=values["birth_date"]
            )
            if matches:
                raise PossibleDuplicate(matches)
        person = Person(unit=unit, **values)
        _save(person)
        audit(actor=actor, action="person.create", obj=person, unit=unit, summary=f"Thêm cá nhân {person.full_name}")
    return person


def person_update(*, actor, person: Person, data: dict) -> Person:
    """Edit a person's identity fields (the unit changes through employment_add)."""
    _require(actor, "people.edit_person", person)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        _require(actor, "people.edit_person", person)
        values = _clean_person(data, exclude_pk=person.pk)
        changed = [name for name, value in values.items() if getattr(person, name) != value]
        for name, value in values.items():
            setattr(person, name, value)
        _save(person)
        audit(
            actor=actor,
            action="person.update",
            obj=person,
            unit=person.unit,
            summary=f"Sửa thông tin cá nhân {person.full_name}",
            data={"fields": changed},
        )
    return person


def rating_set(*, actor, person: Person, year, grade, note: str = "") -> AnnualRating:
    """Record the year's rating; one per person and year, so a second entry updates it (history kept)."""
    _require(actor, "people.edit_person", person)
    errors = {}
    _check_year(errors, person, year)
    if grade not in Grade.values:
        errors["grade"] = "Xếp loại không hợp lệ."
    _raise(errors)
    with transaction.atomic():
        # Lock the person: two officers entering the first rating of a year must not collide.
        person = Person.objects.select_for_update().get(pk=person.pk)
        rating = AnnualRating.objects.select_for_update().filter(person=person, year=year).first()
        created = rating is None
        old = None if created else rating.grade
        if created:
            rating = AnnualRating(person=person, year=year)
        rating.grade = grade
        rating.note = (note or "").strip()
        rating.save()
        summary = f"Xếp loại năm {year} của {person.full_name}: {rating.get_grade_display()}"
        if old and old != grade:
            summary += f" (trước đây: {Grade(old).label})"
        audit(
            actor=actor,
            action="rating.set",
            obj=rating,
            unit=person.unit,
            summary=summary,
            data={"year": year, "grade": grade, "previous": old},
        )
    return rating


def _clean_initiative(person, data) -> dict:
    values = {
        "title": " ".join((data.get("title") or "").split()),
        "scope": data.get("scope"),
        "recognising_body": (data.get("recognising_body") or "").strip(),
        "year": data.get("year"),
        "is_science_work": bool(data.get("is_science_work")),
    }
    errors = {}
    if not values["title"]:
        errors["title"] = "Vui lòng nhập tên sáng kiến, đề tài."
    if not values["recognising_body"]:
        errors["recognising_body"] = "Vui lòng nhập cơ quan công nhận."
    _check_choice(errors, values, "scope", InitiativeScope, "Phạm vi ảnh hưởng")
    _check_year(errors, person, values["year"])
    _raise(errors)
    return values


def initiative_add(*, actor, person: Person, data: dict) -> Initiative:
    _require(actor, "people.edit_person", person)
    values = _clean_initiative(person, data)
    with transaction.atomic():
        initiative = Initiative.objects.create(person=person, **values)
        audit(
            actor=actor,
            action="initiative.add",
            obj=initiative,
            unit=person.unit,
            summary=f"Thêm sáng kiến năm {initiative.year} của {person.full_name}: {initiative.title}",
        )
    return initiative


def initiative_update(*, actor, initiative: Initiative, data: dict) -> Initiative:
    person = initiative.person
    _require(actor, "people.edit_person", person)
    values = _clean_initiative(person, data)
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        for name, value in values.items():
            setattr(initiative, name, value)
        initiative.save()
        audit(
            actor=actor,
            action="initiative.update",
            obj=initiative,
            unit=person.unit,
            summary=f"Sửa sáng kiến của {person.full_name}: {initiative.title}",
        )
    return initiative


def _check_dates(errors, person, start, end, *, end_required):
    if start is None:
        errors["start_date"] = "Vui lòng nhập ngày bắt đầu."
        return
    if start > _today():
        errors["start_date"] = "Ngày bắt đầu không được sau ngày hôm nay."
    elif person.birth_date and start < person.birth_date:
        errors["start_date"] = "Ngày bắt đầu trước ngày sinh của cá nhân."
    if end is None:
        if end_required:
            errors["end_date"] = "Vui lòng nhập ngày kết thúc."
    elif end < start:
        errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."


def discipline_add(*, actor, person: Person, data: dict) -> Discipline:
    """Record a disciplinary measure; achievements count again only after its end (law.md P3)."""
    _require(actor, "people.edit_person", person)
    errors = {}
    _check_choice(errors, data, "level", DisciplineLevel, "Hình thức kỷ luật")
    _check_dates(errors, person, data.get("start_date"), data.get("end_date"), end_required=True)
    _raise(errors)
    with transaction.atomic():
        discipline = Discipline.objects.create(
            person=person,
            level=data["level"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            decision_number=(data.get("decision_number") or "").strip(),
            reason=(data.get("reason") or "").strip(),
        )
        audit(
            actor=actor,
            action="discipline.add",
            obj=discipline,
            unit=person.unit,
            summary=f"Ghi nhận kỷ luật {discipline.get_level_display().lower()} đối với {person.full_name}",
        )
    return discipline


def embargo_add(*, actor, person: Person, data: dict) -> Embargo:
    """Stop award proposals for the person while a review is pending (NĐ 152/2025, Điều 4, khoản 4)."""
    _require(actor, "people.edit_person", person)
    errors = {}
    _check_choice(errors, data, "reason", EmbargoReason, "Lý do")
    _check_dates(errors, person, data.get("start_date"), data.get("end_date"), end_required=False)
    _raise(errors)
    with transaction.atomic():
        embargo = Embargo.objects.create(
            person=person,
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            note=(data.get("note") or "").strip(),
        )
        audit(
            actor=actor,
            action="embargo.add",
            obj=embargo,
            unit=person.unit,
            summary=f"Tạm dừng xét khen thưởng đối với {person.full_name}: {embargo.get_reason_display()}",
        )
    return embargo


def embargo_end(*, actor, embargo: Embargo, end_date, note: str = "") -> Embargo:
    """Lift an embargo from a date (the review is closed); award proposals may proceed after it."""
    person = embargo.person
    _require(actor, "people.edit_person", person)
    with transaction.atomic():
        embargo = Embargo.objects.select_for_update().get(pk=embargo.pk)
        errors = {}
        if embargo.end_date is not None:
            errors["end_date"] = f"Việc tạm dừng này đã kết thúc từ ngày {embargo.end_date:%d/%m/%Y}."
        elif end_date is None:
            errors["end_date"] = "Vui lòng nhập ngày kết thúc."
        elif end_date < embargo.start_date:
            errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."
        elif end_date > _today():
            errors["end_date"] = "Ngày kết thúc không được sau ngày hôm nay."
        _raise(errors)
        embargo.end_date = end_date
        if note:
            embargo.note = f"{embargo.note}\n{note}".strip()[:500]
        embargo.save()
        audit(
            actor=actor,
            action="embargo.end",
            obj=embargo,
            unit=person.unit,
            summary=f"Kết thúc tạm dừng xét khen thưởng đối với {person.full_name} từ {end_date:%d/%m/%Y}",
        )
    return embargo


def employment_add(*, actor, person: Person, data: dict) -> Employment:
    """Record a new post; the open one ends the day before. Moving to another unit needs that unit in scope."""
    _require(actor, "people.edit_person", person)
    unit = data.get("unit")
    if unit is None:
        raise ValidationError({"unit": "Vui lòng chọn đơn vị công tác."})
    if unit.pk != person.unit_id:
        _require(actor, "people.create_person_in", unit)
    assert_unit_accepts_members(unit)
    start = data.get("start_date")
    errors = {}
    _check_dates(errors, person, start, None, end_required=False)
    _raise(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        _require(actor, "people.edit_person", person)
        unit = _locked_open_unit(unit)
        previous_unit = person.unit
        open_ones = list(Employment.objects.select_for_update().filter(person=person, end_date__isnull=True))
        for employment in open_ones:
            if employment.start_date >= start:
                raise ValidationError(
                    {
                        "start_date": "Ngày bắt đầu phải sau ngày bắt đầu của quá trình công tác hiện tại "
                        f"({employment.start_date:%d/%m/%Y})."
                    }
                )
            employment.end_date = start - dt.timedelta(days=1)
            employment.save(update_fields=["end_date"])
        position = (data.get("position") or "").strip()
        employment = Employment.objects.create(
            person=person, unit=unit, position=position, start_date=start, note=(data.get("note") or "").strip()
        )
        person.unit = unit
        if position:
            person.position = position
        person.save()
        moved = previous_unit is not None and previous_unit.pk != unit.pk
        summary = (
            f"Chuyển {person.full_name} từ {previous_unit} sang {unit} từ {start:%d/%m/%Y}"
            if moved
            else f"Ghi nhận quá trình công tác của {person.full_name} tại {unit} từ {start:%d/%m/%Y}"
        )
        audit(
            actor=actor,
            action="employment.add",
            obj=employment,
            unit=unit,
            summary=summary,
            data={"from_unit": previous_unit.pk if previous_unit else None, "to_unit": unit.pk},
        )
    return employment
