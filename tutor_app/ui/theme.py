"""Light and dark looks for the whole window (the chat page follows with its own CSS)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# Text that says less than the main text (notes, messages): readable on light and dark.
MUTED = "#8a8a8e"

_dark_applied = False  # whether this process has switched to the dark palette

_DARK = {
    QPalette.ColorRole.Window: "#1f1f22",
    QPalette.ColorRole.WindowText: "#e8e8ed",
    QPalette.ColorRole.Base: "#26262a",
    QPalette.ColorRole.AlternateBase: "#2e2e33",
    QPalette.ColorRole.ToolTipBase: "#2e2e33",
    QPalette.ColorRole.ToolTipText: "#e8e8ed",
    QPalette.ColorRole.Text: "#e8e8ed",
    QPalette.ColorRole.Button: "#2e2e33",
    QPalette.ColorRole.ButtonText: "#e8e8ed",
    QPalette.ColorRole.BrightText: "#ff6b61",
    QPalette.ColorRole.Highlight: "#3d6fd6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.PlaceholderText: "#8e8e93",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#6e6e73",
    QPalette.ColorRole.Text: "#6e6e73",
    QPalette.ColorRole.ButtonText: "#6e6e73",
}


def dark_palette() -> QPalette:
    """The palette of the dark theme."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def apply_theme(dark: bool) -> None:
    """Give the application the light or the dark look (Fusion draws palettes the same on
    every platform; native styles ignore parts of a dark palette)."""
    global _dark_applied
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif _dark_applied:  # back from dark; otherwise the system's own palette stays untouched
        app.setPalette(app.style().standardPalette())
    _dark_applied = dark
