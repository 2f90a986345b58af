"""Download a model file over HTTP: resumable, checked, cancellable, reporting its progress."""

from __future__ import annotations

import errno
import hashlib
import http.client
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutor_app.engine.catalogue import ModelSpec
from tutor_app.engine.fetch import (
    DownloadCancelled,
    DownloadError,
    Reply,
    open_reply,
    resume_note,
    size_text,
)
from tutor_app.engine.gguf import inspect_gguf
from tutor_app.errors import ModelFileError
from tutor_app.paths import AppPaths

__all__ = [
    "DownloadCancelled",
    "DownloadError",
    "DownloadProgress",
    "download_model",
    "free_disk_space",
    "model_destination",
    "part_path",
]

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.1  # seconds between progress reports: ten a second is smooth enough
_SPEED_WEIGHT = 0.3  # weight of the newest speed sample in the moving average
_HASH_BLOCK = 1 << 22


@dataclass(frozen=True)
class DownloadProgress:
    """How far a download has got, for a progress bar with its speed and time left."""

    bytes_done: int
    bytes_total: int | None
    speed: float  # bytes per second, smoothed
    seconds_left: float | None
    resumed_from: int


def model_destination(spec: ModelSpec, paths: AppPaths) -> Path:
    """Where a catalogue model's GGUF file is saved: the user's models folder."""
    return paths.models_dir / spec.filename


def part_path(dest: Path) -> Path:
    """The partial file a download writes to before it is checked and renamed to dest."""
    return dest.with_suffix(dest.suffix + ".part")


def free_disk_space(folder: Path) -> int:
    """Bytes free on the disk that holds folder."""
    return shutil.disk_usage(folder).free


def _no_space(folder: Path, missing: int | None) -> DownloadError:
    amount = f"need {size_text(missing)} more" if missing else "the disk is full"
    return DownloadError(
        f"Not enough disk space: {amount} in {folder}. Free some space (or choose another "
        "models folder) and try again; the download will resume where it stopped."
    )


class _Meter:
    """Turns byte counts into throttled progress reports with a smoothed speed."""

    def __init__(
        self, report: Callable[[DownloadProgress], None] | None, total: int | None, start: int
    ) -> None:
        self.report, self.total, self.start = report, total, start
        self.speed = 0.0
        self._time, self._bytes = time.monotonic(), start

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        elapsed = now - self._time
        if self.report is None or (elapsed < PROGRESS_INTERVAL and not force):
            return
        if elapsed >= PROGRESS_INTERVAL / 2:
            sample = (done - self._bytes) / elapsed
            self.speed = (
                sample
                if self.speed == 0
                else (_SPEED_WEIGHT * sample + (1 - _SPEED_WEIGHT) * self.speed)
            )
            self._time, self._bytes = now, done
        left = None
        if self.total is not None and self.speed > 0:
            left = max(self.total - done, 0) / self.speed
        self.report(DownloadProgress(done, self.total, self.speed, left, self.start))


def _hash_file(path: Path, length: int, cancelled: Callable[[], bool]) -> hashlib._Hash:
    """SHA-256 of the first length bytes of path (the part already downloaded)."""
    hasher = hashlib.sha256()
    with path.open("rb") as source:
        while length > 0:
            if cancelled():
                raise DownloadCancelled("Download cancelled; the part already downloaded is kept.")
            block = source.read(min(_HASH_BLOCK, length))
            if not block:
                break
            hasher.update(block)
            length -= len(block)
    return hasher


def _write_all(out: int, chunk: bytes) -> None:
    view = memoryview(chunk)
    while view:
        view = view[os.write(out, view) :]


def _stream(
    reply: Reply,
    part: Path,
    hasher: hashlib._Hash | None,
    meter: _Meter,
    cancelled: Callable[[], bool],
    chunk_size: int,
) -> int:
    """Append the response body to part; return the size of part at the end."""
    assert reply.response is not None
    done = reply.start
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    out = os.open(part, flags | (os.O_APPEND if done else os.O_TRUNC), 0o644)
    try:
        while True:
            if cancelled():
                raise DownloadCancelled(
                    f"Download cancelled at {size_text(done)}; "
                    "it will resume when you start it again."
                )
            try:
                chunk = reply.response.read1(chunk_size)
            except TimeoutError:
                raise DownloadError(f"The download stalled; {resume_note(done)}.") from None
            except (OSError, http.client.HTTPException):
                raise DownloadError(f"The connection broke; {resume_note(done)}.") from None
            if not chunk:
                break
            try:
                _write_all(out, chunk)
            except OSError as exc:
                _raise_write_error(exc, part.parent, reply.total, os.fstat(out).st_size)
            if hasher is not None:
                hasher.update(chunk)
            done += len(chunk)
            meter.update(done)
        try:
            os.fsync(out)
        except OSError as exc:
            _raise_write_error(exc, part.parent, reply.total, os.fstat(out).st_size)
    finally:
        os.close(out)
    return done


def _raise_write_error(exc: OSError, folder: Path, total: int | None, written: int) -> None:
    if exc.errno == errno.ENOSPC:
        raise _no_space(folder, None if total is None else total - written) from None
    raise DownloadError(
        f"Could not write the model to {folder} ({exc.strerror}); choose a folder you can write to."
    ) from exc


def _check_space(folder: Path, needed: int, free_space: Callable[[Path], int]) -> None:
    free = free_space(folder)
    if needed > free:
        raise _no_space(folder, needed - free)


def _finish(part: Path, dest: Path, hasher: hashlib._Hash | None, sha256: str | None) -> Path:
    """Check the SHA-256 and the GGUF header of the finished part, then rename it to dest."""
    if sha256 is not None:
        hasher = hasher or _hash_file(part, part.stat().st_size, lambda: False)
        if hasher.hexdigest() != sha256.lower():
            part.unlink(missing_ok=True)
            raise DownloadError(
                "The downloaded file was corrupted (its SHA-256 checksum does not match) and "
                "has been deleted; try again."
            )
    try:
        inspect_gguf(part)
    except ModelFileError as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(f"The downloaded file is not a usable model: {exc}") from exc
    try:
        os.replace(part, dest)
    except OSError as exc:  # on Windows, e.g. while the old file is open in the model worker
        raise DownloadError(
            f"Could not save the model as {dest} ({exc.strerror}); close anything using that "
            "file and try again (the download will not start over)."
        ) from exc
    return dest


def download_model(
    url: str,
    dest: Path,
    *,
    expected_size: int | None,
    sha256: str | None,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    stall_timeout: float = 30.0,
    chunk_size: int = 1 << 20,
    free_space: Callable[[Path], int] = free_disk_space,
) -> Path:
    """Download url to dest through a resumable .part file, check it, and return dest."""
    dest = Path(dest)
    part = part_path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Could not create the models folder {dest.parent}: {exc}") from exc
    offset = part.stat().st_size if part.is_file() else 0
    if expected_size is not None:
        _check_space(part.parent, expected_size - offset, free_space)
    _Meter(progress, expected_size, offset).update(offset, force=True)
    hasher = _hash_file(part, offset, cancelled) if sha256 and offset else None
    reply = open_reply(url, part, offset, stall_timeout)
    if reply.response is None:  # 416: the part already holds the whole file
        return _finish(part, dest, hasher, sha256)
    try:
        if reply.start == 0:
            hasher = hashlib.sha256() if sha256 else None
            if offset:
                log.info("The server ignored the Range request; starting %s again", part.name)
        if reply.total is not None:
            kept = part.stat().st_size if part.is_file() else 0  # a restart frees it too
            _check_space(part.parent, reply.total - kept, free_space)
        meter = _Meter(progress, reply.total or expected_size, reply.start)
        done = _stream(reply, part, hasher, meter, cancelled, chunk_size)
    finally:
        reply.response.close()
    if reply.total is not None and done < reply.total:
        raise DownloadError(f"The connection was closed early; {resume_note(done)}.")
    if reply.total is not None and done > reply.total:
        part.unlink(missing_ok=True)
        raise DownloadError("The server sent more data than it announced; try again.")
    meter.update(done, force=True)
    return _finish(part, dest, hasher, sha256)
