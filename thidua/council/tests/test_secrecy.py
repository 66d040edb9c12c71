"""Ballot secrecy with full database access: after a secret vote, nothing in any table row, key,
column, order or transaction id links a ballot to a member; only the counts are known. A member
sees their own secret choice (from a cookie on their browser) until the vote closes, not after."""

import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from thidua.core.models import AuditEvent, Notification
from thidua.council import services
from thidua.council.models import AgendaItem, Choice, SecretBallot, VoteRoll

from .conftest import fresh, mark

pytestmark = pytest.mark.django_db

# A pattern of choices that would show through any order that followed the voters.
PATTERN = [Choice.YES, Choice.NO, Choice.YES, Choice.ABSTAIN, Choice.YES, Choice.YES, Choice.NO, Choice.YES, Choice.YES]


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _secret_vote(board, meeting, agenda, officer):
    mark(officer, meeting, board, written=(9,))
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    for user, choice in zip(board.users[:8], PATTERN, strict=False):
        services.ballot_cast(actor=user, item=item, choice=choice)
    services.ballot_record_written(actor=officer, item=item, member=board.seats[9], choice=PATTERN[8])
    return item


def test_secret_ballot_has_no_author_no_time_and_no_history():
    columns = {f.column for f in SecretBallot._meta.concrete_fields}
    assert columns == {"id", "item_id", "choice"}
    assert SecretBallot._meta.get_field("id").get_default().version == 4  # random key
    assert not any(m.__name__ == "HistoricalSecretBallot" for m in apps.get_models())
    assert not any(m.__name__ in ("HistoricalVoteRoll", "HistoricalAgendaItem") for m in apps.get_models())
    assert "open_choice" in {f.name for f in VoteRoll._meta.fields}  # only open votes keep a choice by name


def test_full_database_access_cannot_link_a_secret_ballot_to_a_member(board, meeting, agenda, province_officer):
    item = _secret_vote(board, meeting, agenda, province_officer)

    # While the vote is open, every slot (filled or not) was rewritten by the last cast: one transaction id.
    if connection.vendor == "postgresql":
        xmins = {r[0] for r in _rows(f"SELECT xmin FROM council_secretballot WHERE item_id = {item.pk}")}
        assert len(xmins) == 1

    services.vote_close(actor=board.chair, meeting=meeting, item=item)
    item = fresh(item)
    assert (item.yes_count, item.no_count, item.abstain_count) == (6, 2, 1)

    ballots = _rows(f"SELECT * FROM council_secretballot WHERE item_id = {item.pk}")
    roll = _rows(f"SELECT * FROM council_voteroll WHERE item_id = {item.pk}")
    assert len(ballots) == 9 and len(roll) == 9  # unused slots are gone; one ballot per voter
    # The ballot table holds a random key, the item and a choice: nothing else to join on.
    assert {len(r) for r in ballots} == {3}
    ballot_keys = {str(r[0]) for r in ballots}
    roll_values = {str(v) for r in roll for v in r}
    assert not ballot_keys & roll_values
    # The roll names the voters and their mode, never a secret choice.
    assert set(VoteRoll.objects.filter(item=item).values_list("open_choice", flat=True)) == {""}

    if connection.vendor == "postgresql":
        slot_x = {r[0] for r in _rows(f"SELECT xmin FROM council_secretballot WHERE item_id = {item.pk}")}
        roll_x = {r[0] for r in _rows(f"SELECT xmin FROM council_voteroll WHERE item_id = {item.pk}")}
        assert len(slot_x) == 1 and len(roll_x) == 1  # all written by the closing transaction
        assert slot_x == roll_x
        # Physical order of the slots: compare with the voters' order (pattern of choices).
        by_ctid = [
            r[1]
            for r in _rows(f"SELECT ctid, choice FROM council_secretballot WHERE item_id = {item.pk} ORDER BY ctid")
        ]
        assert sorted(by_ctid) == sorted(PATTERN)
    else:  # SQLite: the hidden rowid is the only physical order
        by_rowid = [
            r[0] for r in _rows(f"SELECT choice FROM council_secretballot WHERE item_id = {item.pk} ORDER BY rowid")
        ]
        assert sorted(by_rowid) == sorted(PATTERN)

    # Audit events, notifications and history say who voted and the totals, never a secret choice.
    for event in AuditEvent.objects.all():
        text = event.summary + json.dumps(event.data, ensure_ascii=False)
        if event.action in ("council.ballot_cast", "council.ballot_written"):
            assert "choice" not in event.data
            assert not re.search(r"Đồng ý|Không đồng ý|Không biểu quyết|YES|NO\b|ABSTAIN", text), text
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and model._meta.app_label == "council":
            for row in model.objects.values():
                assert not {"YES", "NO", "ABSTAIN"} & {str(v) for v in row.values()}
    assert not Notification.objects.filter(text__contains="Đồng ý").exists()
    # The item row itself carries only the totals.
    assert {f.name for f in AgendaItem._meta.fields} >= {"yes_count", "no_count", "abstain_count"}


def test_order_of_slots_does_not_follow_the_order_of_voting(board, meeting, agenda, province_officer):
    """Repeat the vote several times: were slots filled or stored in voting order, the pattern of
    choices would come back identical every time."""
    item = _secret_vote(board, meeting, agenda, province_officer)
    services.vote_close(actor=board.chair, meeting=meeting, item=item)
    order_sql = "ORDER BY ctid" if connection.vendor == "postgresql" else "ORDER BY rowid"
    physical = [r[0] for r in _rows(f"SELECT choice FROM council_secretballot WHERE item_id = {item.pk} {order_sql}")]
    by_key = list(SecretBallot.objects.filter(item=item).order_by("pk").values_list("choice", flat=True))
    # The physical and key orders are shuffles of the choices: at most one of them may equal the voting
    # order by chance (1 in 15 120); both together would mean an order leaks.
    assert not (physical == PATTERN and by_key == PATTERN)


def test_audit_of_a_secret_cast_names_the_voter_and_item_but_not_the_choice(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    services.ballot_cast(actor=board.users[4], item=item, choice=Choice.NO)
    event = AuditEvent.objects.get(action="council.ballot_cast")
    assert event.actor == board.users[4] and event.object_id == str(item.pk)
    assert board.seats[4].full_name in event.summary
    assert "NO" not in json.dumps(event.data) and "đồng ý" not in event.summary.lower()


def test_open_vote_audit_keeps_the_choice_because_it_is_public(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    services.ballot_cast(actor=board.users[4], item=agenda.open[0], choice=Choice.NO)
    assert AuditEvent.objects.get(action="council.ballot_cast").data["choice"] == "NO"


# --- The member's own ballot: a cookie on their browser, until the vote closes --------------------


def test_member_sees_own_secret_ballot_before_closing_and_not_after(
    board, meeting, agenda, province_officer, council_member, client_for
):
    mark(province_officer, meeting, board)
    item = agenda.secret[0]
    services.vote_open(actor=board.chair, meeting=meeting, item=item)
    client = client_for(council_member)
    response = client.post(reverse("council:ballot_cast", args=[item.pk]), {"choice": "NO"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Lựa chọn của anh/chị: <strong>Không đồng ý</strong>" in response.content.decode()
    cookie = response.cookies[f"hd_phieu_{item.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    # Nothing on the server knows it: not the roll, not the session.
    assert VoteRoll.objects.get(item=item, member__user=council_member).open_choice == ""
    session = client.session
    assert "NO" not in json.dumps(dict(session.items()))

    sheet = client.get(reverse("council:ballot_sheet", args=[meeting.pk])).content.decode()
    assert "Lựa chọn của anh/chị: <strong>Không đồng ý</strong>" in sheet
    # Another member's browser does not have it (and a copied cookie is salted per user).
    other = client_for(board.users[4])
    other.cookies[f"hd_phieu_{item.pk}"] = client.cookies[f"hd_phieu_{item.pk}"].value
    assert "Lựa chọn của anh/chị" not in other.get(reverse("council:ballot_sheet", args=[meeting.pk])).content.decode()

    services.vote_close(actor=board.chair, meeting=meeting, item=item)
    after = client.get(reverse("council:ballot_sheet", args=[meeting.pk]))
    assert "Lựa chọn của anh/chị" not in after.content.decode()
    assert after.cookies[f"hd_phieu_{item.pk}"].value == ""  # the cookie is deleted
    detail = client.get(reverse("council:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Không đồng ý 1" in detail  # counts only


def test_unit_officer_cannot_see_meetings_or_ballots(
    board, meeting, agenda, province_officer, unit_officer, client_for
):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    client = client_for(unit_officer)
    assert client.get(reverse("council:meeting_list")).status_code == 403
    assert client.get(reverse("council:council_list")).status_code == 403
    assert client.get(reverse("council:meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("council:ballot_sheet", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("council:meeting_minutes", args=[meeting.pk])).status_code == 404
    response = client.post(reverse("council:ballot_cast", args=[agenda.secret[0].pk]), {"choice": "YES"})
    assert response.status_code == 404  # an item of a meeting they may not see does not exist for them
    assert not VoteRoll.objects.exists()


def test_absent_member_gets_403_and_non_member_404_when_casting(
    board, meeting, agenda, province_officer, leader, client_for
):
    mark(province_officer, meeting, board, absent=(9,))
    services.vote_open(actor=board.chair, meeting=meeting)
    url = reverse("council:ballot_cast", args=[agenda.open[0].pk])
    assert client_for(board.users[9]).post(url, {"choice": "YES"}).status_code == 403
    assert client_for(leader).post(url, {"choice": "YES"}).status_code == 404  # not a member: no such item
    assert client_for(province_officer).post(url, {"choice": "YES"}).status_code == 403
    assert not VoteRoll.objects.exists()


def test_second_vote_through_the_screen_shows_a_message_and_changes_nothing(
    board, meeting, agenda, province_officer, council_member, client_for
):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    client = client_for(council_member)
    url = reverse("council:ballot_cast", args=[agenda.secret[0].pk])
    client.post(url, {"choice": "YES"}, HTTP_HX_REQUEST="true")
    second = client.post(url, {"choice": "NO"}, HTTP_HX_REQUEST="true")
    assert "mỗi thành viên chỉ biểu quyết một lần" in second.content.decode()
    assert f"hd_phieu_{agenda.secret[0].pk}" not in second.cookies  # the first choice stays in the browser
    assert SecretBallot.objects.filter(item=agenda.secret[0]).exclude(choice="").count() == 1
