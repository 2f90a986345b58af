"""Layers: only tutor_app/ui imports Qt, and the start-up path imports no heavy library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tutor_app"
HEAVY = ("llama_cpp", "sympy", "matplotlib", "sqlalchemy", "alembic", "numpy")


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _all_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and _all_imports(path) & {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_start_up_modules_import_no_heavy_library_at_top_level() -> None:
    start_up = [
        PACKAGE / "cli.py",
        PACKAGE / "__main__.py",
        PACKAGE / "paths.py",
        PACKAGE / "errors.py",
    ]
    start_up += list((PACKAGE / "ui").rglob("*.py")) if (PACKAGE / "ui").exists() else []
    offenders = {str(p.name): _top_level_imports(p) & set(HEAVY) for p in start_up}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_command_and_the_checker_api_loads_no_heavy_library() -> None:
    code = (
        "import sys, tutor_app.cli, tutor_app.verify;"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_rest_of_the_app_reaches_the_checker_only_through_tutor_app_verify() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "verify":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("tutor_app.verify.")]
    assert offenders == []


def test_every_room_of_the_checker_says_in_one_line_what_it_holds() -> None:
    rooms = sorted(p for p in (PACKAGE / "verify").iterdir() if (p / "__init__.py").is_file())
    assert {p.name for p in rooms} == {"parse", "equality", "answers", "steps", "cas"}
    for room in rooms:
        doc = ast.get_docstring(ast.parse((room / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), room.name
    loose = sorted(p.stem for p in (PACKAGE / "verify").glob("*.py"))
    assert loose == ["__init__", "operations", "sandbox", "task", "verdict"]
