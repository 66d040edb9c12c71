"""Benchmark: the live checks of every line of a 500-line dossier (thidua/nominations/checks.py).

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_nominations_check_bench.py

Data, built in the test database: a department with 20 hospitals; 460 people with six years of
ratings (2020–2025), LĐTT every year, CSTĐCS in some years, initiatives; 40 other dossiers' lines and
awards on the same people (so the conflict checks find something). The dossier to the provincial
chairman holds 500 lines: 400 Bằng khen tỉnh and 60 CSTĐ cấp tỉnh for people, 20 Bằng khen tỉnh and
20 Tập thể lao động xuất sắc for the hospitals.

Measured, best of RUNS: `check_lines(dossier)` (rule context, bulk facts, conflicts, engine, issues),
its number of queries, and one draft line (`check_draft_line`, the htmx live check). The floor, in
the same run: ONE query reading the dossier's 500 lines with their award types and people. The
budget of the issue — checking every line of a 500-line dossier takes under 3 s — is asserted with
a clear message (this is a benchmark, not a unit test).
"""

import datetime as dt
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

RUNS = 3
LINES = 500
BUDGET_SECONDS = 3.0
YEAR = 2025
YEARS = range(2020, YEAR + 1)


def _province():
    from thidua.org.models import Sector, Unit, UnitKind

    def unit(code, name, kind, parent=None, **kw):
        return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, valid_from=dt.date(2025, 7, 1), **kw)

    root = unit("BT", "Ủy ban nhân dân tỉnh Đo Hiệu Năng", UnitKind.PROVINCE)
    unit("BSNV", "Sở Nội vụ", UnitKind.DEPARTMENT, root, is_commendation_office=True)
    health = unit("BSYT", "Sở Y tế", UnitKind.DEPARTMENT, root, sector=Sector.HEALTH)
    hospitals = [
        unit(f"BV{i:02d}", f"Bệnh viện số {i}", UnitKind.HOSPITAL, health, sector=Sector.HEALTH) for i in range(20)
    ]
    return health, hospitals


def _history(hospitals, n_people):
    """People with ratings, titles and initiatives; a few decisions to hang the awards on."""
    from thidua.catalog.models import AwardType
    from thidua.core.text import fold_vi
    from thidua.decisions.models import Award, Decision
    from thidua.people.models import AnnualRating, Initiative, Person

    types = {t.code: t for t in AwardType.objects.all()}
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Nguyễn Văn Người {i}",
            search_text=fold_vi(f"Nguyễn Văn Người {i}"),
            sex="F" if i % 2 else "M",
            employment_type="CIVIL_SERVANT",
            birth_date=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
            unit=hospitals[i % len(hospitals)],
        )
        for i in range(n_people)
    )
    decisions = {
        (h.pk, y): Decision.objects.create(issuer=h, number=f"{y}/QĐ-{h.code}", date=dt.date(y + 1, 1, 10))
        for h in hospitals
        for y in YEARS
    }
    ratings, awards, initiatives = [], [], []
    for i, p in enumerate(people):
        for y in YEARS:
            ratings.append(AnnualRating(person=p, year=y, grade="HTXS" if (i + y) % 3 else "HTT"))
            decision = decisions[p.unit_id, y]
            awards.append(
                Award(decision=decision, person=p, award_type=types["LDTT"], year=y, subject_name=p.full_name)
            )
            if (i + y) % 3:
                awards.append(
                    Award(decision=decision, person=p, award_type=types["CSTDCS"], year=y, subject_name=p.full_name)
                )
            if i % 4 == 0:
                initiatives.append(
                    Initiative(person=p, title=f"Sáng kiến {i}-{y}", scope="PROVINCE", recognising_body="Sở", year=y)
                )
        if i % 10 == 0:  # an earlier provincial certificate of merit, a form the P7 check compares with
            decision = decisions[p.unit_id, YEAR - 1]
            awards.append(
                Award(decision=decision, person=p, award_type=types["GK"], year=YEAR - 1, subject_name=p.full_name)
            )
    for h in hospitals:
        for y in YEARS:
            ratings.append(AnnualRating(unit=h, year=y, grade="HTXS"))
    AnnualRating.objects.bulk_create(ratings, batch_size=2000)
    Award.objects.bulk_create(awards, batch_size=2000)
    Initiative.objects.bulk_create(initiatives, batch_size=2000)
    return people, types


def _dossier(health, hospitals, people, types):
    from thidua.nominations import routing
    from thidua.nominations.models import Authority, Basis, Nomination, NominationLine

    def nomination(unit, title, authority=Authority.PROVINCE_CHAIR):
        return Nomination.objects.create(
            proposing_unit=unit,
            title=title,
            year=YEAR,
            basis=Basis.CONG_TRANG,
            authority=authority,
            deciding_unit=routing.deciding_unit_for(unit, authority),
        )

    def line(n, subject, code, i, year_from=YEAR):
        who = {"unit": subject} if code in ("BK_TINH_TT", "TTLDXS") else {"person": subject}
        name = getattr(subject, "full_name", None) or subject.name
        return NominationLine(
            nomination=n,
            award_type=types[code],
            year_from=year_from,
            year_to=YEAR,
            achievement="Hoàn thành xuất sắc nhiệm vụ.",
            subject_name=name,
            search_text=name.lower(),
            sort_order=i,
            **who,
        )

    dossier = nomination(health, "Đề nghị khen thưởng tổng kết năm 2025 (đo hiệu năng)")
    rows = [line(dossier, p, "BK_TINH", i, YEAR - 1) for i, p in enumerate(people[:400])]
    rows += [line(dossier, p, "CSTD_TINH", 400 + i, YEAR - 2) for i, p in enumerate(people[400:460])]
    rows += [line(dossier, h, "BK_TINH_TT", 460 + i, YEAR - 1) for i, h in enumerate(hospitals)]
    rows += [line(dossier, h, "TTLDXS", 480 + i) for i, h in enumerate(hospitals)]
    # Other dossiers of the hospitals, some on the same people (duplicates and P7 comparisons).
    for k, h in enumerate(hospitals[:10]):
        other = nomination(h, f"Đợt khác {k}", Authority.UNIT_HEAD)
        rows += [line(other, p, "GK", j) for j, p in enumerate(people[k * 40 : k * 40 + 4])]
    NominationLine.objects.bulk_create(rows, batch_size=1000)
    assert dossier.lines.count() == LINES
    return dossier


def _floor(dossier) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.id, l.year_from, l.year_to, t.code, p.full_name FROM nominations_nominationline l "
            "JOIN catalog_awardtype t ON t.id = l.award_type_id "
            "LEFT JOIN people_person p ON p.id = l.person_id WHERE l.nomination_id = %s",
            [dossier.pk],
        )
        rows = cursor.fetchall()
    elapsed = time.perf_counter() - started
    assert len(rows) == LINES
    return elapsed


def test_checking_every_line_of_a_500_line_dossier():
    from thidua.nominations.checks import check_draft_line, check_lines

    health, hospitals = _province()
    people, types = _history(hospitals, 460)
    dossier = _dossier(health, hospitals, people, types)

    runs, floors, draft_runs = [], [], []
    for _ in range(RUNS):
        floors.append(_floor(dossier))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            results = check_lines(dossier)
            runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        check_draft_line(dossier, subject=people[0], award_type=types["BK_TINH"], year_from=YEAR - 1, year_to=YEAR)
        draft_runs.append(time.perf_counter() - started)
    assert len(results) == LINES
    blocked = sum(1 for c in results.values() if c.blocking)
    eligible = sum(1 for c in results.values() if c.eligible)
    best, floor, draft = min(runs), min(floors), min(draft_runs)
    each = ", ".join(f"{r:.3f}" for r in runs)
    print(f"\ncheck_lines on {LINES} lines: best {best:.3f} s of {RUNS} (runs {each}); {len(queries)} queries")
    by_code = Counter(i.code for c in results.values() for i in c.issues)
    print(f"  {eligible} eligible, {blocked} with a blocking issue; issues: {dict(by_code.most_common())}")
    print(f"floor: one query reading the {LINES} lines {floor * 1000:.2f} ms; ratio {best / floor:.0f}×")
    print(f"one draft line (htmx live check): best {draft * 1000:.1f} ms")
    verdict = "holds" if best <= BUDGET_SECONDS else "DOES NOT hold"
    print(f"budget {BUDGET_SECONDS:.0f} s for a {LINES}-line dossier: {verdict}")
    assert best < BUDGET_SECONDS, (
        f"Budget exceeded: checking every line of a {LINES}-line dossier took {best:.2f} s "
        f"(budget {BUDGET_SECONDS:.0f} s, best of {RUNS})"
    )
