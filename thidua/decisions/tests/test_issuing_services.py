"""Drafting and issuing decisions: which lines are ready, drafts, issuing (number, awards with snapshots
and money on the decision date, dossier states, audit, notices), submissions upward and the higher
authority's decision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent, Notification
from thidua.decisions.models import Award, Decision, DecisionItem, DecisionState, DocKind, NumberSequence
from thidua.decisions.selectors import issuing as isel
from thidua.decisions.services import issuing as svc
from thidua.nominations.models import Appraisal, Authority, NominationLine, Outcome, State

BEFORE = dt.date(2026, 6, 30)
AFTER = dt.date(2026, 7, 1)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def draft(actor, issuer, lines, kind=DocKind.DECISION, **kw):
    return svc.draft_create(actor=actor, issuer=issuer, kind=kind, lines=lines, **kw)


def issue(actor, decision, date=AFTER):
    return svc.decision_issue(actor=actor, decision=decision, date=date, version=fresh(decision).version)


@pytest.fixture
def nurse(province, make_person):
    return make_person(province.hospital, "Đỗ Thị Lan", position="Điều dưỡng trưởng")


@pytest.fixture
def doctor(province, make_person):
    return make_person(province.hospital, "Lê Văn Bác", position="Bác sĩ")


def test_candidate_lines_are_the_council_passed_lines_of_the_issuers_dossiers(
    province, province_officer, issuing, ready_line, nurse, doctor, make_person
):
    passed = ready_line(nurse, "CSTD_TINH")
    not_passed = ready_line(doctor, "BK_TINH", outcome=Outcome.NOT_PASSED)
    rejected = ready_line(make_person(province.hospital, "Ngô Văn Loại"), "BK_TINH", appraisal=Appraisal.REJECTED)
    state_line = ready_line(make_person(province.hospital, "Trần Văn Quốc"), "BK_TTG", authority=Authority.STATE)

    decision_ids = {line.pk for _, ls in isel.candidate_lines(issuer=province.root, kind="QD").groups for line in ls}
    submission_ids = {line.pk for _, ls in isel.candidate_lines(issuer=province.root, kind="TTR").groups for line in ls}

    assert decision_ids == {passed.pk}
    assert submission_ids == {state_line.pk}
    assert not {not_passed.pk, rejected.pk} & (decision_ids | submission_ids)
    assert isel.candidate_lines(issuer=province.health, kind="QD").count == 0


def test_unit_head_lines_wait_without_a_council(province, issuing, ready_line, nurse, make_nomination):
    n = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    n.deciding_unit, n.state = province.health, State.APPRAISED
    n.save()
    line = ready_line(nurse, "GK", nomination=n)
    assert line.outcome == Outcome.PENDING
    groups = isel.candidate_lines(issuer=province.health, kind="QD").groups
    assert [line.pk for _, ls in groups for line in ls] == [line.pk]


def test_a_draft_proposes_summary_basis_recipients_and_has_no_number(
    province, province_officer, issuing, ready_line, nurse, doctor
):
    a, b = ready_line(nurse, "CSTD_TINH"), ready_line(doctor, "BK_TINH")
    d = draft(province_officer, province.root, [a, b])
    assert d.state == DecisionState.DRAFT and d.number == "" and d.sequence is None
    assert d.summary == (
        "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh và Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    )
    assert "Luật Thi đua, khen thưởng" in d.legal_basis and "152/2025/NĐ-CP" in d.legal_basis
    assert "Bệnh viện Đa khoa tỉnh" in d.recipients
    assert list(d.items.values_list("line_id", flat=True)) == [a.pk, b.pk]
    assert AuditEvent.objects.filter(action="decision.draft_create", object_id=str(d.pk)).exists()


def test_a_line_in_another_draft_cannot_be_taken_twice(province, province_officer, issuing, ready_line, nurse):
    line = ready_line(nurse, "CSTD_TINH")
    draft(province_officer, province.root, [line])
    groups = isel.candidate_lines(issuer=province.root, kind="QD").groups
    assert groups[0][1][0].in_draft is True
    with pytest.raises(ValidationError) as exc:
        draft(province_officer, province.root, [line])
    assert "đang nằm trong một dự thảo khác" in " ".join(exc.value.messages)
    assert Decision.objects.count() == 1


def test_unit_officer_cannot_draft_for_the_province(province, unit_officer, issuing, ready_line, nurse):
    line = ready_line(nurse, "CSTD_TINH")
    with pytest.raises(PermissionDenied):
        draft(unit_officer, province.root, [line])
    assert not Decision.objects.exists()


def test_the_signer_of_a_draft_must_be_an_active_signer_of_the_issuer(
    province, province_officer, issuing, ready_line, nurse
):
    line = ready_line(nurse, "CSTD_TINH")
    with pytest.raises(ValidationError) as exc:
        draft(province_officer, province.root, [line], signer=issuing.director)
    assert "signer" in exc.value.error_dict


def test_issuing_gives_the_number_creates_awards_with_snapshots_and_money_on_the_date(
    province, province_officer, leader, issuing, ready_line, nurse, doctor, hospital_officer
):
    a, b = ready_line(nurse, "CSTD_TINH"), ready_line(doctor, "BK_TINH")
    d = draft(province_officer, province.root, [a, b], signer=issuing.chair)

    d = issue(leader, d, AFTER)

    assert d.state == DecisionState.ISSUED
    assert (d.number, d.sequence, d.year_of_sequence) == ("1/QĐ-UBND", 1, 2026)
    assert (d.signer_name, d.signer_title, d.issued_by) == ("Nguyễn Văn Chủ", "Chủ tịch", leader)
    assert d.issuer_name == province.root.name
    awards = list(d.awards.order_by("id"))
    assert [(w.subject_name, w.subject_position, w.subject_unit_name) for w in awards] == [
        ("Đỗ Thị Lan", "Điều dưỡng trưởng", "Bệnh viện Đa khoa tỉnh"),
        ("Lê Văn Bác", "Bác sĩ", "Bệnh viện Đa khoa tỉnh"),
    ]
    assert [w.amount for w in awards] == [7_590_000, 3_800_000]
    assert d.total_amount == 11_390_000
    assert [w.nomination_line_id for w in awards] == [a.pk, b.pk] and {w.year for w in awards} == {2025}
    assert {fresh(a).outcome, fresh(b).outcome} == {Outcome.AWARDED}
    assert fresh(a.nomination).state == State.DECIDED
    assert AuditEvent.objects.filter(action="decision.issue", object_id=str(d.pk)).count() == 1
    assert Notification.objects.filter(recipient=hospital_officer, url__contains=f"/{d.pk}/").exists()


def test_money_follows_the_base_salary_on_the_decision_date(
    province, province_officer, leader, issuing, ready_line, nurse, doctor
):
    before = issue(leader, draft(province_officer, province.root, [ready_line(nurse, "CSTD_TINH")]), BEFORE)
    after = issue(leader, draft(province_officer, province.root, [ready_line(doctor, "CSTD_TINH")]), AFTER)
    assert before.awards.get().amount == 7_020_000
    assert after.awards.get().amount == 7_590_000
    assert (before.number, after.number) == ("1/QĐ-UBND", "2/QĐ-UBND")


def test_only_an_active_signer_of_the_issuer_issues(
    province, province_officer, unit_officer, issuing, ready_line, nurse
):
    d = draft(province_officer, province.root, [ready_line(nurse, "CSTD_TINH")])
    for actor in (province_officer, unit_officer, issuing.director.user):
        with pytest.raises(PermissionDenied):
            issue(actor, d)
    issuing.chair.active = False
    issuing.chair.save()
    with pytest.raises(PermissionDenied):
        issue(issuing.chair.user, d)
    assert fresh(d).state == DecisionState.DRAFT and not NumberSequence.objects.exists()
    d = issue(issuing.vice.user, d)
    assert d.signer_name == "Đặng Văn Phó"


def test_issuing_a_stale_version_is_refused(province, province_officer, leader, issuing, ready_line, nurse):
    d = draft(province_officer, province.root, [ready_line(nurse, "CSTD_TINH")])
    with pytest.raises(ValidationError) as exc:
        svc.decision_issue(actor=leader, decision=d, date=AFTER, version=d.version + 1)
    assert "vừa được người khác xử lý" in " ".join(exc.value.messages)


def test_a_subject_already_awarded_is_refused_by_name_and_no_number_is_spent(
    province, province_officer, leader, issuing, ready_line, nurse
):
    from thidua.nominations.tests.conftest import grant

    line = ready_line(nurse, "CSTD_TINH")
    d = draft(province_officer, province.root, [line])
    grant(nurse, "CSTD_TINH", 2025, issuer=province.root, number="9/QĐ-CU")
    with pytest.raises(ValidationError) as exc:
        issue(leader, d)
    assert "Đỗ Thị Lan" in " ".join(exc.value.messages) and "đã được khen thưởng" in " ".join(exc.value.messages)
    assert fresh(d).state == DecisionState.DRAFT and fresh(line).outcome == Outcome.PASSED
    assert not NumberSequence.objects.filter(last__gt=0).exists()


def test_a_line_no_longer_passed_blocks_issuing(province, province_officer, leader, issuing, ready_line, nurse):
    line = ready_line(nurse, "CSTD_TINH")
    d = draft(province_officer, province.root, [line])
    NominationLine.objects.filter(pk=line.pk).update(outcome=Outcome.NOT_PASSED)
    with pytest.raises(ValidationError) as exc:
        issue(leader, d)
    assert "không còn ở trạng thái chờ" in " ".join(exc.value.messages)


def test_a_dossier_is_decided_only_when_no_accepted_line_waits(
    province, province_officer, leader, issuing, ready_line, nurse, doctor
):
    a = ready_line(nurse, "CSTD_TINH")
    b = ready_line(doctor, "BK_TINH", nomination=a.nomination)
    issue(leader, draft(province_officer, province.root, [a]))
    assert fresh(a.nomination).state == State.APPRAISED
    issue(leader, draft(province_officer, province.root, [b]))
    assert fresh(a.nomination).state == State.DECIDED


def test_draft_edit_remove_and_delete(province, province_officer, issuing, ready_line, nurse, doctor):
    a, b = ready_line(nurse, "CSTD_TINH"), ready_line(doctor, "BK_TINH")
    d = draft(province_officer, province.root, [a])
    d = svc.draft_add_lines(actor=province_officer, decision=d, version=d.version, lines=[b])
    assert d.items.count() == 2
    d = svc.draft_update(
        actor=province_officer,
        decision=d,
        version=d.version,
        summary="Về việc khen thưởng",
        legal_basis="Căn cứ A;",
        recipients="Như Điều 3;",
        signer=issuing.vice,
        date=AFTER,
    )
    assert (fresh(d).summary, fresh(d).signer) == ("Về việc khen thưởng", issuing.vice)
    item = d.items.get(line=a)
    d = svc.draft_remove_items(actor=province_officer, decision=d, version=d.version, item_ids=[item.pk])
    assert list(d.items.values_list("line_id", flat=True)) == [b.pk]
    with pytest.raises(ValidationError):
        svc.draft_delete(actor=province_officer, decision=d, version=d.version - 1)
    svc.draft_delete(actor=province_officer, decision=d, version=d.version)
    assert not Decision.objects.exists() and not DecisionItem.objects.exists()


def test_money_preview_of_a_draft(province, province_officer, issuing, ready_line, nurse, doctor):
    d = draft(province_officer, province.root, [ready_line(nurse, "CSTD_TINH"), ready_line(doctor, "BK_TINH")])
    items = list(isel.draft_items(d))
    assert isel.money_preview(items, BEFORE).total == 7_020_000 + 3_510_000
    assert isel.money_preview(items, AFTER).total == 7_590_000 + 3_800_000


def test_submission_sends_lines_up_and_the_higher_decision_awards_the_approved(
    province, province_officer, leader, issuing, ready_line, nurse, doctor
):
    a = ready_line(nurse, "BK_TTG", authority=Authority.STATE)
    b = ready_line(doctor, "BK_TTG", nomination=a.nomination)
    sub = issue(leader, draft(province_officer, province.root, [a, b], kind=DocKind.SUBMISSION))
    assert sub.number == "1/TTr-UBND" and not sub.awards.exists()
    assert {fresh(a).outcome, fresh(b).outcome} == {Outcome.SUBMITTED_UP}
    assert fresh(a.nomination).state == State.SUBMITTED_UP

    higher = svc.higher_decision_record(
        actor=province_officer,
        submission=sub,
        version=fresh(sub).version,
        number="1234/QĐ-TTg",
        date=AFTER,
        issuer_name="Thủ tướng Chính phủ",
        signer_name="Nguyễn Văn Thủ",
        signer_title="Thủ tướng",
        approved=[a],
    )
    assert higher.issuer is None and higher.answers == sub and higher.state == DecisionState.ISSUED
    award = higher.awards.get()
    assert (award.subject_name, award.amount) == ("Đỗ Thị Lan", 8_860_000)  # 3.5 × 2.530.000, rounded
    assert fresh(a).outcome == Outcome.AWARDED and fresh(b).outcome == Outcome.NOT_AWARDED
    assert fresh(a.nomination).state == State.DECIDED


def test_only_the_province_records_a_higher_decision(
    province, unit_officer, province_officer, leader, issuing, ready_line, nurse
):
    a = ready_line(nurse, "BK_TTG", authority=Authority.STATE)
    sub = issue(leader, draft(province_officer, province.root, [a], kind=DocKind.SUBMISSION))
    with pytest.raises(PermissionDenied):
        svc.higher_decision_record(
            actor=unit_officer,
            submission=sub,
            version=fresh(sub).version,
            number="1/QĐ-TTg",
            date=AFTER,
            issuer_name="Thủ tướng Chính phủ",
            approved=[a],
        )
    assert not Award.objects.exists()


def test_a_unit_officer_drafts_the_unit_heads_decision_and_the_director_issues_it(
    province, unit_officer, issuing, ready_line, nurse, make_nomination
):
    n = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    n.deciding_unit, n.state = province.health, State.APPRAISED
    n.save()
    line = ready_line(nurse, "GK", nomination=n)
    d = draft(unit_officer, province.health, [line])
    with pytest.raises(PermissionDenied):
        issue(unit_officer, d)
    d = issue(issuing.director.user, d)
    assert d.number == "1/QĐ-SYT" and d.signer_title == "Giám đốc"
    assert d.awards.get().amount == 760_000  # Giấy khen 0.3 × 2.530.000 = 759.000 → 760.000
    assert fresh(line).outcome == Outcome.AWARDED and fresh(n).state == State.DECIDED
