"""Selling through an outage (#21 item 6), on a PostgreSQL server of the test's own: two till processes sell a
stream; the server is stopped (``pg_ctl stop -m immediate``) in the middle; each till keeps 50 more sales in its
outbox; the server starts again and the tills forward them. Every sale a till showed as completed is then on the
server exactly once, with its lines, payments and stamps, the numbers gap-free per till, and each shift's cash the
sum of its cash sales. Then again with a till killed (SIGKILL) while it forwards."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest
from peewee import fn

from pos.models import CashEntry, Payment, Sale, SaleLine, StampEntry
from pos.models.staff import CASHIER
from pos.money import Money
from pos.services import db
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from tests.factories import make_category, make_customer, make_product, owner_pin
from tests.services.outage import Cluster, postgresql_bin, till

OFFLINE_SALES = 50  # kept by each till while the server is down (the number)
KILLED_STREAM = 20  # the repeat, with a till killed while it forwards them
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and a fork server are POSIX")


@pytest.fixture(scope="module")
def cluster():
    bin_dir = postgresql_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("the outage tests need PostgreSQL's server programs (initdb, pg_ctl)")
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    server = Cluster(bin_dir)
    server.start()
    yield server
    server.remove()


def _shop(url: str) -> dict:
    """A small shop on the test's server: a stamp card on coffee, a regular, a cashier, shifts at K1 and K2."""
    db.open_database(url)
    coffee = make_category("Kopi")
    products = [make_product(price=p, category_id=coffee, code=f"KOP-0{n}").id
                for n, p in enumerate((12000, 18000, 25000), start=1)]
    products += [make_product(price=p).id for p in (5000, 7500, 31000)]
    save_promotion(PromotionInput("Kartu stempel", "stamp_card", {"categories": ["Kopi"]},
                                  {"stamps_per_item": 1, "stamps_needed": 1000,
                                   "reward_product": "KOP-01"}), time_zone="Asia/Jakarta", owner_pin=owner_pin())
    regular = make_customer("Siti Rahayu", "081234567890").id
    cashier = _add_staff("Dita", CASHIER, "1111").id
    shifts = {t: open_shift(t, cashier, Money(100000)).id for t in ("K1", "K2")}
    db.close_database()
    return {"products": products, "customer": regular, "cashier": cashier, "shifts": shifts}


class Tills:
    def __init__(self, url: str, folder) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["pos.services.till_sale", "pos.services.forwarding",
                                             "tests.services.outage"])
        self.url, self.folder, self.shop = url, folder, {}
        self.pipes, self.processes = {}, {}
        self.shown: dict[str, list[tuple]] = {"K1": [], "K2": []}

    def spawn(self, till_id: str, seed: int, name: str = "") -> None:
        """The till's program on this computer (its data folder: its outbox), under ``name`` (default its id)."""
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=till, daemon=True, args=(str(self.folder / till_id), till_id, seed,
                                                                          theirs))
        process.start()
        theirs.close()
        self.pipes[name or till_id], self.processes[name or till_id] = ours, process

    def open(self, till_id: str) -> None:
        shop = self.shop
        self.pipes[till_id].send(("open", self.url, shop["shifts"][till_id], shop["cashier"], shop["products"],
                                  shop["customer"]))
        assert self.answer(till_id, "ready", 60)

    def answer(self, till_id: str, word: str, seconds: float):
        """The till's next answer other than a sale (the sales it shows are collected on the way)."""
        pipe, deadline = self.pipes[till_id], time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not pipe.poll(max(0.0, deadline - time.monotonic())):
                break
            message = pipe.recv()
            if message[0] == "sold":
                self.shown[till_id].append(message[1:])
            else:
                assert message[0] == word, message
                return message
        raise TimeoutError(f"{till_id} did not say {word!r} in {seconds} s")

    def collect(self, till_id: str) -> None:
        pipe = self.pipes[till_id]
        while pipe.poll(0):
            message = pipe.recv()
            assert message[0] == "sold", message
            self.shown[till_id].append(message[1:])

    def kill(self, till_id: str) -> None:
        self.processes[till_id].kill()
        self.processes[till_id].join(10)
        try:
            self.collect(till_id)
        except (EOFError, OSError):
            pass
        self.pipes[till_id].close()

    def close(self) -> None:
        for till_id, pipe in self.pipes.items():
            if self.processes[till_id].is_alive():
                pipe.send(None)
                self.processes[till_id].join(10)
                if self.processes[till_id].is_alive():
                    self.processes[till_id].kill()


def _stored(url: str, till_id: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM sale WHERE till_id = %s", (till_id,)).fetchone()[0]


def _outage(server: Cluster, tills: Tills, offline: int, kill: str | None = None) -> None:
    """A stream at both tills, the server stopped in its middle, ``offline`` kept sales each, the server back,
    forwarded (``kill``: that till is killed once the server has the first of its kept sales, and started
    again)."""
    before = {t: len(tills.shown[t]) for t in ("K1", "K2")}
    for pipe in tills.pipes.values():
        pipe.send(("stream", offline))
    deadline = time.monotonic() + 30
    while min(len(tills.shown[t]) - before[t] for t in ("K1", "K2")) < 5:  # the stream is under way
        assert time.monotonic() < deadline, "the tills did not sell"
        for t in ("K1", "K2"):
            tills.collect(t)
        time.sleep(0.005)
    server.stop_immediately()
    for t in ("K1", "K2"):
        assert tills.answer(t, "streamed", 60)[1] == offline
    assert all(sum(1 for s in tills.shown[t][before[t]:] if s[1]) == offline for t in ("K1", "K2"))
    server.start()
    online = _stored(server.url, kill) if kill is not None else 0
    for pipe in tills.pipes.values():
        pipe.send(("forward",))
    if kill is not None:
        tills.spawn(kill, seed=99, name="next")  # the program started again after the kill (imports loading)
        deadline = time.monotonic() + 30
        while _stored(server.url, kill) == online:
            assert time.monotonic() < deadline, "the till forwarded nothing"
            time.sleep(0.002)
        tills.kill(kill)
        assert 1 <= _stored(server.url, kill) - online < offline, "killed after forwarding, not during it"
        tills.pipes[kill], tills.processes[kill] = tills.pipes.pop("next"), tills.processes.pop("next")
        tills.open(kill)
        tills.pipes[kill].send(("forward",))
    for t in ("K1", "K2"):
        assert tills.answer(t, "forwarded", 60)[2] == 0  # nothing waits


def _check(url: str, tills: Tills, shop: dict) -> int:
    """Everything shown is on the server once, as shown; numbers gap-free; shift cash the sum of cash sales."""
    db.open_database(url)
    try:
        stored = {s.number: s for s in Sale.select()}
        for till_id in ("K1", "K2"):
            shown = tills.shown[till_id]
            numbers = [s[0] for s in shown]
            assert len(numbers) == len(set(numbers)), f"{till_id} showed a number twice"
            assert set(numbers) <= stored.keys(), f"shown, not stored: {sorted(set(numbers) - stored.keys())}"
            mine = sorted(n for n in stored if n.startswith(till_id + "-"))
            assert mine == [f"{till_id}-{n:06d}" for n in range(1, len(mine) + 1)], "a gap in the numbers"
            assert set(mine) == set(numbers), "a sale on the server that the till did not show"
            for number, _offline, total, cash, lines, stamps in shown:
                sale = stored[number]
                assert sale.total.minor == total, number
                assert SaleLine.select().where(SaleLine.sale == sale.id).count() == lines, number
                paid = Payment.select(fn.SUM(Payment.amount)).where(Payment.sale == sale.id).scalar()
                assert paid == total, number
                earned = StampEntry.select(fn.SUM(StampEntry.earned)).where(StampEntry.sale == sale.id).scalar()
                assert (earned or 0) == stamps, number
            drawer = (CashEntry.select(fn.SUM(CashEntry.amount))
                      .where((CashEntry.shift == shop["shifts"][till_id]) & (CashEntry.kind == "sale")).scalar())
            assert (drawer or 0) == sum(s[3] for s in shown), f"{till_id}: the shift's cash is not the sum"
        return len(stored)
    finally:
        db.close_database()


def test_two_tills_sell_through_an_outage_and_a_kill_while_forwarding(cluster, tmp_path):
    tills = Tills(cluster.url, tmp_path)
    try:
        tills.spawn("K1", seed=1)
        tills.spawn("K2", seed=2)
        tills.shop = shop = _shop(cluster.url)  # while the tills load their program
        tills.open("K1")
        tills.open("K2")
        _outage(cluster, tills, OFFLINE_SALES)
        first = _check(cluster.url, tills, shop)
        assert first >= 2 * (OFFLINE_SALES + 5)
        _outage(cluster, tills, KILLED_STREAM, kill="K2")
        assert _check(cluster.url, tills, shop) >= first + 2 * (KILLED_STREAM + 5)
    finally:
        tills.close()
