"""Shared test fixtures: a small province and the personas every feature is tested with.

Personas: provincial officer (Sở Nội vụ), unit officer (Sở Y tế), officer of another unit
(Sở Giáo dục và Đào tạo), council member, leader, administrator, anonymous citizen.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests import clock
from tests.personas import PASSWORD  # noqa: F401  (re-exported for tests)


@pytest.fixture(autouse=True)
def one_calendar_day(monkeypatch):
    """`timezone.localdate()` without arguments answers the day the run started, for the whole run,
    while the real clock runs; a test that sets the clock (patches `timezone.now`) gets that clock's
    day. Dates given explicitly convert as usual."""
    tz = timezone
    real_localdate, real_now = tz.localdate, tz.now

    def localdate(value=None, timezone=None):  # noqa: A002 - Django's own signature
        if value is None and tz.now is real_now:
            return clock.SESSION_DAY if timezone is None else real_localdate(real_now(), timezone)
        return real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 at full strength costs ~0.5–1 s per user on this machine and the personas are many;
    tests of the login itself do not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province(db):
    """A tiny province: Sở Nội vụ, two departments with a sub-unit each, two communes."""
    from thidua.org.models import Sector, Unit, UnitKind

    def unit(code, name, kind, parent=None, **kw):
        return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, valid_from=dt.date(2025, 7, 1), **kw)

    root = unit("T", "Ủy ban nhân dân tỉnh Hòa Giang", UnitKind.PROVINCE)
    home = unit("SNV", "Sở Nội vụ", UnitKind.DEPARTMENT, root, is_commendation_office=True)
    health = unit("SYT", "Sở Y tế", UnitKind.DEPARTMENT, root, sector=Sector.HEALTH)
    hospital = unit("BVDK", "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL, health, sector=Sector.HEALTH)
    edu = unit("SGDDT", "Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT, root, sector=Sector.EDUCATION)
    school = unit("THPT1", "Trường THPT Chuyên Hòa Giang", UnitKind.SCHOOL, edu, sector=Sector.EDUCATION)
    c1 = unit("XA1", "Xã Tân Phú", UnitKind.COMMUNE, root)
    c2 = unit("XA2", "Xã Tân Lập", UnitKind.COMMUNE, root)
    return type(
        "Province",
        (),
        dict(root=root, home=home, health=health, hospital=hospital, edu=edu, school=school, commune1=c1, commune2=c2),
    )


def _user(username, role, unit, **kw):
    from thidua.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username=username, password=PASSWORD, full_name=kw.pop("full_name", username))
    if role:
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def province_officer(province):
    from thidua.accounts.models import Role

    return _user("cv.snv", Role.PROVINCE_OFFICER, province.home, full_name="Trần Thị Thu Hà")


@pytest.fixture
def unit_officer(province):
    from thidua.accounts.models import Role

    return _user("cb.syt", Role.UNIT_OFFICER, province.health, full_name="Lê Văn Bình")


@pytest.fixture
def other_unit_officer(province):
    from thidua.accounts.models import Role

    return _user("cb.sgd", Role.UNIT_OFFICER, province.edu, full_name="Phạm Thị Mai")


@pytest.fixture
def council_member(province):
    from thidua.accounts.models import Role

    return _user("hd.tv", Role.COUNCIL_MEMBER, province.root, full_name="Hoàng Văn Nam")


@pytest.fixture
def leader(province):
    from thidua.accounts.models import Role

    return _user("ld.tinh", Role.LEADER, province.root, full_name="Nguyễn Văn Chủ")


@pytest.fixture
def admin_user(province):
    from thidua.accounts.models import Role

    return _user("quantri", Role.ADMIN, province.root, full_name="Quản trị hệ thống")


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user (None = anonymous citizen)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
