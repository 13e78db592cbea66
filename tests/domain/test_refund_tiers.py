"""A refund takes back a quantity-break price the kept items no longer earn (hand-computed amounts)."""

from __future__ import annotations

from pos.domain.refunds import SoldLine, plan_refund
from pos.money import Money, Quantity

RESELLER = ((Quantity.of(10), Money(12000)),)


def ten_at_reseller(**extra) -> SoldLine:
    return SoldLine(1, 7, "Kopi", Quantity.of(10), Quantity(0), Money(120000), Money(120000),
                    retail_price=Money(15000), unit_price=Money(12000), tiers=RESELLER, **extra)


def test_returning_3_of_10_keeps_7_at_retail_and_takes_the_difference_from_the_money_back():
    plan = plan_refund([ten_at_reseller()], {1: Quantity.of(3)})
    # 3 × 12.000 back, less 7 kept × (15.000 − 12.000)
    assert plan.money_back == Money(36000 - 21000) == Money(15000)
    assert plan.tier_deductions == ((1, Quantity.of(7), Money(15000), None, Money(21000)),)


def test_a_lower_break_still_reached_is_the_price_the_kept_items_earn():
    tiers = ((Quantity.of(5), Money(13000)), (Quantity.of(10), Money(12000)))
    line = SoldLine(1, 7, "Kopi", Quantity.of(10), Quantity(0), Money(120000), Money(120000),
                    retail_price=Money(15000), unit_price=Money(12000), tiers=tiers)
    plan = plan_refund([line], {1: Quantity.of(3)})
    assert plan.money_back == Money(36000 - 7 * 1000)
    assert plan.tier_deductions[0][2:4] == (Money(13000), Quantity.of(5))


def test_what_is_kept_back_never_exceeds_the_money_back():
    plan = plan_refund([ten_at_reseller()], {1: Quantity.of(1)})  # 12.000 back, 9 kept × 3.000 = 27.000 owed
    assert plan.money_back == Money(0)
    assert plan.tier_deductions[0][4] == Money(12000)


def test_returning_all_or_keeping_the_break_takes_nothing_back():
    assert plan_refund([ten_at_reseller()], {1: Quantity.of(10)}).money_back == Money(120000)
    line = SoldLine(1, 7, "Kopi", Quantity.of(12), Quantity(0), Money(144000), Money(144000),
                    retail_price=Money(15000), unit_price=Money(12000), tiers=RESELLER)
    plan = plan_refund([line], {1: Quantity.of(2)})
    assert (plan.money_back, plan.tier_deductions) == (Money(24000), ())


def test_a_second_refund_keeps_back_only_what_was_not_kept_back_before():
    first = SoldLine(1, 7, "Kopi", Quantity.of(10), Quantity.of(3), Money(120000), Money(120000),
                     retail_price=Money(15000), unit_price=Money(12000), tiers=RESELLER,
                     tier_kept_back=Money(21000))
    plan = plan_refund([first], {1: Quantity.of(1)})  # 6 kept at retail: 18.000 owed, 21.000 kept already
    assert plan.money_back == Money(12000) and plan.tier_deductions == ()
