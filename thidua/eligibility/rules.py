"""Who may see eligibility (django-rules).

The panel and the what-if check of a subject follow the subject's own permissions
("people.view_person", "org.view_unit", checked by the selectors: out of scope → 404).
"""

import rules

from thidua.accounts.rules import can_view_people

# The "Danh sách đủ điều kiện" (people and units of the actor's scope).
rules.add_perm("eligibility.view_list", can_view_people)
