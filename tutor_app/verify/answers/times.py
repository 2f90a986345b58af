"""Times of day as answers: `20:34`, `20:34:00` and `8:34 p.m.` are the same time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor_app.verify.verdict import Verdict

_TIME = re.compile(
    r"""\$?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?
        \s*(?:\\(?:text|mathrm)\{\s*)?(?:(?P<half>[ap])\.?\s*m\.?)?\s*\}?\s*\$?""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class TimeOfDay:
    """A time of day in seconds after midnight; `certain` when it cannot be a ratio."""

    seconds: int
    certain: bool


def time_of_day(text: str) -> TimeOfDay | None:
    """Read `H:MM`, `H:MM:SS` and `H:MM a.m./p.m.`; None for anything else or an impossible
    time. Seconds or a.m./p.m. make it certainly a time, where `20:34` alone may be a ratio."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"])
    second = int(found["second"] or 0)
    half = (found["half"] or "").lower()
    if minute > 59 or second > 59:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        return None
    certain = bool(half) or found["second"] is not None
    return TimeOfDay(hour * 3600 + minute * 60 + second, certain)


def compare_times(gold: str, candidate: str) -> Verdict | None:
    """Two times of day compared, when both are times and one is certainly a time."""
    first, second = time_of_day(gold), time_of_day(candidate)
    if first is None or second is None or not (first.certain or second.certain):
        return None
    if first.seconds == second.seconds:
        return Verdict("equivalent", "the same time of day")
    return Verdict("not_equivalent", "a different time of day")
