"""Take the screenshot of Practice: the real window, a real database, the real checker.

    python docs/screenshots/capture_practice.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, adds the student
Ada, switches to Practice, chooses Quadratic equations, types a wrong answer (graded by the
checker, recorded as evidence) and takes two hints from the ladder, then saves the window
(practice.png). The problem, the verdict and the hints are what the tutor makes in this run
(the problem's seed is fixed so the picture is the same each time); nothing is drawn by hand.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from capture import app_window, run, save, start_as, wait_for, wait_for_model, wait_until

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
    with app_window(data_dir) as window:
        start_as(window, "Ada")
        wait_for_model(window)
        random.seed(SEED)
        practise(window)
        save(window, out / "practice.png")
        page = window.practice_page
        print(page.question_label.text(), "|", page.feedback.text())


if __name__ == "__main__":
    run(capture, __doc__)
