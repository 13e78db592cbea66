import datetime as dt

import pytest

from pos.domain.loyalty import RegularRule, StampMove, months_before, qualifies_for_regular, stamp_balance
from pos.money import Money

NOW = dt.datetime(2026, 11, 27, 12, 0)


def days_ago(n: int) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def test_stamps_without_expiry_are_earned_minus_used():
    moves = [StampMove(days_ago(400), earned=6), StampMove(days_ago(10), earned=6), StampMove(days_ago(5), used=10)]
    assert stamp_balance(moves, NOW) == 2


def test_old_stamps_expire_but_used_ones_come_from_the_oldest_first():
    moves = [StampMove(days_ago(400), earned=6), StampMove(days_ago(300), used=4), StampMove(days_ago(10), earned=3)]
    # of the 6 old stamps, 4 were used; the 2 left have expired after 6 months: 3 remain
    assert stamp_balance(moves, NOW, expiry_months=6) == 3
    assert stamp_balance(moves, NOW, expiry_months=24) == 5


@pytest.mark.parametrize("moment,months,expected", [
    (dt.datetime(2026, 11, 27), 6, dt.datetime(2026, 5, 27)),
    (dt.datetime(2026, 3, 31), 1, dt.datetime(2026, 2, 28)),
    (dt.datetime(2026, 1, 15), 13, dt.datetime(2024, 12, 15)),
])
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_regular_rule_counts_purchases_or_spend_within_the_days():
    rule = RegularRule(purchases=4, spend=Money(500000), days=30)
    three = [(days_ago(d), Money(20000)) for d in (1, 5, 9)]
    assert not qualifies_for_regular(three, NOW, rule)
    assert qualifies_for_regular(three + [(days_ago(29), Money(20000))], NOW, rule)
    assert not qualifies_for_regular(three + [(days_ago(31), Money(20000))], NOW, rule)
    assert qualifies_for_regular([(days_ago(2), Money(500000))], NOW, rule)
    assert not qualifies_for_regular([(days_ago(2), Money(499999))], NOW, RegularRule(spend=Money(500000)))
    assert not qualifies_for_regular(three * 5, NOW, RegularRule())  # switched off


def test_stamps_that_expired_before_a_use_do_not_come_back():
    moves = [StampMove(dt.datetime(2025, 11, 1), earned=10), StampMove(dt.datetime(2026, 9, 1), earned=10),
             StampMove(dt.datetime(2026, 10, 1), used=10)]
    # the November 2025 stamps expired in May 2026; October's use took the September stamps
    assert stamp_balance(moves, NOW, expiry_months=6) == 0
