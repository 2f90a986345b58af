"""Launch to a visible, usable window: the start-up path of `tutor-app`, timed in fresh processes.

    python benchmarks/gui_startup.py [--runs 5]

Each run is a new interpreter that goes through what `tutor_app.ui.app.run` does before the
event loop (settings, QtWebEngine import, QApplication, main window, show) and reports the time
from its first line until the window is exposed, and which heavy libraries were loaded by then.
The parent also reports each child's whole wall time (interpreter start included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HEAVY = ("llama_cpp", "sympy", "matplotlib", "numpy", "sqlalchemy")


def child() -> None:
    """One cold start; prints a JSON line."""
    t0 = time.perf_counter()
    from tutor_app.paths import resolve_paths
    from tutor_app.settings import load_settings
    from tutor_app.ui.app import configure_rendering, create_window
    from tutor_app.ui.chat_view import webengine_available

    paths = resolve_paths()
    configure_rendering(load_settings(paths))
    webengine_available()
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    window = create_window(paths)
    window.show()
    while not window.windowHandle() or not window.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()
    shown = time.perf_counter() - t0
    heavy = sorted(m for m in HEAVY if m in sys.modules)
    print(json.dumps({"shown_ms": round(shown * 1000, 1), "heavy_loaded": heavy,
                      "typeset": window.chat.typeset}))  # fmt: skip
    window.shutdown()


def main() -> None:
    """Run several cold starts and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child()
        return
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    shown, wall = [], []
    with tempfile.TemporaryDirectory() as home:
        env["TUTOR_APP_HOME"] = home
        for _ in range(args.runs):
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True,
                                 capture_output=True, text=True).stdout  # fmt: skip
            wall.append((time.perf_counter() - t0) * 1000)
            result = json.loads(out.strip().splitlines()[-1])
            shown.append(result["shown_ms"])
    print(f"window shown (from the first import): median {statistics.median(shown):.0f} ms, "
          f"max {max(shown):.0f} ms over {args.runs} runs")  # fmt: skip
    print(
        f"whole process incl. interpreter start and exit: median {statistics.median(wall):.0f} ms"
    )
    print(f"heavy libraries loaded before the window showed: {result['heavy_loaded'] or 'none'}")
    print(f"typeset maths (QtWebEngine): {result['typeset']}")


if __name__ == "__main__":
    main()
