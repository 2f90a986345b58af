"""`tutor-app check`, `practice` and `progress`, run as a user runs them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tutor_app.store.database import open_store


def run_cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_APP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "tutor_app", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip


def test_check_json_from_a_file_names_the_first_wrong_line(data_home: Path, tmp_path: Path) -> None:
    work = tmp_path / "work.txt"
    work.write_text("3(x + 2) = 12\n3x + 2 = 12\n3x = 10\n", encoding="utf-8")
    result = run_cli("check", str(work), "--json", home=data_home)
    assert result.returncode == 1, result.stderr  # a wrong line: exit status 1
    out = json.loads(result.stdout)
    assert out["first_wrong"] == 2
    assert [(line["line"], line["status"]) for line in out["lines"]] == [
        (1, "unknown"), (2, "invalid"), (3, "valid"),
    ]  # fmt: skip
    assert (
        out["lines"][1]["counterexample"]
        and out["lines"][1]["mistake"]["kind"] == "not_distributed"
    )


def test_check_from_stdin_confirms_right_working_and_records_it(data_home: Path) -> None:
    result = run_cli("check", "-", "--student", "Ann", home=data_home,
                     stdin="2x + 3 = 7\n$2x = 4$\nx = 2\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[right]" in result.stdout and "Every step follows" in result.stdout
    with open_store(data_home / "tutor.sqlite3") as store:
        [row] = store.evidence(store.student("Ann").id)
    assert (row.kind, row.skill, row.correct) == ("own_work", "linear_equations", True)


def test_check_refuses_a_missing_or_binary_file_in_one_line(
    data_home: Path, tmp_path: Path
) -> None:
    missing = run_cli("check", str(tmp_path / "nope.txt"), home=data_home)
    assert missing.returncode == 2 and missing.stderr.startswith("error: there is no file")
    binary = tmp_path / "work.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    result = run_cli("check", str(binary), home=data_home)
    assert result.returncode == 2 and "not a text file" in result.stderr
    assert "Traceback" not in result.stderr + missing.stderr


def test_practice_session_records_answers_and_hints_then_progress_shows_them(
    data_home: Path,
) -> None:
    problem = json.loads(run_cli("practice", "--student", "Bo", "--skill", "linear_equations",
                                 "--seed", "7", "--json", home=data_home).stdout)  # fmt: skip
    assert problem["skill"] == "linear_equations" and problem["value"]
    session = run_cli(
        "practice", "--student", "Bo", "--skill", "linear_equations", "--seed", "7",
        "--count", "2", home=data_home, stdin=f"hint\n999\n{problem['value']}\nquit\n",
    )  # fmt: skip
    assert session.returncode == 0, session.stderr
    out = session.stdout
    assert problem["question"] in out and "Hint 1 of 4 (Nudge)" in out
    assert "Not right" in out and "Right!" in out and "Problem 2 of 2" in out
    assert "Linear equations: Attempted" in out or "Linear equations: Familiar" in out
    shown = json.loads(run_cli("progress", "--student", "bo", "--json", home=data_home).stdout)
    linear = next(s for s in shown["skills"] if s["skill"] == "linear_equations")
    assert linear["answers"] == 2 and shown["hints_by_level"] == {"1": 1}
    assert [r["kind"] for r in shown["recent"]] == ["practice", "practice", "hint"]
    text = run_cli("progress", "--student", "Bo", home=data_home).stdout
    assert "1-day streak" in text and "Practise next:" in text


def test_practice_and_progress_refuse_bad_arguments_clearly(data_home: Path) -> None:
    skill = run_cli("practice", "--student", "Bo", "--skill", "alchemy", home=data_home)
    assert skill.returncode == 2 and "no such skill" in skill.stderr
    nobody = run_cli("progress", "--student", "Nobody", home=data_home)
    assert nobody.returncode == 2 and "no student called" in nobody.stderr
