import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.people import services
from thidua.people.models import AnnualRating, Discipline, Embargo, Initiative, Person
from thidua.people.selectors import person_timeline


@pytest.fixture
def an(province, make_person):
    return make_person(
        province.health,
        "Nguyễn Văn An",
        national_id="001085000123",
        position="Trưởng phòng",
        is_direct_worker=True,
    )


def test_person_page_shows_identity_and_unit_link(client_for, unit_officer, an, province):
    html = client_for(unit_officer).get(reverse("people:person_detail", args=[an.pk])).content.decode()
    for text in ("Nguyễn Văn An", "15/03/1985", "Nam", "Kinh", "001085000123", "Trưởng phòng", "Công chức"):
        assert text in html
    assert "Người lao động trực tiếp" in html
    assert f'href="/don-vi/{province.health.pk}/"' in html


def test_timeline_shows_awards_with_decision_amount_and_revocation(client_for, unit_officer, an, province, award_for):
    award_for(an, issuer=province.root, year=2023, amount=2_530_000, number="45/QĐ-UBND")
    award_for(an, issuer=province.root, year=2021, amount=1_000_000, revoked=True, number="12/QĐ-UBND")
    AnnualRating.objects.create(person=an, year=2023, grade="HTXS")
    html = client_for(unit_officer).get(reverse("people:person_detail", args=[an.pk])).content.decode()
    assert "Năm 2023" in html and "Năm 2021" in html
    assert "Bằng khen của Chủ tịch UBND tỉnh" in html
    assert "Quyết định số 45/QĐ-UBND ngày 20/01/2024" in html
    assert "2.530.000 đ" in html
    assert "<del" in html and "Đã hủy bỏ" in html
    assert html.index("Năm 2023") < html.index("Năm 2021")


def test_timeline_loads_in_a_fixed_number_of_queries(an, province, award_for, django_assert_num_queries):
    for year in range(2018, 2025):
        AnnualRating.objects.create(person=an, year=year, grade="HTT")
        Initiative.objects.create(person=an, title=f"Sáng kiến {year}", scope="BASE", recognising_body="Sở", year=year)
        award_for(an, issuer=province.root, year=year, number=f"{year}/QĐ")
    Discipline.objects.create(
        person=an, level="REPRIMAND", start_date=dt.date(2019, 1, 1), end_date=dt.date(2019, 12, 31)
    )
    Embargo.objects.create(person=an, reason="PRESS", start_date=dt.date(2024, 5, 1))
    with django_assert_num_queries(6):
        timeline = person_timeline(an)
        for _year, entries in timeline.years:
            for entry in entries:
                if entry.kind == "award":
                    str(entry.obj.decision.number) + entry.obj.award_type.name
    assert [year for year, _ in timeline.years] == list(range(2024, 2017, -1))
    kinds_2019 = [e.kind for e in dict(timeline.years)[2019]]
    assert kinds_2019 == ["award", "rating", "initiative", "discipline"]


def test_history_tab_lists_changes_of_the_person_and_their_facts(client_for, unit_officer, an):
    services.person_update(
        actor=unit_officer,
        person=an,
        data={**{f: getattr(an, f) for f in services.PERSON_FIELDS}, "position": "Phó Giám đốc"},
    )
    services.rating_set(actor=unit_officer, person=an, year=2024, grade="HTT")
    html = client_for(unit_officer).get(reverse("people:person_detail", args=[an.pk]), {"tab": "lich-su"})
    html = html.content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Trưởng phòng → Phó Giám đốc" in html
    assert "Xếp loại hằng năm" in html


def test_fact_buttons_only_for_those_allowed(client_for, unit_officer, province_officer, leader, an):
    url = reverse("people:person_detail", args=[an.pk])
    add = reverse("people:initiative_add", args=[an.pk])
    assert add in client_for(unit_officer).get(url).content.decode()
    assert add in client_for(province_officer).get(url).content.decode()
    assert add not in client_for(leader).get(url).content.decode()


# --- services directly (the API and imports call them too) -------------------------------------


def test_services_refuse_actors_without_permission(other_unit_officer, leader, an, province):
    for actor in (other_unit_officer, leader):
        with pytest.raises(PermissionDenied):
            services.rating_set(actor=actor, person=an, year=2024, grade="HT")
        with pytest.raises(PermissionDenied):
            services.person_create(
                actor=actor,
                data={"full_name": "X", "sex": "M", "employment_type": "WORKER", "unit": province.health},
            )
    assert not AnnualRating.objects.exists()
    assert Person.objects.count() == 1


def test_person_create_checks_cccd_even_without_the_form(unit_officer, province, an):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as bad:
        services.person_create(
            actor=unit_officer,
            data={
                "full_name": "Trần Văn Bình",
                "sex": "M",
                "employment_type": "WORKER",
                "unit": province.health,
                "national_id": "12345",
            },
        )
    assert bad.value.message_dict["national_id"] == ["Số CCCD phải gồm đúng 12 chữ số."]
    with pytest.raises(ValidationError) as dup:
        services.person_create(
            actor=unit_officer,
            data={
                "full_name": "Trần Văn Bình",
                "sex": "M",
                "employment_type": "WORKER",
                "unit": province.health,
                "national_id": "001085000123",
            },
        )
    assert "đã có trong hệ thống" in dup.value.message_dict["national_id"][0]
    assert Person.objects.count() == before


def test_rating_set_writes_one_audit_event_per_change(unit_officer, an):
    from thidua.core.models import AuditEvent

    services.rating_set(actor=unit_officer, person=an, year=2022, grade="HT")
    services.rating_set(actor=unit_officer, person=an, year=2022, grade="HTT")
    events = AuditEvent.objects.filter(action="rating.set").order_by("id")
    assert events.count() == 2
    assert "trước đây: Hoàn thành nhiệm vụ" in events.last().summary
