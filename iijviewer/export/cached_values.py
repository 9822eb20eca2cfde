"""Formula results in a saved workbook: the one step that edits a package after openpyxl has written it.

A formula cell in an .xlsx file holds its formula (`<f>`) and the result the
program that saved it last computed (`<v>`, "the cached value").  Readers
that do not calculate (pandas, openpyxl's `data_only=True`, previews, a
script) see only that cached value.  openpyxl writes formulas without results
and has no way to give one (3.1; xlsxwriter's `write_formula(..., value)`
can, openpyxl cannot), so the export computes each result itself and this
module puts it in.

`write_cached_values(saved, results, out)` is the whole seam: it copies the
package part by part and runs each sheet that has results through an XML
parser (expat), which finds the `<c>` elements named in `results` that hold a
formula; only their start tag (for the type attribute `t`) and their `<v>`
are written anew, from what the parser read.  Everything else (the rest of
the sheet, shared strings, styles, comments, drawings, sheets without
results) is copied byte for byte: the written sheets are exactly what
openpyxl wrote plus the results.  The step costs about two thirds of copying
the package once more (bench/bench_export.py); re-serializing whole sheets
through ElementTree or SAX cost two to three times as much.  It is written
against openpyxl's output (pinned in pyproject.toml) and tested with it in
tests/test_cached_values.py.

A result is a number (int, float, Decimal: written as a double), a bool
(`t="b"`), an Excel error such as `#DIV/0!` (`t="e"`; see `ERROR_CODES`), or
text (`t="str"`, a formula's string result; text that is one of Excel's
error values is taken for that error).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Excel's error values (ECMA-376 18.17.3): a result among them is written as an error, not as text
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})


def write_cached_values(
    saved: str | os.PathLike[str] | IO[bytes], results: Mapping[tuple[str, str], object], out: IO[bytes]
) -> int:
    """Copy the workbook `saved` (as openpyxl wrote it) to `out`, each formula cell of `results` with its result.

    `results` maps (sheet name, cell coordinate such as "C7") to the result.
    A named cell without a formula is left as it is.  Returns the number of
    cells given a result.
    """
    by_sheet: dict[str, dict[str, object]] = {}
    for (sheet, coordinate), value in results.items():
        by_sheet.setdefault(sheet, {})[coordinate] = value
    written = 0
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {part: by_sheet[name] for name, part in sheet_parts(src).items() if name in by_sheet}
        for item in src.infolist():
            data = src.read(item)
            cells = parts.get(item.filename)
            if cells:
                data, n = _with_results(data, cells)
                written += n
            dst.writestr(item, data)
    return written


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part (file in the package) that holds it, from the workbook and its relationships."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    out = {}
    for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id") or "", "")
        out[sheet.get("name") or ""] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _typed(value: object) -> tuple[str | None, str]:
    """The cell's type attribute (None: a number, Excel's default) and the text of its `<v>`."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return None, repr(float(value))
    text = str(value)
    return ("e" if text in ERROR_CODES else "str"), text


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Cell:
    """What the parser found of one cell named in the results: where its parts are in the sheet's bytes."""

    __slots__ = ("start", "qname", "attrs", "formula", "f_end", "v_start", "v_end", "v_qname")

    def __init__(self, start: int, qname: str, attrs: list[str]):
        self.start = start
        self.qname = qname
        self.attrs = attrs  # name, value, name, value... (expat's ordered attributes, unescaped)
        self.formula = False
        self.f_end = self.v_start = self.v_end = -1
        self.v_qname = ""


def _find_cells(xml: bytes, coordinates: Mapping[str, object]) -> list[_Cell]:
    """The formula cells of `coordinates` in the sheet, located by expat (byte offsets of their start tag, `<f>` and `<v>`).

    Ends of elements are followed only inside a cell of `coordinates`: the
    handler is set on its start and cleared on its end, which halves the
    parser's calls back into Python on a sheet of thousands of cells.
    """
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    found: list[_Cell] = []
    cell: _Cell | None = None

    def start(name: str, attrs: list[str]) -> None:
        nonlocal cell
        if cell is None:
            if name == "c" or name.endswith(":c"):  # a cell (the worksheet has no other element of that name)
                r = attrs[1] if attrs and attrs[0] == "r" else _attr(attrs, "r")
                if r is not None and r in coordinates:
                    cell = _Cell(parser.CurrentByteIndex, name, attrs)
                    parser.EndElementHandler = end
            return
        local = _local(name)
        if local == "f":
            cell.formula = True
        elif local == "v":
            cell.v_start, cell.v_qname = parser.CurrentByteIndex, name
            tag_end = _tag_end(xml, cell.v_start)
            if xml[tag_end - 2] == 0x2F:  # <v/>: expat gives no offset of its own for the end of an empty element
                cell.v_end = tag_end

    def end(name: str) -> None:
        nonlocal cell
        if cell is None:
            return
        local = _local(name)
        if local == "f":
            cell.f_end = _tag_end(xml, parser.CurrentByteIndex)
        elif local == "v" and cell.v_end < 0:
            cell.v_end = _tag_end(xml, parser.CurrentByteIndex)
        elif local == "c":
            if cell.formula:
                found.append(cell)
            cell = None
            parser.EndElementHandler = None

    parser.StartElementHandler = start
    parser.Parse(xml, True)
    return found


def _attr(attrs: list[str], name: str) -> str | None:
    for i in range(0, len(attrs), 2):
        if attrs[i] == name:
            return attrs[i + 1]
    return None


def _tag_end(xml: bytes, at: int) -> int:
    """The offset after the tag that starts at `at`: its closing `>`, outside quoted attribute values."""
    close = xml.find(b">", at)
    if close >= 0 and xml.count(b'"', at, close) % 2 == 0 and xml.find(b"'", at, close) < 0:
        return close + 1
    quote = 0
    for i in range(at, len(xml)):
        b = xml[i]
        if quote:
            if b == quote:
                quote = 0
        elif b in (0x22, 0x27):  # " '
            quote = b
        elif b == 0x3E:  # >
            return i + 1
    raise ValueError(f"unterminated tag at byte {at}")


def _with_results(xml: bytes, results: Mapping[str, object]) -> tuple[bytes, int]:
    """The sheet's XML with each formula cell of `results` given its result; the number of cells written."""
    cells = _find_cells(xml, results)
    out = io.BytesIO()
    at = 0
    for cell in cells:
        kind, text = _typed(results[_attr(cell.attrs, "r") or ""])
        tag_end = _tag_end(xml, cell.start)
        out.write(xml[at : cell.start])
        out.write(_start_tag(xml[cell.start : tag_end], cell, kind))
        prefix = cell.qname[: -len(_local(cell.qname))]
        v = cell.v_qname or prefix + "v"
        value = f"<{v}>{text if kind is None else escape(text)}</{v}>".encode()
        if cell.v_start >= 0:  # an old (or empty) result is replaced
            out.write(xml[tag_end : cell.v_start])
            out.write(value)
            at = cell.v_end
        else:
            out.write(xml[tag_end : cell.f_end])
            out.write(value)
            at = cell.f_end
    out.write(xml[at:])
    return out.getvalue(), len(cells)


def _start_tag(original: bytes, cell: _Cell, kind: str | None) -> bytes:
    """The cell's start tag with the type of its result: as it was when that needs no `t` (a number, as openpyxl writes
    a formula cell), with `t` added before its end, or, where the cell had a `t` of its own, written anew from what the parser read."""
    if _attr(cell.attrs, "t") is None:
        return original if kind is None else original[:-1] + f' t="{kind}">'.encode()
    attrs = [(cell.attrs[i], cell.attrs[i + 1]) for i in range(0, len(cell.attrs), 2) if cell.attrs[i] != "t"]
    if kind is not None:
        attrs.append(("t", kind))
    return ("<" + cell.qname + "".join(f" {n}={quoteattr(v)}" for n, v in attrs) + ">").encode()
