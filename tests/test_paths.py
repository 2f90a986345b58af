"""The data folder: --data-dir wins, then $TUTOR_APP_HOME, then the platform's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_app.paths import resolve_paths


def test_an_explicit_folder_wins_over_the_environment(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "usb-stick")
    assert paths.data_dir == (tmp_path / "usb-stick").resolve()
    assert paths.database == paths.data_dir / "tutor.sqlite3"
    assert paths.models_dir == paths.data_dir / "models"


def test_the_environment_variable_gives_portable_mode(data_home: Path) -> None:
    assert resolve_paths().data_dir == data_home.resolve()


def test_without_either_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_APP_HOME")
    assert resolve_paths().data_dir.name == "tutor-app"


def test_ensure_creates_the_models_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "fresh").ensure()
    assert paths.models_dir.is_dir()
