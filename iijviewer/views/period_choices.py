"""The periods a comparison can add, grouped as a user looks for them: by fiscal year, then by kind.

Only periods that make sense for the statement shown are offered: years,
halves, quarters and nine months for a flow statement (the income statement,
cash flows, segments); balance-sheet dates for the balance sheet; the dates
counts are taken at for operating data.  A quarter's income statement is
never offered beside a date, whose column would be empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from iijviewer.base.concepts import catalog
from iijviewer.base.periods import parse_key, sort_key
from iijviewer.base.vocabulary import Scenario
from iijviewer.views.viewdata import FactIndex, period_label

# the kinds of a fiscal year's periods, in the order a menu lists them
_KINDS = (("Year", ("",)), ("Halves", ("H1", "H2")), ("Quarters", ("Q1", "Q2", "Q3", "Q4")), ("Nine months", ("9M",)))
DATES = "Dates"


@dataclass(frozen=True)
class PeriodChoice:
    key: str
    label: str  # "1H FY2010", "2010-09-30"
    note: str  # what the statement has for it: "reported", "derived", "partly derived", "targets only"


@dataclass(frozen=True)
class YearChoices:
    title: str  # "FY2010"
    groups: tuple[tuple[str, tuple[PeriodChoice, ...]], ...]  # (kind, its periods)


def _note(facts) -> str:
    actual = [f for f in facts if f.scenario == Scenario.ACTUAL]
    if not actual:
        return "targets only"
    derived = sum(1 for f in actual if f.derived)
    return "derived" if derived == len(actual) else "partly derived" if derived else "reported"


def period_choices(index: FactIndex, statement: str) -> tuple[YearChoices, ...]:
    """Fiscal years newest first, each with the periods that have figures of `statement`, grouped by kind."""
    key = ("period_choices", statement)
    found = cast("tuple[YearChoices, ...] | None", index.memo.get(key))  # what this function stores under it
    if found is not None:
        return found
    cat = catalog()
    by_year: dict[int, dict[str, list[PeriodChoice]]] = {}
    for period in sorted(index.by_period, key=sort_key):
        facts = [f for f in index.by_period[period] if f.concept in cat and cat[f.concept].statement == statement]
        if not facts:
            continue
        p = parse_key(period)
        kind = DATES if p.is_instant else next(k for k, parts in _KINDS if (period.split("-", 1)[1] if "-" in period else "") in parts)
        by_year.setdefault(p.fiscal_year, {}).setdefault(kind, []).append(PeriodChoice(period, period_label(period), _note(facts)))
    order = [k for k, _ in _KINDS] + [DATES]
    years = tuple(
        YearChoices(f"FY{fy}", tuple((kind, tuple(groups[kind])) for kind in order if kind in groups))
        for fy, groups in sorted(by_year.items(), reverse=True)
    )
    index.memo[key] = years
    return years
