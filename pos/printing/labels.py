"""Labels for packed goods (issue #25 item 5): A4 sticker sheets as PDF, and a 58 mm thermal label.

A label shows the product's name, net weight, price (optional, for shops that resell), its EAN-13, the
production date and best-before, the shop's name and WhatsApp, and the P-IRT number and halal mark text when
the owner entered them. It is handed a ``LabelData``; this module never reads the database.

Sheets (``SHEETS``) are declared once with the label's size and the grid on the sheet. The figures of the
Tom & Jerry sheets are the maker's numbering as sold in Indonesian stationery shops: No. 103 is 32 × 64 mm,
2 × 6 labels; No. 121 is 38 × 75 mm, 2 × 5 labels, on the maker's 165 × 205 mm sheet (these come from the
packs' own printed sizes as commonly listed by sellers; the project's search corpora held no maker's data
sheet, so measure one sheet before a big run and adjust ``left``/``top`` here if it is off by a millimetre).
``a4-3x8`` is a plain A4 sheet of 24 labels of 70 × 37 mm (the common "A4 24" layout).

A start position (1 = top left, row by row) lets a half-used sheet go through the printer again.
reportlab is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from pos.i18n import _, format_date, format_money
from pos.money import Money
from pos.printing.card_pdf import drawable
from pos.printing.document import Barcode, Document, Feed, Rule, Text

MM = 72 / 25.4  # PDF points in a millimetre
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True)
class LabelData:
    name: str
    barcode: str  # the 13 digits of an EAN-13
    net_weight: str = ""  # "250 g", or a weighed pack's "0,485 kg"
    price: Money | None = None  # None: the label carries no price
    unit_price: str = ""  # a weighed pack: "Rp 80.000 / kg"
    made: dt.date | None = None
    best_before: dt.date | None = None
    shop_name: str = ""
    whatsapp: str = ""
    pirt: str = ""
    halal: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str  # what `pos labels --sheet` takes
    title: str
    page_w: float  # mm
    page_h: float
    label_w: float
    label_h: float
    columns: int
    rows: int
    left: float  # the first label's left edge from the sheet's left edge, mm
    top: float  # the first label's top edge from the sheet's top edge, mm
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """The lower left corner of label ``slot`` (0-based, row by row from the top left), in points."""
        row, column = divmod(slot, self.columns)
        x = self.left + column * (self.label_w + self.gap_x)
        top = self.top + row * (self.label_h + self.gap_y)
        return x * MM, (self.page_h - top - self.label_h) * MM


def _centred(name: str, title: str, page: tuple[float, float], label: tuple[float, float], columns: int,
             rows: int, gap: tuple[float, float] = (0.0, 0.0)) -> Sheet:
    width = columns * label[0] + (columns - 1) * gap[0]
    height = rows * label[1] + (rows - 1) * gap[1]
    return Sheet(name, title, page[0], page[1], label[0], label[1], columns, rows, (page[0] - width) / 2,
                 (page[1] - height) / 2, gap[0], gap[1])


TOM_JERRY_PAGE = (165.0, 205.0)
SHEETS: dict[str, Sheet] = {s.name: s for s in (
    _centred("tj103", "Tom & Jerry No. 103 (32 × 64 mm, 12)", TOM_JERRY_PAGE, (64.0, 32.0), 2, 6, (3.0, 0.0)),
    _centred("tj121", "Tom & Jerry No. 121 (38 × 75 mm, 10)", TOM_JERRY_PAGE, (75.0, 38.0), 2, 5, (3.0, 0.0)),
    _centred("a4-3x8", "A4, 3 × 8 (70 × 37 mm, 24)", (210.0, 297.0), (70.0, 37.0), 3, 8),
)}
DEFAULT_SHEET = "tj103"


class LabelSheetError(ValueError):
    pass


def check_start(sheet: Sheet, start: int) -> None:
    if not 1 <= start <= sheet.per_sheet:
        raise LabelSheetError(_("The start position is 1 to {last} on this sheet (not {start}).").format(
            last=sheet.per_sheet, start=start))


def label_lines(label: LabelData) -> list[tuple[str, bool]]:
    """The label's words, top to bottom, (text, bold): what the PDF and the thermal label both print."""
    lines: list[tuple[str, bool]] = [(label.name, True)]
    middle = [x for x in (_("Net {weight}").format(weight=label.net_weight) if label.net_weight else "",
                          format_money(label.price) if label.price is not None else "") if x]
    if middle:
        lines.append(("  ·  ".join(middle), True))
    if label.unit_price:
        lines.append((label.unit_price, False))
    if label.made is not None:
        lines.append((_("Made {date}").format(date=format_date(label.made)), False))
    if label.best_before is not None:
        lines.append((_("Best before {date}").format(date=format_date(label.best_before)), True))
    if label.pirt:
        lines.append((_("P-IRT No. {number}").format(number=label.pirt), False))
    if label.halal:
        lines.append((label.halal, False))
    shop = " · ".join(x for x in (label.shop_name, ("WA " + label.whatsapp) if label.whatsapp else "") if x)
    if shop:
        lines.append((shop, False))
    return lines


def labels_pdf(labels: list[LabelData], sheet: Sheet, path_or_file, *, start: int = 1) -> int:
    """Write the labels (one entry per copy) on sheets from position ``start``; return the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    if not labels:
        raise LabelSheetError(_("There is no label to print."))
    check_start(sheet, start)
    target = os.fspath(path_or_file) if isinstance(path_or_file, os.PathLike) else path_or_file
    canvas = Canvas(target, pagesize=(sheet.page_w * MM, sheet.page_h * MM))
    canvas.setTitle(drawable(_("Labels: {name}").format(name=labels[0].name)))
    slots = list(range(start - 1, start - 1 + len(labels)))
    pages = slots[-1] // sheet.per_sheet + 1
    for page in range(pages):
        for label, slot in zip(labels, slots, strict=True):
            if slot // sheet.per_sheet != page:
                continue
            x, y = sheet.origin(slot % sheet.per_sheet)
            canvas.saveState()
            canvas.translate(x, y)
            _label(canvas, label, sheet.label_w * MM, sheet.label_h * MM)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return pages


def _fit(canvas, text: str, font: str, size: float, width: float) -> float:
    """The font size at most ``size`` at which ``text`` fits ``width`` (not below 4 pt)."""
    measured = canvas.stringWidth(text, font, size)
    return size if measured <= width else max(4.0, size * width / measured)


def _label(canvas, label: LabelData, width: float, height: float) -> None:
    """One label: the words down the left, the barcode bottom left, small words beside it on the right."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import createBarcodeDrawing

    pad = 2 * MM
    lines = label_lines(label)
    head, rest = lines[:2], lines[2:]
    size = max(5.5, min(9.0, height / 5.5))
    y = height - pad - size
    for text, bold in head:  # name, weight and price across the whole label
        text = drawable(text)
        font = BOLD if bold else REGULAR
        fitted = _fit(canvas, text, font, size, width - 2 * pad)
        canvas.setFont(font, fitted)
        canvas.drawString(pad, y, text)
        y -= fitted * 1.2
    bar_w = min(width * 0.52, 38 * MM)
    bar_h = max(6 * MM, min(y - pad - 2.5 * MM, 14 * MM))
    drawing = createBarcodeDrawing("EAN13", value=label.barcode[:12], barHeight=bar_h, barWidth=bar_w / 113,
                                   humanReadable=True, fontSize=max(5.0, size - 1.5), quiet=True)
    renderPDF.draw(drawing, canvas, pad, pad)
    small = max(4.5, size - 2.5)
    x = pad + drawing.width + 1.5 * MM
    room = width - x - pad
    yy = y - 0.5 * MM
    for text, bold in rest:
        text = drawable(text)
        font = BOLD if bold else REGULAR
        fitted = _fit(canvas, text, font, small, room)
        if yy < pad:
            break
        canvas.setFont(font, fitted)
        canvas.drawString(x, yy, text)
        yy -= fitted * 1.25


def label_document(label: LabelData, *, copies: int = 1) -> Document:
    """The label for a 58/80 mm thermal printer: the words, the EAN-13, a cut after each copy's feed."""
    blocks: list = []
    for copy in range(copies):
        if copy:
            blocks += [Feed(1), Rule("-"), Feed(1)]
        for text, bold in label_lines(label):
            blocks.append(Text(text, align="center", bold=bold))
        blocks.append(Barcode(label.barcode, kind="ean13"))
    return Document(tuple(blocks), title=_("Label {name}").format(name=label.name))
