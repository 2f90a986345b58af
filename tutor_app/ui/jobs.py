"""Plain functions the window runs in the background (no Qt here, testable on their own)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings
from tutor_app.store.records import SessionSummary


@dataclass
class SolveOutcome:
    """What a solve produced: the solution, where it was stored, or why storing failed."""

    solution: Any
    session_id: str | None
    store_error: str | None = None
    answer_html: str | None = None  # the chosen answer typeset, made off the GUI thread


def open_store_job(paths: AppPaths) -> Any:
    """Back up the progress database (kept: the newest 5), then open (and migrate) it."""
    from tutor_app.store.backup import automatic_backup
    from tutor_app.store.database import open_store

    paths.ensure()
    automatic_backup(paths)  # before a migration can change the file; a failure is only logged
    return open_store(paths.store_location)


def load_model_job(
    paths: AppPaths,
    settings: Settings,
    explicit: str | None,
    server: Any = None,
    on_status: Callable[[Any], None] | None = None,
) -> Any:
    """The model the window uses: the class's model server when one is set (given, else in
    the settings), with this computer's model as its stand-in; else the local model."""
    server = server or server_in_settings(settings)
    if server is None:
        return load_local_model_job(paths, settings, explicit)
    from tutor_app.engine.fallback import ServerWithFallback
    from tutor_app.engine.server import ServerModel

    model = ServerWithFallback(
        ServerModel(server), lambda: load_local_model_job(paths, settings, explicit), on_status
    )
    try:
        return model.connect()
    except BaseException:
        model.close()
        raise


def server_in_settings(settings: Settings) -> Any:
    """The class's model server the settings name (checked), or None."""
    if not settings.server_url:
        return None
    from tutor_app.engine.server_address import ServerSettings

    return ServerSettings.checked(
        settings.server_url, settings.server_api_key, settings.server_model
    )


def server_models_job(server: Any) -> list[str]:
    """The models the class's server offers (raises its ServerError when it cannot say)."""
    from tutor_app.engine.server import ServerModel

    model = ServerModel(server)
    try:
        return model.available_models()
    finally:
        model.close()


def load_local_model_job(paths: AppPaths, settings: Settings, explicit: str | None) -> Any:
    """Pick and load a model on its own worker thread; return it once it is ready."""
    from tutor_app.engine.discovery import choose_model
    from tutor_app.engine.runtime import LoadSettings, ModelWorker

    chosen = choose_model(paths, explicit)
    load = LoadSettings(settings.n_ctx, settings.threads or gui_threads(), settings.gpu_layers)
    return ModelWorker(chosen.path, load).load()


def gui_threads() -> int:
    """Model threads when the user has not chosen: all cores but one (kept for the window)."""
    return max(1, (os.cpu_count() or 1) - 1)


def warm_up_job() -> None:
    """Import what the first question needs and start the CAS worker, off the GUI thread."""
    import latex2mathml.converter  # noqa: F401
    import markdown  # noqa: F401

    import tutor_app.tutor.pipeline  # noqa: F401
    from tutor_app import verify
    from tutor_app.render.markdown_math import render_fragment

    # The first render loads markdown's extensions and the MathML tables: do it here, not on send.
    render_fragment(
        "**Warm-up:** $\\frac{x^2}{2} \\le \\sqrt{y}$\n\n- a list\n\n| a |\n|---|\n| 1 |\n"
    )
    verify.warm_up()


def solve_job(
    question: str,
    model: Any,
    store: Any,
    student_id: str | None,
    session_id: str | None,
    settings: Settings,
    seed: int,
    *,
    emit: Callable[[Any], None],
    cancelled: Callable[[], bool],
) -> SolveOutcome:
    """Solve, streaming (sample, piece) pairs through emit, then store the attempt."""
    from tutor_app.engine.discovery import is_starter_model
    from tutor_app.tutor.pipeline import solve

    solution = solve(
        question,
        model,
        retries=settings.retries,
        seed=seed,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
        on_piece=lambda sample, piece: emit((sample, piece)),
        cancelled=cancelled,
        cas_first=is_starter_model(getattr(model, "model_path", None)),
    )
    from tutor_app.render.markdown_math import render_fragment

    outcome = SolveOutcome(solution, session_id, answer_html=render_fragment(solution.shown_text))
    if store is None or student_id is None:
        outcome.store_error = "The progress database is not open, so this was not saved."
        return outcome
    try:
        outcome.session_id = record_job(store, student_id, session_id, solution)
    except TutorError as exc:
        outcome.store_error = f"This answer was not saved: {exc}"
    return outcome


def record_job(store: Any, student_id: str, session_id: str | None, solution: Any) -> str:
    """Store a solution in the current session (a new one if None); return the session id."""
    from tutor_app.tutor.recording import attempt_record

    record = attempt_record(solution, student_id, session_id)
    stored_in, _ = store.record_exchange(
        record, solution.problem, solution.shown_text, session_id=session_id
    )
    # What the chat showed around the answer, so a reopened session shows it again.
    for number, sample in enumerate(solution.samples, 1):
        if sample is not solution.chosen and sample.author == "model":
            store.add_message(stored_in, "system", f"Attempt {number} {sample.summary()}.")
    store.add_message(stored_in, "system", solution.verdict()[1])
    return str(stored_in)


def note_job(
    store: Any, student_id: str, session_id: str | None, question: str | None, notes: list[str]
) -> str:
    """Store what the chat said outside a worked solution (a plot drawn, and the question that
    asked for it, if any); return the session id (a new session when None)."""
    if session_id is None:
        session_id = store.start_session(student_id, (question or "Plot")[:200])
    if question is not None:
        store.add_message(session_id, "user", question)
    for note in notes:
        store.add_message(session_id, "system", note)
    return str(session_id)


def history_job(store: Any, student_id: str, query: str = "") -> list[SessionSummary]:
    """A student's past sessions, newest first; only those matching the query when given."""
    if query.strip():
        return list(store.search_sessions(student_id, query))
    return list(store.sessions(student_id))


@dataclass
class StoredSession:
    """A past session as saved: its conversation and its checked solutions, oldest first."""

    messages: list[tuple[str, str]]  # (role, content)
    attempts: list[Any]  # StoredAttempt


def stored_session_job(store: Any, session_id: str) -> StoredSession:
    """Read a past session's conversation and checked solutions."""
    return StoredSession(list(store.messages(session_id)), list(store.session_attempts(session_id)))
