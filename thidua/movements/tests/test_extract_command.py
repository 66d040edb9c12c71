"""manage.py extract_movement FILE [--json]: one JSON object, a Vietnamese summary, exit code 2 on bad files."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from thidua.movements.extract import RECORD_KEYS

ROOT = Path(__file__).resolve().parents[3]
FORMATS = Path(__file__).parent / "extract_docs" / "formats"


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "extract_movement", *args],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_output_is_one_object_with_the_readme_keys_and_raw_vietnamese():
    out = StringIO()
    call_command("extract_movement", str(FORMATS / "f02_chi_thi_phu_yen.pdf"), "--json", stdout=out)
    printed = out.getvalue()
    data = json.loads(printed)
    assert tuple(data) == RECORD_KEYS
    assert data["issuer"] == "UBND tỉnh Phú Yên"
    assert "Phú Yên" in printed  # ensure_ascii=False


def test_summary_is_readable_vietnamese_with_sources():
    out = StringIO()
    call_command("extract_movement", str(FORMATS / "f01_ke_hoach_tay_ninh.docx"), stdout=out)
    text = out.getvalue()
    assert "- Cơ quan ban hành: UBND tỉnh Tây Ninh" in text
    assert "- Ngày ban hành: 12/01/2024" in text
    assert "- Sự kiện khen thưởng: —" in text
    assert "trích:" in text


def test_bad_file_is_a_vietnamese_error_with_exit_code_2(tmp_path):
    fake = tmp_path / "ke_hoach.pdf"
    fake.write_text("không phải PDF", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("extract_movement", str(fake), "--json")
    assert caught.value.returncode == 2
    assert str(caught.value) == "Tệp có đuôi .pdf nhưng nội dung không phải PDF."


def test_command_line_exit_code_and_stderr_for_a_missing_or_scanned_file():
    missing = run_command("khong_co_tep.docx", "--json")
    assert missing.returncode == 2 and missing.stdout == ""
    assert "Không tìm thấy tệp" in missing.stderr
    scanned = run_command(str(FORMATS / "scan_khong_lop_chu.pdf"), "--json")
    assert scanned.returncode == 2
    assert "Tệp PDF không có lớp chữ (bản scan) — hãy dán nội dung văn bản." in scanned.stderr


def test_command_line_prints_exactly_one_json_object():
    run = run_command(str(FORMATS / "f05_tin_an_giang_vni.txt"), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["title"].startswith("đợt thi đua cao điểm")
