"""The Status picture: a 1080 × 1920 PNG for WhatsApp Status with the shop, one product, its price or promotion
and the shop's WhatsApp number.

Drawn with Pillow in the Bitstream Vera fonts that ship inside reportlab, read from reportlab's folder by path:
never the computer's fonts (a cheap laptop may have none worth using, and the picture must look the same on
every till). A long name wraps and shrinks to fit; every text stays inside the canvas, and the parts a
WhatsApp viewer lays its own bars over (the top and bottom 150 pixels) hold only background.

``draw_status_picture`` also gives the box of everything it drew, for the tests.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont

from pos.i18n import _, format_money
from pos.money import Money

WIDTH, HEIGHT = 1080, 1920
MARGIN = 80  # left and right
SAFE = 150  # WhatsApp shows its progress bar and name at the top, the reply box at the bottom
TEXT_W = WIDTH - 2 * MARGIN
DEFAULT_COLOUR = "#b23a48"
WHITE, CREAM = (255, 255, 255), (255, 226, 140)
BAND, BAND_INK, TAG = (255, 210, 63), (52, 30, 6), (200, 40, 40)
WA_GREEN, WA_DARK, GREY, STRIKE = (37, 211, 102), (7, 94, 84), (90, 90, 90), (255, 120, 110)
MAX_PIXELS = 60_000_000
SCALES = (1.0, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52, 0.45)

Box = tuple[int, int, int, int]  # left, top, right, bottom
Picture = bytes | Image.Image | None


@dataclass(frozen=True)
class StatusContent:
    """What the picture says, as plain values (already in the reader's language)."""

    shop_name: str
    product_name: str
    price: Money | str  # Money is written "Rp 25.000"
    whatsapp: str = ""  # as it is shown: 0812-2735-4816 ("" leaves the footer out)
    promo_line: str = ""  # "Beli 10 gratis 1"; "" draws no promotion band
    promo_note: str = ""  # the promotion's name, until when
    old_price: Money | str | None = None  # struck through above the price
    unit: str = ""  # "pak": the price is per pak
    logo: Picture = field(default=None, repr=False)
    picture: Picture = field(default=None, repr=False)  # the product's picture
    colour: str = DEFAULT_COLOUR  # the background's colour (a category's, say); darkened when too light
    currency: str = "IDR"


@dataclass(frozen=True)
class Drawn:
    """One thing drawn: its box, and for a text the text and its font."""

    box: Box
    text: str = ""
    size: int = 0
    bold: bool = True


@dataclass(frozen=True)
class StatusDrawing:
    image: Image.Image
    drawn: dict[str, tuple[Drawn, ...]]  # "shop", "name" (a line each), "old_price", "price", "band", "promo" …

    @property
    def boxes(self) -> dict[str, tuple[Box, ...]]:
        return {name: tuple(d.box for d in found) for name, found in self.drawn.items()}


def render_status_picture(content: StatusContent) -> bytes:
    """The picture as PNG bytes, exactly 1080 × 1920."""
    out = io.BytesIO()
    draw_status_picture(content).image.save(out, "PNG")
    return out.getvalue()


# --- fonts and text -----------------------------------------------------------------------------------------------
def font_path(bold: bool = True) -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / ("VeraBd.ttf" if bold else "Vera.ttf")


@lru_cache(maxsize=256)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


@lru_cache(maxsize=2)
def _glyphs(bold: bool) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(str(font_path(bold))).charToGlyph)


def clean(text: str, bold: bool = True) -> str:
    """One line of text the font can draw: spaces for line breaks, '?' for what it has no letter for."""
    glyphs = _glyphs(bold)
    text = " ".join(str(text).split())
    return "".join(ch if ord(ch) in glyphs else "?" for ch in text)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:  # a word wider than the line is cut
            cut = 1
            while cut < len(word) and font.getlength(word[:cut + 1]) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _balance(text: str, font: ImageFont.FreeTypeFont, width: int, count: int) -> list[str]:
    """The same number of lines, as even as they go (no lone word on the last line)."""
    low, high = 1, width
    while low < high:
        middle = (low + high) // 2
        if len(_wrap(text, font, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    return _wrap(text, font, low)


def _shorten(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while line and font.getlength(line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


@dataclass(frozen=True)
class Lines:
    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    step: int  # from one line's top to the next
    bold: bool = True

    @property
    def height(self) -> int:
        return self.step * len(self.lines)


def fit_text(text: str, *, largest: int, smallest: int, max_lines: int, width: int = TEXT_W,
             bold: bool = True, prefer_fewer: float = 0.0) -> Lines:
    """The biggest size from ``largest`` down to ``smallest`` at which ``text`` takes at most ``max_lines``
    lines of ``width``; at the smallest size what is left over ends in '…'. Lines are balanced.

    With ``prefer_fewer`` (0.7, say), fewer lines at 70 % of ``largest`` or bigger win over more lines.
    """
    for fewer in range(1, max_lines) if prefer_fewer else ():
        floor = max(smallest, int(largest * prefer_fewer))
        found = fit_text(text, largest=largest, smallest=floor, max_lines=fewer, width=width, bold=bold)
        if not found.lines or not found.lines[-1].endswith("…"):
            return found
    text = clean(text, bold)
    size = max(largest, smallest)
    while True:
        font = _font(bold, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines or size <= smallest:
            break
        size = max(smallest, size - max(2, size // 16))
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [_shorten(" ".join(lines[max_lines - 1:]), font, width)]
    elif len(lines) > 1:
        lines = _balance(text, font, width, len(lines))
    ascent, descent = font.getmetrics()
    return Lines(tuple(lines), font, int((ascent + descent) * 0.98), bold)


def _money_text(value: Money | str, currency: str) -> str:
    return format_money(value, currency) if isinstance(value, Money) else str(value)


# --- pictures and colours -----------------------------------------------------------------------------------------
def _open(value: Picture) -> Image.Image | None:
    """A picture as RGBA, or None when there is none (or it cannot be read: it is only decoration)."""
    if value is None:
        return None
    if isinstance(value, Image.Image):
        return value.convert("RGBA")
    try:
        with Image.open(io.BytesIO(value)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            return image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a[:3], b[:3]))  # type: ignore[return-value]


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _base_colour(colour: str) -> tuple[int, int, int]:
    """The colour asked for, darkened until white letters on it read well."""
    try:
        rgb = ImageColor.getrgb(colour or DEFAULT_COLOUR)[:3]
    except ValueError:
        rgb = ImageColor.getrgb(DEFAULT_COLOUR)[:3]
    while _luminance(rgb) > 0.16:
        rgb = _mix(rgb, (0, 0, 0), 0.1)
    return rgb  # type: ignore[return-value]


def _background(colour: str) -> Image.Image:
    base = _base_colour(colour)
    top, bottom = _mix(base, WHITE, 0.12), _mix(base, (0, 0, 0), 0.55)
    mask = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.composite(Image.new("RGBA", (WIDTH, HEIGHT), bottom + (255,)),
                            Image.new("RGBA", (WIDTH, HEIGHT), top + (255,)), mask)
    glow = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    d = ImageDraw.Draw(glow)
    for cx, cy, r, alpha in ((WIDTH + 40, 330, 430, 26), (-90, 1380, 380, 20), (WIDTH - 120, 1700, 190, 16)):
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 255, alpha))
    return Image.alpha_composite(image, glow)


def _card(image: Image.Image, picture: Image.Image, box: Box, radius: int) -> None:
    """A picture on a white card with a soft shadow."""
    x0, y0, x1, y1 = box
    shadow = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle((x0 + 6, y0 + 14, x1 + 6, y1 + 14), radius, fill=(0, 0, 0, 90))
    image.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(14)))
    ImageDraw.Draw(image).rounded_rectangle(box, radius, fill=WHITE)
    inner = min(x1 - x0, y1 - y0) - 2 * max(12, radius // 2)
    fitted = picture.copy()
    scale = inner / max(fitted.width, fitted.height)
    fitted = fitted.resize((max(1, round(fitted.width * scale)), max(1, round(fitted.height * scale))),
                           Image.Resampling.LANCZOS)
    image.alpha_composite(fitted, ((x0 + x1 - fitted.width) // 2, (y0 + y1 - fitted.height) // 2))


# --- layout -------------------------------------------------------------------------------------------------------
Found = dict[str, list[Drawn]]
Painter = Callable[[Image.Image, int], Found]


def _put(image: Image.Image, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, fill: tuple[int, ...],
         *, bold: bool, anchor: str = "la") -> Drawn:
    draw = ImageDraw.Draw(image)
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)
    return Drawn(draw.textbbox(xy, text, font=font, anchor=anchor), text, int(font.size), bold)


@dataclass(frozen=True)
class Block:
    height: int
    paint: Painter  # paints at a top edge; gives what it drew


def _centred(name: str, text: Lines, fill: tuple[int, ...]) -> Painter:
    def paint(image: Image.Image, top: int) -> Found:
        return {name: [_put(image, (WIDTH // 2, top + i * text.step), line, text.font, fill, bold=text.bold,
                            anchor="ma") for i, line in enumerate(text.lines)]}

    return paint


def _old_price_block(content: StatusContent, scale: float) -> Block:
    text = fit_text(_money_text(content.old_price, content.currency), largest=int(76 * scale),
                    smallest=36, max_lines=1, bold=False)
    paint_text = _centred("old_price", text, _mix(WHITE, _base_colour(content.colour), 0.25))

    def paint(image: Image.Image, top: int) -> Found:
        found = paint_text(image, top)
        x0, y0, x1, y1 = found["old_price"][0].box
        middle = (y0 + y1) // 2 + 2
        ImageDraw.Draw(image).line((x0 - 12, middle, x1 + 12, middle), fill=STRIKE, width=7)
        found["strike"] = [Drawn((x0 - 12, middle - 4, x1 + 12, middle + 4))]
        return found

    return Block(text.height, paint)


def _price_block(content: StatusContent, scale: float) -> Block:
    """The price as big as it goes on one line, "/ unit" small after it (left out when there is no room)."""
    price = clean(_money_text(content.price, content.currency))
    unit = clean(f" / {content.unit}", bold=False) if content.unit.strip() else ""
    size = int(190 * scale)
    while True:
        font, small = _font(True, size), _font(False, max(30, size // 3))
        if font.getlength(price) + small.getlength(unit) <= TEXT_W or size <= 40:
            break
        size -= 4
    if font.getlength(price) + small.getlength(unit) > TEXT_W:
        unit = ""
    ascent, descent = font.getmetrics()

    def paint(image: Image.Image, top: int) -> Found:
        left = round((WIDTH - font.getlength(price) - small.getlength(unit)) / 2)
        baseline = top + ascent
        found = {"price": [_put(image, (left, baseline), price, font, CREAM, bold=True, anchor="ls")]}
        if unit:
            at = (left + round(font.getlength(price)), baseline)
            found["unit"] = [_put(image, at, unit, small, WHITE, bold=False, anchor="ls")]
        return found

    return Block(ascent + descent, paint)


def _band_block(content: StatusContent, scale: float) -> Block:
    """The promotion on a tilted yellow band, a red PROMO tag on its edge."""
    tag = fit_text(_("PROMO"), largest=40, smallest=28, max_lines=1, width=400)
    line = fit_text(content.promo_line, largest=int(104 * scale), smallest=44, max_lines=2, width=TEXT_W - 40,
                    prefer_fewer=0.7)
    note = (fit_text(content.promo_note, largest=int(44 * scale), smallest=28, max_lines=2, width=TEXT_W - 40,
                     bold=False) if content.promo_note.strip() else None)
    pad, tilt = int(56 * scale) + 20, 18
    height = pad + line.height + (14 + note.height if note else 0) + pad - 20

    def paint(image: Image.Image, top: int) -> Found:
        draw = ImageDraw.Draw(image)
        bottom = top + height
        draw.polygon([(0, top + tilt), (WIDTH, top), (WIDTH, bottom - tilt), (0, bottom)], fill=BAND)
        found: Found = {"band": [Drawn((0, top, WIDTH, bottom))]}
        half = int(tag.font.getlength(tag.lines[0])) // 2 + 28
        tag_box = (WIDTH // 2 - half, top - tag.step // 2 - 6, WIDTH // 2 + half, top + tag.step // 2 + 14)
        draw.rounded_rectangle(tag_box, 18, fill=TAG)
        found.update(_centred("tag", tag, WHITE)(image, tag_box[1] + 10))
        found.update(_centred("promo", line, BAND_INK)(image, top + pad))
        if note:
            found.update(_centred("promo_note", note, _mix(BAND_INK, BAND, 0.2))(image, top + pad + line.height + 14))
        return found

    return Block(height, paint)


def _picture_block(picture: Image.Image, scale: float) -> Block:
    side = int(400 * scale)

    def paint(image: Image.Image, top: int) -> Found:
        box = ((WIDTH - side) // 2, top, (WIDTH + side) // 2, top + side)
        _card(image, picture, box, 36)
        return {"picture": [Drawn(box)]}

    return Block(side, paint)


def _middle(content: StatusContent, scale: float, with_picture: bool = True) -> list[tuple[Block, int]]:
    """The product, its price and the promotion, each with the gap after it."""
    blocks: list[tuple[Block, int]] = []
    picture = _open(content.picture) if with_picture else None
    if picture is not None:
        blocks.append((_picture_block(picture, scale), int(56 * scale)))
    name = fit_text(content.product_name, largest=int(150 * scale), smallest=56, max_lines=3, prefer_fewer=0.7)
    blocks.append((Block(name.height, _centred("name", name, WHITE)), int(40 * scale)))
    if content.old_price is not None:
        blocks.append((_old_price_block(content, scale), int(8 * scale)))
    blocks.append((_price_block(content, scale), int(90 * scale)))
    if content.promo_line.strip():
        blocks.append((_band_block(content, scale), 0))
    return blocks


def _header(image: Image.Image, content: StatusContent) -> tuple[int, Found]:
    """The logo and the shop's name from the top of the safe area; gives the bottom edge."""
    found: Found = {}
    top = SAFE + 20
    logo = _open(content.logo)
    if logo is not None:
        side = 150
        box = ((WIDTH - side) // 2, top, (WIDTH + side) // 2, top + side)
        _card(image, logo, box, 28)
        found["logo"] = [Drawn(box)]
        top += side + 30
    name = fit_text(content.shop_name, largest=76, smallest=40, max_lines=2, prefer_fewer=0.7)
    found.update(_centred("shop", name, WHITE)(image, top))
    top += name.height + 18
    ImageDraw.Draw(image).rounded_rectangle((WIDTH // 2 - 70, top, WIDTH // 2 + 70, top + 8), 4, fill=BAND)
    return top + 8, found


def _whatsapp_icon(image: Image.Image, cx: int, cy: int, r: int) -> None:
    """A green disc with a white speech bubble."""
    draw = ImageDraw.Draw(image)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WA_GREEN)
    ring = r * 0.62
    draw.polygon([(cx - ring * 0.55, cy + ring * 0.5), (cx - ring * 1.05, cy + ring * 1.05),
                  (cx - ring * 0.1, cy + ring * 0.85)], fill=WHITE)
    draw.ellipse((cx - ring, cy - ring, cx + ring, cy + ring), outline=WHITE, width=9)


def _footer(image: Image.Image, content: StatusContent) -> tuple[int, Found]:
    """'Order via WhatsApp 0812-…' in a white pill at the bottom of the safe area; gives its top edge."""
    if not content.whatsapp.strip():
        return HEIGHT - SAFE, {}
    icon, pad = 124, 34
    room = TEXT_W - icon - 3 * pad - 10
    label = fit_text(_("Order via WhatsApp"), largest=44, smallest=28, max_lines=1, width=room, bold=False)
    number = fit_text(content.whatsapp, largest=84, smallest=40, max_lines=1, width=room)
    height = max(icon, label.height + number.height) + 2 * pad
    box = (MARGIN, HEIGHT - SAFE - 20 - height, WIDTH - MARGIN, HEIGHT - SAFE - 20)
    ImageDraw.Draw(image).rounded_rectangle(box, height // 2, fill=WHITE)
    cx, cy = box[0] + pad + icon // 2 + 10, (box[1] + box[3]) // 2
    _whatsapp_icon(image, cx, cy, icon // 2)
    left = cx + icon // 2 + pad
    top = (box[1] + box[3] - label.height - number.height) // 2
    return box[1], {
        "footer": [Drawn(box)],
        "whatsapp_label": [_put(image, (left, top), label.lines[0], label.font, GREY, bold=False)],
        "whatsapp": [_put(image, (left, top + label.height), number.lines[0], number.font, WA_DARK, bold=True)],
    }


def draw_status_picture(content: StatusContent) -> StatusDrawing:
    """The picture, and what is drawn where on it."""
    image = _background(content.colour)
    head_bottom, found = _header(image, content)
    foot_top, foot_found = _footer(image, content)
    found.update(foot_found)
    room_top, room_bottom = head_bottom + 70, foot_top - 70
    room = room_bottom - room_top
    # smaller and smaller until it fits; the product's picture goes before the words get small
    for scale, with_picture in [(s, True) for s in (1.0, 0.9, 0.8, 0.7)] + [(s, False) for s in SCALES]:
        blocks = _middle(content, scale, with_picture)
        needed = sum(block.height + gap for block, gap in blocks)
        if needed <= room:
            break
    top = room_top + max(0, (room - needed) // 2)
    for block, gap in blocks:
        for name, drawn in block.paint(image, top).items():
            found.setdefault(name, []).extend(drawn)
        top += block.height + gap
    return StatusDrawing(image.convert("RGB"), {name: tuple(drawn) for name, drawn in found.items()})
