"""The Check my work editor: the student's working, with each line's number and badge in a
gutter beside it and the first wrong line highlighted the width of the editor."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from tutor_app.render.math_scan import readable_latex
from tutor_app.tutor.my_work import LineMark, working_lines
from tutor_app.ui.solution_panel import BADGES
from tutor_app.ui.theme import MUTED

# Characters Python's splitlines() breaks at but a text block does not: rows must be blocks.
_ROW_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# status -> (symbol, colour): the solution panel's badges, symbol and colour together.
SYMBOLS = {status: (BADGES[status][0].split()[0], BADGES[status][1]) for status in BADGES}
WRONG_LINE = {False: "#fdecea", True: "#4a2326"}  # the first wrong line's background
GUTTER_EDGE = {False: "#d0d0d4", True: "#4a4a50"}
SPOKEN = {"valid": "right", "invalid": "wrong", "unknown": "not checked"}


def is_dark(widget: QWidget) -> bool:
    """Whether the widget's palette is the dark theme's (its text boxes are dark)."""
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


class WorkGutter(QWidget):
    """The strip left of the editor: each line's number and badge (painted by the editor)."""

    def __init__(self, editor: WorkEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """As wide as a line number and the widest badge."""
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """The badges of the lines in view."""
        self.editor.paint_gutter(event)

    def event(self, event: QEvent) -> bool:
        """A line's badge says why in its tooltip."""
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            tip = self.editor.tip_at(event.pos().y())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class WorkEditor(QPlainTextEdit):
    """A plain-text editor for working, with a badge beside every checked line."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("work_editor")
        self.setTabChangesFocus(True)  # Tab leaves the editor: working has no tabs
        self.setAccessibleName("Your working")
        self.setPlaceholderText("For example:\n3(x + 2) = 12\n3x + 6 = 12\n3x = 6\nx = 2")
        self.marks: dict[int, LineMark] = {}  # by row
        self.current = True  # whether the marks are for the text shown now
        self.numbers: dict[int, int] = {}  # row -> line number, as the checker numbers lines
        self.wrong_row: int | None = None
        self.gutter = WorkGutter(self)
        font = QFont(self.font())
        font.setFamily("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)  # the family; the size follows the window's style sheet
        self.blockCountChanged.connect(lambda _n: self._fit_gutter())
        self.updateRequest.connect(self._scroll_gutter)
        self.textChanged.connect(self._text_changed)
        self._fit_gutter()

    def working_text(self) -> str:
        """The typed text, one row per text block (what is checked)."""
        rows, block = [], self.document().firstBlock()
        while block.isValid():
            rows.append(_ROW_BREAKS.sub(" ", block.text()))
            block = block.next()
        return "\n".join(rows)

    def set_marks(self, marks: list[LineMark]) -> None:
        """Show the verdicts of a check of the text shown now."""
        self.marks = {mark.row: mark for mark in marks}
        self.current = True
        first = next((mark for mark in marks if mark.status == "invalid"), None)
        self.wrong_row = first.row if first is not None else None
        self._highlight()
        self.gutter.update()

    def shown_marks(self) -> dict[int, LineMark]:
        """The marks on show: while a check runs, those of lines whose text has not changed."""
        if self.current:
            return self.marks
        shown = {}
        for row, mark in self.marks.items():
            block = self.document().findBlockByNumber(row)
            cleaned = working_lines(block.text()) if block.isValid() else []
            if cleaned and cleaned[0][1] == mark.text:
                shown[row] = mark
        return shown

    def badges(self) -> dict[int, str]:
        """Row -> the badge on show ("start", "valid", "invalid" or "unknown"), for tests."""
        return {row: badge_of(mark) for row, mark in self.shown_marks().items()}

    def highlighted_rows(self) -> list[int]:
        """The rows with the wrong-line highlight."""
        return [s.cursor.blockNumber() for s in self.extraSelections()]

    def tip_at(self, y: int) -> str:
        """What the badge at height y in the gutter means, in words."""
        block = self.firstVisibleBlock()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
            if top <= y < top + self.blockBoundingRect(block).height():
                break
            block = block.next()
        mark = self.shown_marks().get(block.blockNumber()) if block.isValid() else None
        if mark is None:
            return ""
        if mark.line == 1:
            return "Line 1: where your working starts."
        return f"Line {mark.line}: {SPOKEN[mark.status]}. {readable_latex(mark.reason)}"

    # -- the gutter -------------------------------------------------------
    def _badge_font(self) -> QFont:
        """Bold and a little smaller than the working: a badge sits inside its line."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, round(QFontInfo(self.font()).pixelSize() * 0.85)))
        return font

    def _metrics(self) -> tuple[QFontMetrics, int]:
        """The working's font metrics and a badge's width (that of "start")."""
        badge = QFontMetrics(self._badge_font()).horizontalAdvance("start") + 12
        return QFontMetrics(self.font()), badge

    def gutter_width(self) -> int:
        """A two-digit line number, a gap and the widest badge ("start")."""
        metrics, badge = self._metrics()
        return 6 + metrics.horizontalAdvance("88") + 6 + badge + 10

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self.gutter.update()

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._fit_gutter()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Keep the gutter beside the text."""
        super().resizeEvent(event)
        self._place_gutter()

    def _place_gutter(self) -> None:
        inside = self.contentsRect()
        self.gutter.setGeometry(
            QRect(inside.left(), inside.top(), self.gutter_width(), inside.height())
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """A new font size: a gutter as wide as its badges. A new theme: its highlight."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_gutter()
            self._place_gutter()
        elif event.type() == QEvent.Type.PaletteChange:
            self._highlight()

    def paint_gutter(self, event: QPaintEvent) -> None:
        """Paint each line's number and badge, level with the line's first row of text."""
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        painter.setPen(QColor(GUTTER_EDGE[is_dark(self)]))
        edge = self.gutter.width() - 1
        painter.drawLine(edge, event.rect().top(), edge, event.rect().bottom())
        metrics, badge_width = self._metrics()
        badge_font = self._badge_font()
        number_right = 6 + metrics.horizontalAdvance("88")
        marks = self.shown_marks()
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            row = block.blockNumber()
            if block.isVisible() and bottom >= event.rect().top() and row in self.numbers:
                line = QRect(0, top, number_right, metrics.height())
                painter.setFont(self.font())
                painter.setPen(QColor(MUTED))
                painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 str(self.numbers[row]))  # fmt: skip
                if row in marks:
                    place = QRect(number_right + 6, top + 2, badge_width, metrics.height() - 4)
                    painter.setFont(badge_font)
                    self._paint_badge(painter, place, badge_of(marks[row]))
            block, top = block.next(), bottom
        painter.end()

    def _paint_badge(self, painter: QPainter, place: QRect, badge: str) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if badge == "start":  # an outline: where the working starts is not a verdict
            painter.setPen(QColor(MUTED))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(place.adjusted(0, 0, -1, -1), 5, 5)
            painter.drawText(place, Qt.AlignmentFlag.AlignCenter, "start")
            return
        symbol, colour = SYMBOLS[badge]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(place, 5, 5)
        painter.setPen(QColor("white"))
        painter.drawText(place, Qt.AlignmentFlag.AlignCenter, symbol)

    # -- the text ---------------------------------------------------------
    def _text_changed(self) -> None:
        rows = working_lines(self.working_text())
        self.numbers = {row: number for number, (row, _line) in enumerate(rows, start=1)}
        self.current = False
        self._highlight()
        self.gutter.update()

    def _highlight(self) -> None:
        """The first wrong line's background, the width of the editor (while its text stays)."""
        row = self.wrong_row
        if row is None or row not in self.shown_marks():
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(WRONG_LINE[is_dark(self)]))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(self.document().findBlockByNumber(row))
        selection.cursor = cursor
        self.setExtraSelections([selection])


def badge_of(mark: LineMark) -> str:
    """The badge a line gets: "start" for line 1, else its verdict."""
    return "start" if mark.line == 1 else mark.status
