"""Printer-neutral documents: blocks of text, pairs, rules, codes; laid out for a paper width.

A builder (receipt, card, shift slip, test page) returns a ``Document``; a renderer turns
it into monospaced text (the on-screen preview) or ESC/POS commands (render_escpos). The
layout is shared, so the preview shows what the paper will.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

COLUMNS = {58: 32, 80: 48}  # paper width in mm -> characters per line in the printer's font A


@dataclass(frozen=True)
class Text:
    text: str
    align: str = "left"  # left | center | right
    bold: bool = False
    big: bool = False  # double width and height: half the columns
    indent: int = 0  # continuation lines start this many columns in


@dataclass(frozen=True)
class Pair:
    """A label on the left and an amount flush right; a long label wraps above the amount.

    When the label and the amount do not fit one line: ``above`` (a name, when given) is printed whole on
    its own line(s) first, and ``short`` (a shorter wording, or the detail that follows the name) stands
    beside the amount, so an amount never stands alone nor after the broken-off end of a label.
    """

    left: str
    right: str
    bold: bool = False
    indent: int = 0
    short: str = ""
    above: str = ""


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QR:
    data: str
    caption: str = ""


@dataclass(frozen=True)
class Barcode:
    data: str  # Code128, or the 13 digits of an EAN-13 when ``kind`` is "ean13"
    kind: str = "code128"  # code128 | ean13


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Logo:
    path: str  # a picture file; dithered to the paper's width when printed, left out when it cannot be read


Block = Text | Pair | Rule | QR | Barcode | Feed | Logo


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    cut: bool = True
    open_drawer: bool = False
    title: str = ""  # for the print queue: "Receipt K1-000123"


@dataclass(frozen=True)
class Line:
    """One printed line, at most ``columns`` characters (``columns // 2`` when big)."""

    text: str
    bold: bool = False
    big: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Code:
    kind: str  # qr | barcode | ean13 | logo
    data: str


@dataclass
class Layout:
    columns: int
    rows: list[Line | Code] = field(default_factory=list)


# Characters a plain ESC/POS code page lacks, spelled with ones it has.
_SPELLED = {"—": "-", "–": "-", "−": "-", "×": "x", "≥": ">=", "≤": "<=", "…": "...", "·": "-", "•": "*", "’": "'",
            "‘": "'", "“": '"', "”": '"', "€": "EUR", "\u00a0": " ", "\u202f": " ", "✓": "v", "★": "*", "☆": "o",
            "●": "*", "○": "o"}


def fold(text: str) -> str:
    """What any thermal printer can print: ASCII, accents dropped, the rest as '?' (never an error)."""
    out = []
    for ch in text:
        if ch < "\x7f" and (ch >= " " or ch == "\n"):
            out.append(ch)
            continue
        if ch in _SPELLED:
            out.append(_SPELLED[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if " " <= c < "\x7f")
        out.append(base if base else "?")  # a control character or a script the printer has no letters for
    return "".join(out)


_MONEY = re.compile(r"(Rp|IDR|>=|<=) (?=-?\d|Rp|IDR)")


def _wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Folded for the printer, then whole words per line, an amount never split from its currency (nor from a
    '>=' before it)."""
    lines: list[str] = []
    for paragraph in _MONEY.sub("\\1\u00a0", fold(text)).split("\n"):
        lines += textwrap.wrap(paragraph, width, subsequent_indent=" " * indent, break_on_hyphens=False) or [""]
    return [line.replace("\u00a0", " ") for line in lines]


def layout(doc: Document, columns: int) -> Layout:
    out = Layout(columns)
    for block in doc.blocks:
        if isinstance(block, Text):
            width = columns // 2 if block.big else columns
            for piece in _wrap(block.text, width, block.indent):
                out.rows.append(Line(piece, block.bold, block.big, block.align))
        elif isinstance(block, Pair):
            left, right = fold(block.left), fold(block.right)
            room = columns - len(right) - 1
            label = block.left
            if len(left) > room and (block.short or block.above):
                out.rows += [Line(p, block.bold) for p in (_wrap(block.above, columns, 2) if block.above else [])]
                label = block.short
            pieces = _wrap(label, max(room, 8), block.indent) if fold(label) else [""]
            if len(pieces[-1]) > room:  # even the last piece is too long: the amount goes on its own line
                pieces.append("")
            for piece in pieces[:-1]:
                out.rows.append(Line(piece, block.bold))
            last = pieces[-1]
            out.rows.append(Line(last + " " * (columns - len(last) - len(right)) + right, block.bold))
        elif isinstance(block, Rule):
            out.rows.append(Line(fold(block.char)[:1] * columns))
        elif isinstance(block, QR):
            out.rows.append(Code("qr", block.data))
            if block.caption:
                out.rows += [Line(p, align="center") for p in _wrap(block.caption, columns)]
        elif isinstance(block, Barcode):
            out.rows.append(Code("ean13" if block.kind == "ean13" else "barcode", fold(block.data)))
        elif isinstance(block, Logo):
            out.rows.append(Code("logo", block.path))
        elif isinstance(block, Feed):
            out.rows += [Line("")] * block.lines
    return out


def aligned(line: Line, columns: int) -> str:
    """The line padded as the printer would place it (for the text preview)."""
    width = columns // 2 if line.big else columns
    text = line.text[:width]
    if line.align == "center":
        text = text.center(width).rstrip()
    elif line.align == "right":
        text = text.rjust(width)
    return " ".join(text) if line.big else text  # double width: every character takes two columns
