"""Who may do what with nomination dossiers (django-rules). Read them as sentences.

- The proposing unit's officers (and its leaders, read-only) see its dossiers, drafts included;
  only its unit officers (or the province) edit them, and only while drafted or returned.
- A unit on the route sees a dossier once it has reached that unit; its officers receive, appraise,
  return and forward it while it is at their step.
- The province (administrators, provincial officers) sees every dossier sent, runs the commendation
  office's step, moderates public comments, sets deadlines and days off, and back-enters old decisions.
- Council members see dossiers that finished appraisal for the provincial chairman or the State.
- Nobody else sees anything: other units' officers get 404.
"""

import rules

from thidua.accounts.rules import (
    can_view_org,
    is_admin,
    is_council_member,
    is_leader,
    is_province_officer,
    is_unit_officer,
)
from thidua.accounts.selectors import OFFICER_ROLES, PEOPLE_ROLES, unit_in_scope

from .models import Authority, State, StepKind

EDITABLE_STATES = (State.DRAFT, State.RETURNED)
AT_STEP_STATES = (State.SUBMITTED, State.IN_APPRAISAL)


@rules.predicate
def is_province(user):
    return is_admin(user) or is_province_officer(user)


def _officer_for(user, unit) -> bool:
    """An officer role covers the unit (the scope of the user's other roles does not count)."""
    return unit is not None and (
        is_province(user) or (is_unit_officer(user) and unit_in_scope(user, unit, OFFICER_ROLES))
    )


@rules.predicate
def proposer_side(user, nomination):
    """The user works for the proposing unit (officer or leader with it in scope) or for the province."""
    if nomination is None:
        return False
    if is_province(user):
        return True
    return unit_in_scope(user, nomination.proposing_unit, PEOPLE_ROLES) and (is_unit_officer(user) or is_leader(user))


@rules.predicate
def nomination_visible(user, nomination):
    if nomination is None:
        return False
    if proposer_side(user, nomination):
        return True
    if nomination.state == State.DRAFT:
        return False
    if is_council_member(user) and nomination.state == State.APPRAISED and nomination.authority != Authority.UNIT_HEAD:
        return True
    if is_unit_officer(user) or is_leader(user):
        reached = nomination.steps.filter(arrived_at__isnull=False).select_related("unit")
        return any(unit_in_scope(user, step.unit, PEOPLE_ROLES) for step in reached)
    return False


@rules.predicate
def nomination_editable(user, nomination):
    """The proposing unit's officer (or the province) while the dossier is drafted or returned."""
    return (
        nomination is not None and nomination.state in EDITABLE_STATES and _officer_for(user, nomination.proposing_unit)
    )


@rules.predicate
def nomination_at_users_step(user, nomination):
    """The dossier waits at a step whose unit the user's officer role covers."""
    if nomination is None or nomination.state not in AT_STEP_STATES or nomination.current_step_id is None:
        return False
    step = nomination.current_step
    if is_province(user) and step.kind == StepKind.OFFICE:
        return True
    # Other steps belong to their unit's officers: the province does not act for a managing body.
    return is_unit_officer(user) and unit_in_scope(user, step.unit, OFFICER_ROLES)


@rules.predicate
def unit_manageable(user, unit):
    return _officer_for(user, unit)


rules.add_perm("nominations.view_list", can_view_org)
rules.add_perm("nominations.view", nomination_visible)
rules.add_perm("nominations.create_for_unit", unit_manageable)
rules.add_perm("nominations.edit", nomination_editable)
rules.add_perm("nominations.process", nomination_at_users_step)
rules.add_perm("nominations.moderate_comments", is_province)
rules.add_perm("nominations.manage_deadlines", is_province)
rules.add_perm("nominations.view_overdue", is_province)
rules.add_perm("nominations.back_enter", is_province)
rules.add_perm("nominations.view_council_queue", is_province | is_council_member)
