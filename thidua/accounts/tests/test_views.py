import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts import services
from thidua.accounts.models import Role, RoleAssignment, User


def _user_urls(target, assignment):
    return [
        ("get", reverse("accounts:user_list")),
        ("get", reverse("accounts:user_export")),
        ("get", reverse("accounts:user_create")),
        ("post", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_detail", args=[target.pk])),
        ("get", reverse("accounts:user_update", args=[target.pk])),
        ("post", reverse("accounts:role_assign", args=[target.pk])),
        ("post", reverse("accounts:role_revoke", args=[target.pk, assignment.pk])),
        ("post", reverse("accounts:user_deactivate", args=[target.pk])),
        ("post", reverse("accounts:user_reactivate", args=[target.pk])),
        ("post", reverse("accounts:user_password_reset", args=[target.pk])),
        ("get", reverse("accounts:import_upload")),
        ("get", reverse("accounts:import_template")),
        ("get", reverse("accounts:import_preview")),
        ("post", reverse("accounts:import_confirm")),
        ("get", reverse("accounts:import_result")),
        ("get", reverse("accounts:unit_suggest") + "?q=so"),
    ]


@pytest.mark.parametrize("persona", ["province_officer", "unit_officer", "leader", "council_member"])
def test_non_administrators_get_403_on_every_user_page(request, persona, other_unit_officer, client_for):
    c = client_for(request.getfixturevalue(persona))
    assignment = other_unit_officer.roles.get()
    for method, url in _user_urls(other_unit_officer, assignment):
        assert getattr(c, method)(url).status_code == 403, url
    other_unit_officer.refresh_from_db()
    assert other_unit_officer.is_active and RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(other_unit_officer, client_for):
    c = client_for(None)
    for method, url in _user_urls(other_unit_officer, other_unit_officer.roles.get()):
        response = getattr(c, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_only_administrators_see_the_users_menu(admin_user, unit_officer, client_for):
    assert "Người dùng" in client_for(admin_user).get(reverse("dashboard")).content.decode()
    assert reverse("accounts:user_list") not in client_for(unit_officer).get(reverse("dashboard")).content.decode()


def test_admin_creates_a_user_with_a_role_on_screen_and_sees_the_password_once(admin_user, province, client_for):
    c = client_for(admin_user)
    data = {"username": "cb.thpt1", "full_name": "Ngô Thị Thu", "email": "", "phone": "", "unit": "thpt1",
            "role": Role.UNIT_OFFICER}  # fmt: skip
    response = c.post(reverse("accounts:user_create"), data)
    user = User.objects.get(username="cb.thpt1")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert list(user.roles.values_list("unit__code", "role")) == [("THPT1", Role.UNIT_OFFICER)]
    first = c.get(response.url).content.decode()
    password = first.split("<code>")[1].split("</code>")[0]
    assert user.check_password(password)
    assert password not in c.get(response.url).content.decode()  # shown once


def test_create_screen_shows_service_errors_on_the_fields(admin_user, unit_officer, province, client_for):
    c = client_for(admin_user)
    data = {"username": "cb.syt", "full_name": "X", "unit": "SYT", "role": Role.PROVINCE_OFFICER}
    page = c.post(reverse("accounts:user_create"), data).content.decode()
    assert services.MSG_USERNAME_TAKEN in page and services.MSG_PROVINCE_OFFICER in page
    unknown = c.post(reverse("accounts:user_create"), {**data, "username": "moi.x", "unit": "ZZZ"})
    assert "Không có đơn vị mã “ZZZ”." in unknown.content.decode()
    assert not User.objects.filter(username="moi.x").exists()


def test_assigning_a_province_officer_role_outside_the_commendation_office_shows_the_rule(
    admin_user, unit_officer, province, client_for
):
    c = client_for(admin_user)
    url = reverse("accounts:role_assign", args=[unit_officer.pk])
    response = c.post(url, {"unit": "SYT", "role": Role.PROVINCE_OFFICER})
    assert response.status_code == 400 and services.MSG_PROVINCE_OFFICER in response.content.decode()
    ok = c.post(url, {"unit": "SNV", "role": Role.PROVINCE_OFFICER})
    assert ok.status_code == 302
    assert unit_officer.roles.filter(unit=province.home, role=Role.PROVINCE_OFFICER).exists()


def test_revoking_own_last_admin_role_on_screen_is_refused_with_a_message(admin_user, client_for):
    c = client_for(admin_user)
    own = admin_user.roles.get()
    response = c.post(reverse("accounts:role_revoke", args=[admin_user.pk, own.pk]), follow=True)
    assert services.MSG_LAST_OWN_ADMIN in response.content.decode()
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_deactivate_reactivate_and_password_reset_screens(admin_user, unit_officer, client_for):
    c = client_for(admin_user)
    c.post(reverse("accounts:user_deactivate", args=[unit_officer.pk]))
    unit_officer.refresh_from_db()
    assert not unit_officer.is_active
    c.post(reverse("accounts:user_reactivate", args=[unit_officer.pk]))
    unit_officer.refresh_from_db()
    assert unit_officer.is_active
    page = c.post(reverse("accounts:user_password_reset", args=[unit_officer.pk]), follow=True).content.decode()
    password = page.split("<code>")[1].split("</code>")[0]
    unit_officer.refresh_from_db()
    assert unit_officer.check_password(password)
    self_lock = c.post(reverse("accounts:user_deactivate", args=[admin_user.pk]), follow=True)
    assert services.MSG_SELF_DEACTIVATE in self_lock.content.decode()


def test_user_page_lists_roles_with_units_and_the_change_log(admin_user, unit_officer, province, client_for):
    services.role_assign(actor=admin_user, user=unit_officer, unit=province.hospital, role=Role.LEADER)
    page = client_for(admin_user).get(reverse("accounts:user_detail", args=[unit_officer.pk])).content.decode()
    assert "Cán bộ TĐKT đơn vị" in page and "Sở Y tế" in page and "Bệnh viện Đa khoa tỉnh" in page
    assert "Lịch sử thay đổi" in page and "Phân quyền cb.syt: Lãnh đạo" in page
    assert 'data-confirm="Thu hồi vai trò' in page


def test_user_list_finds_names_with_or_without_diacritics(
    admin_user, unit_officer, other_unit_officer, province_officer, client_for
):
    c = client_for(admin_user)
    for q in ["le van binh", "Lê Văn Bình", "BINH", "cb.syt"]:
        page = c.get(reverse("accounts:user_list"), {"q": q}).content.decode()
        assert "cb.syt" in page and "cb.sgd" not in page, q


def test_user_list_filters_by_role_unit_subtree_and_status(
    admin_user, unit_officer, other_unit_officer, province, client_for
):
    c = client_for(admin_user)
    RoleAssignment.objects.create(user=other_unit_officer, unit=province.hospital, role=Role.LEADER)
    unit_officer.is_active = False
    unit_officer.save()

    def names(**params):
        page = c.get(reverse("accounts:user_list"), params).context["page"]
        return sorted(u.username for u in page)

    assert names(vai_tro=Role.LEADER) == ["cb.sgd"]
    assert names(don_vi="SYT") == ["cb.sgd", "cb.syt"]  # the hospital is under Sở Y tế
    assert names(don_vi="SYT", trang_thai="hoat-dong") == ["cb.sgd"]
    assert names(trang_thai="da-khoa") == ["cb.syt"]


def test_user_list_loads_in_a_fixed_number_of_queries(admin_user, province, client_for, django_assert_num_queries):
    c = client_for(admin_user)
    url = reverse("accounts:user_list")
    c.get(url)  # warm up the session

    def make(n, prefix):
        for i in range(n):
            u = User.objects.create(username=f"{prefix}{i}", full_name=f"Người {i}")
            RoleAssignment.objects.create(user=u, unit=province.health, role=Role.UNIT_OFFICER)
            RoleAssignment.objects.create(user=u, unit=province.edu, role=Role.LEADER)

    make(2, "a")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        c.get(url)
    make(30, "b")
    with django_assert_num_queries(len(few.captured_queries)):
        response = c.get(url)
    assert len(response.context["page"]) == 33


def test_user_list_export_is_the_filtered_list(admin_user, unit_officer, other_unit_officer, client_for):
    response = client_for(admin_user).get(reverse("accounts:user_export"), {"q": "binh"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("Tên đăng nhập", "Họ và tên")
    assert [r[0] for r in rows[1:]] == ["cb.syt"]
    assert rows[1][4] == "Cán bộ TĐKT đơn vị — Sở Y tế" and rows[1][5] == "Đang hoạt động"


def test_unit_picker_suggests_active_units_by_name_without_diacritics(admin_user, province, client_for):
    import datetime as dt

    province.commune2.valid_to = dt.date(2025, 6, 30)
    province.commune2.save()
    page = client_for(admin_user).get(reverse("accounts:unit_suggest"), {"unit": "xa tan"}).content.decode()
    assert 'value="XA1"' in page and "XA2" not in page
