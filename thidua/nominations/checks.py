"""Live checks of dossier lines (being written): eligibility, conflicts, quotas, required documents."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    code: str  # stable, e.g. "ineligible", "duplicate_line", "existing_award", "embargo", "dissolved_unit"
    message: str  # Vietnamese
    citation: str = ""
    blocking: bool = True  # blocks submission (an ineligible line is not blocking once justified)


@dataclass(frozen=True)
class LineCheck:
    verdict: object | None  # thidua.eligibility.verdict.Verdict, or None when the engine has no criteria
    eligible: bool | None
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def blocking(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.blocking)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if not i.blocking)

    @property
    def summary(self) -> str:
        raise NotImplementedError


def check_lines(nomination, lines=None) -> dict[int, LineCheck]:
    raise NotImplementedError


def check_draft_line(nomination, *, subject, award_type, year_from, year_to, exclude_line_id=None) -> LineCheck:
    raise NotImplementedError


def quota_checks(nomination) -> list:
    raise NotImplementedError


def submit_blockers(nomination) -> list[str]:
    raise NotImplementedError
