"""Meetings, their agenda and attendance (the secretariat's work), and closing a meeting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thidua.catalog.models import RuleParameter
from thidua.catalog.selectors import NotInForce, rule_parameters, rule_set_on
from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.nominations.models import NominationLine

from ..models import (
    AgendaItem,
    Attendance,
    Council,
    CouncilMember,
    Meeting,
    MeetingState,
    Presence,
    VoteState,
)
from ..selectors.meetings import candidate_lines, meeting_day
from ..tally import PRESENT_MEMBERS, TOTAL_MEMBERS
from .terms import MANAGE_DENIED

CLOSED_MEETING = "Phiên họp đã kết thúc; không thể thay đổi."
MEETING_FIELDS = ("title", "held_at", "place", "secretary_name", "note")
RULE_KEYS = (
    "secret_ballot_award_codes",
    "council_secret_ballot_threshold",
    "council_open_vote_threshold",
    "council_approval_base",
)


def _lock_meeting(meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("council", "council__unit").get(pk=meeting.pk)


def _require_open(meeting):
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(CLOSED_MEETING)


def meeting_create(
    *, actor, council: Council, title: str, held_at, place: str = "", secretary_name: str = "", note: str = ""
) -> Meeting:
    """A meeting in preparation, with every active member on its attendance list (absent until marked)."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        title = (title or "").strip()
        if not title:
            raise ValidationError({"title": ["Nhập tên phiên họp."]})
        if held_at is None:
            raise ValidationError({"held_at": ["Nhập thời gian họp."]})
        meeting = Meeting.objects.create(
            council=council,
            title=title,
            held_at=held_at,
            place=(place or "").strip(),
            secretary_name=(secretary_name or "").strip(),
            note=note or "",
            created_by=actor,
        )
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member=m) for m in CouncilMember.objects.filter(council=council, active=True)]
        )
        audit(
            actor=actor,
            action="council.meeting_create",
            obj=meeting,
            unit=council.unit,
            summary=f"Tạo phiên họp “{meeting.title}” ({timezone.localtime(held_at):%d/%m/%Y %H:%M})",
        )
        return meeting


def meeting_update(*, actor, meeting: Meeting, version: int | None = None, **fields) -> Meeting:
    """Edit the meeting's particulars; its date cannot move once the agenda has items (their rule
    was fixed from the rule set in force on that date)."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        meeting = _lock_meeting(meeting)
        _require_open(meeting)
        if version is not None and version != meeting.version:
            raise ValidationError("Phiên họp vừa được người khác sửa; hãy tải lại trang và thực hiện lại.")
        unknown = set(fields) - set(MEETING_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {unknown}")
        old_day = meeting_day(meeting)
        for key, value in fields.items():
            setattr(meeting, key, value.strip() if isinstance(value, str) else value)
        if not meeting.title:
            raise ValidationError({"title": ["Nhập tên phiên họp."]})
        if meeting.held_at is None:
            raise ValidationError({"held_at": ["Nhập thời gian họp."]})
        if meeting_day(meeting) != old_day and meeting.items.exists():
            raise ValidationError(
                {"held_at": ["Chương trình đã có nội dung: bỏ các nội dung khỏi chương trình trước khi đổi ngày họp."]}
            )
        meeting.version += 1
        meeting.save()
        audit(
            actor=actor,
            action="council.meeting_update",
            obj=meeting,
            unit=meeting.council.unit,
            summary=f"Sửa phiên họp “{meeting.title}”",
        )
        return meeting


def item_rule(day) -> dict:
    """The voting rule of each award type on `day`: {"secret_codes", "secret": {...}, "open": {...}}."""
    try:
        rule_set = rule_set_on(day)
    except NotInForce as exc:
        raise ValidationError(str(exc)) from exc
    params = rule_parameters(rule_set)
    missing = [k for k in RULE_KEYS if k not in params]
    if missing:
        raise ValidationError(f"Bộ quy tắc {rule_set.code} thiếu tham số {', '.join(missing)}.")
    citations = dict(RuleParameter.objects.filter(rule_set=rule_set, key__in=RULE_KEYS).values_list("key", "citation"))
    base = params["council_approval_base"]
    if base not in (TOTAL_MEMBERS, PRESENT_MEMBERS):
        raise ValidationError(f"Tham số council_approval_base có giá trị không hợp lệ: {base}.")

    def cite(*keys):
        seen = []
        for key in keys:
            if citations.get(key) and citations[key] not in seen:
                seen.append(citations[key])
        return "; ".join(seen)[:500]

    return {
        "secret_codes": {c.strip() for c in str(params["secret_ballot_award_codes"]).split(",") if c.strip()},
        "secret": dict(
            secret=True,
            threshold=params["council_secret_ballot_threshold"],
            strictly_above=False,
            approval_base=base,
            rule_citation=cite("secret_ballot_award_codes", "council_secret_ballot_threshold", "council_approval_base"),
        ),
        "open": dict(
            secret=False,
            threshold=params["council_open_vote_threshold"],
            strictly_above=True,
            approval_base=base,
            rule_citation=cite("council_open_vote_threshold", "council_approval_base"),
        ),
    }


def agenda_add_lines(*, actor, meeting: Meeting, line_ids=(), award_type=None) -> list[AgendaItem]:
    """Put lines of the council's queue on the agenda (the ticked ones, or every line of one award
    type), each with the voting rule in force on the meeting date. All or nothing."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        meeting = _lock_meeting(meeting)
        _require_open(meeting)
        ids = {int(i) for i in line_ids or ()}
        if award_type is not None:
            ids |= set(candidate_lines().filter(award_type=award_type).values_list("pk", flat=True))
        if not ids:
            raise ValidationError("Chọn ít nhất một trường hợp để đưa vào chương trình.")
        # Lock the lines so that two officers cannot put one line on two meetings at once.
        locked = list(NominationLine.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        eligible = set(candidate_lines().filter(pk__in=ids).values_list("pk", flat=True))
        refused = [line for line in locked if line.pk not in eligible] + [None] * (len(ids) - len(locked))
        if refused:
            names = ", ".join(line.subject_name for line in refused if line is not None) or "không xác định"
            raise ValidationError(
                f"Một số trường hợp không còn trong danh sách chờ Hội đồng xét (đã thuộc phiên họp khác hoặc đã có "
                f"kết quả): {names}. Không có trường hợp nào được thêm."
            )
        rule = item_rule(meeting_day(meeting))
        start = (meeting.items.aggregate(m=Max("sort_order"))["m"] or 0) + 1
        lines = (
            NominationLine.objects.filter(pk__in=ids)
            .select_related("award_type")
            .order_by("nomination_id", "sort_order", "id")
        )
        items = []
        for offset, line in enumerate(lines):
            kind = "secret" if line.award_type.code in rule["secret_codes"] else "open"
            items.append(
                AgendaItem(
                    meeting=meeting, line=line, award_type=line.award_type, sort_order=start + offset, **rule[kind]
                )
            )
        AgendaItem.objects.bulk_create(items)
        audit(
            actor=actor,
            action="council.agenda_add",
            obj=meeting,
            unit=meeting.council.unit,
            summary=f"Đưa {len(items)} trường hợp vào chương trình phiên họp “{meeting.title}”",
            data={"lines": sorted(ids)},
        )
        return items


def agenda_remove_item(*, actor, item: AgendaItem) -> None:
    """Take an item off the agenda while its vote has not opened (the line returns to the queue)."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__council__unit", "line")
            .get(pk=item.pk)
        )
        _require_open(item.meeting)
        if item.vote_state != VoteState.PENDING:
            raise ValidationError("Nội dung này đã được đưa ra biểu quyết nên không thể bỏ khỏi chương trình.")
        meeting, name = item.meeting, item.line.subject_name
        item.delete()
        audit(
            actor=actor,
            action="council.agenda_remove",
            obj=meeting,
            unit=meeting.council.unit,
            summary=f"Bỏ trường hợp {name} khỏi chương trình phiên họp “{meeting.title}”",
            data={"line": item.line_id},
        )


def attendance_set(*, actor, meeting: Meeting, presences: dict) -> dict:
    """Mark members present / absent with a written opinion / absent: {member_id: Presence}."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        meeting = _lock_meeting(meeting)
        _require_open(meeting)
        seats = {m.pk: m for m in CouncilMember.objects.filter(council_id=meeting.council_id, active=True)}
        wanted = {}
        for key, value in presences.items():
            if int(key) not in seats:
                raise ValidationError("Danh sách điểm danh có người không phải thành viên đang hoạt động của hội đồng.")
            if value not in Presence.values:
                raise ValidationError("Tình trạng tham dự không hợp lệ.")
            wanted[int(key)] = value
        current = {a.member_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
        changed = []
        for member_id, presence in wanted.items():
            row = current.get(member_id)
            if row is None:
                changed.append(Attendance.objects.create(meeting=meeting, member_id=member_id, presence=presence))
            elif row.presence != presence:
                row.presence = presence
                row.save(update_fields=["presence"])
                changed.append(row)
        marks = {mid: (current[mid].presence if mid in current else Presence.ABSENT) for mid in seats}
        marks.update(wanted)
        counts = {p: sum(1 for v in marks.values() if v == p) for p in Presence.values}
        audit(
            actor=actor,
            action="council.attendance",
            obj=meeting,
            unit=meeting.council.unit,
            summary=(
                f"Điểm danh phiên họp “{meeting.title}”: {counts[Presence.PRESENT]} có mặt, "
                f"{counts[Presence.ABSENT_WRITTEN]} vắng có ý kiến bằng văn bản, {counts[Presence.ABSENT]} vắng"
            ),
            data={"changed": {str(a.member_id): a.presence for a in changed}},
        )
        return counts


def meeting_close(*, actor, meeting: Meeting, note: str | None = None) -> Meeting:
    """End the meeting when no vote is open; items never put to the vote go back to the queue."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        require(
            actor,
            "council.close_meeting",
            meeting,
            "Chỉ Thường trực Hội đồng hoặc người chủ trì phiên họp được kết thúc phiên họp.",
        )
        _require_open(meeting)
        if meeting.items.filter(vote_state=VoteState.OPEN).exists():
            raise ValidationError("Còn nội dung đang biểu quyết: hãy kết thúc biểu quyết trước khi kết thúc phiên họp.")
        if note is not None:
            meeting.note = note
        meeting.state = MeetingState.CLOSED
        meeting.closed_at = timezone.now()
        meeting.version += 1
        meeting.save()
        audit(
            actor=actor,
            action="council.meeting_close",
            obj=meeting,
            unit=meeting.council.unit,
            summary=f"Kết thúc phiên họp “{meeting.title}”",
        )
        return meeting
