"""Mutation score of the tests over the checker, the tutor, the store, the download and the
render sanitiser, with mutmut, on a seeded random sample of the mutants of each area.

Usage: python benchmarks/mutation.py [--sample N] [--seed S] [--workdir DIR] [--keep]
                                     [--areas AREA ...] [--tests PYTEST-ARG ...]

mutmut (3.x, `pip install mutmut==3.8.1`; not a dependency of the app) mutates a copy of the
committed code (a `git clone` of HEAD into --workdir), runs the non-window tests once to learn
which tests reach which function, then runs only those tests against each mutant, two at a
time. Mutants on lines no test reaches are made and count as survivors (they are not tested).
The CAS runs in the test's own process (TUTOR_CAS_IN_PROCESS=1) so that the mutated
checker is the one the tests call. All of an area's mutants are made; `--sample` of each
area are run (0: all of them, hours). It prints the score per area and overall, and every
surviving mutant's diff, for judging which are equivalent. Too slow for CI: a benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AREAS = {
    "verify": ["tutor_app/verify/*"],
    "tutor": ["tutor_app/tutor/*"],
    "store": ["tutor_app/store/*"],
    "download": ["tutor_app/engine/download.py"],
    "sanitiser": ["tutor_app/render/markdown_math.py", "tutor_app/render/mathml.py"],
}
# The window tests and the tests of the real model: a generation per mutant is far too slow.
TESTS = ["tests", "--ignore=tests/ui", "-m", "not model and not slow"]
CONFIG = """
[tool.mutmut]
source_paths = ["tutor_app"]
only_mutate = {only}
pytest_add_cli_args_test_selection = {tests}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]
mutate_only_covered_lines = false
also_copy = ["tests", "models", "assets", "benchmarks"]
"""
KILLED = {"killed", "timeout", "segfault"}  # the tests noticed: failed, hung or crashed


def clone(workdir: Path, areas: list[str], tests: list[str]) -> Path:
    """A fresh clone of HEAD (uncommitted changes are not measured), configured for mutmut."""
    target = workdir / "checkout"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    only = [pattern for area in areas for pattern in AREAS[area]]
    with (target / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(CONFIG.format(only=json.dumps(only), tests=json.dumps(tests)))
    shared = ROOT.parent / "shared"
    if shared.exists() and not (workdir / "shared").exists():
        (workdir / "shared").symlink_to(shared)  # the bench cases, beside the clone
    return target


def mutmut(checkout: Path, *args: str) -> str:
    """Run mutmut in the checkout and return what it printed (its progress lines dropped);
    a failed run stops the benchmark with mutmut's last words."""
    env = {**os.environ, "TUTOR_CAS_IN_PROCESS": "1", "QT_QPA_PLATFORM": "offscreen"}
    bench = ROOT.parent / "shared" / "bench"  # the tests run inside mutmut's copy, elsewhere
    if bench.exists():
        env.setdefault("TUTOR_BENCH_DIR", str(bench))
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mutmut")), *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    printed = "\n".join(
        line
        for line in (done.stdout + done.stderr).replace("\r", "\n").splitlines()
        if line.strip() and line.strip()[0] not in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
    )
    if done.returncode != 0:
        raise SystemExit(f"mutmut {args[0]} failed ({done.returncode}):\n{printed[-3000:]}")
    return printed


def make_mutants(checkout: Path) -> None:
    """Let mutmut write every mutant, then stop it before it runs any tests (it has no
    command for only that; a name that matches nothing would stop it only after the tests)."""
    env = {**os.environ, "TUTOR_CAS_IN_PROCESS": "1", "QT_QPA_PLATFORM": "offscreen"}
    command = [str(Path(sys.executable).with_name("mutmut")), "run", "no.such.mutant"]
    with subprocess.Popen(
        command, cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as run:
        assert run.stdout is not None
        printed = b""
        while b"done in" not in printed:  # "Generating mutants ... done in 1234ms"
            piece = run.stdout.read1(4096)
            if not piece:
                raise SystemExit(f"mutmut stopped while making mutants:\n{printed[-2000:]!r}")
            printed += piece
        run.terminate()


def mutant_names(checkout: Path) -> dict[str, list[str]]:
    """Every mutant mutmut made, by area (read from its .meta files)."""
    names: dict[str, list[str]] = {area: [] for area in AREAS}
    for meta in sorted((checkout / "mutants").rglob("*.py.meta")):
        source = meta.relative_to(checkout / "mutants").as_posix().removesuffix(".meta")
        area = next(
            (a for a, patterns in AREAS.items() if any(_matches(source, p) for p in patterns)),
            None,
        )
        if area is not None:
            names[area] += list(json.loads(meta.read_text())["exit_code_by_key"])
    return names


def _matches(path: str, pattern: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def statuses(checkout: Path) -> dict[str, str]:
    """Each mutant's outcome as `mutmut results --all true` reports it."""
    found = re.findall(r"^\s*(\S+): (.+)$", mutmut(checkout, "results", "--all", "true"), re.M)
    return {name: status.strip() for name, status in found}


def main() -> None:
    """Make the mutants, run a sample of each area, print the scores and the survivors."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=120, help="mutants per area (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--areas", nargs="+", choices=sorted(AREAS), default=list(AREAS))
    parser.add_argument(
        "--tests", nargs="+", default=TESTS, help="pytest arguments choosing the tests"
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tutor-mutation-"))
    workdir.mkdir(parents=True, exist_ok=True)
    checkout = clone(workdir, args.areas, args.tests)
    print(f"mutating a clone of HEAD in {checkout}", flush=True)
    make_mutants(checkout)
    by_area = mutant_names(checkout)
    rng = random.Random(args.seed)
    chosen: dict[str, list[str]] = {}
    for area, names in by_area.items():
        if area not in args.areas:
            continue
        take = len(names) if args.sample <= 0 else min(args.sample, len(names))
        chosen[area] = sorted(rng.sample(names, take))
        print(f"{area}: {len(names)} mutants made, {take} run", flush=True)
    everything = [name for names in chosen.values() for name in names]
    # One run: each run of mutmut first reruns the whole test selection once.
    mutmut(checkout, "run", "--max-children", "2", *everything)
    outcome = statuses(checkout)
    report(chosen, outcome, checkout)
    if not args.keep and args.workdir is None:
        print(f"(work folder {workdir} left for `mutmut show`; delete it when done)")


def report(chosen: dict[str, list[str]], outcome: dict[str, str], checkout: Path) -> None:
    """Scores per area and overall; the diff of every survivor."""
    total_killed = total = 0
    survivors: list[str] = []
    print(
        f"\n{'area':10s} {'run':>5s} {'killed':>7s} {'survived':>9s} {'no test':>8s} {'score':>7s}"
    )
    for area, names in chosen.items():
        said = [outcome.get(name, "not checked") for name in names]
        killed = sum(status in KILLED for status in said)
        untested = sum(status == "no tests" for status in said)
        survived = [n for n, s in zip(names, said) if s not in KILLED]
        survivors += survived
        score = 100 * killed / max(1, len(names))
        print(
            f"{area:10s} {len(names):5d} {killed:7d} {len(survived):9d} {untested:8d} {score:6.1f}%"
        )
        total_killed += killed
        total += len(names)
    print(f"{'all':10s} {total:5d} {total_killed:7d} {total - total_killed:9d} {'':8s} "
          f"{100 * total_killed / max(1, total):6.1f}%")  # fmt: skip
    print("\nsurvivors (not killed), to judge which are equivalent:")
    for name in survivors:
        print(f"\n## {name}: {outcome.get(name, 'not checked')}")
        print(mutmut(checkout, "show", name).strip())


if __name__ == "__main__":
    main()
