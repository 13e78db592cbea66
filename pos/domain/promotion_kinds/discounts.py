"""Discounts: a percentage or an amount off, within a cap; four kinds that differ in the condition they need.

A discount's reason code is its kind, so a receipt says which discount it was.
"""

from __future__ import annotations

from typing import Any

from pos.domain import reasons as R
from pos.domain.promotion_kinds import MONEY, OPTION, PERCENT, SCOPE, FormField, N_, PromotionKind, register
from pos.domain.promotion_rules import DISCOUNT, NUMBER, Param, PromotionInvalid, Rule, RuleData, discount_fields


def build(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
    return {"effect": DISCOUNT, **discount_fields(p)}


def _requiring(condition: str, present: Any) -> Any:
    """A discount kind that means nothing without its defining condition."""
    def build_with(p: dict[str, Any], data: RuleData, scope: tuple[int, ...]) -> dict[str, Any]:
        if not present(data):
            raise PromotionInvalid("missing", field=condition)
        return build(p, data, scope)
    return build_with


def values(rule: Rule) -> dict[str, Any]:
    """What the receipt says about the discount: its name, the percentage or amount, the hour of a markdown."""
    said: dict[str, Any] = {"name": rule.name}
    if rule.percent is not None:
        said["percent"] = format(rule.percent.normalize(), "f")
    else:
        said["amount"] = (rule.amount.minor if rule.amount is not None else 0)
    if rule.kind == R.MARKDOWN and rule.conditions.hour_from is not None:
        said["hour"] = rule.conditions.hour_from
    return said


def apply(pricing: Any, rule: Rule, lines: list) -> None:
    pricing.discount(rule, lines, rule.kind, **values(rule))


def words(v: Any, say: Any) -> str:
    if say.amount is not None and say.amount.minor and v.get("name"):
        return say(N_("{name} ({amount})"), name=v["name"], amount=say.money(say.amount.minor))
    said = f"{v['percent']}%" if "percent" in v else say.money(v["amount"])
    if v.get("name") and said.replace(" ", "") in str(v["name"]).replace(" ", ""):
        return str(v["name"])  # "Diskon pelajar 5%" says it already
    if "percent" in v:
        return say(N_("{name}: {percent}% off"), name=v.get("name", ""), percent=v["percent"])
    return say(N_("{name}: {amount} off"), name=v.get("name", ""), amount=say.money(v["amount"]))


def markdown_words(v: Any, say: Any) -> str:
    if "hour" not in v:
        return words(v, say)
    hour = f"{int(v['hour']):02d}"
    if "percent" in v:
        return say(N_("{percent}% off from {hour}:00"), percent=v["percent"], hour=hour)
    return say(N_("{amount} off from {hour}:00"), amount=say.money(v["amount"]), hour=hour)


_FORM = ((FormField("percent", PERCENT, "parameters.percent"), N_("% off, or Rp"),
          FormField("amount", MONEY, "parameters.amount", only_if=("percent", "")), N_("off, on"),
          FormField("discount_on", SCOPE, none=N_("the whole order")), N_("at most Rp"),
          FormField("cap", MONEY, "parameters.cap")),
         (N_("Only on what a choice adds:"),  # "extra shot half price": off the choice's price on the lines with it
          FormField("on_choice", OPTION, "conditions.options", listed=True, none=N_("no, on the whole line"))))
_PARAMETERS = (Param("percent", NUMBER), Param("amount", NUMBER), Param("cap", NUMBER))


def _discount(code: str, label: str, build_with: Any, hint: str = "") -> PromotionKind:
    return register(PromotionKind(
        code=code, label=label, parameters=_PARAMETERS, build=build_with, apply=apply,
        reasons={code: markdown_words if code == R.MARKDOWN else words},
        headline=lambda rule: (rule.kind, values(rule)), form=_FORM, example=("discount_on", 3), hint=hint))


DISCOUNT_KIND = _discount(R.DISCOUNT, N_("A discount"), build)
SEGMENT_DISCOUNT = _discount(R.SEGMENT_DISCOUNT, N_("A discount for a group (students, mothers…)"),
                             _requiring("segments", lambda d: d.conditions.get("segments")),
                             N_("Tick the group(s) below."))
PERIOD_DISCOUNT = _discount(R.PERIOD_DISCOUNT, N_("A seasonal promo (Ramadan, Christmas…)"),
                            _requiring("valid_from", lambda d: d.valid_from or d.valid_to), N_("Set the dates below."))
MARKDOWN = _discount(R.MARKDOWN, N_("Happy hour (cheaper at certain hours)"),
                     _requiring("hour_from", lambda d: d.hour_from is not None), N_("Set the hours below."))
