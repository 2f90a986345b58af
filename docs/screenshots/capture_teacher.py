"""Take the screenshots of the teacher area: the real window, a real database, the demo class.

    python docs/screenshots/capture_teacher.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts the window the way `tutor-app` does, fills the
database with the synthetic class `tutor-app demo-data` makes (35 students, 180 days), sets a
teacher PIN, opens Teacher > Teacher area… and types the PIN, then saves the dashboard with a
student's skills (teacher-dashboard.png), the class overview chart (teacher-overview.png), the
same dashboard with names hidden for a projector (teacher-hidden-names.png) and the Classes
and students tab (teacher-classes.png). Every figure is what the tutor computes from the record.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from capture import HERE, LAPTOP, save, settle, wait_for, wait_until

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
    from tutor_app.paths import resolve_paths
    from tutor_app.settings import Settings, save_settings
    from tutor_app.ui.chat_view import webengine_available

    paths = resolve_paths(data_dir).ensure()
    save_settings(paths, Settings())
    webengine_available()  # QtWebEngine is imported before the QApplication exists
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Tutor")
    from tutor_app.tutor.demo_data import fill_demo_class
    from tutor_app.tutor.teacher_pin import set_pin
    from tutor_app.ui.app import create_window
    from tutor_app.ui.garbage import GuiThreadCollector

    collector = GuiThreadCollector(app)
    window = create_window(paths)
    window.resize(*LAPTOP)
    window.show()
    try:
        window.start()
        wait_for(window.store_ready, 60, "the database")
        wait_until(lambda: getattr(window, "picker", None) is not None, 30, "the student picker")
        fill_demo_class(window.store, class_name="7B", students=35, days=180)
        set_pin(window.store, PIN)
        window.picker.name_edit.setText("Ms Rivera")
        window.picker.accept()
        wait_for(window.history_loaded, 60, "the teacher's history")
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
    finally:
        window.shutdown()
        window.close()
        collector.stop()
    del app


def main() -> None:
    """Parse the arguments and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.data_dir is not None:
        capture(args.out, args.data_dir)
        return
    with tempfile.TemporaryDirectory(prefix="tutor-screens-") as home:
        capture(args.out, Path(home))


if __name__ == "__main__":
    main()
