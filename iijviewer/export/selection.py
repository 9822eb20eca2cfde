"""What an export covers: its options (unit, statements, periods, layout) and the facts and periods they select."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import catalog
from iijviewer.base.formatting import DEFAULT_UNIT, DisplayUnit, display_unit
from iijviewer.base.periods import parse_key
from iijviewer.base.vocabulary import Scenario, Statement
from iijviewer.views.viewdata import balance_date_for, statement_names

QUARTERLY = "quarterly"
HALF = "half"
ANNUAL = "annual"
ALL = "all"
LAYOUTS = (QUARTERLY, HALF, ANNUAL, ALL)
LAYOUT_PARTS: dict[str, set[str | None]] = {
    QUARTERLY: {"Q1", "Q2", "Q3", "Q4"},
    HALF: {"H1", "H2"},
    ANNUAL: {None},
}
_LAYOUT_MONTHS = {QUARTERLY: {3, 6, 9, 12}, HALF: {3, 9}, ANNUAL: {3}}


@dataclass(frozen=True)
class ExportOptions:
    """What to export: unit, statements, periods and layout (the viewer's "current view" narrows these)."""

    unit: DisplayUnit = DEFAULT_UNIT
    statements: tuple[str, ...] | None = None  # statement ids (income, balance, ...); None for all
    periods: tuple[str, ...] | None = None  # period keys; a fiscal year (FY2010) brings its parts; None for all
    layout: str = ALL  # quarterly, half, annual or all (every period side by side)
    targets: bool = True  # target and revised-target columns beside the actuals
    compare_base: str | None = None  # the Comparison sheet's base period; None: each against a year earlier

    def __post_init__(self) -> None:
        # the window may hand over a unit key and lists: normalize them here, once
        if isinstance(self.unit, str):
            object.__setattr__(self, "unit", display_unit(self.unit))
        for name in ("statements", "periods"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    def validate(self) -> None:
        """ValueError with a message a user can act on."""
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; choose one of {', '.join(LAYOUTS)}")
        known = [s for s, _ in statement_names()]
        for s in self.statements or ():
            if s not in known:
                raise ValueError(f"unknown statement {s!r}; choose from {', '.join(known)}")
        for p in (*(self.periods or ()), *([self.compare_base] if self.compare_base else [])):
            parse_key(p)  # ValueError: not a period key



def selected_facts(library, options: ExportOptions) -> list[Fact]:
    """The facts an export with these options covers (none: nothing to write)."""
    return Selection(library, options).facts()


def period_part(key: str) -> str | None:
    return key.split("-", 1)[1] if key.startswith("FY") and "-" in key else None


def _layout_allows(key: str, layout: str) -> bool:
    if layout == ALL:
        return True
    p = parse_key(key)
    if p.is_instant:
        month_end = (p.end + dt.timedelta(days=1)).day == 1
        return month_end and p.end.month in _LAYOUT_MONTHS[layout]
    return period_part(key) in LAYOUT_PARTS[layout]


class Selection:
    """Which periods, statements and facts an export covers."""

    def __init__(self, library, options: ExportOptions):
        self.library = library
        self.options = options
        names = [s for s, _ in statement_names()]
        self.statements = [s for s in names if options.statements is None or s in options.statements]
        if options.statements is not None and Statement.MEASURES in options.statements:
            self.statements = _with_measure_inputs(self.statements, names)
        self._memo: dict[str, bool] = {}
        self.named = set(options.periods or ())
        self.named_years = {int(k[2:]) for k in self.named if re.fullmatch(r"FY\d{4}", k)}
        self.named_dates = {balance_date_for(k) for k in self.named}

    def period(self, key: str) -> bool:
        """A column for `key`: allowed by the layout, or named (a named fiscal year brings its parts)."""
        found = self._memo.get(key)
        if found is None:
            found = self._decide(key)
            self._memo[key] = found
        return found

    def _decide(self, key: str) -> bool:
        layout = self.options.layout
        if self.options.periods is None:
            return _layout_allows(key, layout)
        if key in self.named or key in self.named_dates:
            return True
        return parse_key(key).fiscal_year in self.named_years and _layout_allows(key, layout)

    def concepts(self) -> set[str]:
        return {c.id for c in catalog().values() if c.statement in self.statements}

    def facts(self) -> list[Fact]:
        if self.options.statements is None and self.options.periods is None and self.options.layout == ALL:
            return list(self.library.facts)
        concepts = self.concepts()
        return [
            f
            for f in self.library.facts
            if f.concept in concepts and self.period(f.period) and (self.options.targets or f.scenario == Scenario.ACTUAL)
        ]


def _with_measure_inputs(statements: list[str], names: Sequence[str]) -> list[str]:
    """The statements asked for and those the measures read, so that the Measures sheet's formulas have their cells."""
    from iijviewer.views import metrics

    wanted = set(statements)
    for d in metrics.definitions():
        wanted.update(catalog()[c].statement for c in d.concepts if c in catalog())
    return [s for s in names if s in wanted]
