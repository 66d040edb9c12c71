import pytest
from django.urls import reverse

from thidua.core.templatetags.thidua import dec, vdate, vnd
from thidua.core.text import fold_vi


def test_fold_vi_strips_diacritics_and_maps_d():
    assert fold_vi("Nguyễn Văn Đạt") == "nguyen van dat"
    assert fold_vi("  ĐẶNG   thị  Ánh ") == "dang thi anh"


def test_measured_values_use_a_decimal_comma_without_trailing_zeros():
    from decimal import Decimal

    assert dec(Decimal("2.50")) == "2,5"
    assert dec(Decimal("1234.50")) == "1.234,5"
    assert dec(Decimal("80.00")) == "80"
    assert dec(Decimal("-0.5")) == "-0,5"
    assert dec(None) == "—"


def test_vnd_uses_vietnamese_thousands_separator():
    assert vnd(2530000) == "2.530.000 đ"


def test_vdate_is_day_month_year():
    import datetime as dt

    assert vdate(dt.date(2026, 7, 1)) == "01/07/2026"


def test_anonymous_citizen_is_sent_to_login(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert "Đăng nhập" in response.content.decode()


def test_unit_officer_sees_dashboard_with_people_link(client_for, unit_officer):
    html = client_for(unit_officer).get(reverse("dashboard")).content.decode()
    assert "Tổng quan" in html and "Cá nhân" in html


@pytest.mark.django_db
def test_unknown_page_gives_vietnamese_404(client_for, unit_officer, settings):
    settings.DEBUG = False
    response = client_for(unit_officer).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_council_member_has_no_people_menu(client_for, council_member):
    html = client_for(council_member).get(reverse("dashboard")).content.decode()
    assert reverse("people:person_list") not in html


@pytest.mark.parametrize(
    "url",
    ["/don-vi/?q=a%00b", "/ca-nhan/?q=a%00b", "/tai-khoan/nguoi-dung/?q=a%00b", "/danh-muc/hinh-thuc/a%00b/"],
)
def test_nul_characters_get_a_vietnamese_400_not_a_crash(client_for, admin_user, url):
    response = client_for(admin_user).get(url)
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


def test_ids_of_a_thousand_or_more_render_without_a_thousands_separator():
    from django.template import Context, Template

    assert Template("{{ pk }}").render(Context({"pk": 1105})) == "1105"


@pytest.mark.parametrize(
    "typed, value", [("1.250,5", "1250.5"), ("12,5", "12.5"), ("12.5", "12.5"), ("1.250", "1250"), ("80", "80")]
)
def test_numbers_are_read_the_vietnamese_way(typed, value):
    from decimal import Decimal

    from thidua.core.forms import VietDecimalField

    assert VietDecimalField(max_digits=18, decimal_places=2).clean(typed) == Decimal(value)
