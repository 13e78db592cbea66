"""Tickets for the bar and the kitchen: which printer each category's items go to, and the tickets of a sale or
of what an open bill sends. Stored in the print queue like every print: a missing bar printer never blocks a
sale, and its ticket waits in Ctrl+P."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from pos.domain.options import choices_text
from pos.i18n import _
from pos.models import Category, Product, Sale, SaleLine, db
from pos.printing.render_escpos import to_bytes
from pos.printing.ticket import TicketData, TicketItem, ticket_document
from pos.services import connectivity, print_queue
from pos.services.access import ANYONE, OWNER, READ, allowed, approving_owner
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.print_queue import QUEUED, Job, Printed, PrinterConfig, queue_quietly
from pos.services.queue_numbers import QueueNumber, sale_number
from pos.services.shop_settings import shop_settings
from pos.services.sold_options import sold_choices

STATIONS = ("bar", "kitchen")  # the counter roles a category's items can go to ("": no ticket)
STATION_URL = {"bar": "bar_printer_url", "kitchen": "kitchen_printer_url"}  # the machine setting of each


@allowed(READ)
def station_words(station: str) -> str:
    return {"bar": _("Bar"), "kitchen": _("Kitchen")}.get(station, _("No ticket"))


@allowed(READ)
def ticket_printers(settings) -> dict[str, PrinterConfig]:
    """This till's printer for each station that has one (the receipt printer's kind and paper)."""
    return {station: print_queue.printer_config(settings, settings[key]) for station, key in STATION_URL.items()
            if settings[key]}


@dataclass(frozen=True)
class CategoryStation:
    category_id: int
    name: str
    station: str  # "" | "bar" | "kitchen"


@allowed(READ)
def category_stations() -> list[CategoryStation]:
    return [CategoryStation(c.id, c.name, c.ticket_printer)
            for c in Category.select().order_by(Category.position, Category.name)]


@allowed(OWNER)
def set_category_station(category_id: int, station: str, *, owner_pin: str, till_id: str = "") -> None:
    """Owner only: the printer a category's items go to at payment (or when an open bill is sent)."""
    _set_stations({category_id: station}, till_id)


@allowed(OWNER)
def set_category_stations(stations: Mapping[int, str], *, owner_pin: str, till_id: str = "") -> int:
    """Owner only: several categories at once (the printer settings' table), all or nothing; how many changed."""
    return _set_stations(stations, till_id)


def _set_stations(stations: Mapping[int, str], till_id: str) -> int:
    bad = sorted({station for station in stations.values() if station not in ("", *STATIONS)})
    if bad:
        raise InvalidInput(_("Not a ticket printer: {name}").format(name=", ".join(bad)))
    changed = 0
    with db.atomic():
        for category_id, station in stations.items():
            category = Category.get_or_none(Category.id == category_id)
            if category is None:
                raise InvalidInput(_("That category does not exist any more."))
            if category.ticket_printer == station:
                continue
            Category.update(ticket_printer=station).where(Category.id == category_id).execute()
            record("category.ticket_printer", entity="category", entity_id=category_id,
                   staff_id=approving_owner().id, till_id=till_id,
                   details={"category": category.name, "before": category.ticket_printer, "after": station})
            changed += 1
    return changed


def _line_details(line, options=None) -> tuple[str, ...]:
    """The lines printed under an item: its choices ("Large · Less sugar · +Extra shot": a cart line's own, or a
    stored line's as sold), then its notes."""
    chosen = choices_text(options if options is not None else getattr(line, "options", ()))
    note = getattr(line, "note", "") or ""
    return ((chosen,) if chosen else ()) + tuple(part for part in note.splitlines() if part.strip())


_held_stations: dict[int, str] = {}  # every product's station, for the tickets of sales kept while the server is away


def _stations_of(product_ids: Iterable[int]) -> dict[int, str]:
    if connectivity.offline():
        return {pid: _held_stations[pid] for pid in product_ids if pid in _held_stations}
    rows = (Product.select(Product.id, Category.ticket_printer).join(Category)
            .where(Product.id.in_(list(set(product_ids))) & (Category.ticket_printer != "")).tuples())
    return dict(rows)


@allowed(READ)
def hold_stations() -> int:
    """Every product's station held on this till (one query), so that a sale kept while the server is away still
    sends its items to the bar and the kitchen; how many products have one."""
    rows = (Product.select(Product.id, Category.ticket_printer).join(Category)
            .where(Category.ticket_printer != "").tuples())
    _held_stations.clear()
    _held_stations.update(rows)
    return len(_held_stations)


@dataclass(frozen=True)
class TicketLine:
    """One item for a ticket, before it is routed: the product (its category decides the printer)."""

    product_id: int
    name: str
    item: TicketItem


@allowed(READ)
def ticket_line(product_id: int, name: str, quantity, line, options=None) -> TicketLine:
    """An item for a ticket from a sale's or a bill's line, with the details printed under it (``options``: a
    stored line's choices as sold; a cart line carries its own)."""
    return TicketLine(product_id, name, TicketItem(name, quantity, _line_details(line, options)))


def _routed(lines: Iterable[TicketLine]) -> Iterator[tuple[int, str, tuple[TicketItem, ...]]]:
    """(the station's place, the station, its items) for each station with items routed to it, in order."""
    lines = list(lines)
    stations = _stations_of(line.product_id for line in lines) if lines else {}
    for place, station in enumerate(STATIONS, start=1):
        items = tuple(line.item for line in lines if stations.get(line.product_id) == station)
        if items:
            yield place, station, items


def _no_printer(station: str) -> Printed:
    return Printed(refused=_("No {station} printer is set up on this till: its ticket was not printed.").format(
        station=station_words(station).lower()))


@allowed(ANYONE, why="queues the bar's and the kitchen's tickets; prints change no data")
def queue_tickets(lines: Iterable[TicketLine], printers: Mapping[str, PrinterConfig] | None, *, till_id: str,
                  moment: dt.datetime, queue: QueueNumber | None, reference: str, customer: str = "",
                  bill: str = "", added: bool = False) -> tuple[Printed, ...]:
    """One ticket per station with items routed to it, on that station's printer; nothing when none. A station
    without a printer on this till, or a ticket that cannot be stored, is said in the result, never raised."""
    if printers is None:
        return ()
    out: list[Printed] = []
    zone = shop_settings().zone_name
    for _place, station, items in _routed(lines):
        data = TicketData(station_words(station), queue.number if queue else None, moment, zone, items,
                          customer=customer, bill=bill, reference=reference, till_id=till_id, added=added)
        config = printers.get(station)
        if config is None:
            out.append(_no_printer(station))
            continue
        out.append(queue_quietly(lambda c, d=data: print_queue.queue_ticket(d, till_id, c), config))
    return tuple(out)


@allowed(ANYONE, why="queues the bar's and the kitchen's tickets of a stored sale; prints change no data")
def queue_sale_tickets(sale_id: int, printers: Mapping[str, PrinterConfig] | None, *,
                       till_id: str) -> tuple[Printed, ...]:
    """The tickets of a sale just paid: each item routed to a station, with its details, the queue number."""
    if printers is None:
        return ()
    sale = Sale.get_by_id(sale_id)
    rows = [line for line in sale.lines.order_by(SaleLine.position) if line.product_id is not None]
    chosen = sold_choices(line.id for line in rows)
    lines = [ticket_line(line.product_id, line.description, line.quantity, line, chosen.get(line.id, ()))
             for line in rows]
    customer = sale.customer.name if sale.customer_id is not None else ""
    return queue_tickets(lines, printers, till_id=till_id, moment=sale.created_at, queue=sale_number(sale_id),
                         reference=sale.number, customer=customer)


OFFLINE_JOB = 1_000_000_000  # a kept sale's tickets: jobs -(station's place × this + receipt's value), in no queue


@allowed(ANYONE, why="the tickets of a sale kept while the server is away; prints change no data")
def offline_tickets(lines: Iterable[TicketLine], printers: Mapping[str, PrinterConfig] | None, *, till_id: str,
                    moment: dt.datetime, number: int, value: int, reference: str,
                    customer: str = "") -> tuple[Printed, ...]:
    """The bar's and the kitchen's tickets of a sale kept on the till while the server is away: the barista still
    gets them. Routed by the stations held on the till (``hold_stations``), numbered ``number`` from the till's
    own series (printed "#K1-3" and marked offline: the server's queue numbers are out of reach), and sent
    straight to the station's printer (the print queue is on the server): a failed one is said, not kept."""
    if printers is None:
        return ()
    out: list[Printed] = []
    zone = shop_settings().zone_name
    for place, station, items in _routed(lines):
        config = printers.get(station)
        if config is None or not config.url:
            out.append(_no_printer(station))
            continue
        data = TicketData(station_words(station), number, moment, zone, items, customer=customer,
                          reference=reference, till_id=till_id, offline=True)
        try:
            doc = ticket_document(data)
            payload = to_bytes(doc, config.profile)
        except Exception as exc:  # noqa: BLE001 - a printing bug never undoes a sale
            out.append(Printed(refused=_("The print could not be prepared ({reason}); the sale is stored.").format(
                reason=exc)))
            continue
        out.append(Printed(Job(-(place * OFFLINE_JOB + value), "ticket", reference, doc.title, config.url, payload,
                               QUEUED, 0, "", moment)))
    return tuple(out)
