"""The receipt a sale prints, built from what was stored: cash handed over and change, the stamp card."""

from __future__ import annotations

import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import format_money, set_language
from pos.models import StampEntry
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from pos.services.pricing import price
from pos.services.receipts import receipt_preview
from pos.services.sales import CheckoutRequest, checkout


@pytest.fixture
def shop(make_shop):
    yield make_shop(100000)
    set_language("id")


def test_cash_shows_what_was_handed_over_then_the_change_and_a_full_card_says_so(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    StampEntry.create(customer=sari.id, earned=13)  # the card's 10, and 3 over before this sale
    lines = (CartLine(shop["ids"]["KOP-01"], Quantity.of(2)),)  # 2 coffees: 2 stamps more
    total = price(list(lines), sari.id).cash_total
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", total, Money(300000)),), sari.id))
    change = format_money(Money(300000) - total)

    set_language("id")
    text = receipt_preview(sale.id, width=48)
    rows = [" ".join(row.split()) for row in text.splitlines()]
    cash = rows.index("Tunai Rp 300.000")
    assert rows[cash + 1] == f"Kembalian {change}"  # the change right below what was handed over
    assert f"Tunai {format_money(total)}" not in rows  # not the amount applied
    words = " ".join(text.split())
    assert "Kartu stempel penuh" in words and "5 stempel" in words and "kartu berikutnya" in words, words

    set_language("en")
    words = " ".join(receipt_preview(sale.id, width=48).split())
    assert "Cash Rp 300.000" in words and f"Change {change}" in words
    assert "Stamp card full - the reward (Es Kopi Susu Gula Aren) is ready to take; 5 stamps carry over" in words
