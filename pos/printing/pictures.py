"""Pictures the owner brings: a product's counter button and the shop's logo, checked and made small.

Anything that is not a picture, or is absurdly large, is refused with a ValueError in the
user's language; a big photo is scaled down and stored as a small PNG.
"""

from __future__ import annotations

import io

from pos.i18n import _

MAX_FILE_BYTES = 15 * 1024 * 1024  # a phone photo is 2-8 MB
MAX_PIXELS = 60_000_000  # beyond this a "picture" is a decompression bomb or a scan of a poster
BUTTON_PX = 96
LOGO_PX = 384  # the printable width of 58 mm paper, and plenty for an A4 letterhead


def _fit(data: bytes, size: int) -> bytes:
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_FILE_BYTES:
        raise ValueError(_("the file is larger than {mb} MB.").format(mb=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError(_("the picture is too large ({w} × {h}).").format(w=image.width, h=image.height))
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValueError(_("it is not a picture (PNG, JPEG, BMP, GIF or WebP).")) from None
    picture.thumbnail((size, size))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def counter_picture(data: bytes) -> bytes:
    """A product's picture for its counter button: at most 96 × 96 pixels, PNG."""
    return _fit(data, BUTTON_PX)


def shop_logo(data: bytes) -> bytes:
    """The shop's logo for receipts and invoices: at most 384 pixels on a side, PNG."""
    return _fit(data, LOGO_PX)
