"""Tomorrow's bake (issue #25 item 3): per made-daily product, the suggestion of ``pos.domain.bake_plan`` from the
trays of the same weekday of past weeks, beside the day's pre-orders and what was carried over to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.bake_plan import WEEKS, PastDay, Suggestion, suggest
from pos.models import Category, Product, Tray
from pos.money import Quantity
from pos.services import clock
from pos.services.access import READ, allowed


@dataclass(frozen=True)
class PlanRow:
    product_id: int
    name: str
    suggestion: Suggestion  # baseline (from the past weekdays) + pre-orders − carried = quantity


@allowed(READ)
def history(product_ids: set[int], until: dt.date, weeks: int = WEEKS) -> dict[int, list[PastDay]]:
    """The trays before ``until`` (``weeks`` weeks back) as the domain reads them: fresh pieces sold, the sell-out
    hour (shop-local)."""
    found: dict[int, list[PastDay]] = {pid: [] for pid in product_ids}
    if not product_ids:
        return found
    rows = (Tray.select(Tray.product, Tray.day, Tray.sold, Tray.sold_out_at)
            .where(Tray.product.in_(list(product_ids)) & (Tray.day >= until - dt.timedelta(weeks=weeks))
                   & (Tray.day < until) & (Tray.made > 0)))
    for t in rows:
        out = clock.local(t.sold_out_at).time() if t.sold_out_at is not None else None
        found[t.product_id].append(PastDay(t.day, t.sold.thousandths / 1000, out))
    return found


@allowed(READ)
def bake_plan(day: dt.date, ordered: dict[str, Quantity]) -> list[PlanRow]:
    """The suggested bake of each made-daily product for ``day``, in the counter's order; ``ordered``: the day's
    pre-orders by product name (``preorders.production_data`` gives them with the list)."""
    products = list(Product.select(Product.id, Product.name).join(Category)
                    .where(Product.made_daily & Product.active)
                    .order_by(Category.position, Product.grid_position, Product.name))
    ids = {p.id for p in products}
    past = history(ids, day)
    carried = {t.product_id: t.day_old for t in Tray.select(Tray.product, Tray.day_old)
               .where((Tray.day == day) & Tray.product.in_(list(ids) or [0]))}
    return [PlanRow(p.id, p.name, suggest(day, past[p.id],
                                          preorders=ordered.get(p.name, Quantity(0)).thousandths / 1000,
                                          carried=carried.get(p.id, Quantity(0)).thousandths / 1000))
            for p in products]
