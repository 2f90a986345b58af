"""Database driver errors as one-line messages a teacher can act on."""

from __future__ import annotations

# SQLite's own error texts, each mapped to what a teacher can do about it.
_SQLITE_MESSAGES = {
    "database or disk is full": (
        "The disk holding the progress database is full. Free some space and try again."
    ),
    "disk i/o error": (
        "The progress database could not be read or written (disk error). "
        "Check the disk and try again."
    ),
    "readonly database": (
        "The progress database is read-only. Check that this user may write to its folder."
    ),
    "unable to open database file": (
        "The progress database cannot be opened. "
        "Check that its folder exists and this user may write to it."
    ),
    "file is not a database": (
        "The progress file is not a tutor database (or it is damaged). "
        "Choose another data folder or restore a backup."
    ),
    "database disk image is malformed": (
        "The progress database is damaged. Restore a backup or choose another data folder."
    ),
    "database is locked": (
        "The progress database is busy in another program. "
        "Close other copies of the tutor and try again."
    ),
}


def explain_database_error(error: BaseException) -> str:
    """A one-line message a teacher can act on for a database driver error."""
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    lowered = detail.lower()
    for needle, message in _SQLITE_MESSAGES.items():
        if needle in lowered:
            return message
    return f"The progress database could not be used: {detail}"
