"""Render resources/icons/langganan.svg into the PNG sizes the desktops and the window want.

    .venv/bin/python installer/make_icons.py

Run it after changing the SVG and commit the PNGs (the build and the window use them, so that no SVG
plugin has to travel with the frozen program).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])  # noqa: F841
    svg = ICONS / "langganan.svg"
    for size in SIZES:
        out = ICONS / f"langganan-{size}.png"
        render(svg, size).save(str(out))
        print(out.relative_to(ICONS.parent.parent))
    from PIL import Image  # Windows wants one .ico with every size (the program, the installer, the shortcuts)

    ico = ICONS / "langganan.ico"
    Image.open(ICONS / "langganan-256.png").save(ico, sizes=[(s, s) for s in SIZES])
    print(ico.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
