"""A student's progress from their stored record: mastery replayed, streak, time, next skills."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord
from tutor_app.store.repository import Store
from tutor_app.tutor.mastery import Evidence, SkillState, replay, update
from tutor_app.tutor.progress import (
    active_minutes,
    next_skills,
    progress,
    recompute,
    record,
    streak,
)
from tutor_app.tutor.skills import BY_KEY

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def answer(student_id: str, skill: str, right: bool, minute: int, **more: object) -> EvidenceRecord:
    at = T0 + timedelta(minutes=minute)
    return EvidenceRecord(student_id, skill, "practice", f"p{minute}", right, created_at=at,
                          **more)  # type: ignore[arg-type]  # fmt: skip


def test_recorded_answers_update_mastery_as_by_hand_and_replay_gives_the_stored_value(
    store: Store,
) -> None:
    ann = store.student("Ann").id
    answers = [True, False, True, True]
    for minute, right in enumerate(answers):
        record(store, answer(ann, "linear_equations", right, minute))
    record(store, EvidenceRecord(ann, "linear_equations", "hint", "p9", hint_level=2))
    p = BY_KEY["linear_equations"].prior
    for right in answers:
        p = update(p, right, BY_KEY["linear_equations"])
    [stored] = store.mastery(ann)
    assert stored.level == pytest.approx(p) and stored.evidence == 4  # the hint is not an answer
    assert stored.last_practised is not None
    replayed = recompute(store, ann)["linear_equations"]
    assert replayed.p_known == pytest.approx(stored.level)
    assert store.mastery(ann)[0].level == pytest.approx(p)


def test_an_answer_after_the_full_solution_counts_only_as_a_chance_to_learn(store: Store) -> None:
    ann, ben = store.student("Ann").id, store.student("Ben").id
    record(store, answer(ann, "fractions", True, 0))
    record(store, answer(ben, "fractions", True, 0, hint_level=4))
    assert store.mastery(ben)[0].level < store.mastery(ann)[0].level
    prior = BY_KEY["fractions"]
    assert store.mastery(ben)[0].level == pytest.approx(
        prior.prior + (1 - prior.prior) * prior.learn
    )


def test_unknown_skills_and_hints_are_kept_without_mastery(store: Store) -> None:
    ann = store.student("Ann").id
    assert record(store, EvidenceRecord(ann, "not_a_skill", "practice", "p", True)) is None
    assert record(store, EvidenceRecord(ann, "fractions", "hint", "p", hint_level=1)) is None
    assert store.mastery(ann) == [] and len(store.evidence(ann)) == 2


def test_progress_reports_streak_time_hints_and_every_skill(store: Store) -> None:
    ann = store.student("Ann").id
    for day in range(3):  # three days in a row, two answers a minute apart each day
        for minute in (0, 1):
            record(store, answer(ann, "fractions", True, day * 24 * 60 + minute, seconds=20.0))
    record(store, EvidenceRecord(ann, "fractions", "hint", "p", hint_level=2,
                                 created_at=T0 + timedelta(days=2, minutes=5)))  # fmt: skip
    now = T0 + timedelta(days=2, hours=3)
    seen = progress(store, ann, now)
    assert seen.streak_days == 3
    # 3 one-minute gaps + 6 answers of 20 s; the 4-minute gap before the hint is not counted
    assert seen.active_minutes == pytest.approx(3 + 6 * 20 / 60)
    assert seen.hints_by_level == {2: 1}
    out = seen.to_json()
    assert len(out["skills"]) == len(BY_KEY)
    fractions = next(s for s in out["skills"] if s["skill"] == "fractions")
    assert fractions["answers"] == 6 and fractions["band"] == "Mastered"
    untouched = next(s for s in out["skills"] if s["skill"] == "integrals")
    assert untouched == {"skill": "integrals", "name": untouched["name"], "band": "Not started",
                         "mastery": None, "answers": 0}  # fmt: skip
    assert out["recent"][0]["kind"] == "hint"  # newest first


def test_a_streak_needs_today_or_yesterday() -> None:
    rows = [
        type("Row", (), {"created_at": T0 + timedelta(days=d), "seconds": 0.0})() for d in (0, 1)
    ]
    assert streak(rows, T0 + timedelta(days=2)) == 2  # yesterday still counts
    assert streak(rows, T0 + timedelta(days=3)) == 0
    assert active_minutes([]) == 0


def test_the_queue_puts_due_reviews_first_then_weak_skills_whose_prerequisites_are_met() -> None:
    mastered = replay([Evidence("fractions", True, T0 + timedelta(minutes=i)) for i in range(8)])[
        "fractions"
    ]
    assert mastered.mastered_at is not None
    states = {"fractions": mastered}
    soon = T0 + timedelta(hours=1)
    queue = next_skills(states, soon, count=20)
    assert "fractions" not in queue  # mastered and not yet due
    assert all(set(BY_KEY[k].prerequisites) <= {"fractions"} for k in queue), (
        "a skill was offered before its prerequisites were known"
    )
    later = T0 + timedelta(days=2)
    assert next_skills(states, later)[0] == "fractions"  # the review is due


def test_weakest_open_skill_comes_first() -> None:
    weak = SkillState("fractions", 0.3, 3, T0)
    queue = next_skills({"fractions": weak}, T0, count=20)
    assert queue[0] == "fractions"
