"""Members casting at the same moment, and a cast racing the close, each through their own database
connection (threads): every ballot lands in its own slot, nobody votes twice, and the result is
consistent with the roll. SQLite serialises writers at BEGIN IMMEDIATE; PostgreSQL waits on the
item's row lock."""

import pytest

from tests.concurrency import race as _race
from thidua.council import services
from thidua.council.models import Choice, SecretBallot, VoteRoll

from .conftest import fresh, mark


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_last_votes_cast_at_once_each_land_in_their_own_slot(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    for user in board.users[:7]:
        services.ballot_cast(actor=user, item=item, choice=Choice.YES)

    outcomes = _race(
        [
            lambda u=u, c=c: services.ballot_cast(actor=u, item=item, choice=c).pk
            for u, c in zip(board.users[7:], (Choice.YES, Choice.NO, Choice.YES), strict=True)
        ]
    )
    assert [k for k, _ in outcomes] == ["ok"] * 3, outcomes
    assert SecretBallot.objects.filter(item=item).exclude(choice="").count() == 10
    services.vote_close(actor=board.chair, meeting=meeting, item=item)
    item = fresh(item)
    assert (item.yes_count, item.no_count, item.passed) == (9, 1, True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_member_voting_twice_at_once_is_counted_once(board, meeting, agenda, province_officer, council_member):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    outcomes = _race(
        [
            lambda c=c: services.ballot_cast(actor=council_member, item=item, choice=c).pk
            for c in (Choice.YES, Choice.NO)
        ]
    )
    assert sorted(k for k, _ in outcomes) == ["ok", "refused"], outcomes
    assert VoteRoll.objects.filter(item=item).count() == 1
    assert SecretBallot.objects.filter(item=item).exclude(choice="").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cast_racing_the_close_is_either_counted_or_refused(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    for user in board.users[1:9]:
        services.ballot_cast(actor=user, item=item, choice=Choice.YES)

    outcomes = _race(
        [
            lambda: len(services.vote_close(actor=board.chair, meeting=meeting, item=item)),
            lambda: services.ballot_cast(actor=board.users[9], item=item, choice=Choice.YES).pk,
        ]
    )
    assert outcomes[0][0] == "ok", outcomes
    item = fresh(item)
    rolled = VoteRoll.objects.filter(item=item).count()
    assert item.yes_count == rolled == SecretBallot.objects.filter(item=item).count()
    if outcomes[1][0] == "ok":
        assert (rolled, item.passed) == (9, True)
    else:
        assert outcomes[1] == ("refused", "Biểu quyết nội dung này đã kết thúc; phiếu không được ghi nhận.")
        assert (rolled, item.passed) == (8, False)
