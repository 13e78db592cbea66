"""The demo's bread trays (issue #25): three breads marked made daily with a day-old price, and for each past day
of the history a tray that agrees with the sales stored: what was made, what sold, the days it sold out (at the
hour of its last sale) and the leftovers' ends at closing. Today's tray is the baker's to type in."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from pos.domain.trays import GIVEN_AWAY, SOLD_OFF, TAKEN_HOME, THROWN_AWAY
from pos.models import Product, Sale, SaleLine, Tray, TrayLeftover, db
from pos.services import clock
from pos.services.access import OWNER, allowed
from pos.services.trays import set_day_old_percent, set_made_daily

BREADS = ("ROT-01", "ROT-02", "ROT-03")
SOLD_OUT_SHARE = 0.3  # days the tray ran out


@allowed(OWNER)
def add_demo_trays(seed: int, today: dt.date, *, owner_pin: str) -> int:
    """The breads' trays before ``today``, from the stored sales; how many trays."""
    rng = random.Random(seed * 65_537)
    breads = {p.id: p for p in Product.select().where(Product.code.in_(BREADS))}
    for pid in breads:
        set_made_daily(pid, True, owner_pin=owner_pin)
        set_day_old_percent(50, product_id=pid, owner_pin=owner_pin)
    sold: dict[tuple[int, dt.date], list] = defaultdict(list)
    rows = (SaleLine.select(SaleLine.product, SaleLine.quantity, Sale.created_at).join(Sale)
            .where(SaleLine.product.in_(list(breads))).tuples())
    for pid, quantity, at in rows:
        day = clock.local_date(at)
        if day < today:
            sold[(pid, day)].append((at, quantity.thousandths))
    trays, ends = [], []
    for (pid, day), sales in sorted(sold.items()):
        total = sum(q for _at, q in sales)
        closed = clock.to_utc(dt.datetime.combine(day, dt.time(21, 0)))
        if rng.random() < SOLD_OUT_SHARE:
            trays.append(dict(product=pid, day=day, made=total, sold=total, sold_out_at=max(sales)[0],
                              closed_at=closed))
            continue
        left = rng.randint(1, 6) * 1000
        trays.append(dict(product=pid, day=day, made=total + left, sold=total, closed_at=closed))
        split = defaultdict(int)
        for _piece in range(left // 1000):
            split[rng.choice((SOLD_OFF, TAKEN_HOME, GIVEN_AWAY, THROWN_AWAY, THROWN_AWAY))] += 1000
        ends.append(((pid, day), [dict(outcome=o, quantity=q, created_at=closed) for o, q in split.items()]))
    with db.atomic():
        for start in range(0, len(trays), 200):
            Tray.insert_many(trays[start:start + 200]).execute()
        ids = {(t.product_id, t.day): t.id for t in Tray.select(Tray.id, Tray.product, Tray.day)}
        leftovers = [dict(tray=ids[key], **row) for key, rows_ in ends for row in rows_]
        for start in range(0, len(leftovers), 200):
            TrayLeftover.insert_many(leftovers[start:start + 200]).execute()
    return len(trays)


__all__ = ["BREADS", "add_demo_trays"]
