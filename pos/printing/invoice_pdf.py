"""A4 invoices and delivery notes (surat jalan) with reportlab.

The letterhead, the document's number and dates and the customer are drawn on every
page; the lines flow through as many pages as they need, their column titles repeated;
the totals, the amount in words, the payment instructions and the signatures come once,
after the last line. reportlab is imported inside the functions: importing this module
stays cheap.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from pos.i18n import _, format_date, format_money, format_number
from pos.money import Money, Quantity

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN = 16 * MM
HEADER_H = 62 * MM  # letterhead, title block and customer, on every page
REGULAR, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: Quantity
    unit: str
    unit_price: Money
    amount: Money
    free: bool = False
    notes: tuple[str, ...] = ()  # discounts and prices with their reasons, in words
    choices: str = ""  # "Large · Less sugar · +Extra shot" (also on the delivery note)


@dataclass(frozen=True)
class InvoiceData:
    shop_name: str
    address: str
    whatsapp: str
    number: str
    issued: dt.date
    due: dt.date | None
    customer_name: str
    customer_address: str
    customer_phone: str
    receipt_number: str
    lines: tuple[InvoiceLine, ...]
    subtotal: Money
    discounts: Money
    tax: Money
    tax_label: str
    rounding: Money
    total: Money
    paid: Money
    owed: Money  # what is still open on this sale (kasbon)
    words: str  # the total in words
    bank_accounts: str = ""
    qris_text: str = ""
    notes: str = ""
    logo: bytes | None = None
    delivery_note: bool = False


def _header(canvas, doc, d: InvoiceData) -> None:
    from reportlab.lib.utils import ImageReader

    canvas.saveState()
    top = PAGE_H - MARGIN
    x = MARGIN
    if d.logo:
        try:
            image = ImageReader(io.BytesIO(d.logo))
            w, h = image.getSize()
            scale = min(22 * MM / h, 40 * MM / w)
            canvas.drawImage(image, x, top - h * scale, w * scale, h * scale, mask="auto")
            x += w * scale + 4 * MM
        except (OSError, ValueError):
            pass  # a damaged logo: the letterhead goes on without it
    canvas.setFont(BOLD, 15)
    canvas.drawString(x, top - 6 * MM, d.shop_name)
    canvas.setFont(REGULAR, 8.5)
    y = top - 11 * MM
    for text in [*(part.strip() for part in d.address.splitlines() if part.strip()),
                 ("WhatsApp " + d.whatsapp) if d.whatsapp else ""]:
        if text:
            canvas.drawString(x, y, text[:95])
            y -= 4 * MM
    right = PAGE_W - MARGIN
    canvas.setFont(BOLD, 18)
    canvas.drawRightString(right, top - 6 * MM, _("DELIVERY NOTE") if d.delivery_note else _("INVOICE"))
    canvas.setFont(REGULAR, 9)
    rows = [(_("Number"), d.number), (_("Date"), format_date(d.issued))]
    if d.due and not d.delivery_note:
        rows.append((_("Due date"), format_date(d.due)))
    rows.append((_("Receipt"), d.receipt_number))
    y = top - 12 * MM
    for label, value in rows:
        canvas.drawRightString(right - 38 * MM, y, label)
        canvas.drawRightString(right, y, value)
        y -= 4.5 * MM
    line_y = PAGE_H - MARGIN - 34 * MM
    canvas.setStrokeGray(0.6)
    canvas.line(MARGIN, line_y, right, line_y)
    canvas.setFont(BOLD, 9)
    canvas.drawString(MARGIN, line_y - 6 * MM, _("Bill to") if not d.delivery_note else _("Deliver to"))
    canvas.setFont(REGULAR, 9)
    y = line_y - 11 * MM
    for text in (d.customer_name, d.customer_address, d.customer_phone):
        if text:
            canvas.drawString(MARGIN, y, text[:100])
            y -= 4.5 * MM
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillGray(0.4)
    canvas.drawString(MARGIN, MARGIN - 7 * MM, f"{d.number} · {d.shop_name}")
    canvas.drawRightString(right, MARGIN - 7 * MM, _("Page {n}").format(n=doc.page))
    canvas.restoreState()


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    return (ParagraphStyle("cell", fontName=REGULAR, fontSize=9, leading=11),
            ParagraphStyle("note", fontName=ITALIC, fontSize=7.5, leading=9, textColor="#555555"),
            ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12),
            ParagraphStyle("words", fontName=ITALIC, fontSize=9.5, leading=12))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def invoice_pdf(d: InvoiceData) -> bytes:
    """The invoice (or, with ``delivery_note``, the surat jalan without prices) as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    cell, note, body, words = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN, title=d.number, author=d.shop_name)
    if d.delivery_note:
        head = [_("No"), _("Item"), _("Qty"), _("Unit")]
        widths = [12 * MM, 118 * MM, 24 * MM, 24 * MM]
    else:
        head = [_("No"), _("Item"), _("Qty"), _("Unit"), _("Unit price"), _("Amount")]
        widths = [10 * MM, 72 * MM, 16 * MM, 18 * MM, 30 * MM, 32 * MM]
    rows = [head]
    for n, line in enumerate(d.lines, start=1):
        text = _escape(line.description) + (" <b>(" + _escape(_("free")) + ")</b>" if line.free else "")
        parts = [Paragraph(text, cell)] + ([Paragraph(_escape(line.choices), note)] if line.choices else [])
        parts += [Paragraph(_escape(t), note) for t in line.notes if not d.delivery_note]
        row = [str(n), parts, format_number(line.quantity), line.unit]
        if not d.delivery_note:
            row += [format_money(line.unit_price) if not line.free else "-",
                    _("FREE") if line.free else format_money(line.amount)]
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, 0), BOLD, 9), ("FONT", (0, 1), (-1, -1), REGULAR, 9),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
             ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.grey), ("LINEBELOW", (0, 1), (-1, -1), 0.25,
                                                                 colors.HexColor("#cccccc")),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (2, -1), "RIGHT")]
    if not d.delivery_note:
        style += [("ALIGN", (4, 0), (5, -1), "RIGHT")]
    table.setStyle(TableStyle(style))
    story = [table, Spacer(1, 5 * MM)]
    if d.delivery_note:
        story.append(Paragraph(_escape(_("{n} lines, {qty} items in all.").format(
            n=len(d.lines), qty=format_number(Quantity(sum(ln.quantity.thousandths for ln in d.lines))))), body))
    else:
        totals = [(_("Subtotal"), d.subtotal)]
        if d.discounts.minor:
            totals.append((_("Discounts"), -d.discounts))
        if d.tax.minor:
            totals.append((d.tax_label, d.tax))
        if d.rounding.minor:
            totals.append((_("Rounding"), d.rounding))
        totals.append((_("Grand total"), d.total))
        if d.paid.minor:
            totals.append((_("Paid"), d.paid))
        if d.owed.minor:
            totals.append((_("Still to pay"), d.owed))
        table = Table([[label, format_money(amount)] for label, amount in totals], colWidths=[45 * MM, 35 * MM],
                      hAlign="RIGHT")
        grand = [label for label, _amount in totals].index(_("Grand total"))
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9.5), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                   ("FONT", (0, grand), (-1, grand), BOLD, 11),
                                   ("LINEABOVE", (0, grand), (-1, grand), 0.8, colors.black)]))
        block = [table, Spacer(1, 3 * MM),
                 Paragraph(_escape(_("In words: {words}").format(words=d.words)), words)]
        story.append(KeepTogether(block))
        pay = [line for line in d.bank_accounts.splitlines() if line.strip()]
        if pay or d.qris_text.strip():
            story += [Spacer(1, 4 * MM), Paragraph("<b>" + _escape(_("How to pay")) + "</b>", body)]
            story += [Paragraph(_escape(line), body) for line in pay]
            if d.qris_text.strip():
                story.append(Paragraph(_escape("QRIS: " + d.qris_text.strip()), body))
    if d.notes.strip():
        story += [Spacer(1, 4 * MM), Paragraph("<b>" + _escape(_("Notes")) + "</b>", body),
                  Paragraph(_escape(d.notes).replace("\n", "<br/>"), body)]
    left, right = ((_("Received by"), _("Sent by")) if d.delivery_note else (_("Received by"), _("Sincerely,")))
    signature = Table([[left, right], ["", ""], ["(....................................)", d.shop_name]],
                      colWidths=[85 * MM, 85 * MM], rowHeights=[6 * MM, 18 * MM, 6 * MM])
    signature.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story += [Spacer(1, 8 * MM), KeepTogether([signature])]
    doc.build(story, onFirstPage=lambda c, dc: _header(c, dc, d), onLaterPages=lambda c, dc: _header(c, dc, d))
    return out.getvalue()
