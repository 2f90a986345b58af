"""Where the tutor keeps its data: --data-dir, then $TUTOR_APP_HOME, then the platform folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "tutor-app"
HOME_ENV = "TUTOR_APP_HOME"
DATABASE_ENV = "TUTOR_APP_DATABASE"  # a SQLAlchemy URL: one database for a whole class
# The folder that holds the `tutor_app` package in an installed app (Briefcase's layout on
# every platform); from a checkout or a pip install it is named otherwise.
INSTALLED_APP_FOLDER = "app"


def code_folder() -> Path:
    """The folder holding the `tutor_app` package: `app` in an installed app."""
    return Path(__file__).resolve().parents[1]


def is_installed_app(folder: Path | None = None) -> bool:
    """Whether the tutor runs from an installed app rather than from Python packages."""
    return (folder or code_folder()).name == INSTALLED_APP_FOLDER


def bytecode_cache_dir() -> Path:
    """Where an installed app keeps its compiled modules: the user's cache folder."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "bytecode"


@dataclass(frozen=True)
class AppPaths:
    """The folders and files the tutor reads and writes."""

    data_dir: Path
    # A server database (a SQLAlchemy URL such as postgresql://tutor@school-server/tutor)
    # instead of the SQLite file in the data folder.
    database_url: str | None = None

    @property
    def store_location(self) -> str | Path:
        """Where the progress is kept: the server database's URL, else the SQLite file."""
        return self.database_url or self.database

    @property
    def on_server_database(self) -> bool:
        """Whether progress is kept in a server database rather than this computer's file."""
        return self.database_url is not None

    @property
    def models_dir(self) -> Path:
        """Folder for GGUF model files downloaded or imported by the user."""
        return self.data_dir / "models"

    @property
    def database(self) -> Path:
        """The SQLite file with students, sessions, attempts and mastery."""
        return self.data_dir / "tutor.sqlite3"

    @property
    def backups_dir(self) -> Path:
        """Folder for copies of the database: automatic ones at start, before a restore."""
        return self.data_dir / "backups"

    @property
    def crash_dir(self) -> Path:
        """Folder for crash reports (tracebacks of bugs, never shown raw to users)."""
        return self.data_dir / "crash-reports"

    def ensure(self) -> AppPaths:
        """Create the folders if they do not exist yet and return self."""
        self.models_dir.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None, database: str | None = None
) -> AppPaths:
    """Pick the data folder (an explicit one, then $TUTOR_APP_HOME, then the platform's) and
    the database (an explicit URL, then $TUTOR_APP_DATABASE, else the folder's SQLite file)."""
    url = (database or os.environ.get(DATABASE_ENV) or "").strip() or None
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve(), url)
    env = os.environ.get(HOME_ENV)
    if env:
        return AppPaths(Path(env).expanduser().resolve(), url)
    import platformdirs

    return AppPaths(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), url)
