"""Failures a student can meet: no usable model, no QtWebEngine. The app stays up, text is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings
from tutor_app.ui.chat_view import NO_WEBENGINE_ENV
from tutor_app.ui.transcript import TUTOR, USER


def test_a_corrupt_model_file_gives_a_message_and_a_way_forward(
    qtbot: Any, paths: AppPaths, tmp_path: Path
) -> None:
    from tutor_app.ui.main_window import MainWindow

    broken = tmp_path / "phi-4-Q4_K_M.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 60)
    window = MainWindow(paths, Settings(), explicit_model=str(broken), typeset=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.model_failed, timeout=60_000) as failed:
            window.start()
        assert "phi-4-Q4_K_M.gguf" in failed.args[0]
        assert failed.args[0] in window.notice.text()
        assert window.notice.action.text() == "Open the model manager…"
        _ask_what_needs_the_model(qtbot, window)
        window.notice.action.click()  # no teacher PIN yet: the manager opens
        qtbot.waitUntil(lambda: getattr(window, "models_dialog", None) is not None)
        assert window.models_dialog.isVisible()
        window.models_dialog.close()
    finally:
        window.shutdown()


def test_without_qtwebengine_maths_is_shown_as_latex(
    qtbot: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor_app.ui.app import create_window

    monkeypatch.setenv(NO_WEBENGINE_ENV, "1")
    window = create_window(paths)
    qtbot.addWidget(window)
    try:
        assert not window.chat.typeset
        assert "LaTeX" in window.notice.text()
        window.transcript.add(USER, "Solve $x^2 = 4$")
        window.transcript.add(TUTOR, "So $x = \\pm 2$.")
        window.chat.render_now()
        shown = window.chat._text.toPlainText()
        assert "$x^2 = 4$" in shown and "\\pm 2" in shown
    finally:
        window.shutdown()


def test_a_conversation_longer_than_a_data_url_allows_is_still_shown(
    qtbot: Any, paths: AppPaths
) -> None:
    from tutor_app.ui.chat_view import SET_HTML_LIMIT
    from tutor_app.ui.main_window import MainWindow

    window = MainWindow(paths, Settings(), typeset=True)
    qtbot.addWidget(window)
    try:
        if not window.chat.typeset:
            pytest.skip("QtWebEngine is not available here")
        paragraph = "Step: we add $x^2$ to both sides and keep going. " * 40 + "\n\n"
        for n in range(1 + SET_HTML_LIMIT // len(paragraph * 10)):
            window.transcript.add(USER, f"Question {n}")
            window.transcript.add(TUTOR, paragraph * 10)
        window.transcript.add(TUTOR, "The very last line.")
        with qtbot.waitSignal(window.chat.rendered, timeout=60_000):
            window.chat.render_now()
        texts: list[str] = []
        window.chat._web.page().toPlainText(texts.append)
        qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
        assert "Question 0" in texts[0] and texts[0].rstrip().endswith("The very last line.")
    finally:
        window.shutdown()


def test_a_crashed_maths_view_falls_back_to_text(qtbot: Any, paths: AppPaths) -> None:
    from tutor_app.ui.main_window import MainWindow

    window = MainWindow(paths, Settings(), typeset=True)
    qtbot.addWidget(window)
    try:
        if not window.chat.typeset:
            pytest.skip("QtWebEngine is not available here")
        window.transcript.add(TUTOR, "Then $x = 2$.")
        with qtbot.waitSignal(window.chat.rendered, timeout=5000):
            window.chat.fall_back("The maths display stopped working; maths is now shown as text.")
        assert not window.chat.typeset
        assert "stopped working" in window.notice.text()
        assert "$x = 2$" in window.chat._text.toPlainText()
    finally:
        window.shutdown()


NEEDS_THE_MODEL = "Explain what a prime number is, with 7 as an example"


def _ask_what_needs_the_model(qtbot: Any, window: Any) -> None:
    """Without a model the CAS answers what it can; a question it cannot gets a way forward."""
    with qtbot.waitSignal(window.conversation.answer_failed, timeout=60_000):
        window.question.setPlainText(NEEDS_THE_MODEL)
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    assert window.question.toPlainText() == NEEDS_THE_MODEL  # nothing typed is lost
    assert window.conversation.task is None
    assert "needs the model" in window.notice.text()


def _model_failure_keeps_the_question(qtbot: Any, window: Any, failed: Any) -> None:
    """After a failed load: a way forward is offered, the window is up, typed text is kept."""
    assert failed.args[0] in window.notice.text()
    assert window.notice.isVisible() and window.notice.action.isVisible()
    assert window.notice.action.text() == "Open the model manager…"
    assert window.model is None
    _ask_what_needs_the_model(qtbot, window)
    assert window.isVisible()  # the window stays up
    window.notice.action.click()  # no teacher PIN yet: the manager opens
    qtbot.waitUntil(lambda: getattr(window, "models_dialog", None) is not None)
    assert window.models_dialog.isVisible()
    window.models_dialog.close()


@pytest.mark.parametrize(
    ("settings", "model_file", "said"),
    [
        # A context this long needs far more memory for its cache than any machine has free.
        (Settings(n_ctx=10**9), None, ["memory", "smaller model"]),
        (Settings(), "models/not-here-Q4_K_M.gguf", ["missing", "not-here-Q4_K_M.gguf"]),
    ],
    ids=["too-large-for-memory", "missing-file"],
)
def test_a_model_that_cannot_load_gives_a_message_and_a_way_forward(
    qtbot: Any,
    paths: AppPaths,
    tmp_path: Path,
    settings: Settings,
    model_file: str | None,
    said: list[str],
) -> None:
    from tutor_app.ui.main_window import MainWindow

    explicit = str(tmp_path / model_file) if model_file else None
    window = MainWindow(paths, settings, explicit_model=explicit, typeset=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.model_failed, timeout=60_000) as failed:
            window.start()
        message = failed.args[0]
        assert all(words in message for words in said), message
        assert "Something went wrong" not in message  # a known failure, not a crash report
        _model_failure_keeps_the_question(qtbot, window, failed)
    finally:
        window.shutdown()


def _fill_the_database(store: Any) -> None:
    """A full disk, for real: SQLite may not grow the file, and its pages are filled up."""
    from sqlalchemy import event

    from tutor_app.errors import StoreError

    filler = store.student("Filler")
    session_id = store.start_session(filler.id, "filler")

    def no_more_pages(dbapi_connection: Any, _record: Any) -> None:
        # max_page_count cannot go below the current size: the file may not grow any more.
        dbapi_connection.execute("PRAGMA max_page_count = 1").close()

    event.listen(store.engine, "connect", no_more_pages)
    store.engine.dispose()  # every connection from now on has the limit
    full = ""
    for size in (2000, 500, 100, 20, 1):  # fill the free room in the pages, biggest rows first
        for _ in range(1000):
            try:
                store.add_message(session_id, "user", "x" * size)
            except StoreError as exc:
                full = str(exc)
                break
        for _ in range(1000):
            try:
                store.start_session(filler.id, "t" * size)
            except StoreError:
                break
    assert "full" in full


def test_a_full_disk_still_shows_the_answer_and_says_it_was_not_saved(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    _fill_the_database(window.store)
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        window.question.setPlainText("Solve 2x + 3 = 7")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    outcome = done.args[0]
    assert outcome.store_error is not None and "not saved" in outcome.store_error
    assert "full" in outcome.store_error
    assert outcome.session_id is None  # nothing was stored
    assert outcome.store_error in window.notice.text()
    assert window.notice.isVisible()
    answer = window.conversation.last_answer()
    assert answer.strip() and answer == outcome.solution.shown_text
    assert "Solve 2x + 3 = 7" in window.chat.plain_text()
    assert window.solution_panel.cards  # the worked solution is shown too
    assert window.store.sessions(window.student.id) == []
    assert window.send_button.isEnabled() and window.isVisible()
