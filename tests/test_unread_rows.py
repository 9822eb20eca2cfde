"""Nothing dropped unsaid, and the statements complete (issue 13, item 6).

Every table row of the bundled documents that prints a figure either gives a
fact or is named by a finding that says why; few stay unread.  The balance
sheet balances and the cash flows add up, on the values the program reads.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.analysis.checks import identities, sums
from iijviewer.base.concepts import catalog
from iijviewer.base.facts import Finding, SourceRef
from iijviewer.base.vocabulary import FindingKind, finding_label
from iijviewer.ingest.documents import bundled_documents
from iijviewer.ingest.reader import read_document
from iijviewer.ingest.unread import unread_rows

# a table whose row labels a converter lost (the figures stand without them) cannot be read without guessing
LOST_LABELS = "lost_labels"
MAX_UNREAD_WITH_LABELS = 20


@pytest.fixture(scope="module")
def unread():
    return {doc.id: unread_rows(doc.id, doc.lines) for doc in bundled_documents()}


def test_every_unread_row_is_reported_with_a_reason(unread):
    silent = [(doc, r.line, r.label) for doc, rows in unread.items() for r in rows if not r.reason]
    assert silent == []


def test_few_rows_stay_unread(unread):
    rows = [(doc, r) for doc, found in unread.items() for r in found]
    labelled = [(doc, r.line, r.label, r.reason) for doc, r in rows if not r.reason.startswith(LOST_LABELS)]
    assert len(labelled) <= MAX_UNREAD_WITH_LABELS, labelled
    # the rest are figures whose labels the conversion lost, each reported as such
    lost = [r for _, r in rows if r.reason.startswith(LOST_LABELS)]
    assert all("no readable row label" in r.reason for r in lost)
    assert len(rows) == len(labelled) + len(lost)


def test_an_unread_row_finding_names_its_label_and_why():
    lines = [
        "Statement (Thousands of JPY)",
        "\tSix Months Ended September 30, 2010\tSix Months Ended September 30, 2011",
        "Revenues\t98,765\t99,999",
        "Something nobody catalogued\t1,234\t2,345",
    ]
    facts, findings = read_document("doc", lines)
    assert {f.concept for f in facts} == {"revenue_total"}
    unread = [f for f in findings if f.kind == FindingKind.UNREAD_ROW]
    assert [(f.sources, f.message) for f in unread] == [
        ((SourceRef("doc", 4),), "row 'Something nobody catalogued': no concept in the catalog for its label; not read")
    ]
    assert finding_label(FindingKind.UNREAD_ROW) == "row not read"


def _chosen(library, period: str) -> dict[str, Decimal]:
    return {f.concept: f.value for f in library.facts if f.period == period and f.scenario == "actual"}


def _half_units(library, period: str, concepts) -> Decimal:
    decimals = {f.concept: f.decimals for f in library.facts if f.period == period and f.scenario == "actual"}
    return sum((Decimal(10) ** -decimals[c] / 2 for c in concepts if c in decimals), Decimal(0))


@pytest.mark.parametrize("period", ["2010-09-30", "2012-03-31", "2012-09-30"])
def test_the_balance_sheet_balances_with_its_detail(library, period):
    v = _chosen(library, period)
    cat = catalog()
    current = [c.id for c in cat.values() if c.parent == "total_current_assets" and c.id in v]
    assert {"deferred_tax_assets_current", "other_current_assets"} <= set(current)
    assert abs(sum(v[c] for c in current) - v["total_current_assets"]) <= _half_units(library, period, current)
    noncurrent = [
        c.id
        for c in cat.values()
        if c.parent == "total_assets" and c.id in v and c.id not in ("total_current_assets", "goodwill_and_other_intangible_assets")
    ]
    assert {"guarantee_deposits", "deferred_tax_assets_noncurrent", "other_assets"} <= set(noncurrent)
    assets = v["total_current_assets"] + sum(v[c] for c in noncurrent)
    assert abs(assets - v["total_assets"]) <= _half_units(library, period, noncurrent + ["total_assets"])
    liabilities = [c.id for c in cat.values() if c.parent in ("total_current_liabilities",) and c.id in v]
    assert {"income_taxes_payable" if period.startswith("2012") else "accrued_retirement_costs_current"} <= set(liabilities)
    assert abs(sum(v[c] for c in liabilities) - v["total_current_liabilities"]) <= _half_units(library, period, liabilities)
    noncurrent_liabilities = [
        c.id for c in cat.values() if c.parent == "total_liabilities" and c.id in v and c.id != "total_current_liabilities"
    ]
    total = v["total_current_liabilities"] + sum(v[c] for c in noncurrent_liabilities)
    assert abs(total - v["total_liabilities"]) <= _half_units(library, period, noncurrent_liabilities)
    assert v["total_assets"] == v["total_liabilities"] + v["total_equity"] == v["total_liabilities_and_equity"]


@pytest.mark.parametrize("period", ["FY2009-H1", "FY2010-H1", "FY2011-H1", "FY2012-H1"])
def test_the_cash_flows_add_up_to_the_change_in_cash(library, period):
    v = _chosen(library, period)
    sections = ("cf_operating", "cf_investing", "cf_financing", "cf_fx_effect")
    assert sum(v[c] for c in sections) == v["cf_net_change_in_cash"]
    from iijviewer.base.periods import parse_key

    p = parse_key(period)
    begin = _chosen(library, p.instant_before_start().key)["cash_and_equivalents"]
    end = _chosen(library, p.instant_at_end().key)["cash_and_equivalents"]
    assert begin + v["cf_net_change_in_cash"] == end
    # and each section is the sum of its lines, as printed
    cat = catalog()
    for section in ("cf_investing", "cf_financing"):
        lines = [c.id for c in cat.values() if c.parent == section and c.id in v]
        assert len(lines) >= 3
        assert sum(v[c] for c in lines) == v[section], section
    operating = [c.id for c in cat.values() if c.parent == "cf_operating" and c.id in v]
    assert len(operating) >= 12
    assert v["net_income"] + sum(v[c] for c in operating) == v["cf_operating"]


def test_the_detail_identities_are_checked_and_hold(library):
    """The sums of the statements' detail run on the bundled figures, and none is off."""
    totals = {"total_current_assets", "total_liabilities", "cf_operating", "cf_investing", "comprehensive_income_total"}
    assert totals <= {i.total for i in identities() if i.optional or i.total == "comprehensive_income_total"}
    assert [f for f in sums(library.normalized) if f.concept in totals] == []


def test_an_identity_with_optional_detail_reports_a_statement_that_does_not_add_up(library):
    """A balance sheet whose detail misses its total is an arithmetic finding (the check can fail)."""
    from dataclasses import replace

    normalized = library.normalized
    facts = [
        replace(f, value=f.value + 98_765_000) if (f.concept, f.period) == ("guarantee_deposits", "2012-09-30") else f
        for f in normalized.facts
    ]
    found = [f for f in sums(replace(normalized, facts=facts)) if f.concept == "total_assets" and f.period == "2012-09-30"]
    assert [f.kind for f in found] == [FindingKind.ARITHMETIC]
    assert "off by -98,765,000" in found[0].message
    assert isinstance(found[0], Finding)


def _values(lines: list[str]) -> dict[tuple[str, str], Decimal]:
    facts, _ = read_document("doc", lines)
    return {(f.concept, f.period): f.value for f in facts if f.scenario == "actual"}


def test_a_row_under_a_segments_row_is_that_segments_part():
    lines = [
        "Business Segments:",
        "Revenues:",
        "\tSix Months Ended September 30, 2098\tSix Months Ended September 30, 2099",
        "\tThousands of JPY\tThousands of JPY",
        "Network service and systems integration business\t1,000\t2,000",
        "Customers\t900\t1,800",
        "Intersegment\t100\t200",
        "ATM operation business\t50\t60",
        "Customers\t50\t60",
        "Consolidated total\t1,050\t2,060",
    ]
    got = _values(lines)
    assert got[("segment_revenue_network_si_customers", "FY2099-H1")] == 1_800_000
    assert got[("segment_revenue_network_si_intersegment", "FY2098-H1")] == 100_000
    assert got[("segment_revenue_atm_customers", "FY2099-H1")] == 60_000
    assert ("segment_revenue_atm_intersegment", "FY2099-H1") not in got
    # without the segment's row above, "Customers" names nothing
    facts, findings = read_document("doc", lines[:4] + lines[5:6])
    assert facts == [] and [f.sources[0].line for f in findings] == [5] and "not in the concept catalog" in findings[0].message


def test_rows_that_name_parts_of_the_years_in_the_columns_under_a_caption_that_names_the_concept():
    lines = [
        "■Cloud Revenue",
        "",
        "Unit: JPY billion\tFY97\tFY98",
        "1 st Half (Sep.)\t1.5\t2.5",
        "Full Year\t3.5\t5.5",
        "Others\t0.5\t0.5",
    ]
    facts, findings = read_document("doc", lines)
    got = {(f.concept, f.period): f.value for f in facts}
    assert got == {
        ("cloud_revenue", "FY2097-H1"): 1_500_000_000,
        ("cloud_revenue", "FY2098-H1"): 2_500_000_000,
        ("cloud_revenue", "FY2097"): 3_500_000_000,
        ("cloud_revenue", "FY2098"): 5_500_000_000,
    }
    assert {f.decimals for f in facts} == {-8}
    assert [(f.kind, f.sources[0].line) for f in findings] == [(FindingKind.UNREAD_ROW, 6)]
