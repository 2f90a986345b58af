"""The way into the teacher area: a PIN chosen on first use, asked every time the area opens.

The PIN keeps students at the same computer out of the teacher area (the dashboard, the
classes, reports and classroom data). Whether a PIN is set is read on a Task's thread; the
PinDialog hashes it there too. Closing the area (its Lock button, or closing it) locks it:
the next visit asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from tutor_app.ui import teacher_jobs
from tutor_app.ui.pin_dialog import PinDialog
from tutor_app.ui.tasks import Task


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
