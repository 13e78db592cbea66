"""A document as ESC/POS commands, written to a python-escpos printer object.

Known traps of python-escpos 3.1, avoided here and pinned by tests/printing/test_receipt_document.py and test_golden.py:
the generic 58 mm profiles (POS-5890, NT-5890K) switch plain ASCII to code page 1 and
send only a feed for ``cut()``; the cached code page goes stale after a hardware init.
So the text is folded to ASCII (document.fold) and sent raw after one pinned code page
(ESC t 0, PC437), styles are sent as their own commands, and the cut is GS V.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass

from pos.printing.document import Code, Document, Line, layout

log = logging.getLogger("pos.printing")

INIT = b"\x1b@"
CODE_PAGE_PC437 = b"\x1bt\x00"
ALIGN = {"left": b"\x1ba\x00", "center": b"\x1ba\x01", "right": b"\x1ba\x02"}
BOLD = {False: b"\x1bE\x00", True: b"\x1bE\x01"}
SIZE = {False: b"\x1d!\x00", True: b"\x1d!\x11"}  # double width and height
FEED_BEFORE_CUT = b"\x1bd\x04"
CUT = b"\x1dV\x01"  # partial cut; printers without a cutter ignore it
DRAWER_KICK = b"\x1bp\x00\x19\xfa"  # pin 2, 50 ms on, 500 ms off


@dataclass(frozen=True)
class PaperProfile:
    """What we tell python-escpos and what we send ourselves, per printer kind we offer."""

    name: str  # python-escpos capability profile
    columns: int
    native_qr: bool  # False: the QR goes as a picture


PROFILES = {
    "generic58": PaperProfile("POS-5890", 32, native_qr=False),
    "generic80": PaperProfile("TM-T20II", 48, native_qr=True),
    "sunmi58": PaperProfile("Sunmi-V2", 32, native_qr=True),  # the printer built into Sunmi Android tills
}


def write(doc: Document, printer, columns: int, native_qr: bool = True) -> None:
    """Send the document to ``printer`` (any python-escpos printer; Dummy collects the bytes)."""
    printer._raw(INIT + CODE_PAGE_PC437)
    state = (None, None, None)
    for row in layout(doc, columns).rows:
        if isinstance(row, Code):
            printer._raw(ALIGN["center"] + BOLD[False] + SIZE[False])
            state = ("center", False, False)
            if row.kind == "logo":
                picture = logo_picture(row.data, max_dots=columns * 12)
                if picture is not None:
                    printer.image(picture, center=True)
                continue
            if row.kind == "qr" and native_qr:
                printer.qr(row.data, size=6 if columns >= 48 else 5, native=True)
            elif row.kind == "qr":  # as a picture, made here: python-escpos's own way sends ESC t 1 around it
                printer.image(qr_picture(row.data, max_dots=columns * 12 - 32), center=True)
            elif row.kind == "ean13":
                printer._raw(ean13(row.data))
            else:
                printer._raw(code128(row.data))
            printer._raw(b"\n")
            continue
        wanted = (row.align, row.bold, row.big)
        if wanted != state:
            printer._raw(ALIGN[row.align] + BOLD[row.bold] + SIZE[row.big])
            state = wanted
        printer._raw(_line_bytes(row) + b"\n")
    printer._raw(ALIGN["left"] + BOLD[False] + SIZE[False])
    if doc.cut:
        printer._raw(FEED_BEFORE_CUT + CUT)
    if doc.open_drawer:
        printer._raw(DRAWER_KICK)


def logo_picture(path: str, max_dots: int):
    """The logo scaled to at most ``max_dots`` wide and dithered to black and white, or None when unreadable.

    Made once per file (and change of it): a big photo takes a second to scale, not to be paid per sale.
    """
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        log.warning("the receipt logo %s cannot be read; printing without it", path)
        return None
    return _logo(path, stamp, max_dots)


@functools.lru_cache(maxsize=4)
def _logo(path: str, _stamp: int, max_dots: int):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as source:
            source.draft("L", (max_dots, max_dots * 4))  # JPEG: decode at a fraction of a photo's size
            picture = source.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        log.warning("the receipt logo %s cannot be read; printing without it", path)
        return None
    white = Image.new("RGBA", picture.size, "white")
    picture = Image.alpha_composite(white, picture).convert("L")  # transparent parts print as paper
    if picture.width > max_dots:
        picture.thumbnail((max_dots, max(1, picture.height * max_dots // picture.width)))
    return picture.convert("1")  # Floyd–Steinberg dithering


def qr_picture(data: str, max_dots: int):
    """The QR code as a black-and-white picture no wider than ``max_dots``."""
    import qrcode

    # One fixed mask: any of the eight is valid and scans; searching for the best costs 5 ms a receipt.
    code = qrcode.QRCode(version=None, box_size=1, border=1, error_correction=qrcode.constants.ERROR_CORRECT_M,
                         mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    modules = code.modules_count + 2
    code.box_size = max(1, min(6, max_dots // modules))
    return code.make_image().get_image().convert("1")


def code128(data: str) -> bytes:
    """A hardware Code128 (code set B) with the text under it: height 64 dots, module width 2.

    Sent as bytes: python-escpos falls back to a software barcode on the generic 58 mm
    profiles, a picture wider than the paper; every ESC/POS printer we offer has GS k.
    """
    payload = b"{B" + data.encode("ascii", "replace")[:60]
    return b"\x1dh\x40\x1dw\x02\x1dH\x02\x1df\x00\x1dk\x49" + bytes([len(payload)]) + payload


def ean13(digits: str) -> bytes:
    """A hardware EAN-13 (GS k 67, the 12 digits; the printer adds the check digit) with the digits under it:
    height 80 dots, module width 2 (95 modules: 190 dots, inside a 58 mm printer's 384)."""
    payload = digits[:12].encode("ascii")
    return b"\x1dh\x50\x1dw\x02\x1dH\x02\x1df\x00\x1dk\x43" + bytes([len(payload)]) + payload


def _line_bytes(row: Line) -> bytes:
    return row.text.encode("ascii", "replace")  # folded already; 'replace' is a last guard, never an error


def to_bytes(doc: Document, profile: str = "generic58") -> bytes:
    """The exact bytes a printer of this profile receives."""
    from escpos.printer import Dummy

    paper = PROFILES[profile]
    printer = Dummy(profile=paper.name)
    write(doc, printer, paper.columns, paper.native_qr)
    return printer.output
