"""Promotions as one shape of conditions and reward, built from the owner's data and checked.

A promotion's *kind* is one declaration in ``pos.domain.promotion_kinds`` (its parameters, how it is
built and priced, its words, its form, its refund rule); the built-in kinds are imported here, so they are
known wherever promotions are. ``build_rule`` turns the stored data into a ``Rule`` or raises
``PromotionInvalid`` with a problem code that ``i18n`` puts into words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pos.domain import promotion_kinds
from pos.domain.promotion_kinds import buy_x_get_y, discounts, gifts, stamp_card  # noqa: F401  (they register)
from pos.domain.promotion_kinds import buy_get_discount, cheapest, combo  # noqa: F401  (#22: after the first ones)
from pos.domain.promotion_rules import (CODES, CONDITIONS, DISCOUNT, FREE_EACH, FREE_THRESHOLD, STAMPS, Conditions,
                                        Param, PromotionInvalid, Rule, RuleData, check_keys, conditions_of, names,
                                        option_ids, product_ids, whole_number)
from pos.domain.reasons import DISCOUNT_CODES

__all__ = ["CODES", "CONDITIONS", "DISCOUNT", "DISCOUNT_KINDS", "FREE_EACH", "FREE_THRESHOLD", "PARAMETERS", "PRESETS",
           "STAMPS", "Conditions", "Param", "PromotionInvalid", "Rule", "RuleData", "build_rule", "check_keys",
           "registry"]

registry = promotion_kinds  # imported from here, the registry holds the built-in kinds too
DISCOUNT_KINDS = DISCOUNT_CODES  # the built-in discount kinds (a discount's reason code is its kind)


class _Registered(Mapping[str, Any]):
    """A live view of the registry: kind code -> one attribute of its declaration."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __getitem__(self, code: str) -> Any:
        kind = promotion_kinds.get(code)
        if kind is None:
            raise KeyError(code)
        return getattr(kind, self.attribute)

    def __iter__(self) -> Iterator[str]:
        return iter([kind.code for kind in promotion_kinds.kinds()])

    def __len__(self) -> int:
        return len(promotion_kinds.kinds())


PRESETS: Mapping[str, Any] = _Registered("build")  # kind -> its builder
PARAMETERS: Mapping[str, tuple[Param, ...]] = _Registered("parameters")  # kind -> what it may say


def build_rule(data: RuleData) -> Rule:
    """The rule the engine runs, or PromotionInvalid saying what is wrong."""
    kind = promotion_kinds.get(data.kind) if isinstance(data.kind, str) else None
    if kind is None:
        raise PromotionInvalid("unknown_kind", kind=data.kind)
    if not isinstance(data.name, str) or not data.name.strip():
        raise PromotionInvalid("missing", field="name")
    try:
        if not isinstance(data.conditions, dict) or not isinstance(data.parameters or {}, dict):
            raise PromotionInvalid("malformed", detail="conditions and parameters are objects")
        check_keys(data.conditions, CONDITIONS, "unknown_condition")
        check_keys(data.parameters or {}, kind.parameters, "unknown_parameter")
        scope = product_ids(data.conditions.get("products"), data, "products")
        fields = kind.build(data.parameters or {}, data, scope)
        return Rule(
            id=data.id, name=data.name, kind=data.kind, stackable=bool(data.stackable),
            priority=whole_number(data.priority, "priority", minimum=0, maximum=10**6),
            scope_products=frozenset(scope), scope_categories=names(data.conditions.get("categories"),
                                                                    "categories", data),
            scope_options=option_ids(data.conditions.get("options"), data),
            conditions=conditions_of(data, scope), **fields,
        )
    except PromotionInvalid:
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:  # data of the wrong shape
        raise PromotionInvalid("malformed", detail=str(exc)) from None
