"""A promotion kind that only the tests know, declared in this one place: "every N items of a category,
mixed as the customer likes, give one gift product free".

It proves that a new kind is one declaration: the tests register it (``example_kind`` fixture), and the pure
engine prices it, the editor shows and saves it, a receipt words it and a refund takes back a gift no
longer earned, without a line of it anywhere in ``pos``. It looks at several lines at once (the items are
counted over every product of its scope) and keeps a value of its own in ``Rule.params``.
"""

from __future__ import annotations

from typing import Any

import pytest

from pos.domain.promotion_kinds import (COUNT, PRODUCT, SCOPE, FormField, N_, PromotionKind, register, total_quantity,
                                        unregister, whole_units)
from pos.domain.promotion_rules import (CODES, FREE_EACH, NUMBER, Param, PromotionInvalid, Rule, RuleData,
                                        product_ids, whole_number)
from pos.money import Quantity

CODE = "mixed_gift"
REASON = "mixed_gift"


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    gift = product_ids(p.get("gift_product"), data, "gift_product")
    if len(gift) != 1:
        raise PromotionInvalid("missing", field="gift_product")
    return {"effect": FREE_EACH, "reward_products": gift, "params": (("every", whole_number(p.get("every"),
                                                                                            "every")),)}


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    every = rule.param("every")
    times = whole_units(total_quantity(lines)) // every  # all the lines of the scope, counted together
    why = pricing.why(REASON, every=every, name=rule.name)
    if times and pricing.reward(rule, rule.reward_products, Quantity.of(times), why):
        pricing.mark(rule, lines)


def words(v: Any, say: Any) -> str:
    return say(N_("A gift for every {every} items"), every=v["every"])


def earned(v: Any, bonus: Any, kept: Any, paid: list, whole_cart: bool) -> int:
    units = whole_units(Quantity(sum(kept[line.id].thousandths for line in paid)))
    return units // int(v["every"])


KIND = PromotionKind(
    code=CODE, label=N_("A gift for every few items, mixed"),
    parameters=(Param("every", NUMBER, required=True, label=N_("Items per gift")),
                Param("gift_product", CODES, required=True, label=N_("Gift product"))),
    build=build, apply=apply, reasons={REASON: words},
    headline=lambda rule: (REASON, {"every": rule.param("every"), "name": rule.name}),
    refunds={REASON: earned},
    form=((N_("Every"), FormField("mixed_every", COUNT, "parameters.every", default=3, minimum=2), N_("items of"),
           FormField("mixed_scope", SCOPE, none=N_("the whole order")), N_("give"),
           FormField("mixed_gift", PRODUCT, "parameters.gift_product"), N_("free")),),
    example=("mixed_scope", "mixed_every"),
)


@pytest.fixture
def example_kind():
    register(KIND)
    yield KIND
    unregister(CODE)
