"""The class's model server first, this computer's own model when the server fails.

A reply the server cannot start (unreachable, refused key, model gone, nothing sent in time) is
asked of the local model instead, and the status line says so; the server is tried again on a
later question once `retry_seconds` have passed. A reply the server stops half way is not
asked again: it ends as cut off (see `ServerGeneration`), so what the student saw is kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tutor_app.engine.runtime import SamplingSettings
from tutor_app.engine.server import ServerModel
from tutor_app.engine.server_address import (
    ServerError,
    ServerModelMissing,
    ServerRefusedKey,
    ServerUnreachable,
)

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0


@dataclass(frozen=True)
class ServerNews:
    """The model server went down (this computer's model stands in) or came back: a short
    line for a status bar, and the whole story."""

    short: str
    detail: str


StatusCallback = Callable[[ServerNews], None]


class ServerWithFallback:
    """A chat model that streams from the server, or from a local model while it is down."""

    def __init__(
        self,
        server: ServerModel,
        load_local: Callable[[], Any] | None = None,
        on_status: StatusCallback | None = None,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self._load_local = load_local
        self._local: Any = None
        self._on_status = on_status or (lambda _message: None)
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def connect(self) -> ServerWithFallback:
        """Check the server now; switch to the local model at once when it cannot be used."""
        try:
            self.server.connect()
        except ServerError as error:
            self.server_failed(error)
        return self

    @property
    def name(self) -> str:
        """The name of the model answering now."""
        if self.on_server or self._local is None:
            return self.server.name
        return str(self._local.name)

    @property
    def on_server(self) -> bool:
        """Whether the last reply came (or the next will come) from the server."""
        return self._failed_at is None

    @property
    def model_path(self) -> Any:
        """The local model's file while it stands in; None on the server."""
        return None if self.on_server else getattr(self._local, "model_path", None)

    def stream_chat(
        self, messages: Sequence[Mapping[str, str]], sampling: SamplingSettings | None = None
    ) -> FallbackStream:
        """Stream a reply from the server, or from the local model when the server fails."""
        return FallbackStream(self, [dict(m) for m in messages], sampling or SamplingSettings())

    def close(self) -> None:
        """Close the server connections and free the local model."""
        self.server.close()
        if self._local is not None and hasattr(self._local, "close"):
            self._local.close()

    # -- used by FallbackStream -------------------------------------------
    def server_due(self) -> bool:
        """Whether the next reply should be asked of the server."""
        with self._lock:
            return self._failed_at is None or (
                self._clock() - self._failed_at >= self.retry_seconds
            )

    def server_answered(self) -> None:
        """Note that the server works (again)."""
        with self._lock:
            was_down, self._failed_at = self._failed_at is not None, None
        if was_down:
            back = f"Back on the class's model server: {self.server.name}."
            self._on_status(ServerNews(back, back))

    def server_failed(self, error: ServerError) -> Any:
        """Note the failure and return the local model to use instead; re-raise the server's
        error when this computer has no model of its own."""
        with self._lock:
            self._failed_at = self._clock()
            if self._local is None and self._load_local is not None:
                try:
                    self._local = self._load_local()
                except Exception as exc:
                    log.warning("no local model to fall back on: %s", exc)
                    self._load_local = None
        trouble = f"The class's model server {_trouble(error)}"
        if self._local is None:
            self._on_status(ServerNews(f"{trouble}.", str(error)))
            raise error
        minutes = max(1, round(self.retry_seconds / 60))
        again = f"{minutes} minute{'s' if minutes != 1 else ''}"
        self._on_status(
            ServerNews(
                f"{trouble}: this computer's model answers until it is back.",
                f"{error} Using this computer's model instead; the tutor tries the server again "
                f"in {again}.",
            )
        )
        return self._local

    def local_model(self) -> Any:
        """The local model standing in (None before the server first failed)."""
        return self._local


def _trouble(error: ServerError) -> str:
    """What went wrong with the server, in a few words for a status bar."""
    if isinstance(error, ServerRefusedKey):
        return "refused the API key"
    if isinstance(error, ServerModelMissing):
        return "does not have the model asked for"
    if isinstance(error, ServerUnreachable):
        return "is not answering" if "sent nothing" in str(error) else "cannot be reached"
    return "failed"


class FallbackStream:
    """One reply: from the server, or, if the server could not start it, the local model."""

    def __init__(
        self, owner: ServerWithFallback, messages: list[dict[str, str]], sampling: SamplingSettings
    ) -> None:
        self._owner = owner
        self._messages = messages
        self._sampling = sampling
        self._inner: Any = None
        self._cancelled = False
        self._stop: Callable[[], bool] | None = None

    @property
    def finish_reason(self) -> str | None:
        """Why the reply ended ("stop", "length", "cancelled", "cut off"), once it has."""
        return getattr(self._inner, "finish_reason", None)

    @property
    def cut_off_reason(self) -> str | None:
        """What stopped a reply the server cut off, in a few words."""
        return getattr(self._inner, "cut_off_reason", None)

    def stop_when(self, stop: Callable[[], bool]) -> None:
        """Cancel by itself when `stop()` turns true (passed on to the stream in use)."""
        self._stop = stop
        if self._inner is not None:
            self._inner.stop_when(stop)

    def _use(self, stream: Any) -> Any:
        self._inner = stream
        if self._stop is not None:
            stream.stop_when(self._stop)
        return stream

    def cancel(self) -> None:
        """Stop the reply, wherever it comes from."""
        self._cancelled = True
        if self._inner is not None:
            self._inner.cancel()

    def result(self) -> str:
        """Drain the stream and return the whole text."""
        return "".join(self)

    def __iter__(self) -> Iterator[str]:
        owner = self._owner
        local = owner.local_model()
        if local is None or owner.server_due():
            self._use(owner.server.stream_chat(self._messages, self._sampling))
            try:
                yield from self._inner
            except ServerError as error:  # nothing was shown: a started reply is cut off
                if self._cancelled:
                    return
                local = owner.server_failed(error)
            else:
                owner.server_answered()
                return
        if self._cancelled:
            return
        yield from self._use(local.stream_chat(self._messages, self._sampling))
