"""The agenda: built from the council's queue, grouped by award type, each item with its rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from thidua.council import services
from thidua.council.models import AgendaItem
from thidua.council.selectors import agenda_candidates, candidate_lines

from .conftest import mark

pytestmark = pytest.mark.django_db


def test_candidates_are_accepted_pending_lines_of_appraised_dossiers_only(queue, province_officer):
    ids = set(candidate_lines().values_list("pk", flat=True))
    assert ids == {queue.cstd1.pk, queue.cstd2.pk, queue.bk1.pk, queue.bk2.pk}
    assert queue.rejected.pk not in ids and queue.in_appraisal.pk not in ids
    groups = agenda_candidates(actor=province_officer)
    assert [g[0].code for g in groups] == ["CSTD_TINH", "BK_TINH"]


def test_unit_level_dossiers_are_not_in_the_councils_queue(queue):
    from thidua.nominations.models import Authority, Nomination

    Nomination.objects.filter(pk=queue.nomination.pk).update(authority=Authority.UNIT_HEAD)
    assert not candidate_lines().exists()


def test_a_line_on_an_open_meeting_is_not_offered_to_another(board, meeting, queue, province_officer):
    services.agenda_add_lines(actor=province_officer, meeting=meeting, line_ids=[queue.cstd1.pk])
    other = services.meeting_create(
        actor=province_officer, council=board.council, title="Phiên 2", held_at=timezone.now()
    )
    assert queue.cstd1.pk not in set(candidate_lines().values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="không còn trong danh sách"):
        services.agenda_add_lines(actor=province_officer, meeting=other, line_ids=[queue.cstd1.pk, queue.bk1.pk])
    assert not AgendaItem.objects.filter(meeting=other).exists()  # all or nothing


def test_non_accepted_lines_cannot_be_forced_onto_the_agenda(meeting, queue, province_officer):
    with pytest.raises(ValidationError):
        services.agenda_add_lines(actor=province_officer, meeting=meeting, line_ids=[queue.rejected.pk])
    with pytest.raises(ValidationError):
        services.agenda_add_lines(actor=province_officer, meeting=meeting, line_ids=[queue.in_appraisal.pk])


def test_add_all_lines_of_an_award_type(meeting, queue, province_officer):
    items = services.agenda_add_lines(actor=province_officer, meeting=meeting, award_type=queue.bk1.award_type)
    assert {i.line_id for i in items} == {queue.bk1.pk, queue.bk2.pk}
    assert all(not i.secret for i in items)


def test_only_the_secretariat_builds_the_agenda(meeting, queue, board, council_member):
    for actor in (council_member, board.chair):
        with pytest.raises(PermissionDenied):
            services.agenda_add_lines(actor=actor, meeting=meeting, line_ids=[queue.bk1.pk])


def test_items_are_removed_only_before_the_vote_opens(board, meeting, agenda, province_officer):
    services.agenda_remove_item(actor=province_officer, item=agenda.open[1])
    assert not AgendaItem.objects.filter(pk=agenda.open[1].pk).exists()
    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting, item=agenda.open[0])
    with pytest.raises(ValidationError, match="đã được đưa ra biểu quyết"):
        services.agenda_remove_item(actor=province_officer, item=agenda.open[0])


def test_meeting_date_cannot_move_once_items_have_their_rule(meeting, agenda, province_officer):
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=province_officer, meeting=meeting, held_at=timezone.make_aware(dt.datetime(2025, 6, 1, 8))
        )


def test_a_meeting_date_without_rule_set_is_refused(board, queue, province_officer):
    early = services.meeting_create(
        actor=province_officer,
        council=board.council,
        title="Phiên họp cũ",
        held_at=timezone.make_aware(dt.datetime(2023, 5, 1, 8)),
    )
    with pytest.raises(ValidationError, match="Không có bộ quy tắc"):
        services.agenda_add_lines(actor=province_officer, meeting=early, line_ids=[queue.bk1.pk])


def test_agenda_screen_adds_ticked_lines(meeting, queue, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("council:agenda_add", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Trịnh Văn Em" not in page
    response = client.post(url, {"lines": [queue.cstd1.pk, queue.bk2.pk]})
    assert response.status_code == 302
    assert set(AgendaItem.objects.values_list("line_id", flat=True)) == {queue.cstd1.pk, queue.bk2.pk}
    detail = client.get(reverse("council:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Bỏ phiếu kín, đồng ý từ 90% tổng số thành viên Hội đồng trở lên" in detail
    assert "Biểu quyết công khai, đồng ý trên 50% tổng số thành viên Hội đồng" in detail
