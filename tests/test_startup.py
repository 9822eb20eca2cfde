"""Start-up: the window opens on the latest statements without the heavy libraries and without parsing.

Run in a fresh interpreter (the test process has imported everything by now):
a screenshot start with a valid parse cache, then a look at which modules it
loaded.  pyqtgraph (the trends plot), openpyxl (export), pandas and numpy are
imported when first needed, never to show the first page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from iijviewer.library.store import Library

HEAVY = ("pyqtgraph", "openpyxl", "pandas", "numpy", "pdfplumber", "pdfminer", "pypdfium2")

_START = """
import json, sys
from iijviewer.library import cache, store
from iijviewer.app import ScreenshotOptions, render_screenshot

parsed = []
def counting_reader(document_id, lines):
    parsed.append(document_id)
    raise AssertionError("parsed on start-up: " + document_id)
store.read_document = counting_reader
render_screenshot(sys.argv[1], ScreenshotOptions(), data_dir=sys.argv[2])
print(json.dumps({"modules": sorted(sys.modules), "parsed": parsed}))
"""


def test_a_warm_start_shows_the_statements_without_heavy_imports_or_parsing(tmp_path: Path) -> None:
    data_dir = tmp_path / "library"
    data_dir.mkdir()
    Library.load(data_dir)  # fills the parse cache, as the first start does
    picture = tmp_path / "start.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("IIJVIEWER_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", _START, str(picture), str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["parsed"] == []
    loaded = {m.split(".")[0] for m in result["modules"]}
    assert [m for m in HEAVY if m in loaded] == []
    # nor the table reader: its patterns are tens of milliseconds to import, and nothing is read
    assert not {"iijviewer.ingest.tables", "iijviewer.ingest.reader"} & set(result["modules"])
    assert picture.stat().st_size > 0


def test_the_first_start_makes_the_library_folder_so_the_next_one_is_cached(tmp_path) -> None:
    from iijviewer.app import _make_library_folder
    from iijviewer.ingest.documents import bundled_documents
    from iijviewer.library.store import Library

    folder = tmp_path / "new user" / "iijviewer"
    _make_library_folder(folder)
    Library.load(folder).save_snapshot()  # what a start does: read, normalize, check, keep

    assert len(list((folder / "cache").glob("*.json"))) == len(bundled_documents())
    _make_library_folder(tmp_path / "a file")  # a folder that cannot be made is no error
    (tmp_path / "a file").rmdir()
    (tmp_path / "a file").write_text("")
    _make_library_folder(tmp_path / "a file")
