"""Parked carts: put a sale aside for the next customer; kept in the database across a restart."""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.cart import Cart
from pos.i18n import _
from pos.models import ParkedCart, db
from pos.services.errors import InvalidInput


@dataclass(frozen=True)
class Parked:
    cart_id: str
    label: str
    lines: int


def park(till_id: str, cart: Cart, label: str = "") -> None:
    if not cart.lines:
        raise InvalidInput(_("The cart is empty."))
    with db.atomic():
        ParkedCart.delete().where(ParkedCart.cart_id == cart.id).execute()
        ParkedCart.create(till_id=till_id, cart_id=cart.id, label=label.strip(), payload=cart.to_dict())


def parked(till_id: str) -> list[Parked]:
    rows = ParkedCart.select().where(ParkedCart.till_id == till_id).order_by(ParkedCart.created_at, ParkedCart.id)
    return [Parked(r.cart_id, r.label, len(r.payload["lines"])) for r in rows]


def resume(cart_id: str) -> Cart:
    with db.atomic():
        row = ParkedCart.get_or_none(ParkedCart.cart_id == cart_id)
        if row is None:
            raise InvalidInput(_("That parked sale was resumed already."))
        cart = Cart.from_dict(row.payload)
        row.delete_instance()
    return cart
