"""Python's garbage collector runs on the GUI thread only.

A collection can happen on whichever thread allocates, and a Qt object it frees on a worker
thread is destroyed there, which Qt forbids ("Timers cannot be stopped from another thread").
So automatic collection is turned off and a timer on the GUI thread collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_INTERVAL_MS = 500
FULL_EVERY = 60  # ticks: a full collection about every 30 s


class GuiThreadCollector(QObject):
    """Collects garbage on a GUI-thread timer while automatic collection is off."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start(YOUNG_INTERVAL_MS)

    def collect(self) -> None:
        """Collect the youngest generation, and everything now and then."""
        self._ticks += 1
        gc.collect() if self._ticks % FULL_EVERY == 0 else gc.collect(0)

    def stop(self) -> None:
        """Stop the timer, collect once more and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        gc.enable()
