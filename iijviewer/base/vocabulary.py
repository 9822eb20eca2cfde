"""The program's words: scenarios, units, statuses, finding kinds, statements and the fiscal year's start.

Each set of words is a `StrEnum` whose values are the very strings the contract, the facts table, the
cache and the workbook use (tests/test_vocabulary.py pins them): a member *is* its string
(`Scenario.ACTUAL == "actual"`, `f"{Unit.JPY}"` is `JPY`), so it goes into a CSV or a pickle as before and
compares equal to a string read back from one.  Anything that names one of these writes the member, never the
bare string, so a misspelling is an `AttributeError` rather than a silent miss.
"""

from __future__ import annotations

from enum import StrEnum


class Scenario(StrEnum):
    """What a figure is: the result, or what IIJ expected (CONTRACT.md, Scenarios)."""

    ACTUAL = "actual"
    TARGET = "target"  # the forecast as first announced
    REVISED_TARGET = "revised_target"  # a later revision of it


SCENARIOS = tuple(Scenario)  # the contract's order: actual, target, revised target
FORECASTS = (Scenario.TARGET, Scenario.REVISED_TARGET)


class Unit(StrEnum):
    """A fact's unit (resources/concepts.csv), and the two a view adds (percent for measures, US$ for display)."""

    JPY = "JPY"  # whole yen
    JPY_PER_SHARE = "JPY/share"
    JPY_PER_ADS = "JPY/ADS"
    COUNT = "count"
    GBPS = "Gbps"
    PERCENT = "percent"
    USD = "USD"


PER_SHARE_UNITS = (Unit.JPY_PER_SHARE, Unit.JPY_PER_ADS)


class ReportStatus(StrEnum):
    """How one report of a fact stands against the value chosen for it (analysis/normalize.py)."""

    CHOSEN = "chosen"
    AGREES = "agrees"  # within half a unit of the coarser report's last digit
    CONFLICT = "conflict"
    OLD_CLASSIFICATION = "old_classification"  # a table marked as an old classification: history, never chosen
    UNRELIABLE = "unreliable_row"  # a row whose figures the checks found unreliable


class CellStatus(StrEnum):
    """What a statement cell shows (views/viewdata.py)."""

    REPORTED = "reported"  # printed by a document
    DERIVED = "derived"  # arithmetic on printed figures, said so
    CONFLICT = "conflict"  # printed, and another document prints something else
    MISSING = "missing"


class PerShareBasis(StrEnum):
    """Which shares a per-share figure is on (analysis/sharebasis.py)."""

    ADJUSTED = "adjusted"  # today's shares: figures printed before a split divided by its factor (the viewer's default)
    REPORTED = "reported"  # as printed, each on its own document's basis (the command line's default)


PER_SHARE_BASES = (PerShareBasis.REPORTED, PerShareBasis.ADJUSTED)  # the command line's choices, in this order


class Severity(StrEnum):
    """A conflict's size: within the last printed digit of the coarser report, or more."""

    ROUNDING = "rounding"
    MATERIAL = "material"


class FindingKind(StrEnum):
    """`Finding.kind`: what a check or the reader wants the user to know."""

    CONFLICT = "conflict"  # documents disagree (its severity says by how much)
    ARITHMETIC = "arithmetic"  # a sum that does not add up
    SHARE_BASIS = "share_basis"  # per-share figures printed before and after a stock split: not comparable as printed
    UNCERTAIN_FIGURE = "uncertain_figure"  # a figure whose period or meaning is not sure: reported, not used
    DOCUMENT_CHANGED = "document_changed"  # a library document's file differs from what was read
    # the reader's reports about a table
    UNREADABLE_TABLE = "unreadable_table"
    LOST_LABELS = "lost_labels"
    NO_UNIT = "no_unit"
    UNKNOWN_COLUMNS = "unknown_columns"
    UNKNOWN_ROWS = "unknown_rows"
    UNKNOWN_PERIODS = "unknown_periods"
    DAMAGED_ROW = "damaged_row"
    UNREAD_ROW = "unread_row"  # a row with figures that gave no fact, and why


# each kind as the Findings page and the import report say it
FINDING_LABELS = {
    FindingKind.CONFLICT: "documents disagree",
    FindingKind.ARITHMETIC: "does not add up",
    FindingKind.SHARE_BASIS: "per-share figures on two bases",
    FindingKind.UNCERTAIN_FIGURE: "figure not placed",
    FindingKind.DOCUMENT_CHANGED: "document changed since it was read",
    FindingKind.UNREADABLE_TABLE: "cell not readable",
    FindingKind.LOST_LABELS: "rows without labels",
    FindingKind.NO_UNIT: "no unit stated",
    FindingKind.UNKNOWN_COLUMNS: "columns not understood",
    FindingKind.UNKNOWN_ROWS: "rows not understood",
    FindingKind.UNKNOWN_PERIODS: "periods not understood",
    FindingKind.DAMAGED_ROW: "damaged row",
    FindingKind.UNREAD_ROW: "row not read",
}


def contract_kind(kind: str) -> str:
    """A finding's kind as `check` writes it: the contract knows two, `conflict` and `arithmetic`; per-share figures on
    two share bases are figures that differ as printed, so a conflict there."""
    return FindingKind.CONFLICT if kind == FindingKind.SHARE_BASIS else kind


def finding_label(kind: str) -> str:
    """A finding kind in words; a kind this version does not know (from a newer cache) as itself, spaced."""
    try:
        return FINDING_LABELS[FindingKind(kind)]
    except ValueError:
        return kind.replace("_", " ")


class Statement(StrEnum):
    """The statements of the catalog (resources/concepts.csv `statement`), and the measures after them."""

    INCOME = "income"
    REVENUE_DETAIL = "revenue_detail"
    SEGMENTS = "segments"
    BALANCE = "balance"
    CASH_FLOW = "cash_flow"
    COMPREHENSIVE = "comprehensive"
    PER_SHARE = "per_share"
    NON_GAAP = "non_gaap"
    KPI = "kpi"
    MEASURES = "measures"  # analyst measures (views/metrics.py, resources/measures.csv)


# IIJ's fiscal year runs April to March: FY2012 is April 2012 to March 2013
FISCAL_YEAR_START_MONTH = 4
