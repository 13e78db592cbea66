"""Forwarding the outbox: when the server is back, the sales kept on the till go to it, in order, exactly once.

Each kept sale goes through the same idempotent checkout (``sales.checkout``, keyed by the cart id) with the cart
as it was priced at the till (``agreed``: the prices the customer paid, never priced again) and the number the
customer got (``number``: the till's counter on the server moves past it). Then the outbox marks it sent. A till
that stops between the two sends it again at the next try, and the checkout answers with the sale it stored: one
sale. So does a sale whose commit reached the server while its answer was lost (it was kept here too).

A sale the server refuses (its shift closed meanwhile, a staff member removed) stays first in line with the
reason, and the ones after it wait: the order is kept. ``tick`` is what the window runs in the background every
few seconds: ask the server, keep the price book whole, forward what waits (else note the server's last
receipt number for this till), and say how things stand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from peewee import DatabaseError, InterfaceError

from pos.domain.cart import Cart
from pos.domain.preorders import cart_from_data
from pos.domain.till import Tender
from pos.models import TillCounter, db
from pos.models.statements import first_row
from pos.money import Money
from pos.services import connectivity, held_catalogue, outbox, parking
from pos.services.changes import pricing_version
from pos.services.customers import NewCustomer, add_customer, find_by_phone
from pos.services.errors import DatabaseUnavailable, PosError, first_line
from pos.services.bar_tickets import hold_stations
from pos.services.pricing import hold_price_book
from pos.services.rules import ANYONE, READ, allowed
from pos.services.numbering import RECEIPT
from pos.services.sales import CheckoutRequest, checkout


@dataclass(frozen=True)
class OutboxStatus:
    offline: bool  # the server does not answer
    waiting: int  # sales kept on this till, not yet on the server
    problem: str  # why the first of them was refused ('' when none was)
    sent: int = 0  # sent by this call


def _tenders(rows: list) -> tuple[Tender, ...]:
    return tuple(Tender(method, Money(amount), None if tendered is None else Money(tendered), reference)
                 for method, amount, tendered, reference in rows)


def _customer_for(new: dict, at: dt.datetime) -> int:
    """A customer taken offline: the one the server has with that number, else a new one."""
    known = find_by_phone(new["phone"]) if new.get("phone") else None
    if known is not None:
        return known.id
    return add_customer(NewCustomer(new["name"], new.get("phone", ""), created_at=at)).id


def _send(kept: outbox.KeptSale) -> str:
    p = kept.payload
    cart = Cart.from_dict(p["cart"])
    at = dt.datetime.fromisoformat(p["at"])
    customer_id = p["customer_id"]
    if p.get("new_customer"):
        customer_id = _customer_for(p["new_customer"], at)
    result = checkout(CheckoutRequest(kept.cart_id, kept.till_id, p["shift_id"], p["cashier_id"], cart.lines,
                                      _tenders(p["tenders"]), customer_id, cart.selections, at=at,
                                      agreed=cart_from_data(p["priced"]), number=kept.number))
    if p.get("held_on_server"):
        parking.paid(kept.cart_id)  # the hold the attempt through the server left there
    return result.number


@allowed(ANYONE, why="sends this till's kept sales through the cashier-checked checkout")
def forward(till_id: str) -> OutboxStatus:
    """Send the waiting sales in order; stops at the first the server refuses, or when it goes away again."""
    sent = 0
    for kept in outbox.waiting(till_id):
        try:
            number = _send(kept)
        except (DatabaseUnavailable, DatabaseError, InterfaceError) as exc:
            if connectivity.server_gone(exc):
                break
            outbox.mark_problem(till_id, kept.seq, first_line(exc))
            break
        except PosError as exc:
            outbox.mark_problem(till_id, kept.seq, str(exc))
            break
        outbox.mark_sent(till_id, kept.seq, number)
        sent += 1
    return replace(status(till_id), sent=sent)


@allowed(READ)
def status(till_id: str) -> OutboxStatus:
    return OutboxStatus(connectivity.offline(), outbox.waiting_count(till_id), outbox.problem(till_id))


_held_version: list[tuple] = []


@allowed(ANYONE, why="the till's background check: asks the server, forwards what waits")
def tick(till_id: str) -> OutboxStatus:
    """Ask the server once; when it answers, hold the whole price book (after a change) and forward what waits.
    Runs on a worker thread (``pos.ui.tasks``): selling goes on meanwhile."""
    if not connectivity.can_go_offline():
        return OutboxStatus(False, 0, "")
    if not connectivity.probe():
        return status(till_id)
    try:
        version = (db.obj, pricing_version())  # another database (a test, the demo) is another version
        if _held_version != [version]:
            hold_price_book()
            held_catalogue.hold()
            hold_stations()  # a kept sale's items still go to the bar and the kitchen
            _held_version[:] = [version]
    except (DatabaseError, InterfaceError, PosError) as exc:
        if connectivity.server_gone(exc):
            return status(till_id)
    if outbox.waiting_count(till_id):
        return forward(till_id)
    _note_server_counter(till_id)
    return status(till_id)


def _note_server_counter(till_id: str) -> None:
    """The last receipt number the server gave this till (a pre-order picked up, a consignment settled: sales
    that do not pass the Pay button), so that a sale kept offline later follows it."""
    try:
        last = first_row(TillCounter, ("last_value",), till_id=till_id, series=RECEIPT)
    except (DatabaseError, InterfaceError) as exc:
        connectivity.server_gone(exc)
        return
    if last:
        outbox.note_number(till_id, f"{till_id}-{last[0]:06d}")
