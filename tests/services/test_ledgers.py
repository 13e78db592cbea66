"""The customers' balances, one sum and one cut-off (services/ledgers.py), on SQLite and PostgreSQL: the receipt,
the kasbon window, the customer's card and the till agree, also for entries written in the same second as the sale."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import set_language
from pos.money import Money, Quantity
from pos.services import kasbon
from pos.services.accounts import top_up_deposit
from pos.services.customers import NewCustomer, add_customer, customer_card
from pos.services.pricing import price
from pos.services.receipts import receipt_data, receipt_preview
from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed
from tests.factories import owner_pin

SECOND = dt.datetime(2026, 11, 28, 2, 30, 0)  # every entry below is written in this one second


@pytest.fixture
def shop(make_shop):
    s = make_shop(100000)
    toko = add_customer(NewCustomer("Toko Makmur", "0813-4444-0001", tier="reseller",
                                    credit_limit=Money(5_000_000)), owner_pin=owner_pin())
    yield {**s, "toko": toko.id}
    set_language("id")


def sell(shop, qty: int, method: str = "kasbon") -> int:
    lines = (CartLine(shop["ids"]["ROT-01"], Quantity.of(qty)),)
    total = price(list(lines), shop["toko"], at=SECOND).total
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender(method, total),), shop["toko"], at=SECOND)).id


def shown_everywhere(shop) -> set[Money]:
    """The kasbon balance as the till, the kasbon window and the customer's card show it now."""
    return {kasbon_owed(shop["toko"]), kasbon.owed(shop["toko"]), customer_card(shop["toko"]).kasbon_owed}


def test_a_payment_in_the_same_second_as_the_sale_leaves_the_receipt_as_it_was_printed(shop):
    first = sell(shop, 30)  # 30 × Rp 15.000 reseller, on kasbon
    printed = receipt_data(first).kasbon_owed
    assert printed == Money(450000) and shown_everywhere(shop) == {Money(450000)}

    kasbon.record_payment(shop["toko"], Money(100000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"],
                          at=SECOND)  # the same second
    assert shown_everywhere(shop) == {Money(350000)}
    assert receipt_data(first, copy=True).kasbon_owed == printed  # a reprint says what the paper said
    set_language("en")
    assert "Kasbon owed now Rp 450.000" in " ".join(receipt_preview(first, width=48).split())

    second = sell(shop, 30)  # another sale in that second: its receipt counts the payment before it
    assert receipt_data(second).kasbon_owed == Money(350000 + 450000)
    assert shown_everywhere(shop) == {Money(800000)}


def test_a_deposit_spent_in_the_same_second_as_it_was_paid_shows_on_the_receipt_as_the_till_shows_it(shop):
    top_up_deposit(shop["toko"], Money(200000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"],
                   at=SECOND)
    sale = sell(shop, 12, method="deposit")  # 12 × Rp 16.000 off the deposit, the same second
    assert receipt_data(sale).deposit_left == Money(8000) == deposit_held(shop["toko"])
    assert customer_card(shop["toko"]).deposit_held == Money(8000)


def test_a_statement_opens_with_what_was_owed_before_its_first_day(shop):
    sell(shop, 30)  # on 28 Nov 2026, 09:30 in Jakarta
    day = dt.date(2026, 11, 28)
    on_the_day = kasbon.statement(shop["toko"], day, day)
    assert (on_the_day.opening, on_the_day.closing) == (Money(0), Money(450000))
    after = kasbon.statement(shop["toko"], day + dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert (after.opening, after.closing) == (Money(450000), Money(450000))
