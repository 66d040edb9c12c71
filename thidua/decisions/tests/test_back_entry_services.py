"""Back-entry of decisions made before the system: all or nothing, checked row by row, marked and
audited, and feeding the eligibility rules like any other award."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.decisions import services as svc
from thidua.decisions.models import Award, Decision
from thidua.eligibility import selectors as eligibility
from thidua.eligibility.engine import evaluate
from thidua.people.models import Initiative

from .test_back_entry_support import *  # noqa: F403  (fixture: people)
from .test_back_entry_support import award, row

DATE = dt.date(2024, 12, 20)


def back_enter(actor, issuer, rows, number="1234/QĐ-UBND", date=DATE, **kw):
    return svc.decision_back_enter(
        actor=actor,
        issuer=issuer,
        number=number,
        date=date,
        signer_name=kw.pop("signer_name", "Nguyễn Văn Chủ"),
        signer_title=kw.pop("signer_title", "Chủ tịch"),
        summary=kw.pop("summary", "Tặng Bằng khen năm 2024"),
        rows=rows,
        **kw,
    )


def test_back_entry_creates_marked_awards_with_snapshots_and_an_audit_event(province, province_officer, people):
    decision = back_enter(
        province_officer,
        province.root,
        [
            row(people.lan, "BK_TINH", 2024),
            row(province.hospital, "BK_TINH_TT", 2024),
            row(people.household, "BK_TINH_HGD", 2024),
        ],
    )
    assert decision.back_entered is True and decision.created_by == province_officer
    assert decision.issuer_name == province.root.name
    person_award, unit_award, household_award = decision.awards.order_by("id")
    assert (person_award.subject_name, person_award.subject_position, person_award.subject_unit_name) == (
        "Đỗ Thị Lan",
        "Điều dưỡng trưởng",
        "Bệnh viện Đa khoa tỉnh",
    )
    assert (unit_award.subject_name, unit_award.subject_unit_name) == ("Bệnh viện Đa khoa tỉnh", "Sở Y tế")
    assert (household_award.subject_name, household_award.subject_unit_name) == ("Hộ Trần Văn Nông", "Xã Tân Phú")
    assert person_award.basis == "CONG_TRANG"
    event = AuditEvent.objects.get(action="decision.back_enter")
    assert event.actor == province_officer and event.object_id == str(decision.pk)
    assert event.data["count"] == 3 and event.unit == province.root


def test_the_amount_comes_from_the_money_rules_on_the_decision_date(province, province_officer, people):
    # 20/12/2024: base salary 2.340.000 đ; Bằng khen of the province 1,0 × (NĐ 98) … per the rule set in force.
    from thidua.eligibility.context import context_for
    from thidua.eligibility.money import reward_amount

    decision = back_enter(
        province_officer,
        province.root,
        [row(people.lan, "BK_TINH", 2024), row(people.hoa, "LDTT", 2024, amount=500_000)],
    )
    expected = reward_amount("BK_TINH", "person", context_for(criteria_date=DATE, decision_date=DATE))
    computed, given = decision.awards.order_by("id")
    assert expected and computed.amount == expected
    assert given.amount == 500_000
    assert decision.amount_notes == []


def test_before_july_2023_there_is_no_base_salary_and_the_amount_is_zero_with_a_note(
    province, province_officer, people
):
    decision = back_enter(
        province_officer, province.root, [row(people.lan, "BK_TINH", 2019)], date=dt.date(2020, 1, 10)
    )
    assert decision.awards.get().amount == 0
    assert len(decision.amount_notes) == 1 and "chưa có mức lương cơ sở" in decision.amount_notes[0]
    assert AuditEvent.objects.get(action="decision.back_enter").data["without_amount"] == 1


def test_a_duplicate_standing_award_is_refused_and_nothing_is_saved(province, province_officer, people):
    back_enter(province_officer, province.root, [row(people.lan, "BK_TINH", 2022)], number="1/QĐ")
    with pytest.raises(ValidationError) as exc:
        back_enter(
            province_officer,
            province.root,
            [row(people.hoa, "BK_TINH", 2022), row(people.lan, "BK_TINH", 2022)],
            number="2/QĐ",
        )
    assert exc.value.message_dict["rows"] == [
        "Dòng 2: Đỗ Thị Lan đã có “Bằng khen của Chủ tịch UBND tỉnh (cá nhân)” năm 2022 (chưa bị hủy bỏ) "
        "trong hệ thống."
    ]
    assert Decision.objects.count() == 1 and Award.objects.count() == 1


def test_a_revoked_award_does_not_block_back_entry(province, province_officer, people):
    first = back_enter(province_officer, province.root, [row(people.lan, "BK_TINH", 2022)], number="1/QĐ")
    first.awards.update(revoked=True)
    back_enter(province_officer, province.root, [row(people.lan, "BK_TINH", 2022)], number="2/QĐ")
    assert Award.objects.filter(person=people.lan, revoked=False).count() == 1


def test_the_same_award_twice_in_one_decision_is_refused(province, province_officer, people):
    with pytest.raises(ValidationError) as exc:
        back_enter(province_officer, province.root, [row(people.lan, "LDTT", 2022), row(people.lan, "LDTT", 2022)])
    assert exc.value.message_dict["rows"] == ["Dòng 2: Trùng với dòng 1: cùng đối tượng, hình thức và năm."]
    assert not Decision.objects.exists()


def test_a_duplicate_number_of_the_same_issuer_is_refused(province, province_officer, people):
    back_enter(province_officer, province.root, [row(people.lan, "LDTT", 2022)], number="15/QĐ-UBND")
    with pytest.raises(ValidationError) as exc:
        back_enter(province_officer, province.root, [row(people.hoa, "LDTT", 2022)], number="15/qđ-ubnd")
    assert "đã có trong hệ thống" in exc.value.message_dict["number"][0]
    # Another issuer may use the same number.
    back_enter(province_officer, province.health, [row(people.hoa, "LDTT", 2022)], number="15/QĐ-UBND")
    assert Decision.objects.count() == 2


def test_each_row_is_checked_and_reported_by_number(province, province_officer, people):
    with pytest.raises(ValidationError) as exc:
        back_enter(
            province_officer,
            province.root,
            [
                row(people.lan, "LDTT", 2023),
                row(province.hospital, "CSTDCS", 2023),  # a title for individuals given to a collective
                row(people.hoa, "LDTT", 2026),  # after the decision's year
                {"subject": None, "award_type": award("LDTT"), "year": 2023},
            ],
        )
    messages = exc.value.message_dict["rows"]
    assert messages[0].startswith("Dòng 2: “Chiến sĩ thi đua cơ sở” không dùng cho tập thể")
    assert messages[1] == "Dòng 3: Năm thành tích (2026) không được sau năm ban hành quyết định (2024)."
    assert messages[2].startswith("Dòng 4: Chưa xác định được")
    assert not Decision.objects.exists() and not Award.objects.exists()


def test_heading_is_checked(province, province_officer, people):
    with pytest.raises(ValidationError) as exc:
        back_enter(province_officer, province.root, [], number=" ", date=dt.date(2999, 1, 1))
    errors = exc.value.message_dict
    assert errors["number"] == ["Vui lòng nhập số, ký hiệu quyết định."]
    assert errors["date"] == ["Ngày ban hành không được sau ngày hôm nay."]
    assert errors["rows"] == ["Quyết định phải có ít nhất một dòng khen thưởng."]


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "council_member"])
def test_only_the_province_back_enters(province, people, persona, request):
    with pytest.raises(PermissionDenied):
        back_enter(request.getfixturevalue(persona), province.health, [row(people.lan, "LDTT", 2022)])
    assert not Decision.objects.exists()


def test_the_permission_agrees_with_the_nominations_one(province_officer, admin_user, unit_officer, leader):
    for user in (province_officer, admin_user, unit_officer, leader):
        assert user.has_perm("decisions.back_enter") == user.has_perm("nominations.back_enter")


def test_back_entered_cstdcs_make_a_person_eligible_for_the_provincial_title(province, province_officer, people):
    lan = people.lan
    Initiative.objects.create(
        person=lan, title="Quy trình chăm sóc", scope="PROVINCE", recognising_body="UBND tỉnh", year=2024
    )
    ctx = eligibility.rule_context(on=dt.date(2026, 1, 15))

    def verdict():
        facts = eligibility.subject_facts(lan, year=2025, ctx=ctx, on=dt.date(2026, 1, 15))
        return evaluate(facts, "CSTD_TINH", 2025, ctx, confirmed="all")

    assert not verdict().eligible
    for year in (2023, 2024, 2025):
        back_enter(
            province_officer,
            province.health,
            [row(lan, "CSTDCS", year)],
            number=f"{year}/QĐ-SYT",
            date=dt.date(year, 12, 30),
        )
    assert verdict().eligible
