"""A refund's money: its share of the tax and of the rounding, each on its own; cash given back rounded."""

from pos.domain.refunds import SaleMoney, refund_money
from pos.money import Money


def test_refund_money_splits_tax_and_rounding_and_rounds_only_the_cash_given_back():
    sale = SaleMoney(lines=Money(76000), tax=Money(7600), rounding=Money(-100), total=Money(83500))
    to_deposit = refund_money(sale, Money(0), Money(35000), lambda m: [("deposit", m)], 500)
    assert (to_deposit.tax, to_deposit.tax_on_top, to_deposit.rounding, to_deposit.total) == (
        Money(3500), Money(3500), Money(-46), Money(38454))
    in_cash = refund_money(sale, Money(0), Money(35000), lambda m: [("cash", m)], 500)
    assert (in_cash.rounding, in_cash.total) == (Money(0), Money(38500))  # 38.454 rounded to Rp 500
    rest = refund_money(sale, Money(35000), Money(41000), lambda m: [("cash", m)], 500)
    assert rest.tax + to_deposit.tax == Money(7600) and (rest.rounding, rest.total) == (Money(-54 - 46), Money(45000))


def test_refund_money_with_tax_included_gives_back_no_tax_on_top():
    sale = SaleMoney(lines=Money(111000), tax=Money(11000), rounding=Money(0), total=Money(111000))
    back = refund_money(sale, Money(0), Money(55500), lambda m: [("qris", m)])
    assert (back.tax, back.tax_on_top, back.rounding, back.total) == (Money(5500), Money(0), Money(0), Money(55500))
