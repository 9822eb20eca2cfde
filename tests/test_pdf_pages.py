"""A document imported from a PDF, in the window: its pages in Sources with the figure's box marked, its page in the workbook, its import told page by page.

The release is one of our own (tests/test_import.full_year_release), printed
to a PDF of small pages so that it has several.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from iijviewer.export.workbook import FACTS, export_workbook
from iijviewer.ingest.documents import split_lines
from iijviewer.ingest.formats import layout_path, read_layout
from iijviewer.ingest.reader import read_document
from iijviewer.library import importer
from iijviewer.library.store import Library
from iijviewer.models import palette
from iijviewer.ui.main_window import IMPORT_FILTERS
from iijviewer.ui.sources import SourcesPanel
from iijviewer.views.viewdata import FactIndex

sys.path.insert(0, str(Path(__file__).parent))
from printed import print_pdf  # noqa: E402
from test_import import FULL_YEAR_ID, full_year_release  # noqa: E402

SMALL_PAGE = (842.0, 300.0)  # points: a wide, short page; the release takes several


def release_pdf(folder: Path) -> Path:
    return print_pdf(split_lines(full_year_release()), folder / "results.pdf", page_points=SMALL_PAGE, font_points=6)


@pytest.fixture(scope="module")
def pdf_library(tmp_path_factory, qapp) -> Library:
    folder = tmp_path_factory.mktemp("pdf-library")
    outcome = importer.import_documents([str(release_pdf(folder))], folder / "library")
    assert outcome.ok and outcome.imported
    return Library.load(folder / "library")


@pytest.fixture
def panel(qtbot, pdf_library) -> SourcesPanel:
    p = SourcesPanel()
    qtbot.addWidget(p)
    p.set_data(pdf_library, FactIndex.from_library(pdf_library))
    p.resize(1200, 800)
    p.show()
    qtbot.waitExposed(p)
    return p


def the_pdf(library: Library):
    (doc,) = [d for d in library.documents if d.source_kind == "PDF"]
    return doc


def figure(library: Library, concept: str):
    doc = the_pdf(library)
    return next(f for f in library.raw if f.source.document == doc.id and f.concept == concept and f.scenario == "actual")


def test_the_release_printed_small_has_several_pages(pdf_library) -> None:
    layout = read_layout(layout_path(the_pdf(pdf_library).path))
    assert layout is not None and len(layout.pages) >= 3


def test_the_release_on_small_pages_gives_the_facts_of_its_text(pdf_library) -> None:
    # its statements run over page breaks, a header at the foot of one page and the rows on the next
    doc = the_pdf(pdf_library)
    from_pdf = {(f.concept, f.period, f.scenario, f.value) for f in pdf_library.raw if f.source.document == doc.id}
    from_text = {(f.concept, f.period, f.scenario, f.value) for f in read_document(doc.id, split_lines(full_year_release()))[0]}

    assert len(from_text) > 100
    assert from_pdf == from_text


def test_a_pdf_document_says_where_it_came_from(panel, pdf_library) -> None:
    doc = the_pdf(pdf_library)
    assert doc.id == FULL_YEAR_ID and doc.original_path is not None and doc.original_path.is_file()
    row = panel.document_model.row_of(doc.id)
    model = panel.document_model
    assert model.data(model.index(row, model.ORIGIN)) == "imported (PDF)"
    panel.show_document(doc.id)
    assert panel.heading.text() == f"{doc.id}  (from PDF)"


def test_double_clicking_a_figure_opens_its_page_with_its_box_marked(qtbot, panel, pdf_library) -> None:
    fact = figure(pdf_library, "operating_income")
    place = read_layout(layout_path(the_pdf(pdf_library).path)).place(fact.source.line)

    assert panel.show_source(fact.source)

    assert panel.views.currentWidget() is panel.page_view
    assert panel.page_view.page == place.page
    box = panel.page_view.box
    (word,) = [w for w in place.words if (w.x0, w.top, w.x1, w.bottom) == box]  # the figure's own word
    assert word.text.replace(",", "").strip("()").removeprefix("JPY") in {f"{fact.value / 10**k:f}".split(".")[0] for k in (3, 6)}
    assert panel.text_view.highlighted_line == fact.source.line  # and the Text tab has its line
    qtbot.waitUntil(lambda: panel.page_view.rendered() is not None)
    picture = panel.page_view.rendered().toImage()
    edges = sum(1 for x in range(0, picture.width(), 2) for y in range(0, picture.height(), 2) if QColor(picture.pixel(x, y)) == palette.colour("page_mark_edge"))
    assert edges > 10  # the box is drawn


def test_clicking_a_figure_in_the_list_moves_the_box_and_keeps_the_tab(qtbot, panel, pdf_library) -> None:
    first, second = figure(pdf_library, "revenue_total"), figure(pdf_library, "net_income_attributable")
    panel.show_source(first.source)
    panel.views.setCurrentWidget(panel.text_view)

    row = next(r for r in range(panel.facts_model.rowCount()) if panel.facts_model.fact(r) == second)
    panel.facts_view.selectRow(row)

    assert panel.views.currentWidget() is panel.text_view
    assert panel.text_view.highlighted_line == second.source.line
    assert panel.page_view.box is not None and panel.page_view.box != (0, 0, 0, 0)


def test_the_pages_turn(qtbot, panel, pdf_library) -> None:
    panel.show_document(the_pdf(pdf_library).id)
    view = panel.page_view
    assert view.page == 1 and not view.previous_button.isEnabled()

    view.next_button.click()
    assert view.page == 2 and view.page_box.value() == 2
    view.page_box.setValue(view.pages)
    assert view.page == view.pages and not view.next_button.isEnabled()
    assert not view.show_page(view.pages + 1)


def test_a_text_document_has_no_pages(panel, library, index) -> None:
    panel.set_data(library, index)  # the bundled documents: text only
    panel.show_source(library.raw[0].source)

    page_tab = panel.views.indexOf(panel.page_view)
    assert not panel.views.isTabEnabled(page_tab)
    assert panel.views.currentWidget() is panel.text_view


def test_the_workbook_names_the_page_of_each_figure_of_a_pdf(tmp_path: Path, pdf_library) -> None:
    from openpyxl import load_workbook

    export_workbook(pdf_library, tmp_path / "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx")[FACTS]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    layout = read_layout(layout_path(the_pdf(pdf_library).path))

    from_pdf = [r for r in rows if r["source"] == FULL_YEAR_ID]
    assert from_pdf and all(r["page"] == layout.place(int(r["line"])).page for r in from_pdf)
    assert len({r["page"] for r in from_pdf}) >= 2
    assert all(r["page"] is None for r in rows if r["source"] not in (FULL_YEAR_ID,))


def test_an_import_tells_its_progress_page_by_page(qtbot, tmp_path: Path) -> None:
    from iijviewer.ui.import_job import ImportJob

    job = ImportJob([str(release_pdf(tmp_path))], tmp_path / "library")
    told: list[tuple[float, str]] = []
    job.progress.connect(lambda share, what: told.append((share, what)))
    with qtbot.waitSignal(job.finished_ok, timeout=60000):
        job.start()

    pages = [what for _, what in told if "page" in what]
    assert pages[0] == "Reading results.pdf: page 1 of " + pages[0].rsplit(" ", 1)[1].rstrip("…") + "…"
    assert len(pages) >= 3
    shares = [share for share, _ in told]
    assert shares == sorted(shares) and shares[-1] == pytest.approx(1.0)


def test_the_import_dialog_offers_pdf_web_pages_and_text() -> None:
    first = IMPORT_FILTERS.split(";;")[0]
    assert all(pattern in first for pattern in ("*.pdf", "*.html", "*.htm", "*.txt"))
    assert "PDF files (*.pdf)" in IMPORT_FILTERS and "Web pages (*.html *.htm)" in IMPORT_FILTERS
