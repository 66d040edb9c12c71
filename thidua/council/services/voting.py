"""Votes: opening, casting (in person, in writing), recusal and closing.

Secrecy (docs/ballot-secrecy.md). For a secret item the roll (`VoteRoll`) records that a member
voted and how (in person, in writing, recused) but never the choice; the choice goes into one
empty `SecretBallot` slot drawn at random among the slots created together when the vote opened.
Every cast rewrites ALL slots of the item in one UPDATE, so every slot carries the same transaction
id and nothing tells which one changed last. Closing counts the slots, replaces them by fresh
ones (new random keys, shuffled, written in one statement) holding only the choices, and
rewrites the roll in one statement too. No audit event, log line or message contains a secret
choice. The item row is locked (select_for_update) in cast and close: a cast after closing waits
for the close and is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from thidua.core import ballots
from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.nominations.models import NominationLine, Outcome
from thidua.nominations.services.workflow import settle_dossiers

from ..models import (
    AgendaItem,
    Attendance,
    Choice,
    CouncilMember,
    Meeting,
    MeetingState,
    Presence,
    SecretBallot,
    VoteMode,
    VoteRoll,
    VoteState,
)
from ..rules import seat_of
from ..selectors.meetings import quorum_status
from ..tally import PRESENT_MEMBERS, passes

PRESIDE_DENIED = "Chỉ Chủ tịch hoặc Phó Chủ tịch thường trực Hội đồng (người chủ trì) được mở và kết thúc biểu quyết."
ALREADY_VOTED = "Anh/chị đã biểu quyết nội dung này; mỗi thành viên chỉ biểu quyết một lần."
MEMBER_ALREADY_VOTED = "Thành viên này đã biểu quyết nội dung này; mỗi thành viên chỉ biểu quyết một lần."
NOT_A_MEMBER = "Anh/chị không phải thành viên của Hội đồng này nên không được biểu quyết."
NOT_PRESENT = (
    "Anh/chị chưa được điểm danh có mặt tại phiên họp nên không biểu quyết trực tiếp được; "
    "ý kiến bằng văn bản do Thường trực Hội đồng ghi nhận."
)
NOT_OPEN = "Nội dung này chưa được mở biểu quyết."
CLOSED = "Biểu quyết nội dung này đã kết thúc; phiếu không được ghi nhận."


def _scope(meeting, *, state, item=None, award_type=None):
    qs = AgendaItem.objects.filter(meeting=meeting, vote_state=state)
    if item is not None:
        qs = qs.filter(pk=item.pk if hasattr(item, "pk") else item)
    if award_type is not None:
        qs = qs.filter(award_type=award_type)
    return qs


def _lock_item(item) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__council", "meeting__council__unit")
        .get(pk=item.pk)
    )


def _check_open(item):
    if item.vote_state == VoteState.CLOSED:
        raise ValidationError(CLOSED)
    if item.vote_state != VoteState.OPEN:
        raise ValidationError(NOT_OPEN)


def _check_choice(choice):
    if choice not in Choice.values:
        raise ValidationError("Hãy chọn Đồng ý, Không đồng ý hoặc Không biểu quyết.")


# --- Opening --------------------------------------------------------------------------------------


def vote_open(*, actor, meeting: Meeting, item=None, award_type=None) -> list[AgendaItem]:
    """Open the vote on one item, on every pending item of an award type, or on every pending item.
    Refused without the quorum. Secret items get their empty slots, one per active member."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("council__unit").get(pk=meeting.pk)
        require(actor, "council.preside", meeting, PRESIDE_DENIED)
        if meeting.state == MeetingState.CLOSED:
            raise ValidationError("Phiên họp đã kết thúc; không thể mở biểu quyết.")
        quorum = quorum_status(meeting)
        if not quorum.ok:
            raise ValidationError(quorum.message)
        items = list(_scope(meeting, state=VoteState.PENDING, item=item, award_type=award_type).select_for_update())
        if not items:
            raise ValidationError("Không có nội dung nào đang chờ biểu quyết trong phạm vi đã chọn.")
        AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(vote_state=VoteState.OPEN)
        seats = CouncilMember.objects.filter(council_id=meeting.council_id, active=True).count()
        for i in items:
            if i.secret:
                ballots.slots_create(SecretBallot, seats, item=i)
        if meeting.state == MeetingState.PREPARING:
            meeting.state = MeetingState.IN_SESSION
            meeting.save(update_fields=["state"])
        audit(
            actor=actor,
            action="council.vote_open",
            obj=meeting,
            unit=meeting.council.unit,
            summary=f"Mở biểu quyết {len(items)} nội dung tại phiên họp “{meeting.title}” ({quorum.message})",
            data={"items": [i.pk for i in items], "present": quorum.present, "members": quorum.total},
        )
        for i in items:
            i.vote_state = VoteState.OPEN
        return items


# --- Casting --------------------------------------------------------------------------------------


def _drop(item: AgendaItem, member: CouncilMember, mode: str, choice: str = "", reason: str = "") -> VoteRoll:
    """Put the member on the roll and, for a secret item, the choice in a random empty slot."""
    try:
        with transaction.atomic():
            roll = VoteRoll.objects.create(
                item=item,
                member=member,
                mode=mode,
                open_choice="" if item.secret or mode == VoteMode.RECUSED else choice,
                recusal_reason=reason,
            )
    except IntegrityError as exc:
        raise ValidationError(ALREADY_VOTED) from exc
    if item.secret and mode != VoteMode.RECUSED:
        ballots.slot_drop(SecretBallot, choice, item=item)
    return roll


def _cast_summary(item, member, mode) -> str:
    how = {VoteMode.IN_PERSON: "đã biểu quyết", VoteMode.WRITTEN: "gửi ý kiến bằng văn bản"}.get(mode, "")
    return f"{member.full_name} {how} về trường hợp {item.line.subject_name} ({item.award_type.name})"


def _cast_data(item, member, mode, choice) -> dict:
    data = {"item": item.pk, "member": member.pk, "mode": mode, "secret": item.secret}
    if not item.secret:
        data["choice"] = choice  # an open vote is public; a secret choice is never written here
    return data


def ballot_cast(*, actor, item: AgendaItem, choice: str) -> VoteRoll:
    """A present member votes in person on an open item, once."""
    with transaction.atomic():
        item = _lock_item(item)
        seat = seat_of(actor, item.meeting.council_id)
        if seat is None:
            raise PermissionDenied(NOT_A_MEMBER)
        _check_choice(choice)
        _check_open(item)
        if not Attendance.objects.filter(meeting_id=item.meeting_id, member=seat, presence=Presence.PRESENT).exists():
            raise PermissionDenied(NOT_PRESENT)
        if VoteRoll.objects.filter(item=item, member=seat).exists():
            raise ValidationError(ALREADY_VOTED)
        require(actor, "council.vote", item)
        roll = _drop(item, seat, VoteMode.IN_PERSON, choice)
        audit(
            actor=actor,
            action="council.ballot_cast",
            obj=item,
            unit=item.meeting.council.unit,
            summary=_cast_summary(item, seat, VoteMode.IN_PERSON),
            data=_cast_data(item, seat, VoteMode.IN_PERSON, choice),
        )
        return roll


def _written_seat(item, member) -> CouncilMember:
    seat = CouncilMember.objects.filter(pk=getattr(member, "pk", member), council_id=item.meeting.council_id).first()
    if seat is None or not seat.active:
        raise ValidationError("Người này không phải thành viên đang hoạt động của Hội đồng.")
    written = Attendance.objects.filter(meeting_id=item.meeting_id, member=seat, presence=Presence.ABSENT_WRITTEN)
    if not written.exists():
        raise ValidationError(
            f"{seat.full_name} không được điểm danh “vắng mặt, gửi ý kiến bằng văn bản” nên không ghi nhận "
            "phiếu bằng văn bản được."
        )
    if VoteRoll.objects.filter(item=item, member=seat).exists():
        raise ValidationError(MEMBER_ALREADY_VOTED)
    return seat


def ballot_record_written(*, actor, item: AgendaItem, member, choice: str) -> VoteRoll:
    """The secretariat records the written vote of a member absent with a written opinion. For a
    secret item the written ballot goes into an anonymous slot exactly like an in-person one."""
    _check_choice(choice)
    with transaction.atomic():
        require(actor, "council.manage", message="Chỉ Thường trực Hội đồng được ghi nhận phiếu bằng văn bản.")
        item = _lock_item(item)
        _check_open(item)
        seat = _written_seat(item, member)
        try:
            roll = _drop(item, seat, VoteMode.WRITTEN, choice)
        except ValidationError as exc:
            if ALREADY_VOTED in exc.messages:
                raise ValidationError(MEMBER_ALREADY_VOTED) from exc
            raise
        audit(
            actor=actor,
            action="council.ballot_written",
            obj=item,
            unit=item.meeting.council.unit,
            summary=_cast_summary(item, seat, VoteMode.WRITTEN),
            data=_cast_data(item, seat, VoteMode.WRITTEN, choice),
        )
        return roll


def vote_recuse(*, actor, item: AgendaItem, reason: str, member=None) -> VoteRoll:
    """A member steps aside on a conflict of interest (themselves when present, or — recorded by the
    secretariat — a member absent with a written opinion). Recused members leave the base."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Nêu lý do không tham gia biểu quyết (xung đột lợi ích)."]})
    with transaction.atomic():
        item = _lock_item(item)
        if member is None:
            seat = seat_of(actor, item.meeting.council_id)
            if seat is None:
                raise PermissionDenied(NOT_A_MEMBER)
            _check_open(item)
            present = Attendance.objects.filter(meeting_id=item.meeting_id, member=seat, presence=Presence.PRESENT)
            if not present.exists():
                raise PermissionDenied(NOT_PRESENT)
            if VoteRoll.objects.filter(item=item, member=seat).exists():
                raise ValidationError(ALREADY_VOTED)
        else:
            require(actor, "council.manage", message="Chỉ Thường trực Hội đồng được ghi nhận ý kiến bằng văn bản.")
            _check_open(item)
            seat = _written_seat(item, member)
        roll = _drop(item, seat, VoteMode.RECUSED, reason=reason[:500])
        audit(
            actor=actor,
            action="council.vote_recuse",
            obj=item,
            unit=item.meeting.council.unit,
            summary=f"{seat.full_name} không tham gia biểu quyết trường hợp {item.line.subject_name}: {reason}"[:500],
            data={"item": item.pk, "member": seat.pk, "reason": reason[:500]},
        )
        return roll


# --- Closing --------------------------------------------------------------------------------------


def _seal_secret(item) -> dict:
    """Count the secret slots, then replace them by fresh shuffled ones holding only the choices, and
    rewrite the roll in one statement so that its rows too carry the closing transaction's id."""
    return ballots.slots_seal(SecretBallot, VoteRoll.objects.filter(item=item), "mode", item=item)


def _close_item(item, *, total_members: int, participants: int) -> AgendaItem:
    roll = VoteRoll.objects.filter(item=item).aggregate(
        voted=Count("pk", filter=~Q(mode=VoteMode.RECUSED)),
        recused=Count("pk", filter=Q(mode=VoteMode.RECUSED)),
        yes=Count("pk", filter=Q(open_choice=Choice.YES)),
        no=Count("pk", filter=Q(open_choice=Choice.NO)),
        abstain=Count("pk", filter=Q(open_choice=Choice.ABSTAIN)),
    )
    if item.secret:
        counts = _seal_secret(item)
        yes, no, abstain = (counts.get(c, 0) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN))
    else:
        yes, no, abstain = roll["yes"], roll["no"], roll["abstain"]
    if yes + no + abstain != roll["voted"]:
        raise ValidationError(
            f"Số phiếu ({yes + no + abstain}) không khớp số thành viên đã biểu quyết ({roll['voted']}) ở trường hợp "
            f"{item.line.subject_name}; không thể kết thúc biểu quyết."
        )
    recused = roll["recused"]
    base = (participants if item.approval_base == PRESENT_MEMBERS else total_members) - recused
    item.base_count = max(base, 0)
    item.yes_count, item.no_count, item.abstain_count, item.recused_count = yes, no, abstain, recused
    item.passed = passes(yes, item.base_count, item.threshold, item.strictly_above)
    item.vote_state = VoteState.CLOSED
    item.closed_at = timezone.now()
    item.save()
    line = NominationLine.objects.select_for_update().get(pk=item.line_id)
    line.outcome = Outcome.PASSED if item.passed else Outcome.NOT_PASSED
    line.version += 1
    line.save(update_fields=["outcome", "version"])
    return item


def vote_close(*, actor, meeting: Meeting, item=None, award_type=None) -> list[AgendaItem]:
    """Close the open vote on one item, an award type or every open item: compute the counts over
    the base (all active members, or those taking part, minus the recused), decide each item by its
    rule and set the nomination line's outcome."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("council__unit").get(pk=meeting.pk)
        require(actor, "council.preside", meeting, PRESIDE_DENIED)
        items = list(
            _scope(meeting, state=VoteState.OPEN, item=item, award_type=award_type)
            .select_for_update(of=("self",))
            .select_related("line", "award_type")
            .order_by("pk")
        )
        if not items:
            raise ValidationError("Không có nội dung nào đang biểu quyết trong phạm vi đã chọn.")
        members = CouncilMember.objects.filter(council_id=meeting.council_id, active=True).aggregate(
            total=Count("pk", distinct=True),
            taking_part=Count(
                "attendance",
                filter=Q(
                    attendance__meeting_id=meeting.pk,
                    attendance__presence__in=(Presence.PRESENT, Presence.ABSENT_WRITTEN),
                ),
                distinct=True,
            ),
        )
        closed = [_close_item(i, total_members=members["total"], participants=members["taking_part"]) for i in items]
        for i in closed:
            audit(
                actor=actor,
                action="council.vote_close",
                obj=i,
                unit=meeting.council.unit,
                summary=(
                    f"Kết thúc biểu quyết trường hợp {i.line.subject_name} ({i.award_type.name}): "
                    f"{i.yes_count}/{i.base_count} đồng ý — {'thông qua' if i.passed else 'không thông qua'}"
                ),
                data={
                    "yes": i.yes_count,
                    "no": i.no_count,
                    "abstain": i.abstain_count,
                    "recused": i.recused_count,
                    "base": i.base_count,
                    "passed": i.passed,
                },
            )
        # A dossier whose lines the council passed none of is decided now (nothing left to issue).
        settle_dossiers({i.line.nomination_id for i in closed})
        _notify_office(actor, meeting, closed)
        return closed


def _notify_office(actor, meeting, closed) -> None:
    from thidua.accounts.models import Role, User
    from thidua.core.notifications import notify

    passed = sum(1 for i in closed if i.passed)
    officers = User.objects.filter(roles__role=Role.PROVINCE_OFFICER, is_active=True).exclude(pk=actor.pk).distinct()
    notify(
        users=officers,
        text=(
            f"Hội đồng đã kết thúc biểu quyết {len(closed)} trường hợp tại phiên họp “{meeting.title}”: "
            f"{passed} thông qua, {len(closed) - passed} không thông qua."
        ),
        url=reverse("council:meeting_detail", args=[meeting.pk]),
    )
