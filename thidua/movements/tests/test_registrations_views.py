"""Registration screens: who may use them, the registration page, the province's overview."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.movements.models import Registration, RegistrationLine, RegistrationState
from thidua.movements.registration_excel import XLSX_CONTENT_TYPE
from thidua.movements.services import registrations as services
from thidua.org.models import Unit, UnitKind

from .test_registrations_support import *  # noqa: F403  (fixtures: make_person, grant, registration)
from .test_registrations_support import YEAR, read_xlsx


def _url(name, *args):
    return reverse(f"movements:{name}", args=args)


def _line(registration, actor, subject, code="LDTT"):
    return services.registration_line_add(actor=actor, registration=registration, subject=subject, award_type=code)


# --- who may use the screens --------------------------------------------------------------------------


def test_unit_officer_sees_their_units_registration_with_flags_and_quota(
    client_for, unit_officer, registration, make_person
):
    _line(registration, unit_officer, make_person(registration.unit, "Nguyễn Văn An"), "CSTD_TINH")
    response = client_for(unit_officer).get(_url("registration_detail", registration.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Đăng ký thi đua năm {YEAR}" in html and "Nguyễn Văn An" in html
    assert "Không thể đạt" in html and f"còn thiếu: Chiến sĩ thi đua cơ sở năm {YEAR - 2}, {YEAR - 1}" in html
    assert "0 / 0 LĐTT — đạt" in html
    assert "Gửi bản đăng ký" in html and 'data-confirm="Gửi bản đăng ký thi đua' in html


def test_unit_officer_cannot_see_other_units_registration(client_for, other_unit_officer, registration):
    client = client_for(other_unit_officer)
    assert client.get(_url("registration_detail", registration.pk)).status_code == 404
    assert client.get(_url("registration_search", registration.pk), {"q": "an"}).status_code == 404


def test_unit_officer_cannot_change_other_units_registration(
    client_for, unit_officer, other_unit_officer, registration, make_person
):
    person = make_person(registration.unit)
    line = _line(registration, unit_officer, person)
    client = client_for(other_unit_officer)
    add = client.post(
        _url("registration_line_add", registration.pk),
        {"doi_tuong": "person", "chon": person.pk, "danh_hieu": "CSTDCS"},
    )
    assert add.status_code == 404
    assert client.post(_url("registration_line_remove", line.pk)).status_code == 404
    assert client.post(_url("registration_submit", registration.pk)).status_code == 404
    assert list(registration.lines.values_list("award_type__code", flat=True)) == ["LDTT"]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def test_the_province_sees_every_units_registration(client_for, province_officer, registration):
    assert client_for(province_officer).get(_url("registration_detail", registration.pk)).status_code == 200


@pytest.mark.parametrize("persona", ["council_member", "leader"])
def test_council_members_and_leaders_cannot_use_registration_screens(client_for, registration, persona, request):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        _url("registration_start"),
        _url("registration_overview"),
        _url("registration_overview_export"),
        _url("registration_detail", registration.pk),
        _url("registration_template", registration.pk),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(_url("registration_submit", registration.pk)).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client_for, registration):
    client = client_for(None)
    for url in (
        _url("registration_start"),
        _url("registration_overview"),
        _url("registration_detail", registration.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- opening and editing through the screens ----------------------------------------------------------------


def test_the_start_page_opens_a_registration_and_lists_existing_ones(client_for, unit_officer, province):
    client = client_for(unit_officer)
    page = client.get(_url("registration_start"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sở Y tế" in html and "Sở Giáo dục và Đào tạo" not in html  # only units in scope are offered
    response = client.post(_url("registration_start"), {"don_vi": province.health.pk, "nam": YEAR})
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("registration_detail", registration.pk)
    assert "Sở Y tế" in client.get(_url("registration_start")).content.decode()


def test_the_start_page_refuses_another_unit_and_a_bad_year(client_for, unit_officer, province):
    client = client_for(unit_officer)
    response = client.post(_url("registration_start"), {"don_vi": province.edu.pk, "nam": YEAR})
    assert response.status_code == 400
    assert "Đơn vị không có hoặc ngoài phạm vi quản lý của bạn." in response.content.decode()
    response = client.post(_url("registration_start"), {"don_vi": province.health.pk, "nam": YEAR + 5})
    assert response.status_code == 400 and f"Năm phải từ {YEAR - 5} đến {YEAR + 1}." in response.content.decode()
    assert not Registration.objects.exists()


def test_searching_finds_only_people_at_work_in_the_units_subtree(
    client_for, unit_officer, registration, make_person, province
):
    make_person(province.health, "Nguyễn Văn An")
    make_person(province.hospital, "Nguyễn Thị Ánh")
    make_person(province.school, "Nguyễn Văn Ân")
    response = client_for(unit_officer).get(
        _url("registration_search", registration.pk), {"doi_tuong": "person", "q": "nguyen"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Nguyễn Văn An" in html and "Nguyễn Thị Ánh" in html and "Nguyễn Văn Ân" not in html


def test_searching_collectives_finds_the_unit_and_its_sub_units(client_for, unit_officer, registration):
    response = client_for(unit_officer).get(
        _url("registration_search", registration.pk), {"doi_tuong": "unit", "q": "benh vien"}, HTTP_HX_REQUEST="true"
    )
    assert "Bệnh viện Đa khoa tỉnh" in response.content.decode()


def test_adding_a_line_through_the_screen(client_for, unit_officer, registration, make_person):
    person = make_person(registration.unit, "Nguyễn Văn An")
    client = client_for(unit_officer)
    data = {"doi_tuong": "person", "chon": person.pk, "danh_hieu": "LDTT", "ghi_chu": "Điều dưỡng"}
    response = client.post(_url("registration_line_add", registration.pk), data)
    assert response.status_code == 302
    line = RegistrationLine.objects.get()
    assert line.person == person and line.note == "Điều dưỡng"
    again = client.post(_url("registration_line_add", registration.pk), data)
    assert again.status_code == 400
    assert "Nguyễn Văn An đã đăng ký “Lao động tiên tiến” trong bản đăng ký này." in again.content.decode()
    assert RegistrationLine.objects.count() == 1


def test_adding_a_line_without_picking_anyone_explains_what_to_do(client_for, unit_officer, registration):
    response = client_for(unit_officer).post(
        _url("registration_line_add", registration.pk), {"doi_tuong": "person", "danh_hieu": "LDTT"}
    )
    assert response.status_code == 400
    assert "Hãy tìm và chọn một cá nhân hoặc tập thể." in response.content.decode()


def test_picking_a_person_of_another_unit_by_id_is_refused(
    client_for, unit_officer, registration, make_person, province
):
    teacher = make_person(province.school, "Phạm Văn Giáo")
    response = client_for(unit_officer).post(
        _url("registration_line_add", registration.pk), {"doi_tuong": "person", "chon": teacher.pk, "danh_hieu": "LDTT"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không tìm thấy cá nhân, tập thể đã chọn trong Sở Y tế" in html and "Phạm Văn Giáo" not in html
    assert not RegistrationLine.objects.exists()


def test_removing_a_line_through_the_screen_asks_for_confirmation(client_for, unit_officer, registration, make_person):
    line = _line(registration, unit_officer, make_person(registration.unit, "Nguyễn Văn An"))
    client = client_for(unit_officer)
    html = client.get(_url("registration_detail", registration.pk)).content.decode()
    assert 'data-confirm="Xóa dòng đăng ký “Lao động tiên tiến” của Nguyễn Văn An?"' in html
    assert client.post(_url("registration_line_remove", line.pk)).status_code == 302
    assert not RegistrationLine.objects.exists()


def test_submitting_through_the_screen_then_the_page_is_read_only(client_for, unit_officer, registration, make_person):
    _line(registration, unit_officer, make_person(registration.unit))
    client = client_for(unit_officer)
    assert client.post(_url("registration_submit", registration.pk)).status_code == 302
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED
    html = client.get(_url("registration_detail", registration.pk)).content.decode()
    assert "Bản đăng ký đã gửi" in html
    assert "Thêm vào bản đăng ký" not in html and "Mở lại bản đăng ký" not in html
    assert client.get(_url("registration_import", registration.pk)).status_code == 200  # shows the screen…
    follow = client.post(_url("registration_submit", registration.pk), follow=True)
    assert "Bản đăng ký đã gửi nên không sửa được" in follow.content.decode()


def test_the_province_reopens_through_the_screen_with_a_reason(
    client_for, unit_officer, province_officer, registration, make_person
):
    _line(registration, unit_officer, make_person(registration.unit))
    services.registration_submit(actor=unit_officer, registration=registration)
    client = client_for(province_officer)
    assert "Mở lại bản đăng ký" in client.get(_url("registration_detail", registration.pk)).content.decode()
    missing = client.post(_url("registration_reopen", registration.pk), {"ly_do": ""})
    assert missing.status_code == 400 and "Vui lòng ghi lý do mở lại." in missing.content.decode()
    assert client.post(_url("registration_reopen", registration.pk), {"ly_do": "Bổ sung"}).status_code == 302
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def test_a_unit_officer_cannot_reopen_through_the_screen(client_for, unit_officer, registration, make_person):
    _line(registration, unit_officer, make_person(registration.unit))
    services.registration_submit(actor=unit_officer, registration=registration)
    response = client_for(unit_officer).post(_url("registration_reopen", registration.pk), {"ly_do": "Sửa"})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED


# --- the overview ----------------------------------------------------------------------------------------------


@pytest.fixture
def three_states(province, unit_officer, other_unit_officer, province_officer, make_person):
    """Sở Y tế sent (2 lines), Sở GD drafting (1 line), the rest not registered."""
    health = services.registration_open(actor=unit_officer, unit=province.health, year=YEAR)
    _line(health, unit_officer, make_person(province.health, "A"), "LDTT")
    _line(health, unit_officer, province.hospital, "TTLDXS")
    services.registration_submit(actor=unit_officer, registration=health)
    edu = services.registration_open(actor=other_unit_officer, unit=province.edu, year=YEAR)
    _line(edu, other_unit_officer, make_person(province.school, "B"), "LDTT")
    services.registration_open(actor=province_officer, unit=province.commune1, year=YEAR - 1)  # another year
    return health, edu


def _rows(response):
    return {r.name: r for r in response.context["rows"]}


def test_the_province_sees_which_units_registered(client_for, province_officer, three_states):
    response = client_for(province_officer).get(_url("registration_overview"), {"nam": YEAR})
    assert response.status_code == 200
    rows = _rows(response)
    assert rows["Sở Y tế"].status_label == "Đã gửi" and rows["Sở Y tế"].cells[:6] == [1, 0, 0, 0, 0, 1]
    assert rows["Sở Giáo dục và Đào tạo"].status_label == "Đang soạn" and rows["Sở Giáo dục và Đào tạo"].total == 1
    assert rows["Xã Tân Phú"].status_label == "Chưa đăng ký"
    assert "Ủy ban nhân dân tỉnh Hòa Giang" not in rows  # the province does not register
    assert response.context["summary"] == {"sent": 1, "draft": 1, "none": 5, "total": 7}
    html = response.content.decode()
    assert "Đã gửi: 1" in html and "Chưa đăng ký: 5" in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"trang_thai": "da-gui"}, {"Sở Y tế"}),
        ({"trang_thai": "dang-soan"}, {"Sở Giáo dục và Đào tạo"}),
        ({"trang_thai": "chua-dang-ky", "loai": UnitKind.COMMUNE}, {"Xã Tân Phú", "Xã Tân Lập"}),
        ({"q": "tan phu"}, {"Xã Tân Phú"}),
        ({"loai": UnitKind.HOSPITAL}, {"Bệnh viện Đa khoa tỉnh"}),
    ],
)
def test_the_overview_filters_by_status_kind_and_name(client_for, province_officer, three_states, filters, expected):
    response = client_for(province_officer).get(_url("registration_overview"), {"nam": YEAR, **filters})
    assert set(_rows(response)) == expected


def test_the_overview_of_another_year_counts_that_years_registrations(client_for, province_officer, three_states):
    rows = _rows(client_for(province_officer).get(_url("registration_overview"), {"nam": YEAR - 1}))
    assert rows["Xã Tân Phú"].status_label == "Đang soạn" and rows["Sở Y tế"].status_label == "Chưa đăng ký"


def test_a_unit_officer_overview_is_limited_to_their_units(client_for, unit_officer, three_states):
    rows = _rows(client_for(unit_officer).get(_url("registration_overview"), {"nam": YEAR}))
    assert set(rows) == {"Sở Y tế", "Bệnh viện Đa khoa tỉnh"}


def test_the_overview_exports_to_excel(client_for, province_officer, three_states):
    response = client_for(province_officer).get(
        _url("registration_overview_export"), {"nam": YEAR, "loai": "DEPARTMENT"}
    )
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    ws = read_xlsx(response.content)["Tổng hợp đăng ký"]
    assert ws["A1"].value == f"Tổng hợp đăng ký thi đua năm {YEAR}"
    header = [c.value for c in ws[2]]
    assert header[:6] == ["STT", "Mã đơn vị", "Đơn vị", "Loại đơn vị", "Trạng thái", "Ngày gửi"]
    assert header[6:8] == ["LĐTT", "CSTĐCS"] and header[-1] == "Tổng số dòng"
    data = {row[2]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    assert set(data) == {"Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo"}
    assert data["Sở Y tế"][4] == "Đã gửi" and data["Sở Y tế"][-1] == 2
    assert data["Sở Nội vụ"][4] == "Chưa đăng ký" and data["Sở Nội vụ"][-1] == 0


def _add_units(province, n):
    for i in range(n):
        Unit.objects.create(
            code=f"XA-{i}",
            name=f"Xã Thêm {i}",
            kind=UnitKind.COMMUNE,
            parent=province.root,
            valid_from=dt.date(2025, 7, 1),
        )


def _overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url("registration_overview"), {"nam": YEAR})
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_overview_runs_a_fixed_number_of_queries(client_for, province_officer, province, three_states):
    client = client_for(province_officer)
    client.get(_url("registration_overview"), {"nam": YEAR})  # session warm-up
    few = _overview_queries(client)
    _add_units(province, 40)
    for i in range(0, 40, 3):
        unit = Unit.objects.get(code=f"XA-{i}")
        reg = services.registration_open(actor=province_officer, unit=unit, year=YEAR)
        _line(reg, province_officer, unit, "TTLDTT")
    assert _overview_queries(client) == few
    assert few <= 12


def test_the_overview_paginates(client_for, province_officer, province):
    _add_units(province, 60)
    client = client_for(province_officer)
    first = client.get(_url("registration_overview"), {"nam": YEAR})
    assert len(first.context["rows"]) == 50
    second = client.get(_url("registration_overview"), {"nam": YEAR, "trang": 2})
    assert len(second.context["rows"]) == 67 - 50
    assert "Trang 2 / 2" in second.content.decode()
