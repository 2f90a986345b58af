"""Record what a student does as evidence, keep their mastery from it, and say what comes next.

Every answer, piece of checked work and hint is stored as its own row; mastery is replayed from
those rows (`mastery.replay`), so it never drifts from the record and can be recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from tutor_app.store.records import EvidenceRecord, MasteryRecord, StoredEvidence
from tutor_app.tutor.mastery import PROFICIENT, Evidence, SkillState, replay
from tutor_app.tutor.skills import BY_KEY, SKILLS, name_of, unlocked

BOTTOM_OUT = 4  # the hint level that shows the full worked solution
ACTIVE_GAP = timedelta(minutes=2)  # a pause longer than this is not time on the task


def as_evidence(rows: list[StoredEvidence]) -> list[Evidence]:
    """The answers among a student's rows, as Knowledge Tracing reads them (hints are help)."""
    return [
        Evidence(
            row.skill,
            bool(row.correct),
            row.created_at or datetime.now(timezone.utc),
            bottom_out=row.hint_level >= BOTTOM_OUT,
        )  # fmt: skip
        for row in rows
        if row.kind != "hint" and row.correct is not None
    ]


def record(store: Any, item: EvidenceRecord) -> SkillState | None:
    """Save one piece of evidence with the skill's new mastery; the skill's state after it."""
    if item.kind == "hint" or item.correct is None or item.skill not in BY_KEY:
        store.record_evidence(item)
        return None
    earlier = as_evidence(store.evidence(item.student_id, item.skill))
    now = item.created_at or datetime.now(timezone.utc)
    new = Evidence(item.skill, item.correct, now, bottom_out=item.hint_level >= BOTTOM_OUT)
    state = replay([*earlier, new])[item.skill]
    store.record_evidence(item, mastery_of(item.student_id, state))
    return state


def mastery_of(student_id: str, state: SkillState) -> MasteryRecord:
    """The store's record of a skill's state."""
    return MasteryRecord(
        student_id, state.skill, min(1.0, state.p_known), state.opportunities,
        datetime.now(timezone.utc), state.last_practised, state.mastered_at, state.reviews_passed,
    )  # fmt: skip


def recompute(store: Any, student_id: str) -> dict[str, SkillState]:
    """Replay a student's whole record and save the mastery it gives (after new parameters)."""
    states = replay(as_evidence(store.evidence(student_id)))
    store.set_mastery(mastery_of(student_id, state) for state in states.values())
    return states


@dataclass
class Progress:
    """A student's progress, computed from their record."""

    states: dict[str, SkillState]
    streak_days: int
    active_minutes: float
    recent: list[StoredEvidence] = field(default_factory=list)
    hints_by_level: dict[int, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A plain dictionary for `tutor-app progress --json`."""
        return {
            "skills": [
                {
                    "skill": skill.key,
                    "name": skill.name,
                    "band": self.states[skill.key].band if skill.key in self.states else
                    "Not started",
                    "mastery": round(self.states[skill.key].p_known, 3)
                    if skill.key in self.states else None,
                    "answers": self.states[skill.key].opportunities
                    if skill.key in self.states else 0,
                }
                for skill in SKILLS
            ],
            "streak_days": self.streak_days,
            "active_minutes": round(self.active_minutes, 1),
            "hints_by_level": self.hints_by_level,
            "recent": [
                {"skill": r.skill, "kind": r.kind, "problem": r.problem, "correct": r.correct,
                 "at": r.created_at.isoformat() if r.created_at else None}
                for r in self.recent
            ],
        }  # fmt: skip


def progress(store: Any, student_id: str, now: datetime | None = None) -> Progress:
    """Mastery per skill, the day streak, active minutes, hints taken and recent work."""
    rows = store.evidence(student_id)
    now = now or datetime.now(timezone.utc)
    hints: dict[int, int] = {}
    for row in rows:
        if row.kind == "hint":
            hints[row.hint_level] = hints.get(row.hint_level, 0) + 1
    return Progress(
        states=replay(as_evidence(rows)),
        streak_days=streak(rows, now),
        active_minutes=active_minutes(rows),
        recent=list(reversed(rows[-10:])),
        hints_by_level=hints,
    )


def streak(rows: list[StoredEvidence], now: datetime) -> int:
    """Days in a row, up to today (or yesterday), with some practice: the computer's own days."""
    days = {_local(row.created_at).date() for row in rows if row.created_at is not None}
    day = _local(now).date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _local(moment: datetime) -> datetime:
    """A stored moment on this computer's clock (stored times are UTC; naive ones too)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()


def active_minutes(rows: list[StoredEvidence]) -> float:
    """Minutes spent on tasks: each row's own seconds, and gaps between rows of under 2 minutes."""
    times = sorted(row.created_at for row in rows if row.created_at is not None)
    gaps = sum(
        ((b - a).total_seconds() for a, b in zip(times, times[1:]) if b - a <= ACTIVE_GAP), 0.0
    )
    return (gaps + sum(row.seconds for row in rows)) / 60


def next_skills(states: dict[str, SkillState], now: datetime, count: int = 3) -> list[str]:
    """What to practise next: reviews that are due, then the weakest started skills whose
    prerequisites are known well enough (proficient), then new skills in the map's order."""
    due = [key for key, state in states.items() if state.due(now)]
    known = {key for key, state in states.items() if state.p_known >= PROFICIENT}
    open_skills = [
        skill.key
        for skill in SKILLS
        if skill.key not in due and unlocked(skill.key, known)
        and (skill.key not in states or states[skill.key].mastered_at is None)
    ]  # fmt: skip
    open_skills.sort(key=lambda k: (k not in states, states[k].p_known if k in states else 0.0))
    return (due + open_skills)[:count]


def describe(state: SkillState | None, key: str) -> str:
    """One line for a skill: its name, band and mastery."""
    if state is None:
        return f"{name_of(key)}: Not started"
    return f"{name_of(key)}: {state.band} ({state.p_known:.0%}, {state.opportunities} answers)"
