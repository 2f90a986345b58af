"""Take the screenshot of Hints mode: the real window, a real database, the real checker.

    python docs/screenshots/capture_hints.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, adds the student
Ada, switches to Hints, asks a quadratic and climbs the ladder to the next step (nudge, strategy,
next step: each recorded as evidence), then saves the window (hints.png). The hints are what
the tutor makes in this run; nothing is drawn by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from capture import app_window, run, save, start_as, wait_for, wait_for_model

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
    """Open the window, climb the hint ladder, and save the screenshot."""
    with app_window(data_dir) as window:
        start_as(window, "Ada")
        wait_for_model(window)
        climb(window)
        save(window, out / "hints.png")


if __name__ == "__main__":
    run(capture, __doc__)
