"""Tomorrow's bake from a hand-made history with sold-out days (issue #25 item 3)."""

import datetime as dt

from pos.domain.bake_plan import Hours, PastDay, demand, naive, suggest
from pos.domain.trays import CARRIED, THROWN_AWAY, SplitError, check_split

SATURDAY = dt.date(2026, 11, 28)
HOURS = Hours(6 * 60, 18 * 60)  # open 12 hours

HISTORY = [
    PastDay(dt.date(2026, 11, 21), 30, dt.time(12, 0)),  # Saturday, sold out at noon: 30 × 12/6 = 60, at most 1.5×: 45
    PastDay(dt.date(2026, 11, 14), 40),  # Saturday, did not sell out
    PastDay(dt.date(2026, 11, 27), 20),  # Friday
    PastDay(dt.date(2026, 11, 26), 20),  # Thursday
    PastDay(dt.date(2026, 11, 28), 99),  # the day itself: not known yet, not used
]


def test_a_sold_out_day_hid_demand_estimated_from_the_rate_before_it():
    assert demand(HISTORY[0], HOURS) == 45
    assert demand(HISTORY[1], HOURS) == 40
    assert round(demand(PastDay(SATURDAY, 24, dt.time(15, 0)), HOURS), 6) == 32  # 9 of 12 hours: 24 × 12/9
    assert demand(PastDay(SATURDAY, 20, dt.time(6, 10)), HOURS) == 30  # gone at opening: at most 1.5 times


def test_the_suggestion_by_hand_from_the_weekday_and_the_recent_days():
    # weekday: Saturdays 45 and 40 (mean 42.5) against all four known days (mean 31.25): 1.36, two Saturdays
    # known, so 1 + 0.36 × 2/(2 + 4) = 1.12
    # level: Friday 20 (weight 1), Thursday 20 (0.8), Saturday 21st 45 (0.8⁶), Saturday 14th 40 (0.8¹³)
    weights = 1 + 0.8 + 0.8 ** 6 + 0.8 ** 13
    level = (20 + 0.8 * 20 + 0.8 ** 6 * 45 + 0.8 ** 13 * 40) / weights
    assert round(level * 1.12, 2) == 26.45
    s = suggest(SATURDAY, HISTORY, preorders=12, carried=5, hours=HOURS)
    assert (s.baseline, s.preorders, s.carried, s.quantity) == (27, 12, 5, 34)
    assert (s.days_used, s.sold_out_days) == (2, 1)
    assert naive(SATURDAY, HISTORY) == 30  # last Saturday's sales: the rule the suggestion beats


def test_no_history_suggests_only_the_preorders_and_never_below_nothing():
    assert suggest(SATURDAY, [], preorders=3).quantity == 3
    assert suggest(SATURDAY, [PastDay(dt.date(2026, 11, 21), 4)], carried=10).quantity == 0


def test_every_leftover_goes_somewhere_exactly_once():
    check_split(5000, 2000, {CARRIED: 3000, THROWN_AWAY: 4000})
    for split, code in (({CARRIED: 3000}, "not_whole"), ({CARRIED: 6000, THROWN_AWAY: 1000}, "carried_twice"),
                        ({"eaten": 7000}, "unknown_outcome")):
        try:
            check_split(5000, 2000, split)
        except SplitError as exc:
            assert exc.code == code
        else:
            raise AssertionError(split)
