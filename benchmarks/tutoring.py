"""The whole tutor on real questions (MATH-500, GSM8K) against the data sets' own answers.

Usage: python benchmarks/tutoring.py [--bench FILE] [--baseline CHECKOUT] [--model-limit N]
                                     [--retries N] [--show right|wrong|unknown|none]

Per question: the CAS answer against the given answer (right, wrong, none), and whether the
CAS's own worked solution checks, with its time. With --model-limit N, the full solve through
the bundled model, the model writing first as a real tutor model would (generation is slow), on
N questions: half of them ones with a CAS answer, half spread over the rest: the final answer
shown against the given answer and the status shown. With --baseline, the same runs on another
checkout (an earlier commit) in the same invocation, graded by this checkout's checker.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "tutoring" / "dev.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    """The questions, one JSON object per line."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def slice_of(row: dict[str, Any]) -> str:
    """gsm8k, math-L1-3 (levels 1-3 without a diagram) or math-other."""
    if row["id"].startswith("gsm8k"):
        return "gsm8k"
    if row.get("level") in (1, 2, 3) and not row.get("diagram"):
        return "math-L1-3"
    return "math-other"


def model_sample(rows: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` questions spread evenly over the file."""
    if count <= 0:
        return []
    step = max(1, len(rows) // count)
    return rows[::step][:count]


# -- emit: runs inside the checkout being measured ----------------------------------------------
def emit(args: argparse.Namespace) -> None:
    """Print one JSON line per question with what this checkout's tutor gives."""
    rows = load(Path(args.bench))
    truth_of, written_by_cas = _truth_function()
    for row in rows:
        started = time.perf_counter()
        answer, value = truth_of(row["problem"])
        record = {"id": row["id"], "answer": answer, "value": value,
                  "seconds": time.perf_counter() - started}  # fmt: skip
        if answer and written_by_cas is not None:
            started = time.perf_counter()
            record["cas_solution"] = written_by_cas(row["problem"])
            record["cas_seconds"] = time.perf_counter() - started
        print(json.dumps(record), flush=True)
    if args.model_ids:
        wanted = set(Path(args.model_ids).read_text().split())
        _emit_model_runs([row for row in rows if row["id"] in wanted], args.retries)


def _truth_function() -> tuple[Any, Any]:
    """(question -> (CAS answer, bare value)), and (question -> CAS solution verified?) or None."""
    try:
        from tutor_app.tutor.pipeline import cas_worked_solution
        from tutor_app.tutor.truth import find_truth
    except ImportError:  # an earlier checkout: the CAS read the question with its own patterns
        from tutor_app.verify import solve_problem  # type: ignore[attr-defined]

        def old(question: str) -> tuple[str | None, str | None]:
            truth = solve_problem(question)
            return (truth["answer"] if truth else None), None

        return old, None

    def new(question: str) -> tuple[str | None, str | None]:
        truth = find_truth(question)
        return truth.answer, truth.value

    def written(question: str) -> bool:
        return cas_worked_solution(find_truth(question)) is not None

    return new, written


def _emit_model_runs(rows: list[dict[str, Any]], retries: int) -> None:
    from tutor_app.engine.discovery import bundled_model_path
    from tutor_app.engine.runtime import LoadSettings, ModelWorker
    from tutor_app.errors import TutorError
    from tutor_app.tutor.pipeline import solve

    worker = ModelWorker(bundled_model_path(), LoadSettings(n_ctx=2048)).start()
    worker.wait_ready(120)
    try:
        for row in rows:
            try:
                solution = solve(row["problem"], worker, retries=retries, max_tokens=400)
            except TutorError as exc:
                print(json.dumps({"model_id": row["id"], "error": str(exc)}), flush=True)
                continue
            record = {
                "model_id": row["id"],
                "status": solution.status,
                "final_answer": solution.final_answer,
                "cas_answer": solution.cas_answer,
                "worked_by": getattr(solution, "worked_by", "model"),
                "samples": len(solution.samples),
            }
            print(json.dumps(record), flush=True)
    finally:
        worker.close()


# -- grade: runs in this checkout --------------------------------------------------------------
def run_checkout(
    checkout: Path, args: argparse.Namespace, model_ids: Path | None = None
) -> list[dict[str, Any]]:
    """Run emit in a checkout, in its own process, and collect its JSON lines."""
    command = [sys.executable, str(Path(__file__).resolve()), "--emit", "--bench", args.bench,
               "--retries", str(args.retries)]  # fmt: skip
    if model_ids is not None:
        command += ["--model-ids", str(model_ids)]
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    result = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the run in {checkout} failed:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def grade(gold: str, answer: str | None, value: str | None) -> str:
    """right, wrong, unknown (the checker cannot decide) or none (no answer given)."""
    from tutor_app.verify import compare_answers

    if not answer:
        return "none"
    relation = any(op in gold for op in ("=", "<", ">", "\\le", "\\ge"))
    verdict = compare_answers(gold, value if value and not relation else answer)
    return {"equivalent": "right", "not_equivalent": "wrong"}.get(verdict.status, "unknown")


def report(name: str, rows: list[dict[str, Any]], lines: list[dict[str, Any]], show: str) -> None:
    """Print the figures for one checkout."""
    by_id = {row["id"]: row for row in rows}
    cas = collections.defaultdict(collections.Counter)
    seconds = []
    print(f"\n## {name}")
    for line in lines:
        if "id" not in line:
            continue
        row = by_id[line["id"]]
        result = grade(row["answer"], line["answer"], line.get("value"))
        seconds.append(line["seconds"])
        for part in ("all", slice_of(row)):
            cas[part][result] += 1
        if result == show:
            print(f"  {result:7s} {row['id']}: given {row['answer']!r}, CAS {line['answer']!r}")
    print("CAS answers against the given answers:")
    print(f"  {'slice':12s} {'questions':>9s} {'answered':>9s} {'right':>6s} {'wrong':>6s} "
          f"{'unknown':>8s}")  # fmt: skip
    for part in ("all", "math-L1-3", "math-other", "gsm8k"):
        counts = cas[part]
        total = sum(counts.values())
        answered = total - counts["none"]
        share = 100 * answered / total if total else 0
        print(f"  {part:12s} {total:9d} {answered:5d} ({share:4.1f}%) {counts['right']:5d} "
              f"{counts['wrong']:6d} {counts['unknown']:8d}")  # fmt: skip
    if seconds:
        print(f"  reading + CAS time per question: median {statistics.median(seconds)*1000:.0f} ms,"
              f" max {max(seconds)*1000:.0f} ms")  # fmt: skip
    written = [line for line in lines if "cas_solution" in line]
    if written:
        checked = sum(bool(line["cas_solution"]) for line in written)
        times = [line["cas_seconds"] for line in written]
        print(f"  CAS worked solutions: {checked} of {len(written)} questions with a CAS answer "
              f"get one that checks; time median {statistics.median(times)*1000:.0f} ms, "
              f"max {max(times)*1000:.0f} ms")  # fmt: skip
    _report_model(by_id, [line for line in lines if "model_id" in line])


def _report_model(by_id: dict[str, Any], runs: list[dict[str, Any]]) -> None:
    if not runs:
        return
    shown = collections.Counter()
    statuses = collections.Counter()
    verified_wrong = []
    with_cas = with_cas_verified = 0
    by_cas = sum(r.get("worked_by") == "cas" for r in runs)
    for run in runs:
        row = by_id[run["model_id"]]
        if "error" in run:
            statuses["refused"] += 1
            continue
        result = grade(row["answer"], run["final_answer"], None)
        shown[result] += 1
        statuses[run["status"]] += 1
        if run["status"] == "verified" and result == "wrong":
            verified_wrong.append(row["id"])
        if run.get("cas_answer"):
            with_cas += 1
            with_cas_verified += run["status"] == "verified"
    print(f"Full solves with the bundled model on {len(runs)} questions:")
    print(f"  final answer shown: {dict(shown)}")
    print(f"  status shown: {dict(statuses)}")
    print(f"  shown VERIFIED but the given answer contradicts it: {len(verified_wrong)} "
          f"{verified_wrong}")  # fmt: skip
    print(f"  questions with a CAS answer: {with_cas}, ending verified: {with_cas_verified}")
    print(f"  solutions shown that the CAS wrote: {by_cas}")


def main() -> None:
    """Parse the arguments; emit in a checkout, or run the checkouts and grade them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(DEFAULT_BENCH))
    parser.add_argument("--baseline", help="another checkout to measure in the same run")
    parser.add_argument("--model-limit", type=int, default=0)
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--show", default="wrong", help="list questions graded this way")
    parser.add_argument("--emit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model-ids", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        emit(args)
        return
    if not Path(args.bench).exists():
        sys.exit(f"no question file at {args.bench}; pass --bench")
    rows = load(Path(args.bench))
    sys.path.insert(0, str(ROOT))
    checkouts = [("this checkout", ROOT)]
    if args.baseline:
        checkouts.insert(0, (f"baseline {args.baseline}", Path(args.baseline).resolve()))
    model_ids = None
    if args.model_limit:
        # The same questions for every checkout: half with a CAS answer here, half spread out.
        answered = {line["id"] for line in run_checkout(ROOT, args) if line.get("answer")}
        with_cas = model_sample([r for r in rows if r["id"] in answered], args.model_limit // 2)
        others = model_sample([r for r in rows if r["id"] not in answered], args.model_limit // 2)
        model_ids = Path(tempfile.mkdtemp()) / "model-ids.txt"
        model_ids.write_text("\n".join(r["id"] for r in with_cas + others))
    for name, checkout in checkouts:
        started = time.perf_counter()
        lines = run_checkout(checkout, args, model_ids)
        report(name, rows, lines, args.show)
        print(f"  (run took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
