"""A model on a class's shared OpenAI-compatible server, streamed like the local engine.

One machine in the classroom runs an existing server (llama.cpp's `llama-server`,
`python -m llama_cpp.server`, vLLM); every laptop sends it chat messages over HTTP and reads the
reply as server-sent events. The server applies its own chat template. A `ServerModel` has the
local engine's shape (`name`, `stream_chat` returning a `Generation`), so the pipeline and the
window do not know which one they talk to.

The address and key are checked in `server_address`. The key goes in the Authorization header
and nowhere else: not in messages, logs, reprs or crash reports.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from tutor_app.engine.runtime import CUT_OFF, DONE, Generation, SamplingSettings
from tutor_app.engine.server_address import (
    API_KEY_ENV,
    CONNECT_SECONDS,
    ServerError,
    ServerModelMissing,
    ServerRefusedKey,
    ServerSettings,
    ServerUnreachable,
)
from tutor_app.errors import TutorError

log = logging.getLogger(__name__)


class ServerGeneration(Generation):
    """A reply streamed from the server; `cancel()` also closes the connection, which tells
    the server to stop generating."""

    def __init__(self, messages: list[dict[str, str]], sampling: SamplingSettings) -> None:
        super().__init__(messages, sampling)
        self._response: httpx.Response | None = None
        self._lock = threading.Lock()
        self.cut_off_reason: str | None = None
        self.reader: threading.Thread | None = None  # the thread reading the server's reply

    def cancel(self) -> None:
        """Stop reading at once, and close the connection so the server stops too."""
        super().cancel()
        self._pieces.put(DONE)  # the reader returns now, not at the server's next piece
        with self._lock:
            response = self._response
        if response is not None:
            _hang_up(response)


def _hang_up(response: httpx.Response) -> None:
    """Close a streamed reply's connection from another thread. Closing the socket alone does
    not wake a thread blocked reading it; shutting it down does, and the server, seeing the
    connection gone, stops generating."""
    stream = response.extensions.get("network_stream")
    connection = stream.get_extra_info("socket") if stream is not None else None
    try:
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
        response.close()
    except Exception:  # the reader may be closing it at the same moment: either way it ends
        log.debug("hanging up a cancelled reply failed", exc_info=True)


class ServerModel:
    """A chat model on an OpenAI-compatible server, with the local engine's interface."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        headers = {"User-Agent": "tutor-app"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        self._client = httpx.Client(
            base_url=settings.url,
            headers=headers,
            timeout=httpx.Timeout(settings.stall_seconds, connect=CONNECT_SECONDS),
            trust_env=False,  # a school's proxy settings must not route local traffic
        )
        self.model_id: str | None = settings.model

    def __repr__(self) -> str:
        return f"ServerModel({self.settings.url!r}, model={self.model_id!r})"

    @property
    def name(self) -> str:
        """The model's name and the server it runs on."""
        return f"{self.model_id or 'model'} on {self.settings.host}"

    def available_models(self) -> list[str]:
        """The model names the server offers (GET /v1/models)."""
        response = self._request("GET", "/models")
        try:
            data = response.json()["data"]
            return [str(entry["id"]) for entry in data if isinstance(entry, dict)]
        except (ValueError, KeyError, TypeError):
            raise ServerError(
                f"{self.settings.host} answered, but not like an OpenAI-compatible model server."
            ) from None

    def connect(self) -> ServerModel:
        """Check that the server answers, accepts the key and has the model; pick the model
        when none was named (the server's first)."""
        offered = self.available_models()
        if not offered:
            raise ServerModelMissing(f"The model server at {self.settings.host} has no models.")
        if self.model_id is None:
            self.model_id = offered[0]
        elif self.model_id not in offered:
            raise ServerModelMissing(
                f"The model server at {self.settings.host} has no model named "
                f"{self.model_id!r}; it has: {', '.join(offered[:8])}."
            )
        return self

    def stream_chat(
        self, messages: Sequence[Mapping[str, str]], sampling: SamplingSettings | None = None
    ) -> ServerGeneration:
        """Send the messages; the returned Generation yields the reply's text as it arrives."""
        generation = ServerGeneration([dict(m) for m in messages], sampling or SamplingSettings())
        generation.reader = threading.Thread(
            target=self._stream, args=(generation,), name="tutor-server", daemon=True
        )
        generation.reader.start()
        return generation

    def close(self) -> None:
        """Close the connections to the server."""
        self._client.close()

    # -- the reading thread ------------------------------------------------
    def _body(self, generation: Generation) -> dict[str, Any]:
        s = generation.sampling
        body: dict[str, Any] = {
            "messages": generation.messages,
            "max_tokens": s.max_tokens,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "seed": s.seed,
            "stream": True,
        }
        if self.model_id is not None:
            body["model"] = self.model_id
        return body

    def _stream(self, generation: ServerGeneration) -> None:
        try:
            if generation.cancelled:
                return
            if self.model_id is None:
                self.connect()  # the first reply after the server was down at the start
            request = self._client.build_request(
                "POST", "/chat/completions", json=self._body(generation)
            )
            response = self._client.send(request, stream=True)
            with generation._lock:
                generation._response = response
            try:
                self._raise_for_status(response)
                self._read_events(response, generation)
            finally:
                response.close()
        except BaseException as exc:
            if generation.cancelled:
                generation.finish_reason = "cancelled"
            elif generation.completion_tokens and isinstance(exc, httpx.TransportError):
                self._cut_off(generation, _transport_reason(exc, self.settings))
            else:
                generation._pieces.put(self._error(exc))
        finally:
            generation._pieces.put(DONE)

    def _read_events(self, response: httpx.Response, generation: ServerGeneration) -> None:
        for data in _event_data(response.iter_lines()):
            if generation.cancelled:
                generation.finish_reason = "cancelled"
                return
            if data == "[DONE]":
                return
            try:
                chunk = json.loads(data)
                choice = chunk["choices"][0] if chunk.get("choices") else {}
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a comment or a usage record: nothing to show
            if isinstance(chunk.get("error"), dict):
                message = str(chunk["error"].get("message", ""))[:200]
                raise ServerError(f"The model server stopped with an error: {message}")
            piece = (choice.get("delta") or {}).get("content") or ""
            if piece:
                generation.completion_tokens += 1
                generation._pieces.put(piece)
            if choice.get("finish_reason"):
                generation.finish_reason = choice["finish_reason"]
        if generation.finish_reason is None and not generation.cancelled:
            if not generation.completion_tokens:
                raise ServerError(
                    f"The model server at {self.settings.host} ended the reply before sending "
                    "any of it (a server that serves one student at a time may have dropped "
                    "it for another's question)."
                )
            self._cut_off(generation, "the server closed the reply before it ended")

    @staticmethod
    def _cut_off(generation: ServerGeneration, reason: str) -> None:
        log.warning("a reply from the model server was cut off: %s", reason)
        generation.finish_reason = CUT_OFF
        generation.cut_off_reason = reason

    def _request(self, method: str, path: str) -> httpx.Response:
        try:
            response = self._client.request(method, path)
        except Exception as exc:
            raise self._error(exc) from None
        self._raise_for_status(response)
        return response

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        host, code = self.settings.host, response.status_code
        try:
            response.read()
            detail = _error_detail(response.text)
        except httpx.HTTPError:
            detail = ""
        if code in (401, 403):
            raise ServerRefusedKey(
                f"The model server at {host} refused the API key (HTTP {code}). Check the key "
                f"in the settings or ${API_KEY_ENV}."
            )
        if code == 404 and "model" in detail.lower():
            raise ServerModelMissing(
                f"The model server at {host} has no model named {self.model_id!r} ({detail})."
            )
        if code == 404:
            raise ServerError(
                f"{host} is not an OpenAI-compatible model server: it has no {response.url.path}."
            )
        raise ServerError(f"The model server at {host} answered HTTP {code}: {detail}".rstrip(": "))

    def _error(self, exc: BaseException) -> BaseException:
        """A failure as the user should see it (the key is never part of the message)."""
        if isinstance(exc, TutorError):
            return exc
        if isinstance(exc, httpx.TimeoutException):
            return ServerUnreachable(
                f"The model server at {self.settings.host} sent nothing for "
                f"{self.settings.stall_seconds:.0f} s."
            )
        if isinstance(exc, httpx.TransportError):
            return ServerUnreachable(
                f"The model server at {self.settings.host} cannot be reached: "
                f"{_transport_reason(exc, self.settings)}."
            )
        return exc


def _event_data(lines: Iterator[str]) -> Iterator[str]:
    """The data of each server-sent event (several `data:` lines of one event are joined)."""
    parts: list[str] = []
    for line in lines:
        if not line:
            if parts:
                yield "\n".join(parts)
                parts = []
        elif line.startswith("data:"):
            parts.append(line[5:].removeprefix(" "))
    if parts:
        yield "\n".join(parts)


def _error_detail(text: str) -> str:
    """The message of an OpenAI-style error body, or the start of the body."""
    try:
        data = json.loads(text)
        error = data.get("error", data.get("detail", data)) if isinstance(data, dict) else data
        message = error.get("message", error) if isinstance(error, dict) else error
        return str(message)[:200]
    except ValueError:
        return text.strip()[:200]


def _transport_reason(exc: BaseException, settings: ServerSettings) -> str:
    """What went wrong on the network, in a few words."""
    if isinstance(exc, httpx.TimeoutException):
        return f"nothing arrived for {settings.stall_seconds:.0f} s"
    if isinstance(exc, httpx.ConnectError):
        return "nothing answers at that address (is the server running?)"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection closed in the middle of the reply"
    return f"the connection failed ({exc.__class__.__name__})"
