"""Pricing a cart: unit prices, promotions, tax and cash rounding, each adjustment with its reason.

``price_cart`` is pure: plain values in, a ``PricedCart`` out; the moment of
sale is a parameter (shop-local time). Same input, same output, whatever the
order of the lines.

The policy, in order (the README repeats it for the owner):

1. Unit price per product: the customer's special price; else, in the customer's
   tier, the entry with the highest minimum quantity reached by the product's
   total quantity in the cart (lines of one product count together); else retail.
   A line's choices (size, sugar, extras; ``pos.domain.options``) add their prices on top: lines of
   one product with different choices still count together for a quantity break.
2. Promotions whose conditions hold run by priority (smaller number first, then
   by id). Thresholds look at the cart at its unit prices, before any discount.
3. A stackable promotion combines with any other. A non-stackable one applies
   only to lines no earlier discount touched, and once it has applied, no later
   promotion touches those lines. So with two non-stackable discounts on one
   cake, the one with the higher priority wins. Free items and stamps only count
   lines: a stackable gift still sees a discounted line.
4. A percentage is taken of what is left of the line after earlier discounts,
   rounded per line; a fixed amount is per unit on a product or category, once on
   the whole cart (shared over the lines in proportion). A cap limits what one
   promotion gives. No line goes below zero; bonus (free) lines are never discounted.
   A percentage takes its share of the whole line, choices included. A promotion on a
   choice ("extra shot half price") acts on the lines carrying it, and only on what the
   choice adds to them (quantity × the choice's price).
   Buy X get Y counts a product's units whatever their choices; the free unit is made
   like the cheapest of those lines (its choices; on a tie, the choices first by name), and is
   free whole, choices included.
5. Stamps: a stamp card earns on the paid lines in its scope (none below its
   minimum purchase); when the customer has enough, the engine offers the
   reward and applies it once the cashier accepts it. A reward is redeemed like a
   voucher, after every promotion and whatever their stacking.
6. Tax after discounts, rounded once per sale; prices inclusive or exclusive.
7. Cash rounding of the total to the shop's unit (nearest or down), as its own
   figure; non-cash payments pay the exact total.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any

from pos.domain import reasons as R
from pos.domain import promotion_kinds
from pos.domain.options import ChosenOption, options_key, options_price
from pos.domain.promotions import DISCOUNT, STAMPS, Conditions, Rule
from pos.money import QUANTITY_SCALE, Money, Quantity, allocate, line_amount, percent_of, round_half_up, round_to_step

RETAIL, TIER, SPECIAL, OVERRIDE = "retail", "tier", "special", "override"
DAY_OLD = "day_old"  # yesterday's goods at the day-old price


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierEntry:
    tier: str
    min_qty: Quantity
    price: Money


@dataclass(frozen=True)
class PriceEntry:
    product_id: int
    name: str
    category: str
    retail: Money
    tiers: tuple[TierEntry, ...] = ()
    cost: Money | None = None  # what one unit costs the shop (None: the owner gave none); stored with a sold line
    made_daily: bool = False  # baked each day: checkout counts it off the day's tray (issue #25)
    day_old_percent: int | None = None  # yesterday's goods sell at this % of retail; None: no day-old price


@dataclass(frozen=True)
class CartLine:
    product_id: int
    quantity: Quantity
    price: Money | None = None  # the owner's manual price for this line: no tier, no promotion discount
    options: tuple[ChosenOption, ...] = ()  # the choices (size, sugar, extras), each with its price at the time
    day_old: bool = False  # yesterday's goods, at the product's day-old price (issue #25)


@dataclass(frozen=True)
class CustomerContext:
    customer_id: int | None = None  # None: a walk-in
    tier: str = "retail"
    segments: frozenset[str] = frozenset()
    special_prices: Mapping[int, Money] = field(default_factory=dict)
    first_purchase: bool = False
    birthday: dt.date | None = None
    stamp_balance: int = 0
    promotion_uses: Mapping[int, int] = field(default_factory=dict)


WALK_IN = CustomerContext()


@dataclass(frozen=True)
class TaxSetting:
    rate: Decimal = Decimal(0)  # per cent; 0 = no tax
    inclusive: bool = False


@dataclass(frozen=True)
class CashRounding:
    step: int = 0  # minor units: 0, 100, 500, 1000
    down: bool = False


@dataclass(frozen=True)
class Selections:
    """What the cashier decided: a product picked for a choice, stamp rewards accepted."""

    choices: Mapping[int, int] = field(default_factory=dict)  # promotion id -> product id
    accepted_offers: frozenset[int] = frozenset()  # stamp-card promotion ids


# --- outputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a figure is what it is: a code and plain values, put into words by i18n."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()
    promotion_id: int | None = None
    amount: Money = Money(0)  # the effect (negative: given away)

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)


def reason(code: str, *, promotion_id: int | None = None, effect: Money = Money(0), **params: Any) -> Reason:
    return Reason(code, tuple(sorted(params.items())), promotion_id, effect)


@dataclass(frozen=True)
class PricedLine:
    line_index: int | None  # position in the cart; None for a bonus line
    product_id: int
    name: str
    category: str
    quantity: Quantity
    retail_price: Money
    unit_price: Money
    price_source: str  # retail | tier | special | override | bonus
    gross: Money  # quantity × unit price
    discount: Money
    amount: Money  # gross − discount
    is_bonus: bool = False
    promotion_id: int | None = None
    reasons: tuple[Reason, ...] = ()
    options: tuple[ChosenOption, ...] = ()  # their prices are in unit_price and retail_price


@dataclass(frozen=True)
class Choice:
    promotion_id: int
    options: tuple[int, ...]
    quantity: Quantity
    chosen: int | None


@dataclass(frozen=True)
class StampOffer:
    promotion_id: int
    stamps_needed: int
    reward_product: int | None
    amount: Money | None
    accepted: bool


@dataclass(frozen=True)
class PricedCart:
    lines: tuple[PricedLine, ...]
    subtotal: Money  # paid lines at their unit prices
    discount_total: Money
    bonus_value: Money  # free items at retail value
    tax: Money
    total: Money  # exact: what a non-cash payment pays
    cash_total: Money
    cash_rounding: Money  # cash_total − total
    choices: tuple[Choice, ...] = ()
    offers: tuple[StampOffer, ...] = ()
    stamps_earned: tuple[tuple[int, int], ...] = ()  # (promotion id, stamps)
    stamps_used: int = 0
    applied: tuple[int, ...] = ()  # promotion ids that changed something
    tax_reason: Reason | None = None

    @property
    def given_by_prices(self) -> Money:
        """What tier and special prices gave away against retail."""
        return Money(sum(r.amount.minor for line in self.lines for r in line.reasons if r.promotion_id is None))


class PricingError(ValueError):
    """The cart names a product the price book does not hold."""


# --- the engine -------------------------------------------------------------------------------


@dataclass
class _Line:
    index: int
    entry: PriceEntry
    quantity: Quantity
    unit: Money
    source: str
    gross: Money
    discount: Money = Money(0)
    reasons: list[Reason] = field(default_factory=list)
    touched: bool = False
    closed: bool = False  # a non-stackable promotion applied here
    options: tuple[ChosenOption, ...] = ()
    options_unit: Money = Money(0)  # what the choices add to one unit

    @property
    def left(self) -> Money:
        return self.gross - self.discount

    @cached_property
    def choice_order(self) -> tuple:
        """Lines of one product in an order that is not the cart's: cheapest first, then by their choices."""
        return (self.unit, options_key(self.options)) if self.options else (self.unit, ())

    @cached_property
    def option_ids(self) -> frozenset[int]:
        return frozenset(o.choice_id for o in self.options if o.choice_id is not None)

    def options_amount(self, choice_ids: frozenset[int]) -> Money:
        """What these choices add to the line (quantity × their prices)."""
        return line_amount(self.quantity, Money(sum(o.price.minor for o in self.options if o.choice_id in choice_ids)))


def _unit_price(entry: PriceEntry, qty: Quantity, customer: CustomerContext) -> tuple[Money, str, Reason | None]:
    special = customer.special_prices.get(entry.product_id)
    if special is not None:
        saved = line_amount(qty, special) - line_amount(qty, entry.retail)
        return special, SPECIAL, reason(R.SPECIAL_PRICE, effect=saved)
    best: TierEntry | None = None
    wanted, reached = customer.tier, qty.thousandths  # plain ints: this runs for every product of every cart
    for t in entry.tiers:
        if t.tier == wanted and t.min_qty.thousandths <= reached and (
                best is None or t.min_qty.thousandths > best.min_qty.thousandths):
            best = t
    if best is None:
        return entry.retail, RETAIL, None
    saved = line_amount(qty, best.price) - line_amount(qty, entry.retail)
    return best.price, TIER, reason(R.TIER_PRICE, effect=saved, tier=best.tier, min_qty=str(best.min_qty))


def _near_birthday(birthday: dt.date, day: dt.date, mode: str) -> bool:
    if mode == "month":
        return birthday.month == day.month
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            this = birthday.replace(year=year)
        except ValueError:  # 29 February in a common year
            this = dt.date(year, 2, 28)
        if abs((day - this).days) <= 3:
            return True
    return False


def conditions_met(c: Conditions, customer: CustomerContext, at: dt.datetime) -> bool:
    """The customer and the moment conditions; basket thresholds are checked by the engine."""
    return _met(c, customer, at, at.weekday(), at.hour)


def _met(c: Conditions, customer: CustomerContext, at: dt.datetime, weekday: int, hour: int) -> bool:
    """``conditions_met`` with the moment's weekday and hour worked out once for a whole cart."""
    if (c.valid_from and at < c.valid_from) or (c.valid_to and at >= c.valid_to):
        return False
    if weekday not in c.weekdays:
        return False
    if (c.hour_from is not None and hour < c.hour_from) or (c.hour_to is not None and hour >= c.hour_to):
        return False
    known = customer.customer_id is not None
    return not (
        (c.tiers and customer.tier not in c.tiers)
        or customer.tier in c.exclude_tiers
        or (c.segments and not (c.segments & customer.segments))
        or (c.customers and customer.customer_id not in c.customers)
        or (c.first_purchase and not (known and customer.first_purchase))
        or (c.birthday and not (customer.birthday and _near_birthday(customer.birthday, at.date(), c.birthday)))
    )


def _usable(rule: Rule, customer: CustomerContext, at: dt.datetime, weekday: int, hour: int) -> bool:
    if not _met(rule.conditions, customer, at, weekday, hour):
        return False
    if rule.conditions.max_uses is not None:  # uses are counted per known customer only
        known = customer.customer_id is not None
        return known and customer.promotion_uses.get(rule.id, 0) < rule.conditions.max_uses
    return True


class _Pricing:
    def __init__(self, lines: list[_Line], book: Mapping[int, PriceEntry], customer: CustomerContext,
                 selections: Selections) -> None:
        self.lines = lines
        self.book = book
        self.customer = customer
        self.selections = selections
        self.subtotal = Money(sum(line.gross.minor for line in lines))
        self.by_product: dict[int, list[_Line]] = {}
        self.by_category: dict[str, list[_Line]] = {}
        for line in lines:
            self.by_product.setdefault(line.entry.product_id, []).append(line)
            self.by_category.setdefault(line.entry.category, []).append(line)
        self.bonus: list[PricedLine] = []
        self.choices: list[Choice] = []
        self.offers: list[StampOffer] = []
        self.earned: list[tuple[int, int]] = []
        self.stamps_used = 0
        self.applied: list[int] = []
        self.rewards: list[Rule] = []

    # which lines a rule may act on
    def scope(self, rule: Rule) -> list[_Line]:
        """The paid lines in the rule's scope that it may act on.

        A discount leaves closed lines alone (and, if non-stackable, any line already
        discounted). A free-item or stamp promotion only counts lines, so a stackable one
        sees them all; a non-stackable one only lines no discount has touched.
        """
        if not rule.scope_products and not rule.scope_categories:
            found = self.lines
        else:
            picked = {line.index: line for pid in rule.scope_products for line in self.by_product.get(pid, ())}
            picked.update((line.index, line) for cat in rule.scope_categories for line in self.by_category.get(cat, ()))
            found = [picked[i] for i in sorted(picked)]
        if rule.scope_options:  # a promotion on a choice: the lines carrying it
            found = [line for line in found if line.option_ids & rule.scope_options]
        if rule.effect != DISCOUNT and rule.stackable:
            return list(found)
        if rule.stackable:
            return [line for line in found if not line.closed]
        return [line for line in found if not line.closed and not line.touched]

    def threshold_met(self, rule: Rule, lines: list[_Line]) -> bool:
        c = rule.conditions
        if c.min_total is not None:
            basis = self.subtotal if rule.whole_cart else Money(sum(line.gross.minor for line in lines))
            if basis < c.min_total:
                return False
        if c.min_qty is not None and _qty(lines) < c.min_qty:
            return False
        return True

    def mark(self, rule: Rule, lines: list[_Line]) -> None:
        """A discount touches its lines; a non-stackable promotion of any kind closes them."""
        for line in lines:
            line.touched = line.touched or rule.effect == DISCOUNT
            line.closed = line.closed or not rule.stackable
        if rule.id not in self.applied:
            self.applied.append(rule.id)

    def add_bonus(self, rule: Rule, product_id: int, qty: Quantity, why: Reason,
                  options: tuple[ChosenOption, ...] = ()) -> None:
        """A free line: the product, with these choices (the cheapest qualifying line's), free choices and all."""
        entry = self.book[product_id]
        retail = entry.retail + options_price(options)
        value = line_amount(qty, retail)
        given = Reason(why.code, why.params, rule.id, -value)
        self.bonus.append(PricedLine(None, product_id, entry.name, entry.category, qty, retail, Money(0),
                                     "bonus", Money(0), Money(0), Money(0), True, rule.id, (given,), options))

    def reward(self, rule: Rule, options: tuple[int, ...], qty: Quantity, why: Reason) -> bool:
        """A free item, or a choice among several; True when a line was added."""
        if len(options) == 1:
            self.add_bonus(rule, options[0], qty, why)
            return True
        chosen = self.selections.choices.get(rule.id)
        chosen = chosen if chosen in options else None
        self.choices.append(Choice(rule.id, options, qty, chosen))
        if chosen is not None:
            self.add_bonus(rule, chosen, qty, why)
        return chosen is not None

    def why(self, code: str, **params: Any) -> Reason:
        """A reason for what a promotion kind gives (its effect, see pos.domain.promotion_kinds)."""
        return reason(code, **params)

    def take_off(self, rule: Rule, parts: list[tuple[_Line, Money]], code: str, **params: Any) -> None:
        """Take exact amounts off chosen lines (a combo's price, the cheapest item of three), never below
        zero; then mark the lines the rule looked at (``parts`` with nothing to take: looked at, untouched)."""
        for line, part in parts:
            part = min(part, line.left)
            if part.minor > 0:
                line.discount = line.discount + part
                line.reasons.append(reason(code, promotion_id=rule.id, effect=-part, **params))
        self.mark(rule, [line for line, _part in parts])

    def discount(self, rule: Rule, lines: list[_Line], code: str, **params: Any) -> None:
        """Take the rule's percentage or amount off these lines, within its cap."""
        # a fixed order for sharing amounts: the product and quantity, never the cart's order
        lines = sorted((line for line in lines if line.left.minor > 0),
                       key=lambda line: (line.entry.product_id, line.quantity, line.choice_order, line.index))
        if not lines:
            return
        # a promotion on a choice discounts what the choice adds to the line; any other, the whole line
        bases = ([min(line.options_amount(rule.scope_options), line.left) for line in lines] if rule.scope_options
                 else [line.left for line in lines])
        if rule.percent is not None:
            parts = [min(percent_of(base, rule.percent), base) for base in bases]
        elif rule.whole_cart:
            amount = min(rule.amount, Money(sum(line.left.minor for line in lines)))
            parts = allocate(amount, [line.left.minor for line in lines])
        else:
            parts = [min(line_amount(line.quantity, rule.amount), base) for line, base in zip(lines, bases)]
        given = Money(sum(p.minor for p in parts))
        if rule.cap is not None and given > rule.cap:
            parts = allocate(rule.cap, [p.minor for p in parts])
        for line, part in zip(lines, parts):
            if part.minor > 0:
                line.discount = line.discount + part
                line.reasons.append(reason(code, promotion_id=rule.id, effect=-part, **params))
        self.mark(rule, lines)


def _qty(lines: list[_Line]) -> Quantity:
    return Quantity(sum(line.quantity.thousandths for line in lines))


def _units(qty: Quantity) -> int:
    return qty.thousandths // QUANTITY_SCALE


def _apply_stamps(p: _Pricing, rule: Rule, lines: list[_Line]) -> None:
    """Earn on the paid lines of the card (none below its minimum); offer the reward when the card is full."""
    if p.customer.customer_id is None:
        return  # stamps belong to a known customer
    if rule.earn == "sale":
        earned = 1 if lines else 0
    elif rule.earn == "item":
        earned = _units(_qty(lines))
    else:
        earned = sum(line.left.minor for line in lines) // rule.earn_amount.minor
    if earned:
        p.earned.append((rule.id, earned))
    if p.customer.stamp_balance - p.stamps_used < rule.stamps_needed:
        return
    reward_product = rule.reward_products[0] if rule.reward_products else None
    accepted = rule.id in p.selections.accepted_offers
    p.offers.append(StampOffer(rule.id, rule.stamps_needed, reward_product, rule.amount, accepted))
    if not accepted:
        return
    p.stamps_used += rule.stamps_needed
    p.applied.append(rule.id)
    if reward_product is not None:
        p.add_bonus(rule, reward_product, Quantity(1000), reason(R.STAMP_REWARD, stamps=rule.stamps_needed))
    else:
        p.rewards.append(rule)  # an amount off, taken after every promotion (see _apply_rewards)


def _apply_rewards(p: _Pricing) -> None:
    """Accepted stamp rewards of an amount, after every promotion, on every paid line.

    The customer earned them: they are redeemed like a voucher, whatever promotion
    stacking says about the lines.
    """
    for rule in p.rewards:
        whole = Rule(id=rule.id, name=rule.name, kind=rule.kind, effect=DISCOUNT, amount=rule.amount)
        p.discount(whole, list(p.lines), R.STAMP_REWARD, stamps=rule.stamps_needed, amount=rule.amount.minor)


ENGINE_EFFECTS = {STAMPS: _apply_stamps}  # a kind without an effect of its own (promotion_kinds: apply=None)


def _effect(rule: Rule) -> Callable[[_Pricing, Rule, list[_Line]], None] | None:
    """What the rule's kind does to the cart, as its declaration says (None: a kind no longer registered)."""
    kind = promotion_kinds.get(rule.kind)
    if kind is None:
        return None
    return kind.apply if kind.apply is not None else ENGINE_EFFECTS.get(rule.effect)


class RuleIndex:
    """The rules sorted by priority once, and indexed by the products and categories they look at.

    Build it once per price book (the services keep one per pricing version): pricing a cart
    then visits only the rules that can matter to it, in the order ``price_cart`` applies them.
    """

    def __init__(self, rules: list[Rule] | tuple[Rule, ...]) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda r: (r.priority, r.id)))
        self.by_product: dict[int, list[int]] = {}
        self.by_category: dict[str, list[int]] = {}
        self.by_option: dict[int, list[int]] = {}  # rules on a choice and no product or category
        self.always: list[int] = []  # whole-cart rules: every cart
        self.stamp_cards: list[int] = []  # a full card is offered whatever the cart holds
        for position, rule in enumerate(self.rules):
            if rule.whole_cart:
                self.always.append(position)
            for pid in rule.scope_products:
                self.by_product.setdefault(pid, []).append(position)
            for category in rule.scope_categories:
                self.by_category.setdefault(category, []).append(position)
            if not rule.scope_products and not rule.scope_categories:
                for choice in rule.scope_options:
                    self.by_option.setdefault(choice, []).append(position)
            if rule.effect == STAMPS:
                self.stamp_cards.append(position)
        # the moments the rules tell apart: the day (weekdays, birthdays), the hour, and the valid from/to bounds
        self.bounds = sorted({b for rule in self.rules for b in (rule.conditions.valid_from, rule.conditions.valid_to)
                              if b is not None})

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, products: set[int], categories: set[str], stamp_balance: int,
                   options: frozenset[int] | set[int] = frozenset()) -> list[Rule]:
        """The rules in scope of these products, categories or option choices (or of the whole cart), and the
        stamp cards the customer could redeem now; by priority, then id."""
        positions = set(self.always)
        for choice in options:
            positions.update(self.by_option.get(choice, ()))
        for pid in products:
            positions.update(self.by_product.get(pid, ()))
        for category in categories:
            positions.update(self.by_category.get(category, ()))
        positions.update(p for p in self.stamp_cards if stamp_balance >= self.rules[p].stamps_needed)
        return [self.rules[p] for p in sorted(positions)]

    def moment_key(self, at: dt.datetime) -> tuple:
        """Equal for two moments that no rule can tell apart (same day, same hour, the same side of every
        valid from/to): a cart priced at one is priced the same at the other (same cart, customer, selections)."""
        return at.date(), at.hour, bisect.bisect_right(self.bounds, at)


def price_cart(cart: list[CartLine] | tuple[CartLine, ...], customer: CustomerContext,
               book: Mapping[int, PriceEntry], rules: list[Rule] | tuple[Rule, ...] | RuleIndex, at: dt.datetime, *,
               tax: TaxSetting = TaxSetting(), rounding: CashRounding = CashRounding(),
               selections: Selections = Selections()) -> PricedCart:
    """Price the cart for this customer at this moment (shop-local time).

    ``rules`` may be a ``RuleIndex`` built once for many carts; a plain list is indexed here.
    """
    missing = sorted({line.product_id for line in cart if line.product_id not in book})
    if missing:
        raise PricingError(f"products not in the price book: {missing}")
    if any(line.quantity.thousandths <= 0 for line in cart):
        raise PricingError("a quantity must be more than zero")
    for line in cart:
        if line.price is not None and line.price.minor < 0:
            raise PricingError("a price cannot be negative")
        if line.options and min(o.price.minor for o in line.options) < 0:
            raise PricingError("a price cannot be negative")
    totals: dict[int, Quantity] = {}
    for line in cart:  # lines with a manual price count too: "10 packs" is 10 packs
        totals[line.product_id] = totals.get(line.product_id, Quantity(0)) + line.quantity
    units = {pid: _unit_price(book[pid], qty, customer) for pid, qty in totals.items()}
    lines = []
    for index, line in enumerate(cart):
        if line.price is not None:  # a manual price: it stands, and no promotion discounts it
            entry = book[line.product_id]
            added = options_price(line.options) if line.options else Money(0)
            work = _Line(index, entry, line.quantity, line.price, OVERRIDE, line_amount(line.quantity, line.price),
                         closed=True, options=line.options, options_unit=added)
            usual = entry.retail + added
            work.reasons.append(reason(R.PRICE_OVERRIDE, effect=line_amount(line.quantity, line.price)
                                       - line_amount(line.quantity, usual)))
            lines.append(work)
            continue
        if line.day_old:  # yesterday's goods: the day-old rule's price, and no promotion on top
            lines.append(_day_old_line(index, book[line.product_id], line))
            continue
        unit, source, why = units[line.product_id]
        added = Money(0)
        if line.options:  # the choices' prices on top of the product's price for this customer
            added = options_price(line.options)
            unit = unit + added
        work = _Line(index, book[line.product_id], line.quantity, unit, source, line_amount(line.quantity, unit),
                     options=line.options, options_unit=added)
        if why is not None:  # the product's saving, shared in proportion to each line's quantity
            share = Money(round_half_up(Decimal(why.amount.minor) * line.quantity.thousandths
                                        / max(totals[line.product_id].thousandths, 1)))
            work.reasons.append(Reason(why.code, why.params, None, share))
        lines.append(work)

    pricing = _Pricing(lines, book, customer, selections)
    products = set(totals)
    categories = {book[pid].category for pid in products}
    chosen = {o.choice_id for line in cart for o in line.options if o.choice_id is not None}
    index = rules if isinstance(rules, RuleIndex) else RuleIndex(rules)
    weekday, hour = at.weekday(), at.hour
    # a stamp card outside the cart still matters when the customer could redeem it now
    for rule in index.candidates(products, categories, customer.stamp_balance, chosen):
        if not _usable(rule, customer, at, weekday, hour):
            continue
        effect = _effect(rule)
        if effect is None:
            continue
        scope = pricing.scope(rule)
        if rule.effect == STAMPS:  # a full card is offered whatever the cart holds
            effect(pricing, rule, scope if scope and pricing.threshold_met(rule, scope) else [])
        elif scope and pricing.threshold_met(rule, scope):
            effect(pricing, rule, scope)
    _apply_rewards(pricing)
    return _totals(pricing, tax, rounding)


def _day_old_line(index: int, entry: PriceEntry, line: CartLine) -> _Line:
    if entry.day_old_percent is None:
        raise PricingError(f"{entry.name} has no day-old price")
    unit = percent_of(entry.retail, entry.day_old_percent)
    work = _Line(index, entry, line.quantity, unit, DAY_OLD, line_amount(line.quantity, unit), closed=True)
    work.reasons.append(reason(R.DAY_OLD_PRICE, effect=line_amount(line.quantity, unit)
                               - line_amount(line.quantity, entry.retail), percent=entry.day_old_percent))
    return work


def _totals(p: _Pricing, tax: TaxSetting, rounding: CashRounding) -> PricedCart:
    paid = tuple(
        PricedLine(line.index, line.entry.product_id, line.entry.name, line.entry.category, line.quantity,
                   line.entry.retail + line.options_unit if line.options else line.entry.retail, line.unit,
                   line.source, line.gross, line.discount, line.left, False, None, tuple(line.reasons), line.options)
        for line in p.lines
    )
    discount_total = Money(sum(line.discount.minor for line in p.lines))
    net = p.subtotal - discount_total
    tax_amount, total, tax_reason = Money(0), net, None
    if tax.rate > 0:
        if tax.inclusive:
            tax_amount = Money(round_half_up(Decimal(net.minor) * tax.rate / (100 + tax.rate)))
        else:
            tax_amount = percent_of(net, tax.rate)
            total = net + tax_amount
        tax_reason = reason(R.TAX, effect=tax_amount, rate=format(tax.rate.normalize(), "f"),
                            inclusive=tax.inclusive)
    cash_total = round_to_step(total, rounding.step, down=rounding.down)
    return PricedCart(
        lines=paid + tuple(p.bonus), subtotal=p.subtotal, discount_total=discount_total,
        bonus_value=Money(-sum(r.amount.minor for b in p.bonus for r in b.reasons)), tax=tax_amount, total=total,
        cash_total=cash_total, cash_rounding=cash_total - total, choices=tuple(p.choices), offers=tuple(p.offers),
        stamps_earned=tuple(p.earned), stamps_used=p.stamps_used, applied=tuple(p.applied), tax_reason=tax_reason,
    )
