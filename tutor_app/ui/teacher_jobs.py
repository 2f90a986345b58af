"""Plain functions the teacher area runs in the background (no Qt here, testable on their own).

Every read and write of the store, every scrypt hash and every file written goes through one
of these on a Task's thread; the teacher area's widgets only show what they return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor_app.store.records import ClassRecord, StudentRecord


@dataclass(frozen=True)
class Roster:
    """Every class (archived ones too) and every student, as the Classes tab lists them."""

    classes: list[ClassRecord] = field(default_factory=list)
    students: list[StudentRecord] = field(default_factory=list)

    def in_class(self, class_id: str | None) -> list[StudentRecord]:
        """The students of one class (None: those in no class), by name."""
        found = [s for s in self.students if s.class_id == class_id]
        return sorted(found, key=lambda s: s.name.casefold())


def pin_is_set_job(store: Any) -> bool:
    """Whether a teacher PIN was chosen (read from the store)."""
    from tutor_app.tutor.teacher_pin import pin_is_set

    return bool(pin_is_set(store))


def set_pin_job(store: Any, pin: str) -> None:
    """Choose the teacher PIN (hashed with scrypt)."""
    from tutor_app.tutor.teacher_pin import set_pin

    set_pin(store, pin)


def check_pin_job(store: Any, pin: str) -> Any:
    """Try the teacher PIN; a PinCheck (ok, wait, message)."""
    from tutor_app.tutor.teacher_pin import check_pin

    return check_pin(store, pin)


def roster_job(store: Any) -> Roster:
    """Read every class and student."""
    return Roster(list(store.classes(archived=True)), list(store.students(archived=True)))


def change_roster_job(store: Any, change: str, *args: Any) -> Roster:
    """Make one change (a Store method such as 'add_class' or 'move_student'), then read all."""
    allowed = {"add_class", "rename_class", "archive_class", "add_student", "rename_student",
               "archive_student", "move_student"}  # fmt: skip
    if change not in allowed:
        raise ValueError(f"not a roster change: {change!r}")
    getattr(store, change)(*args)
    return roster_job(store)


def import_roster_job(store: Any, path: str) -> tuple[tuple[int, int], Roster]:
    """Import a roster file ((added, updated)), then read every class and student."""
    from tutor_app.tutor.roster import import_roster_file

    counts = import_roster_file(store, Path(path))
    return counts, roster_job(store)
