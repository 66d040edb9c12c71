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
