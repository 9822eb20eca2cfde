"""The statement sheets: concepts as rows (indented, totals bold, folding under their parent), periods as columns.

Derived figures are formulas over their inputs' cells; the columns of a fiscal
year fold into the year's column.
"""

from __future__ import annotations

from iijviewer.base.periods import parse_key, sort_key
from iijviewer.export.builder import Builder, Plan, emphasised, period_headers, row_label, unit_note
from iijviewer.export.grid import CONCEPT_COL, FIRST_COL, FIRST_ROW, HEADER_ROW, KEY_ROW, LABEL_COL
from iijviewer.views.comparison import UNITS_BY_ROW, header_unit


def statement_sheet(book: Builder, plan: Plan) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import Outline

    s = book.styles
    ws = book.wb.create_sheet(plan.title)
    unit = header_unit(plan.rows, book.display)  # operating data: counts and Gbps, not yen
    yen = book.display.label if unit == UNITS_BY_ROW else ""
    book.title_rows(
        ws,
        f"{plan.title} \u2014 Internet Initiative Japan (IIJ)",
        unit_note(book.display),
        "Blue italic: derived, a formula over its inputs (lavender: a value, its comment names the inputs). "
        "Orange: reports disagree (the comment lists them). Find any figure's document and line on the "
        "Facts sheet by concept and period key.",
    )
    period_headers(book, ws, unit, "concept", plan.columns)
    depth = 0
    for i, row in enumerate(plan.rows):
        r = FIRST_ROW + i
        label = ws.cell(r, LABEL_COL)
        book.text(label, row_label(row, yen))
        label.alignment = s.indents[min(row.depth * 2, 15)]
        if row.context_only:
            label.font = s.muted
        elif emphasised(row):
            label.font = s.bold
        concept = ws.cell(r, CONCEPT_COL)
        book.text(concept, row.concept.id)
        concept.font = s.key
        if row.depth:
            ws.row_dimensions[r].outline_level = min(row.depth, 7)
            depth = max(depth, min(row.depth, 7))
        for j in range(len(plan.columns)):
            fact = plan.facts.get((i, j))
            cell = ws.cell(r, FIRST_COL + j)
            if row.is_total:
                cell.border = s.total_border
            if fact is not None:
                book.write_fact(ws, cell, fact, bold=emphasised(row))
    ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
    ws.sheet_format.outlineLevelRow = depth
    _group_years(ws, plan)
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    widest = max((len(row_label(r, yen)) + 2 * r.depth for r in plan.rows), default=20)
    ws.column_dimensions["A"].width = min(60, max(24, widest + 2))
    ws.column_dimensions["B"].width = 26
    width = 14 if book.display.divisor < 10**6 else 12 if book.display.divisor == 10**6 else 10
    for j in range(len(plan.columns)):
        ws.column_dimensions[get_column_letter(FIRST_COL + j)].width = width
    ws.row_dimensions[HEADER_ROW + 1].height = 24
    book.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=len(plan.columns), unit=unit)


def _group_years(ws, plan: Plan) -> None:
    """Columns of a fiscal year fold into the year's own column (Excel's column outline), where it has one."""
    from openpyxl.utils import get_column_letter

    years: dict[int, list[int]] = {}
    summary: dict[int, set[int]] = {}
    for j, (period, _) in enumerate(plan.columns):
        p = parse_key(period)
        years.setdefault(p.fiscal_year, []).append(j)
    for fy, cols in years.items():
        keys = {plan.columns[j][0] for j in cols}
        year_key = f"FY{fy}"
        if year_key not in keys:
            year_key = max((k for k in keys if parse_key(k).is_instant), key=sort_key, default="")
            if not year_key or not _closes_year(year_key, fy):
                continue
        summary[fy] = {j for j in cols if plan.columns[j][0] == year_key}
    grouped = False
    for fy, marks in summary.items():
        first = min(marks)
        for j in years[fy]:
            if j < first:
                ws.column_dimensions[get_column_letter(FIRST_COL + j)].outline_level = 1
                grouped = True
    if grouped:
        ws.sheet_format.outlineLevelCol = 1


def _closes_year(key: str, fy: int) -> bool:
    """An instant that closes fiscal year `fy` (31 March of the next calendar year)."""
    p = parse_key(key)
    return p.is_instant and p.end.month == 3 and p.end.day == 31 and p.end.year == fy + 1
