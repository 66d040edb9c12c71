"""Reads of the council, scoped to the actor."""

from .meetings import *  # noqa: F403
from .terms import active_councils, council_get, council_list, council_members  # noqa: F401
