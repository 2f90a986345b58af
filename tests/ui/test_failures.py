"""Failures a student can meet: no usable model, no QtWebEngine. The app stays up, text is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tutor_app.paths import AppPaths
from tutor_app.settings import Settings
from tutor_app.ui.chat_view import NO_WEBENGINE_ENV
from tutor_app.ui.transcript import TUTOR, USER


def test_a_corrupt_model_file_gives_a_message_and_a_way_forward(
    qtbot: Any, paths: AppPaths, tmp_path: Path
) -> None:
    from tutor_app.ui.main_window import MainWindow

    broken = tmp_path / "phi-4-Q4_K_M.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 60)
    window = MainWindow(paths, Settings(), explicit_model=str(broken), typeset=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.model_failed, timeout=60_000) as failed:
            window.start()
        assert "phi-4-Q4_K_M.gguf" in failed.args[0]
        assert failed.args[0] in window.notice.text()
        assert window.notice.action.text() == "Open the model manager…"
        window.question.setPlainText("Solve 2x + 3 = 7")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
        assert window.question.toPlainText() == "Solve 2x + 3 = 7"  # nothing typed is lost
        assert "not loaded" in window.notice.text()
        window.notice.action.click()
        assert window.models_dialog.isVisible()
        window.models_dialog.close()
    finally:
        window.shutdown()


def test_without_qtwebengine_maths_is_shown_as_latex(
    qtbot: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor_app.ui.app import create_window

    monkeypatch.setenv(NO_WEBENGINE_ENV, "1")
    window = create_window(paths)
    qtbot.addWidget(window)
    try:
        assert not window.chat.typeset
        assert "LaTeX" in window.notice.text()
        window.transcript.add(USER, "Solve $x^2 = 4$")
        window.transcript.add(TUTOR, "So $x = \\pm 2$.")
        window.chat.render_now()
        shown = window.chat._text.toPlainText()
        assert "$x^2 = 4$" in shown and "\\pm 2" in shown
    finally:
        window.shutdown()


def test_a_crashed_maths_view_falls_back_to_text(qtbot: Any, paths: AppPaths) -> None:
    from tutor_app.ui.main_window import MainWindow

    window = MainWindow(paths, Settings(), typeset=True)
    qtbot.addWidget(window)
    try:
        if not window.chat.typeset:
            pytest.skip("QtWebEngine is not available here")
        window.transcript.add(TUTOR, "Then $x = 2$.")
        with qtbot.waitSignal(window.chat.rendered, timeout=5000):
            window.chat.fall_back("The maths display stopped working; maths is now shown as text.")
        assert not window.chat.typeset
        assert "stopped working" in window.notice.text()
        assert "$x = 2$" in window.chat._text.toPlainText()
    finally:
        window.shutdown()
