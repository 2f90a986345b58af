"""Mastery by Bayesian Knowledge Tracing: hand-computed updates, bands, review, replay."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tutor_app.tutor.mastery import Evidence, SkillState, band, replay, update
from tutor_app.tutor.skills import BY_KEY, SKILLS, skill_of, unlocked

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)
LINEAR = BY_KEY["linear_equations"]  # prior 0.2, learn 0.15, slip 0.1, guess 0.1


def test_a_right_answer_by_hand() -> None:
    # P(known | right) = 0.2*0.9 / (0.2*0.9 + 0.8*0.1) = 0.18/0.26; then learning
    after_evidence = 0.18 / 0.26
    expected = after_evidence + (1 - after_evidence) * 0.15
    assert update(0.2, True, LINEAR) == pytest.approx(expected)
    assert update(0.2, True, LINEAR) == pytest.approx(0.738461538, abs=1e-9)


def test_a_wrong_answer_by_hand() -> None:
    # P(known | wrong) = 0.2*0.1 / (0.2*0.1 + 0.8*0.9) = 0.02/0.74; then learning
    after_evidence = 0.02 / 0.74
    assert update(0.2, False, LINEAR) == pytest.approx(after_evidence + (1 - after_evidence) * 0.15)


def test_an_answer_after_the_full_solution_is_not_evidence_of_knowing() -> None:
    # only the chance to learn: 0.2 + 0.8*0.15
    assert update(0.2, True, LINEAR, bottom_out=True) == pytest.approx(0.32)
    assert update(0.2, True, LINEAR, bottom_out=True) < update(0.2, True, LINEAR)


@pytest.mark.parametrize(
    ("p", "seen", "expected"),
    [(0.3, 0, "Not started"), (0.3, 2, "Attempted"), (0.5, 2, "Familiar"),
     (0.8, 3, "Proficient"), (0.95, 5, "Mastered"), (0.949, 5, "Proficient")],
)  # fmt: skip
def test_bands(p: float, seen: int, expected: str) -> None:
    assert band(p, seen) == expected


def test_replaying_the_record_gives_the_same_mastery_step_by_step() -> None:
    answers = [True, False, True, True, True, True]
    evidence = [Evidence("linear_equations", right, T0 + timedelta(minutes=i))
                for i, right in enumerate(answers)]  # fmt: skip
    p = LINEAR.prior
    for right in answers:
        p = update(p, right, LINEAR)
    state = replay(reversed(evidence))["linear_equations"]  # order of arrival does not matter
    assert state.p_known == pytest.approx(p)
    assert state.opportunities == 6 and state.last_practised == T0 + timedelta(minutes=5)


def test_a_mastered_skill_comes_back_after_growing_gaps() -> None:
    evidence = [Evidence("fractions", True, T0 + timedelta(minutes=i)) for i in range(8)]
    state = replay(evidence)["fractions"]
    assert state.band == "Mastered" and state.mastered_at is not None
    first_gap = state.next_review() - state.last_practised  # type: ignore[operator]
    review = Evidence("fractions", True, state.next_review())  # type: ignore[arg-type]
    kept = replay([*evidence, review])["fractions"]
    second_gap = kept.next_review() - kept.last_practised  # type: ignore[operator]
    assert second_gap > first_gap
    assert state.due(T0 + timedelta(days=2)) and not kept.due(T0 + timedelta(days=2))


def test_a_skill_forgotten_after_mastery_has_to_be_mastered_again() -> None:
    evidence = [Evidence("fractions", True, T0 + timedelta(minutes=i)) for i in range(8)]
    evidence += [Evidence("fractions", False, T0 + timedelta(days=3, minutes=i)) for i in range(8)]
    state = replay(evidence)["fractions"]
    assert state.mastered_at is None and state.next_review() is None
    assert state.band == "Familiar"


def test_a_state_never_mastered_has_no_review() -> None:
    state = SkillState("fractions", 0.4, 3, T0)
    assert state.next_review() is None and not state.due(T0 + timedelta(days=400))


def test_the_skill_map_covers_the_curriculum_and_its_order() -> None:
    names = {s.key for s in SKILLS}
    assert {"fractions", "linear_equations", "quadratics", "derivatives", "probability"} <= names
    for skill in SKILLS:
        assert all(p in names for p in skill.prerequisites)
    assert unlocked("fractions", set()) and not unlocked("quadratics", {"polynomials"})
    assert unlocked("quadratics", {"polynomials", "linear_equations"})
    assert skill_of("quadratic equations") == "quadratics" and skill_of(None) == "general"
