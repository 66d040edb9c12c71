"""The secret tie-break vote among the member units: who may open, cast and close it, one ballot per
member unit (service and database constraint), the ranking it decides (acceptance: a tie broken by the
vote), and secrecy exactly as the council's — after the vote nothing in any table links a unit to its
choice; the unit's own choice is shown back only from a signed cookie on its officer's browser until
the close."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from thidua.clusters import ranking as rk
from thidua.clusters.models import TieBallot, TieVote, TieVoteRoll, TieVoteState
from thidua.clusters.selectors import ranking as sel
from thidua.clusters.services import ranking as services
from thidua.core.models import AuditEvent

from .test_ranking_support import GROUP_SCENARIO, VOTE_SCENARIO, fresh, keep_open, lock, publish, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied(cluster, scoring_round):
    """The round locked with Tân Phú and Tân Lập tied at first place (95 points, 55 in group I)."""
    score(scoring_round, cluster.units, VOTE_SCENARIO)
    return lock(scoring_round)


@pytest.fixture
def vote(tied, head_officer):
    return services.tie_vote_open(actor=head_officer, round=tied, position=1)


def _cast_all(vote, officers, cluster, choices):
    """Each member unit's officer votes; `choices` are the units voted for, in the officers' order."""
    for officer, unit in zip(officers, choices, strict=True):
        services.tie_ballot_cast(actor=officer, vote=vote, unit_id=unit.pk)


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- Opening ------------------------------------------------------------------------------------------------


def test_head_opens_a_vote_on_the_units_tied_after_the_group_with_one_slot_per_member(tied, cluster, head_officer):
    vote = services.tie_vote_open(actor=head_officer, round=tied, position=1)
    assert set(vote.candidates) == {cluster.head.pk, cluster.deputy.pk}
    assert vote.state == TieVoteState.OPEN
    assert TieBallot.objects.filter(vote=vote, choice="").count() == 8
    event = AuditEvent.objects.get(action="clusters.tie_vote_open")
    assert "Xã Tân Phú" in event.summary and "Xã Tân Lập" in event.summary


def test_the_electorate_is_fixed_at_the_opening_with_one_slot_per_unit(tied, cluster, head_officer):
    vote = services.tie_vote_open(actor=head_officer, round=tied, position=1)
    assert fresh(vote).voters == sorted(u.pk for u in cluster.units)
    assert TieBallot.objects.filter(vote=vote).count() == len(vote.voters) == 8
    assert AuditEvent.objects.get(action="clusters.tie_vote_open").data["members"] == 8


def test_province_may_open_the_vote_too(tied, province_officer):
    assert services.tie_vote_open(actor=province_officer, round=tied, position=1).pk


def test_member_cannot_open_a_vote(tied, member_officer):
    with pytest.raises(PermissionDenied):
        services.tie_vote_open(actor=member_officer, round=tied, position=1)
    assert not TieVote.objects.exists()


def test_no_vote_while_the_round_is_open(cluster, scoring_round, head_officer):
    score(scoring_round, cluster.units, VOTE_SCENARIO)
    keep_open(scoring_round)
    with pytest.raises(ValidationError, match="chưa khóa điểm"):
        services.tie_vote_open(actor=head_officer, round=scoring_round, position=1)


def test_no_vote_on_a_tie_the_group_already_broke(cluster, scoring_round, head_officer):
    score(scoring_round, cluster.units, GROUP_SCENARIO)  # 90 / 90 broken by group I at positions 2–3
    lock(scoring_round)
    with pytest.raises(ValidationError) as exc:
        services.tie_vote_open(actor=head_officer, round=scoring_round, position=2)
    assert "không có đơn vị nào đồng hạng" in exc.value.message_dict["position"][0]


def test_no_vote_where_there_is_no_tie(tied, head_officer):
    with pytest.raises(ValidationError):
        services.tie_vote_open(actor=head_officer, round=tied, position=3)
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.tie_vote_open(actor=head_officer, round=tied, position="x")


def test_no_vote_when_the_rule_has_no_secret_vote(tied, head_officer):
    tied.tie_vote = False
    tied.save(update_fields=["tie_vote"])
    with pytest.raises(ValidationError, match="không có bỏ phiếu kín"):
        services.tie_vote_open(actor=head_officer, round=tied, position=1)


def test_no_vote_after_publication(tied, head_officer):
    publish(tied)
    with pytest.raises(ValidationError, match="đã công bố"):
        services.tie_vote_open(actor=head_officer, round=tied, position=1)


def test_one_open_vote_per_position(vote, tied, head_officer):
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        services.tie_vote_open(actor=head_officer, round=tied, position=1)
    assert TieVote.objects.count() == 1


# --- Casting --------------------------------------------------------------------------------------------------


def test_each_member_unit_votes_once_and_is_named_on_the_roll(vote, cluster, member_officer):
    roll = services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)
    assert roll.unit == cluster.member
    assert TieBallot.objects.filter(vote=vote).exclude(choice="").count() == 1


def test_second_vote_by_the_same_unit_is_refused(vote, cluster, member_officer):
    services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)
    with pytest.raises(ValidationError) as exc:
        services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.deputy.pk)
    assert exc.value.messages == ["Đơn vị đã bỏ phiếu."]
    assert TieBallot.objects.filter(vote=vote).exclude(choice="").count() == 1


def test_the_database_refuses_a_second_roll_row_for_a_unit(vote, cluster, member_officer):
    services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        TieVoteRoll.objects.create(vote=vote, unit=cluster.member)


def test_outsider_and_officer_of_no_cluster_cannot_vote(vote, cluster, outsider_officer, unit_officer, council_member):
    for user in (outsider_officer, unit_officer, council_member):
        with pytest.raises(PermissionDenied):
            services.tie_ballot_cast(actor=user, vote=vote, unit_id=cluster.head.pk)
    assert not TieVoteRoll.objects.exists()


def test_province_officer_does_not_vote(vote, cluster, province_officer):
    with pytest.raises(PermissionDenied):
        services.tie_ballot_cast(actor=province_officer, vote=vote, unit_id=cluster.head.pk)


def test_the_choice_must_be_one_of_the_tied_units(vote, cluster, member_officer):
    with pytest.raises(ValidationError) as exc:
        services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.member.pk)
    assert "đang đồng hạng" in exc.value.message_dict["unit_id"][0]
    assert not TieVoteRoll.objects.exists()


def test_no_ballot_after_the_close(vote, cluster, head_officer, member_officer):
    services.tie_ballot_cast(actor=head_officer, vote=vote, unit_id=cluster.head.pk)
    services.tie_vote_close(actor=head_officer, vote=vote)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)


def test_an_officer_of_several_member_units_names_the_voting_unit(vote, cluster, province, member_officer):
    from conftest import _user
    from thidua.accounts.models import Role, RoleAssignment

    both = _user("cb.hai.xa", Role.UNIT_OFFICER, cluster.units[3])
    RoleAssignment.objects.create(user=both, unit=cluster.units[4], role=Role.UNIT_OFFICER)
    with pytest.raises(ValidationError) as exc:
        services.tie_ballot_cast(actor=both, vote=vote, unit_id=cluster.head.pk)
    assert "voter" in exc.value.message_dict
    services.tie_ballot_cast(actor=both, vote=vote, unit_id=cluster.head.pk, voter=cluster.units[3])
    services.tie_ballot_cast(actor=both, vote=vote, unit_id=cluster.head.pk)  # the only unit left
    assert set(TieVoteRoll.objects.values_list("unit_id", flat=True)) == {cluster.units[3].pk, cluster.units[4].pk}
    with pytest.raises(PermissionDenied):
        services.tie_ballot_cast(actor=both, vote=vote, unit_id=cluster.head.pk, voter=cluster.member)


def _newcomer(cluster):
    """A commune that joins the cluster after the vote opened, and its officer."""
    import datetime as dt

    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.org.models import ClusterMember, Unit, UnitKind

    unit = Unit.objects.create(
        code="XA10",
        name="Xã Tân Mới",
        kind=UnitKind.COMMUNE,
        parent=cluster.head.parent,
        valid_from=dt.date(2025, 7, 1),
    )
    ClusterMember.objects.create(cluster=cluster.cluster, unit=unit)
    return unit, _user("cb.tanmoi", Role.UNIT_OFFICER, unit)


def test_a_unit_that_joined_after_the_opening_cannot_vote(vote, cluster):
    unit, officer = _newcomer(cluster)
    with pytest.raises(ValidationError) as exc:
        services.tie_ballot_cast(actor=officer, vote=vote, unit_id=cluster.head.pk)
    assert exc.value.messages == [services.NOT_A_VOTER]
    with pytest.raises(ValidationError) as exc:
        services.tie_ballot_cast(actor=officer, vote=vote, unit_id=cluster.head.pk, voter=unit.pk)
    assert exc.value.messages == ["Đơn vị không thuộc danh sách bỏ phiếu khi mở cuộc bỏ phiếu."]
    assert not TieVoteRoll.objects.exists()
    assert TieBallot.objects.filter(vote=vote).exclude(choice="").count() == 0
    assert TieBallot.objects.filter(vote=vote).count() == 8  # no slot was added for it either


def test_a_unit_that_joined_after_the_opening_is_told_so_on_the_vote_page(vote, cluster, client_for):
    _unit, officer = _newcomer(cluster)
    client = client_for(officer)
    page = client.get(reverse("clusters:tie_vote", args=[vote.pk])).content.decode()
    assert "Xã Tân Mới: Đơn vị không thuộc danh sách bỏ phiếu khi mở cuộc bỏ phiếu." in page
    assert 'action="' + reverse("clusters:tie_ballot_cast", args=[vote.pk]) not in page
    assert "0/8 đơn vị đã bỏ phiếu" in page  # the electorate, not today's nine members
    cast = client.post(reverse("clusters:tie_ballot_cast", args=[vote.pk]), {"unit_id": cluster.head.pk}, follow=True)
    assert "Đơn vị không thuộc danh sách bỏ phiếu khi mở cuộc bỏ phiếu." in cast.content.decode()
    assert not TieVoteRoll.objects.exists()


def test_a_unit_that_left_the_cluster_after_the_opening_keeps_its_vote(vote, cluster, member_officer, client_for):
    from thidua.org.models import ClusterMember

    ClusterMember.objects.filter(cluster=cluster.cluster, unit=cluster.member).delete()
    client = client_for(member_officer)
    assert client.get(reverse("clusters:tie_vote", args=[vote.pk])).status_code == 200
    response = client.post(reverse("clusters:tie_ballot_cast", args=[vote.pk]), {"unit_id": cluster.deputy.pk})
    assert response.status_code == 302
    assert list(TieVoteRoll.objects.values_list("unit_id", flat=True)) == [cluster.member.pk]


def test_the_close_page_counts_against_the_electorate(vote, cluster, head_officer, member_officer, client_for):
    _newcomer(cluster)
    services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)
    page = client_for(head_officer).get(reverse("clusters:tie_vote_close", args=[vote.pk])).content.decode()
    assert "1/8" in page


# --- Closing and the ranking (acceptance: a tie broken by the vote) ------------------------------------------------


def test_tie_broken_by_the_secret_vote(vote, cluster, member_officers, head_officer):
    choices = [cluster.deputy] * 5 + [cluster.head] * 3
    _cast_all(vote, member_officers, cluster, choices)
    closed = services.tie_vote_close(actor=head_officer, vote=vote)
    assert closed.state == TieVoteState.CLOSED and closed.closed_at is not None
    assert closed.result == {str(cluster.head.pk): 3, str(cluster.deputy.pk): 5}
    data = sel.cluster_ranking(cluster.cluster)
    first, second = data.lines[0], data.lines[1]
    assert (first.unit, first.position, first.row.decided_by) == (cluster.deputy, 1, rk.VOTE)
    assert first.row.note == "Bỏ phiếu kín: 5/8 phiếu"
    assert (second.unit, second.position, second.row.note) == (cluster.head, 2, "Bỏ phiếu kín: 3/8 phiếu")
    assert first.row.band == rk.FLAG and second.row.band == rk.BK
    assert data.blocking == []
    event = AuditEvent.objects.get(action="clusters.tie_vote_close")
    assert "Xã Tân Lập 5/8" in event.summary and event.data["ballots"] == 8


def test_a_drawn_vote_leaves_the_tie_and_a_new_vote_can_be_opened(vote, tied, cluster, member_officers, head_officer):
    _cast_all(vote, member_officers[:4], cluster, [cluster.head, cluster.deputy, cluster.head, cluster.deputy])
    services.tie_vote_close(actor=head_officer, vote=vote)
    data = sel.cluster_ranking(cluster.cluster)
    assert len(data.blocking) == 1 and data.blocking[0].after_vote
    again = services.tie_vote_open(actor=head_officer, round=tied, position=1)
    assert again.pk != vote.pk


def test_member_cannot_close_the_vote(vote, member_officer):
    with pytest.raises(PermissionDenied):
        services.tie_vote_close(actor=member_officer, vote=vote)
    assert fresh(vote).state == TieVoteState.OPEN


def test_a_vote_without_ballots_cannot_be_closed(vote, head_officer):
    with pytest.raises(ValidationError, match="Chưa có đơn vị nào"):
        services.tie_vote_close(actor=head_officer, vote=vote)


def test_a_closed_vote_cannot_be_closed_again(vote, cluster, head_officer):
    services.tie_ballot_cast(actor=head_officer, vote=vote, unit_id=cluster.head.pk)
    services.tie_vote_close(actor=head_officer, vote=vote)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.tie_vote_close(actor=head_officer, vote=vote)


# --- Secrecy -------------------------------------------------------------------------------------------------------


def test_tie_ballot_has_no_author_no_time_and_no_history():
    assert {f.column for f in TieBallot._meta.concrete_fields} == {"id", "vote_id", "choice"}
    assert {f.column for f in TieVoteRoll._meta.concrete_fields} == {"id", "vote_id", "unit_id"}
    assert TieBallot._meta.get_field("id").get_default().version == 4
    historical = {m.__name__ for m in apps.get_models() if m.__name__.startswith("Historical")}
    assert not historical & {"HistoricalTieBallot", "HistoricalTieVoteRoll", "HistoricalTieVote"}


def test_full_database_access_cannot_link_a_unit_to_its_choice(vote, cluster, member_officers, head_officer):
    # A pattern that any order following the voters would show.
    choices = [cluster.deputy, cluster.head, cluster.deputy, cluster.deputy, cluster.head, cluster.deputy]
    choices += [cluster.head, cluster.deputy]
    _cast_all(vote, member_officers, cluster, choices)
    if connection.vendor == "postgresql":  # every slot was rewritten by the last cast: one transaction id
        assert len({r[0] for r in _rows("SELECT xmin FROM clusters_tieballot WHERE vote_id = %s", [vote.pk])}) == 1

    services.tie_vote_close(actor=head_officer, vote=vote)

    ballots = _rows("SELECT * FROM clusters_tieballot WHERE vote_id = %s", [vote.pk])
    roll = _rows("SELECT * FROM clusters_tievoteroll WHERE vote_id = %s", [vote.pk])
    assert len(ballots) == 8 and len(roll) == 8  # unused slots gone; one ballot per voting unit
    assert {len(r) for r in ballots} == {3} and {len(r) for r in roll} == {3}
    ballot_keys = {str(r[0]) for r in ballots}
    assert not ballot_keys & {str(v) for r in roll for v in r}  # nothing to join on
    wanted = sorted(str(u.pk) for u in choices)
    order_sql = "ORDER BY ctid" if connection.vendor == "postgresql" else "ORDER BY rowid"
    physical = [r[0] for r in _rows(f"SELECT choice FROM clusters_tieballot WHERE vote_id = %s {order_sql}", [vote.pk])]
    assert sorted(physical) == wanted  # only the multiset of choices
    if connection.vendor == "postgresql":
        slot_x = {r[0] for r in _rows("SELECT xmin FROM clusters_tieballot WHERE vote_id = %s", [vote.pk])}
        roll_x = {r[0] for r in _rows("SELECT xmin FROM clusters_tievoteroll WHERE vote_id = %s", [vote.pk])}
        assert len(slot_x) == 1 and slot_x == roll_x  # all written by the closing transaction

    # Audit events name who voted, never what: no cast event carries a choice or the chosen unit.
    casts = list(AuditEvent.objects.filter(action="clusters.tie_ballot_cast"))
    assert len(casts) == 8
    for event, voter, chosen in zip(
        sorted(casts, key=lambda e: e.pk), [u for u in cluster.units], choices, strict=True
    ):
        assert event.unit_id == voter.pk
        assert set(event.data) == {"vote", "voter"}
        if chosen != voter:
            assert chosen.name not in event.summary
            assert str(chosen.pk) not in {str(v) for v in event.data.values()} - {str(vote.pk)}
    # No historical row of the clusters app (nor of the units) holds a choice of this vote.
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and model._meta.app_label == "clusters":
            assert not model.objects.exists()
    for event in AuditEvent.objects.exclude(action__in=["clusters.tie_vote_open", "clusters.tie_vote_close"]):
        assert "choice" not in json.dumps(event.data)


def test_order_of_slots_does_not_follow_the_order_of_voting(vote, cluster, member_officers, head_officer):
    choices = [cluster.deputy, cluster.head] * 4
    _cast_all(vote, member_officers, cluster, choices)
    services.tie_vote_close(actor=head_officer, vote=vote)
    order_sql = "ORDER BY ctid" if connection.vendor == "postgresql" else "ORDER BY rowid"
    physical = [r[0] for r in _rows(f"SELECT choice FROM clusters_tieballot WHERE vote_id = %s {order_sql}", [vote.pk])]
    by_key = list(TieBallot.objects.filter(vote=vote).order_by("pk").values_list("choice", flat=True))
    pattern = [str(u.pk) for u in choices]
    assert not (physical == pattern and by_key == pattern)  # both at once: 1 in 4 900 by chance


# --- Screens ----------------------------------------------------------------------------------------------------------


def test_member_sees_own_choice_from_a_cookie_until_the_close(vote, cluster, member_officer, head_officer, client_for):
    client = client_for(member_officer)
    url = reverse("clusters:tie_vote", args=[vote.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Bỏ phiếu" in page.content.decode()
    response = client.post(reverse("clusters:tie_ballot_cast", args=[vote.pk]), {"unit_id": cluster.deputy.pk})
    assert response.status_code == 302
    cookie_name = f"cum_phieu_{vote.pk}_{cluster.member.pk}"
    cookie = response.cookies[cookie_name]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/cum-khoi/"
    page = client.get(url)
    text = page.content.decode()
    assert "lựa chọn: <strong>Xã Tân Lập</strong>" in text
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    session = json.dumps(dict(client.session), ensure_ascii=False)
    assert "Xã Tân Lập" not in session and "unit_id" not in session  # the server keeps no choice
    # The cookie copied to another officer's browser shows nothing (salted per user).
    other = client_for(head_officer)
    other.cookies[cookie_name] = cookie.value
    assert "lựa chọn:" not in other.get(url).content.decode()
    # After the close nobody sees a choice, the cookie is deleted.
    services.tie_ballot_cast(actor=head_officer, vote=vote, unit_id=cluster.head.pk)
    services.tie_vote_close(actor=head_officer, vote=vote)
    page = client.get(url)
    assert "lựa chọn:" not in page.content.decode()
    assert page.cookies[cookie_name].value == "" and "Kết quả" in page.content.decode()


def test_the_choice_cookie_is_secure_when_the_site_runs_on_https_behind_a_proxy(
    vote, cluster, member_officer, client_for, settings
):
    settings.SESSION_COOKIE_SECURE = True  # production: TLS ends at the proxy, the request looks like http
    response = client_for(member_officer).post(
        reverse("clusters:tie_ballot_cast", args=[vote.pk]), {"unit_id": cluster.deputy.pk}
    )
    assert response.cookies[f"cum_phieu_{vote.pk}_{cluster.member.pk}"]["secure"] is True


def test_second_vote_through_the_screen_shows_the_message(vote, cluster, member_officer, client_for):
    client = client_for(member_officer)
    cast = reverse("clusters:tie_ballot_cast", args=[vote.pk])
    client.post(cast, {"unit_id": cluster.head.pk})
    page = client.post(cast, {"unit_id": cluster.deputy.pk}, follow=True)
    assert "Đơn vị đã bỏ phiếu." in page.content.decode()
    assert TieVoteRoll.objects.count() == 1


def test_outsiders_neither_see_nor_vote(vote, cluster, outsider_officer, unit_officer, client_for):
    for user in (outsider_officer, unit_officer):
        client = client_for(user)
        assert client.get(reverse("clusters:tie_vote", args=[vote.pk])).status_code == 404
        cast = client.post(reverse("clusters:tie_ballot_cast", args=[vote.pk]), {"unit_id": cluster.head.pk})
        assert cast.status_code == 404
    anonymous = client_for(None).get(reverse("clusters:tie_vote", args=[vote.pk]))
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    assert not TieVoteRoll.objects.exists()


def test_head_opens_and_closes_through_confirmation_pages(tied, cluster, head_officer, member_officer, client_for):
    client = client_for(head_officer)
    url = reverse("clusters:tie_vote_open", args=[cluster.cluster.pk])
    page = client.get(url, {"position": 1})
    assert page.status_code == 200 and "Xác nhận" in page.content.decode()
    assert not TieVote.objects.exists()
    response = client.post(url, {"position": 1})
    vote = TieVote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("clusters:tie_vote", args=[vote.pk])
    services.tie_ballot_cast(actor=member_officer, vote=vote, unit_id=cluster.head.pk)
    close = reverse("clusters:tie_vote_close", args=[vote.pk])
    assert "1/8" in client.get(close).content.decode()
    assert client.post(close).status_code == 302
    assert fresh(vote).state == TieVoteState.CLOSED


def test_member_gets_403_on_the_managers_pages(vote, tied, cluster, member_officer, client_for):
    client = client_for(member_officer)
    assert client.get(reverse("clusters:tie_vote_open", args=[cluster.cluster.pk]), {"position": 1}).status_code == 403
    assert client.post(reverse("clusters:tie_vote_close", args=[vote.pk])).status_code == 403
    assert fresh(vote).state == TieVoteState.OPEN
