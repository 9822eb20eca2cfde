"""Derived facts: flows for periods IIJ reports only implicitly, and gross margin.

Within a fiscal year the flows add up: H1 = Q1 + Q2, H2 = Q3 + Q4,
FY = H1 + H2, 9M = H1 + Q3, FY = 9M + Q4.  Each relation can be solved for any
one of its three members, so a first quarter is the half year minus the
second quarter, a fourth quarter the year minus nine months, and so on, in
every direction the arithmetic allows; and the formulas of `resources/concept_roles.csv`
(a margin as revenues minus costs of the same period).  Never for instants, per-share data, counts or ratios, and only
for actual results (a target is what IIJ announced, nothing else).

A derived fact names its inputs; its precision is the coarsest of theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from iijviewer.base.concepts import catalog, formulas
from iijviewer.base.facts import Measure
from iijviewer.base.periods import fiscal, parse_key
from iijviewer.base.vocabulary import Scenario

# total = a + b, within one fiscal year
# (None: the whole year)
_PERIOD_SUMS: tuple[tuple[str | None, str, str], ...] = (
    ("H1", "Q1", "Q2"),
    ("H2", "Q3", "Q4"),
    (None, "H1", "H2"),
    ("9M", "H1", "Q3"),
    (None, "9M", "Q4"),
)
DERIVABLE_STATEMENTS = {"income", "cash_flow", "segments", "revenue_detail", "non_gaap", "comprehensive", "kpi"}


@dataclass(frozen=True)
class Term:
    sign: int
    concept: str
    period: str


@dataclass(frozen=True)
class DerivedFact(Measure):
    terms: tuple[Term, ...]
    inputs_in_conflict: bool = False
    error: Decimal = Decimal(0)  # the most the inputs' rounding can move the result

    @property
    def label(self) -> str:
        """The inputs, as an auditor would write them: `FY2010-H1 - FY2010-Q2`."""
        if len({t.concept for t in self.terms}) == 1:
            parts = [t.period for t in self.terms]
        else:
            parts = [t.concept for t in self.terms]
        text = parts[0] if self.terms[0].sign > 0 else f"-{parts[0]}"
        for t, p in zip(self.terms[1:], parts[1:]):
            text += f" {'+' if t.sign > 0 else '-'} {p}"
        if self.inputs_in_conflict:
            text += " (inputs in conflict)"
        return text


@dataclass(frozen=True)
class Known:
    """A value available as an input: reported or already derived."""

    value: Decimal
    decimals: int
    derived: bool
    in_conflict: bool = False


def derivable(concept_id: str) -> bool:
    c = catalog().get(concept_id)
    return c is not None and c.is_flow and c.statement in DERIVABLE_STATEMENTS


@cache
def _key(fy: int, part: str | None) -> str:
    return fiscal(fy, part).key


@cache
def _fiscal_part(period: str) -> tuple[int, str | None] | None:
    try:
        p = parse_key(period)
    except ValueError:
        return None
    if p.is_instant:
        return None
    key = p.key
    fy = int(key[2:6])
    return fy, (key.split("-", 1)[1] if "-" in key else None)


def fiscal_year_of(period: str) -> int | None:
    """The fiscal year whose facts a derivation of `period` reads (None for an instant: never derived).

    Derivations of one fiscal year read only that year, so the derived facts of a
    year can be worked out from the facts of that year alone.
    """
    fp = _fiscal_part(period)
    return None if fp is None else fp[0]


@cache
def _period_options(fy: int, target: str | None) -> tuple[tuple[tuple[int, str], tuple[int, str]], ...]:
    """Every way of writing the part `target` of a fiscal year from two other periods of it: (sign, period) pairs.

    Normalizing asks this for every concept of every period, so the answer is
    kept per period (the periods of a library are few).
    """
    options = []
    for total, a, b in _PERIOD_SUMS:
        if target == total:
            options.append(((1, _key(fy, a)), (1, _key(fy, b))))
        elif target == a:
            options.append(((1, _key(fy, total)), (-1, _key(fy, b))))
        elif target == b:
            options.append(((1, _key(fy, total)), (-1, _key(fy, a))))
    return tuple(options)


@lru_cache(maxsize=64)
def half_unit(decimals: int) -> Decimal:
    return Decimal(10) ** (-decimals) / 2


@cache
def _formulas() -> dict[str, tuple[tuple[int, str], ...]]:
    """{concept: its two signed terms of the same period} (resources/concept_roles.csv)."""
    found = formulas()
    for concept, terms in found.items():
        if len(terms) != 2:
            raise ValueError(f"concept_roles.csv: the formula of {concept} has {len(terms)} terms; a derivation takes two")
    return found


@cache
def _formula_inputs() -> dict[str, tuple[str, ...]]:
    """{input concept: the concepts whose formula uses it}."""
    inputs: dict[str, list[str]] = {}
    for target, terms in _formulas().items():
        for _, c in terms:
            inputs.setdefault(c, []).append(target)
    return {c: tuple(ts) for c, ts in inputs.items()}


def best_derivation(
    concept: str, period: str, known: Mapping[tuple[str, str], Known]
) -> DerivedFact | None:
    """The most precise way to compute (concept, period) from known values, or None."""
    # Every way is two (sign, concept, period) terms.  This runs for every gap and every reported
    # flow of a library, so it looks values up without building anything; Terms are made only for
    # the chosen way.
    ways: list[tuple[tuple[int, str, str], tuple[int, str, str]]] = []
    fp = _fiscal_part(period)
    if fp is not None and derivable(concept):
        ways.extend(((s1, concept, p1), (s2, concept, p2)) for (s1, p1), (s2, p2) in _period_options(fp[0], fp[1]))
    formula = _formulas().get(concept)
    if formula is not None:
        (s1, c1), (s2, c2) = formula
        ways.append(((s1, c1, period), (s2, c2, period)))
    best = None
    for way in ways:
        (_, c1, p1), (_, c2, p2) = way
        a = known.get((c1, p1))
        if a is None or (c1 == concept and p1 == period):
            continue
        b = known.get((c2, p2))
        if b is None or (c2 == concept and p2 == period):
            continue
        # most precise first; among equals prefer inputs that are reported, then fewer conflicts
        rank = (min(a.decimals, b.decimals), -(a.derived + b.derived), not (a.in_conflict or b.in_conflict))
        if best is None or rank > best[0]:
            best = (rank, way, (a, b))
    if best is None:
        return None
    (decimals, _, not_conflicted), way, inputs = best
    value = sum((sign * k.value for (sign, _, _), k in zip(way, inputs)), Decimal(0))
    error = sum((half_unit(k.decimals) for k in inputs), Decimal(0))
    terms = tuple(Term(sign, c, p) for sign, c, p in way)
    return DerivedFact(concept, period, Scenario.ACTUAL, value, catalog()[concept].unit, decimals, terms, not not_conflicted, error)


def derive(known_actuals: Mapping[tuple[str, str], Known]) -> list[DerivedFact]:
    """Derived actual facts for every (concept, period) the arithmetic reaches and nothing reports.

    Runs to a fixed point: a derived quarter may itself be the input of the
    next derivation (a fourth quarter from a year and a nine months that was
    itself derived), always choosing the most precise way available.
    """
    known = dict(known_actuals)
    derived: dict[tuple[str, str], DerivedFact] = {}
    years: dict[str, set[int]] = {}
    for concept, period in known:
        fp = _fiscal_part(period)
        if fp is not None and (derivable(concept) or concept in _formula_inputs()):
            years.setdefault(concept, set()).add(fp[0])
    periods_by_concept = {
        c: [_key(fy, part) for fy in sorted(ys) for part in (None, "H1", "H2", "Q1", "Q2", "Q3", "Q4", "9M")]
        for c, ys in years.items()
    }
    for target, terms in _formulas().items():
        inputs = [c for _, c in terms]
        if any(c in periods_by_concept for c in inputs):
            periods_by_concept[target] = sorted({p for c in [*inputs, target] for p in periods_by_concept.get(c, [])})
    # A derivation reads only its own concept's fiscal year (gross margin: also revenue and cost of the
    # period), so a pass after the first revisits only the (concept, year) groups the last pass changed.
    # Visited in the same order, a group left out would have yielded nothing: the result is the same.
    dirty: set[tuple[str, int]] | None = None  # None: every group
    while dirty is None or dirty:
        changed: set[tuple[str, int]] = set()
        for concept, periods in periods_by_concept.items():
            if not derivable(concept) and concept not in _formulas():
                continue
            for period in periods:
                if (concept, period) in known:
                    continue
                fy = _fiscal_part(period)
                if dirty is not None and (fy is None or (concept, fy[0]) not in dirty):
                    continue
                fact = best_derivation(concept, period, known)
                if fact is None:
                    continue
                derived[(concept, period)] = fact
                known[(concept, period)] = Known(fact.value, fact.decimals, True, fact.inputs_in_conflict)
                if fy is not None:
                    changed.add((concept, fy[0]))
                    changed.update((target, fy[0]) for target in _formula_inputs().get(concept, ()))
        dirty = changed
    return list(derived.values())
