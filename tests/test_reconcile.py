"""Reconciliation, derived periods and `check` on the bundled library, with values checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.analysis.checks import run_checks
from iijviewer.analysis.derive import Known, derive
from iijviewer.library.store import Library

PR2010 = "2010-11-15_press-release_1H-FY2010-results"
PR2012 = "2012-11-08_press-release_1H-FY2012-results"
PRES2011 = "2011-11-08_presentation_1H-FY2011-results"
PRES2009 = "2009-07-08_presentation_nomura-asia-equity-forum"


def _fact(library: Library, concept: str, period: str, scenario: str = "actual"):
    return next(f for f in library.facts if f.key == (concept, period, scenario))


# First quarters are the half year minus the second quarter (thousands of yen, by hand from the statements).
@pytest.mark.parametrize(
    ("concept", "period", "value", "label"),
    [
        ("revenue_total", "FY2009-Q1", "15834510000", "FY2009-H1 - FY2009-Q2"),  # 32,275,024 - 16,440,514
        ("revenue_total", "FY2010-Q1", "15813263000", "FY2010-H1 - FY2010-Q2"),  # 34,272,080 - 18,458,817
        ("revenue_total", "FY2011-Q1", "23361777000", "FY2011-H1 - FY2011-Q2"),  # 47,206,508 - 23,844,731
        ("revenue_total", "FY2012-Q1", "24841263000", "FY2012-H1 - FY2012-Q2"),  # 51,109,001 - 26,267,738
        ("operating_income", "FY2010-Q1", "265679000", "FY2010-H1 - FY2010-Q2"),  # 1,201,091 - 935,412
        ("operating_income", "FY2012-Q1", "1374023000", "FY2012-H1 - FY2012-Q2"),  # 3,262,707 - 1,888,684
    ],
)
def test_first_quarters_are_derived_from_the_half_year(library, concept, period, value, label) -> None:
    f = _fact(library, concept, period)
    assert f.derived
    assert f.value == Decimal(value)
    assert f.decimals == -3
    assert f.label.startswith(label)


def test_quarters_exist_for_every_half_year_the_documents_report(library) -> None:
    for fy in (2009, 2010, 2011, 2012):
        for q in ("Q1", "Q2"):
            for concept in ("revenue_total", "operating_income"):
                _fact(library, concept, f"FY{fy}-{q}")


def test_second_half_is_the_year_minus_the_first_half(library) -> None:
    f = _fact(library, "revenue_total", "FY2010-H2")
    # FY2010 actual 82.4 billion (2011 presentation) minus 34,272,080 thousand; precision of the coarser input
    assert f.derived and f.value == Decimal("48127920000") and f.decimals == -8


def test_a_more_precise_derivation_beats_a_coarse_report_that_agrees(library) -> None:
    f = _fact(library, "gross_margin", "FY2012-H1")
    assert f.derived and f.value == Decimal("10147743000")  # 51,109,001 - 40,961,258 against "10.1" billion
    assert f.reported is not None and f.reported.value == Decimal("10100000000")


def test_never_derived_for_instants_per_share_counts_or_targets(library) -> None:
    from iijviewer.base.concepts import catalog

    for f in library.facts:
        if f.derived:
            c = catalog()[f.concept]
            assert c.period_type == "duration" and c.unit == "JPY" and f.scenario == "actual", f


def test_derivation_from_conflicting_inputs_says_so() -> None:
    known = {
        ("revenue_total", "FY2020-H1"): Known(Decimal(100), 0, False, in_conflict=True),
        ("revenue_total", "FY2020-Q2"): Known(Decimal(60), 0, False),
    }
    (q1,) = derive(known)
    assert (q1.period, q1.value) == ("FY2020-Q1", Decimal(40))
    assert q1.inputs_in_conflict and "inputs in conflict" in q1.label


def test_fourth_quarter_chain_runs_to_a_fixed_point() -> None:
    known = {
        ("revenue_total", "FY2020"): Known(Decimal(400), 0, False),
        ("revenue_total", "FY2020-H1"): Known(Decimal(180), 0, False),
        ("revenue_total", "FY2020-Q3"): Known(Decimal(100), 0, False),
    }
    got = {d.period: d.value for d in derive(known)}
    assert got["FY2020-H2"] == 220 and got["FY2020-9M"] == 280 and got["FY2020-Q4"] == 120


def _findings(library, kind, concept, period):
    return [f for f in library.findings if (f.kind, f.concept, f.period) == (kind, concept, period)]


def test_check_lists_the_tax_figure_that_differs_by_one_million_within_one_release(library) -> None:
    (f,) = _findings(library, "conflict", "income_tax_expense", "FY2011-H1")
    # 1,055,254 thousand and "(JPY1,055 million for 1H11)" in a sentence, against 1,056 million in the summary
    assert {str(s) for s in f.sources} == {f"{PR2012}:375", f"{PR2012}:177", f"{PR2012}:235"}


def test_a_conflict_has_its_size_and_severity(library) -> None:
    (tax,) = _findings(library, "conflict", "income_tax_expense", "FY2011-H1")
    # 1,055,254 thousand against 1,056 million: 746 thousand, within the million the coarser report prints
    assert (tax.difference, tax.severity) == ("746000", "rounding")
    (operating,) = _findings(library, "conflict", "operating_income", "FY2011-H1")
    # 2,448,207 thousand against 2,488 million printed in the same release: 39.8 million, more than a million
    assert (operating.severity, Decimal(operating.difference) > 10**6) == ("material", True)
    (equity,) = _findings(library, "conflict", "equity_method_income", "FY2010-Q2")
    assert (equity.difference, equity.severity) == ("50657000", "material")  # 48 million against (2,657) thousand


def test_check_as_csv_has_the_size_and_severity_columns(capsys, tmp_path) -> None:
    import csv
    import io

    from iijviewer import cli

    assert cli.main(["check", "--format", "csv", "--data-dir", str(tmp_path / "library")]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[-2:] == ["difference", "severity"]
    tax = next(r for r in rows if (r["concept"], r["period"], r["kind"]) == ("income_tax_expense", "FY2011-H1", "conflict"))
    assert (tax["difference"], tax["severity"]) == ("746000", "rounding")


def test_check_lists_the_presentation_rows_whose_labels_slipped(library) -> None:
    # the "Equity in net income" row of the 2011 presentation carries the noncontrolling interests' figures
    (f,) = _findings(library, "conflict", "equity_method_income", "FY2010-Q2")
    assert f"{PRES2011}:247" in {str(s) for s in f.sources}


def test_the_slipped_row_gives_no_figure_and_its_quarters_come_from_the_statements(library) -> None:
    # every figure of the slipped row is another row's: none is used where nothing else reports the period
    (f,) = [f for f in library.findings if "label may have slipped" in f.message]
    assert (f.kind, f.concept, str(f.sources[0])) == ("conflict", "equity_method_income", f"{PRES2011}:247")
    assert "FY2010-Q1, FY2010-Q3, FY2010-Q4, FY2011-Q1 figures are not used" in f.message
    assert "by up to 50,657,000" in f.message  # 48 million printed against -2,657 thousand
    q1 = _fact(library, "equity_method_income", "FY2010-Q1")
    assert q1.derived and q1.value == Decimal("34478000")  # 31,821 - (-2,657) thousand; the slide printed 54
    q1 = _fact(library, "equity_method_income", "FY2011-Q1")
    assert q1.derived and q1.value == Decimal("40027000")  # 76,709 - 36,682 thousand; the slide printed 31
    assert not [f for f in library.facts if f.key in {("equity_method_income", p, "actual") for p in ("FY2010-Q3", "FY2010-Q4")}]
    # and the disagreements stay conflicts where the statements report the quarter
    (c,) = _findings(library, "conflict", "equity_method_income", "FY2011-Q2")
    assert f"{PRES2011}:247" in {str(s) for s in c.sources}


def test_check_lists_the_operating_income_misprint(library) -> None:
    (f,) = _findings(library, "conflict", "operating_income", "FY2011-H1")
    assert f"{PR2012}:739" in {str(s) for s in f.sources}  # 2,488 printed against 2,448,207 thousand


def test_check_finds_statements_that_do_not_add_up(library) -> None:
    # 4Q08: gross margin 4.1 - SG&A/R&D 2.6 is not the operating income 1.1
    (f,) = _findings(library, "arithmetic", "operating_income", "FY2008-Q4")
    assert f"{PRES2009}:1019" in {str(s) for s in f.sources}


def test_rounding_is_never_a_finding(library) -> None:
    # 34,272,080 thousand and 34.3 billion agree: no conflict on the half year's revenue
    assert not _findings(library, "conflict", "revenue_total", "FY2010-H1")
    for f in run_checks(library.normalized):
        if f.kind == "conflict":
            assert "by up to" in f.message


def test_check_compares_reported_yoy_percentages_with_the_figures(library) -> None:
    # 4Q08 SG&A/R&D: "2.6" billion printed with "21.2%" YoY against 2.5 a year earlier: only 4.0%
    found = [f for f in _findings(library, "arithmetic", "sga_and_rd_total", "FY2008-Q4") if "YoY" in f.message]
    assert len(found) == 1 and "21.2%" in found[0].message


def test_yoy_columns_are_never_facts(library) -> None:
    assert all(f.unit != "percent" for f in library.facts)
    yoy = [r for r in library.raw if r.classification == "yoy"]
    # "Total Revenues 32,275 34,272 6.2" (2010 press release): kept for the check, beside its row
    assert any(r.concept == "revenue_total" and r.period == "FY2010-H1" and r.value == Decimal("6.2") for r in yoy)


def test_per_share_figures_from_before_the_stock_split_are_said_to_be_on_the_old_basis(library) -> None:
    # "IIJ conducted a 1:200 stock split on common stock with an effective date of October 1, 2012"
    found = {f.concept: f for f in library.findings if "stock split" in f.message}
    assert set(found) == {"eps_basic", "eps_diluted", "dividend_per_share", "dividend_per_share_year_end"}
    eps = found["eps_basic"]
    assert eps.kind == "share_basis" and str(eps.sources[0]) == f"{PR2012}:253"
    # `check --format csv` speaks the contract's two kinds: figures that differ as printed are a material conflict
    import io

    from iijviewer.analysis.checks import to_csv

    out = io.StringIO()
    to_csv([eps], out)
    row = out.getvalue().splitlines()[1]
    assert row.startswith("conflict,eps_basic,") and row.endswith(",material")
    assert "1:200 stock split took effect on 2012-10-01" in eps.message and "divide them by 200" in eps.message
    # FY2010 (15,761 per old share, 2011 slide) is on the old basis; FY2012 (130.76, December 2013) on the new one
    old_basis = eps.message.split("); ")[1].split(" are per share before")[0].split(", ")
    assert "FY2010" in old_basis and "FY2011 target" in old_basis and not any("FY2012" in p for p in old_basis)
    assert f"{PRES2011}:425" in {str(s) for s in eps.sources}


def test_a_stock_split_is_read_from_the_sentence_that_states_it() -> None:
    from iijviewer.ingest.documents import StockSplit, read_stock_splits

    lines = [
        "Net income per share",
        "(Note) IIJ conducted a 1:200 stock split on common stock, with an effective date of October 1, 2012. Accordingly,",
        "a 1:1 stock split of no consequence, effective date of April 1, 2010",  # no split at all
    ]
    assert read_stock_splits("d", lines) == [StockSplit("2012-10-01", 1, 200, "d", 2)]



def test_a_per_share_figure_of_an_undated_document_on_an_unknown_basis_is_reported_never_divided() -> None:
    from pathlib import Path

    from iijviewer.analysis.checks import per_share_basis
    from iijviewer.analysis.normalize import build
    from iijviewer.analysis.sharebasis import ShareBasis
    from iijviewer.base.facts import RawFact, SourceRef
    from iijviewer.ingest.documents import Document, StockSplit

    def document(doc_id: str, published: str, splits=()) -> Document:
        return Document(doc_id, Path(doc_id), "", doc_id, published, "press_release", "", None, (), stock_splits=splits)

    docs = [document("dated", "2099-05-15", (StockSplit("2099-10-01", 1, 200, "dated", 7),)), document("excerpt", "")]
    target = RawFact("dividend_per_share", "FY2099", "target", Decimal("2468"), "JPY/share", 0, SourceRef("excerpt", 3), "Dividend", "")
    normalized = build([target], {"dated": "2099-05-15", "excerpt": ""}, ShareBasis.from_documents(docs))
    assert [f.value for f in normalized.facts] == [Decimal("2468")]  # as printed: not divided by 200
    (finding,) = per_share_basis(normalized, docs)
    assert finding.kind == "uncertain_figure" and finding.sources == (SourceRef("excerpt", 3),)
    assert "cannot be told" in finding.message and "never divided" in finding.message
