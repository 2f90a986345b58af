"""Take the screenshots of the class's model server: answering through it, the settings, and
this computer's model standing in once the server is gone.

    python docs/screenshots/capture_class_server.py [--out docs/screenshots] [--data-dir DIR]

Runs offscreen like capture.py. It starts a real OpenAI-compatible server
(`python -m llama_cpp.server` with the bundled starter model and an API key) on 127.0.0.1,
starts the window as `tutor-app` does with $TUTOR_APP_SERVER and $TUTOR_APP_API_KEY set, asks a
question (the server's model writes, every line is checked, the status bar names the model),
saves class-server.png,
then the Settings dialog's server section filled in as a teacher would (settings-server.png).
Then the server is killed, the next question is answered by this computer's model and the status
bar says so (class-server-down.png).
"""

from __future__ import annotations

import os
from pathlib import Path

from capture import app_window, ask, run, save, settle, start_as, wait_for_model, wait_until

from tests.model_server import API_KEY, ModelServer
from tutor_app.engine.discovery import bundled_model_path


def capture(out: Path, data_dir: Path) -> None:
    """Answer through a real server, show the settings, then answer after it is gone."""
    server = ModelServer(bundled_model_path(), log=data_dir / "server.log", threads=2).start()
    os.environ["TUTOR_APP_SERVER"], os.environ["TUTOR_APP_API_KEY"] = server.url, API_KEY
    try:
        with app_window(data_dir, typeset=True) as window:
            start_as(window, "Ada")
            wait_for_model(window)
            ask(window, "Solve 2x + 3 = 7")  # the server's model writes; every line is checked
            save(window, out / "class-server.png")
            window._show_settings()
            dialog = window.settings_dialog
            dialog.server_url.setText("http://192.168.1.20:8000")
            dialog.server_key.setText("class-key-for-7b")
            dialog.server_model.setText("phi-4")
            settle()
            save(dialog, out / "settings-server.png")
            dialog.reject()
            server.kill()
            ask(window, "Solve 5x + 2 = 17, showing every step")
            status = window.statusBar()
            wait_until(lambda: "this computer's" in status.currentMessage(), 30, "the status")
            save(window, out / "class-server-down.png")
    finally:
        server.stop()
        for name in ("TUTOR_APP_SERVER", "TUTOR_APP_API_KEY"):
            os.environ.pop(name, None)


if __name__ == "__main__":
    run(capture, __doc__)
