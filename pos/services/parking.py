"""Parked carts: put a sale aside for the next customer; kept in the database across a restart."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.cart import Cart
from pos.i18n import _
from pos.models import ParkedCart, db
from pos.services.errors import InvalidInput
from pos.services.access import ANYONE, READ, allowed


@dataclass(frozen=True)
class Parked:
    cart_id: str
    label: str
    lines: int


@allowed(ANYONE, why="the cashier parks the sale in progress")
def park(till_id: str, cart: Cart, label: str = "") -> None:
    if not cart.lines:
        raise InvalidInput(_("The cart is empty."))
    with db.atomic():
        ParkedCart.delete().where(ParkedCart.cart_id == cart.id).execute()
        ParkedCart.create(till_id=till_id, cart_id=cart.id, label=label.strip(), payload=cart.to_dict())


PENDING = -1  # position of the cart being paid right now


@allowed(READ)
def parked(till_id: str) -> list[Parked]:
    rows = (ParkedCart.select().where((ParkedCart.till_id == till_id) & (ParkedCart.position != PENDING))
            .order_by(ParkedCart.created_at, ParkedCart.id))
    return [Parked(r.cart_id, r.label, len(r.payload["lines"])) for r in rows]


@allowed(ANYONE, why="the cashier takes a parked sale back")
def resume(cart_id: str) -> Cart:
    with db.atomic():
        row = ParkedCart.get_or_none(ParkedCart.cart_id == cart_id)
        if row is None:
            raise InvalidInput(_("That parked sale was resumed already."))
        cart = Cart.from_dict(row.payload)
        row.delete_instance()
    return cart


@allowed(ANYONE, why="keeps the cart while it is being paid (crash recovery)")
def hold_while_paying(till_id: str, cart: Cart) -> None:
    """Keep the cart being paid, so that a crash between Pay and "completed" loses nothing."""
    with db.atomic():
        ParkedCart.delete().where(ParkedCart.cart_id == cart.id).execute()
        ParkedCart.create(till_id=till_id, cart_id=cart.id, payload=cart.to_dict(), position=PENDING)


@allowed(ANYONE, why="lets the held cart go once its sale is stored")
def paid(cart_id: str) -> None:
    ParkedCart.delete().where((ParkedCart.cart_id == cart_id) & (ParkedCart.position == PENDING)).execute()


@dataclass(frozen=True)
class Interrupted:
    cart: Cart
    completed_as: str | None  # the receipt number when the sale was stored before the till stopped


@allowed(ANYONE, why="finds a payment a crash interrupted")
def interrupted_payment(till_id: str) -> Interrupted | None:
    """The cart that was being paid when the till stopped, if any (taken off the list)."""
    from pos.models import Sale

    with db.atomic():
        row = ParkedCart.get_or_none((ParkedCart.till_id == till_id) & (ParkedCart.position == PENDING))
        if row is None:
            return None
        row.delete_instance()
    sale = Sale.get_or_none(Sale.cart_id == row.cart_id)
    return Interrupted(Cart.from_dict(row.payload), sale.number if sale else None)
