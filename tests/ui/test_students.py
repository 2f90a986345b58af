"""The student picker: create, rename; the window remembers who used it last and their draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.paths import AppPaths
from tutor_app.settings import load_settings
from tutor_app.tutor.pins import check_pin, set_pin, set_students_need_pins, student_slot, way_in
from tutor_app.ui.student_picker import StudentPicker
from tutor_app.ui.teacher_window import TaskOwner

WAIT = 30_000  # a background read of the store, or an scrypt hash, on a loaded machine


def test_the_picker_creates_and_renames_students(qtbot: Any, host: TaskOwner) -> None:
    store = host.store
    picker = StudentPicker(host, None)
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
    with qtbot.waitSignal(picker.accepted, timeout=WAIT):
        picker.accept()  # Bea has no PIN: she starts once that is read
    assert picker.chosen.name == "Bea"
    assert sorted(s.name for s in store.students()) == ["Ada", "Bea"]


def test_an_empty_name_is_refused_with_a_message(qtbot: Any, host: TaskOwner) -> None:
    picker = StudentPicker(host, None)
    qtbot.addWidget(picker)
    picker.create_student()
    assert picker.error.text() == "Type a name first."
    picker.accept()
    assert picker.result() == 0 and picker.chosen is None and host.idle()


def pin_dialog(qtbot: Any, picker: StudentPicker) -> Any:
    """The PIN dialog the picker opened for a student."""
    qtbot.waitUntil(lambda: picker.pin_dialog is not None, timeout=WAIT)
    qtbot.waitUntil(picker.pin_dialog.isVisible, timeout=WAIT)
    return picker.pin_dialog


def test_a_student_with_a_pin_starts_only_after_typing_it(qtbot: Any, host: TaskOwner) -> None:
    ada = host.store.student("Ada")
    host.store.student("Bo")
    set_pin(host.store, "1357", student_slot(ada.id))
    picker = StudentPicker(host, "Ada")
    qtbot.addWidget(picker)
    picker.accept()
    dialog = pin_dialog(qtbot, picker)
    assert dialog.windowTitle() == "Ada's PIN" and not dialog.repeat.isVisibleTo(dialog)
    assert picker.result() == 0 and picker.chosen is None
    qtbot.keyClicks(dialog.pin, "2468")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "That PIN is not right.", timeout=WAIT)
    assert picker.chosen is None and dialog.isVisible()
    dialog.reject()  # Bo cannot start as Ada...
    qtbot.waitUntil(lambda: picker.pin_dialog is None, timeout=WAIT)
    assert picker.result() == 0 and picker.chosen is None
    picker.ask_rename()  # ...nor rename her
    dialog = pin_dialog(qtbot, picker)
    dialog.reject()
    qtbot.waitUntil(lambda: picker.pin_dialog is None, timeout=WAIT)
    assert picker.names().count("Ada") == 1
    picker.accept()  # Ada herself
    dialog = pin_dialog(qtbot, picker)
    qtbot.keyClicks(dialog.pin, "1357")
    with qtbot.waitSignal(picker.accepted, timeout=WAIT):
        dialog.ok_button.click()
    assert picker.chosen.name == "Ada"


def test_when_every_student_needs_a_pin_a_new_one_chooses_it_first(
    qtbot: Any, host: TaskOwner
) -> None:
    set_students_need_pins(host.store, True)
    picker = StudentPicker(host, None)
    qtbot.addWidget(picker)
    picker.name_edit.setText("Cy")
    picker.accept()  # "Add Cy and start"
    dialog = pin_dialog(qtbot, picker)
    assert dialog.windowTitle() == "Choose your PIN, Cy" and dialog.repeat.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.pin, "8642")
    qtbot.keyClicks(dialog.repeat, "8642")
    with qtbot.waitSignal(picker.accepted, timeout=WAIT):
        dialog.ok_button.click()
    cy = picker.chosen
    assert cy.name == "Cy" and way_in(host.store, cy.id) == "enter"
    assert check_pin(host.store, "8642", slot=student_slot(cy.id)).ok


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
