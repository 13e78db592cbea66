"""Till benchmarks (not part of the test run).

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_till.py [--runs 200] [--dir /dev/shm] [--no-start]

1. A scan's Enter to the repriced cart shown, on a shop with 20,000 products and
   300 active promotions (target: median ≤ 8 ms).
2. Completing a sale of 5 lines and 1 payment with a durable commit, against the
   same rows written by hand-written SQL through sqlite3 with the same pragmas in
   the same run, interleaved (target: ≤ 1.5×, with ``--dir /dev/shm`` where fsync
   is free and on a disk). The till priced the cart as it was scanned. The rows by
   hand hold the values a sale stores (names, costs, the cashier, the moment as
   text; checked after the runs); they skip what a checkout checks (the shift open,
   the cashier active, the pricing version), which ours folds into its counter's
   UPDATE.
   The same screen: a scan of a drink with options (Es Kopi Susu: size, sugar, ice, extras) to the
   options panel shown (issue #24; target: median ≤ 16 ms).
3. Cold start of `python -m pos` to the login screen, against an empty PySide6
   window in the same run (target: ≤ 1.3×). The login page shows before the
   database opens; the time until the database is open is reported too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_shop(url: str) -> None:
    from pos.models import Category, PriceTier, Product, TierPrice, db
    from pos.services import db as dbs
    from pos.services.demo import create_demo
    from pos.services.promotions import PromotionInput, save_promotion

    dbs.open_database(url)
    create_demo(seed=1)
    rng = random.Random(3)
    categories = [c.id for c in Category.select()]
    reseller = PriceTier.get(PriceTier.code == "reseller").id
    with db.atomic():
        rows = [dict(code=f"X{i:05d}", name=f"Produk uji {i}", category=rng.choice(categories),
                     retail_price=rng.randrange(5000, 200000, 500), barcode=f"2{i:012d}", grid_position=100 + i)
                for i in range(20_000 - 40)]
        for chunk in range(0, len(rows), 500):
            Product.insert_many(rows[chunk:chunk + 500]).execute()
        ids = [p.id for p in Product.select(Product.id)]
        tiers = [dict(product=pid, tier=reseller, min_qty=10_000, price=1000) for pid in ids[40:2040]]
        TierPrice.insert_many(tiers).execute()
        for i in range(300 - 7):
            kind = rng.choice(["buy_x_get_y", "discount", "threshold_gift", "markdown"])
            codes = [f"X{rng.randrange(19_960):05d}" for _ in range(3)]
            if kind == "buy_x_get_y":
                promo = PromotionInput(f"P{i}", kind, {"products": codes}, {"buy": 5, "get": 1})
            elif kind == "threshold_gift":
                promo = PromotionInput(f"P{i}", kind, {"min_total": 500000}, {"gift_products": codes[:1]})
            elif kind == "markdown":
                promo = PromotionInput(f"P{i}", kind, {"products": codes}, {"percent": 20}, hour_from=19)
            else:
                promo = PromotionInput(f"P{i}", kind, {"products": codes}, {"percent": 10})
            save_promotion(promo, time_zone="Asia/Jakarta", owner_pin="1234")  # the demo's owner


def bench_scan(runs: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from pos.money import Money
    from pos.services.staff import authenticate
    from pos.services.till import current_shift, open_shift
    from pos.ui.sale_screen import SaleScreen

    app = QApplication.instance() or QApplication([])
    cashier = authenticate("1111")
    shift = current_shift("K1") or open_shift("K1", cashier.id, Money(0))
    screen = SaleScreen("K1", cashier, shift.id)
    screen.show()
    rng = random.Random(5)
    samples = []
    for i in range(runs):
        if i % 10 == 0:
            screen.new_cart()
        screen.search.setText(f"2{rng.randrange(19_960):012d}")
        started = time.perf_counter()
        screen.scan()
        app.processEvents()
        samples.append(time.perf_counter() - started)
    return samples


def bench_options_panel(runs: int) -> list[float]:
    """A scan of a drink with options to its options panel shown, then Esc (the panel is made once, filled per scan)."""
    from PySide6.QtWidgets import QApplication

    from pos.services.staff import authenticate
    from pos.services.till import current_shift
    from pos.ui.sale_screen import SaleScreen

    app = QApplication.instance() or QApplication([])
    cashier = authenticate("1111")
    screen = SaleScreen("K1", cashier, current_shift("K1").id)
    screen.show()
    samples = []
    for _ in range(runs):
        screen.search.setText("KOP-05")
        started = time.perf_counter()
        screen.scan()
        app.processEvents()
        assert screen.options_panel.isVisible()
        samples.append(time.perf_counter() - started)
        screen.options_panel.reject()
        app.processEvents()
    return samples


def bench_checkout(runs: int, path: Path) -> tuple[list[float], list[float]]:
    """Our checkout and the same rows by hand, interleaved: a noisy machine slows both alike."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import Product
    from pos.money import Money, Quantity
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout
    from pos.services.staff import authenticate
    from pos.services.till import current_shift, open_shift

    cashier = authenticate("1111")
    shift = current_shift("K1") or open_shift("K1", cashier.id, Money(0))
    ids = [p.id for p in Product.select(Product.id).where(Product.code.startswith("ROT")).limit(5)]
    lines = tuple(CartLine(pid, Quantity.of(1)) for pid in ids)
    total = price(list(lines), None).cash_total  # the till priced the cart as it was scanned

    raw = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=wal", "synchronous=full", "foreign_keys=on", "busy_timeout=10000"):
        raw.execute(f"PRAGMA {pragma}")

    # the hand-written sale numbers from its own counter row, so that its UPDATE writes a row as ours does
    raw.execute("INSERT INTO till_counter (till_id, series, last_value) VALUES ('B', 'r', 0) "
                "ON CONFLICT (till_id, series) DO NOTHING")

    # the rows a checkout stores, as they are stored: the products' names and costs, the cashier on the drawer's
    # entry, the moment as text (the values a sale of ``lines`` writes: the last lines of each compared after the runs)
    book = {p.id: (p.name, p.retail_price.minor, p.cost.minor if p.cost is not None else None)
            for p in Product.select().where(Product.id.in_(ids))}

    def by_hand(n: int) -> None:
        at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(" ")
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE till_counter SET last_value = last_value + 1 WHERE till_id = 'B' AND series = 'r'")
        sale_id = raw.execute(
            "INSERT INTO sale (number, cart_id, till_id, shift_id, cashier_id, customer_id, created_at, subtotal, "
            "discount_total, tax_total, rounding, total, kind, status, note) VALUES (?, ?, 'K1', ?, ?, NULL, ?, ?, 0, "
            "0, 0, ?, 'sale', 'completed', '')",
            (f"B-{n}", uuid.uuid4().hex, shift.id, cashier.id, at, total.minor, total.minor)).lastrowid
        raw.executemany(
            "INSERT INTO sale_line (sale_id, position, product_id, description, quantity, unit_price, retail_price, "
            "price_source, discount, amount, is_bonus, promotion_id, cost) VALUES (?, ?, ?, ?, 1000, ?, ?, 'retail', "
            "0, ?, 0, NULL, ?)",
            [(sale_id, position, pid, book[pid][0], book[pid][1], book[pid][1], book[pid][1], book[pid][2])
             for position, pid in enumerate(ids, 1)])
        raw.execute("INSERT INTO payment (sale_id, method, amount, tendered, change, reference, created_at) VALUES "
                    "(?, 'cash', ?, NULL, 0, '', ?)", (sale_id, total.minor, at))
        raw.execute("INSERT INTO cash_entry (sale_id, shift_id, kind, amount, staff_id, created_at, note) VALUES "
                    "(?, ?, 'sale', ?, ?, ?, '')", (sale_id, shift.id, total.minor, cashier.id, at))
        raw.execute("COMMIT")

    ours, baseline = [], []
    for n in range(runs):
        request = CheckoutRequest(uuid.uuid4().hex, "K1", shift.id, cashier.id, lines, (Tender("cash", total),))
        started = time.perf_counter()
        checkout(request)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        by_hand(n)
        baseline.append(time.perf_counter() - started)
    same = ("SELECT product_id, description, quantity, unit_price, retail_price, price_source, discount, amount, "
            "is_bonus, promotion_id, cost FROM sale_line WHERE sale_id = (SELECT max(id) FROM sale WHERE number {} "
            "'B-%') ORDER BY position")
    assert raw.execute(same.format("LIKE")).fetchall() == raw.execute(same.format("NOT LIKE")).fetchall(), \
        "the hand-written lines differ from a sale's"
    raw.close()
    return ours, baseline


EMPTY_WINDOW = ("from PySide6.QtWidgets import QApplication, QWidget\napp = QApplication([])\nw = QWidget()\n"
                "w.show()\napp.processEvents()\n")
# what `python -m pos` does (pos.cli.main, pos.ui.app.run_window): the login page shows, then the database opens
LOGIN = ("import sys\nfrom PySide6.QtWidgets import QApplication\nfrom pos.i18n import set_language\n"
         "from pos.settings import MachineSettings\nfrom pos.ui.main_window import MainWindow\n"
         "set_language('id')\napp = QApplication([])\nw = MainWindow(sys.argv[1], MachineSettings.load())\n"
         "w.show()\napp.processEvents()\n")
READY = LOGIN + ("w.open_database()\napp.processEvents()\nassert w.login_page.title.text() != 'Langganan'\n"
                 "from pos.services import db\ndb.close_database()\n")


def bench_start(runs: int, url: str) -> tuple[list[float], list[float], list[float]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def timed(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)
        return time.perf_counter() - started

    empty, login, ready = [], [], []
    for _ in range(runs):  # interleaved: the machine's mood changes all three alike
        empty.append(timed(["-c", EMPTY_WINDOW]))
        login.append(timed(["-c", LOGIN, url]))
        ready.append(timed(["-c", READY, url]))
    return login, ready, empty


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples) * 1000
    print(f"{name:46s} median {median:8.3f} ms   p90 {sorted(samples)[int(len(samples) * 0.9)] * 1000:8.3f} ms"
          f"   (n={len(samples)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--dir", help="where the shop's file goes: /dev/shm (fsync free) or a disk (default: TMPDIR)")
    parser.add_argument("--no-start", action="store_true", help="leave the cold start out")
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        path = Path(tmp) / "shop.db"
        url = "sqlite://" + path.as_posix()
        build_shop(url)
        scan = report("scan → repriced cart shown (20k products, 300 promos)", bench_scan(runs))
        panel = report("scan → options panel shown (4 groups)", bench_options_panel(runs))
        print(f"  options panel target ≤ 16 ms: {panel:.1f} ms")
        ours, raw = bench_checkout(runs, path)
        a, b = report("checkout, 5 lines 1 payment (services)", ours), report("same rows by hand (sqlite3)", raw)
        print(f"  checkout ratio {a / b:.2f}× (target ≤ 1.5×); scan target ≤ 8 ms: {scan:.1f} ms")
        from pos.services import db

        db.close_database()
        if args.no_start:
            return
        login, ready, empty = bench_start(max(5, runs // 10), url)
        c, e = report("cold start to the login screen shown", login), report("  … and the database open", ready)
        d = report("empty PySide6 window", empty)
        print(f"  start ratio {c / d:.2f}× (target ≤ 1.3×); with the database open {e / d:.2f}×")


if __name__ == "__main__":
    main()
