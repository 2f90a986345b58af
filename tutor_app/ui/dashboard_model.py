"""What the teacher's dashboard shows, made off the GUI thread (no Qt here).

`dashboard_job` reads the class report (`tutor.class_report.build_report`) for a class (or
every class) and a range of days and turns it into rows a table shows: one per student with
their overall figures, one per student and skill, and the class overview per skill of students
per band (with its chart).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tutor_app.render.class_charts import SkillBands


@dataclass(frozen=True)
class DashboardFilter:
    """Whose work and when: a class (None: every class) and local days, both included."""

    class_id: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class SkillLine:
    """One student's work on one skill."""

    skill: str
    name: str
    band: str
    mastery: float | None
    problems: int
    first_tries: int
    first_try_right: int
    hints: tuple[int, int, int, int]
    active_minutes: float
    last_practised: datetime | None
    mistakes: tuple[tuple[str, int], ...]
    steps_checked: int

    @property
    def first_try_accuracy(self) -> float | None:
        """Right first time without a hint, of the problems first tried (None: none tried)."""
        return self.first_try_right / self.first_tries if self.first_tries else None


@dataclass(frozen=True)
class StudentLine:
    """One student's overall figures, and their skills."""

    id: str
    name: str
    class_name: str
    student_number: str
    mastered: int
    problems: int
    first_tries: int
    first_try_right: int
    hints: tuple[int, int, int, int]
    active_minutes: float
    last_practised: datetime | None
    streak: int
    steps_checked: int
    mistakes: tuple[tuple[str, int], ...]
    skills: tuple[SkillLine, ...] = ()

    @property
    def first_try_accuracy(self) -> float | None:
        """Right first time without a hint, of the problems first tried (None: none tried)."""
        return self.first_try_right / self.first_tries if self.first_tries else None

    @property
    def bottom_out_hints(self) -> int:
        """Hints that showed the full worked solution."""
        return self.hints[3]


@dataclass
class Dashboard:
    """Everything the dashboard shows for one filter."""

    students: list[StudentLine] = field(default_factory=list)
    overview: list[SkillBands] = field(default_factory=list)
    overview_figure: Any = None  # a matplotlib Figure


def hidden_names(students: list[StudentLine]) -> dict[str, str]:
    """'Student 1' to 'Student N' by student id: the same label for a student each time the
    same students are shown, and not in the order of their names."""
    return {sid: f"Student {n}" for n, sid in enumerate(sorted(s.id for s in students), 1)}


def dashboard_job(store: Any, chosen: DashboardFilter, today: date | None = None) -> Dashboard:
    """Read the report for the filter and make the dashboard's rows and overview chart."""
    from tutor_app.render.class_charts import class_overview_chart
    from tutor_app.store.reports import ReportScope
    from tutor_app.tutor.class_report import build_report

    scope = ReportScope(class_id=chosen.class_id, start=chosen.start, end=chosen.end)
    report = build_report(store, scope, "", sessions=False, today=today)
    students = [_student_line(student) for student in report.students]
    overview = [SkillBands(s.skill, s.name, s.counts) for s in report.overview()]
    figure = class_overview_chart(overview) if students else None
    return Dashboard(students, overview, figure)


def _skill_line(line: Any) -> SkillLine:
    f = line.figures
    return SkillLine(
        line.skill, line.name, line.band, f.mastery, f.problems, f.first_tries,
        f.first_try_right, tuple(f.hints), line.active_minutes, f.last_practised,
        tuple(f.mistakes), f.steps_checked,
    )  # fmt: skip


def _student_line(student: Any) -> StudentLine:
    """A student's overall figures from their report: sums over skills they worked on."""
    person = student.student
    skills = tuple(_skill_line(line) for line in student.skills)
    mistakes: Counter[str] = Counter()
    for line in skills:
        for name, times in line.mistakes:
            mistakes[name] += times
    hints = tuple(sum(line.hints[n] for line in skills) for n in range(4))
    practised = [line.last_practised for line in skills if line.last_practised is not None]
    return StudentLine(
        person.id, person.name, person.class_name, person.student_number,
        sum(1 for line in skills if line.band == "Mastered"),
        sum(line.problems for line in skills),
        sum(line.first_tries for line in skills),
        sum(line.first_try_right for line in skills),
        (hints[0], hints[1], hints[2], hints[3]),
        student.active_minutes, max(practised, default=None), student.streak_days,
        sum(line.steps_checked for line in skills), tuple(mistakes.most_common(3)), skills,
    )  # fmt: skip
