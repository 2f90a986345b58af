"""The model manager (catalogue, import, download with progress and cancel) and Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.http_file_server import FileServer, running_server
from tutor_app.engine.catalogue import CATALOGUE
from tutor_app.engine.discovery import bundled_model_path
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings
from tutor_app.ui.models_dialog import ModelsDialog, describe_progress
from tutor_app.ui.settings_dialog import SettingsDialog


@pytest.fixture
def model_server() -> Iterator[FileServer]:
    """The bundled model served over HTTP on 127.0.0.1."""
    with running_server(bundled_model_path().read_bytes()) as server:
        yield server


@pytest.fixture
def dialog(qtbot: Any, paths: AppPaths) -> Iterator[ModelsDialog]:
    window = ModelsDialog(paths)
    qtbot.addWidget(window)
    yield window
    window.close()


def test_the_catalogue_shows_sizes_and_whether_each_model_fits(dialog: ModelsDialog) -> None:
    assert dialog.table.rowCount() == len(CATALOGUE)
    cells = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(len(CATALOGUE))]
    phi4 = next(row for row in cells if row[0] == "Phi-4 (14B)")
    assert phi4[1] == "9.05 GB" and phi4[3] in ("fits", "too large")


def test_importing_a_gguf_copies_it_and_offers_it(
    qtbot: Any, dialog: ModelsDialog, paths: AppPaths
) -> None:
    with qtbot.waitSignal(dialog.model_chosen, timeout=60_000) as chosen:
        dialog.import_file(str(bundled_model_path()))
    target = paths.models_dir / bundled_model_path().name
    assert chosen.args == [str(target)] and target.stat().st_size > 0


def test_importing_a_file_that_is_not_a_model_says_why(
    qtbot: Any, dialog: ModelsDialog, tmp_path: Path
) -> None:
    junk = tmp_path / "notes.gguf"
    junk.write_text("these are my notes")
    dialog.import_file(str(junk))
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert "gguf" in dialog.status.text().lower()


def test_download_shows_progress_and_checks_the_file(
    qtbot: Any, dialog: ModelsDialog, model_server: FileServer, tmp_path: Path
) -> None:
    dest = tmp_path / "models" / "downloaded.gguf"
    size = len(model_server.behaviour.data)
    with qtbot.waitSignal(dialog.download_finished, timeout=120_000) as finished:
        dialog.download(model_server.url(), dest, size, None)
        assert dialog.cancel_button.isEnabled()
    assert finished.args == [str(dest)] and dest.stat().st_size == size
    assert dialog.progress.value() == dialog.progress.maximum()
    assert not dialog.cancel_button.isEnabled()


def test_cancel_stops_the_download_and_keeps_the_part(
    qtbot: Any, dialog: ModelsDialog, model_server: FileServer, tmp_path: Path
) -> None:
    model_server.behaviour.delay = 0.02  # a trickle, so that the cancel lands mid-transfer
    dest = tmp_path / "models" / "cancelled.gguf"
    with qtbot.waitSignal(dialog.download_failed, timeout=120_000) as failed:
        dialog.download(model_server.url(), dest, len(model_server.behaviour.data), None)
        qtbot.waitUntil(lambda: "MB" in dialog.status.text(), timeout=60_000)
        dialog.cancel_button.click()
    assert "cancel" in failed.args[0].lower()
    assert not dest.exists() and dest.with_suffix(".gguf.part").stat().st_size > 0


def test_progress_text_has_speed_and_time_left() -> None:
    class P:
        bytes_done, bytes_total, speed, seconds_left = 1_200_000_000, 2_500_000_000, 8.1e6, 300

    assert describe_progress(P()) == "1.20 GB of 2.50 GB · 8.1 MB/s · 5 min left"


def test_settings_dialog_returns_the_edited_settings(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(font_size=15, theme="light"))
    qtbot.addWidget(dialog)
    dialog.font_size.setValue(20)
    dialog.theme.setCurrentText("dark")
    dialog.retries.setValue(1)
    dialog.software.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.accept()
    new = saved.args[0]
    assert (new.font_size, new.theme, new.retries, new.software_rendering) == (20, "dark", 1, True)
    assert new.threads is None  # "all cores" stays the default


def test_the_dark_theme_darkens_the_whole_window_and_the_chat(make_window: Any) -> None:
    from dataclasses import replace

    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    def is_dark() -> bool:  # the application's window background
        return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128

    window = make_window(start=False)
    assert not is_dark()
    window.apply_settings(replace(window.settings, theme="dark", font_size=19))
    assert is_dark()  # every widget, not just the chat page
    page = window.transcript.html(typeset=False, dark=window.chat.dark, font_size=19)
    assert window.chat.dark and "#2a2a2d" in page and "font-size: 19px" in page
    window.apply_settings(replace(window.settings, theme="light"))
    assert not is_dark()


def test_the_font_size_setting_enlarges_the_whole_window(make_window: Any) -> None:
    from dataclasses import replace
    from datetime import datetime, timezone

    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QLabel

    from tutor_app.store.records import StepRecord, StoredAttempt

    window = make_window(start=False)
    window.apply_settings(replace(window.settings, font_size=26))
    attempt = StoredAttempt(
        "s", None, "Solve 2x = 4", "linear", "x = 2", "2", "verified", 1, 1.0, "test",
        (StepRecord(1, "2x = 4", "2x = 4", "valid", "same"),),
        id="a", created_at=datetime.now(timezone.utc),
    )  # fmt: skip
    window.solution_panel.show_saved([attempt])
    panel = window.solution_panel

    def pixels(name: str) -> int:
        return QFontInfo(panel.findChild(QLabel, name).font()).pixelSize()

    assert pixels("step_text") >= 24 and pixels("headline") > pixels("step_text")
    assert QFontInfo(window.history.search.font()).pixelSize() >= 24
    assert QFontInfo(window.question.font()).pixelSize() == 26
