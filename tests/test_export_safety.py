"""Export safety end to end, from the command line and from the window.

tests/test_export.py checks the export module itself; these go through
`iijviewer export` and the window's File menu: a target that cannot be written
ends in exit status 2 with one line, or in a dialog naming the file; an
existing target is byte for byte as it was after any failure; text from
documents that looks like a formula is still text when the file is opened.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings

from iijviewer import cli
from iijviewer.base import safefile
from iijviewer.library import store
from iijviewer.library.store import Library
from iijviewer.ui.main_window import MainWindow

YESTERDAY = b"the workbook from yesterday"
FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "@SUM(A1)", "+1+1", "=cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def evil(library: Library) -> Library:
    """The bundled library with printed labels and a document title that a spreadsheet would evaluate."""
    concepts = ["revenue_total", "cost_total", "income_before_income_tax", "operating_income"]
    labels = dict(zip(concepts, FORMULAS))
    raw = [dataclasses.replace(r, label=labels.get(r.concept, r.label)) if r.period == "FY2010-H1" else r for r in library.raw]
    documents = [dataclasses.replace(library.documents[0], title="=1+1")] + list(library.documents[1:])
    return Library(documents, raw, list(library.report))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def existing(folder: Path, name: str) -> Path:
    target = folder / name
    target.write_bytes(YESTERDAY)
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line(err: str, *parts: str) -> None:
    assert err.startswith("iijviewer: ") and err.count("\n") == 1 and "Traceback" not in err
    for part in parts:
        assert part in err


def locked_replace(src, dst):
    raise PermissionError(13, "The process cannot access the file because it is being used by another process")


def read_only_create(path):
    raise PermissionError(13, "Permission denied", str(path))


# -- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--xlsx", "--csv"])
def test_cli_a_locked_target_fails_in_one_line_and_stays_as_it_was(capsys, folder, monkeypatch, option) -> None:
    target = existing(folder, "book.xlsx" if option == "--xlsx" else "facts.csv")
    monkeypatch.setattr(safefile.os, "replace", locked_replace)
    code, out, err = run(capsys, "export", option, str(target), "--statements", "per_share")
    assert (code, out) == (2, "")
    assert_one_line(err, str(target), "open in another program or is read-only")
    assert target.read_bytes() == YESTERDAY
    assert os.listdir(folder) == [target.name]


@pytest.mark.parametrize("option", ["--xlsx", "--csv"])
def test_cli_a_read_only_folder_fails_in_one_line(capsys, folder, monkeypatch, option) -> None:
    # as the OS answers for a read-only folder, also when the tests run as root
    monkeypatch.setattr(safefile, "_create", read_only_create)
    target = existing(folder, "book.xlsx")
    code, out, err = run(capsys, "export", option, str(target), "--statements", "per_share")
    assert (code, out) == (2, "")
    assert_one_line(err, str(target), f"the folder {folder} is not writable")
    assert target.read_bytes() == YESTERDAY


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not stop root")
def test_cli_a_really_read_only_folder_fails_in_one_line(capsys, folder) -> None:
    target = existing(folder, "book.xlsx")
    folder.chmod(0o500)
    try:
        code, _, err = run(capsys, "export", "--xlsx", str(target))
    finally:
        folder.chmod(0o700)
    assert code == 2
    assert_one_line(err, str(target), "not writable")
    assert target.read_bytes() == YESTERDAY


def test_cli_a_target_below_a_file_fails_in_one_line(capsys, folder) -> None:
    plain = existing(folder, "plain.txt")
    code, out, err = run(capsys, "export", "--xlsx", str(plain / "book.xlsx"))
    assert (code, out) == (2, "")
    assert_one_line(err, str(plain / "book.xlsx"), "is not a folder")
    assert plain.read_bytes() == YESTERDAY


def test_cli_a_crash_while_writing_leaves_the_target_and_no_debris(capsys, folder, monkeypatch) -> None:
    target = existing(folder, "book.xlsx")

    def broken_save(self, filename):
        raise MemoryError("out of memory while writing")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    code, out, err = run(capsys, "export", "--xlsx", str(target), "--statements", "per_share")
    assert (code, out) == (2, "")
    assert_one_line(err, "unexpected error: MemoryError: out of memory while writing; details in")
    assert target.read_bytes() == YESTERDAY
    assert os.listdir(folder) == [target.name]


def test_cli_formula_like_text_stays_text_when_the_files_are_reopened(capsys, folder, monkeypatch, evil) -> None:
    monkeypatch.setattr(store.Library, "load", classmethod(lambda cls, *a, **k: evil))
    book, facts = folder / "book.xlsx", folder / "facts.csv"
    code, _, err = run(capsys, "export", "--xlsx", str(book), "--csv", str(facts), "--statements", "income")
    assert (code, err) == (0, "")
    assert_text_not_formulas(book)
    rows = list(csv.DictReader(io.StringIO(facts.read_bytes().decode("utf-8-sig"))))
    labels = {r["label"] for r in rows}
    assert {"'" + text for text in FORMULAS} <= labels
    assert not any(label.startswith(("=", "+", "@")) for label in labels)


def assert_text_not_formulas(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    cells = {c.value: c for c in wb["Facts"]["J"]}
    for text in FORMULAS:
        assert cells[text].data_type == "s"
    assert wb["Documents"]["B2"].value == "=1+1" and wb["Documents"]["B2"].data_type == "s"
    # and nothing anywhere evaluates them
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert not any(t.lstrip("=@+") in str(cell.value) for t in [*FORMULAS, "=1+1"])


# -- the window ----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, library, tmp_path, monkeypatch) -> MainWindow:
    w = MainWindow(library, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.set_period("FY2010-H1")
    w.set_statement("income")
    return w


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("iijviewer.ui.main_window.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    return shown


def test_gui_a_locked_workbook_says_so_and_stays_as_it_was(window, folder, dialogs, monkeypatch) -> None:
    target = existing(folder, "book.xlsx")
    monkeypatch.setattr(safefile.os, "replace", locked_replace)
    assert window.export_workbook(str(target)) is None
    assert len(dialogs) == 1 and str(target) in dialogs[0] and "open in another program" in dialogs[0]
    assert target.read_bytes() == YESTERDAY and os.listdir(folder) == [target.name]


def test_gui_a_read_only_folder_or_a_file_as_folder_names_the_file(window, folder, dialogs, monkeypatch) -> None:
    plain = existing(folder, "plain.txt")
    assert window.export_workbook(str(plain / "book.xlsx")) is None
    monkeypatch.setattr(safefile, "_create", read_only_create)
    assert window.export_workbook(str(folder / "book.xlsx")) is None
    assert len(dialogs) == 2
    assert str(plain / "book.xlsx") in dialogs[0] and "is not a folder" in dialogs[0]
    assert str(folder / "book.xlsx") in dialogs[1] and "not writable" in dialogs[1]
    assert os.listdir(folder) == ["plain.txt"]


def test_gui_view_and_facts_csv_failures_name_the_file(window, folder, dialogs, monkeypatch) -> None:
    plain = existing(folder, "plain.txt")
    window.show_view("statements")
    assert window.write_view_csv(str(plain / "view.csv")) == 0
    monkeypatch.setattr(
        "iijviewer.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(plain / "facts.csv"), "")
    )
    window.export_facts_csv()
    assert len(dialogs) == 2 and all(str(plain) in d for d in dialogs)
    assert os.listdir(folder) == ["plain.txt"] and plain.read_bytes() == YESTERDAY


def test_gui_formula_like_text_stays_text(qtbot, tmp_path, evil, folder) -> None:
    w = MainWindow(evil, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    book = folder / "book.xlsx"
    assert w.export_workbook(str(book)) is not None
    assert_text_not_formulas(book)
    # File > Export Facts as CSV writes with the command line's writer: the same neutralised labels
    facts = folder / "facts.csv"
    with pytest.MonkeyPatch.context() as m:
        m.setattr("iijviewer.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(facts), ""))
        w.export_facts_csv()
    labels = {r["label"] for r in csv.DictReader(io.StringIO(facts.read_bytes().decode("utf-8-sig")))}
    assert {"'" + text for text in FORMULAS} <= labels
    assert not any(label.startswith(("=", "+", "@")) for label in labels)


def test_one_facts_csv_writer_for_the_command_line_and_the_window(qtbot, capsys, tmp_path, folder, monkeypatch, evil) -> None:
    """`facts --output`, `export --csv` and *File > Export Facts as CSV* write the same rows, formula-like labels neutralised."""
    monkeypatch.setattr(store.Library, "load", classmethod(lambda cls, *a, **k: evil))
    listed, exported, menu = folder / "facts.csv", folder / "export.csv", folder / "menu.csv"
    assert run(capsys, "facts", "--per-share", "adjusted", "--output", str(listed))[0] == 0
    assert run(capsys, "export", "--csv", str(exported))[0] == 0
    w = MainWindow(evil, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    monkeypatch.setattr("iijviewer.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(menu), ""))
    w.export_facts_csv()
    tables = {}
    for path in (listed, exported, menu):
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        labels = {r[-1] for r in rows[1:]}
        assert "'" + FORMULAS[0] in labels and FORMULAS[0] not in labels, path.name  # starts with "=": neutralised
        assert {"'" + text for text in FORMULAS} <= labels, path.name
        assert not any(label.startswith(("=", "+", "@")) for label in labels), path.name
        tables[path.name] = rows
    assert tables["facts.csv"] == tables["export.csv"] == tables["menu.csv"]
    assert len(tables["facts.csv"]) == len(evil.facts) + 1
    # the command line's own output keeps plain line ends for scripts; the files for a spreadsheet have Excel's
    assert b"\r\n" not in listed.read_bytes() and exported.read_bytes().startswith(b"\xef\xbb\xbf")
    assert menu.read_bytes() == exported.read_bytes()
