"""The contract's rules for one value per (concept, period, scenario).

Reported facts are ranked: most precise first, then the latest document.  A
table marked as an old classification is history and never wins.  Every
occurrence keeps a status so that `facts --all` can show the history:
`chosen`, `agrees` (within rounding of the chosen value), `conflict`
(beyond rounding), `old_classification`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from iijviewer.facts import RawFact

CHOSEN = "chosen"
AGREES = "agrees"
CONFLICT = "conflict"
OLD = "old_classification"


@dataclass(frozen=True)
class Occurrence:
    fact: RawFact
    status: str


def tolerance(decimals_a: int, decimals_b: int) -> Decimal:
    """Half a unit of the coarser of two precisions (34.3 billion and 34,272 million agree)."""
    return Decimal(10) ** (-min(decimals_a, decimals_b)) / 2


def agree(a: RawFact, b: RawFact) -> bool:
    return abs(a.value - b.value) <= tolerance(a.decimals, b.decimals)


def rank_key(fact: RawFact, document_dates: Mapping[str, str]) -> tuple:
    """Sort key, best first: precision, then recency, then position (for a stable choice)."""
    date = document_dates.get(fact.source.document, "")
    return (-fact.decimals, _negate(date), fact.source.document, fact.source.line)


def _negate(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def choose(raw: Iterable[RawFact], document_dates: Mapping[str, str]) -> tuple[list[RawFact], list[Occurrence]]:
    """The winning fact of every key, and every occurrence with its status."""
    groups: dict[tuple[str, str, str], list[RawFact]] = {}
    for fact in raw:
        groups.setdefault((fact.concept, fact.period, fact.scenario), []).append(fact)
    winners: list[RawFact] = []
    occurrences: list[Occurrence] = []
    for key in sorted(groups):
        facts = groups[key]
        current = sorted((f for f in facts if f.classification != "old"), key=lambda f: rank_key(f, document_dates))
        history = [f for f in facts if f.classification == "old"]
        if current:
            best = current[0]
            winners.append(best)
            occurrences.append(Occurrence(best, CHOSEN))
            for other in current[1:]:
                occurrences.append(Occurrence(other, AGREES if agree(best, other) else CONFLICT))
        occurrences.extend(Occurrence(f, OLD) for f in history)
    return winners, occurrences
