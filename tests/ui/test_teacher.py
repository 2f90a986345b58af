"""The teacher area: the PIN, classes and students, roster import, the dashboard."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tutor_app.paths import AppPaths
from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord
from tutor_app.tutor.pins import check_pin, pin_is_set, set_pin, student_slot, way_in
from tutor_app.tutor.progress import record
from tutor_app.ui.pin_dialog import MISMATCH
from tutor_app.ui.teacher_classes import NO_CLASS, ClassesTab
from tutor_app.ui.teacher_dashboard import ALL_CLASSES, DashboardTab
from tutor_app.ui.teacher_gate import TeacherAccess
from tutor_app.ui.teacher_window import TaskOwner, TeacherWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
WAIT = 30_000


def open_gate(qtbot: Any, access: TeacherAccess) -> Any:
    access.open_area()
    qtbot.waitUntil(lambda: access.dialog is not None, timeout=WAIT)
    return access.dialog


def test_first_use_chooses_a_pin_typed_twice_and_a_mismatch_is_refused(
    qtbot: Any, host: TaskOwner
) -> None:
    access = TeacherAccess(host)
    dialog = open_gate(qtbot, access)
    assert dialog.windowTitle() == "Choose a teacher PIN" and dialog.repeat.isVisibleTo(dialog)
    assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password  # masked
    qtbot.keyClicks(dialog.pin, "12ab34")  # letters are not taken
    assert dialog.pin.text() == "1234"
    qtbot.keyClicks(dialog.repeat, "1235")
    dialog.ok_button.click()
    assert dialog.message.text() == MISMATCH and access.area is None
    assert dialog.repeat.text() == ""
    assert not pin_is_set(host.store)
    qtbot.keyClicks(dialog.repeat, "1234")
    with qtbot.waitSignal(access.area_opened, timeout=WAIT):
        dialog.ok_button.click()
    assert isinstance(access.area, TeacherWindow) and access.area.isVisible()
    assert check_pin(host.store, "1234").ok
    classes = access.area.classes  # a class's computer: every student needs a PIN now
    qtbot.waitUntil(lambda: host.idle() and not classes.busy, timeout=WAIT)
    assert classes.pins_needed.isChecked()
    with qtbot.waitSignal(access.locked, timeout=WAIT):
        access.area.lock_button.click()
    assert access.area is None
    again = open_gate(qtbot, access)  # locked: the PIN is asked again, now the set one
    assert again.windowTitle() == "Teacher PIN" and again.repeat.isHidden()
    again.reject()


def test_a_wrong_pin_is_refused_and_after_three_tries_the_next_must_wait(
    qtbot: Any, host: TaskOwner
) -> None:
    set_pin(host.store, "2468")
    access = TeacherAccess(host)
    dialog = open_gate(qtbot, access)
    assert dialog.windowTitle() == "Teacher PIN"
    for _ in range(2):
        qtbot.keyClicks(dialog.pin, "1111")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.message.text() == "That PIN is not right.", timeout=WAIT)
        assert dialog.ok_button.isEnabled() and dialog.pin.text() == ""
    qtbot.keyClicks(dialog.pin, "1111")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Try again in 5 seconds." in dialog.message.text(), timeout=WAIT)
    assert dialog.message.text().startswith("That PIN is not right.")
    assert not dialog.ok_button.isEnabled() and access.area is None
    qtbot.waitUntil(lambda: "Try again in 4 seconds." in dialog.message.text(), timeout=3000)
    qtbot.keyClicks(dialog.pin, "2468")
    dialog.submit()  # Enter during the wait: nothing is tried
    assert access.area is None and host.idle()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    assert dialog.message.text() == "You can try again now."
    with qtbot.waitSignal(access.area_opened, timeout=WAIT):
        dialog.ok_button.click()
    assert access.area is not None
    access.lock()
    qtbot.waitUntil(lambda: access.area is None, timeout=WAIT)


def test_the_window_menu_opens_the_teacher_area_after_the_pin(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window()
    choose_student(window, "Ada")
    set_pin(window.store, "97531")
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.teacher.dialog is not None, timeout=WAIT)
    dialog = window.teacher.dialog
    qtbot.keyClicks(dialog.pin, "97531")
    with qtbot.waitSignal(window.teacher.area_opened, timeout=WAIT):
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    area = window.teacher.area
    qtbot.waitUntil(lambda: area.dashboard.dashboard is not None, timeout=WAIT)
    area.reject()
    qtbot.waitUntil(lambda: window.teacher.area is None, timeout=WAIT)


def test_the_teacher_area_opens_from_the_student_picker_and_its_roster_shows_there(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QPushButton

    window = make_window()
    qtbot.waitUntil(lambda: getattr(window, "picker", None) is not None, timeout=WAIT)
    picker = window.picker
    qtbot.waitUntil(picker.isVisible, timeout=WAIT)
    assert picker.names() == []  # a first start: no students yet
    picker.findChild(QPushButton, "picker_teacher").click()
    qtbot.waitUntil(lambda: window.teacher.dialog is not None, timeout=WAIT)
    dialog = window.teacher.dialog
    assert dialog.windowTitle() == "Choose a teacher PIN"
    for box in (dialog.pin, dialog.repeat):
        qtbot.keyClicks(box, "2468")
    with qtbot.waitSignal(window.teacher.area_opened, timeout=WAIT):
        dialog.ok_button.click()
    from tutor_app.tutor.roster import import_roster_file

    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Class\nAda,7B\nBen,7B\n", encoding="utf-8")
    import_roster_file(window.store, roster)  # as the area's Import roster… does
    with qtbot.waitSignal(window.teacher.locked, timeout=WAIT):
        window.teacher.lock()
    assert sorted(picker.names()) == ["Ada", "Ben"] and picker.isVisible()


def test_settings_and_the_model_manager_ask_for_the_pin_once_one_is_set(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window()
    choose_student(window, "Ada")
    window.open_settings()  # no PIN chosen yet: nothing to keep a student out of
    qtbot.waitUntil(lambda: getattr(window, "settings_dialog", None) is not None, timeout=WAIT)
    window.settings_dialog.reject()
    window.settings_dialog = None
    set_pin(window.store, "97531")
    window.open_models()
    qtbot.waitUntil(lambda: window.teacher.dialog is not None, timeout=WAIT)
    assert getattr(window, "models_dialog", None) is None
    window.teacher.dialog.reject()  # a student who does not know the PIN gets nothing
    qtbot.waitUntil(lambda: window.teacher.dialog is None, timeout=WAIT)
    window.open_settings()
    qtbot.waitUntil(lambda: window.teacher.dialog is not None, timeout=WAIT)
    dialog = window.teacher.dialog
    qtbot.keyClicks(dialog.pin, "97531")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=WAIT)
    assert window.teacher.area is None  # the settings, not the teacher area
    assert getattr(window, "models_dialog", None) is None
    window.settings_dialog.reject()


def test_a_student_chooses_their_pin_and_a_classmate_switching_in_must_type_it(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window()
    choose_student(window, "Ada")
    ada = window.student
    window.choose_my_pin()  # File > My PIN…: none yet, so straight to choosing one
    qtbot.waitUntil(lambda: window.own_pin.dialog is not None, timeout=WAIT)
    dialog = window.own_pin.dialog
    assert dialog.first_use and dialog.windowTitle() == "Choose your PIN, Ada"
    qtbot.keyClicks(dialog.pin, "1357")
    qtbot.keyClicks(dialog.repeat, "1357")
    with qtbot.waitSignal(window.own_pin.done, timeout=WAIT):
        dialog.ok_button.click()
    assert check_pin(window.store, "1357", slot=student_slot(ada.id)).ok
    window.choose_my_pin()  # changing it: the old PIN first
    qtbot.waitUntil(lambda: window.own_pin.dialog is not None, timeout=WAIT)
    old = window.own_pin.dialog
    assert not old.first_use
    qtbot.keyClicks(old.pin, "1357")
    old.ok_button.click()
    qtbot.waitUntil(lambda: window.own_pin.dialog is not old, timeout=WAIT)
    new = window.own_pin.dialog
    assert new.first_use
    qtbot.keyClicks(new.pin, "2468")
    qtbot.keyClicks(new.repeat, "2468")
    with qtbot.waitSignal(window.own_pin.done, timeout=WAIT):
        new.ok_button.click()
    assert check_pin(window.store, "2468", slot=student_slot(ada.id)).ok
    window.switch_student()  # File > Switch student: Bo sits down; no teacher PIN needed
    qtbot.waitUntil(lambda: window.picker.isVisible(), timeout=WAIT)
    assert window.teacher.dialog is None
    window.picker.list.setCurrentRow(window.picker.names().index("Ada"))
    window.picker.accept()  # Bo tries Ada's profile: her PIN is asked
    qtbot.waitUntil(lambda: window.picker.pin_dialog is not None, timeout=WAIT)
    window.picker.pin_dialog.reject()
    qtbot.waitUntil(lambda: window.picker.pin_dialog is None, timeout=WAIT)
    assert window.picker.isVisible() and window.student is ada


# -- classes and students ---------------------------------------------------------------
def classes_tab(qtbot: Any, host: TaskOwner) -> ClassesTab:
    tab = ClassesTab(host)
    qtbot.addWidget(tab)
    tab.reload()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    return tab


def answer(qtbot: Any, host: TaskOwner, tab: ClassesTab, text: str) -> None:
    """Type into the name dialog the tab opened and press OK; wait for the change."""
    dialog = tab.input_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue(text)
    dialog.accept()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)


def test_classes_and_students_are_added_renamed_archived_and_moved(
    qtbot: Any, host: TaskOwner
) -> None:
    tab = classes_tab(qtbot, host)
    assert tab.class_names() == []
    tab.add_class_button.click()
    answer(qtbot, host, tab, "7B")
    tab.add_class_button.click()
    answer(qtbot, host, tab, "8A")
    assert [c.name for c in host.store.classes()] == ["7B", "8A"]
    tab.select_class("7B")
    tab.add_student_button.click()
    answer(qtbot, host, tab, "Zoë Ünal")
    (zoe,) = host.store.students(class_id=host.store.classes()[0].id)
    assert zoe.name == "Zoë Ünal"
    assert tab.student_rows() == [["Zoë Ünal", "", "Active"]]
    assert tab.class_names() == ["7B (1 student)", "8A (0 students)"]
    tab.add_class_button.click()
    answer(qtbot, host, tab, "8A")  # a second 8A is refused, with the store's words
    assert tab.message.text() == "There is already a class called '8A'."
    tab.select_student("Zoë Ünal")
    tab.rename_student_button.click()
    answer(qtbot, host, tab, "Zoe Unal")
    assert [s.name for s in host.store.students()] == ["Zoe Unal"]
    tab.select_student("Zoe Unal")
    tab.move_target.setCurrentText("8A")
    tab.move_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert host.store.students()[0].class_name == "8A"
    assert tab.student_rows() == []  # 7B is still the class shown
    tab.select_class("8A")
    assert tab.student_rows() == [["Zoe Unal", "", "Active"]]
    tab.select_student("Zoe Unal")
    tab.archive_student_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert host.store.students() == [] and host.store.students(archived=True)[0].archived
    assert tab.student_rows() == []  # archived students only with Show archived
    tab.show_archived.setChecked(True)
    assert tab.student_rows() == [["Zoe Unal", "", "Archived"]]
    tab.select_student("Zoe Unal")
    assert tab.archive_student_button.text() == "Unarchive"
    tab.archive_student_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert [s.name for s in host.store.students()] == ["Zoe Unal"]
    tab.show_archived.setChecked(False)
    tab.select_class("7B")
    tab.rename_class_button.click()
    answer(qtbot, host, tab, "7C")
    tab.archive_class_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert [c.name for c in host.store.classes()] == ["8A"]
    assert [c.name for c in host.store.classes(archived=True)] == ["7C", "8A"]
    assert tab.class_names() == ["8A (1 student)"]
    tab.show_archived.setChecked(True)
    assert tab.class_names() == ["7C (0 students, archived)", "8A (1 student)"]


def test_a_student_in_no_class_is_listed_and_can_be_moved_into_one(
    qtbot: Any, host: TaskOwner
) -> None:
    host.store.add_class("9C")
    host.store.add_student("Ada")
    tab = classes_tab(qtbot, host)
    assert tab.class_names() == ["9C (0 students)", NO_CLASS]
    tab.select_class(NO_CLASS)
    tab.select_student("Ada")
    tab.move_target.setCurrentText("9C")
    tab.move_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert host.store.students()[0].class_name == "9C"
    assert tab.class_names() == ["9C (1 student)"]


def test_the_teacher_sees_who_has_a_pin_clears_a_forgotten_one_and_can_require_them(
    qtbot: Any, host: TaskOwner
) -> None:
    host.store.add_class("9C")
    ada = host.store.add_student("Ada", host.store.classes()[0].id)
    host.store.add_student("Bo", host.store.classes()[0].id)
    set_pin(host.store, "1357", student_slot(ada.id))
    tab = classes_tab(qtbot, host)
    tab.select_class("9C")
    assert sorted(tab.student_rows()) == [["Ada", "", "Active · PIN"], ["Bo", "", "Active"]]
    tab.select_student("Bo")
    assert not tab.clear_pin_button.isEnabled()  # Bo has no PIN to clear
    tab.select_student("Ada")
    assert tab.clear_pin_button.isEnabled()
    tab.clear_pin_button.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert way_in(host.store, ada.id) == "open"
    assert tab.message.text() == "Ada's PIN was cleared: they start without one."
    assert sorted(tab.student_rows()) == [["Ada", "", "Active"], ["Bo", "", "Active"]]
    assert not tab.pins_needed.isChecked()
    tab.pins_needed.click()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)
    assert way_in(host.store, ada.id) == "choose" and tab.pins_needed.isChecked()
    again = classes_tab(qtbot, host)  # the teacher area opened again shows the choice kept
    assert again.pins_needed.isChecked()


def import_file(qtbot: Any, host: TaskOwner, tab: ClassesTab, path: Path) -> None:
    tab.import_button.click()
    dialog = tab.file_dialog
    assert dialog is not None
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: host.idle() and not tab.busy, timeout=WAIT)


def test_a_bad_roster_names_its_lines_and_imports_nothing(
    qtbot: Any, host: TaskOwner, tmp_path: Path
) -> None:
    bad = tmp_path / "roster.csv"
    bad.write_bytes("name,class\r\nAda,7B\r\n,7B\r\nBen,\r\n".encode("utf-8-sig"))
    tab = classes_tab(qtbot, host)
    import_file(qtbot, host, tab, bad)
    text = tab.message.text()
    assert text.startswith("Nothing was imported:")
    assert "line 3: the name is missing" in text and "line 4: the class of 'Ben'" in text
    assert host.store.students(archived=True) == [] and host.store.classes(archived=True) == []


def test_a_good_roster_adds_students_and_says_how_many(
    qtbot: Any, host: TaskOwner, tmp_path: Path
) -> None:
    host.store.add_student("Ada")
    good = tmp_path / "roster.csv"
    good.write_bytes(
        'name,class,student number\r\nAda,7B,17\r\n"Núñez, Inés",7B,18\r\nBo,8A,\r\n'.encode(
            "utf-8-sig"
        )
    )
    tab = classes_tab(qtbot, host)
    import_file(qtbot, host, tab, good)
    assert tab.message.text() == "Added 2, updated 1."
    assert tab.class_names() == ["7B (2 students)", "8A (1 student)"]
    tab.select_class("7B")
    assert tab.student_rows() == [["Ada", "17", "Active"], ["Núñez, Inés", "18", "Active"]]


# -- the dashboard ----------------------------------------------------------------------
def practise(store: Any, student_id: str, items: list[tuple[str, str, bool | None, int]],
             start: datetime) -> None:  # fmt: skip
    """(skill, kind, right, hint level) one minute apart from `start`."""
    for n, (skill, kind, right, hint) in enumerate(items):
        at = start + timedelta(minutes=n)
        mistake = "sign_error" if right is False else ""
        record(store, EvidenceRecord(student_id, skill, kind, f"{skill} problem {n}", right,
                                     hint_level=hint, seconds=30, created_at=at,
                                     mistake=mistake))  # fmt: skip


@pytest.fixture
def classroom(host: TaskOwner) -> dict[str, str]:
    """Two classes: 7B with Ada (fractions mastered, a linear slip) and Ben, 8A with Cy."""
    store = host.store
    b7, a8 = store.add_class("7B"), store.add_class("8A")
    ada = store.add_student("Ada", b7.id)
    ben = store.add_student("Ben", b7.id)
    cy = store.add_student("Cy", a8.id)
    today = datetime.now(timezone.utc).astimezone().replace(hour=9, minute=0, second=0,
                                                             microsecond=0)  # fmt: skip
    fractions = [("fractions", "practice", True, 0)] * 8
    practise(store, ada.id, fractions, today - timedelta(days=1))
    practise(store, ada.id, [("linear_equations", "hint", None, 4),
                             ("linear_equations", "practice", False, 4),
                             ("linear_equations", "practice", False, 0)], today)  # fmt: skip
    practise(store, cy.id, [("exponents", "practice", True, 0)], today - timedelta(days=40))
    return {"Ada": ada.id, "Ben": ben.id, "Cy": cy.id}


def dashboard_tab(qtbot: Any, host: TaskOwner) -> DashboardTab:
    tab = DashboardTab(host)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        tab.reload()
    return tab


def reload(qtbot: Any, tab: DashboardTab, change: Any) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        change()


def test_the_dashboard_shows_each_students_figures_and_skills(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str]
) -> None:
    tab = dashboard_tab(qtbot, host)
    rows = {row[0]: row for row in tab.student_rows()}
    assert set(rows) == {"Ada", "Ben", "Cy"}
    ada = dict(zip(("name", "class", "mastered", "problems", "first", "hints", "full",
                    "minutes", "last", "streak", "steps", "mistakes"), rows["Ada"]))  # fmt: skip
    assert ada["class"] == "7B" and ada["mastered"] == "1"
    assert ada["problems"] == "10" and ada["first"] == "80%"  # 8 right of 10 first tries
    assert ada["hints"] == "0/0/0" and ada["full"] == "1"
    assert ada["streak"] == "2" and ada["mistakes"] == "sign error ×2"
    assert float(ada["minutes"]) >= 10  # 11 rows of 30 s, gaps of a minute, two days
    assert rows["Ben"][3:5] == ["0", "–"] and rows["Ben"][9] == "0"
    tab.students.selectRow([r[0] for r in tab.student_rows()].index("Ada"))
    assert tab.skills_title.text() == "Skills of Ada"
    skills = {row[0]: row for row in tab.skill_rows()}
    assert skills["Fractions, decimals and percentages"][1] == "Mastered"
    assert skills["Linear equations"][1] == "Attempted"
    band_cell = tab.skills.item([r[0] for r in tab.skill_rows()].index("Linear equations"), 1)
    assert band_cell.background().color().name() == "#e69f00"
    assert tab.dashboard is not None and tab.canvas is not None
    overview = {s.key: s.counts for s in tab.dashboard.overview}
    assert overview["fractions"] == {"Mastered": 1, "Not started": 2}
    assert overview["exponents"]["Not started"] == 2 and sum(overview["exponents"].values()) == 3


def test_names_can_be_hidden_for_a_projector(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str]
) -> None:
    tab = dashboard_tab(qtbot, host)
    shown = {row[0]: row[1:] for row in tab.student_rows()}
    tab.hide_names.setChecked(True)
    hidden = tab.student_rows()
    assert [row[0] for row in hidden] == ["Student 1", "Student 2", "Student 3"]
    text = " ".join(" ".join(row) for row in hidden) + tab.skills_title.text()
    assert not any(name in text for name in ("Ada", "Ben", "Cy"))
    assert sorted(row[1:] for row in hidden) == sorted(shown.values())  # the same figures
    labels = {row[3]: row[0] for row in hidden}  # problems: 10 is Ada's
    reload(qtbot, tab, tab.reload)
    assert {row[3]: row[0] for row in tab.student_rows()} == labels  # stable across reloads
    tab.hide_names.setChecked(False)
    assert sorted(row[0] for row in tab.student_rows()) == ["Ada", "Ben", "Cy"]


def test_the_dashboard_filters_by_class_and_by_date(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str]
) -> None:
    tab = dashboard_tab(qtbot, host)
    tab.set_roster(_roster(host))  # the classes offered; All classes is still chosen
    assert [tab.class_filter.itemText(n) for n in range(3)] == [ALL_CLASSES, "7B", "8A"]
    reload(qtbot, tab, lambda: tab.choose_class("8A"))
    assert [row[0] for row in tab.student_rows()] == ["Cy"]
    assert tab.students.isColumnHidden(1)  # one class: no class column
    reload(qtbot, tab, lambda: tab.choose_class("7B"))
    assert sorted(row[0] for row in tab.student_rows()) == ["Ada", "Ben"]
    today = date.today()
    tab.from_date.setDate(today)  # not yet in use
    reload(qtbot, tab, lambda: tab.from_on.setChecked(True))
    ada = next(row for row in tab.student_rows() if row[0] == "Ada")
    assert ada[3] == "2" and ada[6] == "1"  # only today's two linear equations, and the hint
    reload(qtbot, tab, lambda: tab.choose_class(ALL_CLASSES))
    cy = next(row for row in tab.student_rows() if row[0] == "Cy")
    assert cy[3] == "0"  # Cy's work was 40 days ago


def _roster(host: TaskOwner) -> Any:
    from tutor_app.ui.teacher_jobs import roster_job

    return roster_job(host.store)


# -- reports and classroom data ---------------------------------------------------------
def data_tab(qtbot: Any, host: TaskOwner) -> Any:
    from tutor_app.ui.teacher_data import ClassroomDataTab

    dashboard = dashboard_tab(qtbot, host)
    dashboard.set_roster(_roster(host))
    tab = ClassroomDataTab(host, dashboard)
    qtbot.addWidget(tab)
    return tab


def choose_file(qtbot: Any, tab: Any, button: Any, path: Path) -> str:
    """Press a button, pick a file in its dialog, and wait for the job's message."""
    button.click()
    dialog = tab.file_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(tab.finished, timeout=WAIT) as done:
        dialog.selectFile(str(path))
        dialog.accept()
    assert not tab.busy and tab.progress.isHidden()
    return str(done.args[0])


def test_csv_reports_of_the_dashboards_class_are_written_to_a_folder(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str], tmp_path: Path
) -> None:
    tab = data_tab(qtbot, host)
    with qtbot.waitSignal(tab.dashboard.loaded, timeout=WAIT):
        tab.dashboard.choose_class("7B")
    assert "7B, all dates" in tab.scope_label.text()
    folder = tmp_path / "reports"
    folder.mkdir()
    said = choose_file(qtbot, tab, tab.csv_button, folder)
    progress = folder / "progress_7B_all.csv"
    assert said == f"Wrote {progress} and {folder / 'sessions_7B_all.csv'}."
    text = progress.read_text(encoding="utf-8-sig")
    assert "Ada" in text and "Ben" in text and "Cy" not in text


def test_a_pdf_report_of_the_dashboards_class_is_written(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str], tmp_path: Path
) -> None:
    from PySide6.QtPdf import QPdfDocument

    tab = data_tab(qtbot, host)
    with qtbot.waitSignal(tab.dashboard.loaded, timeout=WAIT):
        tab.dashboard.choose_class("7B")
    target = tmp_path / "7B.pdf"
    assert choose_file(qtbot, tab, tab.pdf_button, target) == f"Wrote {target}."
    document = QPdfDocument()
    assert document.load(str(target)) == QPdfDocument.Error.None_
    texts = [document.getAllText(n).text() for n in range(document.pageCount())]
    document.close()
    assert len(texts) == 2 + 2  # the class pages, then Ada's and Ben's
    assert "Progress report: 7B" in texts[0] and "Cy" not in " ".join(texts)
    assert [t.splitlines()[0] for t in texts[2:]] == ["Ada", "Ben"]


def test_a_backup_is_written_and_a_class_exported_and_merged_elsewhere(
    qtbot: Any, host: TaskOwner, classroom: dict[str, str], tmp_path: Path, paths: AppPaths
) -> None:
    from tutor_app.store.backup import validate_backup

    tab = data_tab(qtbot, host)
    backup = tmp_path / "copy.sqlite3"
    assert choose_file(qtbot, tab, tab.backup_button, backup) == f"Backed up to {backup}."
    assert validate_backup(backup) is not None
    assert not tab.export_button.isEnabled()  # all classes: no one class to export
    with qtbot.waitSignal(tab.dashboard.loaded, timeout=WAIT):
        tab.dashboard.choose_class("8A")
    exported = tmp_path / "class_8A.sqlite3"
    said = choose_file(qtbot, tab, tab.export_button, exported)
    assert said == f"Exported 8A to {exported}."
    other_store = open_store(tmp_path / "other.sqlite3")
    other = TaskOwner(other_store, paths)
    try:
        elsewhere = data_tab(qtbot, other)
        said = choose_file(qtbot, elsewhere, elsewhere.merge_button, exported)
        assert said.startswith("Merged class '8A'.") and "Cy" in said
        assert [s.name for s in other_store.students()] == ["Cy"]
        said = choose_file(qtbot, elsewhere, elsewhere.merge_button, exported)
        assert "Nothing was new" in said and len(other_store.students()) == 1
    finally:
        other.shutdown()
        other_store.close()
