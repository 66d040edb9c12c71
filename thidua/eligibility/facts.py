"""The facts the engine decides from: plain frozen data, no ORM.

Selectors (selectors.py) build these in bulk from the database; the command
`check_eligibility` builds them from a JSON case. The engine never sees a model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

PERSON, UNIT, HOUSEHOLD = "person", "unit", "household"
# Kinds of commendation (law.md §5). Only CONG_TRANG awards feed merit ladders (P2).
CONG_TRANG, DOT_XUAT, PHONG_TRAO, CONG_HIEN, NIEN_HAN, DOI_NGOAI = (
    "CONG_TRANG",
    "DOT_XUAT",
    "PHONG_TRAO",
    "CONG_HIEN",
    "NIEN_HAN",
    "DOI_NGOAI",
)


def _cached_hash(cls):
    """Give a frozen dataclass a hash computed once per instance (facts are hashed again and again
    when the engine groups subjects with equal facts, see engine.facts_key)."""
    field_names = tuple(cls.__dataclass_fields__)

    def __hash__(self):
        try:
            return self._hash
        except AttributeError:
            value = hash(tuple(getattr(self, name) for name in field_names))
            object.__setattr__(self, "_hash", value)
            return value

    cls.__hash__ = __hash__
    return cls


@_cached_hash
@dataclass(frozen=True)
class AwardFact:
    code: str  # catalogue code (law.md §11), e.g. "CSTDCS"
    year: int  # the year of the achievement
    decision_date: dt.date | None = None  # shown in cases; no criterion reads it (not loaded in bulk)
    revoked: bool = False
    basis: str = CONG_TRANG


@_cached_hash
@dataclass(frozen=True)
class InitiativeFact:
    year: int
    scope: str  # "BASE" | "PROVINCE" | "NATIONAL"
    science_work: bool = False  # an accepted science topic / project / work rather than an initiative


@_cached_hash
@dataclass(frozen=True)
class DisciplineFact:
    start: dt.date
    end: dt.date
    level: str = ""


@_cached_hash
@dataclass(frozen=True)
class MemberStats:
    """A collective's members in one year (for TTLĐTT, TTLĐXS)."""

    total: int
    rated_at_least_ht: int
    ldtt: int
    cstdcs: int
    rated_htxs: int = 0
    women: int = 0
    disciplined_warning: int = 0  # members disciplined at warning (cảnh cáo) level or above in the year


@dataclass(frozen=True)
class SubjectFacts:
    kind: str  # PERSON | UNIT | HOUSEHOLD
    ratings: dict[int, str] = field(default_factory=dict)  # year → "HTXS" | "HTT" | "HT" | "KHT"
    awards: tuple[AwardFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    embargo: bool = False
    unit_dissolved: bool = False  # the subject (or, for a person, nothing) is a dissolved unit (P10)
    members: dict[int, MemberStats] = field(default_factory=dict)  # year → stats, collectives only
    sex: str | None = None  # "F" | "M"
    is_direct_worker: bool = False
    school_year: bool = False  # education unit counting by school year (rule-set option)
    # Optional, added by the engine (defaults mean "worked the full year", "not armed forces"):
    months_worked: dict[int, int] = field(default_factory=dict)  # year → months worked (absent = full year)
    maternity_months: dict[int, int] = field(default_factory=dict)  # year → months of maternity leave (P4)
    armed_forces: bool = False  # soldier, police, standing/mobile militia (Chiến sĩ tiên tiến; combat routes)


@dataclass(frozen=True)
class RuleContext:
    """What the engine needs from the catalogue for one evaluation (loaded by selectors)."""

    rule_set_code: str
    rule_set_name: str
    params: dict[str, object]  # typed values of RuleParameter by key
    param_unverified: frozenset[str]  # keys whose confidence is I
    base_salary: int | None  # in force on the decision date, or None when unknown
    coefficients: dict[str, tuple[Decimal | None, Decimal | None]]  # code → (individual, collective)
    award_names: dict[str, str]  # code → Vietnamese name
    # Optional, added by the engine; empty means "take it from thidua/catalog/data.py":
    subject_kinds: dict[str, frozenset[str]] = field(default_factory=dict)  # code → {"person","unit","household"}
    coefficient_maximum: frozenset[str] = frozenset()  # codes whose coefficient is a maximum (KNC_TINH)
    notes: tuple[str, ...] = ()  # caveats about how this context was chosen (e.g. date before the first rule set)
