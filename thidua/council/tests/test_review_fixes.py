"""Findings of the review of the council screens, kept fixed."""

import pytest
from django.urls import reverse

from .conftest import mark

pytestmark = pytest.mark.django_db


def test_officer_of_another_unit_learns_nothing_of_an_item_by_posting_a_bad_choice(
    agenda, other_unit_officer, client_for
):
    item = agenda.secret[0]
    response = client_for(other_unit_officer).post(
        reverse("council:ballot_cast", args=[item.pk]), {"choice": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert item.line.subject_name not in response.content.decode()


def test_ballot_sheet_is_never_cached(meeting, council_member, client_for):
    response = client_for(council_member).get(reverse("council:ballot_sheet", args=[meeting.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("value", ["²", "٣x", "1²"])
def test_odd_digits_in_the_agenda_form_get_a_message_not_an_error(meeting, queue, province_officer, client_for, value):
    response = client_for(province_officer).post(
        reverse("council:agenda_add", args=[meeting.pk]), {"lines": [value], "award_type": value}
    )
    assert response.status_code in (200, 302)
    assert meeting.items.count() == 0


def test_a_dossier_the_council_passes_none_of_is_decided_when_the_vote_closes(
    board, meeting, agenda, queue, province_officer
):
    from thidua.council import services
    from thidua.nominations.models import Nomination, Outcome, State

    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    for item in agenda.all:  # everyone against
        for user in board.users:
            services.ballot_cast(actor=user, item=item, choice="NO")
    services.vote_close(actor=board.chair, meeting=meeting)
    assert set(queue.nomination.lines.filter(appraisal="ACCEPTED").values_list("outcome", flat=True)) == {
        Outcome.NOT_PASSED
    }
    assert Nomination.objects.get(pk=queue.nomination.pk).state == State.DECIDED


def test_a_dossier_with_a_passed_line_waits_for_its_decision_after_the_vote(
    board, meeting, agenda, queue, province_officer
):
    from thidua.council import services
    from thidua.nominations.models import Nomination, State

    mark(province_officer, meeting, board)
    services.vote_open(actor=board.chair, meeting=meeting)
    for item in agenda.all:
        for user in board.users:
            services.ballot_cast(actor=user, item=item, choice="YES" if item == agenda.open[0] else "NO")
    services.vote_close(actor=board.chair, meeting=meeting)
    assert Nomination.objects.get(pk=queue.nomination.pk).state == State.APPRAISED


def test_the_council_queue_screen_leaves_out_lines_already_on_an_open_agenda(
    meeting, queue, province_officer, client_for
):
    from thidua.council import services

    services.agenda_add_lines(actor=province_officer, meeting=meeting, line_ids=[queue.cstd1.pk])
    body = client_for(province_officer).get(reverse("nominations:council_queue")).content.decode()
    assert queue.cstd2.subject_name in body
    assert queue.cstd1.subject_name not in body
