"""What every promotion is made of: the rule the engine runs, its conditions, and the checks of its values.

A promotion's *kind* (``pos.domain.promotion_kinds``) fills the same fields of one ``Rule`` (scope,
conditions, trigger, reward); ``pos.domain.promotions.build_rule`` turns stored data into a ``Rule`` or
raises ``PromotionInvalid`` with a problem code that ``i18n`` puts into words.

Stored shape (JSON in the promotion row):

    conditions: products [codes], categories [names], tiers [codes], exclude_tiers [codes],
                segments [codes], options [option choice ids] (a promotion on a choice),
                customers [member codes], first_purchase bool, birthday "week"|"month",
                min_total rupiah (cart at unit prices), min_qty (in scope)
    parameters: declared by each kind (``PromotionKind.parameters``)

Declared, with their types, in ``CONDITIONS`` (below) and each kind's parameters: any other key is
refused (``unknown_condition`` / ``unknown_parameter``), so a misspelling never changes what a rule does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pos.domain.errors import DomainError
from pos.money import Money, Quantity

FREE_EACH, FREE_THRESHOLD, DISCOUNT, STAMPS = "free_each", "free_threshold", "discount", "stamps"


class PromotionInvalid(DomainError):
    """A promotion that cannot be saved: ``code`` names the problem, ``params`` its values."""


@dataclass(frozen=True)
class Conditions:
    tiers: frozenset[str] = frozenset()
    exclude_tiers: frozenset[str] = frozenset()  # e.g. a student discount that never reaches a reseller
    segments: frozenset[str] = frozenset()
    customers: frozenset[int] = frozenset()
    first_purchase: bool = False
    birthday: str = ""  # "" | "week" | "month"
    min_total: Money | None = None  # the cart at unit prices
    min_qty: Quantity | None = None  # in scope
    valid_from: dt.datetime | None = None  # shop-local
    valid_to: dt.datetime | None = None  # shop-local, exclusive
    weekdays: frozenset[int] = frozenset(range(7))  # Monday = 0
    hour_from: int | None = None  # shop-local, inclusive
    hour_to: int | None = None  # exclusive
    max_uses: int | None = None  # per customer
    max_uses_total: int | None = None  # sales in all, every customer and till (counted by the services)


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    kind: str
    effect: str  # FREE_EACH | FREE_THRESHOLD | DISCOUNT | STAMPS
    priority: int = 100
    stackable: bool = True
    scope_products: frozenset[int] = frozenset()  # both empty: the whole cart
    scope_categories: frozenset[str] = frozenset()
    conditions: Conditions = field(default_factory=Conditions)
    buy: int = 0  # FREE_EACH: every `buy` units …
    get: int = 0  # … give `get` free
    reward_products: tuple[int, ...] = ()  # FREE_*: the free item, or the choice; STAMPS: the reward
    reward_qty: Quantity = Quantity(1000)
    per: Quantity | None = None  # FREE_THRESHOLD: repeat for every `per` units in scope
    percent: Decimal | None = None  # DISCOUNT
    amount: Money | None = None  # DISCOUNT (fixed), STAMPS (amount off as reward)
    cap: Money | None = None  # DISCOUNT
    earn: str = "sale"  # STAMPS: "sale" | "item" | "amount"
    earn_amount: Money | None = None
    stamps_needed: int = 0
    expiry_months: int | None = None
    params: tuple[tuple[str, Any], ...] = ()  # what a kind needs beyond these fields, as (name, value)
    # a promotion on a choice ("extra shot half price"): only lines carrying one of these option choices, and
    # a discount only on what those choices add to the line (pos.domain.pricing)
    scope_options: frozenset[int] = frozenset()

    whole_cart: bool = field(init=False, default=False)  # no product, no category and no choice named

    def __post_init__(self) -> None:
        object.__setattr__(self, "whole_cart",
                           not self.scope_products and not self.scope_categories and not self.scope_options)

    def param(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)

    def in_scope(self, product_id: int, category: str, option_ids: frozenset[int] = frozenset()) -> bool:
        if self.scope_options and not (self.scope_options & option_ids):
            return False
        if not self.scope_products and not self.scope_categories:
            return True
        return product_id in self.scope_products or category in self.scope_categories


@dataclass(frozen=True)
class RuleData:
    """A promotion row as plain values; product codes already resolved to ids by the caller."""

    id: int
    name: str
    kind: str
    conditions: dict[str, Any]
    parameters: dict[str, Any]
    product_ids: dict[str, int]  # product code -> id, for every code the row names
    priority: int = 100
    stackable: bool = True
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    weekdays: str = "0123456"
    hour_from: int | None = None
    hour_to: int | None = None
    max_uses: int | None = None
    max_uses_total: int | None = None
    customer_ids: dict[str, int] = field(default_factory=dict)  # member code -> id
    option_ids: frozenset[int] | None = None  # the option choices the shop has (None: not checked)
    # names the shop has, to catch a misspelt category, tier or segment (empty: not checked)
    known: dict[str, frozenset[str]] = field(default_factory=dict)


MAX_AMOUNT = 10**12  # Rp 1 trillion: anything above is a typing slip
MAX_UNITS = 1_000_000


def whole_number(value: Any, what: str, *, minimum: int = 1, maximum: int = MAX_AMOUNT) -> int:
    if isinstance(value, bool):
        raise PromotionInvalid("not_a_number", field=what, value=str(value))
    try:
        number = int(value)
        exact = Decimal(str(value).strip())
    except (TypeError, ValueError, ArithmeticError):
        raise PromotionInvalid("not_a_number", field=what, value=str(value)) from None
    if not exact.is_finite() or number != exact:
        raise PromotionInvalid("not_a_number", field=what, value=str(value))
    if number < minimum:
        raise PromotionInvalid("too_small", field=what, minimum=minimum)
    if number > maximum:
        raise PromotionInvalid("too_large", field=what, maximum=maximum)
    return number


def names(value: Any, what: str, data: RuleData) -> frozenset[str]:
    """A list of names (one name alone is a list of one), each known to the shop."""
    if value is None:
        return frozenset()
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set, frozenset)) or not all(isinstance(i, str) for i in items):
        raise PromotionInvalid("bad_choice", field=what, value=str(value))
    known = data.known.get(what)
    for item in items:
        if known and item not in known:
            raise PromotionInvalid("unknown_name", field=what, value=item)
    return frozenset(items)


def quantity_value(value: Any, what: str) -> Quantity:
    if isinstance(value, bool):
        raise PromotionInvalid("not_a_number", field=what, value=str(value))
    try:
        qty = Quantity.of(str(value))
    except (ValueError, ArithmeticError):
        raise PromotionInvalid("not_a_number", field=what, value=str(value)) from None
    if qty.thousandths <= 0:
        raise PromotionInvalid("too_small", field=what, minimum=0)
    if qty.thousandths > MAX_UNITS * 1000:
        raise PromotionInvalid("too_large", field=what, maximum=MAX_UNITS)
    return qty


def money_value(value: Any, what: str) -> Money:
    return Money(whole_number(value, what, minimum=1))


def product_ids(codes: Any, data: RuleData, what: str) -> tuple[int, ...]:
    if isinstance(codes, str):
        codes = [codes]
    if codes is not None and not isinstance(codes, (list, tuple)):
        raise PromotionInvalid("bad_choice", field=what, value=str(codes))
    ids = []
    for code in codes or ():
        if code not in data.product_ids:
            raise PromotionInvalid("unknown_product", field=what, product=str(code))
        ids.append(data.product_ids[code])
    return tuple(ids)


def _hours(data: RuleData) -> tuple[int | None, int | None]:
    start = whole_number(data.hour_from, "hour_from", minimum=0, maximum=23) if data.hour_from is not None else None
    end = whole_number(data.hour_to, "hour_to", minimum=1, maximum=24) if data.hour_to is not None else None
    if start is not None and end is not None and end <= start:
        raise PromotionInvalid("bad_hours", start=start, end=end)  # overnight windows: make two promotions
    return start, end


def _customers(value: Any, data: RuleData) -> frozenset[int]:
    ids = set()
    for code in names(value, "customers", data):
        if code not in data.customer_ids:
            raise PromotionInvalid("unknown_customer", value=code)
        ids.add(data.customer_ids[code])
    return frozenset(ids)


def option_ids(value: Any, data: RuleData) -> frozenset[int]:
    """The option choices a promotion targets, each one the shop has."""
    ids = frozenset(value or ())
    if data.option_ids is not None:
        for choice in sorted(ids - data.option_ids):
            raise PromotionInvalid("unknown_option", value=str(choice))
    return ids


def conditions_of(data: RuleData, scope_products: tuple[int, ...]) -> Conditions:
    c = data.conditions
    if data.valid_from and data.valid_to and data.valid_to <= data.valid_from:
        raise PromotionInvalid("ends_before_start")
    weekdays = frozenset(int(d) for d in str(data.weekdays) if d.isdigit() and int(d) < 7)
    if not weekdays:
        raise PromotionInvalid("no_weekday")
    hour_from, hour_to = _hours(data)
    if c.get("birthday", "") not in ("", "week", "month"):
        raise PromotionInvalid("bad_birthday", value=str(c.get("birthday")))
    return Conditions(
        tiers=names(c.get("tiers"), "tiers", data), exclude_tiers=names(c.get("exclude_tiers"), "tiers", data),
        segments=names(c.get("segments"), "segments", data), customers=_customers(c.get("customers"), data),
        first_purchase=bool(c.get("first_purchase", False)), birthday=c.get("birthday", ""),
        min_total=money_value(c["min_total"], "min_total") if c.get("min_total") is not None else None,
        min_qty=quantity_value(c["min_qty"], "min_qty") if c.get("min_qty") is not None else None,
        valid_from=data.valid_from, valid_to=data.valid_to, weekdays=weekdays,
        hour_from=hour_from, hour_to=hour_to,
        max_uses=whole_number(data.max_uses, "max_uses") if data.max_uses is not None else None,
        max_uses_total=(whole_number(data.max_uses_total, "max_uses_total")
                        if data.max_uses_total is not None else None),
    )


def discount_fields(p: dict[str, Any]) -> dict[str, Any]:
    if p.get("percent") is not None:
        try:
            percent = Decimal(str(p["percent"]).replace(",", "."))
        except InvalidOperation:
            raise PromotionInvalid("not_a_number", field="percent", value=str(p["percent"])) from None
        if isinstance(p["percent"], bool) or not percent.is_finite():
            raise PromotionInvalid("not_a_number", field="percent", value=str(p["percent"]))
        if not Decimal(0) < percent <= Decimal(100):
            raise PromotionInvalid("bad_percent", value=str(percent))
        fields: dict[str, Any] = {"percent": percent}
    elif p.get("amount") is not None:
        fields = {"amount": money_value(p["amount"], "amount")}
    else:
        raise PromotionInvalid("missing", field="percent")
    if p.get("cap") is not None:
        fields["cap"] = money_value(p["cap"], "cap")
    return fields


# --- what a promotion may say, declared once ------------------------------------------------------
# Anything else is refused when it is saved: a misspelt "product" must not turn a bonus pack into a
# whole-cart rule. The kinds' builders check the values; these declarations check names and shapes.

NUMBER, TEXT, CODES, NAMES, FLAG, IDS = "number", "text", "codes", "names", "flag", "ids"


@dataclass(frozen=True)
class Param:
    """One key of a promotion's conditions or parameters: its name, its type, whether it must be there."""

    name: str
    type: str  # NUMBER (a number, or its text) | TEXT | CODES (product codes) | NAMES | FLAG (true/false) | IDS
    required: bool = False
    label: str = ""  # its name for the owner (N_ text), when i18n does not word it already


# conditions: the same for every kind
CONDITIONS: tuple[Param, ...] = (
    Param("products", CODES), Param("categories", NAMES), Param("tiers", NAMES), Param("exclude_tiers", NAMES),
    Param("segments", NAMES), Param("customers", NAMES), Param("first_purchase", FLAG), Param("birthday", TEXT),
    Param("min_total", NUMBER), Param("min_qty", NUMBER), Param("options", IDS),
)


def _shape_ok(kind: str, value: Any) -> bool:
    if kind == NUMBER:
        return isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool)
    if kind == TEXT:
        return isinstance(value, str)
    if kind == FLAG:
        return isinstance(value, bool)
    if kind == IDS:
        return isinstance(value, (list, tuple)) and all(isinstance(i, int) and not isinstance(i, bool) for i in value)
    items = (value,) if isinstance(value, str) else value
    return isinstance(items, (list, tuple)) and all(isinstance(i, str) for i in items)


def check_keys(given: dict[str, Any], declared: tuple[Param, ...], problem: str) -> None:
    """Refuse a key that is not declared, a value of the wrong shape, a required key that is absent."""
    names = {p.name: p for p in declared}
    for key in given:
        if key not in names:
            raise PromotionInvalid(problem, key=str(key), allowed=", ".join(names))
    for p in declared:
        value = given.get(p.name)
        if value is None:
            if p.required:
                raise PromotionInvalid("missing", field=p.name)
            continue
        if not _shape_ok(p.type, value):
            raise PromotionInvalid("not_a_number" if p.type == NUMBER else "bad_choice", field=p.name,
                                   value=str(value))
