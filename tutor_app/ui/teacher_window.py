"""The teacher area: Classes and students, the Dashboard, Reports and classroom data.

Opened by `teacher_gate.TeacherAccess` after the PIN. It is a window of its own (not modal), so
the teacher can keep it beside the tutor; Lock (or closing it) locks it again. All its reading
and writing runs through its host's `run_task` (the main window's, or a `TaskOwner`'s).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutor_app.paths import AppPaths
from tutor_app.ui.tasks import Task
from tutor_app.ui.teacher_classes import ClassesTab
from tutor_app.ui.window_parts import describe_error

log = logging.getLogger(__name__)

TITLE = "Teacher area"


class TaskOwner(QObject):
    """What the teacher area needs from its host, for use without the main window: the store,
    background tasks that are waited for on shutdown, and messages for errors."""

    def __init__(self, store: Any, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.paths = store, paths
        self.tasks: list[Task] = []
        self.closing = False

    def run_task(self, task: Task, done: Any, error: Any) -> Task:
        """Start a task; its result is dropped once shut down."""
        self.tasks = [t for t in self.tasks if not t.finished]
        self.tasks.append(task)
        task.on_done(lambda value: None if self.closing or done is None else done(value))
        if error is not None:
            task.on_error(lambda exc: None if self.closing else error(exc))
        return task.start()

    def idle(self) -> bool:
        """Whether every background task started here has reported back."""
        return all(task.finished for task in self.tasks)

    def describe_error(self, error: BaseException) -> str:
        """A message for the teacher: the error's own for known failures, else a crash report."""
        return describe_error(self.paths, error)

    def shutdown(self) -> None:
        """Wait for the tasks still running (idempotent)."""
        self.closing = True
        for task in self.tasks:
            task.cancel()
            if not task.wait(60):
                log.warning("%s did not stop in time", task.name)
        self.tasks = []


class TeacherWindow(QDialog):
    """The teacher area's window: tabs for classes, the dashboard and the classroom data."""

    def __init__(self, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setObjectName("teacher_area")
        self.setWindowTitle(TITLE)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("teacher_tabs")
        self.classes = ClassesTab(host)
        self.tabs.addTab(self.classes, "Classes and students")
        self._add_dashboard()
        self.lock_button = QPushButton("Lock")
        self.lock_button.setObjectName("lock_teacher_area")
        self.lock_button.setToolTip("Close the teacher area; the PIN is asked again next time")
        self.lock_button.clicked.connect(self.reject)  # as closing it does, or Esc
        note = QLabel("The teacher area locks when it closes.")
        note.setObjectName("teacher_note")
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.lock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._fit()
        self.classes.reload()

    def _add_dashboard(self) -> None:
        from tutor_app.ui.teacher_dashboard import DashboardTab

        self.dashboard = DashboardTab(self.host)
        self.tabs.addTab(self.dashboard, "Dashboard")
        self.classes.roster_changed.connect(self.dashboard.set_roster)
        from tutor_app.ui.teacher_data import ClassroomDataTab

        self.data = ClassroomDataTab(self.host, self.dashboard)
        self.tabs.addTab(self.data, "Reports and data")
        self.data.data_changed.connect(self._reload)
        self.data.restored.connect(self._restored)

    def _reload(self) -> None:
        self.classes.reload()
        self.dashboard.reload()

    def _restored(self, store: Any) -> None:
        """A restore reopened the database (now the host's store): the area closes and (in the
        window) students pick their names again, since the one chosen may not be in it."""
        self.reject()
        if hasattr(self.host, "pick_student"):
            self.host.pick_student()

    def done(self, result: int) -> None:
        """Close (lock) the area; results of work still running are dropped when they come."""
        for tab in (self.classes, self.dashboard, self.data):
            tab.closed = True
        super().done(result)

    def _fit(self) -> None:
        parent = self.parentWidget()
        area = (parent or self).screen().availableGeometry()
        self.resize(min(1100, area.width() - 40), min(720, area.height() - 60))
