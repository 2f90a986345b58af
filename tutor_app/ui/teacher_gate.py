"""The way into the teacher area: a PIN chosen on first use, asked every time the area opens.

The PIN keeps students at the same computer out of the teacher area (the dashboard, the
classes, reports and classroom data). Hashing the PIN (scrypt, about 100 ms) and reading the
store happen on a Task's thread; the dialog waits for the result without blocking the window.
Closing the area (its Lock button, or closing it) locks it: the next visit asks again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tutor_app.errors import TutorError
from tutor_app.ui import teacher_jobs
from tutor_app.ui.tasks import Task

CHOOSE_TITLE, ENTER_TITLE = "Choose a teacher PIN", "Teacher PIN"
CHOOSE_TEXT = (
    "Choose a PIN of 4 to 12 digits for the teacher area. Students at this computer will need "
    "it to see the dashboard, the classes, reports and classroom data."
)
ENTER_TEXT = "Enter the teacher PIN to open the teacher area."
MISMATCH = "The two PINs are not the same. Type the same PIN twice."
TOO_SHORT = "A PIN is 4 to 12 digits."
CHECKING = "Checking…"


def _pin_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setObjectName(name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), box))
    box.setMaxLength(12)
    return box


class PinDialog(QDialog):
    """Choose the teacher PIN (typed twice), or enter it; accepted once it is set or right."""

    def __init__(self, host: Any, first_use: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host, self.first_use = host, first_use
        self.setObjectName("teacher_pin")
        self.setWindowTitle(CHOOSE_TITLE if first_use else ENTER_TITLE)
        self.pin = _pin_box("pin")
        self.repeat = _pin_box("pin_again")
        self.message = QLabel("")
        self.message.setObjectName("pin_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Set PIN" if first_use else "Open")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        intro = QLabel(CHOOSE_TEXT if first_use else ENTER_TEXT)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("PIN:" if not first_use else "New PIN:", self.pin)
        if first_use:
            form.addRow("The same PIN again:", self.repeat)
        else:
            self.repeat.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.wait_left = 0  # whole seconds before the next try is allowed
        self._deadline = 0.0  # time.monotonic() when it is
        self._wait_text = ""
        self.countdown = QTimer(self)
        self.countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self.busy = False
        self.closed = False  # a result arriving after the dialog went is dropped
        self.finished.connect(self._closing)
        self.pin.setFocus()

    def _closing(self, _result: int) -> None:
        self.closed = True
        self.countdown.stop()

    def submit(self) -> None:
        """Set the PIN (first use) or check it, on a background thread."""
        if self.busy or self.wait_left > 0:
            return
        pin = self.pin.text()
        if self.first_use:
            if len(pin) < 4:
                self._say(TOO_SHORT)
                return
            if pin != self.repeat.text():
                self._say(MISMATCH)
                self.repeat.clear()
                self.repeat.setFocus()
                return
            task = Task(teacher_jobs.set_pin_job, self.host.store, pin, name="set-pin")
            self._run(task, lambda _none: self.accept())
        else:
            task = Task(teacher_jobs.check_pin_job, self.host.store, pin, name="check-pin")
            self._run(task, self._checked)

    def _run(self, task: Task, done: Any) -> None:
        self.busy = True
        self.ok_button.setEnabled(False)
        self._say(CHECKING)
        self.host.run_task(task, lambda value: self._finish(done, value), self._failed)

    def _finish(self, done: Any, value: Any) -> None:
        if self.closed:
            return
        self.busy = False
        self.ok_button.setEnabled(True)
        done(value)

    def _failed(self, error: BaseException) -> None:
        if self.closed:
            return
        self.busy = False
        self.ok_button.setEnabled(True)
        if isinstance(error, TutorError):
            self._say(str(error))
        else:
            self._say(self.host.describe_error(error))

    def _checked(self, outcome: Any) -> None:
        if outcome.ok:
            self.accept()
            return
        self.pin.clear()
        self.pin.setFocus()
        if outcome.wait_seconds > 0:
            self.start_wait(outcome.wait_seconds, outcome.message)
        else:
            self._say(outcome.message)

    def start_wait(self, seconds: float, message: str) -> None:
        """Refuse tries for a while, counting down the seconds left on the dialog."""
        self._deadline = time.monotonic() + seconds
        self.wait_left = math.ceil(seconds)
        self._wait_text = message.split(" Try again in")[0]
        self.ok_button.setEnabled(False)
        self._show_wait()
        self.countdown.start()

    def _tick(self) -> None:
        left = math.ceil(self._deadline - time.monotonic())
        if left == self.wait_left:
            return
        self.wait_left = max(0, left)
        if self.wait_left <= 0:
            self.countdown.stop()
            self.wait_left = 0
            self.ok_button.setEnabled(True)
            self._say("You can try again now.")
        else:
            self._show_wait()

    def _show_wait(self) -> None:
        unit = "second" if self.wait_left == 1 else "seconds"
        self._say(f"{self._wait_text} Try again in {self.wait_left} {unit}.")

    def _say(self, text: str) -> None:
        self.message.setText(text)


class TeacherAccess(QObject):
    """Opens the teacher area after the PIN; the area locks when it closes."""

    area_opened = Signal()
    locked = Signal()

    def __init__(self, host: Any) -> None:
        super().__init__(host if isinstance(host, QObject) else None)
        self.host = host
        self.dialog: PinDialog | None = None
        self.area: Any = None
        self.action: QAction | None = None  # the menu entry, when installed

    def open_area(self) -> None:
        """Show the teacher area: raised if already open, else after the PIN is given."""
        if self.area is not None:
            self.area.raise_()
            self.area.activateWindow()
            return
        if self.host.store is None:
            return
        task = Task(teacher_jobs.pin_is_set_job, self.host.store, name="pin-is-set")
        self.host.run_task(task, lambda is_set: self._ask(not is_set), self._failed)

    def require(self, action: Callable[[], None]) -> None:
        """Do something only a teacher may (the model manager, the settings): at once while
        the teacher area is open or before any PIN is chosen, else after the PIN."""
        if self.area is not None or self.host.store is None:
            action()
            return
        task = Task(teacher_jobs.pin_is_set_job, self.host.store, name="pin-is-set")
        self.host.run_task(
            task, lambda is_set: self._ask(False, action) if is_set else action(), self._failed
        )

    def _ask(self, first_use: bool, then: Callable[[], None] | None = None) -> None:
        if self.dialog is not None or self.area is not None:
            return
        parent = self.host if isinstance(self.host, QWidget) else None
        self.dialog = PinDialog(self.host, first_use, parent)
        self.dialog.accepted.connect(then or self._open)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _failed(self, error: BaseException) -> None:
        notice = getattr(self.host, "notice", None)
        if notice is not None:
            notice.show_message(self.host.describe_error(error))

    def _open(self) -> None:
        from tutor_app.ui.teacher_window import TeacherWindow

        parent = self.host if isinstance(self.host, QWidget) else None
        self.area = TeacherWindow(self.host, parent)
        self.area.finished.connect(self._closed)
        self.area.show()
        self.area_opened.emit()

    def _closed(self, _result: int) -> None:
        area, self.area = self.area, None
        if area is not None:
            area.deleteLater()
        self.locked.emit()

    def lock(self) -> None:
        """Close the teacher area; the next visit asks for the PIN again."""
        if self.area is not None:
            self.area.close()


def install_teacher_menu(window: Any) -> TeacherAccess:
    """The Teacher menu: Teacher area… (Ctrl+Shift+T), behind the PIN."""
    access = TeacherAccess(window)
    action = QAction("Teacher &area…", window)
    action.setObjectName("teacher_area_action")
    action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(access.open_area)
    window.menuBar().addMenu("&Teacher").addAction(action)
    access.action = action
    return access
