"""Finding a student's past sessions: full-text search (SQLite's FTS5 or PostgreSQL's text
search, else LIKE) and their summaries."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, String, select, text
from sqlalchemy.orm import Session

from tutor_app.store.records import SessionSummary
from tutor_app.store.schema import Attempt, Message, TutoringSession

# The FTS5 table of migration 0002 (absent where SQLite has no FTS5: then search uses LIKE).
SEARCH_TABLE = "message_search"
MAX_SEARCH_WORDS = 8
WORDS = re.compile(r"[^\W_]+")  # letters and digits, as the FTS5 tokenizer cuts words


def sessions_with(word: str, n: int, full_text: bool, dialect: str = "sqlite") -> Any:
    """A subquery of the ids of sessions with a message containing this word."""
    if dialect == "postgresql":
        # A word starting with this one, lower-cased and without accents, as FTS5 finds it;
        # migration 0009 made the functions and indexes the words.
        matches = text(f"tutor_message_words(messages.content) @@ tutor_word_prefix(:w{n})")
        return select(Message.session_id).where(matches.bindparams(**{f"w{n}": word}))
    if full_text:
        phrase = '"' + word.replace('"', '""') + '"*'  # a quoted prefix: no FTS5 syntax leaks in
        sql = f"SELECT session_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :w{n}"
        return text(sql).bindparams(**{f"w{n}": f"content : {phrase}"}).columns(session_id=String)
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return select(Message.session_id).where(Message.content.ilike(f"%{escaped}%", escape="\\"))


def summaries(session: Session, query: Select[Any], limit: int) -> list[SessionSummary]:
    """Summaries of the sessions a query selects, newest first, with every answer's status."""
    ordered = query.order_by(TutoringSession.started_at.desc(), TutoringSession.id.desc())
    rows = list(session.scalars(ordered.limit(limit)))
    statuses: dict[str, str] = {}
    counts: dict[str, int] = {}
    by_status: dict[str, dict[str, int]] = {}
    if rows:
        attempts = (
            select(Attempt.session_id, Attempt.status)
            .where(Attempt.session_id.in_([row.id for row in rows]))
            .order_by(Attempt.created_at, Attempt.id)
        )
        for session_id, status in session.execute(attempts):
            assert session_id is not None  # selected by session id
            statuses[session_id] = status  # oldest first, so the newest one stays
            counts[session_id] = counts.get(session_id, 0) + 1
            tally = by_status.setdefault(session_id, {})
            tally[status] = tally.get(status, 0) + 1
    return [
        SessionSummary(row.id, row.title, row.started_at, statuses.get(row.id, ""),
                       counts.get(row.id, 0), by_status.get(row.id, {}))
        for row in rows
    ]  # fmt: skip
