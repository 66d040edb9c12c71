import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.people.models import EmploymentType, Person, Sex
from thidua.people.selectors import person_list

LIST = reverse("people:person_list")
EXPORT = reverse("people:person_export")


@pytest.fixture
def staff(province, make_person):
    """Two people in health (one in the hospital below it), one in education."""
    return type(
        "Staff",
        (),
        dict(
            an=make_person(province.health, "Nguyễn Văn An", national_id="001085000123"),
            dat=make_person(province.hospital, "Trần Đức Đạt", sex=Sex.MALE, birth_date=dt.date(1990, 6, 1)),
            mai=make_person(
                province.school,
                "Lê Thị Mai",
                sex=Sex.FEMALE,
                employment_type=EmploymentType.PUBLIC_EMPLOYEE,
                birth_date=dt.date(1995, 1, 2),
            ),
        ),
    )


def names(response):
    return [p.full_name for p in response.context["page"].object_list]


def export_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(wb.active.iter_rows(values_only=True))


# --- scope -------------------------------------------------------------------------------------


def test_unit_officer_lists_only_people_of_own_department_and_its_subunits(client_for, unit_officer, staff):
    response = client_for(unit_officer).get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn An", "Trần Đức Đạt"]
    assert "Lê Thị Mai" not in response.content.decode()


def test_unit_officer_cannot_list_other_department_people_by_filtering_on_its_unit(
    client_for, unit_officer, staff, province
):
    response = client_for(unit_officer).get(LIST, {"unit": province.edu.pk})
    assert names(response) == []
    assert "Lê Thị Mai" not in response.content.decode()
    assert "ngoài phạm vi" in response.content.decode()
    assert list(person_list(actor=unit_officer, filters={"unit": province.edu.pk})) == []


def test_unit_officer_cannot_open_a_person_of_another_department(client_for, unit_officer, staff):
    response = client_for(unit_officer).get(reverse("people:person_detail", args=[staff.mai.pk]))
    assert response.status_code == 404


def test_unit_officer_cannot_export_people_of_another_department(client_for, unit_officer, staff, province):
    c = client_for(unit_officer)
    rows = export_rows(c.get(EXPORT))
    exported = [r[1] for r in rows[1:]]
    assert exported == ["Nguyễn Văn An", "Trần Đức Đạt"]
    assert [r[1] for r in export_rows(c.get(EXPORT, {"unit": province.edu.pk}))[1:]] == []


def test_province_officer_sees_everyone(client_for, province_officer, staff):
    response = client_for(province_officer).get(LIST)
    assert names(response) == ["Lê Thị Mai", "Nguyễn Văn An", "Trần Đức Đạt"]


def test_council_member_has_no_access_to_the_people_list(client_for, council_member, staff):
    assert client_for(council_member).get(LIST).status_code == 403
    assert client_for(council_member).get(EXPORT).status_code == 403
    assert client_for(council_member).get(reverse("people:person_detail", args=[staff.an.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client_for, staff):
    for url in (LIST, EXPORT, reverse("people:person_detail", args=[staff.an.pk]), reverse("people:person_create")):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_unit_filter_offers_only_units_in_scope(client_for, unit_officer, province):
    form = client_for(unit_officer).get(LIST).context["form"]
    offered = {value for value, _ in form.fields["unit"].choices if value}
    assert offered == {province.health.pk, province.hospital.pk}


# --- search and filters ------------------------------------------------------------------------


def test_search_without_diacritics_finds_accented_name(client_for, province_officer, staff):
    assert names(client_for(province_officer).get(LIST, {"q": "nguyen van an"})) == ["Nguyễn Văn An"]


def test_search_with_d_finds_name_with_barred_d(client_for, province_officer, staff):
    assert names(client_for(province_officer).get(LIST, {"q": "tran duc dat"})) == ["Trần Đức Đạt"]
    assert names(client_for(province_officer).get(LIST, {"q": "Đạt"})) == ["Trần Đức Đạt"]


def test_search_words_may_skip_middle_names(client_for, province_officer, staff):
    assert names(client_for(province_officer).get(LIST, {"q": "nguyen an"})) == ["Nguyễn Văn An"]


def test_search_by_twelve_digit_national_id_matches_exactly(client_for, province_officer, staff):
    assert names(client_for(province_officer).get(LIST, {"q": "001085000123"})) == ["Nguyễn Văn An"]
    assert names(client_for(province_officer).get(LIST, {"q": "001085000124"})) == []


def test_unit_filter_includes_the_whole_subtree(client_for, province_officer, staff, province):
    c = client_for(province_officer)
    assert names(c.get(LIST, {"unit": province.health.pk})) == ["Nguyễn Văn An", "Trần Đức Đạt"]
    assert names(c.get(LIST, {"unit": province.hospital.pk})) == ["Trần Đức Đạt"]


def test_filters_by_sex_employment_type_and_birth_years(client_for, province_officer, staff):
    c = client_for(province_officer)
    assert names(c.get(LIST, {"sex": "F"})) == ["Lê Thị Mai"]
    assert names(c.get(LIST, {"employment_type": "PUBLIC_EMPLOYEE"})) == ["Lê Thị Mai"]
    assert names(c.get(LIST, {"birth_year_from": 1989})) == ["Lê Thị Mai", "Trần Đức Đạt"]
    assert names(c.get(LIST, {"birth_year_from": 1989, "birth_year_to": 1991})) == ["Trần Đức Đạt"]


def test_reversed_birth_year_range_is_a_vietnamese_error(client_for, province_officer, staff):
    response = client_for(province_officer).get(LIST, {"birth_year_from": 2000, "birth_year_to": 1990})
    assert names(response) == []
    assert "Năm sinh đến phải không nhỏ hơn năm sinh từ." in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(client_for, province_officer, staff):
    response = client_for(province_officer).get(LIST, {"q": "mai"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert "Lê Thị Mai" in html and "<html" not in html


def test_search_works_without_javascript_as_a_get_form(client_for, province_officer, staff):
    html = client_for(province_officer).get(LIST, {"q": "mai"}).content.decode()
    assert '<form method="get"' in html and "<html" in html and "Lê Thị Mai" in html


# --- performance shape -------------------------------------------------------------------------


def _bulk(unit, n, start=0):
    Person.objects.bulk_create(
        Person(
            unit=unit,
            full_name=f"Nguyễn Văn Số {i}",
            search_text=f"nguyen van so {i}",
            sex=Sex.MALE,
            employment_type=EmploymentType.WORKER,
        )
        for i in range(start, start + n)
    )


def test_first_page_runs_a_fixed_number_of_queries_whatever_the_data_size(
    client_for, province_officer, province, django_assert_num_queries
):
    c = client_for(province_officer)
    _bulk(province.hospital, 5)
    _bulk(province.school, 0)
    with CaptureQueriesContext(connection) as first:
        assert c.get(LIST).status_code == 200
    baseline = len(first.captured_queries)
    # session, user, roles, units for the filter, count, page; the header: unread notices, dossiers
    # waiting at the officer's steps, dossiers returned to their units
    assert baseline <= 10

    _bulk(province.school, 60, start=5)
    with django_assert_num_queries(baseline):
        response = c.get(LIST)
    assert len(response.context["page"].object_list) == 50
    with django_assert_num_queries(baseline):
        c.get(LIST, {"trang": 2})


def test_person_list_selector_pages_in_two_queries(province_officer, province, django_assert_num_queries):
    _bulk(province.hospital, 60)
    from thidua.accounts.selectors import user_roles

    user_roles(province_officer)  # roles are loaded once per request, before the list
    qs = person_list(actor=province_officer, filters={})
    with django_assert_num_queries(2):
        from django.core.paginator import Paginator

        page = Paginator(qs, 50).get_page(1)
        [p.unit.name for p in page.object_list]


# --- export ------------------------------------------------------------------------------------


def test_export_is_a_real_xlsx_with_vietnamese_headers_and_all_filtered_rows(
    client_for, province_officer, province, staff
):
    _bulk(province.hospital, 60)
    response = client_for(province_officer).get(EXPORT, {"unit": province.health.pk})
    assert "attachment" in response["Content-Disposition"]
    rows = export_rows(response)
    assert rows[0][:4] == ("STT", "Họ và tên", "Ngày sinh", "Giới tính")
    assert "Số CCCD" in rows[0] and "Đơn vị công tác" in rows[0]
    assert len(rows) == 1 + 62  # every matching row, not only the first page of 50
    an = next(r for r in rows if r[1] == "Nguyễn Văn An")
    assert an[2] == dt.datetime(1985, 3, 15)
    assert an[3] == "Nam" and an[5] == "001085000123" and an[7] == "Công chức" and an[9] == "Sở Y tế"
    assert "Lê Thị Mai" not in [r[1] for r in rows]


def test_export_dates_display_as_day_month_year(client_for, province_officer, staff):
    wb = openpyxl.load_workbook(io.BytesIO(client_for(province_officer).get(EXPORT, {"q": "an"}).content))
    row = next(r for r in wb.active.iter_rows(min_row=2) if r[1].value == "Nguyễn Văn An")
    assert row[2].number_format == "DD/MM/YYYY"


def test_export_follows_the_search(client_for, province_officer, staff):
    rows = export_rows(client_for(province_officer).get(EXPORT, {"q": "dat"}))
    assert [r[1] for r in rows[1:]] == ["Trần Đức Đạt"]
