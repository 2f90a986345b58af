"""Model download against a real HTTP server on 127.0.0.1 that serves a real GGUF file."""

from __future__ import annotations

import hashlib
import random
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http_file_server import PIECE, FileServer, running_server
from tutor_app.engine.catalogue import CATALOGUE, download_url
from tutor_app.engine.discovery import bundled_model_path
from tutor_app.engine.download import (
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    download_model,
    model_destination,
    part_path,
)
from tutor_app.paths import AppPaths


def _gguf_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def make_gguf(n_floats: int, seed: int = 0) -> bytes:
    """A small but valid GGUF v3 file: a llama header and one F32 tensor of random data."""
    header = b"GGUF" + struct.pack("<IQQ", 3, 1, 2)
    header += _gguf_string("general.architecture") + struct.pack("<I", 8) + _gguf_string("llama")
    header += _gguf_string("general.name") + struct.pack("<I", 8) + _gguf_string("download test")
    header += _gguf_string("weights") + struct.pack("<IQIQ", 1, n_floats, 0, 0)
    header += b"\0" * (-len(header) % 32)
    return header + random.Random(seed).randbytes(4 * n_floats)


GGUF = make_gguf(600_000)  # 2.4 MB
GGUF_SHA = hashlib.sha256(GGUF).hexdigest()


@pytest.fixture
def server() -> Iterator[FileServer]:
    with running_server(GGUF) as srv:
        yield srv


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "models" / "model.gguf"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ranges(srv: FileServer) -> list[str | None]:
    return [r for _path, r in srv.behaviour.requests]


def test_full_download_of_the_real_bundled_model(server: FileServer, dest: Path) -> None:
    smol = bundled_model_path()
    spec = next(s for s in CATALOGUE if s.filename == smol.name)
    server.behaviour.data = smol.read_bytes()
    reports: list[DownloadProgress] = []
    got = download_model(
        server.url(),
        dest,
        expected_size=spec.size_bytes,
        sha256=spec.sha256,
        progress=reports.append,
    )
    assert got == dest and dest.stat().st_size == spec.size_bytes
    assert not part_path(dest).exists()
    assert reports[0].bytes_done == 0 and reports[-1].bytes_done == spec.size_bytes
    assert all(r.bytes_total == spec.size_bytes for r in reports)


def test_progress_is_monotonic_throttled_and_ends_at_the_size(
    server: FileServer, dest: Path
) -> None:
    server.behaviour.delay = 0.01  # about 0.4 s in all, so several reports come in between
    reports: list[DownloadProgress] = []
    began = time.monotonic()
    download_model(
        server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA, progress=reports.append
    )
    elapsed = time.monotonic() - began
    done = [r.bytes_done for r in reports]
    assert done == sorted(done) and done[-1] == len(GGUF) and len(reports) >= 3
    assert len(reports) <= elapsed * 10 + 3
    assert reports[-2].speed > 0 and reports[-2].seconds_left is not None
    assert _sha(dest) == GGUF_SHA


def test_interrupted_transfer_resumes_with_range(server: FileServer, dest: Path) -> None:
    server.behaviour.cut_first_after = 700_000
    with pytest.raises(DownloadError, match="resume from 0.7 MB"):
        download_model(server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA)
    assert part_path(dest).stat().st_size == 700_000 and not dest.exists()
    reports: list[DownloadProgress] = []
    download_model(
        server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA, progress=reports.append
    )
    assert _ranges(server) == [None, "bytes=700000-"]
    assert reports[-1].resumed_from == 700_000 and reports[-1].bytes_done == len(GGUF)
    assert _sha(dest) == GGUF_SHA and not part_path(dest).exists()


def test_range_survives_a_redirect(server: FileServer, dest: Path) -> None:
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(GGUF[:123_456])
    download_model(server.url("/redirect"), dest, expected_size=len(GGUF), sha256=GGUF_SHA)
    assert server.behaviour.requests == [
        ("/redirect", "bytes=123456-"),
        ("/model.gguf", "bytes=123456-"),
    ]
    assert _sha(dest) == GGUF_SHA


def test_cancel_keeps_the_part_and_a_later_call_resumes(server: FileServer, dest: Path) -> None:
    server.behaviour.delay = 0.005
    checks = iter(range(1000))
    with pytest.raises(DownloadCancelled):
        download_model(
            server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA,
            cancelled=lambda: next(checks) >= 4, chunk_size=PIECE,
        )  # fmt: skip
    kept = part_path(dest).stat().st_size
    assert 0 < kept < len(GGUF) and not dest.exists()
    download_model(server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA)
    assert _ranges(server) == [None, f"bytes={kept}-"]
    assert _sha(dest) == GGUF_SHA


def test_wrong_sha256_deletes_the_part(server: FileServer, dest: Path) -> None:
    with pytest.raises(DownloadError, match="corrupted"):
        download_model(server.url(), dest, expected_size=len(GGUF), sha256="0" * 64)
    assert not part_path(dest).exists() and not dest.exists()


def test_stall_gives_a_resume_message_quickly(server: FileServer, dest: Path) -> None:
    server.behaviour.stall_after = 300_000
    began = time.monotonic()
    with pytest.raises(DownloadError, match=r"stalled; it will resume from 0\.3 MB"):
        download_model(
            server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA, stall_timeout=0.5
        )
    assert time.monotonic() - began < 30  # a guard against a hang: the server never resumes
    assert part_path(dest).stat().st_size == 300_000


def test_missing_file_gives_a_clear_message(server: FileServer, dest: Path) -> None:
    with pytest.raises(DownloadError, match="not found on 127.0.0.1 \\(HTTP 404\\)"):
        download_model(server.url("/gone.gguf"), dest, expected_size=None, sha256=None)
    assert not part_path(dest).exists()


def test_server_ignoring_range_restarts_from_zero(server: FileServer, dest: Path) -> None:
    server.behaviour.ignore_range = True
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(b"stale bytes that must not stay " * 1000)
    download_model(server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA)
    assert _ranges(server) == ["bytes=31000-"]
    assert _sha(dest) == GGUF_SHA


def test_complete_part_is_checked_and_renamed_after_416(server: FileServer, dest: Path) -> None:
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(GGUF)
    download_model(server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA)
    assert _ranges(server) == [f"bytes={len(GGUF)}-"]
    assert _sha(dest) == GGUF_SHA


def test_stale_part_longer_than_the_file_starts_again(server: FileServer, dest: Path) -> None:
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(GGUF + b"extra")
    download_model(server.url(), dest, expected_size=None, sha256=GGUF_SHA)
    assert _ranges(server) == [f"bytes={len(GGUF) + 5}-", None]
    assert _sha(dest) == GGUF_SHA


def test_a_file_that_is_not_gguf_is_rejected(server: FileServer, dest: Path) -> None:
    server.behaviour.data = b"this is not a model\n" * 1000
    with pytest.raises(DownloadError, match="not a usable model"):
        download_model(server.url(), dest, expected_size=None, sha256=None)
    assert not part_path(dest).exists() and not dest.exists()


def test_connection_refused_says_no_internet(dest: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadError, match="No internet connection"):
        download_model(f"http://127.0.0.1:{port}/m.gguf", dest, expected_size=None, sha256=None)


def test_unknown_host_says_no_internet(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS is faked: a test must not depend on this machine's resolver or network."""

    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(DownloadError, match="No internet connection: could not find example"):
        download_model("http://example.invalid/m.gguf", dest, expected_size=None, sha256=None)


def test_free_space_is_checked_before_any_request(server: FileServer, dest: Path) -> None:
    """Through the free_space parameter, so that it runs where tmpfs cannot be mounted."""
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(GGUF[:400_000])
    with pytest.raises(DownloadError, match=r"need 1\.0 MB more in .*models"):
        download_model(
            server.url(), dest, expected_size=len(GGUF), sha256=GGUF_SHA,
            free_space=lambda folder: len(GGUF) - 400_000 - 1_000_000,
        )  # fmt: skip
    assert server.behaviour.requests == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs (needs root); skipped where mounting is not allowed."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]
    if subprocess.run(mount, capture_output=True, timeout=10).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root?)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, timeout=10)


def test_full_disk_is_refused_up_front(server: FileServer, small_disk: Path) -> None:
    with pytest.raises(DownloadError, match=r"Not enough disk space: need 1\.\d MB more in"):
        download_model(
            server.url(), small_disk / "m.gguf", expected_size=len(GGUF), sha256=GGUF_SHA
        )
    assert server.behaviour.requests == []


def test_disk_filling_up_while_writing(server: FileServer, small_disk: Path) -> None:
    """Something else fills the disk after the check (faked free space): a real ENOSPC write."""
    with pytest.raises(DownloadError, match=r"Not enough disk space: need 1\.\d MB more in"):
        download_model(
            server.url(), small_disk / "m.gguf", expected_size=None, sha256=None,
            free_space=lambda folder: 10**12,
        )  # fmt: skip
    assert 0 < part_path(small_disk / "m.gguf").stat().st_size <= 1 << 20


def test_model_destination_is_in_the_models_folder(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path)
    spec = CATALOGUE[0]
    assert model_destination(spec, paths) == paths.models_dir / spec.filename
    assert download_url(spec).endswith("/" + spec.filename)
