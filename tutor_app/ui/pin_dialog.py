"""The PIN dialog: choose a PIN (typed twice) or enter it, for the teacher area or a student.

Hashing the PIN (scrypt, about 100 ms) and reading the store happen on a Task's thread; the
dialog waits for the result without blocking the window, and counts down the wait that wrong
tries bring.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
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
from tutor_app.tutor.pins import TEACHER, PinSlot, student_slot
from tutor_app.ui import teacher_jobs
from tutor_app.ui.tasks import Task


@dataclass(frozen=True)
class PinWords:
    """What the dialog says: its titles and introductions for choosing and for entering."""

    choose_title: str
    choose_text: str
    enter_title: str
    enter_text: str


TEACHER_WORDS = PinWords(
    "Choose a teacher PIN",
    "Choose a PIN of 4 to 12 digits for the teacher area. Students at this computer will need "
    "it to see the dashboard, the classes, reports and classroom data.",
    "Teacher PIN",
    "Enter the teacher PIN to open the teacher area.",
)


def student_words(name: str) -> PinWords:
    """The words of a student's own PIN dialog."""
    return PinWords(
        f"Choose your PIN, {name}",
        "Choose a PIN of 4 to 12 digits. You will type it each time you start, so that "
        "nobody else at this computer can open your work. If you forget it, your teacher "
        "can clear it.",
        f"{name}'s PIN",
        f"Enter your PIN to start as {name}.",
    )


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
    """Choose a PIN (typed twice), or enter it; accepted once it is set or right."""

    def __init__(
        self,
        host: Any,
        first_use: bool,
        parent: QWidget | None = None,
        slot: PinSlot = TEACHER,
        words: PinWords = TEACHER_WORDS,
    ) -> None:
        super().__init__(parent)
        self.host, self.first_use, self.slot = host, first_use, slot
        self.setObjectName("teacher_pin" if slot == TEACHER else "student_pin")
        self.setWindowTitle(words.choose_title if first_use else words.enter_title)
        self.setMinimumWidth(380)  # the introduction reads in two or three lines, not six
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
        intro = QLabel(words.choose_text if first_use else words.enter_text)
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
        self.deleteLater()  # each dialog is used once; its owner drops its reference too

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
            store = self.host.store
            task = Task(teacher_jobs.set_pin_job, store, pin, self.slot, name="set-pin")
            self._run(task, lambda _none: self.accept())
        else:
            store = self.host.store
            task = Task(teacher_jobs.check_pin_job, store, pin, self.slot, name="check-pin")
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


OLD_PIN_TEXT = "Type the PIN you have now; then choose the new one."


class OwnPin(QObject):
    """File > My PIN…: a student's old PIN (if they have one), then the new one, typed twice."""

    done = Signal()  # the new PIN is kept

    def __init__(self, host: Any, student_id: str, name: str) -> None:
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self.slot = host, student_slot(student_id)
        self.words = replace(student_words(name), enter_text=OLD_PIN_TEXT)
        self.dialog: PinDialog | None = None

    def start(self) -> None:
        """Ask whether the student has a PIN, then for the old one or straight for a new one."""
        task = Task(teacher_jobs.pin_is_set_job, self.host.store, self.slot, name="own-pin")
        self.host.run_task(task, self._ask, self._failed)

    def _ask(self, has_one: bool) -> None:
        if has_one:
            self._open(False, lambda: self._ask(False))
        else:
            self._open(True, self.done.emit)

    def _open(self, first_use: bool, then: Callable[[], None]) -> None:
        parent = self.host if isinstance(self.host, QWidget) else None
        dialog = PinDialog(self.host, first_use, parent, self.slot, self.words)
        dialog.accepted.connect(then)  # (may open the next dialog: Qt emits finished after)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: PinDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def is_open(self) -> bool:
        """Whether one of its dialogs is still on screen."""
        return self.dialog is not None

    def _failed(self, error: BaseException) -> None:
        notice = getattr(self.host, "notice", None)
        if notice is not None:
            notice.show_message(self.host.describe_error(error))


def open_own_pin(host: Any, student_id: str, name: str) -> OwnPin:
    """Start File > My PIN… for this student; the returned object must be kept alive."""
    own = OwnPin(host, student_id, name)
    own.start()
    return own
