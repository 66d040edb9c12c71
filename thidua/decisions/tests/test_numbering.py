"""Numbers and symbols: one series per issuer, kind and year; no gaps, no duplicates, even when
several signers issue at the same moment (threads, each with its own database connection)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from tests.concurrency import race as _race
from thidua.decisions.models import Decision, DecisionState, DocKind, NumberSequence
from thidua.decisions.services import issuing as svc
from thidua.decisions.services.numbering import number_next, number_peek

DAY = dt.date(2026, 7, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_number_next_runs_only_inside_a_transaction(province, issuing):
    with pytest.raises(RuntimeError):
        number_next(issuer=province.root, year=2026, kind=DocKind.DECISION)


@pytest.mark.django_db
def test_series_per_issuer_kind_and_year(province, issuing):
    with transaction.atomic():
        got = [
            number_next(issuer=province.root, year=2026, kind=DocKind.DECISION),
            number_next(issuer=province.root, year=2026, kind=DocKind.DECISION),
            number_next(issuer=province.root, year=2026, kind=DocKind.SUBMISSION),
            number_next(issuer=province.root, year=2027, kind=DocKind.DECISION),
            number_next(issuer=province.health, year=2026, kind=DocKind.DECISION),
        ]
    assert got == [(1, "1/QĐ-UBND"), (2, "2/QĐ-UBND"), (1, "1/TTr-UBND"), (1, "1/QĐ-UBND"), (1, "1/QĐ-SYT")]
    assert number_peek(issuer=province.root, year=2026, kind=DocKind.DECISION) == "3/QĐ-UBND"


def test_a_failed_issue_gives_its_number_back(province, issuing):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        number_next(issuer=province.root, year=2026, kind=DocKind.DECISION)
        1 / 0  # noqa: B018 — the issuing fails after taking the number
    with transaction.atomic():
        assert number_next(issuer=province.root, year=2026, kind=DocKind.DECISION) == (1, "1/QĐ-UBND")


def test_an_issuer_without_a_symbol_is_told(province, issuing):
    with pytest.raises(ValidationError) as exc, transaction.atomic():
        number_next(issuer=province.edu, year=2026, kind=DocKind.DECISION)
    assert "chưa được khai báo là cơ quan ban hành" in exc.value.messages[0]


def test_numbers_already_used_on_paper_that_year_are_skipped(province, issuing):
    Decision.objects.create(issuer=province.root, number="1/QĐ-UBND", date=dt.date(2026, 1, 5), back_entered=True)
    with transaction.atomic():
        taken = svc._number_taken(province.root, "QD", 2026)
        assert number_next(issuer=province.root, year=2026, kind=DocKind.DECISION, taken=taken) == (2, "2/QĐ-UBND")


def test_a_new_years_series_goes_on_after_the_numbers_given_on_paper(province, issuing):
    for number in ("40/QĐ-UBND", "7/QĐ-UBND"):
        Decision.objects.create(issuer=province.root, number=number, date=dt.date(2026, 2, 1), back_entered=True)
    Decision.objects.create(issuer=province.root, number="900/QĐ-UBND", date=dt.date(2025, 2, 1), back_entered=True)
    assert number_peek(issuer=province.root, year=2026, kind=DocKind.DECISION) == "41/QĐ-UBND"
    with transaction.atomic():
        assert number_next(issuer=province.root, year=2026, kind=DocKind.DECISION) == (41, "41/QĐ-UBND")
        assert number_next(issuer=province.root, year=2026, kind=DocKind.SUBMISSION) == (1, "1/TTr-UBND")


# --- Several signers at once ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_signers_issuing_at_once_get_eight_consecutive_numbers(
    province, province_officer, issuing, ready_line, make_person
):
    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.decisions.models import Signer

    drafts, signers = [], []
    for i in range(8):
        person = make_person(province.hospital, f"Nguyễn Văn Đồng {i}")
        line = ready_line(person, "BK_TINH")
        drafts.append(
            svc.draft_create(actor=province_officer, issuer=province.root, kind=DocKind.DECISION, lines=[line])
        )
        user = _user(f"pct.{i}", Role.LEADER, province.root, full_name=f"Phó Chủ tịch {i}")
        signers.append(
            Signer.objects.create(
                body=issuing.ubnd, user=user, full_name=user.full_name, title="Phó Chủ tịch", sign_lines="KT. CHỦ TỊCH"
            ).user
        )

    outcomes = _race(
        [
            (lambda d=d, u=u: svc.decision_issue(actor=u, decision=d, date=DAY, version=d.version).number)
            for d, u in zip(drafts, signers, strict=True)
        ]
    )

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    numbers = sorted(int(text.split("/")[0]) for _, text in outcomes)
    assert numbers == list(range(1, 9))
    issued = Decision.objects.filter(state=DecisionState.ISSUED, issuer=province.root)
    assert sorted(issued.values_list("sequence", flat=True)) == list(range(1, 9))
    assert NumberSequence.objects.get(issuer=province.root, year=2026, kind=DocKind.DECISION).last == 8
    assert issued.values("number").distinct().count() == 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_signers_issuing_the_same_draft_issue_it_once(
    province, province_officer, leader, issuing, ready_line, make_person
):
    line = ready_line(make_person(province.hospital, "Nguyễn Văn Một"), "BK_TINH")
    d = svc.draft_create(actor=province_officer, issuer=province.root, kind=DocKind.DECISION, lines=[line])

    outcomes = _race(
        [
            lambda: svc.decision_issue(actor=leader, decision=d, date=DAY, version=d.version).number,
            lambda: svc.decision_issue(actor=issuing.vice.user, decision=d, date=DAY, version=d.version).number,
        ]
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    assert "vừa được người khác xử lý" in next(msg for kind, msg in outcomes if kind == "refused")
    assert Decision.objects.get(pk=d.pk).number == "1/QĐ-UBND"
    assert NumberSequence.objects.get(issuer=province.root, year=2026, kind=DocKind.DECISION).last == 1
    assert Decision.objects.get(pk=d.pk).awards.count() == 1
