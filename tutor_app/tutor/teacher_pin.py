"""The teacher PIN: set on first use, kept only as a salted scrypt hash, slower after wrong tries.

The PIN keeps students at the same computer out of the teacher area. It does not protect the
data from someone who copies the database file: the hash is stored in it, next to the data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from tutor_app.errors import TutorError

PIN_KEY = "teacher_pin"  # the hash and its parameters, as JSON
TRIES_KEY = "teacher_pin_tries"  # wrong tries in a row, and when the next try is allowed
MIN_DIGITS, MAX_DIGITS = 4, 12
# scrypt's cost: 2**14 blocks of 8 x 128 bytes = 16 MiB and about 50 ms here; slow to guess.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
FREE_TRIES = 3  # wrong tries before each further one must wait
FIRST_WAIT_S, LONGEST_WAIT_S = 5.0, 300.0  # the wait doubles from the first to the longest


class PinError(TutorError):
    """A PIN that cannot be set (not 4 to 12 digits)."""


@dataclass(frozen=True)
class PinCheck:
    """The outcome of a PIN try: let in, or not, and how long until the next try."""

    ok: bool
    wait_seconds: float = 0.0
    message: str = ""


def pin_is_set(store: Any) -> bool:
    """Whether a teacher PIN was chosen on this database."""
    return store.setting(PIN_KEY) is not None


def set_pin(store: Any, pin: str) -> None:
    """Choose a new PIN (4 to 12 digits), stored as a salted scrypt hash."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise PinError(f"A PIN is {MIN_DIGITS} to {MAX_DIGITS} digits.")
    salt = secrets.token_bytes(16)
    record = {**SCRYPT, "salt": salt.hex(), "hash": _hash(pin, salt, SCRYPT).hex()}
    store.set_setting(PIN_KEY, json.dumps(record))
    store.set_setting(TRIES_KEY, None)


def check_pin(store: Any, pin: str, now: datetime | None = None) -> PinCheck:
    """Try a PIN. Wrong tries beyond the first few must wait, twice as long each time; the
    count survives a restart of the app."""
    now = now or datetime.now(timezone.utc)
    stored = store.setting(PIN_KEY)
    if stored is None:
        return PinCheck(False, 0.0, "No teacher PIN has been set yet.")
    tries, allowed_at = _tries(store)
    if allowed_at is not None and now < allowed_at:
        wait = (allowed_at - now).total_seconds()
        return PinCheck(False, wait, f"Too many wrong tries. Try again in {_say(wait)}.")
    record = json.loads(stored)
    params = {name: int(record[name]) for name in SCRYPT}
    expected = bytes.fromhex(record["hash"])
    if hmac.compare_digest(_hash(pin, bytes.fromhex(record["salt"]), params), expected):
        store.set_setting(TRIES_KEY, None)
        return PinCheck(True)
    tries += 1
    wait = wait_after(tries)
    allowed = now + timedelta(seconds=wait)
    store.set_setting(TRIES_KEY, json.dumps({"tries": tries, "allowed_at": allowed.isoformat()}))
    message = "That PIN is not right."
    if wait:
        message += f" Try again in {_say(wait)}."
    return PinCheck(False, wait, message)


def wait_after(tries: int) -> float:
    """How long the next try must wait after this many wrong tries in a row."""
    if tries < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (tries - FREE_TRIES))


def reset_pin(store: Any) -> None:
    """Forget the PIN and the wrong tries: the next visit to the teacher area sets a new one."""
    store.set_setting(PIN_KEY, None)
    store.set_setting(TRIES_KEY, None)


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"], dklen=32
    )


def _tries(store: Any) -> tuple[int, datetime | None]:
    stored = store.setting(TRIES_KEY)
    if stored is None:
        return 0, None
    try:
        record = json.loads(stored)
        return int(record["tries"]), datetime.fromisoformat(record["allowed_at"])
    except (ValueError, KeyError, TypeError):  # a damaged counter is read as the longest wait
        return FREE_TRIES + 10, datetime.now(timezone.utc) + timedelta(seconds=LONGEST_WAIT_S)


def _say(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = round(whole / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
