"""Live checks of dossier lines: eligibility, subject kind, authority, conflicts, embargo, dissolved
units, quotas, submit blockers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.catalog.models import AwardType, Category, DecidingLevel
from thidua.nominations.checks import check_draft_line, check_lines, quota_checks, record_checks, submit_blockers
from thidua.nominations.models import Appraisal, Authority, Basis, DocKind, NominationDocument, NominationLine
from thidua.nominations.tests.conftest import grant, rate
from thidua.org.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from thidua.people.models import Embargo, EmbargoReason, Household

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def an(province, make_person):
    """Nguyễn Văn An of the hospital: LĐTT 2025, rated HTXS 2025 → meets CSTĐCS 2025."""
    person = make_person(province.hospital)
    grant(person, "LDTT", YEAR, issuer=province.hospital)
    rate(person, YEAR, "HTXS")
    return person


@pytest.fixture
def unit_dossier(province, make_nomination):
    """The hospital's dossier of titles its head decides."""
    return make_nomination(province.hospital, authority=Authority.UNIT_HEAD)


@pytest.fixture
def province_dossier(province, make_nomination):
    return make_nomination(province.hospital, authority=Authority.PROVINCE_CHAIR)


def codes(check, *, blocking=None):
    return [i.code for i in check.issues if blocking is None or i.blocking == blocking]


def only(check, code):
    found = [i for i in check.issues if i.code == code]
    assert len(found) == 1, check.issues
    return found[0]


# --- Eligibility -----------------------------------------------------------------------------------


def test_eligible_cstdcs_line_has_no_blocking_issue(an, unit_dossier, make_line):
    line = make_line(unit_dossier, an, "CSTDCS")
    check = check_lines(unit_dossier)[line.pk]
    assert check.eligible is True
    assert check.verdict.award == "CSTDCS"
    assert check.blocking == ()
    assert check.summary == "Đủ điều kiện"


def test_ineligible_line_is_blocking_and_says_what_is_missing(province, make_person, unit_dossier, make_line):
    person = make_person(province.hospital)  # not rated: neither LĐTT nor HTXS
    line = make_line(unit_dossier, person, "CSTDCS")
    check = check_lines(unit_dossier)[line.pk]
    assert check.eligible is False
    issue = only(check, "ineligible")
    assert issue.blocking
    assert "còn thiếu: Lao động tiên tiến năm 2025" in issue.message
    assert issue.citation.startswith("Luật Thi đua, khen thưởng 2022, Điều 23")
    assert check.summary.startswith("Chưa đủ điều kiện Chiến sĩ thi đua cơ sở — còn thiếu:")


def test_justified_ineligible_line_is_a_warning_not_a_blocker(province, make_person, unit_dossier, make_line):
    person = make_person(province.hospital)
    line = make_line(unit_dossier, person, "CSTDCS", justification="Có sáng kiến đang chờ công nhận.")
    check = check_lines(unit_dossier)[line.pk]
    assert check.eligible is False
    issue = only(check, "ineligible_justified")
    assert not issue.blocking
    assert issue.message.startswith("Đề nghị dù chưa đủ điều kiện — có giải trình")
    assert check.blocking == ()
    assert "có giải trình" in check.summary


def test_judgement_items_waiting_for_confirmation_are_not_failures(province, make_person, province_dossier, make_line):
    person = make_person(province.hospital)
    grant(person, "CSTDCS", 2024, issuer=province.hospital)
    grant(person, "CSTDCS", YEAR, issuer=province.hospital)
    line = make_line(province_dossier, person, "BK_TINH", 2024, YEAR)
    check = check_lines(province_dossier)[line.pk]
    assert check.eligible is True
    assert check.verdict.eligible is False  # the engine waits for a person's confirmation
    issue = only(check, "needs_confirmation")
    assert not issue.blocking
    assert issue.message.startswith("cần xác nhận: Gương mẫu chấp hành")
    assert check.blocking == ()
    assert check.summary.startswith("Đủ điều kiện (cần xác nhận:")


def test_award_without_criteria_is_left_to_the_appraiser(province, make_person, unit_dossier, make_line):
    AwardType.objects.create(
        code="GK_SO",
        name="Giấy khen của Giám đốc Sở",
        category=Category.CERTIFICATE,
        for_person=True,
        deciding_level=DecidingLevel.UNIT_HEAD,
        citation="Quy chế của Sở",
        confidence="I",
    )
    line = make_line(unit_dossier, make_person(province.hospital), "GK_SO")
    check = check_lines(unit_dossier)[line.pk]
    assert check.verdict is None and check.eligible is None
    issue = only(check, "no_criteria")
    assert not issue.blocking and "cơ quan thẩm định" in issue.message
    assert check.summary.startswith("Chưa có tiêu chuẩn tự động")


def test_household_is_checked_with_its_own_facts(province, make_nomination, make_line):
    household = Household.objects.create(head_name="Lò Văn Páo", unit=province.commune1)
    dossier = make_nomination(province.commune1, authority=Authority.UNIT_HEAD)
    line = NominationLine.objects.create(  # conftest's make_line builds people and units only
        nomination=dossier,
        household=household,
        award_type=AwardType.objects.get(code="GDVH"),
        year_from=YEAR,
        year_to=YEAR,
        achievement="Gương mẫu, đóng góp đất làm đường liên thôn.",
        subject_name="Hộ Lò Văn Páo",
    )
    check = check_lines(dossier)[line.pk]
    assert check.verdict is not None and check.verdict.award == "GDVH"
    assert "wrong_subject_kind" not in codes(check)
    Embargo.objects.create(household=household, reason=EmbargoReason.COMPLAINT, start_date=dt.date(2026, 1, 1))
    assert "embargo" in codes(check_lines(dossier)[line.pk], blocking=True)


# --- Subject kind, authority ---------------------------------------------------------------------


def test_collective_title_proposed_for_a_person_is_blocking(an, unit_dossier, make_line):
    line = make_line(unit_dossier, an, "TTLDTT")
    check = check_lines(unit_dossier)[line.pk]
    issue = only(check, "wrong_subject_kind")
    assert issue.blocking
    assert issue.message == "Tập thể lao động tiên tiến không xét cho cá nhân (chỉ xét cho: tập thể)"
    assert "ineligible" not in codes(check)  # one message for one problem


def test_award_of_another_authority_belongs_in_another_dossier(an, unit_dossier, make_line):
    line = make_line(unit_dossier, an, "BK_TINH")
    issue = only(check_lines(unit_dossier)[line.pk], "authority_mismatch")
    assert issue.blocking
    assert issue.message == (
        "Bằng khen của Chủ tịch UBND tỉnh (cá nhân) thuộc thẩm quyền quyết định của Chủ tịch UBND tỉnh, còn hồ sơ "
        "này trình thủ trưởng cơ quan, đơn vị (hoặc Chủ tịch UBND cấp xã) — cần đưa vào một hồ sơ khác, trình "
        "Chủ tịch UBND tỉnh"
    )


# --- Conflicts ------------------------------------------------------------------------------------


def test_same_subject_and_award_in_another_dossier_is_blocking(province, an, unit_dossier, make_nomination, make_line):
    other = make_nomination(province.health, authority=Authority.UNIT_HEAD)
    make_line(other, an, "CSTDCS")
    line = make_line(unit_dossier, an, "CSTDCS")
    issue = only(check_lines(unit_dossier)[line.pk], "duplicate_line")
    assert issue.blocking
    assert other.code in issue.message and "Sở Y tế" in issue.message


def test_same_subject_and_award_twice_in_the_dossier_is_blocking(an, unit_dossier, make_line):
    first = make_line(unit_dossier, an, "CSTDCS")
    second = make_line(unit_dossier, an, "CSTDCS")
    results = check_lines(unit_dossier)
    assert "duplicate_line" in codes(results[first.pk], blocking=True)
    assert "hồ sơ này" in only(results[second.pk], "duplicate_line").message


def test_rejected_line_elsewhere_is_not_a_conflict(province, an, unit_dossier, make_nomination, make_line):
    other = make_nomination(province.health, authority=Authority.UNIT_HEAD)
    make_line(other, an, "CSTDCS", appraisal=Appraisal.REJECTED)
    line = make_line(unit_dossier, an, "CSTDCS")
    assert "duplicate_line" not in codes(check_lines(unit_dossier)[line.pk])


def test_non_overlapping_period_is_not_a_conflict(province, an, unit_dossier, make_nomination, make_line):
    other = make_nomination(province.health, authority=Authority.UNIT_HEAD, year=2024)
    make_line(other, an, "CSTDCS", 2024, 2024)
    line = make_line(unit_dossier, an, "CSTDCS")
    assert "duplicate_line" not in codes(check_lines(unit_dossier)[line.pk])


def test_existing_award_for_the_period_is_blocking(province, an, unit_dossier, make_line):
    grant(an, "CSTDCS", YEAR, issuer=province.hospital, number="12/QĐ-BVĐK")
    line = make_line(unit_dossier, an, "CSTDCS")
    issue = only(check_lines(unit_dossier)[line.pk], "existing_award")
    assert issue.blocking
    assert "Quyết định số 12/QĐ-BVĐK ngày 15/01/2026" in issue.message


def test_revoked_award_is_not_a_conflict(province, an, unit_dossier, make_line):
    grant(an, "CSTDCS", YEAR, issuer=province.hospital, revoked=True)
    line = make_line(unit_dossier, an, "CSTDCS")
    assert "existing_award" not in codes(check_lines(unit_dossier)[line.pk])


def test_one_achievement_for_two_forms_overlapping_is_a_warning(province, an, province_dossier, make_line):
    grant(an, "GK", YEAR, issuer=province.hospital)
    line = make_line(province_dossier, an, "BK_TINH", 2024, YEAR)
    issue = only(check_lines(province_dossier)[line.pk], "same_achievement")
    assert not issue.blocking
    assert "Giấy khen" in issue.message


def test_one_achievement_for_two_forms_same_period_is_blocking(
    province, an, province_dossier, make_nomination, make_line
):
    other = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    make_line(other, an, "GK")
    line = make_line(province_dossier, an, "BK_TINH")
    issue = only(check_lines(province_dossier)[line.pk], "same_achievement")
    assert issue.blocking
    assert other.code in issue.message


def test_one_achievement_rule_follows_the_basis(province, an, make_nomination, make_line):
    movement_dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD, basis=Basis.PHONG_TRAO)
    make_line(movement_dossier, an, "GK")
    dossier = make_nomination(province.hospital, authority=Authority.PROVINCE_CHAIR)
    line = make_line(dossier, an, "BK_TINH")
    assert "same_achievement" not in codes(check_lines(dossier)[line.pk])


def test_two_titles_of_the_same_year_are_normal(an, unit_dossier, make_line):
    ldtt = make_line(unit_dossier, an, "LDTT")
    cstdcs = make_line(unit_dossier, an, "CSTDCS")
    results = check_lines(unit_dossier)
    for line in (ldtt, cstdcs):
        assert "same_achievement" not in codes(results[line.pk])


# --- Embargo, dissolved unit -----------------------------------------------------------------------


def test_embargo_is_blocking_once(an, unit_dossier, make_line):
    Embargo.objects.create(person=an, reason=EmbargoReason.INVESTIGATION, start_date=dt.date(2026, 3, 1))
    line = make_line(unit_dossier, an, "CSTDCS", justification="Đã có giải trình.")
    check = check_lines(unit_dossier)[line.pk]
    issue = only(check, "embargo")
    assert issue.blocking and "xem xét kỷ luật, điều tra" in issue.message
    assert issue.citation == "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 4"
    assert check.eligible is False
    assert not any("điều tra" in i.message for i in check.issues if i.code != "embargo")


def test_ended_embargo_does_not_block(an, unit_dossier, make_line):
    Embargo.objects.create(
        person=an, reason=EmbargoReason.INVESTIGATION, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 1)
    )
    line = make_line(unit_dossier, an, "CSTDCS")
    assert "embargo" not in codes(check_lines(unit_dossier)[line.pk])


def test_dissolved_unit_is_blocking(province, province_dossier, make_line):
    ward = Unit.objects.create(
        code="KHOA", name="Khoa Nội", kind=UnitKind.DIVISION, parent=province.hospital, valid_from=dt.date(2020, 1, 1)
    )
    ward.valid_to = dt.date(2025, 8, 1)
    ward.save()
    UnitSuccession.objects.create(kind=SuccessionKind.DISSOLVE, predecessor=ward, date=dt.date(2025, 8, 1))
    line = make_line(province_dossier, ward, "BK_TINH_TT")
    check = check_lines(province_dossier)[line.pk]
    issue = only(check, "dissolved_unit")
    assert issue.blocking and "giải thể" in issue.message
    assert not any("giải thể" in i.message for i in check.issues if i.code != "dissolved_unit")


def test_criteria_follow_the_rule_set_in_force_on_the_receipt_date(province, province_dossier, make_line):
    ward = Unit.objects.create(
        code="KHOA", name="Khoa Nội", kind=UnitKind.DIVISION, parent=province.hospital, valid_from=dt.date(2020, 1, 1)
    )
    ward.valid_to = dt.date(2025, 8, 1)
    ward.save()
    UnitSuccession.objects.create(kind=SuccessionKind.DISSOLVE, predecessor=ward, date=dt.date(2025, 8, 1))
    line = make_line(province_dossier, ward, "BK_TINH_TT")
    # Received before NĐ 152/2025 took effect (01/7/2025): NĐ 98/2023 has no ban on dissolved units.
    province_dossier.submitted_at = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    check = check_lines(province_dossier)[line.pk]
    assert check.verdict.rule_set == "ND98"
    assert "dissolved_unit" not in codes(check)


def test_each_line_is_judged_for_its_own_year(an, province, unit_dossier, make_line):
    grant(an, "LDTT", 2024, issuer=province.hospital)
    rate(an, 2024, "HTT")
    earlier = make_line(unit_dossier, an, "CSTDCS", 2024, 2024)
    current = make_line(unit_dossier, an, "CSTDCS")
    results = check_lines(unit_dossier)
    assert results[earlier.pk].verdict.year == 2024 and results[earlier.pk].eligible is False
    assert results[current.pk].verdict.year == YEAR and results[current.pk].eligible is True


# --- Drafts, query count, stored summary -------------------------------------------------------------


def test_draft_line_is_checked_like_a_saved_one(an, unit_dossier, make_line):
    saved = make_line(unit_dossier, an, "CSTDCS")
    at = AwardType.objects.get(code="CSTDCS")
    draft = check_draft_line(unit_dossier, subject=an, award_type=at, year_from=YEAR, year_to=YEAR)
    assert "duplicate_line" in codes(draft, blocking=True)
    editing = check_draft_line(
        unit_dossier, subject=an, award_type=at, year_from=YEAR, year_to=YEAR, exclude_line_id=saved.pk
    )
    assert editing.eligible is True and editing.blocking == ()


def test_draft_line_justification_turns_ineligible_into_a_warning(province, make_person, unit_dossier):
    person = make_person(province.hospital)
    at = AwardType.objects.get(code="CSTDCS")
    plain = check_draft_line(unit_dossier, subject=person, award_type=at, year_from=YEAR, year_to=YEAR)
    justified = check_draft_line(
        unit_dossier, subject=person, award_type=at.pk, year_from=YEAR, year_to=YEAR, justification="Lý do."
    )
    assert "ineligible" in codes(plain, blocking=True)
    assert codes(justified, blocking=True) == []


def _dossier_with(n, province, make_person, make_nomination, make_line):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    for i in range(n):
        person = make_person(province.hospital, full_name=f"Người số {i}")
        if i % 2:
            grant(person, "LDTT", YEAR, issuer=province.hospital)
            rate(person, YEAR, "HTXS")
        make_line(dossier, person, "CSTDCS" if i % 3 else "LDTT")
    return dossier


def test_check_lines_reads_a_fixed_number_of_queries(province, make_person, make_nomination, make_line):
    small = _dossier_with(3, province, make_person, make_nomination, make_line)
    large = _dossier_with(30, province, make_person, make_nomination, make_line)
    counts = []
    for dossier in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            results = check_lines(dossier)
        counts.append(len(ctx.captured_queries))
        assert len(results) == dossier.lines.count()
    assert counts[0] == counts[1]


def test_summary_is_stored_on_the_lines(an, unit_dossier, make_line):
    line = make_line(unit_dossier, an, "CSTDCS")
    lines = list(unit_dossier.lines.all())
    record_checks(lines, check_lines(unit_dossier, lines))
    line.refresh_from_db()
    assert (line.check_eligible, line.check_blocked, line.check_summary) == (True, False, "Đủ điều kiện")


def test_summary_is_at_most_500_characters(province, make_person, unit_dossier, make_nomination, make_line):
    person = make_person(province.hospital)
    for i in range(12):
        other = make_nomination(province.health, authority=Authority.UNIT_HEAD, title=f"Đề nghị {i}")
        make_line(other, person, "CSTDCS")
    line = make_line(unit_dossier, person, "CSTDCS")
    summary = check_lines(unit_dossier)[line.pk].summary
    assert len(summary) <= 500 and summary.startswith("Vướng: Đã có trong hồ sơ")


# --- Quotas ----------------------------------------------------------------------------------------


def test_cstdcs_quota_over_the_dossier(an, province, make_person, unit_dossier, make_line):
    make_line(unit_dossier, an, "CSTDCS")
    for name in ("Trần Thị Bích", "Lê Văn Cường"):
        make_line(unit_dossier, make_person(province.hospital, full_name=name), "LDTT")
    dossier_check = quota_checks(unit_dossier)[0]
    assert not dossier_check.ok
    assert dossier_check.message == "Trong hồ sơ: 1 / 2 LĐTT = 50,0% — vượt tỷ lệ 15%"


def test_cstdcs_quota_over_the_units_year(an, province, make_person, unit_dossier, make_nomination, make_line):
    make_line(unit_dossier, an, "CSTDCS")
    for i in range(5):  # LĐTT already decided this year for people of the hospital
        grant(make_person(province.hospital, full_name=f"Bác sĩ {i}"), "LDTT", YEAR, issuer=province.hospital)
    (year_check,) = quota_checks(unit_dossier)  # no LĐTT line in the dossier: the unit's year only
    assert year_check.message == "Cả năm 2025 của Bệnh viện Đa khoa tỉnh: 1 / 6 LĐTT = 16,7% — vượt tỷ lệ 15%"
    # A rejected CSTĐCS line elsewhere does not count; more LĐTT proposed in another dossier do.
    other = make_nomination(province.hospital, authority=Authority.UNIT_HEAD, title="Đợt 2")
    make_line(other, make_person(province.hospital), "CSTDCS", appraisal=Appraisal.REJECTED)
    make_line(other, make_person(province.hospital, full_name="Y tá"), "LDTT")
    (year_check,) = quota_checks(unit_dossier)
    assert year_check.ok
    assert year_check.message.endswith("1 / 7 LĐTT = 14,3% — đạt")


def test_no_quota_check_without_cstdcs_lines(an, unit_dossier, make_line):
    make_line(unit_dossier, an, "LDTT")
    assert quota_checks(unit_dossier) == []


# --- Submit blockers -------------------------------------------------------------------------------


def _attach(dossier, kind, line=None):
    return NominationDocument.objects.create(
        nomination=dossier, line=line, kind=kind, file="ho-so/x.pdf", original_name="x.pdf", file_kind="pdf", size=1
    )


def test_empty_dossier_may_not_be_sent(unit_dossier):
    assert submit_blockers(unit_dossier) == ["Hồ sơ chưa có dòng đề nghị khen thưởng nào."]


def test_submit_blockers_list_documents_line_issues_and_quotas(province, make_person, unit_dossier, make_line):
    person = make_person(province.hospital)
    make_line(unit_dossier, person, "CSTDCS")
    blockers = submit_blockers(unit_dossier)
    assert "Thiếu Tờ trình đề nghị khen thưởng." in blockers
    assert "Thiếu Biên bản họp bình xét thi đua." in blockers
    prefix = "Dòng 1 — Nguyễn Văn An, Chiến sĩ thi đua cơ sở: "
    assert any(b.startswith(prefix + "thiếu Báo cáo thành tích") and "(Mẫu số 04)" in b for b in blockers)
    assert any(b.startswith(prefix + "thiếu Giấy xác nhận hiệu quả") for b in blockers)
    assert any(b.startswith(prefix + "Chưa đủ điều kiện Chiến sĩ thi đua cơ sở — còn thiếu") for b in blockers)
    assert any(b.startswith("Vượt tỷ lệ Chiến sĩ thi đua cơ sở — Cả năm 2025") for b in blockers)


def test_complete_dossier_may_be_sent(province, an, make_person, unit_dossier, make_line):
    line = make_line(unit_dossier, an, "CSTDCS")
    for i in range(7):
        grant(make_person(province.hospital, full_name=f"Bác sĩ {i}"), "LDTT", YEAR, issuer=province.hospital)
    _attach(unit_dossier, DocKind.SUBMISSION)
    _attach(unit_dossier, DocKind.REVIEW_MINUTES)
    _attach(unit_dossier, DocKind.ACHIEVEMENT_REPORT, line)
    _attach(unit_dossier, DocKind.INITIATIVE_CONFIRMATION, line)
    assert submit_blockers(unit_dossier) == []
