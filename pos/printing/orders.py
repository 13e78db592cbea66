"""Papers for orders and consignment: a day's production list and a consignment note (titip jual), each for
the thermal printer (a Document) and as an A4 PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.i18n import _, format_date, format_money, format_number
from pos.money import Money, Quantity
from pos.printing.document import Document, Pair, Rule, Text
from pos.printing.invoice_pdf import MM
from pos.printing.statement_pdf import a4_document, grid


@dataclass(frozen=True)
class ProductionEntry:
    number: str
    customer: str
    quantity: Quantity
    details: str
    pickup: str  # "10:00"


@dataclass(frozen=True)
class BakeLine:
    """A made-daily product's suggested bake (issue #25): from the past weekdays, plus pre-orders, less carried."""

    product: str
    baseline: int
    preorders: int
    carried: int
    quantity: int
    sold_out_days: int


@dataclass(frozen=True)
class ProductionData:
    shop_name: str
    day: dt.date
    groups: tuple[tuple[str, Quantity, tuple[ProductionEntry, ...]], ...]  # product, total, orders
    bake: tuple[BakeLine, ...] = ()  # the made-daily products' suggestions


def bake_document_lines(d: ProductionData) -> list:
    """"Roti Sobek  46 + 12 - 5 = 53": the trays to bake beside the pre-orders."""
    if not d.bake:
        return []
    b: list = [Text(_("TO BAKE (suggested)"), align="center", bold=True)]
    for line in d.bake:
        b.append(Pair(line.product, format_number(Quantity.of(line.quantity)), bold=True))
        b.append(Text(_("usual {usual} + orders {orders} - carried {carried}").format(
            usual=line.baseline, orders=line.preorders, carried=line.carried), indent=2))
    b += [Text(_("Usual: the same weekday of the past weeks, raised where it sold out early."), indent=2), Rule()]
    return b


def production_document(d: ProductionData) -> Document:
    b: list = [Text(d.shop_name, align="center", bold=True), Text(_("TO MAKE"), align="center", bold=True),
               Text(_("Pickups on {day}").format(day=format_date(d.day)), align="center"), Rule()]
    b += bake_document_lines(d)
    if not d.groups:
        b.append(Text(_("No orders for this day.")))
    for product, total, entries in d.groups:
        b.append(Pair(product, format_number(total), bold=True))
        for e in entries:
            b.append(Text(f"{e.pickup} {e.number} {e.customer} x{format_number(e.quantity)}", indent=2))
            if e.details:
                b.append(Text(f'"{e.details}"', indent=4))
        b.append(Rule())
    return Document(tuple(b), title=_("Production list {day}").format(day=d.day.isoformat()))


def production_pdf(d: ProductionData) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=11, leading=14)
    story: list = []
    if d.bake:
        story.append(Paragraph(_("To bake (suggested)"), head))
        rows = [[_("Product"), _("Usual"), _("Pre-orders"), _("Carried"), _("To bake"), _("Sold-out days")]]
        rows += [[b.product[:34], str(b.baseline), str(b.preorders), str(b.carried), str(b.quantity),
                  str(b.sold_out_days)] for b in d.bake]
        story += [grid(rows, [60 * MM, 20 * MM, 24 * MM, 22 * MM, 28 * MM, 26 * MM], right_from=1),
                  Paragraph(_("Usual: the same weekday of the past weeks, raised where it sold out early."), cell),
                  Spacer(1, 5 * MM)]
    if not d.groups:
        story.append(Paragraph(_("No orders for this day."), cell))
    for product, total, entries in d.groups:
        story.append(Paragraph(f"{product} — {format_number(total)}", head))
        rows = [[_("Pickup"), _("Order"), _("Customer"), _("Qty"), _("Details (writing, design)")]]
        rows += [[e.pickup, e.number, e.customer[:26], format_number(e.quantity), Paragraph(e.details or "-", cell)]
                 for e in entries]
        story += [grid(rows, [16 * MM, 30 * MM, 40 * MM, 12 * MM, 80 * MM], right_from=3), Spacer(1, 5 * MM)]
    return a4_document(story, _("PRODUCTION LIST"), _("Pickups on {day}").format(day=format_date(d.day)),
                       d.shop_name)


@dataclass(frozen=True)
class ConsignmentNoteData:
    shop_name: str
    reference: str
    day: dt.date
    customer: str
    village: str
    left: tuple[tuple[str, str, Quantity, Money, Money], ...]  # product, unit, qty, unit price, amount
    sold: tuple[tuple[str, Quantity, Money], ...] = ()  # product, qty, amount (at this visit)
    returned: tuple[tuple[str, Quantity], ...] = ()
    still_out: tuple[tuple[str, Quantity, Money], ...] = ()  # product, qty, value, after the visit
    sale_number: str = ""
    invoice_number: str = ""


def _total(rows) -> Money:
    return Money(sum(r[-1].minor for r in rows))


def consignment_document(d: ConsignmentNoteData) -> Document:
    b: list = [Text(d.shop_name, align="center", bold=True), Text(_("CONSIGNMENT NOTE"), align="center", bold=True),
               Text(d.reference, align="center"), Text(format_date(d.day), align="center"), Rule(),
               Text(", ".join(part for part in (d.customer, d.village) if part)), Rule()]
    if d.sold:
        b.append(Text(_("Sold"), bold=True))
        b += [Pair(f"{name} x{format_number(q)}", format_money(m), indent=2) for name, q, m in d.sold]
        b.append(Pair(_("On kasbon {invoice}").format(invoice=d.invoice_number), format_money(_total(d.sold)),
                      bold=True))
    if d.returned:
        b.append(Text(_("Taken back"), bold=True))
        b += [Pair(name, format_number(q), indent=2) for name, q in d.returned]
    if d.left:
        b.append(Text(_("Left at the shop"), bold=True))
        b += [Pair(f"{name} x{format_number(q)} @ {format_money(p)}", format_money(a), indent=2)
              for name, _unit, q, p, a in d.left]
        b.append(Pair(_("Value"), format_money(_total(d.left)), bold=True))
    if d.still_out:
        b += [Rule(), Text(_("Now at the shop"), bold=True)]
        b += [Pair(f"{name} x{format_number(q)}", format_money(v), indent=2) for name, q, v in d.still_out]
        b.append(Pair(_("Value"), format_money(_total(d.still_out)), bold=True))
    b += [Rule(), Text(_("Received by") + ":"), Text(""), Text("(......................)")]
    return Document(tuple(b), title=_("Consignment note {reference}").format(reference=d.reference))


def consignment_pdf(d: ConsignmentNoteData) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    story: list = [Paragraph(f"<b>{d.customer}</b>" + (f", {d.village}" if d.village else ""), body),
                   Spacer(1, 4 * MM)]
    if d.sold:
        rows = [[_("Sold"), _("Qty"), _("Amount")]] + [[n, format_number(q), format_money(m)] for n, q, m in d.sold]
        rows.append([_("On kasbon {invoice}").format(invoice=d.invoice_number), "", format_money(_total(d.sold))])
        story += [grid(rows, [100 * MM, 30 * MM, 40 * MM], right_from=1, bold_last=True), Spacer(1, 4 * MM)]
    if d.returned:
        rows = [[_("Taken back"), _("Qty")]] + [[n, format_number(q)] for n, q in d.returned]
        story += [grid(rows, [140 * MM, 30 * MM], right_from=1), Spacer(1, 4 * MM)]
    if d.left:
        rows = [[_("Left at the shop"), _("Qty"), _("Unit"), _("Price"), _("Value")]]
        rows += [[n, format_number(q), u, format_money(p), format_money(a)] for n, u, q, p, a in d.left]
        rows.append([_("Value"), "", "", "", format_money(_total(d.left))])
        story += [grid(rows, [70 * MM, 18 * MM, 22 * MM, 30 * MM, 30 * MM], right_from=1, bold_last=True),
                  Spacer(1, 4 * MM)]
    if d.still_out:
        rows = [[_("Now at the shop"), _("Qty"), _("Value")]]
        rows += [[n, format_number(q), format_money(v)] for n, q, v in d.still_out]
        rows.append([_("Value"), "", format_money(_total(d.still_out))])
        story += [grid(rows, [100 * MM, 30 * MM, 40 * MM], right_from=1, bold_last=True), Spacer(1, 4 * MM)]
    story += [Spacer(1, 10 * MM), Paragraph(_("Received by") + ": ..............................    " +
                                            _("Sent by") + ": ..............................", body)]
    return a4_document(story, _("CONSIGNMENT NOTE"), f"{d.reference} · {format_date(d.day)}", d.shop_name)
