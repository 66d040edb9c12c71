"""Benchmark of the dossier list (/ho-so/) on 100,000 dossiers.

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_nominations_list_bench.py

Data (built here, standalone): a province of 20 departments with 4 units each, 2,000 people, then
10 dossiers — the query count of every screen is recorded — then 100,000 dossiers in all with
bulk_create (≈1.5 lines each, half of them sent with their first step reached). bulk_create skips
save(), so ids are assigned here and `search_text` is folded here, as the models would.

Each screen is requested ~15 times by a logged-in client, as a full page and as the htmx fragment
(the list alone), and reported as median / p95 in ms and as a ratio of the median of a bare
login-required view measured in the same run (the floor). The list must run the same number of
queries with 100,000 dossiers as with 10 (asserted); the time of the navigation's own count, part of
every full page, is printed apart.
"""

import datetime as dt
import random
import statistics
import time

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

pytestmark = [pytest.mark.bench, pytest.mark.urls(__name__), pytest.mark.django_db]

REAL_DATABASE_NAME = str(settings.DATABASES["default"]["NAME"])

TARGET = 100_000
SMALL = 10
PEOPLE = 2_000
RUNS = 15
BATCH = 5_000
# Generous ceilings, not budgets: they only catch a list that became O(rows) in Python or in queries.
# A text search reads the folded columns of every dossier and line (no FTS5 / trigram index yet), so
# its ceiling is higher.
CEILING_RATIO = 80
SEARCH_CEILING_RATIO = 300


@login_required
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bench__/bare/", bare), path("", include("config.urls"))]

SCREENS = [
    ("dossier list, first page (province)", "province", {}, {}),
    ('search "nguyen van" (subject names)', "province", {"q": "nguyen van"}, {}),
    ("filter state=SUBMITTED, year=2024", "province", {"state": "SUBMITTED", "year": "2024"}, {}),
    ("dossier list, page 200", "province", {"trang": "200"}, {}),
    ("dossier list (department officer)", "unit", {}, {}),
    ("search, htmx fragment", "province", {"q": "nguyen van"}, {"headers": {"HX-Request": "true"}}),
]
HTMX = {"headers": {"HX-Request": "true"}}

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang"]
GIVENS = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc"]


class Data:
    def __init__(self):
        self.rng = random.Random(2026)
        self.leaves = []
        self.departments = []
        self.people = []

    def build_base(self):
        from thidua.accounts.models import Role, RoleAssignment, User
        from thidua.catalog.models import AwardType
        from thidua.core.text import fold_vi
        from thidua.org.models import Unit, UnitKind
        from thidua.people.models import EmploymentType, Person, Sex

        root = Unit.objects.create(code="BHS", name="Ủy ban nhân dân tỉnh Đo Hồ Sơ", kind=UnitKind.PROVINCE)
        self.root = root
        self.office = Unit.objects.create(
            code="BHS-SNV", name="Sở Nội vụ (đo)", kind=UnitKind.DEPARTMENT, parent=root, is_commendation_office=True
        )
        for d in range(20):
            dept = Unit.objects.create(code=f"BHS-{d}", name=f"Sở đo hồ sơ {d}", kind=UnitKind.DEPARTMENT, parent=root)
            self.departments.append(dept)
            for s in range(4):
                self.leaves.append(
                    Unit.objects.create(
                        code=f"BHS-{d}-{s}", name=f"Đơn vị {s} của sở {d}", kind=UnitKind.PUBLIC_SERVICE, parent=dept
                    )
                )
        people = []
        for i in range(PEOPLE):
            name = f"{self.rng.choice(FAMILIES)} {self.rng.choice(MIDDLES)} {self.rng.choice(GIVENS)}"
            name = "Nguyễn Văn An" if i == 0 else name  # the search screen finds someone with 10 dossiers too
            people.append(
                Person(
                    full_name=name,
                    search_text=fold_vi(name),
                    sex=self.rng.choice(Sex.values),
                    employment_type=EmploymentType.PUBLIC_EMPLOYEE,
                    unit=self.rng.choice(self.leaves),
                )
            )
        self.people = Person.objects.bulk_create(people, batch_size=BATCH)
        self.award = AwardType.objects.get(code="BK_TINH")
        self.province_user, _ = User.objects.get_or_create(username="bench.hoso", defaults={"full_name": "Đo hồ sơ"})
        RoleAssignment.objects.get_or_create(user=self.province_user, unit=root, role=Role.PROVINCE_OFFICER)
        self.unit_user, _ = User.objects.get_or_create(username="bench.hoso.so", defaults={"full_name": "Đo hồ sơ sở"})
        RoleAssignment.objects.get_or_create(user=self.unit_user, unit=self.departments[0], role=Role.UNIT_OFFICER)

    def add_dossiers(self, count: int):
        """`count` dossiers with lines and, when sent, their first step (ids assigned here)."""
        from django.db.models import Max
        from django.utils import timezone

        from thidua.core.text import fold_vi
        from thidua.nominations.models import (
            Authority,
            Basis,
            Nomination,
            NominationLine,
            NominationStep,
            State,
            StepKind,
        )

        states = [State.DRAFT] * 5 + [State.SUBMITTED] * 2 + [State.IN_APPRAISAL, State.RETURNED, State.APPRAISED]
        next_nomination = (Nomination.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_line = (NominationLine.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_step = (NominationStep.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        now = timezone.now()
        first = next_nomination
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            nominations, lines, steps = [], [], []
            for _ in range(size):
                pk = next_nomination
                next_nomination += 1
                year = self.rng.randint(2019, 2025)
                unit = self.rng.choice(self.leaves)
                state = self.rng.choice(states)
                if pk == first:  # every screen's filter finds something with 10 dossiers too
                    year, state, unit = 2024, State.SUBMITTED, self.leaves[0]
                title = f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm {year} — {unit.name}"
                nominations.append(
                    Nomination(
                        id=pk,
                        proposing_unit=unit,
                        title=title,
                        year=year,
                        basis=Basis.CONG_TRANG,
                        authority=Authority.PROVINCE_CHAIR,
                        deciding_unit=self.root,
                        state=state,
                        due_date=dt.date(year + 1, 1, 30),
                        submitted_at=None if state == State.DRAFT else now,
                        search_text=fold_vi(f"HS-{year}-{pk:06d} {title}")[:600],
                    )
                )
                for order in range(self.rng.choice((1, 1, 2))):
                    person = self.people[0] if order == 0 and (pk - first) % 97 == 0 else self.rng.choice(self.people)
                    lines.append(
                        NominationLine(
                            id=next_line,
                            nomination_id=pk,
                            person=person,
                            award_type=self.award,
                            year_from=year - 1,
                            year_to=year,
                            achievement="Hoàn thành xuất sắc nhiệm vụ.",
                            subject_name=person.full_name,
                            subject_unit_name=unit.name,
                            sort_order=order,
                            search_text=person.search_text,
                        )
                    )
                    next_line += 1
                if state != State.DRAFT:
                    steps.append(
                        NominationStep(
                            id=next_step,
                            nomination_id=pk,
                            order=0,
                            unit=unit.parent,
                            kind=StepKind.MANAGING_BODY,
                            arrived_at=now,
                            due_date=dt.date(year + 1, 2, 28),
                        )
                    )
                    next_step += 1
            Nomination.objects.bulk_create(nominations, batch_size=1000)
            NominationLine.objects.bulk_create(lines, batch_size=1000)
            NominationStep.objects.bulk_create(steps, batch_size=1000)
            done += size
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE nominations_nomination SET current_step_id = (SELECT s.id FROM nominations_nominationstep s "
                'WHERE s.nomination_id = nominations_nomination.id AND s."order" = 0) '
                "WHERE current_step_id IS NULL AND state <> 'DRAFT'"
            )

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.province_user if who == "province" else self.unit_user)
        return client


def _queries(client, params, extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/ho-so/", params, **extra)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


@pytest.fixture(scope="module")
def bench_data(django_db_setup, django_db_blocker):
    from thidua.nominations.models import Nomination

    assert str(connection.settings_dict["NAME"]) != REAL_DATABASE_NAME, "refusing to load into the real database"
    with django_db_blocker.unblock():
        data = Data()
        data.build_base()
        data.add_dossiers(SMALL)
        assert Nomination.objects.count() <= SMALL * 2, "the small measure needs an (almost) empty dossier table"
        data.small_counts = {name: _queries(data.client(who), p, e) for name, who, p, e in SCREENS}
        started = time.perf_counter()
        data.add_dossiers(TARGET - Nomination.objects.count())
        data.build_seconds = time.perf_counter() - started
        print(f"\nData: {Nomination.objects.count():,} dossiers built with bulk_create in {data.build_seconds:.1f} s")
    return data


def _measure(client, url, params=None, runs=RUNS, **extra):
    client.get(url, params or {}, **extra)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params or {}, **extra)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def test_list_runs_the_same_queries_with_100000_dossiers_as_with_10(bench_data):
    for name, who, params, extra in SCREENS:
        large = _queries(bench_data.client(who), params, extra)
        print(f"{name:<44} queries: {bench_data.small_counts[name]} with {SMALL} dossiers, {large} with {TARGET:,}")
        assert large == bench_data.small_counts[name], name


def test_list_timing_against_a_bare_view(bench_data):
    """Each screen as a full page and as the htmx fragment the filters fetch (the list alone, without
    the navigation); the generous ceiling is asserted on the fragments, which are this area's code."""
    from thidua.core.context_processors import WAITING_CAP
    from thidua.nominations.selectors.workflow import waiting_count

    clients = {"province": bench_data.client("province"), "unit": bench_data.client("unit")}
    floor_median, floor_p95 = _measure(clients["province"], "/__bench__/bare/")
    rows = [("bare login-required view", floor_median, floor_p95, None, None)]
    for name, who, params, extra in SCREENS:
        if extra:
            continue
        page = _measure(clients[who], "/ho-so/", params)
        fragment = _measure(clients[who], "/ho-so/", params, **HTMX)
        rows.append((name, *page, *fragment))
    print(
        f"\n{'screen (100,000 dossiers)':<40}{'page ms':>9}{'p95':>7}{'× bare':>8}{'list ms':>9}{'p95':>7}{'× bare':>8}"
    )
    for name, median, p95, f_median, f_p95 in rows:
        fragment = f"{f_median:>9.1f}{f_p95:>7.1f}{f_median / floor_median:>8.1f}" if f_median else ""
        print(f"{name:<40}{median:>9.1f}{p95:>7.1f}{median / floor_median:>8.1f}{fragment}")
    # Part of every full page but not of the list: the navigation's count of dossiers waiting for the user
    # (thidua/nominations/selectors/workflow.py waiting_count, called by a context processor).
    for who in ("province", "unit"):
        user = bench_data.province_user if who == "province" else bench_data.unit_user
        user = type(user).objects.get(pk=user.pk)
        for label, cap in (("header badge, capped at 100", WAITING_CAP), ("uncapped, as on the inbox", None)):
            started = time.perf_counter()
            for _ in range(5):
                waiting_count(actor=user, cap=cap)
            elapsed = (time.perf_counter() - started) * 200  # ms per call
            print(f"waiting_count ({who}, {label}): {elapsed:.1f} ms")
    for name, _median, _p95, f_median, _f_p95 in rows[1:]:
        ceiling = SEARCH_CEILING_RATIO if name.startswith("search") else CEILING_RATIO
        assert f_median / floor_median < ceiling, f"{name}: {f_median:.1f} ms vs bare {floor_median:.1f} ms"
