"""The installed app against the source checkout, side by side, in the same run.

    python benchmarks/installed_app.py [--installed /usr/bin/tutor-app]
                                       [--source .venv/bin/tutor-app] [--runs 3]

For each command, alternating run by run, from a fresh data folder each time:

- launch to a visible window: the app is started on a virtual screen (Xvfb) and the clock
  stops when X reports a mapped window named "Tutor" (xdotool), the moment a student sees it;
- the first verified solution: `solve "Solve 2x + 3 = 7" --json` from process start to exit,
  which loads the model and starts the CAS workers (through the app's own starter when
  installed); the result must be verified.

The installed app is measured twice: on its first start, with the user's bytecode cache
emptied before each run (the app compiles its modules once, into that cache), and after.
Needs Debian's xvfb and xdotool. Prints the median and every run, in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "installers"))
from smoke_test import stop  # noqa: E402  (the installers' stand-alone smoke test)

DISPLAY = ":97"
QUESTION = "Solve 2x + 3 = 7"
WINDOW_TIMEOUT = 120


def app_env(home: Path, screen: bool) -> dict[str, str]:
    """A fresh data folder, the virtual screen (or none), and QtWebEngine's flags for root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_APP_")}
    env["TUTOR_APP_HOME"] = str(home)
    env.pop("QT_QPA_PLATFORM", None)
    if screen:
        env["DISPLAY"] = DISPLAY
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    if os.geteuid() == 0:
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox --disable-gpu"
    return env


def window_seconds(command: str, home: Path) -> float:
    """From start to a mapped window named Tutor on the virtual screen."""
    begun = time.monotonic()
    errors = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(
        [command], env=app_env(home, True), stdout=subprocess.DEVNULL, stderr=errors, text=True
    )
    try:
        while time.monotonic() - begun < WINDOW_TIMEOUT:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Tutor"],
                env={**os.environ, "DISPLAY": DISPLAY},
                capture_output=True,
            )
            if found.returncode == 0 and found.stdout.strip():
                return time.monotonic() - begun
            if process.poll() is not None:
                errors.seek(0)
                said = errors.read()[-3000:]
                raise SystemExit(f"{command} exited with {process.returncode} first:\n{said}")
            time.sleep(0.02)
        raise SystemExit(f"{command}: no window in {WINDOW_TIMEOUT} s")
    finally:
        stop(process)
        errors.close()


def solve_seconds(command: str, home: Path) -> float:
    """From start to exit of a solve that must come back verified."""
    begun = time.monotonic()
    done = subprocess.run(
        [command, "solve", QUESTION, "--json"],
        env=app_env(home, False),
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.monotonic() - begun
    result = json.loads(done.stdout)
    if result["status"] != "verified":
        raise SystemExit(f"{command}: the solution was {result['status']}, not verified")
    return seconds


def main() -> None:
    """Time both commands, run by run, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installed", default="/usr/bin/tutor-app")
    parser.add_argument("--source", default=str(Path(".venv/bin/tutor-app").resolve()))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        raise SystemExit("needs Xvfb and xdotool: apt install xvfb xdotool")
    from tutor_app.paths import bytecode_cache_dir

    commands = {"first start": args.installed, "installed": args.installed, "source": args.source}
    screen = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
    times: dict[str, dict[str, list[float]]] = {k: {"window": [], "solve": []} for k in commands}
    try:
        time.sleep(1)
        with tempfile.TemporaryDirectory(prefix="tutor-bench-") as folder:
            for run in range(args.runs):
                for name, command in commands.items():
                    home = Path(folder) / f"{name}-{run}"
                    if name == "first start":
                        shutil.rmtree(bytecode_cache_dir(), ignore_errors=True)
                    times[name]["window"].append(window_seconds(command, home / "window"))
                    if name == "first start":
                        shutil.rmtree(bytecode_cache_dir(), ignore_errors=True)
                    times[name]["solve"].append(solve_seconds(command, home / "solve"))
    finally:
        screen.terminate()
    for name, measured in times.items():
        for what, values in measured.items():
            runs = ", ".join(f"{v:.2f}" for v in values)
            label = "launch to visible window" if what == "window" else "first verified solution"
            print(f"{name:11} {label:26} median {statistics.median(values):6.2f} s  ({runs})")


if __name__ == "__main__":
    main()
