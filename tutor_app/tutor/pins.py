"""PINs: the teacher's, and each student's own; kept only as salted scrypt hashes, slower after
wrong tries.

The teacher PIN keeps students at the same computer out of the teacher area; a student's PIN
keeps classmates out of that student's profile and history (optional, or required by the
teacher). Neither protects the data from someone who copies the database file: the hashes
are stored in it, next to the data.
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

MIN_DIGITS, MAX_DIGITS = 4, 12
# scrypt's cost: 2**14 blocks of 8 x 128 bytes = 16 MiB and about 50 ms here; slow to guess.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
FREE_TRIES = 3  # wrong tries before each further one must wait
FIRST_WAIT_S, LONGEST_WAIT_S = 5.0, 300.0  # the wait doubles from the first to the longest


@dataclass(frozen=True)
class PinSlot:
    """Where one PIN is kept: two settings, its hash (with the scrypt parameters, as JSON) and
    its wrong tries in a row (with when the next try is allowed)."""

    hash_key: str
    tries_key: str


TEACHER = PinSlot("teacher_pin", "teacher_pin_tries")
STUDENT_PREFIX = "student_pin:"  # + the student's id
STUDENTS_NEED_PINS = "students_need_pins"  # "1" when every student must have a PIN to start


def student_slot(student_id: str) -> PinSlot:
    """Where a student's own PIN is kept (its wrong tries are counted apart from others')."""
    return PinSlot(f"{STUDENT_PREFIX}{student_id}", f"student_pin_tries:{student_id}")


class PinError(TutorError):
    """A PIN that cannot be set (not 4 to 12 digits)."""


@dataclass(frozen=True)
class PinCheck:
    """The outcome of a PIN try: let in, or not, and how long until the next try."""

    ok: bool
    wait_seconds: float = 0.0
    message: str = ""


def pin_is_set(store: Any, slot: PinSlot = TEACHER) -> bool:
    """Whether this PIN (the teacher's unless a student's slot is given) was chosen."""
    return store.setting(slot.hash_key) is not None


def set_pin(store: Any, pin: str, slot: PinSlot = TEACHER) -> None:
    """Choose a new PIN (4 to 12 digits), stored as a salted scrypt hash."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise PinError(f"A PIN is {MIN_DIGITS} to {MAX_DIGITS} digits.")
    salt = secrets.token_bytes(16)
    record = {**SCRYPT, "salt": salt.hex(), "hash": _hash(pin, salt, SCRYPT).hex()}
    store.set_setting(slot.hash_key, json.dumps(record))
    store.set_setting(slot.tries_key, None)


def check_pin(
    store: Any, pin: str, now: datetime | None = None, slot: PinSlot = TEACHER
) -> PinCheck:
    """Try a PIN. Wrong tries beyond the first few must wait, twice as long each time; the
    count survives a restart of the app."""
    now = now or datetime.now(timezone.utc)
    stored = store.setting(slot.hash_key)
    if stored is None:
        return PinCheck(False, 0.0, "No PIN has been set yet.")
    tries, allowed_at = _tries(store, slot)
    if allowed_at is not None and now < allowed_at:
        wait = (allowed_at - now).total_seconds()
        return PinCheck(False, wait, f"Too many wrong tries. Try again in {_say(wait)}.")
    record = json.loads(stored)
    params = {name: int(record[name]) for name in SCRYPT}
    expected = bytes.fromhex(record["hash"])
    if hmac.compare_digest(_hash(pin, bytes.fromhex(record["salt"]), params), expected):
        store.set_setting(slot.tries_key, None)
        return PinCheck(True)
    tries += 1
    wait = wait_after(tries)
    allowed = now + timedelta(seconds=wait)
    record = {"tries": tries, "allowed_at": allowed.isoformat()}
    store.set_setting(slot.tries_key, json.dumps(record))
    message = "That PIN is not right."
    if wait:
        message += f" Try again in {_say(wait)}."
    return PinCheck(False, wait, message)


def wait_after(tries: int) -> float:
    """How long the next try must wait after this many wrong tries in a row."""
    if tries < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (tries - FREE_TRIES))


def reset_pin(store: Any, slot: PinSlot = TEACHER) -> None:
    """Forget the PIN and its wrong tries: the next visit to the teacher area (or, for a
    student's PIN, the student) chooses a new one."""
    store.set_setting(slot.hash_key, None)
    store.set_setting(slot.tries_key, None)


def students_need_pins(store: Any) -> bool:
    """Whether every student must have a PIN before they start."""
    return store.setting(STUDENTS_NEED_PINS) == "1"


def set_students_need_pins(store: Any, needed: bool) -> None:
    """Ask every student to choose a PIN at their next start (or stop asking)."""
    store.set_setting(STUDENTS_NEED_PINS, "1" if needed else "0")


def choose_teacher_pin(store: Any, pin: str) -> None:
    """Set the teacher PIN. A computer with a teacher is shared by a class: unless the teacher
    has already decided otherwise, every student then needs a PIN of their own."""
    set_pin(store, pin, TEACHER)
    if store.setting(STUDENTS_NEED_PINS) is None:
        set_students_need_pins(store, True)


def students_with_pins(store: Any) -> set[str]:
    """The ids of the students who have a PIN."""
    return {key.removeprefix(STUDENT_PREFIX) for key in store.setting_keys(STUDENT_PREFIX)}


def way_in(store: Any, student_id: str) -> str:
    """What a student must do to start: "open" (nothing), "enter" their PIN, or "choose" one
    (when the teacher asks every student to have a PIN and this one has none yet)."""
    if pin_is_set(store, student_slot(student_id)):
        return "enter"
    return "choose" if students_need_pins(store) else "open"


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=params["n"], r=params["r"], p=params["p"], dklen=32
    )


def _tries(store: Any, slot: PinSlot) -> tuple[int, datetime | None]:
    stored = store.setting(slot.tries_key)
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
