"""A real OpenAI-compatible model server for the tests: llama-cpp-python's own
(`python -m llama_cpp.server`) on 127.0.0.1, serving the bundled SmolLM2 with an API key."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

API_KEY = "test-key-7f3a9c"
ALIAS = "smollm2-class"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ModelServer:
    """One `llama_cpp.server` process; stop, pause (SIGSTOP: a real stall) or kill it."""

    def __init__(
        self,
        model: Path,
        port: int | None = None,
        log: Path | None = None,
        threads: int = 1,
        interrupt: bool = False,
    ) -> None:
        self.port = port or free_port()
        self.threads = threads
        self.interrupt = interrupt  # llama_cpp.server's default: a new request stops the last
        self.log = log
        self.model = model
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> ModelServer:
        """Start the server and wait until it lists its model."""
        output = self.log.open("wb") if self.log else subprocess.DEVNULL
        command = [
            sys.executable, "-m", "llama_cpp.server", "--model", str(self.model),
            "--model_alias", ALIAS, "--host", "127.0.0.1", "--port", str(self.port),
            "--api_key", API_KEY, "--n_ctx", "2048", "--n_threads", str(self.threads),
            "--verbose", "False", "--interrupt_requests", str(self.interrupt),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        headers = {"Authorization": f"Bearer {API_KEY}"}
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.process.returncode}")
            try:
                reply = httpx.get(f"{self.url}/v1/models", headers=headers, timeout=2)
                if reply.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("llama_cpp.server did not start in time")

    def pause(self) -> None:
        """Freeze the server: it keeps its connections but sends nothing (a real stall)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def kill(self) -> None:
        """Kill the server at once, as a crash or a power cut would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        """Stop the server (thawing it first if it was paused)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.kill()
