"""Coded errors: domain and services raise these; the UI turns the code into a sentence."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An error the user can act on, identified by a stable ``code`` with named parameters.

    Codes are dotted, e.g. ``"applicant.personal_id.province"``; ``ui/messages.py`` maps each
    code to a translated Vietnamese sentence. ``field`` names the input to fix, when there is one.
    """

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    def __repr__(self) -> str:
        return f"AppError({self.code!r}, field={self.field!r}, {self.params!r})"


class ValidationError(AppError):
    """Input that breaks a rule; nothing was saved."""


class NotFound(AppError):
    """The record asked for does not exist."""


class Forbidden(AppError):
    """The signed-in user's role may not do this."""


class Conflict(AppError):
    """The action does not fit the record's current state."""
