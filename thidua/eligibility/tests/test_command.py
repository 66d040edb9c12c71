"""`manage.py check_eligibility CASE.json`: the stable JSON contract and exit code 2 on bad input."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from thidua.eligibility.context import context_for, context_from_data, context_from_db

ROOT = Path(__file__).resolve().parents[3]

CASE = {
    "subject": {"kind": "person", "sex": "F", "is_direct_worker": False},
    "award": "CSTD_TINH",
    "year": 2025,
    "decision_date": "2026-03-20",
    "ratings": {"2023": "HTXS", "2024": "HTXS", "2025": "HTXS"},
    "awards": [
        {"code": "CSTDCS", "year": 2023},
        {"code": "CSTDCS", "year": 2024},
        {"code": "CSTDCS", "year": 2025},
        {"code": "BK_TINH", "year": 2021, "decision_date": "2022-02-10", "revoked": False},
    ],
    "initiatives": [{"year": 2024, "scope": "PROVINCE"}],
    "science_works": [],
    "discipline": [],
    "embargo": False,
    "confirmed": "all",
}


def run(tmp_path, case) -> dict:
    path = tmp_path / "case.json"
    path.write_text(case if isinstance(case, str) else json.dumps(case, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("check_eligibility", str(path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_command_prints_one_json_verdict(tmp_path):
    result = run(tmp_path, CASE)
    assert result == {
        "award": "CSTD_TINH",
        "eligible": True,
        "rule_set": "ND152",
        "unmet": [],
        "needs_confirmation": [],
        "amount_vnd": 7_020_000,
        "citations": ["Luật Thi đua, khen thưởng 2022, Điều 22", "Nghị định 152/2025/NĐ-CP, Điều 4, khoản 4"],
    }


@pytest.mark.django_db
def test_command_lists_unmet_conditions_and_judgement_items(tmp_path):
    case = {**CASE, "confirmed": [], "awards": CASE["awards"][:1] + [{"code": "CSTDCS", "year": 2024, "revoked": True}]}
    result = run(tmp_path, case)
    assert result["eligible"] is False
    assert result["needs_confirmation"] == ["judge_outstanding"]
    [unmet] = result["unmet"]
    assert unmet["code"] == "consec_cstdcs_3"
    assert "2024 (quyết định đã bị hủy bỏ)" in unmet["message"]


@pytest.mark.django_db
def test_command_amount_follows_the_decision_date(tmp_path):
    assert run(tmp_path, {**CASE, "decision_date": "2026-07-01"})["amount_vnd"] == 7_590_000


@pytest.mark.django_db
def test_command_criteria_follow_the_receipt_date(tmp_path):
    case = {**CASE, "award": "BK_TINH", "receipt_date": "2025-05-01", "decision_date": "2025-08-01"}
    result = run(tmp_path, case)
    assert result["rule_set"] == "ND98" and result["amount_vnd"] == 3_510_000


@pytest.mark.django_db
def test_command_members_and_embargo_and_discipline(tmp_path):
    unit_case = {
        "subject": {"kind": "unit"},
        "award": "TTLDXS",
        "year": 2025,
        "decision_date": "2026-03-20",
        "ratings": {"2025": "HTXS"},
        "members": {"total": 40, "rated_at_least_ht": 40, "ldtt": 30, "cstdcs": 2, "rated_htxs": 12},
        "confirmed": "all",
    }
    assert run(tmp_path, unit_case)["eligible"] is True
    by_year = {**unit_case, "members": {"2025": unit_case["members"]}}
    assert run(tmp_path, by_year)["eligible"] is True
    assert [u["code"] for u in run(tmp_path, {**unit_case, "embargo": True})["unmet"]] == ["embargo"]
    disciplined = {**CASE, "discipline": [{"from": "2024-03-01", "to": "2024-09-01", "level": "khien_trach"}]}
    assert run(tmp_path, disciplined)["eligible"] is False


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        (json.dumps({**CASE, "award": "NOPE"}), "Mã danh hiệu, hình thức không hợp lệ"),
        (json.dumps({**CASE, "decision_date": "20/03/2026"}), "Ngày không hợp lệ ở “decision_date”"),
        (json.dumps({**CASE, "ratings": {"2025": "GOOD"}}), "Xếp loại không hợp lệ"),
        (json.dumps({k: v for k, v in CASE.items() if k != "year"}), "Thiếu năm xét"),
        (json.dumps({**CASE, "subject": {"kind": "robot"}}), "Loại đối tượng không hợp lệ"),
        (json.dumps({**CASE, "initiatives": [{"year": 2024, "scope": "WORLD"}]}), "Phạm vi không hợp lệ"),
        (json.dumps({**CASE, "awards": [{"code": "CSTDCS", "year": "năm ngoái"}]}), "Năm không hợp lệ"),
        (json.dumps({**CASE, "discipline": [{"from": "2024-09-01", "to": "2024-03-01"}]}), "kết thúc trước"),
        (json.dumps({**CASE, "members": {"total": 5, "ldtt": 9}}), "lớn hơn tổng số thành viên"),
        (json.dumps({**CASE, "confirmed": "some"}), "“confirmed”"),
        (json.dumps({**CASE, "basis": "BRIBE"}), "Loại hình khen thưởng không hợp lệ"),
        (json.dumps([1, 2]), "phải là một đối tượng JSON"),
    ],
)
def test_malformed_input_is_a_vietnamese_error_with_exit_code_2(tmp_path, text, fragment):
    with pytest.raises(CommandError) as exc:
        run(tmp_path, text)
    assert exc.value.returncode == 2
    assert fragment in str(exc.value)


def test_missing_file_is_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("check_eligibility", str(tmp_path / "nope.json"))
    assert exc.value.returncode == 2 and "Không đọc được tệp" in str(exc.value)


def _subprocess(tmp_path, case_text):
    path = tmp_path / "case.json"
    path.write_text(case_text, encoding="utf-8")
    env = {
        **os.environ,
        "DEBUG": "1",
        # A database that was never migrated: the command must fall back to the seed data.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check_eligibility", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_works_on_a_fresh_clone_before_migrate_and_exits_2_on_bad_input(tmp_path):
    ok = _subprocess(tmp_path, json.dumps(CASE))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["eligible"] is True and json.loads(ok.stdout)["amount_vnd"] == 7_020_000
    bad = _subprocess(tmp_path, json.dumps({**CASE, "award": "NOPE"}))
    assert bad.returncode == 2
    assert "Mã danh hiệu, hình thức không hợp lệ" in bad.stderr and bad.stdout == ""


# --- context.py: the database and the seed data agree ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("criteria", "decision"),
    [
        ("2024-03-01", "2024-08-01"),
        ("2025-05-01", "2025-08-01"),
        ("2026-01-01", "2026-07-01"),
        ("2023-01-01", "2023-06-01"),
    ],
)
def test_context_from_database_matches_the_seed_data(criteria, decision):
    kwargs = {"criteria_date": dt.date.fromisoformat(criteria), "decision_date": dt.date.fromisoformat(decision)}
    assert context_from_db(**kwargs) == context_from_data(**kwargs)
    assert context_for(**kwargs) == context_from_db(**kwargs)


@pytest.mark.django_db
def test_context_reads_changed_parameters_from_the_database():
    from thidua.catalog.models import RuleParameter

    RuleParameter.objects.filter(rule_set__code="ND152", key="money_rounding").update(value="ceiling")
    ctx = context_for(criteria_date=dt.date(2026, 1, 1), decision_date=dt.date(2026, 3, 1))
    assert ctx.params["money_rounding"] == "ceiling"


@pytest.mark.django_db
def test_no_amount_is_given_for_a_subject_the_award_is_not_for(tmp_path):
    import json

    from django.core.management import call_command

    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "subject": {"kind": "household"},
                "award": "LDTT",
                "year": 2025,
                "decision_date": "2026-03-20",
                "ratings": {"2025": "HTT"},
                "confirmed": "all",
            }
        ),
        encoding="utf-8",
    )
    from io import StringIO

    out = StringIO()
    call_command("check_eligibility", str(case), stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["eligible"] is False
    assert answer["amount_vnd"] is None
    assert any(u["code"] == "subject_kind" for u in answer["unmet"])
