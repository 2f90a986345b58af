"""The teaching sub-commands: `check` (a student's own working), `practice` and `progress`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths

MAX_WORK_BYTES = 100_000
EXIT_WRONG_LINE = 1
CHECK_BADGES = {"valid": "[right]", "invalid": "[WRONG]", "unknown": "[not checked]"}


def add_commands(commands: Any) -> None:
    """Add `check`, `practice` and `progress` to the command-line grammar."""
    check = commands.add_parser(
        "check",
        help="check your own working line by line (exit status 1 when a line is wrong)",
        description="Line 1 is your starting line; each later line is checked against the one "
        "before it. Plain syntax (2x + 3 = 7) or LaTeX both work.",
    )
    check.add_argument("file", help="a text file with one step per line, or - for standard input")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--student", help="record the checked work as this student's evidence")
    check.add_argument("--skill", help="the skill the work practises (else read from line 1)")
    practice = commands.add_parser("practice", help="practise problems; answers are recorded")
    practice.add_argument("--student", required=True)
    practice.add_argument("--skill", help="one skill (else what is due and weakest comes first)")
    practice.add_argument("--count", type=int, default=5, help="how many problems")
    practice.add_argument("--seed", type=int, default=0)
    practice.add_argument("--json", action="store_true", help="print one problem with its answer")
    progress = commands.add_parser("progress", help="a student's mastery, streak and recent work")
    progress.add_argument("--student", required=True)
    progress.add_argument("--json", action="store_true", help="print one JSON object")


def read_work(name: str, stdin: TextIO | None = None) -> str:
    """The working to check, from a file or from standard input; refused with a clear message."""
    try:
        if name == "-":
            text = (stdin or sys.stdin).read(MAX_WORK_BYTES + 1)
        else:
            path = Path(name)
            if path.stat().st_size > MAX_WORK_BYTES:
                raise TutorError(f"{name} is too large to be one piece of working.")
            text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TutorError(f"there is no file {name}") from None
    except IsADirectoryError:
        raise TutorError(f"{name} is a folder, not a file of working") from None
    except UnicodeDecodeError:
        raise TutorError(f"{name} is not a text file (it is not UTF-8)") from None
    except OSError as exc:
        raise TutorError(f"{name} could not be read: {exc.strerror or exc}") from None
    if len(text) > MAX_WORK_BYTES:
        raise TutorError("that is too much text to be one piece of working.")
    return text


def run_check(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app check`: every step of the student's working, the first wrong one explained."""
    from tutor_app.render.math_scan import readable_latex
    from tutor_app.tutor.my_work import check_work, summary

    result = check_work(read_work(args.file))
    if args.student and result.lines:
        _record_work(args, paths, result)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        for mark in result.lines:
            badge = "[start]" if mark.line == 1 else CHECK_BADGES[mark.status]
            print(f"{mark.line:>3} {badge:<14} {mark.text}")
            if mark.line > 1 and mark.status != "valid":
                print(f"{'':19}why: {readable_latex(mark.reason)}")
            if mark.mistake_words:
                print(f"{'':19}mistake: {mark.mistake_words}")
            if mark.counterexample:
                print(f"{'':19}shown by: {mark.counterexample}")
        print(summary(result))
    return EXIT_WRONG_LINE if result.first_wrong is not None else 0


def _record_work(args: argparse.Namespace, paths: AppPaths, result: Any) -> None:
    from tutor_app.store.database import open_store
    from tutor_app.tutor.my_work import work_evidence
    from tutor_app.tutor.progress import record

    paths.ensure()
    with open_store(paths.store_location) as store:
        student = store.student(args.student)
        record(store, work_evidence(student.id, result, args.skill))


def run_practice(args: argparse.Namespace, paths: AppPaths, stdin: TextIO | None = None) -> int:
    """`tutor-app practice`: problems one after another, answers graded and recorded."""
    from tutor_app.render.math_scan import readable_latex
    from tutor_app.store.database import open_store
    from tutor_app.tutor.coaching import Coach
    from tutor_app.tutor.progress import describe, progress
    from tutor_app.tutor.skills import name_of

    if args.count < 1:
        raise TutorError("--count must be at least 1")
    paths.ensure()
    with open_store(paths.store_location) as store:
        student = store.student(args.student)
        try:
            coach = Coach(store, student.id, skill=args.skill, seed=args.seed)
        except ValueError as exc:
            raise TutorError(str(exc)) from None
        if args.json:
            problem = coach.next_problem()
            print(json.dumps({"skill": problem.skill, "question": problem.question,
                              "answer": problem.answer, "value": problem.value},
                             ensure_ascii=False))  # fmt: skip
            return 0
        source = stdin or sys.stdin
        print(f"Practice for {student.name}: {args.count} problems. Type an answer, 'hint' for a "
              "hint, 'skip' to move on, 'quit' to stop.")  # fmt: skip
        practised: set[str] = set()
        for number in range(1, args.count + 1):
            problem = coach.next_problem()
            practised.add(problem.skill)
            print(f"\nProblem {number} of {args.count} ({name_of(problem.skill)}):")
            print(f"  {readable_latex(problem.question)}")
            if not _work_on(coach, source, readable_latex):
                break
        states = progress(store, student.id).states
        print("\nWhere you stand:")
        for skill in sorted(practised):
            print(f"  {describe(states.get(skill), skill)}")
    return 0


def _work_on(coach: Any, source: TextIO, readable: Any) -> bool:
    """Take answers and hints for the current problem; False when the student stops."""
    problem = coach.current.problem
    while True:
        print("> ", end="", flush=True)
        line = source.readline()
        if not line:
            print()
            return False
        typed = line.strip()
        if typed.lower() in ("quit", "q", "exit"):
            return False
        if typed.lower() in ("skip", "s"):
            print(f"  The answer was {readable(problem.answer)}.")
            return True
        if typed.lower() in ("hint", "h", "?"):
            given = coach.take_hint()
            if given is None:
                print(f"  No more hints: the answer is {readable(problem.answer)}.")
                return True
            print(f"  Hint {given.level} of 4 ({given.name}):")
            for text in given.text.split("\n\n"):
                print(f"    {readable(text)}")
            continue
        if not typed:
            continue
        marked = coach.answer(typed)
        if not marked.read:
            print(f"  That could not be read ({marked.verdict.reason}). Write it again.")
            continue
        if marked.right:
            print("  Right!")
            return True
        print(f"  Not right ({readable(marked.verdict.reason)}). Try again, or type 'hint'.")


def run_progress(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app progress`: mastery per skill, streak, time practised and recent work."""
    from tutor_app.store.database import open_store
    from tutor_app.tutor.progress import describe, next_skills, progress
    from tutor_app.tutor.skills import SKILLS, name_of

    paths.ensure()
    with open_store(paths.store_location) as store:
        known = {s.name.casefold(): s for s in store.students()}
        student = known.get(args.student.strip().casefold())
        if student is None:
            raise TutorError(f"there is no student called {args.student!r}")
        seen = progress(store, student.id)
    if args.json:
        print(json.dumps({"student": student.name, **seen.to_json()}, ensure_ascii=False))
        return 0
    print(f"{student.name}: {seen.streak_days}-day streak, "
          f"{seen.active_minutes:.0f} minutes practised\n")  # fmt: skip
    for skill in SKILLS:
        print(f"  {describe(seen.states.get(skill.key), skill.key)}")
    upcoming = next_skills(seen.states, datetime.now(timezone.utc))
    print("\nPractise next: " + ", ".join(name_of(k) for k in upcoming))
    if seen.recent:
        print("\nRecent work:")
        for row in seen.recent:
            mark = {True: "right", False: "wrong", None: "hint"}[row.correct]
            if row.kind == "hint":
                mark = f"hint {row.hint_level}"
            print(f"  {name_of(row.skill)}: {row.problem[:60]} ({mark})")
    return 0
