"""File > Print, Print Preview and Export as PDF: the current page as a paginated report."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PySide6.QtCore import QSettings, Qt

from iijviewer.base.formatting import plural
from iijviewer.models.statement_model import FIGURE_PAD
from iijviewer.ui.main_window import MainWindow
from iijviewer.ui.report import Report, export_pdf


@pytest.fixture
def window(qtbot, library, tmp_path) -> MainWindow:
    w = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.set_statement("income")
    w.set_period("FY2012-H1")
    return w


def _pages(path) -> list[str]:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_a_pdf_of_the_statements_page_has_its_period_unit_figures_and_sources(window, tmp_path) -> None:
    window.show_view("statements")
    page = window.pages["statements"]
    source = page.model.index_of("revenue_total", page.model.column_of("actual"))
    shown = page.model.data(source, Qt.ItemDataRole.DisplayRole).rstrip(FIGURE_PAD)
    target = tmp_path / "statement.pdf"
    assert window._report("export_page_pdf", str(target)) >= 1
    pages = _pages(target)
    text = pages[0]
    assert "Internet Initiative Japan Inc. (IIJ)" in text and "Income statement" in text
    assert "Period: 1H FY2012" in text and "Unit: JPY millions" in text and "Printed " in text
    assert shown in text  # a figure as the table shows it
    doc = page.model.data(source, Qt.ItemDataRole.ToolTipRole).splitlines()[1].split(",")[0]
    assert doc in "\n".join(pages) and "Sources" in pages[-1]
    assert f"Page 1 of {len(pages)}" in text
    assert not list(tmp_path.glob(".statement.pdf.*"))  # the temporary file went into place


def test_the_comparison_and_the_chart_print_too(window, tmp_path) -> None:
    window.set_periods(["FY2011-H1", "FY2012-H1"])
    window.show_view("compare")
    target = tmp_path / "compare.pdf"
    assert window._report("export_page_pdf", str(target)) >= 1
    text = _pages(target)[0]
    assert "comparison" in text and "Periods: 1H FY2011, 1H FY2012" in text
    window.show_in_trends(["revenue_total", "operating_income"])
    target = tmp_path / "trends.pdf"
    assert window._report("export_page_pdf", str(target)) == 1
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        assert pdf.pages[0].images  # the chart, as a picture
        assert "Trends: Total revenues, Operating income" in pdf.pages[0].extract_text()


def test_long_tables_repeat_their_column_headers_and_text_is_never_markup(qapp, tmp_path) -> None:
    rows = "".join(f"<tr><td>Line {i}</td><td align='right'>{i * 7:,}</td></tr>" for i in range(150))
    body = f"<table><thead><tr><th>Statement</th><th>1H FY2030 invented</th></tr></thead><tbody>{rows}</tbody></table>"
    target = tmp_path / "long.pdf"
    pages = export_pdf(Report("Long", ["Period: 1H FY2030"], body, [("doc-x", "2030-11-01", "A <b>bold</b> title")]), target)
    texts = _pages(target)
    assert pages == len(texts) >= 2
    assert all("1H FY2030 invented" in t and "Period: 1H FY2030" in t for t in texts)  # header and column headers on each page
    assert all(f"Page {n} of {pages}" in t for n, t in enumerate(texts, start=1))
    assert "A <b>bold</b> title" in texts[-1]


def test_a_pdf_that_cannot_be_written_says_so_and_leaves_nothing(window, tmp_path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: shown.append(a[2]))
    assert window._report("export_page_pdf", str(tmp_path / "missing" / "x.pdf")) == 0
    assert shown and "does not exist" in shown[0]


def test_a_pdf_export_that_fails_midway_leaves_the_existing_file_and_no_temporary(window, tmp_path, monkeypatch) -> None:
    from iijviewer.ui import report

    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF an earlier report")

    def broken(*_args, **_kwargs):
        raise RuntimeError("the printer ran out of paper")

    monkeypatch.setattr(report, "render", broken)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: None)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: None)
    try:
        window._report("export_page_pdf", str(target))
    except RuntimeError:
        pass
    assert target.read_bytes() == b"%PDF an earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_the_file_menu_offers_print_preview_and_pdf(window, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"&Print…", "Print Pre&view…", "Export as &PDF…"} <= set(texts)
    painted = []

    def exec_(dialog):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(window.settings.fileName()) + ".pdf")
        dialog.paintRequested.emit(printer)
        painted.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.preview_action.trigger()
    assert painted == ["Print Preview — Income statement"]


def test_per_share_figures_print_their_unit_and_share_basis(window) -> None:
    from iijviewer.ui.report import report_for

    window.set_statement("per_share")
    window.show_view("statements")
    report = report_for(window)
    assert "Unit: units by row" in report.lines  # yen per share, yen per ADS and share counts, each row saying which
    basis = next(line for line in report.lines if line.startswith("Share basis:"))
    splits = {s.effective for d in window.library.documents for s in d.stock_splits}
    assert splits and all(day in basis for day in splits)  # the split the documents state
    window.set_statement("income")
    assert not any(line.startswith("Share basis:") for line in report_for(window).lines)


def test_a_report_in_us_dollars_names_its_rates(window) -> None:
    from iijviewer.ui.report import report_for

    window.set_unit("usd_millions")
    window.show_view("statements")
    lines = report_for(window).lines
    assert "Unit: US$ millions at each document's rate" in lines
    assert any(line.startswith("US dollars at the rate the documents state: JPY") for line in lines)


def test_print_renders_on_the_printer_the_dialog_chose(window, tmp_path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    target = tmp_path / "printed.pdf"

    def exec_(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer offscreen tests can read back
        printer.setOutputFileName(str(target))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    window.show_view("statements")
    window.print_action.trigger()
    texts = _pages(target)
    assert texts and "Period: 1H FY2012" in texts[0]
    assert window.statusBar().currentMessage() == f"Printed {plural(len(texts), 'page')}"
