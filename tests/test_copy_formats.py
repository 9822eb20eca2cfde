"""Edit > Copy, Copy as Shown, Copy Full Precision: the clipboard holds an HTML table beside tab-separated text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QGuiApplication

from iijviewer.models.statement_model import FIGURE_PAD, PlainRole
from iijviewer.ui.main_window import MainWindow


def _select(panel, concept: str, keys: list[str]) -> None:
    for k in keys:
        source = panel.model.index_of(concept, panel.model.column_of(k) if k else 0)
        assert source.isValid(), concept
        panel.tree.selectionModel().select(panel.proxy.mapFromSource(source), QItemSelectionModel.SelectionFlag.Select)


def _cell(panel, concept: str, key: str, role=Qt.ItemDataRole.DisplayRole) -> str:
    return panel.model.data(panel.model.index_of(concept, panel.model.column_of(key)), role)


def test_copy_puts_html_and_text_with_formats_indentation_and_escaped_labels(qtbot, library, index) -> None:
    from iijviewer.ui.statements import StatementsPanel

    panel = StatementsPanel()
    qtbot.addWidget(panel)
    panel.set_data(library, index)
    panel.set_period("FY2010-H1")  # the income statement, the window's default
    assert panel.copy_mime() is None  # nothing selected
    _select(panel, "revenue_total", ["", "actual", "change_pct"])
    _select(panel, "sga_and_rd_total", ["", "actual"])
    _select(panel, "cost_network_services", ["", "actual"])
    mime = panel.copy_mime()
    assert mime.hasText() and mime.hasHtml()
    assert mime.text() == panel.copy_text()  # the text flavour is what Copy always gave
    html = mime.html()
    revenue = _cell(panel, "revenue_total", "actual", PlainRole)
    pct = _cell(panel, "revenue_total", "change_pct", PlainRole)
    assert f'x:num="{revenue}"' in html and f">{revenue}<" in html  # every digit
    assert f">{pct}%<" in html and "mso-number-format:\"0.0%;" in html  # a percent cell Excel reads as one
    assert "SG&amp;A" in html and "SG&A" not in html  # labels are escaped, never markup
    assert "mso-char-indent-count:1" in html  # a cost line sits under its total
    assert "font-weight:bold" in html  # the total
    shown = panel.copy_mime(as_shown=True)
    figure = _cell(panel, "revenue_total", "actual").rstrip(FIGURE_PAD)
    assert f">{figure}<" in shown.html() and "x:num" not in shown.html()
    assert f"\t{figure}\t" in shown.text()


def test_the_edit_menu_offers_copy_as_shown_and_full_precision(qtbot, library, tmp_path) -> None:
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.set_period("FY2010-H1")
    window.show_view("statements")
    page = window.pages["statements"]
    _select(page, "revenue_total", ["actual"])
    edit = {a.text(): a for a in window.menuBar().actions()[1].menu().actions()}
    edit["Copy as &Shown"].trigger()
    data = QGuiApplication.clipboard().mimeData()
    figure = _cell(page, "revenue_total", "actual").rstrip(FIGURE_PAD)
    assert data.hasHtml() and figure in data.text()
    edit["Copy &Full Precision"].trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert _cell(page, "revenue_total", "actual", PlainRole) in data.text() and data.hasHtml()
