"""Pricing benchmark (not part of the test run).

    python tests/perf/bench_pricing.py [--runs 2000]

A 50-line cart against 300 active promotions and a price book of 20,000
products, priced in full (every repricing the till does on a change). The
baseline in the same run is the same cart with no promotion, so machine noise
shows in both figures. Target: median ≤ 2 ms per full repricing.

The same run prices the cart again with 3 choices on every line (size, sugar, an extra; issue #24), against
the same promotions plus a few on a choice: also ≤ 2 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from pos.domain.options import ChosenOption
from pos.domain.pricing import (CartLine, CashRounding, CustomerContext, PriceEntry, RuleIndex, TaxSetting, TierEntry,
                                price_cart)
from pos.domain.promotions import RuleData, build_rule
from pos.money import Money, Quantity

PRODUCTS, CATEGORIES, PROMOTIONS, LINES = 20_000, 50, 300, 50


def world(seed: int = 7):
    rng = random.Random(seed)
    book = {}
    for pid in range(1, PRODUCTS + 1):
        retail = rng.randrange(5_000, 250_000, 500)
        tiers = (TierEntry("regular", Quantity.of(1), Money(retail - 1000)),
                 TierEntry("reseller", Quantity.of(10), Money(retail * 85 // 100)),
                 TierEntry("reseller", Quantity.of(50), Money(retail * 80 // 100)))
        book[pid] = PriceEntry(pid, f"Produk {pid}", f"Kategori {pid % CATEGORIES}", Money(retail), tiers)
    codes = {f"P{pid}": pid for pid in book}
    rules = []
    for i in range(1, PROMOTIONS + 1):
        kind = rng.choice(["buy_x_get_y", "threshold_gift", "discount", "segment_discount", "markdown", "stamp_card"])
        products = [f"P{rng.randint(1, PRODUCTS)}" for _ in range(rng.randint(1, 5))]
        category = f"Kategori {rng.randrange(CATEGORIES)}"
        conditions, parameters, extra = {}, {}, {}
        if kind == "buy_x_get_y":
            conditions, parameters = {"products": products}, {"buy": rng.choice([5, 10]), "get": 1}
        elif kind == "threshold_gift":
            conditions = {"min_total": rng.choice([100_000, 200_000, 500_000])}
            parameters = {"gift_products": products[:2]}
        elif kind == "stamp_card":
            conditions = {"categories": [category]}
            parameters = {"earn": "item", "stamps_needed": 10, "reward_product": products[0]}
        else:
            conditions = {"categories": [category]} if rng.random() < 0.5 else {"products": products}
            if kind == "segment_discount":
                conditions["segments"] = ["student"]
            parameters = {"percent": rng.choice([5, 10, 15])}
            extra = {"hour_from": 19} if kind == "markdown" else {}
        rules.append(build_rule(RuleData(i, f"Promo {i}", kind, conditions, parameters, codes,
                                         priority=rng.randint(1, 100), stackable=rng.random() < 0.7, **extra)))
    cart = [CartLine(rng.randint(1, PRODUCTS), Quantity.of(rng.randint(1, 60))) for _ in range(LINES)]
    customer = CustomerContext(customer_id=1, tier="reseller", segments=frozenset({"student"}), stamp_balance=12)
    return book, rules, cart, customer


CHOICES = ((ChosenOption("Ukuran", "Regular", Money(0), 1), ChosenOption("Ukuran", "Large", Money(5000), 2)),
           (ChosenOption("Gula", "Normal", Money(0), 3), ChosenOption("Gula", "Less sugar", Money(0), 4)),
           (ChosenOption("Tambahan", "Extra shot", Money(6000), 5, True),
            ChosenOption("Tambahan", "Oat milk", Money(8000), 6, True)))


def with_choices(cart, rules, seed: int = 11):
    """The cart with 3 choices on every line, and the rules plus three promotions on a choice."""
    rng = random.Random(seed)
    chosen = [CartLine(line.product_id, line.quantity, options=tuple(rng.choice(group) for group in CHOICES))
              for line in cart]
    extra = [build_rule(RuleData(PROMOTIONS + n, f"Choice {n}", "discount", {"options": [choice]},
                                 {"percent": 50}, {}, weekdays="0123456")) for n, choice in enumerate((2, 5, 6), 1)]
    return chosen, list(rules) + extra


def measure(runs: int, book, rules, cart, customer) -> list[float]:
    at = dt.datetime(2026, 11, 27, 19, 30)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        price_cart(cart, customer, book, rules, at, tax=TaxSetting(), rounding=CashRounding(500))
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs
    book, rules, cart, customer = world()
    measure(50, book, rules, cart, customer)  # warm up
    indexed = RuleIndex(rules)  # as the till keeps them: sorted and indexed once per price book
    chosen, choice_rules = with_choices(cart, rules)
    for name, active, lines in (("no promotion (baseline)", [], cart),
                                ("3 choices a line, no promo", [], chosen),  # issue #24: against the baseline
                                (f"{len(rules)} promotions", rules, cart),
                                (f"{len(rules)} promotions, indexed", indexed, cart),
                                ("3 choices a line, indexed", RuleIndex(choice_rules), chosen)):
        samples = sorted(measure(runs, book, active, lines, customer))
        print(f"{name:26s} median {statistics.median(samples) * 1000:6.3f} ms   "
              f"p95 {samples[int(len(samples) * 0.95)] * 1000:6.3f} ms   (n={runs}, {LINES} lines, "
              f"{len(book):,} products)")


if __name__ == "__main__":
    main()
