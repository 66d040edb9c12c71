"""Writes to dossiers being assembled: the header, the lines, the documents, a new person inline.

Every function is one transaction that checks the permission (django-rules, thidua/nominations/rules.py),
locks the row it changes, checks the state (and the version where a form was opened on an old copy),
and writes one audit event. Bad input raises ValidationError with Vietnamese messages keyed by field;
nothing is changed then.

Rules kept here:
- The deciding unit follows from the authority and the proposing unit (routing.deciding_unit_for).
- A dossier "theo phong trào thi đua" names the movement: launched, under way or in review, and one the
  proposing unit takes part in (national, provincial, or launched by the unit or a unit above it).
- The simplified procedure (Luật TĐKT 2022 Điều 85; NĐ 98/2023 Điều 40 khoản 1; law.md §5) needs one of
  the five grounds; ground 2 (thành tích đột xuất) only with the basis "đột xuất", ground 4 (cống hiến,
  niên hạn, đối ngoại) only with the basis "cống hiến" or "đối ngoại"; grounds 1, 3 and 5 with any basis.
- A line's subject is a master record inside the proposing unit (a person of its subtree, the unit or a
  unit of its subtree, a household of it), never retyped; the award applies to that kind of subject and
  is decided by the dossier's authority (routing.authority_of). Name, position and unit are snapshotted.
- A returned dossier opens only what the appraiser flagged: the flagged lines' flagged fields, their
  documents, and dossier-level documents.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.catalog.models import AwardType, Category
from thidua.core.audit import audit
from thidua.core.permissions import require as _require
from thidua.core.subjects import SubjectKind
from thidua.core.subjects import subject_kind_of as core_subject_kind_of
from thidua.core.uploads import MB, file_kind, stored_name
from thidua.org.models import Unit
from thidua.people import services as people_services
from thidua.people.models import Person
from thidua.people.services import PossibleDuplicate

from .. import checks, routing
from ..models import (
    Authority,
    Basis,
    DocKind,
    Nomination,
    NominationDocument,
    NominationLine,
    PublicComment,
    PublicConsultation,
    SimplifiedGround,
    State,
    SubmissionDeadline,
)

__all__ = [
    "ConcurrentEdit",
    "NationalIdTaken",
    "PossibleDuplicate",
    "document_add",
    "document_remove",
    "line_add",
    "line_remove",
    "line_update",
    "nomination_create",
    "nomination_delete",
    "nomination_update",
    "person_create_inline",
]

MAX_DOCUMENT_BYTES = 20 * MB
OPEN_MOVEMENT_STATES = ("LAUNCHED", "UNDER_WAY", "IN_REVIEW")
EARLIEST_YEAR = 1945

# Which bases each ground of the simplified procedure goes with (None: any basis).
GROUND_BASES = {
    SimplifiedGround.POLITICAL_TASK: None,
    SimplifiedGround.EXCEPTIONAL: (Basis.DOT_XUAT,),
    SimplifiedGround.FOUND_BY_HEAD: None,
    SimplifiedGround.CAREER: (Basis.CONG_HIEN, Basis.DOI_NGOAI),
    SimplifiedGround.STATE_SECRET: None,
}
SIMPLIFIED_CITATION = "Luật Thi đua, khen thưởng 2022 Điều 85; Nghị định 98/2023/NĐ-CP Điều 40 khoản 1"

# Line fields a return for correction may open: the one table (the workflow stores these names in
# correction_fields; services/workflow.py and its return form import it from here).
CORRECTION_FIELDS = {
    "subject": "Đối tượng đề nghị",
    "award_type": "Hình thức, danh hiệu",
    "period": "Thời gian thành tích",
    "achievement": "Tóm tắt thành tích",
    "justification": "Giải trình",
    "documents": "Tài liệu kèm theo",
}
# What the public consultation publishes of a line (correction field groups): changing one of them after
# publication takes the line off the consultation until it is published again.
PUBLISHED_GROUPS = frozenset({"subject", "award_type", "period", "achievement"})
# Service argument → correction field that opens it.
LINE_FIELD_GROUP = {
    "subject": "subject",
    "award_type": "award_type",
    "year_from": "period",
    "year_to": "period",
    "achievement": "achievement",
    "justification": "justification",
}
LINE_FIELDS = tuple(LINE_FIELD_GROUP)


def correction_label(field: str) -> str:
    """The label of a correction field inside a sentence ("tóm tắt thành tích")."""
    label = CORRECTION_FIELDS.get(field, field)
    return label[:1].lower() + label[1:]


MSG_DENIED = "Anh/chị không có quyền thực hiện thao tác này với hồ sơ."
MSG_SENT = "Hồ sơ đã gửi đi, không sửa được nữa. Nếu cần sửa, hãy rút hồ sơ về hoặc chờ cơ quan thẩm định trả lại."
MSG_ONLY_DRAFT = "Chỉ sửa được khi hồ sơ đang soạn."


class ConcurrentEdit(ValidationError):
    """Someone saved the same record after this form was opened."""

    def __init__(self, what: str = "Hồ sơ"):
        super().__init__(
            f"{what} vừa được người khác cập nhật sau khi anh/chị mở trang này. Hãy tải lại trang để xem nội dung "
            "mới rồi sửa lại — chưa có thay đổi nào được lưu.",
            code="stale",
        )


class NationalIdTaken(ValidationError):
    """The CCCD typed belongs to someone already recorded; `person` is set only when the actor may see them."""

    def __init__(self, message: str, person: Person | None = None):
        super().__init__({"national_id": message})
        self.person = person


def _today() -> dt.date:
    return timezone.localdate()


def _raise(errors: dict):
    if errors:
        raise ValidationError(errors)


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update(of=("self",)).select_related("proposing_unit").get(pk=nomination.pk)


def _check_version(obj, version, what="Hồ sơ"):
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = None
    if version != obj.version:
        raise ConcurrentEdit(what)


def _require_state(nomination: Nomination, *states: str, message: str = MSG_ONLY_DRAFT):
    if nomination.state not in states:
        raise ValidationError(message if nomination.state in (State.DRAFT, State.RETURNED) else MSG_SENT)


# --- the header ------------------------------------------------------------------------------------------


def movement_choices_for(unit: Unit):
    """Movements a dossier of `unit` may follow: open (launched, under way, in review) national and
    provincial movements, and those launched by the unit itself or a unit above it."""
    from thidua.movements.models import Level, Movement

    return (
        Movement.objects.filter(state__in=OPEN_MOVEMENT_STATES)
        .filter(
            Q(level__in=(Level.NATIONAL, Level.PROVINCE)) | Q(level=Level.UNIT, launching_unit__in=unit.ancestor_ids())
        )
        .order_by("-period_start", "name")
    )


def _clean_header(
    *, proposing_unit, title, year, basis, authority, movement, simplified, simplified_ground, deciding_unit
) -> dict:
    errors = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = "Vui lòng nhập trích yếu của hồ sơ."
    elif len(title) > 300:
        errors["title"] = "Trích yếu dài tối đa 300 ký tự."
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors["year"] = "Vui lòng nhập năm thành tích."
    else:
        if year > _today().year:
            errors["year"] = f"Năm {year} chưa đến; năm thành tích không được ở tương lai."
        elif year < EARLIEST_YEAR:
            errors["year"] = f"Năm thành tích không hợp lệ (từ {EARLIEST_YEAR})."
    if basis not in Basis.values:
        errors["basis"] = "Vui lòng chọn loại hình khen thưởng."
    if authority not in Authority.values:
        errors["authority"] = "Vui lòng chọn cấp quyết định khen thưởng."

    if basis == Basis.PHONG_TRAO:
        if movement is None:
            errors["movement"] = "Khen thưởng theo phong trào thi đua: vui lòng chọn phong trào."
        elif not movement_choices_for(proposing_unit).filter(pk=movement.pk).exists():
            errors["movement"] = (
                "Phong trào này không dùng được: chỉ chọn phong trào đã phát động, đang triển khai hoặc đang sơ kết, "
                "tổng kết mà đơn vị tham gia."
            )
    else:
        movement = None

    simplified = bool(simplified)
    if simplified:
        if simplified_ground not in SimplifiedGround.values:
            errors["simplified_ground"] = "Thủ tục đơn giản: vui lòng chọn trường hợp được áp dụng theo Điều 85 Luật."
        else:
            bases = GROUND_BASES[simplified_ground]
            if bases is not None and basis in Basis.values and basis not in bases:
                names = " hoặc ".join(f"“{Basis(b).label.lower()}”" for b in bases)
                errors["simplified_ground"] = (
                    f"Trường hợp “{SimplifiedGround(simplified_ground).label}” chỉ áp dụng với {names} "
                    f"({SIMPLIFIED_CITATION})."
                )
    else:
        simplified_ground = ""

    if proposing_unit.valid_to is not None:
        errors["proposing_unit"] = "Đơn vị đã giải thể hoặc sáp nhập, không lập được hồ sơ đề nghị mới."
    _raise(errors)

    chosen = deciding_unit if authority == Authority.UNIT_HEAD else None
    deciding = routing.deciding_unit_for(proposing_unit, authority, chosen)
    return {
        "title": title,
        "year": year,
        "basis": basis,
        "authority": authority,
        "movement": movement,
        "simplified": simplified,
        "simplified_ground": simplified_ground,
        "deciding_unit": deciding,
    }


def _deadline(year: int, authority: str):
    row = SubmissionDeadline.objects.filter(year=year, authority=authority).first()
    return row.due_date if row else None


def nomination_create(
    *,
    actor,
    proposing_unit: Unit,
    title: str,
    year,
    basis: str,
    authority: str,
    movement=None,
    simplified: bool = False,
    simplified_ground: str = "",
    deciding_unit: Unit | None = None,
) -> Nomination:
    """A new dossier in DRAFT for `proposing_unit`, addressed to `authority`."""
    if proposing_unit is None:
        raise ValidationError({"proposing_unit": "Vui lòng chọn đơn vị đề nghị."})
    _require(actor, "nominations.create_for_unit", proposing_unit, "Đơn vị này không thuộc phạm vi của anh/chị.")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=proposing_unit.pk)  # a merge must not run meanwhile
        values = _clean_header(
            proposing_unit=unit,
            title=title,
            year=year,
            basis=basis,
            authority=authority,
            movement=movement,
            simplified=simplified,
            simplified_ground=simplified_ground,
            deciding_unit=deciding_unit,
        )
        nomination = Nomination.objects.create(
            proposing_unit=unit,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            due_date=_deadline(values["year"], values["authority"]),
            **values,
        )
        audit(
            actor=actor,
            action="nomination.create",
            obj=nomination,
            unit=unit,
            summary=f"Tạo hồ sơ {nomination.code}: {nomination.title}",
            data={"authority": nomination.authority, "basis": nomination.basis, "year": nomination.year},
        )
    return nomination


HEADER_FIELDS = (
    "title",
    "year",
    "basis",
    "authority",
    "movement",
    "simplified",
    "simplified_ground",
    "deciding_unit",
)


def nomination_update(*, actor, nomination: Nomination, version, **fields) -> Nomination:
    """Edit the header of a drafted dossier (fields not given keep their value)."""
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _check_version(locked, version)
        _require_state(locked, State.DRAFT)
        current = {name: getattr(locked, name) for name in HEADER_FIELDS}
        if "deciding_unit" not in fields and fields.get("authority", locked.authority) != locked.authority:
            current["deciding_unit"] = None  # the default deciding unit of the new authority
        values = _clean_header(proposing_unit=locked.proposing_unit, **(current | fields))
        lines = list(locked.lines.select_related("award_type"))
        if values["authority"] != locked.authority and lines:
            raise ValidationError(
                {
                    "authority": "Hồ sơ đã có dòng đề nghị: không đổi được cấp quyết định. "
                    "Hãy bỏ các dòng hoặc lập hồ sơ khác."
                }
            )
        late = [line for line in lines if line.year_to > values["year"]]
        if late:
            raise ValidationError(
                {"year": f"Có {len(late)} dòng đề nghị có thời gian thành tích sau năm {values['year']}."}
            )
        changed = [name for name in HEADER_FIELDS if getattr(locked, name) != values[name]]
        for name, value in values.items():
            setattr(locked, name, value)
        if "year" in changed or "authority" in changed:
            locked.due_date = _deadline(locked.year, locked.authority)
        locked.version += 1
        locked.save()
        if lines and set(changed) & {"year", "basis", "movement"}:
            _store_checks(locked, lines)
        audit(
            actor=actor,
            action="nomination.update",
            obj=locked,
            unit=locked.proposing_unit,
            summary=f"Sửa thông tin hồ sơ {locked.code}: {locked.title}",
            data={"fields": changed},
        )
    return locked


def _delete_files_on_commit(names):
    names = [n for n in names if n]
    if not names:
        return
    storage = NominationDocument._meta.get_field("file").storage

    def remove():
        for name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(remove)


def nomination_delete(*, actor, nomination: Nomination, version=None) -> None:
    """Delete a drafted dossier with its lines and documents (it has never left the unit).

    `version` is the one the confirmation page showed; a missing one (None: an old form) is refused as
    stale, like a version that is not the current one."""
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _require_state(locked, State.DRAFT, message="Chỉ xóa được hồ sơ đang soạn, chưa từng gửi đi.")
        if locked.submitted_at is not None:
            raise ValidationError("Hồ sơ đã từng được gửi đi nên không xóa được; lịch sử xử lý cần được giữ lại.")
        _check_version(locked, version)
        files = list(locked.documents.values_list("file", flat=True))
        n_lines = locked.lines.count()
        audit(
            actor=actor,
            action="nomination.delete",
            obj=locked,
            unit=locked.proposing_unit,
            summary=f"Xóa hồ sơ đang soạn {locked.code}: {locked.title}",
            data={"lines": n_lines, "documents": len(files)},
        )
        locked.delete()
        _delete_files_on_commit(files)


# --- subjects --------------------------------------------------------------------------------------------


def subject_kind_of(subject) -> str:
    kind = core_subject_kind_of(subject)
    if kind is not None:
        return kind
    raise ValidationError({"subject": "Đối tượng phải là cá nhân, tập thể hoặc hộ gia đình có trong hệ thống."})


def subject_fields(subject) -> dict:
    kind = subject_kind_of(subject)
    return {
        "person": subject if kind == SubjectKind.PERSON else None,
        "unit": subject if kind == SubjectKind.UNIT else None,
        "household": subject if kind == SubjectKind.HOUSEHOLD else None,
    }


def subject_in_unit(unit: Unit, subject) -> bool:
    """The subject belongs to `unit`: a person of its subtree, the unit or a unit of its subtree, a
    household of a commune in its subtree."""
    kind = subject_kind_of(subject)
    if kind == SubjectKind.UNIT:
        where = subject
    else:
        where = subject.unit
    return where is not None and bool(where.path) and where.path.startswith(unit.path)


def snapshot(subject) -> tuple[str, str, str]:
    """(name, position, unit name) as printed on the dossier when the line was written."""
    kind = subject_kind_of(subject)
    if kind == SubjectKind.PERSON:
        return subject.full_name, subject.position or "", subject.unit.name if subject.unit_id else ""
    if kind == SubjectKind.UNIT:
        return subject.name, "", subject.parent.name if subject.parent_id else ""
    return str(subject), "", subject.unit.name


def award_types_for(nomination: Nomination, kind: str | None = None):
    """Award types a line of `nomination` may ask for (subject kind given: only those applying to it)."""
    levels = [level for level, auth in routing.LEVEL_AUTHORITY.items() if auth == nomination.authority]
    qs = AwardType.objects.filter(active=True, deciding_level__in=levels).exclude(category=Category.KIND)
    if kind == SubjectKind.PERSON:
        qs = qs.filter(for_person=True)
    elif kind == SubjectKind.UNIT:
        qs = qs.filter(for_unit=True)
    elif kind == SubjectKind.HOUSEHOLD:
        qs = qs.filter(for_household=True)
    return qs.order_by("sort_order", "code")


def _award_problem(nomination: Nomination, award_type: AwardType, kind: str) -> str | None:
    if not award_type.active or award_type.category == Category.KIND:
        return f"“{award_type.name}” không phải là hình thức, danh hiệu đang dùng để đề nghị."
    if not award_type.applies_to(kind):
        return f"“{award_type.name}” không áp dụng cho {SubjectKind(kind).label.lower()}."
    authority = routing.authority_of(award_type)
    if authority is None:
        return f"“{award_type.name}” không xét qua tỉnh (thẩm quyền của lực lượng vũ trang)."
    if authority != nomination.authority:
        return (
            f"“{award_type.name}” thuộc thẩm quyền {Authority(authority).label}, còn hồ sơ này trình "
            f"{Authority(nomination.authority).label}. Hãy lập hồ sơ riêng cho hình thức này."
        )
    return None


def _clean_line(nomination: Nomination, values: dict, *, exclude_line_id=None, cluster_member_ok=False) -> dict:
    """Normalised line values or ValidationError keyed by field. `cluster_member_ok`: the line comes from
    the cluster's ranking (or keeps the subject and award it was proposed with), so a member unit of the
    dossier's cluster is an acceptable subject even outside the proposing unit's subtree."""
    errors = {}
    subject = values.get("subject")
    award_type = values.get("award_type")
    kind = None
    if subject is None:
        errors["subject"] = "Vui lòng chọn đối tượng đề nghị (cá nhân, tập thể hoặc hộ gia đình có trong hệ thống)."
    else:
        kind = subject_kind_of(subject)
        in_cluster = False
        if cluster_member_ok and nomination.cluster_id is not None and kind == SubjectKind.UNIT:
            # A cluster dossier (proposed by the head unit) names member units, as the ranking placed them.
            from thidua.org.models import ClusterMember

            in_cluster = ClusterMember.objects.filter(cluster_id=nomination.cluster_id, unit=subject).exists()
        if not in_cluster and not subject_in_unit(nomination.proposing_unit, subject):
            errors["subject"] = (
                f"Đối tượng không thuộc {nomination.proposing_unit.name} hoặc các đơn vị trực thuộc, "
                "nên đơn vị không đề nghị được."
            )
    if award_type is None:
        errors["award_type"] = "Vui lòng chọn hình thức, danh hiệu đề nghị."
    elif kind is not None:
        problem = _award_problem(nomination, award_type, kind)
        if problem:
            errors["award_type"] = problem
    year_from, year_to = values.get("year_from"), values.get("year_to")
    try:
        year_from, year_to = int(year_from), int(year_to)
    except (TypeError, ValueError):
        errors["year_from"] = "Vui lòng nhập thời gian thành tích (từ năm, đến năm)."
    else:
        if year_from > year_to:
            errors["year_to"] = "Năm kết thúc phải không nhỏ hơn năm bắt đầu."
        elif year_to > nomination.year:
            errors["year_to"] = f"Thời gian thành tích không được sau năm thành tích của hồ sơ ({nomination.year})."
        elif year_from < EARLIEST_YEAR:
            errors["year_from"] = f"Năm bắt đầu không hợp lệ (từ {EARLIEST_YEAR})."
    achievement = (values.get("achievement") or "").strip()
    if not achievement:
        errors["achievement"] = "Vui lòng nhập tóm tắt thành tích."
    justification = (values.get("justification") or "").strip()
    if not errors:
        twin = NominationLine.objects.filter(nomination=nomination, award_type=award_type, **subject_fields(subject))
        if twin.exclude(pk=exclude_line_id).exists():
            errors["award_type"] = "Hồ sơ đã có dòng đề nghị hình thức này cho cùng đối tượng."
    _raise(errors)
    return {
        "subject": subject,
        "award_type": award_type,
        "year_from": year_from,
        "year_to": year_to,
        "achievement": achievement,
        "justification": justification,
    }


def _apply_line(line: NominationLine, values: dict):
    subject = values["subject"]
    for name, value in subject_fields(subject).items():
        setattr(line, name, value)
    line.subject_name, line.subject_position, line.subject_unit_name = snapshot(subject)
    line.award_type = values["award_type"]
    line.year_from = values["year_from"]
    line.year_to = values["year_to"]
    line.achievement = values["achievement"]
    line.justification = values["justification"]


def _store_checks(nomination: Nomination, lines: list[NominationLine]):
    """Keep the live checks' verdict on each line (the list shows it without recomputing)."""
    checks.record_checks(lines, checks.check_lines(nomination, lines))


# --- lines -----------------------------------------------------------------------------------------------


def line_add(
    *,
    actor,
    nomination: Nomination,
    subject,
    award_type,
    year_from,
    year_to,
    achievement,
    justification="",
    from_cluster_ranking: bool = False,
) -> NominationLine:
    """Add a line (one subject, one award type) to a drafted dossier. `from_cluster_ranking`: only the
    cluster proposal passes it, for the units and awards its ranking decided."""
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _require_state(
            locked,
            State.DRAFT,
            message="Hồ sơ bị trả lại chỉ được sửa các nội dung được yêu cầu; không thêm dòng mới được.",
        )
        values = _clean_line(
            locked,
            {
                "subject": subject,
                "award_type": award_type,
                "year_from": year_from,
                "year_to": year_to,
                "achievement": achievement,
                "justification": justification,
            },
            cluster_member_ok=from_cluster_ranking,
        )
        last = locked.lines.order_by("-sort_order").values_list("sort_order", flat=True).first()
        line = NominationLine(nomination=locked, sort_order=(last or 0) + 1)
        _apply_line(line, values)
        line.save()
        _store_checks(locked, [line])
        audit(
            actor=actor,
            action="nomination.line_add",
            obj=locked,
            unit=locked.proposing_unit,
            summary=f"Hồ sơ {locked.code}: thêm dòng “{line.award_type.name}” cho {line.subject_name}",
            data={"line": line.pk, "award_type": line.award_type.code, "subject_kind": line.subject_kind},
        )
    return line


def editable_line_fields(line: NominationLine, nomination: Nomination | None = None) -> set[str]:
    """Which service arguments of `line` may change now: all in DRAFT, the flagged ones when RETURNED."""
    nomination = nomination or line.nomination
    if nomination.state == State.DRAFT:
        return set(LINE_FIELDS)
    if nomination.state == State.RETURNED and line.needs_correction:
        groups = set(line.correction_fields or [])
        return {name for name, group in LINE_FIELD_GROUP.items() if group in groups}
    return set()


def line_documents_open(line: NominationLine | None, nomination: Nomination) -> bool:
    """Documents (of the line, or of the dossier when `line` is None) may be added or removed now."""
    if nomination.state == State.DRAFT:
        return True
    if nomination.state != State.RETURNED:
        return False
    return line is None or (line.needs_correction and "documents" in (line.correction_fields or []))


def line_update(*, actor, line: NominationLine, version, **fields) -> NominationLine:
    """Edit a line: any field in DRAFT; in RETURNED only a flagged line's flagged fields."""
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    nomination = line.nomination
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked_nomination = _lock(nomination)
        _require(actor, "nominations.edit", locked_nomination)
        _require_state(locked_nomination, State.DRAFT, State.RETURNED)
        locked = NominationLine.objects.select_for_update(of=("self",)).select_related("award_type").get(pk=line.pk)
        if locked.nomination_id != locked_nomination.pk:
            raise PermissionDenied(MSG_DENIED)
        _check_version(locked, version, "Dòng đề nghị")
        current = {
            "subject": locked.subject,
            "award_type": locked.award_type,
            "year_from": locked.year_from,
            "year_to": locked.year_to,
            "achievement": locked.achievement,
            "justification": locked.justification,
        }
        wanted = current | fields
        changed = [name for name in LINE_FIELDS if _differs(current[name], wanted[name])]
        allowed = editable_line_fields(locked, locked_nomination)
        refused = [name for name in changed if name not in allowed]
        if refused:
            if not allowed:
                message = "Dòng này không được yêu cầu chỉnh sửa khi trả lại hồ sơ, nên không sửa được."
            else:
                opened = ", ".join(
                    correction_label(g) for g in (locked.correction_fields or []) if g in CORRECTION_FIELDS
                )
                message = f"Hồ sơ bị trả lại: dòng này chỉ được sửa {opened}."
            raise ValidationError({name: message for name in refused})
        # A line the cluster's ranking proposed keeps its member unit as long as subject and award stay.
        kept = not _differs(current["subject"], wanted["subject"]) and not _differs(
            current["award_type"], wanted["award_type"]
        )
        values = _clean_line(locked_nomination, wanted, exclude_line_id=locked.pk, cluster_member_ok=kept)
        previous_name = locked.subject_name
        _apply_line(locked, values)
        locked.version += 1
        locked.save()
        _store_checks(locked_nomination, [locked])
        unpublished, detached = _withdraw_from_consultation(locked, changed)
        summary = f"Hồ sơ {locked_nomination.code}: sửa dòng “{locked.award_type.name}” của {locked.subject_name}"
        if unpublished:
            summary += (
                "; dòng đã được rút khỏi danh sách lấy ý kiến nhân dân vì nội dung công khai thay đổi — "
                "cần đăng lại để lấy ý kiến về nội dung mới"
            )
        data = {"line": locked.pk, "fields": changed}
        if unpublished or detached:
            data |= {"consultation_withdrawn": unpublished, "comments_detached": detached}
        if detached:
            data["previous_subject"] = previous_name
        audit(
            actor=actor,
            action="nomination.line_update",
            obj=locked_nomination,
            unit=locked_nomination.proposing_unit,
            summary=summary,
            data=data,
        )
    return locked


def _withdraw_from_consultation(line: NominationLine, changed: list[str]) -> tuple[bool, list[int]]:
    """Keep the public consultation honest after a line changed (inside the caller's transaction).

    A published line whose subject, award, period or achievement changed leaves the consultation's
    published lines: the appraisal then waits until the office publishes it again, which restarts the
    period (services/consultation.py). Comments already made about another subject are detached from
    the line, so the public page shows them under the dossier, never next to the new subject's name.
    Returns (taken off the consultation, ids of the detached comments)."""
    groups = {LINE_FIELD_GROUP[name] for name in changed}
    unpublished = False
    if groups & PUBLISHED_GROUPS:
        through = PublicConsultation.lines.through
        unpublished = bool(through.objects.filter(nominationline_id=line.pk).delete()[0])
    detached: list[int] = []
    if "subject" in groups:
        comments = PublicComment.objects.filter(line_id=line.pk)
        detached = list(comments.order_by("pk").values_list("pk", flat=True))
        if detached:
            PublicComment.objects.filter(pk__in=detached).update(line=None)
    return unpublished, detached


def _differs(a, b) -> bool:
    if hasattr(a, "pk") or hasattr(b, "pk"):
        return type(a) is not type(b) or getattr(a, "pk", None) != getattr(b, "pk", None)
    if isinstance(a, str) or isinstance(b, str):
        return (a or "").strip() != (b or "").strip()
    return a != b


def line_remove(*, actor, line: NominationLine, version=None) -> None:
    """Remove a line (and its documents) from a drafted dossier.

    `version` is the line's, as the confirmation page showed it; a missing one (None: an old form) is
    refused as stale, like a version that is not the current one."""
    nomination = line.nomination
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked_nomination = _lock(nomination)
        _require(actor, "nominations.edit", locked_nomination)
        _require_state(
            locked_nomination,
            State.DRAFT,
            message="Hồ sơ bị trả lại chỉ được sửa các nội dung được yêu cầu; không bỏ dòng được.",
        )
        locked = (
            NominationLine.objects.select_for_update(of=("self",))
            .select_related("award_type")
            .filter(pk=line.pk)
            .first()
        )
        if locked is None or locked.nomination_id != locked_nomination.pk:
            raise ValidationError("Dòng đề nghị này không còn trong hồ sơ.")
        _check_version(locked, version, "Dòng đề nghị")
        files = list(locked.documents.values_list("file", flat=True))
        audit(
            actor=actor,
            action="nomination.line_remove",
            obj=locked_nomination,
            unit=locked_nomination.proposing_unit,
            summary=f"Hồ sơ {locked_nomination.code}: bỏ dòng “{locked.award_type.name}” của {locked.subject_name}",
            data={"line": locked.pk, "award_type": locked.award_type.code},
        )
        locked.delete()
        _delete_files_on_commit(files)


# --- a person created from the dossier -------------------------------------------------------------------


def person_create_inline(
    *,
    actor,
    nomination: Nomination,
    full_name,
    birth_date,
    sex,
    national_id,
    position,
    unit,
    employment_type,
    is_direct_worker,
    confirm_not_duplicate: bool = False,
) -> Person:
    """Create a person of the proposing unit's subtree while writing a line (people.services.person_create).

    Same CCCD as someone recorded → NationalIdTaken, naming them only if the actor may see them. Same name
    (without diacritics) and birth date as someone in scope → PossibleDuplicate (its `matches`), unless
    `confirm_not_duplicate` ("Đây là người khác")."""
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _require_state(locked, State.DRAFT, State.RETURNED)
        if unit is None:
            raise ValidationError({"unit": "Vui lòng chọn đơn vị công tác."})
        if not unit.path.startswith(locked.proposing_unit.path):
            raise ValidationError(
                {"unit": f"Đơn vị công tác phải là {locked.proposing_unit.name} hoặc một đơn vị trực thuộc."}
            )
        nid = "".join((national_id or "").split())
        if nid:
            existing = Person.objects.select_related("unit").filter(national_id=nid).first()
            if existing is not None:
                if actor.has_perm("people.view_person", existing):
                    raise NationalIdTaken(
                        f"Số CCCD {nid} đã có trong hệ thống: {existing.full_name}"
                        f"{' (' + existing.unit.name + ')' if existing.unit_id else ''}. "
                        "Hãy chọn người này thay vì thêm mới.",
                        person=existing,
                    )
                raise NationalIdTaken(
                    f"Số CCCD {nid} đã có trong hệ thống (thuộc đơn vị ngoài phạm vi của anh/chị). "
                    "Liên hệ Sở Nội vụ nếu cần chuyển người này về đơn vị."
                )
        data = {
            "full_name": full_name,
            "birth_date": birth_date,
            "sex": sex,
            "ethnicity": "",
            "national_id": nid,
            "position": position,
            "employment_type": employment_type,
            "is_direct_worker": is_direct_worker,
            "unit": unit,
        }
        # One transaction with its own audit event ("person.create"); the dossier itself is unchanged.
        person = people_services.person_create(actor=actor, data=data, confirmed_duplicate=confirm_not_duplicate)
    return person


# --- documents -------------------------------------------------------------------------------------------


def document_add(
    *, actor, nomination: Nomination, kind, file, line: NominationLine | None = None, note=""
) -> NominationDocument:
    """Attach a file (PDF, Word, Excel, JPEG or PNG, checked by content, at most 20 MB)."""
    _require(actor, "nominations.edit", nomination)
    errors = {}
    if kind not in DocKind.values:
        errors["kind"] = "Vui lòng chọn loại tài liệu."
    detected = None
    if file is None:
        errors["file"] = "Vui lòng chọn tệp cần tải lên."
    else:
        try:
            detected = file_kind(file, max_bytes=MAX_DOCUMENT_BYTES, label="Tài liệu")
        except ValidationError as exc:
            errors["file"] = exc.messages
    note = (note or "").strip()
    if len(note) > 255:
        errors["note"] = "Ghi chú dài tối đa 255 ký tự."
    _raise(errors)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _require_state(locked, State.DRAFT, State.RETURNED)
        if line is not None:
            line = NominationLine.objects.filter(pk=line.pk, nomination=locked).first()
            if line is None:
                raise ValidationError({"line": "Dòng đề nghị này không thuộc hồ sơ."})
        if not line_documents_open(line, locked):
            raise ValidationError(
                {"line": "Hồ sơ bị trả lại: chỉ bổ sung tài liệu chung của hồ sơ hoặc của dòng được yêu cầu bổ sung."}
            )
        original = (getattr(file, "name", "") or "tep").rsplit("/", 1)[-1][:255]
        doc = NominationDocument(
            nomination=locked,
            line=line,
            kind=kind,
            original_name=original,
            file_kind=detected,
            size=file.size or 0,
            note=note,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        doc.file.save(stored_name(file, detected, default="tai-lieu"), file, save=False)
        try:
            doc.save()
            audit(
                actor=actor,
                action="nomination.document_add",
                obj=locked,
                unit=locked.proposing_unit,
                summary=f"Hồ sơ {locked.code}: đính kèm {doc.get_kind_display().lower()} “{original}”"
                + (f" cho {line.subject_name}" if line else ""),
                data={"document": doc.pk, "kind": kind, "line": line.pk if line else None},
            )
        except Exception:
            doc.file.delete(save=False)
            raise
    return doc


def document_remove(*, actor, document: NominationDocument) -> None:
    """Remove an attached file, under the same conditions as adding one."""
    nomination = document.nomination
    _require(actor, "nominations.edit", nomination)
    with transaction.atomic():
        locked = _lock(nomination)
        _require(actor, "nominations.edit", locked)
        _require_state(locked, State.DRAFT, State.RETURNED)
        doc = NominationDocument.objects.select_for_update().filter(pk=document.pk, nomination=locked).first()
        if doc is None:
            raise ValidationError("Tài liệu này không còn trong hồ sơ.")
        line = doc.line
        if not line_documents_open(line, locked):
            raise ValidationError(
                "Hồ sơ bị trả lại: chỉ bỏ được tài liệu chung của hồ sơ hoặc của dòng được yêu cầu bổ sung tài liệu."
            )
        audit(
            actor=actor,
            action="nomination.document_remove",
            obj=locked,
            unit=locked.proposing_unit,
            summary=f"Hồ sơ {locked.code}: bỏ {doc.get_kind_display().lower()} “{doc.original_name}”",
            data={"document": doc.pk, "kind": doc.kind, "line": doc.line_id},
        )
        name = doc.file.name
        doc.delete()
        _delete_files_on_commit([name])
