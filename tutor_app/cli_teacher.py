"""The teacher's sub-commands: `report` (CSV or PDF progress reports), `demo-data` and
`reset-pin`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths


def add_commands(commands: Any) -> None:
    """Add `report` and `demo-data` to the command-line grammar."""
    report = commands.add_parser(
        "report",
        help="write a progress report (every class, unless --class or --student)",
        description="CSV: a progress file (a row per student and skill) and a sessions file, "
        "named with the class and dates, e.g. progress_7B_20260901_20261201.csv, in the folder "
        "-o names (or the folder of -o when it ends in .csv). PDF: the file -o names.",
    )
    report.add_argument("--class", dest="class_name", metavar="NAME", help="one class")
    report.add_argument("--student", metavar="NAME", help="one student")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=_day)
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=_day)
    report.add_argument("--format", choices=("csv", "pdf"), required=True)
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    demo = commands.add_parser("demo-data", help="add a synthetic class to try the teacher views")
    demo.add_argument("--students", type=int, default=35)
    demo.add_argument("--days", type=int, default=180)
    demo.add_argument("--class", dest="class_name", default="Demo class", metavar="NAME")
    demo.add_argument("--seed", type=int, default=0)
    commands.add_parser(
        "reset-pin",
        help="forget the teacher PIN (the teacher area asks for a new one next time)",
        description="For a forgotten PIN: whoever can run this with access to the data folder "
        "can reset it. Nothing else is changed.",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_report(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app report`: a CSV or PDF report of a class, every class or one student."""
    from tutor_app.store.database import open_store
    from tutor_app.store.reports import ReportScope
    from tutor_app.tutor.class_report import build_report
    from tutor_app.tutor.reports import write_csv_reports

    if args.start and args.end and args.start > args.end:
        raise TutorError(f"--from {args.start} is after --to {args.end}")
    with open_store(paths.store_location) as store:
        class_id, student_id, title = _whose(store, args.class_name, args.student)
        scope = ReportScope(class_id, student_id, args.start, args.end)
        report = build_report(store, scope, title, sessions=args.format == "csv")
    output = Path(args.output)
    if args.format == "csv":
        folder = output.parent if output.suffix.lower() == ".csv" else output
        for written in write_csv_reports(report, folder):
            print(written)
        return 0
    from tutor_app.ui.report_pdf import write_pdf_report  # Qt draws the PDF: loaded only now

    write_pdf_report(report, output)
    print(output)
    return 0


def _whose(store: Any, class_name: str | None, student: str | None) -> tuple[Any, Any, str]:
    """(class id, student id, title) for the names given, refusing names not in the database."""
    class_id = student_id = None
    title = "All classes"
    if class_name is not None:
        found = [c for c in store.classes(archived=True) if c.name == class_name.strip()]
        if not found:
            raise TutorError(f"there is no class called {class_name!r}")
        class_id, title = found[0].id, found[0].name
    if student is not None:
        chosen = [s for s in store.students(archived=True) if s.name == student.strip()]
        if class_id is not None:
            chosen = [s for s in chosen if s.class_id == class_id]
        if not chosen:
            where = f" in class {title!r}" if class_id else ""
            raise TutorError(f"there is no student called {student!r}{where}")
        student_id, title = chosen[0].id, chosen[0].name
    return class_id, student_id, title


def run_demo_data(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app demo-data`: fill the database with a synthetic class."""
    from tutor_app.store.database import open_store
    from tutor_app.tutor.demo_data import fill_demo_class

    if args.students < 1 or args.days < 1:
        raise TutorError("--students and --days must be at least 1")
    paths.ensure()
    with open_store(paths.store_location) as store:
        made = fill_demo_class(store, class_name=args.class_name, students=args.students,
                               days=args.days, seed=args.seed)  # fmt: skip
    print(
        f"Class {made.name!r}: {made.students} students over {made.days} days, "
        f"{made.sessions} sessions, {made.attempts} attempts, {made.step_checks} step checks, "
        f"{made.evidence} pieces of evidence."
    )
    return 0


def run_reset_pin(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app reset-pin`: forget the teacher PIN and its wrong tries."""
    from tutor_app.store.database import open_store
    from tutor_app.tutor.pins import pin_is_set, reset_pin

    if not paths.on_server_database and not paths.database.exists():
        raise TutorError(f"There is no progress database in {paths.database.parent}.")
    with open_store(paths.store_location) as store:
        had_one = pin_is_set(store)
        reset_pin(store)
    print(
        "The teacher PIN was reset: the teacher area asks for a new one next time."
        if had_one
        else "No teacher PIN was set; the teacher area asks for one on first use."
    )
    return 0


TEACHER = {"report": run_report, "demo-data": run_demo_data, "reset-pin": run_reset_pin}
