"""The Excel workbook and CSV export: opened again and checked against the facts.

Values against the normalized facts, number formats, the derived figures'
formulas (evaluated here and, where LibreOffice is installed, by LibreOffice),
outline levels, the comparison's change formulas, the Facts table, comments on
conflicts, text from documents that never becomes a formula, and a file that is
written whole or not at all.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from iijviewer import cli
from iijviewer.base.formatting import BILLIONS, MILLIONS, THOUSANDS
from iijviewer.export import grid, styles
from iijviewer.export.factsio import FACT_COLUMNS, export_facts_csv, export_view_csv
from iijviewer.export.files import ExportError
from iijviewer.export.selection import ExportOptions
from iijviewer.export.workbook import ExportSummary, export_workbook
from iijviewer.library.store import Library

INCOME = "Income statement"
KEY_ROW, FIRST_ROW, CONCEPT_COL = grid.KEY_ROW, grid.FIRST_ROW, grid.CONCEPT_COL
REF = re.compile(r"(?:'((?:[^']|'')+)'!)?\$?([A-Z]+)\$?(\d+)")
TERM = re.compile(r"([+-]?)((?:'(?:[^']|'')+'!)?[A-Z]+\d+)")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def exported(library: Library, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportSummary]:
    path = tmp_path_factory.mktemp("export") / "iij.xlsx"
    return path, export_workbook(library, path)


@pytest.fixture(scope="module")
def book(exported) -> openpyxl.Workbook:
    return openpyxl.load_workbook(exported[0])


@pytest.fixture(scope="module")
def results(exported) -> openpyxl.Workbook:
    """The same file as a reader that does not calculate sees it: the stored results of the formulas."""
    return openpyxl.load_workbook(exported[0], data_only=True)


def cells_by_key(ws) -> dict[tuple[str, str], openpyxl.cell.Cell]:
    """(concept, column key) -> cell of a statement sheet; the key row reads `FY2010-H1` or `FY2010 target`."""
    keys = {c.column: c.value for c in ws[KEY_ROW] if c.column > CONCEPT_COL and c.value}
    out = {}
    for row in ws.iter_rows(min_row=FIRST_ROW):
        concept = row[CONCEPT_COL - 1].value
        for c in row[CONCEPT_COL:]:
            if c.value is not None and c.column in keys:
                out[(concept, keys[c.column])] = c
    return out


def column_key(fact) -> str:
    return fact.period if fact.scenario == "actual" else f"{fact.period} {fact.scenario}"


def expected(fact, unit=MILLIONS) -> float:
    return float(fact.value / unit.divisor if fact.unit == "JPY" else fact.value)


def evaluate(book: openpyxl.Workbook, sheet: str, coordinate: str, depth: int = 0) -> float:
    """The value of a cell whose formula is a sum of references (`=H7-G7`, `='Income statement'!X7`)."""
    value = book[sheet][coordinate].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    assert depth < 20, f"circular formula at {sheet}!{coordinate}"
    body = value[1:]
    if TERM.sub("", body) != "":
        return arithmetic(book, sheet, body, depth)
    total = 0.0
    for sign, ref in TERM.findall(body):
        m = REF.fullmatch(ref)
        target = m.group(1).replace("''", "'") if m.group(1) else sheet
        term = evaluate(book, target, f"{m.group(2)}{m.group(3)}", depth + 1)
        total += -term if sign == "-" else term
    return total


def arithmetic(book: openpyxl.Workbook, sheet: str, body: str, depth: int) -> float:
    """A formula of references, numbers, + - * / ^, parentheses and ABS (the Measures sheet's), evaluated here."""
    import ast

    values: list[float] = []

    def ref(m: re.Match[str]) -> str:
        target = m.group(1).replace("''", "'") if m.group(1) else sheet
        values.append(evaluate(book, target, f"{m.group(2)}{m.group(3)}", depth + 1))
        return f"v[{len(values) - 1}]"

    text = REF.sub(ref, body).replace("^", "**").replace("ABS(", "abs(")
    tree = ast.parse(text, mode="eval")
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Subscript, ast.Name, ast.Load, ast.Call,
               ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
    for node in ast.walk(tree):
        assert isinstance(node, allowed), f"not plain arithmetic over references: ={body}"
        if isinstance(node, ast.Name):
            assert node.id in ("v", "abs"), f"unknown name in ={body}"
    return eval(compile(tree, "<formula>", "eval"), {"__builtins__": {}}, {"v": values, "abs": abs})  # noqa: S307


# --- values --------------------------------------------------------------------------


def test_income_statement_holds_the_reported_half_year_as_a_number(book) -> None:
    cell = cells_by_key(book[INCOME])[("revenue_total", "FY2010-H1")]
    assert cell.data_type == "n" and cell.value == 34272.08
    assert cell.number_format == "#,##0;(#,##0)"


def test_every_fact_of_a_statement_stands_on_its_sheet_at_full_precision(library, book) -> None:
    from iijviewer.base.concepts import STATEMENTS, catalog

    seen = 0
    for statement, title in STATEMENTS.items():
        if title not in book.sheetnames:
            continue
        cells = cells_by_key(book[title])
        for f in library.facts:
            if catalog()[f.concept].statement != statement:
                continue
            cell = cells[(f.concept, column_key(f))]
            assert evaluate(book, title, cell.coordinate) == pytest.approx(expected(f), rel=1e-12, abs=1e-9), f.key
            if not f.derived:
                assert cell.data_type == "n" and cell.value == expected(f), f.key
            seen += 1
    assert seen == len(library.facts)


def test_periods_are_columns_in_chronological_order(book) -> None:
    from iijviewer.base.periods import sort_key

    keys = [c.value.split()[0] for c in book[INCOME][KEY_ROW] if c.column > CONCEPT_COL and c.value]
    assert keys == sorted(keys, key=sort_key)
    assert {"FY2010-Q1", "FY2010-Q2", "FY2010-H1", "FY2010"} <= set(keys)


# --- formulas ------------------------------------------------------------------------


def test_a_derived_first_quarter_is_the_half_year_minus_the_second_quarter(library, book, results) -> None:
    cells = cells_by_key(book[INCOME])
    q1, q2, h1 = (cells[("revenue_total", p)] for p in ("FY2010-Q1", "FY2010-Q2", "FY2010-H1"))
    assert q1.value == f"={h1.coordinate}-{q2.coordinate}"
    fact = next(f for f in library.facts if f.key == ("revenue_total", "FY2010-Q1", "actual"))
    assert fact.derived
    assert evaluate(book, INCOME, q1.coordinate) == pytest.approx(expected(fact), abs=1e-9)
    # the stored result, for readers that do not calculate
    assert results[INCOME][q1.coordinate].value == expected(fact)


def test_gross_margin_is_revenues_minus_costs_where_derived(library, book) -> None:
    cells = cells_by_key(book[INCOME])
    derived = [f for f in library.facts if f.concept == "gross_margin" and f.derived and f.derivation
               and {t.concept for t in f.derivation.terms} == {"revenue_total", "cost_total"}]
    assert derived
    for f in derived:
        rev, cost = cells[("revenue_total", f.period)], cells[("cost_total", f.period)]
        assert cells[("gross_margin", f.period)].value == f"={rev.coordinate}-{cost.coordinate}"


def test_every_derived_figure_is_a_formula_in_the_full_export(library, book, exported) -> None:
    derived = sum(1 for f in library.facts if f.derived)
    assert exported[1].derived_values == 0
    assert exported[1].formulas >= derived
    cells = cells_by_key(book[INCOME])
    for f in library.facts:
        if f.derived and (f.concept, column_key(f)) in cells:
            assert str(cells[(f.concept, column_key(f))].value).startswith("="), f.key


def test_every_formula_has_its_result_stored(book, results) -> None:
    count = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    stored = results[ws.title][c.coordinate].value
                    assert stored is not None, f"{ws.title}!{c.coordinate}"
                    if not c.value.startswith("=IF("):
                        assert stored == pytest.approx(evaluate(book, ws.title, c.coordinate), rel=1e-12, abs=1e-9)
                    count += 1
    assert count > 300


def test_derived_values_whose_inputs_are_missing_are_marked_with_a_comment(library, tmp_path) -> None:
    summary = export_workbook(library, tmp_path / "q.xlsx", ExportOptions(layout="quarterly", statements=("income",)))
    assert summary.derived_values > 0
    ws = openpyxl.load_workbook(tmp_path / "q.xlsx")[INCOME]
    cell = cells_by_key(ws)[("revenue_total", "FY2010-Q1")]
    assert cell.data_type == "n" and cell.value == 15813.263
    assert cell.fill.fgColor.rgb.endswith(styles.DERIVED_VALUE_FILL)
    assert "FY2010-H1 - FY2010-Q2" in cell.comment.text
    assert "2010-11-15_press-release_1H-FY2010-results:375" in cell.comment.text


# --- formats, outline, layout ------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "money", "value"),
    [(THOUSANDS, "#,##0;(#,##0)", 34272080), (MILLIONS, "#,##0;(#,##0)", 34272.08), (BILLIONS, "#,##0.0;(#,##0.0)", 34.27208)],
)
def test_number_formats_follow_the_unit(library, tmp_path, unit, money, value) -> None:
    path = tmp_path / "u.xlsx"
    export_workbook(library, path, ExportOptions(unit=unit, statements=("income", "per_share", "kpi")))
    wb = openpyxl.load_workbook(path)
    income = cells_by_key(wb[INCOME])
    assert income[("revenue_total", "FY2010-H1")].value == value
    assert income[("revenue_total", "FY2010-H1")].number_format == money
    assert unit.label in wb[INCOME]["A2"].value and wb[INCOME]["A4"].value == unit.label
    per_share = cells_by_key(wb["Per share"])[("eps_basic", "FY2010-H1")]
    assert (per_share.value, per_share.number_format) == (4241.14, "#,##0.00;(#,##0.00)")
    counts = [c for (concept, _), c in cells_by_key(wb["Operating data"]).items() if concept.startswith("contracts_")]
    assert counts and all(c.number_format == "#,##0" for c in counts)


def test_negative_figures_are_negative_numbers_shown_in_parentheses(library, book) -> None:
    cell = cells_by_key(book[INCOME])[("net_income_noncontrolling", "FY2010-H1")]
    assert cell.value == -101.702
    assert cell.number_format.endswith(";(#,##0)")


def test_child_rows_are_outline_groups_under_their_total(book) -> None:
    ws = book[INCOME]
    levels = {ws.cell(r, CONCEPT_COL).value: ws.row_dimensions[r].outline_level for r in range(FIRST_ROW, ws.max_row + 1)}
    assert levels["revenue_total"] == 0
    assert levels["revenue_network_services"] == 1
    assert levels["revenue_wan_services"] == 2
    assert levels["cost_network_services"] > 0
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    # totals bold, children indented
    r = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, CONCEPT_COL).value == "revenue_total")
    assert ws.cell(r, 1).font.b
    r = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, CONCEPT_COL).value == "revenue_wan_services")
    assert ws.cell(r, 1).alignment.indent > 0


def test_columns_of_a_fiscal_year_fold_into_the_year(book) -> None:
    ws = book[INCOME]
    keys = {c.value: c.column_letter for c in ws[KEY_ROW] if c.column > CONCEPT_COL and c.value}
    assert ws.column_dimensions[keys["FY2010-Q1"]].outline_level == 1
    assert ws.column_dimensions[keys["FY2010-H1"]].outline_level == 1
    assert ws.column_dimensions[keys["FY2010"]].outline_level == 0


def test_frozen_headers_and_print_setup(book) -> None:
    ws = book[INCOME]
    assert ws.freeze_panes == "C7"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$6" and ws.print_title_cols == "$A:$B"
    assert ws.column_dimensions["A"].width >= 40


def test_layout_and_periods_choose_the_columns(library, tmp_path) -> None:
    path = tmp_path / "h.xlsx"
    export_workbook(library, path, ExportOptions(layout="half", statements=("income", "balance")))
    wb = openpyxl.load_workbook(path)
    keys = [c.value for c in wb[INCOME][KEY_ROW] if c.column > CONCEPT_COL and c.value]
    assert keys and all(re.fullmatch(r"FY\d{4}-H[12]( \w+)?", k) for k in keys)
    dates = [c.value for c in wb["Balance sheet"][KEY_ROW] if c.column > CONCEPT_COL and c.value]
    assert dates and all(d.endswith(("-03-31", "-09-30")) for d in dates)

    export_workbook(library, path, ExportOptions(periods=("FY2010-H1",), statements=("income", "balance")))
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb[INCOME][KEY_ROW] if c.column > CONCEPT_COL and c.value] == ["FY2010-H1", "FY2010-H1 target"]
    assert [c.value for c in wb["Balance sheet"][KEY_ROW] if c.column > CONCEPT_COL and c.value] == ["2010-09-30"]
    assert "Comparison" in wb.sheetnames  # FY2010-H1 against FY2009-H1


def test_the_window_can_compare_with_a_base_period_and_name_the_unit(library, tmp_path) -> None:
    path = tmp_path / "base.xlsx"
    options = ExportOptions(unit="billions", statements=["income"], periods=["FY2009-H1", "FY2010-H1"], compare_base="FY2009-H1")
    assert options.unit is BILLIONS and options.statements == ("income",)
    export_workbook(library, path, options)
    ws = openpyxl.load_workbook(path)["Comparison"]
    assert [(period, prior) for _, period, prior in comparison_blocks(ws)] == [("FY2010-H1", "FY2009-H1")]
    assert "1H FY2009" in ws["A1"].value


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        ExportOptions(layout="monthly").validate()
    with pytest.raises(ValueError, match="statement"):
        ExportOptions(statements=("incme",)).validate()
    with pytest.raises(ValueError, match="period"):
        ExportOptions(periods=("1H10",)).validate()


# --- comparison, trends -------------------------------------------------------------------


def comparison_blocks(ws) -> list[tuple[int, str, str]]:
    """(first column, period, prior) of each block of the Comparison sheet."""
    out = []
    for c in ws[KEY_ROW]:
        if c.column > CONCEPT_COL and c.value and (c.column - grid.FIRST_COL) % 4 == 0:
            out.append((c.column, c.value, ws.cell(KEY_ROW, c.column + 1).value))
    return out


def test_comparison_changes_are_formulas_over_the_value_cells(library, book, results) -> None:
    from openpyxl.utils import get_column_letter

    ws = book["Comparison"]
    facts = {f.key: f for f in library.facts}
    blocks = comparison_blocks(ws)
    assert blocks
    checked = 0
    for r in range(FIRST_ROW, ws.max_row + 1):
        concept = ws.cell(r, CONCEPT_COL).value
        for col, period, prior in blocks:
            a, b = f"{get_column_letter(col)}{r}", f"{get_column_letter(col + 1)}{r}"
            change = ws.cell(r, col + 2).value
            if change is None:
                continue
            assert change == f"={a}-{b}"
            # of the figure as printed (a growing outflow rises), as the viewer; n/m over 1,000% too
            assert ws.cell(r, col + 3).value == f'=IF(OR({b}=0,{a}*{b}<0,ABS(({a}-{b})/{b})>10),"n/m",({a}-{b})/{b})'
            if concept and (concept, period, "actual") in facts:
                cur, base = facts[(concept, period, "actual")], facts[(concept, prior, "actual")]
                assert results["Comparison"].cell(r, col + 2).value == pytest.approx(expected(cur) - expected(base), abs=1e-9)
                checked += 1
    assert checked > 20


def test_comparison_values_refer_to_the_statement_cells(book) -> None:
    ws = book["Comparison"]
    col = comparison_blocks(ws)[0][0]
    refs = [ws.cell(r, col).value for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, col).value is not None]
    assert any(str(v).startswith(f"='{INCOME}'!") for v in refs)


def test_trends_has_native_line_charts_of_the_headline_series(exported, book) -> None:
    ws = book["Trends"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Total revenues" in labels and "Operating income" in labels
    with zipfile.ZipFile(exported[0]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 2
        assert all(b"<lineChart>" in z.read(n) or b"<c:lineChart>" in z.read(n) for n in charts)


# --- facts, findings, documents, cover ------------------------------------------------------


def test_facts_sheet_is_a_filterable_table_of_the_contract_columns(library, book) -> None:
    ws = book["Facts"]
    header = [c.value for c in ws[1]]
    assert header[: len(FACT_COLUMNS)] == FACT_COLUMNS
    table = ws.tables["Facts"]
    assert table.ref == f"A1:{ws.cell(1, len(header)).column_letter}{len(library.facts) + 1}"
    assert table.autoFilter is not None
    col = {name: i for i, name in enumerate(header)}
    rows = {(r[col["concept"]].value, r[col["period"]].value, r[col["scenario"]].value): r for r in ws.iter_rows(min_row=2)}
    assert len(rows) == len(library.facts)
    for f in library.facts:
        r = rows[f.key]
        assert r[col["value"]].value == float(f.value), f.key
        assert r[col["derived"]].value is f.derived
        if not f.derived:
            assert (r[col["source"]].value, r[col["line"]].value) == (f.source.document, f.source.line)
    shown = rows[("revenue_total", "FY2010-H1", "actual")][col["shown_at"]]
    assert shown.hyperlink.location.startswith(f"'{INCOME}'!")


def test_findings_sheet_lists_the_income_tax_conflict(book) -> None:
    ws = book["Findings"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    (row,) = [r for r in rows if r[:4] == ["conflict", "income_tax_expense", "FY2011-H1", "actual"]]
    assert "2012-11-08_press-release_1H-FY2012-results:375" in row[5]
    assert ws.tables["Findings"].autoFilter is not None


@pytest.mark.parametrize(
    ("concept", "material"),
    [("operating_income", True), ("income_tax_expense", False)],  # 2,448,207 thousand vs 2,488 million; 1,055,254 vs 1,056
)
def test_conflicting_cells_are_marked_with_every_source(library, book, concept: str, material: bool) -> None:
    cell = cells_by_key(book[INCOME])[(concept, "FY2011-H1")]
    assert cell.fill.fgColor.rgb.endswith(styles.CONFLICT_FILL) == material  # a rounding difference is not coloured
    occurrences = [o for o in library.occurrences if o.fact.key == (concept, "FY2011-H1", "actual")]
    assert len(occurrences) > 1
    for o in occurrences:
        assert str(o.fact.source) in cell.comment.text
    assert ("disagree beyond rounding" if material else "differ only by rounding") in cell.comment.text


def test_documents_and_cover(library, book) -> None:
    docs = book["Documents"]
    assert [docs.cell(r, 1).value for r in range(2, docs.max_row + 1)] == [d.id for d in library.documents]
    cover = book["Cover"]
    text = "\n".join(str(c.value) for row in cover.iter_rows() for c in row if c.value is not None)
    assert "JPY millions" in text and "How to read the marks" in text
    assert all(d.id in text for d in library.documents)
    assert book.sheetnames[0] == "Cover" and book.sheetnames[-3:] == ["Facts", "Findings", "Documents"]


# --- text from documents stays text -----------------------------------------------------------

EVIL = ['=HYPERLINK("http://example.invalid","x")', "@SUM(A1)", "+1+1", "-2+3", "\t=1"]


@pytest.fixture(scope="module")
def evil_library(library: Library) -> Library:
    """The library with printed labels and a document title that a spreadsheet would take for formulas."""
    targets = {("revenue_total", "FY2010-H1"): EVIL[0], ("cost_total", "FY2010-H1"): EVIL[1],
               ("income_before_income_tax", "FY2010-H1"): EVIL[2], ("operating_income", "FY2010-H1"): EVIL[3],
               ("net_income", "FY2010-H1"): EVIL[4]}
    raw = [dataclasses.replace(r, label=targets.get((r.concept, r.period), r.label)) for r in library.raw]
    documents = [dataclasses.replace(library.documents[0], title="=1+1")] + list(library.documents[1:])
    return Library(documents, raw, list(library.report))


def test_text_from_documents_never_becomes_a_formula(evil_library: Library, tmp_path) -> None:
    path = tmp_path / "evil.xlsx"
    export_workbook(evil_library, path, ExportOptions(statements=("income",)))
    wb = openpyxl.load_workbook(path)
    labels = {c.value: c for c in wb["Facts"]["J"]}
    for text in EVIL:
        cell = labels[text]
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix
    docs = wb["Documents"]
    assert docs["B2"].value == "=1+1" and docs["B2"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    formulas = re.findall(rb"<f>(.*?)</f>", sheets)
    assert formulas and not any(b"HYPERLINK" in f or b"SUM" in f or f == b"1+1" for f in formulas)


def test_the_facts_csv_neutralizes_formula_like_labels(evil_library: Library, tmp_path) -> None:
    path = tmp_path / "facts.csv"
    count = export_facts_csv(evil_library, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == count and list(rows[0]) == FACT_COLUMNS
    by_key = {(r["concept"], r["period"], r["scenario"]): r for r in rows}
    assert by_key[("revenue_total", "FY2010-H1", "actual")]["label"] == "'" + EVIL[0]
    assert by_key[("cost_total", "FY2010-H1", "actual")]["label"] == "'" + EVIL[1]
    noncontrolling = by_key[("net_income_noncontrolling", "FY2010-H1", "actual")]
    assert noncontrolling["value"] == "-101702000"  # a negative number stays a number


def test_view_csv_keeps_numbers_and_neutralizes_formulas(tmp_path) -> None:
    path = tmp_path / "view.csv"
    rows = [["=cmd|' /C calc'!A0", Decimal("-1234.5"), "-1,234", "(1,234)", None, True], ["@SUM(A1)", 3, "-1+2", "", 0.5, False]]
    assert export_view_csv(rows, ["Label", "FY2010", "text", "shown", "none", "flag"], path) == 2
    got = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert got == [
        ["Label", "FY2010", "text", "shown", "none", "flag"],
        ["'=cmd|' /C calc'!A0", "-1234.5", "-1,234", "(1,234)", "", "true"],
        ["'@SUM(A1)", "3", "'-1+2", "", "0.5", "false"],
    ]


# --- written whole or not at all -----------------------------------------------------------------


@pytest.fixture
def existing(tmp_path) -> Path:
    target = tmp_path / "out" / "book.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"the workbook from yesterday")
    return target


SMALL = ExportOptions(statements=("per_share",))


def test_a_failed_save_leaves_the_existing_file_and_no_temporary_file(library, existing, monkeypatch) -> None:
    def broken_save(self, filename):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(RuntimeError):
        export_workbook(library, existing, SMALL)
    assert existing.read_bytes() == b"the workbook from yesterday"
    assert os.listdir(existing.parent) == ["book.xlsx"]


def test_a_failure_half_way_through_writing_leaves_the_existing_file(library, existing, monkeypatch) -> None:
    real = zipfile.ZipFile.writestr
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(ExportError, match="No space left"):
        export_workbook(library, existing, SMALL)
    assert existing.read_bytes() == b"the workbook from yesterday"
    assert os.listdir(existing.parent) == ["book.xlsx"]


def test_a_successful_export_replaces_the_file_and_keeps_its_permissions(library, existing) -> None:
    existing.chmod(0o640)
    export_workbook(library, existing, SMALL)
    assert zipfile.is_zipfile(existing)
    assert existing.stat().st_mode & 0o777 == 0o640
    assert os.listdir(existing.parent) == ["book.xlsx"]


def test_a_target_that_is_open_elsewhere_gets_a_clear_message(library, existing, monkeypatch) -> None:
    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="open in another program") as e:
        export_workbook(library, existing, SMALL)
    assert str(existing) in str(e.value)
    assert existing.read_bytes() == b"the workbook from yesterday"
    assert os.listdir(existing.parent) == ["book.xlsx"]


def test_unwritable_targets_are_refused_with_the_reason(library, tmp_path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_workbook(library, tmp_path / "missing" / "a.xlsx", SMALL)
    (tmp_path / "plain").write_text("a file, not a folder")
    with pytest.raises(ExportError, match="is not a folder"):
        export_workbook(library, tmp_path / "plain" / "a.xlsx", SMALL)
    with pytest.raises(ExportError, match="is a folder"):
        export_workbook(library, tmp_path, SMALL)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not stop root")
def test_a_read_only_folder_is_refused(library, tmp_path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="not writable"):
            export_workbook(library, folder / "a.xlsx", SMALL)
    finally:
        folder.chmod(0o700)


# --- the command line --------------------------------------------------------------------------------


def test_cli_export_writes_workbook_and_csv(capsys, tmp_path) -> None:
    xlsx, facts = tmp_path / "iij.xlsx", tmp_path / "facts.csv"
    code = cli.main(["export", "--xlsx", str(xlsx), "--csv", str(facts), "--unit", "billions",
                     "--statements", "income,balance", "--layout", "annual", "--data-dir", str(tmp_path / "data")])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert f"wrote {xlsx}" in out and f"wrote {facts}" in out
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Income statement"]["A4"].value == "JPY billions"
    keys = [c.value for c in wb["Income statement"][KEY_ROW] if c.column > CONCEPT_COL and c.value]
    assert keys and all(re.fullmatch(r"FY\d{4}( \w+)?", k) for k in keys)
    assert facts.read_bytes().startswith(b"\xef\xbb\xbfconcept,period")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--xlsx", "{tmp}/missing/a.xlsx"], "{tmp}/missing/a.xlsx: cannot write: the folder"),
        (["--xlsx", "{tmp}/file.txt/a.xlsx"], "{tmp}/file.txt/a.xlsx: cannot write:"),
        (["--csv", "{tmp}/file.txt/a.csv"], "{tmp}/file.txt/a.csv: cannot write:"),
        (["--xlsx", "{tmp}/a.xlsx", "--statements", "income,nope"], "unknown statement 'nope'"),
        (["--xlsx", "{tmp}/a.xlsx", "--periods", "1H10"], "not a period key"),
        ([], "--xlsx FILE"),
    ],
)
def test_cli_export_errors_exit_2_with_one_line(capsys, tmp_path, argv, message) -> None:
    (tmp_path / "file.txt").write_text("x")
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert cli.main(["export", *argv, "--data-dir", str(tmp_path / "data")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("iijviewer: ") and err.count("\n") == 1 and "Traceback" not in err
    assert message.format(tmp=tmp_path) in err


def test_the_command_line_does_not_load_openpyxl_to_start() -> None:
    code = "import sys, iijviewer.cli, iijviewer.export.workbook; print('openpyxl' in sys.modules)"
    out = subprocess.run([os.sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- recalculated by LibreOffice ------------------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_formulas_to_the_expected_figures(library, tmp_path) -> None:
    from openpyxl.utils import get_column_letter

    source = tmp_path / "plain.xlsx"
    # without stored results: whatever LibreOffice shows, it calculated
    export_workbook(library, source, ExportOptions(statements=("income", "balance")), store_results=False)
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    calc = openpyxl.load_workbook(out / "plain.xlsx", data_only=True)
    formulas = openpyxl.load_workbook(source)
    facts = {f.key: f for f in library.facts}

    cells = cells_by_key(formulas[INCOME])
    q1 = cells[("revenue_total", "FY2010-Q1")]
    assert q1.value.startswith("=")
    assert calc[INCOME][q1.coordinate].value == pytest.approx(15813.263, abs=1e-9)
    for (concept, key), cell in cells.items():
        if isinstance(cell.value, str) and cell.value.startswith("="):
            fact = facts[(concept, key, "actual")]
            assert calc[INCOME][cell.coordinate].value == pytest.approx(expected(fact), abs=1e-6), (concept, key)

    ws, got = formulas["Comparison"], calc["Comparison"]
    checked = 0
    for col, period, prior in comparison_blocks(ws):
        for r in range(FIRST_ROW, ws.max_row + 1):
            concept = ws.cell(r, CONCEPT_COL).value
            if ws.cell(r, col + 2).value is None or (concept, period, "actual") not in facts:
                continue
            cur, base = facts[(concept, period, "actual")], facts[(concept, prior, "actual")]
            assert got.cell(r, col + 2).value == pytest.approx(expected(cur) - expected(base), abs=1e-6)
            pct = got.cell(r, col + 3).value
            if base.value == 0 or cur.value * base.value < 0:
                assert pct == "n/m"
            else:
                assert pct == pytest.approx(float((cur.value - base.value) / abs(base.value)), rel=1e-9)
            checked += 1
            assert get_column_letter(col)
    assert checked > 20


# --- the Measures sheet ----------------------------------------------------------------------------

MEASURES_SHEET = "Measures"


@pytest.fixture(scope="module")
def workbook_measures(library: Library):
    from iijviewer.analysis.sharebasis import ShareBasis
    from iijviewer.views import metrics
    from iijviewer.views.viewdata import FactIndex

    return metrics.measures_of(FactIndex.from_library(library), ShareBasis.from_documents(library.documents))


def test_measures_sheet_cells_are_formulas_over_the_statement_cells(library, book, results, workbook_measures) -> None:
    assert MEASURES_SHEET in book.sheetnames
    cells = cells_by_key(book[MEASURES_SHEET])
    homes = {}
    for title in ("Income statement", "Balance sheet", "Per share", "Non-GAAP", "Cash flows"):
        for (concept, column), cell in cells_by_key(book[title]).items():
            homes[(concept, column)] = f"'{title}'!{cell.coordinate}"
    checked = 0
    for v in workbook_measures.values:
        cell = cells[(v.metric, v.period if v.scenario == "actual" else f"{v.period} {v.scenario}")]
        formula = cell.value
        assert isinstance(formula, str) and formula.startswith("="), v.key
        # every input is referred to where its statement sheet shows it, and nothing else is
        wanted = {homes[(f.concept, f.period if f.scenario == "actual" else f"{f.period} {f.scenario}")] for f in v.inputs}
        assert set(re.findall(r"'[^']+'![A-Z]+\d+", formula)) == wanted, v.key
        stored = results[MEASURES_SHEET][cell.coordinate].value
        expected_value = float(v.value / 100) if v.unit == "percent" else float(v.value / MILLIONS.divisor)
        assert stored == pytest.approx(expected_value, rel=1e-12), v.key
        assert evaluate(book, MEASURES_SHEET, cell.coordinate) == pytest.approx(expected_value, rel=1e-9), v.key
        assert cell.number_format == ("0.00%;(0.00%)" if v.unit == "percent" else "#,##0;(#,##0)")
        assert v.formula in cell.comment.text
        checked += 1
    assert checked == len(workbook_measures) > 100


def test_operating_margin_in_the_workbook_is_operating_income_over_revenues(book, results) -> None:
    income = cells_by_key(book[INCOME])
    cell = cells_by_key(book[MEASURES_SHEET])[("operating_margin_pct", "FY2012-H1")]
    top, bottom = income[("operating_income", "FY2012-H1")], income[("revenue_total", "FY2012-H1")]
    assert cell.value == f"='{INCOME}'!{top.coordinate}/'{INCOME}'!{bottom.coordinate}"
    assert results[MEASURES_SHEET][cell.coordinate].value == pytest.approx(top.value / bottom.value, rel=1e-12)


def test_measures_alone_bring_the_statements_their_formulas_read(library, tmp_path) -> None:
    path = tmp_path / "measures-only.xlsx"
    summary = export_workbook(library, path, ExportOptions(statements=("measures",)))
    assert {INCOME, "Balance sheet", "Per share", MEASURES_SHEET} <= set(summary.sheets)
    assert "Segments" not in summary.sheets
    cell = cells_by_key(openpyxl.load_workbook(path)[MEASURES_SHEET])[("operating_margin_pct", "FY2012-H1")]
    assert str(cell.value).startswith(f"='{INCOME}'!")


def test_measures_whose_inputs_are_not_in_the_workbook_are_values_with_a_comment(library, tmp_path, workbook_measures) -> None:
    path = tmp_path / "halves.xlsx"
    export_workbook(library, path, ExportOptions(layout="half"))  # no year columns: a half's twelve months read one
    ws = openpyxl.load_workbook(path)[MEASURES_SHEET]
    cell = cells_by_key(ws)[("revenue_ttm", "FY2011-H1")]
    v = workbook_measures.get("revenue_ttm", "FY2011-H1")
    assert any(f.period == "FY2010" for f in v.inputs)
    assert cell.data_type == "n" and cell.value == pytest.approx(float(v.value / MILLIONS.divisor), rel=1e-12)
    assert cell.fill.start_color.rgb.endswith(styles.DERIVED_VALUE_FILL)
    assert "not all in this workbook" in cell.comment.text and all(str(s) in cell.comment.text for s in v.sources)


def test_no_measures_sheet_when_measures_are_not_asked_for(library, tmp_path) -> None:
    summary = export_workbook(library, tmp_path / "income.xlsx", ExportOptions(statements=("income",)))
    assert MEASURES_SHEET not in summary.sheets
