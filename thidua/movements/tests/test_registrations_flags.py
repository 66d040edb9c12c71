"""Flags on registration lines (the eligibility engine, the registration year assumed good) and the
CSTĐCS quota over a registration."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.movements.models import RegistrationLine
from thidua.movements.selectors.registrations import registration_board
from thidua.movements.services import registrations as services
from thidua.people.models import AnnualRating, Discipline, DisciplineLevel, Embargo, EmbargoReason

from .test_registrations_support import *  # noqa: F403  (fixtures: make_person, grant, registration)
from .test_registrations_support import YEAR, award


def _add(registration, actor, subject, code):
    return services.registration_line_add(actor=actor, registration=registration, subject=subject, award_type=code)


def _flag(registration, line):
    board = registration_board(registration=registration)
    return next(r.flag for r in board.rows if r.line.pk == line.pk)


def test_a_cstd_tinh_line_without_cstdcs_in_the_two_earlier_years_is_flagged(registration, unit_officer, make_person):
    person = make_person(registration.unit, "Nguyễn Văn An")
    line = _add(registration, unit_officer, person, "CSTD_TINH")
    flag = _flag(registration, line)
    assert not flag.can_succeed
    assert flag.label == "Không thể đạt"
    assert f"còn thiếu: Chiến sĩ thi đua cơ sở năm {YEAR - 2}, {YEAR - 1}" in flag.reasons


def test_a_cstd_tinh_line_missing_only_one_earlier_cstdcs_names_that_year(
    registration, unit_officer, make_person, grant
):
    person = make_person(registration.unit)
    grant(person, "CSTDCS", YEAR - 2)
    flag = _flag(registration, _add(registration, unit_officer, person, "CSTD_TINH"))
    assert flag.reasons == (f"còn thiếu: Chiến sĩ thi đua cơ sở năm {YEAR - 1}",)


def test_a_cstd_tinh_line_with_cstdcs_in_the_two_earlier_years_is_not_flagged(
    registration, unit_officer, make_person, grant
):
    person = make_person(registration.unit)
    grant(person, "CSTDCS", YEAR - 2)
    grant(person, "CSTDCS", YEAR - 1)
    flag = _flag(registration, _add(registration, unit_officer, person, "CSTD_TINH"))
    assert flag.can_succeed and flag.reasons == ()


def test_a_revoked_earlier_cstdcs_does_not_count(registration, unit_officer, make_person, grant):
    person = make_person(registration.unit)
    grant(person, "CSTDCS", YEAR - 2)
    grant(person, "CSTDCS", YEAR - 1, revoked=True)
    flag = _flag(registration, _add(registration, unit_officer, person, "CSTD_TINH"))
    assert not flag.can_succeed
    assert any(str(YEAR - 1) in r and "hủy bỏ" in r for r in flag.reasons)


def test_annual_titles_of_a_person_without_history_can_succeed(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    lines = [_add(registration, unit_officer, person, code) for code in ("LDTT", "CSTDCS")]
    board = registration_board(registration=registration)
    assert all(r.flag.can_succeed for r in board.rows)
    assert len(board.rows) == len(lines)


def test_a_bang_khen_line_depends_on_the_earlier_year(registration, unit_officer, make_person, grant):
    without = make_person(registration.unit, "Người Chưa Có")
    with_cstdcs = make_person(registration.unit, "Người Đã Có")
    grant(with_cstdcs, "CSTDCS", YEAR - 1)
    a = _add(registration, unit_officer, without, "BK_TINH")
    b = _add(registration, unit_officer, with_cstdcs, "BK_TINH")
    board = registration_board(registration=registration)
    flags = {r.line.pk: r.flag for r in board.rows}
    assert not flags[a.pk].can_succeed
    assert flags[b.pk].can_succeed


def test_collective_titles_of_the_year_can_succeed(registration, unit_officer, province):
    _add(registration, unit_officer, province.health, "TTLDTT")
    _add(registration, unit_officer, province.hospital, "TTLDXS")
    _add(registration, unit_officer, province.health, "CO_TINH")
    board = registration_board(registration=registration)
    assert [r.flag.can_succeed for r in board.rows] == [True, True, True]


def test_a_collective_bang_khen_needs_htxs_the_year_before(registration, unit_officer, province):
    line = _add(registration, unit_officer, province.hospital, "BK_TINH_TT")
    flag = _flag(registration, line)
    assert not flag.can_succeed
    assert any(f"năm {YEAR - 1}" in r for r in flag.reasons)
    AnnualRating.objects.create(unit=province.hospital, year=YEAR - 1, grade="HTXS")
    assert _flag(registration, line).can_succeed


def test_a_discipline_covering_the_year_flags_the_line(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    Discipline.objects.create(
        person=person,
        level=DisciplineLevel.REPRIMAND,
        start_date=dt.date(YEAR, 3, 1),
        end_date=dt.date(YEAR + 1, 2, 28),
    )
    flag = _flag(registration, _add(registration, unit_officer, person, "LDTT"))
    assert not flag.can_succeed
    assert any("kỷ luật" in r for r in flag.reasons)


def test_an_embargo_is_a_warning_not_a_block(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    Embargo.objects.create(person=person, reason=EmbargoReason.INVESTIGATION, start_date=dt.date(YEAR, 1, 1))
    flag = _flag(registration, _add(registration, unit_officer, person, "LDTT"))
    assert flag.can_succeed
    assert any("tạm dừng xét khen thưởng" in n for n in flag.notes)


def test_a_cstdcs_line_without_an_ldtt_line_gets_a_note(registration, unit_officer, make_person):
    person = make_person(registration.unit)
    flag = _flag(registration, _add(registration, unit_officer, person, "CSTDCS"))
    assert flag.can_succeed
    assert any("chưa đăng ký Lao động tiên tiến" in n for n in flag.notes)
    _add(registration, unit_officer, person, "LDTT")
    board = registration_board(registration=registration)
    assert all(not r.flag.notes for r in board.rows)


# --- quota ------------------------------------------------------------------------------------------


def _people_lines(registration, make_person, n_ldtt, n_cstdcs):
    ldtt, cstdcs = award("LDTT"), award("CSTDCS")
    lines = []
    for i in range(n_ldtt):
        person = make_person(registration.unit, f"Người Số {i}")
        lines.append(RegistrationLine(registration=registration, person=person, award_type=ldtt))
        if i < n_cstdcs:
            lines.append(RegistrationLine(registration=registration, person=person, award_type=cstdcs))
    RegistrationLine.objects.bulk_create(lines)


def test_the_cstdcs_quota_within_15_percent_is_met(registration, make_person):
    _people_lines(registration, make_person, 40, 6)
    quota = registration_board(registration=registration, with_flags=False).quota
    assert quota.ok
    assert quota.message == "6 / 40 LĐTT = 15,0% — đạt"
    assert quota.quota_text == "15%"


def test_the_cstdcs_quota_over_15_percent_is_exceeded(registration, make_person):
    _people_lines(registration, make_person, 40, 7)
    quota = registration_board(registration=registration, with_flags=False).quota
    assert not quota.ok
    assert quota.message == "7 / 40 LĐTT = 17,5% — vượt tỷ lệ 15%"


def test_the_cstdcs_quota_follows_the_rule_parameter(registration, make_person):
    from thidua.catalog.models import RuleParameter

    RuleParameter.objects.filter(key="cstdcs_quota").update(value="0.2")
    _people_lines(registration, make_person, 10, 2)
    quota = registration_board(registration=registration, with_flags=False).quota
    assert quota.ok and quota.message == "2 / 10 LĐTT = 20,0% — đạt" and quota.quota_text == "20%"


def test_an_empty_registration_meets_the_quota(registration):
    quota = registration_board(registration=registration).quota
    assert quota.ok and quota.message == "0 / 0 LĐTT — đạt"


# --- queries ------------------------------------------------------------------------------------------


def _board_queries(registration) -> int:
    with CaptureQueriesContext(connection) as ctx:
        board = registration_board(registration=registration)
        assert all(r.flag is not None for r in board.rows)
    return len(ctx.captured_queries)


def test_flags_of_a_registration_take_a_fixed_number_of_queries(
    registration, unit_officer, make_person, grant, province
):
    first = make_person(registration.unit, "Người Đầu")
    grant(first, "CSTDCS", YEAR - 1)
    _add(registration, unit_officer, first, "CSTD_TINH")
    _add(registration, unit_officer, province.health, "TTLDXS")
    small = _board_queries(registration)
    for i in range(15):
        person = make_person(province.hospital if i % 2 else registration.unit, f"Người Thứ {i}")
        grant(person, "LDTT", YEAR - 1)
        AnnualRating.objects.create(person=person, year=YEAR - 1, grade="HTXS")
        for code in ("LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH"):
            _add(registration, unit_officer, person, code)
    _add(registration, unit_officer, province.hospital, "TTLDTT")
    _add(registration, unit_officer, province.hospital, "BK_TINH_TT")
    assert registration.lines.count() == 64
    assert _board_queries(registration) == small
