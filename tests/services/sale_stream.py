"""A till that sells without a pause, for the kill test: small random carts through the real checkout.

Each receipt number goes to the parent only after ``checkout`` returned: that is the moment the till
shows the sale as completed, so the parent may hold the program to every number it received.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

SHOP_MOMENT = dt.datetime(2026, 11, 28, 2, 30)  # the tests' shop clock (tests/conftest.py)


def sell_until_killed(url: str, conn, shift_id: int, cashier_id: int, product_ids: list[int], seed: int) -> None:
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Money, Quantity
    from pos.services import clock, db
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout

    clock.set_now(SHOP_MOMENT, running=True)
    db.open_database(url)
    conn.send("ready")
    rng = random.Random(seed)
    while True:
        chosen = rng.sample(product_ids, rng.randint(1, 3))
        lines = tuple(CartLine(pid, Quantity.of(rng.randint(1, 3))) for pid in chosen)
        priced = price(list(lines))
        if rng.random() < 0.5:
            tenders = (Tender("cash", priced.cash_total, Money(priced.cash_total.minor + rng.choice((0, 2000)))),)
        else:
            part = Money(priced.total.minor // 2)
            tenders = (Tender("qris", part), Tender("transfer", priced.total - part))
        result = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift_id, cashier_id, lines, tenders))
        conn.send(result.number)  # shown as completed
