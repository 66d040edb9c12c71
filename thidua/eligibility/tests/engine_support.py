"""Helpers shared by the engine tests: contexts from the seed data, compact fact builders."""

import datetime as dt

from thidua.eligibility.context import context_from_data
from thidua.eligibility.facts import (
    AwardFact,
    DisciplineFact,
    InitiativeFact,
    MemberStats,
    SubjectFacts,
)

# Criteria under NĐ 152, money at 2,340,000 (decision before 01/7/2026).
CTX = context_from_data(criteria_date=dt.date(2026, 1, 15), decision_date=dt.date(2026, 3, 20))
# Criteria under NĐ 152, money at 2,530,000 (decision from 01/7/2026).
CTX_2026 = context_from_data(criteria_date=dt.date(2026, 7, 15), decision_date=dt.date(2026, 8, 1))
# Criteria and money under NĐ 98.
CTX_ND98 = context_from_data(criteria_date=dt.date(2025, 2, 1), decision_date=dt.date(2025, 3, 1))


def with_params(ctx, **params):
    """A copy of `ctx` with some rule parameters changed."""
    from dataclasses import replace

    return replace(ctx, params={**ctx.params, **params})


def person(ratings=None, awards=(), initiatives=(), science=(), disciplines=(), **kw):
    """ratings {year: grade}; awards: "CSTDCS:2024", ("BK_TINH", 2021) or AwardFact; initiatives: (year, scope)."""
    return _facts("person", ratings, awards, initiatives, science, disciplines, **kw)


def unit(ratings=None, awards=(), members=None, **kw):
    return _facts("unit", ratings, awards, (), (), (), members=members or {}, **kw)


def household(**kw):
    return SubjectFacts(kind="household", **kw)


def _award(a):
    if isinstance(a, AwardFact):
        return a
    if isinstance(a, str):
        code, year = a.split(":")
        return AwardFact(code, int(year))
    return AwardFact(*a)


def _facts(kind, ratings, awards, initiatives, science, disciplines, **kw):
    return SubjectFacts(
        kind=kind,
        ratings=dict(ratings or {}),
        awards=tuple(_award(a) for a in awards),
        initiatives=tuple(InitiativeFact(y, s) for y, s in initiatives)
        + tuple(InitiativeFact(y, s, science_work=True) for y, s in science),
        disciplines=tuple(DisciplineFact(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in disciplines),
        **kw,
    )


def members(total=40, ht=None, ldtt=30, cstdcs=1, htxs=10, **kw):
    return MemberStats(
        total=total, rated_at_least_ht=total if ht is None else ht, ldtt=ldtt, cstdcs=cstdcs, rated_htxs=htxs, **kw
    )


def checks(verdict):
    return {c.code: c for c in verdict.checks}


def unmet_codes(verdict):
    return {c.code for c in verdict.unmet}
