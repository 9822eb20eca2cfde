"""The Documents sheet: each document read, with its dates, origin, counts and checksum."""

from __future__ import annotations

from iijviewer.export.builder import DOCUMENTS, Builder


def documents_sheet(book: Builder) -> None:
    headers = ["document", "title", "published", "kind", "reported_period", "jpy_per_usd", "origin",
               "lines", "figures_read", "facts_chosen", "sha256"]
    ws = book.table_sheet(DOCUMENTS, headers)
    read: dict[str, int] = {}
    for raw in book.library.raw:
        read[raw.source.document] = read.get(raw.source.document, 0) + 1
    chosen: dict[str, int] = {}
    for f in book.library.facts:
        if f.source is not None:
            chosen[f.source.document] = chosen.get(f.source.document, 0) + 1
    for i, d in enumerate(book.library.documents):
        r = i + 2
        for j, v in enumerate((d.id, d.title, d.publication_date, d.kind, d.reported_period)):
            if v:
                book.text(ws.cell(r, j + 1), v)
        if d.exchange_rate is not None:
            ws.cell(r, 6).value = float(d.exchange_rate)
            ws.cell(r, 6).number_format = "0.00"
        book.text(ws.cell(r, 7), "bundled" if d.bundled else "imported")
        ws.cell(r, 8).value = len(d.lines)
        ws.cell(r, 9).value = read.get(d.id, 0)
        ws.cell(r, 10).value = chosen.get(d.id, 0)
        book.text(ws.cell(r, 11), d.sha256)
    book.table(ws, "Documents", headers, len(book.library.documents), (46, 70, 12, 14, 14, 11, 10, 8, 12, 12, 66))
