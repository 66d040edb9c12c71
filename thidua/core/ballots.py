"""Secret ballots in slots: the one mechanism behind the council's secret votes and the clusters'
tie-break votes (docs/ballot-secrecy.md).

A secret vote owns a set of slots (rows with a random UUID key, a `choice` and nothing else: no
author, no time, no history), created together when the vote opens, one per possible voter. Who
voted is kept elsewhere, on a named roll. To vote, a choice is dropped into a random empty slot and
*every* slot of the vote is rewritten in one statement, so all carry the same transaction id and
nothing tells which one changed. Closing counts the slots and replaces them by fresh ones (new keys,
shuffled) holding only the choices; the roll is rewritten in one statement too.
"""

from __future__ import annotations

import random
import secrets

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, Count, F, Value, When

_rng = random.SystemRandom()

NO_EMPTY_SLOT = "Không còn phiếu trống cho cuộc bỏ phiếu này; hãy báo người chủ trì."


def slots_create(model, count: int, **owner) -> None:
    """`count` empty slots of `model` for the vote given by `owner` (e.g. item=…)."""
    model.objects.bulk_create([model(choice="", **owner) for _ in range(count)])


def slot_drop(model, choice: str, **owner) -> None:
    """Put `choice` in a random empty slot, rewriting every slot of the vote in one statement."""
    empty = list(model.objects.filter(choice="", **owner).values_list("pk", flat=True))
    if not empty:
        raise ValidationError(NO_EMPTY_SLOT)
    slot = secrets.choice(empty)
    model.objects.filter(**owner).update(
        choice=Case(When(pk=slot, then=Value(choice)), default=F("choice"), output_field=CharField())
    )


def slots_seal(model, roll_queryset, roll_field: str, **owner) -> dict[str, int]:
    """Count the choices, replace the slots by fresh shuffled ones holding only the choices, and
    rewrite the roll (`roll_queryset`, touching `roll_field`) in one statement. Returns the counts."""
    counts = dict(model.objects.filter(**owner).exclude(choice="").values_list("choice").annotate(n=Count("pk")))
    choices = [c for c, n in counts.items() for _ in range(n)]
    _rng.shuffle(choices)
    model.objects.filter(**owner).delete()
    model.objects.bulk_create([model(choice=c, **owner) for c in choices])
    roll_queryset.update(**{roll_field: F(roll_field)})
    return counts
