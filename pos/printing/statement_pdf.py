"""A4 PDFs of the kasbon ledger: a customer's statement of account for a period, and the aging list."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pos.i18n import _, format_date, format_money
from pos.money import Money
from pos.printing.invoice_pdf import BOLD, MARGIN, MM, PAGE_H, PAGE_W, REGULAR


@dataclass(frozen=True)
class StatementRow:
    day: dt.date
    what: str  # in words
    reference: str
    charge: Money
    credit: Money
    balance: Money


@dataclass(frozen=True)
class StatementData:
    shop_name: str
    address: str
    customer: str
    member_code: str
    start: dt.date
    end: dt.date
    opening: Money
    rows: tuple[StatementRow, ...]
    charges: Money
    credits: Money
    closing: Money


@dataclass(frozen=True)
class AgingData:
    shop_name: str
    as_of: dt.date
    headers: tuple[str, ...]  # the buckets, in words
    rows: tuple[tuple[str, str, tuple[Money, ...], Money], ...]  # name, member code, per bucket, total
    totals: tuple[Money, ...]
    total: Money


def _page(canvas, doc, title: str, subtitle: str, shop: str) -> None:
    page_w, page_h = doc.pagesize
    canvas.saveState()
    canvas.setFont(BOLD, 14)
    canvas.drawString(MARGIN, page_h - MARGIN - 5 * MM, shop)
    canvas.setFont(BOLD, 12)
    canvas.drawRightString(page_w - MARGIN, page_h - MARGIN - 5 * MM, title)
    canvas.setFont(REGULAR, 9)
    canvas.drawRightString(page_w - MARGIN, page_h - MARGIN - 10 * MM, subtitle)
    canvas.setStrokeGray(0.6)
    canvas.line(MARGIN, page_h - MARGIN - 14 * MM, page_w - MARGIN, page_h - MARGIN - 14 * MM)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillGray(0.4)
    canvas.drawRightString(page_w - MARGIN, MARGIN - 7 * MM, _("Page {n}").format(n=doc.page))
    canvas.restoreState()


def grid(rows, widths, *, right_from: int, bold_last: bool = False):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([_wrapped_heading(rows[0], widths, right_from), *rows[1:]] if rows else rows, colWidths=widths,
                  repeatRows=1)
    style = [("FONT", (0, 0), (-1, 0), BOLD, 9), ("FONT", (0, 1), (-1, -1), REGULAR, 9),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
             ("ALIGN", (right_from, 0), (-1, -1), "RIGHT")]
    if bold_last:
        style += [("FONT", (0, -1), (-1, -1), BOLD, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _wrapped_heading(heading: list, widths, right_from: int) -> list:
    """A heading wider than its column (Indonesian words are longer) wraps inside it, never over the next one."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    cells = []
    for i, (text, width) in enumerate(zip(heading, widths)):
        if isinstance(text, str) and stringWidth(text, BOLD, 9) > width - 6:  # the left padding: 6 points
            style = ParagraphStyle("heading", fontName=BOLD, fontSize=9, leading=11,
                                   alignment=TA_RIGHT if i >= right_from else TA_LEFT)
            text = Paragraph(escape(text), style)
        cells.append(text)
    return cells


def a4_document(story, title: str, subtitle: str, shop: str, *, landscape: bool = False) -> bytes:
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    size = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 20 * MM, bottomMargin=MARGIN, title=title, author=shop)
    page = lambda c, d: _page(c, d, title, subtitle, shop)  # noqa: E731
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def statement_pdf(s: StatementData) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    rows = [[_("Date"), _("What"), _("Reference"), _("Charge"), _("Paid"), _("Balance")],
            [format_date(s.start), _("Opening balance"), "", "", "", format_money(s.opening)]]
    for r in s.rows:
        rows.append([format_date(r.day), r.what, r.reference[:34], format_money(r.charge) if r.charge.minor else "",
                     format_money(r.credit) if r.credit.minor else "", format_money(r.balance)])
    rows.append([format_date(s.end), _("Closing balance"), "", format_money(s.charges), format_money(s.credits),
                 format_money(s.closing)])
    story = [Paragraph(f"<b>{s.customer}</b> · {s.member_code}", body), Spacer(1, 4 * MM),
             grid(rows, [24 * MM, 34 * MM, 52 * MM, 24 * MM, 24 * MM, 26 * MM], right_from=3, bold_last=True),
             Spacer(1, 5 * MM),
             Paragraph(_("Opening {opening} + sales on kasbon {charges} − paid {credits} = closing {closing}.")
                       .format(opening=format_money(s.opening), charges=format_money(s.charges),
                               credits=format_money(s.credits), closing=format_money(s.closing)), body)]
    period = _("{start} to {end}").format(start=format_date(s.start), end=format_date(s.end))
    return a4_document(story, _("STATEMENT OF ACCOUNT"), period, s.shop_name)


def aging_pdf(a: AgingData) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    # A4 across: the name, the member code and six amount columns wide enough for "Rp 12.345.000" in bold,
    # so a bucket's words take at most two lines and every total stands under its own column.
    head = ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11, alignment=2)  # right, wrapped
    rows = [[_("Customer"), _("Member"), *(Paragraph(h, head) for h in a.headers), _("Total")]]
    for name, code, amounts, total in a.rows:
        rows.append([name[:40], code, *(format_money(m) if m.minor else "" for m in amounts), format_money(total)])
    rows.append([_("Total"), "", *(format_money(m) if m.minor else "" for m in a.totals), format_money(a.total)])
    amount_w = 29 * MM
    name_w = PAGE_H - 2 * MARGIN - 22 * MM - amount_w * (len(a.headers) + 1)
    table = grid(rows, [name_w, 22 * MM] + [amount_w] * (len(a.headers) + 1), right_from=2, bold_last=True)
    return a4_document([table], _("KASBON AGING"), _("as of {day}").format(day=format_date(a.as_of)), a.shop_name,
                       landscape=True)
