"""My progress, opened from the window: summary, charts and recent work from the real record."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Qt

from tutor_app.paths import AppPaths
from tutor_app.store.records import EvidenceRecord
from tutor_app.tutor.progress import record
from tutor_app.ui.progress_view import NO_PRACTICE, RECENT_COLUMNS, ProgressDialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def practise(window: Any) -> None:
    """Yesterday and today: fractions right six times, linear equations wrong, then a hint."""
    now = datetime.now(timezone.utc)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    yesterday = midnight - timedelta(hours=12)
    student = window.student.id
    for n in range(4):
        at = yesterday + timedelta(minutes=5 * n)
        record(window.store, EvidenceRecord(student, "fractions", "practice", f"1/{n + 2} + 1/2",
                                            True, seconds=90, created_at=at))  # fmt: skip
    today = [midnight + (now - midnight) * k / 5 for k in range(1, 5)]  # today, before now
    record(window.store, EvidenceRecord(student, "fractions", "practice", "3/4 - 1/4", True,
                                        seconds=60, created_at=today[0]))  # fmt: skip
    record(window.store, EvidenceRecord(student, "fractions", "own_work", "2/3 of 9", True,
                                        seconds=60, created_at=today[1]))  # fmt: skip
    record(window.store, EvidenceRecord(student, "linear_equations", "practice", "Solve 2x + 3 = 7",
                                        False, answer="x = 5", seconds=60,
                                        created_at=today[2]))  # fmt: skip
    record(window.store, EvidenceRecord(student, "linear_equations", "hint", "Solve 2x + 3 = 7",
                                        hint_level=2, created_at=today[3]))  # fmt: skip


def open_progress(qtbot: Any, window: Any) -> ProgressDialog:
    """Press Ctrl+Shift+P and wait until the dialog has shown what it loaded."""
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.progress_dialog is not None, timeout=5_000)
    dialog: ProgressDialog = window.progress_dialog
    qtbot.waitUntil(lambda: dialog.refresh_button.isEnabled(), timeout=60_000)
    return dialog


def rows(dialog: ProgressDialog) -> list[list[str]]:
    tree = dialog.recent
    return [
        [tree.topLevelItem(n).text(c) for c in range(len(RECENT_COLUMNS))]
        for n in range(tree.topLevelItemCount())
    ]


def test_my_progress_shows_the_summary_charts_and_recent_work(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window()
    assert not window.progress_action.isEnabled()  # nobody's progress to show yet
    choose_student(window, "Ada")
    assert window.progress_action.isEnabled()
    practise(window)
    dialog = open_progress(qtbot, window)
    assert dialog.isVisible() and dialog.windowTitle() == "My progress — Ada"
    summary = dialog.summary.text()
    for part in ("2-day streak", "7 answers", "1 hint taken", "1 of 15 skills mastered"):
        assert part in summary, summary
    assert "minutes practised" in summary, summary
    assert dialog.message.isHidden() and dialog.body.isVisible()
    shown = rows(dialog)
    assert len(shown) == 8  # every piece of evidence, newest first
    assert shown[0][1:] == ["Linear equations", "Hint", "Solve 2x + 3 = 7", "Hint 2"]
    assert shown[1][1:] == ["Linear equations", "Practice", "Solve 2x + 3 = 7", "✗ Wrong"]
    assert shown[2][1:] == ["Fractions, decimals and percentages", "Own work", "2/3 of 9",
                            "✓ Right"]  # fmt: skip
    assert shown[0][0].startswith("Today ") and shown[-1][0].startswith("Yesterday ")
    report = dialog.report
    assert report is not None
    assert [c.figure for c in dialog.canvases] == [report.mastery_figure, report.map_figure]
    bars = {p.get_gid(): p for p in report.mastery_figure.axes[0].patches}
    assert bars["bar:fractions"].get_width() > 0.95
    assert bars["bar:integrals"].get_width() == 0
    assert all(c.isVisibleTo(dialog) for c in dialog.canvases[:1])  # the first tab's chart
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.canvases[1].isVisible(), timeout=5_000)


def test_refresh_shows_new_practice_and_a_new_student_sees_no_practice_yet(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window()
    choose_student(window, "Ben")
    dialog = open_progress(qtbot, window)
    assert dialog.message.text() == NO_PRACTICE and dialog.message.isVisible()
    assert NO_PRACTICE.startswith("No practice yet:")
    assert dialog.body.isHidden() and dialog.summary.isHidden() and dialog.canvases == []
    record(window.store, EvidenceRecord(window.student.id, "exponents", "practice", "2^3 * 2^2",
                                        False))  # fmt: skip
    dialog.refresh_button.click()
    qtbot.waitUntil(lambda: dialog.body.isVisible(), timeout=60_000)
    assert "1 answer ·" in dialog.summary.text() and "no hints taken" in dialog.summary.text()
    assert rows(dialog)[0][1:] == ["Exponents and roots", "Practice", "2^3 * 2^2", "✗ Wrong"]
    assert len(dialog.canvases) == 2


def test_a_database_that_cannot_be_read_gives_a_message_not_a_traceback(
    qtbot: Any, make_window: Any, choose_student: Any, paths: AppPaths
) -> None:
    window = make_window()
    choose_student(window, "Cy")
    with sqlite3.connect(paths.database) as db:
        db.execute("DROP TABLE evidence")
    with qtbot.waitSignal(window.progress_action.triggered, timeout=5_000):
        qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = window.progress_dialog
    with qtbot.waitSignal(dialog.load_failed, timeout=60_000) as failed:
        pass
    (text,) = failed.args
    assert text.startswith("Your progress could not be loaded. The progress database")
    assert "evidence" in text and "Traceback" not in text
    assert dialog.message.text() == text and dialog.body.isHidden()
