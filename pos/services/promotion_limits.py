"""A promotion limited in total ("the first 50 customers", "100 cups"): counted in the stored sales, across
every customer and till (issue #22 item 10).

A *use* is one completed sale that the promotion gave something in (the same count as the per-customer limit,
``pricing.promotion_uses``, without the customer). Pricing leaves out a promotion whose uses are all taken, so
the till shows the price it will charge. At checkout, inside the sale's transaction and after its lines are
stored, the promotion's row is held (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction holds
the file) and its uses counted again, this sale included: when two tills sell the last one at once, the second
waits for the first, sees its sale, and is refused with the cart kept, so it prices again without the promotion.

Given back: a voided sale no longer counts (it is not completed). A refund does not give a use back: the
promotion was handed to a customer, and "the first 50 customers" were served (README, stacking policy).
"""

from __future__ import annotations

from peewee import fn

from pos.domain.pricing import PricedCart
from pos.domain.promotions import Rule
from pos.i18n import _
from pos.models import Promotion, Sale, SaleLine, SaleLineReason
from pos.services.access import READ, allowed
from pos.services.db import held
from pos.services.errors import InvalidInput


@allowed(READ)
def total_uses(promotion_ids: list[int]) -> dict[int, int]:
    """How many completed sales each of these promotions took part in, all customers and tills."""
    if not promotion_ids:
        return {}
    query = (SaleLineReason.select(SaleLineReason.promotion, fn.COUNT(fn.DISTINCT(Sale.id)).alias("uses"))
             .join(SaleLine).join(Sale)
             .where((Sale.kind == "sale") & (Sale.status == "completed")
                    & SaleLineReason.promotion.in_(promotion_ids))
             .group_by(SaleLineReason.promotion))
    return {row.promotion_id: row.uses for row in query}


@allowed(READ)
def still_usable(rules: list[Rule]) -> list[Rule]:
    """The rules without those whose total uses are all taken (one query, only when a rule has a limit)."""
    limited = [r.id for r in rules if r.conditions.max_uses_total is not None]
    if not limited:
        return rules
    uses = total_uses(limited)
    return [r for r in rules if r.conditions.max_uses_total is None
            or uses.get(r.id, 0) < r.conditions.max_uses_total]


@allowed(READ)
def claim_total_uses(priced: PricedCart) -> None:
    """Inside the sale's transaction, its lines stored: refuse the sale when a limited promotion it used is
    over its limit now (another till sold the last one). Raises InvalidInput; the transaction rolls back."""
    if not priced.applied:
        return
    limited = (Promotion.select(Promotion.id, Promotion.name, Promotion.max_uses_total)
               .where(Promotion.id.in_(list(priced.applied)) & Promotion.max_uses_total.is_null(False))
               .order_by(Promotion.id))  # always in the same order: two tills never wait for each other
    for promotion in list(limited):
        list(held(Promotion.select(Promotion.id).where(Promotion.id == promotion.id)))
        uses = total_uses([promotion.id]).get(promotion.id, 0)
        if uses > promotion.max_uses_total:
            raise InvalidInput(_("“{name}” has just run out (all {limit} taken). The cart is kept: price it "
                                 "again and complete the sale.").format(name=promotion.name,
                                                                        limit=promotion.max_uses_total))
