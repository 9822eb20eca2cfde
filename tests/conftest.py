"""Test-session setup: Qt without a screen, and no test touching the user's folders.

This runs before any test module imports Qt; the environment must be set
before the QApplication exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# Property tests draw the same examples every run (derandomized, no example
# database), so a red run is a change to the code and CI never rolls dice.
# IIJVIEWER_FUZZ_EXAMPLES=N explores instead: fresh random draws, N per fuzz
# test (tests/test_fuzz_reader.py); pin what it finds with @example.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile("explore" if os.environ.get("IIJVIEWER_FUZZ_EXAMPLES") else "repeatable")

# Tests never open real windows, on any platform and whatever the caller set.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

_SESSION_DIR = tempfile.mkdtemp(prefix="iijviewer-tests-")

# The library and caches of every command and window under test; the CLI's
# --data-dir and a test's own monkeypatch still override it.
os.environ["IIJVIEWER_DATA_DIR"] = os.path.join(_SESSION_DIR, "data")
os.makedirs(os.environ["IIJVIEWER_DATA_DIR"])

# Belt and braces for code that asks platformdirs or QStandardPaths directly:
# on Linux those follow the XDG variables, so they too land in the session dir.
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_SESSION_DIR, _name.lower())
# Qt warns when this is unset (as for root on a CI machine), and a Qt warning
# fails a test (qt_log_level_fail); it must be private to the user.
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = os.path.join(_SESSION_DIR, "runtime")
    os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700)


# -- slow tests ---------------------------------------------------------------------------------
# Tests marked `slow` (a megabyte of text per variant, child processes per case, a wheel built,
# a thousand repaints) are left out of a plain run, which stays quick; `--slow` adds them, `-m slow`
# runs only them, and a test named by its node id (file::test) runs whatever its marks. CI runs both.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (left out by default)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or config.getoption("markexpr"):
        return
    named = [arg for arg in config.args if "::" in arg]
    slow = {item for item in items if item.get_closest_marker("slow") and not any(_names(arg, item) for arg in named)}
    if slow:
        config.hook.pytest_deselected(items=[item for item in items if item in slow])
        items[:] = [item for item in items if item not in slow]


def _names(arg: str, item: pytest.Item) -> bool:
    """The command-line argument `path::test[...]` names this item (the path relative or absolute)."""
    path, _, rest = arg.partition("::")
    if os.path.abspath(path) != str(item.path):
        return False
    name = item.nodeid.partition("::")[2]
    return name == rest or name.startswith(rest + "[") or name.startswith(rest + "::")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def library():
    """The bundled library (no user documents), read once per test session; tests must not change it."""
    from iijviewer.library.store import Library

    return Library.load(use_user_library=False)


@pytest.fixture(scope="session")
def index(library):
    """The viewer's fact index over the bundled library."""
    from iijviewer.views.viewdata import FactIndex

    return FactIndex.from_library(library)
