"""HTTP for model downloads: ask for a file from a byte offset, explain failures in plain words."""

from __future__ import annotations

import http.client
import logging
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tutor_app.errors import TutorError

log = logging.getLogger(__name__)

_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)")


class DownloadError(TutorError):
    """The model download failed; the message says why and what to do next."""


class DownloadCancelled(DownloadError):
    """The user cancelled the download; the partial file is kept so that it can resume."""


def size_text(n: int) -> str:
    """A byte count as a student reads it: "1.5 MB", "9.05 GB"."""
    return f"{n / 1e9:.2f} GB" if n >= 10**9 else f"{n / 1e6:.1f} MB"


def resume_note(done: int) -> str:
    """The end of a failure message: where the next attempt will continue from."""
    if done <= 0:
        return "try again"
    return f"it will resume from {size_text(done)} when you try again"


@dataclass
class Reply:
    """The server's answer: a body starting at `start`, or none (416: nothing past the offset)."""

    response: http.client.HTTPResponse | None
    start: int
    total: int | None


def _http_message(code: int, host: str) -> str:
    if code == 404:
        return (
            f"The model file was not found on {host} (HTTP 404): the catalogue link may be out "
            "of date. Update the tutor, or download the .gguf file in a browser and import it."
        )
    if code in (401, 403):
        return (
            f"{host} refused the download (HTTP {code}): the model may need a login or a "
            "licence accepted on its web page. Download it in a browser and import the file."
        )
    if code == 429 or code >= 500:
        return f"{host} is busy or having problems (HTTP {code}); wait a few minutes, try again."
    return f"{host} answered HTTP {code} instead of the model file; try again later."


def _connection_message(exc: BaseException, host: str, offset: int) -> str:
    reason = getattr(exc, "reason", exc)
    then = f"; {resume_note(offset)}" if offset else ", then try again"
    if isinstance(reason, TimeoutError):
        return f"{host} did not answer: check your internet connection{then}."
    if isinstance(reason, http.client.HTTPException):
        return f"{host} sent a broken answer ({reason!r}){then}."
    if isinstance(reason, ssl.SSLError):
        return (
            f"Could not make a secure connection to {host} ({reason}); check that this "
            f"computer's date and time are right{then}."
        )
    what = "could not find" if isinstance(reason, socket.gaierror) else "could not connect to"
    return f"No internet connection: {what} {host}. Check that this computer is online{then}."


def request_from(url: str, offset: int, timeout: float) -> Reply:
    """Ask for the file from offset on; urllib keeps the Range header across redirects."""
    headers = {"User-Agent": "tutor-app", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    host = urllib.parse.urlsplit(url).hostname or url
    try:
        response = urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=timeout
        )
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416:
            match = _CONTENT_RANGE.fullmatch(exc.headers.get("Content-Range", "").strip())
            total = match.group(2) if match else None
            return Reply(None, offset, int(total) if total and total != "*" else None)
        raise DownloadError(_http_message(exc.code, host)) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise DownloadError(_connection_message(exc, host, offset)) from exc
    return _parse_reply(response, host, offset)


def _parse_reply(response: http.client.HTTPResponse, host: str, offset: int) -> Reply:
    length = response.headers.get("Content-Length")
    size = int(length) if length and length.isdigit() else None
    if response.headers.get_content_type() == "text/html":
        response.close()
        raise DownloadError(
            f"{host} sent a web page instead of the model file; try again later, or download "
            "the .gguf file in a browser and import it."
        )
    if response.status != 206:
        return Reply(response, 0, size)
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    # Content-Range is required on a 206; without one, trust that it starts where we asked.
    start = int(match.group(1)) if match and match.group(1) else offset
    total = match.group(2) if match else None
    if total and total != "*":
        return Reply(response, start, int(total))
    return Reply(response, start, None if size is None else start + size)


def open_reply(url: str, part: Path, offset: int, timeout: float) -> Reply:
    """Request the rest of the file; start over without Range when the part is unusable."""
    reply = request_from(url, offset, timeout)
    if reply.response is None:
        if offset > 0 and reply.total in (offset, None):
            return reply  # the part already holds the whole file
    elif reply.start in (0, offset):
        return reply
    if reply.response is not None:
        reply.response.close()
    log.info("Discarding %s: the server cannot continue it", part)
    part.unlink(missing_ok=True)
    reply = request_from(url, 0, timeout)
    if reply.response is None or reply.start != 0:
        raise DownloadError("The server sent the model file in a form the tutor cannot use.")
    return reply
