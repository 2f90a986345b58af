"""The longest GUI event-loop stall while the window streams and checks a real answer.

    python benchmarks/gui_stall.py [--tokens 300] [--plain]

Opens the main window on the bundled model, asks a question, and while the answer streams
(up to --tokens tokens, retries off) and its lines are checked, a 5 ms QTimer measures the gaps
between its ticks: a gap much longer than 5 ms means the GUI thread was blocked. Also prints
the process memory once the model is loaded and the window is idle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace


def main() -> None:
    """Run one streamed, checked answer and print the stall figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=300)
    parser.add_argument("--threads", type=int, default=0, help="model threads (0: the default)")
    parser.add_argument("--plain", action="store_true", help="QTextBrowser instead of WebEngine")
    parser.add_argument(
        "--question",
        # Long enough that even the small bundled model writes the full --tokens.
        default="Write a detailed lesson on solving quadratic equations by factoring, completing"
        " the square and the quadratic formula, with a worked example of each.",
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    os.environ["TUTOR_APP_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    import psutil
    import PySide6.QtWebEngineWidgets  # noqa: F401  (before the QApplication)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tutor_app.paths import resolve_paths
    from tutor_app.settings import Settings
    from tutor_app.ui.garbage import GuiThreadCollector
    from tutor_app.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    collector = GuiThreadCollector(app)  # as the app does: no collection on worker threads
    settings = Settings(retries=0, max_tokens=args.tokens, temperature=0.2)
    if args.threads:
        settings = replace(settings, threads=args.threads)
    window = MainWindow(resolve_paths().ensure(), settings, typeset=not args.plain)
    window.show()
    state: dict[str, object] = {}
    window.model_ready.connect(lambda _name: state.setdefault("model", True))
    window.store_ready.connect(lambda: state.setdefault("store", True))
    window.start()
    while not ("model" in state and "store" in state):
        app.processEvents()
        time.sleep(0.01)  # a benchmark driver, not a test: polling is fine here
    window.picker.name_edit.setText("Bench")
    window.picker.accept()
    idle_end = time.perf_counter() + 3
    while time.perf_counter() < idle_end:  # let the checker warm up and the page settle
        app.processEvents()
        time.sleep(0.01)
    me = psutil.Process()
    children = me.children(recursive=True)
    own = me.memory_info().rss
    total = own + sum(c.memory_info().rss for c in children if c.is_running())
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    done: list[object] = []
    window.conversation.answer_finished.connect(done.append)
    window.conversation.answer_failed.connect(done.append)
    window.question.setPlainText(args.question)
    timer.start()
    last[0] = time.perf_counter()
    window.send()
    while not done:
        app.processEvents()
    timer.stop()
    outcome = done[0]
    tokens = outcome.solution.chosen.tokens if hasattr(outcome, "solution") else 0
    view = "QTextBrowser" if args.plain else "QtWebEngine"
    print(f"view: {view}; model threads: {window.model.load_settings.threads()}; tokens: {tokens}")
    if tokens < args.tokens:
        print(f"note: the model stopped after {tokens} of the {args.tokens} tokens asked for")
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    print(f"the longest stall came at tick {worst} of {len(gaps)}")
    print(f"longest event-loop stall: {max(gaps):.1f} ms; p99 {_p99(gaps):.1f} ms; "
          f"median tick {statistics.median(gaps):.1f} ms over {len(gaps)} ticks")  # fmt: skip
    print(f"idle memory with the model loaded: this process {own / 2**20:.0f} MiB, "
          f"with helper processes (CAS worker, QtWebEngine) {total / 2**20:.0f} MiB")  # fmt: skip
    window.shutdown()
    collector.stop()


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


if __name__ == "__main__":
    main()
