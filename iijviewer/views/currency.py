"""US dollars at the rate each document states: cells of the statement and comparison tables, Qt-free.

IIJ's releases translate yen into US dollars "solely for the convenience of
readers", at a rate each release names (`Document.exchange_rate`, read by the
patterns in `resources/document_patterns.csv`).  A translation is not a fact:
here each figure is translated at the rate of the document it was read from
(a derived figure at its inputs' rate, when they share one), the rate is in
its tooltip and in its column's header, and nothing is translated at a rate
another document states.  A figure without a rate (a presentation states
none), or whose inputs come from documents with different rates, stays blank
and its tooltip says why; a change between figures at different rates is not
computed, since it would be partly an exchange-rate effect.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from iijviewer.analysis.normalize import Fact
from iijviewer.base.facts import format_decimal
from iijviewer.base.formatting import DisplayUnit, format_amount, unit_caption, yen_unit
from iijviewer.base.vocabulary import CellStatus, Unit
from iijviewer.views.comparison import AMOUNT, CHANGE, COMPUTED, Cell, Table, fact_tooltip, percent_cell
from iijviewer.views.viewdata import FactIndex, period_label

TRANSLATED_UNITS = ("JPY", "JPY/share")
_PLAIN = Decimal("0.000001")  # a translated figure in the clipboard: six places in the display unit


def rate_text(rate: Decimal) -> str:
    return f"JPY{format_decimal(rate)} = US$1.00"


@dataclasses.dataclass(frozen=True)
class Rate:
    """The rate a figure translates at, or why it has none."""

    rate: Decimal | None
    documents: tuple[str, ...]  # the documents the rate (or the lack of one) comes from
    why_not: str = ""


def fact_rate(index: FactIndex, fact: Fact, depth: int = 0) -> Rate:
    """The rate of the document a figure was read from; for a derived figure, its inputs' one rate."""
    rates = index.rates  # `FactIndex.from_library` reads them from the documents
    if not fact.derived:
        doc = fact.source.document if fact.source is not None else ""
        rate = rates.get(doc)
        return Rate(rate, (doc,), "" if rate else f"{doc or 'its document'} states no US dollar rate")
    if fact.derivation is None or not fact.derivation.terms or depth > 8:
        return Rate(None, (), "derived, and its inputs cannot be traced to documents")
    found = []
    for t in fact.derivation.terms:
        term = index.get(t.concept, t.period, fact.scenario)
        if term is None:
            return Rate(None, (), "derived from a figure not in the library")
        found.append(fact_rate(index, term, depth + 1))
    documents = tuple(dict.fromkeys(d for r in found for d in r.documents))
    missing = [r for r in found if r.rate is None]
    if missing:
        return Rate(None, documents, f"derived from a figure without a rate ({missing[0].why_not})")
    distinct = sorted({r.rate for r in found if r.rate is not None})  # all of them (`missing` is empty)
    if len(distinct) > 1:
        said = ", ".join(rate_text(r) for r in distinct)
        return Rate(None, documents, f"derived from figures of documents with different rates ({said}): not translated at either")
    return Rate(distinct[0], documents)


def _in_unit(value: Decimal, rate: Decimal, unit: str, display: DisplayUnit) -> Decimal:
    dollars = value / rate
    return dollars / display.divisor if unit == Unit.JPY else dollars


def _shown(dollars: Decimal, unit: str, display: DisplayUnit) -> str:
    """Dollars already in the display unit, grouped and rounded as yen would be (per share: cents)."""
    return format_amount(dollars, Unit.JPY, DisplayUnit("", "", 1, display.places if unit == Unit.JPY else 2))


def usd_cell(index: FactIndex, fact: Fact, display: DisplayUnit) -> Cell:
    """A fact in US dollars at its document's rate; blank (the reason in its tooltip) without one."""
    if fact.unit not in TRANSLATED_UNITS:
        from iijviewer.views.comparison import _fact_cell

        return _fact_cell(index, fact, display)  # counts and bandwidth are not money
    base = fact_tooltip(index, fact)
    found = fact_rate(index, fact)
    status = index.status(fact.concept, fact.period, fact.scenario)
    if found.rate is None:
        tip = f"{base}\n\nNo US dollar figure: {found.why_not}. Choose a yen unit to see it."
        return Cell("", "", None, status, fact, fact.source, tip)
    shown_value = _in_unit(fact.value, found.rate, fact.unit, display)
    text = _shown(shown_value, fact.unit, display)
    if status == CellStatus.CONFLICT:
        text = f"\u26a0 {text}"
    where = ", ".join(found.documents)
    tip = (
        f"{base}\n\nIn US dollars: {text.removeprefix(chr(0x26a0) + ' ')} ({unit_caption(fact.unit, display)}), "
        f"translated at {rate_text(found.rate)}, the convenience rate stated in {where} (not a reported figure)"
    )
    return Cell(
        text,
        format_decimal(shown_value.quantize(_PLAIN).normalize()),
        fact.value / found.rate,
        status,
        fact,
        fact.source,
        tip,
        rate=found.rate,
    )


def usd_change_cells(index: FactIndex, current: Fact, base: Fact, display: DisplayUnit, what: str) -> tuple[Cell, Cell]:
    """The change in US dollars when both figures translate at one rate; else blank, saying why."""
    if current.unit not in TRANSLATED_UNITS:  # counts and bandwidth: the change as in yen units (no divisor applies)
        from iijviewer.views.comparison import change_cell

        return change_cell(current, base, yen_unit(display), what), percent_cell(current, base, what)
    a, b = fact_rate(index, current), fact_rate(index, base)
    if a.rate is None or b.rate is None or a.rate != b.rate:
        if a.rate is not None and b.rate is not None:
            why = (
                f"{period_label(current.period)} is at {rate_text(a.rate)} and {period_label(base.period)} at "
                f"{rate_text(b.rate)}: the change would be partly the exchange rate. Choose a yen unit to compare them."
            )
        else:
            why = "one of the figures has no US dollar rate. Choose a yen unit to compare them."
        blank = Cell("", "", None, COMPUTED, tip=f"{what}: not computed in US dollars; {why}")
        return blank, percent_cell(current, base, what)  # a change in percent is the change in yen
    rate = a.rate
    diff = _in_unit(current.value - base.value, rate, current.unit, display)
    text = _shown(diff, current.unit, display)
    if diff > 0 and any(d in text for d in "123456789"):
        text = "+" + text
    tip = (
        f"{what}: {period_label(current.period)} - {period_label(base.period)}, both at {rate_text(rate)}\n"
        f"= {text} ({unit_caption(current.unit, display)})"
    )
    change = Cell(text, format_decimal(diff.quantize(_PLAIN).normalize()), (current.value - base.value) / rate, COMPUTED, tip=tip, rate=rate)
    return change, percent_cell(current, base, what)  # a percentage is the same at one rate as in yen


def usd_variance() -> Cell:
    """Actual against a target in US dollars is not shown: the target's document may state another rate."""
    return Cell("", "", None, COMPUTED, tip="Variance against the target: shown in yen units only (the target's document may state another rate).")


def rate_headers(table: Table) -> Table:
    """Each figure column's header names its rate ("at JPY83.53"), or says its figures use several."""
    columns = []
    for i, column in enumerate(table.columns):
        if column.kind not in (AMOUNT, CHANGE):
            columns.append(column)
            continue
        rates = sorted({c.rate for row in table.rows if (c := row.cells[i]).rate is not None})
        if not rates and column.kind == CHANGE:
            line, tip = "not translated", "Not computed in US dollars: hover a cell for why."
        elif not rates:
            line, tip = "no stated rate", "No figure in this column has a US dollar rate: hover a figure for why."
        elif len(rates) == 1:
            line, tip = f"at JPY{format_decimal(rates[0])}", f"Translated at {rate_text(rates[0])}, the rate its documents state."
        else:
            said = ", ".join(f"JPY{format_decimal(r)}" for r in rates)
            line, tip = "\u26a0 mixed rates", f"Figures translated at different rates ({said}), each at its own document's: hover a figure for its rate."
        columns.append(
            dataclasses.replace(
                column,
                title=f"{column.title}\n{line}",
                tooltip=f"{column.tooltip}\n{tip}" if column.tooltip else tip,
                long_title=f"{column.clip_title} {line}",
            )
        )
    return dataclasses.replace(table, columns=tuple(columns))



def rates_note(table: Table) -> str:
    """One line under a table in US dollars: the rates its figure columns use, and what follows when they differ."""
    by_rate: dict[Decimal, list[str]] = {}
    for i, column in enumerate(table.columns):
        if column.kind != AMOUNT:
            continue
        for rate in sorted({c.rate for row in table.rows if (c := row.cells[i]).rate is not None}):
            by_rate.setdefault(rate, []).append(column.title.split("\n")[0])
    if not by_rate:
        return "US dollars: no figure here comes from a document that states a rate; choose a yen unit."
    said = "; ".join(f"JPY{format_decimal(r)} ({', '.join(dict.fromkeys(cols))})" for r, cols in sorted(by_rate.items()))
    if len(by_rate) == 1:
        return f"US dollars at the rate the documents state: {said}."
    return f"\u26a0 US dollars at different rates, each figure at its own document's: {said}. Changes across rates are not computed."
