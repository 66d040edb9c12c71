"""Reads of the unit tree, always limited to the actor's units (scope_q)."""

from dataclasses import dataclass, field

from django.http import Http404

from thidua.accounts.selectors import scope_q
from thidua.core.text import fold_vi
from thidua.decisions.models import Award, DecisionState
from thidua.people.models import AnnualRating, Initiative, Person

from .checks import dissolve_plan, merge_plan, split_plan
from .models import LOCAL_GOVERNMENT_KINDS, Unit, UnitKind, UnitSuccession

FACTS_LIMIT = 100

# Siblings are listed by kind (departments before communes …), then by name.
_KIND_RANK = {kind: i for i, kind in enumerate(UnitKind.values)}
for _kind in LOCAL_GOVERNMENT_KINDS:
    _KIND_RANK[_kind] = _KIND_RANK[UnitKind.COMMUNE]


@dataclass
class TreeNode:
    unit: Unit
    matched: bool = True
    children: list = field(default_factory=list)


def _sort_key(node: TreeNode):
    return (_KIND_RANK.get(node.unit.kind, 99), node.unit.search_text, node.unit.pk)


def _path_ids(path: str) -> list[int]:
    return [int(x) for x in path.strip("/").split("/") if x]


def unit_tree(*, actor, query: str | None = None, include_closed: bool = False) -> list[TreeNode]:
    """The units the actor may see, as a forest (roots = the top of the actor's scope).

    With `query` (with or without diacritics: "tan phu" finds "Xã Tân Phú"), only matching units
    are kept, together with their ancestors so the tree shows where they are. Two queries at most,
    whatever the number of units.
    """
    base = Unit.objects.filter(scope_q(actor)).only(
        "id", "name", "short_name", "code", "kind", "parent_id", "path", "depth", "valid_to", "search_text"
    )
    units = base if include_closed else base.filter(valid_to__isnull=True)
    words = fold_vi(query).split() if query else []
    for word in words:
        units = units.filter(search_text__contains=word)
    found = {u.pk: u for u in units}
    nodes = {pk: TreeNode(unit=u) for pk, u in found.items()}
    if words and found:
        wanted = {pk for u in found.values() for pk in _path_ids(u.path)} - found.keys()
        if wanted:
            for u in base.filter(pk__in=wanted):
                nodes[u.pk] = TreeNode(unit=u, matched=False)
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    stack = list(roots)
    roots.sort(key=_sort_key)
    while stack:
        node = stack.pop()
        node.children.sort(key=_sort_key)
        stack.extend(node.children)
    return roots


def unit_options(*, actor, active_only: bool = True):
    """Units for a select box (scoped; active ones unless asked otherwise)."""
    qs = Unit.objects.filter(scope_q(actor))
    if active_only:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("path")


def unit_get(*, actor, pk) -> Unit:
    """One unit in the actor's scope; 404 otherwise (an out-of-scope unit does not exist for them)."""
    try:
        return Unit.objects.select_related("parent").filter(scope_q(actor)).get(pk=pk)
    except (Unit.DoesNotExist, ValueError):
        raise Http404("Không tìm thấy đơn vị.") from None


def unit_ancestors(unit: Unit) -> list[Unit]:
    ids = _path_ids(unit.path)[:-1]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def unit_children(unit: Unit, *, include_closed: bool = True) -> list[Unit]:
    qs = Unit.objects.filter(parent=unit)
    if not include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return sorted(qs, key=lambda u: (u.valid_to is not None, _KIND_RANK.get(u.kind, 99), u.search_text))


def unit_people(unit: Unit):
    """People whose current unit is this one (for a dissolved unit: its former staff)."""
    return Person.objects.filter(unit=unit).order_by("search_text", "id")


def unit_successions(unit: Unit) -> dict:
    related = ("predecessor", "successor")
    return {
        "predecessors": list(UnitSuccession.objects.filter(successor=unit).select_related(*related)),
        "successors": list(UnitSuccession.objects.filter(predecessor=unit).select_related(*related)),
    }


def unit_lineage(unit: Unit) -> list[Unit]:
    """The unit and every unit it succeeded, recursively (merge, consolidation and split links).

    One query per generation of reorganisations; the unit itself comes first.
    """
    lineage = [unit]
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        rows = (
            UnitSuccession.objects.filter(successor_id__in=frontier)
            .exclude(predecessor_id__in=seen)
            .select_related("predecessor")
        )
        frontier = []
        for row in rows:
            if row.predecessor_id not in seen:
                seen.add(row.predecessor_id)
                lineage.append(row.predecessor)
                frontier.append(row.predecessor_id)
    return lineage


def unit_facts(*, actor, unit: Unit, limit: int = FACTS_LIMIT) -> dict:
    """Achievements shown on a unit's page ("Thành tích").

    - collective ratings and awards of the unit and of every predecessor (each row keeps its original
      unit, so the page can say "Xã Tân Phú (trước sáp nhập)");
    - awards, ratings and initiatives of the people currently in the unit's subtree.
    Each list holds the `limit` most recent rows plus the total count. The caller has checked that the
    actor may see `unit`; predecessors are shown because they are the unit's own history.
    """
    lineage = unit_lineage(unit)
    ids = [u.pk for u in lineage]
    in_subtree = {"person__unit__path__startswith": unit.path}
    award_related = ("award_type", "decision", "unit", "person", "revocation")
    issued = {"decision__state": DecisionState.ISSUED}  # drafts hold no awards; kept explicit

    def page(qs):
        rows = list(qs[: limit + 1])
        return {
            "rows": rows[:limit],
            "more": len(rows) > limit,
            "total": qs.count() if len(rows) > limit else len(rows),
        }

    return {
        "lineage": lineage,
        "predecessor_ids": set(ids[1:]),
        "unit_awards": page(
            Award.objects.filter(unit_id__in=ids, **issued)
            .select_related(*award_related)
            .order_by("-year", "-decision__date")
        ),
        "unit_ratings": page(
            AnnualRating.objects.filter(unit_id__in=ids).select_related("unit").order_by("-year", "unit__name")
        ),
        "person_awards": page(
            Award.objects.filter(**in_subtree, **issued)
            .select_related(*award_related, "person__unit")
            .order_by("-year", "-decision__date", "subject_name")
        ),
        "person_ratings": page(
            AnnualRating.objects.filter(**in_subtree)
            .select_related("person", "person__unit")
            .order_by("-year", "person__search_text")
        ),
        "initiatives": page(
            Initiative.objects.filter(**in_subtree)
            .select_related("person", "person__unit")
            .order_by("-year", "person__search_text")
        ),
    }


# Previews for the confirmation pages of the wizards: the same checks the services run.


def unit_merge_preview(**kwargs):
    return merge_plan(**kwargs)


def unit_split_preview(**kwargs):
    return split_plan(**kwargs)


def unit_dissolve_preview(**kwargs):
    return dissolve_plan(**kwargs)
