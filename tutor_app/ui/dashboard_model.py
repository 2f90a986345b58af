"""What the teacher's dashboard shows, made off the GUI thread (no Qt here).

`dashboard_job` reads the report figures for a class (or every class) and a range of days and
turns them into rows a table shows: one per student with their overall figures, one per
student and skill, and the class overview per skill of students per band (with its chart).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tutor_app.render.class_charts import SkillBands
from tutor_app.tutor.mastery import band
from tutor_app.tutor.progress import ACTIVE_GAP
from tutor_app.tutor.skills import SKILLS, name_of


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
    """Read the figures for the filter and make the dashboard's rows and overview chart."""
    from tutor_app.render.class_charts import class_overview_chart
    from tutor_app.store.reports import ReportScope, activity, skill_figures, students_in

    scope = ReportScope(class_id=chosen.class_id, start=chosen.start, end=chosen.end)
    engine = store.engine
    people = students_in(engine, scope)
    by_student: dict[str, list[Any]] = {}
    for figures in skill_figures(engine, scope, ACTIVE_GAP):
        by_student.setdefault(figures.student_id, []).append(figures)
    active = {a.student_id: a for a in activity(engine, scope, ACTIVE_GAP)}
    last_day = chosen.end or today or date.today()
    students = [
        _student_line(person, by_student.get(person.id, []), active.get(person.id), last_day)
        for person in people
    ]
    overview = class_overview(students)
    figure = class_overview_chart(overview) if students else None
    return Dashboard(students, overview, figure)


def class_overview(students: list[StudentLine]) -> list[SkillBands]:
    """For every skill of the map, in its order, how many of the students are in each band."""
    overview = []
    for skill in SKILLS:
        counts: Counter[str] = Counter()
        for student in students:
            line = next((s for s in student.skills if s.skill == skill.key), None)
            counts[line.band if line is not None else "Not started"] += 1
        overview.append(SkillBands(skill.key, skill.name, dict(counts)))
    return overview


def _skill_line(figures: Any) -> SkillLine:
    level = figures.mastery
    return SkillLine(
        figures.skill, name_of(figures.skill),
        band(level, figures.mastery_evidence) if level is not None else "Not started",
        level, figures.problems, figures.first_tries, figures.first_try_right,
        tuple(figures.hints), figures.active_seconds / 60, figures.last_practised,
        tuple(figures.mistakes), figures.steps_checked,
    )  # fmt: skip


def _student_line(person: Any, figures: list[Any], active: Any, last_day: date) -> StudentLine:
    skills = tuple(_skill_line(f) for f in figures)
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
        (active.active_seconds if active is not None else 0.0) / 60,
        max(practised, default=None),
        streak(active.days if active is not None else frozenset(), last_day),
        sum(line.steps_checked for line in skills),
        tuple(mistakes.most_common(3)),
        skills,
    )  # fmt: skip


def streak(days: frozenset[date], last_day: date) -> int:
    """Days in a row with work, up to the last day of the range (or the day before it)."""
    day = last_day if last_day in days else last_day - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
