"""Two officers act on the same dossier at the same moment, each through their own database
connection (threads): one succeeds, the other is told the dossier was just handled, and nothing is
applied twice. Runs on SQLite (write lock at BEGIN IMMEDIATE) and PostgreSQL (row lock).

The SQLite test database lives in memory with a shared cache, where a writer that finds the lock
taken gets "database table is locked" at once instead of waiting (the busy timeout of the file
database used in production does not apply there). `tests.concurrency.busy_wait` retries in that case only, which
is what the busy timeout does for a file database."""

import pytest

from tests.concurrency import race as _race
from thidua.core.models import AuditEvent
from thidua.nominations.models import Appraisal, Nomination, State
from thidua.nominations.services import workflow as svc

from .test_workflow_services import fresh, ready_dossier, receive, submit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_receiving_at_once_one_wins_and_the_other_is_told(
    province, make_nomination, make_line, make_person, hospital_officer, unit_officer
):
    from conftest import _user
    from thidua.accounts.models import Role

    colleague = _user("cb.syt2", Role.UNIT_OFFICER, province.health, full_name="Đinh Thị Hà")  # same step
    n = ready_dossier(province.hospital, make_nomination, make_line, make_person)
    submit(hospital_officer, n)
    seen = fresh(n).version  # both opened the page at this version

    outcomes = _race(
        [
            lambda: svc.nomination_receive(actor=unit_officer, nomination=n, version=seen).pk,
            lambda: svc.nomination_receive(actor=colleague, nomination=n, version=seen).pk,
        ]
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    refused = next(msg for kind, msg in outcomes if kind == "refused")
    assert "vừa được người khác xử lý" in refused
    n = fresh(n)
    assert n.state == State.IN_APPRAISAL and n.version == seen + 1
    assert AuditEvent.objects.filter(action="nomination.receive", object_id=str(n.pk)).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forward_and_return_at_once_apply_only_one(
    province, make_nomination, make_line, make_person, hospital_officer, unit_officer
):
    from conftest import _user
    from thidua.accounts.models import Role

    colleague = _user("cb.syt2", Role.UNIT_OFFICER, province.health, full_name="Đinh Thị Hà")  # same step
    n = ready_dossier(province.hospital, make_nomination, make_line, make_person, names=["Nguyễn Văn An"])
    submit(hospital_officer, n)
    receive(unit_officer, n)
    svc.line_appraise(actor=unit_officer, line=n.lines.get(), decision=Appraisal.ACCEPTED)
    seen = fresh(n).version

    outcomes = _race(
        [
            lambda: svc.nomination_forward(actor=unit_officer, nomination=n, version=seen).state,
            lambda: svc.nomination_return(actor=colleague, nomination=n, version=seen, note="Bổ sung").state,
        ]
    )

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    n = Nomination.objects.get(pk=n.pk)
    assert n.version == seen + 1
    applied = AuditEvent.objects.filter(object_id=str(n.pk), action__in=["nomination.forward", "nomination.return"])
    assert applied.count() == 1
    assert n.state == (State.SUBMITTED if applied.get().action == "nomination.forward" else State.RETURNED)
