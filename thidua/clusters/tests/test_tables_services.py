"""Scoring tables, services: the province's templates (group-sum rule, codes, copying a year, applying
freezes), a cluster's adaptation within the template's limits, and freezing once a score exists."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.clusters.models import (
    Criterion,
    CriterionGroup,
    CriterionKind,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    TableState,
)
from thidua.clusters.services import tables as svc
from thidua.core.models import AuditEvent

from .conftest import YEAR, build_template, fill_scores
from .test_scoring_support import fixed_today  # noqa: F401 — rounds lock after their deadline: fix today

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


@pytest.fixture
def draft(db):
    return build_template(name="Bảng chấm điểm dự thảo", state=TableState.DRAFT)


@pytest.fixture
def adapted(cluster, template, head_officer):
    """The cluster's own table, adapted from the applied template by the head's officer."""
    return svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)


def _crit(table, code) -> Criterion:
    return Criterion.objects.select_related("source", "group").get(table=table, code=code)


def _group(table, code) -> CriterionGroup:
    return CriterionGroup.objects.get(table=table, code=code)


# --- The group-sum rule and the other checks of a template ------------------------------------------


def test_score_criteria_above_the_group_maximum_are_refused_with_the_figures(draft, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=province_officer, criterion=_crit(draft, "1.1"), max_points=35)
    assert "Tổng điểm tối đa các tiêu chí nhóm I là 65, vượt điểm tối đa của nhóm (60)." in _messages(exc)
    assert _crit(draft, "1.1").max_points == 30


def test_adding_a_score_criterion_that_overflows_its_group_is_refused(draft, province_officer):
    before = Criterion.objects.filter(table=draft).count()
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=province_officer,
            table=draft,
            group=_group(draft, "II"),
            code="2.3",
            name="Tiêu chí mới",
            max_points=1,
        )
    assert exc.value.message_dict["max_points"] == [
        "Tổng điểm tối đa các tiêu chí nhóm II là 41, vượt điểm tối đa của nhóm (40)."
    ]
    assert Criterion.objects.filter(table=draft).count() == before


def test_lowering_a_group_maximum_below_its_criteria_is_refused(draft, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.group_update(actor=province_officer, group=_group(draft, "I"), max_points=Decimal("55.5"))
    assert "Tổng điểm tối đa các tiêu chí nhóm I là 60, vượt điểm tối đa của nhóm (55,5)." in _messages(exc)
    assert _group(draft, "I").max_points == 60


def test_bonus_and_penalty_criteria_do_not_count_against_the_group_maximum(draft, province_officer):
    group = _group(draft, "I")
    svc.criterion_create(
        actor=province_officer,
        table=draft,
        group=group,
        code="1.3",
        name="Điểm thưởng sáng kiến",
        max_points=10,
        kind=CriterionKind.BONUS,
    )
    svc.criterion_create(
        actor=province_officer,
        table=draft,
        group=group,
        code="1.4",
        name="Điểm trừ chậm báo cáo",
        max_points=5,
        kind=CriterionKind.PENALTY,
    )
    assert svc.group_sum_errors(draft) == []


def test_moving_a_criterion_to_a_full_group_checks_the_target_group(draft, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=province_officer, criterion=_crit(draft, "1.1"), group=_group(draft, "II"))
    assert "nhóm II là 70" in _messages(exc)


def test_codes_are_unique_in_a_table(draft, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=province_officer,
            table=draft,
            group=_group(draft, "III"),
            code="3.1",
            name="Trùng",
            max_points=1,
            kind=CriterionKind.BONUS,
        )
    assert "đã có tiêu chí số 3.1" in exc.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as exc:
        svc.group_create(actor=province_officer, table=draft, code="II", name="Trùng", max_points=10)
    assert "đã có nhóm tiêu chí số II" in exc.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        svc.criterion_update(actor=province_officer, criterion=_crit(draft, "1.1"), code="1.2")


def test_a_criterion_maximum_must_be_above_zero(draft, province_officer):
    for bad in (0, -5):
        with pytest.raises(ValidationError) as exc:
            svc.criterion_update(actor=province_officer, criterion=_crit(draft, "2.1"), max_points=bad)
        assert exc.value.message_dict["max_points"] == ["Điểm tối đa phải lớn hơn 0."]
    with pytest.raises(ValidationError) as exc:
        svc.group_update(actor=province_officer, group=_group(draft, "II"), max_points=-1)
    assert exc.value.message_dict["max_points"] == ["Điểm tối đa không được âm."]


def test_template_names_are_unique_per_year(province_officer, template):
    with pytest.raises(ValidationError) as exc:
        svc.template_create(actor=province_officer, year=YEAR, name=template.name)
    assert "đã có bảng mẫu tên" in exc.value.message_dict["name"][0]
    other = svc.template_create(actor=province_officer, year=YEAR + 1, name=template.name)
    assert other.state == TableState.DRAFT and other.cluster is None


def test_deleting_a_group_removes_its_criteria_while_draft(draft, province_officer):
    svc.group_delete(actor=province_officer, group=_group(draft, "II"))
    assert not Criterion.objects.filter(table=draft, code__startswith="2.").exists()
    svc.criterion_delete(actor=province_officer, criterion=_crit(draft, "1.1"))
    assert not Criterion.objects.filter(table=draft, code="1.1").exists()
    assert AuditEvent.objects.filter(action="clusters.group_delete").count() == 1


def test_a_stale_form_is_refused(draft, province_officer):
    old = draft.version
    svc.criterion_update(actor=province_officer, criterion=_crit(draft, "2.1"), name="Ban hành kế hoạch thi đua")
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=province_officer, criterion=_crit(draft, "2.2"), name="Khác", version=old)
    assert svc.STALE in _messages(exc)
    assert _crit(draft, "2.2").name != "Khác"


# --- Applying, freezing, copying -----------------------------------------------------------------------------


def test_applying_needs_a_group_and_a_score_criterion(province_officer):
    empty = svc.template_create(actor=province_officer, year=YEAR, name="Bảng trống")
    with pytest.raises(ValidationError) as exc:
        svc.template_apply(actor=province_officer, table=empty)
    assert "chưa có nhóm tiêu chí" in _messages(exc)
    svc.group_create(actor=province_officer, table=empty, code="I", name="Điểm thưởng", max_points=0)
    with pytest.raises(ValidationError) as exc:
        svc.template_apply(actor=province_officer, table=empty)
    assert "chưa có tiêu chí chấm điểm" in _messages(exc)
    empty.refresh_from_db()
    assert empty.state == TableState.DRAFT


def test_applying_refuses_a_group_over_its_maximum(draft, province_officer):
    CriterionGroup.objects.filter(table=draft, code="I").update(max_points=50)  # as left by older data
    with pytest.raises(ValidationError) as exc:
        svc.template_apply(actor=province_officer, table=draft)
    assert "Tổng điểm tối đa các tiêu chí nhóm I là 60, vượt điểm tối đa của nhóm (50)." in _messages(exc)


def test_an_applied_template_is_read_only(draft, province_officer):
    svc.template_apply(actor=province_officer, table=draft)
    draft.refresh_from_db()
    assert draft.state == TableState.APPLIED
    assert svc.table_frozen_reason(draft) == svc.APPLIED_FROZEN
    attempts = [
        lambda: svc.criterion_update(actor=province_officer, criterion=_crit(draft, "2.1"), max_points=10),
        lambda: svc.criterion_create(
            actor=province_officer, table=draft, group=_group(draft, "II"), code="2.9", name="Mới", max_points=1
        ),
        lambda: svc.criterion_delete(actor=province_officer, criterion=_crit(draft, "2.1")),
        lambda: svc.group_update(actor=province_officer, group=_group(draft, "I"), name="Nhóm khác"),
        lambda: svc.group_create(actor=province_officer, table=draft, code="IV", name="Mới", max_points=5),
        lambda: svc.group_delete(actor=province_officer, group=_group(draft, "III")),
        lambda: svc.table_update(actor=province_officer, table=draft, name="Tên khác"),
        lambda: svc.template_apply(actor=province_officer, table=draft),
        lambda: svc.template_delete(actor=province_officer, table=draft),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "sao chép thành một phiên bản mới" in _messages(exc)
    assert _crit(draft, "2.1").max_points == 20


def test_copying_makes_next_years_draft_and_leaves_last_year_untouched(template, province_officer):
    before = [(c.code, c.name, c.max_points, c.evidence_required, c.locked) for c in template.criteria.all()]
    new = svc.template_copy(actor=province_officer, source=template, year=YEAR + 1, name="Bảng chấm điểm năm sau")
    assert (new.year, new.state, new.previous_id, new.cluster_id) == (YEAR + 1, TableState.DRAFT, template.pk, None)
    assert [g.code for g in new.groups.order_by("order")] == ["I", "II", "III"]
    copied = list(new.criteria.select_related("group", "source"))
    assert [(c.code, c.name, c.max_points, c.evidence_required, c.locked) for c in copied] == before
    assert all(c.group.table_id == new.pk and c.source.table_id == template.pk for c in copied)

    svc.criterion_update(actor=province_officer, criterion=_crit(new, "1.2"), max_points=25, name="Thu ngân sách")
    template.refresh_from_db()
    assert template.state == TableState.APPLIED
    assert [(c.code, c.name, c.max_points, c.evidence_required, c.locked) for c in template.criteria.all()] == before
    assert AuditEvent.objects.filter(action="clusters.template_copy", object_id=str(new.pk)).count() == 1


def test_a_draft_template_may_be_deleted_but_not_once_a_round_uses_it(draft, province_officer, cluster):
    ScoringRound.objects.create(cluster=cluster.cluster, table=draft, deadline="2026-11-15")
    with pytest.raises(ValidationError) as exc:
        svc.template_delete(actor=province_officer, table=draft)
    assert "đang được cụm, khối sử dụng" in _messages(exc)
    ScoringRound.objects.filter(table=draft).delete()
    svc.template_delete(actor=province_officer, table=draft)
    assert not ScoringTable.objects.filter(pk=draft.pk).exists()


def test_only_the_province_manages_templates(draft, head_officer, member_officer, unit_officer):
    for user in (head_officer, member_officer, unit_officer):
        with pytest.raises(PermissionDenied):
            svc.template_create(actor=user, year=YEAR, name="Bảng của tôi")
        with pytest.raises(PermissionDenied):
            svc.criterion_update(actor=user, criterion=_crit(draft, "1.1"), name="Sửa trộm")
        with pytest.raises(PermissionDenied):
            svc.template_apply(actor=user, table=draft)
        with pytest.raises(PermissionDenied):
            svc.template_copy(actor=user, source=draft, year=YEAR + 1, name="Bản sao")


def test_every_template_action_writes_one_audit_event(province_officer):
    table = svc.template_create(actor=province_officer, year=YEAR, name="Bảng mới")
    group = svc.group_create(actor=province_officer, table=table, code="I", name="Nhiệm vụ", max_points=100)
    svc.criterion_create(actor=province_officer, table=table, group=group, code="1", name="Hoàn thành", max_points=100)
    svc.template_apply(actor=province_officer, table=table)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "clusters.template_create",
        "clusters.group_create",
        "clusters.criterion_create",
        "clusters.template_apply",
    ]


# --- A cluster's adaptation --------------------------------------------------------------------------------------


def test_the_head_adapts_an_applied_template_into_the_clusters_table(adapted, cluster, template):
    assert (adapted.cluster_id, adapted.template_id, adapted.year) == (cluster.cluster.pk, template.pk, YEAR)
    criteria = list(adapted.criteria.select_related("source"))
    assert len(criteria) == 6
    assert all(c.source.table_id == template.pk and c.source.code == c.code for c in criteria)
    assert svc.table_frozen_reason(adapted) is None
    assert AuditEvent.objects.filter(action="clusters.table_adapt").count() == 1


def test_a_cluster_adapts_only_an_applied_template_of_its_year_and_only_once(
    cluster, template, draft, head_officer, province_officer
):
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=draft)
    assert "chưa được tỉnh áp dụng" in _messages(exc)
    old = build_template(year=YEAR - 1, name="Bảng năm trước")
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=old)
    assert f"năm {YEAR - 1} không dùng được" in _messages(exc)
    svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=province_officer, cluster=cluster.cluster, template=template)
    assert "đã có bảng chấm điểm riêng" in _messages(exc)


def test_members_and_outsiders_cannot_adapt_or_edit_the_clusters_table(
    cluster, template, adapted, member_officer, outsider_officer
):
    for user in (member_officer, outsider_officer):
        with pytest.raises(PermissionDenied):
            svc.table_adapt(actor=user, cluster=cluster.cluster, template=template)
        with pytest.raises(PermissionDenied):
            svc.criterion_update(actor=user, criterion=_crit(adapted, "2.1"), name="Sửa trộm")
        with pytest.raises(PermissionDenied):
            svc.criterion_create(
                actor=user, table=adapted, group=_group(adapted, "II"), code="2.9", name="Thêm trộm", max_points=1
            )
        with pytest.raises(PermissionDenied):
            svc.table_update(actor=user, table=adapted, name="Đổi tên")
    assert _crit(adapted, "2.1").name == _crit(template, "2.1").name


def test_the_head_changes_a_criterion_that_is_not_locked(adapted, head_officer):
    svc.criterion_update(
        actor=head_officer,
        criterion=_crit(adapted, "2.1"),
        name="Ban hành kế hoạch thi đua của xã",
        guidance="Kế hoạch ban hành trước 31/3.",
        max_points=15,
    )
    c = _crit(adapted, "2.1")
    assert (c.name, c.guidance, c.max_points) == (
        "Ban hành kế hoạch thi đua của xã",
        "Kế hoạch ban hành trước 31/3.",
        15,
    )


def test_a_locked_criterion_cannot_be_changed_by_the_cluster(adapted, head_officer):
    for change in ({"name": "Tên khác"}, {"max_points": 20}, {"guidance": "Cách chấm khác"}):
        with pytest.raises(ValidationError) as exc:
            svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "1.1"), **change)
        assert "Tiêu chí 1.1 do tỉnh khóa" in _messages(exc)
    assert _crit(adapted, "1.1").max_points == 30
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "1.1"), evidence_required=True)
    assert _crit(adapted, "1.1").evidence_required


def test_evidence_may_become_stricter_but_never_looser_than_the_template(adapted, head_officer):
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "1.2"), evidence_required=False)
    assert exc.value.message_dict["evidence_required"] == [
        "Bảng mẫu của tỉnh bắt buộc minh chứng cho tiêu chí 1.2; cụm, khối không được bỏ yêu cầu này."
    ]
    assert _crit(adapted, "1.2").evidence_required
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.1"), evidence_required=True)
    assert _crit(adapted, "2.1").evidence_required
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.1"), evidence_required=False)
    assert not _crit(adapted, "2.1").evidence_required


def test_the_cluster_cannot_add_remove_or_change_groups(adapted, head_officer):
    with pytest.raises(ValidationError) as exc:
        svc.group_create(actor=head_officer, table=adapted, code="IV", name="Nhóm riêng", max_points=10)
    assert svc.GROUPS_FIXED in _messages(exc)
    for change in ({"name": "Đổi tên nhóm"}, {"max_points": 70}):
        with pytest.raises(ValidationError) as exc:
            svc.group_update(actor=head_officer, group=_group(adapted, "I"), **change)
        assert svc.GROUPS_FIXED in _messages(exc)
    with pytest.raises(ValidationError):
        svc.group_delete(actor=head_officer, group=_group(adapted, "II"))
    assert list(adapted.groups.values_list("code", "name", "max_points")) == [
        ("I", "Thực hiện nhiệm vụ chính trị", 60),
        ("II", "Công tác thi đua, khen thưởng", 40),
        ("III", "Điểm thưởng, điểm trừ", 0),
    ]


def test_the_cluster_cannot_add_bonus_or_penalty_criteria(adapted, head_officer):
    for kind in (CriterionKind.BONUS, CriterionKind.PENALTY):
        with pytest.raises(ValidationError) as exc:
            svc.criterion_create(
                actor=head_officer,
                table=adapted,
                group=_group(adapted, "III"),
                code="3.9",
                name="Điểm riêng",
                max_points=1,
                kind=kind,
            )
        assert "điểm thưởng, điểm trừ do tỉnh quy định" in exc.value.message_dict["kind"][0]


def test_the_cluster_cannot_raise_a_bonus_or_penalty_above_the_template(adapted, head_officer):
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "3.1"), max_points=6)
    assert exc.value.message_dict["max_points"] == [
        "Điểm thưởng tối đa của tiêu chí 3.1 không được vượt mức của bảng mẫu (5)."
    ]
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "3.2"), max_points=12)
    assert "Điểm trừ tối đa của tiêu chí 3.2" in _messages(exc)
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "3.1"), max_points=3)
    assert _crit(adapted, "3.1").max_points == 3


def test_the_cluster_cannot_change_number_group_kind_or_lock_of_a_template_criterion(adapted, head_officer):
    changes = [
        ({"code": "2.9"}, "code"),
        ({"group": _group(adapted, "I")}, "group"),
        ({"kind": CriterionKind.BONUS}, "kind"),
        ({"locked": True}, "locked"),
    ]
    for change, field in changes:
        with pytest.raises(ValidationError) as exc:
            svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.2"), **change)
        assert field in exc.value.message_dict


def test_the_cluster_adds_score_criteria_within_the_group_maximum_and_removes_only_its_own(adapted, head_officer):
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.2"), max_points=15)
    own = svc.criterion_create(
        actor=head_officer,
        table=adapted,
        group=_group(adapted, "II"),
        code="2.3",
        name="Tham gia cụm thi đua đầy đủ",
        max_points=5,
        evidence_required=True,
    )
    assert own.source_id is None and own.kind == CriterionKind.SCORE
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=head_officer, table=adapted, group=_group(adapted, "II"), code="2.4", name="Thêm nữa", max_points=1
        )
    assert "Tổng điểm tối đa các tiêu chí nhóm II là 41, vượt điểm tối đa của nhóm (40)." in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        svc.criterion_create(
            actor=head_officer,
            table=adapted,
            group=_group(adapted, "II"),
            code="2.4",
            name="Khóa",
            max_points=0.5,
            locked=True,
        )
    assert "locked" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.criterion_delete(actor=head_officer, criterion=_crit(adapted, "2.1"))
    assert "chỉ được xóa tiêu chí do cụm, khối tự thêm" in _messages(exc)
    svc.criterion_update(actor=head_officer, criterion=own, evidence_required=False)  # its own: free
    svc.criterion_delete(actor=head_officer, criterion=own)
    assert not Criterion.objects.filter(pk=own.pk).exists()
    assert Criterion.objects.filter(table=adapted, code="2.1").exists()


def test_the_province_is_held_to_the_same_limits_on_a_clusters_table(adapted, province_officer):
    with pytest.raises(ValidationError):
        svc.criterion_update(actor=province_officer, criterion=_crit(adapted, "1.1"), max_points=20)
    with pytest.raises(ValidationError):
        svc.group_create(actor=province_officer, table=adapted, code="IV", name="Nhóm", max_points=1)


# --- Freezing once a score exists --------------------------------------------------------------------------------


@pytest.fixture
def round_on_adapted(scoring_round, adapted):
    """The cluster's round, opened on the template before the head adapted it: it follows the adapted table."""
    scoring_round.refresh_from_db()
    return scoring_round


def test_an_open_round_follows_the_clusters_new_table(scoring_round, cluster, template, head_officer):
    sheets = ScoreSheet.objects.filter(round=scoring_round).count()
    table = svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    scoring_round.refresh_from_db()
    assert scoring_round.table_id == table.pk
    assert scoring_round.tie_group.table_id == table.pk and scoring_round.tie_group.code == "I"
    assert Score.objects.filter(sheet__round=scoring_round, criterion__table=table).count() == sheets * 6
    assert not Score.objects.filter(sheet__round=scoring_round, criterion__table=template).exists()


def test_a_round_with_evidence_or_remarks_does_not_move(scoring_round, cluster, template, head_officer):
    from thidua.clusters.models import Remark

    score = Score.objects.filter(sheet__round=scoring_round, sheet__unit=cluster.member).first()
    Remark.objects.create(score=score, unit=cluster.head, text="Đề nghị bổ sung minh chứng")
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    assert "đã có minh chứng, ý kiến hoặc đã khóa" in _messages(exc)
    assert not ScoringTable.objects.filter(cluster=cluster.cluster).exists()


def test_the_clusters_table_freezes_once_a_score_is_entered(round_on_adapted, adapted, cluster, head_officer):
    assert svc.table_frozen_reason(adapted) is None
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.1"), max_points=18)
    fill_scores(round_on_adapted, {cluster.member: {"2.1": 10}}, final=False)
    assert svc.table_frozen_reason(adapted) == svc.SCORED_FROZEN
    with pytest.raises(ValidationError) as exc:
        svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.1"), max_points=20)
    assert svc.SCORED_FROZEN in _messages(exc)
    with pytest.raises(ValidationError):
        svc.criterion_create(
            actor=head_officer, table=adapted, group=_group(adapted, "II"), code="2.3", name="Mới", max_points=1
        )
    with pytest.raises(ValidationError):
        svc.table_update(actor=head_officer, table=adapted, name="Tên khác")
    assert _crit(adapted, "2.1").max_points == 18


def test_empty_score_rows_do_not_freeze_and_follow_the_criteria(round_on_adapted, adapted, head_officer):
    sheets = ScoreSheet.objects.filter(round=round_on_adapted).count()
    svc.criterion_update(actor=head_officer, criterion=_crit(adapted, "2.1"), max_points=Decimal("19.5"))
    own = svc.criterion_create(
        actor=head_officer, table=adapted, group=_group(adapted, "II"), code="2.3", name="Mới", max_points=0.5
    )
    assert Score.objects.filter(criterion=own).count() == sheets  # every open sheet gets the new criterion
    svc.criterion_delete(actor=head_officer, criterion=own)
    assert not Score.objects.filter(criterion_id=own.pk).exists()


def test_a_template_used_directly_by_a_round_is_frozen_by_its_scores(draft, cluster, province_officer):
    scoring = ScoringRound.objects.create(cluster=cluster.cluster, table=draft, deadline="2026-11-15")
    sheet = ScoreSheet.objects.create(round=scoring, unit=cluster.member)
    Score.objects.create(sheet=sheet, criterion=_crit(draft, "2.1"), self_points=5)
    assert svc.table_frozen_reason(draft) == svc.SCORED_FROZEN
    with pytest.raises(ValidationError):
        svc.criterion_update(actor=province_officer, criterion=_crit(draft, "2.1"), max_points=10)


def test_a_cluster_that_already_scored_on_the_template_cannot_adapt_it(scoring_round, cluster, template, head_officer):
    fill_scores(scoring_round, {cluster.head: {"1.1": 20}})
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    assert "đã bắt đầu chấm điểm theo bảng mẫu" in _messages(exc)
    assert not ScoringTable.objects.filter(cluster=cluster.cluster).exists()


def test_the_frozen_reason_of_a_fresh_table_is_none(draft, template):
    assert svc.table_frozen_reason(draft) is None
    assert svc.table_frozen_reason(template) == svc.APPLIED_FROZEN


def test_a_locked_round_does_not_move_to_a_new_table(scoring_round, cluster, template, head_officer):
    from thidua.clusters.models import RoundState

    ScoringRound.objects.filter(pk=scoring_round.pk).update(state=RoundState.LOCKED)
    with pytest.raises(ValidationError) as exc:
        svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)
    assert "đã khóa" in _messages(exc)
