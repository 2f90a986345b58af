"""What a student has typed but not yet had answered, kept on disk so a crash loses none of it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tutor_app.paths import AppPaths

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_DRAFT_CHARS = 200_000


def draft_path(paths: AppPaths, student_id: str) -> Path:
    """The file holding one student's draft (student ids are UUIDs, never paths)."""
    if not _SAFE_ID.match(student_id):
        raise ValueError(f"not a student id: {student_id!r}")
    return paths.data_dir / "drafts" / f"{student_id}.txt"


def save_draft(paths: AppPaths, student_id: str, text: str) -> None:
    """Keep the draft (atomically); an empty draft removes the file."""
    path = draft_path(paths, student_id)
    if not text.strip():
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text[:MAX_DRAFT_CHARS], encoding="utf-8")
    os.replace(temporary, path)


def load_draft(paths: AppPaths, student_id: str) -> str:
    """The student's kept draft, or '' when there is none (or it cannot be read)."""
    try:
        return draft_path(paths, student_id).read_text(encoding="utf-8")[:MAX_DRAFT_CHARS]
    except (OSError, UnicodeDecodeError):
        return ""
