"""Classroom data at the tutor's level: a class merged with its students' mastery replayed."""

from __future__ import annotations

from pathlib import Path

from tutor_app.store.merge import ExportSummary, MergeSummary, export_class, merge_export
from tutor_app.store.records import MasteryRecord, StoredEvidence
from tutor_app.store.repository import Store
from tutor_app.tutor.mastery import replay
from tutor_app.tutor.progress import as_evidence, mastery_of

__all__ = ["ExportSummary", "MergeSummary", "export_class", "merge_class_file", "replayed"]


def replayed(student_id: str, rows: list[StoredEvidence]) -> list[MasteryRecord]:
    """A student's mastery of every skill, replayed from all their evidence (as `recompute`)."""
    return [mastery_of(student_id, state) for state in replay(as_evidence(rows)).values()]


def merge_class_file(store: Store, path: str | Path) -> MergeSummary:
    """Merge a class export, replaying the mastery of every student given new evidence, all in
    one transaction."""
    return merge_export(store, path, mastery=replayed)
