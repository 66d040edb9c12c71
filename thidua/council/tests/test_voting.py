"""Opening, casting, recusing, written votes and closing: who may do what, and the arithmetic."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.council import services
from thidua.council.models import Choice, MeetingState, SecretBallot, VoteMode, VoteRoll, VoteState
from thidua.nominations.models import Outcome

from .conftest import fresh, mark

pytestmark = pytest.mark.django_db


def vote(board, item, choices):
    """choices[i] is what board.users[i] casts (None: does not vote)."""
    for user, choice in zip(board.users, choices, strict=False):
        if choice is not None:
            services.ballot_cast(actor=user, item=item, choice=choice)


# --- The rule fixed on each item ------------------------------------------------------------------


def test_items_take_their_rule_from_the_rule_set_in_force_on_the_meeting_date(agenda):
    secret = agenda.secret[0]
    assert secret.secret is True
    assert secret.threshold == Decimal("0.90") and secret.strictly_above is False
    assert secret.approval_base == "total_members"
    assert "Nghị định 91/2017/NĐ-CP" in secret.rule_citation
    open_item = agenda.open[0]
    assert open_item.secret is False
    assert open_item.threshold == Decimal("0.50") and open_item.strictly_above is True
    assert "Quy chế làm việc" in open_item.rule_citation


# --- Quorum and who opens -------------------------------------------------------------------------


def test_vote_cannot_open_without_quorum_and_the_message_gives_the_figures(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board, absent=(3, 4, 5, 6))  # 6 of 10 present = 60 % < 67 %
    with pytest.raises(ValidationError) as exc:
        services.vote_open(actor=board.chair, meeting=meeting)
    assert exc.value.messages == ["Mới có 6/10 thành viên có mặt (60%), chưa đủ tỷ lệ 67% để biểu quyết."]
    assert not agenda.all[0].__class__.objects.filter(vote_state=VoteState.OPEN).exists()


def test_members_absent_with_written_opinion_do_not_count_towards_the_quorum(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board, written=(3, 4, 5, 6))
    with pytest.raises(ValidationError, match="Mới có 6/10"):
        services.vote_open(actor=board.chair, meeting=meeting)


def test_only_the_presiding_member_opens_and_closes_votes(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    for intruder in (council_member, province_officer, board.users[2]):  # member, secretariat, plain vice-chair
        with pytest.raises(PermissionDenied):
            services.vote_open(actor=intruder, meeting=meeting)
    services.vote_open(actor=board.vice, meeting=meeting, item=agenda.open[0])  # the standing vice-chair may
    for intruder in (council_member, province_officer):
        with pytest.raises(PermissionDenied):
            services.vote_close(actor=intruder, meeting=meeting)
    services.vote_close(actor=board.chair, meeting=meeting)
    assert fresh(agenda.open[0]).vote_state == VoteState.CLOSED


def test_opening_a_group_opens_only_that_award_type_and_creates_one_slot_per_member(
    board, meeting, agenda, province_officer
):
    mark(province_officer, meeting, board)
    opened = services.vote_open(actor=board.chair, meeting=meeting, award_type=agenda.secret[0].award_type)
    assert {i.pk for i in opened} == {i.pk for i in agenda.secret}
    assert all(fresh(i).vote_state == VoteState.PENDING for i in agenda.open)
    assert SecretBallot.objects.filter(item=agenda.secret[0], choice="").count() == 10
    assert fresh(meeting).state == MeetingState.IN_SESSION


# --- Who votes, once ------------------------------------------------------------------------------


def test_a_second_vote_by_the_same_member_is_refused(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    for item in (agenda.secret[0], agenda.open[0]):
        services.ballot_cast(actor=council_member, item=item, choice=Choice.YES)
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(actor=council_member, item=item, choice=Choice.NO)
        assert "chỉ biểu quyết một lần" in exc.value.messages[0]
    assert VoteRoll.objects.filter(member__user=council_member).count() == 2
    assert SecretBallot.objects.filter(item=agenda.secret[0]).exclude(choice="").count() == 1


def test_the_database_itself_refuses_a_second_roll_row(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    services.ballot_cast(actor=board.users[4], item=agenda.open[0], choice=Choice.YES)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteRoll.objects.create(item=agenda.open[0], member=board.seats[4], mode=VoteMode.IN_PERSON, open_choice="NO")


def test_non_member_absent_member_and_unit_officer_cannot_vote(
    board, meeting, agenda, province_officer, unit_officer, admin_user
):
    mark(province_officer, meeting, board, absent=(9,), written=(8,))
    services.vote_open(actor=board.chair, meeting=meeting)
    item = agenda.secret[0]
    for outsider in (unit_officer, province_officer, admin_user, board.users[9], board.users[8]):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=outsider, item=item, choice=Choice.YES)
    assert not VoteRoll.objects.exists()
    assert not SecretBallot.objects.exclude(choice="").exists()


def test_a_vote_on_an_item_not_yet_open_is_refused(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    with pytest.raises(ValidationError, match="chưa được mở"):
        services.ballot_cast(actor=council_member, item=agenda.open[0], choice=Choice.YES)


def test_a_vote_after_closing_is_refused(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.secret[0])
    services.vote_close(actor=board.chair, meeting=meeting, item=agenda.secret[0])
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.ballot_cast(actor=council_member, item=agenda.secret[0], choice=Choice.YES)


def test_an_unknown_choice_is_refused(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=council_member, item=agenda.open[0], choice="MAYBE")
    assert not VoteRoll.objects.exists()


# --- Thresholds ------------------------------------------------------------------------------------


def test_secret_ballot_needs_90_percent_of_total_members_absent_members_counted(
    board, meeting, agenda, province_officer, queue
):
    mark(province_officer, meeting, board, absent=(9,))  # 9 present of 10
    services.vote_open(actor=board.chair, meeting=meeting, award_type=agenda.secret[0].award_type)
    first, second = agenda.secret
    vote(board, first, [Choice.YES] * 9)  # 9 of 10 → 90 % → passes
    vote(board, second, [Choice.YES] * 8 + [Choice.NO])  # 8 of 10 → fails (the absent one is in the base)
    services.vote_close(actor=board.chair, meeting=meeting)
    first, second = fresh(first), fresh(second)
    assert (first.yes_count, first.no_count, first.base_count, first.passed) == (9, 0, 10, True)
    assert (second.yes_count, second.no_count, second.base_count, second.passed) == (8, 1, 10, False)
    assert fresh(queue.cstd1).outcome == Outcome.PASSED
    assert fresh(queue.cstd2).outcome == Outcome.NOT_PASSED


def test_recused_members_leave_the_base(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.secret[0])
    item = agenda.secret[0]
    services.vote_recuse(actor=board.users[9], item=item, reason="Là cấp trên trực tiếp của người được đề nghị")
    vote(board, item, [Choice.YES] * 8 + [Choice.NO])  # 8 of (10 − 1) = 88,9 % < 90 %
    services.vote_close(actor=board.chair, meeting=meeting)
    item = fresh(item)
    assert (item.base_count, item.recused_count, item.yes_count, item.passed) == (9, 1, 8, False)
    roll = VoteRoll.objects.get(item=item, member=board.seats[9])
    assert roll.mode == VoteMode.RECUSED and roll.recusal_reason.startswith("Là cấp trên")
    with pytest.raises(ValidationError):  # the recused member cannot vote afterwards
        services.ballot_cast(actor=board.users[9], item=item, choice=Choice.YES)


def test_recused_member_excluded_lets_9_of_9_pass(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    services.vote_recuse(actor=board.users[9], item=item, reason="Vợ của người được đề nghị")
    vote(board, item, [Choice.YES] * 9)
    services.vote_close(actor=board.chair, meeting=meeting)
    assert fresh(item).passed is True and fresh(item).base_count == 9


def test_recusal_needs_a_reason(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    with pytest.raises(ValidationError):
        services.vote_recuse(actor=board.users[3], item=agenda.open[0], reason="  ")


def test_open_vote_needs_more_than_half(board, meeting, agenda, province_officer, queue):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, award_type=agenda.open[0].award_type)
    half, more = agenda.open
    vote(board, half, [Choice.YES] * 5 + [Choice.NO] * 3 + [Choice.ABSTAIN] * 2)  # 5 of 10: not more than half
    vote(board, more, [Choice.YES] * 6 + [Choice.NO] * 4)
    services.vote_close(actor=board.chair, meeting=meeting)
    half, more = fresh(half), fresh(more)
    assert (half.yes_count, half.no_count, half.abstain_count, half.passed) == (5, 3, 2, False)
    assert (more.yes_count, more.passed) == (6, True)
    assert fresh(queue.bk1).outcome == Outcome.NOT_PASSED
    assert fresh(queue.bk2).outcome == Outcome.PASSED
    assert VoteRoll.objects.get(item=more, member=board.seats[0]).open_choice == Choice.YES


def test_written_votes_are_recorded_as_written_and_counted(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board, written=(8, 9))
    services.vote_open(actor=board.chair, meeting=meeting)
    secret, open_item = agenda.secret[0], agenda.open[0]
    vote(board, secret, [Choice.YES] * 8)
    services.ballot_record_written(actor=province_officer, item=secret, member=board.seats[8], choice=Choice.YES)
    services.vote_recuse(actor=province_officer, item=secret, member=board.seats[9], reason="Người thân (văn bản)")
    services.ballot_record_written(actor=province_officer, item=open_item, member=board.seats[9], choice=Choice.NO)
    with pytest.raises(ValidationError, match="một lần"):
        services.ballot_record_written(actor=province_officer, item=secret, member=board.seats[8], choice=Choice.NO)
    with pytest.raises(ValidationError, match="không được điểm danh"):  # present members vote themselves
        services.ballot_record_written(actor=province_officer, item=secret, member=board.seats[0], choice=Choice.YES)
    with pytest.raises(PermissionDenied):  # only the secretariat records written votes
        services.ballot_record_written(actor=council_member, item=open_item, member=board.seats[8], choice=Choice.YES)
    written = VoteRoll.objects.get(item=secret, member=board.seats[8])
    assert written.mode == VoteMode.WRITTEN and written.open_choice == ""  # secret: the choice went to a slot
    assert VoteRoll.objects.get(item=open_item, member=board.seats[9]).open_choice == Choice.NO
    services.vote_close(actor=board.chair, meeting=meeting, item=secret)
    secret = fresh(secret)
    assert (secret.yes_count, secret.recused_count, secret.base_count, secret.passed) == (9, 1, 9, True)


def test_present_members_base_counts_those_taking_part(board, meeting, agenda, province_officer):
    from thidua.council.models import AgendaItem

    AgendaItem.objects.filter(pk=agenda.open[0].pk).update(approval_base="present_members")
    mark(province_officer, meeting, board, absent=(8,), written=(9,))  # 8 present + 1 written take part
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    vote(board, agenda.open[0], [Choice.YES] * 5 + [Choice.NO] * 3)
    services.vote_close(actor=board.chair, meeting=meeting)
    item = fresh(agenda.open[0])
    assert item.base_count == 9 and item.passed is True  # 5 > 4,5


def test_meeting_closes_only_when_no_vote_is_open_and_pending_lines_go_back_to_the_queue(
    board, meeting, agenda, province_officer, queue
):
    from thidua.council.selectors import candidate_lines

    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    with pytest.raises(ValidationError, match="đang biểu quyết"):
        services.meeting_close(actor=province_officer, meeting=meeting)
    services.vote_close(actor=board.chair, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_close(actor=board.users[3], meeting=meeting)
    services.meeting_close(actor=board.chair, meeting=meeting, note="Hội đồng thống nhất.")
    assert fresh(meeting).state == MeetingState.CLOSED
    assert set(candidate_lines().values_list("pk", flat=True)) == {queue.cstd1.pk, queue.cstd2.pk, queue.bk2.pk}
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.attendance_set(actor=province_officer, meeting=meeting, presences={})
