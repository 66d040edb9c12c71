"""Benchmark of the people list on a province's worth of data (≈30,000 people).

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_people_bench.py

Data: `manage.py seed_demo --size province` when the database is empty; people already loaded
by another benchmark are reused; otherwise ≈30,000 people are built here with bulk_create so
the benchmark stands alone. Each screen is requested ~30 times by a logged-in client and
reported as median / p95 in ms and as a ratio of the median of a bare login-required view
measured in the same run (the floor: session, user, middleware, nothing else).
"""

import io
import random
import statistics
import time

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import include, path

# django_db makes pytest-django create the test database for this module: without a db-marked
# test it would leave the connection on the real database.
pytestmark = [pytest.mark.bench, pytest.mark.urls(__name__), pytest.mark.django_db]

# Read at collection, before the test database replaces it: the fixture refuses to write here.
REAL_DATABASE_NAME = str(settings.DATABASES["default"]["NAME"])

TARGET_PEOPLE = 30_000
RUNS = 30
# A generous ceiling, not a budget: it only catches a list that became O(rows) (e.g. an N+1 or a
# full render). The budgets are read from the printed figures.
CEILING_RATIO = 60


@login_required
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bench__/bare/", bare), path("", include("config.urls"))]


def _build_people_without_seed_demo():
    """≈30,000 people across 30 departments with 3 sub-units each (fallback when seed_demo is absent)."""
    import datetime as dt

    from thidua.core.text import fold_vi
    from thidua.org.models import Unit, UnitKind
    from thidua.people.models import EmploymentType, Person, Sex

    rng = random.Random(2026)
    root = Unit.objects.create(code="BENCH", name="Ủy ban nhân dân tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    leaves = []
    for d in range(30):
        dept = Unit.objects.create(code=f"BD{d}", name=f"Sở thử nghiệm {d}", kind=UnitKind.DEPARTMENT, parent=root)
        for s in range(3):
            leaves.append(
                Unit.objects.create(
                    code=f"BD{d}-{s}", name=f"Đơn vị {s} của sở {d}", kind=UnitKind.PUBLIC_SERVICE, parent=dept
                )
            )
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
    middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang"]
    givens = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc"]
    batch = []
    for _ in range(TARGET_PEOPLE):
        name = f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(givens)}"
        batch.append(
            Person(
                full_name=name,
                search_text=fold_vi(name),
                birth_date=dt.date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice(Sex.values),
                employment_type=rng.choice(EmploymentType.values),
                unit=rng.choice(leaves),
            )
        )
    Person.objects.bulk_create(batch, batch_size=2000)


@pytest.fixture(scope="module")
def bench_data(django_db_setup, django_db_blocker):
    from django.db import connection

    from thidua.accounts.models import Role, RoleAssignment, User
    from thidua.org.models import Unit
    from thidua.people.models import Person

    assert str(connection.settings_dict["NAME"]) != REAL_DATABASE_NAME, (
        "refusing to load benchmark data into the real database"
    )
    with django_db_blocker.unblock():
        started = time.perf_counter()
        source = "reused"
        if Person.objects.count() < TARGET_PEOPLE * 2 // 3:
            if not Unit.objects.exists():
                try:
                    call_command("seed_demo", size="province", verbosity=0, stdout=io.StringIO())
                    source = "seed_demo --size province"
                except Exception as exc:  # seed_demo missing or failing: stay self-contained
                    print(f"\nseed_demo unavailable ({exc}); building people with bulk_create")
            if Person.objects.count() < TARGET_PEOPLE * 2 // 3:
                _build_people_without_seed_demo()
                source = "bulk_create"
        root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
        officer, _ = User.objects.get_or_create(username="bench.people", defaults={"full_name": "Đo hiệu năng"})
        RoleAssignment.objects.get_or_create(user=officer, unit=root, role=Role.PROVINCE_OFFICER)
        print(f"\nData: {Person.objects.count():,} people from {source} in {time.perf_counter() - started:.1f} s")
    return officer


def _measure(client, url, params=None, runs=RUNS, **extra):
    client.get(url, params or {}, **extra)  # warm up (templates, connection)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params or {}, **extra)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def test_people_list_and_search_against_a_bare_view(bench_data, client):
    client.force_login(bench_data)
    floor_median, floor_p95 = _measure(client, "/__bench__/bare/")
    rows = [("bare login-required view", floor_median, floor_p95)]
    rows.append(("people list, first page", *_measure(client, "/ca-nhan/")))
    rows.append(('people search "nguyen van"', *_measure(client, "/ca-nhan/", {"q": "nguyen van"})))
    rows.append(
        (
            'people search "nguyen van" (htmx fragment)',
            *_measure(client, "/ca-nhan/", {"q": "nguyen van"}, headers={"HX-Request": "true"}),
        )
    )

    print(f"\n{'screen':<46}{'median ms':>10}{'p95 ms':>10}{'× bare':>9}")
    for name, median, p95 in rows:
        print(f"{name:<46}{median:>10.1f}{p95:>10.1f}{median / floor_median:>9.1f}")

    # Labelled generous ceiling (see CEILING_RATIO): catches regressions in kind, not in degree.
    for name, median, _p95 in rows[1:]:
        assert median / floor_median < CEILING_RATIO, f"{name}: {median:.1f} ms vs bare {floor_median:.1f} ms"


def test_people_export_of_the_whole_province(bench_data, client):
    import openpyxl

    from thidua.people.models import Person

    client.force_login(bench_data)
    started = time.perf_counter()
    response = client.get("/ca-nhan/xuat-excel/")
    seconds = time.perf_counter() - started
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    exported = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    print(f"\nExcel export: {exported:,} rows, {len(response.content) / 1e6:.1f} MB in {seconds:.2f} s")
    assert exported == Person.objects.count()
