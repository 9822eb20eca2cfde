"""PDF documents: their text layer as the lines and cells the reader understands, each line knowing its page and box.

pdfplumber (MIT; pdfminer.six and pypdfium2 under it) gives the words of each
page with their boxes.  Lines are rebuilt from the words' positions (words whose
middles stand within half a character's height of each other), in reading
order; a page set in two columns of prose is read column by column.  Within a
line, a gap wider than a character's height between two words is a column gap:
the line becomes tab-separated cells, the form of the statement tables the
reader already knows.

A table is the run of such lines with the section headings between them
("CURRENT ASSETS:"); its cells are put into the columns where they stand, so
that a missing figure or a header over the figures only keeps its column, and
a header row under figures starts another table.  A label wrapped onto a
second line of its cell is joined to its row, a header wrapped in its cell to
its header; a table going on over a page break keeps its columns and is not
cut by the break.  A gap between paragraphs is a blank line; a page number
alone at the top or bottom of a page is left out; a note's mark set small
stays a mark ("Revenues³").  Ligatures (ﬁ), full-width digits and minus signs
are normalized.

Each line of the text keeps where it stands (`LinePlace`: page, box, and the
boxes of its words), so that a figure can be shown where IIJ printed it.  A PDF
with no text layer (scanned), an encrypted one, or one that cannot be opened is
refused with one line saying so.  Imported only when a PDF is read: pdfplumber
is no part of the start.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iijviewer.ingest.blocks import split_cells
from iijviewer.ingest.documents import DocumentError
from iijviewer.ingest.formats import LinePlace
from iijviewer.ingest.formats import WordBox as Word

Progress = Callable[[int, int], None]  # (pages read, pages in all)

LINE_TOLERANCE = 0.5  # of a character's height: words whose middles are closer stand on one line
CELL_GAP = 0.8  # of a character's height: a wider gap between two words of a line separates two cells
PARAGRAPH_GAP = 1.6  # of the usual line pitch: a line farther below the one above starts a paragraph (a blank line)
WRAP_GAP = 0.6  # of a line's height: a cell's text wrapped onto the next line stands closer than this
MARGIN_SHARE = 0.08  # of the page's height: where a page number stands alone
Columns = list[tuple[float, float]]  # a table's columns: each one's left and right edge, in points
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u3000": " "})


@dataclass(frozen=True)
class PdfText:
    lines: tuple[str, ...]
    boxes: tuple[LinePlace | None, ...]  # one per line; None for a blank line
    pages: tuple[tuple[float, float], ...]  # each page's width and height, in points


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPTS)
NOTE_SIZE = 0.8  # of the text's size: digits set smaller than this are a note's mark ("IP Service⁵")


def _normalize(text: str) -> str:
    """Ligatures, full-width forms and minus signs as plain text; a note's mark stays a mark, not a digit.

    A character the PDF gives no text for (a control character) is left out.
    """
    return "".join(
        c if c in _SUPERSCRIPTS else unicodedata.normalize("NFKC", c) for c in text if c.isprintable() or c == " "
    ).translate(_MINUS)


def _word(raw: dict, size: float) -> Word:
    text = _normalize(raw["text"])
    small = float(raw.get("size") or size) < NOTE_SIZE * size
    if small and text.isdigit() and len(text) <= 2:
        text = text.translate(_TO_SUPERSCRIPT)
    return Word(text, float(raw["x0"]), float(raw["top"]), float(raw["x1"]), float(raw["bottom"]))


def read_pdf(data: bytes, name: str, progress: Progress | None = None) -> PdfText:
    """The text layer of a PDF file as lines (tab-separated cells in tables), with where each line stands."""
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    if b"obj" not in data:  # no object at all: pdfminer would scan every byte for one before giving up
        raise DocumentError(name, "is a damaged PDF, or no PDF at all: it cannot be opened")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DocumentError(name, "is an encrypted PDF: encrypted PDFs are not supported") from None
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DocumentError(name, "is an encrypted PDF: encrypted PDFs are not supported") from None
        raise DocumentError(name, "is a damaged PDF, or no PDF at all: it cannot be opened") from None
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise DocumentError(name, "is a damaged PDF, or no PDF at all: it cannot be opened") from None
    rows: list[Row] = []  # every page's rows in reading order, a page break between pages
    pages: list[tuple[float, float]] = []
    sizes: list[float] = []
    try:
        with pdf:
            total = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    words = page.extract_words(x_tolerance_ratio=0.15, y_tolerance_ratio=0.3, extra_attrs=["size"])
                except Exception:  # noqa: BLE001
                    raise DocumentError(name, f"is a damaged PDF: its page {number} cannot be read") from None
                pages.append((float(page.width), float(page.height)))
                page_rows, size = _page_rows(number, float(page.height), words)
                if page_rows:
                    if rows:
                        rows.append(([], PAGE_BREAK))
                    rows.extend(page_rows)
                    sizes.append(size)
                if progress is not None:
                    progress(number, total)
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001
        raise DocumentError(name, "is a damaged PDF: it cannot be read to its end") from None
    if not rows:
        raise DocumentError(name, "has no text layer: scanned PDFs are not supported")
    lines, boxes = _text(_aligned(rows, statistics.median(sizes)))
    return PdfText(tuple(lines), tuple(boxes), tuple(pages))


def _text(rows: list[Row]) -> tuple[list[str], list[LinePlace | None]]:
    """The rows as lines of text (cells tab-separated), each with where it stands; one blank line for each gap.

    A page break between two rows set in "|" cells (a table the text itself
    marks out) is no gap: the table goes on.
    """
    lines: list[str] = []
    boxes: list[LinePlace | None] = []
    for k, (cells, line) in enumerate(rows):
        if not cells:
            following = next((c for c, _ in rows[k + 1 :] if c), None)
            if line is PAGE_BREAK and lines and following is not None and _goes_on(lines[-1], _joined(following)):
                continue
            if lines and lines[-1]:
                lines.append("")
                boxes.append(None)
            continue
        ws = tuple(sorted(line.words, key=lambda w: (w.top, w.x0)))
        lines.append(_joined(cells))
        boxes.append(LinePlace(line.page, min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws), ws))
    while lines and not lines[-1]:
        lines.pop()
        boxes.pop()
    return lines, boxes


def _joined(cells: list[list[Word]]) -> str:
    return "\t".join(" ".join(w.text for w in cell) for cell in cells)


def _goes_on(closing: str, opening: str) -> bool:
    """Rows set in "|" cells on both sides of a page break, the second with a label (no new header)."""
    before, after = split_cells(closing), split_cells(opening)
    return before is not None and after is not None and bool(after[0]) and "\t" not in closing + opening


@dataclass
class _Line:
    words: list[Word]
    size: float
    page: int = 0

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


Row = tuple[list[list[Word]], _Line]  # a line's cells; no cells: a gap (a paragraph's, a column's or a page's)
PAGE_BREAK = _Line([], 0.0)  # the line of the gap between two pages


def _page_rows(page: int, height: float, raw: Sequence[dict]) -> tuple[list[Row], float]:
    """The rows of one page in reading order (a gap between paragraphs and between columns), and its text's size."""
    raw = [w for w in raw if w["text"].strip()]
    if not raw:
        return [], 0.0
    size = statistics.median(float(w.get("size") or 0) or float(w["bottom"]) - float(w["top"]) for w in raw) or 1.0
    words = [(_word(w, size), float(w.get("size") or 0)) for w in raw]
    rows: list[Row] = []
    for column in _columns(_lines(words, size, page), size):
        if rows:
            rows.append(([], column[0]))  # the gap between two columns of prose
        previous: _Line | None = None
        pitch = _pitch(column)
        for line in column:
            if _page_number(line, height):
                continue
            cells = _cells(line, size)
            if previous is not None and rows and _wraps_first_cell(previous, line, rows[-1][0], _widest_label(rows), size):
                rows[-1][0][0].extend(line.words)  # a label wrapped within its cell: one row
                previous.words.extend(line.words)
                continue
            if previous is not None and rows and _wraps_header(previous, line, rows[-1][0], size):
                for word in line.words:  # a column header wrapped within its cell
                    _nearest(rows[-1][0], word).append(word)
                previous.words.extend(line.words)
                continue
            in_table = len(cells) > 1 and bool(rows) and len(rows[-1][0]) > 1
            if previous is not None and not in_table and line.top - previous.top > PARAGRAPH_GAP * pitch:
                rows.append(([], line))  # a paragraph's gap: a blank line
            rows.append((cells, line))
            previous = line
    return rows, size


def _pitch(lines: Sequence[_Line]) -> float:
    """The usual distance from one line's top to the next's: lines farther apart than that stand in another paragraph."""
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(steps) if steps else 1.0


REGION_GAP_ROWS = 3  # a table goes on past this many rows of one cell (section headings such as "ASSETS") at most


def _cell_span(cell: list[Word]) -> tuple[float, float]:
    return min(w.x0 for w in cell), max(w.x1 for w in cell)


def _table_regions(rows: list[tuple[list[list[Word]], _Line]], size: float) -> list[tuple[int, int]]:
    """Where the tables stand among `rows`: (first, end) index ranges.

    A table is a run of rows of several cells.  It goes on over a gap between
    rows and over a section heading ("CURRENT ASSETS:", "Adjustments to
    reconcile net income ...:"), a row of one cell that ends before the
    figures start, when a row of several cells follows.  A header row (no
    figures) under figures with their label (in the labels' column, the
    leftmost of the run) starts another table; a header over the figures only,
    just above, belongs to the table.
    """
    labels_at: dict[int, float] = {}  # row -> the left edge of the labels' column of its run
    for first, end in _scan_regions(rows, None):
        starts = [_cell_span(cells[0])[0] for cells, _ in rows[first:end] if len(cells) >= 2 and _has_figures(cells)]
        for r in range(first, end):
            labels_at[r] = min(starts) if starts else float("inf")
    return _scan_regions(rows, lambda r: labels_at.get(r, float("inf")) + size)


def _scan_regions(rows: list[tuple[list[list[Word]], _Line]], labels_end: Callable[[int], float] | None) -> list[tuple[int, int]]:
    """The runs of table rows; split at new headers when `labels_end` says where a row's label must start by."""
    regions: list[tuple[int, int]] = []
    k = 0
    while k < len(rows):
        if len(rows[k][0]) < 2:
            k += 1
            continue
        end = k + 1
        labelled = False  # a row of figures with its label has been seen
        figures_x = _cell_span(rows[k][0][1])[0]

        def add(r: int) -> None:
            nonlocal labelled, figures_x
            cells = rows[r][0]
            label = _cell_span(cells[0])[0]
            labelled = labelled or (
                labels_end is not None
                and _has_figures(cells)
                and any(c.isalpha() for w in cells[0] for c in w.text)
                and label <= labels_end(r)
            )
            figures_x = min(figures_x, _cell_span(cells[1])[0])

        def new_header(r: int) -> bool:
            return labelled and not _has_figures(rows[r][0])

        add(k)
        while end < len(rows):
            if len(rows[end][0]) >= 2:
                if new_header(end):
                    break  # a header row under figures: another table starts
                add(end)
                end += 1
                continue
            ahead, headings = end, 0
            while ahead < len(rows) and len(rows[ahead][0]) < 2:
                if rows[ahead][0]:  # a row of one cell; a gap between rows has none
                    headings += 1
                    if headings > REGION_GAP_ROWS or _cell_span(rows[ahead][0][0])[1] >= figures_x:
                        break
                ahead += 1
            if ahead < len(rows) and ahead > end and len(rows[ahead][0]) >= 2:
                if new_header(ahead):
                    break  # the headings are another table's caption, over its header
                end = ahead
                continue
            break
        first = k
        floor = regions[-1][1] if regions else 0
        while first - 1 >= floor and len(rows[first - 1][0]) == 1 and _cell_span(rows[first - 1][0][0])[0] >= figures_x:
            first -= 1  # a header over the figures only ("Fiscal Year ended March 31, 2009" over its quarters)
        if first - 1 >= floor and len(rows[first - 1][0]) == 1 and labels_end is not None:
            title = _cell_span(rows[first - 1][0][0])
            headless = _cell_span(rows[first][0][0])[0] <= labels_end(k)  # its first row has a label: no header row
            if headless and title[0] <= labels_end(k) and title[1] < figures_x:
                first -= 1  # the title of the labels' column of a table without a header row ("Number of placed ATMs")
        regions.append((first, end))
        k = end
    return regions


def _has_figures(cells: list[list[Word]]) -> bool:
    """A row with a cell holding a number after its label: a row of figures, not of headers."""
    return any(_number_cell(cell) for cell in cells[1:])


_CURRENCY = re.compile(r"(?i)\b(?:US\$|JPY|yen)|[¥$]")
_NOTE_IN_PARENTHESES = re.compile(r"\([^()\d]*\)")  # "(Annual)"


def _number_cell(cell: list[Word]) -> bool:
    """A cell holding one amount, not a year nor a date.

    "1,234", "(56)", "12.5%", "+17.3%", "JPY 1,234", "+JPY 3.25", "JPY 22.00
    (Annual)", "820.7 Gbps", and "-" for none.
    """
    text = " ".join(w.text for w in cell)
    if text.strip() in ("-", "–", "—", "_", "―"):
        return True
    text = _NOTE_IN_PARENTHESES.sub(" ", _CURRENCY.sub(" ", text))
    words = text.split()
    if not words or len(words) > 2 or (len(words) == 2 and not words[1].isalpha()):
        return False  # one amount, perhaps with its unit after it
    number = words[0].strip("()%*+-▲△")
    if not number or not any(c.isdigit() for c in number) or not all(c.isdigit() or c in ",." for c in number):
        return False
    return not (len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100)


def _aligned(rows: list[Row], size: float) -> list[Row]:
    """The rows of each table put into the same columns.

    A table's columns are where its cells stand: the cells that overlap
    horizontally are one column.  Each cell goes into the column it overlaps
    most, so that a header with an empty first cell ("   Actual Results   Target
    Announced") or a row with a missing figure keeps its columns; a section
    heading within a table is a row of its own whose other cells are empty, and
    the gaps between rows of a table (a page break among them) are no
    paragraphs.
    """
    out: list[Row] = []
    starts = dict(_table_regions(rows, size))
    k = 0
    while k < len(rows):
        if k not in starts:
            out.append(rows[k])
            k += 1
            continue
        end = starts[k]
        if out and len(out[-1][0]) >= 2:
            out.append(([], rows[k][1]))  # two tables one under the other: a blank line between
        block = [row for row in rows[k:end] if row[0]]
        columns = _column_spans([cells for cells, _ in block if len(cells) >= 2], size)
        for cells, line in block:
            placed: list[list[Word]] = [[] for _ in columns]
            for cell in cells:
                x0, x1 = _cell_span(cell)
                best = max(range(len(columns)), key=lambda c: min(x1, columns[c][1]) - max(x0, columns[c][0]))
                placed[best].extend(cell)
            out.append((placed, line))
        k = end
    return out


def _column_spans(rows: list[list[list[Word]]], size: float) -> Columns:
    """The horizontal extents of a table's columns: the union of the cells that overlap, from the rows with the most cells."""
    widest = max(len(cells) for cells in rows)
    return _merge_spans([_cell_span(c) for cells in rows if len(cells) >= widest - 1 for c in cells], size)


def _merge_spans(spans: list[tuple[float, float]], size: float) -> Columns:
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1] + CELL_GAP * size / 4:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _lines(words: Sequence[tuple[Word, float]], size: float, page: int = 0) -> list[_Line]:
    """Words grouped into lines, top to bottom, each line's words left to right."""
    lines: list[_Line] = []
    for word, _ in sorted(words, key=lambda ws: ((ws[0].top + ws[0].bottom) / 2, ws[0].x0)):
        middle = (word.top + word.bottom) / 2
        if lines and abs(middle - lines[-1].middle) <= LINE_TOLERANCE * size:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word], size, page))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _cells(line: _Line, size: float) -> list[list[Word]]:
    cells: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - cells[-1][-1].x1 > CELL_GAP * size:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _wraps_first_cell(previous: _Line, line: _Line, row: list[list[Word]], widest: float, size: float) -> bool:
    """A line of words only under the first cell of a table row, close below it: that cell's text goes on.

    Text wraps only where the next word would not have fitted: the cell's last
    line reaches out as far as the table's widest label (`widest`, its right
    edge), or its first word would pass it.  A short label with a line under it
    ("Total liabilities" over "COMMITMENTS AND CONTINGENCIES") is two rows.
    """
    if len(row) < 2 or line.top - previous.bottom > WRAP_GAP * size or not _has_figures(row):
        return False  # a header's first cell is none of a label's
    first_start, _ = _cell_span(row[0])
    last_top = max(w.top for w in row[0])
    last_end = max(w.x1 for w in row[0] if w.top > last_top - size / 2)
    second_start = min(w.x0 for w in row[1])
    first_word = line.words[0]
    text = " ".join(w.text for w in line.words)
    return (
        all(w.x1 <= second_start - CELL_GAP * size / 2 for w in line.words)
        and first_start - size <= first_word.x0 < last_end  # under the cell, not a row's label left of it
        and last_end + size / 4 + (first_word.x1 - first_word.x0) > widest
        and not text.endswith(":")  # "Costs:" under a row opens a section of the table
    )


def _widest_label(rows: list[tuple[list[list[Word]], _Line]]) -> float:
    """The right edge of the widest label among the table rows just above (back to a gap).

    A label is the first cell of a row of figures, left of the figures of the
    last row; a header's first cell is none.
    """
    if not rows or len(rows[-1][0]) < 2:
        return 0.0
    figures_start = _cell_span(rows[-1][0][1])[0]
    widest = 0.0
    for cells, _ in reversed(rows):
        if not cells:
            break
        if len(cells) >= 2 and _cell_span(cells[0])[0] < figures_start and _has_figures(cells):
            widest = max(widest, _cell_span(cells[0])[1])
    return widest


def _figure_like(word: Word) -> bool:
    """An amount, not a day or a year: "JPY1,234", "12.50", "(1,234)", "715"; not "13," nor "2016)"."""
    text = word.text.strip("()$%,;:-")
    if text.upper().startswith(("JPY", "¥")):
        return True
    if not text or not all(c.isdigit() or c in ",." for c in text):
        return False
    digits = text.replace(",", "").replace(".", "")
    year = len(digits) == 4 and "," not in text and "." not in text and 1900 <= int(digits) <= 2100
    return ("." in text or "," in text or len(digits) >= 3) and not year


def _wraps_header(previous: _Line, line: _Line, row: list[list[Word]], size: float) -> bool:
    """A line close below a table's header row (no figures), its words under the header's cells: the headers go on."""
    if len(row) < 2 or line.top - previous.bottom > WRAP_GAP * size or len(_cells(line, size)) >= len(row):
        return False
    if any(_figure_like(w) for cell in row for w in cell) or any(_figure_like(w) for w in line.words):
        return False
    if " ".join(w.text for w in line.words).endswith(":"):
        return False
    return all(any(min(x.x0 for x in cell) - size <= w.x0 and w.x1 <= max(x.x1 for x in cell) + size for cell in row) for w in line.words)


def _nearest(row: list[list[Word]], word: Word) -> list[Word]:
    return min(row, key=lambda cell: abs((min(w.x0 for w in cell) + max(w.x1 for w in cell)) / 2 - (word.x0 + word.x1) / 2))


def _page_number(line: _Line, height: float) -> bool:
    text = "".join(w.text for w in line.words).strip("-– ")
    near_edge = line.top < MARGIN_SHARE * height or line.bottom > (1 - MARGIN_SHARE) * height
    return near_edge and text.isdigit() and len(text) <= 4


def _columns(lines: list[_Line], size: float) -> list[list[_Line]]:
    """A page of prose set in two columns, as two lists of lines (left first); else the page as one.

    A gutter is an empty vertical band in the middle of the page that most
    lines leave open and that lines of prose stand on both sides of; a table's
    gap between its label and its figures is no gutter (the right side holds
    figures, not prose).
    """
    if len(lines) < 6:
        return [lines]
    left_edge = min(w.x0 for line in lines for w in line.words)
    right_edge = max(w.x1 for line in lines for w in line.words)
    width = right_edge - left_edge
    if width <= 0:
        return [lines]
    best = None
    for k in range(35, 66):
        x = left_edge + width * k / 100
        crossing = sum(1 for line in lines if any(w.x0 < x < w.x1 for w in line.words))
        if crossing == 0:
            best = x
            break
    if best is None:
        return [lines]
    left = [_Line([w for w in line.words if w.x1 <= best], size, line.page) for line in lines]
    right = [_Line([w for w in line.words if w.x0 >= best], size, line.page) for line in lines]
    left = [line for line in left if line.words]
    right = [line for line in right if line.words]

    def prose(side: list[_Line]) -> bool:
        words = [w for line in side for w in line.words]
        lettered = sum(1 for w in words if any(c.isalpha() for c in w.text) and not any(c.isdigit() for c in w.text))
        return len(side) >= 4 and len(words) >= 4 * len(side) and lettered >= 0.8 * len(words)

    if not (prose(left) and prose(right)):
        return [lines]
    return [left, right]
