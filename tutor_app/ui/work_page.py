"""The Check my work mode's page (being built: see the helper's commit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class WorkPage(QWidget):
    """The Check my work page."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.main = window
        QVBoxLayout(self).addWidget(QLabel("Check my work"))

    def activate(self) -> None:
        """The student switched to this mode."""

    def reset(self) -> None:
        """A new session or another student: start afresh."""
