"""A synthetic class for trying the teacher's views, screenshots and the report benchmark.

Each student has an ability, a habit of coming on school days, a way of taking hints and a few
favourite mistakes. They meet the skills in the map's order over the year and come back to
earlier ones; what they know grows with practice and fades between sittings (forgetting), and
their answers are right with the probability Knowledge Tracing assumes (slip and guess). Every
sitting is a tutoring session: questions the tutor works and checks line by line, practice
answers, hints up to the worked solution, and now and then their own working with a named
mistake. Mastery is replayed from the generated evidence, as the app would have kept it.
The same seed gives the same class.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from tutor_app.store.bulk import insert_rows
from tutor_app.store.records import StoredEvidence
from tutor_app.tutor.mastery import replay
from tutor_app.tutor.practice import Problem, generate
from tutor_app.tutor.progress import BOTTOM_OUT, as_evidence, mastery_of
from tutor_app.tutor.skills import SKILLS

FIRST = (
    "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gabriel", "Hana", "Ibrahim", "Jade",
    "Kofi", "Léa", "Mateo", "Nia", "Oisín", "Priya", "Quentin", "Rosa", "Sami", "Tomás",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Aiyana", "Björn", "Carmen", "Dara",
    "Émile", "Freya", "Giulia", "Hugo", "Ines", "Jonas", "Kaito", "Lucía", "Malik", "Noor",
)  # fmt: skip
LAST = (
    "Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fernández", "García", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Patel",
    "Quinn", "Rossi", "Schmidt", "Tanaka", "Ünal", "Van der Berg", "Wójcik", "Xu", "Yilmaz",
    "Zhang", "Okafor", "Mensah", "Novak", "Silva",
)  # fmt: skip
MISTAKES = (
    "sign_error", "not_distributed", "dropped_term", "divided_by_zero", "lost_root",
    "gained_root", "arithmetic",
)  # fmt: skip  # the checker's names (tutor_app.verify.steps.mistakes.KINDS)
PROBLEMS_PER_SKILL = 16
STATUSES = (("verified", 0.70), ("contradicted", 0.15), ("unverifiable", 0.12), ("cancelled", 0.03))
MODEL = "Phi-4-mini-instruct (demo)"


@dataclass(frozen=True)
class DemoClass:
    """What was generated for one class."""

    class_id: str
    name: str
    students: int
    days: int
    sessions: int
    attempts: int
    step_checks: int
    evidence: int
    messages: int


@dataclass
class _Learner:
    """A generated student: who they are and what they know of each skill now."""

    id: str
    ability: float  # about N(0, 1)
    coming: float  # how likely they sit down on a school day
    hinting: float  # how likely a wrong answer sends them to the hints
    mistakes: list[float]  # weights of MISTAKES: their habits
    pace: float  # how far through the skill map the year takes them (1: all of it)
    practising: float  # how likely a question to the tutor is followed by a practice problem
    known: dict[str, float] = field(default_factory=dict)
    seen: dict[str, datetime] = field(default_factory=dict)


@dataclass
class _Rows:
    """The rows of every table, collected for one bulk insert."""

    ids: random.Random  # seeded, so a seed gives the same ids
    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {
            name: []
            for name in (
                "students", "tutoring_sessions", "messages", "attempts", "step_checks",
                "evidence", "mastery",
            )
        }
    )  # fmt: skip

    def add(self, table: str, **values: Any) -> str:
        """Add one row with a new id; the id."""
        values.setdefault("id", str(uuid.UUID(int=self.ids.getrandbits(128), version=4)))
        self.tables[table].append(values)
        return str(values["id"])


def fill_demo_class(
    store: Any,
    *,
    class_name: str = "Demo class",
    students: int = 35,
    days: int = 180,
    seed: int = 0,
    today: date | None = None,
) -> DemoClass:
    """Add a class of synthetic students with `days` days of work ending today; what was made."""
    if students < 1 or days < 1:
        raise ValueError("a demo class needs at least one student and one day")
    rng = random.Random(seed)
    school_class = store.add_class(class_name)
    taken = {row.name for row in store.students(archived=True)}
    rows = _Rows(random.Random(seed + 1))
    learners = [_learner(rng, rows, school_class.id, taken) for _ in range(students)]
    pool = {s.key: [generate(s.key, seed * 1000 + n) for n in range(PROBLEMS_PER_SKILL)]
            for s in SKILLS}  # fmt: skip
    end = today or date.today()
    first = end - timedelta(days=days - 1)
    for learner in learners:
        for day in _school_days(first, end):
            if rng.random() < learner.coming:
                _sitting(rng, rows, learner, pool, day, learner.pace * (day - first).days / days)
        _mastery(rows, learner)
    for row, learner in zip(rows.tables["students"], learners):
        row["last_active_at"] = max(learner.seen.values(), default=row["created_at"])
    insert_rows(store.engine, rows.tables)
    t = rows.tables
    return DemoClass(
        school_class.id, school_class.name, students, days, len(t["tutoring_sessions"]),
        len(t["attempts"]), len(t["step_checks"]), len(t["evidence"]), len(t["messages"]),
    )  # fmt: skip


def _learner(rng: random.Random, rows: _Rows, class_id: str, taken: set[str]) -> _Learner:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    while name in taken:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
    taken.add(name)
    now = datetime.now(timezone.utc)
    number = f"S{rng.randrange(10**5):05d}"
    sid = rows.add(
        "students", name=name, class_id=class_id, student_number=number, archived=False,
        created_at=now, last_active_at=now, updated_at=now,
    )  # fmt: skip
    ability = rng.gauss(0, 1)
    return _Learner(
        sid, ability, rng.uniform(0.35, 0.9), rng.uniform(0.2, 0.9),
        [rng.gammavariate(0.6, 1) for _ in MISTAKES],
        pace=min(1.0, max(0.45, 0.8 + 0.2 * ability + rng.uniform(-0.1, 0.1))),
        practising=rng.uniform(0.08, 0.45),
    )  # fmt: skip


def _school_days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _topic(rng: random.Random, through_year: float) -> str:
    """This week's skill in the map's order, or (one time in four) an earlier one to review."""
    reached = min(len(SKILLS) - 1, int(through_year * len(SKILLS)))
    index = rng.randint(0, reached) if rng.random() < 0.25 else reached
    return SKILLS[index].key


def _knowledge(learner: _Learner, skill: str, now: datetime) -> float:
    """What they know of a skill now: what they knew, faded since they last practised it."""
    known = learner.known.get(skill, 0.05 + 0.1 * _sigmoid(learner.ability))
    if skill in learner.seen:
        half_life = 15 + 20 * (learner.ability + 2)  # days; stronger students forget slower
        age = (now - learner.seen[skill]).total_seconds() / 86400
        known *= 0.5 ** (max(0.0, age) / max(5.0, half_life))
    return known


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _sitting(
    rng: random.Random, rows: _Rows, learner: _Learner, pool: dict[str, list[Problem]],
    day: date, through_year: float,
) -> None:  # fmt: skip
    """One sitting: a session of questions to the tutor, practice answers, hints, own work."""
    hour = rng.choice((9, 10, 11, 13, 14, 17, 19))
    local = datetime.combine(day, time(hour, rng.randrange(60))).astimezone()
    clock = [local.astimezone(timezone.utc)]
    skill = _topic(rng, through_year)
    problems = pool[skill]
    asked = rng.choice(problems)
    session = rows.add("tutoring_sessions", student_id=learner.id, title=asked.question[:80],
                       started_at=clock[0])  # fmt: skip

    def tick(low: float = 40, high: float = 110) -> datetime:
        pause = rng.uniform(180, 600) if rng.random() < 0.08 else rng.uniform(low, high)
        clock[0] += timedelta(seconds=pause)
        return clock[0]

    for _ in range(rng.randint(12, 30)):
        _question(rng, rows, learner.id, session, skill, asked, tick())
        asked = rng.choice(problems)
        if rng.random() < learner.practising:
            _practice(rng, rows, learner, session, skill, rng.choice(problems), tick)
    if rng.random() < 0.3:
        _own_work(rng, rows, learner, session, skill, rng.choice(problems), tick())


def _question(
    rng: random.Random, rows: _Rows, student: str, session: str, skill: str, problem: Problem,
    at: datetime,
) -> None:  # fmt: skip
    """A question the tutor worked: the exchange, the attempt and its checked lines."""
    rows.add("messages", session_id=session, role="user", content=problem.question, created_at=at)
    status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
    reply = f"The answer is ${problem.answer}$."
    rows.add("messages", session_id=session, role="assistant", content=reply, created_at=at)
    attempt = rows.add(
        "attempts", student_id=student, session_id=session, problem=problem.question, skill=skill,
        final_answer=problem.answer, cas_answer=problem.answer, status=status,
        answer_status="not_equivalent" if status == "contradicted" else "equivalent",
        answer_reason="", attempts_used=rng.randint(1, 3), duration_s=rng.uniform(2, 25),
        model_name=MODEL, worked_by="cas" if rng.random() < 0.3 else "model", created_at=at,
    )  # fmt: skip
    lines = list(problem.steps) or [problem.question, problem.answer]
    count = rng.randint(4, 9)
    wrong = rng.randrange(1, count) if status == "contradicted" else -1
    for position in range(count):
        line = lines[min(position, len(lines) - 1)]
        verdict = "invalid" if position == wrong else rng.choices(
            ("valid", "unknown", "restates"), (0.85, 0.1, 0.05))[0]  # fmt: skip
        rows.add(
            "step_checks", attempt_id=attempt, position=position, text=line, math=line,
            status=verdict, reason="does not follow" if verdict == "invalid" else "follows",
            counterexample="x = 1" if verdict == "invalid" else None,
        )  # fmt: skip


def _practice(
    rng: random.Random, rows: _Rows, learner: _Learner, session: str, skill: str,
    problem: Problem, tick: Any,
) -> None:  # fmt: skip
    """A practice problem: answers until right (or given up), with hints when stuck."""
    level = 0
    for _ in range(3):
        at = tick()
        right = _answer(rng, learner, skill, at, bottom_out=level >= BOTTOM_OUT)
        answer = problem.answer if right else (problem.wrong or ("?",))[0]
        _evidence(rows, learner, session, skill, problem, at, kind="practice", correct=right,
                  hint_level=level, seconds=rng.uniform(15, 100), answer=answer)  # fmt: skip
        if right or rng.random() > learner.hinting:
            return
        top = min(BOTTOM_OUT, level + rng.choice((1, 1, 2, 4)))
        for rung in range(level + 1, top + 1):
            _evidence(rows, learner, session, skill, problem, tick(5, 40), kind="hint",
                      hint_level=rung)  # fmt: skip
        level = top


def _own_work(
    rng: random.Random, rows: _Rows, learner: _Learner, session: str, skill: str,
    problem: Problem, at: datetime,
) -> None:  # fmt: skip
    """Their own working checked line by line: right, or wrong with a named mistake."""
    right = _answer(rng, learner, skill, at)
    mistake = "" if right else rng.choices(MISTAKES, learner.mistakes)[0]
    _evidence(rows, learner, session, skill, problem, at, kind="own_work", correct=right,
              seconds=rng.uniform(60, 300), mistake=mistake, answer=problem.answer)  # fmt: skip


def _answer(
    rng: random.Random, learner: _Learner, skill: str, at: datetime, bottom_out: bool = False
) -> bool:
    """Right with Knowledge Tracing's odds (slip 0.1, guess 0.1); then they learn a little."""
    known = _knowledge(learner, skill, at)
    right = rng.random() < (known * 0.9 + (1 - known) * (0.6 if bottom_out else 0.1))
    learn = 0.04 + 0.06 * _sigmoid(learner.ability) + (0.04 if not right else 0.0)
    learner.known[skill], learner.seen[skill] = known + (1 - known) * learn, at
    return right


def _evidence(
    rows: _Rows, learner: _Learner, session: str, skill: str, problem: Problem, at: datetime,
    **values: Any,
) -> None:  # fmt: skip
    values = {"correct": None, "hint_level": 0, "seconds": 0.0, "answer": "", "mistake": "",
              **values}  # fmt: skip
    rows.add("evidence", student_id=learner.id, session_id=session, skill=skill,
             problem=problem.question, created_at=at, **values)  # fmt: skip


def _mastery(rows: _Rows, learner: _Learner) -> None:
    """Their mastery, replayed from the evidence generated for them as the app keeps it."""
    mine = [
        StoredEvidence(row["student_id"], row["skill"], row["kind"], row["problem"],
                       row["correct"], row["hint_level"], created_at=row["created_at"], id="")
        for row in rows.tables["evidence"] if row["student_id"] == learner.id
    ]  # fmt: skip
    for state in replay(as_evidence(mine)).values():
        record = mastery_of(learner.id, state)
        rows.add(
            "mastery", student_id=learner.id, skill=record.skill, level=record.level,
            evidence=record.evidence, updated_at=record.updated_at,
            last_practised=record.last_practised, mastered_at=record.mastered_at,
            reviews_passed=record.reviews_passed,
        )  # fmt: skip
