"""Scoring tables against the scoring round: a table is read-only once the round using it is locked —
explicitly or because its deadline is over — so no criterion (and no score row) reaches a locked round;
a criterion is deleted only with its empty score rows; and the edit forms never skip the version check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.clusters.forms.tables import MISSING_VERSION
from thidua.clusters.models import (
    Adjustment,
    Criterion,
    CriterionGroup,
    Evidence,
    Remark,
    RoundState,
    Score,
    ScoringRound,
    ScoringTable,
    TableState,
)
from thidua.clusters.services import tables as svc
from thidua.core.models import AuditEvent

from .conftest import build_template
from .test_scoring_support import fixed_today  # noqa: F401 — today is 1/10/2026 unless a test moves it

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


@pytest.fixture
def adapted_round(scoring_round, cluster, template, head_officer):
    """The cluster's own table (adapted from the template) with the cluster's open round on it."""
    table = svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    scoring_round.refresh_from_db()
    assert scoring_round.table_id == table.pk
    return table, scoring_round


def _crit(table, code) -> Criterion:
    return Criterion.objects.get(table=table, code=code)


def _group(table, code) -> CriterionGroup:
    return CriterionGroup.objects.get(table=table, code=code)


# --- A locked round freezes its table --------------------------------------------------------------------------


def test_a_clusters_table_cannot_change_once_its_round_is_locked(adapted_round, head_officer):
    table, rnd = adapted_round
    ScoringRound.objects.filter(pk=rnd.pk).update(state=RoundState.LOCKED)
    scores_before = Score.objects.count()
    assert svc.table_frozen_reason(table) == svc.ROUND_LOCKED_FROZEN
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=head_officer, table=table, group=_group(table, "II"), code="2.3", name="Mới", max_points=1
        )
    assert svc.ROUND_LOCKED_FROZEN in _messages(exc)
    with pytest.raises(ValidationError):
        svc.criterion_update(actor=head_officer, criterion=_crit(table, "2.1"), max_points=10)
    assert not Criterion.objects.filter(table=table, code="2.3").exists()
    assert Score.objects.count() == scores_before  # no score row added to the locked round
    assert _crit(table, "2.1").max_points == 20


def test_a_clusters_table_cannot_change_once_its_round_is_past_the_deadline(adapted_round, head_officer, today):
    table, rnd = adapted_round
    svc.criterion_update(actor=head_officer, criterion=_crit(table, "2.1"), max_points=18)  # still open
    today.day = rnd.deadline + dt.timedelta(days=1)  # the round locks itself the day after its deadline
    scores_before = Score.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=head_officer, table=table, group=_group(table, "II"), code="2.3", name="Mới", max_points=1
        )
    assert svc.ROUND_LOCKED_FROZEN in _messages(exc)
    with pytest.raises(ValidationError):
        svc.table_update(actor=head_officer, table=table, name="Tên khác")
    assert Score.objects.count() == scores_before
    assert AuditEvent.objects.filter(action="clusters.criterion_create").count() == 0


def test_the_table_page_of_a_locked_round_shows_why_and_offers_no_edit(
    adapted_round, cluster, head_officer, client_for
):
    _table, rnd = adapted_round
    ScoringRound.objects.filter(pk=rnd.pk).update(state=RoundState.LOCKED)
    page = client_for(head_officer).get(reverse("clusters:cluster_table", args=[cluster.cluster.pk]))
    text = page.content.decode()
    assert svc.ROUND_LOCKED_FROZEN in text and "Thêm tiêu chí" not in text


def test_a_round_past_its_deadline_does_not_move_to_an_adapted_table(
    scoring_round, cluster, template, head_officer, today
):
    today.day = scoring_round.deadline + dt.timedelta(days=1)
    assert scoring_round.state == RoundState.OPEN  # locked by its date only
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    assert "quá hạn chấm điểm" in _messages(exc)
    assert not ScoringTable.objects.filter(cluster=cluster.cluster).exists()
    scoring_round.refresh_from_db()
    assert scoring_round.table_id == template.pk


# --- Deleting a criterion deletes only empty score rows ------------------------------------------------------------


@pytest.fixture
def own_criterion(adapted_round, head_officer):
    table, _rnd = adapted_round
    svc.criterion_update(actor=head_officer, criterion=_crit(table, "2.1"), max_points=19.5)  # room in group II
    criterion = svc.criterion_create(
        actor=head_officer, table=table, group=_group(table, "II"), code="2.3", name="Tự thêm", max_points=0.5
    )
    return criterion


@pytest.mark.parametrize("use", ["evidence", "remark", "adjustment"])
def test_a_criterion_whose_score_is_in_use_is_not_deleted(own_criterion, cluster, head_officer, use):
    score = Score.objects.filter(criterion=own_criterion, sheet__unit=cluster.member).get()
    if use == "evidence":
        Evidence.objects.create(score=score, file="x.pdf", original_name="x.pdf", file_kind="pdf", size=1)
    elif use == "remark":
        Remark.objects.create(score=score, unit=cluster.head, text="Đề nghị giải trình")
    else:
        Adjustment.objects.create(score=score, old_points=None, new_points=0, reason="Không đạt")
    rows = Score.objects.filter(criterion=own_criterion).count()
    with pytest.raises(ValidationError) as exc:
        svc.criterion_delete(actor=head_officer, criterion=own_criterion)
    assert _messages(exc) == svc.SCORES_IN_USE
    assert Criterion.objects.filter(pk=own_criterion.pk).exists()
    assert Score.objects.filter(criterion=own_criterion).count() == rows  # not even the empty ones went


def test_a_criterion_with_empty_score_rows_only_is_deleted_with_them(own_criterion, head_officer):
    assert Score.objects.filter(criterion=own_criterion).count() == 8
    svc.criterion_delete(actor=head_officer, criterion=own_criterion)
    assert not Criterion.objects.filter(pk=own_criterion.pk).exists()
    assert not Score.objects.filter(criterion_id=own_criterion.pk).exists()


def test_deleting_a_criterion_through_the_screen_when_in_use_shows_the_reason(
    own_criterion, cluster, head_officer, client_for
):
    score = Score.objects.filter(criterion=own_criterion, sheet__unit=cluster.member).get()
    Remark.objects.create(score=score, unit=cluster.head, text="Đề nghị giải trình")
    table = own_criterion.table
    table.refresh_from_db()
    response = client_for(head_officer).post(
        reverse("clusters:table_criterion_delete", args=[own_criterion.pk]), {"version": table.version}
    )
    assert response.status_code == 200 and svc.SCORES_IN_USE in response.content.decode()
    assert Criterion.objects.filter(pk=own_criterion.pk).exists()


# --- The version is required on every edit ---------------------------------------------------------------------------


@pytest.fixture
def draft(db):
    return build_template(name="Bảng chấm điểm dự thảo", state=TableState.DRAFT)


def test_deleting_a_criterion_or_a_group_without_the_version_is_refused(draft, province_officer, client_for):
    client = client_for(province_officer)
    crit = _crit(draft, "2.1")
    group = _group(draft, "II")
    for url, post in (
        (reverse("clusters:table_criterion_delete", args=[crit.pk]), {}),
        (reverse("clusters:table_criterion_delete", args=[crit.pk]), {"version": ""}),
        (reverse("clusters:table_group_delete", args=[group.pk]), {}),
        (reverse("clusters:template_delete", args=[draft.pk]), {}),
        (reverse("clusters:template_apply", args=[draft.pk]), {}),
    ):
        response = client.post(url, post)
        assert response.status_code == 200 and MISSING_VERSION in response.content.decode(), url
    draft.refresh_from_db()
    assert (draft.state, draft.version) == (TableState.DRAFT, 1)
    assert Criterion.objects.filter(pk=crit.pk).exists() and CriterionGroup.objects.filter(pk=group.pk).exists()
    assert not AuditEvent.objects.exists()


def test_deleting_a_criterion_with_a_stale_version_is_refused(draft, province_officer, client_for):
    crit = _crit(draft, "2.1")
    svc.table_update(actor=province_officer, table=draft, name="Tên mới")  # version 2 now
    response = client_for(province_officer).post(
        reverse("clusters:table_criterion_delete", args=[crit.pk]), {"version": 1}
    )
    assert response.status_code == 200 and svc.STALE in response.content.decode()
    assert Criterion.objects.filter(pk=crit.pk).exists()


def test_editing_a_criterion_without_the_version_is_refused(draft, province_officer, client_for):
    crit = _crit(draft, "2.1")
    data = {"group": crit.group_id, "code": "2.1", "name": "Sửa", "kind": "SCORE", "max_points": "15"}
    response = client_for(province_officer).post(reverse("clusters:table_criterion_edit", args=[crit.pk]), data)
    assert response.status_code == 200 and MISSING_VERSION in response.content.decode()
    crit.refresh_from_db()
    assert (crit.name, crit.max_points) != ("Sửa", 15)
    assert _crit(draft, "2.1").max_points == 20
