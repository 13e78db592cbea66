"""Buy X get Y free: every ``buy`` units of a product give ``get`` units free (of itself, or of another product)."""

from __future__ import annotations

from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import (COUNT, PRODUCT, FormField, N_, PromotionKind, register, total_quantity,
                                        whole_units)
from pos.domain.promotion_rules import CODES, FREE_EACH, NUMBER, Param, Rule, RuleData, product_ids, whole_number
from pos.money import Quantity


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    # Without a reward product each product in scope rewards itself (10 chips -> 1 chips).
    reward = product_ids(p.get("reward_product"), data, "reward_product")
    return {"effect": FREE_EACH, "buy": whole_number(p.get("buy"), "buy"), "get": whole_number(p.get("get"), "get"),
            "reward_products": reward}


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    why = pricing.why(R.BUY_X_GET_Y, buy=rule.buy, get=rule.get, name=rule.name)
    if rule.reward_products:  # buy X of the scope, get Y of another product
        times = whole_units(total_quantity(lines)) // rule.buy
        if times and pricing.reward(rule, rule.reward_products, Quantity.of(times * rule.get), why):
            pricing.mark(rule, lines)
        return
    by_product: dict[int, list] = {}
    for line in lines:
        by_product.setdefault(line.entry.product_id, []).append(line)
    for product_id in sorted(by_product):
        times = whole_units(total_quantity(by_product[product_id])) // rule.buy
        if times:  # the units count whatever their choices; the free one is made as the cheapest line is
            cheapest = min(by_product[product_id], key=lambda line: line.choice_order)
            pricing.add_bonus(rule, product_id, Quantity.of(times * rule.get), why, cheapest.options)
            pricing.mark(rule, by_product[product_id])


def words(v: Any, say: Any) -> str:
    return say(N_("Buy {buy} get {get} free"), buy=v["buy"], get=v["get"])


def earned(v: Any, bonus: Any, kept: Any, paid: list, whole_cart: bool) -> int:
    """Free units the kept items still earn: every ``buy`` kept gives ``get``."""
    if whole_cart:  # each product rewarded itself
        paid = [line for line in paid if line.product_id == bonus.product_id]
    units = whole_units(Quantity(sum(kept[line.id].thousandths for line in paid)))
    return (units // int(v["buy"])) * int(v["get"])


KIND = register(PromotionKind(
    code="buy_x_get_y", label=N_("Buy … get … free"),
    parameters=(Param("buy", NUMBER, required=True), Param("get", NUMBER, required=True),
                Param("reward_product", CODES)),
    build=build, apply=apply, reasons={R.BUY_X_GET_Y: words},
    headline=lambda rule: (R.BUY_X_GET_Y, {"buy": rule.buy, "get": rule.get, "name": rule.name}),
    refunds={R.BUY_X_GET_Y: earned},
    form=((N_("Buy"), FormField("buy", COUNT, "parameters.buy", default=10),
           FormField("buy_product", PRODUCT, "conditions.products", listed=True), N_("get"),
           FormField("get", COUNT, "parameters.get", default=1), N_("free:"),
           FormField("reward", PRODUCT, "parameters.reward_product", none=N_("the same"))),),
    example=("buy_product", "buy"),
))
