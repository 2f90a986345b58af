"""The model manager: the catalogue (sizes, fits or too large), import a GGUF, download one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutor_app.paths import AppPaths
from tutor_app.ui.tasks import StreamTask, Task

COLUMNS = ("Model", "Download size", "Memory needed", "This computer", "Installed")


def catalogue_rows(paths: AppPaths, available: int | None = None) -> list[dict[str, Any]]:
    """One row per catalogue model: sizes, whether it fits, and where it is installed."""
    import psutil

    from tutor_app.engine.catalogue import CATALOGUE, fits_in_memory
    from tutor_app.engine.discovery import installed_models

    free = int(psutil.virtual_memory().available) if available is None else available
    installed = installed_models(paths)
    rows = []
    for spec in CATALOGUE:
        files = [m.path for m in installed if m.spec is spec]
        rows.append({"spec": spec, "fits": fits_in_memory(spec, free), "files": files})
    return rows


def import_model_job(source: str, models_dir: Path) -> Path:
    """Check that a file is a usable GGUF, then copy it into the models folder."""
    from tutor_app.engine.gguf import inspect_gguf

    inspect_gguf(Path(source))  # a clear ModelFileError when it is not a usable model
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / Path(source).name
    if target.resolve() != Path(source).resolve():
        shutil.copyfile(source, target)
    return target


def download_job(url: str, dest: Path, size: int | None, sha256: str | None, *,
                 emit: Any, cancelled: Any) -> Path:  # fmt: skip
    """Download a model file, streaming DownloadProgress reports through emit."""
    from tutor_app.engine.download import download_model

    return Path(download_model(url, dest, expected_size=size, sha256=sha256, progress=emit,
                               cancelled=cancelled))  # fmt: skip


def describe_progress(p: Any) -> str:
    """'1.2 GB of 2.5 GB · 8.1 MB/s · 3 min left' for a DownloadProgress."""
    done = f"{p.bytes_done / 1e9:.2f} GB" if p.bytes_done >= 1e8 else f"{p.bytes_done / 1e6:.1f} MB"
    total = f" of {p.bytes_total / 1e9:.2f} GB" if p.bytes_total else ""
    speed = f" · {p.speed / 1e6:.1f} MB/s" if p.speed else ""
    left = ""
    if p.seconds_left is not None:
        s = int(p.seconds_left)
        left = f" · {s // 60} min left" if s >= 120 else f" · {s} s left"
    return f"{done}{total}{speed}{left}"


class ModelsDialog(QDialog):
    """Pick, import or download a model; `model_chosen` carries the file to load."""

    model_chosen = Signal(str)
    download_finished = Signal(str)
    download_failed = Signal(str)

    def __init__(self, paths: AppPaths, parent: QWidget | None = None, server: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.setObjectName("models_dialog")
        self.resize(820, 420)
        self.paths = paths
        self.rows: list[dict[str, Any]] = []
        self.task: Task | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("catalogue")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress = QProgressBar()
        self.progress.setObjectName("download_progress")
        self.progress.hide()
        self.status = QLabel("")
        self.status.setObjectName("models_status")
        self.status.setWordWrap(True)
        self.use_button = self._button("Use selected", self.use_selected)
        self.download_button = self._button("Download selected", self.download_selected)
        self.cancel_button = self._button("Cancel download", self.cancel_download)
        self.cancel_button.setEnabled(False)
        import_button = self._button("Import a GGUF file…", self.ask_import)
        buttons = QHBoxLayout()
        for b in (self.use_button, self.download_button, self.cancel_button, import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self._button("Close", self.close))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Bigger models explain better but need more memory."))
        layout.addWidget(self.table, 1)
        # What the class's model server offers, when one is set (Settings or --server).
        self.server_models = QLabel("")
        self.server_models.setObjectName("server_models")
        self.server_models.setWordWrap(True)
        self.server_models.setVisible(server is not None)
        layout.addWidget(self.server_models)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()
        self.server_task: Task | None = None
        if server is not None:
            self.list_server_models(server)

    def list_server_models(self, server: Any) -> Task:
        """Ask the class's model server what it offers, in the background."""
        from tutor_app.ui.jobs import server_models_job

        self.server_models.setText(f"Asking the class's model server at {server.host}…")

        def listed(names: list[str]) -> None:
            offered = ", ".join(names) if names else "no models"
            self.server_models.setText(f"On the class's model server at {server.host}: {offered}.")

        def failed(error: BaseException) -> None:
            self.server_models.setText(f"Class's model server: {error}")

        self.server_task = Task(server_models_job, server, name="server-models")
        self.server_task.on_done(listed).on_error(failed)
        return self.server_task.start()

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        """Re-read the catalogue and the models installed on this machine."""
        self.rows = catalogue_rows(self.paths)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            spec = row["spec"]
            cells = (
                spec.display_name,
                f"{spec.size_bytes / 1e9:.2f} GB",
                f"{spec.ram_needed_bytes / 1e9:.1f} GB",
                "fits" if row["fits"] else "too large",
                "installed" if row["files"] else "—",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setForeground(
                        Qt.GlobalColor.darkGreen if row["fits"] else Qt.GlobalColor.red
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def _selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            self.status.setText("Pick a model in the list first.")
            return None
        return self.rows[row]

    def use_selected(self) -> None:
        """Load the selected model if it is installed."""
        row = self._selected()
        if row is None:
            return
        if not row["files"]:
            self.status.setText("That model is not installed yet: download it first.")
            return
        self.model_chosen.emit(str(row["files"][0]))
        self.accept()

    def ask_import(self) -> None:
        """Ask for a GGUF file and import it."""
        path, _ = QFileDialog.getOpenFileName(self, "Import a model", "", "GGUF model (*.gguf)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> Task:
        """Check and copy a GGUF file into the models folder, then offer it for use."""
        self.status.setText("Checking and copying the model file…")
        task = Task(import_model_job, path, self.paths.models_dir, name="import-model")
        task.on_done(self._imported).on_error(self._failed)
        self.task = task
        return task.start()

    def _imported(self, target: Path) -> None:
        self.task = None
        self.status.setText(f"Imported {target.name}.")
        self.refresh()
        self.model_chosen.emit(str(target))

    def download_selected(self) -> None:
        """Download the selected catalogue model from Hugging Face."""
        from tutor_app.engine.catalogue import download_url
        from tutor_app.engine.download import model_destination

        row = self._selected()
        if row is not None:
            spec = row["spec"]
            dest = model_destination(spec, self.paths)
            self.download(download_url(spec), dest, spec.size_bytes, spec.sha256)

    def download(self, url: str, dest: Path, size: int | None, sha256: str | None) -> Task | None:
        """Download a file with a progress bar, speed and time left; it can be cancelled."""
        if self.task is not None:
            self.status.setText("A download is already running.")
            return None
        task = StreamTask(download_job, url, dest, size, sha256, name="download")
        task.on_piece(self._progress).on_done(self._downloaded).on_error(self._failed)
        self.task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.download_button.setEnabled(False)
        self.status.setText(f"Downloading {dest.name}…")
        return task.start()

    def _progress(self, p: Any) -> None:
        if p.bytes_total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * p.bytes_done / p.bytes_total))
        self.status.setText(describe_progress(p))

    def _downloaded(self, dest: Path) -> None:
        self._download_ended()
        self.progress.setValue(self.progress.maximum())
        self.status.setText(f"Downloaded and checked {dest.name}.")
        self.refresh()
        self.download_finished.emit(str(dest))

    def _failed(self, error: BaseException) -> None:
        self._download_ended()
        from tutor_app.errors import TutorError

        message = str(error) if isinstance(error, (TutorError, OSError)) else repr(error)
        self.status.setText(message)
        self.download_failed.emit(message)

    def _download_ended(self) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.download_button.setEnabled(True)

    def cancel_download(self) -> None:
        """Stop the download; the part already fetched is kept for resuming."""
        if self.task is not None:
            self.task.cancel()

    def done(self, result: int) -> None:
        """Closing the dialog cancels a running download and waits for it to stop."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait(30)
        if self.server_task is not None:
            self.server_task.wait(10)
        super().done(result)
