"""The `tutor-app` command, run as a user runs it: a real process, real model, real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor_app.store.database import open_store

# Settings of the machine running the tests that must not reach the tutor under test.
_NOT_INHERITED = ("TUTOR_APP_MODEL", "TUTOR_APP_SERVER", "TUTOR_APP_API_KEY")


def run_cli(
    *args: str, home: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m tutor_app ARGS` with its own data folder (and `env` added)."""
    merged = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    merged.update({"TUTOR_APP_HOME": str(home), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "tutor_app", *args],
        capture_output=True,
        text=True,
        env=merged,
        timeout=timeout,
    )


def test_solve_json_prints_steps_verdicts_and_stores_the_attempt(data_home: Path) -> None:
    result = run_cli(
        "solve", "Solve x + 2 = 5", "--json", "--retries", "0", "--max-tokens", "120",
        "--student", "Grace", home=data_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["cas_answer"] == "x = 3"
    # With the starter model the computer algebra system's own solution comes first.
    assert payload["worked_by"] == "cas" and payload["model_samples"] == 0
    assert payload["status"] == "verified" and payload["final_answer"] == "x = 3"
    assert payload["steps"] and all(s["status"] == "valid" for s in payload["steps"])
    assert payload["solution_text"].startswith("*Worked by the computer algebra system")
    store = open_store(data_home / "tutor.sqlite3")
    [attempt] = store.attempts(store.student("Grace").id)
    assert attempt.id == payload["attempt_id"] and attempt.worked_by == "cas"
    assert attempt.skill == "linear_equations"  # tagged with a skill of the map
    assert len(attempt.steps) == len(payload["steps"])
    store.close()


def test_model_first_lets_the_starter_model_try_before_the_cas(data_home: Path) -> None:
    result = run_cli(
        "solve", "Solve x + 2 = 5", "--json", "--retries", "0", "--max-tokens", "60",
        "--model-first", home=data_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["model_samples"] == 1
    first = payload["samples"][0]
    assert first["author"] == "model"
    if first["status"] == "verified":  # the model got it right: its solution is shown
        assert payload["worked_by"] == "model" and len(payload["samples"]) == 1
    else:  # it did not: the CAS's own solution follows it
        assert payload["worked_by"] == "cas" and payload["samples"][1]["author"] == "cas"


def test_a_question_without_a_cas_answer_says_why(data_home: Path) -> None:
    result = run_cli(
        "solve", "Tom has 3 apples and buys 4 more. How many apples does he have?",
        "--retries", "0", "--max-tokens", "60", home=data_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No computer algebra answer: the question reader could not tell" in result.stdout
    assert "Worked by: " in result.stdout


def test_solve_streams_text_then_prints_each_verdict(data_home: Path) -> None:
    result = run_cli(
        "solve", "What is 6*7?", "--retries", "0", "--max-tokens", "80", home=data_home
    )
    assert result.returncode == 0, result.stderr
    assert "Checked steps:" in result.stdout
    assert "Status: " in result.stdout
    assert "Computer algebra answer: 42" in result.stdout


def test_the_terminal_shows_maths_as_readable_text_not_latex(data_home: Path) -> None:
    result = run_cli(
        "solve", "Differentiate x^2 sin(x)", "--retries", "0", home=data_home
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = result.stdout.split("Checked steps:")[1]  # the solution above streams as written
    assert "Computer algebra answer: x (x cos(x) + 2 sin(x))" in summary
    assert "\\left" not in summary and "\\cos" not in summary and "\\frac" not in summary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solve", ""], "Type a maths question"),
        (["solve", "1+" * 50_000 + "1"], "characters long"),
        (["solve", "Tell me a joke about cats"], "does not look like a maths question"),
        (["solve", "__import__('os').system('echo pwned')"], "does not look like"),
        (["--model", "/no/such/model.gguf", "solve", "Solve x + 1 = 2"], "missing"),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(
    data_home: Path, args: list[str], message: str
) -> None:
    result = run_cli(*args, home=data_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "pwned" not in result.stdout


def test_a_file_that_is_not_a_model_gets_a_clear_message(data_home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "notes.gguf"
    fake.write_text("these are my maths notes")
    result = run_cli("--model", str(fake), "solve", "Solve x + 1 = 2", home=data_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "GGUF" in result.stderr


def test_models_lists_the_catalogue_and_the_bundled_model(data_home: Path) -> None:
    result = run_cli("models", "--json", home=data_home)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    keys = [m["key"] for m in payload["models"]]
    assert keys[:4] == ["phi-4", "phi-4-reasoning", "phi-4-mini-instruct", "phi-4-mini-reasoning"]
    assert payload["chosen"].endswith(".gguf")
    assert all(isinstance(m["fits"], bool) for m in payload["models"])
