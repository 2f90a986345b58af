"""Check an installed app: `python installers/smoke_test.py COMMAND...`.

COMMAND starts the installed app: `/usr/bin/tutor-app` from the .deb, the `.exe` an MSI put in
Program Files, or `Tutor.app/Contents/MacOS/Tutor`. With a fresh data folder the test runs:

- `--version`;
- `models`, which must list the starter model the installer carries;
- `solve "Solve 2x + 3 = 7" --json`, which must come back verified with x = 2 (the CAS workers
  start through the app's own starter);
- the window, offscreen, for 15 s: it must still be running, print no traceback and leave no
  crash report.

It prints the time each took, and exits 1 naming the first check that failed. The standard
library only, so that it runs with any Python 3.10+ beside the installed app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOW_SECONDS = 15
QUESTION = "Solve 2x + 3 = 7"


class SmokeFailure(Exception):
    """A check on the installed app failed."""


def app_env(home: Path) -> dict[str, str]:
    """The environment for the app: its own data folder, offscreen Qt, no stray model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_APP_")}
    env.update(TUTOR_APP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # QtWebEngine refuses root's sandbox
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox --disable-gpu"
    return env


def run_app(app: list[str], args: list[str], home: Path, timeout: float = 600) -> tuple[str, float]:
    """Run the app to completion; its standard output and the seconds it took."""
    begun = time.monotonic()
    done = subprocess.run(
        [*app, *args], capture_output=True, text=True, env=app_env(home), timeout=timeout
    )
    seconds = time.monotonic() - begun
    if done.returncode != 0 or "Traceback" in done.stderr:
        raise SmokeFailure(
            f"`{' '.join(args)}` exited with {done.returncode}:\n{done.stderr[-2000:]}"
        )
    return done.stdout, seconds


def check_version(app: list[str], home: Path) -> float:
    out, seconds = run_app(app, ["--version"], home)
    if not out.startswith("tutor-app "):
        raise SmokeFailure(f"--version printed {out!r}")
    return seconds


def check_models(app: list[str], home: Path) -> float:
    out, seconds = run_app(app, ["models", "--json"], home)
    chosen = Path(json.loads(out).get("chosen") or "")
    if not chosen.name.lower().startswith("smollm2") or not chosen.is_file():
        raise SmokeFailure(f"the app would not run the starter model it carries: {chosen}")
    return seconds


def check_solve(app: list[str], home: Path) -> float:
    out, seconds = run_app(app, ["solve", QUESTION, "--json"], home)
    result = json.loads(out)
    if result.get("status") != "verified" or result.get("cas_answer") != "x = 2":
        raise SmokeFailure(
            f"solve gave {result.get('status')}, CAS answer {result.get('cas_answer')!r}: "
            f"{result.get('cas_reason')}"
        )
    return seconds


def stop(process: subprocess.Popen) -> None:
    """Ask the app to close, and kill it when it has not within 30 s."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def check_window(app: list[str], home: Path) -> float:
    """Open the window offscreen and keep it open for 15 s; it must not crash or complain."""
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            app, stdout=subprocess.DEVNULL, stderr=errors, text=True, env=app_env(home)
        )
        try:
            time.sleep(WINDOW_SECONDS)
            code = process.poll()
            helpers = child_names(process.pid)
        finally:
            stop(process)
        errors.seek(0)
        said = errors.read()
    if code is not None:
        raise SmokeFailure(f"the window closed by itself (exit {code}):\n{said[-2000:]}")
    if "Traceback" in said:
        raise SmokeFailure(f"the window printed a traceback:\n{said[-2000:]}")
    for failure in ("QtWebEngine is not available", "fell back to text"):
        if failure in said:
            raise SmokeFailure(f"maths is not typeset:\n{said[-2000:]}")
    if helpers is not None and not any(n.startswith("QtWebEngine") for n in helpers):
        raise SmokeFailure(f"QtWebEngine's helper process never ran (children: {helpers})")
    crashes = list(home.rglob("crash-*.txt"))
    if crashes:
        raise SmokeFailure(f"the window left crash reports: {crashes}")
    return float(WINDOW_SECONDS)


def child_names(pid: int) -> list[str] | None:
    """The names of a process's children, from /proc (None where there is no /proc)."""
    proc = Path("/proc")
    if not (proc / str(pid)).is_dir():
        return None
    names = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.partition("(")[2].rpartition(")")
        if rest.split()[1:2] == [str(pid)]:
            names.append(name)
    return names


CHECKS = [
    ("version", check_version),
    ("models", check_models),
    ("solve", check_solve),
    ("window", check_window),
]


def main(argv: list[str] | None = None) -> int:
    """Run every check on the installed app; exit 1 at the first that fails."""
    app = list(sys.argv[1:] if argv is None else argv)
    if not app:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory(prefix="tutor-smoke-") as folder:
        for name, check in CHECKS:
            home = Path(folder) / name
            try:
                seconds = check(app, home)
            except (SmokeFailure, subprocess.TimeoutExpired, ValueError, OSError) as exc:
                print(f"FAIL {name}: {exc}")
                return 1
            print(f"ok   {name} ({seconds:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
