"""Eligibility screens: the panel, the "Danh sách đủ điều kiện", the what-if check."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.eligibility.tests.test_selectors import cstdcs_chain, grant, make_person, rate
from thidua.org.models import Unit, UnitKind
from thidua.people.models import AnnualRating, Initiative


@pytest.fixture
def an(province):
    """A nurse of the provincial hospital (Sở Y tế) with three CSTĐCS years and a provincial initiative."""
    person = make_person(province.hospital, "Nguyễn Thị An")
    cstdcs_chain(person, province.hospital)
    Initiative.objects.create(
        person=person, title="Bệnh án điện tử", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024
    )
    return person


@pytest.fixture
def binh(province):
    """A teacher (Sở GD&ĐT) with the same record."""
    person = make_person(province.school, "Trần Văn Bình")
    cstdcs_chain(person, province.school)
    Initiative.objects.create(
        person=person, title="Dạy học số", scope="PROVINCE", recognising_body="UBND tỉnh", year=2025
    )
    return person


def urls_of(person, unit):
    return [
        reverse("eligibility:person_panel", args=[person.pk]),
        reverse("eligibility:person_what_if", args=[person.pk]),
        reverse("eligibility:unit_panel", args=[unit.pk]),
        reverse("eligibility:unit_what_if", args=[unit.pk]),
    ]


# --- Permissions ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, an, province):
    for url in [*urls_of(an, province.hospital), reverse("eligibility:eligible_list")]:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_unit_officer_cannot_see_another_departments_panel_or_what_if(client_for, other_unit_officer, an, province):
    client = client_for(other_unit_officer)
    for url in urls_of(an, province.hospital):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("eligibility:person_what_if", args=[an.pk]), {"nam": 2025}).status_code == 404


def test_unit_officer_sees_their_own_peoples_panel(client_for, unit_officer, an, province):
    client = client_for(unit_officer)
    for url in urls_of(an, province.hospital):
        assert client.get(url).status_code == 200, url


def test_users_without_a_people_role_cannot_open_the_list(client_for, council_member):
    assert client_for(council_member).get(reverse("eligibility:eligible_list")).status_code == 403


def test_unit_officer_does_not_see_other_departments_people_in_the_list(client_for, unit_officer, an, binh):
    url = reverse("eligibility:eligible_list")
    html = client_for(unit_officer).get(url, {"nam": 2025, "danh_hieu": "CSTD_TINH"}).content.decode()
    assert "Nguyễn Thị An" in html
    assert "Trần Văn Bình" not in html


def test_a_scope_unit_outside_the_actors_units_is_refused(client_for, unit_officer, an, province):
    url = reverse("eligibility:eligible_list")
    response = client_for(unit_officer).get(url, {"nam": 2025, "danh_hieu": "CSTD_TINH", "don_vi": province.edu.pk})
    html = response.content.decode()
    assert "ngoài phạm vi quản lý của bạn" in html
    assert "Nguyễn Thị An" not in html


# --- The panel ----------------------------------------------------------------------------------


def test_person_and_unit_pages_load_the_panel_with_htmx(client_for, unit_officer, an, province):
    client = client_for(unit_officer)
    html = client.get(reverse("people:person_detail", args=[an.pk])).content.decode()
    assert f'hx-get="{reverse("eligibility:person_panel", args=[an.pk])}"' in html
    html = client.get(reverse("org:unit_detail", args=[province.hospital.pk])).content.decode()
    assert f'hx-get="{reverse("eligibility:unit_panel", args=[province.hospital.pk])}"' in html


def test_panel_explains_each_award_with_checks_citations_money_and_next_step(client_for, unit_officer, an):
    url = reverse("eligibility:person_panel", args=[an.pk])
    response = client_for(unit_officer).get(url, {"nam": 2025}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # the fragment only
    assert "Điều kiện khen thưởng năm 2025" in html
    assert "Chiến sĩ thi đua cấp tỉnh" in html
    assert "Đủ điều kiện, chờ xác nhận" in html  # CSTĐ tỉnh waits for the council's judgement
    assert "Cần xác nhận" in html
    assert "Luật Thi đua, khen thưởng 2022" in html
    assert " đ" in html and "đồng" in html  # the amount, and in words
    assert "Bậc tiếp theo" in html


def test_panel_marks_checks_resting_on_unverified_rules(client_for, unit_officer, an):
    from thidua.eligibility import selectors

    ctx = selectors.rule_context()
    rows = selectors.panel_rows(
        selectors.facts_for_people([an.pk], years=selectors.fact_years(2025))[an.pk], year=2025, ctx=ctx
    )
    unverified = [c for r in rows for c in r.verdict.checks if c.unverified]
    assert unverified, "the rule set has [I] parameters (e.g. the CSTĐCS quota)"
    html = client_for(unit_officer).get(reverse("eligibility:person_panel", args=[an.pk]), {"nam": 2025})
    html = html.content.decode()
    assert "chưa xác minh căn cứ" in html
    assert html.count("chưa xác minh căn cứ") >= len({(c.code, c.citation) for c in unverified}) // 2


def test_panel_defaults_to_last_year_and_ignores_a_bad_year(client_for, unit_officer, an):
    from django.utils import timezone

    last = timezone.localdate().year - 1
    url = reverse("eligibility:person_panel", args=[an.pk])
    assert f"Điều kiện khen thưởng năm {last}" in client_for(unit_officer).get(url).content.decode()
    assert f"Điều kiện khen thưởng năm {last}" in client_for(unit_officer).get(url, {"nam": "abc"}).content.decode()


def test_unit_panel_shows_collective_titles(client_for, unit_officer, province):
    rate(province.hospital, 2025, "HTXS")
    html = client_for(unit_officer).get(reverse("eligibility:unit_panel", args=[province.hospital.pk]), {"nam": 2025})
    html = html.content.decode()
    assert "Tập thể lao động tiên tiến" in html
    assert "Tập thể lao động xuất sắc" in html


# --- The list -----------------------------------------------------------------------------------


def test_list_shows_pending_judgement_subjects_in_their_own_section(client_for, province_officer, an):
    html = (
        client_for(province_officer)
        .get(reverse("eligibility:eligible_list"), {"nam": 2025, "danh_hieu": "CSTD_TINH"})
        .content.decode()
    )
    pending_at = html.index("Đủ điều kiện, chờ xác nhận</h3>")
    assert html.index("Nguyễn Thị An") > pending_at
    assert "Không có ai đủ điều kiện." in html


@pytest.mark.parametrize("n", [5, 40])
def test_list_loads_in_a_fixed_number_of_queries(
    client_for, province_officer, province, n, django_assert_max_num_queries
):
    for i in range(n):
        p = make_person(province.hospital, f"Người thứ {i}")
        cstdcs_chain(p, province.hospital)
        Initiative.objects.create(person=p, title="SK", scope="PROVINCE", recognising_body="UBND tỉnh", year=2025)
    client = client_for(province_officer)
    client.get(reverse("eligibility:eligible_list"))  # warm up (session, user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("eligibility:eligible_list"), {"nam": 2025, "danh_hieu": "CSTD_TINH"})
    assert response.content.decode().count("Người thứ ") == n


def test_cstdcs_list_shows_the_quota_per_deciding_unit(client_for, province_officer, province):
    for i in range(40):
        p = make_person(province.hospital, f"Y tá {i}")
        rate(p, 2025, "HTXS" if i < 6 else "HTT")
        grant(p, "LDTT", 2025, issuer=province.hospital)
    html = (
        client_for(province_officer)
        .get(reverse("eligibility:eligible_list"), {"nam": 2025, "danh_hieu": "CSTDCS"})
        .content.decode()
    )
    assert "Bệnh viện Đa khoa tỉnh" in html
    assert "6 / 40 LĐTT = 15,0% — đạt" in html


def test_excel_export_holds_the_whole_list_with_vietnamese_headers(client_for, province_officer, an, binh):
    response = client_for(province_officer).get(
        reverse("eligibility:eligible_export"), {"nam": 2025, "danh_hieu": "CSTD_TINH"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("STT", "Họ và tên", "Đơn vị công tác", "Danh hiệu, hình thức", "Năm xét", "Kết quả")
    names = {r[1] for r in rows[1:]}
    assert names == {"Nguyễn Thị An", "Trần Văn Bình"}
    assert {r[5] for r in rows[1:]} == {"Đủ điều kiện, chờ xác nhận"}


def test_excel_export_of_cstdcs_adds_the_quota_sheet(client_for, province_officer, province):
    for i in range(10):
        p = make_person(province.hospital, f"Y tá {i}")
        rate(p, 2025, "HTXS" if i < 2 else "HTT")
        grant(p, "LDTT", 2025, issuer=province.hospital)
    response = client_for(province_officer).get(
        reverse("eligibility:eligible_export"), {"nam": 2025, "danh_hieu": "CSTDCS"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    quota = book["Tỷ lệ Chiến sĩ thi đua cơ sở"]
    rows = list(quota.iter_rows(values_only=True))
    assert rows[1][1:4] == ("Bệnh viện Đa khoa tỉnh", 2, 10)
    assert "vượt" in rows[1][4]


def test_export_with_bad_input_is_refused_with_a_message(client_for, province_officer):
    response = client_for(province_officer).get(
        reverse("eligibility:eligible_export"), {"nam": 2025, "danh_hieu": "KHONG_CO"}
    )
    assert response.status_code == 400
    assert "Danh hiệu, hình thức không hợp lệ." in response.content.decode()


# --- What if --------------------------------------------------------------------------------------


def test_what_if_shows_the_verdict_before_and_after_and_saves_nothing(client_for, unit_officer, province):
    p = make_person(province.hospital, "Lê Văn Cường")
    rate(p, 2024, "HTT")
    url = reverse("eligibility:person_what_if", args=[p.pk])
    client = client_for(unit_officer)
    assert "Kiểm tra giả định" in client.get(url).content.decode()
    response = client.post(
        url,
        {"nam": 2025, "rating_year_1": 2025, "rating_grade_1": "HTXS", "confirmed": ["judge_spirit"]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "trước và sau giả định" in html
    assert "thay đổi" in html
    assert AnnualRating.objects.filter(person=p).count() == 1


def test_what_if_with_half_a_fact_asks_for_the_rest(client_for, unit_officer, province):
    p = make_person(province.hospital, "Lê Văn Cường")
    url = reverse("eligibility:person_what_if", args=[p.pk])
    html = client_for(unit_officer).post(url, {"nam": 2025, "rating_year_1": 2025}).content.decode()
    assert "Nhập đủ cả năm và xếp loại." in html
    assert "trước và sau giả định" not in html


def test_unit_what_if_accepts_hypothetical_member_counts(client_for, unit_officer, province):
    rate(province.hospital, 2025, "HTXS")
    url = reverse("eligibility:unit_what_if", args=[province.hospital.pk])
    data = {
        "nam": 2025,
        "members_year": 2025,
        "members_total": 20,
        "members_at_least_ht": 20,
        "members_ldtt": 18,
        "members_cstdcs": 2,
        "members_htxs": 5,
        "confirmed": [],
    }
    html = client_for(unit_officer).post(url, data).content.decode()
    assert "trước và sau giả định" in html
    bad = client_for(unit_officer).post(url, {**data, "members_ldtt": 25}).content.decode()
    assert "Không được lớn hơn tổng số thành viên." in bad


def test_what_if_of_a_dissolved_units_is_still_reachable_for_its_officer(client_for, province_officer, province):
    gone = Unit.objects.create(
        code="TT-GT",
        name="Trung tâm cũ",
        kind=UnitKind.PUBLIC_SERVICE,
        parent=province.health,
        valid_to=dt.date(2025, 6, 30),
    )
    assert client_for(province_officer).get(reverse("eligibility:unit_panel", args=[gone.pk])).status_code == 200
