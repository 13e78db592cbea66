"""The cheapest item free or cheaper: "beli 3 kue, yang termurah gratis".

Among the items in the promotion's scope (products or categories, mixed as the customer likes), for every
``every`` items the cheapest one gets ``percent`` off (100: free). Items are counted one by one at their unit
prices (tier or special prices included), so the order of the lines never changes what it gives.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import (COUNT, PERCENT, SCOPE, FormField, N_, PromotionKind, kept_units, register,
                                        whole_units)
from pos.domain.promotion_rules import DISCOUNT, NUMBER, Param, PromotionInvalid, Rule, RuleData, whole_number
from pos.money import Money, allocate, percent_of

CHEAPEST = R.CHEAPEST_ITEM


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    every = whole_number(p.get("every"), "every", minimum=2, maximum=1000)
    try:
        percent = Decimal(str(p.get("percent", 100)).replace(",", "."))
    except ArithmeticError:
        raise PromotionInvalid("not_a_number", field="percent", value=str(p.get("percent"))) from None
    if isinstance(p.get("percent"), bool) or not percent.is_finite() or not Decimal(0) < percent <= 100:
        raise PromotionInvalid("bad_percent", value=str(p.get("percent")))
    return {"effect": DISCOUNT, "percent": percent, "params": (("every", every),)}


def cheapest_units(rule: Rule, lines: list) -> dict[int, int]:
    """product id -> how many of its units are among the cheapest (one per ``every`` items)."""
    units = sorted((line.unit.minor, line.entry.product_id) for line in lines
                   for _unit in range(whole_units(line.quantity)))
    picked: dict[int, int] = {}
    for _price, product_id in units[:len(units) // rule.param("every")]:
        picked[product_id] = picked.get(product_id, 0) + 1
    return picked


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    picked = cheapest_units(rule, lines)
    taken: list[tuple[Any, Money]] = [(line, Money(0)) for line in lines if line.entry.product_id not in picked]
    for product_id, count in sorted(picked.items()):
        mine = sorted((line for line in lines if line.entry.product_id == product_id),
                      key=lambda line: (line.choice_order, line.index))
        unit = min(line.unit.minor for line in mine)
        off = percent_of(Money(unit * count), rule.percent)  # per product: the same whatever the lines' order
        left, weights = count, []
        for line in mine:
            units = min(left, whole_units(line.quantity))
            left -= units
            weights.append(units)
        taken += list(zip(mine, allocate(off, weights)))
    pricing.take_off(rule, taken, CHEAPEST, name=rule.name, every=rule.param("every"),
                     percent=format(rule.percent.normalize(), "f"))


def still_earned(rule: Rule, paid: list, kept: Any) -> Money:
    """The discount the items a customer keeps after a refund still earn: one cheapest per ``every`` kept,
    at the unit prices of the sale (return the two paid cakes of three and the free one is paid for)."""
    held = kept_units(paid, kept, lambda line: rule.in_scope(line.product_id, line.category))
    units = sorted((line.unit_price.minor, line.product_id) for line, n in held for _unit in range(n))
    picked: dict[Any, int] = {}
    for _price, product_id in units[:len(units) // rule.param("every")]:
        picked[product_id] = picked.get(product_id, 0) + 1
    off = 0
    for product_id, count in picked.items():
        unit = min(line.unit_price.minor for line, _n in held if line.product_id == product_id)
        off += percent_of(Money(unit * count), rule.percent).minor
    return Money(off)


def words(v: Any, say: Any) -> str:
    if Decimal(str(v.get("percent", 100))) >= 100:
        return say(N_("Buy {every}, the cheapest free"), every=v["every"])
    return say(N_("Buy {every}, the cheapest {percent}% off"), every=v["every"], percent=v["percent"])


def headline(rule: Rule) -> tuple[str, dict[str, Any]]:
    return CHEAPEST, {"name": rule.name, "every": rule.param("every"),
                      "percent": format(rule.percent.normalize(), "f")}


KIND = register(PromotionKind(
    code=CHEAPEST, label=N_("The cheapest item free or cheaper"),
    parameters=(Param("every", NUMBER, required=True), Param("percent", NUMBER)),
    build=build, apply=apply, reasons={CHEAPEST: words}, headline=headline, refund_discount=still_earned,
    form=((N_("For every"), FormField("cheapest_every", COUNT, "parameters.every", default=3, minimum=2),
           N_("items of"), FormField("cheapest_scope", SCOPE, none=N_("the whole order")),
           N_("the cheapest gets"), FormField("cheapest_percent", PERCENT, "parameters.percent", default=100),
           N_("% off (100: free)")),),
    example=("cheapest_scope", "cheapest_every"),
))
