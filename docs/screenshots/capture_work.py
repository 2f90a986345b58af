"""Take the screenshot of Check my work: the real window, the real checker, a real database.

    python docs/screenshots/capture_work.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does at 1366x768, adds
the student Ada, switches to Check my work and types a piece of working with a bracket not
multiplied out in line 2; once typing pauses the checker marks every line, and the window is
saved as check-my-work.png: the badges in the gutter, line 2 highlighted, and the mistake
named with the value that shows it; then again in dark mode (check-my-work-dark.png). Every
badge and word comes from the checker of this run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from capture import HERE, LAPTOP, save, settle, wait_for, wait_until

WORKING = ("3(x + 2) = 12", "3x + 2 = 12", "3x = 10", "x = 10/3")
CHECK_TIMEOUT_S = 120


def type_working(window: Any) -> None:
    """Type the working line by line, as a student would, and wait for its badges."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = window.work_page
    page.editor.setFocus()
    for number, line in enumerate(WORKING):
        if number:
            QTest.keyClick(page.editor, Qt.Key.Key_Return)
        QTest.keyClicks(page.editor, line)
    wait_until(
        lambda: page.result is not None and page.checked_text == page.editor.working_text(),
        CHECK_TIMEOUT_S,
        "the working to be checked",
    )


def capture(out: Path, data_dir: Path) -> None:
    """Open the window, type the working in Check my work, and save the screenshot."""
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
    from tutor_app.ui.modes import CHECK

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
        wait_until(lambda: window.model is not None, 300, "the model")  # Explain is enabled
        window.set_mode(CHECK)
        type_working(window)
        settle()
        save(window, out / "check-my-work.png")
        page = window.work_page
        print(page.verdict.text(), page.mistake.text(), page.badges(), sep="\n")
        window.apply_settings(replace(window.settings, theme="dark"))
        save(window, out / "check-my-work-dark.png")
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
