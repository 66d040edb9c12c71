"""Who may see decisions and back-enter old ones (django-rules). Read them as sentences.

- Administrators, provincial officers, leaders and unit officers open the list of decisions.
- The province sees every decision; anyone else sees a decision issued by a unit in their scope,
  or one that awards a subject (person, collective, household) of a unit in their scope.
- Only the province back-enters decisions made before the system (the same predicate as
  `nominations.back_enter`, so the two never disagree).
"""

import rules

from thidua.accounts.rules import is_admin, is_leader, is_province_officer, is_unit_officer
from thidua.accounts.selectors import PEOPLE_ROLES, scope_paths, scope_q, unit_in_scope
from thidua.nominations.rules import is_province

from .models import Award

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
rules.add_perm("decisions.view", can_view_decisions & decision_visible)
rules.add_perm("decisions.back_enter", is_province)
