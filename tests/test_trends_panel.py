"""The trends page: the plotted series are the facts, growth mode, export, the readout, the concept picker."""

from __future__ import annotations

import html
import math
import os
import subprocess
import sys
import time
from collections import Counter
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFileDialog
from test_trends_data import synthetic_index  # noqa: F401 (fixture)

from iijviewer.base.formatting import BILLIONS, MILLIONS
from iijviewer.base.periods import period_label
from iijviewer.models.concept_list_model import ConceptListModel
from iijviewer.models.roles import KeyRole
from iijviewer.ui.trends import _SYMBOL_SIZE, EMPTY_TEXT, TrendsPanel
from iijviewer.views.trends_data import ANNUAL, HALF_YEARLY

PRESS_2010 = "2010-11-15_press-release_1H-FY2010-results"
_SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def panel(qtbot, library, index) -> TrendsPanel:
    p = TrendsPanel()
    qtbot.addWidget(p)
    p.set_data(library, index)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def _xy(panel, name):
    """A series' points as its axis shows them: yen are plotted in yen, and the axis scaled to the display unit."""
    item = panel.plot_items[name]
    x, y = item.getData()
    axis = panel.plot.right if item.getViewBox() is panel.plot.right_view else panel.plot.left
    return x, y * axis.scale


def test_importing_the_page_does_not_import_pyqtgraph():
    code = "import sys, iijviewer.ui.trends; print('pyqtgraph' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


_REPAINTS = """
import os
from PySide6.QtWidgets import QApplication
app = QApplication([])
from iijviewer.library.store import Library
from iijviewer.views.viewdata import FactIndex
from iijviewer.ui.trends import TrendsPanel
library = Library.load(use_user_library=False)
panel = TrendsPanel()
panel.set_data(library, FactIndex.from_library(library))
panel.resize(800, 500)
panel.show()
panel.set_concepts(["revenue_total", "operating_income"])
for _ in range(1200):
    panel.plot.widget.grab()
print("repainted", flush=True)
os._exit(0)  # what is measured is the repainting; interpreter teardown with live Qt objects is another matter
"""


@pytest.mark.slow  # a thousand repaints in a child process
def test_the_plot_survives_a_long_session_of_repaints():
    # PySide6 6.12 drops a reference to None per Python paint() call; on CPython 3.11 that
    # aborted the interpreter after some hundred repaints of this plot; pyproject.toml keeps 3.11 below 6.12
    out = subprocess.run([sys.executable, "-c", _REPAINTS], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("repainted")


def test_empty_state_until_a_concept_is_picked(panel):
    assert panel.stack.currentWidget() is panel.empty
    assert panel.empty.text() == EMPTY_TEXT
    assert not panel.save_png_button.isEnabled()
    assert panel.readout_text(0) == ""


def test_concept_list_model_passes_qtmodeltester(qtmodeltester, index):
    from iijviewer.base.concepts import catalog

    model = ConceptListModel([c for c in catalog().values() if c.id in index.by_concept])
    model.set_checked(["revenue_total", "operating_income"])
    qtmodeltester.check(model)
    assert model.checked_ids() == ["revenue_total", "operating_income"]


def test_only_concepts_with_facts_are_listed(panel, index):
    ids = [panel.concept_model.index(r).data(KeyRole) for r in range(panel.concept_model.rowCount())]
    assert "revenue_total" in ids
    assert set(ids) <= set(index.by_concept)


def test_revenue_quarters_are_plotted_as_the_index_has_them(panel, index):
    panel.set_concepts(["revenue_total"])
    assert panel.stack.currentWidget() is panel.plot_host
    chart = panel.chart
    x, y = _xy(panel, "Total revenues")
    assert np.array_equal(x, np.arange(len(chart.periods)))
    assert isinstance(y, np.ndarray) and y.dtype == np.float64
    first, last = chart.periods.index("FY2009-Q1"), chart.periods.index("FY2012-Q2")
    present = 0
    for i in range(first, last + 1):
        key = chart.periods[i]
        assert panel.plot.bottom.labels[i] == period_label(key)
        value = index.value("revenue_total", key)
        if value is None:
            assert math.isnan(y[i]), key
        else:
            present += 1
            assert y[i] == pytest.approx(float(value) / 1e6)
    assert present == 8


def _marker_brushes(item) -> dict:
    """Period index -> the brush its marker is drawn with."""
    brushes = {}
    for x, _y, brush in item.markers.points():
        i = int(round(x))
        assert i not in brushes, "one marker a point"
        brushes[i] = brush
    return brushes


def _marker_centre(panel, item, i: int):
    """The colour the plot shows at the centre of point i's marker."""
    image = panel.plot.widget.grab().toImage()  # painted: the view has taken its range for the data
    x, y = item.getData()
    at = panel.plot.widget.mapFromScene(item.getViewBox().mapViewToScene(QPointF(x[i], y[i])))
    assert image.rect().contains(at)
    return image.pixelColor(at)


def test_derived_points_are_hollow(panel, index):
    panel.set_concepts(["revenue_total"])
    item = panel.plot_items["Total revenues"]
    fill = panel.plot.fills[0]
    for unit in (MILLIONS, BILLIONS, MILLIONS):  # and stay so in another unit
        panel.set_display_unit(unit)
        brushes = _marker_brushes(item)
        x, y = item.getData()
        assert set(brushes) == {i for i in range(len(panel.chart.periods)) if np.isfinite(y[i])}  # a marker on every figure, none in a gap
        for i, key in enumerate(panel.chart.periods):
            fact = index.get("revenue_total", key)
            if fact is not None:
                assert brushes[i] == (panel.plot.hollow if fact.derived else fill), key
        assert any(b == panel.plot.hollow for b in brushes.values())
    # what the screen shows: a derived point's marker is white inside, a reported one's in the series' colour
    last = len(panel.chart.periods) - 1  # (the hover line stands there)
    derived = next(i for i, k in enumerate(panel.chart.periods) if i != last and (f := index.get("revenue_total", k)) and f.derived)
    reported = next(i for i, k in enumerate(panel.chart.periods) if i != last and (f := index.get("revenue_total", k)) and not f.derived)
    assert _marker_centre(panel, item, derived).name() == "#ffffff"
    assert _marker_centre(panel, item, reported).name() == fill.color().name()


def test_a_reused_item_takes_the_hollow_points_of_its_new_series(panel, index):
    panel.set_concepts(["revenue_total"])
    item = panel.plot_items["Total revenues"]
    panel.set_concepts(["operating_income"])  # the one item left is handed to the new series
    assert panel.plot_items["Operating income"] is item
    brushes = _marker_brushes(item)
    for i, key in enumerate(panel.chart.periods):
        fact = index.get("operating_income", key)
        if fact is not None:
            assert brushes[i] == (panel.plot.hollow if fact.derived else panel.plot.fills[0]), key


def test_targets_are_dashed_with_their_own_symbol(panel):
    panel.set_concepts(["operating_income"])
    panel.set_frequency(HALF_YEARLY)
    actual = panel.plot_items["Operating income"]
    target = panel.plot_items["Operating income \u2014 target"]
    revised = panel.plot_items["Operating income \u2014 revised target"]
    assert actual.opts["pen"].style() == Qt.PenStyle.SolidLine
    assert target.opts["pen"].style() == Qt.PenStyle.DashLine
    assert revised.opts["pen"].style() == Qt.PenStyle.DotLine
    assert {actual.marker["symbol"], target.marker["symbol"], revised.marker["symbol"]} == {"o", "t", "d"}
    assert target.opts["pen"].color() == actual.opts["pen"].color()
    assert all(i.opts["pen"].width() <= 1 for i in (actual, target, revised))
    h1 = panel.chart.periods.index("FY2011-H1")
    assert _xy(panel, "Operating income \u2014 revised target")[1][h1] == pytest.approx(2400)


def test_per_share_figures_get_their_own_axis(panel):
    panel.set_concepts(["revenue_total", "eps_basic"])
    panel.set_frequency(HALF_YEARLY)
    plot = panel.plot
    eps = plot.items["Basic net income attributable to IIJ per share"]
    assert eps.getViewBox() is plot.right_view
    assert plot.items["Total revenues"].getViewBox() is plot.plot.getViewBox()
    assert plot.plot.getAxis("right").isVisible() and plot.right.labelText == "JPY per share"
    h1 = panel.chart.periods.index("FY2012-H1")
    assert eps.getData()[1][h1] == pytest.approx(float(panel.index.value("eps_basic", "FY2012-H1")))
    panel.set_concepts(["revenue_total"])
    assert not plot.plot.getAxis("right").isVisible()


def test_growth_mode_plots_yoy_percent(panel):
    panel.set_concepts(["revenue_total"])
    panel.set_growth(True)
    assert panel.growth_check.isChecked()
    _, y = _xy(panel, "Total revenues")
    q2 = panel.chart.periods.index("FY2010-Q2")
    assert y[q2] == pytest.approx((18458817000 / 16440514000 - 1) * 100)
    assert math.isnan(y[panel.chart.periods.index("FY2009-Q2")])
    assert panel.plot.left.labelText == "YoY change, %"
    assert panel.readout_text(q2).splitlines()[1].startswith("Total revenues: +12.3% (against 16,441 in 2Q FY2009)")
    panel.set_growth(False)
    assert _xy(panel, "Total revenues")[1][q2] == pytest.approx(18458.817)


def test_frequency_selector(panel):
    panel.set_concepts(["revenue_total"])
    panel.frequency_combo.setCurrentIndex(panel.frequency_combo.findData(ANNUAL))
    assert panel.frequency == ANNUAL
    assert panel.chart.periods[-1] == "FY2013"
    assert panel.plot.bottom.labels[-1] == "FY2013"
    with pytest.raises(ValueError):
        panel.set_frequency("weekly")


def test_readout_for_a_point(panel):
    panel.set_concepts(["revenue_total"])
    q2 = panel.chart.periods.index("FY2010-Q2")
    q1 = panel.chart.periods.index("FY2010-Q1")
    assert panel.readout_text(q2) == f"2Q FY2010 (JPY millions)\nTotal revenues: 18,459 \u2014 {PRESS_2010}:649"
    assert panel.readout_text(q1).endswith("Total revenues: 15,813 \u2014 derived: FY2010-H1 - FY2010-Q2")
    panel.set_display_unit(BILLIONS)
    assert panel.readout_text(q2).splitlines()[1].startswith("Total revenues: 18.5 ")
    assert _xy(panel, "Total revenues")[1][q2] == pytest.approx(18.458817)
    panel.set_display_unit(MILLIONS)


def test_the_readout_starts_at_the_latest_period(panel):
    panel.set_concepts(["revenue_total"])
    assert panel.readout.text().startswith("2Q FY2012")
    assert panel.plot.crosshair.value() == len(panel.chart.periods) - 1


def test_hover_moves_the_crosshair_and_the_readout(panel):
    panel.set_concepts(["revenue_total"])
    q2 = panel.chart.periods.index("FY2010-Q2")
    view = panel.plot.plot.getViewBox()
    (_x0, _x1), (y0, y1) = view.viewRange()
    panel.plot._mouse_moved(view.mapViewToScene(QPointF(q2 + 0.3, (y0 + y1) / 2)))
    assert panel.plot.crosshair.value() == q2
    assert panel.readout.text().startswith("2Q FY2010")


def test_period_axis_labels_thin_out_when_narrow(panel):
    panel.set_concepts(["revenue_total"])
    axis = panel.plot.bottom
    n = len(panel.chart.periods)
    wide = axis.tickValues(-0.5, n - 0.5, 4000)
    assert wide[0][1] == [float(i) for i in range(n)]
    assert axis.tickStrings(wide[0][1], 1, wide[0][0])[:2] == ["4Q FY2007", "1Q FY2008"]
    narrow = axis.tickValues(-0.5, n - 0.5, 120)
    major_step, majors = narrow[0]
    assert major_step > 1
    labels = axis.tickStrings(majors, 1, major_step)
    assert all(label.startswith("1Q FY") for label in labels)  # thinned to the start of each fiscal year
    assert set(axis.tickStrings(narrow[1][1], 1, narrow[1][0])) <= {""}


def test_value_axis_writes_plain_figures(panel):
    panel.set_concepts(["revenue_total"])
    assert panel.plot.left.tickStrings([25000.0, 1500.0], 1, 500) == ["25,000", "1,500"]
    assert panel.plot.left.tickStrings([0.5], 1, 0.1) == ["0.5"]


def test_save_plot_writes_png_and_svg(panel, tmp_path):
    panel.set_concepts(["revenue_total", "operating_income"])
    png = panel.save_plot(tmp_path / "plot.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    svg = panel.save_plot(tmp_path / "plot.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and len(text) > 1000
    # the drawing has every series: a vector marker on each of its figures (and one in its legend
    # sample), filled in its colour where reported, hollow where derived, and its name in the legend
    root = ElementTree.fromstring(text)
    markers = Counter(
        (g.get("fill"), g.get("stroke"))
        for g in root.iter(f"{_SVG}g")
        if (g.get("transform") or "").startswith(f"matrix({_SYMBOL_SIZE},0,0,{_SYMBOL_SIZE},") and g.find(f"{_SVG}path") is not None
    )
    hollow = panel.plot.hollow.color().name()
    for k, series in enumerate(panel.chart.series):
        colour = panel.plot.fills[k].color().name()
        present = np.isfinite(series.values)
        assert markers[(colour, colour)] == int((present & ~series.derived).sum()) + 1, series.name
        assert markers[(hollow, colour)] == int((present & series.derived).sum()), series.name
        assert markers[(hollow, colour)] > 0 and markers[(colour, colour)] > 1
    texts = {t.text.strip() for t in root.iter(f"{_SVG}text") if t.text}
    assert {"Total revenues", "Operating income", "hollow marker: derived figure"} <= texts
    assert root.find(f".//{_SVG}image") is None  # shapes, not pictures of them


def test_save_as_png_button_asks_for_a_file(panel, tmp_path, monkeypatch, qtbot):
    panel.set_concepts(["revenue_total"])
    target = tmp_path / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(panel.status_message, timeout=5000) as blocker:
        qtbot.mouseClick(panel.save_png_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "chosen.png").stat().st_size > 0
    assert "chosen.png" in blocker.args[0]


def test_cancelled_save_writes_nothing(panel, tmp_path, monkeypatch, qtbot):
    panel.set_concepts(["revenue_total"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    with qtbot.assertNotEmitted(panel.status_message):
        qtbot.mouseClick(panel.save_svg_button, Qt.MouseButton.LeftButton)


def test_save_with_nothing_plotted_is_refused(panel, tmp_path):
    with pytest.raises(ValueError):
        panel.save_plot(tmp_path / "x.png")


def test_set_concepts_checks_the_list_and_ignores_unknown_ids(panel):
    panel.set_concepts(["operating_income", "no_such_concept", "revenue_total"])
    assert panel.concepts() == ["revenue_total", "operating_income"]  # catalog order
    assert set(panel.plot_items) >= {"Total revenues", "Operating income"}
    assert panel.picked_label.text() == "2 concepts plotted"
    panel.set_concepts([])
    assert panel.stack.currentWidget() is panel.empty


def test_checking_a_concept_in_the_list_plots_it(panel):
    panel.search.setText("gross")
    assert panel.concept_proxy.rowCount() == 1
    proxy_index = panel.concept_proxy.index(0, 0)
    assert panel.concept_proxy.setData(proxy_index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert panel.concepts() == ["gross_margin"]
    assert "Gross margin" in panel.plot_items
    panel.set_filter("")
    assert panel.search.text() == ""


def test_choice_survives_a_new_library(panel, library, index):
    panel.set_concepts(["revenue_total"])
    panel.set_data(library, index)
    assert panel.concepts() == ["revenue_total"]
    assert "Total revenues" in panel.plot_items


def test_forty_series_of_a_hundred_quarters_plot_quickly(qtbot):
    big = synthetic_index(40, 100)
    p = TrendsPanel()
    qtbot.addWidget(p)
    p.set_data(_Library(), big)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    start = time.perf_counter()
    p.set_concepts(list(big.by_concept))
    p.grab()
    elapsed = time.perf_counter() - start
    assert len(p.plot_items) == 40
    assert len(p.plot.plot.listDataItems()) == 40  # one item per series, no item per point
    assert elapsed < 3.0, elapsed


class _Library:
    documents = ()


def test_redrawing_reuses_the_plot_items_and_the_legend(panel):
    """A series keeps its PlotDataItem: new data goes in with setData, the legend is rebuilt only when its entries change."""
    panel.set_concepts(["revenue_total", "operating_income"])
    items = dict(panel.plot_items)
    legend_rows = list(panel.plot.legend.items)
    panel.set_display_unit(BILLIONS)
    assert panel.plot_items == items and all(panel.plot_items[n] is items[n] for n in items)
    assert _xy(panel, "Total revenues")[1][panel.chart.periods.index("FY2010-Q2")] == pytest.approx(18.458817)
    assert panel.plot.legend.items == legend_rows  # the same entries: not made again
    panel.set_concepts([])
    panel.set_concepts(["revenue_total", "operating_income"])
    assert all(panel.plot_items[n] is items[n] for n in items)
    panel.set_concepts(["revenue_total", "operating_income", "gross_margin"])
    assert all(panel.plot_items[n] is items[n] for n in items)  # only the new series gets a new item
    panel.set_concepts(["gross_margin"])
    plotted = panel.plot.plot.listDataItems() + panel.plot.right_view.addedItems
    assert set(map(id, plotted)) == set(map(id, panel.plot_items.values()))  # the others left the plot
    assert [label.text for _sample, label in panel.plot.legend.items][0] == "Gross margin"


def test_a_unit_change_gives_no_item_new_data(qtbot, monkeypatch):
    """Yen stay yen in the plot: a change of unit relabels the axis, and no item, marker or range is made again."""
    p, _big = _big_panel(qtbot, 40)
    scene = p.plot.widget.scene()
    items, graphics = dict(p.plot_items), len(scene.items())
    view = p.plot.plot.getViewBox()
    before = view.viewRange()[1]
    given = []
    item_type = type(next(iter(items.values())))
    monkeypatch.setattr(item_type, "show_series", lambda item, *a, **k: given.append(item))
    first = p.chart.series[0]
    assert p.plot.left.scale == pytest.approx(1e-6)  # JPY millions, the default

    p.set_display_unit(BILLIONS)
    p.grab()

    assert given == []
    assert p.plot.left.scale == pytest.approx(1e-9) and p.plot.left.labelText == "JPY billions"
    assert p.plot_items == items and all(p.plot_items[n] is items[n] for n in items)
    assert len(scene.items()) == graphics  # nothing added: no item, marker or legend entry made again
    assert view.viewRange()[1] == pytest.approx(before)  # the same data, the same range
    assert _xy(p, first.name)[1][-1] == pytest.approx(float(first.values[-1]) / 1e9)
    low, high = before
    values = [v for _spacing, ticks in p.plot.left.tickValues(low, high, 400) for v in ticks]
    shown = p.plot.left.tickStrings(values, p.plot.left.scale, 1)
    assert all(abs(float(t.replace(",", ""))) < abs(high) / 1e8 + 1 for t in shown)  # billions on the axis, not yen


def test_an_axis_shared_by_yen_and_counts_takes_its_data_in_the_unit(panel):
    """Per-share figures first push yen and counts onto one right axis: it cannot be scaled, so yen are divided.

    The catalog lists yen amounts first, so the page never orders a chart so;
    the plot is handed one directly.
    """
    from dataclasses import replace

    panel.set_concepts(["revenue_total", "eps_basic", "employees"])
    chart = panel.chart
    eps_first = replace(chart, series=tuple(sorted(chart.series, key=lambda s: s.concept.id != "eps_basic")))
    assert eps_first.left_unit == "JPY/share"
    revenues = next(s for s in chart.series if s.concept.id == "revenue_total")
    q = next(i for i, v in enumerate(revenues.values) if not math.isnan(v))
    plot = panel.plot
    for unit, divisor in ((MILLIONS, 1e6), (BILLIONS, 1e9)):
        plot.show_chart(eps_first, unit)
        item = plot.items[revenues.name]
        assert item.getViewBox() is plot.right_view and plot.right.scale == 1 and plot.left.scale == 1
        assert item.getData()[1][q] == pytest.approx(float(revenues.values[q]) / divisor)
    plot.show_chart(chart, MILLIONS)  # and back: yen in yen on a scaled left axis
    assert plot.items[revenues.name].getData()[1][q] == pytest.approx(float(revenues.values[q]))
    assert plot.left.scale == pytest.approx(1e-6) and plot.right.scale == 1


def test_picking_concepts_again_neither_resizes_nor_relabels_the_plot(qtbot):
    """Cleared and picked again, the same chart comes back as it was: the plot keeps its size and its axes' drawings."""
    from PySide6.QtCore import QEvent, QObject

    p, _big = _big_panel(qtbot, 40)
    ids = p.concepts()

    class Resizes(QObject):
        count = 0

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
            self.count += event.type() == QEvent.Type.Resize
            return False

    resizes = Resizes()
    p.plot.widget.installEventFilter(resizes)
    scene = p.plot.widget.scene()
    graphics, bottom, labels = len(scene.items()), p.plot.bottom, list(p.plot.legend.items)
    p.set_concepts([])
    assert p.stack.currentWidget() is p.empty
    p.set_concepts(ids)
    p.grab()
    picture = bottom.picture
    p.set_concepts([])
    p.set_concepts(ids)
    p.grab()
    p.plot.widget.removeEventFilter(resizes)
    assert resizes.count == 0
    assert picture is not None and bottom.picture is picture  # the period axis is not laid out again
    assert len(scene.items()) == graphics and p.plot.legend.items == labels


def test_a_series_moved_to_the_other_axis_moves_its_item(panel):
    panel.set_concepts(["eps_basic"])
    eps = panel.plot_items["Basic net income attributable to IIJ per share"]
    assert eps.getViewBox() is panel.plot.plot.getViewBox()  # alone, per share figures take the left axis
    panel.set_concepts(["revenue_total", "eps_basic"])
    assert panel.plot_items["Basic net income attributable to IIJ per share"] is eps
    assert eps.getViewBox() is panel.plot.right_view


def _big_panel(qtbot, n_concepts: int, size=(1100, 700)) -> tuple[TrendsPanel, object]:
    big = synthetic_index(40, 24)
    p = TrendsPanel()
    qtbot.addWidget(p)
    p.set_data(_Library(), big)
    p.resize(*size)
    p.show()
    qtbot.waitExposed(p)
    p.set_concepts(list(big.by_concept)[:n_concepts])
    qtbot.waitUntil(lambda: p.plot.widget.size() == p.plot_host.size())  # the chart at the page's size
    p.grab()
    return p, big


@pytest.mark.parametrize("n", [1, 5, 12, 40])
def test_the_plot_keeps_most_of_the_chart_whatever_the_number_of_series(qtbot, n):
    p, _big = _big_panel(qtbot, n)
    plot = p.plot
    chart_h = plot.widget.height()
    assert plot.plot.getViewBox().sceneBoundingRect().height() >= 0.5 * chart_h
    # the layout is as wide as the view: nothing (the right axis, the legend's last column) is cut off
    assert plot.widget.ci.geometry().width() <= plot.widget.width()
    assert plot.legend.isVisible() and not plot.legend_collapsed
    assert plot.legend.sceneBoundingRect().bottom() <= chart_h
    assert len(plot.legend.items) == n + 1  # every series, and the key to hollow markers


def test_every_plotted_series_looks_different_and_is_named_in_full(qtbot):
    p, big = _big_panel(qtbot, 40)
    looks = {(item.opts["pen"].color().name(), item.marker["symbol"]) for item in p.plot_items.values()}
    assert len(looks) == 40
    for (sample, label), (name, item) in zip(p.plot.legend.items, p.plot._legend_entries):
        assert sample.item is item and label.toolTip() == name  # an elided name is whole in the tooltip
        shown = html.unescape(label.text).rstrip("\u2026")  # the label is HTML: "SG&amp;A"
        assert shown and name.startswith(shown)
    assert any(label.text.endswith("\u2026") for _sample, label in p.plot.legend.items)
    # the concept list shows each plotted concept's line and marker, the others a blank of the same size
    model = p.concept_model
    icons = [model.index(model.row_of(cid)).data(Qt.ItemDataRole.DecorationRole) for cid in p.concepts()]
    assert all(icon is not None and not icon.isNull() for icon in icons)
    assert len({icon.cacheKey() for icon in icons}) == 40
    p.set_concepts(p.concepts()[:1])
    unplotted = model.index(model.row_of(list(big.by_concept)[1])).data(Qt.ItemDataRole.DecorationRole)
    assert unplotted.cacheKey() == p.plot.blank_icon.cacheKey()
    p.set_concepts([])
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole).cacheKey() == p.plot.blank_icon.cacheKey()


def test_a_chart_too_small_for_the_legend_shows_a_note_and_saves_with_the_legend(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    p, _big = _big_panel(qtbot, 40, size=(700, 420))
    plot = p.plot
    assert plot.legend_collapsed and plot.legend_note.isVisible()
    assert "40 series" in plot.legend_note.text
    assert plot.plot.getViewBox().sceneBoundingRect().height() >= 0.5 * plot.widget.height()
    size = plot.widget.size()
    image = QImage(str(p.save_plot(tmp_path / "plot.png")))
    assert image.height() > size.height()  # taller than the screen, to hold the legend
    assert plot.widget.size() == size and plot.legend_collapsed  # the screen as it was
    p.resize(1400, 900)
    qtbot.waitUntil(lambda: plot.widget.size() == p.plot_host.size() and plot.widget.height() > size.height())
    assert not plot.legend_collapsed and plot.legend.isVisible()


def test_legend_columns_fit_the_width_then_elide():
    from iijviewer.ui.trends import legend_columns

    assert legend_columns([80.0] * 3, 800, 100, 16)[0] == 3  # short names: one row
    cols, text = legend_columns([300.0] * 41, 800, 200, 16)
    assert math.ceil(41 / cols) * 16 <= 200 and 100 <= text < 300  # elided into more columns
    assert legend_columns([300.0] * 41, 300, 60, 16) is None  # too many for the room: collapse


def test_a_redraw_replaces_the_readout_once_and_the_concept_list_in_one_signal_each(panel):
    """The readout's text is laid out again only when it changes; the list repaints once per change, not per row."""
    ids = ["revenue_total", "operating_income", "net_income_attributable"]
    panel.set_concepts(ids)
    shown = panel.readout.text()
    changes = []
    panel.concept_model.dataChanged.connect(lambda *args: changes.append(args[2]))
    before = panel.readout.sets
    panel.set_concepts([])
    panel.set_concepts(ids)  # the same chart again: the same text
    assert panel.readout.text() == shown
    assert panel.readout.sets == before
    panel.set_display_unit(BILLIONS)  # new figures: one new text
    assert panel.readout.sets == before + 1
    assert panel.readout.text().splitlines()[0].endswith("(JPY billions)")
    # clearing and picking again: a check-state signal and a decoration signal each time, whatever the number of rows
    assert len(changes) <= 4
    panel.set_display_unit(MILLIONS)


def _check_box_centre(view, row: int):
    """Where a user clicks to tick a row of the concept list: the middle of its check box."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    return box.center()


def test_two_clicks_in_a_row_tick_the_two_concepts_clicked(panel, qtbot):
    """Ticking the first concept neither makes the rows taller nor adds a column: the second click lands where aimed."""
    view = panel.concept_view
    model = panel.concept_model
    first, second = model.row_of("revenue_total"), model.row_of("operating_income")
    rows = [view.sizeHintForIndex(view.model().index(r, 0)).height() for r in (first, second)]
    # both places as the user saw them before the first click (the second click follows at once)
    aims = [_check_box_centre(view, first), _check_box_centre(view, second)]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=aims[0])
    assert panel.concepts() == ["revenue_total"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=aims[1])
    assert panel.concepts() == ["revenue_total", "operating_income"]
    assert [view.sizeHintForIndex(view.model().index(r, 0)).height() for r in (first, second)] == rows
    assert [_check_box_centre(view, first), _check_box_centre(view, second)] == aims


def test_separate_scales_draw_a_small_series_against_the_right_axis(panel):
    panel.set_concepts(["revenue_total", "operating_income"])
    plot = panel.plot
    assert panel.separate_check.isChecked()
    assert plot.items["Operating income"].getViewBox() is plot.right_view
    assert plot.items["Total revenues"].getViewBox() is plot.plot.getViewBox()
    assert plot.right.labelText == "JPY millions: Operating income" and plot.plot.getAxis("right").isVisible()
    h1 = panel.chart.periods.index("FY2012-Q2")
    x, y = _xy(panel, "Operating income")
    assert y[h1] == pytest.approx(float(panel.index.value("operating_income", "FY2012-Q2")) / 1e6)
    panel.set_separate_scales(False)
    assert plot.items["Operating income"].getViewBox() is plot.plot.getViewBox()
    assert not plot.plot.getAxis("right").isVisible()


def test_a_saved_or_copied_chart_has_a_title_sources_and_date(panel, tmp_path):
    import datetime

    panel.set_concepts(["revenue_total", "operating_income"])
    svg = (panel.save_plot(tmp_path / "chart.svg")).read_text(encoding="utf-8")
    title, footer = panel.export_captions()
    assert html.escape(title) in svg or title in svg
    assert "Sources: " in svg and datetime.date.today().isoformat() in svg
    image = panel.copy_image()
    assert image is not None and not image.isNull()
    assert image.height() > panel.plot.widget.height() * 0.5
    # the picture's right axis lies over the plot as on screen (its periods under the left axis' ones)
    plot = panel.plot
    assert plot.right_view.geometry() == plot.plot.getViewBox().geometry()
    assert plot.plot.titleLabel.isVisible() is False or not plot.plot.titleLabel.text  # the screen has no title


def test_edit_copy_on_trends_puts_the_chart_on_the_clipboard(qtbot, library, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication

    from iijviewer.ui.main_window import MainWindow

    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.show_in_trends(["revenue_total", "operating_income"])
    QGuiApplication.clipboard().clear()
    window.copy_action.trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 200


def _markers_beside_scatter(qtbot, shift: float = 0.0, symbol: str = "o"):
    """A series' markers as the page draws them, and pyqtgraph's scatter of the same points, in two plots alike."""
    import pyqtgraph as pg

    from iijviewer.ui.trends import _plot_classes

    series_item = _plot_classes()[4]
    rng = np.random.default_rng(7)
    x = np.arange(60, dtype=float) + shift
    y = np.cumsum(rng.normal(size=60)) * 1000 + 5000
    y[rng.random(60) < 0.1] = np.nan  # gaps: no marker
    hollow = rng.random(60) < 0.3
    pen, brush, hollow_brush = pg.mkPen("#1f77b4", width=1), pg.mkBrush("#1f77b4"), pg.mkBrush("#ffffff")
    widgets, lines = [], []
    for mine in (True, False):
        widget = pg.PlotWidget(background="w")
        qtbot.addWidget(widget)
        widget.resize(640, 400)
        line = series_item(hollow_brush)
        line.show_series(x, y, hollow, pen=pen, symbol=symbol, symbolSize=_SYMBOL_SIZE, symbolPen=pen, symbolBrush=brush)
        if not mine:  # the same line, the markers drawn by pyqtgraph's own scatter, a brush per point
            line.markers.setParentItem(None)
            present = np.isfinite(y)
            brushes = np.full(int(present.sum()), brush, dtype=object)
            brushes[hollow[present]] = hollow_brush
            scatter = pg.ScatterPlotItem(x=x[present], y=y[present], symbol=symbol, size=_SYMBOL_SIZE, pen=pen, brush=brushes)
            scatter.setParentItem(line)
        widget.addItem(line)
        widget.show()
        widgets.append(widget)
        lines.append(line)
    qtbot.waitExposed(widgets[1])
    return widgets, lines[0]  # the page's line and markers


@pytest.mark.parametrize("symbol", ["o", "t", "d", "s", "star", "p"])  # every marker the page uses
def test_the_markers_are_drawn_as_pyqtgraphs_scatter_draws_them(qtbot, symbol):
    (mine, theirs), line = _markers_beside_scatter(qtbot, symbol=symbol)
    drawn, expected = mine.grab().toImage(), theirs.grab().toImage()
    assert drawn.size() == expected.size()
    assert drawn == expected  # pixel for pixel, hollow and filled, with gaps
    line.markers.setVisible(False)
    assert mine.grab().toImage() != drawn  # the markers were drawn, not only the line
    line.markers.setVisible(True)
    # panned so that markers stand half outside the view, at either edge: the same markers left out
    for offset in np.linspace(0.05, 1.0, 13):
        for widget in (mine, theirs):
            widget.getViewBox().setRange(xRange=(10.0 + offset, 30.0 + offset), padding=0)
        assert mine.grab().toImage() == theirs.grab().toImage(), offset


def test_a_saved_drawing_of_a_panned_chart_has_only_the_markers_in_view(panel, tmp_path):
    panel.set_concepts(["revenue_total"])
    item = panel.plot_items["Total revenues"]
    x, y = item.getData()
    present = x[np.isfinite(y)]
    lo, hi = 1.0, len(x) / 2
    item.getViewBox().setXRange(lo, hi, padding=0)
    panel.plot.widget.grab()  # painted at the new range
    root = ElementTree.fromstring(panel.save_plot(tmp_path / "plot.svg").read_text(encoding="utf-8"))
    markers = sum(
        1
        for g in root.iter(f"{_SVG}g")
        if (g.get("transform") or "").startswith(f"matrix({_SYMBOL_SIZE},0,0,{_SYMBOL_SIZE},") and g.find(f"{_SVG}path") is not None
    )
    legend = 2  # the series' sample and the hollow marker's key
    inside, near = ((present >= lo + m) & (present <= hi - m) for m in (0.5, -0.5))
    assert int(inside.sum()) <= markers - legend <= int(near.sum()) < len(present)


def test_markers_far_outside_a_zoomed_view_are_drawn_without_error(qtbot):
    (mine, _theirs), line = _markers_beside_scatter(qtbot)
    mine.getViewBox().setRange(xRange=(10.0, 10.000001), yRange=(0.0, 1e-9), padding=0)  # points ~1e12 pixels away
    image = mine.grab().toImage()  # painted: the far points are clipped, not an overflow
    assert not image.isNull()
    assert len(line.markers.points()) == int(np.isfinite(line.getData()[1]).sum())


_MARKERS_AT_2X = """
import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
from iijviewer.ui.trends import _SYMBOL_SIZE, _plot_classes
series_item = _plot_classes()[4]
rng = np.random.default_rng(11)
x = np.arange(50, dtype=float)
y = np.cumsum(rng.normal(size=50)) * 100
hollow = rng.random(50) < 0.3
pen, brush, hollow_brush = pg.mkPen("#d62728", width=1), pg.mkBrush("#d62728"), pg.mkBrush("#ffffff")
images = []
for mine in (True, False):
    widget = pg.PlotWidget(background="w")
    widget.resize(500, 300)
    line = series_item(hollow_brush)
    line.show_series(x, y, hollow, pen=pen, symbol="s", symbolSize=_SYMBOL_SIZE, symbolPen=pen, symbolBrush=brush)
    if not mine:
        line.markers.setParentItem(None)
        brushes = np.full(50, brush, dtype=object)
        brushes[hollow] = hollow_brush
        pg.ScatterPlotItem(x=x, y=y, symbol="s", size=_SYMBOL_SIZE, pen=pen, brush=brushes).setParentItem(line)
    widget.addItem(line)
    widget.show()
    app.processEvents()
    images.append(widget.grab().toImage())
print(images[0].devicePixelRatio(), images[0] == images[1])
"""


@pytest.mark.slow
def test_the_markers_are_drawn_as_pyqtgraphs_scatter_draws_them_at_twice_the_pixels():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", _MARKERS_AT_2X], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["2.0", "True"]
