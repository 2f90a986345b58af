"""The teacher's dashboard: a class (or all), a range of days, a row per student, their skills,
and the class overview chart; names can be hidden for a projector.

Everything shown is made by `dashboard_model.dashboard_job` on a Task's thread; a newer load
supersedes one still on its way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutor_app.render.progress_charts import BAND_COLOURS
from tutor_app.ui.dashboard_model import (
    Dashboard,
    DashboardFilter,
    dashboard_job,
    hidden_names,
)
from tutor_app.ui.tasks import Task
from tutor_app.ui.teacher_jobs import Roster

ALL_CLASSES = "All classes"
STUDENT_COLUMNS = (
    "Student", "Class", "Mastered", "Problems", "First try", "Hints 1/2/3", "Full solutions",
    "Active min", "Last practised", "Streak", "Steps checked", "Common mistakes",
)  # fmt: skip
SKILL_COLUMNS = (
    "Skill", "Band", "Mastery", "Problems", "First try", "Hints 1/2/3", "Full solutions",
    "Active min", "Last practised", "Steps checked", "Common mistakes",
)  # fmt: skip
NO_STUDENTS = "No students in this class yet: add them in Classes and students."
DARK_BANDS = {"Proficient", "Mastered"}

if TYPE_CHECKING:  # the report module reads the database: loaded with the data
    from tutor_app.tutor.class_report import SkillReport, StudentReport


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when there is nothing to share."""
    return "–" if value is None else f"{value:.0%}"


def when(moment: datetime | None) -> str:
    """A moment as a local date, or a dash."""
    return "–" if moment is None else f"{moment.astimezone():%Y-%m-%d}"


def mistakes_text(mistakes: tuple[tuple[str, int], ...]) -> str:
    """The checker's mistake names with how often, most frequent first."""
    return ", ".join(f"{name.replace('_', ' ')} ×{times}" for name, times in mistakes)


def student_cells(line: StudentReport, name: str) -> list[str]:
    """A student's row of the table, under the name shown."""
    return [
        name, line.student.class_name, str(line.skills_in("Mastered")),
        str(line.total("problems")), percent(line.first_try_accuracy),
        "/".join(str(n) for n in line.hints[:3]), str(line.hints[3]),
        f"{line.active_minutes:.0f}", when(line.last_practised), str(line.streak_days),
        str(line.total("steps_checked")), mistakes_text(line.mistakes),
    ]  # fmt: skip


def skill_cells(line: SkillReport) -> list[str]:
    """A skill's row of the selected student's table."""
    f = line.figures
    return [
        line.name.split(":")[0], line.band, percent(f.mastery), str(f.problems),
        percent(line.first_try_accuracy), "/".join(str(n) for n in f.hints[:3]),
        str(f.hints[3]), f"{line.active_minutes:.0f}", when(f.last_practised),
        str(f.steps_checked), mistakes_text(f.mistakes),
    ]  # fmt: skip


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _date_filter(label: str, name: str) -> tuple[QCheckBox, QDateEdit]:
    check = QCheckBox(label)
    check.setObjectName(f"{name}_on")
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setEnabled(False)
    check.toggled.connect(edit.setEnabled)
    return check, edit


class DashboardTab(QWidget):
    """Filters above, students and the chosen student's skills, and the class overview."""

    loaded = Signal()
    load_failed = Signal(str)

    def __init__(self, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dashboard: Dashboard | None = None
        self.names: dict[str, str] = {}
        self.canvas: Any = None
        self._generation = 0
        self.closed = False  # set when the teacher area closes: late results are dropped
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("dashboard_class")
        self.class_filter.addItem(ALL_CLASSES, None)
        self.from_on, self.from_date = _date_filter("From", "dashboard_from")
        self.to_on, self.to_date = _date_filter("To", "dashboard_to")
        self.hide_names = QCheckBox("Hide names")
        self.hide_names.setObjectName("hide_names")
        self.hide_names.setToolTip("Show Student 1, Student 2, … instead (for a projector)")
        self.hide_names.toggled.connect(lambda _on: self._show_students())
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("refresh_dashboard")
        self.refresh_button.clicked.connect(self.reload)
        self.busy = QProgressBar()
        self.busy.setObjectName("dashboard_busy")
        self.busy.setRange(0, 0)  # a moving bar: how long the query takes is not known
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.message = QLabel("")
        self.message.setObjectName("dashboard_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.students = _table(STUDENT_COLUMNS, "dashboard_students")
        self.students.itemSelectionChanged.connect(self._show_skills)
        self.skills = _table(SKILL_COLUMNS, "dashboard_skills")
        self.skills_title = QLabel("Pick a student to see their skills.")
        self.skills_title.setObjectName("skills_title")
        self._lay_out()
        for signal in (self.class_filter.currentIndexChanged, self.from_on.toggled,
                       self.to_on.toggled, self.from_date.dateChanged,
                       self.to_date.dateChanged):  # fmt: skip
            signal.connect(lambda *_: self.reload())

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Class:"))
        filters.addWidget(self.class_filter)
        for widget in (self.from_on, self.from_date, self.to_on, self.to_date, self.hide_names):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.busy)
        filters.addWidget(self.refresh_button)
        skills_page = QWidget()
        column = QVBoxLayout(skills_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.skills_title)
        column.addWidget(self.skills, 1)
        self.chart_page = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_page)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTabWidget()
        self.details.setObjectName("dashboard_details")
        self.details.addTab(skills_page, "Skills of the student")
        self.details.addTab(self.chart_page, "Class overview")
        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(self.students)
        self.body.addWidget(self.details)
        self.body.setSizes([260, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)

    # -- filters ----------------------------------------------------------------------
    def set_roster(self, roster: Roster) -> None:
        """Offer the classes that are not archived in the class filter (keeping the choice)."""
        chosen = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(ALL_CLASSES, None)
        for record in roster.classes:
            if not record.archived:
                self.class_filter.addItem(record.name, record.id)
        index = self.class_filter.findData(chosen) if chosen is not None else 0
        self.class_filter.setCurrentIndex(max(index, 0))
        self.class_filter.blockSignals(False)
        if index < 0 or self.dashboard is None:
            self.reload()

    def current_filter(self) -> DashboardFilter:
        """The class and days chosen."""
        start = self.from_date.date().toPython() if self.from_on.isChecked() else None
        end = self.to_date.date().toPython() if self.to_on.isChecked() else None
        assert start is None or isinstance(start, date)
        assert end is None or isinstance(end, date)
        return DashboardFilter(self.class_filter.currentData(), start, end)

    def choose_class(self, name: str) -> None:
        """Pick a class in the filter by name (ALL_CLASSES for every class)."""
        index = self.class_filter.findText(name)
        if index < 0:
            raise KeyError(name)
        self.class_filter.setCurrentIndex(index)

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the figures for the filter again, in the background."""
        chosen = self.current_filter()
        if chosen.start and chosen.end and chosen.start > chosen.end:
            self._say("The range starts after it ends: pick a later To date.")
            return
        self._generation += 1
        generation = self._generation
        self.busy.show()
        task = Task(_dashboard_job, self.host.store, chosen, name="dashboard")
        self.host.run_task(task, lambda found: self._loaded(generation, found),
                           lambda error: self._failed(generation, error))  # fmt: skip

    def _loaded(self, generation: int, dashboard: Dashboard) -> None:
        if generation != self._generation or self.closed:
            return
        self.busy.hide()
        self.dashboard = dashboard
        self._say("" if dashboard.students else NO_STUDENTS)
        self._show_students()
        self._show_chart(dashboard.overview_figure)
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or self.closed:
            return
        self.busy.hide()
        text = f"The dashboard could not be loaded. {self.host.describe_error(error)}"
        self._say(text)
        self.load_failed.emit(text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))  # no empty line above the table

    # -- showing ----------------------------------------------------------------------
    def shown_name(self, line: StudentReport) -> str:
        """The student's name, or their 'Student n' label while names are hidden."""
        who = line.student
        return self.names.get(who.id, "Student") if self.hide_names.isChecked() else who.name

    def student_rows(self) -> list[list[str]]:
        """The students' table as shown."""
        return _cells(self.students)

    def skill_rows(self) -> list[list[str]]:
        """The selected student's skills as shown."""
        return _cells(self.skills)

    def _show_students(self) -> None:
        lines = self.dashboard.students if self.dashboard is not None else []
        self.names = hidden_names(lines)
        if self.hide_names.isChecked():  # in label order, so the names' order shows nothing
            lines = sorted(lines, key=lambda s: int(self.names[s.student.id].split()[-1]))
        chosen = self._selected_id()
        self.students.setRowCount(0)
        self.students.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate(student_cells(line, self.shown_name(line))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, line.student.id)
                self.students.setItem(row, column, item)
        self.students.setColumnHidden(1, self.class_filter.currentData() is not None)
        ids = [line.student.id for line in lines]
        if ids:
            self.students.selectRow(ids.index(chosen) if chosen in ids else 0)
        self._show_skills()

    def _selected_id(self) -> str | None:
        items = self.students.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _show_skills(self) -> None:
        chosen = self._selected_id()
        lines = self.dashboard.students if self.dashboard is not None else []
        line = next((s for s in lines if s.student.id == chosen), None)
        self.skills.setRowCount(0)
        if line is None:
            self.skills_title.setText("Pick a student to see their skills.")
            return
        self.skills_title.setText(f"Skills of {self.shown_name(line)}")
        self.skills.setRowCount(len(line.skills))
        for row, skill in enumerate(line.skills):
            for column, text in enumerate(skill_cells(skill)):
                item = QTableWidgetItem(text)
                if column == 1:  # the band in its colour, as in the charts
                    item.setBackground(QBrush(QColor(BAND_COLOURS.get(skill.band, "#ffffff"))))
                    dark = skill.band in DARK_BANDS
                    item.setForeground(QBrush(QColor("#ffffff" if dark else "#000000")))
                self.skills.setItem(row, column, item)

    def _show_chart(self, figure: Any) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self.canvas is not None:
            self.chart_layout.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()  # parented until then: never freed on a worker thread
            self.canvas = None
        if figure is None:
            return
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setObjectName("class_overview")
        self.canvas.setMinimumSize(480, 300)
        self.chart_layout.addWidget(self.canvas)
        self.canvas.draw_idle()


def _dashboard_job(store: Any, chosen: DashboardFilter) -> Dashboard:
    import matplotlib.backends.backend_qtagg  # noqa: F401  (imported here, not on the GUI thread)

    return dashboard_job(store, chosen)


def _cells(table: QTableWidget) -> list[list[str]]:
    def text(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    return [[text(r, c) for c in range(table.columnCount())] for r in range(table.rowCount())]
