"""Pre-orders (the cake for Saturday): their life, and the price agreed when they were taken.

A pre-order's status moves only along these transitions:

    ordered        -> in_production, ready, picked_up, cancelled
    in_production  -> ready, picked_up, cancelled
    ready          -> picked_up, cancelled
    picked_up, cancelled: final

The price is computed by the pricing engine when the order is taken and kept as it was, each line with its
choices (size, sugar, extras: their names and prices then)
(``cart_to_data`` / ``cart_from_data``): a promotion that ends before the pickup day, or a
new price list, does not change what the customer agreed to pay.
"""

from __future__ import annotations

from typing import Any

from pos.domain.errors import DomainError
from pos.domain.options import options_from_data, options_to_data
from pos.domain.pricing import PricedCart, PricedLine, Reason
from pos.money import Money, Quantity

ORDERED, IN_PRODUCTION, READY, PICKED_UP, CANCELLED = "ordered", "in_production", "ready", "picked_up", "cancelled"
STATUSES = (ORDERED, IN_PRODUCTION, READY, PICKED_UP, CANCELLED)
TRANSITIONS = {
    ORDERED: (IN_PRODUCTION, READY, PICKED_UP, CANCELLED),
    IN_PRODUCTION: (READY, PICKED_UP, CANCELLED),
    READY: (PICKED_UP, CANCELLED),
    PICKED_UP: (),
    CANCELLED: (),
}
REFUNDED, FORFEITED = "refunded", "forfeited"  # what happened to the down payment of a cancelled order


class IllegalMove(DomainError):
    """A pre-order cannot go from its status to the one asked for."""


def can_move(status: str, to: str) -> bool:
    return to in TRANSITIONS.get(status, ())


def move(status: str, to: str) -> str:
    if not can_move(status, to):
        raise IllegalMove("illegal_move", status=status, to=to)
    return to


def can_pick_up(status: str) -> bool:
    return can_move(status, PICKED_UP)


def can_cancel(status: str) -> bool:
    return can_move(status, CANCELLED)


def _reason(r: Reason) -> dict[str, Any]:
    return {"code": r.code, "params": [list(p) for p in r.params], "promotion_id": r.promotion_id,
            "amount": r.amount.minor}


def cart_to_data(cart: PricedCart) -> dict[str, Any]:
    """The priced cart as plain JSON values, to keep with the order."""
    return {
        "lines": [{"line_index": ln.line_index, "product_id": ln.product_id, "name": ln.name,
                   "category": ln.category, "quantity": ln.quantity.thousandths, "retail_price": ln.retail_price.minor,
                   "unit_price": ln.unit_price.minor, "price_source": ln.price_source, "gross": ln.gross.minor,
                   "discount": ln.discount.minor, "amount": ln.amount.minor, "is_bonus": ln.is_bonus,
                   "promotion_id": ln.promotion_id, "reasons": [_reason(r) for r in ln.reasons]}
                  | ({"options": options_to_data(ln.options)} if ln.options else {})
                  for ln in cart.lines],
        "subtotal": cart.subtotal.minor, "discount_total": cart.discount_total.minor,
        "bonus_value": cart.bonus_value.minor, "tax": cart.tax.minor, "total": cart.total.minor,
        "cash_total": cart.cash_total.minor, "cash_rounding": cart.cash_rounding.minor,
        "stamps_earned": [list(s) for s in cart.stamps_earned], "applied": list(cart.applied),
        "stamps_used": cart.stamps_used,  # a stamp reward taken with the order: spent from the card at pickup
    }


def cart_from_data(data: dict[str, Any]) -> PricedCart:
    """The cart exactly as it was priced when the order was taken."""
    lines = tuple(PricedLine(
        line_index=ln["line_index"], product_id=ln["product_id"], name=ln["name"], category=ln["category"],
        quantity=Quantity(ln["quantity"]), retail_price=Money(ln["retail_price"]), unit_price=Money(ln["unit_price"]),
        price_source=ln["price_source"], gross=Money(ln["gross"]), discount=Money(ln["discount"]),
        amount=Money(ln["amount"]), is_bonus=ln["is_bonus"], promotion_id=ln["promotion_id"],
        reasons=tuple(Reason(r["code"], tuple((k, v) for k, v in r["params"]), r["promotion_id"], Money(r["amount"]))
                      for r in ln["reasons"]), options=options_from_data(ln.get("options")))
        for ln in data["lines"])
    return PricedCart(
        lines=lines, subtotal=Money(data["subtotal"]), discount_total=Money(data["discount_total"]),
        bonus_value=Money(data["bonus_value"]), tax=Money(data["tax"]), total=Money(data["total"]),
        cash_total=Money(data["cash_total"]), cash_rounding=Money(data["cash_rounding"]),
        stamps_earned=tuple((int(p), int(n)) for p, n in data["stamps_earned"]),
        stamps_used=int(data.get("stamps_used", 0)), applied=tuple(data["applied"]))
