"""Benchmark: extracting a movement from a 200 KB announcement (many paragraphs, and one long line).

Run: .venv/bin/python -m pytest -m bench -s tests/bench/test_extract_bench.py

The floor, measured in the same run: one pass of Python's `str.split()` and a regex search for a
document number over the same text. Prints best of three and the ratio; the target is well under a
second per document on this machine.
"""

import re
import time

import pytest

from thidua.movements.extract import extract
from thidua.movements.tests.test_extract_rules import LONG_PARAGRAPH

pytestmark = pytest.mark.bench

RUNS = 3


def _best(fn, text):
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - started)
    return min(times)


def test_extracting_a_200_kb_announcement():
    text = (LONG_PARAGRAPH * (200_000 // len(LONG_PARAGRAPH) + 1))[:200_000]
    number = re.compile(r"\d+/[A-ZĐ]+-[A-ZĐ]+")
    floor = _best(lambda t: (t.split(), number.search(t)), text)
    for name, variant in (("paragraphs", text), ("one line", text.replace("\n", " "))):
        best = _best(extract, variant)
        print(
            f"\n200 KB, {name}: extract {best:.3f} s (best of {RUNS}); floor {floor:.4f} s; ratio {best / floor:.0f}×"
        )
        assert best < 30, "labelled generous ceiling: catches a catastrophic regex, not a slowdown"
