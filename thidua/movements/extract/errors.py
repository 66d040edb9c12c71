"""Errors raised while reading an uploaded document."""


class DocumentError(ValueError):
    """The file cannot be read as an announcement; the message is Vietnamese and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
