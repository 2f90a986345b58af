"""What the teacher's dashboard shows, made off the GUI thread (no Qt here).

`dashboard_job` reads the class report (`tutor.class_report.build_report`) for a class (or
every class) and a range of days and keeps what the tables show: each student's report (their
overall figures are its totals, their skills its lines) and the class overview per skill of
students per band (with its chart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tutor_app.render.class_charts import SkillBands

if TYPE_CHECKING:  # the report module reads the database: loaded with the data
    from tutor_app.tutor.class_report import StudentReport


@dataclass(frozen=True)
class DashboardFilter:
    """Whose work and when: a class (None: every class) and local days, both included."""

    class_id: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass
class Dashboard:
    """Everything the dashboard shows for one filter."""

    students: list[StudentReport] = field(default_factory=list)
    overview: list[SkillBands] = field(default_factory=list)
    overview_figure: Any = None  # a matplotlib Figure


def hidden_names(students: list[StudentReport]) -> dict[str, str]:
    """'Student 1' to 'Student N' by student id: the same label for a student each time the
    same students are shown, and not in the order of their names."""
    ids = sorted(s.student.id for s in students)
    return {sid: f"Student {n}" for n, sid in enumerate(ids, 1)}


def dashboard_job(store: Any, chosen: DashboardFilter, today: date | None = None) -> Dashboard:
    """Read the report for the filter and make the dashboard's rows and overview chart."""
    from tutor_app.render.class_charts import class_overview_chart
    from tutor_app.store.reports import ReportScope
    from tutor_app.tutor.class_report import build_report

    scope = ReportScope(class_id=chosen.class_id, start=chosen.start, end=chosen.end)
    report = build_report(store, scope, "", sessions=False, today=today)
    students = list(report.students)
    overview = [SkillBands(s.skill, s.name, s.counts) for s in report.overview()]
    figure = class_overview_chart(overview) if students else None
    return Dashboard(students, overview, figure)
