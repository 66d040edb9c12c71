"""The cross-check: members raise remarks on the others' scores; the head (or the province) adjusts
a score with a written reason, or dismisses a remark with a reason; members never adjust."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.clusters.models import Adjustment, Remark
from thidua.clusters.services import scoring as svc
from thidua.core.models import AuditEvent

from .test_scoring_support import D, fixed_today, fresh, pdf, private_media, score_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(scoring_round, cluster, member_officer):
    """Tân Hòa gave itself 18 on 2.1."""
    score = score_of(scoring_round, cluster.member, "2.1")
    svc.score_set(actor=member_officer, score=score, self_points=18)
    return fresh(score)


# --- remarks --------------------------------------------------------------------------------------------


def test_a_member_remarks_on_another_units_score(scoring_round, cluster, member_officer, head_officer):
    score = score_of(scoring_round, cluster.head, "2.1")
    remark = svc.remark_add(
        actor=member_officer, score=score, text="Kế hoạch phát động ban hành muộn.", proposed_points=D("15.5")
    )
    remark = fresh(remark)
    assert (remark.unit, remark.author, remark.proposed_points, remark.resolved) == (
        cluster.member,
        member_officer,
        D("15.5"),
        False,
    )
    assert AuditEvent.objects.get(action="clusters.remark_add").unit == cluster.member


def test_a_remark_needs_a_text(scored, member_officers):
    with pytest.raises(ValidationError) as err:
        svc.remark_add(actor=member_officers[3], score=scored, text="   ")
    assert err.value.message_dict["text"] == ["Vui lòng ghi nội dung ý kiến."]
    assert not Remark.objects.exists()


def test_proposed_points_stay_within_the_maximum(scored, member_officers):
    with pytest.raises(ValidationError) as err:
        svc.remark_add(actor=member_officers[3], score=scored, text="Đề nghị tăng", proposed_points=21)
    assert err.value.message_dict["proposed_points"] == [
        "Điểm tối đa của tiêu chí 2.1 là 20; không chấm quá điểm tối đa."
    ]
    with pytest.raises(ValidationError):
        svc.remark_add(actor=member_officers[3], score=scored, text="Đề nghị giảm", proposed_points=-1)
    assert not Remark.objects.exists()


def test_a_unit_does_not_remark_on_its_own_score(scored, member_officer):
    with pytest.raises(ValidationError, match="chính đơn vị mình"):
        svc.remark_add(actor=member_officer, score=scored, text="Tự góp ý")


@pytest.mark.parametrize("persona", ["outsider_officer", "unit_officer", "province_officer"])
def test_only_member_units_raise_remarks(request, scored, persona):
    with pytest.raises(PermissionDenied):
        svc.remark_add(actor=request.getfixturevalue(persona), score=scored, text="Ý kiến")
    assert not Remark.objects.exists()


# --- adjustments ----------------------------------------------------------------------------------------


def test_the_head_adjusts_with_a_written_reason(scored, head_officer, cluster):
    adjustment = svc.score_adjust(
        actor=head_officer, score=scored, points=15, reason="Chưa có kế hoạch quý IV", version=scored.version
    )
    score = fresh(scored)
    assert (score.self_points, score.points) == (18, 15)
    assert (adjustment.old_points, adjustment.new_points, adjustment.by, adjustment.by_unit) == (
        18,
        15,
        head_officer,
        cluster.head,
    )
    event = AuditEvent.objects.get(action="clusters.score_adjust")
    assert event.data["reason"] == "Chưa có kế hoạch quý IV" and event.data["own_unit"] is False
    assert (event.data["old_points"], event.data["new_points"]) == ("18.00", "15.00")


def test_an_adjustment_without_a_reason_is_refused(scored, head_officer):
    with pytest.raises(ValidationError) as err:
        svc.score_adjust(actor=head_officer, score=scored, points=15, reason="  ")
    assert err.value.message_dict["reason"] == ["Vui lòng ghi lý do điều chỉnh điểm."]
    assert fresh(scored).points == 18 and not Adjustment.objects.exists()


def test_an_adjustment_obeys_the_maximum(scored, head_officer):
    with pytest.raises(ValidationError) as err:
        svc.score_adjust(actor=head_officer, score=scored, points=25, reason="Thưởng thêm")
    assert err.value.message_dict["points"] == ["Điểm tối đa của tiêu chí 2.1 là 20; không chấm quá điểm tối đa."]
    with pytest.raises(ValidationError):
        svc.score_adjust(actor=head_officer, score=scored, points=-1, reason="Trừ")
    assert fresh(scored).points == 18


def test_an_adjustment_above_zero_needs_the_required_evidence(scoring_round, cluster, head_officer, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    with pytest.raises(ValidationError) as err:
        svc.score_adjust(actor=head_officer, score=score, points=10, reason="Đạt dự toán")
    assert err.value.message_dict["points"] == [
        "Tiêu chí 1.2 bắt buộc có minh chứng; hãy tải tài liệu kiểm chứng trước khi chấm điểm lớn hơn 0."
    ]
    svc.evidence_add(actor=member_officer, score=score, file=pdf())
    svc.score_adjust(actor=head_officer, score=score, points=10, reason="Đạt dự toán")
    assert fresh(score).points == 10


def test_an_adjustment_must_change_something(scored, head_officer):
    with pytest.raises(ValidationError, match="bằng điểm hiện tại"):
        svc.score_adjust(actor=head_officer, score=scored, points=18, reason="Giữ nguyên")


def test_an_adjustment_may_close_the_remarks_it_answers(scored, head_officer, member_officers):
    svc.remark_add(actor=member_officers[3], score=scored, text="Chỉ đạt 15", proposed_points=15)
    svc.remark_add(actor=member_officers[4], score=scored, text="Chưa có báo cáo")
    svc.score_adjust(actor=head_officer, score=scored, points=15, reason="Theo ý kiến các đơn vị", resolve_remarks=True)
    assert not Remark.objects.filter(resolved=False).exists()
    assert AuditEvent.objects.get(action="clusters.score_adjust").data["remarks_resolved"] == 2


def test_an_adjustment_leaves_remarks_open_unless_asked(scored, head_officer, member_officers):
    svc.remark_add(actor=member_officers[3], score=scored, text="Chỉ đạt 15")
    svc.score_adjust(actor=head_officer, score=scored, points=16, reason="Một phần")
    assert Remark.objects.filter(resolved=False).count() == 1


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer", "unit_officer"])
def test_members_and_others_never_adjust(request, scoring_round, cluster, persona):
    score = score_of(scoring_round, cluster.units[3], "2.1")
    with pytest.raises(PermissionDenied):
        svc.score_adjust(actor=request.getfixturevalue(persona), score=score, points=10, reason="X")
    assert fresh(score).points is None and not Adjustment.objects.exists()


def test_the_member_cannot_adjust_even_its_own_score(scored, member_officer):
    with pytest.raises(PermissionDenied):
        svc.score_adjust(actor=member_officer, score=scored, points=20, reason="Tự nâng điểm")


def test_the_province_adjusts_too(scored, province_officer, province):
    adjustment = svc.score_adjust(actor=province_officer, score=scored, points=12, reason="Theo kết quả thẩm định")
    assert adjustment.by_unit == province.home
    assert fresh(scored).points == 12


def test_the_head_adjusting_its_own_unit_is_flagged_for_the_province(scoring_round, cluster, head_officer):
    score = score_of(scoring_round, cluster.head, "2.1")
    svc.score_set(actor=head_officer, score=score, self_points=14)
    svc.score_adjust(actor=head_officer, score=score, points=16, reason="Bổ sung kế hoạch")
    event = AuditEvent.objects.get(action="clusters.score_adjust")
    assert event.data["own_unit"] is True
    assert "chính đơn vị mình" in event.summary


def test_a_stale_adjustment_is_refused(scored, head_officer, member_officer):
    version = scored.version
    svc.score_set(actor=member_officer, score=scored, self_points=17, version=version)
    with pytest.raises(ValidationError) as err:
        svc.score_adjust(actor=head_officer, score=scored, points=15, reason="Giảm", version=version)
    assert err.value.messages == ["Điểm tiêu chí 2.1 vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."]
    assert fresh(scored).points == 17


# --- dismissing a remark --------------------------------------------------------------------------------


def test_the_head_dismisses_a_remark_with_a_reason(scored, head_officer, member_officers):
    remark = svc.remark_add(actor=member_officers[3], score=scored, text="Chỉ đạt 10", proposed_points=10)
    with pytest.raises(ValidationError) as err:
        svc.remark_dismiss(actor=head_officer, remark=remark, reason="")
    assert err.value.message_dict["reason"] == ["Vui lòng ghi lý do không chấp nhận ý kiến."]
    assert not fresh(remark).resolved
    svc.remark_dismiss(actor=head_officer, remark=remark, reason="Đơn vị đã có kế hoạch số 12/KH-UBND")
    assert fresh(remark).resolved and fresh(scored).points == 18
    event = AuditEvent.objects.get(action="clusters.remark_dismiss")
    assert event.data["reason"] == "Đơn vị đã có kế hoạch số 12/KH-UBND"
    with pytest.raises(ValidationError, match="đã được xử lý"):
        svc.remark_dismiss(actor=head_officer, remark=remark, reason="Lần nữa")


def test_a_member_cannot_dismiss_a_remark(scored, member_officer, member_officers):
    remark = svc.remark_add(actor=member_officers[3], score=scored, text="Chỉ đạt 10")
    with pytest.raises(PermissionDenied):
        svc.remark_dismiss(actor=member_officer, remark=remark, reason="Không đồng ý")
    assert not fresh(remark).resolved
