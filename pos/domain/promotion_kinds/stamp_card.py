"""The stamp card: stamps earned per visit, item or amount; a full card gives a product or an amount off.

Its effect is the engine's own (``pos.domain.pricing``: stamps are a ledger, a full card is offered to the
cashier and redeemed after every promotion), so ``apply`` is ``None``.
"""

from __future__ import annotations

from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import CHOICE, COUNT, MONEY, PRODUCT, FormField, N_, NONE, PromotionKind, register
from pos.domain.promotion_rules import (CODES, NUMBER, STAMPS, TEXT, Param, PromotionInvalid, RuleData, money_value,
                                        product_ids, whole_number)


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    earn = p.get("earn", "item" if p.get("stamps_per_item") else "sale")
    if earn not in ("sale", "item", "amount"):
        raise PromotionInvalid("bad_choice", field="earn", value=str(earn))
    fields: dict[str, Any] = {"effect": STAMPS, "earn": earn,
                              "stamps_needed": whole_number(p.get("stamps_needed"), "stamps_needed")}
    if earn == "amount":
        fields["earn_amount"] = money_value(p.get("earn_amount"), "earn_amount")
    if p.get("reward_product"):
        fields["reward_products"] = product_ids(p["reward_product"], data, "reward_product")
    elif p.get("reward_amount") is not None:
        fields["amount"] = money_value(p["reward_amount"], "reward_amount")
    else:
        raise PromotionInvalid("missing", field="reward_product")
    if p.get("expiry_months") is not None:
        fields["expiry_months"] = whole_number(p["expiry_months"], "expiry_months")
    return fields


def words(v: Any, say: Any) -> str:
    return say(N_("Stamp card reward ({stamps} stamps)"), stamps=v["stamps"])


KIND = register(PromotionKind(
    code="stamp_card", label=N_("The stamp card"),
    parameters=(Param("earn", TEXT), Param("earn_amount", NUMBER), Param("stamps_needed", NUMBER, required=True),
                Param("reward_product", CODES), Param("reward_amount", NUMBER), Param("expiry_months", NUMBER),
                Param("stamps_per_item", NUMBER)),  # the older way of saying earn "item"
    build=build, apply=None, reasons={R.STAMP_REWARD: words},
    form=((N_("One stamp for"),
           FormField("earn", CHOICE, "parameters.earn", default="sale",
                     choices=(("sale", N_("each visit")), ("item", N_("each item")), ("amount", N_("every Rp …")))),
           FormField("earn_amount", MONEY, "parameters.earn_amount", only_if=("earn", "amount"))),
          (FormField("stamps_needed", COUNT, "parameters.stamps_needed", default=10), N_("stamps give"),
           FormField("stamp_reward", PRODUCT, "parameters.reward_product", none=N_("an amount off:")),
           FormField("stamp_amount", MONEY, "parameters.reward_amount", only_if=("stamp_reward", NONE))),
          (N_("Stamps expire after"), FormField("expiry", COUNT, "parameters.expiry_months", default=0, minimum=0,
                                                maximum=120, blank=0), N_("months (0: never)")),
          (N_("A customer collects on one card; the shop has one stamp card at a time."),)),
))
