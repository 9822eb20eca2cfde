"""Analyst measures (iijviewer/views/metrics.py): recomputed by hand from the facts and the golden figures, and their rules.

Figures of the bundled library are never written here: the hand calculations
read their inputs through the program (the library's facts) or from the golden
file (`golden/golden_facts.csv`, checked by hand against the documents), and
the synthetic libraries use invented numbers.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from iijviewer.analysis.normalize import Fact
from iijviewer.analysis.sharebasis import ShareBasis
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.formatting import MILLIONS, format_percent
from iijviewer.base.vocabulary import CellStatus
from iijviewer.views import metrics
from iijviewer.views.comparison import StatementView
from iijviewer.views.viewdata import FactIndex

GOLDEN = Path(__file__).parent / "golden" / "golden_facts.csv"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def golden(concept: str, period: str, scenario: str = "actual") -> Decimal:
    """The most precise golden figure of a key (what the library must choose)."""
    with open(GOLDEN, newline="", encoding="utf-8") as f:
        found = [r for r in csv.DictReader(f) if (r["concept"], r["period"], r["scenario"]) == (concept, period, scenario)]
    assert found, (concept, period, scenario)
    best = max(found, key=lambda r: int(r["decimals"]))
    return Decimal(best["value"])


@pytest.fixture(scope="module")
def measures(library, index) -> metrics.MeasureSet:
    return metrics.measures_of(index, ShareBasis.from_documents(library.documents))


def value(measures: metrics.MeasureSet, metric: str, period: str, scenario: str = "actual") -> Decimal:
    v = measures.get(metric, period, scenario)
    assert v is not None, (metric, period, scenario)
    return v.value


# --- by hand, from the golden figures --------------------------------------------------


@pytest.mark.parametrize(
    "metric, period, numerator, denominator",
    [
        ("operating_margin_pct", "FY2012-H1", "operating_income", "revenue_total"),
        ("pretax_margin_pct", "FY2012-H1", "income_before_income_tax", "revenue_total"),
        ("effective_tax_rate_pct", "FY2012-H1", "income_tax_expense", "income_before_income_tax"),
        ("operating_margin_pct", "FY2010-H1", "operating_income", "revenue_total"),
        ("equity_ratio_pct", "2012-09-30", "total_iij_shareholders_equity", "total_assets"),
    ],
)
def test_ratio_is_the_golden_figures_divided_by_hand(index, measures, metric, period, numerator, denominator) -> None:
    top, bottom = golden(numerator, period), golden(denominator, period)
    assert index.value(numerator, period) == top and index.value(denominator, period) == bottom  # the library chose them
    by_hand = top / bottom * HUNDRED
    assert value(measures, metric, period) == by_hand
    assert measures.get(metric, period).rounded() == by_hand.quantize(CENT, rounding=ROUND_HALF_UP)


def test_operating_margin_of_1h_fy2012_traces_to_the_printed_lines(measures) -> None:
    v = measures.get("operating_margin_pct", "FY2012-H1")
    assert v.formula == "operating_income[FY2012-H1] / revenue_total[FY2012-H1] * 100"
    assert [f.concept for f in v.inputs] == ["operating_income", "revenue_total"]
    assert not v.derived
    with open(GOLDEN, newline="", encoding="utf-8") as f:
        lines = {
            (r["document"], int(r["line"]))
            for r in csv.DictReader(f)
            if r["period"] == "FY2012-H1" and r["concept"] in ("operating_income", "revenue_total") and r["decimals"] == "-3"
        }
    assert {(s.document, s.line) for s in v.sources} == lines


# --- by hand, from the facts the program reads --------------------------------------------


def test_revenue_growth_from_a_year_earlier(index, measures) -> None:
    now, then = index.value("revenue_total", "FY2012-H1"), index.value("revenue_total", "FY2011-H1")
    assert value(measures, "revenue_yoy_pct", "FY2012-H1") == (now - then) / abs(then) * HUNDRED


def test_operating_income_growth_and_quarter_on_quarter(index, measures) -> None:
    now, then = index.value("operating_income", "FY2012-H1"), index.value("operating_income", "FY2011-H1")
    assert value(measures, "operating_income_yoy_pct", "FY2012-H1") == (now - then) / abs(then) * HUNDRED
    q2, q1 = index.value("revenue_total", "FY2012-Q2"), index.value("revenue_total", "FY2012-Q1")
    v = measures.get("revenue_qoq_pct", "FY2012-Q2")
    assert v.value == (q2 - q1) / abs(q1) * HUNDRED
    assert v.derived  # the first quarter is the half year minus the second


def test_growth_is_only_between_quarters_for_quarter_on_quarter(measures) -> None:
    periods = {v.period for v in measures.values if v.metric in ("revenue_qoq_pct", "operating_income_qoq_pct")}
    assert periods and all(re.fullmatch(r"FY\d{4}-Q[1-4]", p) for p in periods)


def test_cagr_over_five_years(index, measures) -> None:
    now, then = index.value("revenue_total", "FY2012"), index.value("revenue_total", "FY2007")
    by_hand = (float(now) / float(then)) ** (1 / 5) - 1
    assert float(value(measures, "revenue_cagr_5y_pct", "FY2012")) == pytest.approx(by_hand * 100, rel=1e-12)


def test_cagr_3y_only_for_fiscal_years(measures) -> None:
    periods = {v.period for v in measures.values if v.metric == "revenue_cagr_3y_pct"}
    assert periods and all(re.fullmatch(r"FY\d{4}", p) for p in periods)


def test_twelve_months_from_a_year_plus_a_half_minus_the_half_before(index, measures) -> None:
    v = measures.get("revenue_ttm", "FY2011-H1")
    by_hand = index.value("revenue_total", "FY2010") + index.value("revenue_total", "FY2011-H1") - index.value("revenue_total", "FY2010-H1")
    assert v.value == by_hand and v.unit == "JPY"
    assert v.formula == "(revenue_total[FY2010] + revenue_total[FY2011-H1] - revenue_total[FY2010-H1])"


def test_twelve_months_of_a_year_is_the_year(index, measures) -> None:
    for v in measures.values:
        if metrics.definition(v.metric).kind == metrics.TTM and re.fullmatch(r"FY\d{4}", v.period):
            (term,) = metrics.definition(v.metric).numerator
            assert v.value == index.value(term.concept, v.period), v.key


def test_return_on_equity_on_average_equity(index, measures) -> None:
    earned = index.value("net_income_attributable", "FY2010") + index.value("net_income_attributable", "FY2011-H1") - index.value(
        "net_income_attributable", "FY2010-H1"
    )
    average = (index.value("total_iij_shareholders_equity", "2010-09-30") + index.value("total_iij_shareholders_equity", "2011-09-30")) / 2
    assert value(measures, "roe_pct", "FY2011-H1") == earned / average * HUNDRED
    year = index.value("net_income_attributable", "FY2010")
    assets = (index.value("total_assets", "2010-03-31") + index.value("total_assets", "2011-03-31")) / 2
    assert value(measures, "roa_pct", "FY2010") == year / assets * HUNDRED


def test_debt_adds_the_borrowings_and_leases_the_balance_sheet_shows(index, measures) -> None:
    terms = ["short_term_borrowings", "long_term_borrowings_current", "long_term_borrowings",
             "capital_lease_obligations_current", "capital_lease_obligations_noncurrent"]
    for date in ("2010-03-31", "2012-09-30"):
        debt = sum((index.value(c, date) or Decimal(0)) for c in terms)
        v = measures.get("debt_to_equity_pct", date)
        assert v.value == debt / index.value("total_iij_shareholders_equity", date) * HUNDRED
        assert {f.concept for f in v.inputs} == {c for c in terms if index.value(c, date) is not None} | {"total_iij_shareholders_equity"}


def test_every_formula_evaluates_to_its_value(index, measures) -> None:
    """The formula text is the computation: its references, read from the facts, give the value."""
    assert len(measures) > 100
    for v in measures.values:
        text = re.sub(r"([a-z][a-z0-9_]*)\[([^\]]+)\]", lambda m: repr(float(index.value(m.group(1), m.group(2), v.scenario))), v.formula)
        text = re.sub(r"\|([^|]+)\|", r"abs(\1)", text).replace("^", "**")
        assert eval(text, {"__builtins__": {}}, {"abs": abs}) == pytest.approx(float(v.value), rel=1e-9, abs=1e-9), v.key  # noqa: S307
        assert len({f.scenario for f in v.inputs}) == 1 and v.inputs[0].scenario == v.scenario, v.key


def test_required_metric_ids_are_defined_and_found(measures) -> None:
    wanted = {"gross_margin_pct", "operating_margin_pct", "pretax_margin_pct", "net_margin_pct", "effective_tax_rate_pct",
              "revenue_yoy_pct", "operating_income_yoy_pct", "revenue_ttm", "operating_income_ttm",
              "net_income_attributable_ttm", "revenue_cagr_3y_pct", "equity_ratio_pct", "roe_pct"}
    assert wanted <= set(metrics.measure_ids())
    assert wanted <= {v.metric for v in measures.values}


def test_a_measure_reading_a_derived_figure_is_marked_derived(index, measures) -> None:
    v = measures.get("gross_margin_pct", "FY2012-H1")
    assert index.get("gross_margin", "FY2012-H1").derived and v.derived
    # followed down to where its inputs were printed
    assert v.sources and all(s.document for s in v.sources)


def test_target_margins_come_from_targets_alone(index, measures) -> None:
    found = [v for v in measures.values if v.scenario != "actual"]
    assert found
    for v in found:
        assert all(f.scenario == v.scenario for f in v.inputs), v.key
        if v.metric == "operating_margin_pct":
            assert v.value == index.value("operating_income", v.period, v.scenario) / index.value("revenue_total", v.period, v.scenario) * HUNDRED
    assert not any(v.scenario != "actual" for v in measures.values if v.metric.endswith(("_yoy_pct", "_ttm", "_cagr_3y_pct")))


# --- rules, on invented numbers --------------------------------------------------------------


def fact(concept: str, period: str, value: int | str, scenario: str = "actual", *, derived: bool = False,
         document: str = "doc", unit: str = "JPY", decimals: int = -3) -> Fact:
    raw = None if derived else RawFact(concept, period, scenario, Decimal(value), unit, decimals, SourceRef(document, 7), concept, concept)
    return Fact(concept, period, scenario, Decimal(value), unit, decimals, derived, concept, raw)


def test_twelve_months_to_a_year_end_from_four_reported_quarters_is_the_year() -> None:
    quarters = {"Q1": 98_765_000, "Q2": 87_654_000, "Q3": 76_543_000, "Q4": 65_432_000}
    facts = [fact("revenue_total", f"FY2011-{q}", v) for q, v in quarters.items()]
    facts.append(fact("revenue_total", "FY2011", sum(quarters.values())))
    index = FactIndex(facts)
    ways = [w for w in metrics.ttm_ways("FY2011-Q4") if len(w) == 4]
    by_quarters = metrics.ttm(index, "revenue_total", "FY2011-Q4", ways=ways)
    assert by_quarters.value == index.value("revenue_total", "FY2011")
    assert metrics.ttm(index, "revenue_total", "FY2011-Q4").value == index.value("revenue_total", "FY2011")
    assert metrics.ttm_key("FY2011-Q4") == "FY2011" and metrics.ttm_key("FY2011-Q2") == "FY2011-H1"


def test_twelve_months_prefers_the_most_precise_inputs() -> None:
    facts = [fact("revenue_total", "FY2010", 400_000_000, decimals=-8),
             fact("revenue_total", "FY2010-H2", 210_123_000), fact("revenue_total", "FY2011-H1", 205_432_000),
             fact("revenue_total", "FY2010-H1", 190_000_000, decimals=-6), fact("revenue_total", "FY2011-Q1", 1)]
    index = FactIndex(facts)
    s = metrics.ttm(index, "revenue_total", "FY2011-H1")
    assert s.value == 210_123_000 + 205_432_000  # H2 of the year before + H1, not FY - H1 + H1 (coarser)


def test_missing_input_gives_no_value() -> None:
    index = FactIndex([fact("operating_income", "FY2011-H1", 12_345_000), fact("total_assets", "2011-09-30", 98_765_000)])
    found = metrics.compute(index)
    assert len(found) == 0


def test_no_scenario_mixing() -> None:
    index = FactIndex([
        fact("operating_income", "FY2011", 12_345_000, "target"),
        fact("revenue_total", "FY2011", 98_765_000, "actual"),
        fact("operating_income", "FY2011", 11_111_000, "revised_target"),
        fact("revenue_total", "FY2011", 99_999_000, "target"),
    ])
    found = metrics.compute(index)
    assert found.get("operating_margin_pct", "FY2011", "actual") is None  # no actual operating income
    assert found.get("operating_margin_pct", "FY2011", "revised_target") is None  # revenue was not revised
    target = found.get("operating_margin_pct", "FY2011", "target")
    assert target.value == Decimal(12_345_000) / Decimal(99_999_000) * HUNDRED


def test_growth_needs_a_base_of_the_same_sign() -> None:
    index = FactIndex([fact("operating_income", "FY2010-H1", -1_234_000), fact("operating_income", "FY2011-H1", 5_678_000),
                       fact("revenue_total", "FY2010-H1", 0), fact("revenue_total", "FY2011-H1", 5_678_000)])
    found = metrics.compute(index)
    assert found.get("operating_income_yoy_pct", "FY2011-H1") is None
    assert found.get("revenue_yoy_pct", "FY2011-H1") is None
    assert found.get("operating_margin_pct", "FY2010-H1") is None  # nothing divides by zero


def test_cagr_needs_two_positive_years() -> None:
    index = FactIndex([fact("revenue_total", "FY2008", 50_000_000), fact("revenue_total", "FY2011", 80_000_000),
                       fact("operating_income", "FY2008", -1_000_000), fact("operating_income", "FY2011", 3_000_000)])
    found = metrics.compute(index)
    assert float(found.get("revenue_cagr_3y_pct", "FY2011").value) == pytest.approx(((80 / 50) ** (1 / 3) - 1) * 100)
    assert found.get("operating_income_cagr_3y_pct", "FY2011") is None


def test_a_bracketed_debt_line_counts_only_where_the_balance_sheet_itemizes_debt() -> None:
    index = FactIndex([
        fact("short_term_borrowings", "2011-03-31", 1_000_000), fact("capital_lease_obligations_current", "2011-03-31", 234_000),
        fact("total_iij_shareholders_equity", "2011-03-31", 9_876_000),
        fact("short_term_borrowings", "2012-03-31", 1_000_000), fact("total_iij_shareholders_equity", "2012-03-31", 9_876_000),
    ])
    found = metrics.compute(index)
    assert found.get("debt_to_equity_pct", "2011-03-31").value == Decimal(1_234_000) / Decimal(9_876_000) * HUNDRED
    assert found.get("debt_to_equity_pct", "2012-03-31") is None  # no debt line but one: not an itemized balance sheet


def per_share_index(dividend_document: str, eps_document: str) -> FactIndex:
    return FactIndex([
        fact("dividend_per_share", "FY2013", "2500", document=dividend_document, unit="JPY/share", decimals=0),
        fact("eps_basic", "FY2013", "98.76", document=eps_document, unit="JPY/share", decimals=2),
    ])


SPLIT = ShareBasis(splits=(("2012-10-01", Decimal(200)),), dates={"before": "2012-05-15", "after": "2013-05-15"})


def test_per_share_measures_never_cross_share_bases() -> None:
    # (FY2013: the split year's own dividend, printed after it, is on no basis at all: `sharebasis.spans_split`)
    assert metrics.compute(per_share_index("before", "after"), SPLIT).get("payout_ratio_pct", "FY2013") is None
    same = metrics.compute(per_share_index("after", "after"), SPLIT).get("payout_ratio_pct", "FY2013")
    assert same.value == Decimal("2500") / Decimal("98.76") * HUNDRED
    # without the library's splits the bases cannot be told: no per-share measure
    assert metrics.compute(per_share_index("after", "after")).get("payout_ratio_pct", "FY2013") is None


# --- the Measures statement ---------------------------------------------------------------------


def test_measures_statement_rows_and_cells(index, measures) -> None:
    table = StatementView("measures", "FY2012-H1", MILLIONS).table(index)
    assert not table.message and table.label_title == "Measures"
    rows = {r.concept_id: r for r in table.rows}
    keys = [c.key for c in table.columns]
    assert keys[0] == "actual" and "prior" in keys
    margin = rows["operating_margin_pct"].cells[0]
    assert margin.text == format_percent(value(measures, "operating_margin_pct", "FY2012-H1"), 2)
    assert margin.value == value(measures, "operating_margin_pct", "FY2012-H1")
    assert "operating_income[FY2012-H1] / revenue_total[FY2012-H1]" in margin.tooltip
    assert rows["gross_margin_pct"].cells[0].status == CellStatus.DERIVED
    assert rows["operating_margin_pct"].parent == "margins" and rows["margins"].emphasis
    # a balance ratio is read at the period's last day
    assert rows["equity_ratio_pct"].cells[0].value == value(measures, "equity_ratio_pct", "2012-09-30")
    prior = rows["operating_margin_pct"].cells[keys.index("prior")]
    assert prior.value == value(measures, "operating_margin_pct", "FY2011-H1")
    change = rows["operating_margin_pct"].cells[keys.index("change")]
    assert change.value == margin.value - prior.value and change.text.endswith(" pt")


def test_measures_statement_shows_the_twelve_months_of_a_quarter_under_its_half(index, measures) -> None:
    table = StatementView("measures", "FY2011-Q2", MILLIONS).table(index)
    rows = {r.concept_id: r for r in table.rows}
    assert rows["revenue_ttm"].cells[0].value == value(measures, "revenue_ttm", "FY2011-H1")


def test_measures_statement_without_figures_says_why(index) -> None:
    table = StatementView("measures", "FY2000-H1", MILLIONS).table(index)
    assert not table.rows and "No measures" in table.message


def test_measures_compared_side_by_side_with_changes_in_points(index, measures) -> None:
    from iijviewer.views.comparison import CHANGES_YOY, ComparisonView

    table = ComparisonView("measures", ("FY2012-H1", "FY2011-H1")).table(index)
    keys = [c.key for c in table.columns]
    assert keys[:2] == ["FY2011-H1", "FY2012-H1"] and "FY2012-H1:change" in keys  # oldest first, the base
    rows = {r.concept_id: r for r in table.rows}
    margin = rows["operating_margin_pct"]
    now, then = value(measures, "operating_margin_pct", "FY2012-H1"), value(measures, "operating_margin_pct", "FY2011-H1")
    assert margin.cells[keys.index("FY2012-H1")].value == now
    assert margin.cells[keys.index("FY2012-H1:change")].value == now - then
    assert margin.cells[keys.index("FY2012-H1:change_pct")].text == ""  # a change of a percentage is in points
    yoy = ComparisonView("measures", ("FY2012-H1",), changes=CHANGES_YOY).table(index)
    row = {r.concept_id: r for r in yoy.rows}["operating_margin_pct"]
    assert row.cells[[c.key for c in yoy.columns].index("FY2012-H1:yoy")].value == now - then


def test_per_share_growth_never_crosses_share_bases() -> None:
    def eps(period: str, value: str, document: str) -> Fact:
        return fact("eps_basic", period, value, document=document, unit="JPY/share", decimals=2)

    crossed = FactIndex([eps("FY2011", "9876.54", "before"), eps("FY2012", "98.76", "after")])
    assert metrics.compute(crossed, SPLIT).get("eps_basic_yoy_pct", "FY2012") is None
    one = FactIndex([eps("FY2011", "87.65", "after"), eps("FY2012", "98.76", "after")])
    assert metrics.compute(one, SPLIT).get("eps_basic_yoy_pct", "FY2012").value == (Decimal("98.76") - Decimal("87.65")) / Decimal("87.65") * HUNDRED


def test_eps_growth_of_the_library_is_on_one_basis(library, index, measures) -> None:
    basis = ShareBasis.from_documents(library.documents)
    found = [v for v in measures.values if v.metric == "eps_basic_yoy_pct"]
    assert found
    for v in found:
        assert len({basis.factor(f.reported) for f in v.inputs}) == 1, v.key
    # 1H FY2011 per new share (a release after the split) against 1H FY2010 per old share: no growth
    now, then = index.get("eps_basic", "FY2011-H1"), index.get("eps_basic", "FY2010-H1")
    assert basis.factor(now.reported) != basis.factor(then.reported)
    assert measures.get("eps_basic_yoy_pct", "FY2011-H1") is None


def test_twelve_months_of_four_quarters_is_the_year_in_the_library(index) -> None:
    """Wherever the library has a year and its four quarters, they add up to it (within the inputs' rounding)."""
    from iijviewer.analysis.derive import half_unit

    checked = 0
    for concept, facts in index.by_concept.items():
        for (period, scenario) in facts:
            if scenario != "actual" or not re.fullmatch(r"FY\d{4}", period):
                continue
            quarters = [w for w in metrics.ttm_ways(f"{period}-Q4") if len(w) == 4]
            s = metrics.ttm(index, concept, f"{period}-Q4", ways=quarters)
            if s is None:
                continue
            year = index.get(concept, period)
            assert abs(s.value - year.value) <= sum(half_unit(f.decimals) for f in (*s.facts, year)), (concept, period)
            checked += 1
    assert checked > 0


def test_a_bracketed_term_the_catalog_lacks_is_left_out(monkeypatch) -> None:
    d = metrics.definition("debt_to_equity_pct")
    extra = metrics.Term(1, "bonds_payable_not_in_the_catalog", optional=True)
    changed = metrics.MeasureDefinition(**{**d.__dict__, "numerator": d.numerator + (extra,)})
    patched = tuple(changed if x.metric == d.metric else x for x in metrics.definitions())
    monkeypatch.setattr(metrics, "definitions", lambda: patched)
    index = FactIndex([fact("short_term_borrowings", "2011-03-31", 1_000_000), fact("capital_lease_obligations_current", "2011-03-31", 234_000),
                       fact("total_iij_shareholders_equity", "2011-03-31", 9_876_000)])
    assert metrics.compute(index).get("debt_to_equity_pct", "2011-03-31").value == Decimal(1_234_000) / Decimal(9_876_000) * HUNDRED
