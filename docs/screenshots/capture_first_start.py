"""Take the screenshot of a first start on the starter model: the model manager is offered.

    python docs/screenshots/capture_first_start.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py, with a fresh data folder: the window starts as `tutor-app`
does at 1366x768, the student Ada starts, the bundled starter model loads, and the window is
the window is saved as first-start.png with the note that offers the model manager above the
chat. The note shows at the first start only, until the student sends a question.
"""

from __future__ import annotations

from pathlib import Path

from capture import app_window, run, save, start_as, wait_for_model, wait_until


def capture(out: Path, data_dir: Path) -> None:
    """Start as Ada, wait for the starter model and its note, and save the window."""
    with app_window(data_dir, typeset=True) as window:
        start_as(window, "Ada")
        wait_for_model(window)
        wait_until(lambda: "starter model" in window.notice.text(), 30, "the note")
        save(window, out / "first-start.png", chat_empty=True)


if __name__ == "__main__":
    run(capture, __doc__)
