"""Regenerate docs/screenshots/: every page of the viewer, in the light and the dark theme, at 1x and 2x.

    python docs/make_screenshots.py [--out DIR] [--data-dir DIR] [--pages NAME,...]

Each scale runs in its own process (Qt reads QT_SCALE_FACTOR once, when it
starts); each process renders every page in both themes offscreen, from the
bundled documents (a throwaway library folder unless --data-dir is given).
Names: `statements.png` (light, 1x: what the README shows), `statements-dark.png`,
`statements@2x.png`, `statements-dark@2x.png`, and so on for every page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = (1, 2)
THEMES = ("light", "dark")
# page name: the options that show it with something to read
PAGES = {
    "statements": {"view": "statements", "statement": "income", "period": "FY2011-Q1"},
    "compare": {"view": "compare", "statement": "income", "compare": ["FY2009-H1", "FY2009-H2", "FY2010-H1", "FY2011-H1"]},
    "trends": {"view": "trends", "concepts": ["revenue_total", "operating_income"]},
    "guidance": {"view": "guidance"},
    "sources": {"view": "sources", "source": "2010-11-15_press-release_1H-FY2010-results:375"},
    "findings": {"view": "findings"},
}


def file_name(page: str, theme: str, scale: int) -> str:
    return f"{page}{'-dark' if theme == 'dark' else ''}{'@2x' if scale == 2 else ''}.png"


def render(out: Path, scale: int, data_dir: str, pages: list[str]) -> list[Path]:
    """In this process (QT_SCALE_FACTOR already set): the pages in both themes."""
    sys.path.insert(0, str(ROOT))
    from iijviewer.app import ScreenshotOptions, render_screenshot

    written = []
    for theme in THEMES:
        for page in pages:
            options = PAGES[page]
            path = out / file_name(page, theme, scale)
            render_screenshot(path, ScreenshotOptions(theme=theme, **options), data_dir=data_dir)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--data-dir", help="the library to show (default: a new, empty one: the bundled documents)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"some of {', '.join(PAGES)} (default: all)")
    parser.add_argument("--scale", type=int, choices=SCALES, help=argparse.SUPPRESS)  # one process per scale
    args = parser.parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page {unknown[0]!r}; choose from {', '.join(PAGES)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.scale is not None:
        for path in render(out, args.scale, args.data_dir, pages):
            print(path)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or os.path.join(tmp, "library")
        for scale in SCALES:
            env = dict(os.environ, QT_SCALE_FACTOR=str(scale), QT_QPA_PLATFORM="offscreen")
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
            command = [sys.executable, __file__, "--scale", str(scale), "--out", str(out), "--data-dir", data_dir]
            command += ["--pages", ",".join(pages)]
            done = subprocess.run(command, env=env)
            if done.returncode:
                return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
