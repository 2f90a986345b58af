"""The one path for background work: run a plain function on a thread, results by signal.

    Task(fn, arg).on_done(self.show).on_error(self.report).start()

The function never touches a widget. It runs on a named Python thread (so the test suite's
thread-leak check sees it and `wait()` can join it); its result, its error and any streamed
pieces reach the GUI thread through a signal of a relay object that lives there.
A streaming task's function receives an `emit(piece)` callable and a `cancelled()` check.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_counter = itertools.count(1)
_running: set[Task] = set()  # keeps tasks (and their relays) alive until they finish


class _Relay(QObject):
    """Carries a task's events from its thread to the GUI thread (queued connections)."""

    piece = Signal(object)
    done = Signal(object)
    failed = Signal(object)


class Task:
    """A function run once on its own thread, reporting back on the GUI thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any) -> None:
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.name = f"tutor-task-{name or getattr(fn, '__name__', 'work')}-{next(_counter)}"
        self._relay = _Relay()
        self._relay.done.connect(self._finish)
        self._relay.failed.connect(self._finish)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.finished = False

    def on_done(self, callback: Callable[[Any], None]) -> Task:
        """Call back with the function's return value, on the GUI thread."""
        self._relay.done.connect(callback)
        return self

    def on_error(self, callback: Callable[[BaseException], None]) -> Task:
        """Call back with the exception the function raised, on the GUI thread."""
        self._relay.failed.connect(callback)
        return self

    def start(self) -> Task:
        """Start the thread and return self."""
        _running.add(self)
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the function to stop (streaming tasks see it through `cancelled()`)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel.is_set()

    def is_running(self) -> bool:
        """Whether the thread is still working."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the thread (for shutdown); True when it has ended."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.is_running()

    def _call(self) -> Any:
        return self._fn(*self._args, **self._kwargs)

    def _run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            if not isinstance(exc, Exception):
                log.warning("task %s ended by %r", self.name, exc)
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)

    def _finish(self, _value: object) -> None:
        self.finished = True
        _running.discard(self)


class StreamTask(Task):
    """A task whose function streams: fn(*args, emit=..., cancelled=...) -> result."""

    def on_piece(self, callback: Callable[[Any], None]) -> StreamTask:
        """Call back with every piece the function emits, in order, on the GUI thread."""
        self._relay.piece.connect(callback)
        return self

    def _call(self) -> Any:
        return self._fn(
            *self._args, emit=self._relay.piece.emit, cancelled=self._cancel.is_set, **self._kwargs
        )


def running_tasks() -> list[Task]:
    """Tasks started and not yet reported back (for shutdown and tests)."""
    return list(_running)
