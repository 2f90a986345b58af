"""What the student sees must be true: size, focus, leftovers, status bar, settings, history."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPalette, QStatusTipEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QWidget

from tutor_app.paths import AppPaths
from tutor_app.settings import SCHEMA_VERSION, load_settings, settings_path
from tutor_app.store.records import AttemptRecord, StepRecord
from tutor_app.ui import window_parts

ROOT = Path(__file__).resolve().parents[2]
# A 1366x768 laptop with a 28-pixel panel: the screen the team tried the tutor on.
LAPTOP = QRect(0, 0, 1366, 740)
# The offscreen platform has one fixed 800x800 screen, narrower than the window's minimum width
# and never unplugged; the screen the window asks for is faked to try other screens.


def _screen(monkeypatch: pytest.MonkeyPatch, area: QRect) -> None:
    # raising=False: before the fix the window did not ask, and the test shows what it got.
    monkeypatch.setattr(window_parts, "available_area", lambda *_a: QRect(area), raising=False)


def _record(window: Any, problem: str, status: str = "verified", session: str | None = None) -> str:
    """Store a question and its checked answer for the window's student; the session id."""
    step = StepRecord(1, "x = 2", "x = 2", "valid" if status == "verified" else "invalid", "r")
    record = AttemptRecord(window.student.id, None, problem, "algebra", "x = 2", "2", status, 1,
                           0.5, "test", (step,))  # fmt: skip
    session_id, _ = window.store.record_exchange(record, problem, f"Answer to {problem}", session)
    return str(session_id)


def _open_past_session(qtbot: Any, window: Any, row: int = 0) -> None:
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    with qtbot.waitSignal(window.session_opened, timeout=30_000):
        window.history.list.itemClicked.emit(window.history.list.item(row))


def _ask(qtbot: Any, window: Any, question: str) -> None:
    window.question.setPlainText(question)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)


def _model_label(window: Any) -> QLabel | None:
    label = window.statusBar().findChild(QLabel, "model_name")
    return label if isinstance(label, QLabel) else None


# -- 1. window size ----------------------------------------------------------------------------
def test_the_window_opens_inside_a_small_laptop_screen(
    make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _screen(monkeypatch, LAPTOP)
    window = make_window(start=False)
    assert LAPTOP.contains(window.frameGeometry()), window.frameGeometry()
    for button in (window.send_button, window.stop_button, window.copy_button):
        shown = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        assert LAPTOP.contains(shown), (button.text(), shown)
    assert window.width() >= 1000  # still a comfortable window, not a tiny one


def test_size_position_and_splitters_are_remembered(
    qtbot: Any, make_window: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _screen(monkeypatch, QRect(0, 0, 1920, 1050))
    first = make_window(start=False)
    first.setGeometry(QRect(100, 120, 1200, 760))
    qtbot.waitUntil(lambda: first.geometry() == QRect(100, 120, 1200, 760), timeout=5000)
    splitter = first.centralWidget()
    splitter.setSizes([300, 520, 360])
    sizes = splitter.sizes()
    first.close()
    second = make_window(start=False, settings=load_settings(paths))
    assert second.geometry() == QRect(100, 120, 1200, 760)
    assert second.centralWidget().sizes() == sizes


def test_a_remembered_geometry_off_this_screen_is_brought_back(
    make_window: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Last time the window was on a big monitor to the right, now unplugged.
    settings_path(paths).write_text(json.dumps({
        "schema_version": SCHEMA_VERSION, "retries": 0,
        "window_geometry": [2200, 900, 1800, 1000], "splitter_sizes": [300, 900, 600],
    }), encoding="utf-8")  # fmt: skip
    _screen(monkeypatch, LAPTOP)
    window = make_window(start=False, settings=load_settings(paths))
    assert LAPTOP.contains(window.frameGeometry()), window.frameGeometry()


def test_a_damaged_remembered_geometry_is_dropped_and_the_rest_kept(paths: AppPaths) -> None:
    settings_path(paths).write_text(json.dumps({
        "schema_version": SCHEMA_VERSION, "font_size": 19,
        "window_geometry": [10, 10, -5, "wide"], "splitter_sizes": "narrow",
    }), encoding="utf-8")  # fmt: skip
    loaded = load_settings(paths)
    assert loaded.font_size == 19
    assert loaded.window_geometry is None and loaded.splitter_sizes is None


# -- 2. focus ----------------------------------------------------------------------------------
def test_typing_after_picking_a_student_or_ctrl_n_goes_into_the_question(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    assert QApplication.focusWidget() is window.question
    qtbot.keyClicks(QApplication.focusWidget(), "Solve x + 1 = 3")
    assert window.question.toPlainText() == "Solve x + 1 = 3"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.history.search
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.question


def test_typing_a_name_works_as_soon_as_the_picker_opens(
    qtbot: Any, make_window: Any, paths: AppPaths
) -> None:
    from tutor_app.store.database import open_store

    with open_store(paths.database) as store:
        store.student("Ada")
        store.student("Bo")
    window = make_window()
    qtbot.waitUntil(lambda: getattr(window, "picker", None) is not None, timeout=10_000)
    picker = window.picker
    qtbot.waitUntil(picker.isVisible, timeout=10_000)
    picker.activateWindow()  # make_window activated the main window after the picker opened
    qtbot.waitUntil(picker.isActiveWindow, timeout=10_000)
    qtbot.keyClicks(QApplication.focusWidget(), "b")  # the first letter of an existing name
    assert picker.list.currentItem().text() == "Bo"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    qtbot.keyClicks(QApplication.focusWidget(), "Cy")  # a new student
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.student.name == "Cy"

    window.pick_student()  # again: the first letters of a name pick that student
    qtbot.waitUntil(lambda: window.picker is not picker and window.picker.isVisible(),
                    timeout=10_000)  # fmt: skip
    window.picker.activateWindow()
    qtbot.waitUntil(window.picker.isActiveWindow, timeout=10_000)
    qtbot.keyClicks(QApplication.focusWidget(), "ad")
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.student.name == "Ada"


def _edge(image: QImage, width: int = 3) -> list[int]:
    """The pixels of a widget's outer band, where a focus ring is drawn."""
    return [
        image.pixel(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if min(x, y, image.width() - 1 - x, image.height() - 1 - y) < width
    ]


def test_every_control_shows_a_focus_ring_when_tabbed_to(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    _record(window, "Solve 2x = 4")
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    window.notice.show_message("The model is not loaded.", action="Fix it", callback=print)
    frame = window.findChild(QFrame, "chat_frame")

    def ring_host(widget: QWidget) -> QWidget:  # the chat's ring is drawn around the whole chat
        return frame if frame is not None and frame.isAncestorOf(widget) else widget

    start = QApplication.focusWidget()
    seen: list[str] = []
    unringed: list[str] = []
    widget = start
    for _ in range(20):
        host = ring_host(widget)
        focused = _edge(host.grab().toImage())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not widget
        name = f"{type(widget).__name__}#{widget.objectName()}"
        seen.append(name)
        if ring_host(after) is not host and _edge(host.grab().toImage()) == focused:
            unringed.append(name)
        widget = after
        if widget is start:
            break
    assert widget is start, seen
    assert len(seen) >= 6, seen
    assert unringed == [], f"no visible focus on {unringed} (tab order {seen})"
    assert {"QTextBrowser#chat_text", "QListWidget#history", "QPushButton#notice_action"} <= set(
        seen
    )


def test_the_typeset_chat_is_tabbed_to_in_place_and_ringed(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window(typeset=True)
    choose_student(window, "Ada")
    frame = window.findChild(QFrame, "chat_frame")
    assert frame is not None
    view = window.chat.currentWidget()
    assert view.objectName() == "chat_web"
    # Tab reaches the chat after the tabs and before the question (Tab goes by the view's place
    # in the chain; its page may hand the focus straight on when it has nothing to focus).
    between: list[QWidget] = []
    widget = window.tabs.tabBar().nextInFocusChain()
    while widget is not window.question and len(between) < 100:
        between.append(widget)
        widget = widget.nextInFocusChain()
    assert view in between
    before = _edge(frame.grab().toImage())
    (view.focusProxy() or view).setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: frame.isAncestorOf(QApplication.focusWidget()), timeout=10_000)
    assert _edge(frame.grab().toImage()) != before


# -- 3. leftovers ------------------------------------------------------------------------------
def test_a_new_or_reopened_session_drops_the_last_ones_notice(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    _record(window, "Solve 2x = 4")
    _ask(qtbot, window, "hello there, how are you")
    assert "does not look like a maths question" in window.notice.text()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.notice.text() == ""
    _ask(qtbot, window, "hello there, how are you")
    assert window.notice.text()
    _open_past_session(qtbot, window)
    assert window.notice.text() == ""
    # A problem with the tutor itself (no database, no model) stays until it is fixed.
    window.notice.show_message("The model could not be loaded.", lasting=True)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.notice.text() == "The model could not be loaded."


def test_try_again_edit_and_copy_wait_for_an_answer(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    buttons = (window.regenerate_button, window.edit_button, window.copy_button)
    assert not any(b.isEnabled() for b in buttons)  # an empty session: nothing to act on
    _record(window, "Solve 2x = 4")
    _open_past_session(qtbot, window)
    assert all(b.isEnabled() for b in buttons)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not any(b.isEnabled() for b in buttons)


def test_copy_says_it_worked_and_the_model_name_stays(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    _record(window, "Solve 2x = 4")
    _open_past_session(qtbot, window)
    bar = window.statusBar()
    window.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Answer to Solve 2x = 4"
    assert "Copied" in bar.currentMessage()
    label = _model_label(window)
    assert label is not None and label.isVisible()
    with qtbot.waitSignal(bar.messageChanged, timeout=10_000, check_params_cb=lambda m: m == ""):
        pass  # the confirmation goes away by itself
    assert label.isVisible() and "SmolLM2" in label.text()


# -- 4. status bar -----------------------------------------------------------------------------
def test_the_status_bar_names_the_model_readably_and_keeps_it(make_window: Any) -> None:
    window = make_window()
    label = _model_label(window)
    assert label is not None and label.text() == "Model: SmolLM2 135M, starter model"
    # Hovering a menu entry shows its status tip, which clears a temporary message.
    QApplication.sendEvent(window, QStatusTipEvent("Start a new session"))
    QApplication.sendEvent(window, QStatusTipEvent(""))
    assert label.isVisible() and label.text() == "Model: SmolLM2 135M, starter model"


def test_a_catalogue_model_is_named_as_the_catalogue_names_it() -> None:
    from tutor_app.engine.catalogue import CATALOGUE

    class Worker:  # what the status bar reads from a loaded model
        name = "Phi 4 Mini Instruct"
        model_path = Path("/models/microsoft_Phi-4-mini-instruct-Q4_K_M.gguf")

    spec = next(s for s in CATALOGUE if s.filename == Worker.model_path.name)
    assert window_parts.model_title(Worker()) == spec.display_name

    class Unknown:
        name = "Some Merge 7b Lc100K"
        model_path = Path("/models/my-own-model.Q4_K_M.gguf")

    assert window_parts.model_title(Unknown()) == "my-own-model.Q4_K_M"


# -- 5. settings apply at once -----------------------------------------------------------------
def _is_dark(colour: Any) -> bool:
    return bool(colour.lightness() < 128)


@pytest.fixture
def light_again() -> Any:
    """The theme is the application's: put the light one back for the next test."""
    yield
    from tutor_app.ui.theme import apply_theme

    apply_theme(False)


def test_settings_apply_to_the_whole_window_and_its_dialogs_at_once(
    qtbot: Any, make_window: Any, light_again: Any
) -> None:
    from PySide6.QtGui import QFontInfo

    window = make_window(start=False)
    panel = window.solution_panel
    assert not _is_dark(panel.grab().toImage().pixelColor(40, 40))
    message = panel.findChild(QLabel, "panel_message")
    before = QFontInfo(message.font()).pixelSize()
    window.open_settings()
    dialog = window.settings_dialog
    dialog.theme.setCurrentText("dark")
    dialog.font_size.setValue(22)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.accept()
    assert _is_dark(QApplication.palette().color(QPalette.ColorRole.Window))
    # The worked-solution panel follows at once, not when the next question is picked.
    assert _is_dark(panel.grab().toImage().pixelColor(40, 40))
    message = panel.findChild(QLabel, "panel_message")
    assert QFontInfo(message.font()).pixelSize() > before
    window.open_settings()
    again = window.settings_dialog
    assert _is_dark(again.palette().color(QPalette.ColorRole.Window))
    assert _is_dark(again.grab().toImage().pixelColor(5, 5))
    window_pixels = QFontInfo(window.history.search.font()).pixelSize()
    assert QFontInfo(again.font_size.font()).pixelSize() == window_pixels >= 20
    again.reject()


# -- 6. plots ----------------------------------------------------------------------------------
def test_the_plots_tab_never_shows_another_sessions_graph(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    _record(window, "Solve 2x = 4")
    with qtbot.waitSignal(window.conversation.plot_drawn, timeout=120_000):
        _ask(qtbot, window, "plot sin(x) from -pi to pi")
    assert window.plots.figure is not None
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.plots.figure is None and window.plots.placeholder.isVisibleTo(window.plots)
    with qtbot.waitSignal(window.conversation.plot_drawn, timeout=120_000):
        _ask(qtbot, window, "plot cos(x) from -pi to pi")
    assert window.plots.figure is not None
    _open_past_session(qtbot, window)
    assert window.plots.figure is None
    assert window.tabs.currentIndex() == 0  # the chat of the session just opened


# -- 7. history --------------------------------------------------------------------------------
def test_the_history_mark_is_the_whole_sessions(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    session = _record(window, "Solve x^2 = 9", status="contradicted")
    _record(window, "Solve 2x = 4", status="verified", session=session)
    _record(window, "Factorise x^2 - 1", status="verified")
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    items = [window.history.list.item(i) for i in range(window.history.list.count())]
    one, two = items  # newest first
    assert one.text().startswith("✔") and "1 answer" in one.toolTip()
    assert "verified" in one.toolTip()
    # The newest answer was verified, but an earlier one had a mistake: the session is not ✔.
    assert two.text().startswith("✘"), two.text()
    assert "2 answers" in two.toolTip() and "had a mistake" in two.toolTip()
    assert "verified" in two.toolTip() and "2 answers" in two.text()


# -- 8. Linux libraries ------------------------------------------------------------------------
def _debian_name(soname: str) -> str:
    """Debian's package name for a shared library: libxcb-cursor.so.0 is in libxcb-cursor0."""
    name, version = soname.split(".so.")
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"),
                    reason="the xcb platform plugin is Linux's")  # fmt: skip
def test_ci_installs_every_x11_library_the_window_needs() -> None:
    import PySide6

    # The X11 platform plugin and its OpenGL integrations (ldd lists what is missing too).
    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    files = [plugins / "platforms" / "libqxcb.so", *(plugins / "xcbglintegrations").glob("*.so")]
    linked = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, check=True)
    sonames = set(re.findall(r"^\s*(lib(?:xcb|X11-xcb|xkbcommon-x11)[\w-]*\.so\.\d+)",
                             linked.stdout, re.MULTILINE))  # fmt: skip
    assert "libxcb-cursor.so.0" in sonames
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = set(re.search(r'QT_LIBS="([^"]*)"', script).group(1).split())  # type: ignore[union-attr]
    missing = sorted(_debian_name(s) for s in sonames if _debian_name(s) not in listed)
    assert missing == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "libxcb-cursor0" in readme


def test_step_cards_follow_the_theme_and_stay_readable(qtbot: Any, light_again: Any) -> None:
    from types import SimpleNamespace

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QLabel

    from tutor_app.ui.solution_panel import StepCard, _headline
    from tutor_app.ui.theme import apply_theme

    wrong = SimpleNamespace(number=2, text="$2x = 7$", math="2x = 7", status="invalid",
                            reason="2x = 6 here", counterexample="x = 3", note="")  # fmt: skip
    looks = {}
    for dark in (False, True):
        apply_theme(dark)
        card = StepCard(wrong)
        qtbot.addWidget(card)
        card.resize(400, card.sizeHint().height())
        inside = card.grab().toImage().pixelColor(card.width() // 2, card.height() - 6)
        text = (
            card.findChild(QLabel, "step_text")
            .palette()
            .color(card.findChild(QLabel, "step_text").foregroundRole())
        )
        headlines = [QColor(_headline((kind, ""))[1]) for kind in ("verified", "mistakes")]
        looks[dark] = (_is_dark(inside), _is_dark(text), *map(_is_dark, headlines))
    # Light theme: a light card with dark text; dark theme: a dark card with light text; the
    # green and red verdict lines above the cards stand out from the panel either way.
    assert looks == {False: (False, True, True, True), True: (True, False, False, False)}
