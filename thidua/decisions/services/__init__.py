"""Writes to decisions, one module per area: back_entry (decisions made before the system),
numbering, issuing (drafts, issuing, submissions upward, higher decisions), money (payments and the
fund), revocation. The names below are the back-entry entry points used across the project."""

from ..models import Decision  # noqa: F401
from .back_entry import (  # noqa: F401
    KIND_TEXT,
    MAX_AMOUNT,
    BackEntryRejected,
    EntryRow,
    back_entry_check,
    decision_back_enter,
    decision_import,
)
