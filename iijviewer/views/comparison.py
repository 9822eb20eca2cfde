"""Statement and comparison tables shaped for display, Qt-free.

The Statements and Compare pages show the same kind of grid: the rows of one
statement, columns of periods, scenarios and the differences between them.
This module builds that grid once per setting (`StatementView.table`,
`ComparisonView.table`): every cell's text, its plain number for the
clipboard, its raw value, the fact behind it, its source and its tooltip.
The Qt models only copy these into roles, so `data()` never searches facts,
and everything here is tested headless.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import STATEMENTS, Concept, catalog, common_size_base, key_lines
from iijviewer.base.facts import RawFact, SourceRef, format_decimal
from iijviewer.base.formatting import (
    DEFAULT_UNIT,
    DisplayUnit,
    change_percent,
    format_amount,
    format_change,
    format_percent,
    percent_change,
    plural,
    shown_precision,
    unit_caption,
)
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import CellStatus, FindingKind, ReportStatus, Scenario, Severity, Statement, Unit
from iijviewer.views.viewdata import (
    FactIndex,
    StatementRow,
    balance_date_for,
    prior_period,
    statement_is_instant,
    statement_rows,
)
from iijviewer.views.viewdata import (
    period_label as _label_of,
)


@lru_cache(maxsize=4096)
def period_label(key: str) -> str:
    """`viewdata.period_label`, kept: a table's tooltips name the same few periods hundreds of times."""
    return _label_of(key)


COMPUTED = "computed"  # status of a cell that is arithmetic on facts (a change, a share), not a fact

# column kinds: how a column's numbers are formatted and copied
AMOUNT = "amount"
CHANGE = "change"
PERCENT = "percent"

# changes shown by a comparison
CHANGES_VS_BASE = "base"
CHANGES_YOY = "yoy"
CHANGES_NONE = "none"

LARGE_CHANGE = Decimal(20)  # percent; a change at least this large is highlighted
WARNING_MARK = "\u26a0"  # ⚠: reports of the figure disagree between documents
ARITHMETIC_MARK = "≠"  # ≠: a sum the figure belongs to does not add up (or another check finds fault)
PRECISION_MARK = "\u2248"  # ≈: in a tooltip, a figure printed less precisely than shown (in billions, shown in millions)

# Cell.mark
MARK_CONFLICT = "conflict"
MARK_ARITHMETIC = "arithmetic"

# Subtotals an analyst reads first; the catalog nests only sums, so these are not "totals" there.

_UNIT_SUFFIX = {"JPY/share": "JPY per share", "Gbps": "Gbps", "count": "number"}


@dataclass(frozen=True)
class Column:
    key: str  # unique within a table: "actual", "prior", "FY2010-H1:change", ...
    title: str  # header text; a second line gives the unit
    kind: str  # AMOUNT, CHANGE or PERCENT
    period: str = ""  # the period the column is about ("" for none)
    tooltip: str = ""
    long_title: str = ""  # the header in copied text, where the columns around it are not seen

    @property
    def clip_title(self) -> str:
        """The header on one line: `1H FY2010 (JPY millions)`."""
        if self.long_title:
            return self.long_title
        first, _, second = self.title.partition("\n")
        return f"{first} ({second})" if second else first


@dataclass(frozen=True)
class Cell:
    text: str = ""  # as shown
    plain: str = ""  # for the clipboard: no separators, minus sign, in the display unit
    value: Decimal | None = None  # base units (yen, count), or the percentage
    status: str = CellStatus.MISSING  # REPORTED, DERIVED, CellStatus.CONFLICT, CellStatus.MISSING or COMPUTED
    fact: Fact | None = None
    source: SourceRef | None = None  # what a double-click opens
    # the tooltip, or what says it when first read (`tooltip`): a table's tooltips cost more to write
    # than the rest of it, and a user reads a few of them
    tip: str | Callable[[], str] = ""
    large: bool = False  # a change of LARGE_CHANGE percent or more
    rounding: bool = False  # its reports differ, but only by rounding: shown quietly, no warning mark
    rate: Decimal | None = None  # in US dollars: the yen per dollar it was translated at (`iijviewer.views.currency`)
    mark: str = ""  # MARK_CONFLICT, MARK_ARITHMETIC or "": why the figure is flagged
    imprecise: bool = False  # printed less precisely than the display unit shows it

    @property
    def tooltip(self) -> str:
        """What the cell's tooltip says (written when first read, then kept)."""
        tip = self.tip
        if callable(tip):
            tip = tip()
            object.__setattr__(self, "tip", tip)  # a frozen cell's one late field: the text it was always going to have
        return tip


EMPTY = Cell()


def _with_line(cell: Cell, line: str) -> Callable[[], str]:
    """A cell's tooltip with a line more, written when read."""
    return lambda: cell.tooltip + line


@dataclass(frozen=True)
class TableRow:
    concept: Concept
    label: str  # the concept's label, with its unit when it differs from the header's
    depth: int
    parent: str  # concept id of the row this one nests under ("" at the top)
    emphasis: bool  # a total or key subtotal: bold
    context_only: bool  # an ancestor from another statement: muted
    cells: tuple[Cell, ...]  # one per column

    @property
    def concept_id(self) -> str:
        return self.concept.id


@dataclass(frozen=True)
class Table:
    statement: str
    columns: tuple[Column, ...] = ()
    rows: tuple[TableRow, ...] = ()
    message: str = ""  # why there is nothing to show; "" when there are figures

    @property
    def label_title(self) -> str:
        return STATEMENTS.get(self.statement, self.statement)


# --- text ------------------------------------------------------------------------


def statement_phrase(statement: str) -> str:
    """`income statement`, `non-GAAP`: a statement's name inside a sentence."""
    title = STATEMENTS.get(statement, statement)
    return title[:1].lower() + title[1:]


def printed_amount(value: Decimal, unit: str, decimals: int) -> str:
    """A value at the precision it was printed: `JPY 1,234,567 thousand`, `JPY 12.3 billion`."""
    if unit == Unit.JPY:
        scale = max(0, math.ceil(-decimals / 3) * 3)
        places = max(0, scale + decimals)
        shown = DisplayUnit("printed", "", 10**scale, places)
        word = {0: "", 3: " thousand", 6: " million", 9: " billion"}.get(scale, f"e{scale}")
        return f"JPY {format_amount(value, unit, shown)}{word}"
    if unit == Unit.JPY_PER_SHARE:
        return f"JPY {format_amount(value, unit)} per share"
    if unit == Unit.GBPS:
        return f"{format_amount(value, unit)} Gbps"
    return format_amount(value, unit)


def plain_amount(value: Decimal | None, unit: str, display: DisplayUnit) -> str:
    """A number for a spreadsheet: the display unit, full precision, no separators."""
    if value is None:
        return ""
    return format_decimal(value / display.divisor if unit == Unit.JPY else value)


def plain_percent(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value.quantize(Decimal("0.01")))


def _printed_line(text: str) -> str:
    return " | ".join(part.strip() for part in text.split("\t") if part.strip())


_SCENARIO_SUFFIX: dict[str, str] = {Scenario.TARGET: " (target)", Scenario.REVISED_TARGET: " (revised target)"}


def _fact_heading(fact: Fact) -> str:
    c = catalog().get(fact.concept)
    name = c.label if c else fact.concept
    scenario = _SCENARIO_SUFFIX.get(fact.scenario, "")
    return f"{name}, {period_label(fact.period)}{scenario}: {printed_amount(fact.value, fact.unit, fact.decimals)}"


def _input_source(index: FactIndex, fact: Fact, depth: int = 0) -> SourceRef | None:
    """Where a derived value's first input was printed (following derived inputs down)."""
    if not fact.derived:
        return fact.source
    if fact.derivation is not None and fact.derivation.terms and depth < 8:
        t = fact.derivation.terms[0]
        first = index.get(t.concept, t.period, fact.scenario)
        if first is not None:
            found = _input_source(index, first, depth + 1)
            if found is not None:
                return found
    return fact.reported.source if fact.reported is not None else None


def input_reports(index: FactIndex, fact: Fact, depth: int = 0) -> list[tuple[str, RawFact]]:
    """The printed reports a figure rests on, each with its name (`Total revenues, 1H FY2010`), in the order of its terms.

    A reported figure rests on its own report; a derived one on its inputs'
    (following derived inputs down), each report once.
    """
    if not fact.derived:
        return [] if fact.reported is None else [(_fact_name(fact), fact.reported)]
    found: list[tuple[str, RawFact]] = []
    if fact.derivation is not None and depth < 8:
        for t in fact.derivation.terms:
            term = index.get(t.concept, t.period, fact.scenario)
            if term is not None:
                for pair in input_reports(index, term, depth + 1):
                    if all(pair[1] is not seen for _, seen in found):
                        found.append(pair)
    if not found and fact.reported is not None:
        found.append((_fact_name(fact), fact.reported))
    return found


def _fact_name(fact: Fact) -> str:
    c = catalog().get(fact.concept)
    return f"{c.label if c else fact.concept}, {period_label(fact.period)}"


def fact_tooltip(index: FactIndex, fact: Fact) -> str:
    lines = [_fact_heading(fact)]
    if fact.derived:
        lines.append(f"{derivation_kind(fact)}: {fact.label}")
        if fact.derivation is not None:
            for i, t in enumerate(fact.derivation.terms):
                sign = ("" if t.sign > 0 else "- ") if i == 0 else ("+ " if t.sign > 0 else "- ")
                term = index.get(t.concept, t.period, fact.scenario)
                name = catalog()[t.concept].label if t.concept in catalog() else t.concept
                shown = printed_amount(term.value, term.unit, term.decimals) if term else "?"
                where = f" ({term.source})" if term is not None and term.source else (" (derived)" if term else "")
                lines.append(f"  {sign}{name}, {period_label(t.period)}: {shown}{where}")
    elif fact.reported is not None:
        raw = fact.reported
        lines.append(f"{raw.source.document}, line {raw.source.line}")
        lines.append(f"Printed label: {raw.label}")
        lines.append(f"Printed line: {_printed_line(raw.text)}")
    basis = index.basis_tip(fact)
    if basis:
        lines.append(basis)
    occurrences = index.occurrences.get(fact.key, [])
    findings = index.findings.get(fact.key, [])
    if fact.conflict and all(fd.kind == FindingKind.CONFLICT for fd in findings) and index.rounding_only(fact):
        lines.append("")
        what = "Its inputs' reports" if fact.derived else "Reports of this figure"
        lines.append(f"{what} differ only by rounding (within the last printed digit of the coarser report):")
        for o in occurrences:
            r = o.fact
            lines.append(f"  {printed_amount(r.value, r.unit, r.decimals)}  {r.source.document}, line {r.source.line} ({o.status})")
    elif fact.conflict or findings:
        lines.append("")
        if any(o.status == ReportStatus.CONFLICT for o in occurrences) or fact.conflict and not fact.derived:
            lines.append(f"{WARNING_MARK} Reports of this figure disagree beyond rounding:")
            for o in occurrences:
                r = o.fact
                lines.append(f"  {printed_amount(r.value, r.unit, r.decimals)}  {r.source.document}, line {r.source.line} ({o.status})")
        elif fact.conflict:
            lines.append(f"{WARNING_MARK} Computed from inputs whose reports disagree.")
        for fd in findings:
            if fd.kind == FindingKind.SHARE_BASIS:  # not a fault: figures on another share basis, said so
                lines.append(f"Note: {fd.message}")
            elif fd.kind != FindingKind.CONFLICT:
                lines.append(f"{ARITHMETIC_MARK} {fd}")
    elif len(occurrences) > 1:
        lines.append(f"Also reported {plural(len(occurrences) - 1, 'more time')}, agreeing within rounding.")
    return "\n".join(lines)


# --- cells -----------------------------------------------------------------------


def fact_cell(index: FactIndex, fact: Fact | None, display: DisplayUnit) -> Cell:
    """A fact as a cell; a missing fact is the empty cell.

    The cell depends on the fact, the unit and the index alone, so the index keeps it:
    the tooltip (its inputs, its reports) is the dearest part of a table.
    """
    if fact is None:
        return EMPTY
    key = ("fact_cell", fact.key, display)
    cell = index.memo.get(key)
    if cell is None:
        if display.currency == Unit.JPY:
            cell = index.memo[key] = _fact_cell(index, fact, display)
        else:
            from iijviewer.views.currency import usd_cell

            cell = index.memo[key] = usd_cell(index, fact, display)
    return cell  # type: ignore[return-value]


def derivation_kind(fact: Fact) -> str:
    """How a derived figure was computed: from other periods (a quarter from its half year) or from other lines of its period."""
    terms = fact.derivation.terms if fact.derivation is not None else ()
    if terms and all(t.period == fact.period for t in terms):
        return "Derived from other lines of the same period"
    return "Derived by period arithmetic"


def imprecise(fact: Fact, display: DisplayUnit) -> bool:
    """A yen figure printed to fewer digits than the display unit shows (54.4 billion shown as 54,400 million)."""
    return fact.unit == Unit.JPY and fact.decimals < shown_precision(display)


def _fact_cell(index: FactIndex, fact: Fact, display: DisplayUnit) -> Cell:
    status = index.status(fact.concept, fact.period, fact.scenario)
    text = format_amount(fact.value, fact.unit, display)
    mark = ""
    rough = imprecise(fact, display)
    if status == CellStatus.CONFLICT:
        material = index.severity(fact) == Severity.MATERIAL
        mark = MARK_CONFLICT if material else MARK_ARITHMETIC
        text = f"{WARNING_MARK if material else ARITHMETIC_MARK} {text}"

    def tooltip() -> str:
        said = fact_tooltip(index, fact)
        if rough:  # said first: the figure's digits beyond the printed ones are not figures
            said = (
                f"{PRECISION_MARK} Printed as {printed_amount(fact.value, fact.unit, fact.decimals)}: "
                f"the digits shown in {display.label} beyond that are zeros, not figures.\n" + said
            )
        return said

    return Cell(
        text=text,
        plain=plain_amount(fact.value, fact.unit, display),
        value=fact.value,
        status=status,
        fact=fact,
        source=_input_source(index, fact),
        tip=tooltip,
        rounding=status != CellStatus.CONFLICT and index.rounding_only(fact),
        mark=mark,
        imprecise=rough,
    )


def change_cell(current: Fact | None, base: Fact | None, display: DisplayUnit, what: str) -> Cell:
    """`current - base`, with the subtraction in the tooltip."""
    if current is None or base is None:
        return EMPTY
    if display.currency != Unit.JPY:  # only `change_cells` knows the figures' rates
        from iijviewer.views.currency import usd_variance

        return usd_variance()
    diff = current.value - base.value
    text = format_change(diff, current.unit, display)
    if text.startswith("+") and not any(d in text for d in "123456789"):
        text = text[1:]  # an increase too small for the unit shows as 0, not +0
    def tip() -> str:
        return (
            f"{what}: {period_label(current.period)} - {period_label(base.period)}\n"
            f"{format_amount(current.value, current.unit, display)} - {format_amount(base.value, base.unit, display)}"
            f" = {text} ({unit_caption(current.unit, display)})"
        )

    return Cell(text, plain_amount(diff, current.unit, display), diff, COMPUTED, tip=tip)


PERCENT_NOTE = (
    "The change of the figure as printed: a cost, an expense or an outflow that grows shows a rise (+), "
    "a loss that narrows a fall; the Change column gives the difference with its sign."
)


def percent_cell(current: Fact | None, base: Fact | None, what: str) -> Cell:
    if current is None or base is None:
        return EMPTY
    pct, why = change_percent(current.value, base.value)
    if pct is None:
        return Cell("n/m", "", None, COMPUTED, tip=f"{what}: not meaningful ({why})")
    def tip() -> str:
        return f"{what}: {period_label(current.period)} against {period_label(base.period)}\n{PERCENT_NOTE}"

    return Cell(format_percent(pct), plain_percent(pct), pct, COMPUTED, tip=tip, large=abs(pct) >= LARGE_CHANGE)


def across_bases(what: str) -> Cell:
    """A change or ratio of two per-share figures on different share bases (or one unknown): not computed."""
    return Cell("n/m", "", None, COMPUTED, tip=f"{what}: not meaningful (per share on two share bases, across a stock split)")


def change_cells(index: FactIndex, current: Fact | None, base: Fact | None, display: DisplayUnit, what: str) -> tuple[Cell, Cell]:
    """`change_cell` and `percent_cell` of `current` against `base`, kept by the index as fact cells are.

    Switching back to periods seen before then formats no change again.
    """
    if current is None or base is None:
        return EMPTY, EMPTY
    if not index.comparable(current, base):
        return across_bases(what), across_bases(what)
    key = ("change_cells", current.key, base.key, display, what)
    cells = index.memo.get(key)
    if cells is None and display.currency != Unit.JPY:
        from iijviewer.views.currency import usd_change_cells

        cells = index.memo[key] = usd_change_cells(index, current, base, display, what)
    if cells is None:
        cells = index.memo[key] = (change_cell(current, base, display, what), percent_cell(current, base, what))
    return cells  # type: ignore[return-value]


def share_cell(fact: Fact | None, whole: Fact | None, whole_name: str) -> Cell:
    """A value as a percentage of a whole (common size)."""
    if fact is None or whole is None or whole.value == 0 or fact.unit != Unit.JPY:
        return EMPTY
    pct = fact.value / whole.value * 100
    tip = f"{period_label(fact.period)}: {format_percent(pct, 2)} of {whole_name} ({printed_amount(whole.value, whole.unit, whole.decimals)})"
    return Cell(format_percent(pct), plain_percent(pct), pct, COMPUTED, tip=tip)


# --- rows and periods --------------------------------------------------------------


@cache
def _rows(statement: str) -> tuple[StatementRow, ...]:
    return tuple(statement_rows(statement))


def row_period(concept: Concept, period: str) -> str | None:
    """The period a concept's figure has in a column about `period`; None when it has none.

    An instant (a balance, a count) is read on the last day of a duration; a
    flow has no value on a single day.
    """
    if concept.is_instant:
        return balance_date_for(period)
    return None if _is_instant(period) else period


@lru_cache(maxsize=4096)
def _is_instant(key: str) -> bool:
    return parse_key(key).is_instant


def header_period(statement: str, period: str) -> str:
    """The period a column header names: the balance-sheet date for the balance sheet."""
    return balance_date_for(period) if statement_is_instant(statement) else period


UNIT = "\x00unit\x00"  # stands for the unit line in a column title until the shown rows are known


UNITS_BY_ROW = "units by row"


def _header_unit_key(rows: list[StatementRow]) -> str | None:
    """The unit the headers name: the rows' one unit, else yen when at least half the rows are yen, else None (each row says its own)."""
    units = [r.concept.unit for r in rows]
    if len(set(units)) == 1:
        return units[0]
    return Unit.JPY if units and 2 * units.count(Unit.JPY) >= len(units) else None


def header_unit(rows: list[StatementRow], display: DisplayUnit) -> str:
    """The unit line of the headers: the rows' one unit, else yen (other rows say theirs), else "units by row"."""
    key = _header_unit_key(rows)
    return UNITS_BY_ROW if key is None else unit_caption(key, display)


def _row_label(row: StatementRow, header_key: str | None, display: DisplayUnit) -> str:
    unit = row.concept.unit
    if unit == header_key:
        return row.concept.label
    suffix = unit_caption(unit, display) if unit == Unit.JPY else _UNIT_SUFFIX.get(unit, unit)
    return f"{row.concept.label} ({suffix})"


def _finish(
    statement: str,
    columns: list[Column],
    body: list[tuple[StatementRow, list[Cell]]],
    display: DisplayUnit,
    include_empty: bool,
) -> Table:
    """The table: rows with no figure go (unless a descendant has one), and headers get their unit."""
    keep: dict[str, bool] = {}
    for row, cells in reversed(body):  # children come after their parent
        has = include_empty or any(c.value is not None or c.text or c.fact is not None for c in cells)
        keep[row.concept.id] = keep.get(row.concept.id, False) or has
        if keep[row.concept.id] and row.parent:
            keep[row.parent] = True
    kept = [(row, cells) for row, cells in body if keep[row.concept.id]]
    header_key = _header_unit_key([row for row, _ in kept])
    unit = header_unit([row for row, _ in kept], display)
    rows = tuple(
        TableRow(
            concept=row.concept,
            label=_row_label(row, header_key, display),
            depth=row.depth,
            parent=row.parent,
            emphasis=row.is_total or row.concept.id in key_lines(),
            context_only=row.context_only,
            cells=tuple(cells),
        )
        for row, cells in kept
    )
    titled = tuple(
        dataclasses.replace(c, title=c.title.replace(UNIT, unit), long_title=c.long_title.replace(UNIT, unit))
        for c in columns
    )
    if display.currency != Unit.JPY:
        from iijviewer.views.currency import rate_headers

        return rate_headers(Table(statement, titled, rows))
    return Table(statement, titled, rows)


def _has_figures(index: FactIndex, rows: tuple[StatementRow, ...], periods: list[str]) -> bool:
    for p in periods:
        for r in rows:
            rp = row_period(r.concept, p)
            if rp is not None and any(index.get(r.concept.id, rp, s) for s in (Scenario.ACTUAL, Scenario.TARGET, Scenario.REVISED_TARGET)):
                return True
    return False


def _no_figures(statement: str, periods: list[str]) -> str:
    def name(p: str) -> str:
        shown = header_period(statement, p)
        return period_label(p) if shown == p else f"{period_label(shown)} (the end of {period_label(p)})"

    names = ", ".join(name(p) for p in periods)
    return (
        f"No {statement_phrase(statement)} figures for {names} in the library. "
        "Pick another period in the navigator, or import the release that reports it."
    )


# --- the statement page ------------------------------------------------------------


@dataclass(frozen=True)
class StatementView:
    """What the Statements page shows: one statement for one period against a year earlier."""

    statement: str = "income"
    period: str | None = None
    unit: DisplayUnit = DEFAULT_UNIT
    include_empty: bool = False

    def table(self, index: FactIndex | None) -> Table:
        if self.statement == Statement.MEASURES:
            from iijviewer.views.metrics import measures_table

            return measures_table(index, self.period, self.unit, self.include_empty)
        if index is None:
            return Table(self.statement, message="No library is loaded.")
        if self.period is None:
            return Table(self.statement, message="Pick a period in the navigator.")
        period = self.period  # not None from here on (also in scenario_present)
        rows = _rows(self.statement)
        if not _has_figures(index, rows, [period]):
            return Table(self.statement, message=_no_figures(self.statement, [period]))
        shown = header_period(self.statement, period)
        prior = prior_period(shown)
        unit = UNIT
        label, prior_label = period_label(shown), period_label(prior) if prior else ""

        def scenario_present(scenario: str) -> bool:
            return any(
                (rp := row_period(r.concept, period)) is not None and index.get(r.concept.id, rp, scenario)
                for r in rows
            )

        targets = [s for s in (Scenario.TARGET, Scenario.REVISED_TARGET) if scenario_present(s)]
        columns = [Column("actual", f"{label}\n{unit}", AMOUNT, shown, f"{label}, actual results")]
        if Scenario.TARGET in targets:
            columns.append(Column(Scenario.TARGET, f"{label} target\n{unit}", AMOUNT, shown, "The target first announced"))
        if Scenario.REVISED_TARGET in targets:
            columns.append(Column(Scenario.REVISED_TARGET, f"{label} revised\n{unit}", AMOUNT, shown, "The target as revised"))
        if targets:
            columns.append(
                Column("variance", f"vs target\n{unit}", CHANGE, shown, "Actual minus the latest target", f"{label} vs target ({unit})")
            )
        columns += [
            Column("prior", f"{prior_label}\n{unit}", AMOUNT, prior or "", f"{prior_label}: the same period a year earlier"),
            Column("change", f"Change\n{unit}", CHANGE, shown, f"{label} minus {prior_label}", f"{label} vs {prior_label} ({unit})"),
            Column("change_pct", "Change\n%", PERCENT, shown, f"{label} against {prior_label}, in percent", f"{label} vs {prior_label} (%)"),
        ]
        body = []
        for r in rows:
            rp = row_period(r.concept, period)
            actual = index.get(r.concept.id, rp) if rp else None
            before = index.get(r.concept.id, pp) if rp and (pp := prior_period(rp)) else None
            cells = [fact_cell(index, actual, self.unit)]
            if targets:
                target = index.get(r.concept.id, rp, Scenario.TARGET) if rp else None
                revised = index.get(r.concept.id, rp, Scenario.REVISED_TARGET) if rp else None
                if Scenario.TARGET in targets:
                    cells.append(fact_cell(index, target, self.unit))
                if Scenario.REVISED_TARGET in targets:
                    cells.append(fact_cell(index, revised, self.unit))
                latest = revised or target
                what = "Variance against the revised target" if revised else "Variance against the target"
                comparable = actual is None or latest is None or index.comparable(actual, latest)
                variance = change_cell(actual, latest, self.unit, what) if comparable else across_bases(what)
                if variance.value is not None and latest is not None:
                    pct = percent_change(actual.value, latest.value) if actual else None
                    extra = f"\n{format_percent(pct)} against the target" if pct is not None else ""
                    variance = Cell(variance.text, variance.plain, variance.value, COMPUTED, tip=_with_line(variance, extra))
                cells.append(variance)
            cells += [fact_cell(index, before, self.unit), *change_cells(index, actual, before, self.unit, "Change from a year earlier")]
            body.append((r, cells))
        return _finish(self.statement, columns, body, self.unit, self.include_empty)


# --- the comparison page -----------------------------------------------------------


def _whole(statement: str, concept: Concept) -> tuple[str, str] | None:
    """Common size: the concept that is 100% for a row (resources/concept_roles.csv), and its name."""
    if concept.unit != Unit.JPY:
        return None
    if concept.is_instant:
        if statement != Statement.BALANCE and concept.statement != Statement.BALANCE:
            return None
        base = common_size_base("balance")
    else:
        base = common_size_base("duration")
    return (base, catalog()[base].label.lower()) if base in catalog() else None


@dataclass(frozen=True)
class ComparisonView:
    """What the Compare page shows: periods side by side, with changes and common size on request."""

    statement: str = "income"
    periods: tuple[str, ...] = ()
    base: str | None = None  # the period every other is compared with; the earliest when None
    changes: str = CHANGES_VS_BASE
    common_size: bool = False
    unit: DisplayUnit = DEFAULT_UNIT
    include_empty: bool = False
    highlight: bool = True

    def ordered_periods(self) -> list[str]:
        """The chosen periods, oldest first, one per header (two periods can share a balance date)."""
        seen: dict[str, str] = {}
        for p in sorted(dict.fromkeys(self.periods), key=sort_key):
            seen.setdefault(header_period(self.statement, p), p)
        return list(seen.values())

    def base_period(self) -> str | None:
        periods = self.ordered_periods()
        if not periods:
            return None
        if self.base is not None:
            for p in periods:
                if header_period(self.statement, p) == header_period(self.statement, self.base):
                    return p
        return periods[0]

    def table(self, index: FactIndex | None) -> Table:
        if self.statement == Statement.MEASURES:
            from iijviewer.views.metrics import measures_comparison

            return measures_comparison(index, self)
        periods = self.ordered_periods()
        if index is None:
            return Table(self.statement, message="No library is loaded.")
        if not periods:
            return Table(self.statement, message="Select two or more periods in the navigator (Ctrl+click) to compare them.")
        rows = _rows(self.statement)
        if not _has_figures(index, rows, periods):
            return Table(self.statement, message=_no_figures(self.statement, periods))
        base = self.base_period()
        unit = UNIT
        base_label = period_label(header_period(self.statement, base)) if base else ""
        columns: list[Column] = []
        for p in periods:
            hp = header_period(self.statement, p)
            label = period_label(hp)
            columns.append(Column(p, f"{label}\n{unit}", AMOUNT, p, f"{label}, actual results"))
            if self.common_size:
                of_whole = "% of total assets" if self.statement == "balance" else "% of revenues"
                columns.append(Column(f"{p}:share", f"{label}\n{of_whole}", PERCENT, p, f"Common size: {of_whole}"))
            # Change columns follow their period's column and the toolbar names the base; copied text says both.
            if self.changes == CHANGES_VS_BASE and p != base:
                long = f"{label} vs {base_label}"
                columns.append(Column(f"{p}:change", f"Change\n{unit}", CHANGE, p, f"{label} minus {base_label}", f"{long} ({unit})"))
                columns.append(Column(f"{p}:change_pct", "Change\n%", PERCENT, p, f"{label} against {base_label}, in percent", f"{long} (%)"))
            elif self.changes == CHANGES_YOY:
                prior = prior_period(hp)
                long = f"{label} vs {period_label(prior) if prior else ''}"
                columns.append(Column(f"{p}:yoy", f"YoY\n{unit}", CHANGE, p, long, f"{long} ({unit})"))
                columns.append(Column(f"{p}:yoy_pct", "YoY\n%", PERCENT, p, f"{long}, in percent", f"{long} (%)"))
        body = []
        for r in rows:
            cid = r.concept.id
            rp = {p: row_period(r.concept, p) for p in periods}
            facts = {p: index.get(cid, q) if (q := rp[p]) else None for p in periods}
            whole = _whole(self.statement, r.concept)
            base_fact = facts.get(base) if base else None
            cells: list[Cell] = []
            for p in periods:
                fact, row_p = facts[p], rp[p]
                cells.append(fact_cell(index, fact, self.unit))
                if self.common_size:
                    total = index.get(whole[0], row_p) if whole and row_p else None
                    cells.append(share_cell(fact, total, whole[1]) if whole else EMPTY)
                if self.changes == CHANGES_VS_BASE and p != base:
                    change, pct = change_cells(index, fact, base_fact, self.unit, "Change against the base period")
                    cells += [change, self._marked(pct)]
                elif self.changes == CHANGES_YOY:
                    year_before = index.get(cid, pp) if row_p and (pp := prior_period(row_p)) else None
                    change, pct = change_cells(index, fact, year_before, self.unit, "Change from a year earlier")
                    cells += [change, self._marked(pct)]
            body.append((r, cells))
        return _finish(self.statement, columns, body, self.unit, self.include_empty)

    def _marked(self, cell: Cell) -> Cell:
        if cell.large and not self.highlight:
            return Cell(cell.text, cell.plain, cell.value, cell.status, tip=cell.tip)
        return cell
