"""Import benchmark (not part of the test run): rows per second, and how long a till's checkout waits meanwhile.

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_import.py [--customers 100000] [--products 20000]
        [--url postgresql://postgres@127.0.0.1:55432/postgres]

A demo shop; a CSV of new customers (name, phone, village, notes) and one of new products
(code, name, category, unit, price). While the customer file is imported, a second process,
the till, completes one-item cash sales one after another on the same database and notes how
long each took and which failed. Printed: rows per second of each import, the checkouts during
the import (count, failures, median and longest wait) and the longest time the import held the
write lock as the till saw it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST = ["Sari", "Rini", "Dewi", "Siti", "Ani", "Budi", "Joko", "Agus", "Eko", "Tini", "Wati", "Yanti", "Heru"]
LAST = ["Wulandari", "Saraswati", "Handayani", "Puspitasari", "Susanti", "Rahayu", "Setiawan", "Utomo"]


def customer_csv(n: int) -> bytes:
    rng = random.Random(7)
    prefixes = ["812", "813", "821", "822", "852", "853", "857", "878", "895", "896"]
    seen: set[str] = set()
    lines = ["nama;no hp;desa;catatan"]
    while len(lines) <= n:
        phone = f"0{rng.choice(prefixes)}{rng.randrange(10**7, 10**8)}"
        if phone in seen:
            continue
        seen.add(phone)
        lines.append(f"{rng.choice(FIRST)} {rng.choice(LAST)};{phone};{rng.choice(['Kledung', 'Bansari'])};"
                     f"{rng.choice(['', 'langganan roti', 'pesan kue ulang tahun'])}")
    return ("\n".join(lines) + "\n").encode()


def product_csv(n: int) -> bytes:
    lines = ["kode;nama;kategori;satuan;harga_ecer"]
    lines += [f"BNC-{i:06d};Barang {i};Gudang {i % 20};pcs;{1000 + i % 5000}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def till(url: str, ready, stop, out) -> None:
    """Sell one Roti at a time until told to stop; (started, seconds, failed) per checkout."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import Product
    from pos.money import Money, Quantity
    from pos.services import db as dbs
    from pos.services.errors import PosError
    from pos.services.sales import CheckoutRequest, checkout
    from pos.services.staff import authenticate
    from pos.services.till import current_shift, open_shift

    dbs.open_database(url)
    cashier = authenticate("1111")
    shift = current_shift("B1") or open_shift("B1", cashier.id, Money(0))
    product = Product.get(Product.code == "ROT-05")
    samples = []
    ready.set()
    while not stop.is_set():
        started = time.perf_counter()
        failed = False
        try:
            checkout(CheckoutRequest(uuid.uuid4().hex, "B1", shift.id, cashier.id,
                                     (CartLine(product.id, Quantity.of(1)),), (Tender("cash", Money(6000)),)))
        except PosError:
            failed = True
        samples.append((started, time.perf_counter() - started, failed))
        time.sleep(0.05)
    dbs.close_database()
    out.put(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        url = args.url or "sqlite://" + (Path(tmp) / "shop.db").as_posix()
        from pos.services import db as dbs
        from pos.services.customer_files import import_customers
        from pos.services.demo import create_demo
        from pos.services.product_files import import_products

        if args.url:  # a fresh database on the server, dropped at the end
            url = fresh_pg_database(args.url)
        dbs.open_database(url)
        create_demo(seed=1)
        if args.products:
            data = product_csv(args.products)
            started = time.perf_counter()
            result = import_products(data, owner_pin="1234")  # the demo owner
            took = time.perf_counter() - started
            print(f"products  {result.created:>8,} rows in {took:7.2f} s  = {result.created / took:9,.0f} rows/s")
        data = customer_csv(args.customers)
        ctx = mp.get_context("spawn")
        ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
        seller = ctx.Process(target=till, args=(url, ready, stop, out))
        seller.start()
        ready.wait(60)
        time.sleep(1)
        started = time.perf_counter()
        result = import_customers(data, owner_pin="1234")
        finished = time.perf_counter()
        time.sleep(1)
        stop.set()
        samples = out.get(timeout=120)
        seller.join()
        took = finished - started
        print(f"customers {result.added:>8,} rows in {took:7.2f} s  = {result.added / took:9,.0f} rows/s")
        during = [(t, s, f) for t, s, f in samples if started - 0.01 <= t <= finished]
        waits = [s for _t, s, _f in during]
        failed = sum(f for _t, _s, f in during)
        if waits:
            print(f"checkouts during the import: {len(waits)}, failed {failed}, "
                  f"median {statistics.median(waits) * 1000:.0f} ms, longest {max(waits) * 1000:.0f} ms")
        else:
            print("checkouts during the import: none started (the till was blocked the whole time)")
        after = [s for t, s, _f in samples if t > finished]
        if after:
            print(f"checkouts after: median {statistics.median(after) * 1000:.0f} ms")
        dbs.close_database()
        if args.url:
            drop_pg_database(args.url, url)


def fresh_pg_database(server: str) -> str:
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    name = f"pos_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server)._replace(path="/" + name))


def drop_pg_database(server: str, url: str) -> None:
    import psycopg
    from urllib.parse import urlsplit

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')


if __name__ == "__main__":
    main()
