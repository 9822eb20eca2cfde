"""The Trends sheet: quarterly and half-yearly series of the headline figures, each a row of links, with line charts."""

from __future__ import annotations

from collections.abc import Sequence

from iijviewer.base.concepts import catalog
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import Scenario
from iijviewer.export.builder import TRENDS, Builder, column_label, concept_label, unit_note
from iijviewer.export.grid import HEADER_ROW
from iijviewer.export.selection import period_part

CHART_ROWS = 16  # rows a chart of 7.5 cm covers, and a little space
# The Trends sheet: one chart per group, each line a concept's quarterly (and half-yearly) series.
TREND_CHARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Revenues", ("revenue_total", "revenue_network_services", "revenue_systems_integration")),
    ("Profit", ("gross_margin", "operating_income", "net_income_attributable")),
)
TREND_SERIES = (("Quarterly", ("Q1", "Q2", "Q3", "Q4")), ("Half-yearly", ("H1", "H2")))


def trend_sheet(book: Builder) -> None:
    from openpyxl.chart import LineChart, Reference
    from openpyxl.utils import get_column_letter

    concepts = [c for _, group in TREND_CHARTS for c in group if c in catalog()]
    if not any(book.index.by_concept.get(c) for c in concepts):
        return
    ws = book.wb.create_sheet(TRENDS)
    book.title_rows(
        ws,
        "Trends \u2014 Internet Initiative Japan (IIJ)",
        unit_note(book.display),
        "Each figure refers to its statement sheet; a period nobody reports is left empty (a gap in the chart).",
    )
    years = {parse_key(k).fiscal_year for k in book.options.periods or ()}
    r = HEADER_ROW
    widest = 1
    for name, parts in TREND_SERIES:
        found = sorted(
            {p for c in concepts for (p, sc) in book.index.by_concept.get(c, {}) if sc == Scenario.ACTUAL and period_part(p) in parts},
            key=sort_key,
        )
        if years:
            found = [p for p in found if parse_key(p).fiscal_year in years]
        if not found:
            continue
        periods = _consecutive(found[0], found[-1], parts)
        widest = max(widest, len(periods))
        book.header(ws, r, 1, f"{name} ({book.display.label})")
        for j, p in enumerate(periods):
            book.header(ws, r, 2 + j, column_label(p))
        first = r + 1
        rows: dict[str, int] = {}
        for c in concepts:
            r += 1
            rows[c] = r
            book.text(ws.cell(r, 1), concept_label(c))
            for j, p in enumerate(periods):
                fact = book.index.get(c, p)
                if fact is not None:
                    book.link(ws, ws.cell(r, 2 + j), fact)
        r += 2
        for title, group in TREND_CHARTS:
            chart = LineChart()
            chart.title = f"{title}, {name.lower()}"
            chart.y_axis.title = book.display.label
            chart.y_axis.number_format = "#,##0"
            chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told
            chart.y_axis.delete = False
            chart.display_blanks = "gap"
            chart.height, chart.width = 7.5, 16
            for c in group:
                if c not in rows:
                    continue
                data = Reference(ws, min_col=1, max_col=1 + len(periods), min_row=rows[c], max_row=rows[c])
                chart.add_data(data, from_rows=True, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(periods), min_row=first - 1, max_row=first - 1))
            for series in chart.series:
                series.marker.symbol = "circle"
                series.smooth = False
            ws.add_chart(chart, f"A{r}")
            r += CHART_ROWS
        r += 1
    ws.column_dimensions["A"].width = 44
    for j in range(widest):
        ws.column_dimensions[get_column_letter(2 + j)].width = 11
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
    book.print_setup(ws, title_rows=None, title_cols="A:A", columns=widest, unit=book.display.label)


def _consecutive(first: str, last: str, parts: Sequence[str]) -> list[str]:
    """Every period of one frequency from `first` to `last`, in order (gaps included)."""
    out = []
    fy = parse_key(first).fiscal_year
    end = parse_key(last).fiscal_year
    while fy <= end:
        for part in parts:
            key = f"FY{fy}-{part}"
            if sort_key(first) <= sort_key(key) <= sort_key(last):
                out.append(key)
        fy += 1
    return out
