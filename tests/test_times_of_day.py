"""Times of day as answers: the 24-hour clock, seconds and a.m./p.m. written for the same time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers
from tutor_app.verify.answers.times import compare_times, time_of_day

hours, minutes, seconds = st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)
MERIDIEM = {
    False: ["a.m.", "am", "AM", "\\text{ a.m.}"],
    True: ["p.m.", "pm", "PM", "\\text{ p.m.}"],
}


def twelve_hour(hour: int, minute: int, mark: int) -> str:
    """`8:34 p.m.` for 20:34, `12:05 a.m.` for 00:05, in one of several spellings."""
    spelled = MERIDIEM[hour >= 12][mark % 4]
    return f"{hour % 12 or 12}:{minute:02d} {spelled}"


@settings(max_examples=40, deadline=None)
@given(hours, minutes, st.integers(0, 3))
def test_one_time_written_three_ways_is_one_answer(hour: int, minute: int, mark: int) -> None:
    clock = f"{hour}:{minute:02d}"
    for other in (f"{clock}:00", twelve_hour(hour, minute, mark)):
        assert compare_answers(clock, other).status == "equivalent", other
        assert compare_answers(other, clock).status == "equivalent", other


@settings(max_examples=40, deadline=None)
@given(hours, minutes, seconds, st.integers(1, 12 * 60 - 1))
def test_another_time_is_wrong(hour: int, minute: int, second: int, later: int) -> None:
    total = (hour * 60 + minute + later) % (24 * 60)
    first = f"{hour}:{minute:02d}:{second:02d}"
    other = f"{total // 60}:{total % 60:02d}:{second:02d}"
    assert compare_answers(first, other).status == "not_equivalent"


def test_impossible_times_and_ratios_are_not_read_as_times() -> None:
    assert time_of_day("24:10") is None and time_of_day("9:60") is None
    assert time_of_day("13:15 pm") is None  # a 12-hour time goes to 12
    assert time_of_day("1:2") is None  # a ratio, not a time
    # `20:34` alone may be a ratio: two such answers are left to the ratio reading.
    first = time_of_day("20:34")
    assert first is not None and not first.certain
    assert compare_times("20:34", "10:17") is None
    assert compare_times("20:34", "20:34:00") is not None
