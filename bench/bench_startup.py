"""Start-up benchmark: `iijviewer --screenshot` from process start to the saved picture, against a bare PySide6 + pandas window.

Both are separate processes started the same way, alternated, offscreen, the
same window size:

- baseline: `bench/startup_baseline.py` imports PySide6 and pandas, shows an
  empty main window and saves a picture of it;
- warm: `iijviewer --screenshot FILE --data-dir DIR` with a valid parse cache
  in DIR (a user's every start after the first);
- cold: the same with DIR's cache removed before each run (the first start:
  every document parsed and the cache written), for comparison.

A run's time is from just before the process is started to the saved
picture's modification time (the picture is complete then); the time to the
process's exit is printed beside it.  Medians of the runs; the ratio is warm
over baseline.  It also lists which heavy modules (pyqtgraph, openpyxl,
pandas, numpy) a warm start imports (`python -X importtime`): none of them is
needed to show the statements.  Run: `.venv/bin/python bench/bench_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "startup_baseline.py"
HEAVY = ("pyqtgraph", "openpyxl", "pandas", "numpy", "iijviewer.ingest.tables")


def viewer_command() -> list[str]:
    """The installed console script beside this interpreter, as a double-click or a shell runs it."""
    script = Path(sys.executable).with_name("iijviewer.exe" if os.name == "nt" else "iijviewer")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "iijviewer.cli"]


def run(command: list[str], picture: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from start to the saved picture, and to the process's exit."""
    picture.unlink(missing_ok=True)
    start = time.time()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    ended = time.time()
    return picture.stat().st_mtime - start, ended - start


def heavy_imports(command: list[str], picture: Path, env: dict[str, str]) -> list[str]:
    """The heavy modules that a start imports, read from `-X importtime`."""
    env = dict(env, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [m for m in HEAVY if m in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (default 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iijviewer-startup-") as tmp:
        work = Path(tmp)
        # An installed program has its bytecode; here it is written to (and read from) a folder of the run's own.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(work / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("IIJVIEWER_DATA_DIR", None)
        warm_dir, cold_dir = work / "warm", work / "cold"
        warm_dir.mkdir()
        cold_dir.mkdir()
        picture = work / "shot.png"
        viewer = viewer_command()
        commands = {
            "baseline": [sys.executable, str(BASELINE), str(picture)],
            "warm": viewer + ["--data-dir", str(warm_dir), "--screenshot", str(picture)],
            "cold": viewer + ["--data-dir", str(cold_dir), "--screenshot", str(picture)],
        }
        # one unmeasured run of each: fills the warm cache and the OS's file cache
        for _name, command in commands.items():
            run(command, picture, env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                if name == "cold":
                    shutil.rmtree(cold_dir / "cache", ignore_errors=True)
                samples[name].append(run(command, picture, env))
        heavy = heavy_imports(commands["warm"], picture, env)
    shown = {name: statistics.median(s[0] for s in runs) for name, runs in samples.items()}
    exited = {name: statistics.median(s[1] for s in runs) for name, runs in samples.items()}
    print(f"{args.runs} alternated runs each, medians; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':<44} {'picture ms':>10} {'exit ms':>8}")
    labels = {
        "baseline": "baseline (PySide6 + pandas, empty window)",
        "warm": "iijviewer --screenshot (cache valid)",
        "cold": "iijviewer --screenshot (cache empty)",
    }
    for name in commands:
        print(f"{labels[name]:<44} {shown[name] * 1000:10.0f} {exited[name] * 1000:8.0f}")
    print(f"start-up ratio (warm / baseline, to the picture): {shown['warm'] / shown['baseline']:.2f}")
    print(f"heavy modules a warm start imports: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
