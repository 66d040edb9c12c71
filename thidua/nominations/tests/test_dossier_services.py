"""Dossier services: the header (basis, movement, simplified procedure, authority, deadline), edits and
deletion of drafts, concurrent edits. Lines, people and documents: test_dossier_lines.py,
test_dossier_people.py, test_dossier_documents.py."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.movements.models import Level, Movement, MovementKind
from thidua.movements.models import State as MovementState
from thidua.nominations.models import (
    Authority,
    Basis,
    Nomination,
    SimplifiedGround,
    State,
    SubmissionDeadline,
)
from thidua.nominations.services import dossiers as svc

pytestmark = pytest.mark.django_db


def create(actor, unit, **kw):
    kw.setdefault("title", "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2025")
    kw.setdefault("year", 2025)
    kw.setdefault("basis", Basis.CONG_TRANG)
    kw.setdefault("authority", Authority.PROVINCE_CHAIR)
    return svc.nomination_create(actor=actor, proposing_unit=unit, **kw)


def movement(province, state=MovementState.LAUNCHED, **kw):
    kw.setdefault("level", Level.PROVINCE)
    kw.setdefault("launching_unit", province.root)
    return Movement.objects.create(kind=MovementKind.THEMATIC, name="Chuyển đổi số ngành y tế", state=state, **kw)


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --- create -------------------------------------------------------------------------------------------


def test_hospital_officer_creates_a_draft_routed_to_the_province(province, hospital_officer):
    n = create(hospital_officer, province.hospital)
    assert n.state == State.DRAFT
    assert n.deciding_unit == province.root
    assert n.created_by == hospital_officer
    assert n.search_text.startswith(f"hs-2025-{n.pk:06d}")
    event = AuditEvent.objects.get(action="nomination.create")
    assert event.object_id == str(n.pk) and event.unit == province.hospital


def test_unit_head_award_is_decided_by_the_unit_itself_by_default(province, hospital_officer):
    n = create(hospital_officer, province.hospital, authority=Authority.UNIT_HEAD, title="Giấy khen năm 2025")
    assert n.deciding_unit == province.hospital


def test_unit_head_award_may_be_decided_by_the_managing_body(province, hospital_officer):
    n = create(hospital_officer, province.hospital, authority=Authority.UNIT_HEAD, deciding_unit=province.health)
    assert n.deciding_unit == province.health


def test_unit_head_award_cannot_be_decided_by_an_unrelated_unit(province, hospital_officer):
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, authority=Authority.UNIT_HEAD, deciding_unit=province.edu)
    assert "deciding_unit" in errors_of(exc)
    assert not Nomination.objects.exists()


def test_officer_of_another_unit_cannot_create_for_the_hospital(province, other_unit_officer):
    with pytest.raises(PermissionDenied):
        create(other_unit_officer, province.hospital)
    assert not Nomination.objects.exists()


def test_dissolved_unit_cannot_propose(province, unit_officer):
    province.hospital.valid_to = dt.date(2025, 12, 31)
    province.hospital.save()
    with pytest.raises(ValidationError) as exc:
        create(unit_officer, province.hospital)
    assert "proposing_unit" in errors_of(exc)


def test_title_and_future_year_are_checked(province, hospital_officer):
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, title="  ", year=dt.date.today().year + 1)
    assert set(errors_of(exc)) >= {"title", "year"}


def test_movement_basis_needs_a_movement(province, hospital_officer):
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, basis=Basis.PHONG_TRAO)
    assert "movement" in errors_of(exc)


def test_movement_basis_accepts_an_open_provincial_movement(province, hospital_officer):
    m = movement(province)
    n = create(hospital_officer, province.hospital, basis=Basis.PHONG_TRAO, movement=m)
    assert n.movement == m


@pytest.mark.parametrize("state", [MovementState.DRAFT, MovementState.CLOSED])
def test_movement_basis_refuses_a_draft_or_closed_movement(province, hospital_officer, state):
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, basis=Basis.PHONG_TRAO, movement=movement(province, state=state))
    assert "movement" in errors_of(exc)


def test_movement_basis_refuses_another_units_own_movement(province, hospital_officer):
    other = movement(province, level=Level.UNIT, launching_unit=province.edu, state=MovementState.UNDER_WAY)
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, basis=Basis.PHONG_TRAO, movement=other)
    assert "movement" in errors_of(exc)


def test_movement_basis_accepts_the_managing_bodys_own_movement(province, hospital_officer):
    own = movement(province, level=Level.UNIT, launching_unit=province.health, state=MovementState.IN_REVIEW)
    assert create(hospital_officer, province.hospital, basis=Basis.PHONG_TRAO, movement=own).movement == own


def test_movement_is_dropped_when_the_basis_is_not_a_movement(province, hospital_officer):
    n = create(hospital_officer, province.hospital, basis=Basis.CONG_TRANG, movement=movement(province))
    assert n.movement is None


def test_simplified_procedure_needs_a_ground(province, hospital_officer):
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, simplified=True)
    assert "simplified_ground" in errors_of(exc)


@pytest.mark.parametrize(
    ("basis", "ground"),
    [
        (Basis.DOT_XUAT, SimplifiedGround.EXCEPTIONAL),
        (Basis.CONG_HIEN, SimplifiedGround.CAREER),
        (Basis.DOI_NGOAI, SimplifiedGround.CAREER),
        (Basis.CONG_TRANG, SimplifiedGround.POLITICAL_TASK),
        (Basis.CONG_TRANG, SimplifiedGround.FOUND_BY_HEAD),
        (Basis.CONG_TRANG, SimplifiedGround.STATE_SECRET),
    ],
)
def test_simplified_procedure_allowed_on_the_grounds_of_article_85(province, hospital_officer, basis, ground):
    n = create(hospital_officer, province.hospital, basis=basis, simplified=True, simplified_ground=ground)
    assert n.simplified and n.simplified_ground == ground


@pytest.mark.parametrize(
    ("basis", "ground"),
    [
        (Basis.CONG_TRANG, SimplifiedGround.EXCEPTIONAL),
        (Basis.PHONG_TRAO, SimplifiedGround.EXCEPTIONAL),
        (Basis.CONG_TRANG, SimplifiedGround.CAREER),
        (Basis.DOT_XUAT, SimplifiedGround.CAREER),
    ],
)
def test_simplified_ground_must_match_the_basis(province, hospital_officer, basis, ground):
    kw = {"movement": movement(province)} if basis == Basis.PHONG_TRAO else {}
    with pytest.raises(ValidationError) as exc:
        create(hospital_officer, province.hospital, basis=basis, simplified=True, simplified_ground=ground, **kw)
    assert "Điều 85" in errors_of(exc)["simplified_ground"][0]


def test_ground_is_cleared_when_not_simplified(province, hospital_officer):
    n = create(hospital_officer, province.hospital, simplified=False, simplified_ground=SimplifiedGround.CAREER)
    assert n.simplified_ground == ""


def test_due_date_is_the_provinces_deadline_for_the_year_and_authority(province, hospital_officer):
    SubmissionDeadline.objects.create(year=2025, authority=Authority.STATE, due_date=dt.date(2026, 1, 30))
    assert create(hospital_officer, province.hospital, authority=Authority.STATE).due_date == dt.date(2026, 1, 30)
    assert create(hospital_officer, province.hospital).due_date is None


# --- update -------------------------------------------------------------------------------------------


def test_update_changes_the_header_and_bumps_the_version(province, hospital_officer):
    n = create(hospital_officer, province.hospital)
    n = svc.nomination_update(actor=hospital_officer, nomination=n, version=n.version, title="Trích yếu mới")
    assert n.title == "Trích yếu mới" and n.version == 2
    assert AuditEvent.objects.filter(action="nomination.update", data__fields=["title"]).exists()


def test_update_over_a_newer_save_is_refused(province, hospital_officer):
    n = create(hospital_officer, province.hospital)
    svc.nomination_update(actor=hospital_officer, nomination=n, version=1, title="Lần một")
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        svc.nomination_update(actor=hospital_officer, nomination=n, version=1, title="Lần hai")
    assert Nomination.objects.get().title == "Lần một"


def test_update_of_the_authority_recomputes_deciding_unit_and_deadline(province, hospital_officer):
    SubmissionDeadline.objects.create(year=2025, authority=Authority.UNIT_HEAD, due_date=dt.date(2025, 12, 15))
    n = create(hospital_officer, province.hospital)
    n = svc.nomination_update(actor=hospital_officer, nomination=n, version=1, authority=Authority.UNIT_HEAD)
    assert n.deciding_unit == province.hospital and n.due_date == dt.date(2025, 12, 15)


def test_authority_cannot_change_once_lines_exist(province, hospital_officer, make_person, make_line):
    n = create(hospital_officer, province.hospital)
    make_line(n, make_person(province.hospital), "BK_TINH")
    with pytest.raises(ValidationError) as exc:
        svc.nomination_update(actor=hospital_officer, nomination=n, version=1, authority=Authority.STATE)
    assert "authority" in errors_of(exc)


def test_returned_dossier_header_cannot_be_edited(province, hospital_officer, make_nomination):
    n = make_nomination(province.hospital, state=State.RETURNED)
    with pytest.raises(ValidationError, match="Chỉ sửa được khi hồ sơ đang soạn"):
        svc.nomination_update(actor=hospital_officer, nomination=n, version=n.version, title="Sửa")


def test_submitted_dossier_header_cannot_be_edited(province, hospital_officer, make_nomination):
    n = make_nomination(province.hospital, submitted=True)
    with pytest.raises(PermissionDenied):
        svc.nomination_update(actor=hospital_officer, nomination=n, version=n.version, title="Sửa")


# --- delete -------------------------------------------------------------------------------------------


def test_draft_is_deleted_with_its_lines_and_an_audit_event(province, hospital_officer, make_person, make_line):
    n = create(hospital_officer, province.hospital)
    make_line(n, make_person(province.hospital), "BK_TINH")
    svc.nomination_delete(actor=hospital_officer, nomination=n, version=n.version)
    assert not Nomination.objects.exists()
    event = AuditEvent.objects.get(action="nomination.delete")
    assert event.object_id == str(n.pk) and event.data["lines"] == 1


def test_returned_dossier_cannot_be_deleted(province, hospital_officer, make_nomination):
    n = make_nomination(province.hospital, state=State.RETURNED)
    with pytest.raises(ValidationError):
        svc.nomination_delete(actor=hospital_officer, nomination=n)
    assert Nomination.objects.filter(pk=n.pk).exists()


def test_a_draft_that_was_once_sent_keeps_its_history(province, hospital_officer, make_nomination):
    from django.utils import timezone

    n = make_nomination(province.hospital, submitted_at=timezone.now())
    with pytest.raises(ValidationError, match="lịch sử"):
        svc.nomination_delete(actor=hospital_officer, nomination=n)


def test_other_units_officer_cannot_delete(province, other_unit_officer, make_nomination):
    n = make_nomination(province.hospital)
    with pytest.raises(PermissionDenied):
        svc.nomination_delete(actor=other_unit_officer, nomination=n)
