"""Shared fixtures: a temporary data folder for every test and one real model per session."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.model_server import ModelServer
from tests.postgres import REQUIRED_ENV, PostgresCluster
from tutor_app.engine.discovery import bundled_model_path
from tutor_app.engine.runtime import LoadSettings, ModelWorker

# Long-lived threads owned by session fixtures or by the library itself.
_ALLOWED_THREADS = ("tutor-model", "MainThread", "QueueFeederThread")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with its own data folder and never touches the real home folder."""
    home = tmp_path / "tutor-home"
    monkeypatch.setenv("TUTOR_APP_HOME", str(home))
    monkeypatch.delenv("TUTOR_APP_MODEL", raising=False)
    monkeypatch.delenv("TUTOR_APP_MODELS", raising=False)
    monkeypatch.delenv("TUTOR_APP_SERVER", raising=False)
    monkeypatch.delenv("TUTOR_APP_API_KEY", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a thread of its own running."""
    before = set(threading.enumerate())
    yield
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.name.startswith(_ALLOWED_THREADS)
    ]
    for thread in leaked:
        thread.join(5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run the real model are marked `model` (the mutation benchmark leaves them
    out: a generation per mutant is far too slow)."""
    for item in items:
        if {"model_worker", "class_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def small_model() -> Path:
    """The bundled SmolLM2-135M-Instruct GGUF."""
    return bundled_model_path()


@pytest.fixture(scope="session")
def class_server(
    small_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModelServer]:
    """A real OpenAI-compatible model server (llama_cpp.server with SmolLM2) on 127.0.0.1,
    shared by the tests that leave it running."""
    server = ModelServer(small_model, log=tmp_path_factory.mktemp("server") / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A real PostgreSQL server for the session (Debian's package, started on 127.0.0.1)."""
    try:
        cluster = PostgresCluster().start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        if os.environ.get(REQUIRED_ENV):
            raise
        pytest.skip(f"PostgreSQL could not start here: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a test's progress database is: a SQLite file, then a new PostgreSQL database (the
    test runs once on each)."""
    if request.param == "sqlite":
        return tmp_path / "data" / "tutor.sqlite3"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.new_database()


@pytest.fixture(scope="session")
def model_worker(small_model: Path) -> Iterator[ModelWorker]:
    """One real llama-cpp-python model on its worker thread, shared by the session."""
    worker = ModelWorker(small_model, LoadSettings(n_ctx=2048)).start()
    worker.wait_ready(120)
    yield worker
    worker.close()
