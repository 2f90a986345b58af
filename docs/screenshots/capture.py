"""Take the README's screenshots of the real window, the real bundled model and a real database.

    python docs/screenshots/capture.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen (no display needed; QtWebEngine paints into the grab there). It starts the
window the way `tutor-app` does at 1366x768 (a school laptop's screen), adds the student Ada,
asks "Solve 2x + 3 = 7" (with the starter model the computer algebra system's own worked
solution comes first), then asks the model linear equations in words the question reader
does not take (so the model writes) with resampling off until it writes a line the checker
marks wrong, and a second question in that session, draws "plot sin(x) from -pi to pi",
opens the model manager, and reopens the session with the wrong line from the history,
saving one PNG of each. Then the solved question and the reopened session again in dark
mode and at 1024x640 (light and dark). Nothing is staged: every answer, verdict and plot
comes from the model, SymPy and the database of this run. The data folder is a fresh
temporary one unless --data-dir is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root otherwise
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run from a clone without installing

ANSWER_TIMEOUT_S = 600  # the real model on a slow machine, with resampling
# Said so that the question reader declines them: the model, not the CAS, writes the answer.
WRONG_STEP_QUESTIONS = (
    "Solve 3x - 5 = 10, showing every step",
    "Solve 5x + 2 = 17, showing every step",
    "Solve 4x + 1 = 9, showing every step",
)
LAPTOP, SMALL = (1366, 768), (1024, 640)
PAINT_SETTLE_MS = 400  # after the page says it has loaded, Chromium paints the next frame


def wait_for(signal: Any, timeout_s: float, what: str) -> tuple[Any, ...]:
    """Run the event loop until the signal fires; its arguments, or SystemExit on a timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, got, timer = QEventLoop(), [], QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def fired(*args: Any) -> None:
        got.append(args)
        loop.quit()

    signal.connect(fired)
    timer.start(int(timeout_s * 1000))
    loop.exec()
    signal.disconnect(fired)
    if not got:
        raise SystemExit(f"timed out waiting for {what}")
    return tuple(got[0])


def wait_until(condition: Any, timeout_s: float, what: str) -> None:
    """Process events until condition() is true (checked every 50 ms)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(int(timeout_s * 1000))
    while not condition():
        if deadline.hasExpired():
            raise SystemExit(f"timed out waiting for {what}")
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def settle(ms: int = PAINT_SETTLE_MS) -> None:
    """Let pending paints happen."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def painted(widget: Any) -> bool:
    """Whether a widget's grab shows content (more than a few colours), not a blank page."""
    image = widget.grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    return len(colours) > 8


def save(widget: Any, path: Path, *, chat_empty: bool = False) -> None:
    """Grab a widget (after its web view, if any, has painted) and save it as a PNG.

    With `chat_empty`, the chat has nothing to paint yet and is not waited for."""
    web = getattr(getattr(widget, "chat", None), "_web", None)
    if web is not None and web.isVisible() and not chat_empty:
        wait_until(lambda: painted(web), 30, "the typeset chat to paint")
    settle()
    pixmap = widget.grab()
    if not pixmap.save(str(path), "PNG", 0):
        raise SystemExit(f"could not write {path}")
    print(f"{path}  {pixmap.width()}x{pixmap.height()}  {path.stat().st_size // 1024} KB")


def ask(window: Any, question: str) -> Any:
    """Type a question and press Send; the SolveOutcome once the answer is checked and shown."""
    window.question.setPlainText(question)
    window.send_button.click()
    (outcome,) = wait_for(window.conversation.answer_finished, ANSWER_TIMEOUT_S, question)
    if outcome.solution.task == "solve" and not outcome.solution.cancelled:
        (figure,) = wait_for(window.conversation.equation_plotted, 120, "the equation's graph")
        if figure is not None:  # its note in the chat re-renders the page
            wait_for(window.chat.rendered, 60, "the chat to show the note")
    return outcome


@contextmanager
def app_window(data_dir: Path, *, typeset: bool = False) -> Iterator[Any]:
    """The tutor's window as `tutor-app` starts it, at 1366x768, on the picker; closed after.

    The data folder gets the default settings; QtWebEngine, the QApplication and the
    collector that keeps garbage collection off worker threads are set up as the app does.
    The window is shown and started, and is yielded once the database is open and the
    student picker is showing (`window.picker`). With `typeset`, no QtWebEngine to typeset
    the maths is a SystemExit. On leaving, the window is shut down and closed.
    """
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

    collector = GuiThreadCollector(app)  # as the app does: no collection on worker threads
    window = create_window(paths)
    if typeset and not window.chat.typeset:
        raise SystemExit("QtWebEngine did not start, so maths would not be typeset")
    window.resize(*LAPTOP)
    window.show()
    try:
        window.start()
        wait_for(window.store_ready, 60, "the database")
        wait_until(lambda: getattr(window, "picker", None) is not None, 30, "the student picker")
        yield window
    finally:
        window.shutdown()
        window.close()
        collector.stop()
    del app


def start_as(window: Any, name: str, picker_shot: Path | None = None) -> None:
    """Start as this student in the picker (added if new); return once their history is loaded.

    With `picker_shot`, the student is added first and the picker, listing them, is saved
    there as a screenshot before starting.
    """
    window.picker.name_edit.setText(name)
    if picker_shot is not None:
        window.picker.create_student()
        save(window.picker, picker_shot)
    window.picker.accept()
    wait_for(window.history_loaded, 60, f"{name}'s history")


def wait_for_model(window: Any) -> None:
    """Return once the model is loaded (at once if it already is).

    Questions and hints then use it as the app would (with the starter model, the computer
    algebra system still answers first where it can).
    """
    if window.model is None:
        wait_for(window.model_ready, 300, "the model to load")


def run(capture_fn: Callable[[Path, Path], None], doc: str | None) -> None:
    """A script's main: parse --out and --data-dir, then call capture_fn(out, data_dir).

    The script's docstring `doc` gives the description; the data folder is a fresh
    temporary one (removed afterwards) unless --data-dir is given.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.data_dir is not None:
        capture_fn(args.out, args.data_dir)
        return
    with tempfile.TemporaryDirectory(prefix="tutor-screens-") as home:
        capture_fn(args.out, Path(home))


def capture(out: Path, data_dir: Path) -> None:
    """Drive the window through the four scenes and save their screenshots."""
    with app_window(data_dir, typeset=True) as window:
        _scenes(window, out)


def _scenes(window: Any, out: Path) -> None:
    start_as(window, "Ada", picker_shot=out / "student-picker.png")
    wait_for_model(window)

    outcome = ask(window, "Solve 2x + 3 = 7")
    print(f"Solve 2x + 3 = 7: {outcome.solution.status}, {len(outcome.solution.samples)} samples")
    save(window, out / "solve.png")

    window.apply_settings(replace(window.settings, retries=0))  # show the first answer as it is
    for seed in range(6):
        window.new_session()
        window.conversation.seed = seed
        question = WRONG_STEP_QUESTIONS[seed % len(WRONG_STEP_QUESTIONS)]
        outcome = ask(window, question)
        statuses = [step.status for step in outcome.solution.steps]
        print(f"{question} (seed {seed}): {statuses}")
        if "invalid" in statuses:
            save(window, out / "wrong-step.png")
            break
    else:
        raise SystemExit("the model wrote no wrong line in six tries; no wrong-step screenshot")
    ask(window, "Solve x^2 = 9")  # a second question in the same session
    past_session = window.conversation.session_id

    window.new_session()
    window.question.setPlainText("plot sin(x) from -pi to pi")
    window.send_button.click()
    wait_for(window.conversation.plot_drawn, 120, "the plot")
    save(window, out / "plot.png")

    window.tabs.setCurrentIndex(0)
    window.open_models()  # opens once a background task has found no teacher PIN is set
    wait_until(
        lambda: (
            getattr(window, "models_dialog", None) is not None and window.models_dialog.isVisible()
        ),
        30,
        "the model manager",
    )
    window.models_dialog.resize(900, 420)
    save(window.models_dialog, out / "model-manager.png")
    window.models_dialog.reject()

    window.new_session()
    _reopen(window, past_session)
    save(window, out / "past-session.png")

    for size, dark, name in ((LAPTOP, True, "dark"), (SMALL, False, "1024"),
                             (SMALL, True, "1024-dark")):  # fmt: skip
        window.resize(*size)
        window.apply_settings(replace(window.settings, theme="dark" if dark else "light"))
        window.new_session()
        ask(window, "Solve 2x + 3 = 7")
        save(window, out / f"solve-{name}.png")
        _reopen(window, past_session)
        save(window, out / f"past-session-{name}.png")
    window.apply_settings(replace(window.settings, theme="light"))


def _reopen(window: Any, session_id: str) -> None:
    window.open_session(session_id)
    wait_for(window.session_opened, 60, "the past session")
    wait_for(window.chat.rendered, 60, "the past session's chat")


def main() -> None:
    """Parse the arguments and take the screenshots."""
    run(capture, __doc__)


if __name__ == "__main__":
    main()
