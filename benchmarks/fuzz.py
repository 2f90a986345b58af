"""Hostile and random text against the checker: every call returns a verdict, nothing runs.

    python benchmarks/fuzz.py [--pairs 10000] [--seed 1]

Each pair goes through compare_answers and check_step in the sandboxed CAS workers. The pairs
mix, in equal parts: random characters (any Unicode), random runs of maths fragments (LaTeX
commands, operators, brackets, towers of powers), code-injection templates that would create a
marker file if anything executed them, and real answers from ../shared/bench with pieces cut
out or repeated. The script fails (exit 1) when a call gives no verdict, takes longer than the
time limit plus the time to replace a stopped worker, or when a marker file appears; it prints
the verdicts and the time per call.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FRAGMENTS = [
    "x", "y", "2", "0", "-1", "+", "-", "*", "/", "^", "**", "(", ")", "{", "}", "[", "]",
    "\\frac", "\\sqrt", "\\sqrt[3]", "=", "<", ">", "\\le", ",", ";", ":", "\\pi", "!", "|",
    "%", ".", "e", "i", "9**9**9", "10^{10^{10}}", "\\begin{pmatrix}", "\\end{pmatrix}",
    "\\begin{cases}", "\\end{cases}", "\\\\", "&", "\\boxed{", "\\text{", "or", "and", "\\pm",
    "\\infty", "\\int", "\\sum_{k=1}^{n}", "\\lim_{x\\to 0}", "\\left(", "\\right)", "__",
    "import", "lambda", "'", '"', "\x00", "é", "∞", "√", "²", "1,050", "20:34", "p.m.",
]  # fmt: skip
INJECTIONS = [
    "__import__('os').system('touch {marker}')",
    "eval(\"__import__('os').system('touch {marker}')\")",
    'exec(\'open("{marker}", "w")\')',
    "lambda: open('{marker}', 'w')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('{marker}', 'w').write('x')",
    "\\input{{{marker}}}",
    "x = __builtins__['open']('{marker}', 'w')",
    "getattr(__import__('os'), 'system')('touch {marker}')",
    'sympify(\'open("{marker}", "w")\')',
]
LIMIT_S = 2.0  # the CAS time limit per call
RESTART_S = 10.0  # what replacing a stopped worker may add, on a loaded two-core machine


def real_answers() -> list[str]:
    """Answers and steps from the labelled cases, where they are beside the checkout."""
    bench = Path(__file__).resolve().parents[2] / "shared" / "bench"
    texts: list[str] = []
    for name, keys in (("answers", ("gold", "candidate")), ("steps", ("before", "after"))):
        path = bench / name / "dev.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts += [str(row[k]) for k in keys]
    return texts or ["x = 2", "\\frac{1}{2}", "2x + 3 = 7"]


def make_text(rng: random.Random, kind: int, marker: Path, real: list[str]) -> str:
    """One hostile or random text of the given kind (0 to 3)."""
    if kind == 0:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 80)))
    if kind == 1:
        return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(0, 30)))
    if kind == 2:
        return rng.choice(INJECTIONS).format(marker=marker)
    text = rng.choice(real)
    if not text:
        return text
    cut = rng.randrange(len(text))
    return rng.choice([text[:cut], text[cut:], text[:cut] + text, text * rng.randrange(1, 4)])


def main() -> int:
    """Send the pairs, then print what came back and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from tutor_app.verify import check_step, compare_answers
    from tutor_app.verify.sandbox import default_pool

    rng = random.Random(args.seed)
    real = real_answers()
    verdicts: collections.Counter[str] = collections.Counter()
    times: list[float] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tutor-fuzz-") as folder:
        marker = Path(folder) / "executed"
        begun = time.monotonic()
        for n in range(args.pairs):
            gold = make_text(rng, n % 4, marker, real)
            candidate = make_text(rng, rng.randrange(4), marker, real)
            for name, call, allowed in (
                ("answer", compare_answers, {"equivalent", "not_equivalent", "unknown"}),
                ("step", check_step, {"valid", "invalid", "unknown"}),
            ):
                start = time.monotonic()
                verdict = call(gold, candidate)
                took = time.monotonic() - start
                times.append(took)
                verdicts[f"{name}:{verdict.status}"] += 1
                if verdict.status not in allowed or not isinstance(verdict.reason, str):
                    failures.append(f"{name} gave {verdict!r} for {gold!r} / {candidate!r}")
                if took > LIMIT_S + RESTART_S:
                    failures.append(f"{name} took {took:.1f} s for {gold!r} / {candidate!r}")
        wall = time.monotonic() - begun
        if marker.exists():
            failures.append("a marker file was created: text was executed")
    if default_pool().run("ping") != "pong":
        failures.append("the worker pool did not survive")

    ordered = sorted(times)
    print(f"{args.pairs} pairs, {len(times)} calls in {wall:.0f} s (seed {args.seed})")
    print(
        f"per call: median {statistics.median(ordered) * 1000:.1f} ms, "
        f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:.0f} ms, max {ordered[-1]:.2f} s; "
        f"{sum(t >= LIMIT_S for t in ordered)} calls stopped at the {LIMIT_S:g} s limit"
    )
    for key, count in sorted(verdicts.items()):
        print(f"  {key:24} {count}")
    print("nothing was executed" if not marker.exists() else "TEXT WAS EXECUTED")
    for failure in failures[:20]:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
