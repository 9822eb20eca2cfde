"""Notes on figures and periods: stored in the library folder, kept through changes, searchable (no Qt)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pytest
from synthetic import write_release  # noqa: E402

from iijviewer.library.notes import NOTES_NAME, NoteBook, figure_key, period_key


def test_a_note_is_written_to_the_library_folder_and_read_back(tmp_path) -> None:
    book = NoteBook.load(tmp_path)
    assert len(book) == 0 and book.problem == ""
    key = figure_key("revenue_total", "FY2030-H1", "actual")
    note = book.set(key, "  Includes the Acme acquisition from July.  ")
    assert note is not None and note.text == "Includes the Acme acquisition from July."
    assert note.created and note.created == note.modified
    stored = json.loads((tmp_path / NOTES_NAME).read_text(encoding="utf-8"))
    assert stored["version"] == 1
    assert stored["notes"][0]["concept"] == "revenue_total" and stored["notes"][0]["period"] == "FY2030-H1"
    again = NoteBook.load(tmp_path)
    assert again.text(key) == "Includes the Acme acquisition from July."
    assert again.get(key).created == note.created


def test_editing_keeps_the_creation_time_and_empty_text_deletes(tmp_path) -> None:
    book = NoteBook.load(tmp_path)
    key = period_key("FY2030-Q2")
    first = book.set(key, "Quarter with a one-off gain")
    second = book.set(key, "Quarter with a one-off gain of 98,765")
    assert second.created == first.created and second.text.endswith("98,765")
    assert book.get(key).on_period
    assert book.set(key, "   ") is None
    assert book.get(key) is None and NoteBook.load(tmp_path).get(key) is None
    assert book.remove(key) is False


def test_a_change_keeps_what_another_window_wrote_meanwhile(tmp_path) -> None:
    one, two = NoteBook.load(tmp_path), NoteBook.load(tmp_path)
    one.set(period_key("FY2030"), "from window one")
    two.set(period_key("FY2031"), "from window two")
    assert {n.text for n in NoteBook.load(tmp_path)} == {"from window one", "from window two"}
    assert two.text(period_key("FY2030")) == "from window one"


def test_search_matches_every_word_in_text_concept_or_period(tmp_path) -> None:
    book = NoteBook.load(tmp_path)
    book.set(figure_key("operating_income", "FY2030-H1", "actual"), "Restructuring charge")
    book.set(figure_key("revenue_total", "FY2031", "target"), "Guidance looks optimistic")
    book.set(period_key("FY2030-Q1"), "Earthquake quarter")
    assert [n.concept for n in book.search("restructuring")] == ["operating_income"]
    assert [n.period for n in book.search("fy2031 guidance")] == ["FY2031"]
    assert [n.text for n in book.search("QUARTER")] == ["Earthquake quarter"]
    assert len(book.search("")) == 3
    assert book.search("nothing like this") == []


def test_a_damaged_file_is_set_aside_not_written_over(tmp_path) -> None:
    (tmp_path / NOTES_NAME).write_text("{not json", encoding="utf-8")
    book = NoteBook.load(tmp_path)
    assert len(book) == 0 and "not JSON" in book.problem and "kept as notes.damaged-" in book.problem
    aside = list(tmp_path.glob("notes.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json"
    book.set(period_key("FY2030"), "new")
    assert NoteBook.load(tmp_path).text(period_key("FY2030")) == "new"


def test_a_file_that_cannot_be_read_is_never_replaced(tmp_path) -> None:
    (tmp_path / NOTES_NAME).mkdir()  # not a regular file
    book = NoteBook.load(tmp_path)
    assert "cannot be read" in book.problem
    with pytest.raises(OSError):
        book.set(period_key("FY2030"), "lost?")
    assert (tmp_path / NOTES_NAME).is_dir()


def test_without_a_folder_notes_last_for_the_session(tmp_path) -> None:
    book = NoteBook.load(None)
    book.set(period_key("FY2030"), "only here")
    assert book.text(period_key("FY2030")) == "only here" and book.path is None


def test_notes_survive_an_import_and_a_removal(tmp_path) -> None:
    from iijviewer.library import importer
    from iijviewer.library.store import Library

    data = tmp_path / "lib"
    book = NoteBook.load(data)
    key = figure_key("revenue_total", "FY2030-Q1", "actual")
    book.set(key, "Check against the segment table")
    release = write_release(tmp_path)
    outcome = importer.import_documents([str(release)], data)
    added = [f.document for f in outcome.files if f.added]
    assert outcome.ok and added
    assert Library.load(data).facts and NoteBook.load(data).text(key) == "Check against the segment table"
    importer.remove_documents(added, data)
    assert not list((data / "documents").glob("*.txt"))
    assert NoteBook.load(data).text(key) == "Check against the segment table"


def test_notes_go_into_the_workbook_as_cell_comments(tmp_path) -> None:
    from openpyxl import load_workbook

    from iijviewer.export.workbook import ExportOptions, export_workbook
    from iijviewer.library.store import Library

    data = tmp_path / "lib"
    book = NoteBook.load(data)
    figure = figure_key("revenue_total", "FY2012-H1", "actual")
    book.set(figure, "=HYPERLINK(\"x\") is text here")
    book.set(period_key("FY2012-H1"), "Half with a one-off gain")
    library = Library.load(data)
    target = tmp_path / "out.xlsx"
    export_workbook(library, target, ExportOptions(statements=("income",), periods=("FY2012",)))
    wb = load_workbook(target)
    ws = wb["Income statement"]
    key_row = [c.value for c in ws[6]]  # the period keys under the headers
    concept_col = [c.value for c in ws["B"]]
    col = key_row.index("FY2012-H1") + 1
    row = concept_col.index("revenue_total") + 1
    cell = ws.cell(row, col)
    assert cell.value is not None and float(cell.value) > 0  # the figure itself is untouched
    assert cell.comment is not None and cell.comment.text.endswith('Note: =HYPERLINK("x") is text here')
    assert ws.cell(4, col).comment.text == "Note: Half with a one-off gain"
    others = [c for r in ws.iter_rows() for c in r if c.comment is not None and "Note:" in c.comment.text]
    assert len(others) == 2
