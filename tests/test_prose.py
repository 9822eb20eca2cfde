"""Figures read from sentences, checked by hand against the documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.ingest.documents import bundled_documents
from iijviewer.ingest.prose import read_prose
from iijviewer.ingest.reader import read_document

PR2010 = "2010-11-15_press-release_1H-FY2010-results"
PR2012 = "2012-11-08_press-release_1H-FY2012-results"
PRES2011 = "2011-11-08_presentation_1H-FY2011-results"


@pytest.fixture(scope="module")
def facts():
    out = {}
    for d in bundled_documents():
        for f in read_document(d.id, d.lines)[0]:
            out.setdefault((f.source.document, f.source.line, f.concept, f.period), f)
    return out


@pytest.mark.parametrize(
    ("doc", "line", "concept", "period", "value", "decimals"),
    [
        (PR2010, 149, "atms_placed", "2010-11-15", "148", 0),
        (PR2012, 133, "atms_placed", "2012-11-08", "567", 0),
        (PRES2011, 257, "atms_placed", "2011-11-08", "349", 0),
        (PRES2011, 197, "employees", "2011-09-30", "1955", 0),
        (PR2010, 145, "order_backlog_systems_construction", "2010-09-30", "5344000000", -6),
        (PR2010, 145, "order_backlog_systems_operation_maintenance", "2010-09-30", "11055000000", -6),
        (PR2012, 129, "order_backlog_systems_construction", "2012-09-30", "4803000000", -6),
        (PR2010, 143, "revenue_systems_integration", "FY2010-H1", "12987000000", -6),
    ],
)
def test_figures_stated_in_sentences(facts, doc, line, concept, period, value, decimals) -> None:
    f = facts[(doc, line, concept, period)]
    assert (f.value, f.decimals, f.scenario) == (Decimal(value), decimals, "actual")
    assert f.label in f.text


def test_a_sentence_about_another_period_is_not_read_as_this_one() -> None:
    lines = ["Net income was JPY758 million (JPY540 million in 1H09).", "SI revenues were JPY1,234 million, up 3% YoY."]
    got = read_prose("snippet", lines, "FY2020-H1")
    assert [(f.concept, f.period, f.value) for f in got] == [("revenue_systems_integration", "FY2020-H1", Decimal("1234000000"))]


def test_without_a_reported_period_period_bound_sentences_are_skipped() -> None:
    assert read_prose("snippet", ["SI revenues were JPY1,234 million."], "") == []
