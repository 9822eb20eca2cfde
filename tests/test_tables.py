"""Reading tables: short inline documents through `read_document`, checked figure by figure.

Each snippet is built here to exercise one general rule of the reader (a USD
column between two yen columns, "Total" under a section heading, cash at the
beginning of a period, a table turned by ninety degrees, ...); none is a copy
of a bundled document (one column of noncontrolling-interest figures is the
brief's worked example).  Where the reader cannot read a table, the ingest
report must name the document and line, and nothing may be guessed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.base.facts import YOY, Finding, RawFact, SourceRef
from iijviewer.ingest.reader import read_document

DOC = "2099-01-01_snippet"

Key = tuple[str, str, str]


def _lines(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def read(text: str) -> tuple[list[RawFact], list[Finding]]:
    """The facts of a snippet (without the reported YoY percentages kept for `check`) and its report."""
    facts, findings = read_document(DOC, _lines(text))
    return [f for f in facts if f.classification != YOY], findings


def line_of(text: str, start: str) -> int:
    """The 1-based line of the snippet that starts with `start`."""
    matches = [i for i, line in enumerate(_lines(text), start=1) if line.startswith(start)]
    assert len(matches) == 1, (start, matches)
    return matches[0]


def values(facts: list[RawFact]) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = {}
    for f in facts:
        assert f.key not in out, f"{f.key} read twice"
        out[f.key] = f.value
    return out


def expected(scale: int, periods: list[str], rows: dict[str, list[str]], scenario: str = "actual") -> dict[Key, Decimal]:
    """{(concept, period, scenario): value} from printed figures, one list per concept in period order."""
    out = {}
    for concept, printed in rows.items():
        for period, figure in zip(periods, printed):
            value = Decimal(figure.strip("()").replace(",", "")) * scale
            out[(concept, period, scenario)] = -value if figure.startswith("(") else value
    return out


# --- a press-release income statement ------------------------------------------------

INCOME = """
Consolidated Statements of Income (Unaudited)

(For the three months ended June 30, 2012 and June 30, 2013)

\tThree Months Ended June 30, 2012\t\tThree Months Ended June 30, 2013\t\t
\tThousands of JPY\t% of total revenues\tThousands of U.S. Dollars\tThousands of JPY\t% of total revenues
REVENUES:\t\t\t\t\t
Network services:\t\t\t\t\t
Internet connectivity services (corporate use)\t3,512,004\t\t36,890\t3,620,118\t
WAN services\t1,402,300\t\t14,002\t1,374,090\t
Outsourcing services\t2,985,610\t\t32,455\t3,184,800\t
Total\t7,899,914\t\t83,347\t8,179,008\t
Systems integration:\t\t\t\t\t
Systems construction\t2,100,450\t\t19,870\t1,950,760\t
Systems operation and maintenance\t4,300,220\t\t46,120\t4,527,300\t
Total\t6,400,670\t\t65,990\t6,478,060\t
Equipment sales\t150,120\t\t1,310\t128,900\t
Total revenues\t14,450,704\t100.0\t150,647\t14,785,968\t100.0
COST AND EXPENSES:\t\t\t\t\t
Cost of network services\t5,801,200\t\t60,020\t5,900,710\t
Total cost\t11,600,300\t80.3\t120,400\t11,820,500\t79.9
OPERATING INCOME\t701,330\t4.9\t7,720\t756,020\t5.1
OTHER EXPENSE - NET\t(98,120)\t(0.7)\t(1,002)\t(107,410)\t(0.7)
NET INCOME\t452,525\t3.1\t4,601\t450,810\t3.0
LESS: NET LOSS ATTRIBUTABLE TO NONCONTROLLING INTERESTS\t82,384\t0.6\t1,110\t(12,640)\t(0.1)
NET INCOME ATTRIBUTABLE TO INTERNET INITIATIVE JAPAN INC.\t534,909\t3.7\t5,440\t438,170\t3.0
"""

INCOME_FACTS = expected(
    1000,
    ["FY2012-Q1", "FY2013-Q1"],
    {
        "revenue_internet_connectivity_corporate": ["3,512,004", "3,620,118"],
        "revenue_wan_services": ["1,402,300", "1,374,090"],
        "revenue_outsourcing_services": ["2,985,610", "3,184,800"],
        "revenue_network_services": ["7,899,914", "8,179,008"],
        "revenue_systems_construction": ["2,100,450", "1,950,760"],
        "revenue_systems_operation_maintenance": ["4,300,220", "4,527,300"],
        "revenue_systems_integration": ["6,400,670", "6,478,060"],
        "revenue_equipment_sales": ["150,120", "128,900"],
        "revenue_total": ["14,450,704", "14,785,968"],
        "cost_network_services": ["5,801,200", "5,900,710"],
        "cost_total": ["11,600,300", "11,820,500"],
        "operating_income": ["701,330", "756,020"],
        "other_income_expense_net": ["(98,120)", "(107,410)"],
        "net_income": ["452,525", "450,810"],
        # 452,525 - 534,909: the noncontrolling interests lost 82,384; 450,810 - 438,170: they earned 12,640
        "net_income_noncontrolling": ["(82,384)", "12,640"],
        "net_income_attributable": ["534,909", "438,170"],
    },
)


def test_income_statement_reads_every_yen_figure_and_nothing_else() -> None:
    """USD and "% of total revenues" columns never become facts; "Total" takes its section."""
    facts, findings = read(INCOME)
    assert values(facts) == INCOME_FACTS
    assert findings == []
    assert {f.decimals for f in facts} == {-3}
    assert {f.unit for f in facts} == {"JPY"}


@pytest.mark.parametrize(
    ("concept", "row"),
    [
        ("revenue_network_services", "Total\t7,899,914"),
        ("revenue_systems_integration", "Total\t6,400,670"),
        ("net_income_noncontrolling", "LESS: NET LOSS"),
        ("revenue_total", "Total revenues"),
    ],
)
def test_facts_carry_their_line_and_label(concept: str, row: str) -> None:
    facts, _ = read(INCOME)
    line = line_of(INCOME, row)
    mine = [f for f in facts if f.concept == concept]
    assert len(mine) == 2
    printed = _lines(INCOME)[line - 1]
    for f in mine:
        assert (f.source.document, f.source.line) == (DOC, line)
        assert f.label == printed.split("\t")[0]
        assert f.text == printed.strip()


# --- noncontrolling interests: the table's arithmetic, else the wording ---------------

NCI_BY_ARITHMETIC = """
Income summary

(Thousands of JPY)
\tFY2011\tFY2012
Net income\t600,000\t700,000
Less: net loss attributable to noncontrolling interests\t10,000\t(5,000)
Net income attributable to IIJ\t590,000\t705,000
"""


def test_noncontrolling_sign_follows_the_tables_arithmetic_over_its_wording() -> None:
    facts, _ = read(NCI_BY_ARITHMETIC)
    got = {k: v for k, v in values(facts).items() if k[0] == "net_income_noncontrolling"}
    # 600,000 - 590,000: income of 10,000 whatever the label says; 700,000 - 705,000: a loss of 5,000
    assert got == {
        ("net_income_noncontrolling", "FY2011", "actual"): Decimal(10_000_000),
        ("net_income_noncontrolling", "FY2012", "actual"): Decimal(-5_000_000),
    }


@pytest.mark.parametrize(
    ("label", "printed", "value"),
    [
        ("NET LOSS ATTRIBUTABLE TO NONCONTROLLING INTERESTS", "82,384", -82_384_000),
        ("LESS: NET LOSS ATTRIBUTABLE TO NONCONTROLLING INTERESTS", "(1,500)", 1_500_000),
        ("Net income attributable to noncontrolling interests", "1,234", 1_234_000),
        ("Net income attributable to noncontrolling interests", "(500)", -500_000),
        ("Net loss (income) attributable to non-controlling interests", "(50)", 50_000),
        ("Net income (loss) attributable to noncontrolling interests", "(70)", -70_000),
    ],
)
def test_noncontrolling_sign_by_wording_when_the_table_lacks_totals(label: str, printed: str, value: int) -> None:
    text = f"Income summary\n\n(Thousands of JPY)\n\tFY2012\n{label}\t{printed}\n"
    facts, findings = read(text)
    assert values(facts) == {("net_income_noncontrolling", "FY2012", "actual"): Decimal(value)}
    assert findings == []


# --- a balance sheet ------------------------------------------------------------------

BALANCE = """
Consolidated Balance Sheets

(As of March 31, 2012 and September 30, 2012)

\tMarch 31, 2012\tSeptember 30, 2012
\tThousands of JPY\tThousands of JPY
ASSETS\t\t
CURRENT ASSETS:\t\t
Cash and cash equivalents\t10,310,400\t11,208,750
Total current assets\t30,450,000\t31,190,300
Goodwill\t2,601,990\t2,601,990
TOTAL\t51,230,880\t52,004,120
LIABILITIES AND EQUITY\t\t
Total current liabilities\t20,118,000\t21,090,000
Total equity\t31,112,880\t30,914,120
TOTAL\t51,230,880\t52,004,120
"""


def test_balance_sheet_totals_take_their_side() -> None:
    facts, findings = read(BALANCE)
    assert values(facts) == expected(
        1000,
        ["2012-03-31", "2012-09-30"],
        {
            "cash_and_equivalents": ["10,310,400", "11,208,750"],
            "total_current_assets": ["30,450,000", "31,190,300"],
            "goodwill": ["2,601,990", "2,601,990"],
            "total_assets": ["51,230,880", "52,004,120"],
            "total_current_liabilities": ["20,118,000", "21,090,000"],
            "total_equity": ["31,112,880", "30,914,120"],
            "total_liabilities_and_equity": ["51,230,880", "52,004,120"],
        },
    )
    assert findings == []
    totals = {f.concept: f.source.line for f in facts if f.label == "TOTAL"}
    assert totals["total_assets"] < line_of(BALANCE, "LIABILITIES AND EQUITY") < totals["total_liabilities_and_equity"]


# --- cash flows -----------------------------------------------------------------------

CASH_FLOWS = """
Consolidated Statements of Cash Flows

(For the three months ended June 30, 2012 and June 30, 2013)

\tThree Months Ended June 30, 2012\tThree Months Ended June 30, 2013
\tMillions of JPY\tMillions of JPY
OPERATING ACTIVITIES:\t\t
Net income\t1,020\t1,140
Adjustments to reconcile net income to net cash provided by operating activities:\t\t
Depreciation and amortization\t2,010\t2,150
Equity in net income of equity method investees\t(33)\t(65)
Net cash provided by operating activities\t1,500\t1,700
Net increase (decrease) in cash and cash equivalents\t(300)\t400
Cash and cash equivalents, beginning of period\t9,800\t9,100
Cash and cash equivalents, end of period\t9,500\t9,500
"""

CASH_FLOWS_FY = """
Consolidated Statements of Cash Flows

(JPY millions)
\tFY2011\tFY2012
Net cash provided by operating activities\t11,000\t12,000
Cash and cash equivalents, beginning of year\t10,000\t12,000
Cash and cash equivalents, end of year\t12,000\t15,000
"""


def test_cash_at_beginning_and_end_of_period_are_instants() -> None:
    """The day before the period starts and its last day; an adjustment is no income figure (it is the cash flow's)."""
    facts, findings = read(CASH_FLOWS)
    assert values(facts) == expected(
        10**6,
        ["FY2012-Q1", "FY2013-Q1"],
        {
            "net_income": ["1,020", "1,140"],
            "depreciation_amortization": ["2,010", "2,150"],
            "cf_equity_method_income": ["(33)", "(65)"],
            "cf_operating": ["1,500", "1,700"],
            "cf_net_change_in_cash": ["(300)", "400"],
        },
    ) | {
        ("cash_and_equivalents", "2012-03-31", "actual"): Decimal(9_800_000_000),
        ("cash_and_equivalents", "2013-03-31", "actual"): Decimal(9_100_000_000),
        ("cash_and_equivalents", "2012-06-30", "actual"): Decimal(9_500_000_000),
        ("cash_and_equivalents", "2013-06-30", "actual"): Decimal(9_500_000_000),
    }
    assert findings == []


def test_cash_at_beginning_and_end_of_year() -> None:
    facts, _ = read(CASH_FLOWS_FY)
    cash = {(f.period, f.source.line) for f in facts if f.concept == "cash_and_equivalents"}
    begin, end = line_of(CASH_FLOWS_FY, "Cash and cash equivalents, beginning"), line_of(CASH_FLOWS_FY, "Cash and cash equivalents, end")
    assert cash == {("2011-03-31", begin), ("2012-03-31", begin), ("2012-03-31", end), ("2013-03-31", end)}


# --- counts and revenues under the same labels -----------------------------------------

CONTRACTS = """
Number of Contracts

\t1H11\t2H11\t1H12
Internet Connectivity (corporate use)\t60,100\t62,000\t64,500
IP Service (1Gbps and over)\t310\t330\t352
Internet Connectivity (home use)\t150,000\t160,000\t170,000
Total contracted bandwidth\t600.5 Gbps\t650.0 Gbps\t702.5 Gbps
"""

REVENUES_BY_SERVICE = """
Revenues by service

(JPY millions)
\t1H11\t2H11\t1H12
Internet Connectivity (corporate use)\t7,100\t7,300\t7,600
Internet Connectivity (home use)\t3,000\t3,100\t3,200
"""


def test_contracts_without_a_money_unit_are_counts_at_period_end() -> None:
    facts, findings = read(CONTRACTS)
    ends = ["2011-09-30", "2012-03-31", "2012-09-30"]
    assert values(facts) == expected(
        1,
        ends,
        {
            "contracts_internet_connectivity_corporate": ["60,100", "62,000", "64,500"],
            "contracts_ip_service_1gbps": ["310", "330", "352"],
            "contracts_internet_connectivity_home": ["150,000", "160,000", "170,000"],
            "contracted_bandwidth_gbps": ["600.5", "650.0", "702.5"],
        },
    )
    assert findings == []
    units = {f.concept: (f.unit, f.decimals) for f in facts}
    assert units["contracts_ip_service_1gbps"] == ("count", 0)
    assert units["contracted_bandwidth_gbps"] == ("Gbps", 1)


def test_same_labels_in_a_yen_table_are_revenues() -> None:
    facts, findings = read(REVENUES_BY_SERVICE)
    assert values(facts) == expected(
        10**6,
        ["FY2011-H1", "FY2011-H2", "FY2012-H1"],
        {
            "revenue_internet_connectivity_corporate": ["7,100", "7,300", "7,600"],
            "revenue_internet_connectivity_home": ["3,000", "3,100", "3,200"],
        },
    )
    assert findings == []


# --- segments -------------------------------------------------------------------------

SEGMENTS = """
Segment Information

Revenues:
\tFY2011\tFY2012
\tMillions of JPY\tMillions of JPY
Network service and systems integration business\t100,000\t110,000
ATM operation business\t3,000\t3,500
Elimination\t500\t(600)
Consolidated total\t102,500\t112,900
Operating income:\t\t
Network service and systems integration business\t6,000\t7,000
ATM operation business\t(100)\t200
Elimination\t50\t(30)
Consolidated operating income\t5,850\t7,170
"""


def test_segment_elimination_is_the_signed_adjustment() -> None:
    facts, findings = read(SEGMENTS)
    got = values(facts)
    assert got == expected(
        10**6,
        ["FY2011", "FY2012"],
        {
            "segment_revenue_network_si": ["100,000", "110,000"],
            "segment_revenue_atm": ["3,000", "3,500"],
            "segment_revenue_elimination": ["(500)", "(600)"],
            "segment_revenue_total": ["102,500", "112,900"],
            "segment_operating_income_network_si": ["6,000", "7,000"],
            "segment_operating_income_atm": ["(100)", "200"],
            "segment_operating_income_elimination": ["(50)", "(30)"],
            "segment_operating_income_total": ["5,850", "7,170"],
        },
    )
    assert findings == []
    for what in ("revenue", "operating_income"):
        for period in ("FY2011", "FY2012"):
            parts = sum(got[(f"segment_{what}_{s}", period, "actual")] for s in ("network_si", "atm", "elimination"))
            assert parts == got[(f"segment_{what}_total", period, "actual")]


# --- presentations --------------------------------------------------------------------

PRESENTATION = """
II-1. Summary of 1H Results

Unit: JPY billion

\t% of Revenues 1H13 (13/4~13/9)\t% of Revenues 1H12 (12/4~12/9)\tYoY\t% of Revenues 1H13 Revised Target (13/4~13/9)\t% of Revenues 1H13 Initial Target (13/4~13/9)
Total Revenues\t60.5\t52.0\t16.3%\t61.0\t58.0
Gross Margin\t21.0% 12.7\t20.5% 10.7\t18.7%\t_\t_
Operating Income\t^{5.5%} 3.3\t<i>5.0%</i> 2.6\t26.9%\t5.4% 3.3\t4.8% 2.8
"""


def test_presentation_table_with_shares_and_targets() -> None:
    """A unit line above the table, percentages beside values, and targets as scenarios."""
    facts, findings = read(PRESENTATION)
    billion = Decimal(10**9)
    assert values(facts) == {
        ("revenue_total", "FY2013-H1", "actual"): Decimal("60.5") * billion,
        ("revenue_total", "FY2012-H1", "actual"): Decimal("52.0") * billion,
        ("revenue_total", "FY2013-H1", "revised_target"): Decimal("61.0") * billion,
        ("revenue_total", "FY2013-H1", "target"): Decimal("58.0") * billion,
        ("gross_margin", "FY2013-H1", "actual"): Decimal("12.7") * billion,
        ("gross_margin", "FY2012-H1", "actual"): Decimal("10.7") * billion,
        ("operating_income", "FY2013-H1", "actual"): Decimal("3.3") * billion,
        ("operating_income", "FY2012-H1", "actual"): Decimal("2.6") * billion,
        ("operating_income", "FY2013-H1", "revised_target"): Decimal("3.3") * billion,
        ("operating_income", "FY2013-H1", "target"): Decimal("2.8") * billion,
    }
    assert {f.decimals for f in facts} == {-8}
    assert findings == []


RANGE_HEADERS = """
Results and targets

(JPY billions)
\tFY07 Actual (08/4 ~ 09/3)\tFY13 Target (Apr. 2013 -Mar.2014)
Revenues\t72.5\t125.0
Operating income\t3.1\t7.0
"""


def test_date_range_in_a_header_wins_over_its_label() -> None:
    facts, _ = read(RANGE_HEADERS)
    assert values(facts) == {
        ("revenue_total", "FY2008", "actual"): Decimal("72.5e9"),
        ("operating_income", "FY2008", "actual"): Decimal("3.1e9"),
        ("revenue_total", "FY2013", "target"): Decimal("125.0e9"),
        ("operating_income", "FY2013", "target"): Decimal("7.0e9"),
    }


HIGHLIGHTS = """
Highlights of 1Q FY2013 Financial Results

\t<u>Actual Results</u>\t<u>Target Announced</u>
Revenues\tJPY25,410 million (\\$259.6 million)\tJPY25,000 million
Operating Income\tJPY1,105 million (US$11.3 million)\tJPY1,000 million
"""


def test_cells_with_their_own_scale_and_a_period_from_the_caption() -> None:
    facts, findings = read(HIGHLIGHTS)
    assert values(facts) == {
        ("revenue_total", "FY2013-Q1", "actual"): Decimal(25_410_000_000),
        ("revenue_total", "FY2013-Q1", "target"): Decimal(25_000_000_000),
        ("operating_income", "FY2013-Q1", "actual"): Decimal(1_105_000_000),
        ("operating_income", "FY2013-Q1", "target"): Decimal(1_000_000_000),
    }
    assert {f.decimals for f in facts} == {-6}
    assert findings == []


TURNED = """
FY2012 Financial Targets

(JPY in millions)
\tRevenues\tOperating Income\tNet income attributable to IIJ
Full FY2012\t118,000\t7,600\t4,300
1H FY2012\t55,000\t2,900\t1,500
"""


def test_table_turned_by_ninety_degrees() -> None:
    """Periods in the rows, concepts in the column headers; the caption makes them targets."""
    facts, findings = read(TURNED)
    assert values(facts) == expected(
        10**6,
        ["FY2012", "FY2012-H1"],
        {
            "revenue_total": ["118,000", "55,000"],
            "operating_income": ["7,600", "2,900"],
            "net_income_attributable": ["4,300", "1,500"],
        },
        scenario="target",
    )
    assert findings == []
    assert {f.source.line for f in facts if f.period == "FY2012"} == {line_of(TURNED, "Full FY2012")}


MARKDOWN = """
Revenue by quarter

(JPY millions)

| | 1Q12 | 2Q12 | 3Q12 |
|---|---|---|---|
| WAN services | 6,100 | 6,250 | 6,400 |
| Outsourcing services | 4,300 | 4,450 | \u2014 |
"""


def test_markdown_pipe_table() -> None:
    facts, findings = read(MARKDOWN)
    assert values(facts) == expected(
        10**6,
        ["FY2012-Q1", "FY2012-Q2", "FY2012-Q3"],
        {"revenue_wan_services": ["6,100", "6,250", "6,400"], "revenue_outsourcing_services": ["4,300", "4,450"]},
    )
    assert findings == []
    assert {f.source.line for f in facts if f.concept == "revenue_wan_services"} == {line_of(MARKDOWN, "| WAN")}


def test_unit_in_the_header_corner_cell() -> None:
    text = "Revenue by quarter\n\n| Revenues by service (JPY millions) | 1Q12 | 2Q12 |\n|---|---|---|\n| WAN services | 6,100 | 6,250 |\n"
    facts, findings = read(text)
    assert values(facts) == expected(10**6, ["FY2012-Q1", "FY2012-Q2"], {"revenue_wan_services": ["6,100", "6,250"]})
    assert findings == []


LABELS_AT_END = """
Income detail

(Unit: JPY million)

1Q13\t2Q13\t3Q13\t
410\t395\t402\tInterest expense
(50)\t20\t(10)\tNet loss (income) attributable to non-controlling interests
"""


def test_row_labels_at_the_end_of_the_row() -> None:
    facts, findings = read(LABELS_AT_END)
    assert values(facts) == expected(
        10**6,
        ["FY2013-Q1", "FY2013-Q2", "FY2013-Q3"],
        {
            "interest_expense": ["410", "395", "402"],
            # "loss (income)": a figure in parentheses is income of the noncontrolling interests
            "net_income_noncontrolling": ["50", "(20)", "10"],
        },
    )
    assert findings == []


OLD_AND_NEW = """
Reference Information

[Old Classification]

(Thousands of Yen)

\t1Q09\t2Q09
Outsourcing services\t3,100,000\t3,200,000

[New Classification]

\t1Q09\t2Q09
WAN services\t600,000\t610,000
Outsourcing services\t2,500,000\t2,590,000
"""


def test_old_classification_is_marked_history() -> None:
    facts, _ = read(OLD_AND_NEW)
    old_line = line_of(OLD_AND_NEW, "Outsourcing services\t3,100,000")
    marks = {(f.concept, f.period, f.source.line): f.classification for f in facts}
    assert marks == {
        ("revenue_outsourcing_services", "FY2009-Q1", old_line): "old",
        ("revenue_outsourcing_services", "FY2009-Q2", old_line): "old",
        ("revenue_wan_services", "FY2009-Q1", old_line + 5): "",
        ("revenue_wan_services", "FY2009-Q2", old_line + 5): "",
        ("revenue_outsourcing_services", "FY2009-Q1", old_line + 6): "",
        ("revenue_outsourcing_services", "FY2009-Q2", old_line + 6): "",
    }
    new = {f.key: f.value for f in facts if f.classification == ""}
    assert new[("revenue_outsourcing_services", "FY2009-Q1", "actual")] == Decimal(2_500_000_000)


PER_SHARE = """
Per share data

(For the three months ended June 30, 2012 and June 30, 2013)

\tThree Months Ended June 30, 2012\tThree Months Ended June 30, 2013
BASIC WEIGHTED-AVERAGE NUMBER OF SHARES (shares)\t4,100,050\t4,100,050
BASIC NET INCOME PER SHARE (JPY / U.S. Dollars / JPY)\t2,103.55\t30.12\t2,350.40
DILUTED NET INCOME PER SHARE (JPY / U.S. Dollars / JPY)\t2,100.01\t30.07\t2,349.99
BASIC NET INCOME PER ADS EQUIVALENT (JPY / U.S. Dollars / JPY)\t5.26\t0.08\t5.88
"""


def test_per_share_row_states_the_unit_of_each_figure() -> None:
    """(JPY / U.S. Dollars / JPY): the dollar figure in the middle is skipped; ADS and share counts are not EPS.

    The share count stands under the header's two cells, where the rows that name their units put yen and
    dollars: which period each figure reports cannot be told, and the row is reported, not read.
    """
    facts, findings = read(PER_SHARE)
    assert values(facts) == {
        ("eps_basic", "FY2012-Q1", "actual"): Decimal("2103.55"),
        ("eps_basic", "FY2013-Q1", "actual"): Decimal("2350.40"),
        ("eps_diluted", "FY2012-Q1", "actual"): Decimal("2100.01"),
        ("eps_diluted", "FY2013-Q1", "actual"): Decimal("2349.99"),
        ("eps_per_ads_basic", "FY2012-Q1", "actual"): Decimal("5.26"),
        ("eps_per_ads_basic", "FY2013-Q1", "actual"): Decimal("5.88"),
    }
    assert {(f.unit, f.decimals) for f in facts} == {("JPY/share", 2), ("JPY/ADS", 2)}
    assert [(f.kind, f.sources[0].line) for f in findings] == [("unknown_periods", line_of(PER_SHARE, "\tThree"))]
    first, last = line_of(PER_SHARE, "BASIC WEIGHTED"), line_of(PER_SHARE, "BASIC NET INCOME PER ADS")
    assert f"(lines {first}-{last})" in findings[0].message


# --- the ingest report ----------------------------------------------------------------

NO_LABELS = """
Balance summary

(Unit: JPY million)
March 31, 2013\tSeptember 30, 2013\tChanges
12,010\t13,020\t+1,010
8,030\t7,540\t(490)
"""

NO_UNIT = """
Revenues

\tFY2011\tFY2012
Revenues\t80,000\t85,000
Operating income\t5,000\t5,500
"""

UNKNOWN_PERIODS = """
Results

(JPY millions)
\tPrevious\tCurrent
Revenues\t70,000\t72,000
Operating income\t3,000\t3,100
"""

GARBLED = """
Results

(JPY billions)
\tFY2008\tFY2009
Revenues\t70.0\t72.0
Net income\t<i>0.1</i> 1.06\t2.0
"""


@pytest.mark.parametrize(
    ("text", "kind", "line_start", "words"),
    [
        (NO_LABELS, "lost_labels", "12,010", "no readable row label"),
        (NO_UNIT, "no_unit", "Revenues\t", "no unit"),
        (UNKNOWN_PERIODS, "unknown_periods", "\tPrevious", "which period"),
        (GARBLED, "unreadable_table", "Net income", "0.1</i> 1.06"),
    ],
)
def test_unreadable_tables_are_reported_with_document_and_line(text: str, kind: str, line_start: str, words: str) -> None:
    facts, findings = read(text)
    line = line_of(text, line_start)
    assert [(f.kind, f.sources) for f in findings] == [(kind, (SourceRef(DOC, line),))]
    (finding,) = findings
    assert str(finding).startswith(f"{DOC}:{line}: ")
    assert words in finding.message


@pytest.mark.parametrize("text", [NO_LABELS, NO_UNIT, UNKNOWN_PERIODS])
def test_nothing_is_guessed_from_an_unreadable_table(text: str) -> None:
    facts, _ = read(text)
    assert facts == []


def test_a_garbled_cell_is_not_guessed_but_its_neighbours_are_read() -> None:
    facts, _ = read(GARBLED)
    assert values(facts) == {
        ("revenue_total", "FY2008", "actual"): Decimal("70.0e9"),
        ("revenue_total", "FY2009", "actual"): Decimal("72.0e9"),
        ("net_income", "FY2009", "actual"): Decimal("2.0e9"),
    }


# A chart turned to text: its title names its one series, which has no row label.
CHART_SERIES = """
Operating Income and Net Income

Operating income:

Unit: JPY million

1Q12\t2Q12\t3Q12
3,016\t2,801\t(120)
"""


def test_a_charts_one_series_is_named_by_its_caption() -> None:
    facts, findings = read(CHART_SERIES)
    assert findings == []
    assert values(facts) == {
        ("operating_income", "FY2012-Q1", "actual"): Decimal("3016e6"),
        ("operating_income", "FY2012-Q2", "actual"): Decimal("2801e6"),
        ("operating_income", "FY2012-Q3", "actual"): Decimal("-120e6"),
    }
    row, caption = line_of(CHART_SERIES, "3,016"), line_of(CHART_SERIES, "Operating income:")
    assert {(f.source.line, f.table_line, f.label, f.decimals) for f in facts} == {(row, caption, "Operating income", -6)}


@pytest.mark.parametrize(
    "caption",
    [
        "Balance summary",  # no concept: the figures are reported, not guessed
        "Operating income:\n\nOperating margin ratio (%)",  # the nearest caption names no concept
    ],
)
def test_a_caption_names_a_series_only_when_it_names_a_concept_and_stands_nearest(caption: str) -> None:
    text = CHART_SERIES.replace("Operating income:", caption)
    facts, findings = read(text)
    assert facts == []
    assert [f.kind for f in findings] == ["lost_labels"]


def test_two_unlabeled_series_under_one_caption_are_not_named_by_it() -> None:
    text = CHART_SERIES + "2,500\t2,400\t2,300\n"
    facts, findings = read(text)
    assert facts == []
    assert [f.kind for f in findings] == ["lost_labels"]


# --- what one table says about the next ------------------------------------------------


def test_a_unit_line_belongs_to_its_own_table() -> None:
    text = REVENUES_BY_SERVICE + CONTRACTS
    facts, _ = read(text)
    contracts_line = line_of(text, "Internet Connectivity (corporate use)\t60,100")
    got = {f.key: f.value for f in facts if f.source.line == contracts_line}
    assert got == {
        ("contracts_internet_connectivity_corporate", "2011-09-30", "actual"): Decimal(60100),
        ("contracts_internet_connectivity_corporate", "2012-03-31", "actual"): Decimal(62000),
        ("contracts_internet_connectivity_corporate", "2012-09-30", "actual"): Decimal(64500),
    }


def test_an_old_classification_marker_belongs_to_its_own_table() -> None:
    statement = (
        "\nQuarterly Consolidated Statements of Income (Unaudited)\n\n"
        "(For the six months ended September 30, 2010 and September 30, 2011)\n\n"
        "\tSix Months Ended September 30, 2010\tSix Months Ended September 30, 2011\n"
        "\tThousands of JPY\tThousands of JPY\n"
        "Total revenues\t34,010,500\t47,020,300\n"
    )
    text = OLD_AND_NEW.split("[New Classification]")[0] + statement
    facts, _ = read(text)
    marks = {(f.concept, f.period): f.classification for f in facts if f.concept == "revenue_total"}
    assert marks == {("revenue_total", "FY2010-H1"): "", ("revenue_total", "FY2011-H1"): ""}


def test_a_continued_table_keeps_the_units_of_its_first_part() -> None:
    text = (
        "Statements of income\n\n(For the six months ended September 30, 2011 and September 30, 2012)\n\n"
        "\tSix Months Ended September 30, 2011\tSix Months Ended September 30, 2012\n"
        "\tThousands of JPY\tThousands of JPY\n"
        "Total revenues\t47,207,410\t51,109,220\n"
        "\n"
        "Operating income\t2,448,030\t3,263,140\n"
    )
    facts, findings = read(text)
    assert values(facts) == expected(
        1000,
        ["FY2011-H1", "FY2012-H1"],
        {"revenue_total": ["47,207,410", "51,109,220"], "operating_income": ["2,448,030", "3,263,140"]},
    )
    assert findings == []


# --- dividend tables: which dividend a column or row reports ------------------------------------

DIVIDEND_DATELINE = (
    "TOKYO, May 20, 2099 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. announced that IIJ's Board of Directors today "
    "resolved upon the dividends to be paid to shareholders on the record date of March 31, 2099, as indicated below."
)


def dividend_table(header: str, record: str, dividend: str) -> str:
    return "\n".join([DIVIDEND_DATELINE, "", "1. Dividend", header, record, dividend, "Total dividend amount\tJPY1 million\t-\tJPY1 million"])


def test_a_forecast_column_reports_the_dividend_of_its_record_date_not_of_its_left_neighbour() -> None:
    text = dividend_table(
        "\tFY2098 Year-end dividend\tFY2097 Year-end dividend\tLatest forecast (released on February 6, 2099)",
        "Record date\tMarch 31, 2099\tMarch 31, 2098\tMarch 31, 2099",
        "Dividend per common share\tJPY12.50\tJPY11.50\tJPY12.00",
    )
    facts, findings = read(text)
    assert values(facts) == {
        ("dividend_per_share_year_end", "FY2098", "actual"): Decimal("12.50"),
        ("dividend_per_share_year_end", "FY2097", "actual"): Decimal("11.50"),
        ("dividend_per_share_year_end", "FY2098", "revised_target"): Decimal("12.00"),  # released within the year
        ("dividend_total_amount_year_end", "FY2098", "actual"): Decimal("1000000"),
        ("dividend_total_amount_year_end", "FY2098", "revised_target"): Decimal("1000000"),
    }
    assert findings == []


def test_a_table_with_a_forecast_column_whose_record_date_no_column_names_is_reported_not_read() -> None:
    text = dividend_table(
        "\tFY2098 Year-end dividend\tFY2097 Year-end dividend\tLatest forecast (released on May 13, 2098)",
        "Record date\tMarch 31, 2099\tMarch 31, 2098\tSeptember 30, 2098",
        "Dividend per common share\tJPY12.50\tJPY11.50\tJPY6.00",
    )
    facts, findings = read(text)
    assert facts == []
    assert {(f.kind, f.sources[0].line) for f in findings} == {("unknown_periods", line_of(text, "\tFY2098"))}
    assert "Latest forecast" in findings[0].message


def test_a_table_with_a_forecast_column_without_a_record_date_row_is_reported_not_read() -> None:
    text = "\n".join(dividend_table(
        "\tFY2098 Year-end dividend\tFY2097 Year-end dividend\tLatest forecast",
        "Dividend per common share\tJPY12.50\tJPY11.50\tJPY12.00",
        "Date of payment\tJune 25, 2099\tJune 25, 2098\t-",
    ).split("\n"))
    facts, findings = read(text)
    assert facts == [] and {f.kind for f in findings} == {"unknown_periods"}


def test_a_forecast_released_after_its_printed_record_dates_dividend_was_resolved_is_the_documents_and_said_so() -> None:
    text = dividend_table(
        "\tFY2098 Year-end dividend\tLatest forecast (released on May 14, 2099)\tFY2097 Year-end dividend",
        "Record date\tMarch 31, 2099\tMarch 31, 2098\tMarch 31, 2098",
        "Dividend per common share\tJPY12.50\tJPY12.50\tJPY11.50",
    )
    facts, findings = read(text)
    assert values(facts)[("dividend_per_share_year_end", "FY2098", "target")] == Decimal("12.50")
    assert ("dividend_per_share_year_end", "FY2097", "target") not in values(facts)
    assert [f.kind for f in findings] == ["uncertain_figure"] and "2098-03-31" in findings[0].message


TURNED_DIVIDENDS = """
<Reference> Annual dividend payments
Dividend per Common Share
Record Date\tInterim Dividend\tYear-end Dividend\tAnnual Dividend
{rows}
"""


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (0, 2, 1), (1, 2, 0)])
def test_a_turned_tables_target_row_is_for_the_year_still_ending_whatever_the_row_order(order: tuple[int, ...]) -> None:
    rows = [
        "Year ended March 31, 2098\tJPY11.00\tJPY11.00\tJPY22.00",
        "Year ending March 31, 2099\tJPY12.50\t-\t-",
        "Dividend target\t-\tJPY12.50\tJPY25.00",
    ]
    facts, findings = read(TURNED_DIVIDENDS.format(rows="\n".join(rows[i] for i in order)))
    assert {k: v for k, v in values(facts).items() if k[2] == "target"} == {
        ("dividend_per_share_year_end", "FY2098", "target"): Decimal("12.50"),
        ("dividend_per_share", "FY2098", "target"): Decimal("25.00"),
    }
    assert findings == []


def test_a_turned_tables_target_row_whose_year_the_table_does_not_tell_is_reported() -> None:
    rows = ["FY2097 Dividend\tJPY11.00\tJPY11.00\tJPY22.00", "FY2098 Dividend\tJPY12.50\tJPY12.50\tJPY25.00", "Dividend target\t-\tJPY13.00\tJPY26.00"]
    text = TURNED_DIVIDENDS.format(rows="\n".join(rows))
    facts, findings = read(text)
    assert all(f.scenario == "actual" for f in facts) and len(facts) == 6
    assert [(f.kind, f.sources[0].line) for f in findings] == [("unknown_periods", line_of(text, "Dividend target"))]


def test_a_revision_notices_turned_table_is_about_the_year_its_dateline_revises() -> None:
    text = """
TOKYO, Feb. 9, 2099 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. announced today that its Board of Directors resolved to revise the year-end dividend forecast for the fiscal year ending March 31, 2099 ("FY2098"), which was announced on May 14, 2098.

1. Revision of Dividend Forecast
\tInterim\tYear-end\tAnnual
Previous forecast (announced on May 14, 2098)\tJPY11.00\tJPY11.00\tJPY22.00
Revised forecast\t-\tJPY13.00\tJPY24.00
Results for FY2098\tJPY11.00\t-\t-
Results for FY2097\tJPY10.00\tJPY10.00\tJPY20.00
"""
    facts, findings = read(text)
    got = values(facts)
    assert {k: v for k, v in got.items() if k[2] != "actual"} == {
        ("dividend_per_share_interim", "FY2098", "target"): Decimal("11.00"),
        ("dividend_per_share_year_end", "FY2098", "target"): Decimal("11.00"),
        ("dividend_per_share", "FY2098", "target"): Decimal("22.00"),
        ("dividend_per_share_year_end", "FY2098", "revised_target"): Decimal("13.00"),
        ("dividend_per_share", "FY2098", "revised_target"): Decimal("24.00"),
    }
    assert findings == []
