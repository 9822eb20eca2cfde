"""The code passes ruff and mypy as configured in pyproject.toml (issue 17: neither linter nor type checker was configured)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str] | None:
    try:
        import ruff  # noqa: F401  (the test extra installs it; its binary sits beside the interpreter)
    except ImportError:
        return [shutil.which("ruff")] if shutil.which("ruff") else None
    return [sys.executable, "-m", "ruff"]


def test_ruff_finds_nothing() -> None:
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run([*ruff, "check", "iijviewer", "tests", "bench", "docs"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # about 25 s with no mypy cache
def test_mypy_finds_nothing() -> None:
    try:
        import mypy  # noqa: F401  (the test extra installs it)
    except ImportError:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    # pyproject.toml's [tool.mypy] names the package and the settings; the cache beside it keeps a second run quick
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
