"""Administrators change the catalogue with a reason; everyone else is refused; bad input changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.catalog import selectors, services
from thidua.catalog.models import AwardType, BaseSalary, RuleParameter
from thidua.core.models import AuditEvent

# Seeded catalogue rows come from migrations: every test here must be a (non-flushing) db test.
pytestmark = pytest.mark.django_db


def _param(rule_set="ND152", key="cstdcs_quota"):
    return RuleParameter.objects.get(rule_set__code=rule_set, key=key)


# --- rule parameters ---------------------------------------------------------------------------


def test_admin_changes_a_quota_with_reason_recorded_in_history_and_audit(admin_user):
    param = services.rule_parameter_update(
        actor=admin_user, parameter=_param(), value="0,2", reason="Theo quy chế TĐKT của tỉnh năm 2026"
    )
    assert param.value == "0.2"
    assert selectors.rule_parameter("ND152", "cstdcs_quota") == Decimal("0.2")
    latest = param.history.first()
    assert latest.history_change_reason == "Theo quy chế TĐKT của tỉnh năm 2026"
    assert latest.history_user == admin_user
    event = AuditEvent.objects.get(action="catalog.rule_parameter.update")
    assert event.actor == admin_user and "0.15 → 0.2" in event.summary


def test_province_officer_cannot_change_a_parameter(province_officer):
    with pytest.raises(PermissionDenied):
        services.rule_parameter_update(actor=province_officer, parameter=_param(), value="0.2", reason="x")
    assert _param().value == "0.15"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("cstdcs_quota", "1.5", "Giá trị phải là số thập phân từ 0 đến 1."),
        ("cstdcs_quota", "mười lăm", "Giá trị phải là số thập phân từ 0 đến 1."),
        ("council_secret_ballot_threshold", "-0.1", "Giá trị phải là số thập phân từ 0 đến 1."),
        ("collective_multiplier", "-2", "Giá trị phải là số thập phân không âm."),
        ("ldtt_min_months_worked", "10.5", "Giá trị phải là số nguyên không âm."),
        ("chains_continue_through_mergers", "có lẽ", "Giá trị phải là “có” hoặc “không”."),
        ("money_rounding", "floor", "Giá trị phải là một trong các lựa chọn: nearest, ceiling."),
        ("secret_ballot_award_codes", "CSTD_TINH,KHONG_CO", "Mã không có trong danh mục: KHONG_CO."),
        ("cstdcs_quota", "", "Vui lòng nhập giá trị."),
    ],
)
def test_bad_parameter_value_is_refused_in_vietnamese_and_nothing_changes(admin_user, key, value, message):
    before = _param(key=key).value
    history_before = _param(key=key).history.count()
    with pytest.raises(ValidationError) as exc:
        services.rule_parameter_update(actor=admin_user, parameter=_param(key=key), value=value, reason="Thử")
    assert exc.value.message_dict["value"] == [message]
    assert _param(key=key).value == before
    assert _param(key=key).history.count() == history_before
    assert not AuditEvent.objects.filter(action="catalog.rule_parameter.update").exists()


def test_a_parameter_change_needs_a_reason(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.rule_parameter_update(actor=admin_user, parameter=_param(), value="0.2", reason="  ")
    assert exc.value.message_dict["reason"] == ["Vui lòng nhập lý do thay đổi."]
    assert _param().value == "0.15"


def test_boolean_and_choice_parameters_store_canonical_values(admin_user):
    services.rule_parameter_update(
        actor=admin_user,
        parameter=_param(key="school_year_chains"),
        value="Có",
        reason="Ngành giáo dục xét theo năm học",
    )
    services.rule_parameter_update(
        actor=admin_user, parameter=_param(key="money_rounding"), value="ceiling", reason="Theo Sở Tài chính"
    )
    assert selectors.rule_parameter("ND152", "school_year_chains") is True
    assert selectors.rule_parameter("ND152", "money_rounding") == "ceiling"
    # The other rule set is untouched.
    assert selectors.rule_parameter("ND98", "money_rounding") == "nearest"


# --- award types -------------------------------------------------------------------------------


def test_admin_edits_an_award_type_with_history_and_audit(admin_user):
    gk = AwardType.objects.get(code="GK")
    services.award_type_update(
        actor=admin_user,
        award_type=gk,
        data={"coefficient_individual": Decimal("0.15"), "coefficient_collective": Decimal("0.3")},
        reason="Giấy khen của Chủ tịch UBND cấp xã theo quy chế tỉnh",
    )
    gk.refresh_from_db()
    assert gk.coefficient_individual == Decimal("0.15")
    record = gk.history.first()
    assert record.history_type == "~"
    assert record.history_change_reason == "Giấy khen của Chủ tịch UBND cấp xã theo quy chế tỉnh"
    entries = selectors.award_type_history(gk)
    assert any(c["field"] == "hệ số cá nhân" for c in entries[0]["changes"])
    assert AuditEvent.objects.filter(action="catalog.award_type.update", object_id=str(gk.pk)).exists()


def test_province_officer_cannot_edit_an_award_type(province_officer):
    ldtt = AwardType.objects.get(code="LDTT")
    with pytest.raises(PermissionDenied):
        services.award_type_update(actor=province_officer, award_type=ldtt, data={"name": "X"}, reason="x")
    ldtt.refresh_from_db()
    assert ldtt.name == "Lao động tiên tiến"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"for_person": False}, "for_person", "Phải chọn ít nhất một đối tượng: cá nhân, tập thể hoặc hộ gia đình."),
        ({"coefficient_individual": Decimal("-1")}, "coefficient_individual", "Hệ số không được âm."),
        (
            {"coefficient_collective": Decimal("1")},
            "coefficient_collective",
            "Chỉ nhập hệ số tập thể khi hình thức dùng cho tập thể.",
        ),
        ({"citation": " "}, "citation", "Vui lòng nhập căn cứ pháp lý."),
    ],
)
def test_bad_award_type_input_changes_nothing(admin_user, data, field, message):
    ldtt = AwardType.objects.get(code="LDTT")
    with pytest.raises(ValidationError) as exc:
        services.award_type_update(actor=admin_user, award_type=ldtt, data=data, reason="Thử")
    assert message in exc.value.message_dict[field]
    ldtt.refresh_from_db()
    assert ldtt.for_person and ldtt.coefficient_individual == Decimal("0.3")
    assert ldtt.history.count() == 1


# --- base salary ------------------------------------------------------------------------------


def test_admin_adds_a_base_salary_which_then_applies_from_its_date(admin_user):
    services.base_salary_create(
        actor=admin_user,
        valid_from=dt.date(2028, 1, 1),
        amount=2_800_000,
        source="Nghị định giả định cho kiểm thử",
        confidence="V",
        reason="Kiểm thử",
    )
    assert selectors.base_salary_on(dt.date(2027, 12, 31)).amount == 2_530_000
    assert selectors.base_salary_on(dt.date(2028, 1, 1)).amount == 2_800_000
    row = BaseSalary.objects.get(valid_from=dt.date(2028, 1, 1))
    assert row.history.get().history_change_reason == "Kiểm thử"
    assert AuditEvent.objects.filter(action="catalog.base_salary.create").exists()


def test_province_officer_cannot_add_a_base_salary(province_officer):
    with pytest.raises(PermissionDenied):
        services.base_salary_create(
            actor=province_officer, valid_from=dt.date(2028, 1, 1), amount=2_800_000, source="x"
        )
    assert BaseSalary.objects.count() == 3


def test_a_second_base_salary_on_the_same_date_is_refused(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.base_salary_create(
            actor=admin_user, valid_from=dt.date(2026, 7, 1), amount=2_600_000, source="Trùng ngày"
        )
    assert exc.value.message_dict["valid_from"] == ["Đã có mức lương cơ sở áp dụng từ ngày 01/07/2026."]
    assert selectors.base_salary_on(dt.date(2026, 7, 1)).amount == 2_530_000


def test_base_salary_must_be_positive_and_cited(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.base_salary_create(actor=admin_user, valid_from=dt.date(2028, 1, 1), amount=0, source="")
    assert exc.value.message_dict["amount"] == ["Mức lương cơ sở phải là số nguyên dương (đồng/tháng)."]
    assert exc.value.message_dict["source"] == ["Vui lòng nhập văn bản căn cứ."]
    assert BaseSalary.objects.count() == 3
