"""No traceback reaches a user: unexpected errors go to the log, the user gets one line or a dialog naming it.

Failures are injected with monkeypatch where the program could really fail
(reading the library, an import); the command line must then exit 2 with one
line, the viewer must show a dialog, and the log must hold the traceback.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer

from iijviewer import app, cli
from iijviewer.base import errorlog
from iijviewer.library import importer, store
from iijviewer.library.store import Library
from iijviewer.ui.main_window import MainWindow


class Boom(RuntimeError):
    pass


def _fail(*args, **kwargs):
    raise Boom("the disk said no\nand went on about it")


def log_text(data_dir: Path) -> str:
    return (data_dir / errorlog.LOG_FOLDER / errorlog.LOG_NAME).read_text(encoding="utf-8")


# -- the command line --------------------------------------------------------------


@pytest.mark.parametrize("argv", [["facts"], ["check"], ["documents"], ["export", "--xlsx", "{tmp}/a.xlsx"]])
def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(capsys, tmp_path, monkeypatch, argv) -> None:
    monkeypatch.setattr(store.Library, "load", classmethod(_fail))
    data = tmp_path / "library"
    code = cli.main([a.format(tmp=tmp_path) for a in argv] + ["--data-dir", str(data)])
    out, err = capsys.readouterr()
    log = data / errorlog.LOG_FOLDER / errorlog.LOG_NAME
    assert (code, out) == (2, "")
    assert err == f"iijviewer: unexpected error: Boom: the disk said no and went on about it; details in {log}\n"
    text = log_text(data)
    assert "Traceback (most recent call last)" in text and "Boom: the disk said no" in text and "def _fail" not in err


def test_an_unexpected_error_during_an_import_leaves_the_library_as_it_was(capsys, tmp_path, monkeypatch) -> None:
    from test_import import full_year_release, snapshot, write

    data = tmp_path / "library"
    data.mkdir()
    before = snapshot(data)
    monkeypatch.setattr(importer.store, "write_journal", _fail)
    code = cli.main(["import", str(write(tmp_path, "fy.txt", full_year_release())), "--data-dir", str(data)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and err.startswith("iijviewer: unexpected error: Boom")
    after = {k: v for k, v in snapshot(data).items() if not k.startswith(("logs", "cache", ".lock"))}
    assert after == {k: v for k, v in before.items()} | {"documents": None}
    assert not list((data / "documents").iterdir())


def test_without_a_usable_data_folder_the_log_goes_to_the_temporary_folder(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(store.Library, "load", classmethod(_fail))
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    not_a_folder = tmp_path / "library"
    not_a_folder.write_bytes(b"a file")
    monkeypatch.setenv("IIJVIEWER_DATA_DIR", str(not_a_folder))  # as --data-dir, it would be refused before any work
    assert cli.main(["facts"]) == 2
    _, err = capsys.readouterr()
    logs = list((tmp_path / "tmp").rglob(errorlog.LOG_NAME))
    assert len(logs) == 1 and err.endswith(f"; details in {logs[0]}\n")
    assert "Boom" in logs[0].read_text(encoding="utf-8")
    assert not_a_folder.read_bytes() == b"a file"


def test_the_log_rotates(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2000)
    monkeypatch.setattr(errorlog, "_handler", None)
    for _ in range(30):
        try:
            _fail()
        except Boom as e:
            errorlog.record(type(e), e, e.__traceback__, tmp_path)
    files = sorted(p.name for p in (tmp_path / errorlog.LOG_FOLDER).iterdir())
    assert files == [errorlog.LOG_NAME] + [f"{errorlog.LOG_NAME}.{i}" for i in range(1, errorlog.BACKUPS + 1)]


# -- the viewer --------------------------------------------------------------------


@pytest.fixture
def hooks(tmp_path, monkeypatch):
    """The viewer's exception hooks, installed for one test; the dialogs they show."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    app.install_exception_hooks(tmp_path / "library")
    return shown


def _assert_shown(shown: list[str], data: Path) -> None:
    assert len(shown) == 1
    assert "Boom: the disk said no and went on about it" in shown[0]
    assert str(data / errorlog.LOG_FOLDER / errorlog.LOG_NAME) in shown[0]
    assert "Traceback" not in shown[0] and "Traceback" in log_text(data)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_dialog_with_the_log(qtbot, hooks, tmp_path) -> None:
    QTimer.singleShot(0, _fail)
    qtbot.waitUntil(lambda: bool(hooks), timeout=5000)
    _assert_shown(hooks, tmp_path / "library")


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_a_worker_thread_shows_a_dialog_on_the_gui_thread(qtbot, hooks, tmp_path) -> None:
    worker = threading.Thread(target=_fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(hooks), timeout=5000)
    _assert_shown(hooks, tmp_path / "library")


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_on_the_main_thread_shows_a_dialog(qtbot, hooks, tmp_path) -> None:
    try:
        _fail()
    except Boom:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(hooks), timeout=5000)
    _assert_shown(hooks, tmp_path / "library")


def test_an_import_that_fails_unexpectedly_names_the_problem_and_the_log(qtbot, tmp_path, monkeypatch) -> None:
    data = tmp_path / "library"
    window = MainWindow(Library.load(data), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    monkeypatch.setattr(importer, "prepare_import", _fail)
    shown = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.run_import([str(tmp_path / "release.txt")])
    assert shown and "Boom: the disk said no" in shown[0]
    assert str(data / errorlog.LOG_FOLDER / errorlog.LOG_NAME) in shown[0]
    assert "Traceback" in log_text(data)
    assert window.import_action.isEnabled()


def test_an_import_whose_library_cannot_be_read_again_says_the_documents_are_in(qtbot, tmp_path, monkeypatch) -> None:
    """The files are committed, then reading the library fails: the dialog must not claim nothing changed."""
    from iijviewer.ingest.documents import bundled_documents

    data = tmp_path / "library"
    window = MainWindow(Library.load(data), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    release = tmp_path / "release.txt"
    release.write_text(bundled_documents()[1].path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    monkeypatch.setattr(store.Library, "findings", property(_fail))  # after the commit, on the worker
    shown = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.run_import([str(release)])
    assert shown and "were imported" in shown[0] and "Boom: the disk said no" in shown[0]
    assert "left as it was" not in shown[0]
    assert len(list((data / store.DOCUMENTS_FOLDER).glob("*.txt"))) == 1  # it is in the library
    assert window.import_action.isEnabled()


def _release(tmp_path: Path) -> Path:
    from iijviewer.ingest.documents import bundled_documents

    release = tmp_path / "release.txt"
    release.write_text(bundled_documents()[1].path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    return release


def test_an_import_whose_report_fails_after_the_commit_shows_the_documents_and_says_so(qtbot, tmp_path, monkeypatch) -> None:
    data = tmp_path / "library"
    window = MainWindow(Library.load(data), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    monkeypatch.setattr(importer._Reports, "add", _fail)  # after the journal is gone: the documents are in
    warned, told = [], []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.information", lambda *a, **k: told.append(a[2]))
    documents = len(window.library.documents)
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.run_import([str(_release(tmp_path))])
    assert not warned and told
    assert "imported" in told[0] and "could not be reported" in told[0] and "Boom: the disk said no" in told[0]
    assert "left as it was" not in told[0]
    assert len(window.library.documents) == documents + 1  # shown
    assert "Traceback" in log_text(data)


def test_the_command_line_says_an_import_is_in_when_only_its_report_failed(capsys, tmp_path, monkeypatch) -> None:
    data = tmp_path / "library"
    monkeypatch.setattr(importer._Reports, "add", _fail)
    assert cli.main(["--data-dir", str(data), "import", str(_release(tmp_path))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1 document imported" in err[0] and "could not be reported" in err[0] and "Boom" in err[0]
    assert len(list((data / store.DOCUMENTS_FOLDER).glob("*.txt"))) == 1
    assert "Traceback" in log_text(data)


def test_an_unexpected_error_on_a_full_disk_is_still_one_line(capsys, tmp_path, monkeypatch) -> None:
    """The log cannot be written (a full disk): one line says so, no second traceback from the logging."""
    import logging

    def disk_full(self, record: logging.LogRecord) -> None:
        try:
            raise OSError(28, "No space left on device")
        except OSError:
            self.handleError(record)

    monkeypatch.setattr(errorlog._QuietHandler, "emit", disk_full)
    monkeypatch.setattr(cli, "cmd_facts", _fail)

    code = cli.main(["facts", "--data-dir", str(tmp_path / "library")])

    err = capsys.readouterr().err
    assert code == 2
    assert err == "iijviewer: unexpected error: Boom: the disk said no and went on about it; no log could be written\n"
