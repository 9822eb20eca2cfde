"""What the trends plot shows, shaped Qt-free: periods on the x axis, one value array per series.

The widget in `iijviewer.ui.trends` only hands these arrays to pyqtgraph and
asks this module for axis labels and the hover readout, so everything a user
reads off the plot is tested here without a window (the glue "state" pattern).

A chart runs over consecutive fiscal periods of one frequency, from the first
to the last period for which a chosen concept has a figure; a period nobody
reports stays in the axis with NaN values, so the plot shows a gap rather than
a line drawn across it.  Instants (balance-sheet items) are read at the last
day of each period.  In growth mode a point is the change in percent against
the actual of the same period a year earlier (targets included: that is how IIJ
states a target's growth).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, cast

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import Concept, catalog
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, format_amount, format_percent, percent_change, unit_caption
from iijviewer.base.periods import fiscal, parse_key
from iijviewer.base.vocabulary import Scenario, Unit
from iijviewer.views.viewdata import FactIndex, balance_date_for, period_label, prior_period

if TYPE_CHECKING:
    import numpy as np  # imported where arrays are built: the viewer opens without numpy

QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
ANNUAL = "annual"
# frequency -> (name for the selector, the parts of a fiscal year in order)
FREQUENCIES: dict[str, tuple[str, tuple[str | None, ...]]] = {
    QUARTERLY: ("Quarterly", ("Q1", "Q2", "Q3", "Q4")),
    HALF_YEARLY: ("Half-yearly", ("H1", "H2")),
    ANNUAL: ("Annual", (None,)),
}

LEVEL = "level"
GROWTH = "growth"

PLOTTED_SCENARIOS = (Scenario.ACTUAL, Scenario.TARGET, Scenario.REVISED_TARGET)
_SCENARIO_SUFFIX: dict[str, str] = {Scenario.ACTUAL: "", Scenario.TARGET: " \u2014 target", Scenario.REVISED_TARGET: " \u2014 revised target"}


@dataclass(frozen=True)
class Series:
    """One line of the plot: a concept in one scenario, a value (or NaN) for every period of the chart."""

    concept: Concept
    scenario: str
    values: np.ndarray  # float64, base units (or percent in growth mode), NaN where there is no figure
    derived: np.ndarray  # bool: the point rests on a derived fact
    exact: tuple[Decimal | None, ...]  # the same values as Decimals, for the readout
    facts: tuple[Fact | None, ...]  # the fact behind each point, None where there is none
    keys: tuple[str, ...]  # the period each point's fact is stored under (an instant: the period's last day)
    bases: tuple[Fact | None, ...] = ()  # growth mode: the prior-year actual each point is measured against

    @cached_property
    def sources(self) -> tuple[str, ...]:
        """Each point's source: "document:line" or "derived: <inputs>", "" where there is no point.

        Said when asked (the readout, a saved chart's footer), not when the
        series is built: a chart of forty concepts is built far more often
        than it is read point by point.
        """
        return tuple("" if f is None else _source_text(f) for f in self.facts)

    @property
    def name(self) -> str:
        return self.concept.label + _SCENARIO_SUFFIX[self.scenario]

    @property
    def is_target(self) -> bool:
        return self.scenario != Scenario.ACTUAL

    def display_values(self, unit: DisplayUnit, mode: str = LEVEL) -> np.ndarray:
        """The values in the unit the plot's y axis shows (yen amounts divided, the rest as they are)."""
        if mode == LEVEL and self.concept.unit == Unit.JPY:
            return self.values / unit.divisor
        return self.values


# A concept whose largest figure is under this share of the largest concept's (in the same unit) is drawn
# against a scale of its own when scales are separate: operating income beside revenues, not a flat line.
SMALL_SHARE = 0.2
_CAPTION_NAMES = 48  # characters of concept names an axis caption may add to its unit


@dataclass(frozen=True)
class Chart:
    frequency: str
    mode: str
    periods: tuple[str, ...]  # contract keys, chronological; x position i is periods[i]
    series: tuple[Series, ...]
    separate: bool = False  # series far smaller than the largest get the right axis (when no other unit has it)

    @cached_property
    def _right(self) -> frozenset[str]:
        """The names of the series drawn against the right axis."""
        if self.mode != LEVEL or not self.series:
            return frozenset()
        left = self.left_unit
        other_unit = frozenset(s.name for s in self.series if s.concept.unit != left)
        if other_unit or not self.separate:
            return other_unit
        return frozenset(s.name for s in self.series if s.concept.id in self.small_concepts)

    @cached_property
    def small_concepts(self) -> frozenset[str]:
        """Concepts whose figures are far below the largest concept's (SMALL_SHARE): the ones a shared scale flattens."""
        import numpy as np

        largest: dict[str, float] = {}
        for s in self.series:
            finite = np.abs(s.values[np.isfinite(s.values)])
            if finite.size:
                largest[s.concept.id] = max(largest.get(s.concept.id, 0.0), float(finite.max()))
        if len(largest) < 2:
            return frozenset()
        top = max(largest.values())
        small = frozenset(c for c, m in largest.items() if m < SMALL_SHARE * top)
        return small if len(small) < len(largest) else frozenset()

    @property
    def split_by_magnitude(self) -> bool:
        """Whether the right axis holds smaller figures of the left axis' unit (not another unit)."""
        return bool(self._right) and all(s.concept.unit == self.left_unit for s in self.series)

    @property
    def x(self) -> np.ndarray:
        import numpy as np

        return np.arange(len(self.periods), dtype=float)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(period_label(p) for p in self.periods)

    @property
    def short_labels(self) -> tuple[str, ...]:
        return tuple(short_period_label(p) for p in self.periods)

    def export_captions(self, unit: DisplayUnit, made_on: str) -> tuple[str, str]:
        """A saved or copied chart's (title, footer lines): what is plotted and in which unit; its sources and date.

        The title names the concepts, the frequency and the unit; the footer the
        documents the plotted figures come from (derived points say so) and the
        day the picture was made, so that a chart pasted into a report can be
        traced.
        """
        names = list(dict.fromkeys(s.concept.label for s in self.series))
        what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        if len(what) > 90:
            what = f"{len(names)} concepts"
        how = FREQUENCIES[self.frequency][0].lower() + (", change year on year" if self.mode == GROWTH else "")
        span = f"{period_label(self.periods[0])} to {period_label(self.periods[-1])}" if self.periods else ""
        title = f"{what}: {how}, {span} ({self.y_caption(unit)})"
        documents = sorted({src.rsplit(":", 1)[0] for s in self.series for src in s.sources if src and not src.startswith("derived")})
        lines = [f"Sources: {', '.join(documents[:2]) or 'none'}" + (f" and {len(documents) - 2} more" if len(documents) > 2 else "")]
        if any(bool(s.derived.any()) for s in self.series):
            lines.append("Hollow markers: derived by period arithmetic from the reported figures.")
        lines.append(f"IIJ investor-relations documents, read and drawn by iijviewer on {made_on}.")
        return title, "\n".join(lines)

    def y_caption(self, unit: DisplayUnit) -> str:
        if self.mode == GROWTH:
            return "YoY change, %"
        return " / ".join(dict.fromkeys(unit_caption(s.concept.unit, unit) for s in self.series))

    @property
    def left_unit(self) -> str:
        """The unit of the left axis: the first series' (yen amounts, usually)."""
        return self.series[0].concept.unit if self.series else "JPY"

    def on_right_axis(self, series: Series) -> bool:
        """Figures in another unit than the left axis' (yen per share beside yen millions) get an axis of their own;
        so do, with separate scales, figures far smaller than the largest (operating income beside revenues)."""
        return series.name in self._right

    def axis_captions(self, unit: DisplayUnit) -> tuple[str, str]:
        """The (left, right) axis captions; the right one is empty when every series shares the left axis."""
        if self.mode == GROWTH:
            return "YoY change, %", ""
        if self.split_by_magnitude:  # one unit on both sides: each caption names its concepts
            caption = unit_caption(self.left_unit, unit)
            left = [s for s in self.series if not self.on_right_axis(s)]
            right_side = [s for s in self.series if self.on_right_axis(s)]
            return f"{caption}: {_names(left)}", f"{caption}: {_names(right_side)}"
        right = dict.fromkeys(unit_caption(s.concept.unit, unit) for s in self.series if self.on_right_axis(s))
        return unit_caption(self.left_unit, unit), " / ".join(right)

    def readout(self, i: int, unit: DisplayUnit = DEFAULT_UNIT) -> list[str]:
        """The hover text at x position i: the period, then every series with a point there."""
        if not 0 <= i < len(self.periods):
            return []
        key = self.periods[i]
        lines = [f"{period_label(key)} ({self.y_caption(unit)})"]
        for s in self.series:
            if s.exact[i] is None:
                continue
            lines.append(f"{s.name}: {format_point(s, i, unit, self.mode)} \u2014 {s.sources[i]}")
        if len(lines) == 1:
            lines.append("no figures for this period")
        return lines


def _names(series: Sequence[Series]) -> str:
    """The concepts of some series, as an axis caption can hold them (ended with … past _CAPTION_NAMES)."""
    text = ", ".join(dict.fromkeys(s.concept.label for s in series))
    return text if len(text) <= _CAPTION_NAMES else text[: _CAPTION_NAMES - 1].rstrip(", ") + "\u2026"


def short_period_label(key: str) -> str:
    """IIJ's own abbreviation, for an axis too narrow for full labels: `1Q10`, `1H10`, `FY10`."""
    fy, _, part = key.partition("-")
    year = fy[-2:]
    return f"FY{year}" if not part else f"{part[1]}{part[0]}{year}" if part[0] in "QH" else f"{part}{year}"


def format_point(series: Series, i: int, unit: DisplayUnit = DEFAULT_UNIT, mode: str = LEVEL) -> str:
    value = series.exact[i]
    if value is None:
        return ""
    if mode == GROWTH:
        base = series.bases[i]
        assert base is not None
        was = format_amount(base.value, series.concept.unit, unit)
        return f"{_signed_percent(value)} (against {was} in {period_label(base.period)})"
    text = format_amount(value, series.concept.unit, unit)
    if series.concept.is_instant:
        text += f" as of {series.keys[i]}"
    return text


def _signed_percent(value: Decimal) -> str:
    # formatting.format_percent marks a decrease with parentheses; a growth readout marks increases too
    text = format_percent(value)
    return "+" + text if value > 0 and not text.startswith("0.0") else text


def _parts_of(frequency: str) -> tuple[str | None, ...]:
    return FREQUENCIES[frequency][1]


@lru_cache(maxsize=8192)  # a chart asks this of every figure of every concept it shows; the periods are few
def _chart_period(key: str, is_instant: bool, frequency: str) -> str | None:
    p = parse_key(key)
    parts = _parts_of(frequency)
    if is_instant:
        if not p.is_instant:
            return None
        for part in parts:
            candidate = fiscal(p.fiscal_year, part)
            if candidate.end == p.end:
                return candidate.key
        return None
    if p.is_instant:
        return None
    part = key.split("-", 1)[1] if "-" in key else None
    return key if part in parts else None


def chart_periods(index: FactIndex, concepts: Iterable[str], frequency: str = QUARTERLY) -> list[str]:
    """Consecutive periods of the frequency from the first to the last one any of the concepts has a figure for."""
    found: set[str] = set()
    for cid in concepts:
        found |= _concept_chart_periods(index, cid, frequency)
    if not found:
        return []
    ends = [parse_key(k) for k in found]
    first, last = min(ends).fiscal_year, max(ends).fiscal_year
    lo, hi = min(p.end for p in ends), max(p.end for p in ends)
    return [
        p.key
        for fy in range(first, last + 1)
        for p in (fiscal(fy, part) for part in _parts_of(frequency))
        if lo <= p.end <= hi
    ]


def _concept_chart_periods(index: FactIndex, cid: str, frequency: str) -> frozenset[str]:
    """The chart periods one concept has a plotted figure for, kept in the index (a chart asks for them at every redraw)."""
    key = ("chart_periods", cid, frequency)
    found = cast("frozenset[str] | None", index.memo.get(key))  # what this function stores under it
    if found is None:
        is_instant = catalog()[cid].is_instant
        stored = {period for (period, scenario) in index.by_concept.get(cid, {}) if scenario in PLOTTED_SCENARIOS}
        periods = (_chart_period(period, is_instant, frequency) for period in stored)
        found = index.memo[key] = frozenset(p for p in periods if p is not None)
    return found


def _source_text(fact: Fact) -> str:
    if fact.derived:
        return f"derived: {fact.label}"
    return str(fact.source) if fact.source is not None else fact.label


def build_series(index: FactIndex, concept: Concept, scenario: str, periods: Sequence[str], mode: str = LEVEL) -> Series:
    import numpy as np

    n = len(periods)
    keys = _fact_keys(concept.is_instant, tuple(periods))
    facts = index.by_concept.get(concept.id, {})
    found = [facts.get((k, scenario)) for k in keys]
    bases: list[Fact | None] = [None] * n
    if mode == GROWTH:
        prior = _fact_keys(concept.is_instant, tuple(prior_period(p) or "" for p in periods))
        exact: list[Decimal | None] = [None] * n
        for i, fact in enumerate(found):
            if fact is None:
                continue
            base = facts.get((prior[i], Scenario.ACTUAL))
            value = percent_change(fact.value, base.value) if base is not None and index.comparable(fact, base) else None
            if value is None:
                found[i] = None
                continue
            bases[i] = base
            exact[i] = value
    else:
        exact = [None if f is None else f.value for f in found]
    values = np.array([math.nan if v is None else float(v) for v in exact], dtype=float)
    derived = np.array(
        [f is not None and (f.derived or (b is not None and b.derived)) for f, b in zip(found, bases)], dtype=bool
    )
    return Series(concept, scenario, values, derived, tuple(exact), tuple(found), keys, tuple(bases))


@lru_cache(maxsize=64)
def _fact_keys(is_instant: bool, periods: tuple[str, ...]) -> tuple[str, ...]:
    """The period each chart period's figure is stored under (an instant: the period's last day); "" for none."""
    return tuple(balance_date_for(p) if is_instant and p else p for p in periods)


def build_chart(
    index: FactIndex, concepts: Iterable[str], frequency: str = QUARTERLY, mode: str = LEVEL, separate: bool = False
) -> Chart:
    """Every chosen concept's actuals, and its targets where it has any in the chart's periods.

    A series depends on the index, the concept, the scenario, the periods and the
    mode alone, so the index keeps it: drawing the same concepts again, or adding
    one to forty, builds only what is new.
    """
    ids = list(dict.fromkeys(concepts))
    periods = tuple(chart_periods(index, ids, frequency))
    cat = catalog()
    series: list[Series] = []
    for cid in ids:
        scenarios = _scenarios_of(index, cid)
        for scenario in PLOTTED_SCENARIOS:
            if scenario != Scenario.ACTUAL and scenario not in scenarios:
                continue  # no target for this concept at all
            key = ("series", cid, scenario, periods, mode)
            s = cast("Series | None", index.memo.get(key))  # what this function stores under it
            if s is None:
                s = index.memo[key] = build_series(index, cat[cid], scenario, periods, mode)
            if scenario == Scenario.ACTUAL or s.exact.count(None) < len(periods):
                series.append(s)
    return Chart(frequency, mode, periods, tuple(series), separate)


def _scenarios_of(index: FactIndex, cid: str) -> frozenset[str]:
    key = ("scenarios", cid)
    found = cast("frozenset[str] | None", index.memo.get(key))  # what this function stores under it
    if found is None:
        found = index.memo[key] = frozenset(s for (_, s) in index.by_concept.get(cid, {}))
    return found
