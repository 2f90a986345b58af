"""Take the screenshot of Hints mode: the real window, a real database, the real checker.

    python docs/screenshots/capture_hints.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, adds the student
Ada, switches to Hints, asks a quadratic and climbs the ladder to the next step (nudge, strategy,
next step: each recorded as evidence), then saves the window (hints.png). The hints are what
the tutor makes in this run; nothing is drawn by hand.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from capture import HERE, LAPTOP, save, wait_for, wait_until

QUESTION = "Solve x^2 - 5x + 6 = 0"
STEP_TIMEOUT_S = 120


def climb(window: Any) -> None:
    """Hints mode: the question, then the ladder up to the next step."""
    window.set_mode("hints")
    window.question.setPlainText(QUESTION)
    window.send()
    wait_for(window.hint_mode.hint_shown, STEP_TIMEOUT_S, "the nudge")
    for what in ("the strategy", "the next step"):
        window.next_hint_button.click()
        wait_for(window.hint_mode.hint_shown, STEP_TIMEOUT_S, what)
    window.question.setFocus()


def capture(out: Path, data_dir: Path) -> None:
    """Open the window, practise, and save the screenshot."""
    from tutor_app.paths import resolve_paths
    from tutor_app.settings import Settings, save_settings
    from tutor_app.ui.chat_view import webengine_available

    paths = resolve_paths(data_dir).ensure()
    save_settings(paths, Settings())
    webengine_available()  # QtWebEngine is imported before the QApplication exists
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Tutor")
    from tutor_app.ui.app import create_window
    from tutor_app.ui.garbage import GuiThreadCollector

    collector = GuiThreadCollector(app)
    window = create_window(paths)
    window.resize(*LAPTOP)
    window.show()
    try:
        window.start()
        wait_for(window.store_ready, 60, "the database")
        wait_until(lambda: getattr(window, "picker", None) is not None, 30, "the student picker")
        window.picker.name_edit.setText("Ada")
        window.picker.accept()
        wait_for(window.history_loaded, 60, "Ada's history")
        if window.model is None:  # hints use the model as the app would (the CAS first for
            wait_for(window.model_ready, 300, "the model to load")  # the starter model)
        climb(window)
        save(window, out / "hints.png")
    finally:
        window.shutdown()
        window.close()
        collector.stop()
    del app


def main() -> None:
    """Parse the arguments and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.data_dir is not None:
        capture(args.out, args.data_dir)
        return
    with tempfile.TemporaryDirectory(prefix="tutor-screens-") as home:
        capture(args.out, Path(home))


if __name__ == "__main__":
    main()
