"""Public consultation: which dossiers need it (rule-set parameter), opening it, the blocker on
completing the appraisal, citizens' comments (limits, period, rate limit) and their moderation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.core.calendar import working_days_after
from thidua.core.models import AuditEvent
from thidua.nominations.models import (
    Appraisal,
    Authority,
    CommentStatus,
    PublicComment,
    PublicConsultation,
    State,
)
from thidua.nominations.services import consultation as svc

from .test_consultation_support import *  # noqa: F403  (fixture: dossier)
from .test_consultation_support import KEY, at_office, opened, set_param

# --- which dossiers need consultation ----------------------------------------------------------


def test_seeded_parameter_lists_the_state_level_awards(db):
    codes = svc.consultation_codes()
    assert {"CSTD_TQ", "CO_CP", "BK_TTG", "BK_TTG_TT"} <= codes
    assert "BK_TINH" not in codes and "CSTD_TINH" not in codes
    assert svc.consultation_days() == 10


def test_only_lines_with_a_listed_award_need_consultation(dossier):
    assert [line.award_type.code for line in svc.lines_needing_consultation(dossier)] == ["CSTD_TQ"]


def test_the_list_of_awards_is_a_rule_set_parameter(dossier):
    set_param("public_consultation_award_codes", "BK_TINH_TT, CO_CP")
    assert [line.award_type.code for line in svc.lines_needing_consultation(dossier)] == ["BK_TINH_TT"]
    set_param("public_consultation_award_codes", "")
    assert svc.lines_needing_consultation(dossier) == []
    assert svc.consultation_blocker(dossier) is None


def test_a_line_the_office_rejected_is_not_published(dossier):
    dossier.lines.filter(award_type__code="CSTD_TQ").update(appraisal=Appraisal.REJECTED)
    assert svc.lines_needing_consultation(dossier) == []


def test_a_dossier_without_state_level_lines_has_no_blocker(province, make_nomination, make_line, make_person):
    n = at_office(make_nomination(province.hospital, submitted=True))
    make_line(n, make_person(province.hospital), "BK_TINH")
    assert svc.consultation_blocker(n) is None


# --- opening ------------------------------------------------------------------------------------


def test_the_office_opens_consultation_for_the_parameter_working_days(dossier, province_officer):
    set_param("public_consultation_working_days", "7")
    version = dossier.version
    c = svc.consultation_open(actor=province_officer, nomination=dossier, version=version)
    today = timezone.localdate()
    assert c.opened_on == today
    assert c.ends_on == working_days_after(today, 7)
    assert [line.award_type.code for line in c.lines.all()] == ["CSTD_TQ"]
    dossier.refresh_from_db()
    assert dossier.version == version + 1
    event = AuditEvent.objects.get(action="consultation.open")
    assert event.actor == province_officer and event.object_id == str(dossier.pk)
    assert event.data["working_days"] == 7


def test_opening_refuses_a_dossier_without_lines_to_publish(dossier, province_officer):
    set_param("public_consultation_award_codes", "CO_CP")
    with pytest.raises(ValidationError) as exc:
        svc.consultation_open(actor=province_officer, nomination=dossier)
    assert "không có dòng đề nghị nào thuộc diện phải lấy ý kiến nhân dân" in exc.value.messages[0]
    assert not PublicConsultation.objects.exists()


def test_opening_twice_is_refused(dossier, province_officer):
    svc.consultation_open(actor=province_officer, nomination=dossier)
    with pytest.raises(ValidationError) as exc:
        svc.consultation_open(actor=province_officer, nomination=dossier)
    assert "đã được đăng lấy ý kiến nhân dân" in exc.value.messages[0]
    assert AuditEvent.objects.filter(action="consultation.open").count() == 1


def test_a_stale_version_is_refused(dossier, province_officer):
    with pytest.raises(ValidationError) as exc:
        svc.consultation_open(actor=province_officer, nomination=dossier, version=dossier.version + 5)
    assert "vừa được người khác cập nhật" in exc.value.messages[0]
    assert not PublicConsultation.objects.exists()


def test_only_the_office_step_may_open(province, make_nomination, make_line, make_person, province_officer):
    n = make_nomination(province.hospital, authority=Authority.STATE, submitted=True)  # at the managing body
    make_line(n, make_person(province.hospital), "CSTD_TQ")
    n.state = State.IN_APPRAISAL
    n.save()
    with pytest.raises(PermissionDenied):  # the province acts at the commendation office's step only
        svc.consultation_open(actor=province_officer, nomination=n)
    assert not PublicConsultation.objects.exists()


def test_a_unit_officer_may_not_open(dossier, unit_officer):
    with pytest.raises(PermissionDenied):
        svc.consultation_open(actor=unit_officer, nomination=dossier)
    assert not PublicConsultation.objects.exists()


def test_a_line_added_later_is_published_by_opening_again(dossier, province_officer, make_line, make_person, province):
    c = svc.consultation_open(actor=province_officer, nomination=dossier)
    make_line(dossier, make_person(province.hospital, "Vũ Văn Hải"), "BK_TTG")
    assert "chưa được đăng" in svc.consultation_blocker(dossier)
    c2 = svc.consultation_open(actor=province_officer, nomination=dossier)
    assert c2.pk == c.pk and c2.lines.count() == 2


# --- the blocker --------------------------------------------------------------------------------


def test_blocker_asks_to_open_consultation_first(dossier):
    assert svc.consultation_blocker(dossier) == (
        "Hồ sơ có đề nghị khen thưởng cấp Nhà nước: cần đăng lấy ý kiến nhân dân trước khi hoàn thành thẩm định."
    )


def test_blocker_holds_until_the_last_day_of_the_period_is_over(dossier):
    today = timezone.localdate()
    opened(dossier, opened_on=today - dt.timedelta(days=20), ends_on=today)
    message = svc.consultation_blocker(dossier)
    assert message == f"Hồ sơ chưa hết thời gian lấy ý kiến nhân dân (đến hết ngày {today:%d/%m/%Y})."
    assert svc.consultation_blocker(dossier, today=today + dt.timedelta(days=1)) is None


def test_blocker_is_lifted_after_the_period(dossier):
    today = timezone.localdate()
    opened(dossier, opened_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1))
    assert svc.consultation_blocker(dossier) is None


# --- comments -----------------------------------------------------------------------------------


def comment(c, key=KEY, **kw):
    kw.setdefault("name", "Nguyễn Văn Dân")
    kw.setdefault("contact", "0912345678")
    kw.setdefault("body", "Tôi đồng ý với đề nghị khen thưởng này.")
    return svc.comment_submit(consultation=c, line_id=kw.pop("line_id", None), client_key=key, **kw)


def test_an_anonymous_comment_is_kept_pending_and_audited_without_actor(dossier):
    c = opened(dossier)
    line = c.lines.get()
    saved = comment(c, line_id=line.pk, body="  Bác sĩ Lan rất tận tình.\r\nĐồng ý.  ")
    assert saved.status == CommentStatus.PENDING
    assert saved.line == line and saved.body == "Bác sĩ Lan rất tận tình.\nĐồng ý."
    event = AuditEvent.objects.get(action="consultation.comment")
    assert event.actor is None and event.object_id == str(dossier.pk)
    assert "0912345678" not in event.summary and "0912345678" not in str(event.data)


def test_comment_fields_are_required_and_limited(dossier):
    c = opened(dossier)
    with pytest.raises(ValidationError) as exc:
        comment(c, name=" ", contact="", body="ngắn")
    errors = exc.value.message_dict
    assert errors["name"] == ["Vui lòng nhập họ và tên."]
    assert errors["contact"] == ["Vui lòng nhập số điện thoại hoặc thư điện tử."]
    assert errors["body"] == ["Nội dung ý kiến quá ngắn (ít nhất 10 ký tự)."]
    with pytest.raises(ValidationError) as exc:
        comment(c, body="x" * 3001)
    assert exc.value.message_dict["body"] == ["Nội dung ý kiến quá dài (tối đa 3.000 ký tự)."]
    assert not PublicComment.objects.exists()


def test_a_comment_on_a_line_not_published_is_refused(dossier):
    c = opened(dossier)
    other = dossier.lines.get(award_type__code="BK_TINH_TT")
    with pytest.raises(ValidationError) as exc:
        comment(c, line_id=other.pk)
    assert "line" in exc.value.message_dict


def test_a_comment_after_the_period_is_refused(dossier):
    today = timezone.localdate()
    c = opened(dossier, opened_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        comment(c)
    assert "đã kết thúc" in exc.value.messages[0]
    assert not PublicComment.objects.exists()


def test_comments_are_rate_limited_per_hour_for_one_address(dossier, settings):
    settings.THIDUA_COMMENT_LIMIT_PER_HOUR = 3
    c = opened(dossier)
    for _ in range(3):
        comment(c)
    with pytest.raises(ValidationError) as exc:
        comment(c)
    assert "3 ý kiến trong một giờ qua" in exc.value.messages[0]
    comment(c, key="b" * 64)  # another address is not held back
    assert PublicComment.objects.count() == 4


def test_comments_are_rate_limited_per_day(dossier, settings):
    settings.THIDUA_COMMENT_LIMIT_PER_HOUR = 100
    settings.THIDUA_COMMENT_LIMIT_PER_DAY = 10
    c = opened(dossier)
    for _ in range(10):
        comment(c)
    PublicComment.objects.update(created_at=timezone.now() - dt.timedelta(hours=5))
    with pytest.raises(ValidationError) as exc:
        comment(c)
    assert "10 ý kiến trong một ngày qua" in exc.value.messages[0]
    PublicComment.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    comment(c)  # yesterday's comments no longer count


def test_the_client_key_is_a_hash_not_the_address(db):
    key = svc.client_key_for("203.0.113.9")
    assert len(key) == 64 and "203" not in key
    assert key == svc.client_key_for("203.0.113.9") != svc.client_key_for("203.0.113.10")


# --- moderation ---------------------------------------------------------------------------------


def test_the_province_approves_and_hides_comments_with_audit(dossier, province_officer):
    saved = comment(opened(dossier))
    svc.comment_moderate(actor=province_officer, comment=saved, approve=True)
    saved.refresh_from_db()
    assert saved.status == CommentStatus.APPROVED and saved.moderated_by == province_officer
    svc.comment_moderate(actor=province_officer, comment=saved, approve=False)
    saved.refresh_from_db()
    assert saved.status == CommentStatus.REJECTED
    assert AuditEvent.objects.filter(action="consultation.moderate", actor=province_officer).count() == 2
    with pytest.raises(ValidationError):
        svc.comment_moderate(actor=province_officer, comment=saved, approve=False)


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "council_member"])
def test_only_the_province_moderates(dossier, persona, request):
    saved = comment(opened(dossier))
    with pytest.raises(PermissionDenied):
        svc.comment_moderate(actor=request.getfixturevalue(persona), comment=saved, approve=True)
    saved.refresh_from_db()
    assert saved.status == CommentStatus.PENDING
