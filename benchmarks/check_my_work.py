"""Check my work on seeded mistakes: per kind, how often the first wrong line is found, the
mistake is named right, and the corrected working is confirmed line by line.

Usage: python benchmarks/check_my_work.py [--count N] [--seed N] [--show-misses]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from seeded_mistakes import GENERATORS, seeded  # noqa: E402

from tutor_app.tutor.my_work import check_work  # noqa: E402
from tutor_app.verify import warm_up  # noqa: E402


def main() -> None:
    """Print the figures per kind."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    warm_up()
    header = ("kind", "cases", "line found", "named", "corrected ok", "ms/check")
    print(
        f"{header[0]:<17}{header[1]:>6}{header[2]:>12}{header[3]:>8}{header[4]:>14}{header[5]:>10}"
    )
    totals = [0, 0, 0, 0]
    for kind in GENERATORS:
        cases = seeded(kind, args.count, args.seed)
        found = named = confirmed = 0
        times = []
        for case in cases:
            start = time.perf_counter()
            result = check_work("\n".join(case.wrong))
            times.append((time.perf_counter() - start) * 1000)
            mark = result.lines[case.first_wrong - 1]
            found += result.first_wrong == case.first_wrong
            named += result.first_wrong == case.first_wrong and mark.mistake == kind
            fixed = check_work("\n".join(case.corrected))
            confirmed += fixed.correct
            if args.show_misses and (mark.mistake != kind or not fixed.correct):
                print("  miss:", case.wrong, result.first_wrong, mark.mistake, mark.reason,
                      "| corrected:", [m.status for m in fixed.lines])  # fmt: skip
        for i, value in enumerate((len(cases), found, named, confirmed)):
            totals[i] += value
        print(f"{kind:<17}{len(cases):>6}{found:>12}{named:>8}{confirmed:>14}"
              f"{statistics.median(times):>10.0f}")  # fmt: skip
    print(f"{'all':<17}{totals[0]:>6}{totals[1]:>12}{totals[2]:>8}{totals[3]:>14}")


if __name__ == "__main__":
    main()
