"""Draws iijviewer's application icon with Qt and writes it in the sizes the platforms need.

A blue rounded square with three rising white bars and a trend line: drawn
as shapes (no fonts), so every size is crisp and the same on every machine.

Writes into packaging/icons/: `iijviewer-<n>.png` for n in 16 ... 512 (Linux
hicolor theme, the window icon; kept in the repository), and where Pillow is
installed (the build venv) `iijviewer.ico` (Windows: 16, 24, 32, 48, 64, 128,
256) and `iijviewer.icns` (macOS: 16 ... 512), made at build time.
Run: `python packaging/make_icon.py` (offscreen; no display needed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

HERE = Path(__file__).resolve().parent
ICONS = HERE / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE, DARK = QColor("#1f5fa8"), QColor("#123c6e")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64.0  # designed on a 64-unit grid
    frame = QPainterPath()
    frame.addRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s)
    p.fillPath(frame, BLUE)
    p.setPen(QPen(DARK, max(1.0, 1.5 * s)))
    p.drawPath(frame)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    for i, height in enumerate((16, 26, 36)):
        p.drawRoundedRect(QRectF((13 + i * 14) * s, (52 - height) * s, 10 * s, height * s), 1.5 * s, 1.5 * s)
    if size >= 24:  # the trend line only where it can be seen
        pen = QPen(QColor("#ffd24a"), max(1.5, 3 * s))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.drawPolyline([QPointF(12 * s, 30 * s), QPointF(27 * s, 22 * s), QPointF(38 * s, 25 * s), QPointF(52 * s, 11 * s)])
    p.end()
    return image


def write_platform_icons() -> list[str]:
    """The Windows .ico and macOS .icns, made from the PNGs with Pillow (Qt writes one image per file)."""
    try:
        from PIL import Image
    except ImportError:
        return []
    largest = Image.open(ICONS / "iijviewer-512.png")
    largest.save(ICONS / "iijviewer.ico", sizes=[(n, n) for n in ICO_SIZES])
    largest.save(ICONS / "iijviewer.icns")
    return ["iijviewer.ico", "iijviewer.icns"]


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (painting needs one)
    ICONS.mkdir(exist_ok=True)
    images = {n: draw(n) for n in PNG_SIZES}
    for n, image in images.items():
        image.save(str(ICONS / f"iijviewer-{n}.png"), "PNG")
    made = write_platform_icons()
    print(f"wrote {len(images)} PNGs{' and ' + ', '.join(made) if made else ''} to {ICONS}"
          f"{'' if made else ' (no Pillow: no .ico and .icns)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
