"""The checker's dev benchmark as a regression gate: every labelled case, floors at today's figures.

The cases are `../shared/bench` beside the checkout (or `$TUTOR_BENCH_DIR`). They are not
copied into the project (their README asks not to). Where they are missing the tests skip,
unless `$TUTOR_BENCH_REQUIRED` is set, as `.ci/run` sets it: then they fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tutor_app.verify import check_step, compare_answers

# Today's figures (benchmarks/checker.py, 2026-12-02); a change that loses a case fails here.
ANSWERS_RIGHT_FLOOR = 660  # of the 666 answer cases that are neither cas_only nor config-dependent
STEPS_RIGHT_FLOOR = 4406  # of the 4416 step cases that are not cas_only
ARITHMETIC_CASES = 4195  # gsm8k calculator claims: every one is judged right
# Cases where the tutor follows a school marker's convention against the source's label, each
# with the reason; benchmarks/checker.py scores them the same way.
CONVENTIONS = json.loads((Path(__file__).parent / "data/bench_conventions.json").read_text())


def bench_dir() -> Path:
    """Where the labelled cases are."""
    named = os.environ.get("TUTOR_BENCH_DIR")
    return Path(named) if named else Path(__file__).resolve().parents[2] / "shared" / "bench"


def cases(name: str) -> list[dict[str, Any]]:
    """Every case of one set; skip (or, when they are required, fail) if the file is missing."""
    path = bench_dir() / name / "dev.jsonl"
    if not path.exists():
        message = f"the bench cases are not at {path} (set TUTOR_BENCH_DIR)"
        if os.environ.get("TUTOR_BENCH_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_answer_case_is_judged_at_least_as_well_as_today_with_no_false_accept() -> None:
    right, false_accepts = 0, []
    rows = [
        row
        for row in cases("answers")
        if "cas_only" not in row["tags"] and not row.get("config_dependent")
    ]
    assert len(rows) == 666  # the set itself has not changed under the floor
    for row in rows:
        label = row["math_label"] if row.get("disputed") else row["equivalent"]
        label = CONVENTIONS.get(row["id"], {}).get("label", label)
        status = compare_answers(row["gold"], row["candidate"]).status
        if status == "equivalent" and not label:
            false_accepts.append(row["id"])
        right += status != "unknown" and (status == "equivalent") == label
    assert false_accepts == []
    assert right >= ANSWERS_RIGHT_FLOOR, f"{right} of {len(rows)} answer cases judged right"


def test_every_step_case_is_judged_at_least_as_well_as_today_with_no_false_accept() -> None:
    right, false_accepts, arithmetic_right = 0, [], 0
    rows = [row for row in cases("steps") if "cas_only" not in row["tags"]]
    assert len(rows) == 4416
    for row in rows:
        status = check_step(row["before"], row["after"], row.get("context")).status
        if status == "valid" and not row["valid"]:
            false_accepts.append(row["id"])
        ok = status != "unknown" and (status == "valid") == row["valid"]
        right += ok
        arithmetic_right += ok and row["id"].startswith("gsm8k-calc")
    assert false_accepts == []
    assert arithmetic_right == ARITHMETIC_CASES  # every calculator claim, right or perturbed
    assert right >= STEPS_RIGHT_FLOOR, f"{right} of {len(rows)} step cases judged right"
