"""review_create / review_update: who, which kind, which date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.movements.models import Review, ReviewKind
from thidua.movements.services import movements as msvc
from thidua.movements.services.reviews import FINAL_EARLIEST_DAYS, review_create, review_update

from .test_progress_fixtures import *  # noqa: F403  (fixtures: campaign, media)
from .test_progress_fixtures import END, START, days_ago


def data(kind=ReviewKind.INTERIM, date=None, **kw):
    return {"kind": kind, "date": date or days_ago(1), **kw}


def errors(exc) -> str:
    return " ".join(exc.value.messages)


def test_province_officer_records_an_interim_review_with_an_audit_event(campaign, province_officer):
    review = review_create(
        actor=province_officer,
        movement=campaign.movement,
        data=data(scope="Toàn tỉnh", participants=250, summary="Đạt nhiều kết quả."),
    )
    assert review.kind == ReviewKind.INTERIM and review.created_by == province_officer
    assert review.title == "Hội nghị sơ kết phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm"
    event = AuditEvent.objects.get(action="review.create")
    assert event.actor == province_officer and "sơ kết" in event.summary


def test_a_given_title_is_kept(campaign, province_officer):
    review = review_create(
        actor=province_officer, movement=campaign.movement, data=data(title="Hội nghị sơ kết 6 tháng đầu năm")
    )
    assert review.title == "Hội nghị sơ kết 6 tháng đầu năm"


def test_unit_officer_cannot_review_a_provincial_movement(campaign, unit_officer):
    with pytest.raises(PermissionDenied):
        review_create(actor=unit_officer, movement=campaign.movement, data=data())
    assert not Review.objects.exists()


def test_council_member_cannot_record_a_review(campaign, council_member):
    with pytest.raises(PermissionDenied):
        review_create(actor=council_member, movement=campaign.movement, data=data())


def test_unit_officer_reviews_own_units_plan(campaign, unit_officer):
    review = review_create(actor=unit_officer, movement=campaign.health_plan, data=data())
    assert review.movement == campaign.health_plan


def test_unit_officer_cannot_review_another_units_plan(campaign, other_unit_officer):
    with pytest.raises(PermissionDenied):
        review_create(actor=other_unit_officer, movement=campaign.health_plan, data=data())


# --- kinds and dates --------------------------------------------------------------------------------


def test_interim_review_before_the_period_is_refused(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(date=START - dt.timedelta(days=1)))
    assert "Sơ kết được tổ chức trong thời gian thực hiện phong trào" in exc.value.message_dict["date"][0]
    assert not Review.objects.exists()


def test_interim_review_after_the_period_is_refused(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(date=END + dt.timedelta(days=1)))
    assert "hãy chọn tổng kết" in exc.value.message_dict["date"][0]


def test_interim_review_may_be_planned_ahead_within_the_period(campaign, province_officer):
    review = review_create(actor=province_officer, movement=campaign.movement, data=data(date=END))
    assert review.date == END


def test_final_review_long_before_the_end_is_refused(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, days_ago(1)))
    assert "hãy chọn sơ kết" in exc.value.message_dict["date"][0]


@pytest.mark.parametrize("offset", [-FINAL_EARLIEST_DAYS, 0, 30, 366])
def test_final_review_from_shortly_before_the_end_to_a_year_after(campaign, province_officer, offset):
    date = END + dt.timedelta(days=offset)
    review = review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, date))
    assert review.kind == ReviewKind.FINAL


def test_final_review_more_than_a_year_after_the_end_is_refused(campaign, province_officer):
    date = END + dt.timedelta(days=367)
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, date))
    assert "quá xa" in exc.value.message_dict["date"][0]


def test_only_one_final_review_per_movement(campaign, province_officer):
    review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, END))
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, END))
    assert "đã có hội nghị tổng kết" in exc.value.message_dict["kind"][0]
    assert Review.objects.count() == 1


def test_several_interim_reviews_are_allowed(campaign, province_officer):
    review_create(actor=province_officer, movement=campaign.movement, data=data(date=days_ago(50)))
    review_create(actor=province_officer, movement=campaign.movement, data=data(date=days_ago(2)))
    assert Review.objects.count() == 2


def test_congress_reviews_a_provincial_movement(campaign, province_officer):
    review = review_create(
        actor=province_officer, movement=campaign.movement, data=data(ReviewKind.CONGRESS, days_ago(3))
    )
    assert review.title.startswith("Đại hội thi đua yêu nước")


def test_congress_on_a_units_plan_is_refused(campaign, unit_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=unit_officer, movement=campaign.health_plan, data=data(ReviewKind.CONGRESS, END))
    assert "chỉ tổng kết phong trào cấp tỉnh" in exc.value.message_dict["kind"][0]


def test_congress_before_the_period_is_refused(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(
            actor=province_officer, movement=campaign.movement, data=data(ReviewKind.CONGRESS, START - dt.timedelta(1))
        )
    assert "trước ngày bắt đầu" in exc.value.message_dict["date"][0]


def test_only_one_congress_per_movement(campaign, province_officer):
    review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.CONGRESS, END))
    with pytest.raises(ValidationError):
        review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.CONGRESS, END))


def test_missing_kind_and_date_are_reported(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data={"kind": "", "date": None})
    assert set(exc.value.message_dict) == {"kind", "date"}


def test_draft_movement_cannot_be_reviewed(province, province_officer):
    draft = msvc.movement_create(
        actor=province_officer,
        data={"kind": "REGULAR", "name": "Dự thảo", "period_start": START, "period_end": END},
        launching_unit=province.root,
    )
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=draft, data=data())
    assert "chưa được phát động" in errors(exc)


def test_closed_movement_takes_no_more_reviews(campaign, province_officer):
    msvc.movement_begin_review(actor=province_officer, movement=campaign.movement)
    review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, END))
    msvc.movement_close(actor=province_officer, movement=campaign.movement)
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data())
    assert "đã kết thúc" in errors(exc)


def test_national_movement_without_period_is_reviewed_without_date_checks(province_officer, province):
    national = msvc.national_movement_create(
        actor=province_officer, name="Cả nước thi đua đổi mới sáng tạo (thử)", launcher_name="Thủ tướng Chính phủ"
    )
    review = review_create(actor=province_officer, movement=national, data=data(ReviewKind.FINAL, days_ago(1)))
    assert review.kind == ReviewKind.FINAL


def test_awards_given_cannot_exceed_awards_proposed(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(
            actor=province_officer, movement=campaign.movement, data=data(awards_proposed=10, awards_given=12)
        )
    assert "không thể lớn hơn số đề nghị" in exc.value.message_dict["awards_given"][0]


def test_negative_counts_are_refused(campaign, province_officer):
    with pytest.raises(ValidationError) as exc:
        review_create(actor=province_officer, movement=campaign.movement, data=data(participants=-3))
    assert "participants" in exc.value.message_dict


# --- update -----------------------------------------------------------------------------------------


def test_update_changes_fields_with_an_audit_event(campaign, province_officer):
    review = review_create(actor=province_officer, movement=campaign.movement, data=data())
    review_update(actor=province_officer, review=review, data={"awards_proposed": 40, "awards_given": 35})
    review.refresh_from_db()
    assert (review.awards_proposed, review.awards_given) == (40, 35)
    event = AuditEvent.objects.get(action="review.update")
    assert set(event.data["fields"]) == {"awards_proposed", "awards_given"}


def test_update_into_a_second_final_review_is_refused(campaign, province_officer):
    review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, END))
    interim = review_create(actor=province_officer, movement=campaign.movement, data=data(date=END))
    with pytest.raises(ValidationError):
        review_update(actor=province_officer, review=interim, data={"kind": ReviewKind.FINAL})
    interim.refresh_from_db()
    assert interim.kind == ReviewKind.INTERIM


def test_the_final_review_may_be_edited_without_counting_itself(campaign, province_officer):
    final = review_create(actor=province_officer, movement=campaign.movement, data=data(ReviewKind.FINAL, END))
    review_update(actor=province_officer, review=final, data={"summary": "Hoàn thành vượt mức."})
    final.refresh_from_db()
    assert final.summary == "Hoàn thành vượt mức."


def test_unit_officer_cannot_edit_a_provincial_review(campaign, province_officer, unit_officer):
    review = review_create(actor=province_officer, movement=campaign.movement, data=data())
    with pytest.raises(PermissionDenied):
        review_update(actor=unit_officer, review=review, data={"summary": "x"})
    review.refresh_from_db()
    assert review.summary == ""
