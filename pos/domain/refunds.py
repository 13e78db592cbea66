"""What a refund gives back: the lines' money, less the free items the customer no longer earns.

The rule (the README says it for the owner): a refund re-counts each free item
of the sale on what the customer keeps. If the kept items no longer earn a free
item the customer took (buy 10 get 1 after returning 3 of the 10; a tester once
the basket falls under its threshold), that free item's retail value is taken
off the money back, unless the free item is returned too. Stamps earned by the
returned items are taken back the same way.

A quantity-break price is counted again the same way: a reseller who bought 10
at the "from 10" price and returns 3 keeps 7, which now earn only the price for
7 (the next lower break, or retail). The difference on the 7 kept is kept back
from the money returned, never more than the money back.

A discount a promotion kind gives on paid lines (a combo, the cheapest item, buy one get another cheaper) is
counted again the same way when its kind declares a refund rule (``PromotionKind.refund_discount``): the rule
says, from the sale's paid lines and the quantities kept, the discount the kept items still earn. What the
promotion gave on the kept items beyond that (less what earlier refunds kept back) is kept back from the
money returned: a customer who returns the two paid cakes of "buy 3, the cheapest free" pays for the free one
they keep. Never more than the money back, never less than zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pos.domain.errors import DomainError
from pos.domain.payment_methods import gives_change
from pos.money import QUANTITY_SCALE, Money, Quantity, allocate, round_half_up, round_to_step


@dataclass(frozen=True)
class BonusRule:
    """What a free line's promotion kind says a refund re-counts (``PromotionKind.refunds``)."""

    earned: Callable[[Mapping[str, Any], SoldLine, Mapping[int, Quantity], list[SoldLine], bool], int]
    values: Mapping[str, Any]  # the reason stored with the free line
    scope: tuple[frozenset[int], frozenset[str]]  # the promotion's products and categories

    def earned_now(self, bonus: SoldLine, kept: Mapping[int, Quantity], lines: list[SoldLine]) -> int:
        """Free units of this bonus the kept items still earn."""
        paid = [line for line in lines if not line.is_bonus and in_scope(line, self.scope)]
        return self.earned(self.values, bonus, kept, paid, not self.scope[0] and not self.scope[1])


@dataclass(frozen=True)
class DiscountRule:
    """A promotion that gave a discount on paid lines of the sale, as its kind re-counts it for a refund."""

    promotion_id: int
    name: str
    # the kind's rule: (rule, the sale's paid lines, line id -> quantity kept) -> the discount still earned
    earned: Callable[[Any, list[SoldLine], Mapping[int, Quantity]], Money]
    rule: Any  # the promotion's rule (pos.domain.promotion_rules.Rule)
    given: tuple[tuple[int, Money], ...]  # (line id, discount the promotion gave on the whole line)
    kept_back: Money = Money(0)  # already kept back by earlier refunds of the sale


@dataclass(frozen=True)
class PromotionDeduction:
    """A promotion's discount the kept items no longer earn: kept back from the money returned."""

    promotion_id: int
    name: str
    line_id: int  # the kept line it is shown on (the one with the largest part of the discount kept)
    given: Money  # what the promotion gave on the items kept
    earned: Money  # what the items kept still earn
    value: Money  # kept back (given − earned − kept back before, capped by the money back)


@dataclass(frozen=True)
class SoldLine:
    id: int
    product_id: int | None
    category: str
    quantity: Quantity  # sold
    refunded: Quantity  # already refunded before this refund
    gross: Money  # quantity × unit price
    amount: Money  # what the customer paid for the line
    is_bonus: bool = False
    retail_price: Money = Money(0)
    bonus_rule: BonusRule | None = None  # a free line a refund may take back
    # a line sold at a quantity-break price: its unit price, and the customer's breaks ((min_qty, price), ...)
    unit_price: Money = Money(0)
    tiers: tuple[tuple[Quantity, Money], ...] = ()
    tier_kept_back: Money = Money(0)  # already kept back from earlier refunds for a break no longer reached


@dataclass(frozen=True)
class RefundLine:
    line_id: int
    quantity: Quantity
    money: Money


@dataclass(frozen=True)
class RefundPlan:
    lines: tuple[RefundLine, ...]
    deductions: tuple[tuple[int, Quantity, Money], ...]  # (bonus line id, free items no longer earned, value)
    money_back: Money
    # (line id, quantity kept, unit price it now earns, min_qty of that break or None for retail, value)
    tier_deductions: tuple[tuple[int, Quantity, Money, Quantity | None, Money], ...] = ()
    promotion_deductions: tuple[PromotionDeduction, ...] = ()


class RefundError(DomainError):
    """A refusal of this module: a code and its values."""


def _share(line: SoldLine, qty: Quantity) -> Money:
    """The part of what was paid for the line that ``qty`` of it is worth."""
    if qty == line.quantity - line.refunded and line.refunded.thousandths == 0:
        return line.amount
    return Money(round_half_up(Decimal(line.amount.minor) * qty.thousandths / line.quantity.thousandths))


def in_scope(line: SoldLine, scope: tuple) -> bool:
    products, categories = scope
    return (not products and not categories) or line.product_id in products or line.category in categories


def extra_share(extra: Money, lines_total: Money, refunded_before: Money, refunded_now: Money) -> Money:
    """This refund's part of an amount the sale added to its lines (tax, cash rounding), in proportion.

    Counted on everything refunded so far, so that refunding all the lines, in any
    number of steps, gives back exactly what was added.
    """
    if not lines_total.minor or not extra.minor:
        return Money(0)

    def upto(amount: Money) -> int:
        return round_half_up(Decimal(extra.minor) * amount.minor / lines_total.minor)

    return Money(upto(refunded_before + refunded_now) - upto(refunded_before))


@dataclass(frozen=True)
class SaleMoney:
    """What a sale stored: its lines' total, the tax (on top of the lines or included in them), the cash
    rounding and the total paid (lines + tax on top + rounding)."""

    lines: Money
    tax: Money
    rounding: Money
    total: Money

    @property
    def tax_on_top(self) -> Money:
        return self.total - self.lines - self.rounding


@dataclass(frozen=True)
class RefundMoney:
    """A refund's money, each part positive as given back: goods, tax (on top or included), the sale's
    rounding given back and what was paid back by method. The refund row stores them negated."""

    goods: Money
    tax: Money
    tax_on_top: Money
    rounding: Money  # the sale's cash rounding given back (its share, plus the rounding of the cash paid back)
    parts: tuple[tuple[str, Money], ...]

    @property
    def total(self) -> Money:
        return Money(sum(part.minor for _method, part in self.parts))


def refund_money(sale: SaleMoney, before: Money, goods: Money, split: Callable[[Money], list[tuple[str, Money]]],
                 cash_step: int = 0, cash_down: bool = False) -> RefundMoney:
    """Goods worth ``goods`` given back (``before`` given back by earlier refunds): their share of the tax and
    of the sale's rounding, each counted on its own; ``split`` says how the money goes back by method; cash
    paid back is rounded to the shop's cash unit, that rounding counted with the rest."""
    tax = extra_share(sale.tax, sale.lines, before, goods)
    on_top = extra_share(sale.tax_on_top, sale.lines, before, goods)
    rounding = extra_share(sale.rounding, sale.lines, before, goods)
    parts = []
    for method, part in split(goods + on_top + rounding):
        if gives_change(method):  # cash: counted out in the shop's unit
            cash = round_to_step(part, cash_step, down=cash_down)
            rounding += cash - part
            part = cash
        parts.append((method, part))
    return RefundMoney(goods, tax, on_top, rounding, tuple(parts))


def plan_refund(lines: list[SoldLine], wanted: dict[int, Quantity],
                promotions: tuple[DiscountRule, ...] | list[DiscountRule] = ()) -> RefundPlan:
    """Check the quantities and work out the money back (before tax and rounding, see extra_share);
    ``promotions``: the discounts of the sale whose kind re-counts them."""
    by_id = {line.id: line for line in lines}
    refund_lines = []
    for line_id, qty in sorted(wanted.items()):
        line = by_id.get(line_id)
        if line is None:
            raise RefundError("not_in_sale", line=line_id)
        if qty.thousandths <= 0:
            raise RefundError("bad_quantity", line=line_id)
        left = line.quantity - line.refunded
        if qty > left:
            raise RefundError("more_than_sold", line=line_id, left=str(left), asked=str(qty))
        refund_lines.append(RefundLine(line.id, qty, Money(0) if line.is_bonus else _share(line, qty)))
    if not refund_lines:
        raise RefundError("nothing")
    kept = {line.id: line.quantity - line.refunded - wanted.get(line.id, Quantity(0)) for line in lines}
    deductions = []
    for bonus in lines:
        if not bonus.is_bonus or not bonus.bonus_rule:
            continue
        held = kept[bonus.id].thousandths // QUANTITY_SCALE
        extra = held - bonus.bonus_rule.earned_now(bonus, kept, lines)
        if extra > 0:
            deductions.append((bonus.id, Quantity.of(extra), bonus.retail_price * extra))
    tiers = [t for t in (_tier_taken_back(line, kept[line.id]) for line in lines) if t is not None]
    paid = [line for line in lines if not line.is_bonus]
    promos = [d for d in (_discount_taken_back(rule, paid, kept) for rule in promotions) if d is not None]
    money = Money(sum(r.money.minor for r in refund_lines))
    values = [d[2].minor for d in deductions] + [t[4].minor for t in tiers] + [p.value.minor for p in promos]
    taken = Money(sum(values))
    if taken > money:  # never more kept back than is given back: the rest stays a gift
        capped = allocate(money, values)
        deductions = [(d[0], d[1], part) for d, part in zip(deductions, capped)]
        tiers = [(*t[:4], part) for t, part in zip(tiers, capped[len(deductions):])]
        promos = [replace(p, value=part) for p, part in zip(promos, capped[len(deductions) + len(tiers):])]
        taken = money
    return RefundPlan(tuple(refund_lines), tuple(deductions), money - taken, tuple(tiers),
                      tuple(p for p in promos if p.value.minor))


def _discount_on_kept(line: SoldLine, discount: Money, kept: Quantity) -> Money:
    """The part of a line's discount that stays with the ``kept`` items, rounded so that it and what was paid
    for them add up to their price (what was paid for the returned items rounds half up, see ``_share``)."""
    if kept == line.quantity:
        return discount
    return Money(round_half_up(Decimal(discount.minor) * kept.thousandths / line.quantity.thousandths))


def _discount_taken_back(rule: DiscountRule, paid: list[SoldLine], kept: Mapping[int, Quantity]):
    """What keeping these items costs more than was paid for them under a promotion's discount, if anything."""
    by_id = {line.id: line for line in paid}
    on_kept = [(line_id, _discount_on_kept(by_id[line_id], discount, kept[line_id]))
               for line_id, discount in rule.given if line_id in by_id]
    given = Money(sum(part.minor for _line, part in on_kept))
    earned = min(rule.earned(rule.rule, paid, kept), given)
    value = given - earned - rule.kept_back
    if value.minor <= 0:
        return None
    line_id = max(on_kept, key=lambda part: part[1].minor)[0]
    return PromotionDeduction(rule.promotion_id, rule.name, line_id, given, earned, value)


def price_for(tiers: tuple[tuple[Quantity, Money], ...], retail: Money, qty: Quantity) -> tuple[Money, Quantity | None]:
    """The unit price ``qty`` earns: the break with the highest minimum reached, else retail."""
    reached = [t for t in tiers if t[0] <= qty]
    if not reached:
        return retail, None
    min_qty, price = max(reached, key=lambda t: t[0].thousandths)
    return price, min_qty


def _tier_taken_back(line: SoldLine, kept: Quantity):
    """What keeping ``kept`` of a quantity-break line costs more than was paid for it, if anything."""
    if line.is_bonus or not line.tiers or kept.thousandths <= 0:
        return None
    price, min_qty = price_for(line.tiers, line.retail_price, kept)
    if price <= line.unit_price:
        return None
    owed = Money(round_half_up(Decimal((price - line.unit_price).minor) * kept.thousandths / QUANTITY_SCALE))
    value = owed - line.tier_kept_back
    if value.minor <= 0:
        return None
    return (line.id, kept, price, min_qty, value)


def stamps_kept(mode: str, earn_amount: Money | None, kept_units: int, kept_amount: Money) -> int:
    """Stamps the kept items of a sale still earn on a card that earns per sale, item or amount."""
    if mode == "sale":
        return 1 if kept_units or kept_amount.minor else 0
    if mode == "item":
        return kept_units
    return kept_amount.minor // earn_amount.minor if earn_amount and earn_amount.minor else 0
