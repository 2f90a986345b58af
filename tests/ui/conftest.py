"""Window tests: offscreen Qt, Qt warnings fail the test, windows closed and workers stopped."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Before any QApplication exists: no display needed, and Chromium may run as root in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
try:  # QtWebEngine must be imported before the QApplication is created
    import PySide6.QtWebEngineWidgets  # noqa: F401, E402
except ImportError:  # the window falls back to plain text; the tests say so
    pass

from tutor_app.paths import AppPaths, resolve_paths  # noqa: E402
from tutor_app.settings import Settings  # noqa: E402
from tutor_app.store.database import open_store  # noqa: E402
from tutor_app.ui.teacher_window import TaskOwner  # noqa: E402

# Messages a headless machine without a GPU or a D-Bus prints while QtWebEngine starts; they
# say nothing about the tutor. Every other Qt warning fails the test.
HEADLESS_NOISE = (
    r"QRhiGles2: Failed to create",
    r"Failed to create RHI",
    r"GPUInfo not initialized",
    r"Failed to connect to the bus",
    r"^Could not find the Qt platform plugin",
    r"This plugin does not support propagateSizeHints",
)

# matplotlib's Qt backend reads an attribute PySide6 6.12 has deprecated; not our code.
MATPLOTLIB_QT_DEPRECATION = (
    "ignore:Enum value 'Qt..ApplicationAttribute.AA_UseHighDpiPixmaps':DeprecationWarning"
)

SOLVE_TIMEOUT_MS = 300_000  # a 2-core CI machine under load, the real model, up to 768 tokens


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt warnings fail every test in this folder (except the known headless noise)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*HEADLESS_NOISE))
            item.add_marker(pytest.mark.filterwarnings(MATPLOTLIB_QT_DEPRECATION))


@pytest.fixture
def paths(data_home: Path) -> AppPaths:
    """The test's own data folder, created."""
    return resolve_paths().ensure()


@pytest.fixture
def host(paths: AppPaths) -> Iterator[TaskOwner]:
    """A real store in the test's data folder, with background tasks waited for at the end."""
    store = open_store(paths.database)
    owner = TaskOwner(store, paths)
    yield owner
    owner.shutdown()
    store.close()


def idle(host: TaskOwner) -> bool:
    """Whether every background task has reported back."""
    return all(task.finished for task in host.tasks)


@pytest.fixture
def fast_settings() -> Settings:
    """Settings for tests: no resampling, so one answer is one generation."""
    return Settings(retries=0, temperature=0.2, max_tokens=320)


def activate(window: Any) -> None:
    """Make the window active, as a student's click would (shortcuts need an active window)."""
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    QApplication.processEvents()


@pytest.fixture
def make_window(
    qtbot: Any, paths: AppPaths, fast_settings: Settings, model_worker: Any
) -> Iterator[Callable[..., Any]]:
    """Build main windows on the shared real model; each is shut down after the test."""
    from tutor_app.ui.main_window import MainWindow

    made: list[Any] = []

    def make(*, typeset: bool = False, start: bool = True, settings: Settings | None = None) -> Any:
        window = MainWindow(paths, settings or fast_settings, model=model_worker, typeset=typeset)
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        if start:
            with qtbot.waitSignal(window.store_ready, timeout=60_000):
                window.start()
        activate(window)
        return window

    yield make
    for window in made:
        window.shutdown()


@pytest.fixture
def choose_student(qtbot: Any) -> Callable[[Any, str], None]:
    """Add a student in a window's open picker and start; waits for their history to load."""

    def choose(window: Any, name: str) -> None:
        qtbot.waitUntil(lambda: getattr(window, "picker", None) is not None, timeout=10_000)
        qtbot.waitUntil(window.picker.isVisible, timeout=10_000)
        window.picker.name_edit.setText(name)
        with qtbot.waitSignal(window.history_loaded, timeout=60_000):
            window.picker.accept()
        activate(window)
        qtbot.waitUntil(window.isActiveWindow, timeout=10_000)

    return choose


@pytest.fixture
def ready_window(make_window: Any, choose_student: Any) -> Any:
    """A window (plain-text chat) with the student Ada chosen and the model ready."""
    window = make_window()
    choose_student(window, "Ada")
    return window


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the app does: no automatic collection, which could free Qt objects on a worker thread."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()
