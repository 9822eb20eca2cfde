"""The library's documents as a table: publication date, kind, title, period, exchange rate, figures, origin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt

from iijviewer.base.periods import period_label
from iijviewer.base.safefile import plain_tip
from iijviewer.ingest.documents import PRESS_RELEASE, Document
from iijviewer.models.facts_model import LEFT, RIGHT, RowTableModel
from iijviewer.models.roles import KeyRole, ValueRole

KIND_TEXT = {PRESS_RELEASE: "Press release"}


def kind_text(kind: str) -> str:
    return KIND_TEXT.get(kind, kind.replace("_", " ").capitalize())


class DocumentTableModel(RowTableModel):
    """One row per document, oldest first; KeyRole is the document id."""

    HEADERS = ("Published", "Kind", "Title", "Reports", "JPY per US$", "Figures", "Origin")
    PUBLISHED, KIND, TITLE, PERIOD, RATE, FIGURES, ORIGIN = range(7)

    def __init__(self, documents: Sequence[Document] = (), fact_counts: Mapping[str, int] | None = None, parent=None):
        super().__init__((), parent)
        self.set_documents(documents, fact_counts)

    def set_documents(self, documents: Sequence[Document], fact_counts: Mapping[str, int] | None = None) -> None:
        counts = fact_counts or {}
        rows = []
        for d in documents:
            cells = (
                d.publication_date or "undated",
                kind_text(d.kind),
                d.title,
                period_label(d.reported_period) if d.reported_period else "",
                "" if d.exchange_rate is None else f"{d.exchange_rate:.2f}",
                f"{counts.get(d.id, 0):,}",
                "bundled" if d.bundled else "imported" if d.source_kind == "text" else f"imported ({d.source_kind})",
            )
            rows.append((d, cells, counts.get(d.id, 0)))
        self.set_rows(rows)

    def document(self, row: int) -> Document:
        return self._rows[row][0]

    def row_of(self, doc_id: str) -> int:
        for i, (d, *_rest) in enumerate(self._rows):
            if d.id == doc_id:
                return i
        return -1

    def cell(self, record, column: int, role: int):
        doc, cells, count = record
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (self.RATE, self.FIGURES) else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = "bundled with iijviewer" if doc.bundled else "imported into your library"
            read_from = f"\nread from {doc.original_path}" if doc.original_path else ""
            return plain_tip(f"{doc.title}\n{doc.id} ({origin})\n{doc.path}{read_from}")
        if role == KeyRole:
            return doc.id
        if role == ValueRole:
            if column == self.RATE:
                return None if doc.exchange_rate is None else float(doc.exchange_rate)
            if column == self.FIGURES:
                return float(count)
        return None
