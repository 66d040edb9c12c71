"""Findings of the review of money, revocation and decision visibility, kept fixed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.decisions.models import FundEntry, Payment
from thidua.decisions.services import money as money_svc
from thidua.decisions.tests.money_fixtures import money  # noqa: F401  (fixture)
from thidua.decisions.tests.revocation_fixtures import an, paid, revoke  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_payment_of_a_revoked_award_cannot_be_cancelled_so_the_money_is_not_counted_back_twice(
    money,  # noqa: F811
    province,
    province_officer,
):
    payment = money_svc.payment_record(
        actor=province_officer,
        paid_on=dt.date(2026, 2, 1),
        voucher_number="PC-9",
        payer_unit=province.root,
        award_ids=[money.a_nurse.pk],
    )[0]
    revoke(province_officer, money.a_nurse, amount_to_recover=3_510_000, act_date=dt.date(2026, 3, 1))
    entries = FundEntry.objects.count()
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        money_svc.payment_cancel(actor=province_officer, payment=payment, reason="Nhập nhầm")
    assert Payment.objects.filter(pk=payment.pk).exists()
    assert FundEntry.objects.count() == entries


def test_the_amount_to_recover_cannot_exceed_what_was_paid(an, province, province_officer):  # noqa: F811
    award = an.cstdcs_2024
    paid(award, province.hospital, amount=600_000)
    with pytest.raises(ValidationError) as error:
        revoke(province_officer, award, amount_to_recover=1_000_000)
    assert "600.000" in str(error.value)
    award.refresh_from_db()
    assert not award.revoked


@pytest.mark.parametrize(
    "url",
    [
        "/quyet-dinh/quy/?unit=²",
        "/quyet-dinh/quy/?year=²",
        "/quyet-dinh/chi-tra/?recipient=²",
        "/quyet-dinh/chi-tra/?payer=²",
    ],
)
def test_odd_digits_in_money_filters_are_ignored_not_an_error(money, province_officer, client_for, url):  # noqa: F811
    assert client_for(province_officer).get(url).status_code in (200, 404)


def test_a_signer_without_any_other_role_sees_the_decision_they_signed(money, province, client_for):  # noqa: F811
    from conftest import _user
    from thidua.decisions.models import IssuingBody, Signer

    chairman = _user("ct.ubnd", None, None, full_name="Nguyễn Văn Chủ")
    body = IssuingBody.objects.create(unit=province.root, symbol="UBND", header_name="Ủy ban nhân dân tỉnh Hòa Giang")
    Signer.objects.create(body=body, user=chairman, full_name="Nguyễn Văn Chủ", title="Chủ tịch", sign_lines="CHỦ TỊCH")
    response = client_for(chairman).get(reverse("decisions:decision_detail", args=[money.province_decision.pk]))
    assert response.status_code == 200
    assert money.a_teacher.subject_name in response.content.decode()  # all of it, not a unit's share


def test_changing_the_issue_date_shows_the_amounts_again_before_anything_is_issued(
    province, province_officer, leader, client_for
):
    from thidua.catalog.models import AwardType
    from thidua.decisions.models import Decision, DecisionState, DocKind, IssuingBody, Signer
    from thidua.decisions.services import issuing as svc
    from thidua.decisions.tests.money_fixtures import person
    from thidua.nominations import routing
    from thidua.nominations.models import Appraisal, Authority, Basis, Nomination, NominationLine, Outcome, State

    body = IssuingBody.objects.create(unit=province.root, symbol="UBND", header_name="Ủy ban nhân dân tỉnh Hòa Giang")
    Signer.objects.create(body=body, user=leader, full_name="Nguyễn Văn Chủ", title="Chủ tịch", sign_lines="CHỦ TỊCH")

    n = Nomination.objects.create(
        proposing_unit=province.health,
        title="Đề nghị",
        year=2025,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=routing.deciding_unit_for(province.health, Authority.PROVINCE_CHAIR),
        state=State.APPRAISED,
    )
    who = person(province.health, "Nguyễn Thị Lan")
    line = NominationLine.objects.create(
        nomination=n,
        person=who,
        award_type=AwardType.objects.get(code="BK_TINH"),
        year_from=2025,
        year_to=2025,
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
        subject_name=who.full_name,
        appraisal=Appraisal.ACCEPTED,
        outcome=Outcome.PASSED,
    )
    draft = svc.draft_create(
        actor=province_officer, issuer=province.root, kind=DocKind.DECISION, lines=[line], date=dt.date(2026, 6, 30)
    )
    url = reverse("decisions:decision_issue", args=[draft.pk])
    client = client_for(leader)
    assert "3.510.000" in client.get(url).content.decode()  # base 2,340,000 on 30/06/2026
    response = client.post(url, {"version": draft.version, "date": "2026-07-01", "previewed": "2026-06-30"})
    assert response.status_code == 200
    assert "3.800.000" in response.content.decode()  # recomputed at 2,530,000 from 01/07/2026
    assert Decision.objects.get(pk=draft.pk).state == DecisionState.DRAFT
    response = client.post(url, {"version": draft.version, "date": "2026-07-01", "previewed": "2026-07-01"})
    assert response.status_code == 302
    issued = Decision.objects.get(pk=draft.pk)
    assert issued.state == DecisionState.ISSUED and issued.total_amount == 3_800_000


def test_the_signer_is_warned_when_an_award_of_a_subject_was_revoked_after_the_appraisal(
    an,  # noqa: F811
    province,
    province_officer,
    leader,
    client_for,  # noqa: F811
):
    from django.utils import timezone

    from thidua.catalog.models import AwardType
    from thidua.decisions.models import DocKind, IssuingBody, Signer
    from thidua.decisions.services import issuing as svc
    from thidua.nominations import routing
    from thidua.nominations.models import Appraisal, Authority, Basis, Nomination, NominationLine, Outcome, State

    body = IssuingBody.objects.create(unit=province.root, symbol="UBND", header_name="Ủy ban nhân dân tỉnh Hòa Giang")
    Signer.objects.create(body=body, user=leader, full_name="Nguyễn Văn Chủ", title="Chủ tịch", sign_lines="CHỦ TỊCH")
    n = Nomination.objects.create(
        proposing_unit=province.hospital,
        title="Đề nghị",
        year=2025,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=routing.deciding_unit_for(province.hospital, Authority.PROVINCE_CHAIR),
        state=State.APPRAISED,
    )
    line = NominationLine.objects.create(
        nomination=n,
        person=an,
        award_type=AwardType.objects.get(code="CSTD_TINH"),
        year_from=2025,
        year_to=2025,
        achievement="Ba năm liền Chiến sĩ thi đua cơ sở.",
        subject_name=an.full_name,
        appraisal=Appraisal.ACCEPTED,
        appraised_at=timezone.now(),
        outcome=Outcome.PASSED,
    )
    draft = svc.draft_create(actor=province_officer, issuer=province.root, kind=DocKind.DECISION, lines=[line])
    url = reverse("decisions:decision_issue", args=[draft.pk])
    assert "Cần kiểm tra lại" not in client_for(leader).get(url).content.decode()
    revoke(province_officer, an.cstdcs_2024, amount_to_recover=0)
    body_text = client_for(leader).get(url).content.decode()
    assert "Cần kiểm tra lại" in body_text and "Chiến sĩ thi đua cơ sở năm 2024 đã bị hủy bỏ" in body_text
