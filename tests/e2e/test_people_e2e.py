import datetime as dt

import pytest

from tests.e2e.conftest import login
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nurse(province):
    from thidua.people.models import EmploymentType, Person, Sex

    return Person.objects.create(
        full_name="Nguyễn Thị Đào",
        birth_date=dt.date(1988, 3, 14),
        sex=Sex.FEMALE,
        employment_type=EmploymentType.PUBLIC_EMPLOYEE,
        position="Điều dưỡng trưởng",
        unit=province.hospital,
    )


def test_unit_officer_finds_a_person_without_diacritics_and_opens_the_page(page, screenshot, unit_officer, nurse):
    login(page, unit_officer.username, PASSWORD)
    page.goto("/ca-nhan/")
    page.fill("input[name=q]", "nguyen thi dao")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Nguyễn Thị Đào").first.click()
    page.wait_for_url(f"**/ca-nhan/{nurse.pk}/")
    assert page.get_by_role("heading", name="Nguyễn Thị Đào").is_visible()
    assert "Bệnh viện Đa khoa tỉnh" in page.content()
    screenshot("person_page_unit_officer")


def test_officer_of_another_unit_is_refused_the_person_page(page, screenshot, other_unit_officer, nurse):
    login(page, other_unit_officer.username, PASSWORD)
    response = page.goto(f"/ca-nhan/{nurse.pk}/")
    assert response.status in (403, 404)
    assert "Nguyễn Thị Đào" not in page.content()
    screenshot("person_page_other_unit")
    page.goto("/ca-nhan/?q=nguyen+thi+dao")
    assert "Nguyễn Thị Đào" not in page.content()
