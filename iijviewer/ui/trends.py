"""The trends page: chosen concepts plotted over fiscal quarters, halves or years.

The arrays, axis labels and hover text come from `iijviewer.views.trends_data`;
this module wires the controls and hands the arrays to pyqtgraph.  pyqtgraph
is imported only when the first plot is drawn, so opening the window does not
pay for it.

Markers: filled for reported figures, hollow for derived ones; targets are
dashed (triangles), revised targets dotted (diamonds), in the colour of their
concept.  Past ten concepts the colours come round again with another marker
(squares, stars, pentagons), so that every series keeps a look of its own.
A missing period is a gap, never interpolated.

The legend under the plot is fitted to the width (more columns, names elided,
the full name in a tooltip) and never takes more than a set share of the
height: the plot keeps the rest.  When even that is too little for the
series, the legend gives way to a note and the concept list, where each
plotted concept shows its colour and marker, is the key.  A saved picture
always has its legend.
"""

from __future__ import annotations

import html
import itertools
import math
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from iijviewer.base.concepts import catalog
from iijviewer.base.formatting import DisplayUnit
from iijviewer.base.vocabulary import Scenario, Unit
from iijviewer.models import palette
from iijviewer.models.concept_list_model import ConceptListModel
from iijviewer.models.roles import KeyRole
from iijviewer.ui.panel import ChartPage, EmptyState, ImageCopyable, Panel, vbox
from iijviewer.views.trends_data import ANNUAL, FREQUENCIES, GROWTH, LEVEL, QUARTERLY, Chart, build_chart

EMPTY_TEXT = "Pick one or more concepts on the left to plot them over time."
READOUT_HINT = "Hover over the plot to read a period's exact figures and their sources."

# Tableau 10: distinct, print-safe, and readable on white
_GRID_ALPHA = 0.18
_SYMBOL: dict[str, str] = {Scenario.TARGET: "t", Scenario.REVISED_TARGET: "d"}  # a scenario -> its marker
# actual figures: a new marker each time the palette comes round again (targets keep theirs)
_CYCLE_SYMBOLS = ("o", "s", "star", "p")
_SYMBOL_SIZE = 7
_LEGEND_FONT_PT = 9
_LEGEND_SHARE = 0.35  # the most of the chart's height the legend may take
_LEGEND_MIN_TEXT_PX = 100.0  # a name elided to less than this no longer says which concept it is
_SAMPLE_PX = 20.0  # the width of an entry's line-and-marker sample
_SAMPLE_HEIGHT = 14
_ENTRY_GAP_PX = 18.0  # between a name and the next column's sample
# an entry's width beyond its name: the sample, the gaps, the label's margins, and slack for eliding
_ENTRY_PX = _SAMPLE_PX + _ENTRY_GAP_PX + 16.0
_ICON = QSize(22, 14)  # a plotted concept's line and marker in the concept list


def legend_columns(name_px: list[float], width: float, budget_px: float, row_px: float) -> tuple[int, float] | None:
    """How to lay out legend entries: (columns, widest name in pixels), or None if they cannot fit.

    As many columns as the full names allow; if the rows are then taller than
    `budget_px`, more columns with the names elided, down to a width at which
    a name still says which concept it is.
    """
    if not name_px:
        return 1, 0.0
    n, longest = len(name_px), max(name_px)
    entry = _ENTRY_PX
    cols = max(1, min(n, int(width // (entry + longest))))
    while True:
        text_px = min(longest, width / cols - entry)
        if text_px < min(longest, _LEGEND_MIN_TEXT_PX):
            return None
        if math.ceil(n / cols) * row_px <= budget_px:
            return cols, text_px
        if cols >= n:
            return None
        cols += 1


@lru_cache(maxsize=1)
def _plot_classes():
    """The axis items and the legend sample, defined on first use so that importing this module does not import pyqtgraph."""
    import numpy as np
    import pyqtgraph as pg
    from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol, renderSymbol
    from PySide6.QtCore import QPointF

    class PeriodAxis(pg.AxisItem):
        """Fiscal-period labels at integer x positions, thinned to whatever fits the width."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.labels: tuple[str, ...] = ()
            self.short: tuple[str, ...] = ()
            self.shown_labels: tuple[str, ...] = ()
            self.per_year = 1
            self.anchor = 0  # index of the first period that opens a fiscal year
            self.major = 1
            self.label_px = self.short_px = 0.0

        def set_periods(self, labels: tuple[str, ...], short: tuple[str, ...], per_year: int, anchor: int) -> None:
            self.labels, self.short, self.per_year, self.anchor = labels, short, per_year, anchor
            metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
            self.label_px = max((metrics.horizontalAdvance(t) for t in labels), default=0) + 14
            self.short_px = max((metrics.horizontalAdvance(t) for t in short), default=0) + 10
            self.picture = None
            self.update()

        def tickValues(self, minVal, maxVal, size):
            n = len(self.labels)
            lo, hi = max(0, math.ceil(minVal)), min(n - 1, math.floor(maxVal))
            if n == 0 or hi < lo or size <= 0:
                return []
            px = size / max(maxVal - minVal, 1e-9)
            steps = [1, 2, 4, 8, 12, 20, 40] if self.per_year == 4 else [1, 2, 4, 6, 10, 20] if self.per_year == 2 else [1, 2, 5, 10, 20]
            # every period with its full label if there is room, else every period abbreviated, else fewer periods
            if px >= self.label_px or px < self.short_px:
                self.shown_labels = self.labels
                self.major = next((s for s in steps if s * px >= self.label_px), steps[-1])
            else:
                self.shown_labels, self.major = self.short, 1
            major = [float(i) for i in range(lo, hi + 1) if (i - self.anchor) % self.major == 0]
            minor = [float(i) for i in range(lo, hi + 1) if (i - self.anchor) % self.major != 0] if px >= 4 else []
            return [(float(self.major), major), (1.0, minor)]

        def tickStrings(self, values, scale, spacing):
            if spacing != self.major:
                return [""] * len(values)
            return [self.shown_labels[int(round(v))] if 0 <= int(round(v)) < len(self.shown_labels) else "" for v in values]

    class ValueAxis(pg.AxisItem):
        """Plain figures with thousands separators, never an SI prefix or an exponent."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.enableAutoSIPrefix(False)

        def tickStrings(self, values, scale, spacing):
            # spacing comes in the data's units, the labels in the axis' (setScale: yen shown as millions)
            step = spacing * scale
            places = 0 if step >= 1 else min(6, math.ceil(-math.log10(step)))
            return [f"{v * scale:,.{places}f}" for v in values]

    class CompactSample(pg.ItemSample):
        """A legend sample (line and marker) in a row no taller than the text beside it.

        It draws what pyqtgraph's sample would, from the series' style: its
        line's pen, and its marker as a reported figure shows it.
        """

        def __init__(self, item) -> None:
            super().__init__(item)
            self.setFixedHeight(_SAMPLE_HEIGHT)

        def boundingRect(self):
            return QRectF(0, 0, _SAMPLE_PX, _SAMPLE_HEIGHT)

        def paint(self, p, *args):
            # as pyqtgraph's sample draws it (the line at y 11, the marker around (10, 10)), a row higher
            item = self.item
            pen, marker = item.opts.get("pen"), item.marker
            if item.opts.get("antialias"):
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.translate(0, _SAMPLE_HEIGHT / 2 - 10)
            if pen is not None:
                p.setPen(pg.mkPen(pen))
                p.drawLine(0, 11, 20, 11)
            if marker:
                p.translate(10, 10)
                drawSymbol(p, marker["symbol"], marker["symbolSize"], pg.mkPen(marker["symbolPen"]), pg.mkBrush(marker["symbolBrush"]))

    class Markers(pg.GraphicsObject):
        """A series' markers: one symbol on each figure, filled or hollow, drawn from two pictures of the symbol.

        What pyqtgraph's ScatterPlotItem draws, pixel for pixel (its public
        `renderSymbol` makes the pictures, at the screen's pixel ratio, and
        each is drawn centred on its point), without its styling of every
        point one at a time whenever the data change: new data are two arrays
        and a mask.  A saved chart (PNG, SVG) gets each marker drawn as a
        shape, as pyqtgraph's scatter draws it for its exporters (`drawSymbol`).
        """

        PICTURES: dict[tuple, tuple[QPixmap, QPixmap]] = {}  # (look, pixel ratio) -> (filled, hollow): few looks, kept

        def __init__(self) -> None:
            super().__init__()
            self.x = self.y = np.zeros(0)
            self.hollow = np.zeros(0, dtype=bool)
            self.look: tuple = ()  # symbol, size, pen, filled brush, hollow brush
            self.extent = QRectF()
            self.drawn_with: tuple[float, list] = (0.0, [])  # (pixel ratio, each point's picture at it)
            self.export_options: dict | None = None  # while an exporter draws the chart: its options

        def set_points(self, x, y, hollow, symbol, size, pen, brush, hollow_brush) -> None:
            """The points (finite), which of them are hollow, and the look of both kinds of marker."""
            self.prepareGeometryChange()
            self.x, self.y, self.hollow = x, y, hollow
            self.look = (symbol, size, pen, brush, hollow_brush)
            self.drawn_with = (0.0, [])
            if len(x):
                left, top = float(x.min()), float(y.min())
                self.extent = QRectF(left, top, float(x.max()) - left, float(y.max()) - top)
            self.update()

        def points(self) -> list[tuple[float, float, object]]:
            """(x, y, brush) of every marker, in drawing order."""
            _symbol, _size, _pen, brush, hollow_brush = self.look
            return [(x, y, hollow_brush if h else brush) for x, y, h in zip(self.x.tolist(), self.y.tolist(), self.hollow.tolist())]

        def setExportMode(self, export, opts=None) -> None:  # noqa: N802 (pyqtgraph's exporter interface)
            super().setExportMode(export, opts)
            self.export_options = dict(opts or {}) if export else None

        def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph's hook)
            super().viewTransformChanged()  # pyqtgraph forgets the view rectangle it keeps (`viewRect`)
            self.prepareGeometryChange()  # the margin for the symbols is in pixels: the rectangle changes with the view

        def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
            if not len(self.x):
                return QRectF()
            across, down = self.pixelVectors()
            if across is None or down is None:
                return QRectF(self.extent)
            _symbol, size, pen, _brush, _hollow = self.look
            reach = (size + max(math.ceil(pen.widthF()), 1)) / 2 + 1  # half a symbol's picture (renderSymbol's side), in pixels
            dx, dy = math.hypot(across.x(), across.y()) * reach, math.hypot(down.x(), down.y()) * reach
            return self.extent.adjusted(-dx, -dy, dx, dy)

        def pictures_at(self, ratio: float) -> tuple[QPixmap, QPixmap]:
            symbol, size, pen, brush, hollow_brush = self.look
            key = (
                symbol, size, ratio, pen.color().rgba(), pen.widthF(), pen.style(), pen.isCosmetic(), pen.capStyle(), pen.joinStyle(),
                brush.color().rgba(), brush.style(), hollow_brush.color().rgba(), hollow_brush.style(),
            )  # fmt: skip
            found = self.PICTURES.get(key)
            if found is None:
                filled, hollow = (QPixmap.fromImage(renderSymbol(symbol, size, pen, b, dpr=ratio)) for b in (brush, hollow_brush))
                found = self.PICTURES[key] = (filled, hollow)
            return found

        def in_view(self, half_px: float):
            """Which points' markers reach into the view, as pyqtgraph's scatter culls them (None: all of them).

            `half_px` is half the marker's picture in device pixels (the
            scatter's margin); a saved drawing keeps no clip, so what is
            outside the view must not be drawn at all.
            """
            view = self.viewRect()
            across, down = self.pixelVectors()
            if view is None or across is None or down is None:
                return None
            w, h = math.hypot(across.x(), across.y()) * half_px, math.hypot(down.x(), down.y()) * half_px
            keep = (self.x + w > view.left()) & (self.x - w < view.right()) & (self.y + h > view.top()) & (self.y - h < view.bottom())
            return None if keep.all() else keep

        def paint(self, p, *args) -> None:
            if not len(self.x):
                return
            options = self.export_options
            ratio = (self.drawn_with[0] or 1.0) if options is not None else p.device().devicePixelRatioF()
            if self.drawn_with[0] != ratio:  # each point's picture, kept until new data or another pixel ratio
                filled, hollow = self.pictures_at(ratio)
                self.drawn_with = (ratio, [hollow if h else filled for h in self.hollow.tolist()])
            pictures = self.drawn_with[1]
            x, y, hollow_points = self.x, self.y, self.hollow
            keep = self.in_view(pictures[0].width() / 2)
            if keep is not None:
                x, y, hollow_points = x[keep], y[keep], hollow_points[keep]
                pictures = [pictures[i] for i in np.flatnonzero(keep).tolist()]
                if not pictures:
                    return
            t = p.transform()
            # where the points are on the device; far outside when the view is zoomed in a long way: kept within
            # what a device coordinate can hold, as the scatter keeps them
            xs = np.clip(t.m11() * x + t.m21() * y + t.dx(), -(2**30), 2**30)
            ys = np.clip(t.m12() * x + t.m22() * y + t.dy(), -(2**30), 2**30)
            p.resetTransform()
            symbol, size, pen, brush, hollow_brush = self.look
            if options is not None:  # a saved picture or drawing: shapes, as pyqtgraph's scatter exports them
                p.setRenderHint(QPainter.RenderHint.Antialiasing, options.get("antialias", True))
                size *= options.get("resolutionScale", 1.0)
                for px, py, h in zip(xs.tolist(), ys.tolist(), hollow_points.tolist()):
                    p.resetTransform()
                    p.translate(px, py)
                    drawSymbol(p, symbol, size, pen, hollow_brush if h else brush)
                return
            ratio = pictures[0].devicePixelRatioF()
            xs, ys = xs - pictures[0].width() / ratio / 2, ys - pictures[0].height() / ratio / 2
            if ratio == 1:
                # whole pixels, rounded as Qt rounds a picture's place (half away from zero): the same pixels, a third of the time
                xi, yi = (np.where(v >= 0, np.floor(v + 0.5), np.ceil(v - 0.5)).astype(int).tolist() for v in (xs, ys))
                list(map(p.drawPixmap, xi, yi, pictures))
            else:
                list(map(p.drawPixmap, itertools.starmap(QPointF, zip(xs.tolist(), ys.tolist())), pictures))

    class SeriesItem(pg.PlotCurveItem):
        """A series: its line (pyqtgraph's PlotCurveItem) and its markers, filled for reported figures, hollow for derived ones.

        The markers are an item of their own (`Markers`), a child of the line
        (drawn over it), holding only the points that have a figure; `marker`
        is the style of a reported figure's marker (symbol, size, pen and
        brush), which the legend shows.
        """

        def __init__(self, hollow_brush) -> None:
            super().__init__()
            self.hollow_brush = hollow_brush
            self.marker: dict = {}
            self.markers = Markers()
            self.markers.setParentItem(self)  # after the line, which is drawn first

        def show_series(self, x, y, hollow, **style) -> None:
            """New data and style: the line through every figure (a gap where there is none), a marker on each."""
            marker = self.marker = {k: style.pop(k) for k in ("symbol", "symbolSize", "symbolPen", "symbolBrush")}
            self.setData(x, y, **style)
            x, y, hollow = np.asarray(x, dtype=float), np.asarray(y, dtype=float), np.asarray(hollow, dtype=bool)
            present = np.isfinite(y)
            self.markers.set_points(
                x[present], y[present], hollow[present], marker["symbol"], marker["symbolSize"],
                pg.mkPen(marker["symbolPen"]), pg.mkBrush(marker["symbolBrush"]), self.hollow_brush,
            )

    return pg, PeriodAxis, ValueAxis, CompactSample, SeriesItem


@lru_cache(maxsize=1)
def blank_icon() -> QIcon:
    """A transparent icon of a swatch's size: the concept list's rows keep one height and indent, plotted or not."""
    blank = QPixmap(_ICON)
    blank.fill(Qt.GlobalColor.transparent)
    return QIcon(blank)


class _ResizeWatcher(QObject):
    """Calls back whenever a widget is resized (before it lays out its contents for the new size)."""

    def __init__(self, widget: QWidget, callback) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._callback()
        return False


class _Readout(QPlainTextEdit):
    """The hover readout: selectable plain text, a few lines tall, scrolled for the rest.

    A label lays its whole text out again for every new text (one line per
    series, a new text at every period the mouse crosses and every redraw);
    a plain-text view lays out only the lines it shows.  It keeps the look of
    text on the window (no frame, the window's background) and its scroll
    position when the text changes, and leaves a text it already shows alone.
    """

    def __init__(self, text: str, lines: int) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.document().setDocumentMargin(4)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.sets = 0  # how often the text was replaced: a redraw replaces it once at most
        self._text = ""
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, which it stands in for)
        if text == self._text:
            return
        self._text = text
        self.sets += 1
        bar = self.verticalScrollBar()
        top = bar.value()
        self.setPlainText(text)
        bar.setValue(top)


class _TrendPlot:
    """The pyqtgraph side: one widget, pens and brushes built once, one item per series."""

    def __init__(self, on_hover) -> None:
        pg, PeriodAxis, ValueAxis, CompactSample, self.SeriesItem = _plot_classes()
        self.pg = pg
        self.on_hover = on_hover
        self.widget = pg.GraphicsLayoutWidget()
        # colours from the palette, taken once: a theme switch makes a new plot (TrendsPanel._on_theme)
        axis_colour = self.axis_colour = palette.hex_colour("chart_foreground")
        self.widget.setBackground(palette.colour("chart_background"))
        self.widget.ci.setContentsMargins(6, 6, 12, 6)
        self.bottom = PeriodAxis("bottom")
        self.left = ValueAxis("left")
        self.right = ValueAxis("right")
        for axis in (self.bottom, self.left, self.right):
            axis.setPen(pg.mkPen(axis_colour, width=1))
            axis.setTextPen(pg.mkPen(axis_colour))
        axes = {"bottom": self.bottom, "left": self.left, "right": self.right}
        self.plot = self.widget.addPlot(row=0, col=0, axisItems=axes)
        self.plot.showGrid(x=False, y=True, alpha=_GRID_ALPHA)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        # figures in a second unit (yen per share beside yen millions) get a view and an axis of their own
        self.right_view = pg.ViewBox(enableMenu=False)
        self.right_view.setMouseEnabled(x=False, y=False)
        self.right_view.setParentItem(self.plot)  # a child of the plot, so that exports of the layout include it
        self.right.linkToView(self.right_view)
        self.right_view.setXLink(self.plot.getViewBox())
        self.plot.getViewBox().sigResized.connect(self._align_right_view)
        self.plot.hideAxis("right")
        self.legend = pg.LegendItem(
            labelTextColor=axis_colour, labelTextSize=f"{_LEGEND_FONT_PT}pt", frame=False, sampleType=CompactSample, horSpacing=4
        )
        # said in the legend's place when the series are too many for it (see fit_legend)
        self.legend_note = pg.LabelItem("", color=axis_colour, size=f"{_LEGEND_FONT_PT}pt", justify="left")
        self.widget.addItem(self.legend, row=1, col=0)
        self.widget.addItem(self.legend_note, row=2, col=0)
        # the legend's columns at their names' widths, from the left, rather than spread over the row
        self.legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.widget.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.legend_note.hide()  # a hidden item takes no room in the layout
        self.widget.ci.layout.setRowStretchFactor(0, 1)
        self.legend_font = QFont(self.widget.font())
        self.legend_font.setPointSizeF(_LEGEND_FONT_PT)
        self.legend_fit: tuple[int, float] | None = None  # (columns, widest name) the legend is laid out for

        # pens and brushes, once
        self.colours = palette.series_colours()
        styles = {Scenario.ACTUAL: Qt.PenStyle.SolidLine, Scenario.TARGET: Qt.PenStyle.DashLine, Scenario.REVISED_TARGET: Qt.PenStyle.DotLine}
        self.line_pens = {(i, s): pg.mkPen(c, width=1, style=st) for i, c in enumerate(self.colours) for s, st in styles.items()}
        self.symbol_pens = [pg.mkPen(c, width=1) for c in self.colours]
        self.fills = [pg.mkBrush(c) for c in self.colours]
        self.hollow = pg.mkBrush(palette.colour("chart_background"))
        self.icons: dict[str, QIcon] = {}  # concept id -> its line and marker, for the concept list
        self._icon_cache: dict[tuple[int, str], QIcon] = {}
        self.blank_icon = blank_icon()
        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(palette.colour("chart_crosshair"), width=1, style=Qt.PenStyle.DashLine))
        self.zero = pg.InfiniteLine(pos=0, angle=0, movable=False, pen=pg.mkPen(palette.colour("chart_zero"), width=1))
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.plot.addItem(self.zero, ignoreBounds=True)
        key_pen = pg.mkPen(palette.colour("chart_key"), width=1)
        # a legend entry only (never added to the plot); its one point makes pyqtgraph set the sample's style
        self.derived_key = self.SeriesItem(self.hollow)
        self.derived_key.show_series([0.0], [0.0], [True], pen=None, symbol="o", symbolSize=_SYMBOL_SIZE, symbolPen=key_pen, symbolBrush=self.hollow)

        # pyqtgraph has no type hints: its items are Any
        self.items: dict[str, Any] = {}  # series name -> SeriesItem
        self._host: dict[object, Any] = {}  # SeriesItem -> the plot or view box it is in
        self._shown: dict[object, tuple] = {}  # SeriesItem -> (series, unit or None for yen, mode, colour, symbol) it draws
        self._periods: tuple | None = None  # (frequency, periods) the bottom axis is labelled for
        self._captions: tuple[str, str] | None = None  # the (left, right) axis captions shown
        self._legend_entries: list[tuple[str, object]] = []  # (full name, item) as the legend shows them
        self._name_px: list[float] = []  # the full names' widths in the legend's font
        self.on_right: set[str] = set()  # names of the series drawn against the right axis
        self.n = 0
        self.widget.scene().sigMouseMoved.connect(self._mouse_moved)
        # the view's size, not the layout's geometry: a layout held wide by its legend would never shrink back
        self._resize_watcher = _ResizeWatcher(self.widget, self.fit_legend)

    def show_chart(self, chart: Chart, unit: DisplayUnit) -> None:
        """Hand the chart's arrays to the plot items: one item per series, reused across charts.

        An item is given new data (setData) rather than made again: building,
        adding and linking 40 items, and their legend entries, costs more than
        drawing them.  The data are numpy arrays and the hollow markers a mask
        (see SeriesItem), never a brush per point.  An item already showing
        its series as asked is left alone, the legend is rebuilt only when its
        entries change, and the axes are labelled again only when their
        periods or captions change (each new label redraws an axis).
        """
        x = chart.x
        self.n = len(x)
        # Yen amounts are plotted in yen and an axis showing only yen says them in the display
        # unit (AxisItem.setScale): a change of unit gives no item new data, it relabels the axis.
        # An axis shared by yen and other units (never the left one) takes its data in the unit.
        right_units = {s.concept.unit for s in chart.series if chart.on_right_axis(s)}
        in_yen = {
            "left": chart.mode == LEVEL and chart.left_unit == Unit.JPY,
            "right": chart.mode == LEVEL and right_units == {Unit.JPY},
        }
        previous = self.items
        # a series keeps its item (the same name: the same concept and scenario); new series take the rest
        names = {s.name for s in chart.series}
        spare = [item for name, item in previous.items() if name not in names]
        self.items = {}
        self.on_right = set()
        look_of: dict[str, int] = {}  # concept id -> its place among the chart's concepts
        any_derived = False
        self.icons = {}
        for s in chart.series:
            k = look_of.setdefault(s.concept.id, len(look_of))
            c, symbol = self.look(k)
            if s.concept.id not in self.icons:
                self.icons[s.concept.id] = self._icon(c, symbol)
            symbol = _SYMBOL.get(s.scenario, symbol)
            any_derived = any_derived or bool(s.derived.any())
            right = chart.on_right_axis(s)
            host = self.right_view if right else self.plot
            item = previous.get(s.name) or (spare.pop() if spare else None)
            plotted_in = None if in_yen["right" if right else "left"] else unit  # None: yen, whatever the unit
            shown = (s, plotted_in, chart.mode, c, symbol)
            y = s.values if plotted_in is None else s.display_values(unit, chart.mode)
            if item is None:
                # a PlotCurveItem, not a PlotDataItem: no dataset copies, and no dynamic range limit
                # (it re-plots every item whenever the y range changes; IIJ's figures are nowhere near
                # the coordinates it guards against)
                item = self.SeriesItem(self.hollow)
                item.show_series(x, y, s.derived, antialias=True, **self._style(s, c, symbol))
                host.addItem(item)
            else:
                before = self._shown[item]
                if before[0] is not s or before[1:] != shown[1:]:  # else it shows exactly this already (the index keeps the series)
                    item.show_series(x, y, s.derived, **self._style(s, c, symbol))
                if self._host[item] is not host:
                    self._host[item].removeItem(item)
                    host.addItem(item)
            self._host[item] = host
            self._shown[item] = shown
            if host is self.right_view:
                self.on_right.add(s.name)
            self.items[s.name] = item
        for item in spare:
            self._shown.pop(item, None)
            self._host.pop(item).removeItem(item)
        entries = [(name, item) for name, item in self.items.items()]
        if any_derived:
            entries.append(("hollow marker: derived figure", self.derived_key))
        if entries != self._legend_entries:
            self.legend.clear()
            for name, item in entries:
                self.legend.addItem(item, html.escape(name))
            for (sample, label), (name, _item) in zip(self.legend.items, entries):
                label.item.document().setDocumentMargin(1)  # rows as tall as the text, not a third more
                label.updateMin()
                sample.setToolTip(name)
                label.setToolTip(name)
            self._legend_entries = entries
            self._name_px = [QFontMetricsF(self.legend_font).horizontalAdvance(name) for name, _item in entries]
            self.legend_fit = None
        self.fit_legend()
        periods = (chart.frequency, chart.periods)
        if periods != self._periods:
            self._periods = periods
            per_year = len(FREQUENCIES[chart.frequency][1])
            anchor = next((i for i, p in enumerate(chart.periods) if p.endswith(("Q1", "H1")) or chart.frequency == ANNUAL), 0)
            self.bottom.set_periods(chart.labels, chart.short_labels, per_year, anchor)
        captions = chart.axis_captions(unit)
        if captions != self._captions:
            self._captions = captions
            left_caption, right_caption = captions
            self.left.setLabel(left_caption, color=self.axis_colour)
            self.right.setLabel(right_caption, color=self.axis_colour)
            if right_caption:
                self.plot.showAxis("right")
            else:
                self.plot.hideAxis("right")
        for axis, side in ((self.left, "left"), (self.right, "right")):
            scale = 1 / unit.divisor if in_yen[side] else 1.0
            if axis.scale != scale:
                axis.setScale(scale)
        self.right_view.enableAutoRange(axis="y")
        self.zero.setVisible(chart.mode == GROWTH)
        self.plot.setLimits(xMin=-1, xMax=max(self.n, 1))
        self.plot.setXRange(-0.5, max(self.n - 0.5, 0.5), padding=0)
        self.plot.enableAutoRange(axis="y")

    def look(self, k: int) -> tuple[int, str]:
        """The colour (an index into the palette) and the marker of the k-th concept of a chart."""
        n = len(self.colours)
        return k % n, _CYCLE_SYMBOLS[(k // n) % len(_CYCLE_SYMBOLS)]

    def _icon(self, c: int, symbol: str) -> QIcon:
        """A concept's line and marker as the concept list shows it (made once per look)."""
        icon = self._icon_cache.get((c, symbol))
        if icon is None:
            from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol

            ratio = 2.0  # drawn at twice the size, so that it stays sharp on a high-density screen
            pixmap = QPixmap(_ICON * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            w, h = _ICON.width(), _ICON.height()
            painter.setPen(self.line_pens[(c, Scenario.ACTUAL)])
            painter.drawLine(1, h // 2, w - 1, h // 2)
            painter.translate(w / 2, h / 2)
            drawSymbol(painter, symbol, _SYMBOL_SIZE + 2, self.symbol_pens[c], self.fills[c])
            painter.end()
            icon = self._icon_cache[(c, symbol)] = QIcon(pixmap)
        return icon

    def fit_legend(self) -> None:
        """Lay the legend out for the chart's present size: columns, elided names, or a note in its place.

        The legend may take `_LEGEND_SHARE` of the height; if its entries do not
        fit there even elided, the note stands in for it (and `save` makes the
        picture tall enough for the legend).
        """
        entries = self._legend_entries
        # the view's size, not the layout's: a legend too wide for the view would have widened the layout
        left, top, right, bottom = self.widget.ci.getContentsMargins()
        width, height = self.widget.width() - left - right, self.widget.height() - top - bottom
        fit = legend_columns(self._name_px, width, _LEGEND_SHARE * height, self._row_px()) if entries else (1, 0.0)
        collapsed = fit is None
        if collapsed:
            self.legend_note.item.setTextWidth(max(width - 24, 100.0))  # wrapped, never wider than the view
            self.legend_note.setText(
                f"{len(self.items)} series: too many for a legend at this size. The concept list shows"
                " each one's line and marker; hover over the plot to read the figures."
            )
        self.legend.setVisible(not collapsed)
        self.legend_note.setVisible(collapsed)
        if fit is None or fit == self.legend_fit:
            return
        cols, text_px = fit
        metrics = QFontMetricsF(self.legend_font)
        for (_sample, label), (name, _item) in zip(self.legend.items, entries):
            text = html.escape(metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_px))
            if label.text != text:
                label.setText(text)
        self.legend.setColumnCount(cols)
        for col in range(1, 2 * cols - 1, 2):
            self.legend.layout.setColumnSpacing(col, _ENTRY_GAP_PX)
        self.legend.updateSize()
        self.legend_fit = fit

    def _row_px(self) -> float:
        return max(float(_SAMPLE_HEIGHT), self.legend.items[0][1].itemRect().height()) if self.legend.items else 0.0

    def _height_for_legend(self) -> int:
        """The chart height at which the legend, at its narrowest columns, takes no more than its share."""
        left, top, right, bottom = self.widget.ci.getContentsMargins()
        width = self.widget.width() - left - right
        cols = max(1, int(width // (_ENTRY_PX + _LEGEND_MIN_TEXT_PX)))
        rows = math.ceil(len(self._legend_entries) / cols)
        return math.ceil(rows * self._row_px() / _LEGEND_SHARE + top + bottom) + 2

    @property
    def legend_collapsed(self) -> bool:
        """Whether the note stands in for the legend (too many series for the plot's size)."""
        return not self.legend.isVisible() and bool(self._legend_entries)

    def _style(self, s, c: int, symbol: str) -> dict:
        """A series' pens, symbol and brush (of a reported figure: the derived ones take the hollow brush, see SeriesItem)."""
        return dict(
            connect="finite",
            pen=self.line_pens[(c, s.scenario)],
            symbol=symbol,
            symbolSize=_SYMBOL_SIZE,
            symbolPen=self.symbol_pens[c],
            symbolBrush=self.fills[c],
            name=s.name,
        )

    def _align_right_view(self, _view=None) -> None:
        main = self.plot.getViewBox()
        self.right_view.setGeometry(main.geometry())
        self.right_view.linkedViewChanged(main, self.right_view.XAxis)

    def set_crosshair(self, i: int | None) -> None:
        self.crosshair.setVisible(i is not None)
        if i is not None:
            self.crosshair.setPos(i)

    def _mouse_moved(self, pos) -> None:
        if not self.n or not self.plot.sceneBoundingRect().contains(pos):
            return
        i = int(round(self.plot.getViewBox().mapSceneToView(pos).x()))
        if 0 <= i < self.n:
            self.set_crosshair(i)
            self.on_hover(i)

    @contextmanager
    def _exporting(self, captions: tuple[str, str]):
        """The chart as a picture shows it: no hover line, its legend, a title above and a footer (sources, date) below.

        The view box takes a new range, the axes their widths, when next
        painted: the chart is painted once so that the exporter sees them.
        """
        shown = self.crosshair.isVisible()
        self.crosshair.hide()
        size = self.widget.size()
        title, footer = captions
        self.plot.setTitle(html.escape(title), color=self.axis_colour, size=f"{_LEGEND_FONT_PT + 2}pt")
        lines = "<br>".join(html.escape(line) for line in footer.splitlines())
        note = self.pg.LabelItem(lines, color=self.axis_colour, size=f"{_LEGEND_FONT_PT - 1}pt", justify="left")
        self.widget.addItem(note, row=3, col=0)
        if self.legend_collapsed:
            # a picture keeps its legend: where the screen has no room for it, the picture is made taller
            self.widget.resize(size.width(), max(size.height(), self._height_for_legend()))
        self.widget.ci.layout.activate()
        self.widget.grab()
        self.plot.layout.activate()  # the axes' new widths
        self._align_right_view()  # the right axis' view over the plot's new place, its periods under the left's
        try:
            yield
        finally:
            self.widget.removeItem(note)
            self.plot.setTitle(None)
            self.widget.ci.layout.activate()
            self._align_right_view()
            self.crosshair.setVisible(shown)
            if self.widget.size() != size:
                self.widget.resize(size)

    def save(self, path: Path, captions: tuple[str, str]) -> None:
        from pyqtgraph import exporters

        with self._exporting(captions):
            if path.suffix.lower() == ".svg":
                self._write_svg(path, captions[0])
            else:
                # at the size on screen: pyqtgraph scales the plot but not its legend or pens
                exporters.ImageExporter(self.widget.ci).export(str(path))

    def _write_svg(self, path: Path, title: str) -> None:
        """The chart as an SVG drawing, written by Qt's SVG generator.

        pyqtgraph 0.14's SVG exporter fails on every chart under Qt 6.10 and
        later, whose paths end with a separate closing "Z" it cannot parse
        (pyqtgraph issue #3495).  Qt writes the drawing itself here, the chart
        painted as pyqtgraph's exporters paint it: each item told through its
        exporter interface (`Exporter.setExportMode`), so that the markers are
        drawn as shapes rather than copied from a picture of them.
        """
        from pyqtgraph import exporters
        from PySide6.QtSvg import QSvgGenerator

        exporter = exporters.Exporter(self.widget.ci)
        source = exporter.getSourceRect()
        target = QRectF(0, 0, source.width(), source.height())
        generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
        generator.setFileName(str(path))
        generator.setViewBox(target)  # and no size in millimetres: the drawing opens at the chart's size on screen
        # the screen's resolution: items that paint a recorded picture (the axes) scale it by the device's
        generator.setResolution(round(self.widget.logicalDpiX()))
        generator.setTitle(title)
        background = palette.colour("chart_background")
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"{path}: cannot be written")
        exporter.setExportMode(True, {"antialias": True, "background": background, "painter": painter})
        try:
            painter.fillRect(target, background)
            exporter.render(painter, target, source)
        finally:
            exporter.setExportMode(False)
            painter.end()

    def image(self, captions: tuple[str, str]):
        """The chart as a QImage, as `save` would write it as PNG (for the clipboard)."""
        from pyqtgraph import exporters

        with self._exporting(captions):
            return exporters.ImageExporter(self.widget.ci).export(toBytes=True)


class TrendsPanel(Panel, ChartPage, ImageCopyable):
    title = "Trends"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.frequency = QUARTERLY
        self.mode = LEVEL
        self.plot: _TrendPlot | None = None
        self._drawn = False
        self._quiet = False  # while set_data rebuilds the concept list

        # the concept picker
        self.concept_model = ConceptListModel(parent=self)
        self.concept_model.checked_changed.connect(self._refresh)
        self.concept_proxy = QSortFilterProxyModel(self)
        self.concept_proxy.setSourceModel(self.concept_model)
        self.concept_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search concepts…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.concept_proxy.setFilterFixedString)
        self.concept_view = QListView()
        self.concept_view.setModel(self.concept_proxy)
        self.concept_view.setUniformItemSizes(True)
        self.concept_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.concept_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.concept_view.setIconSize(_ICON)
        self.concept_view.activated.connect(self._toggle)
        self.concept_model.set_decorations({}, blank_icon())  # the swatch column is there before anything is plotted
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Uncheck every concept")
        self.clear_button.clicked.connect(lambda: self.set_concepts([]))
        self.picked_label = QLabel()
        self.picked_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        picker = QWidget()
        pl = QVBoxLayout(picker)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.search)
        pl.addWidget(self.concept_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.picked_label, 1)
        row.addWidget(self.clear_button)
        pl.addLayout(row)

        # the controls above the plot
        self.frequency_combo = QComboBox()
        for key, (name, _parts) in FREQUENCIES.items():
            self.frequency_combo.addItem(name, key)
        self.frequency_combo.currentIndexChanged.connect(lambda _i: self.set_frequency(self.frequency_combo.currentData()))
        self.growth_check = QCheckBox("YoY %")
        self.growth_check.setToolTip("Each point as the change against the actual of the same period a year earlier")
        self.growth_check.toggled.connect(self.set_growth)
        self.separate = True
        self.separate_check = QCheckBox("Separate scales")
        self.separate_check.setToolTip(
            "Draw concepts far smaller than the largest (operating income beside revenues) against a scale of their own,"
            " on the right, instead of flat along the bottom"
        )
        self.separate_check.setChecked(True)
        self.separate_check.toggled.connect(self.set_separate_scales)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the chart as a picture, with its title, legend, sources and date (Edit > Copy)")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_png_button = QPushButton("PNG…")
        self.save_png_button.setToolTip("Save the chart as a PNG picture")
        self.save_png_button.clicked.connect(lambda: self._save_dialog("png"))
        self.save_svg_button = QPushButton("SVG…")
        self.save_svg_button.setToolTip("Save the chart as an SVG drawing")
        self.save_svg_button.clicked.connect(lambda: self._save_dialog("svg"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Frequency:"))
        bar.addWidget(self.frequency_combo)
        bar.addSpacing(12)
        bar.addWidget(self.growth_check)
        bar.addSpacing(12)
        bar.addWidget(self.separate_check)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        bar.addWidget(QLabel("Save:"))
        bar.addWidget(self.save_png_button)
        bar.addWidget(self.save_svg_button)

        self.plot_host = QWidget()
        self.plot_layout = vbox(self.plot_host)
        self.empty = EmptyState(EMPTY_TEXT)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.plot_host)
        self.readout = _Readout(READOUT_HINT, 5)
        self.readout_area = self.readout

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(bar)
        rl.addWidget(self.stack, 1)
        rl.addWidget(self.readout)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(picker)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 810])
        vbox(self, 6).addWidget(splitter)
        self._set_controls_enabled(False)
        self.readout.setVisible(False)
        palette.notifier().changed.connect(self._on_theme)

    # -- the Panel interface --------------------------------------------------
    def set_data(self, library, index) -> None:
        chosen = self.concept_model.checked_ids()
        super().set_data(library, index)
        cat = catalog()
        have = [cat[c] for c in (index.by_concept if index is not None else {}) if c in cat]
        self._quiet = True
        try:
            self.concept_model.set_concepts(have)
            self.concept_model.set_checked(chosen)
        finally:
            self._quiet = False
        self._refresh()

    def set_display_unit(self, unit: DisplayUnit) -> None:
        super().set_display_unit(unit)
        self._redraw()

    def set_filter(self, text: str) -> None:
        self.search.setText(text)

    # -- what the window and the statements call ----------------------------
    def set_concepts(self, ids: list[str]) -> None:
        """Plot exactly these concepts (ids the library has no figures for are ignored)."""
        self.concept_model.set_checked(ids)  # the model says when the choice changed; _refresh follows

    def concepts(self) -> list[str]:
        return self.concept_model.checked_ids()

    def set_frequency(self, frequency: str) -> None:
        if frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {frequency!r}")
        self.frequency = frequency
        i = self.frequency_combo.findData(frequency)
        if i != self.frequency_combo.currentIndex():
            self.frequency_combo.setCurrentIndex(i)
        self._refresh()

    def set_growth(self, on: bool) -> None:
        self.mode = GROWTH if on else LEVEL
        if self.growth_check.isChecked() != on:
            self.growth_check.setChecked(on)
        self._refresh()

    def readout_text(self, i: int) -> str:
        """What the hover readout says at x position i (the period, then each series' figure and source)."""
        return "\n".join(self.chart.readout(i, self.unit)) if self.chart is not None else ""

    def save_plot(self, path) -> Path:
        """Write the plot (with its legend) as PNG or SVG, by the file's suffix."""
        path = Path(path)
        if self.chart is None:
            raise ValueError("nothing is plotted")
        self._ensure_drawn()
        assert self.plot is not None
        self.plot.save(path, self.export_captions())
        if not path.exists() or path.stat().st_size == 0:
            raise OSError(f"{path}: the plot could not be written")
        return path

    def export_captions(self) -> tuple[str, str]:
        """The (title, footer) of a saved or copied chart: concepts, frequency and unit; sources and today's date."""
        import datetime

        assert self.chart is not None
        return self.chart.export_captions(self.unit, datetime.date.today().isoformat())

    def copy_image(self):
        """The chart as a picture (with title, legend, sources and date), or None when nothing is plotted."""
        if self.chart is None:
            return None
        self._ensure_drawn()
        assert self.plot is not None
        return self.plot.image(self.export_captions())

    def copy_to_clipboard(self) -> None:
        from PySide6.QtGui import QGuiApplication

        image = self.copy_image()
        if image is None:
            self.status_message.emit("Nothing is plotted to copy")
            return
        QGuiApplication.clipboard().setImage(image)
        self.status_message.emit("Copied the chart as a picture (with its title, legend, sources and date)")

    def set_separate_scales(self, on: bool) -> None:
        """Figures far smaller than the largest on a scale of their own (the right axis), or all on one."""
        self.separate = on
        if self.separate_check.isChecked() != on:
            self.separate_check.setChecked(on)
        self._refresh()

    @property
    def plot_items(self) -> dict:
        """The drawn series by name (draws the plot if it is not drawn yet)."""
        self._ensure_drawn()
        return self.plot.items if self.plot is not None else {}

    # -- internals ------------------------------------------------------------
    def _toggle(self, proxy_index) -> None:
        cid = proxy_index.data(KeyRole)
        ids = self.concept_model.checked_ids()
        self.set_concepts([c for c in ids if c != cid] if cid in ids else ids + [cid])

    def _set_controls_enabled(self, on: bool) -> None:
        for w in (self.save_png_button, self.save_svg_button, self.copy_button):
            w.setEnabled(on)

    def _refresh(self) -> None:
        if self._quiet:
            return
        ids = self.concept_model.checked_ids()
        n = len(ids)
        self.picked_label.setText(f"{n} concept{'s' if n != 1 else ''} plotted" if n else "Nothing plotted")
        if not ids or self.index is None:
            self.chart = None
            self.stack.setCurrentWidget(self.empty)
            # the readout is hidden, its text left as it is: the next drawing sets it, to the same if the same is drawn again
            self.readout_area.setVisible(False)
            self._set_controls_enabled(False)
            self.concept_model.set_decorations({}, blank_icon())
            return
        self.chart = build_chart(self.index, ids, self.frequency, self.mode, self.separate)
        # the readout first: the plot, hidden behind the empty state meanwhile, comes back at the
        # size it had, rather than growing and shrinking again (each a new layout and a redraw)
        self.readout_area.setVisible(True)
        self.stack.setCurrentWidget(self.plot_host)
        self._set_controls_enabled(True)
        self._drawn = False
        if self.isVisible():
            self._ensure_drawn()

    def _redraw(self) -> None:
        self._drawn = False
        if self.chart is not None and self.isVisible():
            self._ensure_drawn()

    def _on_theme(self, _scheme: str = "") -> None:
        """The plot's pens are built once: a new plot in the theme's colours, drawn when shown."""
        if self.plot is not None:
            self.plot_layout.removeWidget(self.plot.widget)
            self.plot.widget.deleteLater()
            self.plot = None
        self._redraw()

    def _ensure_drawn(self) -> None:
        if self.chart is None or self._drawn:
            return
        if self.plot is None:
            self.plot = _TrendPlot(self._hover)
            self.plot_layout.addWidget(self.plot.widget)
        self.plot.show_chart(self.chart, self.unit)
        self.concept_model.set_decorations(self.plot.icons, self.plot.blank_icon)
        self._drawn = True
        self._hover(self._latest_point())

    def _latest_point(self) -> int | None:
        """The last period with any figure: where the readout starts before the mouse moves."""
        assert self.chart is not None
        for i in range(len(self.chart.periods) - 1, -1, -1):
            if any(s.exact[i] is not None for s in self.chart.series):
                return i
        return None

    def _hover(self, i: int | None) -> None:
        if self.plot is not None:
            self.plot.set_crosshair(i)
        self.readout.setText(READOUT_HINT if i is None else self.readout_text(i))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._ensure_drawn()

    def _save_dialog(self, kind: str) -> None:
        caption = {"png": "Save Plot as PNG", "svg": "Save Plot as SVG"}[kind]
        filters = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}[kind]
        path, _ = QFileDialog.getSaveFileName(self, caption, f"iijviewer-trends.{kind}", filters)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            self.save_plot(path)
        except (OSError, ValueError) as e:
            QMessageBox.warning(self, caption, str(e))
            return
        self.status_message.emit(f"Plot saved to {path}")
