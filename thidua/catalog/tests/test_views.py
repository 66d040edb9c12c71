"""Catalogue screens: everyone logged in reads, only administrators edit, anonymous users log in first."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.catalog.models import AwardType, BaseSalary, RuleParameter

# Seeded catalogue rows come from migrations: every test here must be a (non-flushing) db test.
pytestmark = pytest.mark.django_db


def _param(key="cstdcs_quota", rule_set="ND152"):
    return RuleParameter.objects.get(rule_set__code=rule_set, key=key)


def _urls():
    param = _param()
    return {
        "list": reverse("catalog:index"),
        "detail": reverse("catalog:award_type_detail", args=["LDTT"]),
        "history": reverse("catalog:award_type_detail", args=["LDTT"]) + "?tab=lich-su",
        "rule_sets": reverse("catalog:rule_set_list"),
        "parameter": reverse("catalog:rule_parameter_detail", args=[param.pk]),
        "salary": reverse("catalog:base_salary_list"),
        "export": reverse("catalog:export"),
    }


def _edit_urls():
    return [
        reverse("catalog:award_type_edit", args=["LDTT"]),
        reverse("catalog:rule_parameter_edit", args=[_param().pk]),
        reverse("catalog:base_salary_create"),
    ]


def test_anonymous_users_are_sent_to_login(client_for):
    client = client_for(None)
    for url in [*_urls().values(), *_edit_urls()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["province_officer", "unit_officer", "council_member", "leader", "admin_user"])
def test_every_role_can_read_the_catalogue(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    for name, url in _urls().items():
        assert client.get(url).status_code == 200, name


def test_province_officer_sees_no_edit_buttons_and_gets_403_on_edit_urls(client_for, province_officer):
    client = client_for(province_officer)
    for url in _edit_urls():
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("catalog:rule_parameter_edit", args=[_param().pk]), {"value": "0.3", "reason": "Thử"}
    )
    assert response.status_code == 403
    assert _param().value == "0.15"
    for url in (_urls()["list"], _urls()["detail"], _urls()["rule_sets"], _urls()["salary"]):
        html = client.get(url).content.decode()
        assert "/sua/" not in html and "/them/" not in html


def test_admin_sees_edit_buttons(client_for, admin_user):
    client = client_for(admin_user)
    assert reverse("catalog:award_type_edit", args=["LDTT"]) in client.get(_urls()["list"]).content.decode()
    assert (
        reverse("catalog:rule_parameter_edit", args=[_param().pk]) in client.get(_urls()["rule_sets"]).content.decode()
    )
    assert reverse("catalog:base_salary_create") in client.get(_urls()["salary"]).content.decode()
    for url in _edit_urls():
        assert client.get(url).status_code == 200


def test_unverified_values_carry_the_badge(client_for, province_officer):
    client = client_for(province_officer)
    assert "chưa xác minh căn cứ" in client.get(_urls()["list"]).content.decode()
    assert "chưa xác minh căn cứ" in client.get(_urls()["rule_sets"]).content.decode()
    # TTLDXS criteria are verified (Luật 2022 Điều 27): no badge on its own page.
    html = client.get(reverse("catalog:award_type_detail", args=["TTLDXS"])).content.decode()
    assert "đã xác minh" in html


def test_list_search_without_diacritics_and_filters(client_for, province_officer):
    client = client_for(province_officer)
    html = client.get(_urls()["list"], {"q": "bang khen"}).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)" in html
    assert "<code>LDTT</code>" not in html
    html = client.get(_urls()["list"], {"category": "FLAG"}).content.decode()
    assert "<code>CO_CP</code>" in html and "<code>GK</code>" not in html
    html = client.get(_urls()["list"], {"subject": "household", "deciding_level": "COMMUNE_CHAIR"}).content.decode()
    assert "<code>GDVH</code>" in html and "<code>THON_VH</code>" not in html


def test_htmx_list_returns_only_the_results_fragment(client_for, province_officer):
    response = client_for(province_officer).get(_urls()["list"], {"q": "co thi dua"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in html


def test_list_query_count_does_not_grow_with_the_catalogue(client_for, province_officer, django_assert_max_num_queries):
    client = client_for(province_officer)
    client.get(_urls()["list"])  # warm the session and permission caches
    with django_assert_max_num_queries(12) as small:
        client.get(_urls()["list"])
    for i in range(40):
        AwardType.objects.create(
            code=f"THU_{i}", name=f"Hình thức thử {i}", category="CERTIFICATE", for_person=True,
            deciding_level="UNIT_HEAD", citation="Kiểm thử", confidence="I", sort_order=5,
        )  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_urls()["list"])


def test_rule_set_page_query_count_is_fixed(client_for, province_officer, django_assert_max_num_queries):
    client = client_for(province_officer)
    client.get(_urls()["rule_sets"])
    with django_assert_max_num_queries(12) as first:
        client.get(_urls()["rule_sets"])
    for rule_set in ("ND98", "ND152"):
        RuleParameter.objects.create(
            rule_set_id=_param(rule_set=rule_set).rule_set_id, key="them", label="Thêm", value_type="INTEGER",
            value="1", citation="Kiểm thử", confidence="I",
        )  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(_urls()["rule_sets"])


def test_admin_edits_a_parameter_through_the_form_and_sees_the_reason_in_history(client_for, admin_user):
    client = client_for(admin_user)
    url = reverse("catalog:rule_parameter_edit", args=[_param().pk])
    response = client.post(url, {"value": "0,2", "reason": "Quy chế TĐKT tỉnh 2026"})
    assert response.status_code == 302
    assert _param().value == "0.2"
    html = client.get(_urls()["parameter"]).content.decode()
    assert "Lý do: Quy chế TĐKT tỉnh 2026" in html
    assert _param().history.first().history_change_reason == "Quy chế TĐKT tỉnh 2026"


def test_bad_parameter_value_rerenders_with_a_vietnamese_error(client_for, admin_user):
    client = client_for(admin_user)
    url = reverse("catalog:rule_parameter_edit", args=[_param().pk])
    response = client.post(url, {"value": "1,5", "reason": "Thử"})
    assert response.status_code == 200
    assert "Giá trị phải là số thập phân từ 0 đến 1." in response.content.decode()
    assert _param().value == "0.15"


def test_admin_edits_an_award_type_through_the_form(client_for, admin_user):
    client = client_for(admin_user)
    ldtt = AwardType.objects.get(code="LDTT")
    url = reverse("catalog:award_type_edit", args=["LDTT"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data.update({k: "on" for k, v in form.initial.items() if v is True})
    data.update({"coefficient_individual": "0,35", "reason": "Thử sửa hệ số"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    ldtt.refresh_from_db()
    assert ldtt.coefficient_individual == Decimal("0.35")
    html = client.get(_urls()["history"]).content.decode()
    assert "Lịch sử thay đổi" in html and "0,30 → 0,35" in html and "Lý do: Thử sửa hệ số" in html


def test_award_type_form_refuses_a_negative_coefficient(client_for, admin_user):
    client = client_for(admin_user)
    url = reverse("catalog:award_type_edit", args=["LDTT"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data.update({k: "on" for k, v in form.initial.items() if v is True})
    data.update({"coefficient_individual": "-1", "reason": "Thử"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert AwardType.objects.get(code="LDTT").coefficient_individual == Decimal("0.3")


def test_admin_adds_a_base_salary_through_the_form(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        reverse("catalog:base_salary_create"),
        {"valid_from": "01/01/2028", "amount": "2800000", "source": "Nghị định thử", "confidence": "S"},
    )
    assert response.status_code == 302
    assert BaseSalary.objects.filter(valid_from=dt.date(2028, 1, 1), amount=2_800_000).exists()
    html = client.get(_urls()["salary"]).content.decode()
    assert "2.800.000 đ" in html and "01/01/2028" in html


def test_duplicate_base_salary_date_rerenders_with_error(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("catalog:base_salary_create"),
        {"valid_from": "2026-07-01", "amount": "1", "source": "Trùng", "confidence": "S"},
    )
    assert response.status_code == 200
    assert "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2026." in response.content.decode()
    assert BaseSalary.objects.count() == 3


def test_base_salary_page_shows_money_and_dates_in_vietnamese_format(client_for, leader):
    html = client_for(leader).get(_urls()["salary"]).content.decode()
    assert "2.530.000 đ" in html and "01/07/2026" in html and "30/06/2026" in html


def test_unknown_award_type_code_is_404(client_for, province_officer):
    assert client_for(province_officer).get(reverse("catalog:award_type_detail", args=["KHONG_CO"])).status_code == 404


def test_excel_export_contains_the_whole_catalogue(client_for, unit_officer):
    response = client_for(unit_officer).get(_urls()["export"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Hình thức, danh hiệu", "Tham số quy tắc", "Lương cơ sở"]
    award_rows = list(wb["Hình thức, danh hiệu"].iter_rows(values_only=True))
    assert award_rows[0][0] == "Mã"
    codes = {row[0] for row in award_rows[1:]}
    assert {"LDTT", "CSTDCS", "BK_TINH", "HCLD3", "DOT_XUAT"} <= codes
    assert len(award_rows) - 1 == AwardType.objects.count()
    ldtt = next(row for row in award_rows if row[0] == "LDTT")
    assert ldtt[6] == pytest.approx(0.3)
    params = list(wb["Tham số quy tắc"].iter_rows(values_only=True))
    assert len(params) - 1 == RuleParameter.objects.count()
    salaries = list(wb["Lương cơ sở"].iter_rows(values_only=True))
    assert salaries[1][2] == 2_530_000 and salaries[1][0] == dt.datetime(2026, 7, 1)


@pytest.mark.parametrize(
    ("key", "shown"), [("cstdcs_quota", "0,15"), ("money_rounding", "nearest"), ("school_year_chains", "false")]
)
def test_parameter_form_starts_from_the_current_value(client_for, admin_user, key, shown):
    form = client_for(admin_user).get(reverse("catalog:rule_parameter_edit", args=[_param(key).pk])).context["form"]
    assert form["value"].value() == shown
