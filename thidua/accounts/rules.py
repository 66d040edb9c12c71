"""Permission predicates (django-rules). Read them as sentences."""

import rules

from .models import Role
from .selectors import OFFICER_ROLES, PEOPLE_ROLES, has_role, unit_in_scope


@rules.predicate
def is_admin(user):
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMIN))


@rules.predicate
def is_province_officer(user):
    return user.is_authenticated and has_role(user, Role.PROVINCE_OFFICER)


@rules.predicate
def is_leader(user):
    return user.is_authenticated and has_role(user, Role.LEADER)


@rules.predicate
def is_unit_officer(user):
    return user.is_authenticated and has_role(user, Role.UNIT_OFFICER)


@rules.predicate
def is_council_member(user):
    return user.is_authenticated and has_role(user, Role.COUNCIL_MEMBER)


@rules.predicate
def unit_within_scope(user, unit):
    return unit is not None and unit_in_scope(user, unit)


@rules.predicate
def person_within_scope(user, person):
    """The person's unit is in the subtree of one of the user's roles that see people."""
    return person is not None and person.unit_id is not None and unit_in_scope(user, person.unit, PEOPLE_ROLES)


@rules.predicate
def person_within_officer_scope(user, person):
    """The person's unit is in the subtree of one of the user's officer roles (or the province's)."""
    return person is not None and person.unit_id is not None and unit_in_scope(user, person.unit, OFFICER_ROLES)


@rules.predicate
def unit_within_officer_scope(user, unit):
    return unit is not None and unit_in_scope(user, unit, OFFICER_ROLES)


has_any_role = is_admin | is_province_officer | is_leader | is_unit_officer | is_council_member

can_view_org = has_any_role
can_manage_org = is_admin | is_province_officer
can_view_people = is_admin | is_province_officer | is_leader | is_unit_officer
can_edit_people = is_admin | is_province_officer | is_unit_officer
can_view_catalog = has_any_role
can_edit_catalog = is_admin
can_manage_users = is_admin
can_view_audit = is_admin | is_province_officer

rules.add_perm("org.view_tree", can_view_org)
rules.add_perm("org.view_unit", can_view_org & unit_within_scope)
rules.add_perm("org.manage_units", can_manage_org)
rules.add_perm("people.view_people", can_view_people)
rules.add_perm("people.view_person", can_view_people & person_within_scope)
rules.add_perm("people.edit_person", can_edit_people & person_within_officer_scope)
rules.add_perm("people.create_person_in", can_edit_people & unit_within_officer_scope)
rules.add_perm("catalog.view", can_view_catalog)
rules.add_perm("catalog.edit", can_edit_catalog)
rules.add_perm("accounts.manage_users", can_manage_users)
rules.add_perm("core.view_audit", can_view_audit)
