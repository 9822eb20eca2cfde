"""Analyst measures over the chosen facts: margins, growth, trailing twelve months, balance-sheet ratios, returns.

The measures are data (`resources/measures.csv`): each names its kind and a
formula over concept ids, so a concept the catalog gains later is a new row,
not new code.  A measure's value carries the formula it was computed by, with
the period of every input written out (`operating_income[FY2012-H1] /
revenue_total[FY2012-H1] * 100`), and the facts it read, so that each input
can be traced to its document and line; it is derived when any input is.

The rules an analyst's spreadsheet often breaks are kept here:
- a value only where every input exists (a missing input gives no value, never
  a zero; the one exception is a debt line a balance sheet does not show,
  written in [brackets] in the formula);
- one scenario at a time: a target margin from targets alone, never a target
  over an actual; growth, twelve-month sums and balance-sheet measures from
  actual results only;
- per-share figures only on one share basis (`sharebasis`): a dividend per old
  share over earnings per new share gives no value;
- growth where it means something: none against a zero base or across a
  change of sign (`formatting.percent_change`).

`measures_table` shapes the values as a statement for the viewer (rows =
measures, the same `Table` the other statements give).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import cast

from iijviewer.analysis.normalize import Fact
from iijviewer.analysis.sharebasis import ShareBasis
from iijviewer.base.concepts import Concept, catalog, read_data_csv
from iijviewer.base.facts import SourceRef
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, format_amount, format_change, format_percent, percent_change, unit_caption
from iijviewer.base.periods import fiscal, parse_key, prior_year, sort_key
from iijviewer.base.vocabulary import FORECASTS, SCENARIOS, CellStatus, Scenario, Statement, Unit
from iijviewer.views.comparison import (
    AMOUNT,
    CHANGE,
    COMPUTED,
    EMPTY,
    WARNING_MARK,
    Cell,
    Column,
    Table,
    TableRow,
    plain_amount,
    plain_percent,
    printed_amount,
)
from iijviewer.views.viewdata import FactIndex, balance_date_for, period_label

GROUP = "group"
RATIO = "ratio"
YOY = "yoy"
QOQ = "qoq"
CAGR = "cagr"
TTM = "ttm"
RETURN = "return"
KINDS = (GROUP, RATIO, YOY, QOQ, CAGR, TTM, RETURN)

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.01")  # percent numbers as the command line writes them: 6.38


@dataclass(frozen=True)
class Term:
    sign: int
    concept: str
    optional: bool = False  # [bracketed]: zero when the balance sheet does not show it (see the module's docstring)


Expression = tuple[Term, ...]


@dataclass(frozen=True)
class MeasureDefinition:
    metric: str
    label: str
    kind: str
    numerator: Expression  # the whole formula for yoy, qoq, cagr and ttm
    denominator: Expression
    unit: str
    scenarios: str  # "all" or "actual"
    years: int
    group: str
    order: int

    @property
    def first_concept(self) -> str:
        return next((t.concept for t in self.numerator if not t.optional), "")

    @property
    def concepts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.concept for t in (*self.numerator, *self.denominator)))

    @property
    def on_balance_dates(self) -> bool:
        """A ratio of balances: its periods are balance-sheet dates."""
        c = catalog().get(self.first_concept)
        return self.kind == RATIO and c is not None and c.is_instant


def _expression(text: str) -> Expression:
    terms: list[Term] = []
    sign = 1
    for token in text.split():
        if token in ("+", "-"):
            sign = 1 if token == "+" else -1
            continue
        optional = token.startswith("[") and token.endswith("]")
        terms.append(Term(sign, token.strip("[]"), optional))
        sign = 1
    return tuple(terms)


@lru_cache(maxsize=1)
def definitions() -> tuple[MeasureDefinition, ...]:
    """The measures of `resources/measures.csv`, in its order, each under the group row above it."""
    out = []
    group = ""
    for i, r in enumerate(read_data_csv("measures.csv")):
        kind = r["kind"].strip()
        if kind not in KINDS:
            raise ValueError(f"measures.csv: {r['metric']}: unknown kind {kind!r}")
        if kind == GROUP:
            group = r["metric"]
        numerator, _, denominator = r["formula"].partition(" / ")
        out.append(
            MeasureDefinition(
                metric=r["metric"].strip(),
                label=r["label"].strip(),
                kind=kind,
                numerator=_expression(numerator),
                denominator=_expression(denominator),
                unit=r["unit"].strip(),
                scenarios=r["scenarios"].strip() or Scenario.ACTUAL,
                years=int(r["years"] or 0),
                group="" if kind == GROUP else group,
                order=i,
            )
        )
    return tuple(out)


def definition(metric: str) -> MeasureDefinition:
    for d in definitions():
        if d.metric == metric:
            return d
    raise KeyError(metric)


def measure_ids() -> list[str]:
    return [d.metric for d in definitions() if d.kind != GROUP]


@dataclass(frozen=True)
class MeasureValue:
    """One measure for one period and scenario, with the formula it was computed by and the facts it read."""

    metric: str
    period: str
    scenario: str
    value: Decimal  # a percent number (6.38 is 6.38%), or yen
    unit: str  # Unit.PERCENT or Unit.JPY
    formula: str  # with every input's period: `operating_income[FY2012-H1] / revenue_total[FY2012-H1] * 100`
    inputs: tuple[Fact, ...]
    decimals: int = 0  # a yen amount's precision: the coarsest of its inputs'
    sources: tuple[SourceRef, ...] = ()  # where its inputs were printed, a derived input's inputs followed down (`trace`)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.metric, self.period, self.scenario)

    @property
    def derived(self) -> bool:
        """Some input was derived by period arithmetic, not printed."""
        return any(f.derived for f in self.inputs)

    def rounded(self) -> Decimal:
        """As the command line writes it: percent numbers to two places, yen whole."""
        return self.value.quantize(PERCENT_PLACES if self.unit == Unit.PERCENT else Decimal(1), rounding=ROUND_HALF_UP)


# --- arithmetic on facts ---------------------------------------------------------


@dataclass(frozen=True)
class _Sum:
    value: Decimal
    facts: tuple[Fact, ...]
    text: str


def _ref(concept: str, period: str) -> str:
    return f"{concept}[{period}]"


def _sum(index: FactIndex, expr: Expression, period: str, scenario: str) -> _Sum | None:
    """An expression's value in one period and scenario; None when an input is missing."""
    total = Decimal(0)
    facts: list[Fact] = []
    parts: list[str] = []
    optional_seen = False
    for t in expr:
        f = index.get(t.concept, period, scenario)
        if f is None:
            if t.optional:
                continue
            return None
        optional_seen |= t.optional
        total += t.sign * f.value
        facts.append(f)
        ref = _ref(t.concept, period)
        parts.append(ref if not parts and t.sign > 0 else f"{'-' if not parts else ('+' if t.sign > 0 else '-')} {ref}")
    if not facts or any(t.optional for t in expr) and not optional_seen:
        return None
    text = " ".join(parts)
    return _Sum(total, tuple(facts), f"({text})" if len(facts) > 1 else text)


def trace(index: FactIndex, facts: Iterable[Fact], depth: int = 0) -> tuple[SourceRef, ...]:
    """Where figures were printed: a reported one's line, a derived one's inputs' lines (followed down)."""
    found: list[SourceRef] = []
    for f in facts:
        if f.source is not None:
            found.append(f.source)
        elif f.derived and f.derivation is not None and depth < 8:
            terms = (index.get(t.concept, t.period, f.scenario) for t in f.derivation.terms)
            found.extend(trace(index, (t for t in terms if t is not None), depth + 1))
    return tuple(dict.fromkeys(found))


def _one_share_basis(facts: Iterable[Fact], basis: ShareBasis | None, index: FactIndex | None = None) -> bool:
    """Per-share inputs all on one known share basis (money and counts have none); none without the library's splits.

    Where the index shows per-share figures on a basis of its own (`FactIndex.basis`: adjusted to today's
    shares, or as printed), the basis of each figure as shown is the one that counts."""
    factors = set()
    shown_by = index if index is not None and index.basis is not None else None
    for f in facts:
        if f.unit != Unit.JPY_PER_SHARE:
            continue
        if shown_by is not None:
            factor = shown_by.share_factor(f)
            if factor is None:
                return False
            factors.add(factor)
            continue
        if f.reported is None or basis is None:
            return False
        factor = basis.factor(f.reported)
        if factor is None:
            return False
        factors.add(factor)
    return len(factors) <= 1


def _is_duration(period: str) -> bool:
    return not parse_key(period).is_instant


def _part(period: str) -> str | None:
    return period.split("-", 1)[1] if "-" in period else None


def _quarter_end(period: str) -> tuple[int, int] | None:
    """(fiscal year, quarter 1-4) at whose end a duration ends; None for an instant."""
    p = parse_key(period)
    if p.is_instant:
        return None
    k = {None: 4, "H1": 2, "H2": 4, "Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "9M": 3}[_part(period)]
    return p.fiscal_year, k


_YEAR_TO_DATE = {1: "Q1", 2: "H1", 3: "9M", 4: None}


def ttm_key(period: str) -> str | None:
    """The key under which the twelve months to a period's end are listed: the year to date that ends with it.

    `FY2012-Q2` and `FY2012-H1` both end on 30 September 2012: their twelve
    months are listed under `FY2012-H1` (and a fourth quarter's under the year).
    """
    q = _quarter_end(period)
    if q is None:
        return None
    return fiscal(q[0], _YEAR_TO_DATE[q[1]]).key


def _quarter(fy: int, k: int) -> str:
    while k < 1:
        fy, k = fy - 1, k + 4
    return fiscal(fy, f"Q{k}").key


def ttm_ways(period: str) -> list[tuple[tuple[int, str], ...]]:
    """Every way to add up the twelve months to a period's end from fiscal periods: ((sign, period), ...)."""
    q = _quarter_end(period)
    if q is None:
        return []
    fy, k = q
    ways: list[tuple[tuple[int, str], ...]] = []
    if k == 4:
        ways.append(((1, fiscal(fy).key),))
    ways.append(tuple((1, _quarter(fy, k - i)) for i in range(3, -1, -1)))
    if k == 2:
        ways.append(((1, fiscal(fy - 1, "H2").key), (1, fiscal(fy, "H1").key)))
    if k == 4:
        ways.append(((1, fiscal(fy, "H1").key), (1, fiscal(fy, "H2").key)))
        ways.append(((1, fiscal(fy, "9M").key), (1, fiscal(fy, "Q4").key)))
    if k == 3:
        ways.append(((1, fiscal(fy - 1, "Q4").key), (1, fiscal(fy, "9M").key)))
    if k < 4:
        ytd = _YEAR_TO_DATE[k]
        ways.append(((1, fiscal(fy - 1).key), (1, fiscal(fy, ytd).key), (-1, fiscal(fy - 1, ytd).key)))
    return ways


def ttm(
    index: FactIndex, concept: str, period: str, scenario: str = Scenario.ACTUAL, ways: Sequence[tuple[tuple[int, str], ...]] | None = None
) -> _Sum | None:
    """The twelve months of a flow to a period's end, the most precise way the facts allow.

    Like a derivation (`derive.best_derivation`): the way whose coarsest input
    is the most precise, then the one with the fewest derived inputs, then the
    fewest inputs.
    """
    best: tuple[tuple[int, int, int], tuple[tuple[int, str], ...], list[Fact]] | None = None
    for way in ways if ways is not None else ttm_ways(period):
        found = [index.get(concept, p, scenario) for _, p in way]
        facts = [f for f in found if f is not None]
        if len(facts) != len(found):
            continue
        rank = (min(f.decimals for f in facts), -sum(f.derived for f in facts), -len(facts))
        if best is None or rank > best[0]:
            best = (rank, way, facts)
    if best is None:
        return None
    _, way, facts = best
    value = sum((sign * f.value for (sign, _), f in zip(way, facts)), Decimal(0))
    parts = []
    for i, (sign, p) in enumerate(way):
        ref = _ref(concept, p)
        parts.append(ref if i == 0 else f"{'+' if sign > 0 else '-'} {ref}")
    text = " ".join(parts)
    return _Sum(value, tuple(facts), f"({text})" if len(way) > 1 else text)


# --- the measures ------------------------------------------------------------------


def _scenarios(d: MeasureDefinition) -> tuple[str, ...]:
    return SCENARIOS if d.scenarios == "all" else (Scenario.ACTUAL,)


def _candidates(index: FactIndex, d: MeasureDefinition, scenario: str) -> list[str]:
    """The periods the measure's first input has a figure for, in this scenario."""
    return sorted((p for (p, s) in index.by_concept.get(d.first_concept, {}) if s == scenario), key=sort_key)


def _ratio(index, d, period, scenario) -> MeasureValue | None:
    num = _sum(index, d.numerator, period, scenario)
    den = _sum(index, d.denominator, period, scenario)
    if num is None or den is None or den.value == 0:
        return None
    facts = num.facts + den.facts
    return MeasureValue(d.metric, period, scenario, num.value / den.value * HUNDRED, d.unit, f"{num.text} / {den.text} * 100", facts)


def _growth(index, d, period, scenario, base_period) -> MeasureValue | None:
    now = _sum(index, d.numerator, period, scenario)
    then = _sum(index, d.numerator, base_period, scenario)
    if now is None or then is None:
        return None
    pct = percent_change(now.value, then.value)
    if pct is None:
        return None
    formula = f"({now.text} - {then.text}) / |{then.text}| * 100"
    return MeasureValue(d.metric, period, scenario, pct, d.unit, formula, now.facts + then.facts)


def _cagr(index, d, period, scenario) -> MeasureValue | None:
    if _part(period) is not None or not _is_duration(period):
        return None
    base = fiscal(parse_key(period).fiscal_year - d.years).key
    now = _sum(index, d.numerator, period, scenario)
    then = _sum(index, d.numerator, base, scenario)
    if now is None or then is None or now.value <= 0 or then.value <= 0:
        return None  # growth compounds between two positive figures only
    value = ((now.value / then.value) ** (Decimal(1) / Decimal(d.years)) - 1) * HUNDRED
    formula = f"(({now.text} / {then.text}) ^ (1/{d.years}) - 1) * 100"
    return MeasureValue(d.metric, period, scenario, value, d.unit, formula, now.facts + then.facts)


def _ttm_value(index, d, period, scenario) -> MeasureValue | None:
    (term,) = d.numerator
    s = ttm(index, term.concept, period, scenario)
    if s is None:
        return None
    return MeasureValue(d.metric, period, scenario, s.value, d.unit, s.text, s.facts, min(f.decimals for f in s.facts))


def _return(index, d, period, scenario) -> MeasureValue | None:
    (flow,) = d.numerator
    (balance,) = d.denominator
    earned = ttm(index, flow.concept, period, scenario)
    end = parse_key(period).instant_at_end().key
    start = prior_year(end)
    closing, opening = index.get(balance.concept, end, scenario), index.get(balance.concept, start, scenario)
    if earned is None or closing is None or opening is None:
        return None
    average = (closing.value + opening.value) / 2
    if average == 0:
        return None
    formula = f"{earned.text} / (({_ref(balance.concept, start)} + {_ref(balance.concept, end)}) / 2) * 100"
    facts = earned.facts + (opening, closing)
    return MeasureValue(d.metric, period, scenario, earned.value / average * HUNDRED, d.unit, formula, facts)


def _previous_quarter(period: str) -> str | None:
    part = _part(period)
    if part is None or not part.startswith("Q"):
        return None
    return _quarter(parse_key(period).fiscal_year, int(part[1]) - 1)


def _values_of(index: FactIndex, d: MeasureDefinition) -> Iterable[MeasureValue | None]:
    for scenario in _scenarios(d):
        periods = _candidates(index, d, scenario)
        if d.kind == RATIO:
            yield from (_ratio(index, d, p, scenario) for p in periods)
        elif d.kind == YOY:
            yield from (_growth(index, d, p, scenario, prior_year(p)) for p in periods if _is_duration(p))
        elif d.kind == QOQ:
            yield from (_growth(index, d, p, scenario, q) for p in periods if (q := _previous_quarter(p)))
        elif d.kind == CAGR:
            yield from (_cagr(index, d, p, scenario) for p in periods)
        elif d.kind in (TTM, RETURN):
            keys = sorted({k for p in periods if (k := ttm_key(p))}, key=sort_key)
            compute = _ttm_value if d.kind == TTM else _return
            yield from (compute(index, d, k, scenario) for k in keys)


class MeasureSet:
    """Every measure the facts allow, by (metric, period, scenario)."""

    def __init__(self, values: Iterable[MeasureValue]):
        order = {d.metric: d.order for d in definitions()}
        scenario_order: dict[str, int] = {s: i for i, s in enumerate(SCENARIOS)}
        self.values = sorted(values, key=lambda v: (order[v.metric], sort_key(v.period), scenario_order.get(v.scenario, 9)))
        self.by_key = {v.key: v for v in self.values}

    def get(self, metric: str, period: str | None, scenario: str = Scenario.ACTUAL) -> MeasureValue | None:
        return None if period is None else self.by_key.get((metric, period, scenario))

    def __len__(self) -> int:
        return len(self.values)


def compute(index: FactIndex, basis: ShareBasis | None = None, metrics: Iterable[str] | None = None) -> MeasureSet:
    """The measures over an index of chosen facts.

    `basis` tells per-share figures' share bases (by default the index's, from
    its library's documents); without one, no measure reads per-share figures.
    """
    basis = basis if basis is not None else index.share_basis
    wanted = set(metrics) if metrics is not None else None
    values: list[MeasureValue] = []
    for d in definitions():
        if d.kind == GROUP or wanted is not None and d.metric not in wanted:
            continue
        if any(t.concept not in catalog() for t in (*d.numerator, *d.denominator) if not t.optional):
            continue  # a concept this catalog lacks: the measure waits for it (a bracketed one is left out)
        values.extend(
            replace(v, sources=trace(index, v.inputs))
            for v in _values_of(index, d)
            if v is not None and _one_share_basis(v.inputs, basis, index if basis is index.share_basis else None)  # a per-share measure on one basis, or none
        )
    return MeasureSet(values)


def library_measures(library) -> MeasureSet:
    """The measures of a library (its documents tell the share bases)."""
    return measures_of(FactIndex.from_library(library))


def measures_of(index: FactIndex, basis: ShareBasis | None = None) -> MeasureSet:
    """`compute`, kept in the index's memo: the viewer asks for every period it shows."""
    basis = basis if basis is not None else index.share_basis
    key = ("measures", id(basis))
    found = cast("tuple[ShareBasis | None, MeasureSet] | None", index.memo.get(key))  # what this function stores under it
    if found is None or found[0] is not basis:
        found = index.memo[key] = (basis, compute(index, basis))
    return found[1]


# --- the command line's rows ----------------------------------------------------------

METRIC_COLUMNS = ["metric", "period", "scenario", "value", "unit", "formula", "derived", "sources"]


def period_selected(period: str, wanted: Sequence[str]) -> bool:
    """A measure's period among the keys asked for (a period brings its balance-sheet date; a fiscal year, its parts and dates)."""
    if period in wanted or any(period == balance_date_for(w) for w in wanted):
        return True
    fy = parse_key(period).fiscal_year
    return any(w == f"FY{fy}" for w in wanted)


def metric_rows(measures: MeasureSet, periods: Sequence[str] | None = None) -> list[dict[str, object]]:
    rows = []
    for v in measures.values:
        if periods and not period_selected(v.period, periods):
            continue
        rows.append(
            {
                "metric": v.metric,
                "period": v.period,
                "scenario": v.scenario,
                "value": v.rounded(),
                "unit": v.unit,
                "formula": v.formula,
                "derived": v.derived,
                "sources": " ".join(str(s) for s in v.sources),
            }
        )
    return rows


# --- the Measures statement ---------------------------------------------------------------


def measure_period(d: MeasureDefinition, period: str) -> str | None:
    """The period of a measure shown in a column about `period` (a balance ratio: the period's last day)."""
    if d.kind == GROUP:
        return None
    p = parse_key(period)
    if d.on_balance_dates:
        return p.key if p.is_instant else p.instant_at_end().key
    if p.is_instant:
        return None
    if d.kind in (TTM, RETURN):
        return ttm_key(period)
    return period


def measure_concept(d: MeasureDefinition) -> Concept:
    """A measure as a row of a statement table (the `Concept` shape the tables and models read)."""
    return Concept(
        id=d.metric,
        statement=Statement.MEASURES,
        label=d.label,
        period_type="instant" if d.on_balance_dates else "duration",
        unit=d.unit,
        parent=d.group,
        required=False,
        order=d.order,
    )


def measure_status(index: FactIndex, v: MeasureValue) -> str:
    """CellStatus.CONFLICT when an input's reports disagree, CellStatus.DERIVED when an input is derived, else CellStatus.REPORTED."""
    if any(index.status(f.concept, f.period, f.scenario) == CellStatus.CONFLICT for f in v.inputs):
        return CellStatus.CONFLICT
    return CellStatus.DERIVED if v.derived else CellStatus.REPORTED


def _value_text(v: MeasureValue, display: DisplayUnit) -> tuple[str, str]:
    """(as shown, as copied) for a measure's value."""
    if v.unit == Unit.PERCENT:
        return format_percent(v.value, 2), plain_percent(v.value)
    return format_amount(v.value, v.unit, display), plain_amount(v.value, v.unit, display)


def measure_tooltip(index: FactIndex, d: MeasureDefinition, v: MeasureValue, display: DisplayUnit) -> str:
    scenario_words: dict[str, str] = {Scenario.TARGET: " (target)", Scenario.REVISED_TARGET: " (revised target)"}
    scenario = scenario_words.get(v.scenario, "")
    shown = _value_text(v, display)[0]
    lines = [f"{d.label}, {period_label(v.period)}{scenario}: {shown}", f"= {v.formula}"]
    for f in v.inputs:
        c = catalog().get(f.concept)
        where = f"derived: {f.label}" if f.derived else str(f.source or "")
        lines.append(f"  {c.label if c else f.concept}, {period_label(f.period)}: {printed_amount(f.value, f.unit, f.decimals)} ({where})")
    if v.derived:
        lines.append("Computed from figures derived by period arithmetic (italic blue in their statements).")
    if measure_status(index, v) == CellStatus.CONFLICT:
        lines.append(f"{WARNING_MARK} The reports of an input disagree: see its statement.")
    return "\n".join(lines)


def _measure_cell(index: FactIndex, d: MeasureDefinition, v: MeasureValue | None, display: DisplayUnit) -> Cell:
    if v is None:
        return EMPTY
    text, plain = _value_text(v, display)
    status = measure_status(index, v)
    if status == CellStatus.CONFLICT:
        text = f"{WARNING_MARK} {text}"
    source = next(iter(v.sources), None)
    return Cell(text, plain, v.value, status, source=source, tip=measure_tooltip(index, d, v, display))


def _change_cell(d: MeasureDefinition, now: MeasureValue | None, then: MeasureValue | None, display: DisplayUnit) -> Cell:
    """The change from a year earlier: percentage points for a percentage, yen for an amount."""
    if now is None or then is None:
        return EMPTY
    diff = now.value - then.value
    tip = f"{d.label}: {period_label(now.period)} minus {period_label(then.period)}"
    if d.unit == Unit.PERCENT:
        q = diff.quantize(PERCENT_PLACES)
        text = f"{'+' if q > 0 else ''}{abs(q) if q == 0 else q} pt"  # never -0.00
        return Cell(text, plain_percent(diff), diff, COMPUTED, tip=tip + ", in percentage points")
    return Cell(format_change(diff, d.unit, display), plain_amount(diff, d.unit, display), diff, COMPUTED, tip=tip)


def _row_label(d: MeasureDefinition, display: DisplayUnit) -> str:
    if d.kind == GROUP:
        return d.label
    return f"{d.label} (%)" if d.unit == Unit.PERCENT else f"{d.label} ({unit_caption(d.unit, display)})"


def _kept(body: list[TableRow], include_empty: bool) -> tuple[TableRow, ...]:
    """The rows with a figure and the group headings above them (every row with `include_empty`)."""
    if include_empty:
        return tuple(body)
    filled = {r.concept_id for r in body if any(c.text for c in r.cells)}
    groups = {r.parent for r in body if r.concept_id in filled}
    return tuple(r for r in body if r.concept_id in filled or r.concept_id in groups)


def measures_table(
    index: FactIndex | None,
    period: str | None,
    display: DisplayUnit = DEFAULT_UNIT,
    include_empty: bool = False,
    basis: ShareBasis | None = None,
) -> Table:
    """The Measures statement for one period: the period, targets where announced, a year earlier, the change.

    The same `Table` the other statements give (`comparison.StatementView`):
    rows are measures under their groups, a measure of balances is read at the
    period's last day, a twelve-month measure over the twelve months to the
    period's end.
    """
    if index is None:
        return Table(Statement.MEASURES, message="No library is loaded.")
    if period is None:
        return Table(Statement.MEASURES, message="Pick a period in the navigator.")
    measures = measures_of(index, basis)
    defs = [d for d in definitions()]
    prior = prior_year(period)
    periods = {d.metric: measure_period(d, period) for d in defs}
    has = {s for d in defs for s in SCENARIOS if measures.get(d.metric, periods[d.metric], s) is not None}
    if not has:
        return Table(
            Statement.MEASURES,
            message=f"No measures for {period_label(period)}: their inputs are not in the library. "
            "Pick another period in the navigator, or import the release that reports it.",
        )
    label, prior_label = period_label(period), period_label(prior)
    unit = f"% or {display.label}"
    columns = [Column("actual", f"{label}\n{unit}", AMOUNT, period, f"{label}, from actual results")]
    targets = [s for s in FORECASTS if s in has]
    for s in targets:
        title = "target" if s == Scenario.TARGET else "revised"
        columns.append(Column(s, f"{label} {title}\n{unit}", AMOUNT, period, f"{label}, from the {title} targets alone"))
    columns += [
        Column("prior", f"{prior_label}\n{unit}", AMOUNT, prior, f"{prior_label}: the same period a year earlier"),
        Column("change", f"Change\npt or {display.label}", CHANGE, period, f"{label} minus {prior_label}", f"{label} vs {prior_label}"),
    ]
    body: list[TableRow] = []
    for d in defs:
        concept = measure_concept(d)
        if d.kind == GROUP:
            body.append(TableRow(concept, d.label, 0, "", True, False, tuple(EMPTY for _ in columns)))
            continue
        mp = periods[d.metric]
        before = measure_period(d, prior)
        now = measures.get(d.metric, mp)
        then = measures.get(d.metric, before)
        cells = [_measure_cell(index, d, now, display)]
        cells += [_measure_cell(index, d, measures.get(d.metric, mp, s), display) for s in targets]
        cells += [_measure_cell(index, d, then, display), _change_cell(d, now, then, display)]
        body.append(TableRow(concept, _row_label(d, display), 1, d.group, False, False, tuple(cells)))
    return Table(Statement.MEASURES, tuple(columns), _kept(body, include_empty))


def _compared_with(view, period: str, base: str | None) -> str | None:
    """The period a compared period's change is against: the base, a year earlier, or none."""
    from iijviewer.views import comparison as cmp

    if view.changes == cmp.CHANGES_VS_BASE:
        return base if period != base else None
    return prior_year(period) if view.changes == cmp.CHANGES_YOY else None


def measures_comparison(index: FactIndex | None, view) -> Table:
    """The Measures statement on the Compare page: periods side by side, each against the base or a year earlier.

    `view` is the page's `comparison.ComparisonView` (its periods, base and
    change mode); a change is in percentage points for a percentage, in the
    display unit for an amount, and its percent column is for amounts only.
    Common size means nothing for measures: its columns stay empty.
    """
    from iijviewer.views import comparison as cmp

    periods = view.ordered_periods()
    if index is None:
        return Table(Statement.MEASURES, message="No library is loaded.")
    if not periods:
        return Table(Statement.MEASURES, message="Select two or more periods in the navigator (Ctrl+click) to compare them.")
    measures = measures_of(index)
    defs = [d for d in definitions() if d.kind != GROUP]
    if not any(measures.get(d.metric, measure_period(d, p)) for d in defs for p in periods):
        names = ", ".join(period_label(p) for p in periods)
        return Table(Statement.MEASURES, message=f"No measures for {names}: their inputs are not in the library.")
    base = view.base_period()
    unit = f"% or {view.unit.label}"
    columns: list[Column] = []
    for p in periods:
        label = period_label(p)
        columns.append(Column(p, f"{label}\n{unit}", AMOUNT, p, f"{label}, from actual results"))
        if view.common_size:
            columns.append(Column(f"{p}:share", f"{label}\ncommon size", cmp.PERCENT, p, "Common size does not apply to measures"))
        against = _compared_with(view, p, base)
        if against is not None:
            long = f"{label} vs {period_label(against)}"
            kind = "change" if view.changes == cmp.CHANGES_VS_BASE else "yoy"
            title = "Change" if kind == "change" else "YoY"
            columns.append(Column(f"{p}:{kind}", f"{title}\npt or {view.unit.label}", CHANGE, p, long, long))
            columns.append(Column(f"{p}:{kind}_pct", f"{title}\n%", cmp.PERCENT, p, f"{long}, in percent (amounts)", f"{long} (%)"))
    body: list[TableRow] = []
    for d in definitions():
        concept = measure_concept(d)
        if d.kind == GROUP:
            body.append(TableRow(concept, d.label, 0, "", True, False, tuple(EMPTY for _ in columns)))
            continue
        cells: list[Cell] = []
        for p in periods:
            now = measures.get(d.metric, measure_period(d, p))
            cells.append(_measure_cell(index, d, now, view.unit))
            if view.common_size:
                cells.append(EMPTY)
            against = _compared_with(view, p, base)
            if against is not None:
                then = measures.get(d.metric, measure_period(d, against))
                cells.append(_change_cell(d, now, then, view.unit))
                pct = None if d.unit == Unit.PERCENT or now is None or then is None else percent_change(now.value, then.value)
                cells.append(EMPTY if pct is None else Cell(format_percent(pct), plain_percent(pct), pct, COMPUTED))
        body.append(TableRow(concept, _row_label(d, view.unit), 1, d.group, False, False, tuple(cells)))
    return Table(Statement.MEASURES, tuple(columns), _kept(body, view.include_empty))
