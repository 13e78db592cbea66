from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.money import Money, Quantity, line_amount, percent_of, round_half_up, round_to_step, total


def test_money_is_whole_minor_units_and_refuses_floats():
    assert Money(15000) + Money(2500) == Money(17500)
    assert Money(15000) * 3 == Money(45000)
    with pytest.raises(TypeError):
        Money(0.1)
    with pytest.raises(TypeError):
        Money(100) * 1.5


def test_ten_times_ten_cents_is_exact():
    assert total([Money(10)] * 10) == Money(100)


@pytest.mark.parametrize("text,thousandths", [("2", 2000), ("0,5", 500), ("0.25", 250), ("1,125", 1125)])
def test_quantity_accepts_indonesian_decimal_comma(text, thousandths):
    assert Quantity.of(text) == Quantity(thousandths)


def test_quantity_refuses_more_than_three_decimals():
    with pytest.raises(ValueError):
        Quantity.of("0,1234")
    with pytest.raises(ValueError):
        Quantity.of("abc")


def test_line_amount_rounds_half_up_to_the_rupiah():
    assert line_amount(Quantity.of("0,5"), Money(25001)) == Money(12501)  # 12500.5 -> 12501
    assert line_amount(Quantity.of("0.333"), Money(30000)) == Money(9990)
    assert line_amount(Quantity.of(3), Money(5000)) == Money(15000)


def test_percent_and_cash_rounding():
    assert percent_of(Money(95000), Decimal("10")) == Money(9500)
    assert percent_of(Money(12345), "11") == Money(1358)  # 1357.95
    assert round_to_step(Money(12350), 100) == Money(12400)
    assert round_to_step(Money(12349), 100) == Money(12300)
    assert round_to_step(Money(12349), 0) == Money(12349)
    assert round_half_up(Decimal("-2.5")) == -3


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**8))
def test_line_amount_matches_exact_decimal_arithmetic(thousandths, price):
    exact = Decimal(thousandths) * Decimal(price) / 1000
    assert abs(Decimal(line_amount(Quantity(thousandths), Money(price)).minor) - exact) <= Decimal("0.5")


def test_cash_rounding_applies_only_when_everything_is_cash():
    from pos.domain.till import amount_due

    assert amount_due(Money(12345), Money(12500), ["cash"]) == Money(12500)
    assert amount_due(Money(12345), Money(12500), ["cash", "cash"]) == Money(12500)
    assert amount_due(Money(12345), Money(12500), ["qris", "cash"]) == Money(12345)
