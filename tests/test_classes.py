"""Classes and students as the teacher manages them, the teacher PIN, and roster import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor_app.errors import StoreError
from tutor_app.store.classes import RosterEntry
from tutor_app.store.database import open_store
from tutor_app.store.repository import Store
from tutor_app.tutor import pins
from tutor_app.tutor.pins import PinError, check_pin, pin_is_set, reset_pin, set_pin
from tutor_app.tutor.roster import RosterError, import_roster_file, read_roster


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def test_classes_are_added_renamed_and_archived_with_their_students(store: Store) -> None:
    seven_b = store.add_class("7B")
    ann = store.add_student("Ann", seven_b.id, " 1042 ")
    store.add_student("Ben", seven_b.id)
    assert ann.class_name == "7B" and ann.student_number == "1042"
    assert [(c.name, c.students) for c in store.classes()] == [("7B", 2)]
    with pytest.raises(StoreError, match="already a class called '7B'"):
        store.add_class(" 7B ")
    store.add_class("8A")
    with pytest.raises(StoreError, match="already a class"):
        store.rename_class(seven_b.id, "8A")
    assert store.rename_class(seven_b.id, "7 Blue").name == "7 Blue"
    assert store.students()[0].class_name == "7 Blue"
    store.archive_class(seven_b.id)
    assert [c.name for c in store.classes()] == ["8A"]
    assert [c.name for c in store.classes(archived=True)] == ["7 Blue", "8A"]
    assert store.students() == []  # archived students leave the picker ...
    assert {s.name for s in store.students(archived=True)} == {"Ann", "Ben"}  # ... not the record
    store.archive_class(seven_b.id, archived=False)
    assert {s.name for s in store.students(class_id=seven_b.id)} == {"Ann", "Ben"}


def test_students_are_archived_moved_and_keep_unique_names(store: Store) -> None:
    seven_b, eight_a = store.add_class("7B"), store.add_class("8A")
    ann = store.add_student("Ann", seven_b.id)
    with pytest.raises(StoreError, match="already a student called 'Ann'"):
        store.add_student("Ann", eight_a.id)
    with pytest.raises(StoreError, match="cannot be empty"):
        store.add_student("   ")
    before = store.students()[0]
    store.move_student(ann.id, eight_a.id)
    assert [s.name for s in store.students(class_id=eight_a.id)] == ["Ann"]
    assert store.students(class_id=seven_b.id) == []
    store.move_student(ann.id, None)
    assert store.students()[0].class_id is None
    store.archive_student(ann.id)
    assert store.students() == [] and store.students(archived=True)[0].archived
    with pytest.raises(StoreError, match="no longer"):
        store.move_student(ann.id, "no-such-class")
    assert store.students(archived=True)[0].created_at == before.created_at


def test_a_roster_adds_new_students_and_updates_known_ones_in_one_go(store: Store) -> None:
    ann = store.add_student("Ann")
    store.archive_student(ann.id)
    added, updated = store.import_roster(
        [RosterEntry("Ann", "7B", "17"), RosterEntry("Zoë Müller", "7B"), RosterEntry("Li", "8A")]
    )
    assert (added, updated) == (2, 1)
    students = {s.name: s for s in store.students()}
    assert students["Ann"].class_name == "7B" and students["Ann"].student_number == "17"
    assert students["Zoë Müller"].class_name == "7B" and students["Li"].class_name == "8A"
    assert [(c.name, c.students) for c in store.classes()] == [("7B", 2), ("8A", 1)]
    with pytest.raises(StoreError):
        store.import_roster([RosterEntry("Cy", "9C"), RosterEntry("", "9C")])
    assert "9C" not in {c.name for c in store.classes()}  # nothing of a failed roster stays


ROSTER = (
    "\ufeffName,Class,Student number\r\n"
    '"Núñez, José",7B,001\r\n'
    "Zoë Müller,7B,\r\n"
    "\r\n"
    "Li Wei,8A,17\r\n"
)


def test_a_spreadsheet_roster_is_read_with_bom_accents_quoted_commas_and_crlf() -> None:
    entries = read_roster(ROSTER.encode("utf-8"))
    assert entries == [
        RosterEntry("Núñez, José", "7B", "001"),
        RosterEntry("Zoë Müller", "7B", ""),
        RosterEntry("Li Wei", "8A", "17"),
    ]
    # The same roster saved by an older spreadsheet: Windows-1252, semicolons between cells.
    legacy = ROSTER.replace("\ufeff", "").replace(",7B", ";7B").replace(",8A", ";8A")
    legacy = legacy.replace("Name,Class,Student number", "Name;Class;Student number")
    legacy = legacy.replace(",001", ";001").replace(";7B,", ";7B;").replace(",17", ";17")
    assert read_roster(legacy.encode("cp1252")) == entries
    # No header: name, class, number in that order.
    assert read_roster(b"Ann,7B\nBen,7B,2\n") == [
        RosterEntry("Ann", "7B", ""),
        RosterEntry("Ben", "7B", "2"),
    ]


def test_a_roster_with_a_bad_row_names_each_line_and_imports_nothing(
    store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "roster.csv"
    text = "Name,Class\nAnn,7B\n,7B\nBen,\nann,8A\n" + "X" * 81 + ",7B\n"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        import_roster_file(store, bad)
    assert caught.value.problems == [
        "line 3: the name is missing",
        "line 4: the class of 'Ben' is missing",
        "line 5: 'ann' is also on line 2",
        "line 6: the name is longer than 80 characters",
    ]
    assert "Nothing was imported" in str(caught.value)
    assert store.students(archived=True) == [] and store.classes() == []
    for empty in (b"", b"Name,Class\n"):
        with pytest.raises(RosterError, match="empty|no students"):
            read_roster(empty)
    with pytest.raises(RosterError, match="Cannot read"):
        import_roster_file(store, tmp_path / "missing.csv")
    good = tmp_path / "good.csv"
    good.write_text("Name,Class\nAnn,7B\nBen,7B\n", encoding="utf-8")
    assert import_roster_file(store, good) == (2, 0)
    assert import_roster_file(store, good) == (0, 2)  # importing again adds no one twice


def test_the_pin_is_kept_only_as_a_salted_slow_hash(store: Store) -> None:
    assert not pin_is_set(store)
    assert not check_pin(store, "1234").ok
    for bad in ("123", "1234567890123", "12a4", "١٢٣٤"):
        with pytest.raises(PinError):
            set_pin(store, bad)
    set_pin(store, "2468")
    stored = store.setting(pins.TEACHER.hash_key) or ""
    assert pin_is_set(store) and "2468" not in stored and '"n": 16384' in stored
    assert check_pin(store, "2468").ok
    assert not check_pin(store, "2469").ok
    set_pin(store, "2468")
    assert store.setting(pins.TEACHER.hash_key) != stored  # a new salt each time


def test_wrong_pins_wait_longer_each_time_even_after_a_restart(tmp_path: Path) -> None:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
    path = tmp_path / "tutor.sqlite3"
    with open_store(path) as store:
        set_pin(store, "2468")
        waits = [check_pin(store, "0000", now).wait_seconds for _ in range(3)]
        assert waits == [0.0, 0.0, 5.0]
    with open_store(path) as store:  # the app restarted: the count is kept
        early = check_pin(store, "2468", now + timedelta(seconds=2))
        assert not early.ok and "Try again in 3 seconds" in early.message
        later = now + timedelta(seconds=6)
        assert check_pin(store, "0000", later).wait_seconds == 10.0
        assert check_pin(store, "2468", later + timedelta(seconds=11)).ok
        assert check_pin(store, "0000", later + timedelta(seconds=12)).wait_seconds == 0.0
    assert pins.wait_after(20) == pins.LONGEST_WAIT_S


def test_a_reset_forgets_the_pin_and_the_wrong_tries(store: Store) -> None:
    set_pin(store, "2468")
    now = datetime.now(timezone.utc)
    for _ in range(4):
        check_pin(store, "0000", now)
    reset_pin(store)
    assert not pin_is_set(store)
    set_pin(store, "1357")
    assert check_pin(store, "1357", now).ok


def test_the_reset_pin_command_forgets_the_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor_app.cli import main

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "reset-pin"]) == 2
    assert "no progress database" in capsys.readouterr().err
    with open_store(data / "tutor.sqlite3") as store:
        set_pin(store, "2468")
        check_pin(store, "0000")
    assert main(["--data-dir", str(data), "reset-pin"]) == 0
    assert "was reset" in capsys.readouterr().out
    with open_store(data / "tutor.sqlite3") as store:
        assert not pin_is_set(store) and store.setting(pins.TEACHER.tries_key) is None
    assert main(["--data-dir", str(data), "reset-pin"]) == 0
    assert "No teacher PIN was set" in capsys.readouterr().out


def test_a_students_pin_is_their_own_and_wrong_tries_slow_only_them(store: Store) -> None:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
    ada, bo = store.student("Ada").id, store.student("Bo").id
    assert pins.way_in(store, ada) == "open" and pins.students_with_pins(store) == set()
    set_pin(store, "2468")  # the teacher's
    pins.set_pin(store, "1357", pins.student_slot(ada))
    assert pins.way_in(store, ada) == "enter" and pins.way_in(store, bo) == "open"
    assert pins.students_with_pins(store) == {ada}
    assert not check_pin(store, "2468", now, pins.student_slot(ada)).ok  # not the teacher's
    for _ in range(4):
        check_pin(store, "0000", now, pins.student_slot(ada))
    assert not check_pin(store, "1357", now, pins.student_slot(ada)).ok  # Ada must wait now
    assert check_pin(store, "2468", now).ok  # the teacher need not
    pins.set_pin(store, "9999", pins.student_slot(bo))
    assert check_pin(store, "9999", now, pins.student_slot(bo)).ok  # nor Bo
    pins.reset_pin(store, pins.student_slot(ada))  # the teacher clears a forgotten PIN
    assert pins.way_in(store, ada) == "open" and pin_is_set(store)
    assert pins.students_with_pins(store) == {bo}


def test_when_every_student_needs_a_pin_those_without_one_choose_it(store: Store) -> None:
    ada, bo = store.student("Ada").id, store.student("Bo").id
    pins.set_pin(store, "1357", pins.student_slot(ada))
    pins.set_students_need_pins(store, True)
    assert pins.students_need_pins(store)
    assert pins.way_in(store, ada) == "enter" and pins.way_in(store, bo) == "choose"
    pins.set_students_need_pins(store, False)
    assert pins.way_in(store, bo) == "open"


def test_only_settings_beginning_with_the_prefix_are_listed(store: Store) -> None:
    store.set_setting("student_pin:a", "x")
    store.set_setting("studentXpin:b", "x")  # "_" is not a wildcard here
    store.set_setting("student_pin_tries:a", "x")
    assert store.setting_keys("student_pin:") == ["student_pin:a"]
    assert store.setting_keys("100%") == []


def test_once_a_teacher_pin_is_chosen_every_student_needs_one_unless_the_teacher_said_no(
    store: Store,
) -> None:
    bo = store.student("Bo").id
    assert pins.way_in(store, bo) == "open"  # a home computer: no teacher, no PINs asked
    pins.choose_teacher_pin(store, "2468")
    assert pin_is_set(store) and pins.way_in(store, bo) == "choose"
    pins.set_students_need_pins(store, False)  # the teacher turns it off...
    reset_pin(store)
    pins.choose_teacher_pin(store, "1357")  # ...and a new teacher PIN keeps that choice
    assert pins.way_in(store, bo) == "open"
