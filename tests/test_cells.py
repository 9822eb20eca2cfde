"""Reading one table cell and one row label, as the IR text prints them.

A figure keeps its printed sign and precision; a cell that prints a share of
revenues beside the value yields the value; a cell that looks like figures but
cannot be read as one is ambiguous (reported later, never guessed).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.ingest.cells import CellKind, normalize_label, parse_number, read_cell, strip_markup


@pytest.mark.parametrize(
    ("text", "value", "places", "scale", "unit_hint"),
    [
        ("1,234", "1234", 0, None, None),
        ("(1,234)", "-1234", 0, None, None),
        ("-1,234", "-1234", 0, None, None),
        ("\u22125", "-5", 0, None, None),  # a typographic minus
        ("(0.6)", "-0.6", 1, None, None),
        ("4,241.14", "4241.14", 2, None, None),
        ("+3.5", "3.5", 1, None, None),
        ("47.2", "47.2", 1, None, None),
        # the share of revenues printed in the same cell as the value: the value is the figure
        ("80.4% 38.0", "38.0", 1, None, None),
        ("^{19.2%} 10.4", "10.4", 1, None, None),
        ("<i>78.6%</i> 14.9", "14.9", 1, None, None),
        ("-3.1% -0.5", "-0.5", 1, None, None),
        pytest.param("(3.1%) (0.5)", "-0.5", 1, None, None),
        pytest.param("^{(3.1%)} (0.5)", "-0.5", 1, None, None),
        # the cell states its own unit
        ("JPY34,272 million (\\$410.3 million)", "34272", 0, 10**6, "JPY"),
        ("JPY34,272 million ($410.3 million)", "34272", 0, 10**6, "JPY"),
        ("JPY1,105 million (US$11.3 million)", "1105", 0, 10**6, "JPY"),
        ("JPY9.2 billion", "9.2", 1, 10**9, "JPY"),
        ("JPY500 thousand", "500", 0, 10**3, "JPY"),
        ("JPY 3,000 (Annual)", "3000", 0, None, "JPY"),
        ("JPY 16,775", "16775", 0, None, "JPY"),
        ("\u00a51,000", "1000", 0, None, "JPY"),
        ("702.5 Gbps", "702.5", 1, None, "Gbps"),
        ("100 Gbps", "100", 0, None, "Gbps"),
    ],
)
def test_figures(text: str, value: str, places: int, scale: int | None, unit_hint: str | None) -> None:
    cell = read_cell(text)
    assert cell.kind == CellKind.NUMBER
    assert cell.figure is not None
    assert (cell.figure.value, cell.figure.places, cell.figure.scale, cell.figure.unit_hint) == (
        Decimal(value),
        places,
        scale,
        unit_hint,
    )
    assert cell.text == text  # the cell keeps what was printed


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", CellKind.EMPTY),
        ("   ", CellKind.EMPTY),
        ("-", CellKind.NIL),
        ("_", CellKind.NIL),
        ("\u2014", CellKind.NIL),
        ("n/a", CellKind.NIL),
        ("N/A", CellKind.NIL),
        ("37.7%", CellKind.PERCENT),
        pytest.param("(5.0%)", CellKind.PERCENT),
        ("12.5 %", CellKind.PERCENT),
        ("<i>3.4%</i>", CellKind.PERCENT),
        # looks like figures, cannot be read as one
        ("0.1 1.06", CellKind.AMBIGUOUS),
        ("<i>0.1</i> 1.06", CellKind.AMBIGUOUS),
        ("10 20 30", CellKind.AMBIGUOUS),
        ("1 234", CellKind.AMBIGUOUS),
        # a figure with two signs: which was meant cannot be told
        ("+-5", CellKind.AMBIGUOUS),
        ("+(5)", CellKind.AMBIGUOUS),
        ("--5", CellKind.AMBIGUOUS),
        ("-(1,234)", CellKind.AMBIGUOUS),
        ("(-1,234)", CellKind.AMBIGUOUS),
        ("(+5)", CellKind.AMBIGUOUS),
        ("\u2212-5", CellKind.AMBIGUOUS),
        ("JPY+-98,765 million", CellKind.AMBIGUOUS),
        ("JPY--98.7 billion ($1.2 billion)", CellKind.AMBIGUOUS),
        ("5.0% +(98)", CellKind.AMBIGUOUS),
        ("--12 Gbps", CellKind.AMBIGUOUS),
        # text, including malformed numbers
        ("Total", CellKind.TEXT),
        ("Thousands of JPY", CellKind.TEXT),
        ("1,23", CellKind.TEXT),
        ("12,34,567", CellKind.TEXT),
        ("1.2.3", CellKind.TEXT),
        ("(12", CellKind.TEXT),
        ("3.5x", CellKind.TEXT),
        ("JPY 3,000 (Monthly)", CellKind.TEXT),
    ],
)
def test_cells_without_a_figure(text: str, kind: CellKind) -> None:
    cell = read_cell(text)
    assert cell.kind == kind
    assert cell.figure is None


@pytest.mark.parametrize("text", ["abc", "1,23", "(1,234", "1,234)", "12a", "12%", "1,234.5.6", "", "+-5", "+(5)", "--5", "(-5)"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("<u>Actual Results</u>", "Actual Results"),
        ("**Total revenues**", "Total revenues"),
        ("^{*}Figures", "*Figures"),
        ("\\$410.3", "$410.3"),
    ],
)
def test_strip_markup(text: str, stripped: str) -> None:
    assert strip_markup(text) == stripped


@pytest.mark.parametrize(
    ("label", "key"),
    [
        # footnote marks
        ("Network Services\u00b2", "network services"),
        ("Net income\u00b9", "net income"),
        ("Net income\u2020", "net income"),
        ("^{*}Gross margin", "gross margin"),
        # dashes of every kind become one spaced hyphen; a hyphen inside a word stays
        ("Other\u2014net", "other - net"),
        ("Other expense \u2014 net", "other expense - net"),
        ("Accrued costs \u2013current", "accrued costs - current"),
        ("Other -net", "other - net"),
        ("Other- net", "other - net"),
        ("Short-term borrowings", "short-term borrowings"),
        # curly quotes
        ("Total IIJ shareholders\u2019 equity", "total iij shareholders' equity"),
        ("\u2018WAN services\u2019", "'wan services'"),
        # trailing colons, markup, case and spaces
        ("REVENUES:", "revenues"),
        ("Operating Income (Loss):", "operating income (loss)"),
        ("Network services :", "network services"),
        ("<b>Total</b>", "total"),
        ("  Foo   Bar  ", "foo bar"),
    ],
)
def test_normalize_label(label: str, key: str) -> None:
    assert normalize_label(label) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        # a footnote number glued to the label: dropped
        ("Net profit3", "net profit"),
        ("Revenues3:", "revenues"),
        ("Income tax expense (benefit)3", "income tax expense (benefit)"),
        ("Net income attributable to IIJ2", "net income attributable to iij"),
        ("Revenues\u00b3", "revenues"),
        ("IP Service \u2075", "ip service"),
        # a digit that is part of a name: kept
        ("Revenues in Q4", "revenues in q4"),
        ("Results of H1", "results of h1"),
        ("IPv6 services", "ipv6 services"),
        ("Mobile IPv4", "mobile ipv4"),
    ],
)
def test_normalize_label_drops_glued_footnote_numbers_but_not_the_digit_of_a_name(label: str, key: str) -> None:
    assert normalize_label(label) == key


@pytest.mark.parametrize("label", ["Adjusted EBITDA^{*1}", "Adjusted EBITDA*1", "Adjusted EBITDA *1"])
def test_normalize_label_drops_numbered_footnote_marks(label: str) -> None:
    assert normalize_label(label) == "adjusted ebitda"


@pytest.mark.parametrize("garbled", ["+(10,990,348)", "--10,990,348", "+-10,990,348", "(-10,990,348)"])
def test_a_figure_with_a_garbled_sign_is_reported_and_gives_no_fact(garbled: str) -> None:
    """Issue 15: `+-5` was read as 5, `+(5)` as +5, `--5` as -5."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_import import full_year_release

    from iijviewer.ingest.documents import split_lines
    from iijviewer.ingest.reader import read_document

    clean = split_lines(full_year_release())
    line = next(i for i, text in enumerate(clean, start=1) if text.startswith("Accumulated deficit\t(10,990,348)"))
    facts, findings = read_document("d", split_lines(full_year_release().replace("(10,990,348)", garbled, 1)))
    clean_facts, _ = read_document("d", clean)
    assert len([f for f in clean_facts if f.source.line == line]) == 2  # both balance-sheet dates, as printed
    assert [(f.concept, f.period) for f in facts if f.source.line == line] == [("accumulated_deficit", "2013-03-31")]
    assert [(f.kind, garbled in f.message) for f in findings if f.sources and f.sources[0].line == line] == [("unreadable_table", True)]
