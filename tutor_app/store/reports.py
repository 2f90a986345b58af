"""Report figures for a teacher, aggregated by SQLite itself (GROUP BY, window functions).

Every query reads one scope: a class, every class, or one student, and an optional range of
local calendar days. The figures come from the student's own record (evidence: answers, their
own checked work, hints) and from the tutor's checked attempts, so a new kind of evidence adds
to them without a new query. Mastery is the current level, whatever the range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from tutor_app.errors import StoreError
from tutor_app.store.failures import explain_database_error

# How SQLAlchemy stores a UTC moment in SQLite; bounds compare as text in this same form.
STORED_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
# Bounds for an open range (so indexes are still used); not number-like, or the columns'
# NUMERIC affinity would turn them into numbers, which sort before all text.
_EARLIEST, _LATEST = "0000-01-01", "9999-12-31"


@dataclass(frozen=True)
class ReportScope:
    """Whose work a report covers and when: `start` and `end` are local calendar days, both
    included; None leaves that side open. No class and no student: every student."""

    class_id: str | None = None
    student_id: str | None = None
    start: date | None = None
    end: date | None = None
    include_archived: bool = False

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise StoreError(
                f"The report's range starts ({self.start}) after it ends ({self.end})."
            )

    def utc_bounds(self) -> tuple[str, str]:
        """[from, to) as stored UTC text: local midnight of `start`, local midnight after `end`."""
        return (
            _stored(self.start) if self.start else _EARLIEST,
            _stored(self.end + timedelta(days=1)) if self.end else _LATEST,
        )


@dataclass(frozen=True)
class StudentRow:
    """A student in a report's scope."""

    id: str
    name: str
    student_number: str
    class_name: str  # '' for a student in no class


@dataclass(frozen=True)
class SkillFigures:
    """One student's work on one skill within the range, as the database counts it."""

    student_id: str
    skill: str
    problems: int = 0  # distinct problems answered (practice or own work)
    answers: int = 0  # answers that were marked right or wrong
    right_answers: int = 0
    first_tries: int = 0  # problems whose first answer falls in the range
    first_try_right: int = 0  # ... right, and without a hint
    hints: tuple[int, int, int, int] = (0, 0, 0, 0)  # hints taken at levels 1 to 4
    seconds: float = 0.0  # time on tasks the evidence records
    active_seconds: float = 0.0  # that, and gaps of at most the active gap before each row
    last_practised: datetime | None = None
    mistakes: tuple[tuple[str, int], ...] = ()  # the checker's names, most frequent first (3)
    questions: int = 0  # questions the tutor worked (attempts)
    verified: int = 0
    contradicted: int = 0
    unverifiable: int = 0
    steps_checked: int = 0  # lines of those attempts the checker judged
    mastery: float | None = None  # the Knowledge Tracing level now (whatever the range)
    mastery_evidence: int = 0

    @property
    def bottom_out_hints(self) -> int:
        """Hints that showed the full worked solution (level 4)."""
        return self.hints[3]


@dataclass(frozen=True)
class ActivityFigures:
    """One student's activity: active seconds in the range and local days with any work."""

    student_id: str
    active_seconds: float = 0.0
    days: frozenset[date] = field(default_factory=frozenset)  # up to the range's end


@dataclass(frozen=True)
class ClassFigures:
    """Everything the dashboard shows for a scope, read in one pass."""

    students: list[StudentRow]
    skills: list[SkillFigures]
    activity: list[ActivityFigures]


@dataclass(frozen=True)
class SessionFigures:
    """One tutoring session that started within the range."""

    id: str
    student_id: str
    student_name: str
    class_name: str
    started_at: datetime
    title: str
    questions: int  # what the student asked (their messages)
    verified: int
    contradicted: int
    unverifiable: int
    steps_checked: int
    practice_right: int
    practice_answers: int
    hints: int
    active_seconds: float


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as connection:
            yield connection
    except SQLAlchemyError as error:
        raise StoreError(explain_database_error(error)) from error


def _stored(day: date) -> str:
    """Local midnight at the start of `day`, as stored UTC text."""
    local = datetime.combine(day, time()).astimezone()  # this computer's zone, as streaks use
    return local.astimezone(timezone.utc).strftime(STORED_FORMAT)


def _moment(value: str | datetime) -> datetime:
    """A stored time (SQLite gives UTC text, PostgreSQL a datetime) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def _count(condition: str) -> str:
    """SQL counting the rows where a condition holds (SQLite and PostgreSQL alike)."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


# The parameters are cast so that PostgreSQL knows their type when they are NULL.
_SCOPE = """
    SELECT s.id FROM students s
    WHERE (CAST(:class_id AS VARCHAR(36)) IS NULL OR s.class_id = :class_id)
      AND (CAST(:student_id AS VARCHAR(36)) IS NULL OR s.id = :student_id)
      AND (CAST(:archived AS BOOLEAN) OR NOT s.archived)
"""


def _params(engine: Engine, scope: ReportScope, **more: Any) -> dict[str, Any]:
    start, end = scope.utc_bounds()
    params = {
        "class_id": scope.class_id, "student_id": scope.student_id,
        "archived": scope.include_archived, "start": start, "end": end, **more,
    }  # fmt: skip
    if engine.dialect.name == "postgresql":  # times as times, not SQLite's stored text
        for key in ("start", "end", "since"):
            if key in params:
                params[key] = _bound(params[key])
    return params


def _bound(stored: str) -> datetime:
    """A bound of a range, given as stored text, as an aware datetime."""
    if stored == _EARLIEST:
        return datetime.min.replace(tzinfo=timezone.utc)
    if stored == _LATEST:
        return datetime.max.replace(tzinfo=timezone.utc)
    return _moment(stored)


def students_in(engine: Engine, scope: ReportScope) -> list[StudentRow]:
    """The students a report covers, by class and then by name."""
    sql = f"""
        SELECT s.id, s.name, s.student_number, coalesce(c.name, '') FROM students s
        LEFT JOIN classes c ON c.id = s.class_id WHERE s.id IN ({_SCOPE})
        ORDER BY coalesce(c.name, ''), s.name
    """
    with _reading(engine) as db:
        return [StudentRow(*row) for row in db.execute(text(sql), _params(engine, scope))]


# Each row's gap to the student's previous work (at most the active gap, else 0) and whether
# it is their first answer to its problem are kept with the row (migration 0008), so every
# figure is one grouped pass over the student's rows in the range.
_EVIDENCE = f"""
    SELECT student_id, skill,
        count(DISTINCT CASE WHEN kind != 'hint' THEN problem END),
        {_count("kind != 'hint' AND correct IS NOT NULL")},
        {_count("kind != 'hint' AND correct = TRUE")},
        {_count("kind = 'hint' AND hint_level = 1")}, {_count("kind = 'hint' AND hint_level = 2")},
        {_count("kind = 'hint' AND hint_level = 3")}, {_count("kind = 'hint' AND hint_level = 4")},
        sum(seconds), max(created_at), {_count("first_try = TRUE")},
        {_count("first_try = TRUE AND correct = TRUE AND hint_level = 0")},
        sum(seconds + active_gap)
    FROM evidence WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
    GROUP BY student_id, skill
"""
_MISTAKES = f"""
    SELECT student_id, skill, mistake, count(*) AS times FROM evidence
    WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
        AND mistake != ''
    GROUP BY student_id, skill, mistake ORDER BY times DESC, mistake
"""
_ATTEMPTS = f"""
    SELECT student_id, skill, count(*), {_count("status = 'verified'")},
        {_count("status = 'contradicted'")}, {_count("status = 'unverifiable'")},
        sum(steps_checked), sum(active_gap)
    FROM attempts
    WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
    GROUP BY student_id, skill
"""
_MASTERY = f"SELECT student_id, skill, level, evidence FROM mastery WHERE student_id IN ({_SCOPE})"
# Local days with work, from :since to the range's end (for streaks). SQLite knows this
# computer's zone ('localtime'); PostgreSQL gives each minute with work, turned into a local
# day here.
_WORK_TIMES = """
        SELECT student_id, created_at FROM evidence
        WHERE student_id IN ({scope}) AND created_at >= :since AND created_at < :end
        UNION ALL
        SELECT student_id, created_at FROM attempts
        WHERE student_id IN ({scope}) AND created_at >= :since AND created_at < :end"""
_DAYS = {
    "sqlite": f"SELECT DISTINCT student_id, date(created_at, 'localtime') FROM ("
    f"{_WORK_TIMES.format(scope=_SCOPE)}) AS work",
    "postgresql": f"SELECT DISTINCT student_id, date_trunc('minute', created_at) FROM ("
    f"{_WORK_TIMES.format(scope=_SCOPE)}) AS work",
}
RECENT_DAYS = 42  # streaks are read from these last days first; longer ones read everything


def skill_figures(engine: Engine, scope: ReportScope) -> list[SkillFigures]:
    """Per student and skill: answers, first tries, hints, time, mistakes, attempts, mastery.

    The student's own work and the tutor's attempts are read at the same time, on two
    connections (SQLite lets go of Python's lock while it works), then put together.
    """
    params = _params(engine, scope)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="report") as pool:
        attempts = pool.submit(_attempt_figures, engine, params)
        found = _evidence_figures(engine, params)
        for key, values in attempts.result().items():
            mine = found[key]
            mine["active_seconds"] = mine.get("active_seconds", 0.0) + values.pop("active_gaps")
            mine.update(values)
    return [SkillFigures(sid, skill, **values) for (sid, skill), values in sorted(found.items())]


Figures = dict[tuple[str, str], dict[str, Any]]  # (student id, skill) -> SkillFigures fields


def _evidence_figures(engine: Engine, params: dict[str, Any]) -> Figures:
    found: Figures = defaultdict(dict)
    with _reading(engine) as db:
        for sid, skill, *row in db.execute(text(_EVIDENCE), params):
            found[sid, skill].update(
                problems=row[0], answers=row[1], right_answers=row[2],
                hints=tuple(row[3:7]), seconds=row[7], last_practised=_moment(row[8]),
                first_tries=row[9], first_try_right=row[10], active_seconds=row[11],
            )  # fmt: skip
        mistakes: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for sid, skill, mistake, times in db.execute(text(_MISTAKES), params):
            mistakes[sid, skill].append((mistake, times))
    for key, named in mistakes.items():
        found[key]["mistakes"] = tuple(named[:3])
    return found


def _attempt_figures(engine: Engine, params: dict[str, Any]) -> Figures:
    found: Figures = defaultdict(dict)
    with _reading(engine) as db:
        for sid, skill, *row in db.execute(text(_ATTEMPTS), params):
            found[sid, skill].update(
                questions=row[0], verified=row[1], contradicted=row[2], unverifiable=row[3],
                steps_checked=row[4], active_gaps=row[5],
            )  # fmt: skip
        for sid, skill, level, evidence in db.execute(text(_MASTERY), params):
            values = found[sid, skill]
            values.update(mastery=level, mastery_evidence=evidence)
            values.setdefault("active_gaps", 0.0)
    return found


def class_figures(engine: Engine, scope: ReportScope, today: date | None = None) -> ClassFigures:
    """The students, their figures per skill and their activity (days with work up to the
    range's end, or up to `today` for an open range), each query run once."""
    students = students_in(engine, scope)
    skills = skill_figures(engine, scope)
    last = scope.end or today or date.today()
    return ClassFigures(students, skills, _activity(engine, scope, skills, last))


def _activity(
    engine: Engine, scope: ReportScope, skills: list[SkillFigures], last: date
) -> list[ActivityFigures]:
    seconds: dict[str, float] = defaultdict(float)
    for figures in skills:  # a student's skills add up to their active time
        seconds[figures.student_id] += figures.active_seconds
    days = _days(engine, scope, last, RECENT_DAYS)
    if any(_unbroken_since(seen, last, RECENT_DAYS) for seen in days.values()):
        days = _days(engine, scope, last, None)  # a streak as long as the window: read it all
    return [
        ActivityFigures(sid, seconds.get(sid, 0.0), frozenset(days.get(sid, ())))
        for sid in sorted(seconds.keys() | days.keys())
    ]


def _unbroken_since(days: set[date], last: date, back: int) -> bool:
    """Whether there was work on every day of the `back` days before `last` (or before the
    day before it, which a streak also allows)."""
    return any(
        all(end - timedelta(days=n) in days for n in range(back))
        for end in (last, last - timedelta(days=1))
    )


def _days(
    engine: Engine, scope: ReportScope, last: date, recent: int | None
) -> dict[str, set[date]]:
    """Each student's local days with work up to the range's end: the `recent` days before
    `last`, or all of them (None)."""
    since = _stored(last - timedelta(days=recent)) if recent is not None else _EARLIEST
    days: dict[str, set[date]] = defaultdict(set)
    with _reading(engine) as db:
        sql = text(_DAYS[engine.dialect.name])
        for sid, day in db.execute(sql, _params(engine, scope, since=since)):
            if isinstance(day, datetime):  # PostgreSQL: a minute with work, in UTC
                days[sid].add(day.astimezone().date())
            else:
                days[sid].add(date.fromisoformat(day))
    return days


_SESSIONS = f"""
    WITH chosen AS (
        SELECT id, student_id, started_at, title FROM tutoring_sessions
        WHERE student_id IN ({_SCOPE}) AND started_at >= :start AND started_at < :end),
    worked AS (
        SELECT session_id, {_count("status = 'verified'")} AS verified,
            {_count("status = 'contradicted'")} AS contradicted,
            {_count("status = 'unverifiable'")} AS unverifiable,
            sum(steps_checked) AS steps, sum(active_gap) AS seconds
        FROM attempts WHERE session_id IN (SELECT id FROM chosen) GROUP BY session_id),
    answered AS (
        SELECT session_id, {_count("kind != 'hint' AND correct = TRUE")} AS right_answers,
            {_count("kind != 'hint' AND correct IS NOT NULL")} AS answers,
            {_count("kind = 'hint'")} AS hints, sum(seconds + active_gap) AS seconds
        FROM evidence WHERE session_id IN (SELECT id FROM chosen) GROUP BY session_id),
    asked AS (
        SELECT session_id, count(*) AS questions FROM messages
        WHERE role = 'user' AND session_id IN (SELECT id FROM chosen) GROUP BY session_id)
    SELECT t.id, t.student_id, s.name, coalesce(c.name, ''), t.started_at, t.title,
        coalesce(asked.questions, 0), coalesce(w.verified, 0), coalesce(w.contradicted, 0),
        coalesce(w.unverifiable, 0), coalesce(w.steps, 0), coalesce(e.right_answers, 0),
        coalesce(e.answers, 0), coalesce(e.hints, 0),
        coalesce(w.seconds, 0) + coalesce(e.seconds, 0)
    FROM chosen t JOIN students s ON s.id = t.student_id
    LEFT JOIN classes c ON c.id = s.class_id
    LEFT JOIN worked w ON w.session_id = t.id LEFT JOIN answered e ON e.session_id = t.id
    LEFT JOIN asked ON asked.session_id = t.id
    ORDER BY coalesce(c.name, ''), s.name, t.started_at
"""


def session_figures(engine: Engine, scope: ReportScope) -> list[SessionFigures]:
    """One row per tutoring session started in the range, by class, student and time; its
    active time is the work's own time and the gaps of at most 2 minutes before each piece."""
    with _reading(engine) as db:
        rows = db.execute(text(_SESSIONS), _params(engine, scope)).all()
    return [_session(list(row)) for row in rows]


def _session(values: list[Any]) -> SessionFigures:
    values[4] = _moment(values[4])  # started_at
    return SessionFigures(*values)
