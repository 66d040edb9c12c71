"""Findings of the review of the council screens, kept fixed."""

import pytest
from django.urls import reverse

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
