"""The statement and comparison tables, headless: the figures an analyst reads, checked against the documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import catalog
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.formatting import BILLIONS, MILLIONS, THOUSANDS
from iijviewer.base.vocabulary import CellStatus
from iijviewer.library.store import Library
from iijviewer.views.comparison import (
    CHANGES_YOY,
    COMPUTED,
    WARNING_MARK,
    ComparisonView,
    StatementView,
    Table,
    TableRow,
    percent_cell,
    plain_amount,
    printed_amount,
)
from iijviewer.views.viewdata import FactIndex

PRESS_2010 = "2010-11-15_press-release_1H-FY2010-results"
PRESS_2012 = "2012-11-08_press-release_1H-FY2012-results"


@pytest.fixture(scope="module")
def index() -> FactIndex:
    return FactIndex.from_library(Library.load(use_user_library=False))


def row(table: Table, concept: str) -> TableRow:
    matches = [r for r in table.rows if r.concept_id == concept]
    assert matches, f"{concept} is not in the table"
    return matches[0]


def cell(table: Table, concept: str, column: str):
    keys = [c.key for c in table.columns]
    return row(table, concept).cells[keys.index(column)]


def texts(table: Table, concept: str) -> dict[str, str]:
    return {c.key: x.text for c, x in zip(table.columns, row(table, concept).cells)}


# --- the statement page ---


def test_revenue_of_the_first_half_2010_in_each_display_unit(index):
    # 2010-11-15 press release, line 375: "Total revenues ... 32,275,024 ... 34,272,080" (thousands of JPY)
    assert cell(StatementView("income", "FY2010-H1", MILLIONS).table(index), "revenue_total", "actual").text == "34,272"
    assert cell(StatementView("income", "FY2010-H1", THOUSANDS).table(index), "revenue_total", "actual").text == "34,272,080"
    assert cell(StatementView("income", "FY2010-H1", BILLIONS).table(index), "revenue_total", "actual").text == "34.3"


def test_a_year_earlier_and_the_change(index):
    table = StatementView("income", "FY2010-H1").table(index)
    got = texts(table, "revenue_total")
    assert (got["prior"], got["change"], got["change_pct"]) == ("32,275", "+1,997", "6.2%")
    assert cell(table, "revenue_total", "change").value == Decimal("1997056000")
    assert [c.title for c in table.columns if c.key in ("actual", "prior")] == ["1H FY2010\nJPY millions", "1H FY2009\nJPY millions"]


def test_negative_in_parentheses_and_plain_with_a_minus(index):
    c = cell(StatementView("income", "FY2010-H1").table(index), "other_income_expense_net", "actual")
    assert c.text == "(195)"
    assert c.plain == "-195.127"  # millions, full precision, for a spreadsheet


def test_derived_value_names_its_inputs_and_opens_the_first_input(index):
    c = cell(StatementView("income", "FY2010-Q1", THOUSANDS).table(index), "revenue_total", "actual")
    assert c.status == CellStatus.DERIVED
    assert c.text == "15,813,263"
    lines = c.tooltip.splitlines()
    assert "Derived by period arithmetic: FY2010-H1 - FY2010-Q2" in lines
    assert any("34,272,080" in line and f"{PRESS_2010}:375" in line for line in lines)
    assert c.source == SourceRef(PRESS_2010, 375)


def test_conflicting_reports_are_marked_and_listed(index):
    c = cell(StatementView("income", "FY2011-H1").table(index), "operating_income", "actual")
    assert c.status == CellStatus.CONFLICT and not c.rounding
    assert c.text == f"{WARNING_MARK} 2,448"
    assert f"{PRESS_2012}, line 365" in c.tooltip
    assert f"{PRESS_2012}, line 739" in c.tooltip
    assert "JPY 2,448,207 thousand" in c.tooltip and "JPY 2,488 million" in c.tooltip


def test_reports_that_differ_by_rounding_are_listed_without_a_warning(index):
    c = cell(StatementView("income", "FY2011-H1").table(index), "income_tax_expense", "actual")
    assert c.status == CellStatus.REPORTED and c.rounding
    assert c.text == "1,055"
    assert "differ only by rounding" in c.tooltip and WARNING_MARK not in c.tooltip
    assert "JPY 1,055,254 thousand" in c.tooltip and "JPY 1,056 million" in c.tooltip


def test_reported_value_tells_where_it_was_printed(index):
    c = cell(StatementView("income", "FY2010-H1").table(index), "revenue_total", "actual")
    assert c.status == CellStatus.REPORTED
    assert c.source == SourceRef(PRESS_2010, 375)
    assert f"{PRESS_2010}, line 375" in c.tooltip
    assert "Printed label: Total revenues" in c.tooltip
    assert "Printed line: Total revenues | 32,275,024 | 100.0 | 410,297 | 34,272,080 | 100.0" in c.tooltip


def test_balance_sheet_of_a_half_year_is_its_last_day(index):
    table = StatementView("balance", "FY2010-H1").table(index)
    assert table.columns[0].title == "2010-09-30\nJPY millions"
    assert cell(table, "total_assets", "actual").text == "65,923"
    assert table.columns[0].period == "2010-09-30"


def test_targets_beside_the_actual_with_the_variance_to_the_latest(index):
    table = StatementView("income", "FY2011-H1").table(index)
    assert [c.key for c in table.columns] == [
        "actual", "target", "revised_target", "variance", "prior", "change", "change_pct",
    ]  # fmt: skip
    got = texts(table, "operating_income")
    assert (got["target"], got["revised_target"], got["variance"]) == ("2,000", "2,400", "+48")
    # no target for this line: no variance either
    assert texts(table, "gross_margin")["variance"] == ""


def test_a_period_without_targets_has_no_target_columns(index):
    table = StatementView("balance", "FY2010-H1").table(index)
    assert [c.key for c in table.columns] == ["actual", "prior", "change", "change_pct"]


def test_parents_above_children_and_totals_emphasised(index):
    table = StatementView("income", "FY2010-H1").table(index)
    ids = [r.concept_id for r in table.rows]
    assert ids.index("revenue_total") < ids.index("revenue_network_services") < ids.index("revenue_wan_services")
    assert row(table, "revenue_wan_services").parent == "revenue_network_services"
    assert row(table, "revenue_total").emphasis and row(table, "gross_margin").emphasis
    assert not row(table, "revenue_wan_services").emphasis


def test_rows_without_figures_go_unless_asked_for(index):
    sparse = StatementView("income", "FY2012-Q3").table(index)
    # the 2013 presentation's quarterly rows: the income tax's parts (under their parent) and two more
    assert [r.concept_id for r in sparse.rows] == [
        "income_tax_expense",
        "income_tax_current",
        "income_tax_deferred",
        "equity_method_income",
        "net_income_noncontrolling",
    ]
    assert cell(sparse, "income_tax_expense", "actual").text == ""  # a parent shown for its parts
    full = StatementView("income", "FY2012-Q3", include_empty=True).table(index)
    assert len(full.rows) == len([c for c in catalog().values() if c.statement == "income"])


def test_context_rows_come_from_another_statement(index):
    table = StatementView("revenue_detail", "FY2010-H1").table(index)
    assert row(table, "revenue_total").context_only
    assert not row(table, "revenue_ip_service").context_only


def test_per_share_and_counts_are_never_scaled(index, library):
    per_share = StatementView("per_share", "FY2009-H1", BILLIONS).table(index)
    assert per_share.columns[0].title == "1H FY2009\nunits by row"  # yen per share, per ADS, numbers of shares
    assert cell(per_share, "eps_basic", "actual").text == "3,532.01"
    shares = next(f for f in library.facts if (f.concept, f.period) == ("weighted_average_shares_basic", "FY2009-H1"))
    assert cell(per_share, "weighted_average_shares_basic", "actual").text == f"{shares.value:,.0f}"
    kpi = StatementView("kpi", "FY2010-H1", BILLIONS).table(index)
    assert cell(kpi, "contracts_internet_connectivity_home", "actual").text == "375,300"
    assert row(kpi, "contracted_bandwidth_gbps").label == "Total contracted bandwidth (Gbps)"


def test_empty_statement_explains_itself(index):
    table = StatementView("income", "FY2014-H1").table(index)
    assert table.rows == ()
    assert table.message.startswith("No income statement figures for 1H FY2014 in the library.")
    assert "Pick another period in the navigator" in table.message
    balance = StatementView("balance", "FY2013-H1").table(index)
    assert "2013-09-30 (the end of 1H FY2013)" in balance.message


# --- the comparison page ---


def test_comparison_against_the_base(index):
    view = ComparisonView("income", ("FY2011-H1", "FY2009-H1", "FY2010-H1"))
    assert view.ordered_periods() == ["FY2009-H1", "FY2010-H1", "FY2011-H1"]
    table = view.table(index)
    got = texts(table, "revenue_total")
    assert (got["FY2009-H1"], got["FY2010-H1"], got["FY2011-H1"]) == ("32,275", "34,272", "47,207")
    assert (got["FY2010-H1:change"], got["FY2011-H1:change"]) == ("+1,997", "+14,931")
    assert (got["FY2010-H1:change_pct"], got["FY2011-H1:change_pct"]) == ("6.2%", "46.3%")
    assert "FY2009-H1:change" not in got  # the base is not compared with itself
    titles = {c.key: c.clip_title for c in table.columns}
    assert titles["FY2011-H1:change"] == "1H FY2011 vs 1H FY2009 (JPY millions)"


def test_another_base(index):
    table = ComparisonView("income", ("FY2009-H1", "FY2010-H1"), base="FY2010-H1").table(index)
    got = texts(table, "revenue_total")
    assert got["FY2009-H1:change"] == "(1,997)"
    assert got["FY2009-H1:change_pct"] == "(5.8%)"


def test_common_size(index):
    table = ComparisonView("income", ("FY2009-H1", "FY2010-H1"), common_size=True).table(index)
    # FY2010-H1: (34,272,080 - 27,430,541) / 34,272,080 = 19.96%
    assert cell(table, "gross_margin", "FY2010-H1:share").text == "20.0%"
    assert cell(table, "gross_margin", "FY2009-H1:share").text == "19.3%"
    assert cell(table, "revenue_total", "FY2010-H1:share").text == "100.0%"
    balance = ComparisonView("balance", ("FY2010-H1",), common_size=True).table(index)
    assert cell(balance, "total_assets", "FY2010-H1:share").text == "100.0%"
    assert balance.columns[1].title == "2010-09-30\n% of total assets"


def test_year_on_year_view(index):
    table = ComparisonView("income", ("FY2010-H1", "FY2011-H1"), changes=CHANGES_YOY).table(index)
    got = texts(table, "revenue_total")
    assert (got["FY2010-H1:yoy"], got["FY2010-H1:yoy_pct"]) == ("+1,997", "6.2%")
    assert got["FY2011-H1:yoy"] == "+12,934"


def test_large_changes_are_flagged_unless_turned_off(index):
    periods = ("FY2009-H1", "FY2010-H1")
    on = cell(ComparisonView("income", periods).table(index), "revenue_wan_services", "FY2010-H1:change_pct")
    assert on.text == "160.9%" and on.large
    small = cell(ComparisonView("income", periods).table(index), "revenue_total", "FY2010-H1:change_pct")
    assert not small.large
    off = cell(ComparisonView("income", periods, highlight=False).table(index), "revenue_wan_services", "FY2010-H1:change_pct")
    assert not off.large


def test_no_period_no_comparison(index):
    table = ComparisonView("income", ()).table(index)
    assert table.message == "Select two or more periods in the navigator (Ctrl+click) to compare them."


def test_balance_dates_shared_by_two_periods_are_one_column(index):
    view = ComparisonView("balance", ("FY2010-Q2", "FY2010-H1", "FY2011-H1"))
    assert [c.title.split("\n")[0] for c in view.table(index).columns if ":" not in c.key] == ["2010-09-30", "2011-09-30"]


# --- text helpers, on inline facts ---


def test_printed_amounts_keep_their_precision():
    assert printed_amount(Decimal("34272080000"), "JPY", -3) == "JPY 34,272,080 thousand"
    assert printed_amount(Decimal("1056000000"), "JPY", -6) == "JPY 1,056 million"
    assert printed_amount(Decimal("34300000000"), "JPY", -8) == "JPY 34.3 billion"
    assert printed_amount(Decimal("4241.14"), "JPY/share", 2) == "JPY 4,241.14 per share"
    assert plain_amount(Decimal("-195127000"), "JPY", BILLIONS) == "-0.195127"
    assert plain_amount(Decimal("702.5"), "Gbps", BILLIONS) == "702.5"


def _fact(value: str, period: str) -> Fact:
    raw = RawFact("operating_income", period, "actual", Decimal(value), "JPY", -6, SourceRef("doc", 1), "Operating income", "")
    return Fact(raw.concept, period, "actual", raw.value, "JPY", -6, False, raw.label, raw)


def test_a_swing_from_loss_to_profit_has_no_percentage():
    c = percent_cell(_fact("5000000", "FY2010-H1"), _fact("-3000000", "FY2009-H1"), "Change")
    assert (c.text, c.value, c.status) == ("n/m", None, COMPUTED)
    assert "sign changed" in c.tooltip


def test_a_change_that_rounds_to_nothing_has_no_plus(index):
    # operating income 1,201,091 thousand against a target of 1.2 billion: +0.0 billion would mislead
    table = StatementView("income", "FY2010-H1", BILLIONS).table(index)
    assert cell(table, "operating_income", "variance").text == "0.0"
    assert cell(table, "operating_income", "variance").value == Decimal("1091000")


def test_tooltips_are_written_when_read_not_when_the_table_is_built(monkeypatch):
    import iijviewer.views.comparison as comparison

    fresh = FactIndex.from_library(Library.load(use_user_library=False))  # nothing kept from other tests
    written = []
    real = comparison.fact_tooltip

    def counted(index, fact):
        written.append(fact.key)
        return real(index, fact)

    monkeypatch.setattr(comparison, "fact_tooltip", counted)
    table = ComparisonView("income", ("FY2009-H1", "FY2010-H1", "FY2011-H1")).table(fresh)
    assert written == []  # a table of a few hundred cells, no tooltip written
    revenue = cell(table, "revenue_total", "FY2010-H1")
    change = cell(table, "revenue_total", "FY2011-H1:change")
    assert revenue.tooltip.startswith("Total revenues, 1H FY2010") and "Printed line" in revenue.tooltip
    assert written == [("revenue_total", "FY2010-H1", "actual")]
    assert change.tooltip.splitlines()[0] == "Change against the base period: 1H FY2011 - 1H FY2009"
    assert revenue.tooltip and written == [("revenue_total", "FY2010-H1", "actual")]  # written once, then kept
