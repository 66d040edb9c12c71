"""Shared data for the ranking, tie-break vote and proposal tests (no tests here).

Points are written with the conftest's `fill_scores` on the provincial template: group I (1.1, 1.2:
30 each), group II (2.1, 2.2: 20 each), group III (3.1 bonus up to 5, 3.2 penalty up to 10).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.clusters.models import RoundState, Score, ScoreSheet, ScoringRound
from thidua.movements.models import Level, Movement, MovementKind
from thidua.movements.models import State as MovementState
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

from .conftest import YEAR, fill_scores


def pts(g1a, g1b, g2a, g2b, bonus=0, penalty=0) -> dict:
    return {"1.1": g1a, "1.2": g1b, "2.1": g2a, "2.2": g2b, "3.1": bonus, "3.2": penalty}


# Scenario "group": Tân Phú leads (96,5); Tân Lập and Tân Hòa both have 90 but Tân Lập has more in
# group I (55 > 50); the others follow with distinct totals.
GROUP_SCENARIO = [
    pts(30, 28, 20, 18, bonus=0.5),  # Xã Tân Phú (head) 96,5
    pts(28, 27, 18, 17),  # Xã Tân Lập (deputy) 90, group I 55
    pts(25, 25, 20, 20),  # Xã Tân Hòa (member) 90, group I 50
    pts(25, 25, 20, 15),  # Xã Tân Bình 85
    pts(25, 25, 15, 15),  # Xã Tân An 80
    pts(25, 20, 15, 15),  # Xã Tân Mỹ 75
    pts(20, 20, 15, 15, penalty=2),  # Xã Tân Thạnh 68
    pts(20, 20, 10, 10),  # Xã Tân Sơn 60
]

# Scenario "vote": Tân Phú and Tân Lập both have 95 with 55 in group I: a secret vote decides first place.
VOTE_SCENARIO = [
    pts(30, 25, 20, 20),  # Xã Tân Phú 95, group I 55
    pts(28, 27, 20, 20),  # Xã Tân Lập 95, group I 55
    *GROUP_SCENARIO[2:],
]


def score(scoring_round, units, scenario):
    fill_scores(scoring_round, dict(zip(units, scenario, strict=True)))


def keep_open(scoring_round):
    """The round open, its deadline still ahead (the fixture's 15/11/2026 may be past already)."""
    scoring_round.state = RoundState.OPEN
    scoring_round.deadline = timezone.localdate() + dt.timedelta(days=30)
    scoring_round.save(update_fields=["state", "deadline"])
    return scoring_round


def lock(scoring_round):
    scoring_round.state = RoundState.LOCKED
    scoring_round.locked_at = timezone.now()
    scoring_round.save(update_fields=["state", "locked_at"])
    return scoring_round


def publish(scoring_round):
    scoring_round.state = RoundState.PUBLISHED
    scoring_round.locked_at = scoring_round.locked_at or timezone.now()
    scoring_round.published_at = timezone.now()
    scoring_round.save(update_fields=["state", "locked_at", "published_at"])
    return scoring_round


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def make_cluster(province, template, *, name, year=YEAR, totals=(80, 70, 60), code="K", carried_from=None, units=None):
    """Another cluster of `year` on the template, with a round and one sheet per unit scored so that the
    units' totals are `totals` (all in 1.1/2.1 … within the maxima). Returns (cluster, round, units)."""
    if units is None:
        units = [
            Unit.objects.create(
                code=f"{code}{i}",
                name=f"{name} — đơn vị {i + 1}",
                kind=UnitKind.COMMUNE,
                parent=province.root,
                valid_from=dt.date(2025, 7, 1),
            )
            for i in range(len(totals))
        ]
    cluster = Cluster.objects.create(name=name, kind=ClusterKind.AREA, year=year, carried_from=carried_from)
    for i, u in enumerate(units):
        ClusterMember.objects.create(cluster=cluster, unit=u, role=ClusterRole.HEAD if i == 0 else ClusterRole.MEMBER)
    rnd = ScoringRound.objects.create(
        cluster=cluster, table=template, deadline=dt.date(year, 11, 15), tie_group=template.groups.get(code="I")
    )
    criteria = list(template.criteria.all())
    for u in units:
        sheet = ScoreSheet.objects.create(round=rnd, unit=u)
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in criteria])
    split = {u: _split(t) for u, t in zip(units, totals, strict=True)}
    fill_scores(rnd, split)
    return cluster, rnd, units


def _split(total) -> dict:
    """A total of up to 100 spread over the four scored criteria (30, 30, 20, 20)."""
    left, out = float(total), {}
    for code, mx in (("1.1", 30), ("1.2", 30), ("2.1", 20), ("2.2", 20)):
        take = min(mx, left)
        out[code] = take
        left -= take
    return out


def make_movement(province):
    """An open provincial movement: what a "theo phong trào thi đua" dossier follows."""
    return Movement.objects.create(
        kind=MovementKind.REGULAR,
        name="Phong trào thi đua yêu nước năm 2026",
        state=MovementState.UNDER_WAY,
        level=Level.PROVINCE,
        launching_unit=province.root,
    )
