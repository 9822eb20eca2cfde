"""Ingest: the text of IIJ's IR documents to raw facts with provenance, and an ingest report."""

from __future__ import annotations


def clear_caches() -> None:
    """Forget memoized cell, label and period readings (for cold-start benchmarks)."""
    from iijviewer.base import periods
    from iijviewer.ingest import cells, rules

    for fn in (cells.strip_markup, cells.normalize_label, cells.read_cell, periods._find_periods, rules.concepts_for):
        fn.cache_clear()
