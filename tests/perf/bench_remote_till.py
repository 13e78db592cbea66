"""A till on a PostgreSQL server across a slow network (not part of the test run).

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_remote_till.py [--runs 40] [--ms 20] [--pg URL]

The demo shop in a database of its own on the server (POS_TEST_PG_URL, default the tests' server at
127.0.0.1:55432; dropped afterwards), measured twice in the same run: connected directly, then through a
loopback proxy that adds ``--ms`` to each round trip (tests/perf/latency_proxy.py):

1. checkout of a 4-line cash sale the till priced as it was scanned (target through the proxy: ≤ 200 ms), for a
   walk-in and for a regular of the book (their facts, visit summary and regular rule kept with the sale);
2. a keystroke in the customer box → the list of matches (target: ≤ 60 ms);
3. a scan's Enter → the repriced cart shown on the till's screen (target: unchanged from the direct figure).

The proxy's count of requests forwarded is reported per action: the round trips it made.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency_proxy import LatencyProxy  # noqa: E402

CODES = ("ROT-01", "KUE-01", "ROT-05", "KUE-02", "CML-01", "ROT-03")
TYPED = ("Si", "Sit", "Siti", "Bu", "Bu A", "Pak", "Pak B", "081", "0812", "Dew", "Rin", "Wa")


def timed(action, runs: int, proxy: LatencyProxy | None) -> tuple[list[float], float]:
    samples, trips = [], 0
    for i in range(runs):
        before = proxy.round_trips if proxy else 0
        started = time.perf_counter()
        action(i)
        samples.append(time.perf_counter() - started)
        trips += (proxy.round_trips - before) if proxy else 0
    return samples, trips / runs


def measure(runs: int, proxy: LatencyProxy | None) -> dict[str, tuple[list[float], float]]:
    from PySide6.QtWidgets import QApplication

    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import Customer, Product
    from pos.money import Money, Quantity
    from pos.services.customers import search_customers
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout
    from pos.services.staff import authenticate
    from pos.services.till import current_shift, open_shift
    from pos.ui.sale_screen import SaleScreen

    app = QApplication.instance() or QApplication([])
    cashier = authenticate("1111")
    shift = current_shift("K1") or open_shift("K1", cashier.id, Money(0))
    ids = {p.code: p.id for p in Product.select(Product.code, Product.id).where(Product.code.in_(CODES))}
    screen = SaleScreen("K1", cashier, shift.id)  # the till's screen: it lets a recent pricing version stand
    screen.show()

    regulars = [c for (c,) in Customer.select(Customer.id).where(Customer.active == True)  # noqa: E712
                .order_by(Customer.id).limit(runs).tuples()]

    def sell(i: int, customer: int | None = None, into: list[float] | None = None) -> None:
        lines = tuple(CartLine(ids[code], Quantity.of(1 + (i + n) % 3)) for n, code in enumerate(CODES[:4]))
        shown = price(list(lines), customer)  # the till priced it as it was scanned: not timed
        request = CheckoutRequest(uuid.uuid4().hex, "K1", shift.id, cashier.id, lines,
                                  (Tender("cash", shown.cash_total),), customer)
        started = time.perf_counter()
        checkout(request)
        (sold if into is None else into).append(time.perf_counter() - started)

    def keystroke(i: int) -> None:
        search_customers(TYPED[i % len(TYPED)])

    def scan(i: int) -> None:
        if i % 6 == 0:
            screen.new_cart()
        screen.search.setText(CODES[i % len(CODES)])
        screen.scan()
        app.processEvents()

    keystroke(0), scan(0), screen.new_cart()  # the screen was open before: the settings and price book loaded
    sold: list[float] = []
    before = proxy.round_trips if proxy else 0
    for i in range(runs):
        sell(i)
    sales_trips = ((proxy.round_trips - before) / runs) if proxy else 0.0
    regular: list[float] = []
    before = proxy.round_trips if proxy else 0
    for i in range(runs):
        sell(i, regulars[i % len(regulars)], regular)
    regular_trips = ((proxy.round_trips - before) / runs) if proxy else 0.0  # their facts read when priced too
    # what a checkout sent: the till's pricing before it (not timed) sends nothing while the version is recent
    results = {"checkout": (sold, sales_trips), "checkout, a regular": (regular, regular_trips),
               "keystroke → list": timed(keystroke, runs, proxy),
               "scan → cart shown": timed(scan, runs, proxy)}
    screen.close()
    return results


def report(name: str, samples: list[float], trips: float | None = None) -> float:
    median = statistics.median(samples) * 1000
    p90 = sorted(samples)[int(len(samples) * 0.9)] * 1000
    extra = f"   round trips {trips:.1f}" if trips is not None else ""
    print(f"{name:40s} median {median:8.2f} ms   p90 {p90:8.2f} ms{extra}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--ms", type=float, default=20)
    parser.add_argument("--pg", default=os.environ.get("POS_TEST_PG_URL",
                                                       "postgresql://postgres@127.0.0.1:55432/postgres"))
    args = parser.parse_args()
    import tempfile

    import psycopg

    os.environ["POS_DATA_DIR"] = tempfile.mkdtemp(prefix="pos-bench-remote-")
    from pos.services import db
    from pos.services.demo import create_demo

    name = f"pos_bench_remote_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(args.pg)
    admin = psycopg.connect(args.pg, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        direct = urlunsplit(parts._replace(path="/" + name))
        db.open_database(direct)
        create_demo(seed=1)
        local = measure(args.runs, None)
        db.close_database()
        proxy = LatencyProxy((parts.hostname or "127.0.0.1", parts.port or 5432), args.ms / 1000)
        with proxy as port:
            far = urlunsplit(parts._replace(path="/" + name, netloc=_netloc(parts, port)))
            db.open_database(far)
            remote = measure(args.runs, proxy)
            db.close_database()
        print(f"direct to the server, then through a proxy adding {args.ms:g} ms a round trip ({args.runs} runs):")
        targets = {"checkout": "≤ 200 ms", "checkout, a regular": "≤ 200 ms", "keystroke → list": "≤ 60 ms",
                   "scan → cart shown": "≈ direct"}
        for what in local:
            a = report(f"{what} (direct)", local[what][0])
            b = report(f"{what} (+{args.ms:g} ms)", *remote[what])
            print(f"  {what}: {b:.1f} ms through the proxy, {a:.1f} ms direct (target {targets[what]})")
    finally:
        db.close_database()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _netloc(parts, port: int) -> str:
    user = f"{parts.username}{':' + parts.password if parts.password else ''}@" if parts.username else ""
    return f"{user}127.0.0.1:{port}"


if __name__ == "__main__":
    main()
