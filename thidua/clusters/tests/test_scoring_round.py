"""The scoring round: opening it (table, deadline, tie-break rule), changing its settings, locking the
scores (early, or by the deadline) and the province's audited reopening."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.clusters.models import (
    Criterion,
    CriterionGroup,
    RoundState,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    SheetState,
    TableState,
    TieVote,
)
from thidua.clusters.services import scoring as svc
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterMember, Unit, UnitKind

from .conftest import build_template
from .test_scoring_support import D, fixed_today, fresh, pdf, private_media, score_of, sheet_of  # noqa: F401

pytestmark = pytest.mark.django_db

LOCKED = "Đã khóa điểm; chỉ Sở Nội vụ mở lại được."


def _open(actor, cluster, table, **kw):
    kw.setdefault("deadline", dt.date(2026, 12, 15))
    return svc.round_open(actor=actor, cluster=cluster.cluster, table=table, **kw)


# --- opening ------------------------------------------------------------------------------------------


def test_head_opens_the_round_with_one_empty_draft_sheet_per_member(cluster, template, head_officer):
    group = template.groups.get(code="II")
    rnd = _open(head_officer, cluster, template, tie_group=group, tie_vote=False)
    assert (rnd.table, rnd.deadline, rnd.tie_group, rnd.tie_vote) == (template, dt.date(2026, 12, 15), group, False)
    assert rnd.state == RoundState.OPEN
    sheets = ScoreSheet.objects.filter(round=rnd)
    assert {s.unit for s in sheets} == set(cluster.units)
    assert all(s.state == SheetState.DRAFT for s in sheets)
    scores = Score.objects.filter(sheet__round=rnd)
    assert scores.count() == 8 * 6
    assert not scores.filter(self_points__isnull=False).exists() and not scores.filter(points__isnull=False).exists()
    assert AuditEvent.objects.filter(action="clusters.round_open", object_id=str(rnd.pk)).count() == 1


def test_province_may_open_the_round(cluster, template, province_officer):
    assert _open(province_officer, cluster, template).cluster == cluster.cluster


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer", "unit_officer"])
def test_only_the_head_or_the_province_opens_the_round(request, cluster, template, persona):
    with pytest.raises(PermissionDenied):
        _open(request.getfixturevalue(persona), cluster, template)
    assert not ScoringRound.objects.exists()


def test_a_cluster_has_one_round(scoring_round, cluster, template, head_officer):
    with pytest.raises(ValidationError, match="đã có đợt chấm điểm"):
        _open(head_officer, cluster, template)


def test_the_round_uses_the_clusters_own_table_when_there_is_one(cluster, template, head_officer):
    own = ScoringTable.objects.create(
        year=2026, name="Bảng riêng của cụm", cluster=cluster.cluster, template=template, state=TableState.APPLIED
    )
    g = CriterionGroup.objects.create(table=own, code="I", name="Nhiệm vụ", max_points=100)
    Criterion.objects.create(table=own, group=g, code="1.1", name="Nhiệm vụ chính trị", max_points=100)
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, template)
    assert "bảng chấm điểm riêng" in err.value.message_dict["table"][0]
    rnd = _open(head_officer, cluster, None)
    assert rnd.table == own
    assert Score.objects.filter(sheet__round=rnd).count() == 8


def test_the_clusters_own_table_must_be_applied(cluster, template, head_officer):
    ScoringTable.objects.create(year=2026, name="Bảng riêng", cluster=cluster.cluster, state=TableState.DRAFT)
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, None)
    assert "chưa được áp dụng" in err.value.message_dict["table"][0]


@pytest.mark.parametrize(
    "make",
    [
        lambda: build_template(year=2025, name="Bảng năm 2025"),
        lambda: build_template(name="Bảng đang soạn", state=TableState.DRAFT),
    ],
    ids=["another-year", "draft"],
)
def test_only_an_applied_template_of_the_clusters_year_may_be_chosen(cluster, head_officer, make):
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, make())
    assert err.value.message_dict["table"] == ["Chỉ chọn bảng chấm điểm mẫu của tỉnh năm 2026 đã được áp dụng."]


def test_a_template_must_be_chosen_when_the_cluster_has_no_table(cluster, template, head_officer):
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, None)
    assert err.value.message_dict["table"] == ["Vui lòng chọn bảng chấm điểm mẫu của tỉnh."]


def test_a_deadline_before_today_is_refused(cluster, template, head_officer):
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, template, deadline=dt.date(2026, 9, 30))
    assert err.value.message_dict["deadline"] == ["Hạn chấm điểm không được trước ngày hôm nay (01/10/2026)."]


def test_a_deadline_after_the_first_quarter_of_next_year_is_refused(cluster, template, head_officer):
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, template, deadline=dt.date(2027, 4, 1))
    assert err.value.message_dict["deadline"] == [
        "Hạn chấm điểm phải trong năm thi đua 2026 hoặc quý I năm 2027 (từ 01/01/2026 đến 31/03/2027)."
    ]
    assert _open(head_officer, cluster, template, deadline=dt.date(2027, 3, 31)).deadline == dt.date(2027, 3, 31)


def test_the_tie_break_group_must_belong_to_the_rounds_table(cluster, template, head_officer):
    other = build_template(name="Bảng khác")
    with pytest.raises(ValidationError) as err:
        _open(head_officer, cluster, template, tie_group=other.groups.get(code="I"))
    assert "phải thuộc bảng chấm điểm của đợt" in err.value.message_dict["tie_group"][0]


# --- settings -----------------------------------------------------------------------------------------


def test_head_changes_deadline_and_tie_break_while_open(scoring_round, head_officer, template):
    g2 = template.groups.get(code="II")
    rnd = svc.round_update(
        actor=head_officer,
        round=scoring_round,
        deadline=dt.date(2026, 12, 20),
        tie_group=g2,
        tie_vote=False,
        version=scoring_round.version,
    )
    rnd = fresh(rnd)
    assert (rnd.deadline, rnd.tie_group, rnd.tie_vote, rnd.version) == (dt.date(2026, 12, 20), g2, False, 2)
    event = AuditEvent.objects.get(action="clusters.round_update")
    assert event.data["old"]["deadline"] == "2026-11-15" and event.data["new"]["deadline"] == "2026-12-20"


def test_a_stale_settings_form_is_refused(scoring_round, head_officer, province_officer):
    version = scoring_round.version
    svc.round_update(actor=province_officer, round=scoring_round, deadline=dt.date(2026, 12, 1), version=version)
    with pytest.raises(ValidationError, match="vừa được người khác thay đổi; hãy tải lại trang"):
        svc.round_update(actor=head_officer, round=scoring_round, deadline=dt.date(2026, 12, 9), version=version)
    assert fresh(scoring_round).deadline == dt.date(2026, 12, 1)


def test_a_member_cannot_change_the_rounds_settings(scoring_round, member_officer):
    with pytest.raises(PermissionDenied):
        svc.round_update(actor=member_officer, round=scoring_round, deadline=dt.date(2026, 12, 20))
    assert fresh(scoring_round).deadline == dt.date(2026, 11, 15)


def test_settings_refuse_a_deadline_outside_the_window(scoring_round, head_officer):
    with pytest.raises(ValidationError) as err:
        svc.round_update(actor=head_officer, round=scoring_round, deadline=dt.date(2027, 6, 30))
    assert "quý I năm 2027" in err.value.message_dict["deadline"][0]


def test_saving_the_settings_gives_a_sheet_to_a_unit_that_joined(scoring_round, cluster, head_officer, province):
    newcomer = Unit.objects.create(
        code="XA10", name="Xã Tân Phước", kind=UnitKind.COMMUNE, parent=province.root, valid_from=dt.date(2025, 7, 1)
    )
    ClusterMember.objects.create(cluster=cluster.cluster, unit=newcomer)
    svc.round_update(actor=head_officer, round=scoring_round, deadline=dt.date(2026, 11, 15))
    assert sheet_of(scoring_round, newcomer).scores.count() == 6


def test_settings_cannot_change_once_locked(scoring_round, head_officer, today):
    today.day = dt.date(2026, 11, 16)
    with pytest.raises(ValidationError, match=LOCKED):
        svc.round_update(actor=head_officer, round=scoring_round, deadline=dt.date(2026, 12, 20))


# --- locking ------------------------------------------------------------------------------------------


def test_scores_lock_automatically_the_day_after_the_deadline(scoring_round, cluster, member_officer, today):
    score = score_of(scoring_round, cluster.member, "1.1")
    today.day = dt.date(2026, 11, 15)
    svc.score_set(actor=member_officer, score=score, self_points=20)
    today.day = dt.date(2026, 11, 16)
    with pytest.raises(ValidationError, match=LOCKED):
        svc.score_set(actor=member_officer, score=score, self_points=25)
    assert fresh(score).self_points == 20


def test_head_locks_early(scoring_round, head_officer):
    rnd = svc.round_lock(actor=head_officer, round=scoring_round, version=scoring_round.version)
    rnd = fresh(rnd)
    assert rnd.state == RoundState.LOCKED and rnd.locked_at is not None
    assert AuditEvent.objects.filter(action="clusters.round_lock").count() == 1
    with pytest.raises(ValidationError, match="đã được khóa"):
        svc.round_lock(actor=head_officer, round=rnd)


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer"])
def test_a_member_cannot_lock_the_scores(request, scoring_round, persona):
    with pytest.raises(PermissionDenied):
        svc.round_lock(actor=request.getfixturevalue(persona), round=scoring_round)
    assert fresh(scoring_round).state == RoundState.OPEN


@pytest.fixture
def worked(scoring_round, cluster, member_officer, head_officer):
    """Some work before the lock: evidence and points on Tân Hòa's 1.2, a remark on it by the head."""
    score = score_of(scoring_round, cluster.member, "1.2")
    evidence = svc.evidence_add(actor=member_officer, score=score, file=pdf())
    svc.score_set(actor=member_officer, score=score, self_points=25)
    remark = svc.remark_add(actor=head_officer, score=score, text="Số liệu thu ngân sách chưa khớp báo cáo.")
    return score, evidence, remark


def test_after_the_lock_every_change_is_refused(scoring_round, cluster, worked, head_officer, member_officer):
    score, evidence, remark = worked
    svc.round_lock(actor=head_officer, round=scoring_round)
    sheet = sheet_of(scoring_round, cluster.member)
    head_score = score_of(scoring_round, cluster.head, "1.1")
    attempts = [
        lambda: svc.score_set(actor=member_officer, score=score, self_points=20),
        lambda: svc.evidence_add(actor=member_officer, score=score, file=pdf()),
        lambda: svc.evidence_remove(actor=member_officer, evidence=evidence),
        lambda: svc.sheet_submit(actor=member_officer, sheet=sheet),
        lambda: svc.remark_add(actor=member_officer, score=head_score, text="Xem lại"),
        lambda: svc.score_adjust(actor=head_officer, score=score, points=20, reason="Theo ý kiến"),
        lambda: svc.remark_dismiss(actor=head_officer, remark=remark, reason="Số liệu đúng"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as err:
            attempt()
        assert err.value.messages == [LOCKED]
    score = fresh(score)
    assert (score.self_points, score.points, score.evidence.count(), score.adjustments.count()) == (25, 25, 1, 0)
    assert not fresh(remark).resolved


# --- reopening ----------------------------------------------------------------------------------------


def test_province_reopens_locked_scores_with_a_reason_and_it_is_audited(
    scoring_round, cluster, head_officer, province_officer, member_officer
):
    svc.round_lock(actor=head_officer, round=scoring_round)
    rnd = svc.round_reopen(
        actor=province_officer,
        round=scoring_round,
        new_deadline=dt.date(2026, 10, 10),
        reason="Xã Tân Hòa bổ sung minh chứng theo kết luận thanh tra.",
    )
    rnd = fresh(rnd)
    assert (rnd.state, rnd.deadline, rnd.locked_at) == (RoundState.OPEN, dt.date(2026, 10, 10), None)
    event = AuditEvent.objects.get(action="clusters.round_reopen")
    assert event.actor == province_officer
    assert event.data["reason"] == "Xã Tân Hòa bổ sung minh chứng theo kết luận thanh tra."
    assert (event.data["old_deadline"], event.data["new_deadline"]) == ("2026-11-15", "2026-10-10")
    assert event.data["old_state"] == RoundState.LOCKED
    score = score_of(scoring_round, cluster.member, "1.1")
    svc.score_set(actor=member_officer, score=score, self_points=28)
    assert fresh(score).points == 28


def test_province_reopens_scores_locked_by_the_deadline(scoring_round, province_officer, today):
    today.day = dt.date(2026, 11, 20)
    rnd = svc.round_reopen(
        actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 11, 25), reason="Gia hạn"
    )
    assert not fresh(rnd).is_locked(dt.date(2026, 11, 20))


@pytest.mark.parametrize("persona", ["head_officer", "member_officer"])
def test_only_the_province_reopens(request, scoring_round, head_officer, persona):
    svc.round_lock(actor=head_officer, round=scoring_round)
    with pytest.raises(PermissionDenied, match="Chỉ Sở Nội vụ"):
        svc.round_reopen(
            actor=request.getfixturevalue(persona), round=scoring_round, new_deadline=dt.date(2026, 12, 1), reason="X"
        )
    assert fresh(scoring_round).state == RoundState.LOCKED
    assert not AuditEvent.objects.filter(action="clusters.round_reopen").exists()


def test_reopening_needs_a_reason_and_a_deadline_not_before_today(scoring_round, head_officer, province_officer):
    svc.round_lock(actor=head_officer, round=scoring_round)
    with pytest.raises(ValidationError) as err:
        svc.round_reopen(actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 9, 1), reason="  ")
    assert err.value.message_dict == {
        "reason": ["Vui lòng ghi lý do mở lại điểm."],
        "new_deadline": ["Hạn chấm điểm mới không được trước ngày hôm nay (01/10/2026)."],
    }
    assert fresh(scoring_round).state == RoundState.LOCKED


def test_an_open_round_is_not_reopened(scoring_round, province_officer):
    with pytest.raises(ValidationError, match="đang mở, chưa khóa"):
        svc.round_reopen(actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 12, 1), reason="X")


def test_no_reopening_once_results_are_published(scoring_round, province_officer):
    ScoringRound.objects.filter(pk=scoring_round.pk).update(state=RoundState.PUBLISHED, published_at=timezone.now())
    with pytest.raises(ValidationError, match="đã công bố"):
        svc.round_reopen(actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 12, 1), reason="X")
    assert fresh(scoring_round).state == RoundState.PUBLISHED


def test_no_reopening_once_a_proposal_exists(scoring_round, cluster, province, head_officer, province_officer):
    from thidua.nominations.models import Authority, Basis, Nomination

    svc.round_lock(actor=head_officer, round=scoring_round)
    proposal = Nomination.objects.create(
        proposing_unit=cluster.head,
        title="Đề nghị tặng Cờ thi đua",
        year=2026,
        basis=Basis.values[0],
        authority=Authority.values[0],
        deciding_unit=province.root,
        cluster=cluster.cluster,
    )
    ScoringRound.objects.filter(pk=scoring_round.pk).update(proposal=proposal)
    with pytest.raises(ValidationError, match="hồ sơ đề nghị khen thưởng"):
        svc.round_reopen(actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 12, 1), reason="X")
    assert fresh(scoring_round).state == RoundState.LOCKED


def test_no_reopening_during_a_tie_break_vote(scoring_round, cluster, head_officer, province_officer):
    svc.round_lock(actor=head_officer, round=scoring_round)
    TieVote.objects.create(round=scoring_round, position=1, candidates=[cluster.head.pk, cluster.member.pk])
    with pytest.raises(ValidationError, match="bỏ phiếu phân định thứ hạng"):
        svc.round_reopen(actor=province_officer, round=scoring_round, new_deadline=dt.date(2026, 12, 1), reason="X")


def test_points_may_carry_two_decimals(scoring_round, cluster, member_officer):
    score = svc.score_set(
        actor=member_officer, score=score_of(scoring_round, cluster.member, "2.1"), self_points="12.5"
    )
    assert fresh(score).points == D("12.5")
