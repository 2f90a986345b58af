"""Start the desktop app: window first, then the database, model and checker in the background."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import Any

from tutor_app.paths import AppPaths
from tutor_app.settings import Settings, load_settings

log = logging.getLogger(__name__)

SOFTWARE_FLAGS = "--disable-gpu --disable-gpu-compositing"


def configure_rendering(settings: Settings) -> None:
    """Before QApplication exists: software rendering when asked (broken GPU drivers)."""
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if settings.software_rendering:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_UseSoftwareOpenGL)
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--disable-gpu" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} {SOFTWARE_FLAGS}".strip()
        os.environ.setdefault("QT_QUICK_BACKEND", "software")


def _install_excepthook(window: Any) -> None:
    """A bug in a slot becomes a crash report and a message, not a silent stack trace."""

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        window.notice.show_message(window.describe_error(error.with_traceback(tb)))

    sys.excepthook = hook


def _explicit_server(args: argparse.Namespace | None) -> tuple[Any, str | None]:
    """The model server named by --server or $TUTOR_APP_SERVER, or why it cannot be used."""
    from tutor_app.engine.server_address import ServerError, configured_server

    try:
        server = configured_server(
            getattr(args, "server", None),
            getattr(args, "api_key", None),
            getattr(args, "server_model", None),
        )
    except ServerError as exc:
        return None, f"The model server given at the start cannot be used: {exc}"
    return server, None


def create_window(paths: AppPaths, args: argparse.Namespace | None = None) -> Any:
    """Make the main window (a QApplication must exist) with settings from the data folder."""
    from tutor_app.ui.chat_view import webengine_available
    from tutor_app.ui.main_window import MainWindow

    settings = load_settings(paths)
    explicit = getattr(args, "model", None)
    typeset = webengine_available()
    server, server_problem = _explicit_server(args)
    window = MainWindow(
        paths, settings, explicit_model=explicit, explicit_server=server, typeset=typeset
    )
    if server_problem:
        window.notice.show_message(server_problem, lasting=True)
    if not typeset:
        window.notice.show_message(
            "Typeset maths needs QtWebEngine, which could not start here; maths is shown as "
            "LaTeX text. Reinstall PySide6 or turn on software rendering in Settings.",
            error=False,
            lasting=True,
        )
    return window


def run(paths: AppPaths, args: argparse.Namespace | None = None) -> int:
    """Open the window as fast as possible, then start the heavy work; return the exit code."""
    started = time.perf_counter()
    settings = load_settings(paths)
    configure_rendering(settings)
    from tutor_app.ui.chat_view import webengine_available

    webengine_available()  # QtWebEngine must be imported before the QApplication exists
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tutor_app.ui.garbage import GuiThreadCollector

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tutor")
    collector = GuiThreadCollector(app)
    window = create_window(paths, args)
    _install_excepthook(window)
    window.show()
    log.info("window shown after %.0f ms", (time.perf_counter() - started) * 1000)
    QTimer.singleShot(0, window.start)
    code = int(app.exec())
    window.shutdown()
    collector.stop()
    return code
