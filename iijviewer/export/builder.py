"""The workbook being built: where each fact stands, and the cells every sheet writes the same way.

`Builder` lays out the statement sheets first (`Plan`), so that a formula on
any sheet can name the cell of any fact (`ref`); then each sheet module writes
its sheet through it: text that stays text (`text`), a fact as a number or as
the formula that derives it, marked and commented (`write_fact`), a reference
to a fact's statement cell (`link`), headers, titles, print setup and tables.
A formula's result is remembered (`cached`) for `cached_values`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from iijviewer import __version__
from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import STATEMENTS, catalog, key_lines
from iijviewer.base.formatting import DisplayUnit, unit_caption
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import PER_SHARE_UNITS, SCENARIOS, CellStatus, FindingKind, Scenario, Unit, finding_label
from iijviewer.export.factsio import is_formula_like
from iijviewer.export.grid import CONCEPT_COL, FIRST_COL, FIRST_ROW, HEADER_ROW, KEY_ROW, LABEL_COL, PRINT_COLUMNS_PER_PAGE
from iijviewer.export.selection import ExportOptions, Selection
from iijviewer.export.styles import Styles
from iijviewer.views.viewdata import FactIndex, StatementRow, period_label, statement_rows

COVER = "Cover"
MEASURES = "Measures"
COMPARISON = "Comparison"
TRENDS = "Trends"
FACTS = "Facts"
FINDINGS = "Findings"
DOCUMENTS = "Documents"

# Subtotals an analyst reads first: bold like the totals, though the catalog nests nothing under them.

NOT_MEANINGFUL = "n/m"
AUTHOR = "iijviewer"
_MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Plan:
    """One statement sheet laid out before anything is written, so formulas can point at any sheet."""

    statement: str
    title: str
    rows: list[StatementRow]
    columns: Sequence[tuple[str, str]]  # (period, scenario), chronological
    facts: dict[tuple[int, int], Fact] = field(default_factory=dict)  # (row index, column index) -> fact

    def coordinate(self, i: int, j: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(FIRST_COL + j)}{FIRST_ROW + i}"


def _plan(statement: str, index: FactIndex, selection: Selection) -> Plan | None:
    rows = statement_rows(statement)
    own = [r for r in rows if not r.context_only]
    periods: dict[str, set[str]] = {}
    for r in own:
        for (period, scenario) in index.by_concept.get(r.concept.id, {}):
            if scenario != Scenario.ACTUAL and not selection.options.targets:
                continue
            if selection.period(period):
                periods.setdefault(period, set()).add(scenario)
    if not periods:
        return None
    columns = [(p, s) for p in sorted(periods, key=sort_key) for s in SCENARIOS if s in periods[p]]
    keep: dict[str, bool] = {}
    for r in reversed(rows):  # children come after their parent
        has = not r.context_only and any(index.get(r.concept.id, p, s) for p, s in columns)
        keep[r.concept.id] = keep.get(r.concept.id, False) or has
        if keep[r.concept.id] and r.parent:
            keep[r.parent] = True
    kept = [r for r in rows if keep[r.concept.id]]
    plan = Plan(statement, STATEMENTS[statement], kept, columns)
    for i, r in enumerate(kept):
        for j, (p, s) in enumerate(columns):
            f = index.get(r.concept.id, p, s)
            if f is not None:
                plan.facts[(i, j)] = f
    return plan


# --- text for headers and comments -------------------------------------------------------


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def period_span(key: str) -> str:
    """`Apr-Sep 2010`, `Apr 2010-Mar 2011`, `as of 30 Sep 2010`: what a column covers."""
    p = parse_key(key)
    if p.is_instant:
        return f"as of {_day(p.end)}"
    first, last = _MONTHS[p.start.month - 1], _MONTHS[p.end.month - 1]
    if p.start.year == p.end.year:
        return f"{first}\u2013{last} {p.end.year}"
    return f"{first} {p.start.year}\u2013{last} {p.end.year}"


def column_label(key: str) -> str:
    """`1H FY2010`, `FY2010`, `30 Sep 2010`."""
    p = parse_key(key)
    return _day(p.end) if p.is_instant else period_label(key)


_SCENARIO_TEXT: dict[str, str] = {Scenario.TARGET: "Target", Scenario.REVISED_TARGET: "Revised target"}


def _scenario_text(scenario: str) -> str:
    return _SCENARIO_TEXT.get(scenario, "")


def number_format(unit: str, display: DisplayUnit) -> str:
    """The Excel number format of a value: thousands separators, negatives in parentheses."""
    if unit == Unit.JPY:
        places = display.places
    elif unit in PER_SHARE_UNITS:
        places = 2
    elif unit == Unit.GBPS:
        places = 1
    else:
        return "#,##0"  # counts
    return amount_format(places)


def amount_format(places: int) -> str:
    body = "#,##0" + ("." + "0" * places if places else "")
    return f"{body};({body})"


PERCENT_FORMAT = "0.0%;(0.0%)"


def in_unit(value: Decimal, unit: str, display: DisplayUnit) -> Decimal:
    """A value in the unit the sheet states (yen amounts divided; exact: the divisor is a power of ten)."""
    return value / display.divisor if unit == Unit.JPY else value


def exact_text(value: Decimal, unit: str, display: DisplayUnit) -> str:
    """A value in the sheet's unit with every digit it has: `10,049.47`."""
    text = f"{in_unit(value, unit, display):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def unit_note(display: DisplayUnit) -> str:
    return (
        f"Amounts in {display.label}; per-share amounts in JPY; counts as numbers. "
        "Negative figures in parentheses. Values are stored at full precision: the format only rounds what is shown."
    )


def concept_label(concept: str) -> str:
    c = catalog().get(concept)
    return c.label if c else concept


def emphasised(row: StatementRow) -> bool:
    return row.is_total or row.concept.id in key_lines()


def row_label(row: StatementRow, yen: str = "") -> str:
    """The row's label, with its unit unless it is the sheet's (`yen`: the yen unit, on a sheet headed by row)."""
    unit = row.concept.unit
    if unit == Unit.JPY:
        return f"{row.concept.label} ({yen})" if yen else row.concept.label
    return f"{row.concept.label} ({unit_caption(unit)})"


class Builder:
    """Builds the workbook sheet by sheet; remembers where each fact stands, for formulas and the Facts sheet."""

    def __init__(self, library, options: ExportOptions):
        from openpyxl import Workbook

        self.library = library
        self.options = options
        self.display = options.unit
        self.index = FactIndex.from_library(library)
        self.selection = Selection(library, options)
        self.wb = Workbook()
        self.styles = Styles()
        self.cached: dict[tuple[str, str], object] = {}  # (sheet, coordinate) -> the formula's result
        self.sheet_homes: dict[str, dict[tuple[str, str, str], str]] = {}
        self.homes: dict[tuple[str, str, str], tuple[str, str]] = {}  # fact key -> (sheet, coordinate)
        self.formulas = 0
        self.derived_values = 0
        self.conflicts = 0
        self._cyclic: dict[tuple[str, str, str], bool] = {}
        self.plans = [p for s in self.selection.statements if (p := _plan(s, self.index, self.selection))]
        for plan in self.plans:
            homes = self.sheet_homes.setdefault(plan.title, {})
            for (i, j), fact in plan.facts.items():
                coord = plan.coordinate(i, j)
                homes.setdefault(fact.key, coord)
                self.homes.setdefault(fact.key, (plan.title, coord))

    # -- cells --

    def text(self, cell, value: object) -> None:
        """Text from anywhere (a document, a label, a message): always stored as text, never evaluated."""
        text = _ILLEGAL_XML.sub("", str(value))[:_MAX_CELL_TEXT]
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=..." for a formula: a string it stays
        if is_formula_like(text):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited

    def formula(self, ws, cell, text: str, result: object) -> None:
        cell.value = text
        self.cached[(ws.title, cell.coordinate)] = result

    def ref(self, key: tuple[str, str, str], sheet: str) -> str | None:
        """The cell of a fact as a formula would name it from `sheet`: same sheet first, else its home."""
        coord = self.sheet_homes.get(sheet, {}).get(key)
        if coord is not None:
            return coord
        home = self.homes.get(key)
        return None if home is None else f"{quote_sheet(home[0])}!{home[1]}"

    def _is_cyclic(self, key: tuple[str, str, str], stack: frozenset = frozenset()) -> bool:
        if key in stack:
            return True
        if key in self._cyclic:
            return self._cyclic[key]
        fact = self.index.facts.get(key)
        found = False
        if fact is not None and fact.derived and fact.derivation is not None:
            inner = stack | {key}
            found = any(self._is_cyclic((t.concept, t.period, fact.scenario), inner) for t in fact.derivation.terms)
        self._cyclic[key] = found
        return found

    def derivation_formula(self, fact: Fact, sheet: str) -> str | None:
        d = fact.derivation
        if not fact.derived or d is None or not d.terms or self._is_cyclic(fact.key):
            return None
        text = "="
        for i, t in enumerate(d.terms):
            ref = self.ref((t.concept, t.period, fact.scenario), sheet)
            if ref is None:
                return None
            text += ("" if t.sign > 0 else "-") if i == 0 else ("+" if t.sign > 0 else "-")
            text += ref
        return text

    def write_fact(self, ws, cell, fact: Fact, *, bold: bool = False) -> None:
        """A fact's value: a number in the sheet's unit, or the formula that derives it; marked and commented."""
        s = self.styles
        value = in_unit(fact.value, fact.unit, self.display)
        cell.number_format = number_format(fact.unit, self.display)
        notes: list[str] = []
        formula = self.derivation_formula(fact, ws.title) if fact.derived else None
        if formula is not None:
            self.formula(ws, cell, formula, value)
            self.formulas += 1
            cell.fill = s.derived_fill
            cell.font = s.derived_bold if bold else s.derived
            if fact.reported is not None:
                notes.append(f"Also reported as {exact_text(fact.reported.value, fact.unit, self.display)} "
                             f"({fact.reported.source}), agreeing within rounding; the derived figure is more precise.")
        else:
            cell.value = float(value)
            if fact.derived:
                self.derived_values += 1
                cell.fill = s.derived_value_fill
                cell.font = s.derived_bold if bold else s.derived
                notes.append(self.derivation_note(fact))
            elif fact.scenario != Scenario.ACTUAL:
                cell.font = s.target_bold if bold else s.target
            elif bold:
                cell.font = s.bold
        if self.index.status(*fact.key) == CellStatus.CONFLICT:
            self.conflicts += 1
            cell.fill = s.conflict_fill
            cell.font = s.conflict
            notes.append(self.conflict_note(fact))
        elif not fact.derived and self.index.rounding_only(fact):
            notes.append(self.conflict_note(fact, rounding=True))  # quiet: a comment, no colour
        if notes:
            self.comment(cell, "\n\n".join(notes))

    def comment(self, cell, text: str) -> None:
        from openpyxl.comments import Comment

        lines = text.split("\n")
        width = min(640, max(220, 7 * max(len(line) for line in lines)))
        cell.comment = Comment(_ILLEGAL_XML.sub("", text), AUTHOR, height=max(60, 18 * (len(lines) + 1)), width=width)

    def derivation_note(self, fact: Fact) -> str:
        lines = [f"Derived, not reported: {period_label(fact.period)} = {fact.label}."]
        lines.append("Its inputs are not all in this workbook, so it is written as a value:")
        for i, t in enumerate(fact.derivation.terms if fact.derivation else ()):
            sign = ("" if t.sign > 0 else "- ") if i == 0 else ("+ " if t.sign > 0 else "- ")
            term = self.index.get(t.concept, t.period, fact.scenario)
            shown = exact_text(term.value, term.unit, self.display) if term else "?"
            where = str(term.source) if term is not None and term.source else "derived"
            lines.append(f"  {sign}{concept_label(t.concept)}, {period_label(t.period)}: {shown} ({where})")
        return "\n".join(lines)

    def conflict_note(self, fact: Fact, rounding: bool = False) -> str:
        unit = unit_caption(fact.unit, self.display)
        occurrences = self.index.occurrences.get(fact.key, [])
        lines = []
        if len(occurrences) > 1:
            said = "differ only by rounding, within the last printed digit of the coarser" if rounding else "disagree beyond rounding"
            lines.append(f"Reports of this figure {said} ({unit}):")
            for o in occurrences:
                r = o.fact
                lines.append(f"  {exact_text(r.value, r.unit, self.display)}  {r.source} ({o.status})")
        elif fact.derived:
            lines.append("Computed from inputs whose reports disagree: see the cells of its formula.")
        for fd in self.index.findings.get(fact.key, []):
            if fd.kind != FindingKind.CONFLICT:
                lines.append(f"{finding_label(fd.kind)}: {fd.message}")
        return "\n".join(lines) or "A check finding concerns this figure: see the Findings sheet."

    def link(self, ws, cell, fact: Fact, *, bold: bool = False) -> None:
        """A fact on a summary sheet: a reference to its statement cell where it has one, else the fact itself."""
        home = self.homes.get(fact.key)
        if home is None:
            self.write_fact(ws, cell, fact, bold=bold)
            return
        s = self.styles
        self.formula(ws, cell, f"={quote_sheet(home[0])}!{home[1]}", in_unit(fact.value, fact.unit, self.display))
        cell.number_format = number_format(fact.unit, self.display)
        if self.index.status(*fact.key) == CellStatus.CONFLICT:
            cell.fill, cell.font = s.conflict_fill, s.conflict
        elif fact.derived:
            cell.fill, cell.font = s.derived_fill, (s.derived_bold if bold else s.derived)
        elif bold:
            cell.font = s.bold

    # -- sheet furniture --

    def title_rows(self, ws, title: str, *notes: str) -> None:
        s = self.styles
        self.text(ws.cell(1, 1), title)
        ws.cell(1, 1).font = s.title
        for i, note in enumerate(notes):
            self.text(ws.cell(2 + i, 1), note)
            ws.cell(2 + i, 1).font = s.note

    def print_setup(self, ws, *, title_rows: str | None, title_cols: str | None, columns: int, unit: str = "") -> None:
        """Landscape A4, headers repeated; the page header names the sheet and the unit of its figures ("" for none)."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = max(1, -(-columns // PRINT_COLUMNS_PER_PAGE))
        ws.page_setup.fitToHeight = 0
        if title_rows:
            ws.print_title_rows = title_rows
        if title_cols:
            ws.print_title_cols = title_cols
        ws.oddHeader.left.text = "&A"
        ws.oddHeader.right.text = unit
        ws.oddFooter.left.text = f"iijviewer {__version__}"
        ws.oddFooter.right.text = "Page &P of &N"

    def header(self, ws, row: int, col: int, text: str, *, font=None) -> None:
        c = ws.cell(row, col)
        self.text(c, text)
        c.font = font or self.styles.bold
        c.fill = self.styles.header_fill
        c.alignment = self.styles.center

    def table(self, ws, name: str, headers: Sequence[str], rows: int, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table, TableStyleInfo

        last = get_column_letter(len(headers))
        table = Table(displayName=name, ref=f"A1:{last}{max(rows + 1, 2)}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "B2"
        for j, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(j + 1)].width = w
        self.print_setup(ws, title_rows="1:1", title_cols=None, columns=len(headers))

    def table_sheet(self, title: str, headers: Sequence[str]):
        ws = self.wb.create_sheet(title)
        for j, h in enumerate(headers):
            self.text(ws.cell(1, j + 1), h)
            ws.cell(1, j + 1).font = self.styles.bold
        return ws

    def shown_at(self, cell, home: tuple[str, str]):
        """A link to the statement cell that shows a fact."""
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.text(cell, f"{home[0]}!{home[1]}")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheet(home[0])}!{home[1]}")
        cell.font = self.styles.link
        return cell


def period_headers(book: Builder, ws, label: str, key_name: str, columns: Sequence[tuple[str, str]]) -> None:
    """A statement-like sheet's three header rows: the label, the span (or scenario) and the key of each column."""
    s = book.styles
    book.header(ws, HEADER_ROW, LABEL_COL, label)
    book.header(ws, HEADER_ROW + 1, LABEL_COL, "")
    book.header(ws, KEY_ROW, LABEL_COL, "")
    book.header(ws, HEADER_ROW, CONCEPT_COL, "")
    book.header(ws, HEADER_ROW + 1, CONCEPT_COL, "")
    book.header(ws, KEY_ROW, CONCEPT_COL, key_name, font=s.key)
    for j, (period, scenario) in enumerate(columns):
        col = FIRST_COL + j
        book.header(ws, HEADER_ROW, col, column_label(period))
        if scenario == Scenario.ACTUAL:
            book.header(ws, HEADER_ROW + 1, col, period_span(period), font=s.key)
        else:
            book.header(ws, HEADER_ROW + 1, col, _scenario_text(scenario), font=s.target_bold)
        book.header(ws, KEY_ROW, col, period if scenario == Scenario.ACTUAL else f"{period} {scenario}", font=s.key)


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"
