"""Screens: lists in a fixed number of queries, the meeting page, attendance, opening and closing
with a confirmation page, and the ballot sheet."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.council import services
from thidua.council.models import AgendaItem, Attendance, Presence, VoteState

from .conftest import fresh, mark

pytestmark = pytest.mark.django_db


def _meetings(board, officer, n):
    for i in range(n):
        services.meeting_create(
            actor=officer,
            council=board.council,
            title=f"Phiên họp {i}",
            held_at=timezone.make_aware(dt.datetime(2026, 1 + i % 12, 5, 8)),
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_meeting_list_runs_a_fixed_number_of_queries(board, agenda, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("council:meeting_list")
    few = _count(client, url)
    _meetings(board, province_officer, 12)
    assert _count(client, url) == few
    member = client_for(board.users[4])
    few_member = _count(member, url)
    _meetings(board, province_officer, 5)
    assert _count(member, url) == few_member


def test_council_list_runs_a_fixed_number_of_queries(board, province, province_officer, client_for):
    from thidua.council.models import Council

    client = client_for(province_officer)
    url = reverse("council:council_list")
    few = _count(client, url)
    for i in range(6):
        Council.objects.create(unit=province.root, name=f"Hội đồng {i}", term_from=dt.date(2020 + i, 1, 1))
    assert _count(client, url) == few


def test_meeting_detail_runs_a_fixed_number_of_queries(board, meeting, agenda, province_officer, queue, client_for):
    client = client_for(province_officer)
    url = reverse("council:meeting_detail", args=[meeting.pk])
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    services.ballot_cast(actor=board.users[0], item=agenda.open[0], choice="YES")
    services.vote_close(actor=board.chair, meeting=meeting)
    few = _count(client, url)
    services.vote_open(actor=board.chair, meeting=meeting)
    for user in board.users:
        for item in [i for i in agenda.all if i.pk != agenda.open[0].pk]:
            services.ballot_cast(actor=user, item=item, choice="YES")
    services.vote_close(actor=board.chair, meeting=meeting)
    assert _count(client, url) == few


def test_meeting_list_filters_by_state_and_year(board, meeting, province_officer, client_for):
    _meetings(board, province_officer, 2)
    services.meeting_create(
        actor=province_officer,
        council=board.council,
        title="Phiên họp năm 2025",
        held_at=timezone.make_aware(dt.datetime(2025, 12, 1, 8)),
    )
    client = client_for(province_officer)
    page = client.get(reverse("council:meeting_list"), {"year": 2025}).content.decode()
    assert "Phiên họp năm 2025" in page and "Phiên họp 0" not in page
    page = client.get(reverse("council:meeting_list"), {"state": "CLOSED"}).content.decode()
    assert "Không có phiên họp nào phù hợp." in page
    partial = client.get(reverse("council:meeting_list"), {"q": "năm 2025"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section id="results">')


def test_a_member_sees_only_meetings_of_their_council(board, meeting, province, province_officer, leader, client_for):
    from thidua.council.models import Council, CouncilMember

    other = Council.objects.create(unit=province.health, name="Hội đồng Sở Y tế", term_from=dt.date(2025, 1, 1))
    CouncilMember.objects.create(council=other, user=leader, full_name="LĐ", role="CHAIR")
    foreign = services.meeting_create(
        actor=province_officer, council=other, title="Phiên họp của Sở Y tế", held_at=timezone.now()
    )
    member = client_for(board.users[4])
    page = member.get(reverse("council:meeting_list")).content.decode()
    assert meeting.title in page and foreign.title not in page
    assert member.get(reverse("council:meeting_detail", args=[foreign.pk])).status_code == 404
    assert member.get(reverse("council:meeting_detail", args=[meeting.pk])).status_code == 200


def test_attendance_screen_and_quorum_message(board, meeting, agenda, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("council:attendance", args=[meeting.pk])
    data = {f"presence_{s.pk}": Presence.PRESENT for s in board.seats[:5]}
    data.update({f"presence_{s.pk}": Presence.ABSENT for s in board.seats[5:]})
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).count() == 5
    detail = client.get(reverse("council:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Mới có 5/10 thành viên có mặt (50%), chưa đủ tỷ lệ 67% để biểu quyết." in detail
    chair = client_for(board.chair)
    response = chair.post(reverse("council:vote_open", args=[meeting.pk]), follow=True)
    assert "Mới có 5/10 thành viên có mặt" in response.content.decode()
    assert not AgendaItem.objects.filter(vote_state=VoteState.OPEN).exists()


def test_chair_opens_a_group_and_closes_after_a_confirmation_page(board, meeting, agenda, province_officer, client_for):
    mark(province_officer, meeting, board)
    chair = client_for(board.chair)
    award_type = agenda.open[0].award_type
    chair.post(reverse("council:vote_open", args=[meeting.pk]), {"award_type": award_type.pk})
    assert {fresh(i).vote_state for i in agenda.open} == {VoteState.OPEN}
    assert {fresh(i).vote_state for i in agenda.secret} == {VoteState.PENDING}
    url = reverse("council:vote_close", args=[meeting.pk])
    confirm = chair.get(url, {"award_type": award_type.pk})
    assert "Xác nhận: kết thúc biểu quyết" in confirm.content.decode()
    assert {fresh(i).vote_state for i in agenda.open} == {VoteState.OPEN}  # the GET changed nothing
    chair.post(url, {"award_type": award_type.pk})
    assert {fresh(i).vote_state for i in agenda.open} == {VoteState.CLOSED}
    member = client_for(board.users[4])
    assert member.post(reverse("council:vote_open", args=[meeting.pk])).status_code == 403
    assert member.get(url).status_code == 403


def test_ballot_sheet_lists_open_items_and_a_cast_updates_the_row(board, meeting, agenda, province_officer, client_for):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    client = client_for(board.users[5])
    sheet = client.get(reverse("council:ballot_sheet", args=[meeting.pk])).content.decode()
    assert sheet.count('class="ballot-item"') == 4
    assert 'name="viewport"' in sheet and "ballot-choices" in sheet  # phone-width layout
    row = client.post(
        reverse("council:ballot_cast", args=[agenda.open[0].pk]), {"choice": "YES"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert row.lstrip().startswith(f'<article class="ballot-item" id="item-{agenda.open[0].pk}">')
    assert "Đã biểu quyết" in row and "<strong>Đồng ý</strong>" in row


def test_ballot_sheet_is_for_members_only(meeting, province_officer, client_for):
    assert client_for(province_officer).get(reverse("council:ballot_sheet", args=[meeting.pk])).status_code == 403


def test_recusal_and_written_vote_screens(board, meeting, agenda, province_officer, client_for):
    mark(province_officer, meeting, board, written=(9,))
    services.vote_open(actor=board.chair, meeting=meeting)
    member = client_for(board.users[4])
    response = member.post(
        reverse("council:vote_recuse", args=[agenda.open[0].pk]), {"reason": "Con của người được đề nghị"}
    )
    assert response.status_code == 302
    office = client_for(province_officer)
    url = reverse("council:ballot_written", args=[agenda.secret[0].pk])
    assert board.seats[9].full_name in office.get(url).content.decode()
    assert office.post(url, {"member": board.seats[9].pk, "choice": "YES"}).status_code == 302
    assert client_for(board.users[3]).get(url).status_code == 403


def test_open_roll_is_shown_after_closing_but_secret_choices_never(
    board, meeting, agenda, province_officer, client_for
):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    for user in board.users:
        services.ballot_cast(actor=user, item=agenda.open[0], choice="NO" if user == board.users[6] else "YES")
        services.ballot_cast(actor=user, item=agenda.secret[0], choice="NO" if user == board.users[6] else "YES")
    services.vote_close(actor=board.chair, meeting=meeting)
    page = client_for(province_officer).get(reverse("council:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Vũ Thị Hội — Trực tiếp tại phiên họp: <strong>Không đồng ý</strong>" in page
    assert page.count("<strong>Không đồng ý</strong>") == 1  # the open item only


def test_meeting_create_and_close_screens(board, province_officer, client_for):
    client = client_for(province_officer)
    response = client.post(
        reverse("council:meeting_create"),
        {"council": board.council.pk, "title": "Phiên họp quý I", "held_at": "2026-03-20T14:00", "place": "Phòng 2"},
    )
    assert response.status_code == 302
    from thidua.council.models import Meeting, MeetingState

    meeting = Meeting.objects.get(title="Phiên họp quý I")
    assert Attendance.objects.filter(meeting=meeting).count() == 10
    assert (
        "Xác nhận: kết thúc phiên họp"
        in client.get(reverse("council:meeting_close", args=[meeting.pk])).content.decode()
    )
    client.post(reverse("council:meeting_close", args=[meeting.pk]), {"note": "Kết luận."})
    assert fresh(meeting).state == MeetingState.CLOSED and fresh(meeting).note == "Kết luận."
