"""The Facts sheet: every fact with its document, line and page, status, and the statement cell that shows it."""

from __future__ import annotations

from iijviewer.export.builder import FACTS, Builder, amount_format
from iijviewer.export.factsio import FACT_COLUMNS, fact_row


def _pdf_layouts(library) -> dict:
    """Document id -> the layout of its PDF, for the documents imported from a PDF."""
    from iijviewer.ingest.formats import layout_path, read_layout

    return {d.id: read_layout(layout_path(d.path)) for d in library.documents if d.source_kind == "PDF"}


def page_of(layouts: dict, source) -> int | None:
    """The page of the PDF that prints a source line, for a document imported from a PDF; else None."""
    if source is None:
        return None
    layout = layouts.get(source.document)
    place = layout.place(source.line) if layout is not None else None
    return place.page if place is not None else None


def facts_sheet(book: Builder) -> int:
    headers = FACT_COLUMNS + ["page", "status", "shown_at"]
    ws = book.table_sheet(FACTS, headers)
    facts = book.selection.facts()
    layouts = _pdf_layouts(book.library) if facts else {}
    for i, fact in enumerate(facts):
        r = i + 2
        row = fact_row(fact, fact.derived, None)
        for j, name in enumerate(FACT_COLUMNS):
            cell = ws.cell(r, j + 1)
            v = row[name]
            if name == "value":
                cell.value = float(fact.value)
                cell.number_format = amount_format(max(0, fact.decimals))
            elif isinstance(v, (bool, int)):
                cell.value = v
            elif v != "":
                book.text(cell, v)
        page = None if fact.derived else page_of(layouts, fact.source)
        if page is not None:
            ws.cell(r, len(FACT_COLUMNS) + 1).value = page
        book.text(ws.cell(r, len(FACT_COLUMNS) + 2), book.index.status(*fact.key))
        home = book.homes.get(fact.key)
        if home is not None:
            book.shown_at(ws.cell(r, len(FACT_COLUMNS) + 3), home)
    book.table(ws, "Facts", headers, len(facts), (34, 12, 14, 18, 10, 9, 8, 44, 7, 44, 6, 10, 24))
    return len(facts)
