"""Revocation screens: the form, the confirmation with its consequences, the list with its filters and
export, the detail with the recovery form; every permission and error path."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.decisions.models import Award, FundEntry, RecoveryStatus, Revocation, RevocationGround

from .revocation_fixtures import *  # noqa: F403
from .revocation_fixtures import ACT_DATE, grant, make_person, paid, revoke

FORM = {
    "ground": RevocationGround.FRAUD,
    "reason": "Kê khai thành tích không đúng sự thật.",
    "act_number": "20/QĐ-UBND",
    "act_date": "2025-06-02",
    "act_issuer": "Ủy ban nhân dân tỉnh Hòa Giang",
    "amount_to_recover": "1.000.000",
    "insignia_to_recover": "Giấy chứng nhận",
}


def revoke_url(award):
    return reverse("decisions:award_revoke", args=[award.pk])


# --- Anonymous, permissions -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    other = an.awards.get(award_type__code="CSTDCS", year=2023)
    client = client_for(None)
    for url in [
        revoke_url(other),
        reverse("decisions:revocation_list"),
        reverse("decisions:revocation_export"),
        reverse("decisions:revocation_detail", args=[revocation.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("decisions:revocation_record_recovery", args=[revocation.pk]), {})
    assert response.status_code == 302
    assert client.post(revoke_url(other), {**FORM, "confirm": "1"}).status_code == 302
    assert not Award.objects.get(pk=other.pk).revoked


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "council_member"])
def test_only_the_province_opens_or_posts_the_revoke_form(client_for, an, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(revoke_url(an.cstdcs_2024)).status_code == 403
    assert client.post(revoke_url(an.cstdcs_2024), {**FORM, "confirm": "1"}).status_code == 403
    assert not Revocation.objects.exists()


def test_an_unknown_award_is_not_found(client_for, province_officer):
    assert client_for(province_officer).get(reverse("decisions:award_revoke", args=[999999])).status_code == 404


# --- Revoke: form → confirmation → done ----------------------------------------------------------------------


def test_the_form_shows_the_grounds_in_full_and_the_paid_amount_as_default(client_for, an, province, province_officer):
    paid(an.cstdcs_2024, province.hospital, amount=700_000)
    html = client_for(province_officer).get(revoke_url(an.cstdcs_2024)).content.decode()
    for ground in RevocationGround:
        assert ground.label in html
    assert 'value="700000"' in html
    assert "Nguyễn Thị An" in html and "Đã chi 700.000 đ" in html


def test_without_a_payment_the_default_amount_to_recover_is_zero(client_for, an, province_officer):
    html = client_for(province_officer).get(revoke_url(an.cstdcs_2024)).content.decode()
    assert 'value="0"' in html and "Chưa chi" in html


def test_the_confirmation_shows_the_consequences_and_changes_nothing(client_for, an, province_officer):
    response = client_for(province_officer).post(revoke_url(an.cstdcs_2024), FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xác nhận: hủy bỏ khen thưởng" in html
    assert "Chiến sĩ thi đua cấp tỉnh" in html and "Không đủ điều kiện" in html
    assert "quyết định đã bị hủy bỏ" in html
    assert 'name="confirm" value="1"' in html
    assert not Revocation.objects.exists()
    an.cstdcs_2024.refresh_from_db()
    assert an.cstdcs_2024.revoked is False


def test_confirming_revokes_and_leads_to_the_revocation(client_for, an, province_officer):
    response = client_for(province_officer).post(revoke_url(an.cstdcs_2024), {**FORM, "confirm": "1"})
    revocation = Revocation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:revocation_detail", args=[revocation.pk])
    assert revocation.amount_to_recover == 1_000_000 and revocation.ground == RevocationGround.FRAUD
    assert Award.objects.get(pk=an.cstdcs_2024.pk).revoked


@pytest.mark.parametrize(
    "change,message",
    [
        ({"amount_to_recover": "1.000.001"}, "không được vượt quá tiền thưởng"),
        ({"amount_to_recover": "một triệu"}, "Số tiền phải là số nguyên"),
        ({"act_date": "2025-01-01"}, "không được trước ngày quyết định khen thưởng"),
        ({"act_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, "không được sau ngày hôm nay"),
        ({"act_date": "02/30/2025"}, "Ngày không hợp lệ"),
        ({"ground": ""}, "Vui lòng chọn căn cứ hủy bỏ"),
        ({"act_number": ""}, "Vui lòng nhập số, ký hiệu"),
    ],
)
@pytest.mark.parametrize("confirm", [False, True])
def test_bad_input_is_shown_on_the_form_and_nothing_changes(client_for, an, province_officer, change, message, confirm):
    data = {**FORM, **change, **({"confirm": "1"} if confirm else {})}
    response = client_for(province_officer).post(revoke_url(an.cstdcs_2024), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Revocation.objects.exists()


def test_an_award_already_revoked_is_not_revoked_twice_through_the_screen(client_for, an, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024)
    client = client_for(province_officer)
    response = client.get(revoke_url(an.cstdcs_2024))
    assert response["Location"] == reverse("decisions:revocation_detail", args=[revocation.pk])
    response = client.post(revoke_url(an.cstdcs_2024), {**FORM, "confirm": "1", "act_number": "99/QĐ"})
    assert response.status_code == 302
    assert Revocation.objects.get().act_number == "15/QĐ-UBND"


# --- List, detail, scope ------------------------------------------------------------------------------------


@pytest.fixture
def two_revocations(an, binh, province_officer):
    ours = revoke(province_officer, an.cstdcs_2024)
    theirs = revoke(
        province_officer,
        binh.cstdcs_2024,
        ground=RevocationGround.VIOLATION_FOUND,
        act_number="7/QĐ-SGDĐT",
        act_date=dt.date(2026, 2, 1),
        amount_to_recover=0,
        insignia_to_recover="",
    )
    return ours, theirs


def test_the_province_sees_every_revocation(client_for, province_officer, two_revocations):
    html = client_for(province_officer).get(reverse("decisions:revocation_list")).content.decode()
    assert "Nguyễn Thị An" in html and "Trần Văn Bình" in html


def test_a_unit_officer_sees_only_their_units_revocations_read_only(client_for, unit_officer, two_revocations):
    ours, theirs = two_revocations
    client = client_for(unit_officer)
    html = client.get(reverse("decisions:revocation_list")).content.decode()
    assert "Nguyễn Thị An" in html and "Trần Văn Bình" not in html
    detail = client.get(reverse("decisions:revocation_detail", args=[ours.pk]))
    assert detail.status_code == 200
    assert "Ghi nhận thu hồi" not in detail.content.decode()
    assert client.get(reverse("decisions:revocation_detail", args=[theirs.pk])).status_code == 404
    post = client.post(
        reverse("decisions:revocation_record_recovery", args=[ours.pk]),
        {"amount": "1000", "recovered_on": "2025-07-01", "voucher_number": "X"},
    )
    assert post.status_code == 403
    assert not FundEntry.objects.exists()


def test_the_other_units_officer_cannot_see_the_revocation(client_for, other_unit_officer, two_revocations):
    ours, _ = two_revocations
    client = client_for(other_unit_officer)
    assert client.get(reverse("decisions:revocation_detail", args=[ours.pk])).status_code == 404
    post = client.post(reverse("decisions:revocation_record_recovery", args=[ours.pk]), {})
    assert post.status_code == 404
    assert "Nguyễn Thị An" not in client.get(reverse("decisions:revocation_list")).content.decode()


@pytest.mark.parametrize("persona", ["leader", "council_member"])
def test_others_see_no_revocation(client_for, persona, request, two_revocations):
    ours, _ = two_revocations
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("decisions:revocation_list")).status_code == 403
    assert client.get(reverse("decisions:revocation_export")).status_code == 403
    assert client.get(reverse("decisions:revocation_detail", args=[ours.pk])).status_code == 404


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"q": "nguyen thi an"}, {"Nguyễn Thị An"}),
        ({"q": "7/QĐ-SGD"}, {"Trần Văn Bình"}),
        ({"q": "2024/QĐ-CSTDCS"}, {"Nguyễn Thị An", "Trần Văn Bình"}),
        ({"year": "2026"}, {"Trần Văn Bình"}),
        ({"ground": RevocationGround.FALSE_DOCUMENTS}, {"Nguyễn Thị An"}),
        ({"status": RecoveryStatus.NOTHING}, {"Trần Văn Bình"}),
        ({"status": RecoveryStatus.PENDING}, {"Nguyễn Thị An"}),
    ],
)
def test_the_list_filters(client_for, province_officer, two_revocations, query, expected):
    html = client_for(province_officer).get(reverse("decisions:revocation_list"), query).content.decode()
    assert {name for name in ("Nguyễn Thị An", "Trần Văn Bình") if name in html} == expected


def test_the_list_serves_its_results_fragment_to_htmx(client_for, province_officer, two_revocations):
    response = client_for(province_officer).get(reverse("decisions:revocation_list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">') and "<html" not in html


def _many(province, province_officer, n):
    for i in range(n):
        person = make_person(province.hospital, f"Người thứ {i}")
        award = grant(person, "LDTT", 2024, issuer=province.hospital)
        paid(award, province.hospital, amount=1)
        revoke(province_officer, award, amount_to_recover=0)


def test_the_list_runs_a_fixed_number_of_queries(client_for, province, province_officer):
    client = client_for(province_officer)
    url = reverse("decisions:revocation_list")
    _many(province, province_officer, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many(province, province_officer, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_detail_shows_the_award_the_act_and_recovery(client_for, an, province, province_officer):
    paid(an.cstdcs_2024, province.hospital)
    revocation = revoke(province_officer, an.cstdcs_2024)
    html = (
        client_for(province_officer).get(reverse("decisions:revocation_detail", args=[revocation.pk])).content.decode()
    )
    assert "15/QĐ-UBND" in html and "02/06/2025" in html
    assert RevocationGround.FALSE_DOCUMENTS.label in html
    assert "2024/QĐ-CSTDCS" in html
    assert "1.000.000 đ" in html and "Chưa thu hồi" in html
    assert "Ghi nhận thu hồi" in html and "Bệnh viện Đa khoa tỉnh (đơn vị đã chi)" in html


# --- Recovery through the screen ----------------------------------------------------------------------------


def test_the_province_records_recovery_through_the_detail_page(client_for, an, province, province_officer):
    revocation = revoke(province_officer, an.cstdcs_2024, insignia_to_recover="")
    url = reverse("decisions:revocation_record_recovery", args=[revocation.pk])
    response = client_for(province_officer).post(
        url, {"amount": "1.000.000", "recovered_on": "2025-07-01", "voucher_number": "PT-9"}
    )
    assert response.status_code == 302
    revocation.refresh_from_db()
    assert revocation.recovery_status == RecoveryStatus.DONE
    assert FundEntry.objects.get().amount == 1_000_000


@pytest.mark.parametrize(
    "data,message",
    [
        ({"amount": "1.000.001", "recovered_on": "2025-07-01", "voucher_number": "PT"}, "vượt quá số còn phải thu hồi"),
        ({"amount": "100", "recovered_on": "2025-06-01", "voucher_number": "PT"}, "trước ngày văn bản hủy bỏ"),
        ({"amount": "100", "recovered_on": "hôm qua", "voucher_number": "PT"}, "Ngày không hợp lệ"),
        ({"amount": "100", "recovered_on": "2025-07-01", "voucher_number": ""}, "số chứng từ"),
    ],
)
def test_bad_recovery_is_shown_on_the_detail_page_and_nothing_changes(client_for, an, province_officer, data, message):
    revocation = revoke(province_officer, an.cstdcs_2024)
    response = client_for(province_officer).post(
        reverse("decisions:revocation_record_recovery", args=[revocation.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    revocation.refresh_from_db()
    assert revocation.recovered_amount == 0 and not FundEntry.objects.exists()


# --- Export ---------------------------------------------------------------------------------------------------


def test_the_export_opens_in_openpyxl_with_the_visible_rows(
    client_for, unit_officer, province_officer, two_revocations
):
    ours, _ = two_revocations
    Revocation.objects.filter(pk=ours.pk).update(reason='=HYPERLINK("http://x")')
    for user, names in [(province_officer, {"Nguyễn Thị An", "Trần Văn Bình"}), (unit_officer, {"Nguyễn Thị An"})]:
        response = client_for(user).get(reverse("decisions:revocation_export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:3] == ("STT", "Đối tượng", "Hình thức, danh hiệu")
        assert {r[1] for r in rows[1:]} == names
    row = next(r for r in rows[1:] if r[1] == "Nguyễn Thị An")
    assert row[9] == "15/QĐ-UBND" and row[10].date() == ACT_DATE and row[12] == 1_000_000
    assert row[16] == "Chưa thu hồi"
    assert row[8] == '=HYPERLINK("http://x")'  # text, never a formula
    filtered = client_for(province_officer).get(reverse("decisions:revocation_export"), {"year": "2026"})
    rows = list(openpyxl.load_workbook(io.BytesIO(filtered.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Trần Văn Bình"]
