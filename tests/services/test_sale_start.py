"""A sale's first statement. On SQLite, a walk-in's sale after the till's first moves the receipt counter in one
UPDATE whose WHERE holds the checks (the counter where this till left it, the pricing version its prices were read
at, the shift open, the cashier active), and reads nothing back. Whatever another program changed in between is
still caught, on both engines: a closed shift, a cashier let go, a price, the counter itself."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import psycopg
import pytest

from pos.domain.pricing import CartLine, Selections
from pos.domain.till import Tender
from pos.models import Sale, db
from pos.money import Money, Quantity
from pos.services.db import sqlite_path
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def elsewhere(url: str, sql: str) -> None:
    """Another program (the back office, another till) changes the database on a connection of its own."""
    if url.startswith("sqlite"):
        other = sqlite3.connect(sqlite_path(url))
        other.execute(sql)
        other.commit()
        other.close()
    else:
        with psycopg.connect(url, autocommit=True) as other:
            other.execute(sql)


def sell(shop, code="KUE-01", amount=55000, at=AT):
    lines = (CartLine(shop["ids"][code], Quantity.of(1)),)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", Money(amount)),), None, Selections(), at))


@pytest.mark.parametrize("empty_url", ["sqlite"], indirect=True)  # PostgreSQL: one statement returning the checks
def test_a_walk_ins_sale_after_the_first_sends_no_read_on_sqlite(shop):
    sell(shop)
    sent: list[str] = []
    connection = db.connection()
    connection.set_trace_callback(sent.append)
    try:
        second = sell(shop)
    finally:
        connection.set_trace_callback(None)
    kinds = [s.split()[0] for s in sent]
    assert kinds == ["BEGIN", "UPDATE", "INSERT", "INSERT", "INSERT", "INSERT", "COMMIT"], sent
    assert "EXISTS" in sent[1] and '"shift"' in sent[1] and '"staff_user"' in sent[1]  # the checks in the UPDATE
    assert second.number == "K1-000002"
    assert [s.number for s in Sale.select().order_by(Sale.id)] == ["K1-000001", "K1-000002"]


def test_a_shift_closed_elsewhere_refuses_the_next_sale(shop, empty_url):
    sell(shop)
    elsewhere(empty_url, f"UPDATE shift SET status = 'closed' WHERE id = {shop['shift']}")
    with pytest.raises(NotAllowed, match="Open a shift"):
        sell(shop)
    assert Sale.select().count() == 1


def test_a_cashier_let_go_elsewhere_cannot_sell_again(shop, empty_url):
    sell(shop)
    elsewhere(empty_url, f"UPDATE staff_user SET active = FALSE WHERE id = {shop['cashier']}")
    with pytest.raises(NotAllowed, match="logged in"):
        sell(shop)
    assert Sale.select().count() == 1


def test_a_price_changed_elsewhere_after_a_sale_is_caught(shop, empty_url):
    sell(shop)
    lines = (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)),)
    assert price(list(lines), None, at=AT).cash_total == Money(55000)  # the till, as the cake was scanned
    elsewhere(empty_url, "UPDATE product SET retail_price = 60000 WHERE code = 'KUE-01'")
    with pytest.raises(InvalidInput, match="60.000"):
        sell(shop)
    assert Sale.select().count() == 1
    assert sell(shop, amount=60000).total == Money(60000)
    assert Sale.select().order_by(Sale.id.desc()).first().lines[0].unit_price == Money(60000)


def test_the_counter_moved_elsewhere_gives_the_next_number_after_it(shop, empty_url):
    assert sell(shop).number == "K1-000001"
    elsewhere(empty_url, "UPDATE till_counter SET last_value = last_value + 5 WHERE till_id = 'K1'")
    assert sell(shop).number == "K1-000007"
    assert sell(shop).number == "K1-000008"


def test_a_refused_sale_leaves_no_gap_in_the_numbers(shop):
    assert sell(shop).number == "K1-000001"
    with pytest.raises(InvalidInput):
        sell(shop, amount=50000)  # the payment does not cover the cake: the counter rolls back with the sale
    assert sell(shop).number == "K1-000002"
    assert sell(shop).number == "K1-000003"
    assert Sale.select().count() == 3
