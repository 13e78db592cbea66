"""Four tills selling at once on one PostgreSQL server (not part of the test run).

    python tests/perf/bench_load.py [--tills 4] [--sales 500] [--pg URL]

The demo shop in a database of its own on the server (POS_TEST_PG_URL, default the tests' server at
127.0.0.1:55432; dropped afterwards) with twelve regulars who buy at every till at once: paying cash, QRIS, on
kasbon and from their deposit, and taking their stamp card's reward whenever the till offers it. Each till is a
process of its own (its own connection), K1…K4 with a shift each; all start at one barrier.

Afterwards it checks what the tills were told against what the server holds: every sale a till showed as
completed stored once, with one stamp entry when it earned or used stamps, one kasbon or deposit entry when paid
so; no stamp card below zero, no kasbon over its limit, no deposit below zero; each till's numbers gap-free; and no
sale refused because the database lost a race (a deadlock or serialization failure the service did not retry
away). Refusals a cashier may see at a busy shop (the card was just used at another till; the deposit is spent)
are counted, not errors. Reports sales per second and the checkout's median and 95th percentile.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
REGULARS = 12
CODES = ("ROT-01", "ROT-05", "KUE-01", "CML-01", "ROT-03", "KUE-02")


def _till(url: str, till: str, sales: int, start, seed: int, out) -> None:
    os.environ["POS_DATA_DIR"] = tempfile.mkdtemp(prefix=f"pos-load-{till}-")
    from pos.domain.pricing import CartLine, Selections
    from pos.domain.till import Tender
    from pos.models import Customer, Product
    from pos.money import Quantity
    from pos.services import db
    from pos.services.errors import DatabaseUnavailable, PosError
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout
    from pos.services.staff import authenticate
    from pos.services.till import current_shift

    db.open_database(url)
    cashier = authenticate("1111")
    shift = current_shift(till)
    ids = [p.id for p in Product.select(Product.id).where(Product.code.in_(CODES))]
    regulars = [c.id for c in Customer.select(Customer.id).where(Customer.name.startswith("Langganan "))]
    rng = random.Random(seed)
    done, refused, lost, times = [], {}, [], []
    start.wait()
    began = time.perf_counter()
    for _n in range(sales):
        customer = rng.choice(regulars) if rng.random() < 0.8 else None
        lines = tuple(CartLine(pid, Quantity.of(rng.randint(1, 3))) for pid in rng.sample(ids, rng.randint(1, 4)))
        try:
            priced = price(list(lines), customer)
            chosen = Selections(accepted_offers=frozenset(o.promotion_id for o in priced.offers))
            if chosen.accepted_offers:  # the card is full: the cashier gives the reward
                priced = price(list(lines), customer, selections=chosen)
            roll = rng.random()
            if customer is not None and roll < 0.15:
                tender = Tender("kasbon", priced.total)
            elif customer is not None and roll < 0.3:
                tender = Tender("deposit", priced.total)
            elif roll < 0.45:
                tender = Tender("qris", priced.total)
            else:
                tender = Tender("cash", priced.cash_total)
            request = CheckoutRequest(uuid.uuid4().hex, till, shift.id, cashier.id, lines, (tender,), customer, chosen)
            started = time.perf_counter()
            result = checkout(request)
            times.append(time.perf_counter() - started)
            done.append((result.id, result.number, tender.method, tender.amount.minor, customer,
                         priced.stamps_used, sum(n for _p, n in priced.stamps_earned)))
        except DatabaseUnavailable as exc:
            lost.append(str(exc))
        except PosError as exc:  # what the cashier would read, by its first words
            words = " ".join(str(exc).split()[:6])
            refused[words] = refused.get(words, 0) + 1
    out.put((till, done, refused, lost, times, time.perf_counter() - began))
    db.close_database()


def _prepare(url: str, tills: int) -> None:
    from pos.money import Money
    from pos.services import db
    from pos.services.accounts import top_up_deposit
    from pos.services.customers import NewCustomer, add_customer
    from pos.services.demo import create_demo
    from pos.services.staff import authenticate
    from pos.services.till import open_shift

    db.open_database(url)
    create_demo(seed=1)
    cashier = authenticate("1111")
    shifts = {f"K{n}": open_shift(f"K{n}", cashier.id, Money(100000)).id for n in range(1, tills + 1)}
    for n in range(REGULARS):
        who = add_customer(NewCustomer(f"Langganan {n:02d}", f"0813 5555 {n:04d}", credit_limit=Money(2_000_000)),
                           owner_pin="1234")
        top_up_deposit(who.id, Money(1_500_000), "cash", shift_id=shifts["K1"], staff_id=cashier.id)
    db.close_database()


def _check(url: str, outcomes: list) -> list[str]:
    from pos.models import DepositEntry, KasbonEntry, Sale, StampEntry
    from pos.services import db
    from pos.services.pricing import stamps_available
    from pos.services.sales import deposit_held, kasbon_owed

    db.open_database(url)
    problems = []
    shown = {sale_id: row for _till, done, *_rest in outcomes for sale_id, *row in done}
    stored = {s.id: s for s in Sale.select().where(Sale.cart_id.is_null(False) & Sale.till_id.startswith("K")
                                                      & (Sale.number.is_null(False)))}
    missing = [i for i in shown if i not in stored]
    problems += [f"{len(missing)} sales shown as completed are not on the server"] if missing else []
    stamps = {}
    for e in StampEntry.select().where(StampEntry.sale.in_(list(shown))):
        stamps.setdefault(e.sale_id, []).append((e.used, e.earned))
    kasbon = {}
    for e in KasbonEntry.select().where(KasbonEntry.sale.in_(list(shown))):
        kasbon.setdefault(e.sale_id, []).append(e.amount.minor)
    deposit = {}
    for e in DepositEntry.select().where(DepositEntry.sale.in_(list(shown))):
        deposit.setdefault(e.sale_id, []).append(-e.amount.minor)
    for sale_id, (_number, method, amount, customer, used, earned) in shown.items():
        if customer is not None and (used or earned) and stamps.get(sale_id) != [(used, earned)]:
            problems.append(f"sale {sale_id}: stamps {stamps.get(sale_id)} for {(used, earned)}")
        if method == "kasbon" and kasbon.get(sale_id) != [amount]:
            problems.append(f"sale {sale_id}: kasbon {kasbon.get(sale_id)} for {amount}")
        if method == "deposit" and deposit.get(sale_id) != [amount]:
            problems.append(f"sale {sale_id}: deposit {deposit.get(sale_id)} for {amount}")
    for till, done, *_rest in outcomes:
        numbers = sorted(int(number.rsplit("-", 1)[1]) for _id, number, *_r in done)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{till}: numbers not gap-free ({numbers[:3]}…{numbers[-3:]}, {len(numbers)} sales)")
        on_server = Sale.select().where(Sale.till_id == till).count()
        if on_server != len(done):
            problems.append(f"{till}: {on_server} sales on the server, {len(done)} shown")
    from pos.models import Customer
    from pos.services import clock

    for c in Customer.select().where(Customer.name.startswith("Langganan ")):
        if stamps_available(c.id, clock.now(), None) < 0:
            problems.append(f"{c.name}: stamp card below zero")
        if kasbon_owed(c.id) > c.credit_limit:
            problems.append(f"{c.name}: kasbon {kasbon_owed(c.id)} over the limit")
        if deposit_held(c.id).minor < 0:
            problems.append(f"{c.name}: deposit below zero")
    from pos.services import visits

    if (differ := visits.check()):  # each regular's visits and spend kept with every till's sales, none lost
        problems.append(f"{differ} customers' visit summaries differ from their sales")
    db.close_database()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tills", type=int, default=4)
    parser.add_argument("--sales", type=int, default=500)
    parser.add_argument("--pg", default=os.environ.get("POS_TEST_PG_URL",
                                                       "postgresql://postgres@127.0.0.1:55432/postgres"))
    args = parser.parse_args()
    import psycopg

    os.environ["POS_DATA_DIR"] = tempfile.mkdtemp(prefix="pos-load-")
    name = f"pos_bench_load_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(args.pg, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(args.pg)._replace(path="/" + name))
    try:
        _prepare(url, args.tills)
        spawn = multiprocessing.get_context("spawn")
        start, out = spawn.Barrier(args.tills + 1), spawn.Queue()
        tills = [spawn.Process(target=_till, args=(url, f"K{n}", args.sales, start, n, out))
                 for n in range(1, args.tills + 1)]
        for t in tills:
            t.start()
        start.wait()
        began = time.perf_counter()
        outcomes = [out.get() for _t in tills]
        wall = time.perf_counter() - began
        for t in tills:
            t.join()
        times = sorted(x for *_r, ts, _w in outcomes for x in ts)
        sold = sum(len(done) for _t, done, *_r in outcomes)
        refused: dict[str, int] = {}
        for _t, _d, r, *_rest in outcomes:
            for k, v in r.items():
                refused[k] = refused.get(k, 0) + v
        lost = [x for _t, _d, _r, lost, *_rest in outcomes for x in lost]
        print(f"{args.tills} tills × {args.sales} sales on one PostgreSQL server, {REGULARS} regulars at every till")
        print(f"  {sold} sales stored in {wall:.1f} s: {sold / wall:.0f} sales/s")
        print(f"  checkout median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms")
        print(f"  lost to the database (a race not retried away): {len(lost)}; refused as a cashier would see it:")
        for words, count in sorted(refused.items(), key=lambda item: -item[1]):
            print(f"    {count:4d} × {words} …")
        problems = _check(url, outcomes) + [f"lost: {x}" for x in lost[:5]]
        print("  checks: " + ("all hold (stamps, kasbon, deposit once each; visit summaries; numbers gap-free per till)"
                              if not problems else f"{len(problems)} problems"))
        for p in problems[:20]:
            print("   ", p)
        if problems:
            sys.exit(1)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
