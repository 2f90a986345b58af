"""The chat display: QtWebEngine with typeset MathML, or a QTextBrowser showing LaTeX source."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, QUrl, Signal
from PySide6.QtWidgets import QStackedWidget, QTextBrowser, QWidget

from tutor_app.ui.transcript import LIVE_ID, Transcript

log = logging.getLogger(__name__)

NO_WEBENGINE_ENV = "TUTOR_APP_NO_WEBENGINE"
# Re-render at most this often while tokens stream in: smooth, and cheap for the GUI thread.
RENDER_INTERVAL_MS = 120
# setHtml() carries the page in a data: URL, which Chromium refuses past 2 MB; a longer
# conversation is written to a file of this view's own and loaded from there.
SET_HTML_LIMIT = 1_500_000


def webengine_available() -> bool:
    """Whether QtWebEngine can be imported (and has not been switched off)."""
    if os.environ.get(NO_WEBENGINE_ENV):
        return False
    try:
        import PySide6.QtWebEngineWidgets  # noqa: F401
    except ImportError as exc:
        log.warning("QtWebEngine is not available (%s); maths is shown as LaTeX", exc)
        return False
    return True


class ChatView(QStackedWidget):
    """Shows a Transcript; coalesces updates while a reply streams in."""

    rendered = Signal()  # the page now shows the latest transcript
    fell_back = Signal(str)  # typeset view failed; why, for a notice

    def __init__(
        self, transcript: Transcript, *, typeset: bool = True, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.transcript = transcript
        self.dark = False
        self.font_size = 15
        self.render_count = 0
        self._shown: tuple[Any, ...] | None = None  # what the page was last built from
        self._loading = False  # a page is loading: live updates wait for it
        self._page_dir: Path | None = None  # where a page too long for setHtml is written
        self._text = QTextBrowser(self)
        self._text.setObjectName("chat_text")
        self._text.setOpenLinks(False)
        self.addWidget(self._text)
        self._web: Any = None
        if typeset and webengine_available():
            self._web = self._make_web_view()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self.render_now)

    @property
    def typeset(self) -> bool:
        """Whether maths is typeset (QtWebEngine) rather than shown as LaTeX source."""
        return self._web is not None

    def _make_web_view(self) -> Any:
        from PySide6.QtWebEngineWidgets import QWebEngineView

        try:
            view = QWebEngineView(self)
        except Exception as exc:  # a broken GPU driver or missing library: keep the app up
            log.warning("QtWebEngine failed to start: %s", exc)
            return None
        view.setObjectName("chat_web")
        view.loadFinished.connect(self._web_loaded)
        view.page().renderProcessTerminated.connect(self._web_crashed)
        self.addWidget(view)
        self.setCurrentWidget(view)
        return view

    def schedule(self) -> None:
        """Render soon (streaming): many pieces in a short time become one update."""
        if not self._timer.isActive():
            self._timer.start(RENDER_INTERVAL_MS)

    def render_next(self) -> None:
        """Render once the event loop is back (after the handler that changed the transcript
        has returned), so a click's work and the page update are two short steps, not one."""
        self._timer.start(0)

    def render_now(self) -> None:
        """Show the transcript as it is now."""
        self._timer.stop()
        self.render_count += 1
        shown = (self.transcript.version, self.typeset, self.dark, self.font_size)
        if self._web is not None and shown == self._shown:
            # Only the reply in progress has grown: replace it in place, not the whole page.
            if not self._loading:
                self._update_live()
            return
        self._shown = shown
        page = self.transcript.html(typeset=self.typeset, dark=self.dark, font_size=self.font_size)
        if self._web is not None:
            self._loading = True
            self._load_page(page)
            return
        bar = self._text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self._text.setHtml(page)
        if at_end:
            bar.setValue(bar.maximum())
        self.rendered.emit()

    def plain_text(self) -> str:
        """What the chat says, as text (the transcript; the web page shows the same)."""
        return self.transcript.plain_text()

    def selected_text(self) -> str:
        """The text the student has selected in the chat, if any."""
        if self._web is not None:
            return str(self._web.selectedText())
        return self._text.textCursor().selectedText()

    def _load_page(self, page: str) -> None:
        """Show a page in the web view, through a file when it is too long for setHtml."""
        data = page.encode("utf-8")
        if len(data) <= SET_HTML_LIMIT:
            self._web.setHtml(page)
            return
        try:
            if self._page_dir is None:
                self._page_dir = Path(tempfile.mkdtemp(prefix="tutor-chat-"))
            path = self._page_dir / "chat.html"
            path.write_bytes(data)
        except OSError as exc:  # a full disk: keep going in the plain view
            self.fall_back(f"The conversation is too long to typeset here ({exc}).")
            return
        self._web.load(QUrl.fromLocalFile(str(path)))

    def _update_live(self) -> None:
        """Put the reply in progress into the loaded page (a script the page itself cannot run)."""
        body = self.transcript.live_html(typeset=True)
        if body is None or self._web is None:
            self.rendered.emit()
            return
        from PySide6.QtWebEngineCore import QWebEngineScript

        script = (
            f"(function() {{ var live = document.getElementById({json.dumps(LIVE_ID)});"
            " if (!live) return;"
            " var atEnd = window.innerHeight + window.scrollY >= document.body.scrollHeight - 48;"
            f" live.innerHTML = {json.dumps(body)};"
            " if (atEnd) window.scrollTo(0, document.body.scrollHeight); })();"
        )
        world = QWebEngineScript.ScriptWorldId.ApplicationWorld
        self._web.page().runJavaScript(script, world, lambda _result: self.rendered.emit())

    def _web_loaded(self, ok: bool) -> None:
        self._loading = False
        if ok and self._web is not None:
            self._web.page().runJavaScript("window.scrollTo(0, document.body.scrollHeight);")
            if self.transcript.streaming() is not None:
                self._update_live()  # pieces that arrived while the page loaded
                return
        self.rendered.emit()

    def _web_crashed(self, *_args: object) -> None:
        self.fall_back("The maths display stopped working; maths is now shown as LaTeX text.")

    def fall_back(self, why: str) -> None:
        """Switch to the plain view (LaTeX source) and keep going."""
        if self._web is None:
            return
        log.warning("the typeset maths view fell back to text: %s", why)
        web, self._web = self._web, None
        self._loading, self._shown = False, None
        self.removeWidget(web)
        web.deleteLater()
        self.setCurrentWidget(self._text)
        self.fell_back.emit(why)
        self.render_now()

    def shutdown(self) -> None:
        """Delete the web page before the application goes away (avoids a profile warning)."""
        self._timer.stop()
        if self._web is not None:
            web, self._web = self._web, None
            self.removeWidget(web)
            web.deleteLater()
        # Run the pending deletions now: a page outliving its profile at exit is a Qt warning.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if self._page_dir is not None:
            shutil.rmtree(self._page_dir, ignore_errors=True)
            self._page_dir = None
