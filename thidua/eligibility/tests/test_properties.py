"""Properties of the engine that must hold for any facts (hypothesis)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.eligibility.engine import evaluate
from thidua.eligibility.facts import AwardFact, InitiativeFact, MemberStats, SubjectFacts
from thidua.eligibility.money import reward_amount

from .engine_support import CTX, with_params

YEARS = list(range(2018, 2026))
GRADES = ["HTXS", "HTT", "HT", "KHT"]
PERSON_AWARDS = ["LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH", "BK_TTG", "HCLD3", "HCLD2"]
UNIT_AWARDS = ["TTLDTT", "TTLDXS", "BK_TINH_TT", "CO_TINH", "BK_TTG_TT", "HCLD3_TT"]
# Everything that needs consecutive good years / prior awards.
PERSON_TARGETS = ["LDTT", "CSTDCS", "BK_TINH", "CSTD_TINH", "CSTD_TQ", "BK_TTG", "HCLD3", "HCLD2", "HCLD1"]
UNIT_TARGETS = ["TTLDTT", "TTLDXS", "BK_TINH_TT", "BK_TTG_TT", "HCLD3_TT", "HCLD2"]


@st.composite
def subjects(draw):
    kind = draw(st.sampled_from(["person", "unit"]))
    ratings = draw(st.dictionaries(st.sampled_from(YEARS), st.sampled_from(GRADES)))
    codes = PERSON_AWARDS if kind == "person" else UNIT_AWARDS
    awards = draw(st.lists(st.builds(AwardFact, st.sampled_from(codes), st.sampled_from(YEARS)), max_size=10))
    initiatives = draw(
        st.lists(
            st.builds(
                InitiativeFact, st.sampled_from(YEARS), st.sampled_from(["BASE", "PROVINCE", "NATIONAL"]), st.booleans()
            ),
            max_size=8,
        )
    )
    members = {}
    if kind == "unit":
        for y in YEARS:
            total = draw(st.integers(1, 20))
            members[y] = MemberStats(
                total=total,
                rated_at_least_ht=draw(st.integers(0, total)),
                ldtt=draw(st.integers(0, total)),
                cstdcs=draw(st.integers(0, total)),
            )
    return SubjectFacts(
        kind=kind,
        ratings=ratings,
        awards=tuple(awards),
        initiatives=tuple(initiatives),
        members=members,
        is_direct_worker=False,
    )


def _targets(facts):
    return PERSON_TARGETS if facts.kind == "person" else UNIT_TARGETS


@settings(max_examples=150, deadline=None)
@given(subjects(), st.sampled_from(YEARS), st.sampled_from(YEARS))
def test_adding_a_kht_year_never_makes_a_subject_eligible(facts, year, kht_year):
    worse = replace(facts, ratings={**facts.ratings, kht_year: "KHT"})
    for code in _targets(facts):
        before = evaluate(facts, code, year, CTX, confirmed="all").eligible
        after = evaluate(worse, code, year, CTX, confirmed="all").eligible
        assert not (after and not before), (code, year, kht_year)


@settings(max_examples=150, deadline=None)
@given(subjects(), st.sampled_from(YEARS), st.data())
def test_revoking_an_award_never_makes_a_subject_newly_eligible(facts, year, data):
    if not facts.awards:
        return
    i = data.draw(st.integers(0, len(facts.awards) - 1))
    awards = list(facts.awards)
    awards[i] = replace(awards[i], revoked=True)
    revoked = replace(facts, awards=tuple(awards))
    for code in _targets(facts):
        before = evaluate(facts, code, year, CTX, confirmed="all").eligible
        after = evaluate(revoked, code, year, CTX, confirmed="all").eligible
        assert not (after and not before), (code, year, awards[i])


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=50, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
    st.integers(1_000_000, 5_000_000),
    st.sampled_from(["nearest", "ceiling"]),
    st.sampled_from(["person", "unit"]),
)
def test_the_amount_never_decreases_when_the_coefficient_rises(c1, c2, base, rounding, kind):
    low, high = sorted((c1, c2))
    ctx = with_params(replace(CTX, base_salary=base), money_rounding=rounding)
    amounts = []
    for coef in (low, high):
        c = replace(ctx, coefficients={**ctx.coefficients, "CSTD_TINH": (coef, coef * 2)})
        amounts.append(reward_amount("CSTD_TINH", kind, c))
    assert amounts[0] <= amounts[1]
    assert amounts[1] >= 0 and isinstance(amounts[1], int)
    assert amounts[0] % 10_000 == 0 and Decimal(amounts[0]) >= 0
