"""The coverage grid (iijviewer.views.coverage), headless, on the bundled library: rows, columns and statuses."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from iijviewer.base.concepts import catalog
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import CellStatus
from iijviewer.library.store import Library
from iijviewer.views.coverage import DURATIONS, INSTANTS, coverage_grid, coverage_rows, duration_columns, instant_columns
from iijviewer.views.viewdata import STATEMENT_ORDER, FactIndex

PR2010 = "2010-11-15_press-release_1H-FY2010-results"


@pytest.fixture(scope="module")
def index() -> FactIndex:
    return FactIndex.from_library(Library.load(use_user_library=False))


@pytest.fixture(scope="module")
def durations(index):
    return coverage_grid(index, DURATIONS)


@pytest.fixture(scope="module")
def instants(index):
    return coverage_grid(index, INSTANTS)


@pytest.mark.parametrize(
    ("concept", "period", "status"),
    [
        ("revenue_total", "FY2010-Q1", CellStatus.DERIVED),  # 1H FY2010 minus 2Q FY2010: no document prints it
        ("revenue_total", "FY2010-H1", CellStatus.REPORTED),
        ("revenue_total", "FY2013-Q4", CellStatus.MISSING),  # the library ends with the first half of FY2013
        ("income_tax_expense", "FY2011-H1", CellStatus.REPORTED),  # 1,055,254 thousand against 1,056 million: rounding
        ("operating_income", "FY2011-H1", CellStatus.CONFLICT),  # 2,448,207 thousand against 2,488 and 2,400 million: material
    ],
)
def test_statuses_of_revenue_and_tax(durations, concept, period, status) -> None:
    assert durations.status(concept, period) == status


def test_a_cell_carries_its_fact(durations) -> None:
    r, c = durations.row_of("revenue_total"), durations.columns.index("FY2010-H1")
    fact = durations.facts[r][c]
    assert fact.value == Decimal("34272080000")
    assert (fact.reported.source.document, fact.reported.source.line) == (PR2010, 375)
    assert durations.facts[r][durations.columns.index("FY2013-Q4")] is None


def test_duration_columns_are_every_fiscal_period_in_order(index, durations) -> None:
    columns = list(durations.columns)
    assert columns == sorted(columns, key=sort_key)
    assert columns == duration_columns(index)
    assert columns[0] == "FY2007-Q1" and columns[-1] == "FY2013"
    # every fiscal year has its eight periods, whether the documents report them or not
    for fy in range(2007, 2014):
        parts = [c for c in columns if c.startswith(f"FY{fy}")]
        assert len(parts) == 8, parts
    assert columns.index("FY2010-Q2") < columns.index("FY2010-H1") < columns.index("FY2010-Q3")
    assert not any(parse_key(c).is_instant for c in columns)


def test_instant_columns_are_quarter_ends_and_reported_dates(index, instants) -> None:
    columns = list(instants.columns)
    assert columns == instant_columns(index)
    assert columns == sorted(columns, key=sort_key)
    assert {"2010-06-30", "2010-09-30", "2010-12-31", "2011-03-31"} <= set(columns)
    # a date that is no quarter end is a column only because a document reports it
    off_quarter = [c for c in columns if c[5:] not in ("03-31", "06-30", "09-30", "12-31")]
    assert off_quarter and all(c in index.by_period for c in off_quarter)
    assert instants.status("total_assets", "2010-09-30") == CellStatus.REPORTED
    assert instants.status("total_assets", "2010-12-31") == CellStatus.MISSING


def test_each_grid_holds_only_its_kind_of_concept(durations, instants) -> None:
    assert all(not r.concept.is_instant for r in durations.rows if r.concept)
    assert all(r.concept.is_instant for r in instants.rows if r.concept)
    with pytest.raises(KeyError):
        durations.row_of("total_assets")
    shown = {r.concept.id for g in (durations, instants) for r in g.rows if r.concept}
    assert shown == set(catalog())


def test_rows_are_grouped_under_statement_headings_in_order() -> None:
    rows = coverage_rows(DURATIONS)
    headings = [r.statement for r in rows if r.is_heading]
    assert headings == [s for s in STATEMENT_ORDER if s in headings]
    assert headings[0] == "income" and len(set(headings)) == len(headings)
    current = None
    for r in rows:
        if r.is_heading:
            current = r.statement
            assert r.depth == 0
        else:
            assert r.statement == current
    first = [r for r in rows if not r.is_heading][0]
    assert first.concept.id == "revenue_total" and first.depth == 0


def test_heading_rows_have_no_status(durations) -> None:
    for row, statuses, facts in zip(durations.rows, durations.statuses, durations.facts):
        if row.is_heading:
            assert set(statuses) == {""} and set(facts) == {None}
        else:
            assert set(statuses) <= {CellStatus.REPORTED, CellStatus.DERIVED, CellStatus.CONFLICT, CellStatus.MISSING}


def test_counts_add_up_to_the_concept_cells(durations) -> None:
    concepts = sum(1 for r in durations.rows if r.concept)
    counts = durations.counts()
    assert sum(counts.values()) == concepts * len(durations.columns)
    assert counts[CellStatus.REPORTED] > 0 and counts[CellStatus.DERIVED] > 0 and counts[CellStatus.CONFLICT] > 0


def test_filter_keeps_matching_concepts_under_their_headings(durations) -> None:
    grid = durations.filtered("Total revenues")
    assert [(r.is_heading, r.label) for r in grid.rows] == [(True, "Income statement"), (False, "Total revenues")]
    assert grid.columns == durations.columns
    assert grid.status("revenue_total", "FY2010-Q1") == CellStatus.DERIVED
    wider = durations.filtered("REVENUE")  # case does not matter
    labels = [r.label for r in wider.rows if not r.is_heading]
    assert labels and all("revenue" in r.label.lower() or "revenue" in r.concept.id for r in wider.rows if r.concept)
    assert all(not a.is_heading or not b.is_heading for a, b in zip(wider.rows, wider.rows[1:]))
    assert durations.filtered("  ") is durations
    assert durations.filtered("no such concept").rows == ()


def test_unknown_kind_is_refused(index) -> None:
    with pytest.raises(ValueError):
        coverage_grid(index, "quarters")


def test_the_coverage_module_loads_no_qt() -> None:
    code = "import sys, iijviewer.views.coverage; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
