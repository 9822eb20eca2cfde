"""The standalone build (packaging/): its files, and the built program started headless.

Building takes minutes, so a run without a build only checks the packaging
files.  When dist/iijviewer/ holds a build (packaging/build.sh made one) the
built program is run headless (`--version`, `--screenshot`); with
IIJVIEWER_BUILD_TEST=1 and PyInstaller installed, a missing build is made first.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iijviewer import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
BUILT = ROOT / "dist" / "iijviewer" / ("iijviewer.exe" if os.name == "nt" else "iijviewer")


def test_the_desktop_entry_starts_the_program_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "iijviewer.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "iijviewer"
    assert section["Icon"] == "iijviewer"
    assert section["Terminal"] == "false"


def test_the_icon_comes_in_the_sizes_the_platforms_need() -> None:
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        png = PACKAGING / "icons" / f"iijviewer-{n}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (n, n)
        assert len(data) < 32 * 1024  # small enough to keep in the repository


def test_the_spec_ships_the_resources_and_every_page() -> None:
    spec = (PACKAGING / "iijviewer.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec
    assert 'collect_submodules("iijviewer")' in spec  # the pages are imported by name


def _built_program() -> Path:
    """The built program: tested whenever a build is there; built first when asked to and PyInstaller is present."""
    if BUILT.exists():
        return BUILT
    if os.environ.get("IIJVIEWER_BUILD_TEST") != "1":
        pytest.skip("no build in dist/iijviewer (packaging/build.sh; IIJVIEWER_BUILD_TEST=1 builds one, minutes)")
    if importlib.util.find_spec("PyInstaller") is None or shutil.which("bash") is None:
        pytest.skip("no build in dist/iijviewer and no PyInstaller to make one")
    env = dict(os.environ, BUILD_VENV=str(Path(sys.executable).parents[1]))
    subprocess.run(["bash", str(PACKAGING / "build.sh")], cwd=ROOT, env=env, check=True, timeout=1800)
    return BUILT


def test_the_built_program_says_its_version() -> None:
    program = _built_program()
    done = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"iijviewer {__version__}"


def test_the_built_program_draws_the_window_from_its_bundled_documents(tmp_path: Path) -> None:
    program = _built_program()
    picture = tmp_path / "start.png"
    (tmp_path / "library").mkdir()  # a data folder that exists: the program caches what it read there
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("IIJVIEWER_DATA_DIR", None)
    done = subprocess.run(
        [str(program), "--data-dir", str(tmp_path / "library"), "--screenshot", str(picture), "--view", "statements"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the bundled documents were read and cached in the data folder the program was given
    assert len(list((tmp_path / "library" / "cache").glob("*.json"))) >= 5


def test_the_built_program_knows_its_code_and_starts_again_from_its_snapshot(tmp_path: Path) -> None:
    """A build has bytecode only: the code stamp made at build time keys its caches (another build, another stamp)."""
    program = _built_program()
    from iijviewer.base import codestamp

    stamp = (program.parent / "_internal" / "code.sha256").read_text(encoding="ascii").strip()
    assert len(stamp) == 64 and int(stamp, 16) >= 0 and stamp != codestamp.EMPTY
    library = tmp_path / "library"
    library.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("IIJVIEWER_DATA_DIR", None)
    snapshot = library / "cache" / "library.snapshot"
    made = []
    for n in range(2):
        done = subprocess.run(
            [str(program), "--data-dir", str(library), "--screenshot", str(tmp_path / f"{n}.png")],
            capture_output=True, text=True, env=env, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        made.append((snapshot.stat().st_ino, snapshot.stat().st_mtime_ns))
    assert made[0] == made[1]  # written by the first start (replaced atomically), only read by the second


@pytest.mark.slow  # pip builds the wheel in an isolated environment
def test_a_wheel_carries_every_resource_and_reads_them_installed(tmp_path: Path) -> None:
    """`pip install .` (a wheel) must give a working program, not only the editable install."""
    import zipfile

    built = subprocess.run(  # pip builds it as an install does, in an isolated environment with the build backend
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("iijviewer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert resources and {f"iijviewer/{r}" for r in resources} <= names
    # the installed layout finds them inside the package
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    found = subprocess.run(
        [sys.executable, "-c", "from iijviewer.base.paths import resources_dir; print(resources_dir())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    assert found.stdout.strip() == str((tmp_path / "site" / "iijviewer" / "resources").resolve())
