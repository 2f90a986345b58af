"""The first start on the starter model: the model manager is offered once, then never again."""

from __future__ import annotations

from typing import Any

from tutor_app.paths import AppPaths
from tutor_app.settings import load_settings


def _start(qtbot: Any, paths: AppPaths) -> Any:
    from tutor_app.ui.main_window import MainWindow

    window = MainWindow(paths, load_settings(paths), typeset=False)  # loads the starter model
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model_ready, timeout=120_000):
        window.start()
    return window


def test_the_model_manager_is_offered_once_on_the_starter_model(
    qtbot: Any, paths: AppPaths
) -> None:
    first = _start(qtbot, paths)
    try:
        assert "starter model" in first.notice.text()
        assert first.notice.action.isVisibleTo(first)
        assert first.notice.action.text() == "Open the model manager…"
        assert load_settings(paths).model_manager_offered
    finally:
        first.shutdown()
    second = _start(qtbot, paths)
    try:
        assert "starter model" not in second.notice.text()
    finally:
        second.shutdown()
