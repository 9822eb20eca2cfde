"""The domain values that travel through every layer: sources, facts, findings.

Every figure carries a `SourceRef` (document and 1-based line) from the moment
it is read; a `Finding` renders as `document:line: message`, the way a
compiler reports an error, so a user can go straight to the place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

OLD_CLASSIFICATION = "old"  # RawFact.classification of a table marked as an old classification: history
YOY = "yoy"  # RawFact.classification of a reported year-over-year percentage: checked, never a fact
# RawFact.classification of a target a document restates as "previous" without saying when it was announced: the
# target as first announced where an earlier announcement agrees with it, else an earlier revision, not used
UNCONFIRMED = "unconfirmed_previous"
# an undated previous target a sentence revises ("revised from X to Y"): the target as first announced unless another
# document of the library announced a target or a revision for its period before (or without a date)
PRESUMED_FIRST = "presumed_first_target"


@dataclass(frozen=True, order=True)
class SourceRef:
    document: str
    line: int

    def __str__(self) -> str:
        return f"{self.document}:{self.line}"


@dataclass(frozen=True)
class Measure:
    """A value of a concept for a period and scenario, in base units, with its precision."""

    concept: str
    period: str
    scenario: str
    value: Decimal
    unit: str
    decimals: int  # XBRL sense: -3 for thousands of yen, 2 for yen and sen

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.concept, self.period, self.scenario)


@dataclass(frozen=True)
class RawFact(Measure):
    """One figure as a document reports it, already in base units."""

    source: SourceRef
    label: str  # the row (or column) label as printed
    text: str  # the printed line the figure was read from
    table_line: int = 0  # first line of the table (of the caption that names a chart's one series), so figures of one table stay together
    classification: str = ""  # "old" for a table marked as an old classification
    announced: str = ""  # a target's announcement day as its text states it ("announced on June 1, 2010"), ISO; "": its document's date


@dataclass(frozen=True)
class Finding:
    """Something a reader or a check wants the user to know, with where it is."""

    kind: str
    message: str
    sources: tuple[SourceRef, ...] = field(default_factory=tuple)
    concept: str = ""
    period: str = ""
    scenario: str = ""
    difference: str = ""  # a conflict's size: the largest difference from the chosen report, in the unit ("793000")
    severity: str = ""  # a conflict's: ROUNDING or MATERIAL

    def __str__(self) -> str:
        where = str(self.sources[0]) if self.sources else "-"
        return f"{where}: {self.message}"


def format_decimal(value: Decimal) -> str:
    """A value as the contract writes it: plain, full precision, no exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
