"""Time the teacher's reports on a class of a school year and on a school of such classes.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/teacher_reports.py [--students N] [--days N]
       [--classes N] [--school-days N] [--repeats N] [--keep FOLDER]
Builds a fresh database in a temporary folder with `tutor-app demo-data`'s generator: one class
(35 students over 180 days: about 60 000 attempts and 400 000 step checks), then times the
dashboard's queries (median of the repeats; target under 300 ms), the class CSV (under 1 s) and,
when tutor_app/ui/report_pdf.py exists, the class PDF (under 5 s). Then it adds classes up to a
school (`--classes`, each over `--school-days` days) and times one class's dashboard again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor_app.store.database import open_store  # noqa: E402
from tutor_app.store.reports import ReportScope  # noqa: E402
from tutor_app.tutor.class_report import build_report  # noqa: E402
from tutor_app.tutor.demo_data import fill_demo_class  # noqa: E402
from tutor_app.tutor.reports import write_csv_reports  # noqa: E402


def median_ms(action: Callable[[], Any], repeats: int) -> float:
    """The median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def dashboard(store: Any, class_id: str) -> Any:
    """The dashboard's figures for one class (no per-session rows)."""
    return build_report(store, ReportScope(class_id=class_id), "7B", sessions=False)


def main() -> None:
    """Build, time and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=35)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--classes", type=int, default=30, help="classes in the school")
    parser.add_argument("--school-days", type=int, default=180, help="days of each other class")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--keep", help="build the database in this folder and keep it")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="teacher-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tutor.sqlite3"
    path.unlink(missing_ok=True)
    today = date.today()
    with open_store(path) as store:
        start = time.perf_counter()
        made = fill_demo_class(store, class_name="7B", students=args.students, days=args.days,
                               seed=1, today=today)  # fmt: skip
        print(f"one class: {made.students} students over {made.days} days: {made.sessions} "
              f"sessions, {made.attempts} attempts, {made.step_checks} step checks, "
              f"{made.evidence} evidence rows, {made.messages} messages; generated and inserted "
              f"in {time.perf_counter() - start:.1f} s; "
              f"database {size_mb(path):.0f} MB")  # fmt: skip
        ms = median_ms(lambda: dashboard(store, made.class_id), args.repeats)
        print(f"dashboard, one class: median {ms:.0f} ms (target: under 300 ms)")
        scope = ReportScope(class_id=made.class_id)
        out = folder / "reports"
        ms = median_ms(
            lambda: write_csv_reports(build_report(store, scope, "7B"), out), args.repeats
        )
        print(
            f"class CSV (progress and sessions files): median {ms:.0f} ms (target: under 1000 ms)"
        )
        from tutor_app.ui.report_pdf import write_pdf_report

        ms = median_ms(
            lambda: write_pdf_report(build_report(store, scope, "7B", sessions=False),
                                     folder / "7B.pdf"), args.repeats)  # fmt: skip
        print(
            f"class PDF ({(folder / '7B.pdf').stat().st_size / 1e6:.1f} MB): median {ms:.0f} ms "
            "(target: under 5000 ms)"
        )
        start = time.perf_counter()
        for n in range(1, args.classes):
            fill_demo_class(store, class_name=f"School {n:02d}", students=args.students,
                            days=args.school_days, seed=100 + n, today=today)  # fmt: skip
        print(f"school: {args.classes} classes (7B over {args.days} days, {args.classes - 1} more "
              f"of {args.students} students over {args.school_days} days) generated in "
              f"{time.perf_counter() - start:.0f} s; database {size_mb(path):.0f} MB")  # fmt: skip
        ms = median_ms(lambda: dashboard(store, made.class_id), args.repeats)
        print(f"dashboard, one class of the school: median {ms:.0f} ms (target: under 300 ms)")
    if not args.keep:
        for item in sorted(folder.rglob("*"), reverse=True):
            item.rmdir() if item.is_dir() else item.unlink()
        folder.rmdir()


def size_mb(path: Path) -> float:
    """The database's size with its write-ahead log, in megabytes."""
    wal = path.with_name(path.name + "-wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1e6


if __name__ == "__main__":
    main()
