"""The Measures sheet: margins, growth, twelve-month sums and ratios as formulas over the statement sheets' cells."""

from __future__ import annotations

import re

from iijviewer.base.formatting import unit_caption
from iijviewer.base.periods import sort_key
from iijviewer.base.vocabulary import SCENARIOS, CellStatus, Scenario, Statement
from iijviewer.export.builder import MEASURES, Builder, concept_label, exact_text, in_unit, number_format, period_headers
from iijviewer.export.grid import CONCEPT_COL, FIRST_COL, FIRST_ROW, HEADER_ROW, KEY_ROW, LABEL_COL
from iijviewer.views.viewdata import period_label

MEASURE_PERCENT_FORMAT = "0.00%;(0.00%)"
_MEASURE_REF = re.compile(r"([a-z][a-z0-9_]*)\[([^\]]+)\]")


def measure_formula(book: Builder, value, sheet: str) -> str | None:
    """A measure's formula (`metrics.MeasureValue.formula`) as Excel's, over the cells of its inputs; None when one is not in the workbook.

    A percentage is written as Excel's fraction (shown with a percent format),
    so the formula's `* 100` is dropped.
    """
    text = value.formula
    if value.unit == "percent":
        text = text.removesuffix(" * 100")
    missing = False

    def cell(m: re.Match[str]) -> str:
        nonlocal missing
        ref = book.ref((m.group(1), m.group(2), value.scenario), sheet)
        if ref is None:
            missing = True
            return "?"
        return ref

    text = re.sub(r"\|([^|]+)\|", r"ABS(\1)", text).replace(" ", "")
    text = _MEASURE_REF.sub(cell, text)
    return None if missing else "=" + text


def _measure_note(book: Builder, value, with_formula: bool) -> str:
    lines = [f"{value.metric}, {period_label(value.period)}: {value.formula}"]
    if not with_formula:
        lines.append("Its inputs are not all in this workbook, so it is written as a value:")
    for f in value.inputs:
        where = f"derived: {f.label}" if f.derived else str(f.source or "")
        lines.append(f"  {concept_label(f.concept)}, {period_label(f.period)}: {exact_text(f.value, f.unit, book.display)} ({where})")
    return "\n".join(lines)


def measures_sheet(book: Builder) -> None:
    """Measures as rows, periods as columns; each cell a formula over the statement sheets' cells, with its result.

    A measure whose inputs are not all in the workbook (statements or periods
    left out) is a value in a lavender cell whose comment names the inputs.
    """
    from openpyxl.utils import get_column_letter

    from iijviewer.views import metrics

    if Statement.MEASURES not in book.selection.statements:
        return
    measures = metrics.measures_of(book.index)  # per-share inputs judged on the basis the workbook shows them on
    shown = [v for v in measures.values if book.selection.period(v.period) and (book.options.targets or v.scenario == Scenario.ACTUAL)]
    if not shown:
        return
    s = book.styles
    columns = sorted({(v.period, v.scenario) for v in shown}, key=lambda c: (sort_key(c[0]), SCENARIOS.index(c[1])))
    col_of = {c: FIRST_COL + j for j, c in enumerate(columns)}
    ws = book.wb.create_sheet(MEASURES)
    book.title_rows(
        ws,
        f"{MEASURES} \u2014 Internet Initiative Japan (IIJ)",
        f"Percentages as Excel percentages; twelve-month sums in {book.display.label}. Each cell is a formula over "
        "the statement sheets' cells (select it to see which); its comment gives the formula by concept and period.",
        "Blue italic: an input is derived (a formula itself). Orange: an input's reports disagree. Lavender: a value, "
        "its inputs are not all in this workbook. A target measure reads targets only; a balance ratio, one date.",
    )
    period_headers(book, ws, "Measure", "metric", columns)
    by_metric: dict[str, list] = {}
    for v in shown:
        by_metric.setdefault(v.metric, []).append(v)
    r = FIRST_ROW
    for d in metrics.definitions():
        if d.kind == metrics.GROUP:
            if not any(m.group == d.metric and m.metric in by_metric for m in metrics.definitions()):
                continue
            book.text(ws.cell(r, LABEL_COL), d.label)
            for c in range(LABEL_COL, FIRST_COL + len(columns)):
                ws.cell(r, c).fill, ws.cell(r, c).font = s.section_fill, s.bold
            r += 1
            continue
        if d.metric not in by_metric:
            continue
        unit = "%" if d.unit == "percent" else unit_caption(d.unit, book.display)
        book.text(ws.cell(r, LABEL_COL), f"{d.label} ({unit})")
        ws.cell(r, LABEL_COL).alignment = s.indents[2]
        book.text(ws.cell(r, CONCEPT_COL), d.metric)
        ws.cell(r, CONCEPT_COL).font = s.key
        ws.row_dimensions[r].outline_level = 1
        for v in by_metric[d.metric]:
            cell = ws.cell(r, col_of[(v.period, v.scenario)])
            _write_measure(book, ws, cell, v)
        r += 1
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 30
    for col in col_of.values():
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.row_dimensions[HEADER_ROW + 1].height = 24
    book.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=len(columns))


def _write_measure(book: Builder, ws, cell, value) -> None:
    from iijviewer.views.metrics import measure_status

    s = book.styles
    percent = value.unit == "percent"
    result = float(value.value / 100) if percent else float(in_unit(value.value, value.unit, book.display))
    cell.number_format = MEASURE_PERCENT_FORMAT if percent else number_format(value.unit, book.display)
    formula = measure_formula(book, value, ws.title)
    if formula is not None:
        book.formula(ws, cell, formula, result)
    else:
        cell.value = result
        cell.fill = s.derived_value_fill
    status = measure_status(book.index, value)
    if status == CellStatus.CONFLICT:
        cell.fill, cell.font = s.conflict_fill, s.conflict
    elif value.derived:
        cell.font = s.derived
        if formula is not None:
            cell.fill = s.derived_fill
    elif value.scenario != Scenario.ACTUAL:
        cell.font = s.target
    book.comment(cell, _measure_note(book, value, formula is not None))

