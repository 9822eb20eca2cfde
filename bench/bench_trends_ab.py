"""Trends A/B: this tree's Trends page against another revision's, in one process, interleaved.

    git show REV:iijviewer/ui/trends.py > /tmp/trends_base.py
    .venv/bin/python bench/bench_trends_ab.py /tmp/trends_base.py [--rounds 11] [--documents 200]

Both pages show the same index of the library `generate_library.py` writes
(as `bench_scale.py`); each draws 40 trend series over its quarters, from
nothing (chart data built, items given new data), again (data kept) and in
another unit, each until painted, three times a round, the two pages
alternating which goes first.  Reported: medians of the process's CPU time
(robust to other processes on a busy machine) and of wall time.  The
baseline file is loaded as a module of its own beside this tree's package,
so it must not differ from it in anything but the page.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import paint_counter  # noqa: E402
from generate_library import generate  # noqa: E402

from iijviewer.library.store import DOCUMENTS_FOLDER, Library  # noqa: E402
from iijviewer.views.viewdata import FactIndex  # noqa: E402

MEASURES = ("from nothing", "again", "another unit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", help="the trends.py of the revision to compare against")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    import iijviewer.ui.trends as this
    from iijviewer.base.formatting import DISPLAY_UNITS

    app = QApplication.instance() or QApplication(["bench", "-platform", "offscreen"])
    spec = importlib.util.spec_from_file_location("trends_baseline", args.baseline)
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)

    with tempfile.TemporaryDirectory(prefix="iijviewer-trends-ab-") as tmp:
        data_dir = Path(tmp) / "library"
        (data_dir / DOCUMENTS_FOLDER).mkdir(parents=True)
        for path in generate(Path(tmp) / "generated", args.documents):
            shutil.copy(path, data_dir / DOCUMENTS_FOLDER / path.name)
        library = Library.load(data_dir)
    index = FactIndex.from_library(library)
    quarterly = [c for c in index.by_concept if sum(1 for (p, s) in index.by_concept[c] if p[-3:-1] == "-Q" and s == "actual") >= 90]
    concepts = quarterly[:40]
    pages = {}
    for name, module in (("baseline", baseline), ("this tree", this)):
        page = module.TrendsPanel()
        page.set_data(library, index)
        page.resize(1150, 800)
        page.show()
        app.processEvents()
        page.set_concepts(concepts)
        app.processEvents()
        pages[name] = (page, paint_counter(page.plot.widget.viewport()))
        page.hide()
    units = list(DISPLAY_UNITS)
    turn = iter(range(10**9))
    cpu = {(name, m): [] for name in pages for m in MEASURES}
    wall = {(name, m): [] for name in pages for m in MEASURES}
    for r in range(args.rounds):
        for name in list(pages) if r % 2 == 0 else list(pages)[::-1]:
            page, paints = pages[name]
            page.show()
            app.processEvents()

            def from_nothing(page=page) -> None:
                page.set_concepts([])
                index.memo.clear()
                page.set_concepts(concepts)

            def again(page=page) -> None:
                page.set_concepts([])
                page.set_concepts(concepts)

            changes = dict(zip(MEASURES, (from_nothing, again, lambda page=page: page.set_display_unit(units[next(turn) % len(units)]))))
            for _ in range(3):
                for measure, change in changes.items():
                    before = paints.count
                    started, started_cpu = time.perf_counter(), time.process_time()
                    change()
                    app.processEvents()
                    cpu[(name, measure)].append((time.process_time() - started_cpu) * 1000)
                    wall[(name, measure)].append((time.perf_counter() - started) * 1000)
                    if paints.count == before:
                        raise RuntimeError("the page was not painted: the measure would not include painting")
            page.hide()
            app.processEvents()
    shown = next(iter(pages.values()))[0].chart
    print(f"{len(concepts)} series over {len(shown.periods)} quarters, {args.rounds} rounds of 3; medians, ms (CPU / wall)")
    for measure in MEASURES:
        base, mine = (statistics.median(cpu[(n, measure)]) for n in pages)
        base_wall, mine_wall = (statistics.median(wall[(n, measure)]) for n in pages)
        print(f"  {measure}: baseline {base:.1f} / {base_wall:.1f}, this tree {mine:.1f} / {mine_wall:.1f} (CPU ratio {mine / base:.2f})")


if __name__ == "__main__":
    main()
