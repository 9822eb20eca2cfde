"""The coverage grid, shaped once and Qt-free: which concepts the library has for which periods.

Rows are the catalog's concepts grouped by statement (a heading row per
statement, then its concepts in statement order); columns are every fiscal
period (or every balance date) from the first fiscal year the library knows
to the last, so that a gap shows as a `missing` cell rather than as an absent
column.  The status and the fact of every cell are computed here, so the Qt
model over a grid only indexes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import STATEMENTS, Concept
from iijviewer.base.periods import fiscal, instant, parse_key, sort_key
from iijviewer.base.vocabulary import FISCAL_YEAR_START_MONTH, CellStatus, Scenario
from iijviewer.views.viewdata import STATEMENT_ORDER, FactIndex, statement_rows

DURATIONS = "durations"
INSTANTS = "instants"
STATUSES = (CellStatus.REPORTED, CellStatus.DERIVED, CellStatus.CONFLICT, CellStatus.MISSING)

# The parts of a fiscal year in the order their periods end (shorter first on a shared end).
_YEAR_PARTS = ("Q1", "Q2", "H1", "Q3", "9M", "Q4", "H2", None)
# Quarter ends: (month, day) in fiscal order; March belongs to the next calendar year.
_QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))


@dataclass(frozen=True)
class CoverageRow:
    """A statement heading (concept None) or one concept of it."""

    statement: str
    label: str
    concept: Concept | None = None
    depth: int = 0

    @property
    def is_heading(self) -> bool:
        return self.concept is None


@dataclass(frozen=True)
class CoverageGrid:
    """Rows by columns, with the status and the fact of every concept cell (heading rows: empty)."""

    rows: tuple[CoverageRow, ...]
    columns: tuple[str, ...]  # period keys, chronological
    statuses: tuple[tuple[str, ...], ...]  # per row; "" across a heading row
    facts: tuple[tuple[Fact | None, ...], ...]
    scenario: str = Scenario.ACTUAL

    def status(self, concept: str, period: str) -> str:
        """The status of one cell; KeyError if the grid has no such row or column."""
        return self.statuses[self.row_of(concept)][self.columns.index(period)]

    def row_of(self, concept: str) -> int:
        for i, row in enumerate(self.rows):
            if row.concept is not None and row.concept.id == concept:
                return i
        raise KeyError(concept)

    def counts(self) -> Counter[str]:
        """How many concept cells have each status."""
        return Counter(s for row in self.statuses for s in row if s)

    def filtered(self, text: str) -> "CoverageGrid":
        """Only the concepts whose label or id contains `text` (case-insensitive), under their headings."""
        needle = text.strip().lower()
        if not needle:
            return self
        keep: list[int] = []
        heading: int | None = None
        for i, row in enumerate(self.rows):
            if row.concept is None:
                heading = i
                continue
            if needle in row.label.lower() or needle in row.concept.id.lower():
                if heading is not None and (not keep or keep[-1] < heading):
                    keep.append(heading)
                keep.append(i)
        return CoverageGrid(
            tuple(self.rows[i] for i in keep),
            self.columns,
            tuple(self.statuses[i] for i in keep),
            tuple(self.facts[i] for i in keep),
            self.scenario,
        )


def duration_columns(index: FactIndex) -> list[str]:
    """Every fiscal period (quarters, halves, nine months, year) of every fiscal year the library knows."""
    years = _fiscal_years(index)
    keys = [fiscal(fy, part).key for fy in years for part in _YEAR_PARTS]
    return sorted(keys, key=sort_key)


def instant_columns(index: FactIndex) -> list[str]:
    """Every quarter end of the library's fiscal years, and any other date the documents report."""
    keys: set[str] = set()
    for fy in _fiscal_years(index):
        for month, day in _QUARTER_ENDS:
            keys.add(instant(dt.date(fy + 1 if month < FISCAL_YEAR_START_MONTH else fy, month, day)).key)
    keys.update(k for k in index.by_period if parse_key(k).is_instant)
    return sorted(keys, key=sort_key)


def _fiscal_years(index: FactIndex) -> range:
    years = [parse_key(k).fiscal_year for k in index.by_period]
    return range(min(years), max(years) + 1) if years else range(0)


def coverage_rows(kind: str) -> list[CoverageRow]:
    """The concepts whose period type fits `kind`, grouped by statement, each group under a heading."""
    want_instant = kind == INSTANTS
    rows: list[CoverageRow] = []
    for statement in STATEMENT_ORDER:
        members = [
            CoverageRow(statement, r.concept.label, r.concept, r.depth)
            for r in statement_rows(statement)
            if not r.context_only and r.concept.is_instant == want_instant
        ]
        if members:
            # Nesting depth counts from the shallowest member shown, so a group never starts indented.
            top = min(m.depth for m in members)
            rows.append(CoverageRow(statement, STATEMENTS[statement]))
            rows.extend(CoverageRow(m.statement, m.label, m.concept, m.depth - top) for m in members)
    return rows


def coverage_grid(index: FactIndex, kind: str = DURATIONS, scenario: str = Scenario.ACTUAL) -> CoverageGrid:
    """The grid of one kind of period (DURATIONS or INSTANTS) for one scenario."""
    if kind not in (DURATIONS, INSTANTS):
        raise ValueError(f"unknown coverage kind: {kind!r}")
    columns = tuple(duration_columns(index) if kind == DURATIONS else instant_columns(index))
    rows = tuple(coverage_rows(kind))
    statuses: list[tuple[str, ...]] = []
    facts: list[tuple[Fact | None, ...]] = []
    for row in rows:
        if row.concept is None:
            statuses.append(("",) * len(columns))
            facts.append((None,) * len(columns))
            continue
        facts.append(tuple(index.series(row.concept.id, columns, scenario)))
        statuses.append(tuple(index.status(row.concept.id, p, scenario) for p in columns))
    return CoverageGrid(rows, columns, tuple(statuses), tuple(facts), scenario)
