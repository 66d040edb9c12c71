"""Who may see decisions and back-enter old ones (django-rules). Read them as sentences.

- Administrators, provincial officers, leaders and unit officers open the list of decisions.
- The province sees every decision; anyone else sees a decision issued by a unit in their scope,
  or one that awards a subject (person, collective, household) of a unit in their scope.
- Only the province back-enters decisions made before the system (the same predicate as
  `nominations.back_enter`, so the two never disagree).
- Drafts of decisions are prepared by the province, or by an officer of the deciding unit for a
  unit head's decision; only an active signer of the issuing body issues (gives the number).
- The province records the higher authority's decision that answers its submission, manages the
  issuing bodies and their signers, the fund ledger and revocations.
- Payments are recorded by the province, or by an officer of the paying unit; payment lists are
  read by the province and, for their units, by unit officers and leaders.
"""

import rules

from thidua.accounts.rules import is_admin, is_leader, is_province_officer, is_unit_officer
from thidua.accounts.selectors import OFFICER_ROLES, PEOPLE_ROLES, scope_paths, scope_q, unit_in_scope, user_roles
from thidua.nominations.rules import is_province

from .models import Award, Signer

can_view_decisions = is_admin | is_province_officer | is_leader | is_unit_officer


def awards_in_scope_q(user, prefix: str = ""):
    """Awards whose subject belongs to a unit in the user's scope (`prefix` leads to the Award)."""
    return (
        scope_q(user, f"{prefix}person__unit__", PEOPLE_ROLES)
        | scope_q(user, f"{prefix}unit__", PEOPLE_ROLES)
        | scope_q(user, f"{prefix}household__unit__", PEOPLE_ROLES)
    )


@rules.predicate
def decision_visible(user, decision):
    if decision is None:
        return False
    if scope_paths(user) is None:
        return True
    if unit_in_scope(user, decision.issuer, PEOPLE_ROLES):
        return True
    scoped = awards_in_scope_q(user)
    if not scoped:  # an empty scope
        return False
    return Award.objects.filter(decision=decision).filter(scoped).exists()


rules.add_perm("decisions.view_list", can_view_decisions)
rules.add_perm("decisions.back_enter", is_province)


@rules.predicate
def officer_of_unit(user, unit):
    """The province, or a unit officer whose officer scope covers the unit."""
    return unit is not None and (
        is_province(user) or (is_unit_officer(user) and unit_in_scope(user, unit, OFFICER_ROLES))
    )


@rules.predicate
def prepares_for(user, decision):
    """Drafts of the issuer: the province for any issuer; a unit officer for a unit in their scope."""
    return decision is not None and decision.issuer_id is not None and officer_of_unit(user, decision.issuer)


@rules.predicate
def signs_for(user, decision):
    """An active signer of the decision's issuing body."""
    if decision is None or decision.issuer_id is None or not user.is_authenticated:
        return False
    return Signer.objects.filter(body__unit_id=decision.issuer_id, user=user, active=True).exists()


@rules.predicate
def is_signer(user):
    """An active signer of some issuing body (asked on every page by the menu: once per request)."""
    if not user.is_authenticated:
        return False
    user_roles(user)  # loads the flag with the roles when the user has any
    cached = getattr(user, "_thidua_signer", None)
    if cached is None:
        cached = user._thidua_signer = Signer.objects.filter(user=user, active=True).exists()
    return cached


can_prepare_decisions = is_province | is_unit_officer

rules.add_perm("decisions.prepare", can_prepare_decisions)  # opens the drafting screens
rules.add_perm("decisions.prepare_for", prepares_for)  # object: a draft decision (its issuer)
rules.add_perm("decisions.sign", is_signer)  # sees the "to sign" list
rules.add_perm("decisions.issue", signs_for)  # object: a draft decision
# A signer sees the decisions of the bodies they sign for, whatever their other roles.
rules.add_perm("decisions.view", (can_view_decisions & decision_visible) | signs_for)
rules.add_perm("decisions.record_higher", is_province)
rules.add_perm("decisions.manage_signers", is_province)
rules.add_perm("decisions.view_payments", is_province | is_unit_officer | is_leader)
rules.add_perm("decisions.record_payment", officer_of_unit)  # object: the paying unit
rules.add_perm("decisions.manage_fund", is_province)
rules.add_perm("decisions.revoke", is_province)


# --- Revocations (appended by the revocation work) ------------------------------------------------
# The province sees every revocation; a unit officer reads those of awards to subjects of the units
# their officer role covers; nobody else sees any. Only the province revokes and records recovery.
can_view_revocations = is_province | is_unit_officer


def revocation_awards_q(user, prefix: str = ""):
    """A filter on Award (`prefix` leads to it) for the revocations the user may read; None = all."""
    from django.db.models import Q

    if is_province(user):
        return None
    if not is_unit_officer(user):
        return Q(pk__in=[])
    return (
        scope_q(user, f"{prefix}person__unit__", OFFICER_ROLES)
        | scope_q(user, f"{prefix}unit__", OFFICER_ROLES)
        | scope_q(user, f"{prefix}household__unit__", OFFICER_ROLES)
    )


@rules.predicate
def revocation_visible(user, revocation):
    if revocation is None:
        return False
    scoped = revocation_awards_q(user)
    return scoped is None or Award.objects.filter(scoped, pk=revocation.award_id).exists()


rules.add_perm("decisions.view_revocations", can_view_revocations)  # opens the list of revocations
rules.add_perm("decisions.view_revocation", can_view_revocations & revocation_visible)  # object: a Revocation
rules.add_perm("decisions.record_recovery", is_province)
