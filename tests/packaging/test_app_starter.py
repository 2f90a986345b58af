"""The installed app's starter: the app runs through a binary that becomes `sys.executable`.

An installed app is started by a small binary that embeds Python (Briefcase's starter on
Windows, macOS and Linux). multiprocessing then starts the CAS workers by running that binary
with an interpreter's `-c` command line, and SIGPIPE is left at its default. These tests build
such a starter (tests/packaging/starter.c) with the C compiler and run the real app through it,
without building a package.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tutor_app.starter import interpreter_code, spawn_arguments

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter binary, compiled against this Python's own library."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        pytest.skip("needs a C compiler and a Python built with its shared library")
    libdir = sysconfig.get_config_var("LIBDIR")
    version = sysconfig.get_config_var("LDVERSION") or sysconfig.get_config_var("VERSION")
    binary = tmp_path_factory.mktemp("starter") / "tutor-app"
    subprocess.run(
        [
            compiler,
            str(HERE / "starter.c"),
            f"-I{sysconfig.get_paths()['include']}",
            f"-L{libdir}",
            f"-lpython{version}",
            f"-Wl,-rpath,{libdir}",
            "-o",
            str(binary),
        ],
        check=True,
        timeout=120,
    )
    return binary


def run_starter(
    starter: Path,
    *args: str,
    home: Path,
    stdout: int | None = subprocess.PIPE,
    timeout: float = 300,
    code: Path = ROOT,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the app through the starter, its code from `code`, the libraries from this Python."""
    libraries = [p for p in sys.path if p and Path(p).is_dir() and Path(p).resolve() != ROOT]
    env = {
        **os.environ,
        **(env or {}),
        "TUTOR_STARTER_PATH": ":".join([str(code), *libraries]),
        "TUTOR_APP_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [str(starter), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_the_starter_runs_the_app_with_its_own_arguments(starter: Path, tmp_path: Path) -> None:
    done = run_starter(starter, "--version", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("tutor-app ")


def test_a_solution_is_verified_by_cas_workers_started_through_the_starter(
    starter: Path, tmp_path: Path
) -> None:
    done = run_starter(starter, "solve", "Solve 2x + 3 = 7", "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "verified"
    assert result["cas_answer"] == "x = 2"
    assert "checker did not start" not in done.stderr


def test_a_closed_output_pipe_stops_the_app_quietly(starter: Path, tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # nobody reads: every write gets EPIPE (and SIGPIPE, unless it is ignored)
    try:
        done = run_starter(starter, "models", home=tmp_path, stdout=write)
    finally:
        os.close(write)
    assert done.returncode != -signal.SIGPIPE, "the closed pipe killed the app"
    assert done.returncode == 141
    assert "Traceback" not in done.stderr
    assert not list((tmp_path).rglob("crash-*")), "a closed pipe is not a bug"


def test_an_installed_app_keeps_its_compiled_modules_in_the_users_cache(
    starter: Path, tmp_path: Path
) -> None:
    """Laid out as installed (the code in a folder named `app`), the app may not write into its
    own folder, but compiles each module once into the user's cache."""
    app = tmp_path / "app"
    shutil.copytree(
        ROOT / "tutor_app", app / "tutor_app", ignore=shutil.ignore_patterns("__pycache__")
    )
    cache = tmp_path / "cache"
    done = run_starter(
        starter, "--version", home=tmp_path / "home", code=app, env={"XDG_CACHE_HOME": str(cache)}
    )
    assert done.returncode == 0, done.stderr
    compiled = list(cache.rglob("cli.cpython-*.pyc"))
    assert compiled and "tutor_app" in compiled[0].parts
    assert not list(app.rglob("__pycache__"))


def test_other_python_code_given_with_c_is_refused(starter: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    done = run_starter(starter, "-I", "-c", f"open({str(marker)!r}, 'w')", home=tmp_path)
    assert done.returncode == 2
    assert "does not run Python code" in done.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["-B", "-S", "-I", "-c", "print(1)", "--multiprocessing-fork"], "print(1)"),
        (["-X", "faulthandler", "-Wignore", "-c", "x"], "x"),
        (["solve", "-c"], None),
        (["--data-dir", "-c", "models"], None),
        (["models"], None),
        ([], None),
    ],
)
def test_only_an_interpreter_command_line_is_read_as_one(argv: list[str], code: str | None) -> None:
    assert interpreter_code(argv) == code


def test_the_spawn_command_is_read_as_its_arguments_and_nothing_else() -> None:
    spawn = "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)"
    assert spawn_arguments(spawn) == {"tracker_fd": 5, "pipe_handle": 7}
    windows = (
        "from multiprocessing.spawn import spawn_main; spawn_main(parent_pid=12, pipe_handle=880)"
    )
    assert spawn_arguments(windows) == {"parent_pid": 12, "pipe_handle": 880}
    assert spawn_arguments(spawn.replace("7)", "__import__('os'))")) is None
    assert spawn_arguments(spawn.replace("tracker_fd", "evil")) is None
    assert spawn_arguments(spawn + "; import os") is None
