"""Household pages (/ca-nhan/ho-gia-dinh/): list in scope with search and commune filter, detail with the
household's awards (issued decisions only, revoked ones struck through) and annual ratings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import _user
from thidua.people.models import AnnualRating, Household

LIST = reverse("people:household_list")


def _detail(household):
    return reverse("people:household_detail", args=[household.pk])


@pytest.fixture
def tu(province):
    return Household.objects.create(head_name="Nguyễn Văn Tư", address="Thôn Đông, Xã Tân Phú", unit=province.commune1)


@pytest.fixture
def commune_officer(province):
    from thidua.accounts.models import Role

    return _user("cb.xa1", Role.UNIT_OFFICER, province.commune1, full_name="Đỗ Thị Xã")


@pytest.fixture
def household_award(province):
    """household_award(household, year=…, state=ISSUED, number=…) → an Award of that household."""
    from thidua.catalog.models import AwardType, Category, Confidence, DecidingLevel
    from thidua.decisions.models import Award, Decision, DecisionState

    def make(household, *, year=2024, state=DecisionState.ISSUED, number="77/QĐ-UBND", amount=1_500_000):
        award_type, _ = AwardType.objects.get_or_create(
            code="GK_HGD_TEST",
            defaults=dict(
                name="Giấy khen hộ gia đình tiêu biểu",
                category=Category.CERTIFICATE,
                for_household=True,
                deciding_level=DecidingLevel.PROVINCE_CHAIR,
                citation="Luật TĐKT 2022",
                confidence=Confidence.VERIFIED,
            ),
        )
        decision = Decision.objects.create(
            issuer=province.root,
            number=number if state == DecisionState.ISSUED else "",
            date=dt.date(year + 1, 2, 10),
            state=state,
        )
        return Award.objects.create(
            household=household,
            decision=decision,
            award_type=award_type,
            year=year,
            subject_name=str(household),
            subject_unit_name=household.unit.name,
            amount=amount,
        )

    return make


def _revoke(award):
    from thidua.decisions.models import Revocation, RevocationGround

    award.revoked = True
    award.save(update_fields=["revoked"])
    return Revocation.objects.create(
        award=award,
        ground=RevocationGround.FRAUD,
        reason="Kê khai thành tích không đúng.",
        act_number="9/QĐ-UBND",
        act_date=dt.date(2026, 3, 4),
        act_issuer="UBND tỉnh Hòa Giang",
    )


# --- access ------------------------------------------------------------------------------------


def test_province_officer_sees_every_household_in_list_and_detail(client_for, province_officer, province, tu):
    other = Household.objects.create(head_name="Trần Thị Lan", unit=province.commune2)
    c = client_for(province_officer)
    html = c.get(LIST).content.decode()
    assert "Hộ Nguyễn Văn Tư" in html and "Hộ Trần Thị Lan" in html
    assert c.get(_detail(tu)).status_code == 200
    assert c.get(_detail(other)).status_code == 200


def test_department_officer_sees_no_commune_household(client_for, unit_officer, tu):
    c = client_for(unit_officer)
    response = c.get(LIST)
    assert response.status_code == 200
    assert "Nguyễn Văn Tư" not in response.content.decode()
    assert c.get(_detail(tu)).status_code == 404


def test_commune_officer_sees_own_commune_households_only(client_for, commune_officer, province, tu):
    other = Household.objects.create(head_name="Trần Thị Lan", unit=province.commune2)
    c = client_for(commune_officer)
    html = c.get(LIST).content.decode()
    assert "Hộ Nguyễn Văn Tư" in html and "Trần Thị Lan" not in html
    assert c.get(_detail(tu)).status_code == 200
    assert c.get(_detail(other)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client_for, tu):
    for url in (LIST, _detail(tu)):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_council_member_is_forbidden(client_for, council_member, tu):
    c = client_for(council_member)
    assert c.get(LIST).status_code == 403
    assert c.get(_detail(tu)).status_code == 403


def test_household_entry_in_people_menu_only_for_people_viewers(province_officer, council_member):
    from thidua.accounts.selectors import user_nav

    def urls(user):
        found = []
        for item in user_nav(user):
            found += [c["url"] for c in item.get("children", [])] if "children" in item else [item["url"]]
        return found

    assert "people:household_list" in urls(province_officer)
    assert "people:household_list" not in urls(council_member)


# --- search and filter -------------------------------------------------------------------------


def test_search_without_diacritics_finds_head_name(client_for, province_officer, province, tu):
    Household.objects.create(head_name="Lê Văn Năm", address="Thôn Tây", unit=province.commune1)
    c = client_for(province_officer)
    html = c.get(LIST, {"q": "nguyen van tu"}).content.decode()
    assert "Hộ Nguyễn Văn Tư" in html and "Lê Văn Năm" not in html
    html = c.get(LIST, {"q": "thon tay"}).content.decode()  # by address too
    assert "Lê Văn Năm" in html and "Nguyễn Văn Tư" not in html


def test_filter_by_commune(client_for, province_officer, province, tu):
    Household.objects.create(head_name="Trần Thị Lan", unit=province.commune2)
    c = client_for(province_officer)
    html = c.get(LIST, {"unit": province.commune2.pk}).content.decode()
    assert "Trần Thị Lan" in html and "Nguyễn Văn Tư" not in html


def test_filter_by_commune_outside_scope_gives_error_and_no_rows(client_for, commune_officer, province, tu):
    html = client_for(commune_officer).get(LIST, {"unit": province.commune2.pk}).content.decode()
    assert "ngoài phạm vi quản lý" in html
    assert "Nguyễn Văn Tư" not in html
    html = client_for(commune_officer).get(LIST, {"unit": "abc"}).content.decode()
    assert "ngoài phạm vi quản lý" in html


def test_htmx_request_gets_only_the_results(client_for, province_officer, tu):
    response = client_for(province_officer).get(LIST, {"q": "tu"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">') and "Hộ Nguyễn Văn Tư" in html


def test_list_counts_active_awards_of_issued_decisions(client_for, province_officer, tu, household_award):
    from thidua.decisions.models import DecisionState

    household_award(tu, year=2023, number="1/QĐ-UBND")
    household_award(tu, year=2024, number="2/QĐ-UBND")
    _revoke(household_award(tu, year=2022, number="3/QĐ-UBND"))
    household_award(tu, year=2025, state=DecisionState.DRAFT)
    page = client_for(province_officer).get(LIST).context["page"]
    assert [(h.head_name, h.award_count) for h in page.object_list] == [("Nguyễn Văn Tư", 2)]


# --- detail: awards appear at once -------------------------------------------------------------


def test_new_award_of_issued_decision_appears_at_once_on_detail(client_for, commune_officer, tu, household_award):
    c = client_for(commune_officer)
    assert "Hộ gia đình chưa được khen thưởng." in c.get(_detail(tu)).content.decode()
    household_award(tu, year=2024, number="77/QĐ-UBND", amount=1_500_000)
    html = c.get(_detail(tu)).content.decode()
    assert "Giấy khen hộ gia đình tiêu biểu" in html
    assert "Số 77/QĐ-UBND" in html and "10/02/2025" in html
    assert "1.500.000 đ" in html
    assert "<del" not in html


def test_revoked_award_is_struck_through_with_revocation_act(client_for, commune_officer, tu, household_award):
    _revoke(household_award(tu, year=2023))
    html = client_for(commune_officer).get(_detail(tu)).content.decode()
    assert '<del title="Đã hủy bỏ"><strong>Giấy khen hộ gia đình tiêu biểu</strong></del>' in html
    assert "Đã hủy bỏ theo văn bản của UBND tỉnh Hòa Giang số 9/QĐ-UBND ngày 04/03/2026" in html


def test_award_of_draft_decision_never_shows(client_for, province_officer, tu, household_award):
    from thidua.decisions.models import DecisionState

    household_award(tu, year=2024, state=DecisionState.DRAFT)
    html = client_for(province_officer).get(_detail(tu)).content.decode()
    assert "Giấy khen hộ gia đình tiêu biểu" not in html
    assert "Hộ gia đình chưa được khen thưởng." in html


def test_detail_lists_awards_newest_first_and_ratings(client_for, province_officer, tu, household_award):
    household_award(tu, year=2021, number="11/QĐ-UBND")
    household_award(tu, year=2024, number="44/QĐ-UBND")
    AnnualRating.objects.create(household=tu, year=2024, grade="HTXS", note="Gia đình văn hóa")
    html = client_for(province_officer).get(_detail(tu)).content.decode()
    assert html.index("44/QĐ-UBND") < html.index("11/QĐ-UBND")
    assert "Hoàn thành xuất sắc nhiệm vụ" in html and "Gia đình văn hóa" in html
    assert "Thôn Đông, Xã Tân Phú" in html and "Xã Tân Phú" in html


def test_decision_detail_links_household_subject_to_its_page(client_for, province_officer, tu, household_award):
    award = household_award(tu)
    html = client_for(province_officer).get(reverse("decisions:decision_detail", args=[award.decision_id]))
    assert f'<a href="{_detail(tu)}">Hộ Nguyễn Văn Tư</a>' in html.content.decode()


# --- fixed number of queries -------------------------------------------------------------------


def test_list_runs_a_fixed_number_of_queries_whatever_the_size(
    client_for, province_officer, province, household_award, django_assert_num_queries
):
    c = client_for(province_officer)
    first = Household.objects.create(head_name="Hộ Đầu", unit=province.commune1)
    household_award(first, number="1/QĐ")
    with CaptureQueriesContext(connection) as small:
        assert c.get(LIST).status_code == 200
    baseline = len(small.captured_queries)

    for i in range(60):
        h = Household.objects.create(
            head_name=f"Chủ hộ {i:02d}", unit=province.commune2 if i % 2 else province.commune1
        )
        household_award(h, number=f"{i + 10}/QĐ")
    with django_assert_num_queries(baseline):
        response = c.get(LIST)
    assert len(response.context["page"].object_list) == 50
    with django_assert_num_queries(baseline):
        c.get(LIST, {"trang": 2, "q": "chu ho"})


def test_detail_runs_a_fixed_number_of_queries_whatever_the_size(
    client_for, province_officer, tu, household_award, django_assert_num_queries
):
    c = client_for(province_officer)
    household_award(tu, year=2000, number="1/QĐ")
    AnnualRating.objects.create(household=tu, year=2000, grade="HTT")
    with CaptureQueriesContext(connection) as small:
        assert c.get(_detail(tu)).status_code == 200
    baseline = len(small.captured_queries)

    for year in range(2001, 2016):
        award = household_award(tu, year=year, number=f"{year}/QĐ")
        if year % 3 == 0:
            _revoke(award)
        AnnualRating.objects.create(household=tu, year=year, grade="HTXS")
    with django_assert_num_queries(baseline):
        html = c.get(_detail(tu)).content.decode()
    assert html.count("Giấy khen hộ gia đình tiêu biểu") == 16
