"""A class's progress report as a PDF: a class summary page, then a page for each student.

Qt writes the PDF itself (QTextDocument printed on a QPdfWriter), so no other document tool is
needed; the charts are matplotlib figures drawn to PNG. Safe on a worker thread (QPainter on a
paged device and QTextDocument work off the GUI thread). The file is written whole or not at
all: to a temporary file beside it, then renamed.
"""

from __future__ import annotations

import errno
import html
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QThread, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from tutor_app.errors import TutorError
from tutor_app.render.class_charts import SkillBands, class_overview_chart
from tutor_app.render.progress_charts import SkillStanding
from tutor_app.render.report_charts import MasteryBars
from tutor_app.tutor.class_report import ClassReport, StudentReport
from tutor_app.tutor.reports import range_label, temporary_beside, why_not_written
from tutor_app.tutor.skills import BY_KEY, SKILLS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Progress = Callable[[int, int], None]  # (pages done, pages in all)
RESOLUTION = 150  # dots per inch of the PDF's layout
CHART_DPI = 110
CLASS_CHART_WIDTH, STUDENT_CHART_WIDTH = 620, 640  # CSS pixels: 96 to the inch
_BREAK = ' style="page-break-before: always"'
_ONE_LINE = ' style="white-space: nowrap"'
_FREE_TEXT = ' width="24%"'  # the last column: the rest keep their text on one line
_STYLE = """
body { font-family: sans-serif; font-size: 8.5pt; color: #1d1d1f; }
h1 { font-size: 14pt; margin-bottom: 2px; }
h2 { font-size: 12pt; margin-bottom: 2px; }
p.meta { color: #555555; margin-top: 0px; }
table { border-collapse: collapse; font-size: 8pt; }
th { background-color: #e8e8ed; font-weight: bold; text-align: left; }
"""


def write_pdf_report(
    report: ClassReport, path: str | Path, progress: Progress | None = None
) -> Path:
    """Write the report's PDF to `path` (a summary page, then one page per student)."""
    target = Path(path)
    if target.is_dir() or not target.parent.is_dir():  # said before Qt starts any work
        missing = FileNotFoundError(errno.ENOENT, f"there is no folder {target.parent}")
        problem = IsADirectoryError(errno.EISDIR, "a folder") if target.is_dir() else missing
        raise TutorError(why_not_written(target, problem))
    _need_application()
    on_qt_thread(lambda: _write(report, target, progress))
    return target


def on_qt_thread(work: Callable[[], None]) -> None:
    """Run `work` on a QThread of its own and wait for it, raising what it raised.

    Text drawn off the GUI thread fills a per-thread font cache whose clean-up timer needs an
    event dispatcher to the end; a plain Python thread (a Task's, or the command line's) has
    none, and Qt complains as it exits. A QThread has one for its whole life.
    """
    failures: list[BaseException] = []

    class Runner(QThread):
        def run(self) -> None:
            try:
                work()
            except BaseException as error:  # handed to the caller's thread, raised there
                failures.append(error)

    runner = Runner()
    runner.start()
    runner.wait()
    if failures:
        raise failures[0]


def _write(report: ClassReport, target: Path, progress: Progress | None) -> None:
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    pages = 1 + len(report.students)
    parts = [_summary(report, document)]
    if progress is not None:
        progress(1, pages)
    bars = MasteryBars([(skill.key, skill.name) for skill in SKILLS])  # the map's skills
    for n, student in enumerate(report.students, start=1):
        parts.append(_student_page(student, n, document, bars))
        if progress is not None:
            progress(1 + n, pages)
    document.setHtml(f"<html><body>{''.join(parts)}</body></html>")
    _print_atomically(document, target, report.title)


def _need_application() -> None:
    """Qt's fonts need an application object; the command line has none, and no screen."""
    if QGuiApplication.instance() is None:
        QGuiApplication(["tutor-app", "-platform", "offscreen"])


def _summary(report: ClassReport, document: QTextDocument) -> str:
    scope = range_label(report)
    made = report.made_at.astimezone().strftime("%d %b %Y %H:%M")
    overview = [
        SkillBands(line.skill, line.name, line.counts) for line in report.overview()
    ]  # fmt: skip
    chart = _image(
        document, "chart:class", class_overview_chart(overview, "Students by band"),
        CLASS_CHART_WIDTH,
    )  # fmt: skip
    header = ("Student", "No.", "Class", "Streak (days)", "Active min", "Problems",
              "First try right", "Hints", "Full solutions", "Proficient+ skills")  # fmt: skip
    rows = [_summary_row(student) for student in report.students]
    return (
        f"<h1>Progress report: {_e(report.title)}</h1>"
        f'<p class="meta">{_e(_period(scope))} · {len(report.students)} students · '
        f"made {_e(made)}</p>"
        f"<p>{chart}</p>"
        "<p class='meta'>First try right: problems answered right on the first try without "
        "a hint. Full solutions: hints that showed the whole worked solution. Active minutes "
        "leave out pauses over 2 minutes. Mastery is the level now, whatever the dates.</p>"
        f"<h2{_BREAK}>Students: {_e(report.title)}</h2>" + _table(header, rows, numeric_from=3)
    )


def _summary_row(student: StudentReport) -> list[str]:
    return [
        student.student.name, student.student.student_number, student.student.class_name,
        str(student.streak_days), f"{student.active_minutes:.0f}", str(student.total("problems")),
        _share(student.total("first_try_right"), student.total("first_tries")),
        str(sum(student.hints)), str(student.hints[3]),
        f"{student.skills_in('Proficient', 'Mastered')} of {len(student.skills)}",
    ]  # fmt: skip


def _student_page(
    student: StudentReport, n: int, document: QTextDocument, bars: MasteryBars
) -> str:
    row = student.student
    standings = [
        SkillStanding(
            line.skill,
            line.name,
            BY_KEY[line.skill].prerequisites if line.skill in BY_KEY else (),
            line.band,
            line.figures.mastery,
            line.figures.mastery_evidence,
        )  # fmt: skip
        for line in student.skills
    ]
    chart = _pixels(
        document, f"chart:student{n}", *bars.pixels(standings, CHART_DPI), STUDENT_CHART_WIDTH
    )
    header = ("Skill", "Band", "Mastery", "Problems", "First try right", "Hints 1/2/3",
              "Full solutions", "Active min", "Last practised", "Steps checked",
              "Mistakes named most")  # fmt: skip
    rows = []
    for line in student.skills:
        f = line.figures
        rows.append([
            line.name.split(":")[0], line.band, "–" if f.mastery is None else f"{f.mastery:.0%}",
            str(f.problems), _share(f.first_try_right, f.first_tries),
            "/".join(str(h) for h in f.hints[:3]), str(f.bottom_out_hints),
            f"{line.active_minutes:.0f}", _day(f.last_practised), str(f.steps_checked),
            ", ".join(f"{name.replace('_', ' ')} ×{times}" for name, times in f.mistakes[:2]),
        ])  # fmt: skip
    number = f" · No. {_e(row.student_number)}" if row.student_number else ""
    klass = f" · {_e(row.class_name)}" if row.class_name else ""
    return (
        f"<h2{_BREAK}>{_e(row.name)}</h2>"
        f'<p class="meta">{klass.lstrip(" ·")}{number} · streak {student.streak_days} '
        f"days · {student.active_minutes:.0f} active minutes</p>"
        f"<p>{chart}</p>" + _table(header, rows, numeric_from=2)
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> str:
    """An HTML table; cells from `numeric_from` on are right-aligned, all but the last kept on
    one line (the last, free text, wraps)."""

    def cells(values: Sequence[str], tag: str) -> str:
        last = len(values) - 1
        return "".join(
            f"<{tag}{' align=right' if numeric_from <= i < last else ''}"
            f"{_ONE_LINE if i < last else _FREE_TEXT}>{_e(value)}</{tag}>"
            for i, value in enumerate(values)
        )

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return (
        '<table border="1" cellspacing="0" cellpadding="2" width="100%">'
        f"<thead><tr>{cells(header, 'th')}</tr></thead>{body}</table>"
    )


def _image(document: QTextDocument, name: str, figure: Figure, width: int) -> str:
    """Draw a figure and hand it to the document (see `_pixels`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure.set_dpi(CHART_DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return _pixels(document, name, bytes(canvas.buffer_rgba()),
                   *canvas.get_width_height(physical=True), width)  # fmt: skip


def _pixels(
    document: QTextDocument, name: str, rgba: bytes, pixel_width: int, height: int, width: int
) -> str:
    """Hand a chart's pixels to the document under `name` (no PNG round trip) and return the
    <img> that shows it `width` CSS pixels wide."""
    image = QImage(rgba, pixel_width, height, QImage.Format.Format_RGBA8888).copy()
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    return f'<img src="{name}" width="{width}" height="{round(width * height / pixel_width)}">'


def _print_atomically(document: QTextDocument, target: Path, title: str) -> None:
    with temporary_beside(target) as (handle, temporary):
        os.close(handle)
        _print(document, temporary, title)
        if os.path.getsize(temporary) == 0:
            raise OSError(f"Qt wrote nothing to {temporary}")
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for sharing
        os.replace(temporary, target)


def _print(document: QTextDocument, file: str, title: str) -> None:
    """Lay the document out in the PDF's own units and draw it page by page, each page with a
    footer: the report's title and 'page n of m'."""
    writer = QPdfWriter(file)
    writer.setTitle(f"Progress report: {title}")
    writer.setCreator("tutor-app")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 10, 12, 10),
            QPageLayout.Unit.Millimeter,
        )  # fmt: skip
    )
    width, height = writer.width(), writer.height()
    footer = RESOLUTION // 4  # a quarter of an inch
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(width, height - footer))
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF at {file}")
    try:
        body = QRectF(0, 0, width, height - footer)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body.height())
            document.drawContents(painter, body.translated(0, page * body.height()))
            painter.restore()
            painter.setPen(QColor("#666666"))
            painter.setFont(QFont("sans-serif", 7))
            where = QRectF(0, height - footer, width, footer)
            painter.drawText(where, Qt.AlignmentFlag.AlignVCenter, f"Progress report: {title}")
            painter.drawText(
                where, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                f"page {page + 1} of {pages}",
            )  # fmt: skip
    finally:
        painter.end()


def _period(label: str) -> str:
    if label == "all":
        return "All dates"
    start, _, end = label.partition("_")
    return f"{_pretty(start)} to {_pretty(end)}"


def _pretty(stamp: str) -> str:
    try:
        return datetime.strptime(stamp, "%Y%m%d").strftime("%d %b %Y")
    except ValueError:
        return stamp


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "–"


def _day(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d %b %Y") if moment is not None else "–"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
