"""A library folder whose files were replaced by things that are not files: nothing hangs, nothing grows without end.

A FIFO blocks a read for ever; a symlink to /dev/zero never ends.  Each case
runs the command line in a child process with a deadline, so a regression is
a failure, not a hung suite.  POSIX only (FIFOs, /dev/zero).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_import import FULL_YEAR_ID, full_year_release, write

from iijviewer.base.safefile import NotAFile, TooLarge, read_regular
from iijviewer.library import cache, snapshot, store

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev/zero")
DEADLINE = 60  # seconds; each command takes one or two


def iijviewer(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iijviewer.cli", *argv], capture_output=True, text=True, timeout=DEADLINE, encoding="utf-8"
    )


@pytest.fixture(scope="module")
def built_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with one import, its caches and snapshot: made once, by two child processes."""
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "library"
    assert iijviewer("import", str(write(tmp, "release.txt", full_year_release())), "--data-dir", str(folder)).returncode == 0
    assert iijviewer("facts", "--data-dir", str(folder)).returncode == 0  # the snapshot is written
    return folder


@pytest.fixture
def library(built_library: Path, tmp_path: Path) -> Path:
    """This test's own copy of the library, to damage (nothing in the folder names where it lies)."""
    folder = tmp_path / "library"
    shutil.copytree(built_library, folder, symlinks=True)
    return folder


def replace_with(path: Path, what: str) -> None:
    path.unlink(missing_ok=True)
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("what", ["fifo", "endless"])
def test_a_document_that_is_no_file_is_reported_and_the_rest_is_read(library: Path, what: str) -> None:
    replace_with(library / store.DOCUMENTS_FOLDER / "planted.txt", what)

    listed = iijviewer("documents", "--data-dir", str(library))
    report = iijviewer("documents", "--report", "--data-dir", str(library))

    assert listed.returncode == 0 and FULL_YEAR_ID in listed.stdout and "planted" not in listed.stdout
    assert "planted.txt: cannot be read" in report.stdout


# a plain run plants a FIFO as the snapshot; --slow plants both kinds in every place (five child processes each)
@pytest.mark.parametrize(
    "where, what",
    [
        pytest.param(where, what, marks=() if (where, what) in {("snapshot", "fifo")} else pytest.mark.slow)
        for what in ("fifo", "endless")
        for where in ("snapshot", "cache entry", "journal")
    ],
)
def test_library_state_that_is_no_file_is_done_without(library: Path, what: str, where: str) -> None:
    if where == "snapshot":
        target = snapshot.snapshot_path(library)
    elif where == "journal":
        target = library / store.JOURNAL_NAME
    else:
        target = next(p for p in (library / cache.CACHE_FOLDER).glob("*.json"))
    before = iijviewer("facts", "--data-dir", str(library)).stdout
    replace_with(target, what)

    for command in (["facts"], ["check"], ["documents"]):
        done = iijviewer(*command, "--data-dir", str(library))
        assert done.returncode == 0, done.stderr
    assert iijviewer("facts", "--data-dir", str(library)).stdout == before  # every figure still there


def test_read_regular_refuses_what_is_no_file_or_too_large(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotAFile):
        read_regular(fifo, 100)
    with pytest.raises(NotAFile):
        read_regular(tmp_path, 100)
    endless = tmp_path / "endless"
    endless.symlink_to("/dev/zero")
    with pytest.raises(NotAFile):  # a character device
        read_regular(endless, 100)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_regular(big, 100)
    assert read_regular(big, 101) == b"x" * 101


# -- outputs replace regular files only -------------------------------------------------------------


OUTPUT_COMMANDS = [["facts", "--output"], ["export", "--csv"], ["export", "--xlsx"], ["check", "--output"]]
OUTPUT_TARGETS = ["fifo", "device", "link to a fifo"]


# a plain run tries each command and each kind of target once; --slow every pair (a child process each)
@pytest.mark.parametrize(
    "command, what",
    [
        pytest.param(command, what, marks=() if i == j or (i, j) == (3, 0) else pytest.mark.slow, id=f"{' '.join(command)}-{what}")
        for i, command in enumerate(OUTPUT_COMMANDS)
        for j, what in enumerate(OUTPUT_TARGETS)
    ],
)
def test_an_output_onto_a_special_file_is_refused_and_leaves_it(tmp_path: Path, command: list[str], what: str) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = {"fifo": fifo, "device": Path("/dev/null"), "link to a fifo": tmp_path / "link"}[what]
    if what == "link to a fifo":
        target.symlink_to(fifo)

    done = iijviewer(*command, str(target), "--data-dir", str(tmp_path / "library"))

    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"iijviewer: {target}: cannot write: it is not a regular file (a device, a FIFO or a socket): choose a file\n"
    assert Path("/dev/null").is_char_device() and fifo.is_fifo()


def test_an_output_through_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "facts.csv"
    real.write_text("yesterday")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)

    assert iijviewer("facts", "--output", str(link), "--data-dir", str(tmp_path / "library")).returncode == 0

    assert link.is_symlink() and real.read_text().startswith("concept,period,scenario,")


def test_temporaries_of_a_killed_writer_go_and_a_planted_one_is_no_obstacle(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".facts.csv.{dead}.0000.tmp"  # left by a writer killed before it finished
    stale.write_text("half")
    planted = tmp_path / f".facts.csv.{os.getpid()}.tmp"  # the name an older version would have used
    planted.write_text("in the way")

    assert iijviewer("facts", "--output", str(tmp_path / "facts.csv"), "--data-dir", str(tmp_path / "library")).returncode == 0

    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [planted.name]  # not ours to remove


# -- text from documents leaves the program as text ----------------------------------------------------

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid","IIJ Announces") <img src="x"> \x1b[31mRESULTS\x1b[0m'


def test_text_safety_rules() -> None:
    from iijviewer.base.safefile import plain_tip, printable, table_cell

    assert printable("a\x1b[31mb\x07c\td\ne\x9b") == "a[31mbc\td\ne"
    assert table_cell('=SUM(A1)') == "'=SUM(A1)" and table_cell("@x") == "'@x" and table_cell("-1,234") == "-1,234"
    assert table_cell("two\tcells\nand lines") == "two cells and lines"
    assert plain_tip("plain") == "plain"
    assert plain_tip('<img src="x"> & <b>') == "<p style='white-space:pre-wrap'>&lt;img src=\"x\"&gt; &amp; &lt;b&gt;</p>"


def hostile_release(tmp_path: Path) -> Path:
    text = full_year_release().replace("IIJ Announces Financial Results for the Fiscal Year Ended March 31, 2013", HOSTILE_TITLE, 1)
    assert HOSTILE_TITLE in text
    return write(tmp_path, "hostile.txt", text)


def test_a_hostile_title_reaches_the_terminal_without_its_escapes(tmp_path: Path) -> None:
    library = tmp_path / "library"
    assert iijviewer("import", str(hostile_release(tmp_path)), "--data-dir", str(library)).returncode == 0

    listed = iijviewer("documents", "--data-dir", str(library)).stdout

    assert "\x1b" not in listed and "[31mRESULTS[0m" in listed


def test_a_hostile_title_is_copied_as_text_and_shown_as_text(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from iijviewer.library import importer
    from iijviewer.library.store import Library
    from iijviewer.ui.sources import SourcesPanel
    from iijviewer.views.viewdata import FactIndex

    importer.import_documents([hostile_release(tmp_path)], tmp_path / "library")
    library = Library.load(tmp_path / "library")
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_data(library, FactIndex.from_library(library))
    model = panel.document_model
    row = next(r for r in range(model.rowCount()) if not model.document(r).bundled)

    panel.documents_view.selectRow(row)
    panel.documents_view.setFocus()
    copied = panel.copy_text()
    tip = model.data(model.index(row, model.TITLE), Qt.ItemDataRole.ToolTipRole)

    title_cell = copied.splitlines()[1].split("\t")[model.TITLE]
    assert title_cell.startswith("'=HYPERLINK(") and "\x1b" not in copied
    assert "<img" not in tip and "&lt;img" in tip


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Internet Initiative Japan Inc.\n" + "Revenues\t1,234\n" * 60_000, "60,001 lines (the most a document may have is 50,000)"),
        ("Internet Initiative Japan Inc.\nRevenues were JPY1 million " + "x" * 200_000 + "\n", "a line of 200,027 characters"),
    ],
    ids=["too many lines", "too long a line"],
)
def test_a_document_larger_than_any_iij_release_is_refused_at_once(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, "huge.txt", text)

    done = iijviewer("import", str(path), "--data-dir", str(tmp_path / "library"))

    assert done.returncode == 2 and f"{path}: is larger than any IIJ document: {problem}" in done.stderr
    assert not (tmp_path / "library" / "documents").exists()


@pytest.mark.parametrize("damage", ["emptied", "rewritten"])
def test_a_document_damaged_in_place_is_reported_with_what_was_lost(library: Path, damage: str) -> None:
    text = library / store.DOCUMENTS_FOLDER / f"{FULL_YEAR_ID}.txt"
    figures = int(next(line for line in iijviewer("documents", "--data-dir", str(library)).stdout.splitlines() if line.startswith(FULL_YEAR_ID)).split("\t")[4].split()[0])
    text.write_bytes(b"" if damage == "emptied" else b"Internet Initiative Japan Inc.\n\nNothing to see here.\n")

    report = iijviewer("documents", "--report", "--data-dir", str(library)).stdout

    said = "it is empty now" if damage == "emptied" else "its text differs"
    assert f"{FULL_YEAR_ID}.txt has changed since it was read ({said}): it gave {figures:,} figures then, 0 now" in report
    again = iijviewer("documents", "--report", "--data-dir", str(library)).stdout  # said at every start, from the snapshot too
    assert f"{FULL_YEAR_ID}.txt has changed since it was read" in again


def test_a_documents_folder_that_cannot_be_written_is_named_not_a_temporary_file(tmp_path: Path, monkeypatch) -> None:
    from iijviewer.library import cache as library_cache
    from iijviewer.library import importer

    def read_only(target: Path, data: bytes) -> Path:  # what a read-only folder answers, also to root
        raise PermissionError(13, "Permission denied", str(target.parent / f".{target.name}.1234.tmp"))

    monkeypatch.setattr(library_cache, "write_temporary", read_only)
    folder = tmp_path / "library"
    (folder / store.DOCUMENTS_FOLDER).mkdir(parents=True)

    with pytest.raises(importer.LibraryWriteError) as caught:
        importer.import_documents([write(tmp_path, "release.txt", full_year_release())], folder)

    assert str(caught.value) == f"{folder / store.DOCUMENTS_FOLDER}: cannot write to the library (Permission denied); nothing was imported"
