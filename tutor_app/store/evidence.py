"""The student's evidence and the mastery computed from it: the Store's progress part."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor_app.store.records import EvidenceRecord, MasteryRecord, StoredEvidence
from tutor_app.store.schema import Evidence, Mastery, Student, new_id, utc_now

_EVIDENCE_FIELDS = (
    "student_id", "skill", "kind", "problem", "correct", "hint_level", "seconds", "answer",
    "mistake", "session_id", "created_at",
)  # fmt: skip


class EvidenceStore:
    """Evidence rows and mastery rows; mixed into Store, whose transactions it uses."""

    def _transaction(self, *, write: bool) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _require(self, session: Session, model: Any, row_id: str, what: str) -> Any:
        raise NotImplementedError

    def record_evidence(self, record: EvidenceRecord, mastery: MasteryRecord | None = None) -> str:
        """Save one piece of evidence and, with it, the skill's new mastery; the evidence id."""
        with self._transaction(write=True) as session:
            student = self._require(session, Student, record.student_id, "student")
            now = utc_now()
            values = {name: getattr(record, name) for name in _EVIDENCE_FIELDS}
            values["created_at"] = record.created_at or now
            row = Evidence(id=new_id(), **values)
            session.add(row)
            if mastery is not None:
                _save_mastery(session, mastery)
            student.last_active_at = now
            return row.id

    def evidence(self, student_id: str, skill: str | None = None) -> list[StoredEvidence]:
        """A student's evidence, oldest first (one skill's, when given)."""
        query = select(Evidence).where(Evidence.student_id == student_id)
        if skill is not None:
            query = query.where(Evidence.skill == skill)
        query = query.order_by(Evidence.created_at, Evidence.id)
        with self._transaction(write=False) as session:
            return [_stored(row) for row in session.scalars(query)]

    def mastery(self, student_id: str) -> list[MasteryRecord]:
        """A student's mastery of every skill they have evidence for, by skill name."""
        query = select(Mastery).where(Mastery.student_id == student_id).order_by(Mastery.skill)
        with self._transaction(write=False) as session:
            return [mastery_record(row) for row in session.scalars(query)]

    def set_mastery(self, records: Iterable[MasteryRecord]) -> None:
        """Replace mastery rows with recomputed ones (after the model's parameters change)."""
        with self._transaction(write=True) as session:
            for record in records:
                _save_mastery(session, record)


def _save_mastery(session: Session, record: MasteryRecord) -> None:
    query = select(Mastery).where(
        Mastery.student_id == record.student_id, Mastery.skill == record.skill
    )
    row = session.scalars(query).one_or_none()
    if row is None:
        row = Mastery(id=new_id(), student_id=record.student_id, skill=record.skill)
        session.add(row)
    row.level, row.evidence = record.level, record.evidence
    row.last_practised, row.mastered_at = record.last_practised, record.mastered_at
    row.reviews_passed, row.updated_at = record.reviews_passed, utc_now()


def mastery_record(row: Mastery) -> MasteryRecord:
    """The record of a mastery row."""
    return MasteryRecord(
        row.student_id, row.skill, row.level, row.evidence, row.updated_at, row.last_practised,
        row.mastered_at, row.reviews_passed,
    )  # fmt: skip


def _stored(row: Evidence) -> StoredEvidence:
    return StoredEvidence(**{name: getattr(row, name) for name in _EVIDENCE_FIELDS}, id=row.id)
