"""Who is using the tutor: pick, create or rename a student profile on a shared computer.

A student with a PIN types it before starting (or renaming); when the teacher asks every
student to have one, a student without one chooses it first. Whether a student has a PIN is
read on a Task's thread, and the PinDialog hashes the PIN there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutor_app.errors import TutorError
from tutor_app.tutor.pins import student_slot
from tutor_app.ui import teacher_jobs
from tutor_app.ui.pin_dialog import PinDialog, student_words
from tutor_app.ui.tasks import Task

ID_ROLE = Qt.ItemDataRole.UserRole


class StudentPicker(QDialog):
    """A list of students with New and Rename; accept() leaves the choice in `chosen`.

    The cursor starts in the name box: typing the first letters of a name picks that
    student (Up and Down move among the matches), a new name adds a student; Enter starts.
    The host (the main window) gives the store, runs the background tasks and words errors.
    """

    teacher_wanted = Signal()  # the Teacher… button: the window opens the teacher area

    def __init__(self, host: Any, last_student: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who is learning today?")
        self.setObjectName("student_picker")
        self.host, self.store = host, host.store
        self.chosen: Any = None
        self.pin_dialog: PinDialog | None = None
        self.asking = False  # a way-in question is out: a second Start waits for it
        self.list = QListWidget()
        self.list.setObjectName("students")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("new_name")
        self.name_edit.setPlaceholderText("Type your name")
        self.name_edit.textChanged.connect(self._match)
        self.name_edit.installEventFilter(self)
        self.error = QLabel("")
        self.error.setObjectName("picker_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        add = QPushButton("Add student")
        add.setObjectName("add_student")
        add.clicked.connect(self.create_student)
        rename = QPushButton("Rename…")
        rename.setObjectName("rename_student")
        rename.clicked.connect(self.ask_rename)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.setText("Start")
        self.start.setDefault(True)  # Enter in the name box starts, whatever button is near
        for button in (add, rename):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        teacher = buttons.addButton("Teacher…", QDialogButtonBox.ButtonRole.HelpRole)
        teacher.setObjectName("picker_teacher")
        teacher.setToolTip("The teacher area: classes, rosters, dashboard and reports (PIN)")
        teacher.setAutoDefault(False)
        teacher.clicked.connect(self.teacher_wanted)
        self.list.currentItemChanged.connect(lambda *_: self._name_start())
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pick your name, or add yourself:"))
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(rename)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reload(select=last_student)
        self.name_edit.setFocus()  # typing works as soon as the picker opens

    def reload(self, select: str | None = None) -> None:
        """Fill the list from the store, selecting a student by name (else the first)."""
        self.list.clear()
        try:
            students = self.store.students()
        except TutorError as exc:
            self.error.setText(str(exc))
            return
        for student in students:
            item = QListWidgetItem(student.name)
            item.setData(ID_ROLE, student.id)
            self.list.addItem(item)
            if student.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        if self.name_edit.text().strip():  # still only the students matching what is typed
            self._match(self.name_edit.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Up and Down in the name box move through the students listed."""
        if (
            watched is self.name_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            # The list moves its current row over the students shown; the cursor stays here.
            QApplication.sendEvent(
                self.list, QKeyEvent(event.type(), event.key(), event.modifiers())
            )
            return True
        return super().eventFilter(watched, event)

    def _match(self, text: str) -> None:
        """Show only the students whose name starts with the typed text; pick the first."""
        typed = text.strip().casefold()
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = item.text().casefold()
            item.setHidden(not name.startswith(typed))
            if name.startswith(typed) and (first is None or name == typed):
                first = item
        if typed and first is not None:
            self.list.setCurrentItem(first)
        elif typed:  # a new name: nobody is picked
            self.list.setCurrentRow(-1)
        elif self.list.currentItem() is None and self.list.count():  # the box was emptied
            self.list.setCurrentRow(0)
        self._name_start()

    def _name_start(self) -> None:
        """Say on the Start button who starts: a student picked, or the new name typed."""
        item = self.list.currentItem()
        typed = self.name_edit.text().strip()
        if item is not None and not item.isHidden():
            self.start.setText(f"Start as {item.text()}")
        elif typed:
            self.start.setText(f"Add {typed} and start")
        else:
            self.start.setText("Start")

    def names(self) -> list[str]:
        """The names shown, in order."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def create_student(self) -> None:
        """Add the student typed in the name box and select them."""
        name = self.name_edit.text().strip()
        if not name:
            self.error.setText("Type a name first.")
            return
        try:
            student = self.store.student(name)
        except TutorError as exc:
            self.error.setText(str(exc))
            return
        self.name_edit.clear()
        self.error.setText("")
        self.reload(select=student.name)

    def ask_rename(self) -> None:
        """Ask for a new name for the selected student (after their PIN, when they have one)."""
        item = self.list.currentItem()
        if item is None:
            self.error.setText("Pick a student to rename.")
            return
        self.let_in(item.data(ID_ROLE), item.text(), self._ask_new_name, choose=False)

    def _ask_new_name(self, student_id: str) -> None:
        item = self.list.currentItem()
        if item is None or item.data(ID_ROLE) != student_id:
            return
        name, ok = QInputDialog.getText(self, "Rename student", "New name:", text=item.text())
        if ok:
            self.rename(name)

    def rename(self, new_name: str) -> bool:
        """Rename the selected student; False (with a message) when the store refuses."""
        item = self.list.currentItem()
        if item is None:
            return False
        try:
            student = self.store.rename_student(item.data(ID_ROLE), new_name)
        except TutorError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.reload(select=student.name)
        return True

    def accept(self) -> None:
        """Take the student picked, or add the name typed when it matches nobody."""
        item = self.list.currentItem()
        if self.name_edit.text().strip() and (item is None or item.isHidden()):
            self.create_student()
            item = self.list.currentItem()
        if item is None:
            self.error.setText("Add your name first.")
            return
        self.let_in(item.data(ID_ROLE), item.text(), self._start)

    def let_in(
        self, student_id: str, name: str, then: Callable[[str], None], choose: bool = True
    ) -> None:
        """Go on (`then(student_id)`) once the student typed their PIN, if they have one, or
        chose one, if every student needs one (unless `choose` is False)."""
        if self.asking or self.pin_dialog is not None:
            return
        self.asking = True
        self.error.setText("")
        task = Task(teacher_jobs.way_in_job, self.store, student_id, name="way-in")
        self.host.run_task(
            task, lambda way: self._way_found(way, student_id, name, then, choose), self._failed
        )

    def _way_found(
        self, way: str, student_id: str, name: str, then: Callable[[str], None], choose: bool
    ) -> None:
        self.asking = False
        if way == "open" or (way == "choose" and not choose):
            then(student_id)
            return
        slot, words = student_slot(student_id), student_words(name)
        self.pin_dialog = PinDialog(self.host, way == "choose", self, slot, words)
        self.pin_dialog.accepted.connect(lambda: then(student_id))
        self.pin_dialog.finished.connect(self._pin_dialog_closed)
        self.pin_dialog.open()

    def _pin_dialog_closed(self, _result: int) -> None:
        self.pin_dialog = None
        self.name_edit.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.asking = False
        self.error.setText(
            str(error) if isinstance(error, TutorError) else self.host.describe_error(error)
        )

    def _start(self, student_id: str) -> None:
        try:
            self.chosen = next(s for s in self.store.students() if s.id == student_id)
        except (StopIteration, TutorError):
            self.error.setText("That student is no longer in the progress database.")
            self.reload()
            return
        super().accept()
