"""Keeps the question box on disk while the student types, until the tutor has answered it."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from tutor_app.drafts import load_draft, save_draft
from tutor_app.paths import AppPaths

log = logging.getLogger(__name__)

SAVE_AFTER_MS = 700  # once typing pauses


class DraftKeeper(QObject):
    """Saves the current student's draft shortly after each edit, and brings it back on start.

    A question sent to the tutor stays the draft until its answer has been stored, so a crash
    or a killed process while the model writes loses nothing the student typed.
    """

    saved = Signal(str)  # the text now kept ('' when the draft was removed)

    def __init__(self, paths: AppPaths, question: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths, self.question = paths, question
        self.student_id: str | None = None
        self.in_flight = False  # a sent question not yet answered: an empty box keeps the draft
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_now)
        question.textChanged.connect(self._timer.start)

    def set_student(self, student_id: str) -> None:
        """Switch to a student: keep the last one's draft and show this one's in the box.

        On a shared computer one student's unsent text is never left for the next to see;
        only text typed before anyone was chosen stays in the box.
        """
        switching = self.student_id is not None and self.student_id != student_id
        self.save_now()
        self.student_id, self.in_flight = student_id, False
        draft = load_draft(self.paths, student_id)
        if switching or (draft and not self.question.toPlainText().strip()):
            self.question.setPlainText(draft)
        self._timer.stop()

    def sent(self) -> None:
        """A question left the box for the tutor: keep it as the draft until it is answered."""
        self.in_flight = True
        self._timer.stop()

    def answered(self) -> None:
        """The sent question is done with: stored with its answer, or put back in the box."""
        # After the handlers of the same event: a failed question is back in the box by then.
        QTimer.singleShot(0, self._landed)

    def _landed(self) -> None:
        self.in_flight = False
        self.save_now()

    def save_now(self) -> None:
        """Write the box's text as the draft (an empty box removes it, unless one is in flight)."""
        self._timer.stop()
        text = self.question.toPlainText()
        if self.student_id is None or (self.in_flight and not text.strip()):
            return
        try:
            save_draft(self.paths, self.student_id, text)
        except OSError as exc:  # a full disk: the text is still in the box
            log.warning("could not keep the draft: %s", exc)
            return
        self.saved.emit(text)
