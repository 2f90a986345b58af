"""The one HTTP server the download tests use: a file on 127.0.0.1, with Range support and the
faults a real download meets (a cut connection, a stall, a server ignoring Range, slowness)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PIECE = 64 * 1024  # bytes the server writes at a time


@dataclass
class Behaviour:
    """What the test server does; each test sets the parts it needs."""

    data: bytes = b""
    cut_first_after: int | None = None  # first request: announce everything, send this much
    stall_after: int | None = None  # send this much, then go silent until the test ends
    ignore_range: bool = False
    delay: float = 0.0  # seconds between pieces
    requests: list[tuple[str, str | None]] = field(default_factory=list)


class FileServer(ThreadingHTTPServer):
    """A one-file HTTP server with Range support, listening on 127.0.0.1 only."""

    daemon_threads = True

    def __init__(self, data: bytes) -> None:
        super().__init__(("127.0.0.1", 0), RangeHandler)
        self.behaviour = Behaviour(data)
        self.release = threading.Event()

    def url(self, path: str = "/model.gguf") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class RangeHandler(BaseHTTPRequestHandler):
    """Serves /model.gguf (206 for `Range: bytes=N-`, 416 past the end), /redirect, else 404."""

    server: FileServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        how = self.server.behaviour
        how.requests.append((self.path, self.headers.get("Range")))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/model.gguf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != "/model.gguf":
            self.send_error(404)
            return
        start = self._range_start(how)
        if start >= len(how.data) and start > 0:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(how.data)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(how.data) - 1}/{len(how.data)}")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(how.data) - start))
        self.end_headers()
        self._send_body(how, how.data[start:])

    def _range_start(self, how: Behaviour) -> int:
        wanted = self.headers.get("Range", "")
        if how.ignore_range or not wanted.startswith("bytes=") or not wanted.endswith("-"):
            return 0
        return int(wanted[len("bytes=") : -1])

    def _send_body(self, how: Behaviour, body: bytes) -> None:
        limit = len(body)
        if how.cut_first_after is not None and len(how.requests) == 1:
            limit = how.cut_first_after
        if how.stall_after is not None:
            limit = how.stall_after
        try:
            for at in range(0, limit, PIECE):
                self.wfile.write(body[at : min(at + PIECE, limit)])
                if how.delay:
                    time.sleep(how.delay)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (cancel, stall): nothing more to do
        if how.stall_after is not None:
            self.server.release.wait(10)


@contextmanager
def running_server(data: bytes) -> Iterator[FileServer]:
    """Serve `data` as /model.gguf until the block ends; then stop and join the server."""
    srv = FileServer(data)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), name="test-http-server")
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(10)
