"""The bar's (or the kitchen's) ticket: what to make, in large type, for the queue number called out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.i18n import _, format_datetime, format_number
from pos.money import Quantity
from pos.printing.document import Document, Feed, Rule, Text


@dataclass(frozen=True)
class TicketItem:
    name: str
    quantity: Quantity  # negative: taken off an open bill after it was sent
    details: tuple[str, ...] = ()  # the choices and notes, one line each, printed under the item


@dataclass(frozen=True)
class TicketData:
    station: str  # in words: "Bar", "Kitchen"
    queue_number: int | None
    moment: dt.datetime  # UTC
    time_zone: str
    items: tuple[TicketItem, ...]
    customer: str = ""  # the customer's name when known
    bill: str = ""  # the open bill's name ("Meja 4")
    reference: str = ""  # the receipt number, or the bill's
    till_id: str = ""
    added: bool = False  # more for an open bill sent before
    offline: bool = False  # a sale kept on the till while the server was away: the number is the till's own


def ticket_document(t: TicketData) -> Document:
    """Large type for the barista: the queue number, the time, each item with its details, who it is for."""
    b: list = [Text(t.station.upper(), align="center", bold=True)]
    if t.queue_number is not None:
        b.append(Text(f"#{t.till_id}-{t.queue_number}" if t.offline else f"#{t.queue_number}", align="center",
                      bold=True, big=True))
    if t.offline:
        b.append(Text(_("OFFLINE: a number of this till"), align="center", bold=True))
    if t.bill:
        b.append(Text(t.bill, align="center", bold=True, big=True))
    if t.added:
        b.append(Text(_("More for this bill"), align="center", bold=True))
    stamp = format_datetime(t.moment, t.time_zone)
    reference = t.reference if t.reference != t.bill else ""
    b.append(Text(" · ".join(part for part in (stamp, t.till_id, reference) if part), align="center"))
    if t.customer:
        b.append(Text(_("For: {name}").format(name=t.customer), bold=True, big=True))
    b.append(Rule("="))
    for item in t.items:
        if item.quantity.thousandths < 0:  # taken off an open bill after it was sent: not to make
            taken = Quantity(-item.quantity.thousandths)
            line = _("CANCEL {quantity} x {name}").format(quantity=format_number(taken), name=item.name)
        else:
            line = f"{format_number(item.quantity)} x {item.name}"
        b.append(Text(line, bold=True, big=True, indent=2))
        b += [Text(f"  {detail}", big=True, indent=2) for detail in item.details]
    b += [Rule("="), Feed()]
    title = _("Ticket #{number}").format(number=t.queue_number) if t.queue_number is not None else _("Ticket")
    return Document(tuple(b), title=f"{title} · {t.station}")
