"""The table rows of a document that print figures but gave no fact, each with the finding that says why.

A measure of the reader (`bench/unread_rows.py`, tests/test_unread_rows.py): the
reader itself reports every such row (`tables.UNREAD_ROW`, or a finding about
its table that names the row's line or a range that holds it); this module
finds them again from the outside, so that a row dropped in silence shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from iijviewer.base.facts import Finding
from iijviewer.ingest.aligned import find_aligned_tables
from iijviewer.ingest.blocks import Table, find_tables
from iijviewer.ingest.context import document_context
from iijviewer.ingest.reader import read_document
from iijviewer.ingest.tables import REPORTED_RANGE_RE, TABLE_NOT_READ, figure_row


class UnreadRow(NamedTuple):
    line: int
    label: str
    reason: str  # the message of the finding that covers the row; "" when none does


def unread_rows(document: str, lines: Sequence[str]) -> list[UnreadRow]:
    """Rows of the document's tables with a figure beside their label, no fact from their line, and why."""
    facts, findings = read_document(document, lines)
    read = {f.source.line for f in facts}
    why: dict[int, str] = {}
    for f in findings:
        for s in f.sources:
            why.setdefault(s.line, f"{f.kind}: {f.message}")
        for m in REPORTED_RANGE_RE.finditer(f.message):
            for n in range(int(m[1]), int(m[2]) + 1):
                why.setdefault(n, f"{f.kind}: {f.message}")
    doc = document_context(document, lines, None)
    tables = find_tables(list(lines))
    taken = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    tables += find_aligned_tables(lines, taken, doc.periods)
    out = []
    for table in sorted(tables, key=lambda t: t.first_line):
        whole = next((f for f in findings if TABLE_NOT_READ in f.message and _within(f, table)), None)
        for row in table.rows:
            label = figure_row(row)
            if label is not None and row.line not in read:
                reason = why.get(row.line) or (f"{whole.kind}: {whole.message}" if whole else "")
                out.append(UnreadRow(row.line, label, reason))
    return out


def _within(finding: Finding, table: Table) -> bool:
    return any(table.first_line <= s.line <= table.last_line for s in finding.sources)
