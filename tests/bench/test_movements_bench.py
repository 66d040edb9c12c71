"""Benchmark: launching a provincial movement to every unit of the province (≈1,100 units).

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_movements_bench.py

The launch (`movement_launch`: participants resolved, one duty per unit, the state change and its
audit event) is ONE transaction; the issue's budget is 2 s on the `province` demo data. The floor,
measured in the same run: one INSERT … SELECT writing the same duties straight from the unit table
(rolled back). Then the answer board of that movement, which must run in a fixed number of queries
whatever the number of units (asserted: 2). Prints best of three launches, the floor and the ratio.
"""

import time

import pytest
from django.db import connection, transaction

from tests.bench.test_eligibility_bench import MIN_PROVINCE_PEOPLE, _load

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

RUNS = 3
BUDGET_SECONDS = 2.0
CEILING_SECONDS = 60.0  # a labelled generous ceiling: catches a change of kind (a query per unit), not of degree


@pytest.fixture(scope="module")
def province_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load("province", MIN_PROVINCE_PEOPLE)


def _officer():
    from thidua.accounts.models import Role, RoleAssignment, User
    from thidua.org.models import Unit

    root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    user, _ = User.objects.get_or_create(username="bench.movements", defaults={"full_name": "Đo hiệu năng"})
    RoleAssignment.objects.get_or_create(user=user, unit=root, role=Role.PROVINCE_OFFICER)
    return type(user).objects.get(pk=user.pk), root


def _floor(movement_id: int, root_path: str) -> float:
    sid = transaction.savepoint_create()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO movements_participation (movement_id, unit_id, deadline) "
            "SELECT %s, id, NULL FROM org_unit WHERE valid_to IS NULL AND path LIKE %s AND path <> %s",
            [movement_id, root_path + "%", root_path],
        )
    elapsed = time.perf_counter() - started
    transaction.savepoint_rollback(sid)
    return elapsed


def test_launching_a_movement_to_every_unit_of_the_province(province_data, django_assert_max_num_queries):
    import datetime as dt

    from thidua.movements.models import Participation, ParticipationMode
    from thidua.movements.selectors.movements import answer_board
    from thidua.movements.services import movements as svc
    from thidua.org.models import Unit, UnitKind

    officer, root = _officer()
    units = Unit.objects.filter(valid_to__isnull=True).exclude(pk=root.pk).count()
    runs, floors = [], []
    for i in range(RUNS):
        m = svc.movement_create(
            actor=officer,
            launching_unit=root,
            data={
                "kind": "REGULAR",
                "name": f"Phong trào đo hiệu năng {i}",
                "period_start": dt.date(2027, 1, 1),
                "period_end": dt.date(2027, 12, 31),
                "participation_mode": ParticipationMode.BY_KIND,
                "participation_kinds": list(UnitKind.values),
            },
            targets=[{"name": "Chỉ tiêu", "target_value": "1"}],
        )
        floors.append(_floor(m.pk, root.path))
        started = time.perf_counter()
        svc.movement_launch(actor=officer, movement=m)
        runs.append(time.perf_counter() - started)
    n = Participation.objects.filter(movement=m).count()
    assert n == units
    with django_assert_max_num_queries(2):
        board = answer_board(actor=officer, movement=m)
    assert board.total == units
    best, floor = min(runs), min(floors)
    each = ", ".join(f"{r:.3f}" for r in runs)
    print(f"\nLaunch to {n:,} units (one transaction): best {best:.3f} s of {RUNS}, runs {each}")
    print(f"floor: one INSERT … SELECT of the same duties {floor:.4f} s; ratio {best / floor:.1f}×")
    verdict = "holds" if best <= BUDGET_SECONDS else "DOES NOT hold"
    print(f"budget {BUDGET_SECONDS:.0f} s: {verdict}; answer board: 2 queries")
    assert best < CEILING_SECONDS
