"""The library survives: killed imports, two imports at once, unusable data folders.

These run `iijviewer import` as real processes: a killed process and a
contended lock cannot be faked inside one interpreter.  The importer's test
hook (`IIJVIEWER_TEST_PAUSE`) stops a process at a chosen stage of the write
and says so on standard error, so a test kills it exactly there.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_import import (
    FIRST_QUARTER_ID,
    FULL_YEAR_ID,
    FY2012_TARGETS,
    NINE_MONTHS_ID,
    first_quarter_release,
    full_year_release,
    nine_month_release,
    snapshot,
    write,
)

from iijviewer.library import importer, locking
from iijviewer.library.store import JOURNAL_NAME, Library

# the most a test waits for a child process; they finish in seconds
CHILD_SECONDS = 120


def start_import(data_dir: Path, *files: Path, pause: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop(importer.PAUSE_ENV, None)
    if pause:
        env[importer.PAUSE_ENV] = pause
    argv = [sys.executable, "-m", "iijviewer.cli", "import", *map(str, files), "--data-dir", str(data_dir)]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def wait_until_paused(proc: subprocess.Popen[str], stage: str) -> None:
    line = proc.stderr.readline()
    assert line == f"iijviewer: paused at {stage}\n", line + proc.stderr.read()


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=CHILD_SECONDS)
    return proc.returncode, out, err


def facts_of(library: Library) -> list:
    return sorted((f.concept, f.period, f.scenario, f.value, f.source) for f in library.facts)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, inbox: Path) -> Path:
    """A library with one imported document and every cache entry written."""
    folder = tmp_path / "library"
    assert importer.import_documents([write(inbox, "9m.txt", nine_month_release())], folder).ok
    Library.load(folder)
    return folder


# -- a killed import -------------------------------------------------------------


# a child process killed at each stage: the middle one in a plain run, all three with --slow
@pytest.mark.parametrize("stage", [pytest.param("locked", marks=pytest.mark.slow), "written", pytest.param("renaming", marks=pytest.mark.slow)])
def test_a_killed_import_leaves_the_library_as_it_was(data_dir: Path, inbox: Path, stage: str) -> None:
    before, before_facts = snapshot(data_dir), facts_of(Library.load(data_dir))
    files = write(inbox, "fy.txt", full_year_release()), write(inbox, "1q.txt", first_quarter_release())
    proc = start_import(data_dir, *files, pause=stage)
    wait_until_paused(proc, stage)
    documents = sorted(p.name for p in (data_dir / "documents").iterdir())
    if stage == "written":  # the copies are on disk, under names no load reads
        assert len([n for n in documents if n.endswith(".tmp")]) == 2
    if stage == "renaming":  # half of the import is in place
        assert (data_dir / JOURNAL_NAME).exists() and f"{FULL_YEAR_ID}.txt" in documents

    proc.kill()
    proc.wait(CHILD_SECONDS)

    library = Library.load(data_dir)  # the next start
    assert facts_of(library) == before_facts
    assert snapshot(data_dir) == before  # no partial document, journal or temporary file is left
    # and the library takes the same import again
    again = importer.import_documents(files, data_dir)
    assert [f.document for f in again.files] == [FULL_YEAR_ID, FIRST_QUARTER_ID]


def test_a_live_imports_documents_are_not_read_before_it_finishes(data_dir: Path, inbox: Path) -> None:
    before_facts = facts_of(Library.load(data_dir))
    files = write(inbox, "fy.txt", full_year_release()), write(inbox, "1q.txt", first_quarter_release())
    proc = start_import(data_dir, *files, pause="renaming")
    try:
        wait_until_paused(proc, "renaming")
        # a viewer starting now neither undoes the import nor shows half of it
        assert facts_of(Library.load(data_dir)) == before_facts
        assert (data_dir / JOURNAL_NAME).exists()
    finally:
        proc.kill()
        proc.wait(CHILD_SECONDS)


def test_temporary_files_of_a_killed_writer_are_ignored_then_removed(data_dir: Path) -> None:
    stray = data_dir / "documents" / f".{FULL_YEAR_ID}.txt.4242.deadbeef.tmp"
    stray.write_bytes(full_year_release().encode()[:1000])
    cache_stray = data_dir / "cache" / ".0123.json.4242.deadbeef.tmp"
    cache_stray.write_bytes(b'{"format": 1, "fac')
    library = Library.load(data_dir)
    assert [d.id for d in library.documents if not d.bundled] == [NINE_MONTHS_ID]
    assert not library.problems
    assert not stray.exists() and not cache_stray.exists()


def test_a_damaged_journal_removes_nothing_outside_the_documents(data_dir: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (data_dir / JOURNAL_NAME).write_text(f'["../../precious.txt", "{precious}", 7, "..", ""]')
    assert [d.id for d in Library.load(data_dir).documents if not d.bundled] == [NINE_MONTHS_ID]
    assert precious.read_text() == "keep me"
    assert not (data_dir / JOURNAL_NAME).exists()
    (data_dir / JOURNAL_NAME).write_bytes(b"\x00\xff not json")
    assert [d.id for d in Library.load(data_dir).documents if not d.bundled] == [NINE_MONTHS_ID]


# -- two imports at once -----------------------------------------------------------


REVISED = full_year_release(targets=FY2012_TARGETS | {"operating": 7_400})  # another document of the same name


@pytest.mark.parametrize("second", ["first quarter", pytest.param("revised full year", marks=pytest.mark.slow)])
def test_two_processes_importing_at_once_both_succeed(data_dir: Path, inbox: Path, second: str) -> None:
    first = write(inbox, "fy.txt", full_year_release())
    other = write(inbox, "other.txt", first_quarter_release() if second == "first quarter" else REVISED)
    expected = FIRST_QUARTER_ID if second == "first quarter" else f"{FULL_YEAR_ID}_{hashlib.sha256(other.read_bytes()).hexdigest()[:8]}"

    a = start_import(data_dir, first, pause="locked:2")
    wait_until_paused(a, "locked")  # a holds the lock while b reads its file and wants to write
    b = start_import(data_dir, other)
    (code_a, out_a, err_a), (code_b, out_b, err_b) = finish(a), finish(b)

    assert (code_a, err_a) == (0, "")
    assert (code_b, err_b) == (0, "")
    assert f"added to the library as {FULL_YEAR_ID}.txt" in out_a
    assert f"added to the library as {expected}.txt" in out_b
    library = Library.load(data_dir)
    assert sorted(d.id for d in library.documents if not d.bundled) == sorted([NINE_MONTHS_ID, FULL_YEAR_ID, expected])
    assert sorted(p.name for p in (data_dir / "documents").iterdir()) == sorted(
        f"{i}.txt" for i in (NINE_MONTHS_ID, FULL_YEAR_ID, expected)
    )
    assert not library.problems and not (data_dir / JOURNAL_NAME).exists()
    assert {f.source.document for f in library.raw} >= {FULL_YEAR_ID, expected}


def test_an_import_that_cannot_get_the_lock_says_so(data_dir: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "DEFAULT_TIMEOUT", 0.2)
    before = snapshot(data_dir)
    holder = start_import(data_dir, write(inbox, "fy.txt", full_year_release()), pause="locked:30")
    try:
        wait_until_paused(holder, "locked")
        with pytest.raises(importer.LibraryWriteError, match="another iijviewer"):
            importer.import_documents([write(inbox, "1q.txt", first_quarter_release())], data_dir)
    finally:
        holder.kill()
        holder.wait(CHILD_SECONDS)
    assert snapshot(data_dir) == before


def test_the_garbage_collector_resumes_only_when_the_last_loader_is_done() -> None:
    # a library loaded on an import's worker thread while the window loads another
    import gc
    import threading

    from iijviewer.library.store import many_objects

    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with many_objects():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=worker)
    with many_objects():
        t.start()
        inside.wait(10)
    assert not gc.isenabled()  # the worker still loads: the window's load ending must not switch it back on
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_a_load_never_sees_part_of_an_import_that_commits_while_it_lists(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forced timing: the folder is found tidy, then an import writes its journal and renames a file before the listing."""
    import iijviewer.library.store as store

    text = full_year_release().encode("utf-8")
    settled = store.settle

    def an_import_commits_meanwhile(folder: Path) -> set[str]:
        found = settled(folder)
        store.write_journal(folder, {f"{FULL_YEAR_ID}.txt": hashlib.sha256(text).hexdigest()})
        (folder / store.DOCUMENTS_FOLDER / f"{FULL_YEAR_ID}.txt").write_bytes(text)
        return found

    monkeypatch.setattr(store, "settle", an_import_commits_meanwhile)

    ids = {d.id for d in Library.load(data_dir).documents if not d.bundled}

    assert ids == {NINE_MONTHS_ID}  # the import under way is not in the library until it finishes


def test_the_library_lock_is_reentrant_in_a_thread_and_excludes_other_threads(tmp_path: Path) -> None:
    import threading

    outcome: list[str] = []

    def other() -> None:
        try:
            with locking.library_lock(tmp_path, timeout=0.1):
                outcome.append("taken")
        except locking.LibraryBusy as e:
            outcome.append(str(e))

    with locking.library_lock(tmp_path):
        with locking.library_lock(tmp_path, timeout=0):  # an import writing a cache entry while it holds the lock
            assert locking.held(tmp_path)
        assert locking.held(tmp_path)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert not locking.held(tmp_path)
    assert outcome == [f"{tmp_path}: another iijviewer is changing this library"]
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert outcome[-1] == "taken"  # released by its holder, it is free for the next
