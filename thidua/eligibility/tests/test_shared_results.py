"""The engine shares work between subjects with identical inputs; it must never share across a difference."""

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.eligibility.engine import evaluate, evaluate_each

from .engine_support import CTX, person

ANNUAL = ["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH"]
GRADES = st.sampled_from(["HTXS", "HTT", "HT", "KHT"])


def test_two_people_differing_in_one_rating_get_their_own_verdicts():
    awards = ["CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025", "LDTT:2025"]
    good = person({2023: "HTXS", 2024: "HTXS", 2025: "HTXS"}, awards, [(2025, "PROVINCE")])
    weak = person({2023: "HTXS", 2024: "HTXS", 2025: "HT"}, awards, [(2025, "PROVINCE")])
    first, second = evaluate_each([good, weak], ANNUAL, 2025, CTX, confirmed="all")
    assert first["LDTT"].eligible and not second["LDTT"].eligible
    assert first["CSTD_TINH"].eligible


def test_a_discipline_on_one_of_two_identical_people_changes_only_that_persons_verdict():
    awards = ["CSTDCS:2023", "CSTDCS:2024", "CSTDCS:2025"]
    clean = person({2025: "HTXS"}, awards, [(2025, "PROVINCE")])
    disciplined = person(
        {2025: "HTXS"},
        awards,
        [(2025, "PROVINCE")],
        disciplines=[("2024-03-01", "2024-09-01")],
    )
    first, second = evaluate_each([clean, disciplined], ["CSTD_TINH"], 2025, CTX, confirmed="all")
    assert first["CSTD_TINH"].eligible and not second["CSTD_TINH"].eligible


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(GRADES, GRADES, GRADES, st.booleans(), st.booleans()), min_size=2, max_size=8))
def test_batch_verdicts_equal_one_by_one_verdicts(rows):
    subjects = []
    for g23, g24, g25, has_cstdcs, has_init in rows:
        awards = ["CSTDCS:2023", "CSTDCS:2024"] + (["CSTDCS:2025"] if has_cstdcs else [])
        subjects.append(person({2023: g23, 2024: g24, 2025: g25}, awards, [(2025, "PROVINCE")] if has_init else []))
    batch = evaluate_each(subjects, ANNUAL, 2025, CTX, confirmed="all")
    for facts, verdicts in zip(subjects, batch, strict=True):
        for code in ANNUAL:
            alone = evaluate(facts, code, 2025, CTX, confirmed="all")
            assert verdicts[code].eligible == alone.eligible
            assert [(c.code, c.status, c.message) for c in verdicts[code].checks] == [
                (c.code, c.status, c.message) for c in alone.checks
            ]
