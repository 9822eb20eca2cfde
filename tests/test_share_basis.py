"""One share basis (issue 13): per-share figures shown on today's shares by default, or as printed, and never a change,
ratio or variance computed between figures on two bases (IIJ's 1:200 split of October 1, 2012, stated by the bundled
2012 press release).

Every expected value is read through the program from the bundled documents, and the adjusted one recomputed here from
the printed figure and the split's factor the documents state.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from iijviewer import cli
from iijviewer.base.vocabulary import PerShareBasis
from iijviewer.views.comparison import StatementView
from iijviewer.views.guidance_data import guidance_rows
from iijviewer.views.trends_data import GROWTH, HALF_YEARLY, build_chart
from iijviewer.views.viewdata import FactIndex

BEFORE, AFTER = "FY2010-H1", "FY2011-H1"  # printed before the split (2010 release) and after it (2012 release)


@pytest.fixture(scope="module")
def split_factor(library) -> Decimal:
    (split,) = {(s.old, s.shares) for d in library.documents for s in d.stock_splits}
    return Decimal(split[1]) / Decimal(split[0])


def _cells(index: FactIndex, concept: str, period: str) -> dict[str, object]:
    table = StatementView("per_share", period).table(index)
    row = next(r for r in table.rows if r.concept.id == concept)
    return {c.key: cell for c, cell in zip(table.columns, row.cells)}


def test_adjusted_figures_are_the_printed_ones_divided_by_the_split_and_changes_are_on_one_basis(library, split_factor) -> None:
    printed = FactIndex.from_library(library.with_per_share(PerShareBasis.REPORTED))
    adjusted = FactIndex.from_library(library.with_per_share(PerShareBasis.ADJUSTED))
    old, new = printed.get("eps_basic", BEFORE), printed.get("eps_basic", AFTER)
    assert old.reported.source.document.startswith("2010") and new.reported.source.document.startswith("2012")
    assert adjusted.get("eps_basic", BEFORE).value == old.value / split_factor  # per today's share
    assert adjusted.get("eps_basic", AFTER).value == new.value  # printed after the split: as it is
    cells = _cells(adjusted, "eps_basic", AFTER)
    assert cells["change"].value == new.value - old.value / split_factor
    assert "Adjusted to today's shares" in _cells(adjusted, "eps_basic", AFTER)["prior"].tooltip
    assert library.per_share == PerShareBasis.REPORTED  # the copies leave the library as it was


def test_as_printed_no_change_is_computed_across_the_split(library) -> None:
    printed = FactIndex.from_library(library.with_per_share(PerShareBasis.REPORTED))
    cells = _cells(printed, "eps_basic", AFTER)
    assert cells["prior"].value == printed.get("eps_basic", BEFORE).value  # shown as printed
    assert (cells["change"].text, cells["change_pct"].text) == ("n/m", "n/m")
    assert cells["change"].value is None and "two share bases" in cells["change_pct"].tooltip
    revenue = StatementView("income", AFTER).table(printed)
    row = next(r for r in revenue.rows if r.concept.id == "revenue_total")
    assert row.cells[[c.key for c in revenue.columns].index("change")].value is not None  # amounts know no share basis


def test_trends_growth_and_guidance_variance_never_cross_the_split(library, split_factor) -> None:
    printed = FactIndex.from_library(library.with_per_share(PerShareBasis.REPORTED))
    adjusted = FactIndex.from_library(library.with_per_share(PerShareBasis.ADJUSTED))
    for index in (printed, adjusted):
        chart = build_chart(index, ["eps_basic"], HALF_YEARLY, GROWTH)
        (series,) = chart.series
        growth = dict(zip(series.keys, series.exact))
        if index is printed:
            assert growth.get(AFTER) is None  # 33.59 against 4,241.14 is no change of 99%
        else:
            old, new = printed.get("eps_basic", BEFORE).value, printed.get("eps_basic", AFTER).value
            assert growth[AFTER] == pytest.approx((new - old / split_factor) / (old / split_factor) * 100)
    rows = {(r.concept.id, r.period): r for r in guidance_rows(adjusted, library.documents, ["eps_basic"])}
    for row in rows.values():
        if row.actual is not None and row.latest is not None and row.variance is not None:
            assert row.latest.factor == 1 and adjusted.share_factor(row.actual) == 1
    targets = [r.latest for r in rows.values() if r.latest is not None and r.latest.printed is not None]
    assert targets and all(t.value == t.printed / split_factor for t in targets)


def test_a_years_dividend_split_between_two_bases_is_on_no_basis(library) -> None:
    adjusted = FactIndex.from_library(library.with_per_share(PerShareBasis.ADJUSTED))
    interim_before = [
        f for f in adjusted.facts.values() if f.concept == "dividend_per_share" and adjusted.share_factor(f) is None
    ]
    assert interim_before, "the split year's dividend total is printed on two bases"
    assert any(f.kind == "uncertain_figure" and "interim was paid before the split" in f.message for f in library.findings)


def test_facts_command_prints_as_printed_by_default_or_adjusted(capsys, library, split_factor, tmp_path) -> None:
    def eps(*options: str) -> Decimal:
        assert cli.main(["facts", "--data-dir", str(tmp_path), *options]) == 0
        rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
        return next(Decimal(r["value"]) for r in rows if (r["concept"], r["period"], r["scenario"]) == ("eps_basic", BEFORE, "actual"))

    printed = library.with_per_share(PerShareBasis.REPORTED).on_basis
    value = next(f.value for f in printed.facts if f.key == ("eps_basic", BEFORE, "actual"))
    assert eps() == eps("--per-share", "reported") == value
    assert eps("--per-share", "adjusted") == value / split_factor
    with pytest.raises(SystemExit):
        cli.main(["facts", "--per-share", "halved"])


def test_the_window_shows_adjusted_figures_switches_and_remembers(qtbot, library, tmp_path, split_factor) -> None:
    from PySide6.QtCore import QSettings

    from iijviewer.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    printed = library.with_per_share(PerShareBasis.REPORTED).on_basis
    value = next(f.value for f in printed.facts if f.key == ("eps_basic", BEFORE, "actual"))
    assert window.index.get("eps_basic", BEFORE).value == value / split_factor
    assert "adjusted to today's shares" in window.summary_label.full_text()
    window.set_per_share(PerShareBasis.REPORTED)
    assert window.index.get("eps_basic", BEFORE).value == value
    assert [a.isChecked() for a in window.per_share_actions.actions()] == [False, True]
    assert "as printed" in window.summary_label.full_text()
    window.close()
    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    assert again.per_share == PerShareBasis.REPORTED and library.per_share == PerShareBasis.REPORTED


def test_the_workbook_says_which_basis_and_shows_no_change_across_it(library, tmp_path, split_factor) -> None:
    from openpyxl import load_workbook

    from iijviewer.export.workbook import ExportOptions, export_workbook

    for mode in (PerShareBasis.ADJUSTED, PerShareBasis.REPORTED):
        path = tmp_path / f"{mode}.xlsx"
        export_workbook(library.with_per_share(mode), path, ExportOptions(statements=("per_share",)))
        wb = load_workbook(path)
        cover = wb.worksheets[0]
        note = next(cover.cell(r, 2).value for r in range(1, 30) if cover.cell(r, 1).value == "Per share")  # the first: not the sheet
        assert ("adjusted to today's shares" in note) == (mode == PerShareBasis.ADJUSTED), note


def test_share_counts_are_on_a_basis_too_and_ads_counts_are_not(library, split_factor) -> None:
    printed = FactIndex.from_library(library.with_per_share(PerShareBasis.REPORTED))
    adjusted = FactIndex.from_library(library.with_per_share(PerShareBasis.ADJUSTED))
    before = printed.get("weighted_average_shares_basic", BEFORE)
    assert before is not None and before.reported.source.document.startswith("2010")  # printed before the split
    cells = _cells(printed, "weighted_average_shares_basic", AFTER)
    assert (cells["change"].text, cells["change_pct"].text) == ("n/m", "n/m")  # old shares against new
    assert adjusted.get("weighted_average_shares_basic", BEFORE).value == before.value * split_factor
    assert _cells(adjusted, "weighted_average_shares_basic", AFTER)["change"].value is not None
    ads = _cells(printed, "weighted_average_ads_basic", AFTER)  # an ADS is the same part of IIJ before and after
    assert ads["change"].value is not None
    assert adjusted.get("weighted_average_ads_basic", BEFORE).value == printed.get("weighted_average_ads_basic", BEFORE).value
