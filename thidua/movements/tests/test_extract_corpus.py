"""Scores on real and written announcements, with the shared scorer's own definitions.

Folders: the five real seeds (shared/corpus/seeds), and our documents in extract_docs/: dev/ (written before the
rules), holdout/, holdout2/, holdout3/ (written later, one batch at a time, to measure generalisation), formats/
(.docx, .pdf, .html and TCVN3, VNI, UTF-16, cp1258 .txt). Each NAME.<ext> has NAME.json, the record a careful
officer would draft.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.movements.extract import extract, read_document

ROOT = Path(__file__).resolve().parents[3]
DOCS = Path(__file__).parent / "extract_docs"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists():
        pytest.fail(f"the shared scorer is missing: {SCORER} (the project lives beside ../shared)")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases(folder: Path) -> list[tuple[Path, Path]]:
    found = []
    for expected in sorted(folder.glob("*.json")):
        documents = [p for p in folder.glob(expected.stem + ".*") if p.suffix != ".json"]
        if documents:
            found.append((documents[0], expected))
    return found


def mean_score(scorer, folder: Path) -> tuple[float, list[str]]:
    total, count, misses = 0.0, 0, []
    for document, expected in cases(folder):
        got = extract(read_document(document.name, document.read_bytes())).to_json()
        want = json.loads(expected.read_text(encoding="utf-8"))
        for field, value in scorer.score_case(got, want).items():
            total += value
            count += 1
            if value < 1:
                misses.append(f"{document.name} {field}: {got[field]!r} != {want[field]!r}")
    assert count, f"no cases in {folder}"
    return total / count, misses


def test_seed_announcements_score_at_least_095(scorer):
    if not SEEDS.exists():
        pytest.fail(f"the corpus seeds are missing: {SEEDS} (the project lives beside ../shared)")
    score, misses = mean_score(scorer, SEEDS)
    assert score >= 0.95, misses


@pytest.mark.parametrize("folder", ["dev", "holdout", "holdout2", "holdout3", "formats"])
def test_our_written_announcements_score_at_least_095(scorer, folder):
    score, misses = mean_score(scorer, DOCS / folder)
    assert score >= 0.95, misses


def test_every_binary_fixture_has_its_expected_record():
    binaries = [p for p in (DOCS / "formats").iterdir() if p.suffix in (".docx", ".pdf", ".html")]
    assert {p.suffix for p in binaries} == {".docx", ".pdf", ".html"}
    for document in binaries:
        if document.stem.startswith("scan_"):
            continue
        assert document.with_suffix(".json").exists(), document.name


def test_the_shared_scorer_command_line_runs_our_command(scorer):
    run = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--cmd",
            f"{sys.executable} manage.py extract_movement {{file}} --json",
            str(DOCS / "formats"),
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "0 extractor failures" in run.stdout
    score = float(run.stdout.strip().splitlines()[-1].split(":")[1])
    assert score >= 0.95, run.stdout
