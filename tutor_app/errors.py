"""Failures a user can act on, each with a message fit to show them as it is."""

from __future__ import annotations


class TutorError(Exception):
    """A known failure with a message meant for the student or teacher, not a traceback."""


class ModelFileError(TutorError):
    """The model file is missing, unreadable, truncated, or not a usable GGUF."""


class NotEnoughMemoryError(TutorError):
    """The model would not fit in this machine's free memory."""


class GenerationCancelled(TutorError):
    """The user stopped a generation before it finished."""


class BadQuestionError(TutorError):
    """The question is empty, too long, or otherwise unusable."""


class StoreError(TutorError):
    """The progress database cannot be opened or written."""
