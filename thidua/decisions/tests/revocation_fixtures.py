"""Fixtures shared by the revocation and award-history tests (imported by them; holds no tests).

`an` is a nurse of the provincial hospital (under Sở Y tế) with three consecutive CSTĐCS years
(2023–2025) and a province-level initiative: eligible for Chiến sĩ thi đua cấp tỉnh 2025 but for the
council's judgement. `an.cstdcs_2024` is the award the tests revoke (1.000.000 đ, paid by the hospital
when `paid` is used). `binh` is a teacher of Sở GD&ĐT with an award of his own."""

import datetime as dt

import pytest

from thidua.decisions.models import Payment, RevocationGround
from thidua.decisions.services import revocation as svc
from thidua.eligibility.tests.test_selectors import cstdcs_chain, grant, make_person, rate
from thidua.people.models import Initiative

__all__ = [
    "ACT_DATE",
    "an",
    "binh",
    "cstdcs_chain",
    "grant",
    "make_person",
    "open_line",
    "paid",
    "rate",
    "revoke",
    "revoke_kwargs",
]

ACT_DATE = dt.date(2025, 6, 2)


@pytest.fixture
def an(province):
    person = make_person(province.hospital, "Nguyễn Thị An")
    cstdcs_chain(person, province.hospital)
    Initiative.objects.create(
        person=person, title="Bệnh án điện tử", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024
    )
    award = person.awards.get(award_type__code="CSTDCS", year=2024)
    award.amount = 1_000_000
    award.subject_position = "Điều dưỡng"
    award.save(update_fields=["amount", "subject_position"])
    person.cstdcs_2024 = award
    return person


@pytest.fixture
def binh(province):
    person = make_person(province.school, "Trần Văn Bình")
    award = grant(person, "CSTDCS", 2024, issuer=province.school)
    award.amount = 800_000
    award.save(update_fields=["amount"])
    person.cstdcs_2024 = award
    return person


def paid(award, payer_unit, amount=None, on=dt.date(2025, 2, 1)):
    return Payment.objects.create(
        award=award, paid_on=on, voucher_number="PC-01", payer_unit=payer_unit, amount=amount or award.amount
    )


def revoke_kwargs(**kw):
    data = {
        "ground": RevocationGround.FALSE_DOCUMENTS,
        "reason": "Sáng kiến kê khai trong hồ sơ là của người khác.",
        "act_number": "15/QĐ-UBND",
        "act_date": ACT_DATE,
        "act_issuer": "Ủy ban nhân dân tỉnh Hòa Giang",
        "amount_to_recover": 1_000_000,
        "insignia_to_recover": "Giấy chứng nhận, khung",
    }
    data.update(kw)
    return data


def revoke(actor, award, **kw):
    return svc.award_revoke(actor=actor, award=award, **revoke_kwargs(**kw))


def open_line(subject, code, year, *, state="SUBMITTED", outcome="PENDING"):
    """A dossier line of `subject` for `code` and `year`, in a nomination of the hospital in `state`."""
    from thidua.catalog.models import AwardType
    from thidua.nominations.models import Authority, Basis, Nomination, NominationLine

    unit = subject.unit
    nomination = Nomination.objects.create(
        proposing_unit=unit,
        title=f"Đề nghị khen thưởng năm {year}",
        year=year,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=unit.parent or unit,
        state=state,
    )
    return NominationLine.objects.create(
        nomination=nomination,
        award_type=AwardType.objects.get(code=code),
        year_from=year,
        year_to=year,
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
        subject_name=str(subject),
        person=subject,
        outcome=outcome,
    )
