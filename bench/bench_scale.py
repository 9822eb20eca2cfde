"""Scale benchmark: a library of 200 generated documents (25 fiscal years, 100 quarters) in the viewer.

`generate_library.py` writes the documents into a temporary folder; the
real reader reads them.  Measured, medians of several runs:

- import: the first 25, 50, 100 and 200 documents imported in one go
  (`importer.import_documents`) into fresh data folders, and the time per
  document (it should stay flat: the total grows linearly), beside reading
  the same files (the baseline);
- warm start: `Library.load` with a valid parse cache and library snapshot,
  the facts normalized, the findings checked and the viewer's fact index
  built (what the window needs before it opens); the same without the
  snapshot (a start whose snapshot is gone or from another version of the
  program: read from the parse cache, normalized, checked, the snapshot
  written again); the bundled library's warm start;
- the statement model (income statement of the latest period) and the
  comparison model (eight half years side by side) built from the index;
- in the real main window (1440x880, offscreen), from a click in the period
  navigator until the page is painted: switching the period of the
  Statements page and the eight quarters of the Compare page (a measure
  that painted nothing fails instead of reporting a time); the comparison
  model's update alone;
- drawing 40 trend series over the library's quarters on the Trends page:
  from nothing (chart data built), again (data kept), and in another unit,
  each until painted;
- peak memory (maximum resident set size) of the process.

Run: `.venv/bin/python bench/bench_scale.py [--documents 200] [--runs 5]`.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
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

from iijviewer.ingest.documents import bundled_documents  # noqa: E402
from iijviewer.library import (
    importer,
    snapshot,  # noqa: E402
)
from iijviewer.library.store import DOCUMENTS_FOLDER, Library, many_objects  # noqa: E402
from iijviewer.views.viewdata import FactIndex, latest_period  # noqa: E402


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _median_ms(fn, runs: int) -> float:
    return statistics.median(_time(fn) for _ in range(runs)) * 1000


def imports(work: Path, paths: list[Path]) -> None:
    print(f"{'import (fresh data folder)':<30} {'documents':>9} {'total s':>8} {'ms/document':>12} {'read ms/document':>17}")
    for n in (25, 50, 100, 200):
        if n > len(paths):
            break
        target = work / f"import-{n}"
        target.mkdir()
        chosen = paths[:n]
        read = _time(lambda: [p.read_bytes().decode("utf-8") for p in chosen])
        took = _time(lambda: importer.import_documents(chosen, target))
        print(f"{'':<30} {n:9d} {took:8.1f} {took / n * 1000:12.0f} {read / n * 1000:17.2f}")


def warm_start(data_dir: Path, empty: Path, runs: int) -> Library:
    def start(folder: Path) -> Library:  # as the application starts (iijviewer.app._main_window)
        with many_objects(freeze=True):
            library = Library.load(folder)
            FactIndex.from_library(library)
            library.findings  # noqa: B018 (the status bar's count: checked at start)
        library.save_snapshot()  # a library built rather than taken from the snapshot keeps one for the next start
        return library

    def timed_start(folder: Path, snapshot_kept: bool = True) -> float:
        gc.unfreeze()  # the last start's objects, as the window releases them: collected here, not in the timing
        gc.collect()
        if not snapshot_kept:  # the first start after an import: the parse cache valid, no snapshot
            snapshot.snapshot_path(folder).unlink(missing_ok=True)
        return _time(lambda: start(folder))

    library = start(data_dir)  # fills the cache and writes the snapshot
    start(empty)
    scale = statistics.median(timed_start(data_dir) for _ in range(runs))
    without = statistics.median(timed_start(data_dir, snapshot_kept=False) for _ in range(runs))
    bundled = statistics.median(timed_start(empty) for _ in range(runs))
    gc.unfreeze()
    load = _median_ms(lambda: Library.load(data_dir), runs)

    def steps() -> tuple[float, float, float, float]:
        snapshot.snapshot_path(data_dir).unlink(missing_ok=True)
        with many_objects():  # the collector paused, as in a start (which then freezes what it made)
            started = time.perf_counter()
            loaded = Library.load(data_dir)
            parsed = time.perf_counter() - started
            return parsed, _time(lambda: loaded.normalized), _time(lambda: loaded.findings), _time(loaded.save_snapshot)

    measured = [steps() for _ in range(runs)]
    parsed, normalize, check, write = (statistics.median(m[i] for m in measured) * 1000 for i in range(4))
    print(
        f"library: {len(library.documents)} documents, {len(library.raw):,} raw facts, {len(library.facts):,} facts"
        f" ({sum(f.derived for f in library.facts):,} derived), {len(library.findings)} findings"
        f" ({sum(f.kind == 'conflict' for f in library.findings)} conflicts)"
    )
    print(f"warm start (load, normalize, check, index): {scale * 1000:.0f} ms from the snapshot (Library.load"
          f" {load:.0f} ms); {without * 1000:.0f} ms without it (cache entries {parsed:.0f} ms,"
          f" normalize {normalize:.0f} ms, check {check:.0f} ms, write the snapshot {write:.0f} ms);"
          f" the bundled library: {bundled * 1000:.0f} ms")
    return start(data_dir)


def viewer(library: Library, runs: int) -> None:
    """What a user of the window feels: each measure runs from the change to the page painted."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings
    from PySide6.QtWidgets import QApplication

    from iijviewer.base.formatting import DISPLAY_UNITS
    from iijviewer.models.compare_model import CompareTableModel
    from iijviewer.models.statement_model import StatementTreeModel
    from iijviewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["bench", "-platform", "offscreen"])
    index = FactIndex.from_library(library)
    latest = latest_period(index)
    halves = [p for p in index.periods if p.endswith("-H1") or p.endswith("-H2")][-8:]
    quarters = [p for p in index.periods if p[-3:-1] == "-Q"]
    build_statement = _median_ms(lambda: StatementTreeModel(index).update(period=latest), runs)
    build_compare = _median_ms(lambda: CompareTableModel(index).update(periods=tuple(halves)), runs)
    print(f"statement model (income, {latest}): {build_statement:.1f} ms; comparison model (8 half years): {build_compare:.1f} ms")

    compare = CompareTableModel(index)
    compare.update(periods=tuple(halves))
    recent = quarters[-12:]
    cycle = iter(range(10**9))
    switch_compare = _median_ms(lambda: compare.update(periods=tuple(recent[next(cycle) % 4 * 2:][:8])), runs * 3)

    cpu_times: dict[str, float] = {}  # the last measure's median CPU time (this process), beside the time on the clock

    def felt(change, viewport, n: int) -> float:
        """Median ms from a change (as the user makes it) until the events it posts are handled and the page is painted.

        Also keeps the median CPU time of the process (`cpu_times["last"]`): on a
        machine that other work loads, the clock counts its time too.
        """
        paints = paint_counter(viewport)
        change()
        app.processEvents()
        times, cpu = [], []
        for _ in range(n):
            before = paints.count
            start, start_cpu = time.perf_counter(), time.process_time()
            change()
            app.processEvents()  # layouts, then the posted paint of what changed
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if paints.count == before:
                raise RuntimeError("the page was not painted: the measure would not include painting")
        viewport.removeEventFilter(paints)
        cpu_times["last"] = statistics.median(cpu) * 1000
        return statistics.median(times) * 1000

    with tempfile.TemporaryDirectory(prefix="iijviewer-scale-settings-") as tmp:
        # as the application makes it (iijviewer.app._main_window): the library and the window frozen out of the
        # collector's way, so that a switch pays for its own objects, not for a scan of the whole library
        with many_objects(freeze=True):
            window = MainWindow(library, QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1440, 880)
        window.show()
        app.processEvents()
        rows = window.period_model
        selection = window.navigator.selectionModel()

        def select(keys: list[str]) -> None:
            """A click (several: Ctrl+clicks) in the period navigator."""
            chosen = QItemSelection()
            for key in keys:
                chosen.select(rows.index_of(key), rows.index_of(key))
            selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

        window.show_view("statements")
        statements = window.pages["statements"]
        switch_statement = felt(lambda: select([recent[next(cycle) % len(recent)]]), statements.view.viewport(), runs * 3)
        cpu_statement = cpu_times["last"]
        window.show_view("compare")
        compared = window.pages["compare"]
        switch_page = felt(lambda: select(recent[next(cycle) % 4 * 2:][:8]), compared.view.viewport(), runs * 3)
        print(f"switch period (navigator click to page painted): Statements page {switch_statement:.1f} ms"
              f" (CPU {cpu_statement:.1f} ms); Compare page (8 quarters) {switch_page:.1f} ms (CPU {cpu_times['last']:.1f} ms);"
              f" comparison model alone {switch_compare:.1f} ms (a frame is 16.7 ms)")
        # the pages keep the figures of the last views shown: a period never shown before is built first
        fresh = iter(range(10**9))
        full = quarters[-60:]  # the generated years: every quarter has its statements
        window.show_view("statements")
        first_statement = felt(lambda: select([full[next(fresh) % len(full)]]), statements.view.viewport(), runs * 3)
        cpu_statement = cpu_times["last"]
        window.show_view("compare")
        first_page = felt(lambda: select(full[next(fresh) % (len(full) - 8):][:8]), compared.view.viewport(), runs * 3)
        print(f"switch to a period not shown before (nothing kept): Statements page {first_statement:.1f} ms"
              f" (CPU {cpu_statement:.1f} ms); Compare page (8 quarters) {first_page:.1f} ms (CPU {cpu_times['last']:.1f} ms)")

        concepts = [c for c in index.by_concept if sum(1 for (p, s) in index.by_concept[c] if p[-3:-1] == "-Q" and s == "actual") >= 90]
        concepts = concepts[:40]
        if not concepts:
            print(f"trends: skipped (no concept has 90 quarters of figures in {len(library.documents)} documents)")
            return
        window.show_view("trends")
        trends = window.pages["trends"]
        app.processEvents()
        trends.set_concepts(concepts)
        app.processEvents()
        plot = trends.plot.widget.viewport()

        def first_draw() -> None:  # nothing kept from an earlier chart: the series built, the items restyled
            trends.set_concepts([])
            window.index.memo.clear()
            trends.set_concepts(concepts)

        def draw() -> None:
            trends.set_concepts([])
            trends.set_concepts(concepts)

        units = list(DISPLAY_UNITS)
        drawn_cold = felt(first_draw, plot, runs)
        drawn = felt(draw, plot, runs)
        unit_redraw = felt(lambda: trends.set_display_unit(units[next(cycle) % len(units)]), plot, runs)
        items = trends.plot_items
        print(f"trends: {len(concepts)} series over {len(trends.chart.periods)} quarters ({len(items)} plot items), to painted:"
              f" drawn from nothing {drawn_cold:.0f} ms, again (the series kept) {drawn:.0f} ms;"
              f" redrawn in another unit {unit_redraw:.0f} ms")
        window.close()

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-imports", action="store_true", help="only the library and the viewer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iijviewer-scale-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        paths = generate(work / "generated", args.documents)
        size = sum(p.stat().st_size for p in paths)
        print(f"generated {len(paths)} documents ({size / 1024:,.0f} KiB) in {time.perf_counter() - started:.1f} s;"
              f" bundled: {len(bundled_documents())}")
        if not args.skip_imports:
            imports(work, paths)
        data_dir = work / "library"
        (data_dir / DOCUMENTS_FOLDER).mkdir(parents=True)
        for p in paths:
            shutil.copy(p, data_dir / DOCUMENTS_FOLDER / p.name)
        empty = work / "bundled-only"
        empty.mkdir()
        library = warm_start(data_dir, empty, args.runs)
        viewer(library, args.runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
