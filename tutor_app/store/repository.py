"""The Store: every read and write of progress data, one transaction per user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine, Select, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from tutor_app.errors import StoreError
from tutor_app.store.classes import ClassStore, clean_name, student_record
from tutor_app.store.evidence import EvidenceStore
from tutor_app.store.failures import explain_database_error
from tutor_app.store.records import (
    ATTEMPT_FIELDS,
    MESSAGE_ROLES,
    AttemptRecord,
    SessionSummary,
    StepRecord,
    StoredAttempt,
    StudentRecord,
)
from tutor_app.store.schema import (
    Attempt,
    Base,
    Message,
    StepCheck,
    Student,
    TutoringSession,
    new_id,
    utc_now,
)
from tutor_app.store.search import MAX_SEARCH_WORDS, SEARCH_TABLE, WORDS, sessions_with, summaries

# Read by the SQLite "begin" hook in database.py: writers take the lock up front (BEGIN IMMEDIATE)
# so two writers queue on busy_timeout instead of failing when a read lock cannot be upgraded.
WRITE_OPTION = "tutor_write"

_Row = TypeVar("_Row", bound=Base)


class Store(EvidenceStore, ClassStore):
    """Students, conversations, attempts and mastery, kept in one database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._full_text: bool | None = None  # whether the FTS5 table exists, once known

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for report export and tests."""
        return self._engine

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Session]:
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                if write:
                    session.connection(execution_options={WRITE_OPTION: True})
                yield session
        except SQLAlchemyError as error:
            raise StoreError(explain_database_error(error)) from error

    def _require(self, session: Session, model: type[_Row], row_id: str, what: str) -> _Row:
        row = session.get(model, row_id)
        if row is None:
            raise StoreError(f"That {what} is no longer in the progress database.")
        return row

    def student(self, name: str) -> StudentRecord:
        """Get the student with this name, creating them if new."""
        clean = clean_name(name, "student")
        # Writers take turns (BEGIN IMMEDIATE on SQLite, a lock on PostgreSQL), so two
        # computers adding the same new student make one row, not two.
        with self._transaction(write=True) as session:
            row = session.scalars(select(Student).where(Student.name == clean)).one_or_none()
            if row is None:
                now = utc_now()
                row = Student(
                    id=new_id(), name=clean, created_at=now, last_active_at=now, updated_at=now
                )
                session.add(row)
            return student_record(row)

    def students(
        self, *, archived: bool = False, class_id: str | None = None
    ) -> list[StudentRecord]:
        """Students, most recently active first: those not archived (all, with `archived`),
        of one class when `class_id` is given."""
        query = select(Student).order_by(Student.last_active_at.desc(), Student.name)
        if not archived:
            query = query.where(Student.archived.is_(False))
        if class_id is not None:
            query = query.where(Student.class_id == class_id)
        with self._transaction(write=False) as session:
            return [student_record(row) for row in session.scalars(query)]

    def rename_student(self, student_id: str, new_name: str) -> StudentRecord:
        """Give a student a new name, refusing one another student already has."""
        clean = clean_name(new_name, "student")
        with self._transaction(write=True) as session:
            row = self._require(session, Student, student_id, "student")
            taken = session.scalars(select(Student.id).where(Student.name == clean)).first()
            if taken is not None and taken != student_id:
                raise StoreError(f"Another student is already called {clean!r}.")
            row.name, row.updated_at = clean, utc_now()
            return student_record(row)

    def start_session(self, student_id: str, title: str) -> str:
        """Begin a tutoring session for a student and return its id."""
        with self._transaction(write=True) as session:
            student = self._require(session, Student, student_id, "student")
            now = utc_now()
            row = TutoringSession(id=new_id(), student_id=student_id, title=title, started_at=now)
            session.add(row)
            student.last_active_at = now
            return row.id

    def add_message(self, session_id: str, role: str, content: str) -> str:
        """Append one turn to a session's conversation and return its id."""
        if role not in MESSAGE_ROLES:
            raise ValueError(f"role must be one of {sorted(MESSAGE_ROLES)}: {role!r}")
        with self._transaction(write=True) as session:
            tutoring = self._require(session, TutoringSession, session_id, "session")
            now = utc_now()
            row = Message(
                id=new_id(), session_id=session_id, role=role, content=content, created_at=now
            )
            session.add(row)
            self._require(session, Student, tutoring.student_id, "student").last_active_at = now
            return row.id

    def messages(self, session_id: str) -> list[tuple[str, str]]:
        """A session's conversation as (role, content) pairs, oldest first."""
        query = (
            select(Message.role, Message.content)
            .where(Message.session_id == session_id)
            .order_by(Message.created_at, Message.id)
        )
        with self._transaction(write=False) as session:
            return [(role, content) for role, content in session.execute(query)]

    def record_attempt(self, record: AttemptRecord) -> str:
        """Store an attempt and all its step checks in one transaction and return its id."""
        with self._transaction(write=True) as session:
            student = self._require(session, Student, record.student_id, "student")
            if record.session_id is not None:
                self._require(session, TutoringSession, record.session_id, "session")
            now = utc_now()
            row = _attempt_row(record, record.session_id, now)
            session.add(row)
            student.last_active_at = now
            return row.id

    def record_exchange(
        self, record: AttemptRecord, question: str, reply: str, session_id: str | None = None
    ) -> tuple[str, str]:
        """Store the question, the reply and the attempt in one transaction.

        They go into `session_id` (which must be this student's) or, when None, into a new
        session titled by the question. Returns (session id, attempt id); the record's own
        session_id is ignored.
        """
        with self._transaction(write=True) as session:
            student = self._require(session, Student, record.student_id, "student")
            now = utc_now()
            if session_id is None:
                tutoring = TutoringSession(
                    id=new_id(), student_id=student.id, title=question[:80], started_at=now
                )
                session.add(tutoring)
                session.flush()  # the session row must exist before rows that point at it
            else:
                tutoring = self._require(session, TutoringSession, session_id, "session")
                if tutoring.student_id != student.id:
                    raise StoreError("That session belongs to another student.")
            for role, content in (("user", question), ("assistant", reply)):
                session.add(
                    Message(
                        id=new_id(),
                        session_id=tutoring.id,
                        role=role,
                        content=content,
                        created_at=utc_now(),
                    )
                )
            row = _attempt_row(record, tutoring.id, now)
            session.add(row)
            student.last_active_at = now
            return tutoring.id, row.id

    def sessions(self, student_id: str, limit: int = 200) -> list[SessionSummary]:
        """A student's tutoring sessions, newest first."""
        query = select(TutoringSession).where(TutoringSession.student_id == student_id)
        with self._transaction(write=False) as session:
            return summaries(session, query, limit)

    def search_sessions(self, student_id: str, text: str, limit: int = 200) -> list[SessionSummary]:
        """A student's sessions in which every word of `text` occurs, newest first.

        Words match the start of a word in any message (full-text search with SQLite FTS5),
        or anywhere in a message where this SQLite has no FTS5. Empty text lists them all;
        text with no word in it (only punctuation) finds none.
        """
        words = WORDS.findall(text)[:MAX_SEARCH_WORDS]
        if text.strip() and not words:
            return []
        query = select(TutoringSession).where(TutoringSession.student_id == student_id)
        with self._transaction(write=False) as session:
            full_text = self._has_full_text(session)
            dialect = self._engine.dialect.name
            for n, word in enumerate(words):
                found = sessions_with(word, n, full_text, dialect)
                query = query.where(TutoringSession.id.in_(found))
            return summaries(session, query, limit)

    def _has_full_text(self, session: Session) -> bool:
        if self._engine.dialect.name != "sqlite":
            return False  # PostgreSQL searches its own way (search.sessions_with)
        if self._full_text is None:
            found = session.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": SEARCH_TABLE},
            ).first()
            self._full_text = self._engine.dialect.name == "sqlite" and found is not None
        return self._full_text

    def attempts(self, student_id: str, limit: int = 100) -> list[StoredAttempt]:
        """A student's latest attempts with their steps, newest first."""
        newest_first = (Attempt.created_at.desc(), Attempt.id.desc())
        query = select(Attempt).where(Attempt.student_id == student_id).order_by(*newest_first)
        return self._attempts(query.limit(limit))

    def session_attempts(self, session_id: str) -> list[StoredAttempt]:
        """The attempts made in one tutoring session with their steps, oldest first."""
        query = select(Attempt).where(Attempt.session_id == session_id)
        return self._attempts(query.order_by(Attempt.created_at, Attempt.id))

    def _attempts(self, query: Select[Attempt]) -> list[StoredAttempt]:
        """The attempts a query selects, each with its steps (loaded in one more query)."""
        with self._transaction(write=False) as session:
            rows = session.scalars(query.options(selectinload(Attempt.steps)))
            return [_stored_attempt(row) for row in rows]

    def integrity_check(self) -> str:
        """SQLite's own consistency check of the file: 'ok' when it is sound."""
        if self._engine.dialect.name != "sqlite":
            return "ok"
        with self._transaction(write=False) as session:
            rows = session.execute(text("PRAGMA integrity_check")).scalars().all()
        return "\n".join(str(row) for row in rows)

    def close(self) -> None:
        """Close every connection to the database."""
        self._engine.dispose()


def _attempt_row(record: AttemptRecord, session_id: str | None, now: datetime) -> Attempt:
    columns = {name: getattr(record, name) for name in ATTEMPT_FIELDS if name != "steps"}
    columns.update(session_id=session_id, id=new_id(), created_at=now)
    return Attempt(**columns, steps=[_step_row(step) for step in record.steps])


def _step_row(step: StepRecord) -> StepCheck:
    return StepCheck(
        id=new_id(),
        position=step.position,
        text=step.text,
        math=step.math,
        status=step.status,
        reason=step.reason,
        counterexample=step.counterexample,
    )


def _stored_attempt(row: Attempt) -> StoredAttempt:
    columns = {name: getattr(row, name) for name in ATTEMPT_FIELDS if name != "steps"}
    steps = tuple(
        StepRecord(s.position, s.text, s.math, s.status, s.reason, s.counterexample)
        for s in row.steps
    )
    return StoredAttempt(**columns, steps=steps, id=row.id, created_at=row.created_at)
