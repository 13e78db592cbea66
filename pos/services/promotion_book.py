"""The promotions editor's side: the list with each promotion's state, a copy, and a preview that prices
an example cart with the promotion being written, through the same engine as the till."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from pos.domain.options import ChosenOption
from pos.domain.pricing import CartLine, CustomerContext, PricedCart
from pos.i18n import _
from pos.models import Product, Promotion, db
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services import clock
from pos.services.promotions import PromotionInput, check_promotion, save_promotion
from pos.services.shop_settings import shop_settings
from pos.services.access import OWNER, READ, allowed

ACTIVE, EXPIRED, UPCOMING, OFF = "active", "expired", "upcoming", "off"


def _shop_time(utc: dt.datetime | None, zone: str) -> dt.datetime | None:
    """A stored moment (or none) on the shop's clock in ``zone``, as the form shows it."""
    return None if utc is None else clock.local(utc, ZoneInfo(zone))


@dataclass(frozen=True)
class PromotionRow:
    id: int
    name: str
    kind: str
    state: str  # active | expired | upcoming | off
    valid_from: dt.datetime | None  # shop-local
    valid_to: dt.datetime | None
    priority: int
    stackable: bool


@allowed(READ)
def state_of(active: bool, valid_from: dt.datetime | None, valid_to: dt.datetime | None, now: dt.datetime) -> str:
    """Off (switched off by the owner), upcoming, expired or active, at a UTC moment."""
    if not active:
        return OFF
    if valid_from is not None and now < valid_from:
        return UPCOMING
    if valid_to is not None and now >= valid_to:
        return EXPIRED
    return ACTIVE


@allowed(READ)
def list_promotions(now: dt.datetime | None = None) -> list[PromotionRow]:
    now = now or clock.now()
    zone = shop_settings().zone_name
    order = {ACTIVE: 0, UPCOMING: 1, OFF: 2, EXPIRED: 3}
    rows = [PromotionRow(p.id, p.name, p.kind, state_of(p.active, p.valid_from, p.valid_to, now),
                         _shop_time(p.valid_from, zone), _shop_time(p.valid_to, zone), p.priority, p.stackable)
            for p in Promotion.select()]
    return sorted(rows, key=lambda r: (order[r.state], r.priority, r.name.lower()))


@allowed(READ)
def load_promotion(promotion_id: int) -> PromotionInput:
    p = Promotion.get_or_none(Promotion.id == promotion_id)
    if p is None:
        raise InvalidInput(_("That promotion is not there any more."))
    zone = shop_settings().zone_name
    return PromotionInput(
        name=p.name, kind=p.kind, conditions=dict(p.conditions or {}), parameters=dict(p.parameters or {}),
        valid_from=_shop_time(p.valid_from, zone), valid_to=_shop_time(p.valid_to, zone), weekdays=p.weekdays,
        hour_from=p.hour_from, hour_to=p.hour_to, priority=p.priority, stackable=p.stackable,
        max_uses_per_customer=p.max_uses_per_customer, active=p.active, max_uses_total=p.max_uses_total)


@allowed(OWNER)
def duplicate_promotion(promotion_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> int:
    """A copy to change (named "… (copy)"), switched off until the owner switches it on."""
    original = load_promotion(promotion_id)
    copy = replace(original, name=_("{name} (copy)").format(name=original.name), active=False)
    return save_promotion(copy, time_zone=shop_settings().zone_name, owner_pin=owner_pin, staff_id=staff_id)


@allowed(OWNER)
def set_promotion_active(promotion_id: int, active: bool, *, owner_pin: str | None,
                         staff_id: int | None = None) -> None:
    p = load_promotion(promotion_id)
    save_promotion(replace(p, active=active), time_zone=shop_settings().zone_name,
                   owner_pin=owner_pin, promotion_id=promotion_id, staff_id=staff_id)


@allowed(OWNER)
def delete_promotion(promotion_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    """Only a promotion that never gave anything (one that did stays, switched off, for the reports)."""
    from pos.models import SaleLineReason

    with db.atomic():
        promo = Promotion.get_or_none(Promotion.id == promotion_id)
        if promo is None:
            return
        if SaleLineReason.select().where(SaleLineReason.promotion == promotion_id).exists():
            raise InvalidInput(_("{name} has been used in sales: switch it off instead.").format(name=promo.name))
        promo.delete_instance()
        record("promotion.deleted", entity="promotion", entity_id=promotion_id, staff_id=staff_id,
               details={"name": promo.name})


@dataclass(frozen=True)
class Example:
    """The example cart of the preview: product codes and quantities, and the kind of customer."""

    items: tuple[tuple[str, Quantity], ...]
    tier: str = "retail"
    segments: tuple[str, ...] = ()
    at: dt.datetime | None = None  # shop-local; default now
    choices: tuple[int, ...] = ()  # option choices (ids) on every line whose product offers them


@allowed(READ)
def preview_promotion(p: PromotionInput, example: Example) -> PricedCart:
    """The example cart priced with only this promotion (InvalidInput with the engine's words if invalid)."""
    from pos.services.pricing import price, shop_time_to_utc

    rule = check_promotion(replace(p, active=True))
    codes = [code for code, _qty in example.items]
    ids = {row.code: row.id for row in Product.select(Product.id, Product.code).where(Product.code.in_(codes))}
    missing = [c for c in codes if c not in ids]
    if missing:
        raise InvalidInput(_("There is no product {code}.").format(code=missing[0]))
    lines = [CartLine(ids[code], qty, options=_offered(ids[code], example.choices)) for code, qty in example.items]
    context = CustomerContext(customer_id=None, tier=example.tier, segments=frozenset(example.segments),
                              first_purchase=True)
    at = shop_time_to_utc(example.at) if example.at is not None else None
    return price(lines, rules=[rule], context=context, at=at)


def _offered(product_id: int, choice_ids: tuple[int, ...]) -> tuple[ChosenOption, ...]:
    """The example's choices this product offers, as a cart line carries them (today's names and prices)."""
    if not choice_ids:
        return ()
    from pos.services.product_options import options_for

    return tuple(g.chosen(c) for g in options_for(product_id) for c in g.offered if c.id in choice_ids)


MAX_COSTED_CHECKS = 80  # products tried per promotion: a shop-wide discount over 2,000 products tries the first 80


@allowed(READ)
def promotion_below_cost(p: PromotionInput, example: Example) -> list[tuple[str, Money, Money]]:
    """The products with a cost that this promotion would sell under it: each priced alone with only this
    promotion, for the example's customer and moment, in the smallest order that earns it (issue #25).
    Returns (name, price a unit after the promotion, cost); a free item is a gift and not listed."""
    from pos.services.costs import cart_margin

    rule = check_promotion(replace(p, active=True))
    costed = Product.cost.is_null(False) & (Product.active == True)  # noqa: E712
    query = Product.select(Product.code, Product.name).where(costed)
    if not rule.whole_cart:
        from pos.models import Category

        query = query.join(Category).where(Product.id.in_(list(rule.scope_products) or [0])
                                           | Category.name.in_(list(rule.scope_categories) or [""]))
    quantity = max(1, rule.buy + rule.get, int(rule.param("every", 0) or 0),
                   int(rule.conditions.min_qty.as_decimal()) if rule.conditions.min_qty else 0)
    found = []
    for code, _name in query.order_by(Product.code).limit(MAX_COSTED_CHECKS).tuples():
        cart = preview_promotion(p, replace(example, items=((code, Quantity.of(quantity)),)))
        found += list(cart_margin(cart).below)
    return found
