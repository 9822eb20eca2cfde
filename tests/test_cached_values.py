"""The seam that puts formula results into a workbook openpyxl saved (`export/cached_values.py`).

Built with the installed openpyxl (pinned in pyproject.toml): what a reader
that does not calculate (`load_workbook(data_only=True)`) sees afterwards, for
numbers, text, booleans and errors; shared strings and other parts untouched;
a sheet without formulas; sheet names and text with XML's special characters.
Invented numbers only.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from iijviewer.export.cached_values import sheet_parts, write_cached_values

SPECIAL = "R&D <costs> \"q\" 'a'"  # a sheet name with XML's special characters


def saved(shared_strings: bool = False) -> bytes:
    """A small workbook as openpyxl saves it: formulas without results, text, a sheet without formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws["A1"], ws["A2"] = 98765, 4321
    ws["A3"] = "=A1-A2"
    ws["A4"] = '=IF(A1>0,"up & <down>","down")'
    ws["A5"] = "=A1>A2"
    ws["A6"] = "=A1/0"
    ws["B1"] = "Label & <text>"
    ws["B2"] = "=A1+A2"  # a formula the results do not name: stays without a result
    other = wb.create_sheet(SPECIAL)
    other["A1"] = 1.5
    other["A2"] = f"='{SPECIAL.replace(chr(39), chr(39) * 2)}'!A1*2"
    plain = wb.create_sheet("Plain")
    plain["A1"], plain["A2"] = "no formulas", 7
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if shared_strings:  # as Excel writes text: a sharedStrings part the seam must leave alone
        data = _with_shared_strings(data)
    return data


def _with_shared_strings(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>kept &amp; as is</t></si></sst>')
    return out.getvalue()


RESULTS = {
    ("Figures", "A3"): Decimal("94444"),
    ("Figures", "A4"): "up & <down>",
    ("Figures", "A5"): True,
    ("Figures", "A6"): "#DIV/0!",
    ("Figures", "B1"): 123,  # not a formula: left as it is
    (SPECIAL, "A2"): 3.0,
}


def with_results(data: bytes, results=RESULTS) -> tuple[bytes, int]:
    out = io.BytesIO()
    n = write_cached_values(io.BytesIO(data), results, out)
    return out.getvalue(), n


def test_a_reader_that_does_not_calculate_sees_each_result() -> None:
    data, n = with_results(saved())
    assert n == 5  # the five formula cells named; B1 is text, B2 is not named
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    figures = values["Figures"]
    assert figures["A3"].value == 94444
    assert figures["A4"].value == "up & <down>"
    assert figures["A5"].value is True
    assert figures["A6"].value == "#DIV/0!" and figures["A6"].data_type == "e"
    assert figures["B1"].value == "Label & <text>"
    assert figures["B2"].value is None  # no result given: none invented
    assert values[SPECIAL]["A2"].value == 3.0


def test_formulas_and_everything_else_stay_as_they_were() -> None:
    original = saved()
    data, _ = with_results(original)
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    before = openpyxl.load_workbook(io.BytesIO(original))
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert formulas[ws.title][cell.coordinate].value == cell.value
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(data)) as b:
        assert a.namelist() == b.namelist()
        parts = sheet_parts(a)
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        assert changed == {parts["Figures"], parts[SPECIAL]}  # the sheet without formulas is copied byte for byte


def test_shared_strings_are_untouched() -> None:
    original = saved(shared_strings=True)
    data, n = with_results(original)
    assert n == 5
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(data)) as b:
        assert b.read("xl/sharedStrings.xml") == a.read("xl/sharedStrings.xml")


def test_a_sheet_without_formulas_and_results_for_it_change_nothing() -> None:
    original = saved()
    data, n = with_results(original, {("Plain", "A1"): 5, ("Plain", "A2"): 6, ("Nowhere", "A1"): 1})
    assert n == 0
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(data)) as b:
        assert all(a.read(name) == b.read(name) for name in a.namelist())


def test_an_old_result_is_replaced_and_the_type_follows_the_new_one() -> None:
    data, _ = with_results(saved())
    again, n = with_results(data, {("Figures", "A4"): 2.5, ("Figures", "A5"): "#N/A"})
    assert n == 2
    values = openpyxl.load_workbook(io.BytesIO(again), data_only=True)["Figures"]
    assert values["A4"].value == 2.5 and values["A4"].data_type == "n"
    assert values["A5"].value == "#N/A"
    assert values["A3"].value == 94444  # the others keep theirs
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        xml = z.read(sheet_parts(z)["Figures"])
    assert xml.count(b"<v>2.5</v>") == 1 and b'r="A4" t="str"' not in xml


@pytest.mark.parametrize("text", ["a < b", "x & y", "]]>", "'quoted' \"double\""])
def test_text_results_with_xml_special_characters_round_trip(text: str) -> None:
    data, _ = with_results(saved(), {("Figures", "A4"): text})
    assert openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Figures"]["A4"].value == text


def test_the_file_still_opens_and_saves_in_openpyxl(tmp_path) -> None:
    data, _ = with_results(saved())
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Figures", SPECIAL, "Plain"]
    assert wb["Figures"]["A3"].value == "=A1-A2"
    wb.save(tmp_path / "again.xlsx")
    assert openpyxl.load_workbook(tmp_path / "again.xlsx")[SPECIAL]["A2"].value.startswith("='R&D")


def test_every_formula_of_the_finance_workbook_gets_its_result(library) -> None:
    """The workbook as the export builds it: the seam finds every formula cell the builder wrote, on every sheet."""
    from iijviewer.export.selection import ExportOptions
    from iijviewer.export.workbook import build_workbook

    book, _ = build_workbook(library, ExportOptions(statements=("income", "measures"), periods=("FY2010",)))
    buffer = io.BytesIO()
    book.wb.save(buffer)
    formulas = {(ws.title, c.coordinate) for ws in book.wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert set(book.cached) == formulas and len(formulas) > 50
    buffer.seek(0)
    data, n = with_results(buffer.getvalue(), book.cached)
    assert n == len(formulas)
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for sheet, coordinate in formulas:
        assert values[sheet][coordinate].value is not None, f"{sheet}!{coordinate}"
    without = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)
    assert all(without[sheet][coordinate].value is None for sheet, coordinate in formulas)  # openpyxl alone writes none
