"""PDF releases and saved web pages: read into the same facts as their text, each figure placed on its page.

Every bundled document and every real announcement beside the checkout is
printed to a PDF (Qt's QTextDocument through QPdfWriter, tab-separated lines as
tables) and saved as a web page (tests/printed.py); each must give the facts
its text gives.  PDFs set out by position (tests/printed.draw_pdf), as a
typesetter sets a statement, check what the printed ones cannot: columns found
from positions alone, a page break inside a table, two columns of prose, a
wrapped label, a note's mark, a page number.  Figures here are invented.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from iijviewer.base.facts import RawFact
from iijviewer.base.paths import bundled_documents_dir
from iijviewer.ingest import formats
from iijviewer.ingest.documents import DocumentError, decode_text, split_lines
from iijviewer.ingest.html import read_html
from iijviewer.ingest.reader import read_document

sys.path.insert(0, str(Path(__file__).parent))
from printed import RIGHT, draw_pdf, page_html, print_pdf  # noqa: E402
from test_import import full_year_release, run, snapshot, write  # noqa: E402

FILES = Path(__file__).parent / "files"
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
BUNDLED = sorted(bundled_documents_dir().glob("*.txt"))
REAL = sorted(REALWORLD.glob("*.txt")) if REALWORLD.is_dir() else []
MILLION = 1_000_000

Key = tuple[str, str, str, object]


def lines_of(path: Path) -> list[str]:
    return split_lines(decode_text(path.read_bytes(), str(path)))


def facts(lines: Sequence[str]) -> set[Key]:
    return {(f.concept, f.period, f.scenario, f.value) for f in read_document("document", list(lines))[0]}


def read(data: bytes, name: str) -> formats.Converted:
    return formats.convert(data, name)


def pdf_of(lines: Sequence[str], tmp_path: Path) -> bytes:
    return print_pdf(lines, tmp_path / "printed.pdf").read_bytes()


def text_of(path: Path) -> str:
    return read(path.read_bytes(), str(path)).text


# -- every document: its PDF and its web page say what its text says ------------------------------


# printing a whole document to PDF and reading it back takes seconds: every bundled document and real
# announcement with --slow (a plain run prints the press release in the tests below)
@pytest.mark.slow
@pytest.mark.parametrize("path", BUNDLED + REAL, ids=lambda p: p.stem)
def test_a_document_printed_to_pdf_gives_the_facts_of_its_text(qapp, tmp_path: Path, path: Path) -> None:
    lines = lines_of(path)
    converted = read(pdf_of(lines, tmp_path), "printed.pdf")

    assert converted.kind == formats.PDF
    assert facts(split_lines(converted.text)) == facts(lines)


@pytest.mark.parametrize("path", BUNDLED + REAL, ids=lambda p: p.stem)
def test_a_document_saved_as_a_web_page_gives_the_facts_of_its_text(path: Path) -> None:
    lines = lines_of(path)
    converted = read(page_html(lines, title=path.stem).encode("utf-8"), "saved.html")

    assert converted.kind == formats.WEB_PAGE
    assert facts(split_lines(converted.text)) == facts(lines)


def test_the_real_announcements_are_beside_the_checkout_or_said_missing() -> None:
    if not REAL:
        pytest.skip(f"{REALWORLD} is not beside this checkout: only the bundled documents were printed")
    assert len(REAL) >= 20


def test_each_figure_of_a_pdf_stands_on_its_page_in_the_box_that_prints_it(qapp, tmp_path: Path) -> None:
    path = next(p for p in BUNDLED if "press-release" in p.name)
    converted = read(pdf_of(lines_of(path), tmp_path), "printed.pdf")
    layout = formats.parse_layout(converted.layout)
    lines = split_lines(converted.text)
    found = read_document("document", lines)[0]

    assert len(found) > 100
    for fact in found:
        place = layout.place(fact.source.line)
        assert place is not None, fact
        assert 1 <= place.page <= len(layout.pages)
        width, height = layout.pages[place.page - 1]
        assert 0 <= place.x0 < place.x1 <= width and 0 <= place.top < place.bottom <= height
        assert sorted(lines[fact.source.line - 1].split()) == sorted(w.text for w in place.words), fact


# -- PDFs set out by position --------------------------------------------------------------------

LABEL_X, FIRST_X, SECOND_X = 50, 330, 420  # a label's left edge; the figures' right edges
HEAD = [
    (50, 60, "IIJ Announces Results for the Fiscal Year Ended March 31, 2030"),
    (50, 80, "TOKYO, May 15, 2030 -- Internet Initiative Japan Inc. today announced its results for the fiscal"),
    (50, 92, "year ended March 31, 2030."),
    (50, 120, "Consolidated Statements of Income (JPY millions)"),
]


def header(y: float) -> list[tuple]:
    return [(FIRST_X, y, "FY2029", RIGHT), (SECOND_X, y, "FY2030", RIGHT)]


def row(y: float, label: str, *figures: str) -> list[tuple]:
    placed: list[tuple] = [(LABEL_X, y, label)]
    for x, figure in zip((FIRST_X, SECOND_X), figures):
        if figure:
            placed.append((x, y, figure, RIGHT))
    return placed


def statement(tmp_path: Path, pages: list[list[tuple]]) -> tuple[list[str], list[RawFact]]:
    converted = read(draw_pdf(pages, tmp_path / "statement.pdf").read_bytes(), "statement.pdf")
    lines = split_lines(converted.text)
    return lines, read_document("statement", lines)[0]


def value(found: list[RawFact], concept: str, period: str) -> object:
    values = {f.value for f in found if f.concept == concept and f.period == period and f.scenario == "actual"}
    assert len(values) == 1, (concept, period, values)
    return values.pop()


def test_a_statement_set_by_position_comes_out_as_rows_of_cells_and_its_figures(qapp, tmp_path: Path) -> None:
    page = HEAD + header(140) + row(155, "Total revenues", "12,345", "13,456") + row(167, "Operating income", "(56)", "1,234")
    page += row(179, "Other income", "", "789")  # nothing printed for the year before

    lines, found = statement(tmp_path, [page])

    assert "\tFY2029\tFY2030" in lines
    assert "Total revenues\t12,345\t13,456" in lines
    assert "Other income\t\t789" in lines  # the missing figure keeps its column
    assert value(found, "revenue_total", "FY2030") == 13_456 * MILLION
    assert value(found, "operating_income", "FY2029") == -56 * MILLION


def test_a_table_going_on_over_a_page_break_keeps_its_header_and_columns(qapp, tmp_path: Path) -> None:
    first = HEAD + header(760) + row(775, "Total revenues", "12,345", "13,456") + row(787, "Total cost", "10,000", "11,000")
    second = row(60, "Operating income", "2,345", "2,456") + row(72, "Net income attributable to IIJ", "1,234", "")

    lines, found = statement(tmp_path, [first, second])

    at = lines.index("Total cost\t10,000\t11,000")
    assert lines[at + 1] == "Operating income\t2,345\t2,456"  # no break between the pages' rows
    assert lines[at + 2] == "Net income attributable to IIJ\t1,234\t"
    assert value(found, "operating_income", "FY2030") == 2_456 * MILLION
    assert value(found, "net_income_attributable", "FY2029") == 1_234 * MILLION


def test_a_table_starting_a_new_page_with_its_own_header_is_another_table(qapp, tmp_path: Path) -> None:
    first = HEAD + header(760) + row(775, "Total revenues", "12,345", "13,456")
    second = [(FIRST_X, 60, "1H2029", RIGHT), (SECOND_X, 60, "1H2030", RIGHT)] + row(75, "Total revenues", "6,000", "6,500")

    lines, found = statement(tmp_path, [first, second])

    at = lines.index("Total revenues\t12,345\t13,456")
    assert lines[at + 1] == ""
    assert value(found, "revenue_total", "FY2030") == 13_456 * MILLION
    assert value(found, "revenue_total", "FY2030-H1") == 6_500 * MILLION


def test_section_headings_inside_a_table_are_rows_of_it(qapp, tmp_path: Path) -> None:
    page = HEAD + header(140) + [(LABEL_X, 155, "REVENUES:")] + row(167, "Total revenues", "12,345", "13,456")
    page += [(LABEL_X, 179, "COSTS AND EXPENSES:")] + row(191, "Total cost", "10,000", "11,000")

    lines, found = statement(tmp_path, [page])

    assert "REVENUES:\t\t" in lines and "COSTS AND EXPENSES:\t\t" in lines
    assert value(found, "cost_total", "FY2030") == 11_000 * MILLION


def test_a_label_wrapped_in_its_cell_is_one_row(qapp, tmp_path: Path) -> None:
    page = HEAD + header(140) + row(155, "Total revenues", "12,345", "13,456")
    page += row(167, "Net income attributable to Internet Initiative", "1,234", "1,345") + [(LABEL_X, 178, "Japan Inc.")]
    page += row(190, "Short label", "1", "2") + [(LABEL_X, 201, "A LINE OF ITS OWN")]

    lines, found = statement(tmp_path, [page])

    assert "Net income attributable to Internet Initiative Japan Inc.\t1,234\t1,345" in lines
    assert "Short label\t1\t2" in lines  # a short label does not wrap: the line under it is a row
    assert value(found, "net_income_attributable", "FY2030") == 1_345 * MILLION


def test_a_notes_mark_set_small_stays_a_mark(qapp, tmp_path: Path) -> None:
    page = HEAD + header(140) + row(155, "Total revenues", "12,345", "13,456") + [(113, 151, "1", 5)]

    lines, found = statement(tmp_path, [page])

    assert "Total revenues ¹\t12,345\t13,456" in lines
    assert value(found, "revenue_total", "FY2030") == 13_456 * MILLION


def test_a_page_number_is_no_line_of_the_text(qapp, tmp_path: Path) -> None:
    page = HEAD + header(140) + row(155, "Total revenues", "12,345", "13,456") + [(290, 820, "- 7 -")]

    lines, _ = statement(tmp_path, [page])

    assert not any("7" in line and not any(c.isalpha() for c in line) for line in lines)


def test_a_page_of_prose_in_two_columns_is_read_column_by_column(qapp, tmp_path: Path) -> None:
    left = [
        "Revenues grew in every line", "of business, led by the cloud", "services that our clients adopted",
        "across the year, and by the", "systems we built for them in", "the public sector and in finance.",
    ]
    right = [
        "Operating income rose as the", "new data centre reached its", "planned use in the second half",
        "of the year, while the costs", "of our backbone network grew", "more slowly than its traffic did.",
    ]
    page = [(50, 100 + 12 * k, text) for k, text in enumerate(left)] + [(320, 100 + 12 * k, text) for k, text in enumerate(right)]

    text = read(draw_pdf([page], tmp_path / "columns.pdf").read_bytes(), "columns.pdf").text

    assert [line for line in text.splitlines() if line] == left + right


# -- refusals: one line each, nothing imported ----------------------------------------------------


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(DocumentError) as caught:
        read(data, name)
    return str(caught.value)


def test_a_scanned_pdf_is_refused_for_having_no_text_layer(qapp, tmp_path: Path) -> None:
    data = draw_pdf([[], []], tmp_path / "scan.pdf").read_bytes()

    assert refusal(data, "scan.pdf") == "scan.pdf: has no text layer: scanned PDFs are not supported"


def test_an_encrypted_pdf_is_refused() -> None:
    # tests/files/encrypted.pdf: a page of our own words, encrypted with a user password (pypdf, RC4-128)
    assert refusal((FILES / "encrypted.pdf").read_bytes(), "locked.pdf") == "locked.pdf: is an encrypted PDF: encrypted PDFs are not supported"


@pytest.mark.parametrize("damage", ["cut in half", "no PDF after its header"])
def test_a_damaged_pdf_is_refused(qapp, tmp_path: Path, damage: str) -> None:
    whole = pdf_of(["Internet Initiative Japan Inc.", "", "Revenues\t12,345"], tmp_path)
    data = whole[: len(whole) // 2] if damage == "cut in half" else b"%PDF-1.7\n" + b"not a PDF at all\n" * 50

    assert "is a damaged PDF" in refusal(data, "broken.pdf")


def test_a_web_page_with_no_text_is_refused() -> None:
    assert refusal(b"<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>", "page.html") == (
        "page.html: is a web page with no text"
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("japanese.pdf", "is a Japanese-language document: Japanese-language documents are not supported yet"),
        ("encrypted.pdf", "is an encrypted PDF: encrypted PDFs are not supported"),
    ],
)
def test_the_importer_refuses_a_bad_pdf_in_one_line_and_keeps_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, problem: str
) -> None:
    # tests/files/japanese.pdf: a summary of results in Japanese, in words of our own (Noto Sans CJK)
    library = tmp_path / "library"
    good = write(tmp_path, "release.txt", full_year_release())
    assert run(capsys, "import", str(good), "--data-dir", str(library))[0] == 0
    before = snapshot(library)
    path = write(tmp_path, name, (FILES / name).read_bytes())

    code, out, err = run(capsys, "import", str(path), "--data-dir", str(library))

    assert (code, out) == (2, "")
    assert err == f"iijviewer: {path}: {problem}\n"
    assert snapshot(library) == before


# -- the library keeps the original -----------------------------------------------------------------


def imported_facts(capsys: pytest.CaptureFixture[str], library: Path) -> list[str]:
    code, out, err = run(capsys, "facts", "--data-dir", str(library))
    assert code == 0, err
    header, *rows = out.splitlines()
    source = header.split(",").index("source") if "source" in header.split(",") else None
    return sorted(",".join(c for k, c in enumerate(r.split(",")) if k != source) for r in rows)


@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_a_pdf_or_web_page_imports_the_facts_of_its_text_and_keeps_the_original(
    qapp, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    lines = split_lines(full_year_release())  # a release of our own: the bundled ones are in every library
    as_text = write(tmp_path, "release.txt", full_year_release())
    original = pdf_of(lines, tmp_path) if kind == "pdf" else page_html(lines).encode("utf-8")
    as_kind = write(tmp_path, f"release.{kind}", original)
    by_text, by_kind = tmp_path / "by-text", tmp_path / "by-kind"

    assert run(capsys, "import", str(as_text), "--data-dir", str(by_text))[0] == 0
    code, out, err = run(capsys, "import", str(as_kind), "--data-dir", str(by_kind))

    assert code == 0, err
    assert imported_facts(capsys, by_kind) == imported_facts(capsys, by_text)
    kept = {p.name: p.read_bytes() for p in (by_kind / "documents").iterdir()}
    assert [data for name, data in kept.items() if name.endswith(f".{kind}")] == [original]
    assert any(name.endswith(".layout.json") for name in kept) == (kind == "pdf")
    code, out, _ = run(capsys, "documents", "--data-dir", str(by_kind))
    (kept_original,) = [name for name in kept if name.endswith(f".{kind}")]
    assert code == 0 and f"\timported from {'PDF' if kind == 'pdf' else 'web page'} {kept_original}\t" in out


def test_the_same_release_as_text_and_as_pdf_is_one_document(qapp, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = split_lines(full_year_release())
    library = tmp_path / "library"
    assert run(capsys, "import", str(write(tmp_path, "release.txt", full_year_release())), "--data-dir", str(library))[0] == 0
    before = snapshot(library)

    code, out, err = run(capsys, "import", str(write(tmp_path, "release.pdf", pdf_of(lines, tmp_path))), "--data-dir", str(library))

    assert code == 0, err
    assert "already in the library" in out + err
    assert snapshot(library) == before


# -- web pages -----------------------------------------------------------------------------------------


def test_a_saved_page_keeps_the_release_and_leaves_the_site_out() -> None:
    page = """<!DOCTYPE html><html><head><title>IIJ results</title><style>td { color: red }</style>
    <script>document.write("menu")</script></head><body>
    <header><a href="/">Newswire home</a></header><nav><ul><li>Markets</li></ul></nav>
    <h1>IIJ Announces Results&nbsp;for FY2030</h1>
    <p>TOKYO, May 15, 2030 -- Internet Initiative Japan Inc. today announced<br>its results.</p>
    <ul><li>Revenues were JPY12,345 million &amp; rising.</li><li>Dividends of &yen;20.00.</li></ul>
    <table><tr><th></th><th colspan="2">Fiscal year</th><th>Change</th></tr>
    <tr><td></td><td>FY2029</td><td>FY2030</td><td></td></tr>
    <tr><td colspan="4">REVENUES:</td></tr>
    <tr><td>Total revenues</td><td>12,000</td><td>12,345</td><td>2.9%</td></tr></table>
    <footer>Copyright the newswire</footer></body></html>"""

    lines = read_html(page)

    assert lines == (
        "IIJ Announces Results for FY2030",
        "",
        "TOKYO, May 15, 2030 -- Internet Initiative Japan Inc. today announced",
        "its results.",
        "",
        "- Revenues were JPY12,345 million & rising.",
        "- Dividends of ¥20.00.",
        "",
        "\tFiscal year\t\tChange",
        "\tFY2029\tFY2030\t",
        "REVENUES:\t\t\t",
        "Total revenues\t12,000\t12,345\t2.9%",
    )


def test_a_pdf_may_be_larger_than_a_text_but_not_without_bound(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from iijviewer.library import importer

    def sparse_pdf(name: str, size: int) -> Path:
        path = tmp_path / name
        with open(path, "wb") as f:
            f.write(b"%PDF-1.7\n")
            f.truncate(size)  # sparse: nothing but the header is written
        return path

    slides = sparse_pdf("slides.pdf", importer.MAX_DOCUMENT_BYTES + 1)
    huge = sparse_pdf("huge.pdf", importer.MAX_PDF_BYTES + 1)
    code, _, err = run(capsys, "import", str(slides), str(huge), "--data-dir", str(tmp_path / "library"))

    assert code == 2
    slides_line, huge_line = err.splitlines()[:2]
    assert "is a damaged PDF" in slides_line  # read, not refused for its size
    assert f"the limit is {importer.MAX_PDF_BYTES / 1e6:.0f} MB" in huge_line
