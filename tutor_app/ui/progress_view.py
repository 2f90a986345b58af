"""My progress: the student's streak, time practised, mastery per skill, skill map, recent work.

Everything shown is made off the GUI thread by `progress_report_job` (reading the store and
building the matplotlib Figures); the dialog only puts the result on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutor_app.render.progress_charts import SkillStanding
from tutor_app.store.records import StoredEvidence
from tutor_app.tutor.mastery import MASTERED
from tutor_app.tutor.progress import BOTTOM_OUT, Progress, progress
from tutor_app.tutor.skills import SKILLS, name_of
from tutor_app.ui.tasks import Task

NO_PRACTICE = (
    "No practice yet: answer a practice question or have your own working checked, and how "
    "well you know each skill, your streak and your recent work will show here."
)
KINDS = {"practice": "Practice", "own_work": "Own work", "hint": "Hint"}
RECENT_COLUMNS = ("When", "Skill", "What", "Problem", "Result")
PROBLEM_CHARS = 70  # a longer problem is cut in the list (the whole of it in the tooltip)
CHART_HEIGHT, RECENT_HEIGHT = 470, 170  # pixels: a chart as drawn, and about six recent rows


@dataclass(frozen=True)
class RecentRow:
    """One line of the recent-work list, as the student reads it."""

    when: str
    skill: str
    kind: str
    problem: str
    result: str


@dataclass
class ProgressReport:
    """What the progress view shows, made off the GUI thread."""

    summary: str
    recent: list[RecentRow] = field(default_factory=list)
    mastery_figure: Any = None  # matplotlib Figures; None when there is no practice yet
    map_figure: Any = None

    @property
    def empty(self) -> bool:
        """Whether the student has no practice on record."""
        return not self.recent


def standings(state: Progress) -> list[SkillStanding]:
    """Every skill of the map, in its order, with the student's band and mastery."""
    found = state.states
    return [
        SkillStanding(
            skill.key,
            skill.name,
            skill.prerequisites,
            found[skill.key].band if skill.key in found else "Not started",
            found[skill.key].p_known if skill.key in found else None,
            found[skill.key].opportunities if skill.key in found else 0,
        )
        for skill in SKILLS
    ]


def summary_text(state: Progress) -> str:
    """One line: streak, time practised, answers, hints taken and skills mastered."""
    days = state.streak_days
    streak = f"{days}-day streak" if days else "No streak at the moment"
    answers = sum(s.opportunities for s in state.states.values())
    hints = sum(state.hints_by_level.values())
    mastered = sum(1 for s in state.states.values() if s.band == "Mastered")
    return " · ".join((
        streak,
        f"{_duration(state.active_minutes)} practised",
        _count(answers, "answer"),
        _count(hints, "hint") + " taken" if hints else "no hints taken",
        f"{mastered} of {len(SKILLS)} skills mastered",
    ))  # fmt: skip


def recent_rows(state: Progress, now: datetime | None = None) -> list[RecentRow]:
    """The recent work, newest first, with local times said the way people say them."""
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    return [
        RecentRow(
            _when(row.created_at, today),
            name_of(row.skill),
            KINDS.get(row.kind, row.kind),
            row.problem,
            _result(row),
        )
        for row in state.recent
    ]


def progress_report_job(store: Any, student_id: str, now: datetime | None = None) -> ProgressReport:
    """Read a student's record and make everything the progress view shows (the charts too)."""
    import matplotlib.backends.backend_qtagg  # noqa: F401  (imported here, not on the GUI thread)

    from tutor_app.render.progress_charts import mastery_chart, skill_map

    state = progress(store, student_id, now)
    report = ProgressReport(summary_text(state), recent_rows(state, now))
    if not report.empty:
        skills = standings(state)
        report.mastery_figure = mastery_chart(skills, mastered=MASTERED)
        report.map_figure = skill_map(skills)
    return report


def _duration(minutes: float) -> str:
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return _count(round(minutes), "minute")
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest} min" if rest else _count(hours, "hour")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _when(at: datetime | None, today: Any) -> str:
    if at is None:
        return ""
    local = at.astimezone()
    if local.date() == today:
        return f"Today {local:%H:%M}"
    if local.date() == today - timedelta(days=1):
        return f"Yesterday {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def _result(row: StoredEvidence) -> str:
    if row.kind == "hint":
        return "Full solution shown" if row.hint_level >= BOTTOM_OUT else f"Hint {row.hint_level}"
    if row.correct is None:
        return ""
    said = "✓ Right" if row.correct else "✗ Wrong"
    if row.hint_level >= BOTTOM_OUT:
        return f"{said}, after the solution"
    return f"{said}, after hint {row.hint_level}" if row.hint_level else said


class ProgressDialog(QDialog):
    """My progress: a summary line, mastery and skill-map charts, and the recent work."""

    loaded = Signal()  # a report is on show (or the no-practice message)
    load_failed = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.report: ProgressReport | None = None
        self.canvases: list[Any] = []
        self._generation = 0  # a reload supersedes results still on their way
        self.setObjectName("progress_dialog")
        self.summary = QLabel("")
        self.summary.setObjectName("progress_summary")
        self.summary.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("progress_message")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("progress_tabs")
        self.chart_layouts: list[QVBoxLayout] = []
        for title in ("Mastery per skill", "Skill map"):
            page = QWidget()
            self.chart_layouts.append(QVBoxLayout(page))
            self.chart_layouts[-1].setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
        self.recent = QTreeWidget()
        self.recent.setObjectName("recent_work")
        self.recent.setHeaderLabels(list(RECENT_COLUMNS))
        self.recent.setRootIsDecorated(False)
        self.recent.setAlternatingRowColors(True)
        header = self.recent.header()
        header.setStretchLastSection(False)
        for column in range(len(RECENT_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RECENT_COLUMNS.index("Problem"), QHeaderView.ResizeMode.Stretch)
        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.recent)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 0)
        self.body.setSizes([CHART_HEIGHT, RECENT_HEIGHT])
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("refresh_progress")
        self.refresh_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        self.body.hide()
        window.student_changed.connect(lambda _name: self.reload() if self.isVisible() else None)
        self._fit()

    def _fit(self) -> None:
        area = self.window_.screen().availableGeometry()
        self.resize(min(820, area.width() - 40), min(760, area.height() - 60))

    def open_and_load(self) -> None:
        """Show the dialog (without blocking the window) and load the student's progress."""
        self.reload()
        self.show()  # a dialog of the window: it stays above it, so no raise_() is needed
        self.activateWindow()

    def reload(self) -> None:
        """Read the current student's record again, in the background."""
        window = self.window_
        if window.student is None or window.store is None:
            self._say("The progress database is not open yet.")
            return
        self._generation += 1
        generation = self._generation
        self.setWindowTitle(f"My progress — {window.student.name}")
        self._say("Loading your progress…")
        self.refresh_button.setEnabled(False)
        task = Task(progress_report_job, window.store, window.student.id, name="progress")
        window.run_task(task, lambda report: self._show(generation, report),
                        lambda error: self._failed(generation, error))  # fmt: skip

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show(self, generation: int, report: ProgressReport) -> None:
        if generation != self._generation:
            return
        self.report = report
        self.refresh_button.setEnabled(True)
        self.summary.setText(report.summary)
        self._clear_charts()
        if report.empty:
            self.summary.hide()
            self.body.hide()
            self._say(NO_PRACTICE)
        else:
            self.summary.show()
            self.message.hide()
            figures = (report.mastery_figure, report.map_figure)
            for layout, figure in zip(self.chart_layouts, figures):
                self._add_chart(layout, figure)
            self._fill_recent(report.recent)
            self.body.show()
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.refresh_button.setEnabled(True)
        text = f"Your progress could not be loaded. {self.window_.describe_error(error)}"
        self.body.hide()
        self._say(text)
        self.load_failed.emit(text)

    def _add_chart(self, layout: QVBoxLayout, figure: Any) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        canvas = FigureCanvasQTAgg(figure)
        canvas.setMinimumSize(560, 340)
        layout.addWidget(canvas)
        self.canvases.append(canvas)
        canvas.draw_idle()

    def _clear_charts(self) -> None:
        for layout, canvas in zip(self.chart_layouts, self.canvases):
            layout.removeWidget(canvas)
            # Parented until deleteLater runs (see PlotsTab.clear): never freed on a worker.
            canvas.hide()
            canvas.deleteLater()
        self.canvases = []

    def _fill_recent(self, rows: list[RecentRow]) -> None:
        self.recent.clear()
        for row in rows:
            problem = row.problem
            if len(problem) > PROBLEM_CHARS:
                problem = problem[: PROBLEM_CHARS - 1] + "…"
            skill = row.skill.split(":")[0]  # "Polynomials", not "Polynomials: expand and factor"
            item = QTreeWidgetItem([row.when, skill, row.kind, problem, row.result])
            item.setToolTip(1, row.skill)
            item.setToolTip(3, row.problem)
            self.recent.addTopLevelItem(item)
