"""Bring-them-back lists benchmark (not part of the test run).

    python tests/perf/bench_retention.py [--customers 100000] [--lines 3000000] [--runs 5] [--db FILE]

A demo shop plus 100,000 customers and about 3,000,000 sale lines (a million sales) over three years, written
straight into the tables by a few bulk SQL statements (a third of the sales are walk-ins; half of the rest come
from 5,000 regulars, the others from anyone in the book), then the visit summary rebuilt from them (`pos visits
--rebuild`, timed). Then, through the services: the lapsed list, the RFM groups, word of mouth and the monthly
returning rate (targets: ≤ 1 s each), each read from the visit summary and, as the baseline of the same run,
from the sales as before the summary (the summary set aside); and one hand-written sqlite3 query that reads what
the old way starts from (each customer's sales), so the machine's noise can be judged. Last, what keeping the
summary adds to a checkout: customer sales through the real checkout with and without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TODAY = dt.date(2026, 11, 26)
OWNER_PIN, CASHIER_PIN = "1234", "1111"  # the demo shop's


def _h(expr: str, multiplier: int, salt: int) -> str:
    """A deterministic pseudo-random integer in SQL (0 … 2^31-2) from an integer expression."""
    return f"(({expr}) * {multiplier} + {salt}) % 2147483647"


def build(path: Path, customers: int, lines: int) -> None:
    from pos.services import db
    from pos.services.demo import create_demo

    db.open_database("sqlite://" + path.as_posix())
    create_demo(seed=1)
    db.close_database()
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = off")
    tier = con.execute("SELECT id FROM price_tier WHERE code = 'retail'").fetchone()[0]
    first = con.execute("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0] + 1
    cashier = con.execute("SELECT id FROM staff_user WHERE role = 'cashier'").fetchone()[0]
    sale0 = con.execute("SELECT COALESCE(MAX(id), 0) FROM sale").fetchone()[0]
    start = int(dt.datetime.combine(TODAY, dt.time()).replace(tzinfo=dt.timezone.utc).timestamp()) - 3 * 365 * 86400
    count = lines // 3
    i = "n.i"
    # customers: one in ten names who brought them; three in ten a birthday; six in ten agreed to promotions
    con.execute(f"""
        INSERT INTO customer (id, name, phone, member_code, tier_id, tier_set_by_hand, referred_by_id, village,
                              address, birthday, notes, promo_consent, promo_consent_source, active, created_at)
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {customers - 1})
        SELECT {first} + i, 'Pelanggan ' || i, '+62812' || (10000000 + i), printf('Y%07d', i), {tier}, 0,
               CASE WHEN i > 0 AND {_h(i, 7919, 1)} % 10 = 0 THEN {first} + {_h(i, 104729, 3)} % i END, '', '',
               CASE WHEN {_h(i, 15485863, 5)} % 10 < 3
                    THEN date('1970-01-01', '+' || ({_h(i, 32452843, 7)} % 14600) || ' days') END,
               '', {_h(i, 49979687, 11)} % 10 < 6, '', 1, '2023-01-01 00:00:00' FROM n""")
    # sales: two thirds of a known customer (half of those among 5,000 regulars), at any second of three years
    known = f"{_h(i, 2654435761, 13)} % 100 < 67"
    regular = f"{_h(i, 40503, 17)} % 2 = 0"
    customer = (f"CASE WHEN {known} THEN {first} + CASE WHEN {regular} THEN {_h(i, 86028121, 19)} % 5000 "
                f"ELSE {_h(i, 67867967, 23)} % {customers} END END")
    con.execute(f"""
        INSERT INTO sale (id, number, till_id, kind, status, cashier_id, customer_id, created_at, subtotal, total,
                          discount_total, tax_total, rounding, note)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
        SELECT {sale0} + i, printf('B%09d', {sale0} + i), 'K1', 'sale', 'completed', {cashier}, {customer},
               datetime({start} + {_h(i, 179424673, 29)} % {3 * 365 * 86400}, 'unixepoch'), 0, 0, 0, 0, 0, ''
        FROM n""")
    con.execute("CREATE TEMP TABLE bench_product AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id, name, "
                "retail_price FROM product")
    products = con.execute("SELECT COUNT(*) FROM bench_product").fetchone()[0]
    con.execute(f"""
        INSERT INTO sale_line (sale_id, position, product_id, description, quantity, unit_price, retail_price,
                               price_source, discount, amount, is_bonus)
        SELECT s.id, l.position, p.id, p.name, 1000 * (1 + {_h("s.id + l.position", 7561, 31)} % 4), p.retail_price,
               p.retail_price, 'retail', 0, p.retail_price * (1 + {_h("s.id + l.position", 7561, 31)} % 4), 0
        FROM sale s CROSS JOIN (SELECT 1 AS position UNION ALL SELECT 2 UNION ALL SELECT 3) l
        JOIN bench_product p ON p.k = ({_h("s.id", 3571, 37)} + 5 * l.position) % {products}
        WHERE s.id > {sale0}""")
    con.execute(f"UPDATE sale SET subtotal = (SELECT SUM(amount) FROM sale_line WHERE sale_id = sale.id), "
                f"total = (SELECT SUM(amount) FROM sale_line WHERE sale_id = sale.id) WHERE id > {sale0}")
    con.execute("ANALYZE")
    con.commit()
    con.close()


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


def set_aside(on: bool) -> None:
    """The summary set aside (its offset not the shop's): the lists read the sales, as before it."""
    from pos.models import VisitSummaryState

    VisitSummaryState.update(offset_seconds=VisitSummaryState.offset_seconds + (1 if on else -1)).execute()


def checkout_cost(customers: int, sales: int, runs: int) -> None:
    """Customer sales through the real checkout, with the summary kept and with the keeping left out."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import Customer, Product, Shift
    from pos.money import Money, Quantity
    from pos.services import sales as sales_service
    from pos.services.pricing import price
    from pos.services.staff import authenticate
    from pos.services.till import open_shift

    cashier = authenticate(CASHIER_PIN).id
    shift = Shift.select(Shift.id).where((Shift.till_id == "K1") & (Shift.status == "open")).scalar() or open_shift(
        "K1", cashier, Money(0)).id  # a kept database has the shift of the last run
    product = Product.select(Product.id).order_by(Product.id).first().id
    people = [c for (c,) in Customer.select(Customer.id).order_by(Customer.id.desc()).limit(customers).tuples()]
    lines = (CartLine(product, Quantity.of(1)),)

    def sell_many():
        for k in range(sales):
            priced = price(list(lines), people[k % len(people)])
            sales_service.checkout(sales_service.CheckoutRequest(
                uuid.uuid4().hex, "K1", shift, cashier, lines, (Tender("cash", priced.cash_total),),
                people[k % len(people)], agreed=priced))

    kept, samples = sales_service.note_sale, {True: [], False: []}
    sell_many()  # warm
    try:
        for _ in range(runs):  # interleaved, so that the machine's moods fall on both
            for keep in (True, False):
                sales_service.note_sale = kept if keep else (lambda *a, **k: None)
                samples[keep] += timed(sell_many, 1)
    finally:
        sales_service.note_sale = kept
    with_summary = report(f"{sales} customer checkouts, summary kept", samples[True])
    without = report(f"{sales} customer checkouts, summary left out", samples[False])
    print(f"{'':52s} the summary adds {(with_summary - without) / sales * 1000:6.0f} µs a sale "
          f"({with_summary / without:4.2f}×; fsync dominates, see the next line)")
    from pos.models import Sale, db
    from pos.services.visits import note_sale

    recent = list(Sale.select(Sale.id, Sale.customer, Sale.total).where(Sale.customer.is_null(False))
                  .order_by(Sale.id.desc()).limit(sales).tuples())

    def keep_only():
        with db.atomic() as transaction:
            for sale_id, customer, amount in recent:
                note_sale(sale_id, customer, amount)
            transaction.rollback()

    alone = report(f"{len(recent)} summary updates alone (rolled back)", timed(keep_only, runs))
    print(f"{'':52s} {alone / len(recent) * 1000:6.0f} µs a sale (one read and one upsert by primary key)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkouts", type=int, default=200, help="customer sales per checkout sample")
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
    from pos.services.visits import rebuild

    db.open_database("sqlite://" + path.as_posix())
    started = time.perf_counter()
    rebuilt = rebuild(owner_pin=OWNER_PIN)
    print(f"visit summary rebuilt from the sales: {rebuilt.customers:,} customers in "
          f"{time.perf_counter() - started:.1f} s")
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
        set_aside(True)
        try:
            before = report(f"{name}: from the sales (before)", timed(work, args.runs))
            old = work()
        finally:
            set_aside(False)
        found[name] = work()
        median = report(f"{name}: from the summary (after)", timed(work, args.runs))
        same = _same(old, found[name])
        print(f"{'':52s} {before / median:5.1f}× faster, {median / baseline:5.1f}× the baseline; target ≤ 1000 ms: "
              f"{'met' if median <= 1000 else 'NOT met'}; same list: {same}")
    lapsed, groups = found["lapsed list (away 60 days, or overdue), 500 shown"][0], found[
        "RFM groups, the largest one's customers shown"][0].groups
    print(f"lapsed: {len(lapsed):,} customers; RFM groups: " + ", ".join(f"{g.code} {g.count:,}" for g in groups))
    started = time.perf_counter()
    everyone = list(lapsed)
    print(f"every lapsed customer made (a campaign or an export): {(time.perf_counter() - started) * 1000:.0f} ms "
          f"for {len(everyone):,}")
    checkout_cost(1000, args.checkouts, args.runs)


def _same(old, new) -> bool:
    if isinstance(old, tuple):  # (the whole result, what is shown)
        first = (list(old[0]) == list(new[0])) if hasattr(old[0], "__len__") else (
            old[0].groups == new[0].groups and list(old[0].people()) == list(new[0].people()))
        return first and old[1] == new[1]
    return old == new


if __name__ == "__main__":
    main()
