"""Benchmark: issuing a 2,000-recipient decision of the provincial chairman, .docx included
(thidua/decisions/services/issuing.py `decision_issue`, thidua/decisions/documents.py).

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_decision_issue_bench.py

Data, built in the test database with bulk inserts: a department with 20 hospitals, 2,000 people;
one dossier to the provincial chairman, appraised, whose 2,000 lines (1,600 Bằng khen tỉnh, 400
CSTĐ cấp tỉnh) the council passed; the province as issuing body with its chairman as signer; one
draft decision holding every line.

Measured, best of RUNS (each run issues the same draft inside a savepoint rolled back afterwards):
`decision_issue` (locks, checks, the number, 2,000 awards with their history rows, line outcomes,
dossier state, audit, notices) and `decision_docx` (the decision and its 2,000-row annex), with
their number of queries. The floor, in the same run: ONE query reading the 2,000 lines with their
award types and people. The budget of the issue — issuing a 2,000-recipient decision including
the .docx in under 10 s — is asserted with a clear message (this is a benchmark, not a unit test).
"""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

RUNS = 3
LINES = 2000
BUDGET_SECONDS = 10.0
YEAR = 2025
DAY = dt.date(2026, 7, 1)


class _Rollback(Exception):
    pass


def _data():
    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.catalog.models import AwardType
    from thidua.core.text import fold_vi
    from thidua.decisions.models import Decision, DecisionItem, DecisionState, IssuingBody, Signer
    from thidua.nominations.models import Appraisal, Authority, Basis, Nomination, NominationLine, Outcome, State
    from thidua.org.models import Sector, Unit, UnitKind
    from thidua.people.models import Person

    def unit(code, name, kind, parent=None, **kw):
        return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, valid_from=dt.date(2025, 7, 1), **kw)

    root = unit("BT", "Ủy ban nhân dân tỉnh Đo Hiệu Năng", UnitKind.PROVINCE)
    unit("BSNV", "Sở Nội vụ", UnitKind.DEPARTMENT, root, is_commendation_office=True)
    health = unit("BSYT", "Sở Y tế", UnitKind.DEPARTMENT, root, sector=Sector.HEALTH)
    hospitals = [
        unit(f"BV{i:02d}", f"Bệnh viện số {i}", UnitKind.HOSPITAL, health, sector=Sector.HEALTH) for i in range(20)
    ]
    for h in hospitals[:5]:
        _user(f"cb.{h.code.lower()}", Role.UNIT_OFFICER, h, full_name=f"Cán bộ {h.name}")
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Nguyễn Văn Người {i}",
            search_text=fold_vi(f"Nguyễn Văn Người {i}"),
            sex="F" if i % 2 else "M",
            employment_type="CIVIL_SERVANT",
            position="Chuyên viên",
            birth_date=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
            unit=hospitals[i % len(hospitals)],
        )
        for i in range(LINES)
    )
    types = {t.code: t for t in AwardType.objects.filter(code__in=["BK_TINH", "CSTD_TINH"])}
    dossier = Nomination.objects.create(
        proposing_unit=health,
        title="Đề nghị khen thưởng tổng kết năm 2025 (đo hiệu năng)",
        year=YEAR,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=root,
        state=State.APPRAISED,
    )
    lines = NominationLine.objects.bulk_create(
        [
            NominationLine(
                nomination=dossier,
                award_type=types["CSTD_TINH" if i % 5 == 0 else "BK_TINH"],
                year_from=YEAR,
                year_to=YEAR,
                achievement="Hoàn thành xuất sắc nhiệm vụ.",
                subject_name=p.full_name,
                subject_position=p.position,
                search_text=p.search_text,
                appraisal=Appraisal.ACCEPTED,
                outcome=Outcome.PASSED,
                sort_order=i,
                person=p,
            )
            for i, p in enumerate(people)
        ],
        batch_size=1000,
    )
    body = IssuingBody.objects.create(unit=root, symbol="UBND", header_parent="Ủy ban nhân dân", header_name="Tỉnh Đo")
    chair = _user("ct.tinh", Role.LEADER, root, full_name="Chủ tịch Đo")
    Signer.objects.create(
        body=body, user=chair, full_name="Chủ tịch Đo", title="Chủ tịch", sign_lines="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    )
    draft = Decision.objects.create(
        state=DecisionState.DRAFT, issuer=root, issuer_name=root.name, summary="Về việc tặng Bằng khen (đo hiệu năng)"
    )
    DecisionItem.objects.bulk_create(
        [DecisionItem(decision=draft, line=line, sort_order=i) for i, line in enumerate(lines)], batch_size=1000
    )
    return draft, chair, dossier


def _floor(dossier) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.id, l.year_to, t.code, p.full_name, p.position FROM nominations_nominationline l "
            "JOIN catalog_awardtype t ON t.id = l.award_type_id "
            "LEFT JOIN people_person p ON p.id = l.person_id WHERE l.nomination_id = %s",
            [dossier.pk],
        )
        rows = cursor.fetchall()
    elapsed = time.perf_counter() - started
    assert len(rows) == LINES
    return elapsed


def test_issuing_a_2000_recipient_decision_with_its_docx():
    from thidua.decisions.documents import decision_docx
    from thidua.decisions.services.issuing import decision_issue

    draft, chair, dossier = _data()
    issue_runs, docx_runs, totals, floors = [], [], [], []
    for _ in range(RUNS):
        floors.append(_floor(dossier))
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as issue_queries:
                    started = time.perf_counter()
                    issued = decision_issue(actor=chair, decision=draft, date=DAY, version=draft.version)
                    issue_runs.append(time.perf_counter() - started)
                with CaptureQueriesContext(connection) as docx_queries:
                    started = time.perf_counter()
                    data = decision_docx(issued)
                    docx_runs.append(time.perf_counter() - started)
                totals.append(issue_runs[-1] + docx_runs[-1])
                assert issued.awards.count() == LINES and issued.number == "1/QĐ-UBND"
                raise _Rollback
        except _Rollback:
            pass
    best = min(totals)
    floor = min(floors)
    print(
        f"\ndecision_issue, {LINES} recipients: best {min(issue_runs):.3f} s of {RUNS} "
        f"(runs {', '.join(f'{r:.3f}' for r in issue_runs)}); {len(issue_queries)} queries"
    )
    print(
        f"decision_docx, {LINES}-row annex: best {min(docx_runs):.3f} s "
        f"(runs {', '.join(f'{r:.3f}' for r in docx_runs)}); {len(docx_queries)} queries; {len(data) // 1024} KiB"
    )
    print(
        f"issue + .docx: best {best:.3f} s; floor (one query reading the {LINES} lines) {floor * 1000:.2f} ms; "
        f"ratio {best / floor:.0f}×"
    )
    verdict = "holds" if best <= BUDGET_SECONDS else "DOES NOT hold"
    print(f"budget {BUDGET_SECONDS:.0f} s for a {LINES}-recipient decision with its .docx: {verdict}")
    assert best < BUDGET_SECONDS, (
        f"Budget exceeded: issuing a {LINES}-recipient decision with its .docx took {best:.2f} s "
        f"(budget {BUDGET_SECONDS:.0f} s, best of {RUNS})"
    )
