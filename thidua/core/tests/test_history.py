from thidua.core.history import history_entries
from thidua.people.models import EmploymentType, Person, Sex


def _person(unit):
    return Person.objects.create(
        full_name="Trần Văn Sơn", sex=Sex.MALE, employment_type=EmploymentType.CIVIL_SERVANT, unit=unit
    )


def test_history_shows_what_changed_with_related_names(province):
    person = _person(province.health)
    person.position = "Phó trưởng phòng"
    person.save()
    person.unit = province.hospital
    person.save()
    entries = history_entries(person.history.all())
    assert [e["type"] for e in entries] == ["Sửa", "Sửa", "Tạo mới"]
    unit_change = entries[0]["changes"][0]
    assert unit_change == {"field": "đơn vị công tác", "old": "Sở Y tế", "new": "Bệnh viện Đa khoa tỉnh"}
    assert entries[1]["changes"][0]["new"] == "Phó trưởng phòng"


def test_history_runs_a_fixed_number_of_queries_whatever_its_length(province, django_assert_max_num_queries):
    person = _person(province.health)
    for i in range(3):
        person.position = f"Chức vụ {i}"
        person.save()
    with django_assert_max_num_queries(10) as few:
        history_entries(person.history.all())
    for i in range(30):
        person.position = f"Chức vụ mới {i}"
        person.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        entries = history_entries(person.history.all())
    assert len(entries) == 34
