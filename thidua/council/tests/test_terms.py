"""Council terms and members: only the secretariat manages them; one chair; one seat per account."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.council import services
from thidua.council.models import Choice, Council, CouncilMember, MemberRole

from .conftest import fresh, mark

pytestmark = pytest.mark.django_db


def test_secretariat_creates_a_council_and_adds_members(province, province_officer, council_member):
    council = services.council_create(
        actor=province_officer, unit=province.root, name="Hội đồng TĐKT tỉnh", term_from=dt.date(2025, 7, 1)
    )
    member = services.member_add(
        actor=province_officer, council=council, user=council_member, full_name="", role=MemberRole.MEMBER
    )
    assert member.full_name == council_member.full_name
    assert AuditEvent.objects.filter(action__in=["council.create", "council.member_add"]).count() == 2


def test_only_the_secretariat_manages_the_council(board, unit_officer, council_member, leader):
    for actor in (unit_officer, council_member, leader, board.chair):
        with pytest.raises(PermissionDenied):
            services.council_update(actor=actor, council=board.council, name="X")
        with pytest.raises(PermissionDenied):
            services.member_deactivate(actor=actor, member=board.seats[5])


def test_a_council_has_one_chair(board, province_officer, leader):
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=province_officer, council=board.council, user=leader, full_name="", role="CHAIR")
    assert "đã có Chủ tịch" in str(exc.value)
    with pytest.raises(ValidationError):
        services.member_update(actor=province_officer, member=board.seats[2], role=MemberRole.CHAIR)


def test_an_account_sits_once_in_a_council(board, province_officer, council_member):
    with pytest.raises(ValidationError) as exc:
        services.member_add(
            actor=province_officer, council=board.council, user=council_member, full_name="", role="MEMBER"
        )
    assert "đã là thành viên" in str(exc.value)


def test_the_term_end_follows_its_start(province, province_officer):
    with pytest.raises(ValidationError):
        services.council_create(
            actor=province_officer,
            unit=province.root,
            name="Hội đồng",
            term_from=dt.date(2025, 7, 1),
            term_to=dt.date(2025, 1, 1),
        )


def test_deactivated_member_is_kept_and_leaves_the_base(board, province_officer):
    services.member_deactivate(actor=province_officer, member=board.seats[9])
    assert CouncilMember.objects.filter(pk=board.seats[9].pk, active=False).exists()
    with pytest.raises(ValidationError):
        services.member_deactivate(actor=province_officer, member=board.seats[9])
    services.member_update(actor=province_officer, member=board.seats[9], active=True)
    assert fresh(board.seats[9]).active


def test_membership_cannot_change_while_a_vote_is_open(board, meeting, agenda, province_officer):
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    with pytest.raises(ValidationError, match="đang biểu quyết"):
        services.member_deactivate(actor=province_officer, member=board.seats[9])
    services.ballot_cast(actor=board.users[9], item=agenda.open[0], choice=Choice.YES)


def test_member_screens(board, province_officer, leader, client_for):
    client = client_for(province_officer)
    assert client.get(reverse("council:council_list")).status_code == 200
    page = client.get(reverse("council:council_detail", args=[board.council.pk])).content.decode()
    assert "Nguyễn Văn Tỉnh" in page and "Chủ tịch Hội đồng" in page
    response = client.post(
        reverse("council:member_add", args=[board.council.pk]),
        {"user": leader.pk, "full_name": "", "position": "Phó Chủ tịch UBND tỉnh", "role": "CHAIR", "sort_order": 11},
    )
    assert "đã có Chủ tịch" in response.content.decode()
    response = client.post(
        reverse("council:member_add", args=[board.council.pk]),
        {"user": leader.pk, "full_name": "", "position": "Phó Chủ tịch UBND tỉnh", "role": "VICE_CHAIR"},
    )
    assert response.status_code == 302
    seat = CouncilMember.objects.get(user=leader)
    response = client.post(reverse("council:member_deactivate", args=[seat.pk]))
    assert response.status_code == 302 and not fresh(seat).active
    response = client.post(
        reverse("council:council_create"),
        {"unit": board.council.unit_id, "name": "Hội đồng mới", "term_from": "2030-01-01"},
    )
    assert response.status_code == 302 and Council.objects.filter(name="Hội đồng mới").exists()


def test_member_sees_their_council_but_cannot_manage_it(board, council_member, client_for):
    client = client_for(council_member)
    assert board.council.name in client.get(reverse("council:council_list")).content.decode()
    assert client.get(reverse("council:member_add", args=[board.council.pk])).status_code == 403
    assert client.get(reverse("council:council_create")).status_code == 403
