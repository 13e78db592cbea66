"""The demo's open bill: a table still sitting when the demo shop is made with its history, so that the till's
*Open bills* list has one to show, add to and pay (issue #24)."""

from __future__ import annotations

from pos.domain.cart import Cart
from pos.domain.options import select
from pos.domain.pricing import CartLine
from pos.models import Product, StaffUser
from pos.money import Quantity
from pos.services.access import ANYONE, allowed
from pos.services.open_bills import send_bill
from pos.services.product_options import options_for

BILL_NAME = "Meja 2"
COFFEE, BREAD = "KOP-05", "ROT-01"  # Es Kopi Susu Gula Aren, Roti Sobek Cokelat
CHOICES = ("Besar", "Kurang manis", "Es normal")


@allowed(ANYONE, why="part of making the demo shop, inside create_demo's transaction")
def add_demo_bill(cashier: str) -> None:
    """Two large, less sweet iced coffees and a chocolate bread on table 2, opened by the demo's cashier at K1
    (nothing printed: the demo has no bar printer until one is set)."""
    ids = dict(Product.select(Product.code, Product.id).where(Product.code.in_([COFFEE, BREAD])).tuples())
    staff = StaffUser.get_or_none(StaffUser.name == cashier)
    if len(ids) < 2 or staff is None:
        return
    groups = options_for(ids[COFFEE])
    picked = select(groups, [c.id for g in groups for c in g.offered if c.name in CHOICES])
    cart = Cart(lines=(CartLine(ids[COFFEE], Quantity.of(2), options=picked), CartLine(ids[BREAD], Quantity.of(1))))
    send_bill(cart, name=BILL_NAME, till_id="K1", staff_id=staff.id)
