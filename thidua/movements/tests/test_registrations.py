"""Registration services: opening, the rules of a line, submit and reopen, audit events."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.movements.models import Movement, MovementKind, Registration, RegistrationLine, RegistrationState, State
from thidua.movements.services import registrations as services
from thidua.people.models import Employment

from .test_registrations_support import *  # noqa: F403  (fixtures: make_person, grant, registration)
from .test_registrations_support import YEAR, award


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- opening --------------------------------------------------------------------------------------


def test_unit_officer_opens_a_draft_registration_for_their_unit(province, unit_officer):
    reg = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR)
    assert reg.state == RegistrationState.DRAFT and reg.unit == province.health and reg.movement is None
    event = AuditEvent.objects.get(action="registration.open")
    assert event.summary == f"Mở bản đăng ký thi đua năm {YEAR} của Sở Y tế"
    assert event.actor == unit_officer and event.unit == province.health


def test_opening_the_same_registration_twice_returns_the_existing_one(province, unit_officer):
    first = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR)
    again = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(action="registration.open").count() == 1


def test_unit_officer_may_open_a_registration_for_a_sub_unit(province, unit_officer):
    reg = services.registration_open(actor=unit_officer, unit=province.hospital, year=YEAR)
    assert reg.unit == province.hospital


def test_unit_officer_cannot_open_a_registration_for_another_unit(province, unit_officer):
    with pytest.raises(PermissionDenied):
        services.registration_open(actor=unit_officer, unit=province.edu, year=YEAR)
    assert not Registration.objects.exists()


def test_council_member_cannot_open_a_registration(province, council_member):
    with pytest.raises(PermissionDenied):
        services.registration_open(actor=council_member, unit=province.health, year=YEAR)


def test_a_dissolved_unit_cannot_register(province, province_officer):
    province.commune1.valid_to = dt.date(2025, 6, 30)
    province.commune1.save()
    with pytest.raises(ValidationError) as exc:
        services.registration_open(actor=province_officer, unit=province.commune1, year=YEAR)
    assert "đã giải thể/sáp nhập" in _messages(exc)
    assert not Registration.objects.exists()


@pytest.mark.parametrize("year", [YEAR - 6, YEAR + 2])
def test_a_year_too_far_away_is_refused(province, unit_officer, year):
    with pytest.raises(ValidationError) as exc:
        services.registration_open(actor=unit_officer, unit=province.health, year=year)
    assert f"Năm đăng ký phải từ {YEAR - 5} đến {YEAR + 1}." in _messages(exc)


def _movement(state, **kw):
    return Movement.objects.create(kind=MovementKind.THEMATIC, name="Chuyển đổi số", state=state, **kw)


def test_registration_for_a_launched_movement_is_separate_from_the_annual_one(province, unit_officer):
    movement = _movement(State.LAUNCHED)
    annual = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR)
    by_movement = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR, movement=movement)
    assert annual.pk != by_movement.pk and by_movement.movement == movement
    assert "theo phong trào “Chuyển đổi số”" in AuditEvent.objects.filter(action="registration.open").first().summary


@pytest.mark.parametrize("state", [State.DRAFT, State.CLOSED])
def test_registration_for_a_movement_not_open_is_refused(province, province_officer, state):
    movement = _movement(state)
    with pytest.raises(ValidationError):
        services.registration_open(actor=province_officer, unit=province.health, year=YEAR, movement=movement)
    assert not Registration.objects.exists()


def test_registration_year_outside_the_movement_period_is_refused(province, unit_officer):
    movement = _movement(State.UNDER_WAY, period_start=dt.date(YEAR - 3, 7, 1), period_end=dt.date(YEAR - 2, 6, 30))
    with pytest.raises(ValidationError) as exc:
        services.registration_open(actor=unit_officer, unit=province.health, year=YEAR, movement=movement)
    assert "nằm ngoài thời gian của phong trào" in _messages(exc)


# --- the rules of a line ---------------------------------------------------------------------------


def test_a_person_of_the_unit_registers_a_title_with_an_audit_event(registration, unit_officer, make_person):
    person = make_person(registration.unit, "Nguyễn Văn An")
    line = services.registration_line_add(
        actor=unit_officer, registration=registration, subject=person, award_type=award("CSTDCS"), note="  Bác sĩ  "
    )
    assert line.person == person and line.award_type.code == "CSTDCS" and line.note == "Bác sĩ"
    event = AuditEvent.objects.get(action="registration.line_add")
    assert event.summary.startswith(f"Đăng ký “Chiến sĩ thi đua cơ sở” năm {YEAR} cho Nguyễn Văn An")


def test_a_person_of_a_sub_unit_may_be_registered_by_the_parent_unit(registration, unit_officer, make_person, province):
    doctor = make_person(province.hospital, "Lê Thị Hoa")
    line = services.registration_line_add(
        actor=unit_officer, registration=registration, subject=doctor, award_type="LDTT"
    )
    assert line.person == doctor


def test_a_person_of_another_unit_is_refused(registration, unit_officer, make_person, province):
    teacher = make_person(province.school, "Phạm Văn Giáo")
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=teacher, award_type="LDTT"
        )
    assert "Cá nhân “Phạm Văn Giáo” không công tác tại Sở Y tế hoặc đơn vị trực thuộc." in _messages(exc)
    assert not RegistrationLine.objects.exists()


def test_a_person_who_left_is_refused(registration, unit_officer, make_person):
    person = make_person(registration.unit, "Trần Văn Nghỉ")
    Employment.objects.create(
        person=person, unit=registration.unit, start_date=dt.date(2010, 1, 1), end_date=dt.date(YEAR - 1, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    assert "đã thôi công tác" in _messages(exc)


def test_a_person_with_a_current_employment_is_accepted(registration, unit_officer, make_person):
    person = make_person(registration.unit, "Trần Văn Làm")
    Employment.objects.create(person=person, unit=registration.unit, start_date=dt.date(2010, 1, 1))
    services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    assert RegistrationLine.objects.count() == 1


def test_a_person_of_a_closed_sub_unit_is_refused(registration, unit_officer, make_person, province):
    person = make_person(province.hospital, "Đỗ Văn Cũ")
    province.hospital.valid_to = dt.date(2025, 6, 30)
    province.hospital.save()
    person.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    assert "đã giải thể/sáp nhập" in _messages(exc)


def test_the_unit_itself_and_its_sub_units_register_collective_titles(registration, unit_officer, province):
    services.registration_line_add(
        actor=unit_officer, registration=registration, subject=province.health, award_type="TTLDXS"
    )
    services.registration_line_add(
        actor=unit_officer, registration=registration, subject=province.hospital, award_type="TTLDTT"
    )
    assert registration.lines.count() == 2


def test_another_unit_cannot_be_registered_as_a_collective(registration, unit_officer, province):
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=province.school, award_type="TTLDTT"
        )
    assert "Tập thể “Trường THPT Chuyên Hòa Giang” không phải Sở Y tế hoặc đơn vị trực thuộc." in _messages(exc)


def test_a_dissolved_sub_unit_cannot_be_registered(registration, unit_officer, province):
    province.hospital.valid_to = dt.date(2025, 6, 30)
    province.hospital.save()
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=province.hospital, award_type="TTLDTT"
        )
    assert "đã giải thể/sáp nhập" in _messages(exc)


def test_a_collective_title_cannot_be_registered_for_a_person(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=person, award_type="TTLDXS"
        )
    assert "“Tập thể lao động xuất sắc” chỉ xét cho tập thể, không đăng ký cho cá nhân." in _messages(exc)


def test_an_individual_title_cannot_be_registered_for_a_collective(registration, unit_officer, province):
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=province.health, award_type="CSTDCS"
        )
    assert "chỉ xét cho cá nhân, không đăng ký cho tập thể" in _messages(exc)


@pytest.mark.parametrize("code", ["HCLD3", "GK", "BK_TTG"])
def test_a_form_that_is_not_registrable_is_refused(registration, unit_officer, make_person, code):
    person = make_person(registration.unit)
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type=code)
    assert "không thuộc danh mục được đăng ký thi đua" in _messages(exc)
    assert "Lao động tiên tiến" in _messages(exc)  # the message lists what may be registered


def test_an_inactive_award_type_is_refused(registration, unit_officer, make_person):
    ldtt = award("LDTT")
    ldtt.active = False
    ldtt.save()
    with pytest.raises(ValidationError):
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=make_person(registration.unit), award_type=ldtt
        )


def test_a_duplicate_line_is_refused_with_a_clear_message(registration, unit_officer, make_person):
    person = make_person(registration.unit, "Nguyễn Văn An")
    services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    assert "Nguyễn Văn An đã đăng ký “Lao động tiên tiến” trong bản đăng ký này." in _messages(exc)
    assert registration.lines.count() == 1


def test_the_same_person_may_register_two_different_titles(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    for code in ("LDTT", "CSTDCS"):
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type=code)
    assert registration.lines.count() == 2


def test_a_note_longer_than_255_characters_is_refused(registration, unit_officer, make_person):
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer,
            registration=registration,
            subject=make_person(registration.unit),
            award_type="LDTT",
            note="x" * 256,
        )
    assert "Ghi chú dài quá 255 ký tự." in _messages(exc)


def test_another_units_officer_cannot_add_a_line(registration, other_unit_officer, make_person):
    with pytest.raises(PermissionDenied):
        services.registration_line_add(
            actor=other_unit_officer,
            registration=registration,
            subject=make_person(registration.unit),
            award_type="LDTT",
        )
    assert not RegistrationLine.objects.exists()


def test_removing_a_line_writes_an_audit_event(registration, unit_officer, make_person):
    line = services.registration_line_add(
        actor=unit_officer, registration=registration, subject=make_person(registration.unit), award_type="LDTT"
    )
    services.registration_line_remove(actor=unit_officer, line=line)
    assert not RegistrationLine.objects.exists()
    event = AuditEvent.objects.get(action="registration.line_remove")
    assert event.summary.startswith(f"Xóa đăng ký “Lao động tiên tiến” năm {YEAR} của Nguyễn Văn An")


def test_another_units_officer_cannot_remove_a_line(registration, unit_officer, other_unit_officer, make_person):
    line = services.registration_line_add(
        actor=unit_officer, registration=registration, subject=make_person(registration.unit), award_type="LDTT"
    )
    with pytest.raises(PermissionDenied):
        services.registration_line_remove(actor=other_unit_officer, line=line)
    assert RegistrationLine.objects.count() == 1


# --- submit and reopen ----------------------------------------------------------------------------


def test_submitting_freezes_the_lines(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    line = services.registration_line_add(
        actor=unit_officer, registration=registration, subject=person, award_type="LDTT"
    )
    services.registration_submit(actor=unit_officer, registration=registration)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED and registration.submitted_at is not None
    assert AuditEvent.objects.get(action="registration.submit").summary == (
        f"Gửi bản đăng ký thi đua năm {YEAR} của Sở Y tế (1 dòng)"
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(
            actor=unit_officer, registration=registration, subject=person, award_type="CSTDCS"
        )
    assert "Bản đăng ký đã gửi nên không sửa được" in _messages(exc)
    with pytest.raises(ValidationError):
        services.registration_line_remove(actor=unit_officer, line=line)
    with pytest.raises(ValidationError):
        services.registration_submit(actor=unit_officer, registration=registration)
    assert registration.lines.count() == 1


def test_an_empty_registration_cannot_be_submitted(registration, unit_officer):
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(actor=unit_officer, registration=registration)
    assert "Bản đăng ký chưa có dòng nào" in _messages(exc)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def _submitted(registration, unit_officer, make_person):
    services.registration_line_add(
        actor=unit_officer, registration=registration, subject=make_person(registration.unit), award_type="LDTT"
    )
    return services.registration_submit(actor=unit_officer, registration=registration)


def test_the_province_reopens_a_submitted_registration(registration, unit_officer, province_officer, make_person):
    _submitted(registration, unit_officer, make_person)
    services.registration_reopen(actor=province_officer, registration=registration, reason="Bổ sung cá nhân")
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT and registration.submitted_at is None
    assert "Lý do: Bổ sung cá nhân" in AuditEvent.objects.get(action="registration.reopen").summary
    services.registration_line_add(
        actor=unit_officer, registration=registration, subject=make_person(registration.unit, "Mới"), award_type="LDTT"
    )


def test_a_unit_officer_cannot_reopen_a_submitted_registration(registration, unit_officer, make_person):
    _submitted(registration, unit_officer, make_person)
    with pytest.raises(PermissionDenied):
        services.registration_reopen(actor=unit_officer, registration=registration, reason="Sửa")
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED


def test_reopening_needs_a_reason_and_a_submitted_registration(
    registration, unit_officer, province_officer, make_person
):
    with pytest.raises(ValidationError) as exc:
        services.registration_reopen(actor=province_officer, registration=registration, reason="Sửa")
    assert "chưa gửi" in _messages(exc)
    _submitted(registration, unit_officer, make_person)
    with pytest.raises(ValidationError) as exc:
        services.registration_reopen(actor=province_officer, registration=registration, reason="  ")
    assert "Vui lòng ghi lý do mở lại bản đăng ký." in _messages(exc)


def test_a_registration_of_a_unit_dissolved_since_cannot_be_changed(registration, unit_officer, make_person, province):
    person = make_person(province.health)
    province.health.valid_to = dt.date(YEAR, 1, 31)
    province.health.save()
    registration.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.registration_line_add(actor=unit_officer, registration=registration, subject=person, award_type="LDTT")
    assert "đã giải thể/sáp nhập" in _messages(exc)
