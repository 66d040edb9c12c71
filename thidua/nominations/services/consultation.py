"""Public consultation (being written)."""


def consultation_blocker(nomination) -> str | None:
    """A Vietnamese message when the appraisal may not complete yet because of public consultation."""
    return None
