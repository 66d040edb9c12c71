import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts import services
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.models import AuditEvent


def test_admin_creates_a_user_with_a_role_and_gets_a_random_initial_password(admin_user, province):
    user, password = services.user_create(
        actor=admin_user,
        username="cb.bvdk",
        full_name="Đỗ Thị Lan",
        email="lan@bvdk.gov.vn",
        roles=[(province.hospital, Role.UNIT_OFFICER)],
    )
    assert len(password) == 12
    assert authenticate(username="cb.bvdk", password=password) == user
    assert list(user.roles.values_list("unit", "role")) == [(province.hospital.pk, Role.UNIT_OFFICER)]
    assert user.search_text == "cb.bvdk do thi lan lan@bvdk.gov.vn"
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == admin_user and password not in event.summary + str(event.data)


def test_two_creations_get_different_passwords(admin_user, province):
    _, p1 = services.user_create(actor=admin_user, username="a.one", full_name="A Một")
    _, p2 = services.user_create(actor=admin_user, username="a.two", full_name="A Hai")
    assert p1 != p2


def test_user_create_refuses_a_taken_username_whatever_its_case(admin_user, unit_officer):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin_user, username="CB.SYT", full_name="Trùng tên")
    assert exc.value.message_dict["username"] == [services.MSG_USERNAME_TAKEN]


def test_user_create_refuses_bad_username_and_email(admin_user, province):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin_user, username="nguyễn văn a", full_name="", email="khong-phai-email")
    errors = exc.value.message_dict
    assert set(errors) == {"username", "full_name", "email"}
    assert not User.objects.filter(full_name="").exclude(username__in=["quantri"]).exists()


def test_user_create_with_a_weak_given_password_is_refused_in_vietnamese(admin_user, province):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin_user, username="yeu.mk", full_name="Yếu", password="12345678")
    assert "mật khẩu" in " ".join(exc.value.message_dict["password"]).lower()
    assert not User.objects.filter(username="yeu.mk").exists()


SERVICE_CALLS = {
    "user_create": lambda actor, target, p: services.user_create(actor=actor, username="x.moi", full_name="X"),
    "user_update": lambda actor, target, p: services.user_update(actor=actor, user=target, full_name="Đổi tên"),
    "user_deactivate": lambda actor, target, p: services.user_deactivate(actor=actor, user=target),
    "user_reactivate": lambda actor, target, p: services.user_reactivate(actor=actor, user=target),
    "user_password_reset": lambda actor, target, p: services.user_password_reset(actor=actor, user=target),
    "role_assign": lambda actor, target, p: services.role_assign(
        actor=actor, user=target, unit=p.school, role=Role.UNIT_OFFICER
    ),
    "role_revoke": lambda actor, target, p: services.role_revoke(actor=actor, assignment=target.roles.first()),
    "users_import": lambda actor, target, p: services.users_import(actor=actor, rows=[]),
}


@pytest.mark.parametrize("persona", ["province_officer", "unit_officer", "leader", "council_member"])
@pytest.mark.parametrize("call", SERVICE_CALLS)
def test_only_administrators_may_call_account_services(request, persona, call, province, other_unit_officer):
    actor = request.getfixturevalue(persona)
    before = (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        SERVICE_CALLS[call](actor, other_unit_officer, province)
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()) == before
    other_unit_officer.refresh_from_db()
    assert other_unit_officer.is_active and other_unit_officer.full_name == "Phạm Thị Mai"


def test_province_officer_role_is_refused_on_a_unit_that_is_not_the_commendation_office(
    admin_user, unit_officer, province
):
    with pytest.raises(ValidationError) as exc:
        services.role_assign(actor=admin_user, user=unit_officer, unit=province.health, role=Role.PROVINCE_OFFICER)
    assert exc.value.message_dict["role"] == [services.MSG_PROVINCE_OFFICER]
    assert not unit_officer.roles.filter(role=Role.PROVINCE_OFFICER).exists()


def test_province_officer_role_is_given_on_the_commendation_office(admin_user, unit_officer, province):
    ra = services.role_assign(actor=admin_user, user=unit_officer, unit=province.home, role=Role.PROVINCE_OFFICER)
    assert ra.unit == province.home
    assert AuditEvent.objects.filter(action="role.assign", object_id=str(unit_officer.pk), unit=province.home).exists()


def test_the_same_role_on_the_same_unit_is_not_given_twice(admin_user, unit_officer, province):
    with pytest.raises(ValidationError) as exc:
        services.role_assign(actor=admin_user, user=unit_officer, unit=province.health, role=Role.UNIT_OFFICER)
    assert exc.value.messages == [services.MSG_DUPLICATE_ROLE]


def test_roles_are_not_given_on_a_unit_no_longer_in_force(admin_user, unit_officer, province):
    import datetime as dt

    province.school.valid_to = dt.date(2025, 6, 30)
    province.school.save()
    with pytest.raises(ValidationError) as exc:
        services.role_assign(actor=admin_user, user=unit_officer, unit=province.school, role=Role.UNIT_OFFICER)
    assert exc.value.message_dict["unit"] == [services.MSG_UNIT_INACTIVE]


def test_an_administrator_cannot_revoke_their_own_last_admin_role(admin_user):
    own = admin_user.roles.get(role=Role.ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.role_revoke(actor=admin_user, assignment=own)
    assert exc.value.messages == [services.MSG_LAST_OWN_ADMIN]
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_an_administrator_may_drop_one_of_two_own_admin_roles(admin_user, province):
    second = RoleAssignment.objects.create(user=admin_user, unit=province.home, role=Role.ADMIN)
    services.role_revoke(actor=admin_user, assignment=second)
    assert list(admin_user.roles.values_list("role", flat=True)) == [Role.ADMIN]


def test_an_administrator_revokes_another_users_role(admin_user, unit_officer):
    services.role_revoke(actor=admin_user, assignment=unit_officer.roles.get())
    assert not unit_officer.roles.exists()
    assert AuditEvent.objects.filter(action="role.revoke", object_id=str(unit_officer.pk)).exists()


def test_an_administrator_cannot_deactivate_themselves(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=admin_user, user=admin_user)
    assert exc.value.messages == [services.MSG_SELF_DEACTIVATE]
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_a_deactivated_user_cannot_log_in_but_is_kept_and_can_be_reactivated(admin_user, unit_officer):
    from conftest import PASSWORD

    services.user_deactivate(actor=admin_user, user=unit_officer)
    assert authenticate(username="cb.syt", password=PASSWORD) is None
    assert User.objects.filter(pk=unit_officer.pk, is_active=False).exists()
    assert unit_officer.roles.exists()
    services.user_reactivate(actor=admin_user, user=unit_officer)
    assert authenticate(username="cb.syt", password=PASSWORD) == unit_officer
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(unit_officer.pk)).order_by("id")] == [
        "user.deactivate",
        "user.reactivate",
    ]


def test_password_reset_gives_a_new_working_password_and_the_old_one_stops(admin_user, unit_officer):
    from conftest import PASSWORD

    new = services.user_password_reset(actor=admin_user, user=unit_officer)
    assert authenticate(username="cb.syt", password=PASSWORD) is None
    assert authenticate(username="cb.syt", password=new) == unit_officer


def test_user_update_changes_details_and_the_search_text(admin_user, unit_officer):
    services.user_update(actor=admin_user, user=unit_officer, full_name="Lê Văn Đức", email="duc@syt.gov.vn")
    unit_officer.refresh_from_db()
    assert unit_officer.full_name == "Lê Văn Đức"
    assert "le van duc" in unit_officer.search_text
    event = AuditEvent.objects.get(action="user.update")
    assert event.data["full_name"] == ["Lê Văn Bình", "Lê Văn Đức"]


def test_user_update_refuses_an_empty_name(admin_user, unit_officer):
    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=admin_user, user=unit_officer, full_name=" ")
    assert exc.value.message_dict["full_name"] == [services.MSG_FULL_NAME]
