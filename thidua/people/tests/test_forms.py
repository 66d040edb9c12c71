"""Creating and editing people and their facts through the screens: errors in Vietnamese, nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.people.models import AnnualRating, Discipline, Embargo, Employment, Initiative, Person

CREATE = reverse("people:person_create")


def person_data(unit, **over):
    data = {
        "full_name": "Phạm Thị Hồng",
        "birth_date": "12/05/1988",
        "sex": "F",
        "ethnicity": "Kinh",
        "national_id": "036188004455",
        "position": "Điều dưỡng trưởng",
        "employment_type": "PUBLIC_EMPLOYEE",
        "unit": unit.pk,
    }
    data.update(over)
    return data


def counts():
    return (
        Person.objects.count(),
        AnnualRating.objects.count(),
        Initiative.objects.count(),
        Discipline.objects.count(),
        Embargo.objects.count(),
        Employment.objects.count(),
        AuditEvent.objects.count(),
    )


def errors_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- creating a person -------------------------------------------------------------------------


def test_unit_officer_creates_a_person_with_a_dd_mm_yyyy_birth_date(client_for, unit_officer, province):
    response = client_for(unit_officer).post(CREATE, person_data(province.hospital))
    person = Person.objects.get(national_id="036188004455")
    assert response.status_code == 302 and response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.birth_date == dt.date(1988, 5, 12) and person.unit == province.hospital
    assert person.search_text == "pham thi hong"
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()


def test_invalid_national_id_is_a_vietnamese_error_and_nothing_is_saved(client_for, unit_officer, province):
    before = counts()
    for bad in ("12345", "03618800445A", "0361880044556"):
        html = errors_of(client_for(unit_officer).post(CREATE, person_data(province.health, national_id=bad)))
        assert "Số CCCD phải gồm đúng 12 chữ số." in html
    assert counts() == before


def test_duplicate_national_id_is_refused_without_naming_the_holder(client_for, unit_officer, province, make_person):
    make_person(province.school, "Lê Thị Mai", national_id="036188004455")  # outside the officer's scope
    before = counts()
    html = errors_of(client_for(unit_officer).post(CREATE, person_data(province.health)))
    assert "Số CCCD này đã có trong hệ thống" in html
    assert "Lê Thị Mai" not in html
    assert counts() == before


def test_birth_date_in_the_future_is_refused(client_for, unit_officer, province):
    before = counts()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    html = errors_of(client_for(unit_officer).post(CREATE, person_data(province.health, birth_date=tomorrow)))
    assert "Ngày sinh không được sau ngày hôm nay." in html
    assert counts() == before


def test_unreadable_birth_date_is_a_vietnamese_error(client_for, unit_officer, province):
    html = errors_of(client_for(unit_officer).post(CREATE, person_data(province.health, birth_date="31/02/1990")))
    assert "Ngày không hợp lệ" in html
    assert not Person.objects.exists()


def test_unit_officer_cannot_create_a_person_in_another_department(client_for, unit_officer, province):
    before = counts()
    html = errors_of(client_for(unit_officer).post(CREATE, person_data(province.school)))
    assert "ngoài phạm vi quản lý" in html
    assert counts() == before


def test_leader_may_view_but_not_create_people(client_for, leader, province):
    assert client_for(leader).get(reverse("people:person_list")).status_code == 200
    assert client_for(leader).post(CREATE, person_data(province.health)).status_code == 403
    assert not Person.objects.exists()


def test_same_name_and_birth_date_asks_for_confirmation_before_creating(
    client_for, unit_officer, province, make_person
):
    make_person(province.hospital, "Phạm Thị Hồng", birth_date=dt.date(1988, 5, 12))
    c = client_for(unit_officer)
    data = person_data(province.health, full_name="Pham Thi Hong", national_id="")
    html = errors_of(c.post(CREATE, data))
    assert "Có thể trùng với cá nhân đã có" in html and 'name="confirm_duplicate"' in html
    assert Person.objects.count() == 1

    response = c.post(CREATE, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_edit_keeps_the_cccd_rules(client_for, unit_officer, province, make_person):
    person = make_person(province.health, "Nguyễn Văn An", national_id="001085000123")
    make_person(province.health, "Trần Văn Bình", national_id="001085000999")
    url = reverse("people:person_edit", args=[person.pk])
    data = person_data(province.health, full_name="Nguyễn Văn An", national_id="001085000999")
    data.pop("unit")
    html = errors_of(client_for(unit_officer).post(url, data))
    assert "Số CCCD này đã có trong hệ thống" in html
    person.refresh_from_db()
    assert person.national_id == "001085000123"

    response = client_for(unit_officer).post(url, {**data, "national_id": "001085000123", "position": "Bác sĩ"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.position == "Bác sĩ"


def test_other_unit_officer_cannot_edit_or_add_facts(client_for, other_unit_officer, province, make_person):
    person = make_person(province.health)
    c = client_for(other_unit_officer)
    for name in ("person_edit", "rating_set", "initiative_add", "discipline_add", "embargo_add", "employment_add"):
        assert c.get(reverse(f"people:{name}", args=[person.pk])).status_code == 404
        assert c.post(reverse(f"people:{name}", args=[person.pk]), {}).status_code == 404


def test_leader_sees_the_person_but_gets_403_on_fact_forms(client_for, leader, province, make_person):
    person = make_person(province.health)
    c = client_for(leader)
    html = c.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert reverse("people:rating_set", args=[person.pk]) not in html
    before = counts()
    response = c.post(reverse("people:rating_set", args=[person.pk]), {"year": 2024, "grade": "HTXS"})
    assert response.status_code == 403
    assert counts() == before


# --- facts -------------------------------------------------------------------------------------


@pytest.fixture
def hong(province, make_person):
    return make_person(province.health, "Phạm Thị Hồng", birth_date=dt.date(1988, 5, 12), sex="F")


def test_rating_for_a_year_before_birth_is_refused(client_for, unit_officer, hong):
    before = counts()
    html = errors_of(
        client_for(unit_officer).post(reverse("people:rating_set", args=[hong.pk]), {"year": 1980, "grade": "HTXS"})
    )
    assert "Năm 1980 trước năm sinh của cá nhân (1988)." in html
    assert counts() == before


def test_rating_for_a_future_year_is_refused(client_for, unit_officer, hong):
    year = timezone.localdate().year + 1
    html = errors_of(
        client_for(unit_officer).post(reverse("people:rating_set", args=[hong.pk]), {"year": year, "grade": "HT"})
    )
    assert "chưa đến" in html
    assert not AnnualRating.objects.exists()


def test_rating_twice_for_the_same_year_updates_it_and_keeps_history(client_for, unit_officer, hong):
    c = client_for(unit_officer)
    url = reverse("people:rating_set", args=[hong.pk])
    assert c.post(url, {"year": 2023, "grade": "HT"}).status_code == 302
    assert c.post(url, {"year": 2023, "grade": "HTXS", "note": "Phúc tra"}).status_code == 302
    rating = AnnualRating.objects.get(person=hong, year=2023)
    assert rating.grade == "HTXS"
    assert rating.history.count() == 2
    html = c.get(reverse("people:person_detail", args=[hong.pk]), {"tab": "lich-su"}).content.decode()
    assert "Hoàn thành nhiệm vụ → Hoàn thành xuất sắc nhiệm vụ" in html


def test_initiative_before_birth_or_in_the_future_is_refused_and_valid_one_is_added(client_for, unit_officer, hong):
    c = client_for(unit_officer)
    url = reverse("people:initiative_add", args=[hong.pk])
    data = {"title": "Quy trình chăm sóc người bệnh", "scope": "BASE", "recognising_body": "Sở Y tế", "year": 1987}
    assert "trước năm sinh" in errors_of(c.post(url, data))
    assert "chưa đến" in errors_of(c.post(url, {**data, "year": timezone.localdate().year + 2}))
    assert not Initiative.objects.exists()
    assert c.post(url, {**data, "year": 2022}).status_code == 302
    initiative = Initiative.objects.get()
    edit = reverse("people:initiative_edit", args=[initiative.pk])
    assert c.post(edit, {**data, "year": 2023, "scope": "PROVINCE"}).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.year, initiative.scope) == (2023, "PROVINCE")


def test_discipline_ending_before_it_starts_is_refused(client_for, unit_officer, hong):
    url = reverse("people:discipline_add", args=[hong.pk])
    data = {"level": "REPRIMAND", "start_date": "01/03/2024", "end_date": "01/02/2024"}
    html = errors_of(client_for(unit_officer).post(url, data))
    assert "Ngày kết thúc không được trước ngày bắt đầu." in html
    assert not Discipline.objects.exists()
    assert client_for(unit_officer).post(url, {**data, "end_date": "28/02/2025"}).status_code == 302
    assert Discipline.objects.get().end_date == dt.date(2025, 2, 28)


def test_embargo_is_added_shown_and_ended_after_confirmation(client_for, unit_officer, hong):
    c = client_for(unit_officer)
    assert (
        c.post(
            reverse("people:embargo_add", args=[hong.pk]), {"reason": "COMPLAINT", "start_date": "10/01/2025"}
        ).status_code
        == 302
    )
    embargo = Embargo.objects.get()
    html = c.get(reverse("people:person_detail", args=[hong.pk])).content.decode()
    assert "Đang tạm dừng xét khen thưởng" in html
    end_url = reverse("people:embargo_end", args=[embargo.pk])
    assert "data-confirm=" in c.get(end_url).content.decode()
    assert "không được trước ngày bắt đầu" in errors_of(c.post(end_url, {"end_date": "01/01/2025"}))
    assert c.post(end_url, {"end_date": "15/02/2025"}).status_code == 302
    embargo.refresh_from_db()
    assert embargo.end_date == dt.date(2025, 2, 15)
    assert "đã kết thúc" in errors_of(c.post(end_url, {"end_date": "16/02/2025"}))


def test_moving_a_person_closes_the_open_employment(client_for, unit_officer, hong, province):
    c = client_for(unit_officer)
    url = reverse("people:employment_add", args=[hong.pk])
    assert c.post(url, {"unit": province.health.pk, "start_date": "01/01/2020", "position": "Chuyên viên"}).status_code
    assert c.post(url, {"unit": province.hospital.pk, "start_date": "01/07/2025", "position": "Phó Giám đốc"})
    first, second = Employment.objects.filter(person=hong).order_by("start_date")
    assert first.end_date == dt.date(2025, 6, 30) and second.end_date is None
    hong.refresh_from_db()
    assert hong.unit == province.hospital and hong.position == "Phó Giám đốc"


def test_unit_officer_cannot_move_a_person_out_of_scope(client_for, unit_officer, hong, province):
    url = reverse("people:employment_add", args=[hong.pk])
    before = counts()
    html = errors_of(client_for(unit_officer).post(url, {"unit": province.school.pk, "start_date": "01/07/2025"}))
    assert "ngoài phạm vi quản lý" in html
    assert counts() == before
    hong.refresh_from_db()
    assert hong.unit == province.health
