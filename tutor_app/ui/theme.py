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


# Panes whose style draws no focus ring of its own (Fusion marks line edits, buttons and tabs,
# but not text boxes, lists or scroll areas): a border that turns the highlight colour.
_PANES = ("QPlainTextEdit", "QListWidget", "QScrollArea#solution_panel")
_RINGS = {False: ("#b8b8bd", "#2f6fd6"), True: ("#4a4a50", "#8ab4f8")}  # (frame, ring)


def window_style(dark: bool, font_size: int) -> str:
    """The window's style sheet: the font size, and a focus ring on every pane the keyboard
    can reach.

    The font size is a rule, not an inherited font: a widget polished under a style sheet
    keeps the font it inherited then. The chat is ringed through its frame (`QFrame#chat_frame`
    with the property focused), since the typeset view's focus is on a widget inside it.
    A new style sheet re-polishes every widget, so those with style sheets of their own (the
    worked-solution panel) take the new palette too.
    """
    frame, ring = _RINGS[dark]
    panes = ", ".join(_PANES)
    focused = ", ".join(f"{pane}:focus" for pane in _PANES)
    return (
        f"QWidget {{ font-size: {max(10, font_size - 2)}px; }}\n"
        f"QPlainTextEdit#question {{ font-size: {font_size}px; }}\n"
        f"{panes} {{ border: 1px solid {frame}; border-radius: 4px; padding: 1px; }}\n"
        f"{focused} {{ border: 2px solid {ring}; padding: 0px; }}\n"
        "QFrame#chat_frame { border: 2px solid transparent; border-radius: 4px; }\n"
        f'QFrame#chat_frame[focused="true"] {{ border-color: {ring}; }}\n'
        # The notice's close button: flat, but ringed when tabbed to (the notice is light in
        # both themes, so its ring is the light theme's).
        "QPushButton#notice_close { border: 2px solid transparent; border-radius: 4px;"
        " background: transparent; color: #3c3c43; padding: 2px 6px; }\n"
        "QPushButton#notice_close:hover { background: rgba(0, 0, 0, 0.08); }\n"
        f"QPushButton#notice_close:focus {{ border-color: {_RINGS[False][1]}; }}\n"
        # The mode in use stands out by more than a shade: underlined in the ring's colour (not
        # bold: a button keeps the width of its plain text, and bold text would be cut).
        f"ModeBar QPushButton:checked {{ border: 1px solid {frame};"
        f" border-bottom: 3px solid {ring}; border-radius: 4px; padding: 3px 10px;"
        " background: palette(base); }\n"
        # A style sheet replaces the style's own focus frame, so the checked mode is ringed here.
        f"ModeBar QPushButton:checked:focus {{ border: 2px solid {ring};"
        f" border-bottom: 3px solid {ring}; padding: 2px 9px; }}\n"
    )
