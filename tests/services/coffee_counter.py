"""A small coffee counter for the tests of tickets, queue numbers and open bills: drinks go to the bar, fried rice
to the kitchen, bread to neither; a cashier with the shift open at K1."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.money import Money, Quantity
from pos.services.bar_tickets import set_category_station
from pos.services.print_queue import PrinterConfig
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from tests.factories import make_category, make_product, owner_pin


@dataclass(frozen=True)
class Counter:
    cashier: int
    shift: int
    kopi: int  # Es Kopi Susu, Rp 18.000, bar
    teh: int  # Teh Tarik, Rp 12.000, bar
    nasi: int  # Nasi Goreng, Rp 25.000, kitchen
    roti: int  # Roti Bolu, Rp 10.000, no ticket


def coffee_counter(till_id: str = "K1") -> Counter:
    pin = owner_pin()
    drinks, kitchen, bread = make_category("Minuman"), make_category("Dapur"), make_category("Roti")
    set_category_station(drinks, "bar", owner_pin=pin)
    set_category_station(kitchen, "kitchen", owner_pin=pin)
    kopi = make_product(name="Es Kopi Susu", price=18000, category_id=drinks).id
    teh = make_product(name="Teh Tarik", price=12000, category_id=drinks).id
    nasi = make_product(name="Nasi Goreng", price=25000, category_id=kitchen).id
    roti = make_product(name="Roti Bolu", price=10000, category_id=bread).id
    cashier = _add_staff("Dita", "cashier", "1111")
    shift = open_shift(till_id, cashier.id, Money(100000))
    return Counter(cashier.id, shift.id, kopi, teh, nasi, roti)


def cart_of(*pairs: tuple[int, int], customer_id: int | None = None) -> Cart:
    cart = Cart(customer_id=customer_id)
    for product_id, quantity in pairs:
        cart = cart.add(product_id, Quantity.of(quantity))
    return cart


def cash(amount: int) -> tuple[Tender, ...]:
    return (Tender("cash", Money(amount)),)


def file_printer(path) -> PrinterConfig:
    return PrinterConfig(f"file://{path}", "generic58")


_COMMANDS = re.compile(rb"\x1b[@]|\x1b[tdaEM!-].|\x1d[!VhwHf].|\x1bp...")


def printed_text(data: bytes) -> str:
    """The text a printer prints from these bytes (the style commands taken out)."""
    return _COMMANDS.sub(b"", data).decode("ascii", "replace")
