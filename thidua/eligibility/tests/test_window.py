"""Bulk loads read only the years the criteria read (engine.first_year_read), and subjects with equal
facts are decided once (engine.evaluate_each): neither may change a verdict."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.eligibility.engine import (
    evaluate,
    evaluate_each,
    facts_key,
    first_year_read,
    relevant_awards,
)
from thidua.eligibility.facts import (
    AwardFact,
    DisciplineFact,
    InitiativeFact,
    MemberStats,
    SubjectFacts,
)

from .engine_support import CTX, CTX_ND98, with_params

YEARS = list(range(2012, 2026))
GRADES = ["HTXS", "HTT", "HT", "KHT"]
BASES = ["CONG_TRANG", "CONG_TRANG", "CONG_TRANG", "DOT_XUAT", "PHONG_TRAO"]


def _codes(kind):
    return [c for c in relevant_awards(kind)] + (["CSTDCS_2026", "CSTT"] if kind == "person" else [])


@st.composite
def subjects(draw):
    kind = draw(st.sampled_from(["person", "unit"]))
    codes = _codes(kind)
    good = st.sampled_from(["HTXS", "HTXS", "HTT"] + GRADES)
    ratings = {y: draw(good) for y in YEARS if draw(st.integers(0, 5))}
    awards = draw(
        st.lists(
            st.builds(
                AwardFact,
                st.sampled_from(codes),
                st.sampled_from(YEARS),
                st.none(),
                st.booleans(),
                st.sampled_from(BASES),
            ),
            max_size=14,
        )
    )
    initiatives = draw(
        st.lists(
            st.builds(
                InitiativeFact, st.sampled_from(YEARS), st.sampled_from(["BASE", "PROVINCE", "NATIONAL"]), st.booleans()
            ),
            max_size=8,
        )
    )
    disciplines = []
    if draw(st.booleans()):
        start = dt.date(draw(st.sampled_from(YEARS)), draw(st.integers(1, 12)), 1)
        disciplines.append(DisciplineFact(start, start + dt.timedelta(days=draw(st.integers(30, 800))), "WARNING"))
    members = {}
    if kind == "unit":
        for y in YEARS:
            total = draw(st.integers(1, 12))
            members[y] = MemberStats(
                total=total,
                rated_at_least_ht=draw(st.integers(0, total)),
                ldtt=draw(st.integers(0, total)),
                cstdcs=draw(st.integers(0, total)),
                rated_htxs=draw(st.integers(0, total)),
                women=draw(st.integers(0, total)),
                disciplined_warning=draw(st.integers(0, 1)),
            )
    # Runs of the same title ending at a recent year: the chains the ladders look for.
    for _ in range(draw(st.integers(0, 3))):
        code = draw(st.sampled_from(codes))
        last = draw(st.sampled_from(YEARS[-6:]))
        awards.extend(AwardFact(code, y) for y in range(last - draw(st.integers(1, 6)), last + 1))
    return SubjectFacts(
        kind=kind,
        ratings=ratings,
        awards=tuple(sorted(awards, key=lambda a: a.year)),
        initiatives=tuple(initiatives),
        disciplines=tuple(disciplines),
        members=members,
        is_direct_worker=draw(st.booleans()),
        armed_forces=draw(st.booleans()),
        sex=draw(st.sampled_from(["F", "M", None])),
        months_worked={y: draw(st.integers(1, 12)) for y in draw(st.lists(st.sampled_from(YEARS), max_size=2))},
    )


def _windowed(facts: SubjectFacts, first: int) -> SubjectFacts:
    """The facts a bulk load with this window would read (disciplines are always read whole)."""
    return replace(
        facts,
        ratings={y: g for y, g in facts.ratings.items() if y >= first},
        awards=tuple(a for a in facts.awards if a.year >= first),
        initiatives=tuple(i for i in facts.initiatives if i.year >= first),
        members={y: m for y, m in facts.members.items() if y >= first},
        months_worked={y: m for y, m in facts.months_worked.items() if y >= first},
    )


@pytest.mark.parametrize(
    "ctx",
    [CTX, CTX_ND98, with_params(CTX, amendment_2026_in_force=True), with_params(CTX, school_year_chains=True)],
    ids=["nd152", "nd98", "amendment_2026", "school_year"],
)
@settings(max_examples=150, deadline=None)
@given(facts=subjects(), year=st.sampled_from(YEARS[-6:]), confirmed=st.sampled_from([frozenset(), "all"]))
def test_facts_before_the_window_the_criteria_read_never_change_a_verdict(ctx, facts, year, confirmed):
    for code in _codes(facts.kind):
        first = first_year_read([code], facts.kind, year, ctx)
        if first is None:
            continue  # the loader reads every award then
        full = evaluate(facts, code, year, ctx, confirmed=confirmed)
        windowed = evaluate(_windowed(facts, first), code, year, ctx, confirmed=confirmed)
        assert windowed == full, (code, year, first)


def test_the_window_of_the_annual_titles_is_a_few_years_and_ladders_read_everything():
    assert first_year_read(["LDTT"], "person", 2025, CTX) == 2025
    assert first_year_read(["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH"], "person", 2025, CTX) == 2023
    assert first_year_read(["TTLDTT", "TTLDXS"], "unit", 2025, CTX) == 2025
    # Huân chương Lao động hạng Ba counts a Bằng khen of the Prime Minister given at any earlier time.
    assert first_year_read(["HCLD3"], "person", 2025, CTX) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(subjects(), min_size=1, max_size=6), st.sampled_from(YEARS[4:]))
def test_deciding_equal_facts_once_gives_each_subject_its_own_verdicts(people, year):
    kind = people[0].kind
    subjects_ = [p for p in people if p.kind == kind]
    # Equal copies (different objects) and the same object twice.
    batch = [*subjects_, *(replace(p) for p in subjects_), subjects_[0]]
    codes = _codes(kind)
    got = evaluate_each(batch, codes, year, CTX)
    for facts, verdicts in zip(batch, got, strict=True):
        assert verdicts == {code: evaluate(facts, code, year, CTX) for code in codes}


def test_facts_that_differ_in_anything_the_engine_reads_have_different_keys():
    base = SubjectFacts(kind="person", ratings={2025: "HTXS"})
    variants = [
        replace(base, ratings={2025: "HTT"}),
        replace(base, awards=(AwardFact("LDTT", 2025),)),
        replace(base, initiatives=(InitiativeFact(2025, "BASE"),)),
        replace(base, disciplines=(DisciplineFact(dt.date(2025, 1, 1), dt.date(2025, 6, 1)),)),
        replace(base, embargo=True),
        replace(base, unit_dissolved=True),
        replace(base, members={2025: MemberStats(1, 1, 1, 0)}),
        replace(base, sex="F"),
        replace(base, is_direct_worker=True),
        replace(base, school_year=True),
        replace(base, months_worked={2025: 6}),
        replace(base, maternity_months={2025: 4}),
        replace(base, armed_forces=True),
        replace(base, kind="unit"),
    ]
    keys = {facts_key(v) for v in variants}
    assert len(keys) == len(variants) and facts_key(base) not in keys
    assert facts_key(replace(base)) == facts_key(base)


def test_a_memo_kept_across_batches_gives_the_same_verdicts_and_follows_the_context():
    good = SubjectFacts(kind="person", ratings={2025: "HTXS"})
    weak = SubjectFacts(kind="person", ratings={2025: "KHT"})
    memo = {}
    first = evaluate_each([good, weak], ["LDTT"], 2025, CTX, memo=memo)
    again = evaluate_each([replace(good), replace(weak)], ["LDTT"], 2025, CTX, memo=memo)
    assert first == again == [{"LDTT": evaluate(f, "LDTT", 2025, CTX)} for f in (good, weak)]
    other_ctx = with_params(CTX, ldtt_min_months=11)
    assert evaluate_each([good], ["LDTT"], 2025, other_ctx, memo=memo)[0]["LDTT"].rule_set == other_ctx.rule_set_code
    assert evaluate_each([good], ["LDTT"], 2024, CTX, memo=memo)[0]["LDTT"].year == 2024
