"""Recap and report benchmark (not part of the test run).

    python tests/perf/bench_recap.py [--years 3] [--runs 20]

A demo shop with three years of sales written straight into the tables (about 1,000,000
sale lines), then: the whole recap of one day through the service (target: median ≤ 50 ms,
and within 2× of the same figures computed by hand-written SQL through sqlite3 on the same
database, in the same run; the two are checked to agree first), and a month's period report
(target ≤ 1 s).
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


def build(path: Path, years: int) -> int:
    from pos.services import db
    from pos.services.demo import create_demo

    db.open_database("sqlite://" + path.as_posix())
    create_demo(seed=1)
    db.close_database()
    con = sqlite3.connect(path)
    products = con.execute("SELECT id, name, retail_price FROM product").fetchall()
    customers = [r[0] for r in con.execute("SELECT id FROM customer")]
    cashier = con.execute("SELECT id FROM staff_user WHERE role = 'cashier'").fetchone()[0]
    rng = random.Random(7)
    start = dt.datetime(2026, 11, 26, 0, 0) - dt.timedelta(days=365 * years)
    sale_id = con.execute("SELECT COALESCE(MAX(id), 0) FROM sale").fetchone()[0]
    lines = 0
    sales, sale_lines, payments = [], [], []
    for day in range(365 * years):
        for n in range(330):
            sale_id += 1
            at = start + dt.timedelta(days=day, hours=rng.randint(0, 11), minutes=rng.randint(0, 59),
                                      seconds=n % 60)
            items = rng.sample(products, 3)
            total = 0
            for position, (pid, name, retail) in enumerate(items, start=1):
                qty = rng.randint(1, 4)
                amount = qty * retail
                total += amount
                sale_lines.append((sale_id, position, pid, name, qty * 1000, retail, retail, "retail", 0, amount, 0))
                lines += 1
            at_text = at.strftime("%Y-%m-%d %H:%M:%S")
            customer = rng.choice(customers) if rng.random() < 0.5 else None
            sales.append((sale_id, f"B{sale_id:09d}", "K1", "sale", "completed", cashier, customer, at_text, total,
                          total))
            payments.append((sale_id, rng.choice(("cash", "qris", "transfer")), total, at_text))
        if len(sale_lines) > 200_000:
            _flush(con, sales, sale_lines, payments)
    _flush(con, sales, sale_lines, payments)
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return lines


def _flush(con, sales, sale_lines, payments) -> None:
    con.executemany("INSERT INTO sale (id, number, till_id, kind, status, cashier_id, customer_id, created_at, "
                    "subtotal, total, discount_total, tax_total, rounding, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '')", sales)
    con.executemany("INSERT INTO sale_line (sale_id, position, product_id, description, quantity, unit_price, "
                    "retail_price, price_source, discount, amount, is_bonus) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sale_lines)
    con.executemany("INSERT INTO payment (sale_id, method, amount, change, reference, created_at) "
                    "VALUES (?, ?, ?, 0, '', ?)", payments)
    con.commit()
    sales.clear()
    sale_lines.clear()
    payments.clear()


BY_HAND = (
    "SELECT COUNT(*), SUM(total), SUM(tax_total), SUM(rounding) FROM sale WHERE created_at >= ? AND created_at < ?",
    "SELECT SUM((l.quantity * l.retail_price + 500) / 1000), SUM(l.discount), SUM(l.amount) FROM sale_line l "
    "JOIN sale s ON s.id = l.sale_id WHERE s.created_at >= ? AND s.created_at < ?",
    "SELECT p.method, SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id "
    "WHERE s.created_at >= ? AND s.created_at < ? GROUP BY p.method",
    "SELECT l.description, c.name, SUM(l.quantity), SUM(l.amount) FROM sale_line l JOIN sale s ON s.id = l.sale_id "
    "JOIN product p ON p.id = l.product_id JOIN category c ON c.id = p.category_id "
    "WHERE s.created_at >= ? AND s.created_at < ? GROUP BY l.description, c.name",
    "SELECT strftime('%H', created_at), COUNT(*), SUM(total) FROM sale WHERE created_at >= ? AND created_at < ? "
    "GROUP BY 1",
    "SELECT t.name, COUNT(*), SUM(s.total) FROM sale s LEFT JOIN customer c ON c.id = s.customer_id "
    "LEFT JOIN price_tier t ON t.id = c.tier_id WHERE s.created_at >= ? AND s.created_at < ? GROUP BY t.name",
    "SELECT s.customer_id, COUNT(*), SUM(s.total), EXISTS (SELECT 1 FROM sale e "
    "WHERE e.customer_id = s.customer_id AND e.created_at < ?1) FROM sale s WHERE s.created_at >= ?1 "
    "AND s.created_at < ?2 AND s.customer_id IS NOT NULL GROUP BY s.customer_id",
    "SELECT SUM(amount) FROM kasbon_entry WHERE created_at >= ? AND created_at < ?",
    "SELECT SUM(amount) FROM deposit_entry WHERE created_at >= ? AND created_at < ?",
)


def agree(r, hand: list[list[tuple]]) -> None:
    """The service's figures are the hand-written SQL's (this shop: sales only, no free items, Jakarta's UTC+7)."""
    (count, total, tax, rounding), = hand[0]
    assert (r.sales_count, r.sales_total.minor, r.tax.minor, r.rounding.minor) == (count, total, tax, rounding)
    (retail, discounts, amount), = hand[1]
    assert (r.gross_retail.minor, r.discounts.minor) == (retail, discounts)
    assert sum(i.amount.minor for i in r.items) == amount
    assert sorted((m, a.minor) for m, a in r.by_method) == sorted(hand[2])
    assert sorted((i.product, i.category, i.quantity.thousandths, i.amount.minor) for i in r.items) == sorted(hand[3])
    assert [(f.label, f.count, f.amount.minor) for f in r.by_hour] == sorted(
        (f"{(int(h) + 7) % 24:02d}:00", n, a) for h, n, a in hand[4])
    assert sorted((f.count, f.amount.minor) for f in r.by_tier) == sorted((n, a) for _t, n, a in hand[5])
    assert (r.new_customers, r.returning_customers) == (sum(not c[3] for c in hand[6]), sum(c[3] for c in hand[6]))


def timed(work, runs: int) -> list[float]:
    work()
    samples = []
    for _n in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(f"{name:55s} median {median:8.2f} ms   p90 {sorted(samples)[int(len(samples) * 0.9) - 1]:8.2f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        path = Path(tmp) / "shop.db"
        began = time.perf_counter()
        lines = build(path, args.years)
        print(f"{lines:,} sale lines written in {time.perf_counter() - began:.0f} s")
        from pos.services import db
        from pos.services.recap import day_recap
        from pos.services.reports import period_report

        db.open_database("sqlite://" + path.as_posix())
        day = dt.date(2026, 11, 20)
        start = dt.datetime(2026, 11, 19, 17, 0).strftime("%Y-%m-%d %H:%M:%S")
        end = dt.datetime(2026, 11, 20, 17, 0).strftime("%Y-%m-%d %H:%M:%S")
        raw = sqlite3.connect(path)

        def by_hand():
            return [raw.execute(sql, (start, end)).fetchall() for sql in BY_HAND]

        agree(day_recap(day), by_hand())

        a = report("recap of one day, every section (service)", timed(lambda: day_recap(day), args.runs))
        b = report("  the same figures by hand-written SQL (sqlite3)", timed(by_hand, args.runs))
        print(f"  ratio {a / b:.2f}× (target ≤ 2×); target median ≤ 50 ms: {a:.1f} ms")
        c = report("a month's period report (by day)", timed(lambda: period_report(dt.date(2026, 10, 1),
                                                                                    dt.date(2026, 10, 31)),
                                                              max(3, args.runs // 4)))
        print(f"  target ≤ 1000 ms: {c:.0f} ms")


if __name__ == "__main__":
    main()
