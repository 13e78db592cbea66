"""Make installer/icons/langganan.ico, the Windows icon of the installer, the shortcuts and Apps & features.

From the app icon's PNGs (installer/icons/langganan-<size>.png, drawn with the rest of the app's identity)
when they are there: each size the ICO holds is taken from the PNG of that size if one exists, else scaled
down from the largest. Without them, from a drawing of its own (a green tile with a white shop awning
and an orange dot: a regular's stamp), so that a build never ships a blank icon. Pillow (installed with
reportlab) does the work. Run by the release workflow before `installer/build.py`:

    python installer/make_ico.py [--out FILE]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent / "icons"
TARGET = ICONS / "langganan.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_pngs(folder: Path = ICONS) -> dict[int, Path]:
    """The app icon's PNGs by size: langganan-256.png → {256: path}."""
    found = {}
    for path in folder.glob("langganan-*.png"):
        match = re.fullmatch(r"langganan-(\d+)\.png", path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def drawn(size: int = 256) -> Image.Image:
    """Our own drawing, at 256 px (scaled for the small sizes): readable at 16 px."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=(22, 122, 88, 255))
    # the awning: a white band with scallops, over a white counter
    d.rectangle((44 * s, 70 * s, 212 * s, 112 * s), fill=(255, 255, 255, 255))
    for i in range(4):
        x = 44 * s + i * 42 * s
        d.pieslice((x, 90 * s, x + 42 * s, 134 * s), 0, 180, fill=(255, 255, 255, 255))
    d.rectangle((60 * s, 150 * s, 196 * s, 204 * s), fill=(255, 255, 255, 255))
    d.ellipse((150 * s, 158 * s, 188 * s, 196 * s), fill=(245, 140, 30, 255))
    return img


def images(folder: Path = ICONS) -> list[Image.Image]:
    pngs = app_pngs(folder)
    largest = Image.open(pngs[max(pngs)]).convert("RGBA") if pngs else drawn()
    out = []
    for size in SIZES:
        source = Image.open(pngs[size]).convert("RGBA") if size in pngs else largest
        out.append(source if source.size == (size, size) else source.resize((size, size), Image.LANCZOS))
    return out


def make_ico(target: Path = TARGET, folder: Path = ICONS) -> Path:
    pictures = images(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    biggest = pictures[-1]
    biggest.save(target, format="ICO", sizes=[p.size for p in pictures], append_images=pictures[:-1])
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    print(make_ico(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
