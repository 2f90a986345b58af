"""Teacher reports on real SQLite files: every dashboard figure of a hand-built record, ranges,
classes, the CSV files a spreadsheet opens, and `tutor-app report` end to end."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tutor_app.cli import main
from tutor_app.errors import TutorError
from tutor_app.store.bulk import insert_rows
from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord, MasteryRecord
from tutor_app.store.reports import ReportScope
from tutor_app.store.repository import Store
from tutor_app.store.schema import new_id
from tutor_app.tutor.class_report import ClassReport, build_report, streak_days
from tutor_app.tutor.reports import safe_cell, write_csv_reports

DAY = date(2026, 3, 10)  # a Tuesday
ANA = "Ana"
COMMA = "O'Brien, Siobhán"
FORMULA = '=HYPERLINK("x")'


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A local moment on this computer's clock, as an aware UTC datetime."""
    return datetime.combine(day, time(hour, minute, second)).astimezone().astimezone(timezone.utc)


@dataclass(frozen=True)
class School:
    """The hand-built record's ids."""

    class_7b: str
    class_8a: str
    ana: str
    comma: str
    formula: str
    other: str
    session: str


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "tutor.sqlite3"


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def evidence(store: Store, student: str, skill: str, moment: datetime, **values: Any) -> None:
    kind = values.pop("kind", "practice")
    problem = values.pop("problem", "Solve x + 1 = 2")
    store.record_evidence(
        EvidenceRecord(student, skill, kind, problem, created_at=moment, **values)
    )


def attempt(
    rows: dict[str, list[dict[str, Any]]],
    student: str,
    skill: str,
    moment: datetime,
    status: str,
    steps: int,
    session: str | None = None,
) -> None:
    attempt_id = new_id()
    rows["attempts"].append(dict(
        id=attempt_id, student_id=student, session_id=session, problem="Solve x + 1 = 2",
        skill=skill, final_answer="x = 1", cas_answer="x = 1", status=status,
        attempts_used=1, duration_s=3.0, model_name="m", created_at=moment,
    ))  # fmt: skip
    rows["step_checks"] += [
        dict(id=new_id(), attempt_id=attempt_id, position=n, text="x = 1", math="x = 1",
             status="valid", reason="")
        for n in range(steps)
    ]  # fmt: skip


@pytest.fixture
def school(store: Store) -> School:
    """Ana's day (DAY) of linear equations and earlier fractions; classmates; another class."""
    b7, a8 = store.add_class("7B"), store.add_class("8A")
    ana = store.add_student(ANA, b7.id).id
    comma = store.add_student(COMMA, b7.id, "-007").id
    formula = store.add_student(FORMULA, b7.id).id
    other = store.add_student("Other", a8.id).id
    t0 = at(DAY, 9)
    session = new_id()
    insert_rows(store.engine, {"tutoring_sessions": [dict(
        id=session, student_id=ana, title="+1 is a =formula title", started_at=t0)]})  # fmt: skip
    s = timedelta(seconds=1)
    lin = "linear_equations"
    evidence(store, ana, lin, t0, problem="P1", correct=True, seconds=30)
    evidence(store, ana, lin, t0 + 60 * s, problem="P2", correct=False, seconds=20,
             session_id=session)  # fmt: skip
    evidence(store, ana, lin, t0 + 90 * s, problem="P2", kind="hint", hint_level=1,
             session_id=session)  # fmt: skip
    evidence(store, ana, lin, t0 + 100 * s, problem="P2", kind="hint", hint_level=4,
             session_id=session)  # fmt: skip
    evidence(store, ana, lin, t0 + 130 * s, problem="P2", correct=True, hint_level=4,
             seconds=10, session_id=session)  # fmt: skip
    # After a pause of 470 s (not active time): their own working, wrong with named mistakes.
    for n, (offset, mistake) in enumerate(
        [
            (600, "sign_error"),
            (660, "sign_error"),
            (720, "not_distributed"),
            (780, "arithmetic"),
            (810, "dropped_term"),
        ]  # fmt: skip
    ):
        evidence(store, ana, lin, t0 + offset * s, kind="own_work", problem=f"W{n}",
                 correct=False, mistake=mistake)  # fmt: skip
    # Fractions on the three days before: a streak of 4 days ending on DAY.
    for back in (1, 2, 3):
        evidence(store, ana, "fractions", at(DAY - timedelta(days=back), 23, 59), problem="F",
                 correct=back != 1)  # fmt: skip
    evidence(store, ana, "fractions", at(DAY - timedelta(days=5), 10), problem="F0",
             correct=True)  # fmt: skip
    evidence(store, other, lin, t0, problem="P1", correct=True, seconds=5)
    rows: dict[str, list[dict[str, Any]]] = {"attempts": [], "step_checks": []}
    attempt(rows, ana, lin, t0 + 30 * s, "verified", 3, session)
    attempt(rows, ana, lin, t0 + 750 * s, "contradicted", 2, session)
    attempt(rows, ana, "fractions", at(DAY - timedelta(days=1), 23, 58), "unverifiable", 4)
    attempt(rows, comma, "general", t0, "verified", 5)
    insert_rows(store.engine, rows)
    store.add_message(session, "user", "Solve x + 1 = 2")
    now = datetime.now(timezone.utc)
    store.set_mastery([
        MasteryRecord(ana, lin, 0.96, 7, now), MasteryRecord(ana, "fractions", 0.6, 4, now),
        MasteryRecord(other, lin, 0.3, 1, now),
    ])  # fmt: skip
    return School(b7.id, a8.id, ana, comma, formula, other, session)


def report_of(store: Store, scope: ReportScope, title: str = "7B", **more: Any) -> ClassReport:
    return build_report(store, scope, title, today=more.pop("today", DAY + timedelta(days=1)))


def line(report: ClassReport, student: str, skill: str) -> Any:
    person = next(s for s in report.students if s.student.name == student)
    return next(s for s in person.skills if s.skill == skill)


def test_every_dashboard_figure_of_a_hand_built_day(store: Store, school: School) -> None:
    report = report_of(store, ReportScope(class_id=school.class_7b))
    lin = line(report, ANA, "linear_equations")
    f = lin.figures
    assert (lin.band, f.mastery, f.mastery_evidence) == ("Mastered", 0.96, 7)
    assert (f.problems, f.answers, f.right_answers) == (7, 8, 2)
    # P1 right first time; P2 wrong first; W0..W4 wrong: 1 of 7 problems right first time.
    assert (f.first_tries, f.first_try_right) == (7, 1)
    assert lin.first_try_accuracy == pytest.approx(1 / 7)
    assert f.hints == (1, 0, 0, 1) and f.bottom_out_hints == 1
    assert f.seconds == 60
    # Gaps (s) before each row: -, 30, 30, 30, 10, 30, [470 left out], 60, 60, 30, 30, 30.
    assert f.active_seconds == pytest.approx(60 + 340, abs=0.01)
    assert lin.active_minutes == pytest.approx(400 / 60, abs=0.001)
    assert f.last_practised == at(DAY, 9, 13, 30)
    assert f.mistakes == (("sign_error", 2), ("arithmetic", 1), ("dropped_term", 1))
    assert (f.questions, f.verified, f.contradicted, f.unverifiable) == (2, 1, 1, 0)
    assert f.steps_checked == 5
    fractions = line(report, ANA, "fractions")
    assert fractions.band == "Familiar"
    assert (fractions.figures.questions, fractions.figures.steps_checked) == (1, 4)
    # One problem "F" answered on three days: only its first answer is a first try (and right).
    assert (fractions.figures.first_tries, fractions.figures.first_try_right) == (2, 2)
    ana = next(s for s in report.students if s.student.name == ANA)
    assert ana.streak_days == 4
    assert ana.active_minutes == pytest.approx(sum(s.active_minutes for s in ana.skills))
    assert ana.active_minutes > lin.active_minutes  # fractions' 60 s gap between its two rows
    assert line(report, ANA, "integrals").band == "Not started"
    assert line(report, COMMA, "general").figures.steps_checked == 5


def test_only_the_class_asked_for(store: Store, school: School) -> None:
    b7 = report_of(store, ReportScope(class_id=school.class_7b))
    assert [s.student.name for s in b7.students] == sorted([ANA, COMMA, FORMULA])
    a8 = report_of(store, ReportScope(class_id=school.class_8a), "8A")
    assert [s.student.name for s in a8.students] == ["Other"]
    assert line(a8, "Other", "linear_equations").figures.answers == 1
    assert {s.student.name for s in report_of(store, ReportScope()).students} == {
        ANA, COMMA, FORMULA, "Other"}  # fmt: skip
    one = report_of(store, ReportScope(student_id=school.ana), ANA)
    assert [s.student.name for s in one.students] == [ANA]
    assert len(one.sessions) == 1 and one.sessions[0].student_name == ANA


def test_archived_students_are_left_out(store: Store, school: School) -> None:
    store.archive_student(school.ana)
    names = [s.student.name for s in report_of(store, ReportScope(class_id=school.class_7b))
             .students]  # fmt: skip
    assert ANA not in names
    scope = ReportScope(class_id=school.class_7b, include_archived=True)
    assert ANA in [s.student.name for s in report_of(store, scope).students]


def test_a_range_of_local_days(store: Store, school: School) -> None:
    day = report_of(store, ReportScope(class_id=school.class_7b, start=DAY, end=DAY))
    assert line(day, ANA, "fractions").figures.answers == 0  # 23:59 the day before
    assert line(day, ANA, "linear_equations").figures.answers == 8
    before = DAY - timedelta(days=1)
    eve = report_of(store, ReportScope(class_id=school.class_7b, start=before, end=before))
    fractions = line(eve, ANA, "fractions").figures
    assert (fractions.answers, fractions.right_answers, fractions.questions) == (1, 0, 1)
    # F was first answered three days before: not a first try within this range.
    assert fractions.first_tries == 0
    assert line(eve, ANA, "linear_equations").figures.answers == 0
    ana = next(s for s in eve.students if s.student.name == ANA)
    assert ana.streak_days == 3  # ending on the range's last day
    assert [s.title for s in day.sessions] == ["+1 is a =formula title"]
    assert eve.sessions == ()
    with pytest.raises(TutorError):
        ReportScope(start=DAY, end=before)


def test_streak_ends_today_or_yesterday() -> None:
    days = frozenset({DAY, DAY - timedelta(days=1), DAY - timedelta(days=3)})
    assert streak_days(days, DAY) == 2
    assert streak_days(days, DAY + timedelta(days=1)) == 2
    assert streak_days(days, DAY + timedelta(days=2)) == 0
    assert streak_days(days, DAY - timedelta(days=2)) == 1


def test_session_rows(store: Store, school: School) -> None:
    (row,) = report_of(store, ReportScope(student_id=school.ana), ANA).sessions
    assert (row.questions, row.verified, row.contradicted, row.unverifiable) == (1, 1, 1, 0)
    assert (row.steps_checked, row.practice_right, row.practice_answers, row.hints) == (5, 1, 2, 2)
    assert row.class_name == "7B"
    # The gap before each piece of the session's work, whatever came before it: its attempts
    # 30 s (after P1) and 30 s (after W4); its evidence 30 + 30 + 10 + 30 s; and 30 s on its
    # answers. The 470 s pause falls before W0, which is not in the session.
    assert row.active_seconds == pytest.approx(190, abs=0.01)


def test_class_overview_counts_students_per_band(store: Store, school: School) -> None:
    overview = {b.skill: b.counts for b in
                report_of(store, ReportScope(class_id=school.class_7b)).overview()}  # fmt: skip
    assert overview["linear_equations"] == {"Mastered": 1, "Not started": 2}
    assert overview["fractions"] == {"Familiar": 1, "Not started": 2}
    assert overview["integrals"] == {"Not started": 3}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_files_open_right_in_a_spreadsheet(
    store: Store, school: School, tmp_path: Path
) -> None:
    report = report_of(store, ReportScope(class_id=school.class_7b, start=DAY, end=DAY))
    progress, sessions = write_csv_reports(report, tmp_path / "out")
    assert progress.name == "progress_7B_20260310_20260310.csv"
    assert sessions.name == "sessions_7B_20260310_20260310.csv"
    assert progress.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(progress)
    header = rows[0]
    by_name = {r[header.index("Student")] for r in rows[1:]}
    assert COMMA in by_name and ANA in by_name
    assert "'" + FORMULA in by_name and FORMULA not in by_name
    assert len(rows) == 1 + 3 * 15 + 1  # every skill for each student, and COMMA's "general"
    ana = next(r for r in rows if r[1] == ANA and r[3] == "Linear equations")
    cell = dict(zip(header, ana))
    assert cell["Band"] == "Mastered" and cell["Mastery %"] == "96.0"
    assert cell["Right first time"] == "1" and cell["First tries"] == "7"
    assert cell["Bottom-out hints"] == "1" and cell["Hints level 1"] == "1"
    assert cell["Most frequent mistakes"] == "sign_error (2); arithmetic (1); dropped_term (1)"
    assert cell["Steps checked"] == "5" and cell["Streak days"] == "4"  # days before count
    number = next(r for r in rows if r[1] == COMMA)[2]
    assert number == "'-007"  # text that starts with - is neutralised
    (session,) = read_csv(sessions)[1:]
    assert session[3] == "'+1 is a =formula title"
    assert session[4:8] == ["1", "1", "1", "0"]


def test_file_names_without_a_range(store: Store, school: School, tmp_path: Path) -> None:
    report = report_of(store, ReportScope(), "All classes")
    progress, sessions = write_csv_reports(report, tmp_path)
    assert (progress.name, sessions.name) == ("progress_All-classes_all.csv",
                                              "sessions_All-classes_all.csv")  # fmt: skip
    half = report_of(store, ReportScope(start=DAY), "7B")
    assert write_csv_reports(half, tmp_path)[0].name == "progress_7B_20260310_end.csv"


def test_no_half_file_when_the_target_cannot_be_written(
    store: Store, school: School, tmp_path: Path
) -> None:
    report = report_of(store, ReportScope(class_id=school.class_7b))
    blocked = tmp_path / "progress_7B_all.csv"
    blocked.mkdir()  # a folder where the file should go
    with pytest.raises(TutorError, match="is a folder"):
        write_csv_reports(report, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} - {"data"} == {"progress_7B_all.csv"}
    assert list(blocked.iterdir()) == []
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(TutorError, match=f"{not_a_folder} is a file, not a folder"):
        write_csv_reports(report, not_a_folder / "inside")


def test_cells_are_numbers_or_harmless_text() -> None:
    assert safe_cell(-3) == -3 and safe_cell(2.345) == 2.35 and safe_cell(None) == ""
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(risky) == "'" + risky
    assert safe_cell("Zoë, Jr.") == "Zoë, Jr."


def test_report_command_writes_csv(
    store: Store, school: School, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    store_location: str | Path,
) -> None:  # fmt: skip
    store.close()
    out = tmp_path / "reports"
    # The folder's SQLite file, or with --database the server database the school was put in.
    where = ["--data-dir", str(db_path.parent)]
    if isinstance(store_location, str):
        where += ["--database", store_location]
    argv = [*where, "report", "--class", "7B", "--from",
            "2026-03-10", "--to", "2026-03-10", "--format", "csv", "-o", str(out)]  # fmt: skip
    assert main(argv) == 0
    rows = read_csv(out / "progress_7B_20260310_20260310.csv")
    assert {r[1] for r in rows[1:]} == {ANA, COMMA, "'" + FORMULA}
    assert (out / "sessions_7B_20260310_20260310.csv").exists()
    one = [*where, "report", "--student", ANA, "--format", "csv",
           "-o", str(out / "x.csv")]  # fmt: skip
    assert main(one) == 0
    assert {r[1] for r in read_csv(out / "progress_Ana_all.csv")[1:]} == {ANA}
    capsys.readouterr()
    for wrong in (["--class", "9Z"], ["--student", "Nobody"], ["--class", "8A", "--student", ANA]):
        argv = [*where, "report", *wrong, "--format", "csv", "-o",
                str(out)]  # fmt: skip
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: there is no ") and err.count("\n") == 1
