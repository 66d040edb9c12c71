"""Which authority decides an award, and the route a dossier takes to it.

- The authority follows from the award type's deciding level in the catalogue: titles and forms a
  unit head or a commune chairman decides stay in the unit (or its managing body); the provincial
  chairman's forms go through the commendation office to the council; state-level forms go the
  same way and the province submits them upward.
- The route: the managing body (the unit directly under the province that the proposing unit
  belongs to, when the proposing unit is below it), then the commendation office (the unit
  flagged `is_commendation_office`). A dossier for a unit head's award goes to its deciding unit
  only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from thidua.catalog.models import DecidingLevel
from thidua.org.models import Unit

from .models import Authority, StepKind

LEVEL_AUTHORITY = {
    DecidingLevel.UNIT_HEAD: Authority.UNIT_HEAD,
    DecidingLevel.COMMUNE_CHAIR: Authority.UNIT_HEAD,
    DecidingLevel.PROVINCE_CHAIR: Authority.PROVINCE_CHAIR,
    DecidingLevel.FORM_AUTHORITY: Authority.PROVINCE_CHAIR,
    DecidingLevel.PRIME_MINISTER: Authority.STATE,
    DecidingLevel.PRESIDENT: Authority.STATE,
}


def authority_of(award_type) -> str | None:
    """The authority that decides `award_type` in a province (None: not decided through the province,
    e.g. the armed forces' own awards)."""
    return LEVEL_AUTHORITY.get(award_type.deciding_level)


def managing_body(unit: Unit) -> Unit | None:
    """The unit directly under the province that `unit` belongs to, when `unit` is below it."""
    ids = unit.ancestor_ids()
    if len(ids) < 3:
        return None
    return Unit.objects.get(pk=ids[1])


def province_of(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.ancestor_ids()[0])


def commendation_office() -> Unit:
    office = Unit.objects.filter(is_commendation_office=True, valid_to__isnull=True).order_by("depth", "pk").first()
    if office is None:
        raise ValidationError(
            "Chưa có đơn vị nào được đánh dấu là cơ quan thường trực thi đua, khen thưởng (Sở Nội vụ). "
            "Quản trị viên cần đánh dấu đơn vị này trong danh mục đơn vị."
        )
    return office


def deciding_unit_choices(proposing: Unit) -> list[Unit]:
    """Units whose head may decide a unit-level award proposed by `proposing`: itself and its
    ancestors below the province, nearest first."""
    ids = proposing.ancestor_ids()[1:]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [units[i] for i in reversed(ids) if i in units]


def deciding_unit_for(proposing: Unit, authority: str, chosen: Unit | None = None) -> Unit:
    if authority == Authority.UNIT_HEAD:
        choices = deciding_unit_choices(proposing)
        if chosen is not None:
            if chosen.pk not in {u.pk for u in choices}:
                raise ValidationError(
                    {"deciding_unit": "Cơ quan quyết định phải là chính đơn vị đề nghị hoặc đơn vị cấp trên của nó."}
                )
            return chosen
        return choices[0] if choices else proposing
    return province_of(proposing)


def route_for(proposing: Unit, authority: str, deciding: Unit) -> list[tuple[Unit, str]]:
    """The stops of the route in order: (unit, StepKind)."""
    if authority == Authority.UNIT_HEAD:
        return [(deciding, StepKind.DECIDING_UNIT)]
    office = commendation_office()
    steps = []
    managing = managing_body(proposing)
    if managing is not None and managing.pk != office.pk:
        steps.append((managing, StepKind.MANAGING_BODY))
    steps.append((office, StepKind.OFFICE))
    return steps
