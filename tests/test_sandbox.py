"""The CAS sandbox: time and memory limits, hostile input, and a pool that survives all of it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step, compare_answers
from tutor_app.verify.sandbox import CasFailure, CasPool, CasTimeout, default_pool

HOSTILE = [
    "__import__('os').system('touch {marker}')",
    "eval(\"__import__('os').system('touch {marker}')\")",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: open('{marker}', 'w')",
    'exec(\'open("{marker}", "w")\')',
    "\\input{{/etc/passwd}}",
    "x = __builtins__",
]


# An upper bound for a hang, never a measure of speed: far above what a loaded machine takes.
HANG_S = 30.0


@pytest.fixture
def pool() -> CasPool:
    """A private pool with a short time limit, stopped after the test."""
    cas = CasPool(size=1, time_limit=1.0, memory_limit=400 * 1024 * 1024)
    yield cas  # type: ignore[misc]
    cas.close()


def test_a_tower_of_powers_is_unknown_within_the_limit() -> None:
    start = time.monotonic()
    verdict = compare_answers("9**9**9**9", "1")
    assert verdict.status == "unknown"
    assert time.monotonic() - start < HANG_S  # refused, not computed for ever
    step = check_step("9**9**9**9", "2")
    assert step.status == "unknown"


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_text_is_never_executed(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = template.format(marker=marker)
    # Never accepted; whether it is read at all depends on the folder's name in the text.
    assert compare_answers("\\frac{1}{3}", text).status != "equivalent"
    assert check_step(text, "1").status == "unknown"
    assert not marker.exists()


def test_the_issue_example_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    verdict = compare_answers("2", "__import__('os').system('echo pwned')")
    assert verdict.status == "unknown"
    assert "pwned" not in capfd.readouterr().out


def test_overrunning_the_time_limit_kills_and_replaces_the_worker(pool: CasPool) -> None:
    start = time.monotonic()
    with pytest.raises(CasTimeout):
        pool.run("sleep", 60, time_limit=0.5)
    assert time.monotonic() - start < HANG_S  # killed: not the 60 s the worker would sleep
    assert pool.run("ping") == "pong"


def test_overrunning_the_memory_limit_kills_and_replaces_the_worker(pool: CasPool) -> None:
    with pytest.raises(CasFailure, match="memory"):
        pool.run("burn_memory", 900, time_limit=10)
    assert pool.run("ping") == "pong"


@pytest.mark.parametrize("megabytes", [450, 700])
def test_the_parents_watchdog_stops_a_worker_over_its_memory_limit(
    pool: CasPool, megabytes: int
) -> None:
    # Grown 10 MB at a time, as a computation grows: the parent's watch on resident memory
    # stops it near 400 MB, before Linux's address-space cap (800 MB, twice the limit) would.
    # The watch is the only guard on Windows and macOS.
    with pytest.raises(CasFailure, match="needed too much memory"):
        pool.run("burn_memory", megabytes, 2.0, 0.01, time_limit=20)
    assert pool.run("ping") == "pong"


def test_an_error_inside_an_operation_leaves_the_worker_running(pool: CasPool) -> None:
    with pytest.raises(CasFailure):
        pool.run("sleep", "not a number")
    assert pool.run("ping") == "pong"


def test_very_long_text_is_refused_quickly() -> None:
    verdict = compare_answers("1", "1+" * 50_000 + "1")
    assert verdict.status == "unknown"
    assert "too long" in verdict.reason


_FRAGMENTS = st.sampled_from(
    ["x", "2", "+", "-", "*", "/", "^", "(", ")", "{", "}", "\\frac", "\\sqrt", "=", "<", ",",
     "\\pi", "!", "|", "%", ".", "\\begin{pmatrix}", "\\\\", "&", "e", "i", "9**9", "__", "'",
     "\\boxed{", "or", "\\pm", "[", "]", "\\infty", "import", ";", "\x00", "é", "\\left("]
)  # fmt: skip
_HOSTILE_TEXT = st.one_of(st.text(max_size=60), st.lists(_FRAGMENTS, max_size=25).map("".join))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold=_HOSTILE_TEXT, candidate=_HOSTILE_TEXT)
def test_random_and_hostile_text_always_gets_a_verdict(gold: str, candidate: str) -> None:
    start = time.monotonic()
    answer = compare_answers(gold, candidate)
    step = check_step(gold, candidate)
    assert answer.status in ("equivalent", "not_equivalent", "unknown")
    assert step.status in ("valid", "invalid", "unknown")
    assert isinstance(answer.reason, str) and isinstance(step.reason, str)
    assert time.monotonic() - start < HANG_S  # each call ends at its limit, not never
    assert default_pool().run("ping") == "pong"  # the worker pool survives every input


def test_the_in_process_cas_for_mutation_testing_runs_here_and_reports_errors_as_the_pool() -> None:
    from tutor_app.verify.sandbox import InProcessCas

    cas = InProcessCas()
    assert cas.run("ping") == "pong"
    assert cas.run("compare_answers", "x = 2", "2 = x").status == "equivalent"
    with pytest.raises(CasFailure, match="TypeError"):
        cas.run("compare_answers", "1")  # a wrong call is the pool's failure, not a crash
