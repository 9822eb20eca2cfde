"""The Comparison sheet: chosen periods against a year earlier (or a named base), Change and Change % as formulas."""

from __future__ import annotations

from iijviewer.analysis.normalize import Fact
from iijviewer.base.formatting import NOT_MEANINGFUL_ABOVE, change_percent
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import Scenario
from iijviewer.export.builder import (
    COMPARISON,
    NOT_MEANINGFUL,
    PERCENT_FORMAT,
    Builder,
    Plan,
    column_label,
    emphasised,
    in_unit,
    number_format,
    row_label,
    unit_note,
)
from iijviewer.export.grid import CONCEPT_COL, FIRST_COL, FIRST_ROW, HEADER_ROW, KEY_ROW, LABEL_COL
from iijviewer.export.selection import ALL, LAYOUT_PARTS, period_part
from iijviewer.views.viewdata import StatementRow, balance_date_for, prior_period

MIN_COMPARED = 5  # figures two periods must share for the default comparison to be worth showing


def compare_periods(book: Builder) -> list[str]:
    """Named periods; else the latest year, half and quarter that a year earlier can be compared with."""
    if book.options.periods is not None:
        named = sorted(dict.fromkeys(book.options.periods), key=sort_key)
        return [p for p in named if p != book.options.compare_base]
    concepts = {r.concept.id for p in book.plans for r in p.rows if not r.context_only}
    by_period: dict[str, set[str]] = {}
    for period, facts in book.index.by_period.items():
        found = {f.concept for f in facts if f.scenario == Scenario.ACTUAL and f.concept in concepts}
        if found and not parse_key(period).is_instant:
            by_period[period] = found
    layout = book.options.layout
    groups: list[set[str | None]] = [{None}, {"H1", "H2"}, {"Q1", "Q2", "Q3", "Q4"}] if layout == ALL else [LAYOUT_PARTS[layout]]
    chosen = []
    for parts in groups:
        shared = {
            k: len(found & by_period.get(prior_period(k) or "", set()))
            for k, found in by_period.items()
            if period_part(k) in parts
        }
        if not shared or max(shared.values()) == 0:
            continue
        enough = min(MIN_COMPARED, max(shared.values()))
        chosen.append(max((k for k, n in shared.items() if n >= enough), key=sort_key))
    return sorted(chosen, key=sort_key)


def comparison_sheet(book: Builder) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import Outline

    periods = compare_periods(book)
    if not periods or not book.plans:
        return
    s = book.styles
    base = book.options.compare_base
    against = column_label(base) if base else "the same period a year earlier"
    ws = book.wb.create_sheet(COMPARISON)
    book.title_rows(
        ws,
        f"Comparison with {against} \u2014 Internet Initiative Japan (IIJ)",
        unit_note(book.display),
        "Figures refer to the statement sheets; Change and Change % are formulas over the two value cells "
        f"(\"{NOT_MEANINGFUL}\" where the base is zero, the sign changed or the change is over 1,000%); a growing cost "
        "or outflow shows a rise.",
    )
    book.header(ws, HEADER_ROW, LABEL_COL, book.display.label)
    for r in (HEADER_ROW + 1, KEY_ROW):
        book.header(ws, r, LABEL_COL, "")
    book.header(ws, HEADER_ROW, CONCEPT_COL, "")
    book.header(ws, HEADER_ROW + 1, CONCEPT_COL, "")
    book.header(ws, KEY_ROW, CONCEPT_COL, "concept", font=s.key)
    blocks = []
    for b, period in enumerate(periods):
        col = FIRST_COL + 4 * b
        prior = book.options.compare_base or prior_period(period) or ""
        blocks.append((period, prior, col))
        ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW, end_column=col + 3)
        book.header(ws, HEADER_ROW, col, f"{column_label(period)} vs {column_label(prior)}")
        for k, text in enumerate((column_label(period), column_label(prior), "Change", "Change %")):
            book.header(ws, HEADER_ROW + 1, col + k, text)
        for k, text in enumerate((period, prior, "", "")):
            book.header(ws, KEY_ROW, col + k, text, font=s.key)
    r = FIRST_ROW
    depth = 0
    for plan in book.plans:
        rows = _comparison_rows(book, plan, blocks)
        if not rows:
            continue
        book.text(ws.cell(r, LABEL_COL), plan.title)
        for c in range(LABEL_COL, FIRST_COL + 4 * len(blocks)):
            ws.cell(r, c).fill = s.section_fill
            ws.cell(r, c).font = s.bold
        for period, prior, col in blocks:  # what the columns mean for this statement (a balance-sheet date)
            for k, key in enumerate((period, prior)):
                shown = _row_period(plan.statement, key)
                if shown and shown != key:
                    book.text(ws.cell(r, col + k), column_label(shown))
                    ws.cell(r, col + k).font = s.key
                    ws.cell(r, col + k).alignment = s.right
        r += 1
        for row, facts in rows:
            label = ws.cell(r, LABEL_COL)
            book.text(label, row_label(row))
            label.alignment = s.indents[min(row.depth * 2 + 1, 15)]
            if row.context_only or emphasised(row):
                label.font = s.muted if row.context_only else s.bold
            book.text(ws.cell(r, CONCEPT_COL), row.concept.id)
            ws.cell(r, CONCEPT_COL).font = s.key
            ws.row_dimensions[r].outline_level = min(row.depth + 1, 7)
            depth = max(depth, min(row.depth + 1, 7))
            for (current, earlier), (_, _, col) in zip(facts, blocks):
                _comparison_cells(book, ws, r, col, current, earlier, bold=emphasised(row))
            r += 1
    ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
    ws.sheet_format.outlineLevelRow = depth
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 24
    for b in range(len(blocks)):
        for k in range(4):
            ws.column_dimensions[get_column_letter(FIRST_COL + 4 * b + k)].width = 11 if k == 3 else 13
    ws.row_dimensions[HEADER_ROW + 1].height = 24
    book.print_setup(ws, title_rows=f"{HEADER_ROW}:{KEY_ROW}", title_cols="A:B", columns=4 * len(blocks), unit=book.display.label)


def _base_key(book: Builder, row: StatementRow, key: str, base: str) -> str | None:
    """What a row's figure is compared with: the named base period, or the same period a year earlier."""
    if book.options.compare_base is None:
        return prior_period(key)
    if row.concept.is_instant:
        return balance_date_for(base)
    return None if parse_key(base).is_instant else base


def _row_period(statement: str, period: str) -> str | None:
    return balance_date_for(period) if statement == "balance" else period


def _comparison_rows(book: Builder, plan: Plan, blocks) -> list[tuple[StatementRow, list[tuple[Fact | None, Fact | None]]]]:
    out = []
    for row in plan.rows:
        facts: list[tuple[Fact | None, Fact | None]] = []
        for period, prior, _ in blocks:
            rp = balance_date_for(period) if row.concept.is_instant else period
            if parse_key(rp).is_instant and not row.concept.is_instant:
                facts.append((None, None))
                continue
            base_key = _base_key(book, row, rp, prior)
            facts.append((book.index.get(row.concept.id, rp), book.index.get(row.concept.id, base_key) if base_key else None))
        out.append((row, facts))
    keep: dict[str, bool] = {}
    for row, facts in reversed(out):
        has = not row.context_only and any(a or b for a, b in facts)
        keep[row.concept.id] = keep.get(row.concept.id, False) or has
        if keep[row.concept.id] and row.parent:
            keep[row.parent] = True
    return [(row, facts) for row, facts in out if keep[row.concept.id]]


def _comparison_cells(book: Builder, ws, r: int, col: int, current: Fact | None, base: Fact | None, *, bold: bool) -> None:
    from openpyxl.utils import get_column_letter

    s = book.styles
    for k, fact in enumerate((current, base)):
        if fact is not None:
            book.link(ws, ws.cell(r, col + k), fact, bold=bold)
    if current is None or base is None:
        return
    if not book.index.comparable(current, base):
        for k in (2, 3):  # per share on two bases, across a stock split: no change is computed
            book.text(ws.cell(r, col + k), NOT_MEANINGFUL)
            ws.cell(r, col + k).alignment = s.right
        return
    a, b = f"{get_column_letter(col)}{r}", f"{get_column_letter(col + 1)}{r}"
    change = ws.cell(r, col + 2)
    diff = in_unit(current.value, current.unit, book.display) - in_unit(base.value, base.unit, book.display)
    book.formula(ws, change, f"={a}-{b}", diff)
    change.number_format = number_format(current.unit, book.display)
    pct = ws.cell(r, col + 3)
    ratio, _why = change_percent(current.value, base.value)  # as the viewer: of the figure as printed
    limit = NOT_MEANINGFUL_ABOVE / 100
    book.formula(
        ws,
        pct,
        f'=IF(OR({b}=0,{a}*{b}<0,ABS(({a}-{b})/{b})>{limit}),"{NOT_MEANINGFUL}",({a}-{b})/{b})',
        NOT_MEANINGFUL if ratio is None else ratio / 100,
    )
    pct.number_format = PERCENT_FORMAT
    pct.alignment = s.right
    if bold:
        change.font = pct.font = s.bold
