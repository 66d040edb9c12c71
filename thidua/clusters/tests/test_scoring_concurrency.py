"""Two people acting on the same scores at the same moment, each through their own database connection
(threads): a stale form never overwrites a fresher one, and nothing is written after the lock commits."""

import pytest

from tests.concurrency import race
from thidua.clusters.models import RoundState
from thidua.clusters.services import scoring as svc

from .test_scoring_support import fixed_today, fresh, private_media, score_of  # noqa: F401

STALE = "Điểm tiêu chí 1.1 vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."
LOCKED = "Đã khóa điểm; chỉ Sở Nội vụ mở lại được."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_saving_the_same_form_at_once_one_is_told_to_reload(scoring_round, cluster, member_officer):
    from conftest import _user
    from thidua.accounts.models import Role

    colleague = _user("cb.tanhoa2", Role.UNIT_OFFICER, cluster.member)
    score = score_of(scoring_round, cluster.member, "1.1")
    version = score.version
    outcomes = race(
        [
            lambda: svc.score_set(actor=member_officer, score=score, self_points=20, version=version).self_points,
            lambda: svc.score_set(actor=colleague, score=score, self_points=25, version=version).self_points,
        ]
    )
    assert sorted(k for k, _ in outcomes) == ["ok", "refused"], outcomes
    saved = next(v for k, v in outcomes if k == "ok")
    assert next(v for k, v in outcomes if k == "refused") == STALE
    score = fresh(score)
    assert (score.self_points, score.points, score.version) == (saved, saved, version + 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_score_saved_while_the_head_locks_lands_before_the_lock_or_not_at_all(
    scoring_round, cluster, member_officer, head_officer
):
    score = score_of(scoring_round, cluster.member, "1.1")
    outcomes = race(
        [
            lambda: svc.score_set(actor=member_officer, score=score, self_points=20).self_points,
            lambda: svc.round_lock(actor=head_officer, round=scoring_round).state,
        ]
    )
    (score_kind, score_value), (lock_kind, lock_value) = outcomes
    assert (lock_kind, lock_value) == ("ok", RoundState.LOCKED), outcomes
    assert score_kind in ("ok", "refused"), outcomes
    if score_kind == "refused":
        assert score_value == LOCKED
        assert fresh(score).self_points is None
    else:
        assert fresh(score).self_points == 20
    assert fresh(scoring_round).state == RoundState.LOCKED


# --- A score entered while the head changes the cluster's table ------------------------------------------------------
#
# The two calls are made to overlap at their weakest point: the table edit pauses right after its
# freezing check (first test), or the score pauses right after its check against the criterion's
# maximum (second test), until the other call has finished or a short wait is over. A call blocked
# by the other's row locks cannot finish, so the paused one goes on after the wait; either way the
# outcome must be consistent: never a score above the criterion's maximum, never a table changed
# under an entered score.

PAUSE = 3  # seconds the paused call waits for the other one (not an assertion on timing)


@pytest.fixture
def adapted_round(scoring_round, cluster, template, head_officer):
    """The cluster's own table (adapted from the template, so the head may still change it) with the open
    round on it."""
    from thidua.clusters.services import tables

    table = tables.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    scoring_round.refresh_from_db()
    return table, scoring_round


def _criterion(table, code):
    from thidua.clusters.models import Criterion

    return Criterion.objects.get(table=table, code=code)


def _consistent(table, score, outcomes):
    """Exactly one call went through, and what is stored agrees with the table."""
    from thidua.clusters.services import tables

    criterion = _criterion(table, "2.1")
    stored = fresh(score).self_points
    assert sorted(k for k, _ in outcomes) == ["ok", "refused"], outcomes
    if stored is None:  # the table edit won: the maximum is lowered, the score was checked against it
        assert criterion.max_points == 10
        assert "Điểm tối đa của tiêu chí 2.1 là 10" in next(v for k, v in outcomes if k == "refused")
    else:  # the score won: the table froze before the edit could pass its check
        assert stored == 15 and criterion.max_points == 20
        assert next(v for k, v in outcomes if k == "refused") == tables.SCORED_FROZEN
    assert stored is None or stored <= criterion.max_points


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_score_entered_while_the_table_edit_checks_its_freezing_is_checked_against_the_new_maximum(
    adapted_round, cluster, member_officer, head_officer, monkeypatch
):
    import threading

    from thidua.clusters.services import tables

    table, rnd = adapted_round
    score = score_of(rnd, cluster.member, "2.1")
    checked, scored = threading.Event(), threading.Event()
    real = tables.table_frozen_reason

    def frozen_then_pause(*args, **kwargs):
        reason = real(*args, **kwargs)
        checked.set()
        scored.wait(PAUSE)  # the score may go through now, unless our locks hold it back
        return reason

    monkeypatch.setattr(tables, "table_frozen_reason", frozen_then_pause)

    def edit():
        return tables.criterion_update(actor=head_officer, criterion=_criterion(table, "2.1"), max_points=10).pk

    def enter():
        checked.wait(10)
        try:
            return svc.score_set(actor=member_officer, score=score, self_points=15).self_points
        finally:
            scored.set()

    outcomes = race([edit, enter])
    _consistent(table, score, outcomes)
    assert outcomes[0][0] == "ok"  # the edit checked first: it wins, the score waited and was refused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_table_edit_made_while_a_score_is_being_checked_waits_and_is_refused(
    adapted_round, cluster, member_officer, head_officer, monkeypatch
):
    import threading

    from thidua.clusters.services import tables

    table, rnd = adapted_round
    score = score_of(rnd, cluster.member, "2.1")
    checked, edited = threading.Event(), threading.Event()
    real = svc.check_points

    def check_then_pause(*args, **kwargs):
        real(*args, **kwargs)
        checked.set()
        edited.wait(PAUSE)  # the table edit may go through now, unless our locks hold it back

    monkeypatch.setattr(svc, "check_points", check_then_pause)

    def enter():
        return svc.score_set(actor=member_officer, score=score, self_points=15).self_points

    def edit():
        checked.wait(10)
        try:
            return tables.criterion_update(actor=head_officer, criterion=_criterion(table, "2.1"), max_points=10).pk
        finally:
            edited.set()

    outcomes = race([enter, edit])
    _consistent(table, score, outcomes)
    assert outcomes[0][0] == "ok"  # the score checked first: it wins, the edit waited and was refused
