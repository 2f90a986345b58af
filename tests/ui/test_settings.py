"""Settings: typed, saved as JSON in the data folder, migrated, and safe when damaged."""

from __future__ import annotations

import json

from tutor_app.paths import AppPaths
from tutor_app.settings import (
    SCHEMA_VERSION,
    Settings,
    load_settings,
    migrate,
    save_settings,
    settings_path,
)


def test_settings_round_trip_through_the_data_folder(paths: AppPaths) -> None:
    chosen = Settings(last_student="Ada", threads=2, n_ctx=2048, gpu_layers=10, temperature=0.3,
                      retries=1, font_size=18, theme="dark", software_rendering=True)  # fmt: skip
    saved = save_settings(paths, chosen)
    assert saved == paths.data_dir / "settings.json"
    assert load_settings(paths) == chosen
    assert json.loads(saved.read_text())["schema_version"] == SCHEMA_VERSION


def test_a_missing_file_gives_defaults(paths: AppPaths) -> None:
    assert load_settings(paths) == Settings()


def test_a_damaged_file_gives_defaults_and_is_kept_as_a_backup(paths: AppPaths) -> None:
    settings_path(paths).write_text("{not json", encoding="utf-8")
    assert load_settings(paths) == Settings()
    backup = paths.data_dir / "settings.json.bad"
    assert backup.read_text(encoding="utf-8") == "{not json"


def test_out_of_range_values_are_clamped(paths: AppPaths) -> None:
    settings_path(paths).write_text(
        json.dumps({"schema_version": SCHEMA_VERSION, "font_size": 400, "theme": "neon",
                    "retries": -3, "temperature": 9}), encoding="utf-8",
    )  # fmt: skip
    loaded = load_settings(paths)
    assert (loaded.font_size, loaded.theme, loaded.retries, loaded.temperature) == (
        40, "light", 0, 2.0,
    )  # fmt: skip


def test_an_old_file_is_migrated(paths: AppPaths) -> None:
    old = {"dark_mode": True, "context": 8192, "last_student": "Bo", "unknown": 1}
    assert migrate(dict(old))["schema_version"] == SCHEMA_VERSION
    settings_path(paths).write_text(json.dumps(old), encoding="utf-8")
    loaded = load_settings(paths)
    assert (loaded.theme, loaded.n_ctx, loaded.last_student) == ("dark", 8192, "Bo")
    assert loaded.software_rendering is False
