"""Writes of the council: one transaction, one permission check and one audit event each."""

from .meetings import (  # noqa: F401
    agenda_add_lines,
    agenda_remove_item,
    attendance_set,
    item_rule,
    meeting_close,
    meeting_create,
    meeting_update,
)
from .terms import council_create, council_update, member_add, member_deactivate, member_update  # noqa: F401
from .voting import ballot_cast, ballot_record_written, vote_close, vote_open, vote_recuse  # noqa: F401
