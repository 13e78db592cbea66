"""The till's program killed (SIGKILL: a power cut, the task manager) at random moments during a stream of sales
on SQLite, and started again each time: nothing shown as completed is lost, nothing is stored half, the file is
sound and the receipt numbers have no gap."""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import sys
import time

import pytest
from peewee import fn

from pos.models import CashEntry, Payment, Sale, SaleLine
from pos.services import db

KILLS = 40
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and a fork server are POSIX")]


def _collect(conn, shown: list[str]) -> bool:
    """Take every receipt number the till has shown so far; whether it said it was ready."""
    ready = False
    while True:
        try:
            if not conn.poll(0):
                return ready
            message = conn.recv()
        except (EOFError, OSError):
            return ready
        if message == "ready":
            ready = True
        else:
            shown.append(message)


@pytest.mark.parametrize("empty_url", ["sqlite"], indirect=True)
def test_sales_survive_forty_random_kills(make_shop, empty_url, tmp_path):
    url = empty_url
    shop = make_shop(100000)
    products = sorted(shop["ids"].values())[:12]
    db.close_database()

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pos.services.sales", "tests.services.sale_stream"])
    from tests.services.sale_stream import sell_until_killed

    rng = random.Random(18)
    shown: list[str] = []
    kills = 0
    deadline = time.monotonic() + 300
    while kills < KILLS:
        assert time.monotonic() < deadline, f"only {kills} kills in five minutes"
        ours, theirs = context.Pipe(duplex=False)
        till = context.Process(target=sell_until_killed,
                               args=(url, theirs, shop["shift"], shop["cashier"], products, rng.randrange(10**9)))
        till.start()
        theirs.close()
        if rng.random() < 0.15:  # now and then while it opens the database
            time.sleep(rng.uniform(0, 0.3))
        else:  # mostly in the middle of selling
            assert ours.poll(60), "the till did not start within a minute"
            time.sleep(rng.uniform(0.02, 0.4))
        assert till.is_alive(), f"the till stopped by itself (exit code {till.exitcode}) after {len(shown)} sales"
        till.kill()
        till.join(30)
        kills += 1
        _collect(ours, shown)
        ours.close()

    db.open_database(url)  # as the program starts after a crash: the quick check runs
    numbers = [s.number for s in Sale.select(Sale.number).order_by(Sale.id)]
    assert len(shown) >= KILLS, "the till sold too little between the kills to test anything"
    assert set(shown) <= set(numbers), f"shown as completed, then lost: {sorted(set(shown) - set(numbers))}"
    assert numbers == [f"K1-{n:06d}" for n in range(1, len(numbers) + 1)], "receipt numbers with a gap"
    for sale in Sale.select():
        lines = list(sale.lines)
        paid = sum(p.amount.minor for p in sale.payments)
        assert lines and paid == sale.total.minor, (sale.number, len(lines), paid, sale.total)
        assert sum(line.amount.minor for line in lines) == (sale.subtotal - sale.discount_total).minor, sale.number
        cash = sum(p.amount.minor for p in sale.payments if p.method == "cash")
        assert (CashEntry.select(fn.SUM(CashEntry.amount)).where(CashEntry.sale == sale.id).scalar() or 0) == cash
    assert SaleLine.select(fn.COUNT(fn.DISTINCT(SaleLine.sale))).scalar() == len(numbers)
    assert Payment.select(fn.COUNT(fn.DISTINCT(Payment.sale))).scalar() == len(numbers)
    db.close_database()
    with sqlite3.connect(tmp_path / "shop.db") as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
