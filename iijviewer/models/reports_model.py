"""Every report of some figures: each document and line that prints them, the value as printed, whether it is used.

What *Show all reports* lists for the figures chosen on the Statements or
Compare page: the chosen report, the others that agree, those that conflict,
and history (old classifications), so a user sees at once where a figure
comes from and who says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt

from iijviewer.base.facts import RawFact
from iijviewer.models.facts_model import LEFT, FactsTableModel

# the order a figure's reports are listed in: the one used first
STATUS_ORDER = {"chosen": 0, "agrees": 1, "conflict": 2, "unreliable_row": 3, "old_classification": 4}


def reports_of(keys: Iterable[tuple[str, str, str]], occurrences: Iterable) -> tuple[list[RawFact], dict[RawFact, str]]:
    """The reported facts of these (concept, period, scenario) keys, each figure's used report first, and their statuses."""
    wanted = list(dict.fromkeys(keys))
    order = {k: n for n, k in enumerate(wanted)}
    found = [o for o in occurrences if o.fact.key in order]
    found.sort(key=lambda o: (order[o.fact.key], STATUS_ORDER.get(o.status, 9), o.fact.source.document, o.fact.source.line))
    return [o.fact for o in found], {o.fact: o.status for o in found}


def with_inputs(keys: Iterable[tuple[str, str, str]], fact_of) -> list[tuple[str, str, str]]:
    """The keys, each derived one followed by the keys of its inputs (and theirs): what prints a derived figure's parts.

    `fact_of(key)` gives the normalized Fact of a key, or None.
    """
    out: dict[tuple[str, str, str], None] = {}

    def add(key: tuple[str, str, str], depth: int) -> None:
        if key in out or depth > 4:
            return
        out[key] = None
        fact = fact_of(key)
        derivation = getattr(fact, "derivation", None) if fact is not None and fact.derived else None
        for term in derivation.terms if derivation is not None else ():
            add((term.concept, term.period, key[2]), depth + 1)

    for key in keys:
        add(key, 0)
    return list(out)


class ReportsTableModel(FactsTableModel):
    """FactsTableModel with the document in front, in the order `reports_of` gives (not by line)."""

    HEADERS = ("Document", "Line", "Concept", "Period", "Value", "Status")
    DOCUMENT, LINE, CONCEPT, PERIOD, VALUE, STATUS = range(6)

    def set_facts(self, facts: Sequence[RawFact], statuses: Mapping[RawFact, str] | None = None) -> None:
        super().set_facts(facts, statuses)
        rank = {f: n for n, f in enumerate(facts)}
        self.set_rows(sorted(self._rows, key=lambda record: rank[record[0]]))

    def cell(self, record, column: int, role: int):
        if column == self.DOCUMENT:
            if role == Qt.ItemDataRole.DisplayRole:
                return record[0].source.document
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return LEFT
        return super().cell(record, column, role)
