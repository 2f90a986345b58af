"""Take the screenshot of Practice: the real window, a real database, the real checker.

    python docs/screenshots/capture_practice.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, adds the student
Ada, switches to Practice, chooses Quadratic equations, types a wrong answer (graded by the
checker, recorded as evidence) and takes two hints from the ladder, then saves the window
(practice.png). The problem, the verdict and the hints are what the tutor makes in this run
(the problem's seed is fixed so the picture is the same each time); nothing is drawn by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from capture import HERE, LAPTOP, save, wait_for, wait_until

SKILL = "quadratics"
WRONG_ANSWER = "x = 2"
SEED = 7  # the page's session seed, so the screenshot shows the same problem every run
STEP_TIMEOUT_S = 120


def practise(window: Any) -> None:
    """Practice mode: a quadratic, a wrong answer to it, and two hints."""
    window.set_mode("practice")
    page = window.practice_page
    wait_until(lambda: page.problem is not None and page.task is None, STEP_TIMEOUT_S,
               "the first practice problem")  # fmt: skip
    page.skill_box.setCurrentIndex(page.skill_box.findData(SKILL))
    wait_for(page.problem_shown, STEP_TIMEOUT_S, "a quadratic")
    page.answer_edit.setText(WRONG_ANSWER)
    page.check_button.click()
    (right,) = wait_for(page.marked, STEP_TIMEOUT_S, "the answer to be checked")
    if right:
        raise SystemExit(f"{WRONG_ANSWER} answered {page.problem.question}: pick another")
    for _ in range(2):
        page.hint_button.click()
        wait_for(page.hint_shown, STEP_TIMEOUT_S, "a hint")
    page.answer_edit.setFocus()


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
        random.seed(SEED)
        practise(window)
        save(window, out / "practice.png")
        page = window.practice_page
        print(page.question_label.text(), "|", page.feedback.text())
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
