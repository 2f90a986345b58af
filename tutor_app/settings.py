"""The user's settings: one typed object saved as JSON in the data folder, with migrations."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tutor_app.paths import AppPaths

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
SETTINGS_FILE = "settings.json"
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Settings:
    """Everything the user can change, with safe defaults; `threads=None` means all cores."""

    schema_version: int = SCHEMA_VERSION
    last_student: str | None = None
    threads: int | None = None
    n_ctx: int = 4096
    gpu_layers: int = 0
    temperature: float = 0.6
    retries: int = 3
    max_tokens: int = 768
    font_size: int = 15
    theme: str = "light"
    software_rendering: bool = False
    # Where the window was when it last closed (x, y, width, height, not maximised), whether
    # it was maximised, and the widths of its panes; None: the default for the screen.
    window_geometry: tuple[int, int, int, int] | None = None
    window_maximized: bool = False
    splitter_sizes: tuple[int, ...] | None = None
    # Whether the model manager was offered once, on a start with only the starter model.
    model_manager_offered: bool = False
    # The class's OpenAI-compatible model server (None: this computer's model), its API key
    # (kept only in this file, which only its owner may read) and which of its models to use.
    server_url: str | None = None
    server_api_key: str | None = field(default=None, repr=False)
    server_model: str | None = None

    def validated(self) -> Settings:
        """A copy with every field clamped into its allowed range."""
        return replace(
            self,
            schema_version=SCHEMA_VERSION,
            threads=None if not self.threads else _clamp(int(self.threads), 1, 256),
            n_ctx=_clamp(int(self.n_ctx), 512, 131_072),
            gpu_layers=_clamp(int(self.gpu_layers), -1, 999),
            temperature=min(2.0, max(0.0, float(self.temperature))),
            retries=_clamp(int(self.retries), 0, 10),
            max_tokens=_clamp(int(self.max_tokens), 64, 8192),
            font_size=_clamp(int(self.font_size), 8, 40),
            theme=self.theme if self.theme in THEMES else "light",
            software_rendering=bool(self.software_rendering),
            window_geometry=_geometry(self.window_geometry),
            window_maximized=bool(self.window_maximized),
            splitter_sizes=_sizes(self.splitter_sizes),
            model_manager_offered=bool(self.model_manager_offered),
            server_url=_text(self.server_url),
            server_api_key=_text(self.server_api_key),
            server_model=_text(self.server_model),
        )


def _clamp(value: int, low: int, high: int) -> int:
    return min(high, max(low, value))


def _text(value: Any, limit: int = 2048) -> str | None:
    """A short line of text, or None when it is empty or anything else (the server settings
    are checked properly where they are used: tutor_app.engine.server)."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return value.strip()


def _integers(value: Any) -> tuple[int, ...] | None:
    """A list of whole numbers as a tuple, or None when it is anything else."""
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in value
    ):
        return None
    return tuple(value)


def _geometry(value: Any) -> tuple[int, int, int, int] | None:
    """A remembered window rectangle, or None when it is damaged (then the default is used)."""
    numbers = _integers(value)
    if numbers is None or len(numbers) != 4 or min(numbers[2:]) <= 0:
        return None
    x, y, width, height = numbers
    return x, y, width, height


def _sizes(value: Any) -> tuple[int, ...] | None:
    """Remembered pane widths, or None when they are damaged."""
    numbers = _integers(value)
    if not numbers or min(numbers) < 0 or len(numbers) > 8:
        return None
    return numbers


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (no schema_version) named the theme 'dark_mode' and the context 'context'."""
    if "dark_mode" in data:
        data["theme"] = "dark" if data.pop("dark_mode") else "light"
    if "context" in data:
        data["n_ctx"] = data.pop("context")
    return data


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no software-rendering switch; older files keep the hardware default."""
    data.setdefault("software_rendering", False)
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 did not remember the window; older files open it at the default size."""
    data.setdefault("window_geometry", None)
    data.setdefault("window_maximized", False)
    data.setdefault("splitter_sizes", None)
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 had not offered the model manager; it is offered once after the upgrade."""
    data.setdefault("model_manager_offered", False)
    return data


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 knew no model server: older files keep this computer's model."""
    for key in ("server_url", "server_api_key", "server_model"):
        data.setdefault(key, None)
    return data


# MIGRATIONS[n] turns a version-n dictionary into version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings dictionary from any older schema version up to the current one."""
    version = int(data.get("schema_version", 0))
    if version > SCHEMA_VERSION:
        log.warning("settings written by a newer tutor (v%s); unknown fields ignored", version)
        version = SCHEMA_VERSION
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def settings_path(paths: AppPaths) -> Path:
    """Where the settings file lives: the data folder (so portable mode carries it along)."""
    return paths.data_dir / SETTINGS_FILE


def from_dict(data: dict[str, Any]) -> Settings:
    """Build settings from a (migrated) dictionary, ignoring unknown keys."""
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in migrate(data).items() if k in known}).validated()


def load_settings(paths: AppPaths) -> Settings:
    """Read the settings; a missing file gives defaults, a damaged one is kept as a backup."""
    path = settings_path(paths)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("could not read %s (%s); using defaults", path, exc)
        return Settings()
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("the settings file does not hold an object")
        return from_dict(data)
    except (ValueError, TypeError, KeyError) as exc:
        backup = path.with_name(SETTINGS_FILE + ".bad")
        log.warning("settings file %s is damaged (%s); kept as %s", path, exc, backup)
        try:
            os.replace(path, backup)
        except OSError:
            log.warning("could not keep a backup of the damaged settings file")
        return Settings()


def save_settings(paths: AppPaths, settings: Settings) -> Path:
    """Write the settings atomically (temporary file, then rename) and return the path."""
    path = settings_path(paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings.validated()), indent=2, sort_keys=True)
    temporary = path.with_name(SETTINGS_FILE + ".tmp")
    temporary.unlink(missing_ok=True)
    # Only its owner may read it: it can hold the model server's API key.
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                   encoding="utf-8") as file:  # fmt: skip
        file.write(text + "\n")
    os.replace(temporary, path)
    return path
