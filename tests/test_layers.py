"""The layer contracts in pyproject.toml hold, and they do catch a Qt import in the core.

The contracts are run the way `lint-imports` runs them (its console-script
function, in a child process of this interpreter), so the test needs no
script on PATH and checks the package in this working tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

_LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.argv[0] = 'lint-imports'; lint_imports_command()"
)


def run_lint_imports(project_root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the iijviewer package and pyproject.toml in project_root."""
    # lint-imports puts its working directory first on sys.path, so the package
    # found there is the one analysed, whatever is installed.
    return subprocess.run(
        [sys.executable, "-c", _LINT_IMPORTS, "--config", "pyproject.toml", "--no-cache"],
        cwd=project_root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_layer_contracts_hold() -> None:
    result = run_lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def contract_name(contract_id: str) -> str:
    """The name lint-imports prints for the contract with this id in pyproject.toml."""
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        contracts = tomllib.load(f)["tool"]["importlinter"]["contracts"]
    return next(c["name"] for c in contracts if c["id"] == contract_id)


def _copy_project(destination: Path) -> Path:
    shutil.copy2(REPO_ROOT / "pyproject.toml", destination / "pyproject.toml")
    shutil.copytree(
        REPO_ROOT / "iijviewer",
        destination / "iijviewer",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return destination


def _module_file(package_dir: Path, module: str) -> Path:
    """The file of a module or package, or where a new module would go."""
    as_package = package_dir / module / "__init__.py"
    return as_package if as_package.exists() else package_dir / f"{module}.py"


@pytest.mark.parametrize(
    ("module", "qt_import", "broken_contract"),
    [
        # An existing core module: caught by the forbidden contract.
        ("base/periods", "import PySide6", "core-without-qt"),
        ("views/viewdata", "import pyqtgraph", "core-without-qt"),
        # A core module no contract names yet: caught by the protected contract.
        ("a_new_core_module", "from PySide6 import QtCore", "qt-only-in-gui-layers"),
    ],
)
def test_contracts_catch_qt_in_the_core(
    tmp_path: Path, module: str, qt_import: str, broken_contract: str
) -> None:
    project = _copy_project(tmp_path)
    target = _module_file(project / "iijviewer", module)
    source = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(f"{source}\n{qt_import}\n", encoding="utf-8")

    result = run_lint_imports(project)

    assert result.returncode != 0, result.stdout + result.stderr
    assert f"iijviewer.{module.replace('/', '.')} -> " in result.stdout, result.stdout
    assert f"{contract_name(broken_contract)} BROKEN" in result.stdout, result.stdout


def test_ui_may_not_be_imported_by_models(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    target = _module_file(project / "iijviewer", "models")
    target.write_text(target.read_text(encoding="utf-8") + "\nimport iijviewer.ui\n")

    result = run_lint_imports(project)

    assert result.returncode != 0, result.stdout + result.stderr
    assert "iijviewer.models -> iijviewer.ui" in result.stdout, result.stdout


def test_every_core_package_is_in_the_contracts() -> None:
    """A core module or package missing from the lists escapes the core's contracts (issue 17 found five): none may be."""
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        contracts = {c["id"]: c for c in tomllib.load(f)["tool"]["importlinter"]["contracts"]}
    gui = {"app", "ui", "models", "cli", "__main__", "__init__"}
    core = {
        f"iijviewer.{p.stem}"
        for p in (REPO_ROOT / "iijviewer").iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.stem not in gui
    }
    forbidden = set(contracts["core-without-qt"]["source_modules"])
    layered = {m.strip() for line in contracts["stages"]["layers"] for m in line.replace("|", ":").split(":")}
    assert core - forbidden == set(), "add them to core-without-qt in pyproject.toml"
    assert core - layered == set(), "add them to the stages in pyproject.toml"


def test_the_stages_are_folders_and_no_module_sits_beside_them() -> None:
    """The pipeline is visible in the folders: only the entry points (cli, app, __main__) are modules at the top."""
    top = {p.stem for p in (REPO_ROOT / "iijviewer").glob("*.py")}
    assert top == {"__init__", "__main__", "app", "cli"}, "a core module belongs in a stage's folder"


def test_a_lower_stage_may_not_import_a_higher_one(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    target = project / "iijviewer" / "ingest" / "cells.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nimport iijviewer.library.store\n")

    result = run_lint_imports(project)

    assert result.returncode != 0, result.stdout + result.stderr
    assert "iijviewer.ingest.cells -> iijviewer.library.store" in result.stdout, result.stdout
    assert f"{contract_name('stages')} BROKEN" in result.stdout, result.stdout
