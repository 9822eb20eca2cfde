"""Taking documents out of the library: `iijviewer remove`, Remove from Library and Undo Import in the window,
and the question an import asks before it changes figures already chosen.

A removal gives back exactly the library before the import: the same facts,
findings and documents, the same files in the documents folder.  The releases
are our own (tests/test_import.full_year_release), one of them an altered copy
published later, so that its figure is chosen over the original's.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from iijviewer.library import importer, store
from iijviewer.library.changes import chosen_changes
from iijviewer.library.store import Library

sys.path.insert(0, str(Path(__file__).parent))
from test_import import FULL_YEAR_ID, full_year_release, run, snapshot, write  # noqa: E402

ORIGINAL_PAYABLE = "Accounts payable\t9,093,657\t104,944\t9,870,000"
ALTERED_PAYABLE = "Accounts payable\t9,093,657\t104,944\t9,880,000"


def altered_copy() -> str:
    """The release again five days later, one figure altered."""
    text = full_year_release()
    assert ORIGINAL_PAYABLE in text and "Tokyo, May 15, 2013" in text
    return text.replace(ORIGINAL_PAYABLE, ALTERED_PAYABLE).replace("Tokyo, May 15, 2013", "Tokyo, May 20, 2013")


def state(capsys: pytest.CaptureFixture[str], library: Path) -> dict[str, str]:
    """Everything a user can ask of the library: facts with history, findings, documents."""
    out = {}
    for command in (["facts", "--all"], ["check", "--format", "csv"], ["documents"]):
        code, text, err = run(capsys, *command, "--data-dir", str(library))
        assert code == 0, err
        out[command[0]] = text
    return out


def documents_folder(library: Path) -> dict[str, bytes | None]:
    return snapshot(library / store.DOCUMENTS_FOLDER)


@pytest.fixture
def library_with_release(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    library = tmp_path / "library"
    assert run(capsys, "import", str(write(tmp_path, "release.txt", full_year_release())), "--data-dir", str(library))[0] == 0
    return library


# -- the command line ------------------------------------------------------------------------------


def test_removing_an_import_gives_back_the_library_before_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, library_with_release: Path) -> None:
    library = library_with_release
    before, files_before = state(capsys, library), documents_folder(library)
    code, out, _ = run(capsys, "import", str(write(tmp_path, "copy.txt", altered_copy())), "--data-dir", str(library))
    assert code == 0 and "added to the library as 2013-05-20_press-release_FY2012.txt" in out
    assert state(capsys, library)["facts"] != before["facts"]

    code, out, err = run(capsys, "remove", "2013-05-20_press-release_FY2012", "--data-dir", str(library))

    assert code == 0, err
    assert out.splitlines()[0] == "2013-05-20_press-release_FY2012: removed from the library (2013-05-20_press-release_FY2012.txt)"
    assert "  figures whose chosen value changes: 1" in out
    assert "    Accounts payable (trade), 2013-03-31: JPY 9,880 million (2013-05-20_press-release_FY2012, line 46) becomes JPY 9,870 million" in out
    assert state(capsys, library) == before
    assert documents_folder(library) == files_before
    assert not (library / store.JOURNAL_NAME).exists()


def test_a_removal_takes_the_pdf_and_its_layout_with_the_text(capsys, qapp, tmp_path: Path) -> None:
    from printed import print_pdf

    from iijviewer.ingest.documents import split_lines

    library = tmp_path / "library"
    pdf = print_pdf(split_lines(full_year_release()), tmp_path / "release.pdf")
    assert run(capsys, "import", str(pdf), "--data-dir", str(library))[0] == 0
    assert sorted(documents_folder(library)) == [f"{FULL_YEAR_ID}.layout.json", f"{FULL_YEAR_ID}.pdf", f"{FULL_YEAR_ID}.txt"]

    code, out, _ = run(capsys, "remove", FULL_YEAR_ID, "--data-dir", str(library))

    assert code == 0 and f"{FULL_YEAR_ID}.pdf" in out.splitlines()[0]
    assert documents_folder(library) == {}
    assert not any(p.name != "library.snapshot" for p in (library / "cache").glob("*.json") if FULL_YEAR_ID in p.read_text())


@pytest.mark.parametrize(
    ("doc_id", "problem"),
    [
        ("2010-11-15_press-release_1H-FY2010-results", "bundled with iijviewer; only imported documents can be removed"),
        ("no-such-document", "no such document in the library"),
    ],
)
def test_a_removal_that_cannot_be_done_changes_nothing(
    capsys: pytest.CaptureFixture[str], library_with_release: Path, doc_id: str, problem: str
) -> None:
    before = snapshot(library_with_release)

    code, out, err = run(capsys, "remove", FULL_YEAR_ID, doc_id, "--data-dir", str(library_with_release))

    assert (code, out) == (2, "")
    assert problem in err and err.rstrip().endswith("nothing was removed")
    assert snapshot(library_with_release) == before


def test_a_removal_killed_midway_is_finished_by_the_next_load(library_with_release: Path) -> None:
    # the journal is written: the document is out, though its file is still there
    text = library_with_release / store.DOCUMENTS_FOLDER / f"{FULL_YEAR_ID}.txt"
    store.write_journal(library_with_release, {text.name: hashlib.sha256(text.read_bytes()).hexdigest()})

    library = Library.load(library_with_release)

    assert FULL_YEAR_ID not in {d.id for d in library.documents}
    assert not (library_with_release / store.DOCUMENTS_FOLDER / f"{FULL_YEAR_ID}.txt").exists()
    assert not (library_with_release / store.JOURNAL_NAME).exists()


def test_what_an_import_would_change_is_known_before_it_is_written(tmp_path: Path, library_with_release: Path) -> None:
    library = Library.load(library_with_release)
    prepared = importer.prepare_import([write(tmp_path, "copy.txt", altered_copy())], library_with_release)

    changes = importer.import_preview(prepared, library)

    assert [c.key for c in changes.changed] == [("accounts_payable", "2013-03-31", "actual")]
    assert (changes.changed[0].before.value, changes.changed[0].after.value) == (9_870_000_000, 9_880_000_000)
    assert not changes.removed
    assert len(list((library_with_release / store.DOCUMENTS_FOLDER).iterdir())) == 1  # nothing written yet
    assert importer.import_preview(importer.prepare_import([write(tmp_path, "same.txt", full_year_release())], library_with_release), library).none


def test_the_same_figure_from_another_document_is_no_change() -> None:
    library = Library.load(None, use_user_library=False)
    pr2012 = "2012-11-08_press-release_1H-FY2012-results"

    changes = chosen_changes(library.facts, library.without([pr2012]).facts)

    assert changes.removed and changes.changed  # it is the only source of some figures, the most precise of others
    assert all(c.before.value != c.after.value for c in changes.changed)
    assert all(c.before.source.document == pr2012 for c in (*changes.changed, *changes.removed))


# -- the window ------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, library_with_release: Path, tmp_path: Path, monkeypatch):
    from PySide6.QtCore import QSettings

    from iijviewer.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Library.load(library_with_release), settings)
    qtbot.addWidget(w)
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.information", lambda *a, **k: None)
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: None)
    return w


def import_in(qtbot, window, path: Path, answer: bool) -> list[tuple]:
    asked: list[tuple] = []
    window.ask = lambda *question: asked.append(question) or answer
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.run_import([str(path)])
    return asked


def test_an_import_that_changes_chosen_figures_asks_first_and_can_be_cancelled(qtbot, window, tmp_path: Path, library_with_release: Path) -> None:
    files_before = documents_folder(library_with_release)

    asked = import_in(qtbot, window, write(tmp_path, "copy.txt", altered_copy()), answer=False)

    (question,) = asked
    assert question[1] == "This import would change 1 figure the library has already chosen."
    assert question[3].startswith("Accounts payable (trade), 2013-03-31: JPY 9,870 million")
    assert documents_folder(library_with_release) == files_before
    assert window.index.value("accounts_payable", "2013-03-31") == 9_870_000_000
    assert not window.undo_import_action.isEnabled()


def test_an_import_that_changes_nothing_chosen_asks_nothing(qtbot, window, tmp_path: Path) -> None:
    release = full_year_release().replace("Tokyo, May 15, 2013", "Tokyo, May 16, 2013")  # the same figures a day later
    assert import_in(qtbot, window, write(tmp_path, "again.txt", release), answer=False) == []
    assert window.last_import == ["2013-05-16_press-release_FY2012"]


def test_undo_import_gives_back_the_library_before_it(qtbot, window, tmp_path: Path, library_with_release: Path) -> None:
    facts_before = {f.key: f.value for f in window.library.facts}
    files_before = documents_folder(library_with_release)
    import_in(qtbot, window, write(tmp_path, "copy.txt", altered_copy()), answer=True)
    assert window.index.value("accounts_payable", "2013-03-31") == 9_880_000_000
    assert window.undo_import_action.isEnabled() and window.undo_import_action.text() == "&Undo Import of 1 Document"

    asked: list[tuple] = []
    window.ask = lambda *question: asked.append(question) or True
    with qtbot.waitSignal(window.removal_finished, timeout=60000):
        window.undo_import_action.trigger()

    assert asked[0][0] == "Undo Import" and "2013-05-20_press-release_FY2012" in asked[0][1]
    assert "1 figure whose chosen value changes" in asked[0][2]
    assert {f.key: f.value for f in window.library.facts} == facts_before
    assert documents_folder(library_with_release) == files_before
    assert not window.undo_import_action.isEnabled()


def test_sources_offers_removal_of_imported_documents_only(qtbot, window) -> None:
    window.show_view("sources")
    sources = window.pages["sources"]
    sources.show_document("2010-11-15_press-release_1H-FY2010-results")
    assert not sources.remove_action.isEnabled()

    sources.show_document(FULL_YEAR_ID)
    assert sources.remove_action.isEnabled()
    window.ask = lambda *question: False  # the user cancels
    with qtbot.waitSignal(window.removal_finished, timeout=60000) as signal:
        sources.remove_action.trigger()
    assert "Nothing was removed" in signal.args[0]
    assert FULL_YEAR_ID in {d.id for d in window.library.documents}


@pytest.mark.parametrize(
    "journal",
    [
        json.dumps({"version": 2, "files": {f"{FULL_YEAR_ID}.txt": "0" * 64}}),  # another content than the document's
        json.dumps([f"{FULL_YEAR_ID}.txt"]),  # a journal of the first form proves nothing
        json.dumps({"version": 2, "files": [f"{FULL_YEAR_ID}.txt"]}),
    ],
)
def test_a_stale_journal_never_removes_a_committed_document(library_with_release: Path, journal: str) -> None:
    before = documents_folder(library_with_release)
    (library_with_release / store.JOURNAL_NAME).write_text(journal)

    library = Library.load(library_with_release)

    assert FULL_YEAR_ID in {d.id for d in library.documents}
    assert documents_folder(library_with_release) == before
    assert not (library_with_release / store.JOURNAL_NAME).exists()


def test_an_import_can_be_cancelled_while_it_reads_and_writes_nothing(qtbot, window, tmp_path: Path, library_with_release: Path, monkeypatch) -> None:
    import time

    from iijviewer.library import importer as imp

    files_before = documents_folder(library_with_release)
    slow = imp.validate

    def slowly(path, taken, progress=None):  # each file takes a moment, so the user can cancel between them
        time.sleep(0.2)
        return slow(path, taken, progress)

    monkeypatch.setattr(imp, "validate", slowly)
    files = [str(write(tmp_path, f"copy-{k}.txt", altered_copy().replace("9,880,000", f"9,88{k},000"))) for k in range(5)]
    with qtbot.waitSignal(window.import_finished, timeout=60000) as signal:
        window.run_import(files)
        assert not window.cancel_button.isHidden()
        qtbot.wait(100)
        window.cancel_button.click()

    assert signal.args[0].startswith("The import was cancelled.")
    assert documents_folder(library_with_release) == files_before
    assert window.cancel_button.isHidden() and window.import_action.isEnabled()


def test_closing_the_window_during_an_import_stops_it_and_waits_for_it(qtbot, window, tmp_path: Path, library_with_release: Path) -> None:
    files_before = documents_folder(library_with_release)
    window.run_import([str(write(tmp_path, "copy.txt", altered_copy()))])
    job = window._library_job

    window.close()

    assert not job.running  # joined: no thread left behind at exit
    assert documents_folder(library_with_release) == files_before or len(documents_folder(library_with_release)) == 2
