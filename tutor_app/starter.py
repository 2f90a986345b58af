"""What a packaged app's starter binary leaves to the app: child commands and signal set-up.

In an installed app (Briefcase's starter on Windows, macOS and Linux) `sys.executable` is the
app's own starter, not a Python interpreter. multiprocessing's spawn still starts its children
as `<executable> -B -S -I -c "from multiprocessing.spawn import spawn_main; ..."`, and the
resource tracker as `<executable> ... -c "from multiprocessing.resource_tracker import main;
main(5)"`, so those command lines reach the app. This module recognises exactly those two and
calls the functions they name; any other `-c` is refused, and no text is ever executed.

The starter also leaves Python's signal set-up undone: SIGPIPE stays at its default (a write to
a closed pipe kills the process instead of raising BrokenPipeError) and Ctrl+C does not raise
KeyboardInterrupt. `restore_python_signals` does what the `python` command does at start.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Sequence

# The interpreter flags multiprocessing puts before -c (util._args_from_interpreter_flags);
# -W and -X may take their value as the next argument.
_FLAGS_WITH_VALUE = {"-W", "-X"}
_SPAWN = re.compile(
    r"from multiprocessing\.spawn import spawn_main; ?spawn_main\((?P<args>[\w=, -]*)\)"
)
_TRACKER = re.compile(r"from multiprocessing\.resource_tracker import main; ?main\((?P<fd>\d+)\)")
_SPAWN_ARG = re.compile(r"(?P<name>tracker_fd|pipe_handle|parent_pid)=(?P<value>-?\d+|None)")
EXIT_REFUSED = 2


def restore_python_signals() -> None:
    """Ignore SIGPIPE and let Ctrl+C raise KeyboardInterrupt, as `python` itself sets them up."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    if signal.getsignal(signal.SIGINT) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGINT, signal.default_int_handler)


def cache_bytecode() -> None:
    """In an installed app, compile modules once into the user's cache folder.

    The starter turns off writing bytecode (an app bundle must not change once signed), so
    every start would compile SymPy again, in each CAS worker too: 2 to 3 s more before the
    first checked line. The cache is outside the bundle, per user."""
    from tutor_app.paths import bytecode_cache_dir, is_installed_app

    if is_installed_app() and sys.dont_write_bytecode and sys.pycache_prefix is None:
        sys.pycache_prefix = str(bytecode_cache_dir())
        sys.dont_write_bytecode = False


def interpreter_code(argv: Sequence[str]) -> str | None:
    """The text after `-c` when the arguments are an interpreter's command line, else None."""
    args = iter(argv)
    for arg in args:
        if arg == "-c":
            return next(args, "")
        if arg in _FLAGS_WITH_VALUE:
            next(args, None)
        elif not (arg.startswith("-") and not arg.startswith("--") and len(arg) > 1):
            return None  # a sub-command or a long option: the app's own command line
    return None


def spawn_arguments(code: str) -> dict[str, int | None] | None:
    """The keyword arguments of multiprocessing's spawn command, or None when it is not one."""
    found = _SPAWN.fullmatch(code.strip())
    if found is None:
        return None
    parts = [p.strip() for p in found["args"].split(",") if p.strip()]
    arguments: dict[str, int | None] = {}
    for part in parts:
        pair = _SPAWN_ARG.fullmatch(part)
        if pair is None:
            return None
        value = pair["value"]
        arguments[pair["name"]] = None if value == "None" else int(value)
    return arguments


def run_child_command(argv: Sequence[str]) -> None:
    """Run multiprocessing's child or resource tracker when asked to, then exit; else return."""
    code = interpreter_code(argv)
    if code is None:
        return
    spawn = spawn_arguments(code)
    if spawn is not None:
        from multiprocessing.spawn import spawn_main

        sys.argv[1:] = ["--multiprocessing-fork"]  # what spawn_main checks it was started with
        spawn_main(**spawn)  # type: ignore[arg-type]  # exits with the child's status
        sys.exit(0)
    tracker = _TRACKER.fullmatch(code.strip())
    if tracker is not None:
        from multiprocessing.resource_tracker import main as tracker_main

        tracker_main(int(tracker["fd"]))
        sys.exit(0)
    print("error: tutor-app does not run Python code given with -c", file=sys.stderr)
    sys.exit(EXIT_REFUSED)
