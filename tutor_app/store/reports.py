"""Report figures for a teacher, aggregated by SQLite itself (GROUP BY, window functions).

Every query reads one scope: a class, every class, or one student, and an optional range of
local calendar days. The figures come from the student's own record (evidence: answers, their
own checked work, hints) and from the tutor's checked attempts, so a new kind of evidence adds
to them without a new query. Mastery is the current level, whatever the range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
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


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


_SCOPE = """
    SELECT s.id FROM students s
    WHERE (:class_id IS NULL OR s.class_id = :class_id)
      AND (:student_id IS NULL OR s.id = :student_id)
      AND (:archived OR NOT s.archived)
"""


def _params(scope: ReportScope, **more: Any) -> dict[str, Any]:
    start, end = scope.utc_bounds()
    return {
        "class_id": scope.class_id, "student_id": scope.student_id,
        "archived": scope.include_archived, "start": start, "end": end, **more,
    }  # fmt: skip


def students_in(engine: Engine, scope: ReportScope) -> list[StudentRow]:
    """The students a report covers, by class and then by name."""
    sql = f"""
        SELECT s.id, s.name, s.student_number, coalesce(c.name, '') FROM students s
        LEFT JOIN classes c ON c.id = s.class_id WHERE s.id IN ({_SCOPE})
        ORDER BY coalesce(c.name, ''), s.name
    """
    with _reading(engine) as db:
        return [StudentRow(*row) for row in db.execute(text(sql), _params(scope))]


_EVIDENCE = f"""
    SELECT student_id, skill,
        count(DISTINCT CASE WHEN kind != 'hint' THEN problem END),
        sum(kind != 'hint' AND correct IS NOT NULL), sum(kind != 'hint' AND correct = 1),
        sum(kind = 'hint' AND hint_level = 1), sum(kind = 'hint' AND hint_level = 2),
        sum(kind = 'hint' AND hint_level = 3), sum(kind = 'hint' AND hint_level = 4),
        sum(seconds), max(created_at)
    FROM evidence WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
    GROUP BY student_id, skill
"""
# A problem's first answer ever (not the first within the range), when it falls in the range.
_FIRST_TRIES = f"""
    SELECT student_id, skill, count(*), sum(correct = 1 AND hint_level = 0) FROM (
        SELECT student_id, skill, correct, hint_level, created_at, row_number() OVER (
            PARTITION BY student_id, skill, problem ORDER BY created_at, id) AS n
        FROM evidence WHERE student_id IN ({_SCOPE}) AND kind != 'hint'
            AND correct IS NOT NULL AND created_at < :end)
    WHERE n = 1 AND created_at >= :start GROUP BY student_id, skill
"""
_MISTAKES = f"""
    SELECT student_id, skill, mistake, count(*) AS times FROM evidence
    WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
        AND mistake != ''
    GROUP BY student_id, skill, mistake ORDER BY times DESC, mistake
"""
_ATTEMPTS = f"""
    SELECT student_id, skill, count(*), sum(status = 'verified'), sum(status = 'contradicted'),
        sum(status = 'unverifiable'),
        sum((SELECT count(*) FROM step_checks c WHERE c.attempt_id = a.id))
    FROM attempts a
    WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
    GROUP BY student_id, skill
"""
_MASTERY = f"SELECT student_id, skill, level, evidence FROM mastery WHERE student_id IN ({_SCOPE})"
# Work rows of both kinds in the range, in order per student, each with the gap before it;
# a gap counts for the skill of the row after it, so a student's skills add up to their total.
_ACTIVE = f"""
    SELECT student_id, skill, sum(seconds) + sum(CASE WHEN gap <= :gap THEN gap ELSE 0 END)
    FROM (
        SELECT student_id, skill, seconds,
            (moment - lag(moment) OVER (PARTITION BY student_id ORDER BY moment)) * 86400.0 AS gap
        FROM (
            SELECT student_id, skill, seconds, julianday(created_at) AS moment FROM evidence
            WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end
            UNION ALL
            SELECT student_id, skill, 0.0, julianday(created_at) FROM attempts
            WHERE student_id IN ({_SCOPE}) AND created_at >= :start AND created_at < :end))
    GROUP BY student_id, skill
"""
_DAYS = f"""
    SELECT DISTINCT student_id, date(created_at, 'localtime') FROM (
        SELECT student_id, created_at FROM evidence
        WHERE student_id IN ({_SCOPE}) AND created_at < :end
        UNION ALL
        SELECT student_id, created_at FROM attempts
        WHERE student_id IN ({_SCOPE}) AND created_at < :end)
"""


def skill_figures(engine: Engine, scope: ReportScope, active_gap: timedelta) -> list[SkillFigures]:
    """Per student and skill: answers, first tries, hints, time, mistakes, attempts, mastery.

    Gaps of at most `active_gap` between work rows count as active time.
    """
    params = _params(scope, gap=active_gap.total_seconds())
    found: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    with _reading(engine) as db:
        for sid, skill, *row in db.execute(text(_EVIDENCE), params):
            found[sid, skill].update(
                problems=row[0], answers=row[1], right_answers=row[2],
                hints=tuple(row[3:7]), seconds=row[7], last_practised=_moment(row[8]),
            )  # fmt: skip
        for sid, skill, tries, right in db.execute(text(_FIRST_TRIES), params):
            found[sid, skill].update(first_tries=tries, first_try_right=right)
        mistakes: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for sid, skill, mistake, times in db.execute(text(_MISTAKES), params):
            mistakes[sid, skill].append((mistake, times))
        for key, named in mistakes.items():
            found[key]["mistakes"] = tuple(named[:3])
        for sid, skill, *row in db.execute(text(_ATTEMPTS), params):
            found[sid, skill].update(
                questions=row[0], verified=row[1], contradicted=row[2], unverifiable=row[3],
                steps_checked=row[4],
            )  # fmt: skip
        for sid, skill, seconds in db.execute(text(_ACTIVE), params):
            found[sid, skill]["active_seconds"] = seconds
        for sid, skill, level, evidence in db.execute(text(_MASTERY), params):
            found[sid, skill].update(mastery=level, mastery_evidence=evidence)
    return [SkillFigures(sid, skill, **values) for (sid, skill), values in sorted(found.items())]


def class_figures(engine: Engine, scope: ReportScope, active_gap: timedelta) -> ClassFigures:
    """The students, their figures per skill and their activity, each query run once."""
    students = students_in(engine, scope)
    skills = skill_figures(engine, scope, active_gap)
    return ClassFigures(students, skills, _activity(engine, scope, skills))


def activity(engine: Engine, scope: ReportScope, active_gap: timedelta) -> list[ActivityFigures]:
    """Per student: active seconds in the range and the local days with work up to its end."""
    return _activity(engine, scope, skill_figures(engine, scope, active_gap))


def _activity(
    engine: Engine, scope: ReportScope, skills: list[SkillFigures]
) -> list[ActivityFigures]:
    seconds: dict[str, float] = defaultdict(float)
    for figures in skills:  # a student's skills add up to their active time
        seconds[figures.student_id] += figures.active_seconds
    days: dict[str, set[date]] = defaultdict(set)
    with _reading(engine) as db:
        for sid, day in db.execute(text(_DAYS), _params(scope)):
            days[sid].add(date.fromisoformat(day))
    return [
        ActivityFigures(sid, seconds.get(sid, 0.0), frozenset(days.get(sid, ())))
        for sid in sorted(seconds.keys() | days.keys())
    ]


_SESSIONS = f"""
    WITH chosen AS (
        SELECT id, student_id, started_at, title FROM tutoring_sessions
        WHERE student_id IN ({_SCOPE}) AND started_at >= :start AND started_at < :end),
    worked AS (
        SELECT session_id, sum(status = 'verified') AS verified,
            sum(status = 'contradicted') AS contradicted,
            sum(status = 'unverifiable') AS unverifiable,
            sum((SELECT count(*) FROM step_checks c WHERE c.attempt_id = a.id)) AS steps
        FROM attempts a WHERE session_id IN (SELECT id FROM chosen) GROUP BY session_id),
    answered AS (
        SELECT session_id, sum(kind != 'hint' AND correct = 1) AS right_answers,
            sum(kind != 'hint' AND correct IS NOT NULL) AS answers,
            sum(kind = 'hint') AS hints, sum(seconds) AS seconds
        FROM evidence WHERE session_id IN (SELECT id FROM chosen) GROUP BY session_id),
    asked AS (
        SELECT session_id, count(*) AS questions FROM messages
        WHERE role = 'user' AND session_id IN (SELECT id FROM chosen) GROUP BY session_id),
    moments AS (
        SELECT session_id, created_at FROM messages
        WHERE session_id IN (SELECT id FROM chosen)
        UNION ALL SELECT session_id, created_at FROM evidence
        WHERE session_id IN (SELECT id FROM chosen)),
    gaps AS (
        SELECT session_id, (julianday(created_at) - julianday(lag(created_at)
            OVER (PARTITION BY session_id ORDER BY created_at))) * 86400.0 AS gap
        FROM moments),
    active AS (
        SELECT session_id, sum(CASE WHEN gap <= :gap THEN gap ELSE 0 END) AS seconds
        FROM gaps GROUP BY session_id)
    SELECT t.id, t.student_id, s.name, coalesce(c.name, ''), t.started_at, t.title,
        coalesce(asked.questions, 0), coalesce(w.verified, 0), coalesce(w.contradicted, 0),
        coalesce(w.unverifiable, 0), coalesce(w.steps, 0), coalesce(e.right_answers, 0),
        coalesce(e.answers, 0), coalesce(e.hints, 0),
        coalesce(active.seconds, 0) + coalesce(e.seconds, 0)
    FROM chosen t JOIN students s ON s.id = t.student_id
    LEFT JOIN classes c ON c.id = s.class_id
    LEFT JOIN worked w ON w.session_id = t.id LEFT JOIN answered e ON e.session_id = t.id
    LEFT JOIN asked ON asked.session_id = t.id LEFT JOIN active ON active.session_id = t.id
    ORDER BY coalesce(c.name, ''), s.name, t.started_at
"""


def session_figures(
    engine: Engine, scope: ReportScope, active_gap: timedelta
) -> list[SessionFigures]:
    """One row per tutoring session started in the range, by class, student and time."""
    params = _params(scope, gap=active_gap.total_seconds())
    with _reading(engine) as db:
        rows = db.execute(text(_SESSIONS), params).all()
    return [_session(list(row)) for row in rows]


def _session(values: list[Any]) -> SessionFigures:
    values[4] = _moment(values[4])  # started_at
    return SessionFigures(*values)
