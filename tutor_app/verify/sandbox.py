"""CAS work in worker processes with a time and memory limit that also hold on Windows.

Each worker is a spawned process that imports SymPy once and serves requests over a pipe.
The parent waits with a deadline and watches the worker's resident memory with psutil, so the
limits need neither `signal.alarm` nor `fork`. A worker that overruns is killed and replaced.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import threading
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

DEFAULT_TIME_LIMIT = 2.0
DEFAULT_MEMORY_LIMIT = 1536 * 1024 * 1024
START_TIMEOUT = 120.0
_POLL_SLICE = 0.02


class CasTimeout(Exception):
    """The CAS did not finish within the time limit; the worker was replaced."""


class CasFailure(Exception):
    """The CAS worker died, ran out of memory or raised; the message says which."""


def _serve(conn: Connection, memory_limit: int) -> None:
    """Worker process main loop: run named operations until told to stop."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit * 2, memory_limit * 2))
    except (ImportError, ValueError, OSError):
        pass  # Windows and some macOS versions: the parent's RSS watchdog still applies.
    from tutor_app.verify.operations import OPERATIONS, warm_up

    try:
        warm_up()  # first calls import SymPy's solvers lazily: pay for that before the limit
    except Exception:  # only an optimisation; the same fault will show in a real check
        traceback.print_exc()
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        name, args = message
        try:
            conn.send(("ok", OPERATIONS[name](*args)))
        except MemoryError:
            conn.send(("error", "ran out of memory"))
        except RecursionError:
            conn.send(("error", "nested too deeply"))
        except Exception as exc:  # a bug in SymPy or in a rule must not kill the pool
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class CasWorker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, memory_limit: int) -> None:
        self.memory_limit = memory_limit
        self.process: Any = None
        self.conn: Connection | None = None

    def ensure_started(self) -> None:
        """Start the process if it is not running, and wait until it has imported SymPy."""
        if self.process is not None and self.process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.memory_limit), daemon=True, name="tutor-cas"
        )
        process.start()
        child.close()
        try:
            if not parent.poll(START_TIMEOUT):
                raise EOFError
            parent.recv()
        except (EOFError, OSError) as exc:
            process.kill()
            raise CasFailure("the maths checker did not start") from exc
        self.process, self.conn = process, parent

    def call(self, name: str, args: tuple[Any, ...], time_limit: float) -> Any:
        """Run one operation; kill and forget the process if it overruns."""
        self.ensure_started()
        assert self.conn is not None
        self.conn.send((name, args))
        deadline = time.monotonic() + time_limit
        watched = _memory_reader(self.process.pid)
        while True:
            if self.conn.poll(_POLL_SLICE):
                try:
                    status, value = self.conn.recv()
                except (EOFError, OSError) as exc:
                    self.stop()
                    raise CasFailure("the maths checker stopped unexpectedly") from exc
                if status == "ok":
                    return value
                raise CasFailure(value)
            if not self.process.is_alive():
                self.stop()
                raise CasFailure("the maths checker stopped unexpectedly")
            if watched() > self.memory_limit:
                self.stop()
                raise CasFailure("needed too much memory")
            if time.monotonic() >= deadline:
                self.stop()
                raise CasTimeout(f"took longer than {time_limit:g} s")

    def stop(self) -> None:
        """Kill the process (used after an overrun and at exit)."""
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None


def _memory_reader(pid: int) -> Any:
    try:
        import psutil

        proc = psutil.Process(pid)
    except Exception:  # psutil missing or process gone: the time limit still holds
        return lambda: 0

    def read() -> int:
        try:
            return int(proc.memory_info().rss)
        except Exception:
            return 0

    return read


class CasPool:
    """A fixed set of CAS workers shared by threads; each call borrows a free one."""

    def __init__(
        self,
        size: int = 1,
        time_limit: float = DEFAULT_TIME_LIMIT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.time_limit = time_limit
        self.workers: queue.Queue[CasWorker] = queue.Queue()
        self._all = [CasWorker(memory_limit) for _ in range(size)]
        for worker in self._all:
            self.workers.put(worker)

    def run(self, name: str, *args: Any, time_limit: float | None = None) -> Any:
        """Run a named operation in a worker within the time limit."""
        worker = self.workers.get()
        try:
            return worker.call(name, args, time_limit or self.time_limit)
        finally:
            self.workers.put(worker)

    def warm_up(self) -> None:
        """Start every worker now so the first check is not slowed by SymPy's import."""
        for worker in self._all:
            worker.ensure_started()

    def close(self) -> None:
        """Stop all workers."""
        for worker in self._all:
            worker.stop()


class InProcessCas(CasPool):
    """The operations run in the calling process, with no time or memory limit. Only for
    mutation testing (the mutated code must run in the test's own process, where the tool
    watches it) and debugging; chosen with TUTOR_CAS_IN_PROCESS=1, never by the app."""

    def __init__(self) -> None:
        super().__init__(size=0)

    def run(self, name: str, *args: Any, time_limit: float | None = None) -> Any:
        """Run a named operation here and now; its exception is raised as the pool's."""
        from tutor_app.verify.operations import OPERATIONS

        try:
            return OPERATIONS[name](*args)
        except Exception as exc:
            raise CasFailure(f"{type(exc).__name__}: {exc}") from exc


IN_PROCESS_ENV = "TUTOR_CAS_IN_PROCESS"
_default: CasPool | None = None
_default_lock = threading.Lock()


def default_pool() -> CasPool:
    """The process-wide pool used by the public checker functions."""
    global _default
    with _default_lock:
        if _default is None:
            _default = InProcessCas() if os.environ.get(IN_PROCESS_ENV) == "1" else CasPool()
            atexit.register(_default.close)
        return _default
