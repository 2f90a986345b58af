"""A class's progress report: every student's figures per skill, their streak and active time,
the class overview by band, and the sessions, read from the store's aggregate queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from tutor_app.store.reports import (
    ReportScope,
    SessionFigures,
    SkillFigures,
    StudentRow,
    class_figures,
    session_figures,
)
from tutor_app.tutor.mastery import BANDS, band
from tutor_app.tutor.skills import SKILLS, name_of


@dataclass(frozen=True)
class SkillReport:
    """One student's line for one skill."""

    skill: str
    name: str
    band: str
    figures: SkillFigures

    @property
    def first_try_accuracy(self) -> float | None:
        """Share of problems right on the first answer without a hint; None with none tried."""
        tries = self.figures.first_tries
        return self.figures.first_try_right / tries if tries else None

    @property
    def active_minutes(self) -> float:
        """Minutes on this skill, pauses over the active gap left out."""
        return self.figures.active_seconds / 60


@dataclass(frozen=True)
class StudentReport:
    """One student's figures: a line per skill, their streak and their active time."""

    student: StudentRow
    skills: tuple[SkillReport, ...]
    streak_days: int
    active_minutes: float

    def band_of(self, skill: str) -> str:
        """The student's band in a skill (Not started when they have no line for it)."""
        return next((s.band for s in self.skills if s.skill == skill), BANDS[0])

    def total(self, figure: str) -> int:
        """A count summed over the student's skills ('problems', 'first_tries', ...)."""
        return sum(int(getattr(line.figures, figure)) for line in self.skills)

    @property
    def first_try_accuracy(self) -> float | None:
        """Right first time without a hint, of all the problems first tried (None: none)."""
        tries = self.total("first_tries")
        return self.total("first_try_right") / tries if tries else None

    @property
    def hints(self) -> tuple[int, int, int, int]:
        """Hints taken at levels 1 to 4, over every skill."""
        a, b, c, d = (sum(line.figures.hints[n] for line in self.skills) for n in range(4))
        return a, b, c, d

    @property
    def last_practised(self) -> datetime | None:
        """When the student last practised any skill."""
        return max((line.figures.last_practised for line in self.skills
                    if line.figures.last_practised is not None), default=None)  # fmt: skip

    @property
    def mistakes(self) -> tuple[tuple[str, int], ...]:
        """The checker's mistake names most often given over every skill (3 at most)."""
        counts: Counter[str] = Counter()
        for line in self.skills:
            for name, times in line.figures.mistakes:
                counts[name] += times
        return tuple(counts.most_common(3))

    def skills_in(self, *bands: str) -> int:
        """How many of the student's skills are in these bands."""
        return sum(line.band in bands for line in self.skills)


@dataclass(frozen=True)
class SkillBands:
    """For one skill, how many of the report's students are in each band."""

    skill: str
    name: str
    counts: dict[str, int]


@dataclass(frozen=True)
class ClassReport:
    """What a report shows: whose work, when, every student's figures and every session."""

    title: str  # the class's name, the student's name or "All classes"
    scope: ReportScope
    made_at: datetime
    students: tuple[StudentReport, ...]
    sessions: tuple[SessionFigures, ...]

    def overview(self) -> list[SkillBands]:
        """Per skill of the map, in its order: students per band (for the class chart)."""
        return [
            SkillBands(skill.key, skill.name, dict(Counter(s.band_of(skill.key)
                                                           for s in self.students)))
            for skill in SKILLS
        ]  # fmt: skip


def build_report(
    store: Any, scope: ReportScope, title: str, *, sessions: bool = True,
    today: date | None = None,
) -> ClassReport:  # fmt: skip
    """Read the figures for a scope and assemble the report (`sessions`: the per-session rows)."""
    found = class_figures(store.engine, scope, today)
    by_student: dict[str, list[SkillFigures]] = {}
    for figures in found.skills:
        by_student.setdefault(figures.student_id, []).append(figures)
    activity = {a.student_id: a for a in found.activity}
    last_day = scope.end or today or date.today()
    students = []
    for row in found.students:
        done = activity.get(row.id)
        students.append(
            StudentReport(
                row,
                _skill_lines(row.id, by_student.get(row.id, [])),
                streak_days(done.days if done else frozenset(), last_day),
                (done.active_seconds if done else 0.0) / 60,
            )  # fmt: skip
        )
    rows = session_figures(store.engine, scope) if sessions else []
    made = datetime.now(timezone.utc)
    return ClassReport(title, scope, made, tuple(students), tuple(rows))


def _skill_lines(student_id: str, figures: list[SkillFigures]) -> tuple[SkillReport, ...]:
    """A line for every skill of the map (Not started without work), then other skills seen."""
    by_skill = {f.skill: f for f in figures}
    keys = [s.key for s in SKILLS] + sorted(by_skill.keys() - {s.key for s in SKILLS})
    lines = []
    for key in keys:
        found = by_skill.get(key) or SkillFigures(student_id, key)
        level = band(found.mastery, found.mastery_evidence) if found.mastery is not None else (
            BANDS[0])  # fmt: skip
        lines.append(SkillReport(key, name_of(key), level, found))
    return tuple(lines)


def streak_days(days: frozenset[date], last_day: date) -> int:
    """Days in a row with work ending on `last_day` or the day before it (0 when neither)."""
    day = last_day if last_day in days else last_day - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
