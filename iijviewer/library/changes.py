"""What adding or removing documents does to the figures the library chose: which change, which appear, which go.

The window asks before an import that would change figures already chosen,
and names what a removal changes; the command line says both after the fact.
Derived figures follow the reported ones they are computed from and are not
counted: a change is one of a figure some document prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import catalog
from iijviewer.base.formatting import format_amount, unit_caption
from iijviewer.base.periods import period_label
from iijviewer.base.vocabulary import Scenario, Unit

Key = tuple[str, str, str]  # concept, period, scenario


@dataclass(frozen=True)
class FigureChange:
    key: Key
    before: Fact | None  # None: the figure is new
    after: Fact | None  # None: the figure is gone

    def __str__(self) -> str:
        concept, period, scenario = self.key
        what = f"{catalog()[concept].label if concept in catalog() else concept}, {period_label(period)}"
        if scenario != Scenario.ACTUAL:
            what += f" ({scenario.replace('_', ' ')})"
        if self.before is None:
            return f"{what}: new, {_shown(self.after)}"
        if self.after is None:
            return f"{what}: {_shown(self.before)}, no longer in the library"
        return f"{what}: {_shown(self.before)} becomes {_shown(self.after)}"


@dataclass(frozen=True)
class ChosenChanges:
    changed: tuple[FigureChange, ...]  # a figure whose chosen value is another
    added: tuple[FigureChange, ...]
    removed: tuple[FigureChange, ...]

    @property
    def none(self) -> bool:
        return not (self.changed or self.added or self.removed)


def _shown(fact: Fact | None) -> str:
    if fact is None:
        return ""
    source = f" ({fact.source.document}, line {fact.source.line})" if fact.source is not None else ""
    amount = format_amount(fact.value, fact.unit)
    shown_in_yen: dict[str, str] = {Unit.JPY: f"JPY {amount} million", Unit.JPY_PER_SHARE: f"JPY {amount} per share"}
    shown = shown_in_yen.get(fact.unit, f"{amount} {unit_caption(fact.unit)}")
    return f"{shown}{source}"


def _reported(facts: Iterable[Fact]) -> dict[Key, Fact]:
    return {f.key: f for f in facts if not f.derived}


def chosen_changes(before: Iterable[Fact], after: Iterable[Fact]) -> ChosenChanges:
    """How the reported figures chosen `after` differ from those chosen `before` (value, not source: the same
    figure from another document is no change)."""
    old, new = _reported(before), _reported(after)
    changed = tuple(
        FigureChange(k, old[k], new[k]) for k in sorted(old.keys() & new.keys()) if old[k].value != new[k].value
    )
    added = tuple(FigureChange(k, None, new[k]) for k in sorted(new.keys() - old.keys()))
    removed = tuple(FigureChange(k, old[k], None) for k in sorted(old.keys() - new.keys()))
    return ChosenChanges(changed, added, removed)
