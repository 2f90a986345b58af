"""Drafts on disk: kept, brought back, removed when empty; never a path from a student id."""

from __future__ import annotations

import pytest

from tutor_app.drafts import MAX_DRAFT_CHARS, draft_path, load_draft, save_draft
from tutor_app.paths import AppPaths, resolve_paths


@pytest.fixture
def paths(data_home: object) -> AppPaths:
    return resolve_paths().ensure()


def test_a_draft_round_trips_and_an_empty_one_is_removed(paths: AppPaths) -> None:
    save_draft(paths, "student-1", "Solve 2x + 3 = 7\nand x^2 = 9 ✓")
    assert load_draft(paths, "student-1") == "Solve 2x + 3 = 7\nand x^2 = 9 ✓"
    assert load_draft(paths, "student-2") == ""  # each student has their own
    save_draft(paths, "student-1", "  \n")
    assert not draft_path(paths, "student-1").exists()
    assert load_draft(paths, "student-1") == ""


def test_an_enormous_draft_is_cut_and_a_damaged_one_ignored(paths: AppPaths) -> None:
    save_draft(paths, "s", "x" * (MAX_DRAFT_CHARS + 10))
    assert len(load_draft(paths, "s")) == MAX_DRAFT_CHARS
    draft_path(paths, "s").write_bytes(b"\xff\xfe not utf-8 \xc3")
    assert load_draft(paths, "s") == ""


@pytest.mark.parametrize("student_id", ["../settings", "a/b", "", "x" * 65, "C:\\evil"])
def test_a_student_id_is_never_a_path(paths: AppPaths, student_id: str) -> None:
    with pytest.raises(ValueError):
        save_draft(paths, student_id, "text")
