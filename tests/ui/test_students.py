"""The student picker: create, rename; the window remembers who used it last and their draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tutor_app.paths import AppPaths
from tutor_app.settings import load_settings
from tutor_app.store.database import open_store
from tutor_app.ui.student_picker import StudentPicker

SOLVE_TIMEOUT_MS = 300_000  # a 2-core CI machine under load, the real model


def test_the_picker_creates_and_renames_students(qtbot: Any, paths: AppPaths) -> None:
    with open_store(paths.database) as store:
        picker = StudentPicker(store, None)
        qtbot.addWidget(picker)
        picker.name_edit.setText("Ada")
        picker.create_student()
        picker.name_edit.setText("Bo")
        picker.create_student()
        assert sorted(picker.names()) == ["Ada", "Bo"]
        assert picker.list.currentItem().text() == "Bo"
        assert picker.rename("Bea")
        assert sorted(picker.names()) == ["Ada", "Bea"]
        assert not picker.rename("Ada")  # the name is taken: refused with a message
        assert "already called" in picker.error.text()
        picker.accept()
        assert picker.chosen.name == "Bea"
        assert sorted(s.name for s in store.students()) == ["Ada", "Bea"]


def test_an_empty_name_is_refused_with_a_message(qtbot: Any, paths: AppPaths) -> None:
    with open_store(paths.database) as store:
        picker = StudentPicker(store, None)
        qtbot.addWidget(picker)
        picker.create_student()
        assert picker.error.text() == "Type a name first."
        picker.accept()
        assert picker.result() == 0 and picker.chosen is None


def test_the_window_remembers_the_last_student(
    qtbot: Any, make_window: Any, paths: AppPaths
) -> None:
    first = make_window()
    qtbot.waitUntil(lambda: getattr(first, "picker", None) is not None, timeout=10_000)
    picker = first.picker
    for name in ("Ada", "Bo"):
        picker.name_edit.setText(name)
        picker.create_student()
    picker.list.setCurrentRow(picker.names().index("Ada"))
    with qtbot.waitSignal(first.history_loaded, timeout=60_000):
        picker.accept()
    assert first.student.name == "Ada" and "Ada" in first.windowTitle()
    assert load_settings(paths).last_student == "Ada"
    first.close()

    second = make_window(settings=load_settings(paths))
    qtbot.waitUntil(lambda: getattr(second, "picker", None) is not None, timeout=10_000)
    assert second.picker.names()[0] == "Bo"  # the newest student is listed first...
    assert second.picker.list.currentItem().text() == "Ada"  # ...but Ada is remembered


def test_a_typed_question_survives_a_restart_until_it_is_answered(
    qtbot: Any, make_window: Any, choose_student: Any, paths: AppPaths
) -> None:
    from tutor_app.drafts import draft_path

    first = make_window()
    choose_student(first, "Ada")
    with qtbot.waitSignal(first.drafts.saved, timeout=10_000):
        qtbot.keyClicks(first.question, "Solve 4x = 8")
    first.close()  # or the process is killed: the draft is already on disk

    second = make_window(settings=load_settings(paths))
    qtbot.waitUntil(lambda: getattr(second, "picker", None) is not None, timeout=10_000)
    with qtbot.waitSignal(second.history_loaded, timeout=60_000):
        second.picker.accept()  # Ada, remembered
    assert second.question.toPlainText() == "Solve 4x = 8"
    draft = draft_path(paths, second.student.id)
    with qtbot.waitSignal(second.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS):
        qtbot.keyClick(second.question, Qt.Key.Key_Return)
        # While the tutor writes, the box is empty but the question is still kept on disk,
        # however often the draft is saved meanwhile.
        assert second.question.toPlainText() == "" and second.conversation.busy
        second.drafts.save_now()
        assert draft.read_text(encoding="utf-8") == "Solve 4x = 8"
    # Answered and stored: nothing is left to bring back.
    qtbot.waitUntil(lambda: not draft.exists(), timeout=10_000)


def test_switching_students_keeps_each_ones_text_and_graph_to_themselves(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window  # Ada
    with qtbot.waitSignal(window.drafts.saved, timeout=10_000):
        qtbot.keyClicks(window.question, "Solve 7x = 14")
    with qtbot.waitSignal(window.conversation.plot_drawn, timeout=120_000):
        window.conversation.ask("plot x^2 from -2 to 2")
    assert window.plots.canvas is not None
    bo = window.store.student("Bo")
    window.set_student(bo)
    assert window.question.toPlainText() == ""  # Bo does not see what Ada typed...
    assert window.plots.canvas is None  # ...nor her graph
    qtbot.keyClicks(window.question, "Factorise x^2 - 1")
    window.set_student(window.store.student("Ada"))
    assert window.question.toPlainText() == "Solve 7x = 14"
    window.set_student(bo)
    assert window.question.toPlainText() == "Factorise x^2 - 1"
