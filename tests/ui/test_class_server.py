"""The window on the class's model server: set in Settings, shown in the status bar, listed in
the model manager, and this computer's model standing in when the server is down."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.model_server import ALIAS, API_KEY, ModelServer, free_port
from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tests.ui.test_chat import _ask
from tutor_app.engine.server_address import ServerSettings
from tutor_app.paths import AppPaths
from tutor_app.settings import Settings, load_settings
from tutor_app.ui.models_dialog import ModelsDialog
from tutor_app.ui.settings_dialog import SettingsDialog
from tutor_app.ui.window_parts import STARTER_MODEL_TITLE


def test_settings_refuse_an_address_that_is_not_http_and_keep_the_dialog_open(
    qtbot: Any,
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server_url.setText("ftp://teacher-pc/models")
    saved: list[Settings] = []
    dialog.saved.connect(saved.append)
    dialog.accept()
    assert not saved and dialog.isVisible()
    assert "must start with http:// or https://" in dialog.server_problem.text()
    assert dialog.server_problem.isVisible()
    dialog.server_url.setText("teacher-pc:8000")
    dialog.server_key.setText("sk-class")
    dialog.accept()
    [new] = saved
    assert (new.server_url, new.server_api_key, new.server_model) == (
        "teacher-pc:8000", "sk-class", None,
    )  # fmt: skip
    assert dialog.server_key.echoMode() == dialog.server_key.EchoMode.Password


def test_the_model_manager_lists_what_the_server_offers(
    qtbot: Any, paths: AppPaths, class_server: ModelServer
) -> None:
    server = ServerSettings.checked(class_server.url, API_KEY)
    dialog = ModelsDialog(paths, server=server)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: ALIAS in dialog.server_models.text(), timeout=30_000)
    assert dialog.server_models.text() == (
        f"On the class's model server at 127.0.0.1:{class_server.port}: {ALIAS}."
    )
    refused = ModelsDialog(paths, server=ServerSettings.checked(class_server.url, "nope"))
    qtbot.addWidget(refused)
    qtbot.waitUntil(lambda: "refused the API key" in refused.server_models.text(), timeout=30_000)
    dialog.close()
    refused.close()


def test_the_window_answers_through_the_server_named_in_the_settings(
    qtbot: Any, paths: AppPaths, class_server: ModelServer, fast_settings: Settings,
    choose_student: Any,
) -> None:  # fmt: skip
    from tutor_app.ui.main_window import MainWindow

    settings = replace(fast_settings, server_url=class_server.url, server_api_key=API_KEY)
    window = MainWindow(paths, settings, typeset=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.model_ready, timeout=120_000) as ready:
            window.start()
        assert ready.args == [f"{ALIAS} on 127.0.0.1:{class_server.port}"]
        assert window.model_label.text() == f"Model: {ALIAS} on 127.0.0.1:{class_server.port}"
        choose_student(window, "Ada")
        finished = window.conversation.answer_finished
        with qtbot.waitSignal(finished, timeout=SOLVE_TIMEOUT_MS) as done:
            _ask(qtbot, window, "Solve x + 2 = 5")
        solution = done.args[0].solution
        assert solution.model_name == f"{ALIAS} on 127.0.0.1:{class_server.port}"
        assert solution.samples[0].author == "model" and solution.samples[0].text.strip()
        assert done.args[0].session_id is not None  # stored like any other answer
    finally:
        window.shutdown()


def test_the_status_bar_says_when_this_computers_model_stands_in(
    qtbot: Any, paths: AppPaths, fast_settings: Settings
) -> None:
    from tutor_app.ui.main_window import MainWindow

    down = ServerSettings.checked(f"http://127.0.0.1:{free_port()}", API_KEY)
    window = MainWindow(paths, fast_settings, explicit_server=down, typeset=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.model_ready, timeout=120_000):
            window.start()
        status = window.statusBar()
        qtbot.waitUntil(lambda: "this computer's model answers" in status.currentMessage(),
                        timeout=10_000)  # fmt: skip
        assert status.currentMessage().startswith("The class's model server cannot be reached")
        assert "nothing answers at that address" in window.model_label.toolTip()
        assert window.model_label.text() == f"Model: {STARTER_MODEL_TITLE}"
        assert load_settings(paths).server_url is None  # --server is not saved
    finally:
        window.shutdown()
