"""The teacher area's Classes and students tab: add, rename, archive, move, import a roster;
clear a student's forgotten PIN, and ask every student to have one.

Every change is made by `teacher_jobs.change_roster_job` on a Task's thread, which reads the
classes and students back; the tab shows what the store then holds. Names are asked for with
non-blocking input dialogs (kept in `input_dialog`), a roster file with a file dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutor_app.errors import TutorError
from tutor_app.store.records import ClassRecord, StudentRecord
from tutor_app.ui import teacher_jobs
from tutor_app.ui.tasks import Task
from tutor_app.ui.teacher_jobs import Roster

ID_ROLE = Qt.ItemDataRole.UserRole
NO_CLASS = "(no class)"  # the students in no class, listed as if they were one
NO_CLASS_ID = ""  # its id in the list (None in the store)
STUDENT_COLUMNS = ("Name", "Number", "State")
ROSTER_FILTER = "Roster files (*.csv *.txt);;All files (*)"


def class_label(record: ClassRecord) -> str:
    """A class as the list shows it: its name, size, and whether it is archived."""
    size = f"{record.students} student" + ("" if record.students == 1 else "s")
    return f"{record.name} ({size}, archived)" if record.archived else f"{record.name} ({size})"


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class ClassesTab(QWidget):
    """Classes on the left, the chosen class's students on the right, the changes below."""

    roster_changed = Signal(object)  # a Roster, after every read
    message_shown = Signal(str)

    def __init__(self, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.roster = Roster()
        self.busy = False
        self.closed = False  # set when the teacher area closes: late results are dropped
        self.input_dialog: QInputDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.setObjectName("show_archived")
        self.show_archived.toggled.connect(lambda _on: self._fill())
        self.class_list = QListWidget()
        self.class_list.setObjectName("class_list")
        self.class_list.currentItemChanged.connect(lambda *_: self._fill_students())
        self.student_list = QTreeWidget()
        self.student_list.setObjectName("student_list")
        self.student_list.setHeaderLabels(list(STUDENT_COLUMNS))
        self.student_list.setRootIsDecorated(False)
        self.student_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.student_list.currentItemChanged.connect(lambda *_: self._enable())
        self.move_target = QComboBox()
        self.move_target.setObjectName("move_target")
        self.message = QLabel("")
        self.message.setObjectName("classes_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_buttons()
        self._lay_out()
        self._enable()

    def _build_buttons(self) -> None:
        self.add_class_button = _button("Add class…", "add_class", self.ask_add_class)
        self.rename_class_button = _button("Rename…", "rename_class", self.ask_rename_class)
        self.archive_class_button = _button("Archive", "archive_class", self.toggle_class_archived)
        self.add_student_button = _button("Add student…", "add_student", self.ask_add_student)
        self.rename_student_button = _button("Rename…", "rename_student", self.ask_rename_student)
        self.archive_student_button = _button(
            "Archive", "archive_student", self.toggle_student_archived
        )
        self.move_button = _button("Move to class", "move_student", self.move_student)
        self.clear_pin_button = _button("Clear PIN", "clear_student_pin", self.clear_student_pin)
        self.clear_pin_button.setToolTip(
            "For a forgotten PIN: the student starts without one and can choose a new one"
        )
        self.pins_needed = QCheckBox("Every student needs a PIN to start")
        self.pins_needed.setObjectName("pins_needed")
        self.pins_needed.setToolTip(
            "Students without a PIN choose one at their next start, so that nobody else at "
            "the computer can open their work"
        )
        self.pins_needed.clicked.connect(self.set_pins_needed)
        self.import_button = _button("Import roster…", "import_roster", self.ask_roster_file)

    def _lay_out(self) -> None:
        classes = QVBoxLayout()
        classes.addWidget(QLabel("Classes"))
        classes.addWidget(self.class_list, 1)
        classes.addWidget(self.show_archived)
        row = QHBoxLayout()
        for button in (self.add_class_button, self.rename_class_button, self.archive_class_button):
            row.addWidget(button)
        classes.addLayout(row)
        students = QVBoxLayout()
        students.addWidget(QLabel("Students"))
        students.addWidget(self.student_list, 1)
        grid = QGridLayout()
        grid.addWidget(self.add_student_button, 0, 0)
        grid.addWidget(self.rename_student_button, 0, 1)
        grid.addWidget(self.archive_student_button, 0, 2)
        grid.addWidget(self.move_target, 1, 0, 1, 2)
        grid.addWidget(self.move_button, 1, 2)
        grid.addWidget(self.pins_needed, 2, 0, 1, 2)
        grid.addWidget(self.clear_pin_button, 2, 2)
        students.addLayout(grid)
        columns = QHBoxLayout()
        columns.addLayout(classes, 2)
        columns.addLayout(students, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

    # -- reading and showing ---------------------------------------------------------
    def reload(self) -> None:
        """Read the classes and students again, in the background."""
        self._run(Task(teacher_jobs.roster_job, self.host.store, name="roster"))

    def show_roster(self, roster: Roster) -> None:
        """Show the classes and students read from the store."""
        self.roster = roster
        self.pins_needed.setChecked(roster.pins_needed)
        self._fill()
        self.roster_changed.emit(roster)

    def selected_class_id(self) -> str | None:
        """The id of the class chosen in the list ('' for the students in no class)."""
        item = self.class_list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def selected_student(self) -> StudentRecord | None:
        """The student chosen in the list."""
        item = self.student_list.currentItem()
        if item is None:
            return None
        return next((s for s in self.roster.students if s.id == item.data(0, ID_ROLE)), None)

    def class_names(self) -> list[str]:
        """The classes listed, as shown."""
        return [self.class_list.item(n).text() for n in range(self.class_list.count())]

    def student_rows(self) -> list[list[str]]:
        """The students listed, as shown: name, number and state."""
        items = [self.student_list.topLevelItem(n) for n in range(self._count())]
        return [[i.text(c) for c in range(len(STUDENT_COLUMNS))] for i in items if i is not None]

    def _count(self) -> int:
        return self.student_list.topLevelItemCount()

    def select_class(self, name: str) -> None:
        """Choose a class in the list by its name (NO_CLASS for the students in none)."""
        for n in range(self.class_list.count()):
            item = self.class_list.item(n)
            if item.data(Qt.ItemDataRole.UserRole + 1) == name:
                self.class_list.setCurrentItem(item)
                return
        raise KeyError(name)

    def select_student(self, name: str) -> None:
        """Choose a student in the list by name."""
        for n in range(self._count()):
            item = self.student_list.topLevelItem(n)
            if item is not None and item.text(0) == name:
                self.student_list.setCurrentItem(item)
                return
        raise KeyError(name)

    def _fill(self) -> None:
        chosen = self.selected_class_id()
        archived = self.show_archived.isChecked()
        self.class_list.blockSignals(True)
        self.class_list.clear()
        shown = [c for c in self.roster.classes if archived or not c.archived]
        for record in shown:
            self._add_class_item(class_label(record), record.id, record.name)
        if any(s.class_id is None for s in self.roster.students):
            self._add_class_item(NO_CLASS, NO_CLASS_ID, NO_CLASS)
        ids = [str(self.class_list.item(n).data(ID_ROLE)) for n in range(self.class_list.count())]
        if ids:
            self.class_list.setCurrentRow(ids.index(chosen) if chosen in ids else 0)
        self.class_list.blockSignals(False)
        self.move_target.clear()
        self.move_target.addItem(NO_CLASS, NO_CLASS_ID)
        for record in self.roster.classes:
            if not record.archived:
                self.move_target.addItem(record.name, record.id)
        self._fill_students()

    def _add_class_item(self, text: str, class_id: str, name: str) -> None:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, class_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, name)
        self.class_list.addItem(item)

    def _fill_students(self) -> None:
        chosen = self.selected_student()
        class_id = self.selected_class_id()
        self.student_list.clear()
        if class_id is not None:
            archived = self.show_archived.isChecked()
            for student in self.roster.in_class(class_id or None):
                if student.archived and not archived:
                    continue
                state = "Archived" if student.archived else "Active"
                if student.id in self.roster.with_pins:
                    state += " · PIN"
                item = QTreeWidgetItem([student.name, student.student_number, state])
                item.setData(0, ID_ROLE, student.id)
                self.student_list.addTopLevelItem(item)
                if chosen is not None and chosen.id == student.id:
                    self.student_list.setCurrentItem(item)
        self._enable()

    def _current_class(self) -> ClassRecord | None:
        class_id = self.selected_class_id()
        return next((c for c in self.roster.classes if c.id == class_id), None)

    def _enable(self) -> None:
        school_class, student = self._current_class(), self.selected_student()
        free = not self.busy
        for button in (self.add_class_button, self.import_button, self.pins_needed):
            button.setEnabled(free)
        for button in (self.rename_class_button, self.archive_class_button):
            button.setEnabled(free and school_class is not None)
        self.add_student_button.setEnabled(free and self.selected_class_id() is not None)
        for button in (self.rename_student_button, self.archive_student_button, self.move_button):
            button.setEnabled(free and student is not None)
        self.clear_pin_button.setEnabled(
            free and student is not None and student.id in self.roster.with_pins
        )
        self.archive_class_button.setText(
            "Unarchive" if school_class is not None and school_class.archived else "Archive"
        )
        self.archive_student_button.setText(
            "Unarchive" if student is not None and student.archived else "Archive"
        )

    # -- changes ----------------------------------------------------------------------
    def ask_add_class(self) -> None:
        """Ask for a new class's name."""
        self._ask(
            "Add a class", "Name of the class:", "", lambda name: self.change("add_class", name)
        )

    def ask_rename_class(self) -> None:
        """Ask for the chosen class's new name."""
        record = self._current_class()
        if record is not None:
            self._ask("Rename the class", "New name:", record.name,
                      lambda name: self.change("rename_class", record.id, name))  # fmt: skip

    def toggle_class_archived(self) -> None:
        """Archive the chosen class with its students (or bring them back)."""
        record = self._current_class()
        if record is not None:
            self.change("archive_class", record.id, not record.archived)

    def ask_add_student(self) -> None:
        """Ask for a new student's name; they join the chosen class."""
        class_id = self.selected_class_id()
        if class_id is not None:
            self._ask("Add a student", "Name of the student:", "",
                      lambda name: self.change("add_student", name, class_id or None))  # fmt: skip

    def ask_rename_student(self) -> None:
        """Ask for the chosen student's new name."""
        student = self.selected_student()
        if student is not None:
            self._ask("Rename the student", "New name:", student.name,
                      lambda name: self.change("rename_student", student.id, name))  # fmt: skip

    def toggle_student_archived(self) -> None:
        """Archive the chosen student (or bring them back); their record is kept."""
        student = self.selected_student()
        if student is not None:
            self.change("archive_student", student.id, not student.archived)

    def move_student(self) -> None:
        """Move the chosen student to the class chosen in the combo box."""
        student = self.selected_student()
        if student is not None:
            target = str(self.move_target.currentData() or "")
            self.change("move_student", student.id, target or None)

    def clear_student_pin(self) -> None:
        """Forget the chosen student's PIN (they forgot it); they can choose a new one."""
        student = self.selected_student()
        if student is None:
            return

        def cleared(roster: Roster) -> None:
            self.show_roster(roster)
            then = (
                "choose a new one at their next start"
                if roster.pins_needed
                else "start without one"
            )
            self._say(f"{student.name}'s PIN was cleared: they {then}.")

        task = Task(teacher_jobs.clear_student_pin_job, self.host.store, student.id,
                    name="clear-student-pin")  # fmt: skip
        self._run(task, cleared)

    def set_pins_needed(self, needed: bool) -> None:
        """Ask every student to have a PIN before they start (or stop asking)."""
        self._run(Task(teacher_jobs.students_need_pins_job, self.host.store, needed,
                       name="students-need-pins"))  # fmt: skip

    def change(self, change: str, *args: Any) -> None:
        """Make a change to the classes or students in the background, then show them again."""
        self._run(Task(teacher_jobs.change_roster_job, self.host.store, change, *args,
                       name="roster-change"))  # fmt: skip

    def ask_roster_file(self) -> None:
        """Choose a roster file (CSV: name, class, optional number) to import."""
        dialog = QFileDialog(self, "Import a roster", "", ROSTER_FILTER)
        dialog.setObjectName("roster_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_roster)
        self.file_dialog = dialog
        dialog.open()

    def import_roster(self, path: str) -> None:
        """Import a roster file in the background; say how many students were added."""
        self._say("Importing the roster…")
        task = Task(teacher_jobs.import_roster_job, self.host.store, path, name="roster-import")
        self._run(task, self._imported)

    def _imported(self, outcome: tuple[tuple[int, int], Roster]) -> None:
        (added, updated), roster = outcome
        self.show_roster(roster)
        self._say(f"Added {added}, updated {updated}.")

    def _ask(self, title: str, label: str, text: str, then: Callable[[str], None]) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("teacher_input")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.textValueSelected.connect(then)
        self.input_dialog = dialog
        dialog.open()

    def _run(self, task: Task, done: Callable[[Any], None] | None = None) -> None:
        self.busy = True
        self._enable()
        self.host.run_task(task, lambda value: self._done(done, value), self._failed)

    def _done(self, done: Callable[[Any], None] | None, value: Any) -> None:
        if self.closed:
            return
        self.busy = False
        if done is not None:
            done(value)
        else:
            self._say("")
            self.show_roster(value)
        self._enable()

    def _failed(self, error: BaseException) -> None:
        if self.closed:
            return
        self.busy = False
        self._enable()
        self._say(str(error) if isinstance(error, TutorError) else self.host.describe_error(error))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        if text:
            self.message_shown.emit(text)
