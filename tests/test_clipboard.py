"""Copy that keeps formats: tab-separated text and an HTML table, as shown or at full precision."""

from __future__ import annotations

from iijviewer.views.clipboard import ClipCell, html, number_format, tsv

HEADERS = ["Income statement", "1H FY2030 (JPY millions)", "Change\n%"]
ROWS = [
    [ClipCell("Total revenues", "Total revenues", bold=True, label=True), ClipCell("98,765", "98765.432"), ClipCell("8.3%", "8.31", True)],
    [ClipCell("Interest expense", "Interest expense", depth=2, label=True), ClipCell("(162)", "-162.4"), ClipCell("(5.5%)", "-5.52", True)],
    [ClipCell("=cmd|' /C calc'!A0 <script>", "=cmd|' /C calc'!A0 <script>", label=True), ClipCell(), ClipCell("n/m", "", True)],
]


def test_number_formats_follow_the_screen() -> None:
    assert number_format(ClipCell("98,765", "98765.432")) == "#,##0;\\(#,##0\\)"
    assert number_format(ClipCell("98.8", "98.765")) == "#,##0.0;\\(#,##0.0\\)"
    assert number_format(ClipCell("(5.5%)", "-5.52", True)) == "0.0%;\\(0.0%\\)"


def test_text_at_full_precision_and_as_shown_neutralises_formulas() -> None:
    full = tsv(HEADERS, ROWS).splitlines()
    assert full[0] == "Income statement\t1H FY2030 (JPY millions)\tChange %"
    assert full[1] == "Total revenues\t98765.432\t8.31"
    assert full[2] == "Interest expense\t-162.4\t-5.52"
    assert full[3].startswith("'=cmd")  # never a formula in a spreadsheet
    shown = tsv(HEADERS, ROWS, as_shown=True).splitlines()
    assert shown[1] == "Total revenues\t98,765\t8.3%"
    assert shown[3].endswith("\t\tn/m")


def test_html_keeps_formats_indentation_and_escapes_text() -> None:
    full = html(HEADERS, ROWS)
    assert "<thead>" in full  # a header row Excel and mail keep
    assert 'x:num="98765.432"' in full and ">98765.432<" in full
    assert 'x:num="-0.0552"' in full and ">-5.52%<" in full  # a percent cell: a fraction with a percent format
    assert "mso-number-format:\"0.0%;\\(0.0%\\)\"" in full
    assert "padding-left:30px;mso-char-indent-count:2" in full
    assert "font-weight:bold" in full
    assert "<script>" not in full and "&lt;script&gt;" in full
    shown = html(HEADERS, ROWS, as_shown=True)
    assert ">98,765<" in shown and ">(5.5%)<" in shown and "x:num" not in shown
