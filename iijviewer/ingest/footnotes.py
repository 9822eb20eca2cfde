"""Targets a note under a table says were changed: "Changed from JPY<figure> announced on <date>".

IIJ marks a target it changed after first announcing it with a note below the
table ("*1 Changed from JPY<figure> announced on May 15, 2013 due to ..."): the
table's figure is then the revised target, and the note's figure the target as
first announced on that day.  The row the note is about is the one its mark
names; the marks rarely survive conversion to text, so it is the one row of
the table above (the note at most `NOTE_LOOKAHEAD` lines below it) whose target
is of the note's kind and within a factor of `CLOSE` of the note's figure: an
amount where it says million or billion; where it has no scale word, a
per-share figure in yen or an amount in the table's own unit ("Changed from
JPY15.0" under a table in billions), printed to as many places as its row;
a note two rows could be about is reported.  Where no row or more than one fits, the note is reported and
nothing changes.  The wording is data (`target_changed_from` in
`resources/document_patterns.csv`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from iijviewer.base.concepts import catalog
from iijviewer.base.facts import Finding, RawFact, SourceRef
from iijviewer.base.vocabulary import Scenario, Unit
from iijviewer.ingest import rules
from iijviewer.ingest.blocks import Table
from iijviewer.ingest.cells import too_many_digits
from iijviewer.ingest.context import announced_on

NOTE_LOOKAHEAD = 4  # lines below a table where its notes stand
CLOSE = Decimal(2)  # a changed target and its earlier figure are within this factor of each other
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_TARGETS = ("target", "revised_target")


def read_changed_targets(
    document: str, lines: Sequence[str], tables: Sequence[Table], facts: list[RawFact]
) -> tuple[list[RawFact], list[Finding]]:
    """`facts` with each changed target made a revised target, plus the earlier figure of each as the target."""
    patterns = rules.document_pattern("target_changed_from")
    if not patterns:
        return facts, []
    findings: list[Finding] = []
    out = list(facts)
    revised: set[int] = set()  # the facts a note has changed
    for number, line in enumerate(lines, start=1):
        m = next((p.search(line) for p in patterns if p.search(line)), None)
        if m is None:
            continue
        table = _table_above(tables, lines, number)
        day = announced_on(line)
        digits = m["value"].replace(",", "")
        if table is None or not day or too_many_digits(digits) or not digits.replace(".", "").isdigit():
            findings.append(_unplaced(document, number, "no table of targets above it, or no day it was announced"))
            continue
        scale = _SCALES.get((m["scale"] or "").lower())
        places = len(digits.split(".")[1]) if "." in digits else 0
        rows = {r.line for r in table.rows}
        # (fact, the note's figure in yen, its scale) for each target of the table it may be about
        candidates = []
        for i, f in enumerate(out):
            if f.source.document != document or f.source.line not in rows or f.scenario not in _TARGETS or f.value <= 0:
                continue
            per_share = catalog()[f.concept].unit == Unit.JPY_PER_SHARE
            if scale is not None and per_share:
                continue
            # a note without a scale word is in yen per share, or in the table's own unit (millions, billions)
            row_scale = scale if scale is not None else 1 if per_share else _printed_scale(f.decimals)
            if row_scale is None:
                continue
            earlier = Decimal(digits) * row_scale
            if scale is None and not _printed_alike(places, f.decimals, row_scale):
                continue
            if earlier / CLOSE <= f.value <= earlier * CLOSE:
                candidates.append((i, earlier, row_scale))
        if len(candidates) != 1 or candidates[0][0] in revised:
            why = (
                "no target of the table above fits it"
                if not candidates
                else "more than one target of the table above fits it"
                if len(candidates) > 1
                else "another note changed the same target already"
            )
            findings.append(_unplaced(document, number, why))
            continue
        i, earlier, scale = candidates[0]
        revised.add(i)
        changed = out[i]
        # the table's figure: revised after the day the note names (its heading's "unchanged from" day was the first)
        out[i] = replace(changed, scenario=Scenario.REVISED_TARGET, announced="")
        out.append(
            replace(
                changed,
                scenario=Scenario.TARGET,
                value=earlier,
                decimals=places - (len(str(scale)) - 1),
                source=SourceRef(document, number),
                label=m.group(0).strip(),  # the note's own words: the row's label is not on its line
                text=line.strip(),
                table_line=number,
                announced=day,
                classification="",
            )
        )
    return out, findings


def _printed_alike(places: int, decimals: int, scale: int) -> bool:
    """Whether a note without a scale word prints its figure as the row does: an amount to as many places as the
    table ("101.2" beside "98.7" billion); a per-share figure so too, or in whole yen ("JPY30" beside "30.00")."""
    row_places = decimals + len(str(scale)) - 1
    return places == row_places or (scale == 1 and places == 0)


def _printed_scale(decimals: int) -> int | None:
    """The scale a table printed an amount in, from its precision: thousands, millions or billions (-8: billions with
    one decimal place); None for an amount printed in yen."""
    if decimals >= 0:
        return None
    return 10 ** (3 * -(decimals // 3))


def _table_above(tables: Sequence[Table], lines: Sequence[str], number: int) -> Table | None:
    above = [t for t in tables if t.last_line < number]
    if not above:
        return None
    table = max(above, key=lambda t: t.last_line)
    between = [lines[n - 1] for n in range(table.last_line + 1, number)]
    return table if len([t for t in between if t.strip()]) <= NOTE_LOOKAHEAD else None


def _unplaced(document: str, number: int, why: str) -> Finding:
    return Finding("uncertain_figure", f"a changed target's earlier figure: {why}; not read", (SourceRef(document, number),))
