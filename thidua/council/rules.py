"""Who may do what with the council (django-rules). Read them as sentences.

- The province's commendation officers (the council's secretariat) and administrators manage the
  council: terms, members, meetings, the agenda, attendance, written votes and the minutes.
- A member of a council sees that council's meetings, agenda and results; nobody else does (a unit
  officer sees nothing of the council or its ballots).
- The chair or the standing vice-chair of the meeting's council opens and closes the votes.
- A member votes on an open item of a meeting of their council, when present, once.
- Nobody, administrators included, can see how a member voted in a secret ballot.
"""

import rules

from thidua.accounts.rules import is_admin, is_province_officer
from thidua.accounts.selectors import user_roles

from .models import PRESIDING_ROLES, CouncilMember, Presence, VoteRoll, VoteState


def seat_of(user, council_id):
    """The user's active seat in the council, or None (one query)."""
    if not getattr(user, "is_authenticated", False) or council_id is None:
        return None
    return CouncilMember.objects.filter(council_id=council_id, user=user, active=True).first()


is_secretariat = is_admin | is_province_officer


@rules.predicate
def holds_a_seat(user):
    """An active seat on some council (asked on every page by the menu: once per request)."""
    if not user.is_authenticated:
        return False
    user_roles(user)  # loads the flag with the roles when the user has any
    cached = getattr(user, "_thidua_seat", None)
    if cached is None:
        cached = user._thidua_seat = CouncilMember.objects.filter(user=user, active=True).exists()
    return cached


@rules.predicate
def member_of_meeting_council(user, meeting):
    return meeting is not None and seat_of(user, meeting.council_id) is not None


@rules.predicate
def presides_meeting(user, meeting):
    seat = seat_of(user, meeting.council_id) if meeting is not None else None
    return seat is not None and seat.role in PRESIDING_ROLES


@rules.predicate
def may_cast_on(user, item):
    """An open item, a seat in its council, present at the meeting, not yet on the roll."""
    if item is None or item.vote_state != VoteState.OPEN:
        return False
    seat = seat_of(user, item.meeting.council_id)
    if seat is None:
        return False
    present = seat.attendance.filter(meeting_id=item.meeting_id, presence=Presence.PRESENT).exists()
    return present and not VoteRoll.objects.filter(item=item, member=seat).exists()


rules.add_perm("council.view", is_secretariat | holds_a_seat)
rules.add_perm("council.manage", is_secretariat)
rules.add_perm("council.view_meeting", is_secretariat | member_of_meeting_council)
rules.add_perm("council.preside", presides_meeting)
rules.add_perm("council.vote", may_cast_on)

# Added with the council screens: the secretariat or the presiding member ends a meeting.
rules.add_perm("council.close_meeting", is_secretariat | presides_meeting)
