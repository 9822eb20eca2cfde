"""Export: the files written for finance, the audit workbook and the facts as CSV or JSON.

The workbook, one module a sheet (names end in `_sheet`, so that they are not
taken for the pages' Qt-free data in `iijviewer/views/`):

| module | does |
| --- | --- |
| `workbook.py` | `export_workbook`: builds the sheets in order, the Cover sheet, notes as comments, saves whole or not at all |
| `builder.py` | `Builder`: the statement sheets laid out first (`Plan`), so any formula can name any fact's cell; cells, formulas, comments, headers, tables shared by every sheet |
| `styles.py`, `grid.py` | the marks' colours and the fonts, fills and borders built once; where the header rows and the first figure stand |
| `selection.py` | `ExportOptions` (unit, statements, periods, layout) and the facts and periods they select |
| `statement_sheets.py` | one sheet a statement: formulas for derived figures, comments, row and column outline |
| `comparison_sheet.py` | periods against a year earlier or a named base; Change and Change % as formulas |
| `trends_sheet.py` | quarterly and half-yearly series with line charts |
| `measures_sheet.py` | margins, growth, twelve-month sums, ratios as formulas |
| `facts_sheet.py`, `findings_sheet.py`, `documents_sheet.py` | the tables: every fact with its source, the check findings, the documents |
| `cached_values.py` | the one step after openpyxl's save: each formula's result put in its cell |
| `files.py` | `ExportError`, and writing a file whole or not at all |
| `factsio.py` | the facts as CSV and JSON: the one CSV writer (formula-like text neutralised) for the command line and the window |

Imports the stages below it (base to views), never Qt; openpyxl only inside
the functions that build a workbook.
"""
