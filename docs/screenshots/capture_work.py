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

from dataclasses import replace
from pathlib import Path
from typing import Any

from capture import app_window, run, save, settle, start_as, wait_for_model, wait_until

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
    with app_window(data_dir) as window:
        from tutor_app.ui.modes import CHECK

        start_as(window, "Ada")
        wait_for_model(window)  # so that Explain is enabled
        window.set_mode(CHECK)
        type_working(window)
        settle()
        save(window, out / "check-my-work.png")
        page = window.work_page
        print(page.verdict.text(), page.mistake.text(), page.badges(), sep="\n")
        window.apply_settings(replace(window.settings, theme="dark"))
        save(window, out / "check-my-work-dark.png")


if __name__ == "__main__":
    run(capture, __doc__)
