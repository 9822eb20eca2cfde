"""The Excel workbook for finance: what `iijviewer export --xlsx` and the viewer's File menu write.

The workbook is built for an auditor.  Every figure is a number at full
precision in the chosen unit (the number format only rounds what is shown);
every derived figure is an Excel formula over the cells it was computed from
(a first quarter is `=<half year> - <second quarter>`), or, where those cells
are not in the workbook, a marked value whose comment names the inputs; every
figure whose reports disagree is marked, with a comment listing each report
and its document and line.  The change columns of the Comparison sheet are
formulas over its value cells.  The Facts sheet lists every fact with its
document and line (and page, for a document imported from a PDF), and where
it stands in the workbook.

This module is the orchestration: `export_workbook` builds the sheets in
order (each in its own module, see the package's docstring), writes the Cover
sheet that lists them, adds the analyst's notes as comments, and saves the
file whole or not at all, with each formula's result (`cached_values`).

openpyxl is imported inside the functions that build a workbook: the command
line and the viewer start without it.  No Qt here.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from iijviewer import __version__
from iijviewer.base.concepts import STATEMENTS
from iijviewer.base.formatting import plural
from iijviewer.base.vocabulary import Scenario
from iijviewer.export.builder import AUTHOR, COMPARISON, COVER, DOCUMENTS, FACTS, FINDINGS, MEASURES, TRENDS, Builder, quote_sheet
from iijviewer.export.cached_values import write_cached_values
from iijviewer.export.comparison_sheet import comparison_sheet
from iijviewer.export.documents_sheet import documents_sheet
from iijviewer.export.facts_sheet import facts_sheet
from iijviewer.export.factsio import export_facts_csv, export_view_csv
from iijviewer.export.files import ExportError, check_target, write_atomic
from iijviewer.export.findings_sheet import findings_sheet
from iijviewer.export.grid import FIRST_COL, HEADER_ROW
from iijviewer.export.measures_sheet import measures_sheet
from iijviewer.export.selection import ALL, ANNUAL, HALF, LAYOUTS, QUARTERLY, ExportOptions, selected_facts
from iijviewer.export.statement_sheets import statement_sheet
from iijviewer.export.trends_sheet import trend_sheet

# What the command line and the viewer call, importable from here as before the package was split
__all__ = [
    "LAYOUTS",
    "ExportError",
    "ExportOptions",
    "ExportSummary",
    "add_note_comments",
    "build_workbook",
    "check_target",
    "export_facts_csv",
    "export_view_csv",
    "export_workbook",
    "selected_facts",
]


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sheets: tuple[str, ...]
    facts: int  # rows of the Facts sheet
    formulas: int  # derived figures written as formulas over their inputs
    derived_values: int  # derived figures written as values (inputs not in the workbook), with a comment
    conflicts: int  # cells marked as conflicting
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"wrote {self.path}: {plural(len(self.sheets), 'sheet')}, {plural(self.facts, 'fact')}, "
            f"{plural(self.formulas, 'derived figure')} as formulas ({self.derived_values:,} as values), "
            f"{plural(self.conflicts, 'conflicting cell')} marked"
        )


def _heading(book: Builder, ws, r: int, text: str) -> int:
    """A bold line in column A; the next row."""
    book.text(ws.cell(r, 1), text)
    ws.cell(r, 1).font = book.styles.bold
    return r + 1


def _pairs(book: Builder, ws, r: int, pairs: Sequence[tuple[str, str]], font=None) -> int:
    """Name and text on consecutive rows from `r`; the row after them."""
    for name, text in pairs:
        book.text(ws.cell(r, 1), name)
        if font is not None:
            ws.cell(r, 1).font = font
        book.text(ws.cell(r, 2), text)
        r += 1
    return r


def cover_sheet(book: Builder, ws, made: dt.datetime, sheets: Sequence[tuple[str, str]]) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    s = book.styles
    ws.title = COVER
    book.text(ws.cell(1, 1), "Internet Initiative Japan (IIJ): financial statements from its investor-relations documents")
    ws.cell(1, 1).font = s.title
    o = book.options
    statements = ", ".join(STATEMENTS[p.statement] for p in book.plans) or "none"
    facts = [
        ("Made", made.isoformat(sep=" ", timespec="minutes")),
        ("By", f"iijviewer {__version__}"),
        ("Unit", f"{book.display.label} for amounts; JPY for per-share data; counts as numbers"),
        ("Per share", book.library.on_basis.note),
        ("Layout", {ALL: "every period side by side", QUARTERLY: "quarters", HALF: "half years", ANNUAL: "fiscal years"}[o.layout]),
        ("Statements", statements),
        ("Periods", ", ".join(o.periods) if o.periods else "all in the library"),
        ("Fiscal year", "IIJ's fiscal year starts on April 1: FY2010 is April 2010 to March 2011."),
    ]
    r = _pairs(book, ws, 3, facts, s.bold)
    r = _heading(book, ws, r + 1, "How to read the marks")
    legend = [
        ("1,234", None, None, "Reported: printed in a document; the Facts sheet gives its document, line and page."),
        ("1,234", s.derived_fill, s.derived, "Derived (Q1 = H1 - Q2, gross margin = revenues - costs): an Excel "
         "formula over the cells of its inputs; select the cell to see it."),
        ("1,234", s.derived_value_fill, s.derived, "Derived, but its inputs are not in this workbook: a value; "
         "its comment names the inputs and where they were printed."),
        ("1,234", s.conflict_fill, s.conflict, "Reports of this figure disagree beyond rounding, or a check "
         "finding concerns it: the comment lists each report with its document and line."),
        ("1,234", None, s.target, "A target or revised target that IIJ announced (its own column)."),
        ("(1,234)", None, None, "Negative figures are in parentheses."),
        ("Total", None, s.bold, "Totals are bold; the rows under a total fold with the outline buttons at the left."),
    ]
    for sample, fill, font, meaning in legend:
        c = ws.cell(r, 1)
        book.text(c, sample)
        c.alignment = s.right
        if fill is not None:
            c.fill = fill
        if font is not None:
            c.font = font
        book.text(ws.cell(r, 2), meaning)
        r += 1
    book.text(ws.cell(r, 2), "The columns of a fiscal year fold into the year's column with the outline buttons above.")
    r = _heading(book, ws, r + 2, "Sheets")
    for name, what in sheets:
        c = ws.cell(r, 1)
        book.text(c, name)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"{quote_sheet(name)}!A1")
        c.font = s.link
        book.text(ws.cell(r, 2), what)
        r += 1
    r = _heading(book, ws, r + 1, "Documents used")
    _pairs(book, ws, r, [(d.id, f"{d.title} ({d.publication_date or 'undated'})") for d in book.library.documents])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 110
    book.print_setup(ws, title_rows=None, title_cols=None, columns=2)


def _build(book: Builder) -> int:
    """Every sheet, the Cover last (it lists the others), and the file's properties; the number of facts."""
    made = dt.datetime.now().astimezone().replace(microsecond=0)
    cover = book.wb.active
    for plan in book.plans:
        statement_sheet(book, plan)
    measures_sheet(book)
    comparison_sheet(book)
    trend_sheet(book)
    count = facts_sheet(book)
    findings_sheet(book)
    documents_sheet(book)
    descriptions = {
        MEASURES: "Margins, growth, twelve-month sums and ratios: formulas over the statement sheets' cells.",
        COMPARISON: "Chosen periods against the same period a year earlier; Change and Change % are formulas.",
        TRENDS: "Quarterly and half-yearly series of the headline figures, with line charts.",
        FACTS: "Every fact: concept, period, scenario, value (in yen), document and line; filter it.",
        FINDINGS: "Conflicts between documents, statements that do not add up, tables that could not be read.",
        DOCUMENTS: "The documents read, with their dates and checksums.",
    }
    sheets = [(ws.title, descriptions.get(ws.title, "Statement: concepts as rows, periods as columns."))
              for ws in book.wb.worksheets[1:]]
    cover_sheet(book, cover, made, sheets)
    props = book.wb.properties
    props.creator = AUTHOR
    props.title = "IIJ financial statements"
    props.created = props.modified = made.astimezone(dt.UTC).replace(tzinfo=None)
    book.wb.calculation.fullCalcOnLoad = True
    return count


def _save(wb, out: IO[bytes], results: Mapping[tuple[str, str], object] | None) -> None:
    """openpyxl's save, then the formulas' results put in (`cached_values`: openpyxl cannot write them)."""
    if results is None:
        wb.save(out)
        return
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    write_cached_values(buffer, results, out)


def build_workbook(library, options: ExportOptions | None = None):
    """The workbook in memory (openpyxl), its formulas' results by sheet and cell, and the counts."""
    options = options or ExportOptions()
    options.validate()
    book = Builder(library, options)
    count = _build(book)
    add_note_comments(book, _library_notes(library))
    return book, count


def _library_notes(library):
    from iijviewer.library.notes import NoteBook

    return NoteBook.load(getattr(library, "data_dir", None))


def add_note_comments(book: Builder, notes) -> int:
    """The analyst's notes as cell comments: on each figure's statement cells, and on the header of a noted period.

    A cell that already has a comment (a derivation, a conflict) keeps it, with the note below.
    Returns how many cells got a note.
    """
    added = 0
    for sheet, homes in book.sheet_homes.items():
        ws = book.wb[sheet]
        for key, coord in homes.items():
            note = notes.get(key)
            if note is not None:
                _note_comment(book, ws[coord], note.text)
                added += 1
    for plan in book.plans:
        ws = book.wb[plan.title]
        for j, (period, scenario) in enumerate(plan.columns):
            note = notes.get(("", period, "")) if scenario == Scenario.ACTUAL else None
            if note is not None:
                _note_comment(book, ws.cell(HEADER_ROW, FIRST_COL + j), note.text)
                added += 1
    return added


def _note_comment(book: Builder, cell, text: str) -> None:
    note = f"Note: {text}"
    book.comment(cell, f"{cell.comment.text}\n\n{note}" if cell.comment is not None else note)


def export_workbook(
    library, path: str | os.PathLike[str], options: ExportOptions | None = None, *, store_results: bool = True
) -> ExportSummary:
    """Write the workbook to `path` (whole or not at all); ExportError when it cannot be written.

    `store_results=False` leaves the formulas without their results, so that
    only a spreadsheet program's own calculation fills them (for tests that
    recalculate with LibreOffice).
    """
    start = time.perf_counter()
    book, count = build_workbook(library, options)
    results = book.cached if store_results else None
    target = write_atomic(path, lambda f: _save(book.wb, f, results))
    return ExportSummary(
        target,
        tuple(ws.title for ws in book.wb.worksheets),
        count,
        book.formulas,
        book.derived_values,
        book.conflicts,
        time.perf_counter() - start,
    )
