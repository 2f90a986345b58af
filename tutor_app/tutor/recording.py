"""Store a worked solution as a session, its messages, and an attempt with every step's verdict."""

from __future__ import annotations

from tutor_app.store.records import AttemptRecord, StepRecord
from tutor_app.store.repository import Store
from tutor_app.tutor.skills import skill_of
from tutor_app.tutor.solution import WorkedSolution


def attempt_record(
    solution: WorkedSolution, student_id: str, session_id: str | None
) -> AttemptRecord:
    """Turn a worked solution into the store's attempt record."""
    steps = tuple(
        StepRecord(
            position=step.number,
            text=step.text,
            math=step.math or "",
            status=step.status,
            reason=step.reason if not step.note else f"{step.reason} ({step.note})",
            counterexample=step.counterexample,
        )
        for step in solution.steps
    )
    return AttemptRecord(
        student_id=student_id,
        session_id=session_id,
        problem=solution.problem,
        skill=skill_of(solution.skill),  # a skill of the map, or 'general'
        final_answer=solution.final_answer,
        cas_answer=solution.cas_answer,
        status="cancelled" if solution.cancelled else solution.status,
        attempts_used=len(solution.samples),
        duration_s=solution.duration_s,
        model_name=solution.model_name,
        steps=steps,
        answer_status=solution.chosen.answer_status,
        answer_reason=solution.chosen.answer_reason,
        worked_by=solution.worked_by,
    )


def record_solution(store: Store, student_name: str, solution: WorkedSolution) -> str:
    """Save the question, the chosen solution and the attempt together; return the attempt id."""
    student = store.student(student_name)
    record = attempt_record(solution, student.id, None)
    _, attempt_id = store.record_exchange(record, solution.problem, solution.shown_text)
    return attempt_id
