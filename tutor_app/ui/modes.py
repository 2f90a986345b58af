"""The four ways to work, chosen per session: Explain, Hints, Check my work, Practice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

EXPLAIN, HINTS, CHECK, PRACTICE = "explain", "hints", "check", "practice"
MODES = {
    EXPLAIN: ("Explain", "A worked solution, every line checked"),
    HINTS: ("Hints", "The smallest useful hint first; the worked solution only at the end"),
    CHECK: ("Check my work", "Type your own working: each line is checked as you go"),
    PRACTICE: ("Practice", "Problems for your skills; answers count towards your progress"),
}


class ModeBar(QWidget):
    """A row of four buttons, one checked: the mode of the session."""

    mode_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mode_bar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for key, (title, tip) in MODES.items():
            button = QPushButton(title)
            button.setObjectName(f"mode_{key}")
            button.setCheckable(True)
            button.setToolTip(tip)
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, key=key: self._toggled(key, on))
        row.addStretch(1)
        self.buttons[EXPLAIN].setChecked(True)

    def _toggled(self, key: str, on: bool) -> None:
        if on:
            self.mode_changed.emit(key)

    def mode(self) -> str:
        """The mode checked now."""
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def set_mode(self, mode: str) -> None:
        """Check a mode's button (mode_changed follows when it changes)."""
        self.buttons[mode].setChecked(True)
