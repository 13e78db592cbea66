"""The demo's bread trays (issue #25): three breads marked made daily with a day-old price, and for each past day
of the history a tray that agrees with the sales stored: what was made, what sold, the days it sold out (at the
hour of its last sale) and the leftovers' ends at closing, some carried to the next morning and sold at the day-old
price there (by the history, through the real checkout). Today's tray holds the morning's bake and yesterday's."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from pos.domain.pricing import DAY_OLD
from pos.domain.trays import CARRIED, GIVEN_AWAY, SOLD_OFF, TAKEN_HOME, THROWN_AWAY
from pos.models import Product, Sale, SaleLine, Tray, TrayLeftover, db
from pos.services import clock
from pos.services.access import OWNER, allowed
from pos.services.trays import set_day_old_percent, set_made_daily

BREADS = ("ROT-01", "ROT-02", "ROT-03")
SOLD_OUT_SHARE = 0.3  # days the tray ran out


@allowed(OWNER)
def set_demo_day_old(*, owner_pin: str) -> None:
    """The breads' day-old price (50 %), before the history sells some of yesterday's bread with it."""
    for pid in Product.select(Product.id).where(Product.code.in_(BREADS)).tuples():
        set_day_old_percent(50, product_id=pid[0], owner_pin=owner_pin)


@allowed(OWNER)
def add_demo_trays(seed: int, today: dt.date, *, owner_pin: str) -> int:
    """The breads' trays before ``today``, from the stored sales; how many trays. The day before a morning that
    sold yesterday's bread at the day-old price carried that much (and a little more, thrown away the next
    evening) to it; yesterday carries a few to today, whose tray holds them beside the morning's bake."""
    rng = random.Random(seed * 65_537)
    breads = {p.id: p for p in Product.select().where(Product.code.in_(BREADS))}
    for pid in breads:
        set_made_daily(pid, True, owner_pin=owner_pin)
        set_day_old_percent(50, product_id=pid, owner_pin=owner_pin)
    sold: dict[tuple[int, dt.date], list] = defaultdict(list)
    old_sold: dict[tuple[int, dt.date], int] = defaultdict(int)
    rows = (SaleLine.select(SaleLine.product, SaleLine.quantity, SaleLine.price_source, Sale.created_at).join(Sale)
            .where(SaleLine.product.in_(list(breads)), Sale.kind == "sale").tuples())
    for pid, quantity, source, at in rows:
        day = clock.local_date(at)
        if source == DAY_OLD:
            old_sold[(pid, day)] += quantity.thousandths
        elif day <= today:
            sold[(pid, day)].append((at, quantity.thousandths))
    yesterday = today - dt.timedelta(days=1)
    carry = {(pid, day - dt.timedelta(days=1)): q for (pid, day), q in old_sold.items()}
    for pid in breads:  # a few of yesterday's for today's counter
        carry[(pid, yesterday)] = carry.get((pid, yesterday), 0) + rng.randint(2, 5) * 1000
    carried_in: dict[tuple[int, dt.date], int] = {}
    trays, ends = [], []
    keys = set(sold) | set(carry) | set(old_sold) | {(pid, today) for pid in breads}
    for pid, day in sorted(keys, key=lambda k: (k[1], k[0])):
        sales = sold.get((pid, day), [])
        total = sum(q for _at, q in sales)
        day_old = carried_in.get((pid, day), 0)
        base = dict(product=pid, day=day, day_old=day_old, day_old_sold=old_sold.get((pid, day), 0))
        if day == today:  # the morning's bake, typed in; the baker closes it tonight
            if day_old or total:
                trays.append(dict(base, made=total + rng.randint(8, 16) * 1000, sold=total))
            continue
        closed = clock.to_utc(dt.datetime.combine(day, dt.time(21, 0)))
        carried = carry.get((pid, day), 0)
        split: dict[str, int] = defaultdict(int)
        split[THROWN_AWAY] += max(day_old - base["day_old_sold"], 0)  # yesterday's not sold: not carried twice
        if not carried and rng.random() < SOLD_OUT_SHARE and sales:
            trays.append(dict(base, made=total, sold=total, sold_out_at=max(sales)[0], closed_at=closed))
        else:
            if carried:
                carried += rng.randint(0, 1) * 1000
                split[CARRIED] += carried
                carried_in[(pid, day + dt.timedelta(days=1))] = carried
            left = carried + rng.randint(0 if carried else 1, 4) * 1000
            trays.append(dict(base, made=total + left, sold=total, closed_at=closed))
            for _piece in range((left - carried) // 1000):
                split[rng.choice((SOLD_OFF, TAKEN_HOME, GIVEN_AWAY, THROWN_AWAY, THROWN_AWAY))] += 1000
        ends.append(((pid, day), [dict(outcome=o, quantity=q, created_at=closed) for o, q in split.items() if q]))
    with db.atomic():
        for start in range(0, len(trays), 200):
            Tray.insert_many(trays[start:start + 200]).execute()
        ids = {(t.product_id, t.day): t.id for t in Tray.select(Tray.id, Tray.product, Tray.day)}
        leftovers = [dict(tray=ids[key], **row) for key, rows_ in ends for row in rows_]
        for start in range(0, len(leftovers), 200):
            TrayLeftover.insert_many(leftovers[start:start + 200]).execute()
    return len(trays)


__all__ = ["BREADS", "add_demo_trays", "set_demo_day_old"]
