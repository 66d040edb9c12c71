"""MovementRecord: the draft record extracted from an announcement, with where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field

RECORD_KEYS = (
    "issuer",
    "doc_type",
    "doc_number",
    "issue_date",
    "title",
    "slogans",
    "period_start",
    "period_end",
    "national_movements",
    "responsible_agencies",
    "reward_event",
)
LIST_KEYS = ("slogans", "national_movements", "responsible_agencies")


@dataclass
class MovementRecord:
    """The record's fields (see shared/corpus/README.md) plus, per field, the passage it was read from.

    Dates are ISO strings (YYYY-MM-DD). `sources[field]` is a short snippet of the text for the officer to see
    beside the field (absent when the field is empty); `failed` lists fields whose rule raised unexpectedly
    (they are left empty).
    """

    issuer: str | None = None
    doc_type: str | None = None
    doc_number: str | None = None
    issue_date: str | None = None
    title: str | None = None
    slogans: list[str] = field(default_factory=list)
    period_start: str | None = None
    period_end: str | None = None
    national_movements: list[str] = field(default_factory=list)
    responsible_agencies: list[str] = field(default_factory=list)
    reward_event: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Exactly the record keys of the README, in order."""
        return {key: (list(getattr(self, key)) if key in LIST_KEYS else getattr(self, key)) for key in RECORD_KEYS}
