"""The history panel: the current student's past sessions, newest first, with full-text search."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from tutor_app.store.records import SessionSummary

ID_ROLE = Qt.ItemDataRole.UserRole
# Typing pauses this long before the database is searched: one search per word, not per key.
SEARCH_DELAY_MS = 250
STATUS_MARKS = {"verified": "✔", "contradicted": "✘", "cancelled": "■", "unverifiable": "?"}
STATUS_WORDS = {
    "verified": "was verified",
    "contradicted": "had a mistake",
    "cancelled": "was stopped",
    "unverifiable": "could not be fully checked",
}


def session_mark(session: SessionSummary) -> str:
    """The whole session's mark: ✘ if any answer had a mistake, ✔ only if every one verified."""
    counts = session.status_counts or ({session.status: 1} if session.status else {})
    if not counts:
        return "·"
    for status in ("contradicted", "unverifiable", "cancelled"):
        if counts.get(status):
            return STATUS_MARKS[status]
    return STATUS_MARKS["verified"]


def describe_session(session: SessionSummary) -> str:
    """What the session's mark stands for, in words (its tooltip)."""
    if session.attempts == 0:
        return "No checked answer in this session."
    if session.attempts == 1:
        return f"1 answer: it {STATUS_WORDS.get(session.status, 'has no verdict')}."
    counts = session.status_counts or {session.status: session.attempts}
    parts = [
        f"{count} {STATUS_WORDS.get(status, 'had no verdict').replace('was ', '')}"
        for status, count in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    return f"{session.attempts} answers: " + ", ".join(parts) + "."


class HistoryPanel(QWidget):
    """Lists sessions the window loads; asks for a search (Ctrl+F) when the query changes."""

    session_chosen = Signal(str)
    search_requested = Signal(str)  # the query, once typing pauses

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[SessionSummary] = []
        self.search = QLineEdit()
        self.search.setObjectName("history_search")
        self.search.setPlaceholderText("Search past sessions (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_DELAY_MS)
        self._pause.timeout.connect(lambda: self.search_requested.emit(self.query()))
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.empty = QLabel("")
        self.empty.setObjectName("history_empty")
        self.empty.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("history")
        # A long title ends in "…" rather than a sideways scroll bar under the list.
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Past sessions"))
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def query(self) -> str:
        """The search text now in the box (empty: every session)."""
        return self.search.text().strip()

    def set_sessions(self, query: str, sessions: list[SessionSummary]) -> bool:
        """Show the sessions found for `query`; False (ignored) when the search box moved on."""
        if query != self.query():
            return False
        self.sessions = sessions
        self.list.clear()
        for session in sessions:
            when = session.started_at.astimezone().strftime("%d %b %H:%M")
            mark = session_mark(session)
            count = f" · {session.attempts} answers" if session.attempts > 1 else ""
            item = QListWidgetItem(f"{mark} {session.title}\n{when}{count}")
            item.setData(ID_ROLE, session.id)
            item.setToolTip(describe_session(session))
            self.list.addItem(item)
        if sessions:
            self.empty.hide()
        else:
            self.empty.setText(f"No session mentions “{query}”." if query else "No sessions yet.")
            self.empty.show()
        return True

    def shown_titles(self) -> list[str]:
        """Titles of the sessions listed now."""
        return [self.list.item(i).text().split("\n")[0][2:] for i in range(self.list.count())]

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    def _chosen(self, item: QListWidgetItem) -> None:
        self.session_chosen.emit(item.data(ID_ROLE))
