"""Bring-them-back lists benchmark (not part of the test run).

    python tests/perf/bench_retention.py [--customers 100000] [--lines 1000000] [--runs 5]

A demo shop plus 100,000 customers and about 1,000,000 sale lines over three years, written straight into the
tables (a third of the sales are walk-ins; half of the rest come from 5,000 regulars, the others from anyone in
the book). Then, through the services:
the lapsed list, the RFM groups, word of mouth, and the monthly returning rate (targets: ≤ 1 s each); as a
baseline in the same run, one hand-written sqlite3 query that reads what they all start from (each customer's
sales), so the machine's noise can be judged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TODAY = dt.date(2026, 11, 26)


def build(path: Path, customers: int, lines: int) -> None:
    from pos.services import db
    from pos.services.demo import create_demo

    db.open_database("sqlite://" + path.as_posix())
    create_demo(seed=1)
    db.close_database()
    con = sqlite3.connect(path)
    rng = random.Random(7)
    tier = con.execute("SELECT id FROM price_tier WHERE code = 'retail'").fetchone()[0]
    first = con.execute("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0] + 1
    rows = []
    for i in range(customers):
        cid = first + i
        referred = first + rng.randrange(i) if i and rng.random() < 0.1 else None
        birthday = dt.date(1970 + rng.randrange(40), 1, 1) + dt.timedelta(days=rng.randrange(365))
        rows.append((cid, f"Pelanggan {i}", f"+62812{10_000_000 + i}", f"Y{i:07d}", tier, referred,
                     birthday.isoformat() if rng.random() < 0.3 else None, int(rng.random() < 0.6)))
    con.executemany("INSERT INTO customer (id, name, phone, member_code, tier_id, tier_set_by_hand, referred_by_id, "
                    "village, address, birthday, notes, promo_consent, promo_consent_source, active, created_at) "
                    "VALUES (?, ?, ?, ?, ?, 0, ?, '', '', ?, '', ?, '', 1, '2023-01-01 00:00:00')", rows)
    products = con.execute("SELECT id, name, retail_price FROM product").fetchall()
    cashier = con.execute("SELECT id FROM staff_user WHERE role = 'cashier'").fetchone()[0]
    sale_id = con.execute("SELECT COALESCE(MAX(id), 0) FROM sale").fetchone()[0]
    start = dt.datetime.combine(TODAY, dt.time()) - dt.timedelta(days=3 * 365)
    sales, sale_lines, written = [], [], 0
    while written < lines:
        sale_id += 1
        # two thirds known customers: half of them among 5,000 regulars, the rest anyone in the book
        customer = (first + (rng.randrange(5000) if rng.random() < 0.5 else rng.randrange(customers))
                    if rng.random() < 0.67 else None)
        at = start + dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))
        total = 0
        for position, (pid, name, retail) in enumerate(rng.sample(products, 3), start=1):
            qty = rng.randint(1, 4)
            total += qty * retail
            sale_lines.append((sale_id, position, pid, name, qty * 1000, retail, retail, qty * retail))
            written += 1
        sales.append((sale_id, f"B{sale_id:09d}", cashier, customer, at.strftime("%Y-%m-%d %H:%M:%S"), total,
                      total))
        if len(sale_lines) > 200_000:
            _flush(con, sales, sale_lines)
    _flush(con, sales, sale_lines)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def _flush(con, sales, sale_lines) -> None:
    con.executemany("INSERT INTO sale (id, number, till_id, kind, status, cashier_id, customer_id, created_at, "
                    "subtotal, total, discount_total, tax_total, rounding, note) "
                    "VALUES (?, ?, 'K1', 'sale', 'completed', ?, ?, ?, ?, ?, 0, 0, 0, '')", sales)
    con.executemany("INSERT INTO sale_line (sale_id, position, product_id, description, quantity, unit_price, "
                    "retail_price, price_source, discount, amount, is_bonus) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'retail', 0, ?, 0)", sale_lines)
    con.commit()
    sales.clear()
    sale_lines.clear()


def timed(work, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples) * 1000
    print(f"{name:52s} median {median:8.1f} ms   max {max(samples) * 1000:8.1f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="keep the generated database here (built when missing)")
    args = parser.parse_args()
    os.environ["POS_DATA_DIR"] = tempfile.mkdtemp()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.customers, args.lines)
        print(f"built {path} in {time.perf_counter() - started:.0f} s")
    con = sqlite3.connect(path)
    counts = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("customer", "sale", "sale_line")]
    print("customers {:,}, sales {:,}, sale lines {:,}".format(*counts))

    from pos.services import db
    from pos.services.retention import LIST_LIMIT, lapsed_customers, monthly_returning, referrers, rfm

    db.open_database("sqlite://" + path.as_posix())
    by_hand = ("SELECT customer_id, created_at, total FROM sale WHERE customer_id IS NOT NULL "
               "AND kind = 'sale' AND status = 'completed'")
    baseline = report("baseline: each customer's sales, by hand (sqlite3)",
                      timed(lambda: con.execute(by_hand).fetchall(), args.runs))
    found = {}
    def lapsed_and_shown():
        people = lapsed_customers(60, today=TODAY)
        return people, people[:LIST_LIMIT]  # what the window shows

    def rfm_and_largest():
        result = rfm(today=TODAY)
        largest = max(result.groups, key=lambda g: g.count)
        return result, result.people({largest.code})[:LIST_LIMIT]

    for name, work in (("lapsed list (away 60 days, or overdue), 500 shown", lapsed_and_shown),
                       ("RFM groups, the largest one's customers shown", rfm_and_largest),
                       ("word of mouth", referrers),
                       ("returning rate, 12 months", lambda: monthly_returning(12, today=TODAY))):
        found[name] = work()
        median = report(name, timed(work, args.runs))
        print(f"{'':52s} {median / baseline:5.1f}× the baseline; target ≤ 1000 ms: "
              f"{'met' if median <= 1000 else 'NOT met'}")
    lapsed, groups = found["lapsed list (away 60 days, or overdue), 500 shown"][0], found[
        "RFM groups, the largest one's customers shown"][0].groups
    print(f"lapsed: {len(lapsed):,} customers; RFM groups: " + ", ".join(f"{g.code} {g.count:,}" for g in groups))
    started = time.perf_counter()
    everyone = list(lapsed)
    print(f"every lapsed customer made (a campaign or an export): {(time.perf_counter() - started) * 1000:.0f} ms "
          f"for {len(everyone):,}")


if __name__ == "__main__":
    main()
