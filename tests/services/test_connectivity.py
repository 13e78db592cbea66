"""Noticing the server (#21 item 6) on the tests' PostgreSQL server: the selling thread's limit, and a connection
cut under a till that comes back by itself (the server still answers: no outage, nothing kept offline)."""

from __future__ import annotations

import threading
import uuid

import pytest

from pos.domain.cart import Cart
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Sale, db as models_db
from pos.models.staff import CASHIER
from pos.money import Money, Quantity
from pos.services import connectivity, db, forwarding, outbox
from pos.services.pricing import price
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from pos.services.till_sale import sell
from tests.factories import make_product


@pytest.fixture
def server(make_pg_database):
    selling = connectivity._state["selling_thread"]
    connectivity.sell_on_this_thread()
    url = make_pg_database()
    db.open_database(url)
    yield url
    connectivity._state["selling_thread"] = selling
    connectivity.back_online()


def _setting(name: str) -> str:
    return models_db.execute_sql(f"SHOW {name}").fetchone()[0]


def test_the_selling_thread_gives_up_after_two_seconds_and_other_threads_do_not(server):
    assert _setting("statement_timeout") == "2s"
    seen = []
    worker = threading.Thread(target=lambda: (seen.append(_setting("statement_timeout")),
                                              db.close_thread_connection()))
    worker.start()
    worker.join()
    assert seen == ["0"]  # a long report on a worker thread runs to its end
    assert connectivity.pg_connect_options()["connect_timeout"] == 2


def test_a_connection_cut_under_the_till_is_made_again_and_the_sale_goes_to_the_server(server, make_pg_database):
    product = make_product(price=7500).id
    cashier = _add_staff("Dita", CASHIER, "1111").id
    shift = open_shift("K1", cashier, Money(0)).id

    def sale():
        cart = Cart(id=uuid.uuid4().hex, lines=(CartLine(product, Quantity.of(2)),))
        return sell(cart, (Tender("qris", Money(15000)),), till_id="K1", shift_id=shift, cashier_id=cashier)

    assert sale().number == "K1-000001"
    assert outbox.last_number("K1") == 1  # noted for a sale made offline later
    pid = models_db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    killer = threading.Thread(target=lambda: (models_db.execute_sql("SELECT pg_terminate_backend(%s)", (pid,)),
                                              db.close_thread_connection()))
    killer.start()
    killer.join()
    assert price([CartLine(product, Quantity.of(1))]).total == Money(7500)  # priced on a fresh connection
    killer = threading.Thread(target=lambda: (models_db.execute_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()"), db.close_thread_connection()))
    killer.start()
    killer.join()
    done = sale()
    assert (done.number, done.kept_offline, connectivity.offline()) == ("K1-000002", False, False)
    assert forwarding.status("K1").waiting == 0
    assert Sale.select().count() == 2


def test_what_needs_the_server_says_it_waits_when_the_server_stops_answering_not_a_raw_error(server):
    """Open bills, the print queue, the customer book (#21 gaps): a call the server does not answer within the
    limit is refused in words, the till goes offline, and the next call is refused before it is sent."""
    from pos.services.errors import DatabaseUnavailable
    from pos.services.offline_sale import OPEN_BILL

    calls = []

    @connectivity.needs_server(OPEN_BILL)
    def hung() -> None:
        calls.append(1)
        models_db.execute_sql("SELECT pg_sleep(3)")  # the selling thread's limit: 2 s

    with pytest.raises(DatabaseUnavailable, match="^Open bills are kept on the server, which is not answering"):
        hung()
    assert connectivity.offline() and calls == [1]
    with pytest.raises(DatabaseUnavailable, match="^Open bills are kept on the server"):
        hung()
    assert calls == [1]
