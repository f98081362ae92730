"""The diet plugin's input error, turned into a 422 by the routes."""

from __future__ import annotations


class MealError(ValueError):
    """The meal cannot be assessed; ``code`` and ``details`` go into the 4xx answer."""

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.details = details
