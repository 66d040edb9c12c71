"""Dossier lines: subjects from the master records inside the proposing unit, awards that fit the
subject and the dossier's authority, the period, snapshots, stored checks, and what a returned
dossier lets the unit change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.catalog.models import AwardType
from thidua.core.models import AuditEvent
from thidua.core.subjects import SubjectKind
from thidua.nominations.models import Authority, NominationLine, State
from thidua.nominations.services import dossiers as svc
from thidua.people.models import Household

pytestmark = pytest.mark.django_db


def award(code):
    return AwardType.objects.get(code=code)


def add(actor, nomination, subject, code="BK_TINH", **kw):
    kw.setdefault("year_from", nomination.year - 1)
    kw.setdefault("year_to", nomination.year)
    kw.setdefault("achievement", "Hoàn thành xuất sắc nhiệm vụ hai năm liên tục.")
    return svc.line_add(actor=actor, nomination=nomination, subject=subject, award_type=award(code), **kw)


@pytest.fixture
def draft(province, make_nomination):
    return make_nomination(province.hospital)


@pytest.fixture
def doctor(province, make_person):
    return make_person(province.hospital, "Trần Thị Bích", position="Bác sĩ điều trị")


# --- add ----------------------------------------------------------------------------------------------


def test_line_snapshots_the_subject_and_stores_the_check(hospital_officer, draft, doctor):
    line = add(hospital_officer, draft, doctor)
    line.refresh_from_db()
    assert (line.subject_name, line.subject_position, line.subject_unit_name) == (
        "Trần Thị Bích",
        "Bác sĩ điều trị",
        "Bệnh viện Đa khoa tỉnh",
    )
    assert line.search_text == "tran thi bich"
    assert line.check_summary  # the live check's verdict was recorded
    assert line.check_eligible is not None or "tiêu chuẩn" in line.check_summary
    event = AuditEvent.objects.get(action="nomination.line_add")
    assert event.object_id == str(draft.pk) and event.data["line"] == line.pk


def test_the_proposing_unit_itself_is_a_collective_subject(province, hospital_officer, draft):
    line = add(hospital_officer, draft, province.hospital, "BK_TINH_TT")
    assert line.unit == province.hospital and line.subject_unit_name == "Sở Y tế"


def test_a_household_of_the_commune_is_a_subject(province, province_officer, make_nomination):
    home = Household.objects.create(head_name="Lò Văn Páo", address="Thôn 3", unit=province.commune1)
    n = make_nomination(province.commune1)
    line = add(province_officer, n, home, "BK_TINH_HGD")
    assert line.household == home and line.subject_kind == SubjectKind.HOUSEHOLD
    assert line.subject_name == "Hộ Lò Văn Páo" and line.subject_unit_name == "Xã Tân Phú"


def test_a_person_of_another_unit_cannot_be_proposed(province, hospital_officer, draft, make_person):
    teacher = make_person(province.school, "Phạm Văn Giáo")
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, teacher)
    assert "subject" in exc.value.message_dict
    assert not NominationLine.objects.exists()


def test_the_managing_body_is_not_a_subject_of_the_hospitals_dossier(province, hospital_officer, draft):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, province.health, "BK_TINH_TT")
    assert "subject" in exc.value.message_dict


def test_award_must_apply_to_the_kind_of_subject(province, hospital_officer, draft):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, province.hospital, "BK_TINH")
    assert "không áp dụng cho tập thể" in exc.value.message_dict["award_type"][0]


def test_award_of_another_authority_needs_its_own_dossier(hospital_officer, draft, doctor):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, doctor, "BK_TTG")
    assert "hồ sơ riêng" in exc.value.message_dict["award_type"][0]


def test_procedure_rows_of_the_catalogue_are_not_awards(hospital_officer, draft, doctor):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, doctor, "DOT_XUAT")
    assert "award_type" in exc.value.message_dict


def test_period_ends_by_the_dossiers_year_and_runs_forwards(hospital_officer, draft, doctor):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, doctor, year_from=2025, year_to=2026)
    assert "year_to" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, doctor, year_from=2025, year_to=2024)
    assert "year_to" in exc.value.message_dict


def test_achievement_is_required(hospital_officer, draft, doctor):
    with pytest.raises(ValidationError) as exc:
        add(hospital_officer, draft, doctor, achievement="   ")
    assert "achievement" in exc.value.message_dict


def test_same_subject_and_award_twice_in_one_dossier_is_refused(hospital_officer, draft, doctor):
    add(hospital_officer, draft, doctor)
    with pytest.raises(ValidationError, match="đã có dòng đề nghị"):
        add(hospital_officer, draft, doctor)
    assert NominationLine.objects.count() == 1


def test_no_new_line_in_a_returned_dossier(province, hospital_officer, make_nomination, doctor):
    n = make_nomination(province.hospital, state=State.RETURNED)
    with pytest.raises(ValidationError, match="không thêm dòng mới"):
        add(hospital_officer, n, doctor)


def test_no_line_in_a_submitted_dossier(province, hospital_officer, make_nomination, doctor):
    n = make_nomination(province.hospital, submitted=True)
    with pytest.raises(PermissionDenied):
        add(hospital_officer, n, doctor)


def test_other_units_officer_cannot_add_a_line(other_unit_officer, draft, doctor):
    with pytest.raises(PermissionDenied):
        add(other_unit_officer, draft, doctor)


def test_award_choices_follow_the_subject_kind_and_the_authority(province, make_nomination):
    n = make_nomination(province.hospital)
    people = set(svc.award_types_for(n, SubjectKind.PERSON).values_list("code", flat=True))
    units = set(svc.award_types_for(n, SubjectKind.UNIT).values_list("code", flat=True))
    assert {"BK_TINH", "CSTD_TINH"} <= people and not people & {"BK_TINH_TT", "BK_TTG", "LDTT", "DOT_XUAT"}
    assert {"BK_TINH_TT", "TTLDXS", "CO_TINH"} <= units and "BK_TINH" not in units
    head = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    assert {"LDTT", "CSTDCS", "GK"} <= set(svc.award_types_for(head, SubjectKind.PERSON).values_list("code", flat=True))


# --- update -------------------------------------------------------------------------------------------


def test_draft_line_changes_any_field_and_resnapshots(province, hospital_officer, draft, doctor, make_person):
    line = add(hospital_officer, draft, doctor)
    nurse = make_person(province.hospital, "Lê Thị Hoa", position="Điều dưỡng trưởng")
    line = svc.line_update(
        actor=hospital_officer, line=line, version=line.version, subject=nurse, award_type=award("CSTD_TINH")
    )
    assert line.person == nurse and line.subject_name == "Lê Thị Hoa" and line.subject_position == "Điều dưỡng trưởng"
    assert line.award_type.code == "CSTD_TINH" and line.version == 2
    assert AuditEvent.objects.get(action="nomination.line_update").data["fields"] == ["subject", "award_type"]


def test_line_update_over_a_newer_save_is_refused(hospital_officer, draft, doctor):
    line = add(hospital_officer, draft, doctor)
    svc.line_update(actor=hospital_officer, line=line, version=1, achievement="Lần một")
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        svc.line_update(actor=hospital_officer, line=line, version=1, achievement="Lần hai")
    line.refresh_from_db()
    assert line.achievement == "Lần một"


@pytest.fixture
def returned(province, make_nomination, make_line, doctor, make_person):
    """A returned dossier: the doctor's line flagged for its achievement, a second line not flagged."""
    n = make_nomination(province.hospital, state=State.RETURNED, return_note="Bổ sung thành tích.")
    flagged = make_line(
        n, doctor, "BK_TINH", 2024, 2025, needs_correction=True, correction_fields=["achievement", "documents"]
    )
    other = make_line(n, make_person(province.hospital, "Đỗ Văn Khoa"), "BK_TINH")
    return n, flagged, other


def test_returned_line_changes_its_flagged_field(hospital_officer, returned):
    _n, flagged, _other = returned
    line = svc.line_update(actor=hospital_officer, line=flagged, version=1, achievement="Thành tích đã bổ sung.")
    assert line.achievement == "Thành tích đã bổ sung."


def test_returned_line_refuses_a_field_not_flagged(hospital_officer, returned):
    _n, flagged, _other = returned
    with pytest.raises(ValidationError) as exc:
        svc.line_update(actor=hospital_officer, line=flagged, version=1, award_type=award("CSTD_TINH"))
    assert "chỉ được sửa tóm tắt thành tích, tài liệu kèm theo" in exc.value.message_dict["award_type"][0]
    flagged.refresh_from_db()
    assert flagged.award_type.code == "BK_TINH"


def test_returned_line_refuses_the_period_unless_flagged(province, hospital_officer, returned):
    _n, flagged, _other = returned
    with pytest.raises(ValidationError) as exc:
        svc.line_update(actor=hospital_officer, line=flagged, version=1, year_from=2025)
    assert "year_from" in exc.value.message_dict
    flagged.correction_fields = ["period"]
    flagged.save()
    assert svc.line_update(actor=hospital_officer, line=flagged, version=1, year_from=2025).year_from == 2025


def test_returned_line_not_flagged_cannot_change(hospital_officer, returned):
    _n, _flagged, other = returned
    with pytest.raises(ValidationError, match="không được yêu cầu chỉnh sửa"):
        svc.line_update(actor=hospital_officer, line=other, version=1, achievement="Sửa lén.")


def test_passing_unchanged_values_of_closed_fields_is_not_a_change(hospital_officer, returned):
    _n, flagged, _other = returned
    line = svc.line_update(
        actor=hospital_officer,
        line=flagged,
        version=1,
        subject=flagged.person,
        award_type=flagged.award_type,
        year_from=2024,
        year_to=2025,
        achievement="Bổ sung.",
    )
    assert line.achievement == "Bổ sung."


# --- remove -------------------------------------------------------------------------------------------


def test_draft_line_is_removed_with_an_audit_event(hospital_officer, draft, doctor):
    line = add(hospital_officer, draft, doctor)
    svc.line_remove(actor=hospital_officer, line=line, version=line.version)
    assert not NominationLine.objects.exists()
    assert AuditEvent.objects.filter(action="nomination.line_remove").exists()


def test_returned_dossier_keeps_its_lines(hospital_officer, returned):
    _n, flagged, _other = returned
    with pytest.raises(ValidationError, match="không bỏ dòng"):
        svc.line_remove(actor=hospital_officer, line=flagged)
    assert NominationLine.objects.filter(pk=flagged.pk).exists()
