"""The main window: history | chat and plots | worked solution, with menus and shortcuts."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
)

from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings, save_settings
from tutor_app.store.records import SessionSummary
from tutor_app.ui import jobs
from tutor_app.ui.chat_view import ChatView
from tutor_app.ui.conversation import Conversation
from tutor_app.ui.draft_keeper import DraftKeeper
from tutor_app.ui.hint_mode import HintMode
from tutor_app.ui.history_panel import HistoryPanel
from tutor_app.ui.modes import CHECK, HINTS, PRACTICE, ModeBar
from tutor_app.ui.plots_tab import PlotsTab
from tutor_app.ui.practice_page import PracticePage
from tutor_app.ui.solution_panel import SolutionPanel
from tutor_app.ui.tasks import Task
from tutor_app.ui.teacher_gate import install_teacher_menu
from tutor_app.ui.theme import apply_theme, window_style
from tutor_app.ui.transcript import TUTOR, Transcript
from tutor_app.ui.widgets import NoticeBar, QuestionBox
from tutor_app.ui.window_parts import (
    ChatKeyboardStop,
    build_layout,
    describe_error,
    install_menus,
    model_title,
    place_window,
    window_place,
)
from tutor_app.ui.work_page import WorkPage

log = logging.getLogger(__name__)

CONFIRMATION_MS = 2000  # how long "Copied" shows in the status bar
SERVER_STATUS_MS = 30_000  # how long news of the model server shows there


class MainWindow(QMainWindow):
    """The tutor's window; background work (store, model, solving) goes through Task."""

    store_ready = Signal()
    model_ready = Signal(str)
    model_failed = Signal(str)
    server_status = Signal(object)  # ServerNews: the model server failed or is back (any thread)
    student_changed = Signal(str)
    history_loaded = Signal()
    session_opened = Signal(str)

    # Made by window_parts.build_layout.
    history: HistoryPanel
    notice: NoticeBar
    chat: ChatView
    chat_frame: QFrame
    question: QuestionBox
    send_button: QPushButton
    stop_button: QPushButton
    regenerate_button: QPushButton
    edit_button: QPushButton
    copy_button: QPushButton
    plots: PlotsTab
    tabs: QTabWidget
    solution_panel: SolutionPanel
    splitter: QSplitter
    model_label: QLabel
    mode_bar: ModeBar
    mode_pages: QStackedWidget
    next_hint_button: QPushButton
    work_page: WorkPage
    practice_page: PracticePage
    copy_action: QAction  # made by window_parts.install_menus

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        *,
        model: Any = None,
        explicit_model: str | None = None,
        explicit_server: Any = None,
        typeset: bool = True,
    ) -> None:
        super().__init__()
        self.paths, self.settings = paths, settings
        self.model, self.owns_model = model, model is None
        self.explicit_model = explicit_model
        self.explicit_server = explicit_server  # --server, over the settings' server
        self.store: Any = None
        self.student: Any = None
        self.tasks: list[Task] = []
        self.closing = False
        self.transcript = Transcript()
        self.setWindowTitle("Tutor")
        self.hint_mode = HintMode(self)
        build_layout(self, typeset)
        place_window(self, settings)
        self.conversation = Conversation(self)
        self.conversation.busy_changed.connect(lambda _busy: self._update_actions())
        self.conversation.answer_finished.connect(lambda _o: self._update_actions())
        self.conversation.answer_failed.connect(lambda _m: self._update_actions())
        self.conversation.answer_finished.connect(lambda _o: self.refresh_history())
        self.drafts = DraftKeeper(paths, self.question, self)
        self.conversation.busy_changed.connect(self._busy_draft)
        self.conversation.plot_drawn.connect(self._show_plot)
        self.hint_mode.busy_changed.connect(lambda _busy: self._update_actions())
        self.hint_mode.hint_shown.connect(lambda _level: self._update_actions())
        self.mode_bar.mode_changed.connect(self.set_mode)
        self.server_status.connect(self._server_status)
        install_menus(self)
        self.progress_dialog: Any = None
        self.progress_action = self._progress_menu()
        self.teacher = install_teacher_menu(self)  # Teacher > Teacher area… behind the PIN
        self.own_pin: Any = None  # File > My PIN…, while its dialogs are open
        self.apply_settings(settings)
        self._update_actions()
        self.chat_stop = ChatKeyboardStop(self)
        self.question.setFocus()  # the first thing typed is a question

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings: font size and theme now; model settings on the next load."""
        self.settings = settings
        dark = settings.theme == "dark"
        apply_theme(dark)
        self.chat.font_size, self.chat.dark = settings.font_size, dark
        # The whole window, its dialogs and menus follow the font size (the question box
        # matches the chat); after the palette, so that re-polished widgets take it too.
        self.setStyleSheet(window_style(dark, settings.font_size))
        self.solution_panel.refresh()  # its cards size their text when they are built
        self.chat.render_now()

    def _busy_draft(self, busy: bool) -> None:
        if not busy:
            self.drafts.answered()

    def _update_actions(self) -> None:
        """Enable what can act now: Try again, Edit and Copy only once the session has an answer."""
        busy = self.conversation.busy or self.hint_mode.busy
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(self.conversation.busy)
        hints = self.mode_bar.mode() == HINTS
        self.next_hint_button.setVisible(hints)
        self.next_hint_button.setText(self.hint_mode.next_label)
        self.next_hint_button.setEnabled(not busy and self.hint_mode.question is not None)
        self.send_button.setText("Get a hint" if hints else "Send")
        answered = not busy and self.transcript.last(TUTOR) is not None
        asked = answered and self.conversation.last_question is not None
        for button in (self.regenerate_button, self.edit_button):
            button.setEnabled(asked)
        has_text = answered and bool(self.conversation.last_answer())
        self.copy_button.setEnabled(has_text)
        self.copy_action.setEnabled(has_text)

    # -- start-up --------------------------------------------------------
    def start(self) -> None:
        """Open the store, load the model and warm up the checker, all in the background."""
        self.run_task(Task(jobs.open_store_job, self.paths, name="store"), self._store_opened,
                      self._store_failed)  # fmt: skip
        if self.model is None:
            self.load_model()
        else:
            self.model_label.setText(f"Model: {model_title(self.model)}")
            self.model_ready.emit(self.model.name)
        self.run_task(Task(jobs.warm_up_job, name="warm-up"), None, self._warm_up_failed)

    def run_task(self, task: Task, done: Any, error: Any) -> Task:
        """Start a task the window waits for on close."""
        self.tasks = [t for t in self.tasks if not t.finished]
        self.tasks.append(task)

        def delivered(value: Any) -> None:
            if self.closing:  # finished after the window closed: free what it made
                if hasattr(value, "close"):
                    value.close()
            elif done is not None:
                done(value)

        task.on_done(delivered)
        if error is not None:
            task.on_error(lambda exc: None if self.closing else error(exc))
        return task.start()

    def _store_opened(self, store: Any) -> None:
        self.store = store
        self.store_ready.emit()
        self.pick_student()

    def _store_failed(self, error: BaseException) -> None:
        self.notice.show_message(
            f"{self.describe_error(error)} Answers will not be saved until this is fixed.",
            lasting=True,
        )

    def _warm_up_failed(self, error: BaseException) -> None:
        self.notice.show_message(
            f"The maths checker could not start, so lines cannot be checked. "
            f"{self.describe_error(error)}",
            lasting=True,
        )

    def load_model(self) -> None:
        """Load the chosen model in the background (replacing the current one when done)."""
        self.model_label.setText("Loading the model…")
        task = Task(jobs.load_model_job, self.paths, self.settings, self.explicit_model,
                    self.explicit_server, self.server_status.emit, name="load-model")  # fmt: skip
        self.run_task(task, self._model_loaded, self._model_load_failed)

    def _server_status(self, news: Any) -> None:
        """The model server went down (this computer's model stands in) or came back: a short
        line in the status bar, the whole story on the model's name."""
        self.statusBar().showMessage(news.short, SERVER_STATUS_MS)
        self.model_label.setToolTip(news.detail)
        if self.model is not None:
            self.model_label.setText(f"Model: {model_title(self.model)}")

    def _model_loaded(self, worker: Any) -> None:
        old, self.model, self.owns_model = self.model, worker, True
        if old is not None and old is not worker and hasattr(old, "close"):
            old.close()
        self.model_label.setText(f"Model: {model_title(worker)}")
        self.model_ready.emit(worker.name)
        if not self.settings.model_manager_offered:
            from tutor_app.engine.discovery import is_starter_model

            if is_starter_model(getattr(worker, "model_path", None)):
                self._offer_model_manager()

    def _offer_model_manager(self) -> None:
        """Once, on a start with only the starter model: point to the model manager."""
        self._point_to_model_manager(
            "The tutor is running its small starter model, whose explanations are often wrong "
            "(the checker marks them). A Phi-4 model explains far better; the model manager "
            "shows which fits this computer."
        )
        self.settings = replace(self.settings, model_manager_offered=True)
        self._save_settings()

    def _model_load_failed(self, error: BaseException) -> None:
        message = self.describe_error(error)
        self.model_label.setText("No model loaded")
        self.notice.show_message(message, action="Open the model manager…",
                                 callback=self.open_models, lasting=True)  # fmt: skip
        self.model_failed.emit(message)

    def explain_missing_model(self) -> None:
        """Say why no question can be answered yet, with a way forward."""
        self._point_to_model_manager(
            "This question needs the model, which is not loaded yet (or could not be loaded); "
            "questions the computer algebra system can work out alone are still answered. "
            "Your question is kept."
        )

    def _point_to_model_manager(self, text: str) -> None:
        """A lasting note (not an error) with a button that opens the model manager."""
        self.notice.show_message(text, error=False, action="Open the model manager…",
                                 callback=self.open_models, lasting=True)  # fmt: skip

    # -- students and history ------------------------------------------
    def switch_student(self) -> None:
        """File > Switch student: the picker, where a student with a PIN must type it."""
        self.pick_student()

    def choose_my_pin(self) -> None:
        """File > My PIN…: the student chooses a PIN (after typing the old one, if any) that
        keeps classmates at this computer out of their profile."""
        if self.store is None or self.student is None:
            return
        if self.own_pin is not None and self.own_pin.is_open():
            return
        from tutor_app.ui.pin_dialog import open_own_pin

        self.own_pin = open_own_pin(self, self.student.id, self.student.name)

    def pick_student(self) -> None:
        """Show the student picker (non-blocking); the choice arrives in set_student."""
        if self.store is None:
            self.notice.show_message("The progress database is not open yet.")
            return
        from tutor_app.ui.student_picker import StudentPicker

        self.picker = StudentPicker(self, self.settings.last_student, self)
        self.picker.accepted.connect(lambda: self.set_student(self.picker.chosen))
        self.picker.teacher_wanted.connect(self.teacher.open_area)
        # A roster imported in the teacher area shows in the picker when the area closes.
        self.teacher.locked.connect(self.picker.reload)
        self.picker.open()

    def set_student(self, student: Any) -> None:
        """Make this student the current one, remember them, and load their history."""
        self.student = student
        self.setWindowTitle(f"Tutor — {student.name}")
        self.settings = replace(self.settings, last_student=student.name)
        self._save_settings()
        self.new_session()  # the last student's chat, graph and notice are theirs
        self.drafts.set_student(student.id)
        self.progress_action.setEnabled(True)
        self.student_changed.emit(student.name)
        self.refresh_history()

    def refresh_history(self) -> None:
        """Reload the student's past sessions (those matching the search) in the background."""
        if self.store is None or self.student is None:
            return
        query = self.history.query()
        task = Task(jobs.history_job, self.store, self.student.id, query, name="history")
        self.run_task(task, lambda found: self._history_loaded(query, found), self._store_failed)

    def _history_loaded(self, query: str, sessions: list[SessionSummary]) -> None:
        if self.history.set_sessions(query, sessions):  # False: an older search, superseded
            self.history_loaded.emit()

    def open_session(self, session_id: str) -> None:
        """Show a past session: its conversation in the chat, its checked solutions beside it."""
        if self.conversation.busy or self.store is None:
            return
        task = Task(jobs.stored_session_job, self.store, session_id, name="stored-session")
        self.run_task(task, lambda saved: self._session_opened(session_id, saved),
                      self._store_failed)  # fmt: skip

    def _session_opened(self, session_id: str, saved: jobs.StoredSession) -> None:
        if self.conversation.busy:  # a question was asked meanwhile: it has the chat now
            return
        self.conversation.show_stored(session_id, saved.messages)
        self.solution_panel.show_saved(saved.attempts)
        self._leave_session()
        self.session_opened.emit(session_id)

    # -- modes ----------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Work in another mode: Explain and Hints in the chat, Check my work, or Practice."""
        if self.mode_bar.mode() != mode:
            self.mode_bar.set_mode(mode)  # comes back here through mode_changed
            return
        self.mode_pages.setCurrentIndex({CHECK: 1, PRACTICE: 2}.get(mode, 0))
        self.tabs.setCurrentIndex(0)
        if mode == CHECK:
            self.work_page.activate()
        elif mode == PRACTICE:
            self.practice_page.activate()
        else:
            self.question.setFocus()
        self._update_actions()

    # -- chat actions ---------------------------------------------------
    def send(self) -> None:
        """Send the typed question; the text stays in the box if it cannot be sent."""
        text = self.question.toPlainText()
        ask = self.hint_mode.ask if self.mode_bar.mode() == HINTS else self.conversation.ask
        if ask(text):
            if self.conversation.busy:  # a solve (or a plot): the text stays the draft till done
                self.drafts.sent()
            self.question.clear()
            self.notice.hide()

    def restore_question(self, text: str) -> None:
        """Put a question back in the box if the student has not typed something else."""
        if not self.question.toPlainText().strip():
            self.question.setPlainText(text)

    def edit_last_question(self) -> None:
        """Put the last question in the box to change and send again."""
        if self.conversation.last_question:
            self.question.setPlainText(self.conversation.last_question)
            self.question.setFocus()

    def copy_answer(self) -> None:
        """Copy the selected chat text, else the last answer, to the clipboard, and say so."""
        selected = self.chat.selected_text()
        text = selected or self.conversation.last_answer()
        if not text:  # the menu entry is disabled then; never empty the clipboard
            return
        QGuiApplication.clipboard().setText(text)
        what = "the selected text" if selected else "the answer"
        self.statusBar().showMessage(f"Copied {what}.", CONFIRMATION_MS)

    def new_session(self) -> None:
        """Ctrl+N: an empty chat for a new session, ready for the next question."""
        self.conversation.new_session()
        self.hint_mode.reset()
        self.work_page.reset()
        self.practice_page.reset()
        self._leave_session()
        self.question.setFocus()

    def _leave_session(self) -> None:
        """Nothing of the last session stays on show: its graph, notice or answer's buttons."""
        self.plots.clear()
        self.tabs.setCurrentIndex(0)
        self.notice.clear_session_message()
        self._update_actions()

    def _show_plot(self, figure: Any) -> None:
        self.plots.show_figure(figure)
        self.tabs.setCurrentWidget(self.plots)

    # -- dialogs ----------------------------------------------------------
    def open_models(self) -> None:
        """The model manager (catalogue, import, download), behind the teacher PIN once set."""
        self.teacher.require(self._show_models)

    def _show_models(self) -> None:
        from tutor_app.ui.models_dialog import ModelsDialog

        try:
            server = self.explicit_server or jobs.server_in_settings(self.settings)
        except TutorError as exc:
            server = None
            self.notice.show_message(f"The class's model server cannot be used: {exc}")
        self.models_dialog = ModelsDialog(self.paths, self, server=server)
        self.models_dialog.model_chosen.connect(self._use_model_file)
        self.models_dialog.open()

    def _progress_menu(self) -> QAction:
        """View > My progress (Ctrl+Shift+P), enabled once a student is chosen."""
        action = QAction("&My progress…", self)
        action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setEnabled(False)
        action.triggered.connect(self.open_progress)
        self.menuBar().addMenu("&View").addAction(action)
        return action

    def open_progress(self) -> None:
        """The student's own progress: mastery per skill, the skill map, streak, recent work."""
        if self.student is None:
            return
        from tutor_app.ui.progress_view import ProgressDialog

        if self.progress_dialog is None:
            self.progress_dialog = ProgressDialog(self)
        self.progress_dialog.open_and_load()

    def _use_model_file(self, path: str) -> None:
        self.explicit_model = path
        self.load_model()

    def open_settings(self) -> None:
        """The settings dialog, behind the teacher PIN once set; saved settings apply at once
        (model ones after reloading)."""
        self.teacher.require(self._show_settings)

    def _show_settings(self) -> None:
        from tutor_app.ui.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.settings, self)
        self.settings_dialog.saved.connect(self._settings_saved)
        self.settings_dialog.open()

    def _settings_saved(self, settings: Settings) -> None:
        server = (self.settings.server_url, self.settings.server_api_key,
                  self.settings.server_model)  # fmt: skip
        self.apply_settings(settings)
        self._save_settings()
        if server != (settings.server_url, settings.server_api_key, settings.server_model):
            self.load_model()  # the class's model server was set, changed or turned off

    def _save_settings(self) -> None:
        try:
            save_settings(self.paths, self.settings)
        except OSError as exc:
            self.notice.show_message(f"Settings could not be saved: {exc}")

    # -- errors and shutdown ---------------------------------------------
    def describe_error(self, error: BaseException) -> str:
        """A message for the student: the error's own for known failures, else a crash report."""
        return describe_error(self.paths, error)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Stop the answer, wait for background work, free the model and the database."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop everything this window started (idempotent)."""
        if self.closing:
            return
        if self.isVisible():  # where it is now, for the next start
            self.settings = replace(self.settings, **window_place(self))
            self._save_settings()
        self.closing = True
        self.chat_stop.release()
        self.conversation.stop()
        for task in [*self.tasks, *([self.conversation.task] if self.conversation.task else [])]:
            task.cancel()
            if not task.wait(60):
                log.warning("%s did not stop in time", task.name)
        self.tasks = []
        if self.owns_model and self.model is not None and hasattr(self.model, "close"):
            self.model.close()
        self.model = None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.chat.shutdown()
        self.plots.clear()
