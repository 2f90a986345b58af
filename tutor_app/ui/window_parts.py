"""The main window's parts: its layout and menus, and messages for errors (crash reports)."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutor_app import __version__
from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths
from tutor_app.ui.chat_view import ChatView
from tutor_app.ui.history_panel import HistoryPanel
from tutor_app.ui.plots_tab import PlotsTab
from tutor_app.ui.solution_panel import SolutionPanel
from tutor_app.ui.widgets import NoticeBar, QuestionBox

log = logging.getLogger(__name__)


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


def build_layout(window: Any, typeset: bool) -> None:
    """Make the window's widgets: history | chat and plots | worked solution."""
    window.history = HistoryPanel()
    window.history.session_chosen.connect(window.open_session)
    window.history.search_requested.connect(lambda _query: window.refresh_history())
    window.notice = NoticeBar()
    window.chat = ChatView(window.transcript, typeset=typeset)
    window.chat.fell_back.connect(lambda why: window.notice.show_message(why, error=False))
    window.question = QuestionBox()
    window.question.submitted.connect(window.send)
    window.send_button = _button("Send", "send", "Send the question (Enter)")
    window.stop_button = _button("Stop", "stop", "Stop the answer (Esc)")
    window.regenerate_button = _button("Try again", "regenerate", "A different solution")
    window.edit_button = _button("Edit question", "edit", "Change the last question")
    window.copy_button = _button("Copy answer", "copy", "Copy the answer")
    window.send_button.clicked.connect(window.send)
    window.stop_button.clicked.connect(lambda: window.conversation.stop())
    window.regenerate_button.clicked.connect(lambda: window.conversation.regenerate())
    window.edit_button.clicked.connect(window.edit_last_question)
    window.copy_button.clicked.connect(window.copy_answer)
    buttons = QHBoxLayout()
    for b in (window.regenerate_button, window.edit_button, window.copy_button):
        buttons.addWidget(b)
    buttons.addStretch(1)
    buttons.addWidget(window.stop_button)
    buttons.addWidget(window.send_button)
    chat_tab = QWidget()
    column = QVBoxLayout(chat_tab)
    column.addWidget(window.notice)
    column.addWidget(window.chat, 1)
    column.addWidget(window.question)
    column.addLayout(buttons)
    window.plots = PlotsTab()
    window.tabs = QTabWidget()
    window.tabs.addTab(chat_tab, "Chat")
    window.tabs.addTab(window.plots, "Plots")
    window.solution_panel = SolutionPanel()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget, stretch in ((window.history, 0), (window.tabs, 3), (window.solution_panel, 2)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(splitter.count() - 1, stretch)
    splitter.setSizes([220, 620, 440])
    window.setCentralWidget(splitter)
    window.statusBar().showMessage("Starting…")


def install_menus(window: Any) -> None:
    """The File and Edit menus with their shortcuts (Ctrl+N, Ctrl+F, Esc, ...)."""
    file_menu = window.menuBar().addMenu("&File")
    edit_menu = window.menuBar().addMenu("&Edit")
    entries = [
        (file_menu, "&New session", QKeySequence.StandardKey.New, window.new_session),
        (file_menu, "Switch &student…", None, window.pick_student),
        (file_menu, "&Models…", None, window.open_models),
        (file_menu, "Se&ttings…", QKeySequence.StandardKey.Preferences, window.open_settings),
        (file_menu, "&Quit", QKeySequence.StandardKey.Quit, window.close),
        (
            edit_menu,
            "&Find in history",
            QKeySequence.StandardKey.Find,
            window.history.focus_search,
        ),
        (edit_menu, "Stop answer", QKeySequence(Qt.Key.Key_Escape), window.conversation.stop),
        (edit_menu, "&Copy answer", None, window.copy_answer),
    ]
    for menu, text, keys, slot in entries:
        action = QAction(text, window)
        if keys is not None:
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)


def describe_error(paths: AppPaths, error: BaseException) -> str:
    """A message for the student: the error's own for known failures, else a crash report."""
    if isinstance(error, TutorError):
        return str(error)
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        paths.crash_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
        report = paths.crash_dir / f"crash-{stamp}.txt"
        report.write_text(f"tutor-app {__version__}\n{text}", encoding="utf-8")
        where = str(report)
    except OSError:
        where = "(the report could not be saved)"
    log.error("unexpected error: %s", text)
    return f"Something went wrong inside the tutor; details were saved to {where}."
