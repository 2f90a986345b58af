"""Measure tutor_app.verify on the labelled bench cases, beside HuggingFace math-verify.

Usage: python benchmarks/checker.py [--bench DIR] [--no-peer] [--limit N] [--show-errors]
       python benchmarks/checker.py --heldout [--no-peer]
Prints, per source and per tag: accuracy, false accepts, false rejects, unknown rate and latency.
`--heldout` measures the answer cases of benchmarks/heldout (other public checkers' tests,
never used to write rules) instead of the dev cases; errors are not shown for them.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor_app.verify import check_step, compare_answers, warm_up  # noqa: E402

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
HELDOUT = Path(__file__).resolve().parent / "heldout" / "answers.jsonl"
# The answers slice without cases whose label flips under another grader option.
NO_CONFIG = "ALL without config_dependent"


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """Read a JSONL file of cases."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows[:limit] if limit else rows


# Cases where the tutor follows a school marker's convention against the source's label.
CONVENTIONS = json.loads(
    (Path(__file__).resolve().parents[1] / "tests/data/bench_conventions.json").read_text()
)


def answer_label(row: dict[str, Any]) -> bool:
    """The label to score against: math_label for disputed cases, the marker's convention for
    the cases in tests/data/bench_conventions.json."""
    if row["id"] in CONVENTIONS:
        return bool(CONVENTIONS[row["id"]]["label"])
    return bool(row["math_label"]) if row.get("disputed") else bool(row["equivalent"])


def source_of(row: dict[str, Any]) -> str:
    """The case's source prefix, e.g. mv, stack, gsm8k-calc."""
    return row["id"].rsplit("-", 1)[0]


class Tally:
    """Counts and latencies for one slice."""

    def __init__(self) -> None:
        self.n = self.correct = self.false_accept = self.false_reject = self.unknown = 0
        self.negatives = 0
        self.latencies: list[float] = []

    def add(self, label: bool, said: str, positive: str, seconds: float) -> None:
        """Record one case: the label, what the checker said and how long it took."""
        self.n += 1
        self.latencies.append(seconds)
        self.negatives += not label
        if said == "unknown":
            self.unknown += 1
        elif (said == positive) == label:
            self.correct += 1
        elif said == positive:
            self.false_accept += 1
        else:
            self.false_reject += 1

    def line(self, name: str) -> str:
        """One row of the report."""
        lat = sorted(self.latencies)
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0.0
        return (
            f"{name:34s} n={self.n:5d} acc={100 * self.correct / max(1, self.n):6.2f}% "
            f"FA={self.false_accept:3d} "
            f"({100 * self.false_accept / max(1, self.negatives):5.2f}% of neg) "
            f"FR={self.false_reject:4d} unk={100 * self.unknown / max(1, self.n):5.1f}% "
            f"med={1000 * statistics.median(lat) if lat else 0:6.2f}ms "
            f"p95={1000 * p95:7.2f}ms max={1000 * (lat[-1] if lat else 0):7.1f}ms"
        )


def mark(status: str, wrong: bool, positive: str = "equivalent") -> str:
    """A tag for an error line: FALSE-ACCEPT, false-reject or unknown."""
    if not wrong:
        return "[unknown]     "
    return "[FALSE-ACCEPT]" if status == positive else "[false-reject]"


def report(title: str, tallies: dict[str, Tally]) -> None:
    """Print the slices of one run."""
    print(f"\n== {title}")
    for name in sorted(tallies, key=lambda k: (k != "ALL", k)):
        print(tallies[name].line(name))


def run_answers(rows: list[dict[str, Any]], show: bool, title: str = "answers/dev.jsonl") -> None:
    """compare_answers on every answer case."""
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    false_accepts: list[str] = []
    for row in rows:
        label = answer_label(row)
        start = time.perf_counter()
        verdict = compare_answers(row["gold"], row["candidate"])
        seconds = time.perf_counter() - start
        cas_only = "cas_only" in row.get("tags", [])
        tags = [row["tag"]] if "tag" in row else row.get("tags", [])
        keys = ["cas_only"] if cas_only else ["ALL", f"source:{source_of(row)}"]
        keys += [f"tag:{tag}" for tag in tags] if not cas_only else []
        if row.get("context", {}).get("assume_positive"):
            keys.append("context:assume_positive")
        if not cas_only and not row.get("config_dependent"):
            keys.append(NO_CONFIG)
        for key in keys:
            tallies[key].add(label, verdict.status, "equivalent", seconds)
        wrong = verdict.status != "unknown" and (verdict.status == "equivalent") != label
        if wrong and verdict.status == "equivalent":
            false_accepts.append(f"{row['id']}{' (cas_only)' if cas_only else ''}")
        if show and not cas_only and (wrong or verdict.status == "unknown"):
            print(
                f"  {mark(verdict.status, wrong)} {row['id']} label={label} said={verdict.status} "
                f"gold={row['gold'][:60]!r} cand={row['candidate'][:60]!r} ({verdict.reason[:60]})"
            )
    report(f"tutor_app.verify.compare_answers on {title}", tallies)
    if show:
        print(f"false accepts ({len(false_accepts)}): {', '.join(false_accepts) or 'none'}")


def run_peer(rows: list[dict[str, Any]], title: str = "answers/dev.jsonl") -> None:
    """HuggingFace math-verify on the same answer cases (LaTeX wrapped in $...$)."""
    try:
        from math_verify import parse, verify
    except ImportError:
        print("\nmath-verify is not installed: pip install math-verify")
        return
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    for row in rows:
        label = answer_label(row)
        start = time.perf_counter()
        try:
            ok = verify(parse(f"${row['gold']}$"), parse(f"${row['candidate']}$"))
        except Exception:
            ok = False
        seconds = time.perf_counter() - start
        cas_only = "cas_only" in row.get("tags", [])
        keys = ["cas_only"] if cas_only else ["ALL", f"source:{source_of(row)}"]
        if not cas_only and not row.get("config_dependent"):
            keys.append(NO_CONFIG)
        for key in keys:
            tallies[key].add(label, "equivalent" if ok else "no", "equivalent", seconds)
    report(f"math-verify (peer) on {title}, same run", tallies)


def run_steps(rows: list[dict[str, Any]], show: bool) -> None:
    """check_step on every step case, honouring each case's context."""
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    flagged: collections.Counter[tuple[str, str]] = collections.Counter()
    false_accepts: list[str] = []
    for row in rows:
        label = bool(row["valid"])
        start = time.perf_counter()
        verdict = check_step(row["before"], row["after"], row.get("context"))
        seconds = time.perf_counter() - start
        source = source_of(row)
        keys = [f"source:{source}", f"{source}:tag:{row['tag']}"]
        if "cas_only" not in row.get("tags", []):
            keys.append("ALL")
        for key in keys:
            tallies[key].add(label, verdict.status, "valid", seconds)
        if verdict.status == "invalid":
            flagged[source, "said_invalid"] += 1
            flagged[source, "right"] += not label
        flagged[source, "invalid_cases"] += not label
        wrong = verdict.status != "unknown" and (verdict.status == "valid") != label
        if wrong and verdict.status == "valid":
            false_accepts.append(row["id"])
        if show and (wrong or (verdict.status == "unknown" and source != "gsm8k-calc")):
            print(
                f"  {mark(verdict.status, wrong, 'valid')} {row['id']} label={label} "
                f"said={verdict.status} {row['before'][:50]!r} -> "
                f"{row['after'][:50]!r} ctx={row.get('context')} ({verdict.reason[:50]})"
            )
    report("tutor_app.verify.check_step on steps/dev.jsonl", tallies)
    if show:
        print(f"false accepts ({len(false_accepts)}): {', '.join(false_accepts) or 'none'}")
    for source in sorted({s for s, _ in flagged}):
        said, right, cases = (
            flagged[source, k] for k in ("said_invalid", "right", "invalid_cases")
        )
        print(
            f"{source}: when it says invalid it is right {right}/{said} "
            f"({100 * right / max(1, said):.1f}%); it finds {right}/{cases} invalid steps "
            f"({100 * right / max(1, cases):.1f}%)"
        )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--only", choices=["answers", "steps"])
    parser.add_argument("--heldout", action="store_true", help="the held-out answer cases")
    args = parser.parse_args()
    warm_up()
    if args.heldout:
        heldout = load(HELDOUT, args.limit)
        run_answers(heldout, show=False, title="benchmarks/heldout/answers.jsonl")
        if not args.no_peer:
            run_peer(heldout, "benchmarks/heldout/answers.jsonl")
        return
    if args.only != "steps":
        answers = load(args.bench / "answers" / "dev.jsonl", args.limit)
        run_answers(answers, args.show_errors)
        if not args.no_peer:
            run_peer(answers)
    if args.only != "answers":
        run_steps(load(args.bench / "steps" / "dev.jsonl", args.limit), args.show_errors)


if __name__ == "__main__":
    main()
