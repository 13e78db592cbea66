"""Tomorrow's bake against the naive rule, on the demo's history (issue #25 item 3; not part of the test run).

    python tests/perf/bench_bake_plan.py [--days 90]

Builds the demo shop with its history, takes what customers asked of each bread (ROT-…) each day, hour by hour,
as the true demand, and replays the days with a bakery that bakes by each rule: by the suggestion
(``pos.domain.bake_plan.suggest``) or by "the same as last week" (what the tray sold on that weekday a week ago;
the week before when nothing was baked that day). A tray sells until it is gone, so on a sold-out day each rule
sees only what its own tray sold and the hour it ran out, as the shop would. Reports the mean absolute error of
each rule against the true demand and fails unless the suggestion beats the naive rule. The demand is scaled up
(``--scale``) to a bakery's trays: the demo's walk-ins buy a few of each bread a day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path

TODAY, NOW = dt.date(2026, 11, 27), dt.datetime(2026, 11, 28, 2, 30)


def demand(folder: str, days: int, scale: int) -> dict[str, dict[dt.date, list[tuple[dt.time, int]]]]:
    """Per bread, per shop day: the moments (shop-local) and pieces asked, from the demo's stored sales."""
    from pos.models import Product, Sale, SaleLine
    from pos.services import clock, db
    from pos.services.demo import create_demo

    db.open_database("sqlite://" + (Path(folder) / "demo.db").as_posix())
    create_demo(seed=1, history_days=days, today=TODAY, now=NOW)
    asked: dict[str, dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
    rows = (SaleLine.select(SaleLine.quantity, Sale.created_at, Product.code).join(Sale)
            .switch(SaleLine).join(Product).where(Product.code.startswith("ROT-"), SaleLine.price_source != "day_old")
            .tuples())  # yesterday's bread sold cheaper is no demand for the fresh
    for quantity, at, code in rows:
        local = clock.local(at)
        asked[code][local.date()].append((local.time(), quantity.thousandths // 1000 * scale))
    db.close_database()
    return asked


def replay(days: dict[dt.date, list[tuple[dt.time, int]]], start: dt.date, end: dt.date) -> tuple[float, float]:
    from pos.domain.bake_plan import PastDay, suggest

    history = {"plan": [], "naive": []}
    errors = {"plan": [], "naive": []}
    day = start
    while day <= end:
        wanted = sorted(days.get(day, []))
        true = sum(n for _t, n in wanted)
        known = {p.day: p for p in history["naive"]}
        week_ago = next((known[d] for d in (day - dt.timedelta(weeks=k) for k in range(1, 9)) if d in known), None)
        bakes = {"plan": suggest(day, history["plan"]).quantity if history["plan"] else None,
                 "naive": round(week_ago.sold) if week_ago else None}
        for rule, baked in bakes.items():
            if baked is None:  # the first week: nothing to go by
                baked = true
            elif day >= start + dt.timedelta(weeks=4):
                errors[rule].append(abs(baked - true))
            sold, out = 0, None
            for moment, n in wanted:
                if sold >= baked:
                    break
                sold = min(baked, sold + n)
                if sold >= baked:
                    out = moment
            if baked:  # a day nothing was baked tells nothing of the demand
                history[rule].append(PastDay(day, sold, out if sold >= baked else None))
        day += dt.timedelta(days=1)
    return (sum(errors["plan"]) / max(len(errors["plan"]), 1), sum(errors["naive"]) / max(len(errors["naive"]), 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--scale", type=int, default=6, help="pieces a bakery sells for each the demo sells")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        asked = demand(tmp, args.days, args.scale)
    start = TODAY - dt.timedelta(days=args.days - 1)
    total_plan = total_naive = 0.0
    print(f"{'bread':<10}{'suggestion':>12}{'naive':>10}   (mean absolute error, pieces a day)")
    for code in sorted(asked):
        plan, naive = replay(asked[code], start, TODAY - dt.timedelta(days=1))
        total_plan, total_naive = total_plan + plan, total_naive + naive
        print(f"{code:<10}{plan:>12.2f}{naive:>10.2f}")
    print(f"{'all':<10}{total_plan:>12.2f}{total_naive:>10.2f}")
    if total_plan >= total_naive:
        raise SystemExit("the suggestion does not beat the naive rule")
    print(f"the suggestion's error is {100 * (1 - total_plan / total_naive):.0f} % below the naive rule's")


if __name__ == "__main__":
    main()
