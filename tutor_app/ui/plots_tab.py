"""The Plots tab: a matplotlib canvas with its navigation toolbar and Save as PNG."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class PlotsTab(QWidget):
    """Shows the latest figure; matplotlib is imported only when the first plot arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: Any = None
        self.canvas: Any = None
        self.toolbar: Any = None
        self.placeholder = QLabel(
            "Type “plot sin(x) from -pi to pi” in the chat, and the graph appears here."
        )
        self.placeholder.setObjectName("plot_placeholder")
        self.placeholder.setWordWrap(True)
        self.save_button = QPushButton("Save as PNG…")
        self.save_button.setObjectName("save_plot")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_save)
        self.message = QLabel("")
        self.message.setObjectName("plot_message")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.placeholder, 1)
        self.layout_.addWidget(self.save_button)
        self.layout_.addWidget(self.message)

    def show_figure(self, figure: Any) -> None:
        """Replace the shown plot with this matplotlib Figure."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT

        self.clear()
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setObjectName("plot_canvas")
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self.placeholder.hide()
        self.layout_.insertWidget(0, self.toolbar)
        self.layout_.insertWidget(1, self.canvas, 1)
        self.save_button.setEnabled(True)
        self.message.setText("")
        self.canvas.draw_idle()

    def save_png(self, path: str | Path) -> Path | None:
        """Save the shown plot as a PNG file; None (with a message) when it cannot be written."""
        if self.figure is None:
            return None
        from tutor_app.render.plots import save_png

        try:
            saved = save_png(self.figure, path)
        except OSError as exc:
            self.message.setText(f"The plot could not be saved: {exc}")
            return None
        self.message.setText(f"Saved to {saved}")
        return saved

    def ask_save(self) -> None:
        """Ask where to save the plot, then save it."""
        path, _ = QFileDialog.getSaveFileName(self, "Save plot", "plot.png", "PNG image (*.png)")
        if path:
            self.save_png(path if path.lower().endswith(".png") else path + ".png")

    def clear(self) -> None:
        """Remove the current plot."""
        for widget in (self.toolbar, self.canvas):
            if widget is not None:
                self.layout_.removeWidget(widget)
                # Stays parented until deleteLater runs here: a parentless canvas would be owned
                # by its Python wrapper, which the cyclic GC may free on a worker thread.
                widget.hide()
                widget.deleteLater()
        self.toolbar = self.canvas = self.figure = None
        self.placeholder.show()
        self.save_button.setEnabled(False)
