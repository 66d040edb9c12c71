"""Reads of decisions, one module per area."""

from .decisions import decision_detail, decision_list  # noqa: F401
