"""Read a class roster from a CSV file: name, class and an optional student number per row.

Every row is checked before anything is imported; a roster with any bad row is refused as a
whole, with each problem given by its line number. Spreadsheet exports are read as they come:
UTF-8 with or without a byte-order mark (or Windows-1252 when not UTF-8), Windows line endings,
commas or semicolons between cells, names with commas in quotes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tutor_app.errors import TutorError
from tutor_app.store.classes import MAX_NAME_LENGTH, RosterEntry

MAX_ROSTER_BYTES = 2_000_000
MAX_ROWS = 5000
NAME_HEADERS = {"name", "student", "student name", "full name"}
CLASS_HEADERS = {"class", "class name", "form", "group"}
NUMBER_HEADERS = {"student number", "number", "student id", "id", "no", "no."}


class RosterError(TutorError):
    """A roster that cannot be imported; `problems` lists each bad line."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:20]
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__("Nothing was imported:\n" + "\n".join(shown) + more)
        self.problems = problems


def read_roster_file(path: str | Path) -> list[RosterEntry]:
    """The students of a roster file, or RosterError naming every bad line."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError([f"{file.name} is larger than a roster can be (2 MB)."])
        data = file.read_bytes()
    except OSError as error:
        raise RosterError([f"Cannot read {file}: {error.strerror or error}"]) from error
    return read_roster(data)


def read_roster(data: bytes) -> list[RosterEntry]:
    """The students of a roster's bytes, or RosterError naming every bad line."""
    text = _decode(data)
    if not text.strip():
        raise RosterError(["The roster is empty."])
    dialect = _dialect(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    header = [cell.strip().casefold() for cell in rows[0]]
    columns = _columns(header)
    start = 1 if columns is not None else 0
    columns = columns or (0, 1, 2)
    entries: list[RosterEntry] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        problem = _problem(row, columns)
        if problem is None:
            entry = _entry(row, columns)
            first = seen.setdefault(entry.name.casefold(), line)
            if first != line:
                problem = f"{entry.name!r} is also on line {first}"
            else:
                entries.append(entry)
        if problem is not None:
            problems.append(f"line {line}: {problem}")
    if len(entries) + len(problems) > MAX_ROWS:
        raise RosterError([f"A roster can have at most {MAX_ROWS} students."])
    if problems:
        raise RosterError(problems)
    if not entries:
        raise RosterError(["The roster has no students in it."])
    return entries


def import_roster_file(store: Any, path: str | Path) -> tuple[int, int]:
    """Import a roster file into the store: (students added, students updated)."""
    added, updated = store.import_roster(read_roster_file(path))
    return int(added), int(updated)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text.splitlines() else ""
    if first.count(";") > first.count(",") and first.count(";") > first.count("\t"):
        return _Semicolon
    if first.count("\t") > first.count(","):
        return csv.excel_tab
    return csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    """Where name, class and number are, from a header row; None when there is no header."""
    name = next((i for i, cell in enumerate(header) if cell in NAME_HEADERS), None)
    group = next((i for i, cell in enumerate(header) if cell in CLASS_HEADERS), None)
    if name is None or group is None:
        return None
    number = next((i for i, cell in enumerate(header) if cell in NUMBER_HEADERS), None)
    return name, group, number


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _problem(row: list[str], columns: tuple[int, int, int | None]) -> str | None:
    name, group, number = (_cell(row, index) for index in columns)
    if not name:
        return "the name is missing"
    if not group:
        return f"the class of {name!r} is missing"
    for what, value in (("name", name), ("class", group)):
        if len(value) > MAX_NAME_LENGTH:
            return f"the {what} is longer than {MAX_NAME_LENGTH} characters"
        if any(ord(char) < 32 for char in value):
            return f"the {what} has a control character in it"
    if len(number) > 40:
        return "the student number is longer than 40 characters"
    return None


def _entry(row: list[str], columns: tuple[int, int, int | None]) -> RosterEntry:
    name, group, number = (_cell(row, index) for index in columns)
    return RosterEntry(name, group, number)
