"""Export benchmark: the finance workbook of the bundled library, against a plain `DataFrame.to_excel` of its facts.

The baseline, measured in the same run, writes the same facts (the contract's
columns) as one plain sheet with pandas and openpyxl: what any export costs.
The workbook adds the statement sheets with their formulas, comments and
outline, the comparison, the trends with charts, and the tables.  Runs are
interleaved and the medians reported, so the ratio is meaningful on a noisy
machine.  The step that puts the formulas' results into the saved file
(`export/cached_values.py`, after openpyxl's save) is timed on its own too,
against copying the same package unchanged.
Run: `.venv/bin/python bench/bench_export.py`.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from common import alternate  # noqa: E402

from iijviewer.export.cached_values import write_cached_values  # noqa: E402
from iijviewer.export.factsio import FACT_COLUMNS, fact_rows  # noqa: E402
from iijviewer.export.workbook import build_workbook, export_workbook  # noqa: E402
from iijviewer.library.store import Library  # noqa: E402


def main() -> None:
    library = Library.load(use_user_library=False)
    _ = library.findings  # computed once, as the viewer has them before anyone exports
    folder = Path(tempfile.mkdtemp(prefix="iijviewer-bench-"))
    workbook, plain = folder / "iij.xlsx", folder / "facts.xlsx"

    def pandas_to_excel() -> None:
        frame = pd.DataFrame(fact_rows(library, False), columns=FACT_COLUMNS)
        frame["value"] = frame["value"].astype(float)
        frame.to_excel(plain, sheet_name="Facts", index=False, engine="openpyxl")

    summary = export_workbook(library, workbook)
    t = alternate({"to_excel": pandas_to_excel, "workbook": lambda: export_workbook(library, workbook)}, repeat=7)
    print(f"facts: {summary.facts:,}; workbook: {len(summary.sheets)} sheets, {summary.formulas:,} derived formulas, "
          f"{summary.conflicts} conflicts marked, {workbook.stat().st_size / 1024:.0f} KiB "
          f"(plain sheet {plain.stat().st_size / 1024:.0f} KiB)")
    print(f"DataFrame.to_excel (baseline): {t['to_excel'] * 1000:8.1f} ms")
    print(f"export_workbook              : {t['workbook'] * 1000:8.1f} ms   ratio {t['workbook'] / t['to_excel']:.1f}x")
    book, _ = build_workbook(library)
    saved = io.BytesIO()
    book.wb.save(saved)

    def copy_package() -> None:
        with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as src, zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item))

    steps = alternate({"copy": copy_package, "results": lambda: write_cached_values(io.BytesIO(saved.getvalue()), book.cached, io.BytesIO())})
    print(f"formula results ({len(book.cached):,} cells): {steps['results'] * 1000:.1f} ms, copying the package alone {steps['copy'] * 1000:.1f} ms")
    for p in (workbook, plain):
        p.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
