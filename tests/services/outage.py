"""For the outage tests: a throw-away PostgreSQL server of their own (stopped with ``pg_ctl stop -m immediate``,
never the shared one), and a till in a process of its own that sells through ``till_sale.sell`` and reports what
it showed as completed.

A till answers each order on its pipe (after ``("open", …)``, see ``till``): ``("stream", n)`` sells without a
pause until it has kept ``n`` sales in its outbox (the server is stopped meanwhile), reporting each sale as it
shows it (``("sold", …)``), then ``("streamed", kept)``; ``("forward",)`` runs the window's background check until
nothing waits, then ``("forwarded", sent)``.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

SHOP_MOMENT = dt.datetime(2026, 11, 28, 2, 30)  # the tests' shop clock (tests/conftest.py)


def postgresql_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb") + glob.glob("/usr/pgsql-*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A PostgreSQL server in a temporary folder on a free port (run by the postgres user when we are root)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="pos-outage-pg-"))
        self.port = _free_port()
        self.as_postgres: list[str] = []
        if os.name != "nt" and os.geteuid() == 0:
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        self.data, self.log = self.folder / "data", self.folder / "log"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.as_postgres, str(self.bin / program), *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop_immediately(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def remove(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def till(data_dir: str, till_id: str, seed: int, conn) -> None:
    """A till's program: started before the shop exists (its imports take a while), it waits for ``("open", url,
    shift, cashier, products, customer)``, then takes the orders of the module's docstring until the pipe closes
    (or it is killed)."""
    os.environ["POS_DATA_DIR"] = data_dir
    from pos.domain.cart import Cart
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Money, Quantity
    from pos.services import clock, connectivity, db, forwarding
    from pos.services.pricing import price
    from pos.services.till_sale import sell

    clock.set_now(SHOP_MOMENT, running=True)
    connectivity.sell_on_this_thread()
    order = conn.recv()
    if order is None:
        return
    _open, url, shift_id, cashier_id, product_ids, customer_id = order
    db.open_database(url)
    forwarding.tick(till_id)  # holds the whole price book, as the window's first check does
    rng = random.Random(seed)
    conn.send(("ready",))

    def one_sale() -> None:
        chosen = rng.sample(product_ids, rng.randint(1, 3))
        customer = customer_id if rng.random() < 0.3 else None
        cart = Cart(id=uuid.uuid4().hex, customer_id=customer,
                    lines=tuple(CartLine(pid, Quantity.of(rng.randint(1, 3))) for pid in chosen))
        priced = price(list(cart.lines), customer)
        if rng.random() < 0.5:
            tenders = (Tender("cash", priced.cash_total, Money(priced.cash_total.minor + rng.choice((0, 2000)))),)
        else:
            part = Money(priced.total.minor // 2)
            tenders = (Tender("qris", part), Tender("card" if rng.random() < 0.5 else "transfer", priced.total - part))
        done = sell(cart, tenders, till_id=till_id, shift_id=shift_id, cashier_id=cashier_id, cashier_name="Dita")
        cash = sum(t.amount.minor for t in tenders if t.method == "cash")
        stamps = sum(n for _promo, n in priced.stamps_earned) if customer else 0
        conn.send(("sold", done.number, done.kept_offline, done.total.minor, cash, len(priced.lines), stamps))

    while (order := conn.recv()) is not None:
        if order[0] == "stream":
            kept = 0
            while kept < order[1]:
                one_sale()
                kept = forwarding.status(till_id).waiting
            conn.send(("streamed", kept))
        elif order[0] == "forward":
            sent, deadline = 0, time.monotonic() + 60
            while time.monotonic() < deadline:
                state = forwarding.tick(till_id)
                sent += state.sent
                if not state.offline and not state.waiting:
                    break
                assert not state.problem, state.problem
                time.sleep(0.05)
            conn.send(("forwarded", sent, forwarding.status(till_id).waiting))
    db.close_database()
