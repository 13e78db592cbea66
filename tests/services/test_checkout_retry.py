"""A checkout that loses a race on PostgreSQL (a serialization failure, a deadlock) is run again inside the service:
the cashier sees one completed sale, stored once, its number the next of the till's series."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import psycopg
import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Payment, Sale, SaleLine, TillCounter, db
from pos.money import Money, Quantity
from pos.services import retries, sales
from pos.services.errors import DatabaseUnavailable
from pos.services.sales import CheckoutRequest, checkout

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta
pytestmark = pytest.mark.parametrize("empty_url", ["postgresql"], indirect=True)


@pytest.fixture
def shop(make_shop, monkeypatch):
    monkeypatch.setattr(retries, "pause", lambda attempt: None)
    return make_shop(200000)


def sell(shop, code="KUE-01", amount=55000):
    lines = (CartLine(shop["ids"][code], Quantity.of(1)),)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", Money(amount)),), at=AT))


def fail_inside_the_sale(monkeypatch, times: int, errcode: str = "serialization_failure") -> list[int]:
    """The sale's transaction is aborted by the server ``times`` times, after its number and its row were written."""
    store, failed = sales._store_lines, []

    def store_lines(*args, **kwargs):
        if len(failed) < times:
            failed.append(1)
            db.execute_sql(f"DO $$ BEGIN RAISE EXCEPTION 'raced' USING ERRCODE = '{errcode}'; END $$")
        return store(*args, **kwargs)

    monkeypatch.setattr(sales, "_store_lines", store_lines)
    return failed


@pytest.mark.parametrize("errcode", ["serialization_failure", "deadlock_detected"])
def test_a_sale_aborted_once_by_the_server_is_stored_once_unseen(shop, monkeypatch, errcode):
    failed = fail_inside_the_sale(monkeypatch, 1, errcode)
    result = sell(shop)
    assert failed == [1]
    assert (result.number, result.total, result.already_recorded) == ("K1-000001", Money(55000), False)
    assert [(s.number, s.total.minor) for s in Sale.select()] == [("K1-000001", 55000)]
    assert [line.description for line in SaleLine.select()] == ["Bolu Pandan"]
    assert [p.amount.minor for p in Payment.select()] == [55000]
    assert sell(shop).number == "K1-000002"  # the aborted try gave its number back: no gap


def test_a_sale_that_keeps_losing_is_refused_with_nothing_stored(shop, monkeypatch):
    failed = fail_inside_the_sale(monkeypatch, retries.ATTEMPTS)
    counters = list(TillCounter.select().tuples())
    with pytest.raises(DatabaseUnavailable, match="not stored"):
        sell(shop)
    assert len(failed) == retries.ATTEMPTS  # bounded: tried as often as allowed, then told
    assert Sale.select().count() == 0 and list(TillCounter.select().tuples()) == counters


def test_a_real_deadlock_with_another_connection_is_retried(shop, monkeypatch, empty_url):
    """Another session holds a product and then waits for this till's counter, while this sale, holding the
    counter, waits for that product: the server aborts the sale (its deadlock check runs first), the service
    sells again once the other session has given up."""
    other = psycopg.connect(empty_url, autocommit=False)
    other.execute("SET deadlock_timeout = '10s'")
    product = shop["ids"]["ROT-01"]
    assert sell(shop).number == "K1-000001"  # the till's counter row is there for both sessions to want
    store, tries, other_error = sales._store_lines, [], []

    def store_lines(*args, **kwargs):
        tries.append(1)
        if len(tries) == 1:
            db.execute_sql("SET LOCAL deadlock_timeout = '100ms'")
            other.execute("UPDATE product SET name = name WHERE id = %s", (product,))
            def wait_for_counter():
                try:
                    other.execute("UPDATE till_counter SET last_value = last_value WHERE till_id = 'K1'")
                except Exception as exc:
                    other_error.append(exc)
                other.rollback()
            waiting = threading.Thread(target=wait_for_counter)
            waiting.start()
            threading.Event().wait(0.2)  # the other session is waiting for the counter row now
            db.execute_sql("UPDATE product SET name = name WHERE id = %s", (product,))
        return store(*args, **kwargs)

    monkeypatch.setattr(sales, "_store_lines", store_lines)
    try:
        result = sell(shop)
    finally:
        other.close()
    assert len(tries) == 2 and other_error == [] and result.number == "K1-000002"
    assert [(s.number, s.total.minor) for s in Sale.select().order_by(Sale.id)] == [("K1-000001", 55000),
                                                                                    ("K1-000002", 55000)]
