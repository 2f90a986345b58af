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
    """Every class (archived ones too) and every student, as the Classes tab lists them, with
    who has a PIN."""

    classes: list[ClassRecord] = field(default_factory=list)
    students: list[StudentRecord] = field(default_factory=list)
    with_pins: frozenset[str] = frozenset()  # the ids of students who have a PIN
    pins_needed: bool = False  # every student must have a PIN to start

    def in_class(self, class_id: str | None) -> list[StudentRecord]:
        """The students of one class (None: those in no class), by name."""
        found = [s for s in self.students if s.class_id == class_id]
        return sorted(found, key=lambda s: s.name.casefold())


def pin_is_set_job(store: Any, slot: Any = None) -> bool:
    """Whether a PIN was chosen: the teacher's, or a student's when their slot is given."""
    from tutor_app.tutor.pins import TEACHER, pin_is_set

    return bool(pin_is_set(store, slot or TEACHER))


def set_pin_job(store: Any, pin: str, slot: Any) -> None:
    """Choose a PIN, the teacher's or a student's (hashed with scrypt)."""
    from tutor_app.tutor.pins import TEACHER, choose_teacher_pin, set_pin

    if slot == TEACHER:
        choose_teacher_pin(store, pin)
    else:
        set_pin(store, pin, slot)


def check_pin_job(store: Any, pin: str, slot: Any) -> Any:
    """Try a PIN, the teacher's or a student's; a PinCheck (ok, wait, message)."""
    from tutor_app.tutor.pins import check_pin

    return check_pin(store, pin, slot=slot)


def way_in_job(store: Any, student_id: str) -> str:
    """What a student must do to start: "open", "enter" their PIN or "choose" one."""
    from tutor_app.tutor.pins import way_in

    return way_in(store, student_id)


def clear_student_pin_job(store: Any, student_id: str) -> Roster:
    """Forget a student's PIN (they forgot it), then read every class and student."""
    from tutor_app.tutor.pins import reset_pin, student_slot

    reset_pin(store, student_slot(student_id))
    return roster_job(store)


def students_need_pins_job(store: Any, needed: bool) -> Roster:
    """Ask every student to have a PIN (or stop asking), then read every class and student."""
    from tutor_app.tutor.pins import set_students_need_pins

    set_students_need_pins(store, needed)
    return roster_job(store)


def roster_job(store: Any) -> Roster:
    """Read every class and student, who has a PIN and whether every student needs one."""
    from tutor_app.tutor.pins import students_need_pins, students_with_pins

    return Roster(
        list(store.classes(archived=True)),
        list(store.students(archived=True)),
        frozenset(students_with_pins(store)),
        students_need_pins(store),
    )


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


def report_scope(class_id: str | None, start: Any, end: Any) -> Any:
    """The store's ReportScope for a class (None: every class) and a range of days."""
    from tutor_app.store.reports import ReportScope

    return ReportScope(class_id=class_id, start=start, end=end)


def csv_report_job(store: Any, scope: Any, title: str, folder: str) -> list[Path]:
    """Write the progress and sessions CSV files for a scope into a folder; their paths."""
    from tutor_app.tutor.class_report import build_report
    from tutor_app.tutor.reports import write_csv_reports

    return list(write_csv_reports(build_report(store, scope, title), folder))


def pdf_report_job(store: Any, scope: Any, title: str, path: str) -> Path:
    """Write the PDF report for a scope (a class page and a page per student)."""
    from tutor_app.tutor.class_report import build_report
    from tutor_app.ui.report_pdf import write_pdf_report

    write_pdf_report(build_report(store, scope, title, sessions=False), Path(path))
    return Path(path)


def backup_job(store: Any, path: str) -> Path:
    """Back up the whole database to a file (whole, or not at all)."""
    from tutor_app.store.backup import backup_database

    return backup_database(store, path)


def restore_job(paths: Any, path: str, store: Any) -> tuple[Any, Path | None]:
    """Restore a backup over the database and open it again: (the new store, the copy kept)."""
    from tutor_app.store.backup import restore_and_reopen

    return restore_and_reopen(paths, path, store)


def export_class_job(store: Any, class_id: str, path: str) -> Any:
    """Write one class and its students' work to a file for another computer."""
    from tutor_app.store.merge import export_class

    return export_class(store, class_id, path)


def merge_class_job(store: Any, path: str) -> Any:
    """Merge a class file from another computer into the database; what it changed."""
    from tutor_app.tutor.classroom import merge_class_file

    return merge_class_file(store, path)
