"""The Findings sheet: conflicts between documents, statements that do not add up, tables that could not be read."""

from __future__ import annotations

from iijviewer.analysis.checks import CHECK_COLUMNS, sources_text
from iijviewer.base.vocabulary import contract_kind
from iijviewer.export.builder import FINDINGS, Builder


def findings_sheet(book: Builder) -> None:
    headers = CHECK_COLUMNS + ["shown_at"]
    ws = book.table_sheet(FINDINGS, headers)
    concepts = book.selection.concepts()
    findings = [f for f in book.library.findings if not f.concept or f.concept in concepts]
    findings += list(book.library.report)
    widths = (16, 28, 12, 10, 90, 50, 24)
    for i, fd in enumerate(findings):
        r = i + 2
        # the kinds `check` writes (the contract's): per-share figures on two share bases are a conflict there too
        values = [contract_kind(fd.kind), fd.concept, fd.period, fd.scenario, fd.message, sources_text(fd.sources)]
        for j, v in enumerate(values):
            if v:
                book.text(ws.cell(r, j + 1), v)
                ws.cell(r, j + 1).alignment = book.styles.wrap
        # spreadsheets do not size wrapped rows of a file they open: say how many lines it takes
        lines = max(-(-len(v) // int(widths[j] * 1.1)) for j, v in enumerate(values) if v)
        ws.row_dimensions[r].height = 15 * max(1, lines)
        home = book.homes.get((fd.concept, fd.period, fd.scenario))
        if home is not None:
            book.shown_at(ws.cell(r, len(headers)), home).alignment = book.styles.wrap
    book.table(ws, "Findings", headers, len(findings), widths)
