"""Report files: a progress CSV (a row per student and skill) and a sessions CSV.

File names carry whose work and when: `progress_7B_20260901_20261201.csv`; a range open on
one side says `start` or `end` there (`progress_7B_start_20261201.csv`), and no range at all
says `all` (`progress_7B_all.csv`). The files are UTF-8 with a byte-order mark, so spreadsheet
programs read accents right, and text cells that a spreadsheet would run as a formula (starting
with =, +, -, @, a tab or a carriage return) get a leading apostrophe. Numbers stay numbers.
A file is written to a temporary file in the same folder, flushed to disk, then renamed over
the target, so a failure never leaves half a report.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tutor_app.errors import TutorError
from tutor_app.tutor.class_report import ClassReport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_COLUMNS = (
    "Class", "Student", "Student number", "Skill", "Band", "Mastery %", "Problems attempted",
    "Answers", "Right answers", "First tries", "Right first time", "First-try accuracy %",
    "Hints level 1", "Hints level 2", "Hints level 3", "Bottom-out hints", "Active minutes",
    "Last practised", "Most frequent mistakes", "Questions asked", "Steps checked", "Verified",
    "Contradicted", "Unverifiable", "Streak days", "Student active minutes",
)  # fmt: skip
SESSION_COLUMNS = (
    "Class", "Student", "Started", "Title", "Questions", "Verified", "Contradicted",
    "Unverifiable", "Steps checked", "Practice right", "Practice answers", "Hints",
    "Active minutes",
)  # fmt: skip


def safe_cell(value: Any) -> Any:
    """A cell as a spreadsheet should see it: numbers as numbers, text unable to run a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return round(value, 2) if isinstance(value, float) else value
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def range_label(report: ClassReport) -> str:
    """The report's dates for a file name: YYYYMMDD_YYYYMMDD, `start`/`end` when open, or all."""
    start, end = report.scope.start, report.scope.end
    if start is None and end is None:
        return "all"
    first = start.strftime("%Y%m%d") if start else "start"
    return f"{first}_{end.strftime('%Y%m%d') if end else 'end'}"


def report_file_name(kind: str, report: ClassReport, suffix: str) -> str:
    """`{kind}_{whose}_{dates}{suffix}`, with only letters, digits, - and _ from the title."""
    whose = re.sub(r"[^\w-]+", "-", report.title, flags=re.UNICODE).strip("-_") or "report"
    return f"{kind}_{whose}_{range_label(report)}{suffix}"


def write_csv_reports(report: ClassReport, folder: str | Path) -> tuple[Path, Path]:
    """Write the progress and sessions CSV files into `folder` (made if missing); their paths."""
    where = Path(folder)
    progress = where / report_file_name("progress", report, ".csv")
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # said of the file that cannot go there
        raise TutorError(why_not_written(progress, error)) from None
    sessions = where / report_file_name("sessions", report, ".csv")
    write_atomically(progress, lambda out: _write_rows(out, PROGRESS_COLUMNS, _progress(report)))
    write_atomically(sessions, lambda out: _write_rows(out, SESSION_COLUMNS, _sessions(report)))
    return progress, sessions


def _write_rows(out: IO[str], header: tuple[str, ...], rows: Iterator[list[Any]]) -> None:
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def _progress(report: ClassReport) -> Iterator[list[Any]]:
    for student in report.students:
        person = student.student
        for line in student.skills:
            f = line.figures
            accuracy = line.first_try_accuracy
            yield [
                person.class_name, person.name, person.student_number, line.name, line.band,
                None if f.mastery is None else 100 * f.mastery, f.problems, f.answers,
                f.right_answers, f.first_tries, f.first_try_right,
                None if accuracy is None else 100 * accuracy, *f.hints, line.active_minutes,
                f.last_practised, "; ".join(f"{name} ({times})" for name, times in f.mistakes),
                f.questions, f.steps_checked, f.verified, f.contradicted, f.unverifiable,
                student.streak_days, student.active_minutes,
            ]  # fmt: skip


def _sessions(report: ClassReport) -> Iterator[list[Any]]:
    for s in report.sessions:
        yield [
            s.class_name, s.student_name, s.started_at, s.title, s.questions, s.verified,
            s.contradicted, s.unverifiable, s.steps_checked, s.practice_right,
            s.practice_answers, s.hints, s.active_seconds / 60,
        ]  # fmt: skip


def write_atomically(
    path: Path, write: Callable[[IO[str]], None], *, encoding: str = "utf-8-sig"
) -> None:
    """Write a text file whole or not at all: a temporary file beside it, synced, renamed."""
    with temporary_beside(path) as (handle, temporary):
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for sharing
        os.replace(temporary, path)


@contextmanager
def temporary_beside(path: Path) -> Iterator[tuple[int, str]]:
    """A temporary file in the target's folder (so the rename is atomic), removed on failure."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise TutorError(why_not_written(path, error)) from None
    try:
        yield handle, temporary
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise TutorError(why_not_written(path, error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def why_not_written(path: Path, error: OSError) -> str:
    """One line a teacher can act on for a failed report write."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full: the report {path.name} was not written. Free some space."
    if isinstance(error, PermissionError):
        return f"The report cannot be written in {path.parent}: this user may not write there."
    if isinstance(error, IsADirectoryError):
        return f"The report cannot be written: {path} is a folder."
    if isinstance(error, NotADirectoryError | FileExistsError):
        blocker = next((p for p in path.parents if p.is_file()), path.parent)
        return f"The report cannot be written: {blocker} is a file, not a folder."
    return f"The report {path.name} could not be written: {error.strerror or error}."
