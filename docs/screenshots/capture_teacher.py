"""Take the screenshots of the teacher area: the real window, a real database, the demo class.

    python docs/screenshots/capture_teacher.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, fills the
database with the synthetic class `tutor-app demo-data` makes (35 students, 180 days), sets a
teacher PIN, opens Teacher > Teacher area… and types the PIN, then saves the dashboard with a
student's skills (teacher-dashboard.png), the class overview chart (teacher-overview.png), the
same dashboard with names hidden for a projector (teacher-hidden-names.png) and the Classes
and students tab (teacher-classes.png), where three students have chosen a PIN; then, in the
student picker, the PIN one of them is asked for (student-pin.png). Every figure is what the
tutor computes from the record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from capture import LAPTOP, app_window, run, save, settle, start_as, wait_for, wait_until

PIN = "2468"


def open_area(window: Any) -> Any:
    """Teacher > Teacher area…, the PIN typed and accepted; the area once its lists are read."""
    window.teacher.action.trigger()
    wait_until(lambda: window.teacher.dialog is not None, 30, "the PIN dialog")
    dialog = window.teacher.dialog
    dialog.pin.setText(PIN)
    dialog.submit()
    wait_until(lambda: window.teacher.area is not None, 30, "the teacher area")
    area = window.teacher.area
    wait_until(lambda: area.dashboard.dashboard is not None, 60, "the dashboard")
    return area


def capture(out: Path, data_dir: Path) -> None:
    """Open the window, add the demo class, and save the teacher area's screenshots."""
    with app_window(data_dir) as window:
        from tutor_app.tutor.demo_data import fill_demo_class
        from tutor_app.tutor.pins import set_pin, student_slot

        fill_demo_class(window.store, class_name="7B", students=35, days=180)
        set_pin(window.store, PIN)
        with_pins = sorted(window.store.students(), key=lambda s: s.name)[:3]
        for student in with_pins:
            set_pin(window.store, "1357", student_slot(student.id))
        start_as(window, "Ms Rivera")
        area = open_area(window)
        area.resize(*LAPTOP)
        dashboard = area.dashboard
        area.tabs.setCurrentWidget(dashboard)
        dashboard.choose_class("7B")
        wait_for(dashboard.loaded, 60, "the class's dashboard")
        dashboard.students.selectRow(2)
        settle()
        save(area, out / "teacher-dashboard.png")
        dashboard.details.setCurrentIndex(1)
        settle()
        save(area, out / "teacher-overview.png")
        dashboard.details.setCurrentIndex(0)
        dashboard.hide_names.setChecked(True)
        settle()
        save(area, out / "teacher-hidden-names.png")
        area.tabs.setCurrentWidget(area.classes)
        area.classes.select_class("7B")
        settle()
        save(area, out / "teacher-classes.png")
        area.reject()
        window.switch_student()
        picker = window.picker
        wait_until(picker.isVisible, 30, "the student picker")
        picker.name_edit.setText(with_pins[0].name)
        picker.accept()
        wait_until(lambda: picker.pin_dialog is not None, 30, "the student's PIN dialog")
        settle()
        save(picker.pin_dialog, out / "student-pin.png")
        picker.pin_dialog.reject()


if __name__ == "__main__":
    run(capture, __doc__)
