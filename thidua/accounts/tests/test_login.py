import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from thidua.accounts.models import LoginAttempt
from thidua.accounts.throttle import THROTTLED_MESSAGE


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_a_wrong_password_gets_a_vietnamese_message(unit_officer, client):
    page = _login(client, "cb.syt", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page
    assert not _logged_in(client)


def test_the_right_password_logs_in(unit_officer, client):
    assert _login(client, "cb.syt", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_login_is_refused_for_15_minutes_after_five_failures_even_with_the_right_password(unit_officer, client):
    for _ in range(5):
        _login(client, "cb.syt", "sai")
    page = _login(client, "cb.syt", PASSWORD).content.decode()
    assert THROTTLED_MESSAGE in page
    assert not _logged_in(client)
    assert LoginAttempt.objects.filter(username="cb.syt").count() == 5  # refused tries are not counted


def test_four_failures_do_not_lock_the_account(unit_officer, client):
    for _ in range(4):
        _login(client, "cb.syt", "sai")
    _login(client, "cb.syt", PASSWORD)
    assert _logged_in(client)
    assert not LoginAttempt.objects.filter(username="cb.syt").exists()  # success clears the count


def test_the_lock_ends_once_the_failures_are_15_minutes_old(unit_officer, client):
    for _ in range(5):
        _login(client, "cb.syt", "sai")
    LoginAttempt.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=15, seconds=1))
    _login(client, "cb.syt", PASSWORD)
    assert _logged_in(client)


def test_the_lock_is_per_username_whatever_its_case(unit_officer, other_unit_officer, client):
    for _ in range(5):
        _login(client, "CB.SYT", "sai")
    assert THROTTLED_MESSAGE in _login(client, "cb.syt", PASSWORD).content.decode()
    _login(client, "cb.sgd", PASSWORD)
    assert _logged_in(client)


@pytest.mark.parametrize("username", ["khong.ton.tai"])
def test_unknown_usernames_are_throttled_too(username, province, client):
    for _ in range(5):
        _login(client, username, "sai")
    assert THROTTLED_MESSAGE in _login(client, username, "sai").content.decode()


def test_an_administrators_password_reset_lifts_the_lock(admin_user, unit_officer, client):
    from thidua.accounts.services import user_password_reset

    for _ in range(5):
        _login(client, "cb.syt", "sai")
    new = user_password_reset(actor=admin_user, user=unit_officer)
    _login(client, "cb.syt", new)
    assert _logged_in(client)
