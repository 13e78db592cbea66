"""Buy one thing, get another cheaper: "beli kopi biji 500 g, keripik setengah harga".

Every ``buy`` items in the promotion's scope let ``get`` units of the reward product (already in the order,
paid for) have ``percent`` off. When the reward product is in the scope too ("buy 2 coffees, the 3rd half
price"), a set is ``buy`` + ``get`` of them, so an item never pays for its own discount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import (COUNT, PERCENT, PRODUCT, SCOPE, FormField, N_, PromotionKind, kept_units,
                                        register, total_quantity, whole_units)
from pos.domain.promotion_rules import (CODES, DISCOUNT, NUMBER, Param, PromotionInvalid, Rule, RuleData,
                                        discount_fields, product_ids, whole_number)
from pos.money import Money, allocate, percent_of

BUY_GET_DISCOUNT = R.BUY_GET_DISCOUNT


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    reward = product_ids(p.get("reward_product"), data, "reward_product")
    if len(reward) != 1:
        raise PromotionInvalid("missing", field="reward_product")
    if p.get("percent") is None:
        raise PromotionInvalid("missing", field="percent")
    return {"effect": DISCOUNT, "percent": discount_fields({"percent": p["percent"]})["percent"],
            "buy": whole_number(p.get("buy", 1), "buy"), "get": whole_number(p.get("get", 1), "get"),
            "reward_products": reward}


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    [reward] = rule.reward_products
    # the reward's own lines, wherever they are (in the scope or not), unless a non-stackable rule closed them
    rewarded = sorted((line for line in pricing.lines if line.entry.product_id == reward and not line.closed
                       and (rule.stackable or not line.touched) and line.left.minor > 0),
                      key=lambda line: (line.choice_order, line.index))
    if not rewarded:
        return
    bought = whole_units(total_quantity(lines))
    reward_units = whole_units(total_quantity(rewarded))
    if any(line.entry.product_id == reward for line in lines):  # a set holds the discounted items too
        times = bought // (rule.buy + rule.get)
    else:
        times = bought // rule.buy
    count = min(times * rule.get, reward_units)
    if not count:
        return
    unit = min(line.unit.minor for line in rewarded)
    off = percent_of(Money(unit * count), rule.percent)
    left, weights = count, []
    for line in rewarded:
        units = min(left, whole_units(line.quantity))
        left -= units
        weights.append(units)
    looked = [(line, Money(0)) for line in lines if line.entry.product_id != reward]
    pricing.take_off(rule, looked + list(zip(rewarded, allocate(off, weights))), BUY_GET_DISCOUNT,
                     name=rule.name, buy=rule.buy, get=rule.get, percent=format(rule.percent.normalize(), "f"))


def still_earned(rule: Rule, paid: list, kept: Any) -> Money:
    """The discount the items a customer keeps after a refund still earn: the reward items the kept bought
    items still pay for, at the unit price of the sale (return the coffee and the chips cost their price)."""
    [reward] = rule.reward_products
    bought = kept_units(paid, kept, lambda line: rule.in_scope(line.product_id, line.category))
    rewarded = kept_units(paid, kept, lambda line: line.product_id == reward)
    if not rewarded:
        return Money(0)
    units = sum(n for _line, n in bought)
    times = units // (rule.buy + rule.get) if any(line.product_id == reward for line, _n in bought) \
        else units // rule.buy
    count = min(times * rule.get, sum(n for _line, n in rewarded))
    unit = min(line.unit_price.minor for line, _n in rewarded)
    return percent_of(Money(unit * count), rule.percent)


def words(v: Any, say: Any) -> str:
    if Decimal(str(v["percent"])) == 50:
        return say(N_("Buy {buy}, get {get} at half price"), buy=v["buy"], get=v["get"])
    return say(N_("Buy {buy}, get {get} at {percent}% off"), buy=v["buy"], get=v["get"], percent=v["percent"])


def headline(rule: Rule) -> tuple[str, dict[str, Any]]:
    return BUY_GET_DISCOUNT, {"name": rule.name, "buy": rule.buy, "get": rule.get,
                              "percent": format(rule.percent.normalize(), "f")}


KIND = register(PromotionKind(
    code=BUY_GET_DISCOUNT, label=N_("Buy one thing, get another cheaper"),
    parameters=(Param("buy", NUMBER), Param("get", NUMBER), Param("percent", NUMBER, required=True),
                Param("reward_product", CODES, required=True)),
    build=build, apply=apply, reasons={BUY_GET_DISCOUNT: words}, headline=headline, refund_discount=still_earned,
    form=((N_("Buy"), FormField("bgd_buy", COUNT, "parameters.buy", default=1),
           FormField("bgd_scope", SCOPE, none=N_("anything")), N_("and get"),
           FormField("bgd_get", COUNT, "parameters.get", default=1),
           FormField("bgd_reward", PRODUCT, "parameters.reward_product"), N_("at"),
           FormField("bgd_percent", PERCENT, "parameters.percent", default=50), N_("% off")),),
    example=("bgd_scope", "bgd_buy"),
))
