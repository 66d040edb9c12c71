"""What the engine answers: every condition checked, with its explanation and citation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# Status of one condition.
MET = "met"  # a checkable condition that holds
UNMET = "unmet"  # a checkable condition that fails
CONFIRM = "confirm"  # a judgement item nobody has confirmed yet
CONFIRMED = "confirmed"  # a judgement item someone confirmed
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Check:
    code: str  # stable code, e.g. "rating_at_least_htt", "consec_cstdcs_3", "judge_unity"
    label: str  # Vietnamese: what the condition is
    status: str  # MET | UNMET | CONFIRM | CONFIRMED | NOT_APPLICABLE
    message: str  # Vietnamese: why it holds or fails, e.g. "còn thiếu: Chiến sĩ thi đua cơ sở năm 2024"
    citation: str  # e.g. "Luật TĐKT 2022, Điều 27, khoản 1, điểm c"
    unverified: bool = False  # rests on an [I] rule or parameter → show "chưa xác minh căn cứ"
    judgement: bool = False  # a condition a person must judge and confirm


@dataclass(frozen=True)
class Verdict:
    award: str  # catalogue code
    award_name: str
    year: int
    eligible: bool  # every checkable condition holds and every judgement item is confirmed
    rule_set: str  # rule set code, e.g. "ND152"
    rule_set_name: str
    checks: tuple[Check, ...]
    amount_vnd: int | None
    basis: str = "CONG_TRANG"

    # Computed once per verdict: subjects with equal histories share one verdict object
    # (engine.evaluate_each), and a national list asks each of these a million times.
    @cached_property
    def unmet(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "unmet")

    @cached_property
    def needs_confirmation(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.checks if c.status == "confirm")

    @property
    def citations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in self.checks:
            if c.citation:
                seen.setdefault(c.citation, None)
        return tuple(seen)

    def to_json(self) -> dict:
        """The `check_eligibility` output contract (issue: eligibility engine, point 8)."""
        return {
            "award": self.award,
            "eligible": self.eligible,
            "rule_set": self.rule_set,
            "unmet": [{"code": c.code, "message": c.message} for c in self.unmet],
            "needs_confirmation": list(self.needs_confirmation),
            "amount_vnd": self.amount_vnd,
            "citations": list(self.citations),
        }
