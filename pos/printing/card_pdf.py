"""Loyalty cards on A4 for a print shop: ten credit-card-size cards (ID-1, 85.6 x 54 mm) a page.

The cards sit edge to edge, 2 columns x 5 rows, centred on the sheet. Each card has a thin grey
outline and the sheet has crop marks in its margins, so the shop can cut along them. reportlab is
imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from pos.i18n import _
from pos.printing.card import CardData, reward_rule
from pos.printing.document import fold

MM = 72 / 25.4  # PDF points in a millimetre
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4
CARD_W, CARD_H = 85.6 * MM, 54 * MM  # ID-1, a bank card
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
LEFT = (PAGE_W - COLUMNS * CARD_W) / 2
TOP = (PAGE_H + ROWS * CARD_H) / 2  # the top edge of the first row

PAD = 3.5 * MM  # blank border inside the card
QR_SIZE = 23 * MM  # the QR symbol with its own 2-module quiet zone
QR_RIGHT = 2.5 * MM  # from the card's right edge to the QR box (its quiet zone adds to it)
GAP = 2 * MM  # between the left column and the QR
LEFT_W = CARD_W - QR_RIGHT - QR_SIZE - GAP - PAD  # the left column: name, barcode, stamps
FULL_W = CARD_W - 2 * PAD

CUT_GREY = 0.6  # outline of each card
MARK_GREY = 0.35  # crop marks in the margins
MARK_OFFSET, MARK_LENGTH = 2 * MM, 5 * MM

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


def cards_pdf(cards: list[CardData], path_or_file) -> int:
    """Write the cards as an A4 PDF to a path or a binary file object; return the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    if not cards:
        raise ValueError("cards_pdf needs at least one card")
    target = os.fspath(path_or_file) if isinstance(path_or_file, os.PathLike) else path_or_file
    canvas = Canvas(target, pagesize=(PAGE_W, PAGE_H))
    canvas.setTitle(drawable(_("MEMBER CARD")))
    pages = math.ceil(len(cards) / PER_PAGE)
    for page in range(pages):
        on_page = cards[page * PER_PAGE:(page + 1) * PER_PAGE]
        _crop_marks(canvas, len(on_page))
        for slot, card in enumerate(on_page):
            x, y = card_origin(slot)
            canvas.saveState()
            canvas.translate(x, y)
            _card(canvas, card)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return pages


def card_origin(slot: int) -> tuple[float, float]:
    """The lower left corner, in points, of card ``slot`` (0-9, row by row from the top left) on its page."""
    row, column = divmod(slot, COLUMNS)
    return LEFT + column * CARD_W, TOP - (row + 1) * CARD_H


def drawable(text: str) -> str:
    """What the built-in Helvetica can draw: Latin-1 kept, the rest spelled in ASCII (document.fold)."""
    out = []
    for ch in text:
        if " " <= ch <= "~" or "\xa1" <= ch <= "\xff":
            out.append(ch)
        elif ch in "\t\n\r\xa0":
            out.append(" ")
        else:
            out.append(fold(ch))
    return "".join(out)


@dataclass
class Fitted:
    size: float
    lines: list[str]


def fit(text: str, font: str, width: float, tries: tuple[tuple[int, float, float], ...]) -> Fitted:
    """The biggest size at which ``text`` fits ``width``: for each (lines, largest, smallest) in turn.

    Whatever does not fit even the last try is cut short with "..." (never wider than ``width``).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = drawable(text).split()
    for max_lines, largest, smallest in tries:
        size = largest
        while size >= smallest:
            lines = _wrap(words, font, size, width)
            if len(lines) <= max_lines:
                return Fitted(size, lines)
            size -= 0.5
    max_lines, _largest, size = tries[-1]
    lines = _wrap(words, font, size, width)
    last = " ".join(lines[max_lines - 1:])
    while last and stringWidth(last + "...", font, size) > width:
        last = last[:-1]
    return Fitted(size, lines[:max_lines - 1] + [last.rstrip() + "..."])


def _wrap(words: list[str], font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    for word in words:
        while stringWidth(word, font, size) > width:  # a word wider than the card: break it
            cut = len(word) - 1
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _crop_marks(canvas, count: int) -> None:
    """Short grey lines in the margins, in line with every edge of the cards on this page."""
    rows = math.ceil(count / COLUMNS)
    columns = min(count, COLUMNS)
    bottom = TOP - rows * CARD_H
    right = LEFT + columns * CARD_W
    canvas.saveState()
    canvas.setStrokeGray(MARK_GREY)
    canvas.setLineWidth(0.3)
    for column in range(columns + 1):
        x = LEFT + column * CARD_W
        canvas.line(x, TOP + MARK_OFFSET, x, TOP + MARK_OFFSET + MARK_LENGTH)
        canvas.line(x, bottom - MARK_OFFSET, x, bottom - MARK_OFFSET - MARK_LENGTH)
    for row in range(rows + 1):
        y = TOP - row * CARD_H
        canvas.line(LEFT - MARK_OFFSET, y, LEFT - MARK_OFFSET - MARK_LENGTH, y)
        canvas.line(right + MARK_OFFSET, y, right + MARK_OFFSET + MARK_LENGTH, y)
    canvas.restoreState()


def _card(canvas, card: CardData) -> None:
    """One card, drawn with its lower left corner at (0, 0) and clipped to its outline."""
    canvas.setStrokeGray(CUT_GREY)
    canvas.setLineWidth(0.25)
    canvas.rect(0, 0, CARD_W, CARD_H, stroke=1, fill=0)
    outline = canvas.beginPath()
    outline.rect(0, 0, CARD_W, CARD_H)
    canvas.clipPath(outline, stroke=0, fill=0)  # a last guard: nothing ever reaches the next card

    _header(canvas, card.shop_name)
    qr_x = CARD_W - QR_RIGHT - QR_SIZE
    qr_top = CARD_H - 11 * MM
    _qr(canvas, card.member_code, qr_x, qr_top - QR_SIZE)
    under_qr = [(card.member_code, BOLD, ((1, 9, 6), (2, 6, 5)))]
    if card.shop_whatsapp:
        under_qr.append(("WA " + card.shop_whatsapp, REGULAR, ((1, 6.5, 5),)))
    y = qr_top - QR_SIZE - 3.5 * MM
    for text, font, tries in under_qr:
        fitted = fit(text, font, QR_SIZE + QR_RIGHT, tries)
        canvas.setFont(font, fitted.size)
        for line in fitted.lines:
            canvas.drawCentredString(qr_x + QR_SIZE / 2, y, line)
            y -= fitted.size * 1.2
        y -= fitted.size * 0.1

    y = _lines(canvas, card.member_name, BOLD, PAD, CARD_H - 11.5 * MM, LEFT_W, ((1, 15, 10), (2, 12, 7)))
    has_stamps = card.stamps_needed > 0
    bar_height = 8 * MM if has_stamps else 11 * MM
    _barcode(canvas, card.member_code, PAD, y - 1.5 * MM - bar_height, bar_height)
    if has_stamps:
        _stamps(canvas, card, PAD, CARD_H - 33 * MM)
        _lines(canvas, reward_rule(card), REGULAR, PAD, CARD_H - 45.5 * MM, FULL_W, ((1, 7, 6), (2, 6.5, 5)))


def _header(canvas, shop_name: str) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = drawable(_("MEMBER CARD"))
    label_size, space = 5.5, 0.6
    label_w = stringWidth(label, REGULAR, label_size) + space * len(label)
    baseline = CARD_H - 7 * MM
    canvas.setFillGray(0.4)
    canvas.setFont(REGULAR, label_size)
    canvas.drawString(CARD_W - PAD - label_w, baseline, label, charSpace=space)
    canvas.setFillGray(0)
    fitted = fit(shop_name, BOLD, FULL_W - label_w - 3 * MM, ((1, 9.5, 6),))
    canvas.setFont(BOLD, fitted.size)
    canvas.drawString(PAD, baseline, fitted.lines[0] if fitted.lines else "")


def _lines(canvas, text: str, font: str, x: float, top: float, width: float, tries) -> float:
    """Draw ``text`` fitted into ``width`` from ``top`` down; return the y just below it."""
    fitted = fit(text, font, width, tries)
    leading = fitted.size * 1.15
    canvas.setFillGray(0)
    canvas.setFont(font, fitted.size)
    y = top - fitted.size * 0.8  # the first baseline: the cap height below the top
    for line in fitted.lines:
        canvas.drawString(x, y, line)
        y -= leading
    return y + leading - fitted.size * 0.25  # below the descenders of the last line


def _qr(canvas, code: str, x: float, y: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(code, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _barcode(canvas, code: str, x: float, y: float, height: float) -> None:
    """Code 128 as wide as scanners like it (0.33 mm bars), narrower when the code is long; 10 bars quiet zone."""
    from reportlab.graphics.barcode.code128 import Code128

    data = fold(code)
    if not data:
        return
    modules = Code128(data, barWidth=1, quiet=False).width
    bar = min(0.33 * MM, LEFT_W / (modules + 10))  # room on the right for the quiet zone
    Code128(data, barWidth=bar, barHeight=height, quiet=False).drawOn(canvas, x, y)


def _stamps(canvas, card: CardData, x: float, top: float) -> None:
    """Circles, filled for the stamps collected: up to 10 a row, two rows (more get smaller)."""
    need = card.stamps_needed
    have = max(0, min(card.stamps, need))
    per_row = 10 if need <= 20 else math.ceil(need / 2)
    pitch = min(4.8 * MM, LEFT_W / per_row)
    if pitch < 2.4 * MM:  # too many to draw as circles: say it in words
        text = _("Stamps: {n} of {needed}").format(n=have, needed=need)
        _lines(canvas, text, BOLD, x, top, LEFT_W, ((1, 9, 6),))
        return
    radius = pitch * 0.4
    canvas.setLineWidth(0.6)
    canvas.setStrokeGray(0.3)
    canvas.setFillGray(0.15)
    for i in range(need):
        row, column = divmod(i, per_row)
        cx = x + column * pitch + pitch / 2
        cy = top - row * pitch - pitch / 2
        canvas.circle(cx, cy, radius, stroke=1, fill=1 if i < have else 0)
    canvas.setFillGray(0)
