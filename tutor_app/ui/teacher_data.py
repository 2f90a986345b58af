"""The teacher area's Reports and data tab: CSV and PDF reports of what the dashboard shows,
backup and restore of the whole database, a class exported to a file and merged on another
computer.

Files are chosen with non-blocking file dialogs (kept in `file_dialog`); the work runs in
`teacher_jobs` on a Task's thread, with a moving progress bar meanwhile, and every file is
written whole or not at all by the functions it calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutor_app.errors import TutorError
from tutor_app.ui import teacher_jobs
from tutor_app.ui.tasks import Task

DATABASE_FILTER = "Tutor databases (*.sqlite3 *.db);;All files (*)"
RESTORE_WARNING = (
    "Restoring replaces every class, student and piece of work on this computer with the "
    "backup's. A copy of the database as it is now is kept in the backups folder first. "
    "The teacher area closes and students pick their names again."
)


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class ClassroomDataTab(QWidget):
    """Reports (of the dashboard's class and dates) and the classroom data buttons."""

    data_changed = Signal()  # a merge added work: the lists and dashboard read again
    restored = Signal(object)  # the store reopened after a restore
    finished = Signal(str)  # the message shown when a job ends (or fails)

    def __init__(self, host: Any, dashboard: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host, self.dashboard = host, dashboard
        self.file_dialog: QFileDialog | None = None
        self.confirm: QMessageBox | None = None
        self.busy = False
        self.closed = False  # set when the teacher area closes: late results are dropped
        self.scope_label = QLabel("")
        self.scope_label.setObjectName("report_scope")
        self.scope_label.setWordWrap(True)
        self.csv_button = _button("Export CSV…", "export_csv", self.ask_csv_folder)
        self.pdf_button = _button("Export PDF…", "export_pdf", self.ask_pdf_file)
        self.backup_button = _button("Backup now…", "backup", self.ask_backup_file)
        self.restore_button = _button("Restore…", "restore", self.ask_restore_file)
        self.export_button = _button("Export class…", "export_class", self.ask_export_file)
        self.merge_button = _button("Merge class file…", "merge_class", self.ask_merge_file)
        self.progress = QProgressBar()
        self.progress.setObjectName("data_progress")
        self.progress.setRange(0, 0)  # moving: how long a report takes is not known
        self.progress.hide()
        self.message = QLabel("")
        self.message.setObjectName("data_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lay_out()
        dashboard.loaded.connect(self.describe_scope)
        self.describe_scope()

    def _lay_out(self) -> None:
        reports = QGroupBox("Reports")
        column = QVBoxLayout(reports)
        column.addWidget(self.scope_label)
        row = QHBoxLayout()
        row.addWidget(self.csv_button)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        column.addLayout(row)
        data = QGroupBox("Classroom data")
        column = QVBoxLayout(data)
        note = QLabel(
            "A backup is a copy of everything on this computer. Export class writes one class "
            "and its students' work to a file; Merge class file adds such a file's work here "
            "(merging the same file twice adds nothing)."
        )
        note.setWordWrap(True)
        column.addWidget(note)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.export_button,
                       self.merge_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(reports)
        layout.addWidget(data)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- what the reports cover --------------------------------------------------------
    def report_title(self) -> str:
        """The class chosen on the dashboard, or All classes."""
        return str(self.dashboard.class_filter.currentText())

    def describe_scope(self) -> None:
        """Say whose work and which days a report will cover (the dashboard's filters)."""
        chosen = self.dashboard.current_filter()
        days = "all dates"
        if chosen.start or chosen.end:
            days = f"from {chosen.start or 'the start'} to {chosen.end or 'today'}"
        self.scope_label.setText(
            f"Reports cover what the dashboard shows: {self.report_title()}, {days}. "
            "Change the class or the dates on the Dashboard tab."
        )
        self.export_button.setEnabled(not self.busy and chosen.class_id is not None)
        self.pdf_button.setEnabled(not self.busy)
        self.export_button.setToolTip(
            "" if chosen.class_id is not None else "Choose one class on the Dashboard tab first"
        )

    def _scope(self) -> Any:
        chosen = self.dashboard.current_filter()
        return teacher_jobs.report_scope(chosen.class_id, chosen.start, chosen.end)

    # -- file dialogs ----------------------------------------------------------------
    def _choose(self, title: str, mode: str, then: Callable[[str], None], name: str = "",
                filters: str = "") -> None:  # fmt: skip
        dialog = QFileDialog(self, title, name, filters)
        dialog.setObjectName("data_file_dialog")
        if mode == "folder":
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        elif mode == "save":
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(then)
        self.file_dialog = dialog
        dialog.open()

    def ask_csv_folder(self) -> None:
        """Choose the folder for the two CSV files (progress and sessions)."""
        self._choose("Export CSV into a folder", "folder", self.export_csv)

    def ask_pdf_file(self) -> None:
        """Choose where the PDF report goes."""
        name = f"progress_{self.report_title().replace(' ', '-')}.pdf"
        self._choose("Export PDF", "save", self.export_pdf, name, "PDF files (*.pdf)")

    def ask_backup_file(self) -> None:
        """Choose where the backup goes (the backups folder by default)."""
        from tutor_app.store.backup import manual_backup_path

        default = manual_backup_path(self.host.paths)
        self._choose("Back up the database", "save", self.backup, str(default), DATABASE_FILTER)

    def ask_restore_file(self) -> None:
        """Choose a backup to restore, then confirm."""
        self._choose("Restore a backup", "open", self.confirm_restore,
                     str(self.host.paths.backups_dir), DATABASE_FILTER)  # fmt: skip

    def ask_export_file(self) -> None:
        """Choose where the class file goes."""
        name = f"class_{self.report_title().replace(' ', '-')}.sqlite3"
        self._choose("Export the class", "save", self.export_class, name, DATABASE_FILTER)

    def ask_merge_file(self) -> None:
        """Choose a class file from another computer to merge."""
        self._choose("Merge a class file", "open", self.merge_class, "", DATABASE_FILTER)

    # -- the work ------------------------------------------------------------------
    def export_csv(self, folder: str) -> None:
        """Write the CSV reports into a folder, in the background."""
        task = Task(teacher_jobs.csv_report_job, self.host.store, self._scope(),
                    self.report_title(), folder, name="csv-report")  # fmt: skip
        self._run(task, "Writing the CSV reports…",
                  lambda paths: "Wrote " + " and ".join(str(p) for p in paths) + ".")  # fmt: skip

    def export_pdf(self, path: str) -> None:
        """Write the PDF report, in the background."""
        task = Task(teacher_jobs.pdf_report_job, self.host.store, self._scope(),
                    self.report_title(), path, name="pdf-report")  # fmt: skip
        self._run(task, "Writing the PDF report…", lambda done: f"Wrote {done}.")

    def backup(self, path: str) -> None:
        """Back up the database to a file, in the background."""
        task = Task(teacher_jobs.backup_job, self.host.store, path, name="backup")
        self._run(task, "Backing up…", lambda done: f"Backed up to {done}.")

    def export_class(self, path: str) -> None:
        """Write the dashboard's class to a file, in the background."""
        class_id = self.dashboard.current_filter().class_id
        if class_id is None:
            self._say("Choose one class on the Dashboard tab first.")
            return
        task = Task(teacher_jobs.export_class_job, self.host.store, class_id, path,
                    name="export-class")  # fmt: skip
        self._run(task, "Exporting the class…",
                  lambda done: f"Exported {done.class_name} to {done.path}.")  # fmt: skip

    def merge_class(self, path: str) -> None:
        """Merge a class file into the database, in the background; the lists read again."""
        task = Task(teacher_jobs.merge_class_job, self.host.store, path, name="merge-class")
        self._run(task, "Merging…", self._merged)

    def _merged(self, summary: Any) -> str:
        self.data_changed.emit()
        return "\n".join(summary.lines())

    def confirm_restore(self, path: str) -> None:
        """Ask before replacing everything with a backup."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore a backup", RESTORE_WARNING,
                          QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda b: self.restore(path) if b is restore else None)
        self.confirm = box
        box.open()

    def restore(self, path: str) -> None:
        """Restore a backup and reopen the database, in the background."""
        task = Task(teacher_jobs.restore_job, self.host.paths, path, self.host.store,
                    name="restore")  # fmt: skip
        # The reopened store is the host's from now on, even if the area has closed meanwhile.
        task.on_done(lambda outcome: setattr(self.host, "store", outcome[0]))
        self._run(task, "Restoring…", self._restored)

    def _restored(self, outcome: tuple[Any, Path | None]) -> str:
        store, previous = outcome
        self.restored.emit(store)
        kept = f" The database as it was is kept in {previous}." if previous else ""
        return f"Restored.{kept}"

    def _run(self, task: Task, doing: str, done: Callable[[Any], str]) -> None:
        self._set_busy(True)
        self._say(doing)
        self.host.run_task(task, lambda value: self._done(done, value), self._failed)

    def _done(self, done: Callable[[Any], str], value: Any) -> None:
        if self.closed:
            return
        self._set_busy(False)
        self._say(done(value))
        self.finished.emit(self.message.text())

    def _failed(self, error: BaseException) -> None:
        if self.closed:
            return
        self._set_busy(False)
        self._say(str(error) if isinstance(error, TutorError) else self.host.describe_error(error))
        self.finished.emit(self.message.text())

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for button in (self.csv_button, self.pdf_button, self.backup_button,
                       self.restore_button, self.merge_button):  # fmt: skip
            button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)
        self.describe_scope()

    def _say(self, text: str) -> None:
        self.message.setText(text)
