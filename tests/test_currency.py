"""US dollars at each document's rate: the rate read from the document, never mixed across periods silently."""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pytest
from synthetic import write_release  # noqa: E402

from iijviewer.base.formatting import USD_MILLIONS, view_unit, yen_unit
from iijviewer.views.comparison import ComparisonView, StatementView, fact_cell
from iijviewer.views.viewdata import FactIndex

RELEASE = "2010-11-15_press-release_1H-FY2010-results"


@pytest.fixture(scope="module")
def usd_index(library) -> FactIndex:
    return FactIndex.from_library(library)  # its own: the cells it keeps are in dollars


def _document(library, doc_id):
    return next(d for d in library.documents if d.id == doc_id)


def test_each_document_keeps_the_rate_it_states(library, usd_index) -> None:
    rates = usd_index.rates
    press = [d for d in library.documents if d.kind == "press_release"]
    assert len(press) == 2 and all(d.id in rates for d in press)
    assert len({rates[d.id] for d in press}) == 2  # two releases, two rates
    assert all(d.id not in rates for d in library.documents if d.kind == "presentation")  # they state none
    assert all(rates[d.id] == d.exchange_rate for d in press)


def test_a_figure_translates_at_its_documents_rate_as_the_document_itself_prints(library, usd_index) -> None:
    fact = usd_index.get("revenue_total", "FY2010-H1")
    assert fact.source.document == RELEASE
    rate = _document(library, RELEASE).exchange_rate
    cell = fact_cell(usd_index, fact, USD_MILLIONS)
    assert cell.rate == rate
    # the release prints its own US dollar column, in thousands: the same figure
    thousands = (fact.value / rate / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert f"{thousands:,}" in fact.reported.text
    millions = (fact.value / rate / 10**6).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert cell.text == f"{millions:,}"
    assert Decimal(cell.plain) == (fact.value / rate / 10**6).quantize(Decimal("0.000001"))
    assert f"translated at JPY{rate} = US$1.00" in cell.tooltip and RELEASE in cell.tooltip


def test_a_figure_from_a_document_without_a_rate_is_blank_and_says_why(usd_index) -> None:
    fact = usd_index.get("revenue_total", "FY2013-H1")
    assert fact.source.document.startswith("2013-12_presentation")
    cell = fact_cell(usd_index, fact, USD_MILLIONS)
    assert cell.text == "" and cell.value is None and cell.rate is None
    assert "states no US dollar rate" in cell.tooltip
    table = StatementView("income", "FY2013-H1", USD_MILLIONS).table(usd_index)
    assert table.rows and table.rows[0].concept_id == "revenue_total"  # the row stays, to say why
    assert table.columns[0].title.endswith("no stated rate")


def test_columns_at_different_rates_say_so_and_are_not_subtracted(library, usd_index) -> None:
    table = ComparisonView("income", ("FY2010-H1", "FY2012-H1"), unit=USD_MILLIONS).table(usd_index)
    titles = {c.key: c.title for c in table.columns}
    first = usd_index.rates[RELEASE]
    second = usd_index.rates[usd_index.get("revenue_total", "FY2012-H1").source.document]
    assert titles["FY2010-H1"].endswith(f"at JPY{first}") and titles["FY2012-H1"].endswith(f"at JPY{second}")
    row = next(r for r in table.rows if r.concept_id == "revenue_total")
    change = row.cells[[c.key for c in table.columns].index("FY2012-H1:change")]
    assert change.text == "" and "partly the exchange rate" in change.tooltip
    pct = row.cells[[c.key for c in table.columns].index("FY2012-H1:change_pct")]
    assert pct.text.endswith("%")  # a change in percent is the change in yen
    # within one document's rate, the change is the difference of the translations
    statement = StatementView("income", "FY2010-H1", USD_MILLIONS).table(usd_index)
    row = next(r for r in statement.rows if r.concept_id == "revenue_total")
    keys = [c.key for c in statement.columns]
    actual, prior, diff = (row.cells[keys.index(k)] for k in ("actual", "prior", "change"))
    assert actual.rate == prior.rate == diff.rate == first
    assert Decimal(diff.plain) == pytest.approx(Decimal(actual.plain) - Decimal(prior.plain), abs=Decimal("0.00001"))


def test_the_unit_choice_is_labelled_and_yen_remains_for_what_cannot_translate() -> None:
    unit = view_unit("usd_millions")
    assert unit.label == "US$ millions at each document's rate"
    assert yen_unit(unit).key == "millions" and yen_unit(view_unit("billions")).key == "billions"


def test_an_invented_rate_from_an_imported_release(tmp_path) -> None:
    from iijviewer.library import importer
    from iijviewer.library.store import Library

    data = tmp_path / "lib"
    release = write_release(
        tmp_path, "The rate used for the translation was JPY111.11 per US$1.00, which was the noon buying rate on June 30, 2030."
    )
    outcome = importer.import_documents([str(release)], data)
    doc = next(f.document for f in outcome.files)
    index = FactIndex.from_library(Library.load(data))
    assert index.rates[doc] == Decimal("111.11")
    cell = fact_cell(index, index.get("revenue_total", "FY2030-Q1"), USD_MILLIONS)
    assert cell.text == "9.9" and Decimal(cell.plain) == (Decimal(1_100_000_000) / Decimal("111.11") / 10**6).quantize(Decimal("0.000001"))
    table = StatementView("income", "FY2030-Q1", USD_MILLIONS).table(index)
    assert table.columns[0].title == "1Q FY2030\nUS$ millions\nat JPY111.11"


def test_the_window_offers_dollars_and_pages_that_cannot_translate_stay_in_yen(qtbot, library, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from iijviewer.ui.main_window import MainWindow

    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.set_period("FY2010-H1")
    assert window.unit_combo.findData("usd_millions") >= 0
    window.set_unit("usd_millions")
    page = window.pages["statements"]
    assert page.table.columns[0].title.endswith(f"at JPY{_document(library, RELEASE).exchange_rate}")
    assert window.pages["trends"].unit.key == "millions"  # a chart has no rate per point: it stays in yen
    assert window.export_options(current_view=True).unit.key == "millions"  # the workbook holds facts, in yen


def test_counts_are_not_money_and_keep_their_changes(usd_index) -> None:
    from iijviewer.views.comparison import change_cells

    counts = [f for f in usd_index.facts.values() if f.unit == "count" and f.scenario == "actual"]
    pair = next((f, base) for f in counts if (base := usd_index.get(f.concept, _prior(f.period))) is not None)
    current, base = pair
    cell = fact_cell(usd_index, current, USD_MILLIONS)
    assert cell.rate is None and cell.text == f"{current.value:,}"
    change, pct = change_cells(usd_index, current, base, USD_MILLIONS, "Change")
    assert Decimal(change.plain) == current.value - base.value and pct.text


def _prior(period: str) -> str | None:
    from iijviewer.views.viewdata import prior_period

    return prior_period(period)


def test_the_note_under_a_table_names_its_rates_and_says_when_they_differ(usd_index) -> None:
    from iijviewer.views.currency import rates_note

    one = rates_note(StatementView("income", "FY2010-H1", USD_MILLIONS).table(usd_index))
    assert one == f"US dollars at the rate the documents state: JPY{usd_index.rates[RELEASE]} (1H FY2010, 1H FY2010 target, 1H FY2009)."
    two = rates_note(ComparisonView("income", ("FY2010-H1", "FY2012-H1"), unit=USD_MILLIONS).table(usd_index))
    assert two.startswith("\u26a0 US dollars at different rates") and "(1H FY2010)" in two and "(1H FY2012)" in two
    assert "not computed" in two
