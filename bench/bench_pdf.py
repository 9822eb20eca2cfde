"""Reading PDFs: pages per second of iijviewer's reader against `pdftotext -layout` and against pdfplumber's words alone.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_pdf.py [REPEAT]

The five bundled documents and the real announcements beside the checkout
(../shared/realworld, when there) are printed to A4 PDFs (tests/printed.py,
Qt's QTextDocument through QPdfWriter, 8-point type), then each is read,
runs interleaved, medians reported:

- `read_pdf`: iijviewer's reader (pdfplumber's words, then lines, cells,
  tables and their columns, with every line's place), what an import does;
- pdfplumber's `extract_words` alone, the floor of reading words with boxes;
- `pdftotext -layout` (poppler, a separate process per file) where installed:
  the fast C reader, which gives text laid out with spaces but no boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from common import alternate  # noqa: E402

from iijviewer.base.paths import bundled_documents_dir  # noqa: E402
from iijviewer.ingest.documents import decode_text, split_lines  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld"


def main(repeat: int) -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - printing needs one
    import pdfplumber
    from printed import print_pdf

    from iijviewer.ingest.pdf import read_pdf

    sources = sorted(bundled_documents_dir().glob("*.txt")) + (sorted(REALWORLD.glob("*.txt")) if REALWORLD.is_dir() else [])
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for k, path in enumerate(sources):
            lines = split_lines(decode_text(path.read_bytes(), str(path)))
            pdfs.append(print_pdf(lines, Path(tmp) / f"{k:02d}.pdf", page_points=(595.0, 842.0), font_points=8))
        datas = [p.read_bytes() for p in pdfs]
        pages = sum(len(pdfplumber.open(io.BytesIO(d)).pages) for d in datas)

        def ours() -> None:
            for d in datas:
                read_pdf(d, "bench.pdf")

        def words() -> None:
            for d in datas:
                with pdfplumber.open(io.BytesIO(d)) as pdf:
                    for page in pdf.pages:
                        page.extract_words(x_tolerance_ratio=0.15, y_tolerance_ratio=0.3, extra_attrs=["size"])

        runs = {"read_pdf": ours, "pdfplumber words": words}
        pdftotext = shutil.which("pdftotext")
        if pdftotext:

            def poppler() -> None:
                for p in pdfs:
                    subprocess.run([pdftotext, "-layout", str(p), "-"], check=True, capture_output=True)

            runs["pdftotext -layout"] = poppler
        times = alternate(runs, repeat)

    megabytes = sum(len(d) for d in datas) / 1e6
    print(f"{len(datas)} PDFs, {pages} pages, {megabytes:.1f} MB (the bundled documents and {len(sources) - 5} real announcements, A4, 8 pt)")
    base = times["read_pdf"]
    for name, seconds in times.items():
        print(f"  {name:18s} {seconds * 1000:8.0f} ms  {pages / seconds:7.1f} pages/s  {seconds / base:5.2f}x read_pdf")
    if not pdftotext:
        print("  pdftotext -layout: not installed (poppler-utils); no comparison")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
