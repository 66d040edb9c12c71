"""Emulation registration (đăng ký thi đua): writes.

At the start of a year (or of a movement) each unit registers the titles its collectives and its
people aim for. A registration is drafted (lines added, removed, imported from Excel), then sent
to the province (SUBMITTED: its lines are frozen); the province may reopen it.

Every service runs in one transaction, checks "movements.act_for_unit" on the registration's unit,
locks the registration row (two officers acting at once cannot both change a frozen registration),
and writes one AuditEvent with a Vietnamese summary.

Rules of a line (checked by `line_errors`, shared by the screen and the Excel import):
- a person must work in the registering unit or one of its sub-units, in a unit that still exists,
  and still be at work (not every employment ended);
- a collective must be the registering unit itself or one of its sub-units, not dissolved or merged;
- the award type must be registrable (REGISTRABLE_CODES), active, and for that kind of subject;
- one subject registers one title once per registration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone

from thidua.catalog.models import AwardType
from thidua.core.audit import audit
from thidua.core.text import fold_vi
from thidua.org.checks import closed_label
from thidua.org.models import Unit
from thidua.people.models import Employment, Person

from ..models import Movement, Registration, RegistrationLine, RegistrationState, State
from ..registration_excel import PERSON_TEXT, UNIT_TEXT, ImportReport, ImportRow, parse_date
from ..rules import is_province

# What a unit may register at the start of a year or a movement: the annual emulation titles of
# individuals (LĐTT, CSTĐCS) and collectives (TTLĐTT, TTLĐXS), the provincial titles and forms a
# unit aims for through the year (CSTĐ cấp tỉnh, Bằng khen and Cờ thi đua of the province).
# State-level forms (Huân chương, Bằng khen TTg…) are proposed in a nomination dossier, not
# registered; Giấy khen is the unit head's own reward. Keep this list short and explicit.
REGISTRABLE_CODES = ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "TTLDTT", "TTLDXS", "CO_TINH", "BK_TINH_TT")
# Short column labels of the province's overview and exports.
SHORT_LABELS = {
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "BK_TINH": "Bằng khen tỉnh (cá nhân)",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
    "CO_TINH": "Cờ thi đua tỉnh",
    "BK_TINH_TT": "Bằng khen tỉnh (tập thể)",
}
FIRST_YEAR_BACK = 5  # a registration may be recorded for up to five years back (late data entry)
OPEN_MOVEMENT_STATES = (State.LAUNCHED, State.UNDER_WAY)
NOTE_MAX = 255

MSG_FROZEN = (
    "Bản đăng ký đã gửi nên không sửa được. Nếu cần điều chỉnh, đề nghị Sở Nội vụ (Ban Thi đua – Khen thưởng) mở lại."
)
MSG_NO_PERMISSION = "Bạn không có quyền đăng ký thi đua cho đơn vị này."


def registration_label(registration: Registration) -> str:
    """ "Đăng ký thi đua năm 2026 của Sở Y tế" (+ "theo phong trào “…”")."""
    text = f"đăng ký thi đua năm {registration.year} của {registration.unit}"
    if registration.movement_id:
        text += f" theo phong trào “{registration.movement}”"
    return text


def registration_title(registration: Registration) -> str:
    """ "Đăng ký thi đua năm 2026 của Sở Y tế" — the label, capitalised, for headings and files."""
    label = registration_label(registration)
    return label[:1].upper() + label[1:]


def subject_name(subject) -> str:
    return subject.full_name if isinstance(subject, Person) else subject.name


# --- permission and locking ------------------------------------------------------------------------


def _require_unit(actor, unit) -> None:
    if not actor.has_perm("movements.act_for_unit", unit):
        raise PermissionDenied(MSG_NO_PERMISSION)


def _require_province(actor) -> None:
    if not is_province(actor):
        raise PermissionDenied("Chỉ Sở Nội vụ (Ban Thi đua – Khen thưởng) được mở lại bản đăng ký đã gửi.")


def _locked(registration: Registration) -> Registration:
    """The registration re-read under a row lock, with its unit and movement."""
    return (
        Registration.objects.select_for_update(of=("self",)).select_related("unit", "movement").get(pk=registration.pk)
    )


def _require_draft(registration: Registration) -> None:
    if registration.state != RegistrationState.DRAFT:
        raise ValidationError(MSG_FROZEN, code="frozen")


def _require_open_unit(unit: Unit) -> None:
    if not unit.is_active:
        raise ValidationError(f"{closed_label(unit)} Không đăng ký thi đua cho đơn vị này được.", code="closed_unit")


# --- opening --------------------------------------------------------------------------------------


def year_bounds(today: dt.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year - FIRST_YEAR_BACK, today.year + 1


def _check_year_and_movement(year, movement: Movement | None, actor) -> dict[str, str]:
    errors = {}
    first, last = year_bounds()
    if not isinstance(year, int) or not first <= year <= last:
        errors["year"] = f"Năm đăng ký phải từ {first} đến {last}."
    if movement is not None:
        if not actor.has_perm("movements.view", movement):
            errors["movement"] = "Không tìm thấy phong trào này."
        elif movement.state not in OPEN_MOVEMENT_STATES:
            errors["movement"] = (
                f"Phong trào “{movement}” đang ở trạng thái “{movement.get_state_display()}”: "
                "chỉ đăng ký theo phong trào đã phát động, đang triển khai."
            )
        elif isinstance(year, int) and (
            (movement.period_start and year < movement.period_start.year)
            or (movement.period_end and year > movement.period_end.year)
        ):
            start = movement.period_start.strftime("%d/%m/%Y") if movement.period_start else "…"
            end = movement.period_end.strftime("%d/%m/%Y") if movement.period_end else "…"
            errors["year"] = f"Năm {year} nằm ngoài thời gian của phong trào ({start} – {end})."
    return errors


def registration_open(*, actor, unit: Unit, year: int, movement: Movement | None = None) -> Registration:
    """The unit's registration for the year (or for the movement in that year), created as a draft
    if it does not exist yet. A dissolved or merged unit registers nothing."""
    _require_unit(actor, unit)
    errors = _check_year_and_movement(year, movement, actor)
    if errors:
        raise ValidationError(errors)
    existing = _find(unit, year, movement)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            unit = Unit.objects.select_for_update().get(pk=unit.pk)
            _require_open_unit(unit)
            registration = Registration.objects.create(unit=unit, year=year, movement=movement)
            audit(
                actor=actor,
                action="registration.open",
                obj=registration,
                unit=unit,
                summary=f"Mở bản {registration_label(registration)}",
                data={"year": year, "movement": movement.pk if movement else None},
            )
    except IntegrityError:
        # Someone opened the same registration at the same moment: use theirs.
        existing = _find(unit, year, movement)
        if existing is None:
            raise
        return existing
    return registration


def _find(unit, year, movement) -> Registration | None:
    qs = Registration.objects.select_related("unit", "movement").filter(unit=unit, year=year)
    qs = qs.filter(movement=movement) if movement is not None else qs.filter(movement__isnull=True)
    return qs.first()


# --- the rules of a line ------------------------------------------------------------------------


def registrable_award_types():
    """Active award types a unit may register, in catalogue order."""
    return AwardType.objects.filter(code__in=REGISTRABLE_CODES, active=True).order_by("sort_order", "code")


def _registrable_names() -> str:
    names = dict(AwardType.objects.filter(code__in=REGISTRABLE_CODES).values_list("code", "name"))
    return ", ".join(names.get(code, code) for code in REGISTRABLE_CODES)


def at_work_q(prefix: str = "") -> Q:
    """People still at work: no employment history at all, or an employment not ended by today."""
    today = timezone.localdate()
    pk = OuterRef(f"{prefix}pk")
    open_job = Employment.objects.filter(person_id=pk).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return Q(Exists(open_job)) | ~Q(Exists(Employment.objects.filter(person_id=pk)))


def people_at_work(person_ids) -> set[int]:
    """Those of `person_ids` still at work (one query)."""
    qs = Person.objects.filter(pk__in=list(person_ids)).filter(at_work_q())
    return set(qs.values_list("pk", flat=True))


@dataclass
class LineContext:
    """What checking several lines of one registration needs, loaded once."""

    registration: Registration
    existing: set[tuple[str, int, int]] = field(default_factory=set)  # (kind, subject id, award type id)
    at_work: set[int] = field(default_factory=set)
    registrable_names: str = ""


def line_context(registration: Registration, people_ids=(), *, with_existing: bool = True) -> LineContext:
    existing = set()
    if with_existing:
        for person_id, unit_id, award_id in registration.lines.values_list("person_id", "unit_id", "award_type_id"):
            existing.add(("p", person_id, award_id) if person_id else ("u", unit_id, award_id))
    return LineContext(registration, existing, people_at_work(people_ids) if people_ids else set(), "")


def line_errors(ctx: LineContext, subject, award_type: AwardType | None) -> list[str]:
    """Vietnamese reasons why `subject` cannot register `award_type` in this registration ([] if it can)."""
    registration = ctx.registration
    root = registration.unit
    errors = []
    if isinstance(subject, Person):
        name = f"Cá nhân “{subject.full_name}”"
        unit = subject.unit
        if unit is None:
            errors.append(f"{name} chưa có đơn vị công tác.")
        elif not unit.path.startswith(root.path):
            errors.append(f"{name} không công tác tại {root} hoặc đơn vị trực thuộc.")
        elif not unit.is_active:
            errors.append(f"{name}: {closed_label(unit)}")
        elif subject.pk not in ctx.at_work:
            errors.append(f"{name} đã thôi công tác (không còn quá trình công tác hiện tại).")
    elif isinstance(subject, Unit):
        name = f"Tập thể “{subject.name}”"
        if not subject.path.startswith(root.path):
            errors.append(f"{name} không phải {root} hoặc đơn vị trực thuộc.")
        elif not subject.is_active:
            errors.append(f"{name}: {closed_label(subject)}")
    else:
        errors.append("Chưa chọn cá nhân hoặc tập thể đăng ký.")
        return errors
    if award_type is None:
        errors.append("Chưa chọn danh hiệu, hình thức đăng ký.")
        return errors
    if award_type.code not in REGISTRABLE_CODES or not award_type.active:
        names = ctx.registrable_names or _registrable_names()
        ctx.registrable_names = names
        errors.append(f"“{award_type.name}” không thuộc danh mục được đăng ký thi đua (chỉ đăng ký: {names}).")
        return errors
    is_person = isinstance(subject, Person)
    if is_person and not award_type.for_person:
        errors.append(f"“{award_type.name}” chỉ xét cho tập thể, không đăng ký cho cá nhân.")
    elif not is_person and not award_type.for_unit:
        errors.append(f"“{award_type.name}” chỉ xét cho cá nhân, không đăng ký cho tập thể.")
    elif (("p" if is_person else "u"), subject.pk, award_type.pk) in ctx.existing:
        errors.append(f"{subject_name(subject)} đã đăng ký “{award_type.name}” trong bản đăng ký này.")
    return errors


def _subject_fields(subject) -> dict:
    return {"person": subject} if isinstance(subject, Person) else {"unit": subject}


def _award_type(value) -> AwardType | None:
    if isinstance(value, AwardType) or value is None:
        return value
    return AwardType.objects.filter(code=value).first()


# --- lines ---------------------------------------------------------------------------------------


def registration_line_add(
    *, actor, registration: Registration, subject, award_type, note: str = ""
) -> RegistrationLine:
    """Add one line (a person or a collective, one title) to a draft registration."""
    _require_unit(actor, registration.unit)
    award_type = _award_type(award_type)
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Ghi chú dài quá {NOTE_MAX} ký tự."})
    if isinstance(subject, Person):
        subject = Person.objects.select_related("unit").get(pk=subject.pk)
    try:
        with transaction.atomic():
            registration = _locked(registration)
            _require_unit(actor, registration.unit)
            _require_draft(registration)
            _require_open_unit(registration.unit)
            people = [subject.pk] if isinstance(subject, Person) else []
            errors = line_errors(line_context(registration, people), subject, award_type)
            if errors:
                raise ValidationError(errors)
            line = RegistrationLine.objects.create(
                registration=registration, award_type=award_type, note=note, **_subject_fields(subject)
            )
            audit(
                actor=actor,
                action="registration.line_add",
                obj=registration,
                unit=registration.unit,
                summary=f"Đăng ký “{award_type.name}” năm {registration.year} cho {subject_name(subject)} "
                f"({registration_label(registration)})",
                data={"line": line.pk, "award": award_type.code, **_subject_data(subject)},
            )
    except IntegrityError:
        raise ValidationError(
            f"{subject_name(subject)} đã đăng ký “{award_type.name}” trong bản đăng ký này."
        ) from None
    return line


def _subject_data(subject) -> dict:
    return {"person": subject.pk} if isinstance(subject, Person) else {"unit_subject": subject.pk}


def registration_line_remove(*, actor, line: RegistrationLine) -> None:
    """Remove one line of a draft registration."""
    registration = line.registration
    _require_unit(actor, registration.unit)
    with transaction.atomic():
        registration = _locked(registration)
        _require_unit(actor, registration.unit)
        _require_draft(registration)
        line = (
            RegistrationLine.objects.select_related("person", "unit", "award_type")
            .filter(pk=line.pk, registration=registration)
            .first()
        )
        if line is None:
            raise ValidationError("Dòng đăng ký này không còn (có thể đã được xóa).", code="gone")
        subject = line.subject
        summary = (
            f"Xóa đăng ký “{line.award_type.name}” năm {registration.year} của {subject_name(subject)} "
            f"({registration_label(registration)})"
        )
        data = {"line": line.pk, "award": line.award_type.code, **_subject_data(subject)}
        line.delete()
        audit(
            actor=actor,
            action="registration.line_remove",
            obj=registration,
            unit=registration.unit,
            summary=summary,
            data=data,
        )


# --- submit, reopen -------------------------------------------------------------------------------


def registration_submit(*, actor, registration: Registration) -> Registration:
    """Send the draft to the province (DRAFT → SUBMITTED); its lines are frozen from then on."""
    _require_unit(actor, registration.unit)
    with transaction.atomic():
        registration = _locked(registration)
        _require_unit(actor, registration.unit)
        _require_draft(registration)
        _require_open_unit(registration.unit)
        count = registration.lines.count()
        if not count:
            raise ValidationError("Bản đăng ký chưa có dòng nào: hãy thêm cá nhân, tập thể đăng ký trước khi gửi.")
        registration.state = RegistrationState.SUBMITTED
        registration.submitted_at = timezone.now()
        registration.save(update_fields=["state", "submitted_at"])
        audit(
            actor=actor,
            action="registration.submit",
            obj=registration,
            unit=registration.unit,
            summary=f"Gửi bản {registration_label(registration)} ({count} dòng)",
            data={"lines": count},
        )
    return registration


def registration_reopen(*, actor, registration: Registration, reason: str = "") -> Registration:
    """The province sends a submitted registration back to draft so that the unit can adjust it."""
    _require_province(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Vui lòng ghi lý do mở lại bản đăng ký."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Lý do dài quá 300 ký tự."})
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state != RegistrationState.SUBMITTED:
            raise ValidationError("Bản đăng ký đang soạn, chưa gửi: không cần mở lại.", code="not_submitted")
        registration.state = RegistrationState.DRAFT
        registration.submitted_at = None
        registration.save(update_fields=["state", "submitted_at"])
        audit(
            actor=actor,
            action="registration.reopen",
            obj=registration,
            unit=registration.unit,
            summary=f"Mở lại bản {registration_label(registration)} để đơn vị điều chỉnh. Lý do: {reason}",
            data={"reason": reason},
        )
    return registration


# --- import from Excel (all or nothing) ---------------------------------------------------------


class ImportRejected(Exception):
    """At least one row is wrong: nothing was saved. `report` says which rows and why."""

    def __init__(self, report):
        super().__init__("Tệp có dòng không hợp lệ: chưa lưu dòng đăng ký nào.")
        self.report = report


def registration_import(
    *, actor, registration: Registration, rows, replace: bool = False, filename: str = ""
) -> list[RegistrationLine]:
    """Add every row of an import file to a draft registration, or none.

    `rows` are the ImportRows read from the file (registration_excel.read_rows). Every row is
    checked again inside the transaction; any wrong row raises ImportRejected with the row-by-row
    report and nothing changes. With `replace`, the registration's current lines are removed first
    (the file becomes the whole registration).
    """
    _require_unit(actor, registration.unit)
    try:
        return _import(actor, registration, rows, replace, filename)
    except IntegrityError:
        # A line was added at the same moment: report it row by row.
        report = registration_import_check(registration=registration, rows=rows, replace=replace)
        if report.ok:
            report.problems.append("Không lưu được do có thay đổi đồng thời. Vui lòng thử lại.")
        raise ImportRejected(report) from None


def _import(actor, registration, rows, replace, filename):
    with transaction.atomic():
        registration = _locked(registration)
        _require_unit(actor, registration.unit)
        report = registration_import_check(registration=registration, rows=rows, replace=replace)
        if not report.ok:
            raise ImportRejected(report)
        removed = 0
        if replace:
            removed, _ = registration.lines.all().delete()
        lines = RegistrationLine.objects.bulk_create(
            [
                RegistrationLine(
                    registration=registration, award_type=r.award_type, note=r.note, **_subject_fields(r.subject)
                )
                for r in report.rows
            ]
        )
        what = f"Nhập {len(lines)} dòng đăng ký từ tệp Excel"
        if filename:
            what += f" “{filename}”"
        if replace:
            what += f" (thay thế {removed} dòng trước đó)"
        audit(
            actor=actor,
            action="registration.import",
            obj=registration,
            unit=registration.unit,
            summary=f"{what} vào bản {registration_label(registration)}",
            data={"file": filename, "added": len(lines), "replaced": removed if replace else None},
        )
    return lines


def _fold_key(text: str) -> str:
    return fold_vi(text).replace(" ", "")


def _award_lookup() -> dict[str, AwardType]:
    """Every award type by folded code and by folded name (a file may give either)."""
    lookup = {}
    for award in AwardType.objects.all():
        lookup.setdefault(_fold_key(award.code), award)
        lookup.setdefault(_fold_key(award.name), award)
    return lookup


def _int(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdecimal() else None


def registration_import_check(*, registration: Registration, rows, replace: bool = False) -> ImportReport:
    """Resolve and check every row of an upload (nothing is written): the row-by-row report.

    People are looked up in the registering unit's subtree only — by "Mã cá nhân", else by CCCD,
    else by name and birth date — so a file never reveals who works elsewhere. Collectives by code,
    else by name, in the same subtree. A fixed number of queries whatever the number of rows.
    """
    rows = [ImportRow.from_raw(r.raw()) for r in rows]  # fresh copies: re-checking starts clean
    report = ImportReport(rows=rows)
    root = registration.unit
    if registration.state != RegistrationState.DRAFT:
        report.problems.append(MSG_FROZEN)
    if not root.is_active:
        report.problems.append(f"{closed_label(root)} Không đăng ký thi đua cho đơn vị này được.")
    if replace:
        report.replaced = registration.lines.count()

    people_rows = [r for r in rows if r.is_person]
    unit_rows = [r for r in rows if fold_vi(r.kind_text) == fold_vi(UNIT_TEXT)]
    in_tree = Person.objects.select_related("unit").filter(unit__path__startswith=root.path)
    ids = {_int(r.person_code) for r in people_rows} - {None}
    by_id = {p.pk: p for p in in_tree.filter(pk__in=ids)} if ids else {}
    cccds = {r.national_id for r in people_rows if r.national_id}
    by_cccd = {p.national_id: p for p in in_tree.filter(national_id__in=cccds)} if cccds else {}
    names = {fold_vi(r.name) for r in people_rows if r.name and not r.person_code and not r.national_id}
    by_name: dict[str, list[Person]] = {}
    if names:
        for p in in_tree.filter(search_text__in=names):
            by_name.setdefault(p.search_text, []).append(p)
    units_in_tree = Unit.objects.select_related("parent").filter(path__startswith=root.path)
    codes = {r.unit_code.upper() for r in unit_rows if r.unit_code}
    by_code = {}
    if codes:
        by_code = {u.up: u for u in units_in_tree.annotate(up=Upper("code")).filter(up__in=codes)}
    unit_names = {fold_vi(r.name) for r in unit_rows if r.name and not r.unit_code}
    by_unit_name: dict[str, list[Unit]] = {}
    if unit_names:
        starts = Q()
        for folded in unit_names:
            starts |= Q(search_text__startswith=folded)
        for u in units_in_tree.filter(starts):
            if fold_vi(u.name) in unit_names:
                by_unit_name.setdefault(fold_vi(u.name), []).append(u)
    awards = _award_lookup()
    where = f"{root} và các đơn vị trực thuộc"

    for r in rows:
        if r.is_person:
            r.subject = _resolve_person(r, by_id, by_cccd, by_name, where)
        elif fold_vi(r.kind_text) == fold_vi(UNIT_TEXT):
            r.subject = _resolve_unit(r, by_code, by_unit_name, where)
        elif not r.kind_text:
            r.errors.append(f"Thiếu đối tượng: ghi “{PERSON_TEXT}” hoặc “{UNIT_TEXT}”.")
        else:
            r.errors.append(f"Đối tượng “{r.kind_text}” không hợp lệ: ghi “{PERSON_TEXT}” hoặc “{UNIT_TEXT}”.")
        if not r.award_text:
            r.errors.append("Thiếu danh hiệu đăng ký.")
        else:
            r.award_type = awards.get(_fold_key(r.award_text))
            if r.award_type is None:
                r.errors.append(f"Không có danh hiệu “{r.award_text}” (xem trang “Danh hiệu” của tệp mẫu).")
        if len(r.note) > NOTE_MAX:
            r.errors.append(f"Ghi chú dài quá {NOTE_MAX} ký tự.")

    people = [r.subject.pk for r in rows if isinstance(r.subject, Person)]
    ctx = line_context(registration, people, with_existing=not replace)
    first_seen: dict[tuple, int] = {}
    for r in rows:
        if r.subject is None or r.award_type is None:
            continue
        errors = line_errors(ctx, r.subject, r.award_type)
        r.errors.extend(errors)
        if errors:
            continue
        key = ("p" if isinstance(r.subject, Person) else "u", r.subject.pk, r.award_type.pk)
        if key in first_seen:
            r.errors.append(
                f"{subject_name(r.subject)} đăng ký “{r.award_type.name}” trùng với dòng {first_seen[key]} trong tệp."
            )
        else:
            first_seen[key] = r.row
    return report


def _resolve_person(r: ImportRow, by_id, by_cccd, by_name, where: str) -> Person | None:
    person = None
    if r.person_code:
        pk = _int(r.person_code)
        person = by_id.get(pk) if pk is not None else None
        if person is None:
            r.errors.append(f"Không tìm thấy cá nhân mã “{r.person_code}” trong {where}.")
            return None
        if r.national_id and person.national_id != r.national_id:
            r.errors.append(f"Mã cá nhân “{r.person_code}” và số CCCD “{r.national_id}” không cùng một người.")
            return None
    elif r.national_id:
        person = by_cccd.get(r.national_id)
        if person is None:
            r.errors.append(f"Không tìm thấy cá nhân có số CCCD “{r.national_id}” trong {where}.")
            return None
    elif r.name:
        candidates = by_name.get(fold_vi(r.name), [])
        birth = parse_date(r.birth_text) if r.birth_text else None
        if r.birth_text and birth is None:
            r.errors.append(f"Ngày sinh “{r.birth_text}” không đúng định dạng dd/mm/yyyy.")
            return None
        if birth is not None:
            candidates = [p for p in candidates if p.birth_date == birth]
        if not candidates:
            born = f" sinh ngày {birth:%d/%m/%Y}" if birth else ""
            r.errors.append(f"Không tìm thấy cá nhân “{r.name}”{born} trong {where}.")
            return None
        if len(candidates) > 1:
            hint = "ghi thêm ngày sinh, số CCCD hoặc Mã cá nhân" if birth is None else "ghi số CCCD hoặc Mã cá nhân"
            r.errors.append(
                f"Có {len(candidates)} cá nhân tên “{r.name}” trong {where}: {hint} (xem trang “Cá nhân” của tệp mẫu)."
            )
            return None
        return candidates[0]
    else:
        r.errors.append("Thiếu thông tin cá nhân: ghi Mã cá nhân, số CCCD, hoặc họ và tên cùng ngày sinh.")
        return None
    if r.name and fold_vi(r.name) != person.search_text:
        r.errors.append(f"Họ và tên “{r.name}” không khớp với cá nhân đã tìm thấy (“{person.full_name}”).")
        return None
    return person


def _resolve_unit(r: ImportRow, by_code, by_name, where: str) -> Unit | None:
    if r.unit_code:
        unit = by_code.get(r.unit_code.upper())
        if unit is None:
            r.errors.append(f"Không có đơn vị mã “{r.unit_code}” trong {where}.")
        return unit
    if r.name:
        found = by_name.get(fold_vi(r.name), [])
        if not found:
            r.errors.append(f"Không có tập thể tên “{r.name}” trong {where}.")
            return None
        if len(found) > 1:
            r.errors.append(f"Có {len(found)} tập thể tên “{r.name}”: ghi Mã đơn vị để phân biệt.")
            return None
        return found[0]
    r.errors.append("Thiếu thông tin tập thể: ghi Mã đơn vị hoặc tên đơn vị.")
    return None
