import datetime as dt

import pytest

from tests.e2e.conftest import login
from tests.personas import PASSWORD

# serialized_rollback keeps the catalogue seeded by migrations after each transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def doctor(province):
    from thidua.catalog.models import AwardType
    from thidua.decisions.models import Award, Decision
    from thidua.people.models import AnnualRating, EmploymentType, Initiative, InitiativeScope, Person, Sex

    person = Person.objects.create(
        full_name="Trịnh Minh Đức",
        birth_date=dt.date(1980, 5, 2),
        sex=Sex.MALE,
        employment_type=EmploymentType.PUBLIC_EMPLOYEE,
        position="Trưởng khoa Nội",
        unit=province.hospital,
    )
    cstdcs = AwardType.objects.get(code="CSTDCS")
    for year in (2023, 2024, 2025):
        AnnualRating.objects.create(person=person, year=year, grade="HTXS")
        decision = Decision.objects.create(
            number=f"{year}/QĐ-BVĐK", date=dt.date(year + 1, 1, 15), issuer=province.hospital
        )
        Award.objects.create(
            decision=decision, award_type=cstdcs, person=person, year=year, subject_name=person.full_name
        )
    Initiative.objects.create(
        person=person,
        title="Quy trình cấp cứu đột quỵ trong giờ vàng",
        scope=InitiativeScope.PROVINCE,
        recognising_body="Chủ tịch UBND tỉnh",
        year=2025,
    )
    return person


def test_unit_officer_finds_a_candidate_for_the_provincial_title_and_reads_why(page, screenshot, unit_officer, doctor):
    login(page, unit_officer.username, PASSWORD)
    page.goto("/dieu-kien/danh-sach/?nam=2025&danh_hieu=CSTD_TINH")
    assert page.get_by_text("Trịnh Minh Đức").first.is_visible()
    screenshot("eligible_list_cstd_tinh")
    page.goto(f"/ca-nhan/{doctor.pk}/")
    page.get_by_text("Điều kiện khen thưởng năm").first.wait_for()
    assert "3 năm liên tục đạt Chiến sĩ thi đua cơ sở" in page.content()
    screenshot("person_eligibility_panel")


def test_officer_of_another_unit_does_not_see_the_candidate(page, other_unit_officer, doctor):
    login(page, other_unit_officer.username, PASSWORD)
    page.goto("/dieu-kien/danh-sach/?nam=2025&danh_hieu=CSTD_TINH")
    assert "Trịnh Minh Đức" not in page.content()
    response = page.goto(f"/dieu-kien/ca-nhan/{doctor.pk}/")
    assert response.status == 404
