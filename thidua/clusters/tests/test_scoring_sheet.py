"""Self-scoring: each unit scores only itself, within each criterion's maximum, with evidence where
the criterion requires it; evidence is checked by content and size; submitting needs every scoring
criterion scored; a stale form is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.clusters.models import Evidence, SheetState
from thidua.clusters.services import scoring as svc
from thidua.core.models import AuditEvent

from .conftest import fill_scores
from .test_scoring_support import D, docx, fixed_today, fresh, pdf, private_media, score_of, sheet_of  # noqa: F401

pytestmark = pytest.mark.django_db

MAX_12 = "Điểm tối đa của tiêu chí 1.2 là 30; không chấm quá điểm tối đa."
EVIDENCE_12 = "Tiêu chí 1.2 bắt buộc có minh chứng; hãy tải tài liệu kiểm chứng trước khi chấm điểm lớn hơn 0."


def _errors(err, field="self_points"):
    return err.value.message_dict[field]


# --- points ---------------------------------------------------------------------------------------------


def test_a_unit_scores_itself_and_the_final_points_follow(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.1")
    svc.score_set(actor=member_officer, score=score, self_points=D("27.5"), note="Đạt 11/12 chỉ tiêu", version=1)
    score = fresh(score)
    assert (score.self_points, score.points, score.note, score.version) == (
        D("27.5"),
        D("27.5"),
        "Đạt 11/12 chỉ tiêu",
        2,
    )
    event = AuditEvent.objects.get(action="clusters.score_set")
    assert event.actor == member_officer and event.unit == cluster.member


def test_points_above_the_maximum_are_refused_with_the_figures(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    svc.evidence_add(actor=member_officer, score=score, file=pdf())
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=D("30.5"))
    assert _errors(err) == [MAX_12]
    assert fresh(score).self_points is None
    svc.score_set(actor=member_officer, score=score, self_points=30)
    assert fresh(score).points == 30


def test_a_decimal_maximum_is_written_the_vietnamese_way(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "2.1")
    score.criterion.__class__.objects.filter(pk=score.criterion_id).update(max_points=D("12.5"))
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=13)
    assert _errors(err) == ["Điểm tối đa của tiêu chí 2.1 là 12,5; không chấm quá điểm tối đa."]


def test_negative_points_are_refused(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "3.2")  # a penalty is written as a positive figure too
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=-2)
    assert _errors(err) == ["Điểm của tiêu chí 3.2 không được âm (điểm trừ cũng ghi bằng số dương)."]
    assert fresh(score).self_points is None


def test_more_than_two_decimals_are_refused(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "2.1")
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=D("10.125"))
    assert _errors(err) == ["Điểm của tiêu chí 2.1 ghi tối đa hai chữ số thập phân."]


def test_a_criterion_requiring_evidence_gets_no_points_without_it(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=10)
    assert _errors(err) == [EVIDENCE_12]
    assert fresh(score).self_points is None
    svc.score_set(actor=member_officer, score=score, self_points=0)  # zero needs no evidence
    assert fresh(score).points == 0
    svc.evidence_add(actor=member_officer, score=score, file=pdf())
    svc.score_set(actor=member_officer, score=score, self_points=10)
    assert fresh(score).points == 10


def test_after_an_adjustment_the_units_change_touches_its_self_points_only(
    scoring_round, cluster, member_officer, head_officer
):
    score = score_of(scoring_round, cluster.member, "2.1")
    svc.score_set(actor=member_officer, score=score, self_points=18)
    svc.score_adjust(actor=head_officer, score=score, points=15, reason="Chưa có kế hoạch phát động quý IV")
    svc.score_set(actor=member_officer, score=score, self_points=19, note="Bổ sung kế hoạch quý IV")
    score = fresh(score)
    assert (score.self_points, score.points) == (19, 15)
    assert AuditEvent.objects.filter(action="clusters.score_set").order_by("pk").last().data["adjusted"] is True


# --- who may score --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer", "unit_officer", "province_officer"])
def test_nobody_but_the_units_own_officers_changes_its_sheet(request, scoring_round, cluster, persona):
    actor = request.getfixturevalue(persona)
    score = score_of(scoring_round, cluster.head, "1.1")
    sheet = sheet_of(scoring_round, cluster.head)
    attempts = [
        lambda: svc.score_set(actor=actor, score=score, self_points=5),
        lambda: svc.evidence_add(actor=actor, score=score, file=pdf()),
        lambda: svc.sheet_submit(actor=actor, sheet=sheet),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    score = fresh(score)
    assert score.self_points is None and not score.evidence.exists()
    assert fresh(sheet).state == SheetState.DRAFT


def test_the_head_cannot_self_score_another_member(scoring_round, cluster, head_officer):
    with pytest.raises(PermissionDenied):
        svc.score_set(actor=head_officer, score=score_of(scoring_round, cluster.member, "1.1"), self_points=5)


def test_a_member_cannot_remove_another_units_evidence(scoring_round, cluster, head_officer, member_officer):
    score = score_of(scoring_round, cluster.head, "2.2")
    evidence = svc.evidence_add(actor=head_officer, score=score, file=pdf())
    with pytest.raises(PermissionDenied):
        svc.evidence_remove(actor=member_officer, evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_stale_score_form_is_refused_with_a_clear_message(scoring_round, cluster, member_officers):
    """Two officers of the same unit open the form at once; the second save would overwrite the first."""
    from conftest import _user
    from thidua.accounts.models import Role

    first = member_officers[2]
    second = _user("cb.tanhoa2", Role.UNIT_OFFICER, cluster.member)
    score = score_of(scoring_round, cluster.member, "1.1")
    svc.score_set(actor=first, score=score, self_points=20, version=score.version)
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=second, score=score, self_points=25, version=score.version)
    assert err.value.messages == ["Điểm tiêu chí 1.1 vừa được người khác thay đổi; hãy tải lại trang và thực hiện lại."]
    assert fresh(score).self_points == 20


def test_a_former_members_sheet_cannot_be_scored(scoring_round, cluster, member_officer):
    from thidua.org.models import ClusterMember

    ClusterMember.objects.filter(cluster=cluster.cluster, unit=cluster.member).delete()
    with pytest.raises(ValidationError, match="không còn là thành viên"):
        svc.score_set(actor=member_officer, score=score_of(scoring_round, cluster.member, "1.1"), self_points=5)


# --- evidence -------------------------------------------------------------------------------------------


def test_evidence_is_stored_under_a_random_name_with_its_detected_kind(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    evidence = svc.evidence_add(actor=member_officer, score=score, file=docx("Báo cáo thu ngân sách.docx"))
    assert (evidence.original_name, evidence.file_kind, evidence.uploaded_by) == (
        "Báo cáo thu ngân sách.docx",
        "docx",
        member_officer,
    )
    assert evidence.size > 0
    stored = evidence.file.name
    assert stored.startswith(f"clusters/evidence/{scoring_round.pk}/") and "bao" not in stored.lower()
    assert len(stored.rsplit("/", 1)[-1]) >= 32
    assert AuditEvent.objects.filter(action="clusters.evidence_add").count() == 1


def test_evidence_is_checked_by_content_not_by_name(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    fake = SimpleUploadedFile(
        "minh-chung.pdf", b"MZ\x90\x00\x03\x00\x00\x00 not a document", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as err:
        svc.evidence_add(actor=member_officer, score=score, file=fake)
    assert "không dựa vào đuôi tên tệp" in err.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_evidence_larger_than_10_mb_is_refused(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as err:
        svc.evidence_add(actor=member_officer, score=score, file=big)
    assert "quá lớn" in err.value.message_dict["file"][0] and "10,0 MB" in err.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_the_last_evidence_stays_while_the_points_are_above_zero(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "1.2")
    first = svc.evidence_add(actor=member_officer, score=score, file=pdf("a.pdf"))
    second = svc.evidence_add(actor=member_officer, score=score, file=pdf("b.pdf"))
    svc.score_set(actor=member_officer, score=score, self_points=20)
    svc.evidence_remove(actor=member_officer, evidence=first)  # another one remains
    with pytest.raises(ValidationError, match="không xóa được minh chứng cuối cùng khi điểm đang lớn hơn 0"):
        svc.evidence_remove(actor=member_officer, evidence=second)
    assert Evidence.objects.filter(pk=second.pk).exists()
    svc.score_set(actor=member_officer, score=score, self_points=0)
    svc.evidence_remove(actor=member_officer, evidence=second)
    assert not Evidence.objects.filter(score=score).exists()
    assert AuditEvent.objects.filter(action="clusters.evidence_remove").count() == 2


def test_the_last_evidence_stays_while_the_adjusted_points_are_above_zero(
    scoring_round, cluster, member_officer, head_officer
):
    score = score_of(scoring_round, cluster.member, "1.2")
    evidence = svc.evidence_add(actor=member_officer, score=score, file=pdf())
    svc.score_set(actor=member_officer, score=score, self_points=0)
    svc.score_adjust(actor=head_officer, score=score, points=10, reason="Có kết quả kiểm tra của Kho bạc")
    with pytest.raises(ValidationError):
        svc.evidence_remove(actor=member_officer, evidence=evidence)


def test_evidence_of_a_criterion_without_the_requirement_may_go(scoring_round, cluster, member_officer):
    score = score_of(scoring_round, cluster.member, "2.1")
    evidence = svc.evidence_add(actor=member_officer, score=score, file=pdf())
    svc.score_set(actor=member_officer, score=score, self_points=15)
    svc.evidence_remove(actor=member_officer, evidence=evidence)
    assert not score.evidence.exists()


# --- submitting -----------------------------------------------------------------------------------------


def test_submitting_needs_every_scoring_criterion_scored(scoring_round, cluster, member_officer):
    sheet = sheet_of(scoring_round, cluster.member)
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "2.1": 0}})
    with pytest.raises(ValidationError) as err:
        svc.sheet_submit(actor=member_officer, sheet=sheet)
    assert err.value.messages == [
        "Chưa chấm điểm các tiêu chí: 1.2, 2.2. Tiêu chí không đạt hãy ghi 0 điểm rồi gửi lại."
    ]
    assert fresh(sheet).state == SheetState.DRAFT
    fill_scores(scoring_round, {cluster.member: {"1.2": 0, "2.2": 0}})  # bonus and penalty may stay empty
    svc.sheet_submit(actor=member_officer, sheet=sheet)
    sheet = fresh(sheet)
    assert (sheet.state, sheet.submitted_by) == (SheetState.SUBMITTED, member_officer)
    assert sheet.submitted_at is not None
    with pytest.raises(ValidationError, match="đã được gửi"):
        svc.sheet_submit(actor=member_officer, sheet=sheet)


def test_submitting_refuses_points_without_required_evidence(scoring_round, cluster, member_officer):
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "1.2": 20, "2.1": 10, "2.2": 0}})
    with pytest.raises(ValidationError, match="1.2 bắt buộc có minh chứng"):
        svc.sheet_submit(actor=member_officer, sheet=sheet_of(scoring_round, cluster.member))


def test_a_submitted_sheet_keeps_every_scoring_criterion_scored(scoring_round, cluster, member_officer):
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "1.2": 0, "2.1": 10, "2.2": 0}})
    svc.sheet_submit(actor=member_officer, sheet=sheet_of(scoring_round, cluster.member))
    score = score_of(scoring_round, cluster.member, "2.1")
    with pytest.raises(ValidationError) as err:
        svc.score_set(actor=member_officer, score=score, self_points=None)
    assert "không để trống" in _errors(err)[0]
    svc.score_set(actor=member_officer, score=score, self_points=12)  # still editable until the lock
    assert fresh(score).points == 12
