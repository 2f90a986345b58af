"""Time generating practice problems: the issue asks for 1 000 in under 2 s.

Usage: python benchmarks/practice.py [--count N] [--repeats N]
Generates problems round-robin over every skill's templates, the way the practice queue does,
and prints the best and median wall time of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor_app.tutor.practice import TEMPLATES, generate  # noqa: E402


def run(count: int) -> float:
    """Seconds to generate `count` problems over all skills."""
    skills = list(TEMPLATES)
    start = time.perf_counter()
    for n in range(count):
        generate(skills[n % len(skills)], n)
    return time.perf_counter() - start


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    times = [run(args.count) for _ in range(args.repeats)]
    print(f"{args.count} practice problems over {len(TEMPLATES)} skills: "
          f"best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms "
          f"(target: under 2000 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
