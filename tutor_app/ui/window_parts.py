"""The main window's parts: layout, menus, place on the screen, model name, error messages."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutor_app import __version__
from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings
from tutor_app.ui.chat_view import ChatView
from tutor_app.ui.history_panel import HistoryPanel
from tutor_app.ui.modes import ModeBar
from tutor_app.ui.plots_tab import PlotsTab
from tutor_app.ui.practice_page import PracticePage
from tutor_app.ui.solution_panel import SolutionPanel
from tutor_app.ui.widgets import NoticeBar, QuestionBox
from tutor_app.ui.work_page import WorkPage

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1280, 800)
# Room for the title bar and borders the window manager adds (unknown until the window shows).
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)
STARTER_MODEL_TITLE = "SmolLM2 135M, starter model"


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
    window.chat.fell_back.connect(
        lambda why: window.notice.show_message(why, error=False, lasting=True)
    )
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
    # The chat's focus ring is drawn by this frame (the typeset view's focus is deep inside it).
    window.chat_frame = QFrame()
    window.chat_frame.setObjectName("chat_frame")
    QVBoxLayout(window.chat_frame).setContentsMargins(0, 0, 0, 0)
    window.chat_frame.layout().addWidget(window.chat)
    window.next_hint_button = _button("Next hint", "next_hint", "The next, bigger hint")
    window.next_hint_button.clicked.connect(lambda: window.hint_mode.next_hint())
    window.next_hint_button.setVisible(False)  # shown in Hints mode
    buttons.insertWidget(0, window.next_hint_button)
    chat_page = QWidget()
    chat_column = QVBoxLayout(chat_page)
    chat_column.setContentsMargins(0, 0, 0, 0)
    chat_column.addWidget(window.chat_frame, 1)
    chat_column.addWidget(window.question)
    chat_column.addLayout(buttons)
    # Explain and Hints share the chat; Check my work and Practice have pages of their own.
    window.mode_bar = ModeBar()
    window.work_page, window.practice_page = WorkPage(window), PracticePage(window)
    window.mode_pages = QStackedWidget()
    for page in (chat_page, window.work_page, window.practice_page):
        window.mode_pages.addWidget(page)
    chat_tab = QWidget()
    column = QVBoxLayout(chat_tab)
    column.addWidget(window.mode_bar)
    column.addWidget(window.notice)
    column.addWidget(window.mode_pages, 1)
    window.plots = PlotsTab()
    window.tabs = QTabWidget()
    window.tabs.addTab(chat_tab, "Tutor")
    window.tabs.addTab(window.plots, "Plots")
    window.solution_panel = SolutionPanel()
    window.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget, stretch in ((window.history, 0), (window.tabs, 3), (window.solution_panel, 2)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(splitter.count() - 1, stretch)
    splitter.setSizes([220, 620, 440])
    window.setCentralWidget(splitter)
    # The model's name stays in view: a menu's status tips clear only temporary messages.
    window.model_label = QLabel("Starting…")
    window.model_label.setObjectName("model_name")
    window.statusBar().addPermanentWidget(window.model_label)


def install_menus(window: Any) -> None:
    """The File and Edit menus with their shortcuts (Ctrl+N, Ctrl+F, Esc, ...)."""
    file_menu = window.menuBar().addMenu("&File")
    edit_menu = window.menuBar().addMenu("&Edit")
    entries = [
        (file_menu, "&New session", QKeySequence.StandardKey.New, window.new_session),
        (file_menu, "Switch &student…", None, window.switch_student),
        (file_menu, "My &PIN…", None, window.choose_my_pin),
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
        if slot == window.copy_answer:
            window.copy_action = action  # enabled with the Copy button


class ChatKeyboardStop(QObject):
    """The chat as one keyboard stop: ringed while the focus is in it, and tabbed to between
    the notice and the question (the typeset view's focus is on a widget deep inside it)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self._stop: QWidget | None = None  # the chat's widget placed in the Tab order
        self._focus_changed = QApplication.instance().focusChanged  # type: ignore[union-attr]
        self._focus_changed.connect(self._ring)
        window.chat.rendered.connect(self._order)
        self._order()

    def _ring(self, _old: QWidget | None, new: QWidget | None) -> None:
        frame = self.window.chat_frame
        inside = new is not None and self.window.chat.isAncestorOf(new)
        if frame.property("focused") != inside:
            frame.setProperty("focused", inside)  # the window's style sheet draws the ring
            frame.style().unpolish(frame)
            frame.style().polish(frame)

    def _order(self) -> None:
        # The typeset view's keyboard widget is made after the layout, at the end of the Tab
        # order; so the view is put back in place whenever the chat's widget changes.
        view = self.window.chat.currentWidget()
        if view is None or (view.focusProxy() or view) is self._stop:
            return
        self._stop = view.focusProxy() or view
        # Tab goes by the view's place, not its focus proxy's; Qt moves only focusable widgets.
        policy = view.focusPolicy()
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.window.notice.close_button, view)
        view.setFocusPolicy(policy)

    def release(self) -> None:
        """Stop following the application's focus (the window is closing)."""
        self._focus_changed.disconnect(self._ring)


# -- the window's place on the screen -----------------------------------------------------
def available_area(point: QPoint | None = None) -> QRect:
    """The part of the screen at a point (else the primary screen) that taskbars leave free."""
    screen = QGuiApplication.screenAt(point) if point is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_on_screen(rect: QRect, area: QRect) -> QRect:
    """A window rectangle (without its frame) shrunk and moved so that, framed, it lies in area."""
    inner = area.marginsRemoved(FRAME_ALLOWANCE)
    width, height = min(rect.width(), inner.width()), min(rect.height(), inner.height())
    x = max(inner.left(), min(rect.x(), inner.left() + inner.width() - width))
    y = max(inner.top(), min(rect.y(), inner.top() + inner.height() - height))
    return QRect(x, y, width, height)


def default_geometry(area: QRect) -> QRect:
    """The window's first-start rectangle: the default size or less, centred in the area."""
    inner = area.marginsRemoved(FRAME_ALLOWANCE)
    rect = QRect(QPoint(0, 0), DEFAULT_SIZE.boundedTo(inner.size()))
    rect.moveCenter(inner.center())
    return rect


def place_window(window: Any, settings: Settings) -> None:
    """Put the window where it was last time (brought onto a screen it still fits), or at the
    default size on the primary screen; restore its pane widths and maximised state."""
    if settings.window_geometry is not None:
        rect = QRect(*settings.window_geometry)
        area = available_area(rect.center())
    else:
        area = available_area()
        rect = default_geometry(area)
    window.setGeometry(fit_on_screen(rect, area))
    sizes = settings.splitter_sizes
    if sizes is not None and len(sizes) == window.splitter.count():
        window.splitter.setSizes(list(sizes))
    if settings.window_maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def window_place(window: Any) -> dict[str, Any]:
    """The window's rectangle, maximised state and pane widths, as the settings keep them."""
    rect = window.normalGeometry()
    return {
        "window_geometry": (rect.x(), rect.y(), rect.width(), rect.height()),
        "window_maximized": window.isMaximized(),
        "splitter_sizes": tuple(window.splitter.sizes()),
    }


def model_title(model: Any) -> str:
    """The model's name for the status bar: the catalogue's name, else the file's."""
    from pathlib import Path

    from tutor_app.engine.catalogue import spec_for_file
    from tutor_app.engine.discovery import is_starter_model

    path = getattr(model, "model_path", None)
    if path is None:
        return str(getattr(model, "name", "") or "unnamed model")
    if is_starter_model(path):
        return STARTER_MODEL_TITLE
    spec = spec_for_file(path)
    # A GGUF's own general.name is often a training run's ("Smollm2 135M 8k Lc100K Mix1 Ep2");
    # the file name is what the student downloaded or imported.
    return spec.display_name if spec is not None else Path(path).name.removesuffix(".gguf")


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
