"""IIJ's press-release layouts, one short invented release per family, read whole by `read_document`.

Every fixture below is written for this file: the wording follows the way IIJ
states its results (title, GLOBE NEWSWIRE / PRIME NEWSWIRE dateline with the
period definition, "Highlights of ..." and "Financial Targets for ..."
headings, bullets, space-aligned label-and-figure lines, tab tables, dividend
notices), but every figure is invented and none is taken from the development
set (../shared/realworld) or the bundled documents; several fiscal years
(FY2021-FY2023) are outside the development set altogether.

For each fixture the complete set of facts of the watched concepts is written
out by hand from the fixture, following the contract (CONTRACT.md) and the
conventions of the development set's truth.csv:

- period keys FY2015, FY2015-H1, FY2015-Q2, FY2021-9M ...; a "3Q" is what the
  dateline defines it to be (nine months, or the three months October-December);
- scenarios actual / target / revised_target ("revised from JPY X to JPY Y":
  X is the target, Y the revised target);
- values in whole yen (yen per share), decimals as printed: -6 for
  "JPY12,345 million", -8 for "JPY12.3 billion", -9 for "JPY138 billion",
  0 for "JPY1,150", 2 for "JPY12.75";
- pre-2009 "Net income" is net_income_attributable; IFRS "Operating profit" is
  operating_income, "Profit before tax" income_before_income_tax, "Profit for
  the period attributable to owners of the parent" and "Net profit"
  net_income_attributable, "Gross profit" gross_margin;
- non-GAAP "Adjusted" figures are the adjusted_* concepts, never GAAP ones;
- U.S. dollar translations and YoY percentages are never values (facts
  classified "yoy" are the reported percentages kept for `check`, and are
  left out here).

The comparison is exact: a fact of a watched concept that is not expected
(a quarter filed as a year, a dollar figure, an adjusted figure as GAAP, a
figure from a management quote) fails the test as much as a missing one.  A
key maps to the set of (value, decimals) it was read with, since one figure
may be printed twice with different precision ("JPY138,000 million" in a
table, "JPY138 billion" in a sentence).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from iijviewer.base.facts import YOY, Finding, RawFact
from iijviewer.ingest.reader import read_document

WATCHED = frozenset(
    {
        "revenue_total",
        "operating_income",
        "income_before_income_tax",
        "net_income_attributable",
        "net_income",
        "gross_margin",
        "dividend_per_share",
        "dividend_per_share_interim",
        "dividend_per_share_year_end",
        "adjusted_income_before_income_tax",
        "adjusted_net_income_attributable",
    }
)

Key = tuple[str, str, str]
Reading = tuple[Decimal, int]


def lines_of(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def read_all(text: str, doc: str = "fixture") -> tuple[list[RawFact], list[Finding]]:
    """All facts of a fixture (without the reported YoY percentages) and its ingest report."""
    facts, findings = read_document(doc, lines_of(text))
    return [f for f in facts if f.classification != YOY], findings


def read(text: str) -> dict[Key, set[Reading]]:
    """{(concept, period, scenario): {(value, decimals), ...}} of the watched concepts."""
    out: dict[Key, set[Reading]] = {}
    for f in read_all(text)[0]:
        if f.concept in WATCHED:
            out.setdefault((f.concept, f.period, f.scenario), set()).add((f.value, f.decimals))
    return out


def lines_read(text: str, concept: str) -> set[int]:
    """The 1-based lines a concept was read from."""
    return {f.source.line for f in read_all(text)[0] if f.concept == concept}


def expected(*rows: tuple[str, str, str, int | str, int]) -> dict[Key, set[Reading]]:
    """The same mapping from hand-written rows (concept, period, scenario, value in yen, decimals)."""
    out: dict[Key, set[Reading]] = {}
    for concept, period, scenario, value, decimals in rows:
        out.setdefault((concept, period, scenario), set()).add((Decimal(str(value)), decimals))
    return out


def line_of(text: str, start: str) -> int:
    """The 1-based line of a fixture that starts with `start` (exactly one)."""
    found = [n for n, line in enumerate(lines_of(text), start=1) if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


# ---------------------------------------------------------------------------
# Fixtures: US GAAP before ASC 810 (published before August 2009), bullets
# ---------------------------------------------------------------------------

FY2006_BULLETS = """
IIJ Announces Full Year and Fourth Quarter Results for the Fiscal Year Ended March 31, 2007

TOKYO, May 17, 2007 (PRIME NEWSWIRE) -- Internet Initiative Japan Inc. (Nasdaq:IIJI) (Tokyo:3774) ("IIJ") today announced its full year and fourth quarter financial results for the fiscal year ended March 31, 2007 ("FY2006").(1)

Highlights of Full FY2006 Results
 * Revenues totaled JPY58,412 million ($494.8 million), an increase of 12.6% from FY2005, with connectivity and systems integration both growing.
 * Operating income was JPY3,287 million ($27.8 million), an increase of 21.3% from FY2005, on a better connectivity margin.
 * Net income was JPY4,916 million ($41.6 million), up 8.8% from FY2005, including gains on the sale of equity holdings.
 * FY2006 year-end dividend forecast was revised from JPY500 to JPY650 per share of common stock (FY2006 total dividend of JPY1,150, up from JPY1,000 as previously planned).

Highlights of Fourth Quarter FY2006 Results
 * Revenues totaled JPY16,904 million ($143.2 million), an increase of 9.7% from 4Q05.
 * Operating income was JPY1,242 million ($10.5 million), an increase of 30.2% from 4Q05.
 * Net income was JPY873 million ($7.4 million), a decrease of 12.1% from 4Q05.

Financial Targets for FY2007(2)
 * IIJ targets revenues of JPY67.0 billion, operating income of JPY4.6 billion, income before income tax expense (benefit)3 of JPY4.2 billion and net income of JPY4.4 billion for the fiscal year ending March 31, 2008 ("FY2007").
 * IIJ targets the cash dividend of JPY1,450 per share of common stock for FY2007.

 (1) Figures are unaudited, consolidated and under U.S. GAAP; U.S. dollar amounts are convenience translations at JPY118.05 per US$1.00.
"""

Q3_FY2006_BULLETS = """
IIJ Announces Third Quarter Results for the Fiscal Year Ending March 31, 2007

TOKYO, Feb. 13, 2007 (PRIME NEWSWIRE) -- Internet Initiative Japan Inc. (Nasdaq:IIJI) (Tokyo Stock Exchange Mothers:3774) ("IIJ") today announced its financial results for the third quarter of the fiscal year ending March 31, 2007 ("FY2006") (1).

Highlights of Third Quarter FY2006 Results

 * Revenue totaled JPY 15,877 million ($ 133.4 million), an increase of 14.6% from 3Q05, led by recurring connectivity and outsourcing revenues.
 * Operating income was JPY 938 million ($7.9 million), an increase of 11.3% from 3Q05.
 * Net income was JPY 521 million ($4.4 million), a decrease of 18.2% from 3Q05, as the prior-year quarter included a gain on the sale of shares.

Financial Targets for FY2006(2)

 * The full-year FY2006 targets announced on May 18, 2006 remain unchanged.
"""


def test_pre_asc810_full_year_bullets_fourth_quarter_targets_and_revised_dividend() -> None:
    """Pre-2009 bullets: "Net income" is attributable; 4Q is the quarter; "revised from JPY X to JPY Y"; targets in billions."""
    assert read(FY2006_BULLETS) == expected(
        ("revenue_total", "FY2006", "actual", 58_412_000_000, -6),
        ("operating_income", "FY2006", "actual", 3_287_000_000, -6),
        ("net_income_attributable", "FY2006", "actual", 4_916_000_000, -6),
        ("dividend_per_share_year_end", "FY2006", "target", 500, 0),
        ("dividend_per_share_year_end", "FY2006", "revised_target", 650, 0),
        ("dividend_per_share", "FY2006", "target", 1_000, 0),
        ("dividend_per_share", "FY2006", "revised_target", 1_150, 0),
        ("revenue_total", "FY2006-Q4", "actual", 16_904_000_000, -6),
        ("operating_income", "FY2006-Q4", "actual", 1_242_000_000, -6),
        ("net_income_attributable", "FY2006-Q4", "actual", 873_000_000, -6),
        ("revenue_total", "FY2007", "target", 67_000_000_000, -8),
        ("operating_income", "FY2007", "target", 4_600_000_000, -8),
        ("income_before_income_tax", "FY2007", "target", 4_200_000_000, -8),
        ("net_income_attributable", "FY2007", "target", 4_400_000_000, -8),
        ("dividend_per_share", "FY2007", "target", 1_450, 0),
    )


def test_pre_asc810_third_quarter_is_the_three_months() -> None:
    """A "third quarter" release of 2007 (compared with 3Q05) reports October-December: FY2006-Q3, not the nine months."""
    assert read(Q3_FY2006_BULLETS) == expected(
        ("revenue_total", "FY2006-Q3", "actual", 15_877_000_000, -6),
        ("operating_income", "FY2006-Q3", "actual", 938_000_000, -6),
        ("net_income_attributable", "FY2006-Q3", "actual", 521_000_000, -6),
    )


# ---------------------------------------------------------------------------
# US GAAP after ASC 810: tab tables, bullets, aligned lines
# ---------------------------------------------------------------------------

H1_FY2011_TARGET_TABLE = """
IIJ Announces First Six Months Financial Results for the Fiscal Year Ending March 31, 2012

TOKYO, Nov. 10, 2011 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") (Nasdaq:IIJI) (TSE:3774) today announced its consolidated financial results for the first six months of the fiscal year ending March 31, 2012 (from April 1 to September 30, 2011, "1H11").(1)

1H11 Financial Results

\tActual Results\tTarget Announced
Revenues\tJPY47,318 million ($613.5 million)\tJPY46,500 million
Operating Income\tJPY2,284 million ($29.6 million)\tJPY1,900 million
Net Income attributable to IIJ\tJPY1,362 million ($17.7 million)\tJPY1,050 million

 * Revenues were JPY47,318 million, up 51.3% YoY, as network services grew and the acquired WAN business contributed for the whole half.
 * Operating income was JPY2,284 million, up 86.4% YoY, on a better network services margin.
 * Net income attributable to IIJ(2) was JPY1,362 million, up 73.0% YoY.
 * Cash dividend for the FY2011 interim period of IIJ's common stock: JPY1,400 per share (400 ADSs represent one share of IIJ's common stock).

 (1) Figures are unaudited, consolidated and under U.S. GAAP; U.S. dollar amounts are convenience translations at JPY77.13 per US$1.00.
"""


def test_first_half_actual_results_and_target_announced_columns() -> None:
    """A tab table "Actual Results / Target Announced" with dollar translations, repeated in bullets, and an interim dividend."""
    assert read(H1_FY2011_TARGET_TABLE) == expected(
        ("revenue_total", "FY2011-H1", "actual", 47_318_000_000, -6),
        ("operating_income", "FY2011-H1", "actual", 2_284_000_000, -6),
        ("net_income_attributable", "FY2011-H1", "actual", 1_362_000_000, -6),
        ("revenue_total", "FY2011-H1", "target", 46_500_000_000, -6),
        ("operating_income", "FY2011-H1", "target", 1_900_000_000, -6),
        ("net_income_attributable", "FY2011-H1", "target", 1_050_000_000, -6),
        ("dividend_per_share_interim", "FY2011", "actual", 1_400, 0),
    )


FY2014_TABLE_AND_SENTENCES = """
IIJ Announces Full Year and Fourth Quarter Financial Results for the Fiscal Year Ended March 31, 2015

TOKYO, May 14, 2015 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") (NASDAQ:IIJI) (TSE:3774) today announced its full year ("FY2014") and 4th quarter ("4Q14") consolidated financial results for the fiscal year ended March 31, 2015.1

Highlights of Financial Results for FY2014

\tFY2014 Actual Results\tFY2015 Target
Revenues\tJPY125,614 million ($1,046.3 million)\tJPY138,000 million
Operating Income\tJPY5,487 million ($45.7 million)\tJPY6,600 million
Net Income attributable to IIJ\tJPY2,866 million ($23.9 million)\tJPY3,900 million

- Revenues were up 7.3% YoY, led by mobile, cloud and systems integration.
- Operating income was down 4.1% YoY as network costs rose ahead of revenues.
- Net income attributable to IIJ was JPY2,866 million, down 35.5% YoY.
- Revised the year-end dividend plan from previous JPY10.50 to JPY12.00 per share of common stock2 in view of the full-year results.

Financial Targets for FY2015

- IIJ targets revenues of JPY138 billion, operating income of JPY6.6 billion, income before income tax expense of JPY5.8 billion and net income attributable to IIJ of JPY3.9 billion for FY2015.
- IIJ targets cash dividend of JPY24.00 per share for FY2015 (JPY12.00 cash dividend for interim-period and fiscal year-end, respectively.)
"""


def test_full_year_actual_and_next_year_target_table_with_target_sentences() -> None:
    """Year's actuals next to next year's targets; the same target also in billions (both precisions kept); dividend plan."""
    assert read(FY2014_TABLE_AND_SENTENCES) == expected(
        ("revenue_total", "FY2014", "actual", 125_614_000_000, -6),
        ("operating_income", "FY2014", "actual", 5_487_000_000, -6),
        ("net_income_attributable", "FY2014", "actual", 2_866_000_000, -6),
        ("revenue_total", "FY2015", "target", 138_000_000_000, -6),
        ("revenue_total", "FY2015", "target", 138_000_000_000, -9),
        ("operating_income", "FY2015", "target", 6_600_000_000, -6),
        ("operating_income", "FY2015", "target", 6_600_000_000, -8),
        ("income_before_income_tax", "FY2015", "target", 5_800_000_000, -8),
        ("net_income_attributable", "FY2015", "target", 3_900_000_000, -6),
        ("net_income_attributable", "FY2015", "target", 3_900_000_000, -8),
        ("dividend_per_share_year_end", "FY2014", "target", "10.50", 2),
        ("dividend_per_share_year_end", "FY2014", "revised_target", "12.00", 2),
        ("dividend_per_share", "FY2015", "target", "24.00", 2),
        ("dividend_per_share_interim", "FY2015", "target", "12.00", 2),
        ("dividend_per_share_year_end", "FY2015", "target", "12.00", 2),
    )


H1_FY2015_ALIGNED = """
IIJ Announces First Six Months Financial Results for the Fiscal Year Ending March 31, 2016

TOKYO, Nov. 6, 2015 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") (NASDAQ:IIJI) (TSE:3774) today announced its consolidated financial results for the first six months of the fiscal year ending March 31, 2016 (from April 1, 2015 to September 30, 2015, "1H FY2015", "1H15").1

Highlights of Financial Results for 1H15

Revenues                        JPY64,917 million   ($541 million, up 12.2% YoY)
Operating Income                JPY2,238 million    ($19 million, down 7.4% YoY)
Net Income attributable to      JPY1,287 million    ($11 million, down 10.4% YoY)
IIJ

Highlights of Financial Results for 2Q15

Revenues                        JPY33,518 million   ($279 million, up 10.9% YoY)
Operating Income                JPY1,097 million    ($9 million, down 33.4% YoY)
Net Income attributable to IIJ  JPY573 million      ($5 million, down 39.9% YoY)

\u25aa1H15 revenues increased by 12.2% YoY on mobile and cloud growth.
\u25aa1H15 operating income decreased by 7.4% YoY as mobile infrastructure costs came ahead of revenues.

Overview of 1H15 Financial Results and Business Outlook

Management said recurring revenues kept accumulating and the half ended in line with plan.
"""


def test_first_half_aligned_lines_with_wrapped_label_and_second_quarter_section() -> None:
    """Space-aligned lines, dollars and YoY in parentheses, a label wrapped over two lines; "2Q15" is the quarter."""
    assert read(H1_FY2015_ALIGNED) == expected(
        ("revenue_total", "FY2015-H1", "actual", 64_917_000_000, -6),
        ("operating_income", "FY2015-H1", "actual", 2_238_000_000, -6),
        ("net_income_attributable", "FY2015-H1", "actual", 1_287_000_000, -6),
        ("revenue_total", "FY2015-Q2", "actual", 33_518_000_000, -6),
        ("operating_income", "FY2015-Q2", "actual", 1_097_000_000, -6),
        ("net_income_attributable", "FY2015-Q2", "actual", 573_000_000, -6),
    )


def test_wrapped_label_figure_keeps_its_own_line() -> None:
    """The figure of a wrapped label is sourced to the line that prints it, not to the label's tail."""
    assert lines_read(H1_FY2015_ALIGNED, "net_income_attributable") == {
        line_of(H1_FY2015_ALIGNED, "Net Income attributable to      JPY1,287"),
        line_of(H1_FY2015_ALIGNED, "Net Income attributable to IIJ  JPY573"),
    }


FY2016_ALIGNED_BILLIONS = """
IIJ Announces Full Year and Fourth Quarter Financial Results for the Fiscal Year Ended March 31, 2017

TOKYO, May 12, 2017 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") (NASDAQ:IIJI) (TSE:3774) today announced its full year ("FY2016") and 4th quarter ("4Q16") consolidated financial results for the fiscal year ended March 31, 2017 (from April 1, 2016 to March 31, 2017).1

Highlights of Financial Results for FY2016

Revenues    JPY157.3 billion    (up 12.8% YoY)
Operating Income    JPY5.4 billion    (down 12.9% YoY)
Income before Income Tax Expense    JPY5.9 billion    (down 4.8% YoY)
Net Income attributable to IIJ    JPY3.9 billion    (down 6.7% YoY)

Financial Targets for FY2017

Revenues    JPY172.5 billion    (up 9.7% YoY)
Operating Income    JPY6.8 billion    (up 25.9% YoY)
Net Income attributable to IIJ    JPY4.2 billion    (up 27.3% YoY)
Annual Cash Dividend    JPY28.50 per share

Overview of FY2016 Financial Results and Business Outlook

Management said mobile and cloud kept growing while the year's profit was held back by up-front investment.
"""


def test_full_year_aligned_billions_with_targets_and_annual_dividend() -> None:
    """Aligned lines in billions; the "Financial Targets for FY2017" block, including the annual cash dividend."""
    assert read(FY2016_ALIGNED_BILLIONS) == expected(
        ("revenue_total", "FY2016", "actual", 157_300_000_000, -8),
        ("operating_income", "FY2016", "actual", 5_400_000_000, -8),
        ("income_before_income_tax", "FY2016", "actual", 5_900_000_000, -8),
        ("net_income_attributable", "FY2016", "actual", 3_900_000_000, -8),
        ("revenue_total", "FY2017", "target", 172_500_000_000, -8),
        ("operating_income", "FY2017", "target", 6_800_000_000, -8),
        ("net_income_attributable", "FY2017", "target", 4_200_000_000, -8),
        ("dividend_per_share", "FY2017", "target", "28.50", 2),
    )


NINE_MONTHS_FY2018 = """
IIJ Announces Nine Months Financial Results for the Fiscal Year Ending March 31, 2019

TOKYO, Feb. 8, 2019 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ" NASDAQ:IIJI, TSE:3774) today announced its nine months consolidated financial results for the fiscal year ending March 31, 2019 ("3Q18", from April 1, 2018 to December 31, 2018).1

Highlights of Financial Results for 3Q18

Revenues   JPY141.9 billion (up 11.2% YoY2)
Operating Income   JPY4.6 billion (up 21.1% YoY)
Income before Income Tax Expense   JPY4.8 billion (up 11.6% YoY)
Net Income attributable to IIJ   JPY3.2 billion (up 7.4% YoY)

Financial Targets for FY2018

Revenues   JPY193.0 billion (up 9.4% YoY)
Operating Income   JPY7.1 billion (up 21.2% YoY)
Net Income attributable to IIJ   JPY4.1 billion (up 9.0% YoY)

Overview of 3Q18 Financial Results and Business Outlook

Management said enterprise demand stayed firm and the full-MVNO service was taking on its first customers.
"""


def test_nine_months_release_where_3q_is_defined_as_april_to_december() -> None:
    """The dateline defines "3Q18" as April 1 to December 31: every "3Q18" is FY2018-9M, never the quarter."""
    assert read(NINE_MONTHS_FY2018) == expected(
        ("revenue_total", "FY2018-9M", "actual", 141_900_000_000, -8),
        ("operating_income", "FY2018-9M", "actual", 4_600_000_000, -8),
        ("income_before_income_tax", "FY2018-9M", "actual", 4_800_000_000, -8),
        ("net_income_attributable", "FY2018-9M", "actual", 3_200_000_000, -8),
        ("revenue_total", "FY2018", "target", 193_000_000_000, -8),
        ("operating_income", "FY2018", "target", 7_100_000_000, -8),
        ("net_income_attributable", "FY2018", "target", 4_100_000_000, -8),
    )


Q1_FY2012_SENTENCES_AND_TABLE = """
IIJ Announces First Three Months Financial Results for the Fiscal Year Ending March 31, 2013

TOKYO, Aug. 10, 2012 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") (Nasdaq:IIJI) (TSE:3774) announced today its consolidated financial results for the three months ended June 30, 2012 ("1Q12").1

Highlights of 1Q12 Financial Results

  \u2022 Revenues were JPY25,418 million ($320 million), up 10.0% YoY; network services grew 6.1% YoY and systems integration 12.4% YoY.
  \u2022 Operating income was JPY1,236 million ($16 million), up 39.8% YoY, on a higher network services margin.
  \u2022 Net income attributable to IIJ was JPY702 million ($9 million), up 43.0% YoY.
  \u2022 The FY2012 financial targets announced on May 15, 2012 remain unchanged.

Operating Results Summary (JPY in millions)
\t1Q12\t1Q11\tYoY % change
Total Revenues\t25,418\t23,105\t10.0%
Total Costs of Revenues\t19,874\t18,137\t9.6%
SG&A Expenses and R&D\t4,308\t4,084\t5.5%
Operating Income\t1,236\t884\t39.8%
Income before Income Tax Expense\t1,178\t846\t39.2%
Net Income attributable to IIJ\t702\t491\t43.0%
"""


def test_first_quarter_sentences_and_summary_table_are_quarters_not_years() -> None:
    """A first-quarter release: everything is FY20XX-Q1 (this year's and last year's column), nothing a year; no YoY value."""
    assert read(Q1_FY2012_SENTENCES_AND_TABLE) == expected(
        ("revenue_total", "FY2012-Q1", "actual", 25_418_000_000, -6),
        ("operating_income", "FY2012-Q1", "actual", 1_236_000_000, -6),
        ("income_before_income_tax", "FY2012-Q1", "actual", 1_178_000_000, -6),
        ("net_income_attributable", "FY2012-Q1", "actual", 702_000_000, -6),
        ("revenue_total", "FY2011-Q1", "actual", 23_105_000_000, -6),
        ("operating_income", "FY2011-Q1", "actual", 884_000_000, -6),
        ("income_before_income_tax", "FY2011-Q1", "actual", 846_000_000, -6),
        ("net_income_attributable", "FY2011-Q1", "actual", 491_000_000, -6),
    )


Q1_FY2018_ADJUSTED = """
IIJ Announces First Three Months Financial Results for the Fiscal Year Ending March 31, 2019

TOKYO, Aug. 08, 2018 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ" NASDAQ:IIJI, TSE:3774) today announced its first three months consolidated financial results for the fiscal year ending March 31, 2019 (\u201c1Q18\u201d from April 1, 2018 to June 30, 2018).1

Highlights of Financial Results for 1Q18

Revenues   JPY45.3 billion (up 10.5% YoY)
Gross Margin   JPY6.8 billion (up 7.9% YoY)
Operating Income   JPY1.2 billion (up 9.1% YoY)
Adjusted Income before Income Tax Expense2   JPY1.3 billion (up 8.3% YoY)
Adjusted Net Income attributable to IIJ2   JPY0.8 billion (up 14.3% YoY)

Financial Targets for FY2018

Revenues   JPY193.0 billion (up 9.4% YoY)
Operating Income   JPY7.1 billion (up 21.2% YoY)
Adjusted Net Income attributable to IIJ2   JPY4.4 billion (up 14.4% YoY)

 2 Adjusted income before income tax expense and adjusted net income attributable to IIJ leave out the changes in fair value of equity securities; they are non-GAAP measures.
"""


def test_adjusted_non_gaap_lines_land_on_adjusted_concepts() -> None:
    """"Adjusted ..." lines are the adjusted_* concepts (actual and target); gross margin is gross_margin."""
    assert read(Q1_FY2018_ADJUSTED) == expected(
        ("revenue_total", "FY2018-Q1", "actual", 45_300_000_000, -8),
        ("gross_margin", "FY2018-Q1", "actual", 6_800_000_000, -8),
        ("operating_income", "FY2018-Q1", "actual", 1_200_000_000, -8),
        ("adjusted_income_before_income_tax", "FY2018-Q1", "actual", 1_300_000_000, -8),
        ("adjusted_net_income_attributable", "FY2018-Q1", "actual", 800_000_000, -8),
        ("revenue_total", "FY2018", "target", 193_000_000_000, -8),
        ("operating_income", "FY2018", "target", 7_100_000_000, -8),
        ("adjusted_net_income_attributable", "FY2018", "target", 4_400_000_000, -8),
    )


def test_adjusted_figures_never_become_gaap_income() -> None:
    """Whatever else happens, no GAAP income before tax or net income is read from "Adjusted" lines."""
    gaap = {"income_before_income_tax", "net_income_attributable", "net_income"}
    wrong = [(f.concept, f.period, f.value, f.source.line) for f in read_all(Q1_FY2018_ADJUSTED)[0] if f.concept in gaap]
    assert wrong == []


# ---------------------------------------------------------------------------
# IFRS (from FY2019): tab lines, target tables, "1Q-3Q" and "3Q (3 months)"
# ---------------------------------------------------------------------------

Q1_FY2021_IFRS = """
IIJ Announces its First Three Months Financial Results for the Fiscal Year Ending March 31, 2022

TOKYO, Aug. 06, 2021 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE:3774) today announced its first three months consolidated financial results for the fiscal year ending March 31, 2022 ("1Q21", from April 1, 2021 to June 30, 2021) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for 1Q21
Total revenues\tJPY58.6 billion\t(up 7.3% YoY)
Gross profit\tJPY9.9 billion\t(up 16.2% YoY)
Operating profit\tJPY3.9 billion\t(up 72.8% YoY)
Profit for the period attributable to owners of the parent\tJPY2.8 billion\t(up 74.9% YoY)

Financial Targets
\t1H21\tFY2021
Total revenues\tJPY118.0 billion\tJPY241.0 billion
Operating profit\tJPY6.7 billion\tJPY17.5 billion
Profit for the year attributable to owners of the parent\tJPY4.6 billion\tJPY11.6 billion

Overview of 1Q21 Financial Results and Business Outlook

Management said demand for remote-work network services and security kept revenues growing.
"""


def test_ifrs_first_quarter_and_half_year_and_full_year_target_columns() -> None:
    """IFRS names; the "Financial Targets" table's columns name the periods (1H21 and FY2021)."""
    assert read(Q1_FY2021_IFRS) == expected(
        ("revenue_total", "FY2021-Q1", "actual", 58_600_000_000, -8),
        ("gross_margin", "FY2021-Q1", "actual", 9_900_000_000, -8),
        ("operating_income", "FY2021-Q1", "actual", 3_900_000_000, -8),
        ("net_income_attributable", "FY2021-Q1", "actual", 2_800_000_000, -8),
        ("revenue_total", "FY2021-H1", "target", 118_000_000_000, -8),
        ("operating_income", "FY2021-H1", "target", 6_700_000_000, -8),
        ("net_income_attributable", "FY2021-H1", "target", 4_600_000_000, -8),
        ("revenue_total", "FY2021", "target", 241_000_000_000, -8),
        ("operating_income", "FY2021", "target", 17_500_000_000, -8),
        ("net_income_attributable", "FY2021", "target", 11_600_000_000, -8),
    )


NINE_MONTHS_FY2021_IFRS = """
IIJ Announces its Nine Months Financial Results for the Fiscal Year Ending March 31, 2022

TOKYO, Feb. 09, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\u201cIIJ\u201d, TSE: 3774) today announced its nine months consolidated financial results for the fiscal year ending March 31, 2022 (\u201c1Q-3Q21\u201d, from April 1, 2021 to December 31, 2021) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for 1Q-3Q21
Total revenues\tJPY179.4 billion\tup 7.8% YoY
Operating profit\tJPY14.2 billion\tup 42.1% YoY
Profit for the period attributable to owners of the parent\tJPY9.6 billion\tup 38.5% YoY

Highlights of Financial Results for 3Q21 (3 months)
Total revenues\tJPY61.8 billion\tup 8.3% YoY
Operating profit\tJPY4.9 billion\tup 29.0% YoY
Profit for the period attributable to owners of the parent\tJPY3.2 billion\tup 22.6% YoY

Financial Targets for FY2021
Total revenues\tJPY245.0 billion\tup 7.1% YoY
Operating profit\tJPY18.5 billion\tup 33.0% YoY
Profit for the year attributable to owners of the parent\tJPY12.2 billion\tup 31.4% YoY

Overview of 1Q-3Q21 Financial Results and Business Outlook

Management said enterprise projects and mobile services both beat plan.
"""


def test_ifrs_1q_3q_is_nine_months_and_3q_3_months_is_the_quarter() -> None:
    """"1Q-3Q21" (April-December) is FY2021-9M; "3Q21 (3 months)" is FY2021-Q3; targets for FY2021."""
    assert read(NINE_MONTHS_FY2021_IFRS) == expected(
        ("revenue_total", "FY2021-9M", "actual", 179_400_000_000, -8),
        ("operating_income", "FY2021-9M", "actual", 14_200_000_000, -8),
        ("net_income_attributable", "FY2021-9M", "actual", 9_600_000_000, -8),
        ("revenue_total", "FY2021-Q3", "actual", 61_800_000_000, -8),
        ("operating_income", "FY2021-Q3", "actual", 4_900_000_000, -8),
        ("net_income_attributable", "FY2021-Q3", "actual", 3_200_000_000, -8),
        ("revenue_total", "FY2021", "target", 245_000_000_000, -8),
        ("operating_income", "FY2021", "target", 18_500_000_000, -8),
        ("net_income_attributable", "FY2021", "target", 12_200_000_000, -8),
    )


FY2022_IFRS_SPACED = """
IIJ Announces its Full Fiscal Year Financial Results for the Fiscal Year Ended March 31, 2023

TOKYO, May 12, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) today announced its full fiscal year consolidated financial results for the fiscal year ended March 31, 2023 ("FY2022", from April 1, 2022 to March 31, 2023) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for FY2022
Total revenues      JPY 271.6 billion    up 6.9% YoY
Operating profit    JPY 28.3 billion     up 8.7% YoY
Profit before tax   JPY 27.9 billion     up 4.1% YoY
Net profit2         JPY 19.4 billion     up 2.8% YoY

Financial Targets for FY2023
Total revenues      JPY 292.0 billion    up 7.5% YoY
Operating profit    JPY 30.5 billion     up 7.8% YoY
Net profit          JPY 20.6 billion     up 6.2% YoY

IIJ targets an annual cash dividend of JPY22.50 per share for FY2023 (JPY11.25 each for the interim and the year-end dividend).

 2 "Net profit" means profit for the year attributable to owners of the parent.
"""


def test_ifrs_full_year_with_spaced_jpy_net_profit_and_dividend_target() -> None:
    """"JPY 271.6 billion" with a space; IFRS "Profit before tax" and "Net profit"; an annual/interim/year-end dividend target."""
    assert read(FY2022_IFRS_SPACED) == expected(
        ("revenue_total", "FY2022", "actual", 271_600_000_000, -8),
        ("operating_income", "FY2022", "actual", 28_300_000_000, -8),
        ("income_before_income_tax", "FY2022", "actual", 27_900_000_000, -8),
        ("net_income_attributable", "FY2022", "actual", 19_400_000_000, -8),
        ("revenue_total", "FY2023", "target", 292_000_000_000, -8),
        ("operating_income", "FY2023", "target", 30_500_000_000, -8),
        ("net_income_attributable", "FY2023", "target", 20_600_000_000, -8),
        ("dividend_per_share", "FY2023", "target", "22.50", 2),
        ("dividend_per_share_interim", "FY2023", "target", "11.25", 2),
        ("dividend_per_share_year_end", "FY2023", "target", "11.25", 2),
    )


H1_FY2020_REVISED_TARGETS = """
IIJ Announces its First Six Months Financial Results for the Fiscal Year Ending March 31, 2021

TOKYO, Nov. 06, 2020 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE1: 3774) today announced its first six months consolidated financial results for the fiscal year ending March 31, 2021 ("1H20", from April 1, 2020 to September 30, 2020) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for 1H20
Total revenues      JPY 107.4 billion    up 4.6% YoY
Operating profit    JPY 7.3 billion      up 94.1% YoY
Profit for the period attributable to owners of the parent    JPY 4.5 billion    up 130.2% YoY

Revised Financial Targets for FY2020
 * IIJ revised its FY2020 targets announced on May 14, 2020: operating profit from JPY 12.0 billion to JPY 14.5 billion, and profit for the year attributable to owners of the parent from JPY 7.8 billion to JPY 9.3 billion.

Overview of 1H20 Financial Results and Business Outlook

Management said demand for remote access and security services rose sharply while systems integration projects resumed.
"""


def test_first_half_with_targets_revised_from_x_to_y() -> None:
    """"revised its FY2020 targets announced on May 14, 2020: ... from JPY 12.0 billion to JPY 14.5 billion": target and revised target."""
    assert read(H1_FY2020_REVISED_TARGETS) == expected(
        ("revenue_total", "FY2020-H1", "actual", 107_400_000_000, -8),
        ("operating_income", "FY2020-H1", "actual", 7_300_000_000, -8),
        ("net_income_attributable", "FY2020-H1", "actual", 4_500_000_000, -8),
        ("operating_income", "FY2020", "target", 12_000_000_000, -8),
        ("operating_income", "FY2020", "revised_target", 14_500_000_000, -8),
        ("net_income_attributable", "FY2020", "target", 7_800_000_000, -8),
        ("net_income_attributable", "FY2020", "revised_target", 9_300_000_000, -8),
    )


FY2018_SENTENCE_VARIANTS = """
IIJ Announces its Full Fiscal Year Financial Results for the Fiscal Year Ended March 31, 2019

TOKYO, May 14, 2019 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ" NASDAQ:IIJI, TSE:3774) today announced its full fiscal year consolidated financial results for the fiscal year ended March 31, 2019 ("FY2018", from April 1, 2018 to March 31, 2019).1

Highlights of Financial Results for FY2018

 * Revenue totaled JPY192.6 billion (up 9.2% YoY) and operating income came to JPY5.3 billion (up 31.4% YoY).
 * Net income attributable to IIJ decreased by 8.7% YoY to JPY4.2 billion.
 * Adjusted net income attributable to IIJ, which leaves out changes in the fair value of equity securities, was JPY4.8 billion.

Financial Targets for FY2019 (IFRS)

 * IIJ targets total revenues of JPY205.0 billion, operating profit of JPY7.8 billion and profit for the year attributable to owners of the parent of JPY4.6 billion for FY2019.
 * IIJ plans an annual cash dividend of JPY27.50 per share for FY2019.
"""


def test_sentence_variants_two_figures_in_one_sentence_and_figure_after_the_change() -> None:
    """"Revenue totaled X and operating income came to Y"; "decreased by 8.7% YoY to X"; adjusted stays adjusted; IFRS targets."""
    assert read(FY2018_SENTENCE_VARIANTS) == expected(
        ("revenue_total", "FY2018", "actual", 192_600_000_000, -8),
        ("operating_income", "FY2018", "actual", 5_300_000_000, -8),
        ("net_income_attributable", "FY2018", "actual", 4_200_000_000, -8),
        ("adjusted_net_income_attributable", "FY2018", "actual", 4_800_000_000, -8),
        ("revenue_total", "FY2019", "target", 205_000_000_000, -8),
        ("operating_income", "FY2019", "target", 7_800_000_000, -8),
        ("net_income_attributable", "FY2019", "target", 4_600_000_000, -8),
        ("dividend_per_share", "FY2019", "target", "27.50", 2),
    )


# ---------------------------------------------------------------------------
# Dividend notices and a target revision
# ---------------------------------------------------------------------------

INTERIM_DIVIDEND_2022 = """
IIJ Announces the Distribution of Retained Earnings (Interim Dividend)
TOKYO, Nov. 08, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) announced that IIJ\u2019s Board of Directors today resolved upon the interim dividend to be paid from retained earnings to shareholders on the record date of September 30, 2022, as indicated below.
1. Dividend
\tFY2022 Interim Dividend\tLatest Forecast (disclosed on May 12, 2022)\tFY2021 Interim Dividend
Record date\tSeptember 30, 2022\tSeptember 30, 2022\tSeptember 30, 2021
Dividend per common share\tJPY12.75\tJPY12.75\tJPY10.25
Amount of dividend\tJPY1,146 million\t-\tJPY921 million
Date of payment\tDecember 5, 2022\t-\tDecember 6, 2021
Resource of dividend\tRetained earnings\t-\tRetained earnings
2. Reason
In keeping with its policy of stable and continuing dividends, IIJ decided to pay JPY12.75 per common share as the interim dividend, as forecast.
<Reference> Annual dividend payments
Dividend per Common Share
Record Date\tInterim Dividend\tYear-end Dividend\tAnnual Dividend
Dividend target\t-\tJPY12.75\tJPY25.50
Year ending March 31, 2023\tJPY12.75\t-\t-
Year ended March 31, 2022\tJPY10.25\tJPY12.25\tJPY22.50
"""


def test_interim_dividend_notice() -> None:
    """Resolved / "Latest Forecast (disclosed on May 12, 2022)" / last year's columns, and the reference table by fiscal year."""
    assert read(INTERIM_DIVIDEND_2022) == expected(
        ("dividend_per_share_interim", "FY2022", "actual", "12.75", 2),
        ("dividend_per_share_interim", "FY2022", "target", "12.75", 2),
        ("dividend_per_share_interim", "FY2021", "actual", "10.25", 2),
        ("dividend_per_share_year_end", "FY2022", "target", "12.75", 2),
        ("dividend_per_share", "FY2022", "target", "25.50", 2),
        ("dividend_per_share_year_end", "FY2021", "actual", "12.25", 2),
        ("dividend_per_share", "FY2021", "actual", "22.50", 2),
    )


YEAR_END_DIVIDEND_2023 = """
IIJ Announces the Distribution of Retained Earnings

TOKYO, May 25, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) announced that IIJ's Board of Directors today resolved upon the dividends to be paid from retained earnings to shareholders on the record date of March 31, 2023, as indicated below.

The distribution is subject to approval at IIJ's 31st Ordinary General Meeting of Shareholders on June 27, 2023 in Tokyo.

1. Dividend
\tFY2022 Year-end dividend\tLatest forecast (released on May 12, 2023)\tFY2021 Year-end dividend
Record date\tMarch 31, 2023\tMarch 31, 2023\tMarch 31, 2022
Dividend per common share\tJPY12.75\tJPY12.75\tJPY12.25
Total dividend amount\tJPY1,147 million\t-\tJPY1,102 million
Effective date\tJune 28, 2023\t-\tJune 29, 2022
Dividend resource\tRetained earnings\t-\tRetained earnings

2. Reason
In line with its stable-dividend policy, IIJ decided to pay JPY12.75 per common share as the FY2022 year-end dividend, to be resolved at the June 27, 2023 shareholders' meeting.

<Reference> Annual dividend payments
Dividend per common share
Record date\tInterim dividend\tYear-end dividend\tTotal: Annual dividend
Year ended March 31, 2023\tJPY12.75 (paid)\tJPY12.75\tJPY25.50
Year ended March 31, 2022\tJPY10.25 (paid)\tJPY12.25 (paid)\tJPY22.50
"""


def test_year_end_dividend_notice() -> None:
    """Year-end notice: the forecast released after the year ended is the target; "(paid)" marks are no obstacle."""
    assert read(YEAR_END_DIVIDEND_2023) == expected(
        ("dividend_per_share_year_end", "FY2022", "actual", "12.75", 2),
        ("dividend_per_share_year_end", "FY2022", "target", "12.75", 2),
        ("dividend_per_share_year_end", "FY2021", "actual", "12.25", 2),
        ("dividend_per_share_interim", "FY2022", "actual", "12.75", 2),
        ("dividend_per_share", "FY2022", "actual", "25.50", 2),
        ("dividend_per_share_interim", "FY2021", "actual", "10.25", 2),
        ("dividend_per_share", "FY2021", "actual", "22.50", 2),
    )


DIVIDEND_REVISION_2022 = """
IIJ Announces Revision of Year-end Dividend Forecast

TOKYO, Feb. 09, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE1: 3774) today announced a revision to its Year-end dividend forecast for the fiscal year ending March 31, 2022 ("FY2021").

1. Reason for Revision to Year-end Dividend Forecast
Given the nine-month income level and its policy of stable, continuing dividends, IIJ revised its FY2021 year-end dividend forecast from JPY10.25 to JPY12.25 per share of common stock. An interim dividend of JPY10.25 per share has already been paid for the FY2021 interim period, so the total dividend forecast for FY2021 will be JPY22.50 per share.

2. Revised Year-end Dividend Forecast for FY2021
Dividend per share of common stock
\tInterim\tYear-end\tTotal
Previous Forecast for FY2021 (Announced on May 13, 2021)\tJPY10.25\tJPY10.25\tJPY20.50
Revised Forecast of FY2021 Year-end Dividend\t--\tJPY12.25\tJPY22.50
FY2021 Interim Dividend paid\tJPY10.25\t--\t--
(Reference) FY2020 Dividend\tJPY9.50\tJPY9.75\tJPY19.25
"""


def test_dividend_revision_notice() -> None:
    """"revised ... from JPY10.25 to JPY12.25"; previous forecast announced in May is the target; the paid interim is actual."""
    assert read(DIVIDEND_REVISION_2022) == expected(
        ("dividend_per_share_year_end", "FY2021", "target", "10.25", 2),
        ("dividend_per_share_year_end", "FY2021", "revised_target", "12.25", 2),
        ("dividend_per_share", "FY2021", "revised_target", "22.50", 2),
        ("dividend_per_share_interim", "FY2021", "target", "10.25", 2),
        ("dividend_per_share", "FY2021", "target", "20.50", 2),
        ("dividend_per_share_interim", "FY2021", "actual", "10.25", 2),
        ("dividend_per_share_interim", "FY2020", "actual", "9.50", 2),
        ("dividend_per_share_year_end", "FY2020", "actual", "9.75", 2),
        ("dividend_per_share", "FY2020", "actual", "19.25", 2),
    )


TARGET_REVISION_FY2023 = """
IIJ Announces Revision of Consolidated Financial Targets for the Fiscal Year Ending March 31, 2024

TOKYO, Nov. 01, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) today announced that it has revised its consolidated financial targets for the fiscal year ending March 31, 2024 ("FY2023") from the targets announced on May 12, 2023.

1. Revision of Consolidated Financial Targets for FY2023

(Full FY2023 (From April 1, 2023 to March 31, 2024))
(JPY millions, except Basic earnings per share in JPY)
\tTotal revenues\tOperating profit\tProfit before tax\tProfit for the year attributable to owners of the parent\tBasic earnings per share
Previous Target (A)\t292,000\t30,500\t30,100\t20,600\t114.21
New Target (B)\t298,000\t27,100\t26,500\t18,200\t100.91
Change (B-A)\t6,000\t(3,400)\t(3,600)\t(2,400)\t--
Change (%)\t2.1%\t(11.1%)\t(12.0%)\t(11.7%)\t--
(Reference) Results for FY2022\t271,630\t28,312\t27,905\t19,418\t107.62

2. Reason for Revision
Revenues from systems integration are running ahead of plan, but higher costs for data center power and for mobile network capacity will weigh on profit in the second half.
"""


def test_target_revision_notice_previous_new_change_and_reference_rows() -> None:
    """Previous Target (announced in May: the target), New Target (revised), reference results; "Change" rows give nothing."""
    assert read(TARGET_REVISION_FY2023) == expected(
        ("revenue_total", "FY2023", "target", 292_000_000_000, -6),
        ("operating_income", "FY2023", "target", 30_500_000_000, -6),
        ("income_before_income_tax", "FY2023", "target", 30_100_000_000, -6),
        ("net_income_attributable", "FY2023", "target", 20_600_000_000, -6),
        ("revenue_total", "FY2023", "revised_target", 298_000_000_000, -6),
        ("operating_income", "FY2023", "revised_target", 27_100_000_000, -6),
        ("income_before_income_tax", "FY2023", "revised_target", 26_500_000_000, -6),
        ("net_income_attributable", "FY2023", "revised_target", 18_200_000_000, -6),
        ("revenue_total", "FY2022", "actual", 271_630_000_000, -6),
        ("operating_income", "FY2022", "actual", 28_312_000_000, -6),
        ("income_before_income_tax", "FY2022", "actual", 27_905_000_000, -6),
        ("net_income_attributable", "FY2022", "actual", 19_418_000_000, -6),
    )


# ---------------------------------------------------------------------------
# Negative fixtures
# ---------------------------------------------------------------------------

ESTIMATE_NOTICE = """
Regarding the Revision of the Mobile Interconnection Charge
TOKYO, March 22, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\u201cIIJ\u201d) buys mobile network capacity from a mobile network operator for its MVNO services. The operator revised the connection unit charge for the fiscal year 2022, and the decrease was larger than IIJ had assumed.
IIJ books quarterly costs on its own estimate of the unit charge and settles the difference in the fourth quarter. Applying the revised unit charge, IIJ estimates that its consolidated operating profit for the fiscal year 2022 may become around 29 Japanese billion yen, and total revenues roughly 270 billion yen.
IIJ will announce its full-year results on May 12, 2023.
"""


def test_an_estimate_is_no_fact() -> None:
    """"may become around 29 Japanese billion yen" is an estimate, neither an actual nor a target."""
    assert read(ESTIMATE_NOTICE) == {}


H1_FY2022_TARGETS_WITHOUT_PERIOD = """
IIJ Announces its First Six Months Financial Results for the Fiscal Year Ending March 31, 2023

TOKYO, Nov. 08, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) today announced its first six months consolidated financial results for the fiscal year ending March 31, 2023 ("1H22", from April 1, 2022 to September 30, 2022) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for 1H22
Total revenues\tJPY133.8 billion\t(up 7.4% YoY)
Operating profit\tJPY13.1 billion\t(up 2.6% YoY)
Profit for the period attributable to owners of the parent\tJPY9.0 billion\t(up 1.9% YoY)

Financial Targets
Total revenues    JPY290.0 billion
Operating profit    JPY30.0 billion

Overview of 1H22 Financial Results and Business Outlook

Management said the first half went to plan on network services and systems integration.
"""


def test_targets_whose_period_is_never_named_are_not_placed() -> None:
    """Under a bare "Financial Targets" heading the figures name no period: no target is guessed; the actuals stand."""
    assert read(H1_FY2022_TARGETS_WITHOUT_PERIOD) == expected(
        ("revenue_total", "FY2022-H1", "actual", 133_800_000_000, -8),
        ("operating_income", "FY2022-H1", "actual", 13_100_000_000, -8),
        ("net_income_attributable", "FY2022-H1", "actual", 9_000_000_000, -8),
    )


def test_targets_whose_period_is_never_named_are_reported_at_their_lines() -> None:
    """The ingest report names each unplaced figure's line."""
    _, findings = read_all(H1_FY2022_TARGETS_WITHOUT_PERIOD)
    named = {s.line for f in findings for s in f.sources}
    for start in ("Total revenues    JPY290.0", "Operating profit    JPY30.0"):
        assert line_of(H1_FY2022_TARGETS_WITHOUT_PERIOD, start) in named, (start, [str(f) for f in findings])


H1_FY2023_WITH_QUOTE = """
IIJ Announces its First Six Months Financial Results for the Fiscal Year Ending March 31, 2024

TOKYO, Nov. 09, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ", TSE Prime: 3774) today announced its first six months consolidated financial results for the fiscal year ending March 31, 2024 ("1H23", from April 1, 2023 to September 30, 2023) under International Financial Reporting Standards (IFRS).1

Highlights of Financial Results for 1H23
Total revenues      JPY 145.2 billion    up 8.5% YoY
Operating profit    JPY 12.4 billion     down 5.3% YoY
Profit for the period attributable to owners of the parent    JPY 8.3 billion    down 7.8% YoY

Overview of 1H23 Financial Results and Business Outlook

"Our cloud revenues grew to JPY 14.6 billion in the first half, and revenues from our mobile services reached JPY 27.3 billion," said Eijiro Katsu, President and CEO of IIJ. "We expect total revenues to keep growing in the second half as enterprise projects are delivered."
"""


def test_management_quote_with_segment_revenues_is_not_revenue_total() -> None:
    """Cloud and mobile revenues in a management quote are not total revenues (nor any other watched concept)."""
    assert read(H1_FY2023_WITH_QUOTE) == expected(
        ("revenue_total", "FY2023-H1", "actual", 145_200_000_000, -8),
        ("operating_income", "FY2023-H1", "actual", 12_400_000_000, -8),
        ("net_income_attributable", "FY2023-H1", "actual", 8_300_000_000, -8),
    )
    assert lines_read(H1_FY2023_WITH_QUOTE, "revenue_total") == {line_of(H1_FY2023_WITH_QUOTE, "Total revenues      JPY 145.2")}


# ---------------------------------------------------------------------------
# Across all fixtures: a dollar translation is never a value of any concept
# ---------------------------------------------------------------------------

# Every fixture of this file that prints a dollar translation, found by its "$" rather than listed by hand
FIXTURES = {name: text for name, text in globals().items() if name.isupper() and isinstance(text, str) and "\n" in text}
FIXTURES_WITH_DOLLARS = {name: text for name, text in FIXTURES.items() if "$" in text}


def test_the_dollar_check_reads_every_fixture_that_prints_dollars() -> None:
    assert len(FIXTURES) >= 20 and len(FIXTURES_WITH_DOLLARS) >= 6  # the search of the module's fixtures finds them

_DOLLARS = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?")


@pytest.mark.parametrize("name", sorted(FIXTURES_WITH_DOLLARS))
def test_no_dollar_translation_is_read_as_a_value(name: str) -> None:
    """No fact of any concept, on a line that prints a dollar translation, carries that dollar amount."""
    text = FIXTURES_WITH_DOLLARS[name]
    wrong = []
    for f in read_all(text)[0]:
        line = lines_of(text)[f.source.line - 1]
        for m in _DOLLARS.finditer(line):
            amount = Decimal(m.group(1).replace(",", ""))
            scale = {"million": 10**6, "billion": 10**9}.get(m.group(2) or "", 1)
            if f.value in (amount, amount * scale):
                wrong.append((f.concept, f.period, f.value, f.source.line))
    assert wrong == []
