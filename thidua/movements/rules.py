"""Who may do what with movements (django-rules). Read them as sentences.

- Everybody with a role sees national and launched provincial movements; the public sees launched
  provincial movements (thidua/movements/views/public.py, no login).
- The province (administrators, provincial officers) creates, launches and closes provincial
  movements and sees every unit's answer, progress and registration.
- A unit officer creates and launches movements of a unit in their scope, answers the duties of
  the units in their scope, reports their progress and registers them — never another unit's.
"""

import rules

from thidua.accounts.rules import can_view_org, is_admin, is_province_officer, is_unit_officer
from thidua.accounts.selectors import OFFICER_ROLES, unit_in_scope

from .models import Level, State


@rules.predicate
def is_province(user):
    return is_admin(user) or is_province_officer(user)


@rules.predicate
def movement_visible(user, movement):
    if movement is None:
        return False
    if movement.level == Level.NATIONAL:
        return True
    if is_province(user):
        return True
    if movement.level == Level.PROVINCE:
        return movement.state != State.DRAFT
    return unit_in_scope(user, movement.launching_unit)


@rules.predicate
def movement_manageable(user, movement):
    """The province manages provincial and national movements; a unit officer, their units' own."""
    if movement is None:
        return False
    if movement.level in (Level.PROVINCE, Level.NATIONAL):
        return is_province(user)
    return is_province(user) or (is_unit_officer(user) and unit_in_scope(user, movement.launching_unit, OFFICER_ROLES))


@rules.predicate
def unit_manageable(user, unit):
    """The unit is in the scope of a provincial or unit officer."""
    return unit is not None and (
        is_province(user) or (is_unit_officer(user) and unit_in_scope(user, unit, OFFICER_ROLES))
    )


can_create_provincial = is_province
can_view_movements = can_view_org

rules.add_perm("movements.view_list", can_view_movements)
rules.add_perm("movements.view", can_view_movements & movement_visible)
rules.add_perm("movements.create_provincial", can_create_provincial)
rules.add_perm("movements.create_for_unit", unit_manageable)
rules.add_perm("movements.manage", movement_manageable)
# Answer a duty, report progress, register: `unit` is the unit concerned.
rules.add_perm("movements.act_for_unit", unit_manageable)
