"""Writes a library of realistic IIJ-style results documents for fiscal years after the bundled ones.

Per fiscal year, four press releases (first three months, first six months,
nine months, full year) and a presentation for each, in the layout of
`resources/documents/2010-11-15_press-release_1H-FY2010-results.txt` and
`2011-11-08_presentation_1H-FY2011-results.txt`: highlights, the operating
results summary in millions with the same period a year earlier and the
change, the latest quarter's summary, the statements of income and of
comprehensive income, the full balance sheets and the cash flows in
thousands, the segment note, the network services revenue breakdown, targets;
the presentation's summary table in billions, and the results (revenues and
costs by line) and the segments of every quarter of the year before and of
this year so far, in millions.  `--documents 200` covers 25 fiscal years
(100 quarters) and yields about 50,000 raw facts.

The figures are drawn per quarter from a seeded random walk and are
internally consistent: every total is the sum of its lines (assets are
liabilities and equity, the segments and their elimination are the
consolidated figures), halves, nine months and years are the sums of their
quarters, cash at the end of a period is the balance sheet's cash, and a
period reported again in a later document (as the year-earlier column)
carries the same figures.  So `iijviewer check` finds no conflicts in a
generated library.

Run: `.venv/bin/python bench/generate_library.py OUT_DIR [--documents N] [--first-year FY] [--seed S]`.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2016  # the bundled documents reach into FY2014 (targets); the year-earlier columns start at FY2015
MONTH_NAMES = [calendar.month_name[m] for m in range(13)]

# (label in the income statement, key); the lines of each group add up to its total
NETWORK = [
    ("Internet Connectivity (corporate use)", "conn_corp", 3600),
    ("Internet Connectivity (home use)", "conn_home", 1650),
    ("WAN services", "wan", 2600),
    ("Outsourcing services", "outsourcing", 3700),
]
SI = [("Systems Construction", "si_construction", 2300), ("Systems Operation and Maintenance", "si_operation", 4400)]
COSTS = [
    ("Cost of network services", "cost_network", 0.80),
    ("Cost of systems integration", "cost_si", 0.76),
    ("Cost of equipment sales", "cost_equipment", 0.85),
    ("Cost of ATM operation business", "cost_atm", 0.95),
]
SGA = [("Sales and marketing", "sales_marketing", 0.085), ("General and administrative", "g_and_a", 0.075), ("Research and development", "r_and_d", 0.005)]

# (which part of the fiscal year a release covers, months, quarter it closes, title words, month it is published)
RELEASES = [
    ("Q1", 3, "Q1", "First Three Months", 8),
    ("H1", 6, "Q2", "First Six Months", 11),
    ("9M", 9, "Q3", "First Nine Months", 2),
    ("FY", 12, "Q4", "Full Fiscal Year", 5),
]
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
PART_QUARTERS = {"Q1": ("Q1",), "H1": ("Q1", "Q2"), "9M": ("Q1", "Q2", "Q3"), "FY": QUARTERS}


@dataclass
class Quarter:
    """One quarter's flows (thousands of yen) and the balance sheet at its end."""

    flows: dict[str, int]
    balance: dict[str, int]


def _quarter_end(fy: int, q: str) -> dt.date:
    year, month = {"Q1": (fy, 6), "Q2": (fy, 9), "Q3": (fy, 12), "Q4": (fy + 1, 3)}[q]
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(fy: int, part: str) -> dt.date:
    return _quarter_end(fy, PART_QUARTERS[part][-1])


def _long(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month]} {day.day}, {day.year}"


class Truth:
    """The figures every document is written from: quarters by (fiscal year, quarter)."""

    def __init__(self, first_year: int, years: int, seed: int) -> None:
        rng = random.Random(seed)
        self.quarters: dict[tuple[int, str], Quarter] = {}
        growth = 1.0
        cash = 9_000_000
        equity = 28_000_000
        for fy in range(first_year - 1, first_year + years):  # one year more: the first year-earlier columns
            for q in QUARTERS:
                growth *= 1 + rng.uniform(-0.01, 0.035)
                f: dict[str, int] = {}
                for _, key, base in NETWORK + SI:
                    f[key] = int(base * 1000 * growth * rng.uniform(0.93, 1.07))
                f["network_total"] = sum(f[k] for _, k, _ in NETWORK)
                f["si_total"] = sum(f[k] for _, k, _ in SI)
                f["equipment"] = int(200_000 * growth * rng.uniform(0.6, 1.4))
                f["atm"] = int(120_000 * growth * rng.uniform(0.8, 1.2))
                f["revenue_total"] = f["network_total"] + f["si_total"] + f["equipment"] + f["atm"]
                for (_, key, ratio), base in zip(COSTS, ("network_total", "si_total", "equipment", "atm")):
                    f[key] = int(f[base] * ratio * rng.uniform(0.97, 1.03))
                f["cost_total"] = sum(f[k] for _, k, _ in COSTS)
                for _, key, ratio in SGA:
                    f[key] = int(f["revenue_total"] * ratio * rng.uniform(0.9, 1.1))
                f["sga_total"] = sum(f[k] for _, k, _ in SGA)
                f["cost_and_expenses"] = f["cost_total"] + f["sga_total"]
                f["operating_income"] = f["revenue_total"] - f["cost_and_expenses"]
                f["other_net"] = -int(rng.uniform(20_000, 120_000))
                f["pretax"] = f["operating_income"] + f["other_net"]
                f["tax"] = int(max(f["pretax"], 0) * rng.uniform(0.35, 0.45))
                f["equity_method"] = int(rng.uniform(5_000, 40_000))
                f["net_income"] = f["pretax"] - f["tax"] + f["equity_method"]
                f["nci"] = int(rng.uniform(-20_000, 20_000))
                f["net_income_iij"] = f["net_income"] - f["nci"]
                f["depreciation"] = int(f["revenue_total"] * rng.uniform(0.06, 0.08))
                f["ebitda"] = f["operating_income"] + f["depreciation"]
                f["capex_property"] = int(f["revenue_total"] * rng.uniform(0.04, 0.06))
                f["capex_leases"] = int(f["revenue_total"] * rng.uniform(0.02, 0.04))
                f["capex_total"] = f["capex_property"] + f["capex_leases"]
                f["cf_operating"] = f["net_income"] + f["depreciation"] + int(rng.uniform(-300_000, 300_000))
                f["cf_investing"] = -(f["capex_property"] + int(rng.uniform(0, 200_000)))
                f["cf_financing"] = -int(rng.uniform(100_000, 900_000))
                f["cf_fx"] = int(rng.uniform(-30_000, 30_000))
                f["cf_net"] = f["cf_operating"] + f["cf_investing"] + f["cf_financing"] + f["cf_fx"]
                f["cf_leases_paid"] = -int(f["capex_leases"] * rng.uniform(0.7, 0.9))
                f["cf_dividends"] = -int(rng.uniform(0, 0.4) * -f["cf_financing"])
                f["cash_begin"] = cash
                cash += f["cf_net"]
                f["cash_end"] = cash
                # the breakdowns the detail tables print (each adds up to its line of the income statement)
                f["ip_service"] = int(f["conn_corp"] * rng.uniform(0.6, 0.7))
                f["fiberaccess"] = int(f["conn_corp"] * rng.uniform(0.18, 0.22))
                f["mobile"] = int(f["conn_corp"] * rng.uniform(0.08, 0.12))
                f["other_corp"] = f["conn_corp"] - f["ip_service"] - f["fiberaccess"] - f["mobile"]
                f["home_iij"] = int(f["conn_home"] * rng.uniform(0.14, 0.18))
                f["hi_ho"] = int(f["conn_home"] * rng.uniform(0.7, 0.78))
                f["oem"] = f["conn_home"] - f["home_iij"] - f["hi_ho"]
                # business segments: intersegment revenues are eliminated, the totals are the consolidated ones
                intersegment = int(rng.uniform(100_000, 160_000))
                f["seg_ns_revenue"] = f["revenue_total"] - f["atm"] + intersegment
                f["seg_atm_revenue"] = f["atm"]
                f["seg_elim_revenue"] = -intersegment
                f["seg_atm_income"] = int(f["atm"] * rng.uniform(-0.1, 0.15))
                f["seg_elim_income"] = int(rng.uniform(10_000, 50_000))
                f["seg_ns_income"] = f["operating_income"] - f["seg_atm_income"] - f["seg_elim_income"]
                f["oci_fx"] = int(rng.uniform(-40_000, 40_000))
                f["comprehensive_total"] = f["net_income"] + f["oci_fx"]
                f["comprehensive_iij"] = f["comprehensive_total"] - f["nci"]
                equity += f["net_income_iij"] - int(rng.uniform(0, 150_000))
                b: dict[str, int] = {"cash": cash}
                b["receivables"] = int(f["revenue_total"] * rng.uniform(0.55, 0.65))
                b["inventories"] = int(rng.uniform(500_000, 1_600_000) * growth)
                b["prepaid"] = int(rng.uniform(1_500_000, 2_800_000) * growth)
                b["other_current"] = int(rng.uniform(800_000, 1_500_000))
                b["current_assets"] = sum(b[k] for k in ("cash", "receivables", "inventories", "prepaid", "other_current"))
                b["equity_method"] = int(rng.uniform(1_300_000, 1_700_000) * growth)
                b["other_investments"] = int(rng.uniform(2_500_000, 3_500_000))
                b["property"] = int(20_000_000 * growth * rng.uniform(0.95, 1.05))
                b["goodwill"] = int(6_000_000 * growth)
                b["intangibles"] = int(rng.uniform(4_500_000, 5_500_000) * growth)
                b["other_assets"] = int(rng.uniform(3_500_000, 5_000_000) * growth)
                b["total_assets"] = b["current_assets"] + sum(
                    b[k] for k in ("equity_method", "other_investments", "property", "goodwill", "intangibles", "other_assets")
                )
                b["equity"] = equity
                b["nci_equity"] = int(rng.uniform(5_000, 60_000))
                b["iij_equity"] = equity - b["nci_equity"]
                b["common"] = 25_500_000
                b["apic"] = 36_200_000
                b["treasury"] = -392_079
                b["aoci"] = int(rng.uniform(-300_000, 300_000))
                b["deficit"] = b["iij_equity"] - b["common"] - b["apic"] - b["treasury"] - b["aoci"]
                b["liabilities"] = b["total_assets"] - equity
                b["current_liabilities"] = int(b["liabilities"] * rng.uniform(0.55, 0.7))
                b["short_borrowings"] = int(b["current_liabilities"] * rng.uniform(0.2, 0.3))
                b["long_borrowings_current"] = int(b["current_liabilities"] * rng.uniform(0.03, 0.05))
                b["leases_current"] = int(b["current_liabilities"] * rng.uniform(0.1, 0.12))
                b["payable"] = int(b["current_liabilities"] * rng.uniform(0.28, 0.32))
                b["accrued"] = int(b["current_liabilities"] * rng.uniform(0.07, 0.09))
                b["other_current_liabilities"] = b["current_liabilities"] - sum(
                    b[k] for k in ("short_borrowings", "long_borrowings_current", "leases_current", "payable", "accrued")
                )
                noncurrent = b["liabilities"] - b["current_liabilities"]
                b["long_borrowings"] = int(noncurrent * rng.uniform(0.15, 0.25))
                b["leases_noncurrent"] = int(noncurrent * rng.uniform(0.4, 0.5))
                b["other_noncurrent"] = noncurrent - b["long_borrowings"] - b["leases_noncurrent"]
                self.quarters[(fy, q)] = Quarter(f, b)

    def flows(self, fy: int, part: str) -> dict[str, int]:
        """A period's flows: the sum of its quarters; cash at its start and end from the first and last."""
        quarters = [self.quarters[(fy, q)] for q in PART_QUARTERS.get(part, (part,))]
        total = {k: sum(q.flows[k] for q in quarters) for k in quarters[0].flows}
        total["cash_begin"] = quarters[0].flows["cash_begin"]
        total["cash_end"] = quarters[-1].flows["cash_end"]
        return total

    def balance(self, fy: int, q: str) -> dict[str, int]:
        return self.quarters[(fy, q)].balance


def _thousands(v: int) -> str:
    return f"({-v:,})" if v < 0 else f"{v:,}"


def _millions(v: int) -> str:
    m = round(v / 1000)
    return f"({-m:,})" if m < 0 else f"{m:,}"


def _billions(v: int) -> str:
    return f"{v / 1_000_000:.1f}"


def _yoy(now: int, before: int) -> str:
    if before <= 0 or now < 0:
        return "-"
    change = (now / before - 1) * 100
    return f"({-change:.1f})" if change < 0 else f"{change:.1f}"


def _short(fy: int, part: str) -> str:
    """1Q14, 1H14, 9M FY2014 (never two-digit: 9M14 is not a spelling), FY2014."""
    return {"Q1": f"1Q{fy % 100:02d}", "H1": f"1H{fy % 100:02d}", "9M": f"9M FY{fy}", "FY": f"FY{fy}", "Q2": f"2Q{fy % 100:02d}", "Q3": f"3Q{fy % 100:02d}", "Q4": f"4Q{fy % 100:02d}"}[part]


def _summary_table(now: dict[str, int], before: dict[str, int], cols: tuple[str, str]) -> list[str]:
    rows = [
        ("Total Revenues", "revenue_total"),
        ("Network Services", "network_total"),
        ("SI", "si_total"),
        ("Equipment Sales", "equipment"),
        ("ATM Operation Business", "atm"),
        ("Total Costs", "cost_total"),
        ("Network Services", "cost_network"),
        ("SI", "cost_si"),
        ("Equipment Sales", "cost_equipment"),
        ("ATM Operation Business", "cost_atm"),
        ("SG&A Expenses and R&D", "sga_total"),
        ("Operating Income", "operating_income"),
        ("Income before Income Tax Expense", "pretax"),
        ("Net income attributable to IIJ", "net_income_iij"),
    ]
    lines = ["", f"\t{cols[0]}\t{cols[1]}\tYoY % change", "\tJPY millions\tJPY millions\t"]
    for label, key in rows:
        lines.append(f"{label}\t{_millions(before[key])}\t{_millions(now[key])}\t{_yoy(now[key], before[key])}")
    return lines


NETWORK_BREAKDOWN = [
    ("Internet Connectivity Service (Corporate Use)", "conn_corp"),
    ("IP Service", "ip_service"),
    ("IIJ FiberAccess/F and IIJ DSL/F", "fiberaccess"),
    ("IIJ Mobile Service", "mobile"),
    ("Others", "other_corp"),
    ("Internet Connectivity Service (Home Use)", "conn_home"),
    ("Under IIJ Brand", "home_iij"),
    ("hi-ho", "hi_ho"),
    ("OEM", "oem"),
    ("WAN Services", "wan"),
    ("Outsourcing Services", "outsourcing"),
    ("Total Network Services", "network_total"),
]


def _segment_tables(columns: tuple[str, ...], unit_row: str, figures: list[dict[str, int]], show) -> list[str]:
    """The segment note: revenues and segment profit per business, the elimination, the consolidated totals."""
    head = "\t" + "\t".join(columns)

    def line(label: str, key: str) -> str:
        return label + "\t" + "\t".join(show(f[key]) for f in figures)

    return [
        "",
        "Segment Information (Unaudited)",
        "",
        "Business Segments:",
        "",
        "Revenues:",
        "",
        head,
        unit_row,
        line("Network service and systems integration business", "seg_ns_revenue"),
        line("ATM operation business", "seg_atm_revenue"),
        line("Elimination", "seg_elim_revenue"),
        line("Consolidated total", "revenue_total"),
        "",
        "Segment profit or loss:",
        "",
        head,
        unit_row,
        line("Network service and systems integration business", "seg_ns_income"),
        line("ATM operation business", "seg_atm_income"),
        line("Elimination", "seg_elim_income"),
        line("Consolidated operating income", "operating_income"),
        "",
    ]


def press_release(truth: Truth, fy: int, part: str) -> tuple[str, str]:
    """The file name and text of the results press release for `part` of fiscal year `fy`."""
    months, closing_quarter, words, published_month = next((m, q, w, p) for k, m, q, w, p in RELEASES if k == part)
    end = _period_end(fy, part)
    pub_year = end.year if published_month > end.month else end.year + 1
    published = dt.date(pub_year, published_month, 10 + (fy + months) % 5)
    prior_end = _period_end(fy - 1, part)
    now, before = truth.flows(fy, part), truth.flows(fy - 1, part)
    n_words = {3: "three", 6: "six", 9: "nine", 12: "twelve"}[months]
    fy_end = _long(dt.date(fy + 1, 3, 31))
    rate = 100 + (fy * 7 + months) % 40 + 0.37
    title = (
        f"**IIJ Announces {words} Financial Results\nfor the Fiscal Year Ending {fy_end}**"
        if part != "FY"
        else f"**IIJ Announces Financial Results\nfor the Fiscal Year Ended {fy_end}**"
    )
    period_words = f"{n_words} months ended {_long(end)}" if part != "FY" else f"fiscal year ended {fy_end}"
    L: list[str] = [
        "Internet Initiative Japan",
        "",
        "For Immediate Release",
        "",
        "Internet Initiative Japan Inc.",
        "",
        "E-mail: ir@iij.ad.jp Tel: +81-3-5205-6500",
        "",
        title,
        "",
        f"Tokyo, {_long(published)} - Internet Initiative Japan Inc. (\"IIJ\", NASDAQ:IIJI, TSE:3774) today announced its "
        f"consolidated financial results for the {period_words} (\"{_short(fy, part)}\").\u00b9",
        "",
        f"Highlights of {_short(fy, part)} Financial Results",
        "",
        f"\u00b9 Unless otherwise stated, all financial figures discussed in this announcement are prepared in accordance with "
        f"U.S. GAAP. The rate used for the translation was JPY{rate:.2f} per US$1.00.",
        "",
        f"{_short(fy, part)} Financial Results Summary",
        "",
        "Operating Results Summary",
    ]
    L += _summary_table(now, before, (_short(fy - 1, part), _short(fy, part)))
    if part != "Q1":
        q_now, q_before = truth.flows(fy, closing_quarter), truth.flows(fy - 1, closing_quarter)
        nth = {"Q2": "2nd", "Q3": "3rd", "Q4": "4th"}[closing_quarter]
        L += [
            "",
            f"{nth} Quarter FY{fy} Consolidated Financial Results (3 months)",
            "",
            "Operating Results Summary",
        ]
        L += _summary_table(q_now, q_before, (_short(fy - 1, closing_quarter), _short(fy, closing_quarter)))
    # targets for the full year
    target = truth.flows(fy, "FY")
    L += [
        "",
        f"FY{fy} Financial Targets",
        "",
        f"Our targets for the fiscal year ending {fy_end} are as follows:",
        "(JPY in millions)",
        "\tRevenues\tOperating Income\tIncome before Income Tax Expense\tNet Income attributable to IIJ",
        f"Full FY{fy}\t{_millions(round(target['revenue_total'], -6))}\t{_millions(round(target['operating_income'], -5))}"
        f"\t{_millions(round(target['pretax'], -5))}\t{_millions(round(target['net_income_iij'], -5))}",
    ]
    # the statements in thousands
    spelled = "Six Months" if months == 6 else f"{n_words.capitalize()} Months"
    head = (f"{spelled} Ended {_long(prior_end)}", f"{spelled} Ended {_long(end)}") if part != "FY" else (
        f"Fiscal Year Ended {_long(prior_end)}", f"Fiscal Year Ended {_long(end)}")
    caption = f"(For the {n_words} months ended {_long(prior_end)} and {_long(end)})"
    L += ["", "Internet Initiative Japan Inc.", "Quarterly Consolidated Statements of Income (Unaudited)", caption]
    L += [f"\t{head[0]}\t{head[1]}", "\tThousands of JPY\tThousands of JPY", "REVENUES:\t\t", "Network services:\t\t"]

    def row(label: str, key: str, source: dict[str, int] | None = None, other: dict[str, int] | None = None) -> str:
        a, b = (before, now) if source is None else (other, source)
        return f"{label}\t{_thousands(a[key])}\t{_thousands(b[key])}"

    L += [row(label, key) for label, key, _ in NETWORK]
    L += [row("Total", "network_total"), "Systems integration:\t\t"]
    L += [row(label, key) for label, key, _ in SI]
    L += [row("Total", "si_total"), row("Equipment sales", "equipment"), row("ATM operation business", "atm")]
    L += [row("Total revenues", "revenue_total"), "COST AND EXPENSES:\t\t"]
    L += [row(label, key) for label, key, _ in COSTS]
    L += [row("Total cost", "cost_total")]
    L += [row(label, key) for label, key, _ in SGA]
    L += [
        row("Total cost and expenses", "cost_and_expenses"),
        row("OPERATING INCOME", "operating_income"),
        row("Other expense \u2014 net", "other_net"),
        row("INCOME FROM OPERATIONS BEFORE INCOME TAX EXPENSE AND EQUITY IN NET INCOME OF EQUITY METHOD INVESTEES", "pretax"),
        row("INCOME TAX EXPENSE", "tax"),
        row("EQUITY IN NET INCOME OF EQUITY METHOD INVESTEES", "equity_method"),
        row("NET INCOME", "net_income"),
        row("LESS: NET INCOME ATTRIBUTABLE TO NONCONTROLLING INTERESTS", "nci"),
        row("NET INCOME ATTRIBUTABLE TO INTERNET INITIATIVE JAPAN INC.", "net_income_iij"),
        "",
        "Quarterly Consolidated Statements of Other comprehensive income",
        "",
        f"\t{head[0]}\t{head[1]}",
        "\tThousands of JPY\tThousands of JPY",
        row("NET INCOME", "net_income"),
        "Comprehensive income (loss):\t\t",
        row("Foreign currency translation adjustments", "oci_fx"),
        row("Total comprehensive income (loss)", "comprehensive_total"),
        row("Comprehensive income attributable to Internet Initiative Japan Inc.", "comprehensive_iij"),
    ]
    # balance sheets: the last year end and this period's end
    bal_prev = truth.balance(fy - 1, "Q4")
    bal_now = truth.balance(fy, closing_quarter)
    prev_day = _period_end(fy - 1, "FY")
    if part == "FY":
        bal_prev = truth.balance(fy - 1, "Q4")
    sheet_head = [f"\tAs of {_long(prev_day)}\tAs of {_long(end)}", "\tThousands of JPY\tThousands of JPY"]
    L += ["", "Internet Initiative Japan Inc.", "Quarterly Consolidated Balance Sheets (Unaudited)",
          f"(As of {_long(prev_day)} and {_long(end)})", *sheet_head, "ASSETS\t\t", "CURRENT ASSETS:\t\t"]
    for label, key in [
        ("Cash and cash equivalents", "cash"),
        ("Accounts receivable, net of allowance for doubtful accounts", "receivables"),
        ("Inventories", "inventories"),
        ("Prepaid expenses", "prepaid"),
        ("Other current assets", "other_current"),
        ("Total current assets", "current_assets"),
        ("INVESTMENTS IN EQUITY METHOD INVESTEES", "equity_method"),
        ("OTHER INVESTMENTS", "other_investments"),
        ("PROPERTY AND EQUIPMENT, net of accumulated depreciation and amortization", "property"),
        ("GOODWILL", "goodwill"),
        ("OTHER INTANGIBLE ASSETS -Net", "intangibles"),
        ("OTHER ASSETS", "other_assets"),
        ("TOTAL", "total_assets"),
    ]:
        L.append(row(label, key, bal_now, bal_prev))
    L += ["", *sheet_head, "LIABILITIES AND SHAREHOLDERS' EQUITY\t\t", "CURRENT LIABILITIES:\t\t"]
    for label, key in [
        ("Short-term borrowings", "short_borrowings"),
        ("Long-term borrowings \u2014current portion", "long_borrowings_current"),
        ("Capital lease obligations\u2014current portion", "leases_current"),
        ("Accounts payable \u2014trade", "payable"),
        ("Accrued expenses", "accrued"),
        ("Other current liabilities", "other_current_liabilities"),
        ("Total current liabilities", "current_liabilities"),
        ("LONG-TERM BORROWINGS", "long_borrowings"),
        ("CAPITAL LEASE OBLIGATIONS -Noncurrent", "leases_noncurrent"),
        ("OTHER NONCURRENT LIABILITIES", "other_noncurrent"),
        ("Total Liabilities", "liabilities"),
        ("SHAREHOLDERS' EQUITY:", None),
        ("Common-stock\u2014authorized, 75,520,000 shares", "common"),
        ("Additional paid-in capital", "apic"),
        ("Accumulated deficit", "deficit"),
        ("Accumulated other comprehensive income (loss)", "aoci"),
        ("Treasury stock\u2014758,800 shares held by the company", "treasury"),
        ("Total Internet Initiative Japan Inc. shareholders' equity", "iij_equity"),
        ("NONCONTROLLING INTERESTS", "nci_equity"),
        ("Total equity", "equity"),
        ("TOTAL", "total_assets"),
    ]:
        L.append(f"{label}\t\t" if key is None else row(label, key, bal_now, bal_prev))
    L += [
        "",
        "Internet Initiative Japan Inc.",
        "Quarterly Consolidated Statements of Cash Flows (Unaudited)",
        caption,
        f"\t{head[0]}\t{head[1]}",
        "\tThousands of JPY\tThousands of JPY",
        "OPERATING ACTIVITIES:\t\t",
        row("Net income", "net_income"),
        row("Depreciation and amortization", "depreciation"),
        row("Net cash provided by operating activities", "cf_operating"),
        "INVESTING ACTIVITIES:\t\t",
        row("Purchase of property and equipment", "capex_property"),
        row("Net cash used in investing activities", "cf_investing"),
        "FINANCING ACTIVITIES:\t\t",
        row("Principal payments under capital leases", "cf_leases_paid"),
        row("Dividends paid", "cf_dividends"),
        row("Net cash provided by (used in) financing activities", "cf_financing"),
        row("EFFECT OF EXCHANGE RATE CHANGES ON CASH AND CASH EQUIVALENTS", "cf_fx"),
        row("NET INCREASE (DECREASE) IN CASH AND CASH EQUIVALENTS", "cf_net"),
        row("CASH AND CASH EQUIVALENTS, BEGINNING OF THE PERIOD", "cash_begin"),
        row("CASH AND CASH EQUIVALENTS, END OF THE PERIOD", "cash_end"),
        "",
        "Adjusted EBITDA",
        f"\t{_short(fy - 1, part)}\t{_short(fy, part)}",
        "\tJPY millions\tJPY millions",
        f"Adjusted EBITDA\t{_millions(before['ebitda'])}\t{_millions(now['ebitda'])}",
        f"Depreciation and Amortization\t{_millions(before['depreciation'])}\t{_millions(now['depreciation'])}",
        f"Operating Income\t{_millions(before['operating_income'])}\t{_millions(now['operating_income'])}",
        "",
        "CAPEX",
        f"\t{_short(fy - 1, part)}\t{_short(fy, part)}",
        "\tJPY millions\tJPY millions",
        f"CAPEX, including capital leases\t{_millions(before['capex_total'])}\t{_millions(now['capex_total'])}",
        f"Acquisition of Assets by Entering into Capital Leases\t{_millions(before['capex_leases'])}\t{_millions(now['capex_leases'])}",
        f"Purchase of Property and Equipment\t{_millions(before['capex_property'])}\t{_millions(now['capex_property'])}",
    ]
    L += _segment_tables((head[0], head[1]), "\tThousands of JPY\tThousands of JPY", [before, now], _thousands)
    L += ["", "Network Services Revenues Breakdown", "", f"\t{_short(fy - 1, part)}\t{_short(fy, part)}\tYoY % change",
          "\tJPY millions\tJPY millions\t"]
    for label, key in NETWORK_BREAKDOWN:
        L.append(f"{label}\t{_millions(before[key])}\t{_millions(now[key])}\t{_yoy(now[key], before[key])}%")
    L.append("")
    tag = {"Q1": "1Q", "H1": "1H", "9M": "3Q", "FY": "FY"}[part]
    name = f"{published.isoformat()}_press-release_{tag}-FY{fy}-results.txt"
    return name, "\n".join(L)


def presentation(truth: Truth, fy: int, part: str) -> tuple[str, str]:
    """The results presentation: its summary table in billions; results and segments by quarter in millions."""
    months = {"Q1": 3, "H1": 6, "9M": 9, "FY": 12}[part]
    end = _period_end(fy, part)
    published_month = next(p for k, _, _, _, p in RELEASES if k == part)
    pub_year = end.year if published_month > end.month else end.year + 1
    published = dt.date(pub_year, published_month, 11 + (fy + months) % 5)
    now, before = truth.flows(fy, part), truth.flows(fy - 1, part)
    start = dt.date(fy, 4, 1)
    r_now = f"({start.year % 100:02d}/{start.month}~{end.year % 100:02d}/{end.month})"
    prev_end = _period_end(fy - 1, part)
    r_before = f"({(fy - 1) % 100:02d}/4~{prev_end.year % 100:02d}/{prev_end.month})"
    label = {"Q1": "1st Quarter", "H1": "1st Half", "9M": "1st Nine Months", "FY": "Full Year"}[part]
    L = [
        f"{label} FY{fy} Consolidated Financial Results",
        f"Internet Initiative Japan Inc. {published.year}.{published.month}.{published.day}",
        "Ongoing Innovation",
        "",
        f"II-1. Consolidated Results for {_short(fy, part)}",
        "Unit: JPY billion",
        f"\t{_short(fy, part)} {r_now}\t{_short(fy - 1, part)} {r_before}\tYoY",
    ]
    for text, key in [
        ("Total Revenues", "revenue_total"),
        ("Total Costs", "cost_total"),
        ("SG&A/R&D", "sga_total"),
        ("Operating Income", "operating_income"),
        ("Income before Income Tax Expense", "pretax"),
        ("Net Income Attributable to IIJ", "net_income_iij"),
    ]:
        L.append(f"{text}\t{_billions(now[key])}\t{_billions(before[key])}\t{_yoy(now[key], before[key])}%")
    # the quarters of last year and of this year so far, as the presentation's reference pages show them
    quarters = [(fy - 1, q) for q in QUARTERS] + [(fy, q) for q in QUARTERS[: {"Q1": 1, "H1": 2, "9M": 3, "FY": 4}[part]]]
    L += ["", "III-1. Quarterly Results", "Unit: JPY million", "\t" + "\t".join(_short(y, q) for y, q in quarters)]
    for text, key in [
        ("Internet Connectivity (Corporate Use)", "conn_corp"),
        ("Internet Connectivity (Home Use)", "conn_home"),
        ("WAN Services", "wan"),
        ("Outsourcing Services", "outsourcing"),
        ("Network Services", "network_total"),
        ("Systems Construction", "si_construction"),
        ("Systems Operation and Maintenance", "si_operation"),
        ("Systems Integration", "si_total"),
        ("Equipment Sales", "equipment"),
        ("ATM Operation Business", "atm"),
        ("Total Revenues", "revenue_total"),
        ("Total Costs", "cost_total"),
        ("Network Services", "cost_network"),
        ("Systems Integration", "cost_si"),
        ("Equipment Sales", "cost_equipment"),
        ("ATM Operation Business", "cost_atm"),
        ("SG&A Expenses and R&D", "sga_total"),
        ("Operating Income", "operating_income"),
        ("Income before Income Tax Expense", "pretax"),
        ("Net Income Attributable to IIJ", "net_income_iij"),
        ("Adjusted EBITDA", "ebitda"),
        ("CAPEX", "capex_total"),
    ]:
        L.append(text + "\t" + "\t".join(_millions(truth.flows(y, q)[key]) for y, q in quarters))
    columns = tuple(_short(y, q) for y, q in quarters)
    unit_row = "\t" + "\t".join("JPY millions" for _ in quarters)
    L += _segment_tables(columns, unit_row, [truth.flows(y, q) for y, q in quarters], _millions)
    tag = {"Q1": "1Q", "H1": "1H", "9M": "3Q", "FY": "FY"}[part]
    return f"{published.isoformat()}_presentation_{tag}-FY{fy}-results.txt", "\n".join(L)


def generate(out: Path, documents: int = 200, first_year: int = FIRST_YEAR, seed: int = 2014) -> list[Path]:
    """Write `documents` documents (press releases and presentations, oldest first) into `out`; their paths."""
    years = -(-documents // 8)
    truth = Truth(first_year, years, seed)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fy in range(first_year, first_year + years):
        for part, *_ in RELEASES:
            for make in (press_release, presentation):
                if len(written) == documents:
                    return written
                name, text = make(truth, fy, part)
                path = out / name
                path.write_text(text, encoding="utf-8")
                written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--first-year", type=int, default=FIRST_YEAR)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    paths = generate(args.out, args.documents, args.first_year, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
