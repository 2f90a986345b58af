"""Small widgets: the question box (Enter sends) and the notice bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


class QuestionBox(QPlainTextEdit):
    """Where the student types: Enter sends, Shift+Enter starts a new line."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("question")
        self.setPlaceholderText("Type a maths question, e.g. Solve 2x + 3 = 7   (Enter sends)")
        self.setMaximumHeight(110)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Send on Enter; Shift+Enter inserts a line break."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class NoticeBar(QFrame):
    """A message across the top of the chat with an optional button that fixes the problem.

    A message about the session (a question that was refused) goes when the session does; a
    lasting one, about the tutor itself (no database, no model), stays until it is closed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.label = QLabel()
        self.label.setObjectName("notice_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.setObjectName("notice_action")
        self.close_button = QPushButton("✕")
        self.close_button.setObjectName("notice_close")
        self.close_button.setAccessibleName("Close the message")
        self.close_button.setToolTip("Close the message")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.lasting = False
        self.action.clicked.connect(self._act)
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        error: bool = True,
        action: str | None = None,
        callback: Callable[[], None] | None = None,
        lasting: bool = False,
    ) -> None:
        """Show a message; `action` names a button that runs `callback`; `lasting` keeps it
        across sessions (a problem with the tutor itself rather than with a question)."""
        colour, background = ("#8e1c1c", "#fdecea") if error else ("#1d3a6e", "#e8f0fe")
        self.setStyleSheet(
            f"QFrame#notice {{ background: {background}; border-radius: 6px; }}"
            f" QLabel {{ color: {colour}; }}"
        )
        self.label.setText(text)
        self._callback = callback
        self.action.setVisible(bool(action and callback))
        self.action.setText(action or "")
        self.lasting = lasting
        self.show()

    def clear_session_message(self) -> None:
        """Hide the message unless it is a lasting one (a new session, another one opened)."""
        if not self.lasting:
            self.hide()

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self.label.text() if not self.isHidden() else ""

    def _act(self) -> None:
        if self._callback is not None:
            self._callback()
