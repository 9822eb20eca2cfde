"""Reading the figures: marks that say one thing each, Change % an analyst reads right, units and precision said.

Headless (the tables the Statements and Compare pages show), plus the pure
formatting rules on invented numbers, and the document text made readable.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.base.formatting import BILLIONS, MILLIONS, change_percent, shows_zero
from iijviewer.library.store import Library
from iijviewer.models.findings_model import with_labels
from iijviewer.views.comparison import (
    ARITHMETIC_MARK,
    MARK_ARITHMETIC,
    MARK_CONFLICT,
    PRECISION_MARK,
    WARNING_MARK,
    StatementView,
    Table,
    derivation_kind,
)
from iijviewer.views.doctext import figure_spans, readable_lines, strip_markup
from iijviewer.views.viewdata import FactIndex


@pytest.fixture(scope="module")
def index() -> FactIndex:
    return FactIndex.from_library(Library.load(use_user_library=False))


def cell(table: Table, concept: str, column: str):
    keys = [c.key for c in table.columns]
    row = next(r for r in table.rows if r.concept_id == concept)
    return row.cells[keys.index(column)]


# --- Change % -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "base", "expected", "why"),
    [
        ("150", "100", Decimal(50), ""),  # revenue or a cost that grows: a rise
        ("-150", "-100", Decimal(50), ""),  # an outflow (printed in parentheses) that grows: a rise too
        ("-50", "-100", Decimal(-50), ""),  # a loss that narrows: a fall of the loss
        ("90", "100", Decimal(-10), ""),
        ("-5", "10", None, "the sign changed"),
        ("5", "0", None, "the base is zero"),
        ("12345", "10", None, "a change of over 1,000% from a small base"),
        ("-12345", "-10", None, "a change of over 1,000% from a small base"),
        ("110", "10", Decimal(1000), ""),  # exactly 1,000% is still shown
    ],
)
def test_change_percent_reads_as_an_analyst_expects(current, base, expected, why):
    assert change_percent(Decimal(current), Decimal(base)) == (expected, why)


def test_a_growing_outflow_or_expense_shows_a_rise_in_the_table(index):
    table = StatementView("income", "FY2010-H1").table(index)
    # interest expense is printed in parentheses: the Change % sign says whether the expense grew
    expense = cell(table, "interest_expense", "change_pct")
    actual, prior = cell(table, "interest_expense", "actual").value, cell(table, "interest_expense", "prior").value
    assert actual < 0 and prior < 0
    grew = abs(actual) > abs(prior)
    assert (expense.value > 0) == grew
    assert "an outflow that grows shows a rise (+)" in expense.tooltip


def test_over_a_thousand_percent_is_not_meaningful(index):
    # any row of any table whose change is over 1,000% shows n/m, with why
    found = 0
    from iijviewer.views.viewdata import statement_names

    for period in index.periods:
        for statement, _ in statement_names():
            table = StatementView(statement, period).table(index)
            if table.message or "change_pct" not in [c.key for c in table.columns]:
                continue  # (Measures: a change in points, not in percent)
            for r in table.rows:
                keys = [c.key for c in table.columns]
                a, p, pct = (r.cells[keys.index(k)] for k in ("actual", "prior", "change_pct"))
                if a.fact is not None and p.fact is not None and not index.comparable(a.fact, p.fact):
                    assert pct.text == "n/m" and "two share bases" in pct.tooltip
                    continue
                if a.value and p.value and p.value != 0 and (a.value > 0) == (p.value > 0):
                    if abs((a.value - p.value) / p.value) > 10:
                        found += 1
                        assert pct.text == "n/m" and "over 1,000%" in pct.tooltip
                    else:
                        assert pct.text != "n/m"
    assert found  # the bundled documents have such a change somewhere


# --- marks ---------------------------------------------------------------------------


def test_documents_disagreeing_and_sums_not_adding_up_have_different_marks(index):
    table = StatementView("income", "FY2011-H1").table(index)
    disagree = cell(table, "operating_income", "actual")  # reported differently by three documents
    assert disagree.mark == MARK_CONFLICT and disagree.text.startswith(WARNING_MARK)
    sum_off = cell(table, "cost_atm_operation", "actual")  # H1 reported, but Q1 + Q2 differ
    assert sum_off.mark == MARK_ARITHMETIC and sum_off.text.startswith(ARITHMETIC_MARK)
    assert WARNING_MARK not in sum_off.text
    assert f"{ARITHMETIC_MARK} " in sum_off.tooltip


def test_derived_figures_say_which_arithmetic(index):
    q1 = cell(StatementView("income", "FY2010-Q1").table(index), "revenue_total", "actual")
    assert derivation_kind(q1.fact) == "Derived by period arithmetic"
    margins = [
        cell(StatementView("income", p).table(index), "gross_margin", "actual").fact
        for p in ("FY2009-H1", "FY2010-H1", "FY2011-H1", "FY2011-Q1")
    ]
    within = [f for f in margins if f is not None and f.derived and all(t.period == f.period for t in f.derivation.terms)]
    assert within, "a gross margin computed as revenues minus costs"
    assert derivation_kind(within[0]) == "Derived from other lines of the same period"


def test_a_figure_printed_in_billions_says_so(index):
    rough = next(f for f in index.facts.values() if f.unit == "JPY" and f.decimals <= -8 and not f.derived and f.scenario == "actual")
    from iijviewer.views.comparison import fact_cell

    shown = fact_cell(index, rough, MILLIONS)
    assert shown.imprecise
    assert shown.tooltip.startswith(f"{PRECISION_MARK} Printed as JPY ") and " billion:" in shown.tooltip.splitlines()[0]
    assert not fact_cell(index, rough, BILLIONS).imprecise  # shown as printed


def test_negative_zero_is_plain_zero():
    from iijviewer.models.findings_model import format_as_printed

    assert format_as_printed(Decimal("-40000"), "JPY", -8) == "0.0 billion"
    assert shows_zero("(0.0)") and shows_zero("0") and not shows_zero("(0.1)")


# --- units ---------------------------------------------------------------------------


def test_operating_data_is_not_headed_in_yen(index):
    table = StatementView("kpi", "FY2010-H1").table(index)
    units = {r.concept.unit for r in table.rows}
    assert "JPY" not in units or len([r for r in table.rows if r.concept.unit == "JPY"]) * 2 < len(table.rows)
    assert all("JPY" not in c.title for c in table.columns)
    yen = [r for r in table.rows if r.concept.unit == "JPY"]
    assert all(r.label.endswith("(JPY millions)") for r in yen)
    assert any(r.label.endswith("(Gbps)") for r in table.rows)


def test_findings_name_concepts_by_label():
    assert with_labels("gross_margin - sga_and_rd_total = 98,765") == "Gross margin - SG&A expenses and R&D = 98,765"
    assert with_labels("unknown_word stays") == "unknown_word stays"


# --- the document text -----------------------------------------------------------------


def test_document_tables_read_as_columns_without_markup():
    lines = [
        "Heading",
        "\t<u>Actual Results</u>\t<u>Target</u>",
        "Revenues\tJPY98,765 million\tJPY90,000 million",
        "Operating income\t(1,234)\t2,000",
        "After the table",
    ]
    shown = readable_lines(lines)
    assert len(shown) == len(lines)  # one shown line per document line
    assert shown[0] == "Heading" and shown[-1] == "After the table"
    assert all("\t" not in s and "<u>" not in s for s in shown)
    # the columns start at the same place on every row of the table
    assert shown[1].index("Actual Results") == shown[2].index("JPY98,765")
    assert shown[2].index("JPY98,765") + len("JPY98,765 million") == shown[3].index("(1,234)") + len("(1,234)")  # numbers to the right
    assert strip_markup("<p><u>Recurring</u></p> <ul style=\"x\"> • a") == "Recurring  • a"


def test_the_figure_is_found_on_its_line():
    text = "Revenues   32,100   98,765   (1,234)"
    assert figure_spans(text, Decimal("98765000"), -3) == [(text.index("98,765"), len("98,765"))]
    assert figure_spans(text, Decimal("-1234000000"), -6) == [(text.index("1,234"), len("1,234"))]
    assert figure_spans(text, Decimal("5"), 0) == []


# --- the workbook's headers --------------------------------------------------------------


def test_workbook_pages_are_headed_in_their_own_unit_and_tables_bold(tmp_path):
    import openpyxl

    from iijviewer.export.workbook import ExportOptions, export_workbook

    library = Library.load(use_user_library=False)
    path = tmp_path / "book.xlsx"
    export_workbook(library, path, ExportOptions(statements=("income", "kpi")))
    book = openpyxl.load_workbook(path)
    assert book["Income statement"].oddHeader.right.text == "JPY millions"
    kpi = book["Operating data"]
    assert kpi.oddHeader.right.text == "units by row"
    labels = [kpi.cell(r, 1).value for r in range(1, kpi.max_row + 1)]
    assert "JPY millions" not in labels  # the label column's header names no yen
    assert any(isinstance(v, str) and v.endswith("(JPY millions)") for v in labels)  # yen rows say so themselves
    for name in ("Facts", "Findings", "Documents"):
        ws = book[name]
        assert not ws.oddHeader.right.text  # tables of every unit: no unit in the page header
        assert all(c.font.bold for c in ws[1] if c.value), name


def test_a_target_printed_in_billions_says_so_on_the_guidance_page():
    from PySide6.QtCore import Qt

    from iijviewer.models.guidance_model import GuidanceTableModel
    from iijviewer.views.guidance_data import guidance_rows

    lib = Library.load(use_user_library=False)
    rows = guidance_rows(FactIndex.from_library(lib), lib.documents)
    model = GuidanceTableModel(rows, MILLIONS)
    tips = [model.data(model.index(r, GuidanceTableModel.COL_INITIAL), Qt.ItemDataRole.ToolTipRole) or "" for r in range(model.rowCount())]
    rough = [t for t, row in zip(tips, rows) if row.initial is not None and row.initial.decimals <= -8 and row.concept.unit == "JPY"]
    assert rough and all(t.startswith(f"{PRECISION_MARK} Printed as JPY ") and " billion" in t for t in rough)
    exact = [t for t, row in zip(tips, rows) if row.initial is not None and row.initial.decimals >= -6]
    assert all(not t.startswith(PRECISION_MARK) for t in exact)
