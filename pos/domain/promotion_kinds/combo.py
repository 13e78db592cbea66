"""A combo (bundle) price: the named products, so many of each, together for a fixed price.

"Paket hemat: Es Kopi Susu + Roti Sobek Rp 25.000". The combo applies as many times as the cart holds complete
sets; each set costs ``price`` instead of its parts at their unit prices (tier or special prices included).
A combo never costs more than its parts: when the parts are cheaper (a reseller's tier price), it gives nothing.
The saving is shared over the set's items in proportion to their prices, so a receipt shows it on each line.
"""

from __future__ import annotations

from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import (COUNT, MONEY, PRODUCT, FormField, N_, PromotionKind, register,
                                        kept_units, total_quantity, whole_units)
from pos.domain.promotion_rules import (CODES, DISCOUNT, NUMBER, Param, PromotionInvalid, Rule, RuleData,
                                        money_value, product_ids, whole_number)
from pos.money import Money, allocate

COMBO = R.COMBO
SLOTS = ("first", "second", "third")  # up to three products, one or more of each


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    items: dict[int, int] = {}
    for slot in SLOTS:
        ids = product_ids(p.get(slot), data, slot)
        if len(ids) > 1:
            raise PromotionInvalid("bad_choice", field=slot, value=str(p.get(slot)))
        for product_id in ids:
            count = whole_number(p.get(f"{slot}_qty", 1), f"{slot}_qty", maximum=1000)
            items[product_id] = items.get(product_id, 0) + count
    if len(items) < 1 or sum(items.values()) < 2:
        raise PromotionInvalid("missing", field="second")
    return {"effect": DISCOUNT, "amount": money_value(p.get("price"), "price"),
            "params": (("items", tuple(sorted(items.items()))),)}


def items(rule: Rule) -> dict[int, int]:
    """product id -> units in one set."""
    return dict(rule.param("items", ()))


def sets_in(rule: Rule, lines: list) -> int:
    """How many complete sets these lines hold."""
    need = items(rule)
    held = {pid: whole_units(total_quantity([line for line in lines if line.entry.product_id == pid]))
            for pid in need}
    return min(held[pid] // count for pid, count in need.items())


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    need = items(rule)
    mine = [line for line in lines if line.entry.product_id in need]
    sets = sets_in(rule, mine)
    if not sets:
        return
    # one unit price per product (lines of one product share it); what a set costs at those prices
    unit = {pid: min(line.unit.minor for line in mine if line.entry.product_id == pid) for pid in need}
    parts = sum(unit[pid] * count for pid, count in need.items())
    saving = sets * (parts - rule.amount.minor)
    if saving <= 0:
        return  # the parts are cheaper than the combo: it gives nothing
    products = sorted(need)
    shares = allocate(Money(saving), [unit[pid] * need[pid] for pid in products])
    taken: list[tuple[Any, Money]] = []
    for pid, share in zip(products, shares):
        # the share goes on the units the sets use, line by line (cheapest first, then in the cart's order)
        left = sets * need[pid]
        used = []
        for line in sorted((line for line in mine if line.entry.product_id == pid),
                           key=lambda line: (line.choice_order, line.index)):
            units = min(left, whole_units(line.quantity))
            left -= units
            used.append((line, units))
        weights = [units * unit[pid] for _line, units in used]
        taken += list(zip([line for line, _units in used],
                          allocate(share, weights) if sum(weights) else [Money(0)] * len(used)))
    pricing.take_off(rule, taken, COMBO, name=rule.name, price=rule.amount.minor, sets=sets)


def still_earned(rule: Rule, paid: list, kept: Any) -> Money:
    """The saving the items a customer keeps after a refund still earn: as many sets as they still make up,
    at the unit prices of the sale (a refund of one half of a combo takes back its set's saving)."""
    need = items(rule)
    held = kept_units(paid, kept, lambda line: line.product_id in need)
    units = {pid: sum(n for line, n in held if line.product_id == pid) for pid in need}
    sets = min(units[pid] // count for pid, count in need.items())
    if not sets:
        return Money(0)
    unit = {pid: min(line.unit_price.minor for line, _n in held if line.product_id == pid) for pid in need}
    return Money(max(0, sets * (sum(unit[pid] * count for pid, count in need.items()) - rule.amount.minor)))


def words(v: Any, say: Any) -> str:
    if v.get("sets"):  # on a sale: how many sets it priced
        return say(N_("{name} ({sets} × {price})"), name=v.get("name", ""), sets=v["sets"], price=say.money(v["price"]))
    return say(N_("{name}: together for {price}"), name=v.get("name", ""), price=say.money(v["price"]))


def headline(rule: Rule) -> tuple[str, dict[str, Any]]:
    return COMBO, {"name": rule.name, "price": rule.amount.minor if rule.amount is not None else 0}


_LABELS = {"first": (N_("First product of the combo"), N_("How many of the first product")),
           "second": (N_("Second product of the combo"), N_("How many of the second product")),
           "third": (N_("Third product of the combo"), N_("How many of the third product"))}
_PARAMETERS = tuple(p for slot in SLOTS for p in (Param(slot, CODES, required=slot != "third", label=_LABELS[slot][0]),
                                                 Param(f"{slot}_qty", NUMBER, label=_LABELS[slot][1]))) + (
    Param("price", NUMBER, required=True, label=N_("Combo price")),)

KIND = register(PromotionKind(
    code=COMBO, label=N_("A combo price (bundle)"), parameters=_PARAMETERS, build=build, apply=apply,
    reasons={COMBO: words}, headline=headline, refund_discount=still_earned,
    form=((FormField("combo_first_qty", COUNT, "parameters.first_qty", default=1),
           FormField("combo_first", PRODUCT, "parameters.first"), N_("+"),
           FormField("combo_second_qty", COUNT, "parameters.second_qty", default=1),
           FormField("combo_second", PRODUCT, "parameters.second")),
          (N_("+"), FormField("combo_third_qty", COUNT, "parameters.third_qty", default=1),
           FormField("combo_third", PRODUCT, "parameters.third", none=N_("nothing more"))),
          (N_("together for Rp"), FormField("combo_price", MONEY, "parameters.price", default=25000),
           N_("(as many times as the order holds complete sets)"))),
    example=("combo_first", 1),
))
