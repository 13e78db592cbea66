"""The Pay button as one service operation (sale_completion.complete), on SQLite and PostgreSQL: the crash-recovery
protocol (hold, checkout, let go), the receipt built once, the paper queued without ever undoing the sale."""

from __future__ import annotations

import sys

import pytest
from peewee import OperationalError

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.models import CashEntry, PrintJob, Sale
from pos.money import Money, Quantity
from pos.services import db, parking, print_queue, receipts
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.print_queue import PrinterConfig
from pos.services.sale_completion import complete
from tests.factories import owner_pin

DEV_NULL = PrinterConfig("file:///dev/null", "generic58")


@pytest.fixture
def shop(make_shop):
    return make_shop(100000)


def a_cart(shop, *pairs, customer_id=None) -> Cart:
    cart = Cart(customer_id=customer_id)
    for code, qty in pairs:
        cart = cart.add(shop["ids"][code], Quantity.of(qty))
    return cart


def cash(amount, tendered=None):
    return (Tender("cash", Money(amount), Money(tendered) if tendered is not None else None),)


def pay(shop, cart, tenders, printer=None):
    return complete(cart, tenders, till_id="K1", shift_id=shop["shift"], cashier_id=shop["cashier"],
                    printer=printer)


@pytest.fixture
def receipt_builds(monkeypatch):
    """How many times a receipt is built from the stored sale, wherever in pos it is called from."""
    calls = []
    original = receipts.receipt_data

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("pos.") and getattr(module, "receipt_data", None) is original:
            monkeypatch.setattr(module, "receipt_data", counted)
    return calls


def test_a_walk_in_sale_is_stored_shown_and_queued_for_paper(shop):
    done = pay(shop, a_cart(shop, ("KUE-01", 1), ("ROT-05", 2)), cash(67000, 100000), DEV_NULL)
    assert (done.number, done.total, done.change) == ("K1-000001", Money(67000), Money(33000))
    assert "Bolu Pandan" in done.receipt_text and "Rp 33.000" in done.receipt_text
    assert done.whatsapp is None  # a walk-in
    job = PrintJob.get_by_id(done.printed.job.id)
    assert (job.reference, job.status, done.printed.refused) == ("K1-000001", print_queue.QUEUED, "")
    assert b"Bolu Pandan" in bytes(job.payload)
    assert parking.interrupted_payment("K1") is None  # the hold was let go
    assert Sale.select().count() == 1 and CashEntry.select().count() == 1


def test_the_receipt_is_built_once_for_the_screen_the_chat_and_the_paper(shop, receipt_builds):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0011"), owner_pin=owner_pin())
    done = pay(shop, a_cart(shop, ("KUE-01", 1), customer_id=sari.id), cash(55000, 100000), DEV_NULL)
    assert done.whatsapp.startswith("https://wa.me/6281399990011?text=")
    assert "Bolu" in done.receipt_text and done.printed.job is not None
    assert len(receipt_builds) == 1


def test_without_a_printer_nothing_is_queued(shop):
    done = pay(shop, a_cart(shop, ("ROT-05", 1)), cash(6000))
    assert (done.printed.job, done.printed.refused) == (None, "")
    assert PrintJob.select().count() == 0 and Sale.select().count() == 1


@pytest.mark.parametrize("url", ["", "lpt1", "usb://12:34"])
def test_a_missing_printer_never_undoes_the_sale(shop, url):
    done = pay(shop, a_cart(shop, ("ROT-05", 1)), cash(6000), PrinterConfig(url, "generic58"))
    assert done.printed.job is None and done.printed.refused
    assert Sale.get().number == done.number and PrintJob.select().count() == 0
    assert parking.interrupted_payment("K1") is None


def test_a_fault_while_preparing_the_paper_never_undoes_the_sale(shop, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("logo decoder crashed")

    monkeypatch.setattr(print_queue, "queue_receipt", broken)
    done = pay(shop, a_cart(shop, ("ROT-05", 1)), cash(6000), DEV_NULL)
    assert "sale is stored" in done.printed.refused and "logo decoder crashed" in done.printed.refused
    assert Sale.get().number == done.number


def test_a_refused_payment_stores_nothing_and_keeps_the_cart_being_paid(shop):
    cart = a_cart(shop, ("KUE-01", 1))
    with pytest.raises(InvalidInput):
        pay(shop, cart, cash(55000, 50000), DEV_NULL)  # less handed over than the total
    assert Sale.select().count() == 0 and PrintJob.select().count() == 0
    lost = parking.interrupted_payment("K1")  # the till stopping now would bring the cart back
    assert lost.cart.lines == cart.lines and lost.completed_as is None


def test_paying_the_same_cart_again_stores_one_sale(shop):
    cart = a_cart(shop, ("KUE-01", 1))
    first = pay(shop, cart, cash(55000))
    again = pay(shop, cart, cash(55000))  # a retry after the screen died, or a double press
    assert again.sale.id == first.sale.id and again.sale.already_recorded and not first.sale.already_recorded
    assert Sale.select().count() == 1 and CashEntry.select().count() == 1
    assert parking.interrupted_payment("K1") is None


def test_a_crash_after_the_commit_is_reported_as_completed_and_never_stored_twice(shop, empty_url, monkeypatch):
    cart = a_cart(shop, ("ROT-05", 3))

    def database_gone(_cart_id):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(parking, "paid", database_gone)  # the hold cannot be let go: the database went away
    done = pay(shop, cart, cash(18000))
    monkeypatch.undo()
    db.close_database()  # the till stops before the next customer
    db.open_database(empty_url)
    lost = parking.interrupted_payment("K1")
    assert lost.completed_as == done.number == "K1-000001"
    retried = pay(shop, lost.cart, cash(18000))
    assert retried.sale.already_recorded and Sale.select().count() == 1


def test_a_crash_before_the_commit_brings_the_cart_back(shop, empty_url):
    cart = a_cart(shop, ("ROT-05", 2))
    parking.hold_while_paying("K1", cart)  # what complete does first; the till died right after it
    db.close_database()
    db.open_database(empty_url)
    lost = parking.interrupted_payment("K1")
    assert lost.completed_as is None and lost.cart.lines == cart.lines
    done = pay(shop, lost.cart, cash(12000))
    assert Sale.get().number == done.number and Sale.select().count() == 1


def test_only_a_logged_in_cashier_completes_a_sale(shop):
    cart = a_cart(shop, ("ROT-05", 1))
    with pytest.raises(NotAllowed):
        complete(cart, cash(6000), till_id="K1", shift_id=shop["shift"], cashier_id=999_999)
    assert Sale.select().count() == 0 and parking.interrupted_payment("K1") is None


def test_a_database_failing_while_the_receipt_is_read_back_still_shows_the_sale_completed(shop, monkeypatch):
    from pos.services import sale_completion

    def database_gone(*_args, **_kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(sale_completion, "receipt_view", database_gone)
    done = pay(shop, a_cart(shop, ("ROT-05", 1)), cash(6000), DEV_NULL)
    assert Sale.get().number == done.number == "K1-000001"
    assert done.receipt_text == "" and "sale is stored" in done.printed.refused and done.printed.job is None
    assert parking.interrupted_payment("K1") is None
