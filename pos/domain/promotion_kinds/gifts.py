"""A free item above a threshold: a gift above an order amount, or a bonus pack on a big order.

Both kinds fill the same rule: the gift (one product, or several for the cashier to pick), its quantity, and
optionally "for every ``per`` units" to repeat it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import (COUNT, FLAG, MONEY, PRODUCT, FormField, N_, PromotionKind, register,
                                        total_quantity)
from pos.domain.promotion_rules import (CODES, FREE_THRESHOLD, NUMBER, Param, PromotionInvalid, Rule, RuleData,
                                        product_ids, quantity_value)
from pos.money import QUANTITY_SCALE, Money, Quantity, round_half_up


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    gifts = product_ids(p.get("gift_products"), data, "gift_products")
    if not gifts:
        raise PromotionInvalid("missing", field="gift_products")
    c = data.conditions
    if c.get("min_total") is None and c.get("min_qty") is None:
        raise PromotionInvalid("missing", field="min_total")
    return {"effect": FREE_THRESHOLD, "reward_products": gifts,
            "reward_qty": quantity_value(p.get("quantity", 1), "quantity"),
            "per": quantity_value(p["per"], "per") if p.get("per") is not None else None}


def _values(rule: Rule) -> dict[str, Any]:
    c = rule.conditions
    return {"name": rule.name, "min_total": c.min_total.minor if c.min_total is not None else None,
            "min_qty": str(c.min_qty) if c.min_qty is not None else None}


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    times = 1 if rule.per is None else total_quantity(lines).thousandths // rule.per.thousandths
    if times <= 0:
        return
    why = pricing.why(R.THRESHOLD_GIFT, **_values(rule), per=str(rule.per) if rule.per is not None else None,
                      each=str(rule.reward_qty))
    if pricing.reward(rule, rule.reward_products, Quantity(rule.reward_qty.thousandths * times), why):
        pricing.mark(rule, lines)


def words(v: Any, say: Any) -> str:
    if v.get("min_total") is not None:
        return say(N_("Free with purchases ≥ {amount}"), amount=say.money(v["min_total"]))
    return say(N_("Free for {qty} or more"), qty=say.number(v.get("min_qty") or "1"))


def earned(v: Any, bonus: Any, kept: Any, paid: list, whole_cart: bool) -> int:
    """Free units the kept items still earn: none under the threshold; with ``per``, one gift per ``per``."""
    min_total = v.get("min_total")
    min_qty = Quantity.of(v["min_qty"]).thousandths if v.get("min_qty") else None
    per = Quantity.of(v["per"]).thousandths if v.get("per") else None
    each = Quantity.of(v.get("each") or "1").thousandths
    kept_total = sum(round_half_up(Decimal(line.gross.minor) * kept[line.id].thousandths / line.quantity.thousandths)
                     for line in paid)
    kept_qty = sum(kept[line.id].thousandths for line in paid)
    if (min_total is not None and kept_total < Money(int(min_total)).minor) or \
            (min_qty is not None and kept_qty < min_qty):
        return 0
    if per:  # "1 pack for every 50": count how many fifties are still kept
        return (kept_qty // per) * each // QUANTITY_SCALE
    return bonus.quantity.thousandths // QUANTITY_SCALE


_PARAMETERS = (Param("gift_products", CODES, required=True), Param("quantity", NUMBER), Param("per", NUMBER))
_COMMON = {"parameters": _PARAMETERS, "build": build, "apply": apply, "reasons": {R.THRESHOLD_GIFT: words},
           "headline": lambda rule: (R.THRESHOLD_GIFT, _values(rule)), "refunds": {R.THRESHOLD_GIFT: earned}}

THRESHOLD_GIFT = register(PromotionKind(
    code="threshold_gift", label=N_("A gift above an order amount"), **_COMMON,
    form=((N_("Orders from Rp"), FormField("min_total", MONEY, "conditions.min_total"), N_("get"),
           FormField("gift_qty", COUNT, "parameters.quantity", default=1), N_("of"),
           FormField("gift", PRODUCT, "parameters.gift_products", listed=True), N_("free")),),
    example=("", 20),
))

BONUS_PACK = register(PromotionKind(
    code="bonus_pack", label=N_("A bonus pack on a big order"), **_COMMON,
    form=((N_("Buy"), FormField("pack_min", COUNT, "conditions.min_qty", default=10), N_("of"),
           FormField("pack_product", PRODUCT, "conditions.products", listed=True), N_("get"),
           FormField("pack_qty", COUNT, "parameters.quantity", default=1), N_("of"),
           FormField("pack_gift", PRODUCT, "parameters.gift_products", listed=True), N_("free")),
          (FormField("pack_repeat", FLAG, "parameters.per", label=N_("for every such amount"), echo="pack_min"),)),
    example=("pack_product", "pack_min"),
))
