"""Targets against results, headless: initial targets, revisions, actuals and variances, with their sources."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from iijviewer.analysis.normalize import build
from iijviewer.base.concepts import guidance_concepts
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.formatting import MILLIONS, format_change
from iijviewer.views.guidance_data import guidance_row, guidance_rows, signed_percent
from iijviewer.views.viewdata import FactIndex

PRESS_2010 = "2010-11-15_press-release_1H-FY2010-results"
PRESENTATION_2011 = "2011-11-08_presentation_1H-FY2011-results"
PRESS_2012 = "2012-11-08_press-release_1H-FY2012-results"


@pytest.fixture(scope="module")
def rows(library, index):
    return {r.key: r for r in guidance_rows(index, library.documents)}


def test_fy2011_operating_income_target_as_the_2011_presentation_states_it(rows, library):
    row = rows[("operating_income", "FY2011")]
    assert row.initial is not None
    assert row.initial.value == Decimal("6.3e9")
    assert row.initial.document == PRESENTATION_2011
    assert row.initial.date == "2011-11-08"
    assert row.initial.announced == "2011-11-08"  # the slide says no other date
    assert row.revisions == ()
    printed = library.source_line(row.initial.source)
    assert printed.startswith("Operating Income\t6.3\t")
    assert "FY11 Target" in "\n".join(library.document(PRESENTATION_2011).lines[row.initial.source.line - 3 : row.initial.source.line])


def test_first_half_fy2011_operating_income_initial_revised_actual_and_variance(rows, library):
    row = rows[("operating_income", "FY2011-H1")]
    assert row.initial.value == Decimal("2.0e9") and row.initial.scenario == "target"
    assert [r.value for r in row.revisions] == [Decimal("2.4e9")]
    assert row.revisions[0].scenario == "revised_target"
    assert row.latest is row.revisions[0]
    assert row.actual.value == Decimal("2448207000")
    assert row.actual.source.document == PRESS_2012
    assert "2,448,207" in library.source_line(row.actual.source)
    assert row.variance == Decimal("48207000")
    assert format_change(row.variance, "JPY", MILLIONS) == "+48"
    assert row.variance_percent == pytest.approx(Decimal("2.00862"), abs=Decimal("0.00001"))
    assert signed_percent(row.variance_percent) == "+2.0%"
    assert [r.scenario for r in row.history] == ["target", "revised_target"]


def test_fy2010_revenue_target_from_the_2010_press_release_against_the_2011_actual(rows, library):
    row = rows[("revenue_total", "FY2010")]
    assert row.initial.value == Decimal("84500e6")
    assert row.initial.document == PRESS_2010
    assert "84,500" in library.source_line(row.initial.source)
    # published in November, the table is captioned "FY2010 Financial Targets (announced on June 1, 2010)"
    assert (row.initial.date, row.initial.announced) == ("2010-11-15", "2010-06-01")
    assert row.actual.value == Decimal("82.4e9")
    assert row.actual.source.document == PRESENTATION_2011
    assert row.variance == Decimal("-2.1e9")
    assert signed_percent(row.variance_percent) == "(2.5%)"


def test_rows_follow_the_concept_order_then_the_calendar(index, library):
    all_rows = guidance_rows(index, library.documents)
    concepts = [r.concept.id for r in all_rows]
    assert concepts == sorted(concepts, key=guidance_concepts().index)
    revenue = [r.period for r in all_rows if r.concept.id == "revenue_total"]
    assert revenue[:4] == ["FY2009-H1", "FY2009", "FY2010-H1", "FY2010"]
    assert {r.concept.id for r in all_rows} >= {"revenue_total", "operating_income", "eps_basic", "dividend_per_share"}


def test_a_target_without_a_result_has_no_variance(rows):
    row = rows[("operating_income", "FY2011")]
    assert row.actual is None and row.variance is None and row.variance_percent is None


def test_one_concept_or_none(index, library):
    only = guidance_rows(index, library.documents, ["eps_basic"])
    assert {r.concept.id for r in only} == {"eps_basic"}
    assert guidance_rows(index, library.documents, ["gross_margin"]) == []
    assert guidance_rows(FactIndex([]), library.documents) == []


def test_a_target_said_to_remain_unchanged_since_a_date_was_announced_then(rows):
    # "FY2013 Financial Target (Remain unchanged from May 15, 2013)", in a presentation of December 2013
    row = rows[("operating_income", "FY2013")]
    assert row.initial.value == Decimal("9.4e9")
    assert (row.initial.date, row.initial.announced) == ("2013-12", "2013-05-15")


def test_an_announcement_date_is_looked_for_above_its_own_table_only():
    from iijviewer.ingest.context import target_date_above as read_target_date

    lines = [
        "Targets (announced on June 1, 2010)",
        "(JPY in millions)",
        "\tRevenues",
        "FY2010\t84,500",
        "",
        "Dividends",
        "\tDividend",
        "FY2010\t2,500",
        "The target announced on June 1, 2010 is unchanged.",
    ]
    assert read_target_date(lines, 3) == "2010-06-01"
    assert read_target_date(lines, 7) == ""  # the table above stops the search; text below is not its caption


# --- revisions, on a small made-up history ---------------------------------------


@dataclass(frozen=True)
class Doc:
    id: str
    publication_date: str
    title: str = ""
    lines: tuple[str, ...] = ()

    @property
    def sort_date(self) -> str:
        return self.publication_date


DOCS = [Doc("a", "2010-06-01"), Doc("b", "2010-11-15"), Doc("c", "2011-05-10")]


def _report(doc: str, line: int, value: str, scenario: str = "target", decimals: int = -8) -> RawFact:
    return RawFact("revenue_total", "FY2010", scenario, Decimal(value), "JPY", decimals, SourceRef(doc, line), "Revenues", "")


def _index(*raw: RawFact) -> FactIndex:
    normalized = build(raw, {d.id: d.publication_date for d in DOCS})
    return FactIndex(normalized.facts, normalized.occurrences)


def test_the_earliest_document_sets_the_initial_target_and_a_later_different_one_revises_it():
    index = _index(_report("c", 5, "90.0e9"), _report("a", 9, "84.5e9"), _report("b", 7, "84.5e9", decimals=-6))
    row = guidance_row(index, "revenue_total", "FY2010", DOCS)
    assert row.initial.document == "a"
    assert [(r.document, r.value) for r in row.revisions] == [("c", Decimal("90.0e9"))]
    assert [r.document for r in row.history] == ["a", "b", "c"]


def test_a_repeated_target_within_rounding_is_no_revision():
    index = _index(_report("a", 9, "84.5e9"), _report("b", 7, "84520e6", decimals=-6))
    row = guidance_row(index, "revenue_total", "FY2010", DOCS)
    assert row.revisions == ()
    assert row.latest is row.initial


def test_a_revised_target_counts_once_even_when_repeated():
    index = _index(
        _report("a", 9, "84.5e9"),
        _report("b", 3, "86.0e9", "revised_target"),
        _report("c", 4, "86.0e9", "revised_target"),
    )
    row = guidance_row(index, "revenue_total", "FY2010", DOCS)
    assert [(r.document, r.scenario) for r in row.revisions] == [("b", "revised_target")]
    assert len(row.history) == 3


def test_no_target_no_row():
    assert guidance_row(_index(), "revenue_total", "FY2010", DOCS) is None
