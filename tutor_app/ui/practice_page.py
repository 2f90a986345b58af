"""The Practice mode's page (being built: see the helper's commit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PracticePage(QWidget):
    """The Practice page."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.main = window
        QVBoxLayout(self).addWidget(QLabel("Practice"))

    def activate(self) -> None:
        """The student switched to this mode."""

    def reset(self) -> None:
        """A new session or another student: start afresh."""
